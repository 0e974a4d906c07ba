//! Objects, trips and tracks through the real IPC path against the embedded demo: demo sign-in
//! → list_objects → list_trips → load_track (its windows of packed points, joined, hold the
//! server's points; the reply's segments cut them), trip selection, progress, cancel, and the
//! errors a signed-out or malformed call gets.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::load::load_track;
use common::{app, last_days, reference, sim_with};
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use trackmate_api::{Client, TrackReadOptions};
use trackmate_app::dto::{ObjectList, ObjectStates, ObjectStatus, Progress, TripList, UserSummary};
use trackmate_app::dto_insight::{LoadTrackRequest, LoadedTrack};
use trackmate_app::service::track;
use trackmate_keystore::MemoryStore;
use trackmate_sim::{Fault, FaultRule, Scale, SimConfig, SimServer};

fn points_read(c: &Client, id: i64, from: &str, to: &str, trip: Option<i64>) -> usize {
    let tz = c.time_zone();
    let a = chrono::DateTime::parse_from_rfc3339(from)
        .unwrap()
        .with_timezone(&tz);
    let b = chrono::DateTime::parse_from_rfc3339(to)
        .unwrap()
        .with_timezone(&tz);
    let opts = TrackReadOptions {
        track_id: trip,
        ..Default::default()
    };
    tauri::async_runtime::block_on(c.tracks().read(id, &a, &b, &opts))
        .unwrap()
        .list
        .len()
}

#[test]
fn demo_sign_in_objects_trips_and_packed_track() {
    let t = app(&Arc::new(MemoryStore::new()));
    let user: UserSummary = t.invoke("start_demo", json!({})).unwrap();
    assert!(user.demo && !user.remembered && !user.insecure);
    assert_eq!(user.time_zone, "Asia/Almaty");
    // The demo speaks the app's language (its server's en_US is ours, not the user's); the demo
    // user's clock is its own.
    assert_eq!(user.habits.language, None);
    assert_eq!(
        user.habits.hour_cycle,
        Some(trackmate_app::dto_habits::HourCycle::H24)
    );

    let list: ObjectList = t.invoke("list_objects", json!({})).unwrap();
    assert!(list.objects.len() >= 12, "{}", list.objects.len());
    assert!(list.objects.iter().any(|o| o.blocked));
    let ids: Vec<i64> = list.objects.iter().map(|o| o.id).collect();
    let states: ObjectStates = t.invoke("object_states", json!({"ids": ids})).unwrap();
    assert_eq!(states.states.len(), ids.len());
    assert!(
        states
            .states
            .iter()
            .any(|s| s.status == ObjectStatus::Blocked)
    );
    assert!(states.states.iter().any(|s| s.lat.is_some()));

    // The van with the most trips over the last day.
    let (from, to) = last_days(1);
    let (van, trips) = list
        .objects
        .iter()
        .filter(|o| !o.blocked)
        .map(|o| {
            let trips: TripList = t
                .invoke(
                    "list_trips",
                    json!({"objectId": o.id, "from": from, "to": to}),
                )
                .unwrap();
            (o.id, trips)
        })
        .max_by_key(|(_, l)| l.trips.len())
        .unwrap();
    assert!(trips.trips.len() >= 2, "{} trips", trips.trips.len());
    let first = &trips.trips[0];
    assert!(
        first.start.ends_with("+05:00") || first.start.ends_with("+06:00"),
        "{}",
        first.start
    );

    // Through the IPC path: the reply names the windows and segments (the points went over
    // `onWindow`, which the mock runtime's page never reads).
    let reply: LoadedTrack = t
        .invoke(
            "load_track",
            json!({"request": {"objectId": van, "from": from, "to": to, "tripIds": null},
                   "onProgress": "__CHANNEL__:1", "onWindow": "__CHANNEL__:2"}),
        )
        .unwrap();
    // The same load with the windows kept: the page's track is those windows one after the
    // other, cut by the reply's segments.
    let req = |trip_ids: Option<Vec<i64>>| LoadTrackRequest {
        object_id: van,
        from: from.clone(),
        to: to.clone(),
        trip_ids,
        name: None,
        slot: None,
    };
    let load = load_track(&t, &req(None)).unwrap();
    assert_eq!(load.reply, reply);
    let cols = load.track;
    let reference = reference(&user.server);
    assert_eq!(cols.len(), points_read(&reference, van, &from, &to, None));
    assert!(cols.len() > 100, "{} points", cols.len());
    // Every trip of the list is a segment with its id.
    let seg_ids: Vec<f64> = cols
        .segment_ids
        .iter()
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    for trip in trips.trips.iter().filter(|t| t.id.is_some()) {
        let id = trip.id.unwrap() as f64;
        assert!(seg_ids.contains(&id), "trip {id} missing from {seg_ids:?}");
    }
    // What the app keeps for statistics and exports is what the page has.
    let kept: Value = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert_eq!(kept["summary"]["points"], cols.len());

    // Only two chosen trips: exactly their points, one segment each.
    let chosen: Vec<i64> = trips.trips.iter().filter_map(|t| t.id).take(2).collect();
    let cols = load_track(&t, &req(Some(chosen.clone()))).unwrap().track;
    let expected: usize = chosen
        .iter()
        .map(|&id| points_read(&reference, van, &from, &to, Some(id)))
        .sum();
    assert_eq!(cols.len(), expected);
    assert_eq!(
        cols.segment_ids,
        chosen.iter().map(|&i| i as f64).collect::<Vec<_>>()
    );
}

