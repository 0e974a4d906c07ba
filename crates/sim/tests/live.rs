//! Live mode: as the clock advances, today's track grows and the live state moves on, while
//! every fix already served (the one five minutes ago included) stays exactly as it was.

mod common;

use chrono::Duration;
use common::*;
use serde_json::{Value, json};

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
