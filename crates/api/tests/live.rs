//! The live watch against the emulator's `event/subscription` WebSocket over loopback: the
//! first full state then changes, by tracker id (source ids mapped through `tracker/list`);
//! reconnect and re-subscribe after a drop; a silent connection counted as dropped; `logout`
//! and an ended session ending the watch; polling `get_states` where the upgrade is refused;
//! a server that cannot be reached at all reported offline.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use trackmate_api::live::{LiveEvent, LiveMode, LiveOptions, LiveStream};
use trackmate_sim::{Fault, FaultRule, SimConfig, SimServer};

/// A guard on each wait, not a clock the test depends on: every wait ends on its condition
/// long before (a loaded machine included).
const GUARD: Duration = Duration::from_secs(60);

fn live_sim() -> SimConfig {
    SimConfig {
        heartbeat: Duration::from_millis(200),
        ..config()
    }
}

fn quick() -> LiveOptions {
    LiveOptions {
        backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(100),
        poll_every: Duration::from_millis(100),
        ..LiveOptions::default()
    }
}

/// Events until `want` returns something; panics when the stream ends first.
async fn until<T>(live: &mut LiveStream, mut want: impl FnMut(&LiveEvent) -> Option<T>) -> T {
    let wait = async {
        loop {
            let e = live.next().await.expect("the stream goes on");
            if let Some(v) = want(&e) {
                return v;
            }
        }
    };
    tokio::time::timeout(GUARD, wait).await.expect("in time")
}

fn full_ids(e: &LiveEvent) -> Option<BTreeSet<i64>> {
    match e {
        LiveEvent::States {
            full: true, states, ..
        } => Some(states.iter().map(|(id, _)| *id).collect()),
        _ => None,
    }
}

fn mode(e: &LiveEvent) -> Option<LiveMode> {
    match e {
        LiveEvent::Mode { mode, .. } => Some(*mode),
        _ => None,
    }
}

/// An emulator whose first stream connection gets `fault`, and a watch of it.
async fn faulted(fault: Fault) -> (SimServer, LiveStream) {
    let sim = sim_with(live_sim()).await;
    sim.inject(FaultRule {
        fault,
        endpoint: Some("event/subscription".into()),
        times: Some(1),
    });
    let live = signed_in(&sim).await.live(quick());
    (sim, live)
}

/// Why the watch is reconnecting (the next `Reconnecting` mode's detail).
async fn reconnecting(live: &mut LiveStream) -> String {
    until(live, |e| match e {
        LiveEvent::Mode {
            mode: LiveMode::Reconnecting { .. },
            detail,
        } => Some(detail.clone().unwrap_or_default()),
        _ => None,
    })
    .await
}

/// The demo objects that have a state (the blocked one has none).
fn readable(sim: &SimServer) -> BTreeSet<i64> {
    let demo = sim.demo();
    let ids = demo.tracker_ids.iter().copied();
    ids.filter(|id| *id != demo.blocked_tracker_id).collect()
}

#[tokio::test]
async fn every_object_first_then_only_the_changes_by_tracker_id() {
    let sim = sim_with(live_sim()).await;
    let client = signed_in(&sim).await;
    let mut live = client.live(quick());
    assert_eq!(until(&mut live, mode).await, LiveMode::Connecting);
    assert_eq!(until(&mut live, mode).await, LiveMode::Live);
    let first = until(&mut live, full_ids).await;
    assert_eq!(first, readable(&sim), "every object once, by tracker id");
    // The fleet moves on: the next batch holds only what changed, still by tracker id.
    sim.advance_clock(chrono::Duration::minutes(10));
    let (changed, left_out) = until(&mut live, |e| match e {
        LiveEvent::States {
            full: false,
            states,
            left_out,
            ..
        } => Some((states.clone(), left_out.clone())),
        _ => None,
    })
    .await;
    assert!(left_out.is_empty(), "{left_out}");
    assert!(!changed.is_empty());
    assert!(changed.len() <= first.len());
    for (id, s) in &changed {
        assert!(first.contains(id), "{id}");
        assert!(s.gps.location.is_some(), "{id} has a position");
    }
    assert_eq!(sim.hits("tracker/get_states"), 0, "no polling while live");
    assert_eq!(sim.hits("event/subscription"), 1);
}