/// An emulator with a 200,000-point day (read in several windows), the app signed in to it
/// (`remember`: with the password kept, so a session that ends is renewed silently), and the
/// request for that day.
fn dense_day(remember: bool) -> (Arc<SimServer>, common::TestApp, LoadTrackRequest) {
    let sim = Arc::new(sim_with(SimConfig {
        scale: Some(Scale {
            points_in_day: Some(200_000),
            fleet_size: None,
        }),
        ..SimConfig::default()
    }));
    let t = app(&Arc::new(MemoryStore::new()));
    let _: Value = t
        .invoke("sign_in", common::sign_in_args(&sim, "demo", remember))
        .unwrap();
    let (from, to) = last_days(1);
    let req = LoadTrackRequest {
        object_id: sim.demo().scale_tracker_id.expect("the dense tracker"),
        from,
        to,
        trip_ids: None,
        name: None,
        slot: None,
    };
    (sim, t, req)
}

/// A dense day read in many windows: the page gets each window once, in order, the first
/// before the load ends, and together they are exactly the points the app keeps.
#[test]
fn a_dense_track_reaches_the_page_window_by_window() {
    let (sim, t, req) = dense_day(false);
    let (id, from, to) = (req.object_id, req.from.clone(), req.to.clone());
    let load = load_track(&t, &req).unwrap();
    assert!(load.reply.windows >= 3, "{:?} windows", load.reply.windows);
    assert_eq!(
        load.windows.len(),
        load.reply.windows as usize,
        "each window once"
    );
    let reference = reference(&sim.url());
    assert_eq!(
        load.track.len(),
        points_read(&reference, id, &from, &to, None)
    );
    assert!(
        load.track.time.windows(2).all(|w| w[0] <= w[1]),
        "the windows come in order"
    );
}

/// The session ends after the first window reached the page: the app signs in again (the
/// password is remembered) and reads the track anew, sending its windows again; the reply counts
/// only the new read's, so the page's track is still each point once.
#[test]
fn a_session_ended_mid_read_reads_anew_and_the_reply_counts_only_the_new_windows() {
    let (sim, t, req) = dense_day(true);
    let (id, from, to) = (req.object_id, req.from.clone(), req.to.clone());
    let ended = Arc::clone(&sim);
    let load = common::load::load_track_with(&t, &req, move |sent| {
        if sent == 1 {
            ended.expire_all_sessions();
        }
    })
    .unwrap();
    assert!(
        load.windows.len() > load.reply.windows as usize,
        "read anew: {} windows sent, {} in the reply",
        load.windows.len(),
        load.reply.windows
    );
    let reference = reference(&sim.url());
    assert_eq!(
        load.track.len(),
        points_read(&reference, id, &from, &to, None)
    );
}

