//! The live fleet and the events feed behind `live_watch`, `live_trail` and `events_feed`,
//! against the emulator's WebSocket: states with their fix times, a stop, a silent re-sign-in
//! when the session ends (or `sessionEnded` when no password is remembered), the live trail,
//! and fresh events handed out once — across a restart of the app too.

mod common;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::{app, app_with_state, sign_in_choice, sim_with};
use serde_json::Value;
use tauri::Manager;
use trackmate_app::dto_live::{LiveMessage, LiveMode};
use trackmate_app::service::{alerts, live};
use trackmate_app::{AppState, SettingsStore};
use trackmate_keystore::MemoryStore;
use trackmate_sim::{SimConfig, SimServer};

/// A guard on each wait; every wait ends on its condition long before.
const GUARD: Duration = Duration::from_secs(60);

/// By day in the demo's zone: at night the fleet stands still and raises no event.
fn live_sim() -> SimServer {
    sim_with(
        SimConfig {
            heartbeat: Duration::from_millis(200),
            ..SimConfig::default()
        }
        .at_recent_midday(),
    )
}

/// Messages until `want` says yes.
fn until<T>(rx: &Receiver<LiveMessage>, want: impl Fn(&LiveMessage) -> Option<T>) -> T {
    loop {
        let m = rx.recv_timeout(GUARD).expect("a message in time");
        if let Some(v) = want(&m) {
            return v;
        }
    }
}

fn full(m: &LiveMessage) -> Option<Vec<trackmate_app::dto::ObjectState>> {
    match m {
        LiveMessage::States(s) if s.full => Some(s.states.clone()),
        _ => None,
    }
}

/// Runs the watch on its own thread (as the command does on the async runtime) until stopped.
fn watching<R>(state: &AppState, body: impl FnOnce(&Receiver<LiveMessage>) -> R) -> R {
    let (tx, rx) = channel();
    std::thread::scope(|s| {
        let watch = s.spawn(|| {
            tauri::async_runtime::block_on(live::watch(state, move |m| {
                let _ = tx.send(m);
            }))
        });
        let out = body(&rx);
        state.stop_live();
        watch.join().unwrap().expect("the watch ends cleanly");
        out
    })
}

#[test]
fn the_watch_streams_every_object_with_its_fix_then_stops_when_asked() {
    let sim = live_sim();
    let store = Arc::new(MemoryStore::default());
    let t = app(&store);
    let args = sign_in_choice(&sim, &sim.demo().password, "nothing");
    t.invoke::<Value>("sign_in", args).unwrap();
    let state = t.app.state::<AppState>();
    watching(&state, |rx| {
        let mode = until(rx, |m| match m {
            LiveMessage::Status(s) => Some(s.mode),
            _ => None,
        });
        assert_eq!(mode, LiveMode::Connecting);
        let states = until(rx, full);
        let demo = sim.demo();
        assert_eq!(
            states.len(),
            demo.tracker_ids.len() - 1,
            "all but the blocked one"
        );
        let placed = states.iter().filter(|s| s.lat.is_some()).count();
        assert_eq!(placed, states.len(), "every state has a position");
        assert!(
            states.iter().all(|s| s.fix_time.is_some()),
            "and its fix time"
        );
        assert!(states.iter().all(|s| s.last_update.is_some()));
    });
    assert_eq!(sim.hits("tracker/get_states"), 0);
}

#[test]
fn an_ended_session_is_renewed_silently_when_the_password_is_remembered() {
    let sim = live_sim();
    let store = Arc::new(MemoryStore::default());
    let t = app(&store);
    let args = sign_in_choice(&sim, &sim.demo().password, "sessionAndPassword");
    t.invoke::<Value>("sign_in", args).unwrap();
    let state = t.app.state::<AppState>();
    watching(&state, |rx| {
        until(rx, full);
        sim.expire_all_sessions();
        // Signed in again and subscribed again: the whole fleet once more, no session end.
        until(rx, |m| match m {
            LiveMessage::SessionEnded(e) => panic!("the session should be renewed: {e:?}"),
            m => full(m),
        });
    });
    assert_eq!(sim.hits("user/auth"), 2, "one silent sign-in");
}