#[tokio::test]
async fn only_the_selected_objects_are_watched() {
    let sim = sim_with(live_sim()).await;
    let client = signed_in(&sim).await;
    let one = *readable(&sim).iter().next().unwrap();
    let mut live = client.live(LiveOptions {
        trackers: Some(vec![one]),
        ..quick()
    });
    assert_eq!(until(&mut live, full_ids).await, BTreeSet::from([one]));
}

#[tokio::test]
async fn a_dropped_connection_is_opened_again_and_subscribed_again() {
    // Cut after three frames (the handshake, the response, a heartbeat or the first batch).
    let drop = Fault::WsDrop {
        after_frames: Some(3),
        after_ms: None,
    };
    let (sim, mut live) = faulted(drop).await;
    let why = reconnecting(&mut live).await;
    assert!(why.contains("closed") || why.contains("failed"), "{why}");
    assert_eq!(until(&mut live, mode).await, LiveMode::Live);
    // Subscribed again: the whole fleet once more, marked full.
    assert_eq!(until(&mut live, full_ids).await, readable(&sim));
    assert_eq!(sim.hits("event/subscription"), 2);
}

#[tokio::test]
async fn a_silent_connection_counts_as_dropped() {
    let (sim, mut live) = faulted(Fault::WsSilent { after_frames: 3 }).await;
    let why = reconnecting(&mut live).await;
    // Twice the announced 200 ms heartbeat plus a second, not the 90 s default.
    assert!(
        why.contains("nothing came over the WebSocket for 1"),
        "{why}"
    );
    assert_eq!(until(&mut live, full_ids).await, readable(&sim));
}

#[tokio::test]
async fn a_logout_event_ends_the_watch_with_a_session_error() {
    let (_sim, mut live) = faulted(Fault::WsLogout { after_frames: 3 }).await;
    let e = until(&mut live, |e| match e {
        LiveEvent::Ended(e) => Some(e.clone()),
        _ => None,
    })
    .await;
    assert!(e.is_session(), "{e}");
    assert!(e.message().contains("session"), "{}", e.message());
    let next = tokio::time::timeout(GUARD, live.next()).await.unwrap();
    assert_eq!(next, None, "the watch has stopped");
}

#[tokio::test]
async fn a_session_ended_on_the_server_ends_the_watch() {
    let sim = sim_with(live_sim()).await;
    let client = signed_in(&sim).await;
    let mut live = client.live(quick());
    until(&mut live, full_ids).await;
    sim.expire_all_sessions();
    let e = until(&mut live, |e| match e {
        LiveEvent::Ended(e) => Some(e.clone()),
        _ => None,
    })
    .await;
    assert!(e.is_session(), "{e}");
}

#[tokio::test]
async fn a_refused_upgrade_falls_back_to_polling_get_states() {
    let sim = sim_with(live_sim()).await;
    sim.inject(FaultRule {
        fault: Fault::HtmlPage { status: 403 },
        endpoint: Some("event/subscription".into()),
        times: None,
    });
    let client = signed_in(&sim).await;
    let mut live = client.live(quick());
    let (every, why) = until(&mut live, |e| match e {
        LiveEvent::Mode {
            mode: LiveMode::Polling { every },
            detail,
        } => Some((*every, detail.clone().unwrap_or_default())),
        _ => None,
    })
    .await;
    assert_eq!(every, Duration::from_millis(100));
    assert!(why.contains("HTTP 403"), "{why}");
    assert_eq!(until(&mut live, full_ids).await, readable(&sim));
    assert!(sim.hits("tracker/get_states") >= 1);
    // Polled again and again, each change (or nothing) after the first full set.
    sim.advance_clock(chrono::Duration::minutes(10));
    until(&mut live, |e| match e {
        LiveEvent::States { full: false, .. } => Some(()),
        _ => None,
    })
    .await;
}

#[tokio::test]
async fn a_server_that_cannot_be_reached_is_offline_with_the_next_try() {
    let sim = sim_with(live_sim()).await;
    let client = signed_in(&sim).await;
    let url = sim.url();
    sim.shutdown().await;
    let mut live = client.live(quick());
    let (retry_in, why) = until(&mut live, |e| match e {
        LiveEvent::Mode {
            mode: LiveMode::Offline { retry_in },
            detail,
        } => Some((*retry_in, detail.clone().unwrap_or_default())),
        _ => None,
    })
    .await;
    assert!(retry_in <= Duration::from_millis(100), "{retry_in:?}");
    assert!(!why.is_empty(), "says why ({url})");
}