#[test]
fn progress_is_reported_per_window_and_cancel_stops_the_load() {
    let sim = sim_with(SimConfig::default());
    let client = reference(&sim.url());
    let van = sim.demo().moving_tracker_id;
    let (from, to) = last_days(3);
    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let sink = Arc::clone(&seen);
    let never = CancellationToken::new();
    let req = LoadTrackRequest {
        object_id: van,
        from,
        to,
        trip_ids: None,
        name: Some("Van 01".into()),
        slot: None,
    };
    let (loaded, left_out) =
        tauri::async_runtime::block_on(track::load_track(&client, &req, &never, move |p| {
            sink.lock().unwrap().push(p)
        }))
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    let total = seen[0].total;
    assert!(total >= 3, "{seen:?}"); // a window per day at most
    assert_eq!(seen.len() as u32, total + 1);
    assert_eq!(seen.last().unwrap().done, total);
    let n: usize = loaded.segments.iter().map(|s| s.points.len()).sum();
    assert_eq!(seen.last().unwrap().points as usize, n);
    assert_eq!(loaded.name, "Van 01");
    assert!(left_out.is_empty(), "the emulator sends only usable points");

    let cancel = CancellationToken::new();
    cancel.cancel();
    let err = tauri::async_runtime::block_on(track::load_track(&client, &req, &cancel, |_| {}))
        .unwrap_err();
    assert_eq!(err.kind, trackmate_app::AppErrorKind::Cancelled);
}

#[test]
fn cancel_load_makes_the_running_load_fail_with_cancelled() {
    let sim = sim_with(SimConfig::default());
    let t = app(&Arc::new(MemoryStore::new()));
    let _: Value = t
        .invoke("sign_in", common::sign_in_args(&sim, "demo", false))
        .unwrap();
    // Every track read is slow, so the load is surely running when it is cancelled.
    sim.inject(FaultRule {
        fault: Fault::Latency { ms: 1500 },
        endpoint: Some("track/read".into()),
        times: None,
    });
    let van = sim.demo().moving_tracker_id;
    let (from, to) = last_days(7);
    let window = t.window.clone();
    let started = Instant::now();
    let load = std::thread::spawn(move || {
        common::invoke_on(
            &window,
            "load_track",
            json!({"request": {"objectId": van, "from": from, "to": to, "tripIds": null},
                   "onProgress": "__CHANNEL__:3", "onWindow": "__CHANNEL__:5"}),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    // Cancel until the load ends (in case it had not registered its token yet).
    while !load.is_finished() {
        let _: Value = t.invoke("cancel_load", json!({})).unwrap();
        std::thread::sleep(Duration::from_millis(20));
    }
    let err = load.join().unwrap().unwrap_err();
    assert_eq!(err["kind"], "cancelled", "{err}");
    assert_eq!(err["message"], "Loading was cancelled.");
    // Seven slow windows would take over 10 s; the cancel ends it in the first one.
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn commands_before_sign_in_say_not_signed_in() {
    let t = app(&Arc::new(MemoryStore::new()));
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_signed_in");
    assert!(err.get("code").is_none(), "{err}");
    let (from, to) = last_days(1);
    let err = t
        .invoke_raw(
            "load_track",
            json!({"request": {"objectId": 1, "from": from, "to": to, "tripIds": null},
                   "onProgress": "__CHANNEL__:4", "onWindow": "__CHANNEL__:6"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "not_signed_in");
}

#[test]
fn bad_times_and_server_errors_are_typed() {
    let sim = sim_with(SimConfig::default());
    let t = app(&Arc::new(MemoryStore::new()));
    let _: Value = t
        .invoke("sign_in", common::sign_in_args(&sim, "demo", false))
        .unwrap();
    let err = t
        .invoke_json(
            "list_trips",
            json!({"objectId": 1, "from": "yesterday", "to": "now"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");

    let (from, to) = last_days(1);
    let blocked = sim.demo().blocked_tracker_id;
    let err = t
        .invoke_json(
            "list_trips",
            json!({"objectId": blocked, "from": from, "to": to}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "api", "{err}");
    assert_eq!(err["code"], 208, "{err}");

    sim.inject(FaultRule {
        fault: Fault::HtmlPage { status: 502 },
        endpoint: Some("tracker/list".into()),
        times: None,
    });
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert!(
        ["not_json", "unavailable"].contains(&err["kind"].as_str().unwrap()),
        "{err}"
    );
}