#[test]
fn without_a_remembered_password_the_page_hears_the_session_ended() {
    let sim = live_sim();
    let store = Arc::new(MemoryStore::default());
    let t = app(&store);
    let args = sign_in_choice(&sim, &sim.demo().password, "session");
    t.invoke::<Value>("sign_in", args).unwrap();
    let state = t.app.state::<AppState>();
    watching(&state, |rx| {
        until(rx, full);
        sim.expire_all_sessions();
        let e = until(rx, |m| match m {
            LiveMessage::SessionEnded(e) => Some(e.clone()),
            _ => None,
        });
        assert_eq!(e.kind, trackmate_app::AppErrorKind::Session);
    });
}

#[test]
fn the_live_trail_is_the_objects_day_so_far() {
    // An object that reports all day long (the demo fleet may still be parked at dawn).
    let sim = sim_with(SimConfig {
        scale: Some(trackmate_sim::Scale {
            points_in_day: Some(20_000),
            fleet_size: None,
        }),
        ..SimConfig::default()
    });
    let store = Arc::new(MemoryStore::default());
    let t = app(&store);
    let args = sign_in_choice(&sim, &sim.demo().password, "nothing");
    t.invoke::<Value>("sign_in", args).unwrap();
    let busy = sim.demo().scale_tracker_id.unwrap();
    let body = t
        .invoke_raw("live_trail", serde_json::json!({ "objectId": busy }))
        .unwrap();
    let points = trackmate_tracks::packed::unpack(&common::bytes(body)).unwrap();
    assert!(!points.is_empty(), "it reported today");
    let tz: chrono_tz::Tz = sim.config().time_zone.parse().unwrap();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let day = |ms: f64| {
        let t = chrono::DateTime::from_timestamp_millis(ms as i64).unwrap();
        t.with_timezone(&tz).date_naive()
    };
    assert!(
        points.time.iter().all(|&ms| day(ms) == today),
        "only today's points"
    );
}

#[test]
fn fresh_events_are_handed_out_once_even_after_a_restart() {
    let sim = live_sim();
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let store = Arc::new(MemoryStore::default());
    let boot = || {
        let state = AppState::new(
            Box::new(Arc::clone(&store)),
            SettingsStore::at(settings.clone()),
        );
        let t = app_with_state(state);
        let args = sign_in_choice(&sim, &sim.demo().password, "nothing");
        t.invoke::<Value>("sign_in", args).unwrap();
        t
    };
    let feed = |t: &common::TestApp| {
        let state = t.app.state::<AppState>();
        tauri::async_runtime::block_on(async {
            let client = state.client().await.unwrap();
            alerts::feed(&state, &client).await.unwrap()
        })
    };
    let t = boot();
    let first = feed(&t);
    assert!(first.unread > 0 && !first.events.is_empty());
    assert!(
        first.fresh.is_empty(),
        "the backlog at the first sign-in is not news"
    );
    // The fleet drives on: its new events are fresh, once.
    sim.advance_clock(chrono::Duration::hours(3));
    let later = feed(&t);
    assert!(!later.fresh.is_empty(), "new events are fresh");
    let listed: Vec<i64> = later.events.iter().map(|e| e.id).collect();
    assert!(later.fresh.iter().all(|id| listed.contains(id)));
    assert!(
        later
            .fresh
            .iter()
            .all(|id| !first.events.iter().any(|e| e.id == *id))
    );
    assert!(feed(&t).fresh.is_empty(), "handed out once");
    drop(t);
    // A restart reads what was handed out from the settings file.
    let t = boot();
    assert!(feed(&t).fresh.is_empty(), "not again after a restart");
    // Marking read (one, then all) empties the feed.
    let one = later.events[0].id;
    t.invoke::<Value>("mark_events_read", serde_json::json!({ "ids": [one] }))
        .unwrap();
    assert!(feed(&t).events.iter().all(|e| e.id != one));
    t.invoke::<Value>("mark_events_read", serde_json::json!({ "ids": null }))
        .unwrap();
    let last = feed(&t);
    assert_eq!((last.unread, last.events.len()), (0, 0));
}
