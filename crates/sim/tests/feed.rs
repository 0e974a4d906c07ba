//! The events feed: `history/unread/list|count`, `history/mark_read|mark_read_all`, read marks
//! that belong to the user (a new session sees them), and new alerts as the fleet drives on.

mod common;

use std::collections::BTreeSet;

use chrono::Duration;
use common::*;
use serde_json::{Value, json};

async fn count(api: &Api) -> u64 {
    api.ok("history/unread/count", json!({})).await["count"]
        .as_u64()
        .unwrap()
}

async fn unread(api: &Api, params: Value) -> Vec<Value> {
    api.ok("history/unread/list", params).await["list"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn list_count_and_mark_read() {
    let mut api = Api::default().await;
    let n = count(&api).await;
    assert!(n > 5, "{n}");
    let all = unread(&api, json!({})).await;
    // The default limit is the history cap (1000); the demo fleet's day holds more.
    assert_eq!(all.len() as u64, n.min(1000));
    let shape = fixture("history_unread_list.json");
    assert_shape(
        &json!({"success": true, "list": all.clone()}),
        &shape,
        "unread",
    );
    let times: Vec<&str> = all.iter().map(|e| e["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    assert!(times.iter().all(|t| *t <= local(fixed_now()).as_str()));
    assert!(all.iter().all(|e| e["is_read"] == false));
    let ids: BTreeSet<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    assert_eq!(unread(&api, json!({"limit": 3})).await, all[..3]);
    api.err("history/unread/list", json!({"limit": 1001}), 212, 400)
        .await;
    let later = json!({"from": local(fixed_now() - Duration::hours(2))});
    assert!(unread(&api, later).await.len() < all.len());

    // One read: gone from the feed and read in the history; a second time is 201.
    let first = &all[0];
    let id = first["id"].as_i64().unwrap();
    api.ok("history/mark_read", json!({"id": id})).await;
    assert_eq!(count(&api).await, n - 1);
    assert!(unread(&api, json!({})).await.iter().all(|e| e["id"] != id));
    api.err("history/mark_read", json!({"id": id}), 201, 400)
        .await;
    api.err("history/mark_read", json!({"id": 123}), 201, 400)
        .await;
    let tracker = first["tracker_id"].as_i64().unwrap();
    let window = json!({"trackers": [tracker], "from": days_ago(1), "to": local(fixed_now())});
    let hist = api.ok("history/tracker/list", window).await;
    let entry = hist["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap();
    assert_eq!(entry["is_read"], true);

    // The marks are the user's: a new session sees them.
    api.hash = api.login().await;
    assert_eq!(count(&api).await, n - 1);
    api.ok("history/mark_read_all", json!({})).await;
    assert_eq!(count(&api).await, 0);
    assert!(unread(&api, json!({})).await.is_empty());
    let counted = api
        .ok("history/unread/count", json!({"type": "tracker"}))
        .await;
    assert_shape(&counted, &fixture("history_unread_count.json"), "count");
}

#[tokio::test]
async fn the_moving_fleet_raises_new_alerts() {
    let api = Api::default().await;
    api.ok("history/mark_read_all", json!({})).await;
    let mut kinds = BTreeSet::new();
    let mut seen = BTreeSet::new();
    // A working day, an hour at a time: the count rises as events happen.
    for _ in 0..12 {
        api.sim.advance_clock(Duration::hours(1));
        let list = unread(&api, json!({})).await;
        assert_eq!(count(&api).await, list.len() as u64);
        for e in &list {
            seen.insert(e["id"].as_i64().unwrap());
            kinds.insert(e["event"].as_str().unwrap().to_string());
        }
    }
    assert!(seen.len() > 20, "{}", seen.len());
    for k in ["speedup", "inzone", "outzone", "ignition", "offline"] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
}
