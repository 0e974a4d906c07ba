//! Live mode: as the clock advances, today's track grows and the live state moves on, while
//! every fix already served (the one five minutes ago included) stays exactly as it was; and
//! the `event/subscription` WebSocket streams those states (a real tokio-tungstenite client).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;
use common::ws::Ws;
use common::*;
use serde_json::{Value, json};
use trackmate_sim::SimConfig;

fn live(heartbeat_ms: u64) -> SimConfig {
    SimConfig {
        heartbeat: std::time::Duration::from_millis(heartbeat_ms),
        ..config()
    }
}

/// `source.id` → tracker id, from `tracker/list` (what a client maps stream states with).
async fn by_source(api: &Api) -> BTreeMap<i64, i64> {
    let list = api.ok("tracker/list", json!({})).await;
    list["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["source"]["id"].as_i64().unwrap(),
                t["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// A state list keyed by tracker id; each source id appears once.
fn keyed(data: &Value, sources: &BTreeMap<i64, i64>) -> BTreeMap<i64, Value> {
    let mut out = BTreeMap::new();
    for s in data.as_array().unwrap() {
        let id = sources[&s["source_id"].as_i64().unwrap()];
        assert!(out.insert(id, s.clone()).is_none(), "tracker {id} twice");
    }
    out
}

fn readable(api: &Api) -> Vec<i64> {
    let demo = api.sim.demo();
    let ids = demo.tracker_ids.iter().copied();
    ids.filter(|id| *id != demo.blocked_tracker_id).collect()
}

async fn get_states(api: &Api, ids: &[i64]) -> Value {
    api.ok("tracker/get_states", json!({"trackers": ids})).await["states"].clone()
}

fn secs(s: &str) -> i64 {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .unwrap()
        .and_utc()
        .timestamp()
}

#[tokio::test]
async fn todays_track_grows_and_the_past_stays() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    let now = fixed_now();
    let midnight = local(now).split(' ').next().unwrap().to_string() + " 00:00:00";
    let read = |to: String| json!({"tracker_id": id, "from": midnight, "to": to, "simplify": false, "filter": false});
    let trips = |to: String| json!({"tracker_id": id, "from": midnight, "to": to});

    let before: Vec<Value> = api.ok("track/read", read(local(now))).await["list"]
        .as_array()
        .unwrap()
        .clone();
    let trips_before = api.ok("track/list", trips(local(now))).await["list"]
        .as_array()
        .unwrap()
        .len();
    let state_before = api.ok("tracker/get_state", json!({"tracker_id": id})).await;
    let raw_before = api.raw("track/read", read(local(now))).await;
    assert!(before.len() > 100, "{}", before.len());
    let last = secs(before.last().unwrap()["get_time"].as_str().unwrap());
    assert!(last <= secs(&local(now)));
    // The fix five minutes before "now", as first served.
    let five_ago = secs(&local(now - Duration::minutes(5)));
    let fix = before
        .iter()
        .rev()
        .find(|p| secs(p["get_time"].as_str().unwrap()) <= five_ago)
        .unwrap()
        .clone();

    // Ninety minutes later the van has driven on.
    api.sim.advance_clock(Duration::minutes(90));
    let later = now + Duration::minutes(90);
    let after: Vec<Value> = api.ok("track/read", read(local(later))).await["list"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        after.len() > before.len(),
        "{} → {}",
        before.len(),
        after.len()
    );
    assert_eq!(after[..before.len()], before[..], "an earlier fix changed");
    assert!(after.contains(&fix));
    assert!(secs(after.last().unwrap()["get_time"].as_str().unwrap()) > last);
    assert!(
        api.ok("track/list", trips(local(later))).await["list"]
            .as_array()
            .unwrap()
            .len()
            >= trips_before
    );
    // The same past window answers byte for byte as before.
    assert_eq!(api.raw("track/read", read(local(now))).await, raw_before);
    let state_after = api.ok("tracker/get_state", json!({"tracker_id": id})).await;
    let updated = |s: &Value| secs(s["state"]["gps"]["updated"].as_str().unwrap());
    assert!(updated(&state_after) > updated(&state_before));
}

#[tokio::test]
async fn stream_sends_the_full_state_then_only_changes() {
    let api = Api::start(live(100)).await;
    let mut ws = Ws::connect(&api.sim).await;
    let parts: Vec<&str> = ws.handshake.split('|').collect();
    assert_eq!(parts.len(), 4, "{}", ws.handshake);
    assert_eq!((parts[1], parts[2], parts[3]), ("100", "X", ""));
    assert_eq!(parts[0].len(), 36);
    assert_eq!(parts[0].matches('-').count(), 4);
    assert_eq!(ws.frame().await, Ok("X".to_string()), "a heartbeat");
    assert_eq!(api.sim.hits("event/subscription"), 1);

    let resp = ws
        .subscribe_batch(
            &api.hash,
            json!({"type": "all"}),
            json!({"rate_limit": "500ms"}),
        )
        .await;
    assert_eq!(resp["type"], "response");
    assert_eq!(resp["action"], "subscription/subscribe");
    assert_eq!(resp["events"], json!(["state_batch"]));
    assert_eq!(resp["data"]["state_batch"]["success"], true);
    let demo = api.sim.demo();
    let value = &resp["data"]["state_batch"]["value"];
    assert_eq!(value.as_object().unwrap().len(), demo.tracker_ids.len());
    for id in &demo.tracker_ids {
        let want = if *id == demo.blocked_tracker_id {
            "blocked"
        } else {
            "normal"
        };
        assert_eq!(value[id.to_string()], want);
    }

    let sources = by_source(&api).await;
    let ids = readable(&api);
    let first = ws.event("state_batch").await;
    assert_eq!(first["user_time"], local(fixed_now()));
    assert_shape(&first, &fixture("ws_event_state_batch.json"), "state_batch");
    let full = keyed(&first["data"], &sources);
    assert_eq!(full.keys().copied().collect::<Vec<_>>(), {
        let mut v = ids.clone();
        v.sort();
        v
    });
    let before = get_states(&api, &ids).await;
    for (id, state) in &full {
        assert_eq!(
            state,
            &before[id.to_string()],
            "tracker {id}: as get_states renders it"
        );
    }

    api.sim.advance_clock(Duration::minutes(10));
    let next = ws.event("state_batch").await;
    assert_eq!(
        next["user_time"],
        local(fixed_now() + Duration::minutes(10))
    );
    let changed = keyed(&next["data"], &sources);
    assert!(
        !changed.is_empty() && changed.len() < ids.len(),
        "{}",
        changed.len()
    );
    let after = get_states(&api, &ids).await;
    for id in &ids {
        let key = id.to_string();
        match changed.get(id) {
            Some(state) => {
                assert_eq!(state, &after[&key]);
                assert_ne!(before[&key], after[&key], "tracker {id} sent unchanged");
            }
            None => assert_eq!(before[&key], after[&key], "tracker {id} changed, not sent"),
        }
    }
}

#[tokio::test]
async fn state_batch_respects_its_rate_limit() {
    let api = Api::start(live(50)).await;
    let mut ws = Ws::connect(&api.sim).await;
    let resp = ws
        .subscribe_batch(
            &api.hash,
            json!({"type": "all"}),
            json!({"rate_limit": "PT1S"}),
        )
        .await;
    assert_eq!(resp["type"], "response", "{resp}");
    ws.event("state_batch").await;
    // The fleet changes at every heartbeat (a minute of fleet time each); batches still come
    // at most once a second, i.e. about twenty heartbeats apart.
    let mut since = 0usize;
    let mut gaps = Vec::new();
    while gaps.len() < 3 {
        let frame = ws.frame().await.expect("stream open");
        if frame == "X" {
            since += 1;
            api.sim.advance_clock(Duration::minutes(1));
            continue;
        }
        let v: Value = serde_json::from_str(&frame).unwrap();
        assert_eq!(v["event"], "state_batch", "{v}");
        gaps.push(since);
        since = 0;
    }
    assert!(
        gaps.iter().all(|g| *g >= 10),
        "heartbeats between batches: {gaps:?}"
    );
}

#[tokio::test]
async fn selected_trackers_in_compact_format_without_polling() {
    let api = Api::start(live(100)).await;
    let demo = api.sim.demo();
    let moving = demo.moving_tracker_id;
    let mut ws = Ws::connect(&api.sim).await;
    let target =
        json!({"type": "selected", "tracker_ids": [moving, demo.blocked_tracker_id, 999_999]});
    let resp = ws
        .subscribe_batch(&api.hash, target, json!({"format": "compact"}))
        .await;
    let value = &resp["data"]["state_batch"]["value"];
    assert_eq!(value[moving.to_string()], "normal");
    assert_eq!(value[demo.blocked_tracker_id.to_string()], "blocked");
    assert_eq!(value["999999"], "unknown");
    let batch = ws.event("state_batch").await;
    let data = batch["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_shape(
        &data[0],
        &fixture("ws_compact_source_state.json"),
        "compact",
    );
    // Nothing was polled while the stream was up.
    assert_eq!(api.sim.hits("tracker/get_states"), 0);
    assert_eq!(api.sim.hits("event/subscription"), 1);

    let sources = by_source(&api).await;
    assert_eq!(sources[&data[0]["source_id"].as_i64().unwrap()], moving);
    let full = &get_states(&api, &[moving]).await[moving.to_string()];
    let compact = data[0].as_object().unwrap();
    let mut keys: Vec<&str> = compact.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = [
        "source_id",
        "gps",
        "connection_status",
        "movement_status",
        "movement_status_update",
        "ignition",
        "ignition_update",
        "last_update",
    ];
    want.sort_unstable();
    assert_eq!(keys, want, "the compact source state of INDEX §2.2");
    for (k, v) in compact {
        assert_eq!(v, &full[k], "{k}");
    }
}

#[tokio::test]
async fn state_subscription_sends_one_event_per_tracker() {
    let api = Api::start(live(100)).await;
    let ids = readable(&api);
    let (a, b) = (ids[0], ids[1]);
    let mut ws = Ws::connect(&api.sim).await;
    ws.send(&json!({"action": "subscribe", "hash": api.hash, "requests": [{"type": "state", "trackers": [a, b]}]}))
        .await;
    let resp = ws.json().await;
    assert_shape(&resp, &fixture("ws_subscribe_response.json"), "response");
    assert_eq!(resp["events"], json!(["state"]));
    let sources = by_source(&api).await;
    let mut seen = Vec::new();
    for _ in 0..2 {
        let ev = ws.event("state").await;
        assert_shape(&ev, &fixture("ws_event_state.json"), "state");
        seen.push(sources[&ev["data"]["source_id"].as_i64().unwrap()]);
    }
    seen.sort();
    assert_eq!(seen, [a.min(b), a.max(b)]);
}

#[tokio::test]
async fn bad_hashes_and_messages_get_error_frames_and_the_stream_stays() {
    let api = Api::start(live(100)).await;
    let mut ws = Ws::connect(&api.sim).await;
    let all = json!({"type": "all"});
    let err = ws.subscribe_batch("nothex", all.clone(), json!({})).await;
    assert_shape(&err, &fixture("ws_error.json"), "error");
    assert_eq!(
        (err["type"].as_str(), err["status"]["code"].as_u64()),
        (Some("error"), Some(3))
    );
    assert_eq!(err["action"], "subscription/subscribe");
    let unknown = "0".repeat(32);
    let err = ws.subscribe_batch(&unknown, all.clone(), json!({})).await;
    assert_eq!(err["status"]["code"], 4, "{err}");
    ws.send_text("{not json").await;
    let err = ws.json().await;
    assert_eq!(
        (err["status"]["code"].as_u64(), err["action"].as_str()),
        (Some(5), Some("null"))
    );
    let err = ws
        .subscribe_batch(&api.hash, all.clone(), json!({"rate_limit": "soon"}))
        .await;
    assert_eq!(err["status"]["code"], 7, "{err}");
    let ok = ws.subscribe_batch(&api.hash, all, json!({})).await;
    assert_eq!(ok["type"], "response", "{ok}");
    ws.event("state_batch").await;
}

#[tokio::test]
async fn the_end_of_the_session_sends_logout() {
    let api = Api::start(live(100)).await;
    let mut ws = Ws::connect(&api.sim).await;
    ws.subscribe_batch(&api.hash, json!({"type": "all"}), json!({}))
        .await;
    ws.event("state_batch").await;
    api.ok("user/logout", json!({})).await;
    let logout = ws.event("logout").await;
    assert_eq!(logout, fixture("ws_event_logout.json"));
    assert_eq!(ws.frame().await, Err(common::ws::End::Closed));

    // A server-side purge ends the stream the same way.
    let hash = api.login().await;
    let mut ws = Ws::connect(&api.sim).await;
    ws.subscribe_batch(&hash, json!({"type": "all"}), json!({}))
        .await;
    api.sim.expire_all_sessions();
    assert_eq!(ws.event("logout").await["data"], "session closed");
}

/// Scale mode streams every object; prints how long the first (full) batch and one change
/// batch took to arrive (measured, not asserted).
#[tokio::test]
async fn scale_fleet_streams_ten_thousand_objects() {
    let cfg = SimConfig {
        scale: Some(trackmate_sim::Scale {
            points_in_day: None,
            fleet_size: Some(10_000),
        }),
        ..live(1000)
    };
    let api = Api::start(cfg).await;
    let mut ws = Ws::connect(&api.sim).await;
    let started = std::time::Instant::now();
    let all = json!({"type": "all"});
    let resp = ws
        .subscribe_batch(
            &api.hash,
            all,
            json!({"format": "compact", "rate_limit": "1s"}),
        )
        .await;
    assert_eq!(
        resp["data"]["state_batch"]["value"]
            .as_object()
            .unwrap()
            .len(),
        10_000
    );
    let full = ws.event("state_batch").await;
    let first_ms = started.elapsed().as_millis();
    let states = full["data"].as_array().unwrap();
    assert_eq!(states.len(), 9_999, "every readable object once");
    let sources: BTreeSet<i64> = states
        .iter()
        .map(|s| s["source_id"].as_i64().unwrap())
        .collect();
    assert_eq!(sources.len(), 9_999);

    api.sim.advance_clock(Duration::minutes(1));
    let started = std::time::Instant::now();
    let changes = ws.event("state_batch").await;
    let change_ms = started.elapsed().as_millis();
    let changed = changes["data"].as_array().unwrap().len();
    assert!(changed > 0 && changed < 9_999, "{changed}");
    // Five seconds of fleet time, what a 5 s `rate_limit` on a real clock sees.
    api.sim.advance_clock(Duration::seconds(5));
    let started = std::time::Instant::now();
    let tick = ws.event("state_batch").await;
    let tick_ms = started.elapsed().as_millis();
    let ticked = tick["data"].as_array().unwrap().len();
    eprintln!(
        "scale stream: full batch of {} compact states in {first_ms} ms (days generated), \
         {changed} changed after a minute in {change_ms} ms, {ticked} after 5 s more in \
         {tick_ms} ms (each includes up to 1 s of rate limit)",
        states.len()
    );
}
