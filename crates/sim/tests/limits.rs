//! Limits and their codes: 211, 212, 15, 201, 208, 217, the get_states flags, storage period.

mod common;

use common::*;
use serde_json::json;
use trackmate_sim::SimConfig;

#[tokio::test]
async fn track_span_limit_is_211() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    for ep in ["track/list", "track/read"] {
        api.err(
            ep,
            json!({"tracker_id": id, "from": days_ago(31), "to": days_ago(0)}),
            211,
            400,
        )
        .await;
        api.ok(
            ep,
            json!({"tracker_id": id, "from": days_ago(30), "to": days_ago(0)}),
        )
        .await;
    }
}

#[tokio::test]
async fn history_span_and_limit() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let ids = json!([demo.moving_tracker_id]);
    api.err(
        "history/tracker/list",
        json!({"trackers": ids, "from": days_ago(91), "to": days_ago(0)}),
        211,
        400,
    )
    .await;
    api.err(
        "history/tracker/list",
        json!({"trackers": ids, "from": days_ago(2), "to": days_ago(0), "limit": 1001}),
        212,
        400,
    )
    .await;
    api.err(
        "history/tracker/list",
        json!({"trackers": [1], "from": days_ago(2), "to": days_ago(0)}),
        217,
        400,
    )
    .await;

    // Default limit = cap; truncation sets limit_exceeded and keeps the full total.
    let all = api
        .ok(
            "history/tracker/list",
            json!({"trackers": ids, "from": days_ago(30), "to": days_ago(0)}),
        )
        .await;
    let total = all["total"].as_u64().unwrap();
    assert!(total > 1000, "{total}");
    assert_eq!(all["list"].as_array().unwrap().len(), 1000);
    assert_eq!(all["limit_exceeded"], true);
    let few = api
        .ok(
            "history/tracker/list",
            json!({"trackers": ids, "from": days_ago(1), "to": days_ago(0), "limit": 5, "ascending": false}),
        )
        .await;
    let list = few["list"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list[0]["time"].as_str() >= list[4]["time"].as_str());
    let one_day = api
        .ok(
            "history/tracker/list",
            json!({"trackers": ids, "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    assert_eq!(one_day["limit_exceeded"], false);
    assert_eq!(
        one_day["total"].as_u64().unwrap() as usize,
        one_day["list"].as_array().unwrap().len()
    );
    let times: Vec<&str> = one_day["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));

    let filtered = api
        .ok(
            "history/tracker/list",
            json!({"trackers": ids, "from": days_ago(3), "to": days_ago(0), "events": ["inzone", "outzone"]}),
        )
        .await;
    let evs = filtered["list"].as_array().unwrap();
    assert!(!evs.is_empty());
    assert!(
        evs.iter()
            .all(|e| e["event"] == "inzone" || e["event"] == "outzone")
    );
    assert!(evs.iter().all(|e| {
        e["extra"]["zone_ids"]
            .as_array()
            .is_some_and(|z| z.len() == 1)
    }));
}

#[tokio::test]
async fn history_limit_follows_config() {
    let api = Api::start(SimConfig {
        history_max_limit: 10,
        ..config()
    })
    .await;
    let ids = json!([api.sim.demo().moving_tracker_id]);
    let v = api
        .ok(
            "history/tracker/list",
            json!({"trackers": ids, "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    assert_eq!(v["list"].as_array().unwrap().len(), 10);
    api.err(
        "history/tracker/list",
        json!({"trackers": ids, "from": days_ago(1), "to": days_ago(0), "limit": 11}),
        212,
        400,
    )
    .await;
}

#[tokio::test]
async fn rate_limit_is_15_with_429() {
    let api = Api::start(SimConfig {
        rate_limit_per_sec: Some(5),
        ..config()
    })
    .await;
    let mut codes = Vec::new();
    for _ in 0..8 {
        let (s, v) = api.call("base/nothing", json!({})).await;
        codes.push((s.as_u16(), v["status"]["code"].as_u64()));
    }
    assert_eq!(codes.iter().filter(|c| c.0 == 200).count(), 5, "{codes:?}");
    assert!(
        codes[5..].iter().all(|c| *c == (429, Some(15))),
        "{codes:?}"
    );
    // The window slides: after a second the session works again.
    tokio::time::sleep(std::time::Duration::from_millis(1050)).await;
    api.ok("base/nothing", json!({})).await;
}

#[tokio::test]
async fn unknown_and_blocked_trackers() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let window = |id: i64| json!({"tracker_id": id, "from": days_ago(1), "to": days_ago(0)});
    for ep in [
        "track/list",
        "track/read",
        "tracker/get_state",
        "tracker/get_last_gps_point",
        "tracker/read",
    ] {
        api.err(ep, window(42), 201, 400).await;
    }
    for ep in [
        "track/list",
        "track/read",
        "tracker/get_state",
        "tracker/get_last_gps_point",
    ] {
        api.err(ep, window(demo.blocked_tracker_id), 208, 403).await;
    }
    let list = api.ok("tracker/list", json!({})).await;
    let blocked: Vec<_> = list["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["source"]["blocked"] == true)
        .collect();
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0]["id"], demo.blocked_tracker_id);
    // tracker/read still describes it.
    api.ok(
        "tracker/read",
        json!({"tracker_id": demo.blocked_tracker_id}),
    )
    .await;
    // A track id from another tracker is "not found".
    let trips = api.ok("track/list", window(demo.moving_tracker_id)).await;
    let tid = trips["list"][0]["id"].clone();
    let mut other = window(demo.tracker_ids[1]);
    other["track_id"] = tid;
    api.err("track/read", other, 201, 400).await;
}

#[tokio::test]
async fn get_states_flags() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let (good, blocked, unknown) = (demo.moving_tracker_id, demo.blocked_tracker_id, 999_999);
    let call = |ids: Vec<i64>, lb: bool, ane: bool| json!({"trackers": ids, "list_blocked": lb, "allow_not_exist": ane});
    api.err(
        "tracker/get_states",
        call(vec![good, blocked], false, false),
        208,
        403,
    )
    .await;
    api.err(
        "tracker/get_states",
        call(vec![good, unknown], false, false),
        217,
        400,
    )
    .await;
    api.err(
        "tracker/get_states",
        call(vec![good, unknown], true, false),
        217,
        400,
    )
    .await;
    api.err(
        "tracker/get_states",
        call(vec![good, blocked, unknown], false, true),
        208,
        403,
    )
    .await;

    let v = api
        .ok(
            "tracker/get_states",
            call(vec![good, blocked, unknown], true, true),
        )
        .await;
    assert_eq!(v["blocked"], json!([blocked]));
    assert_eq!(v["not_exist"], json!([unknown]));
    let states = v["states"].as_object().unwrap();
    assert_eq!(states.keys().collect::<Vec<_>>(), [&good.to_string()]);
    let s = &states[&good.to_string()];
    assert!(s["gps"]["location"]["lat"].is_f64() && s["gps"]["location"]["lng"].is_f64());
    assert!(s.get("lat").is_none());

    let plain = api
        .ok("tracker/get_states", call(vec![good], false, false))
        .await;
    assert!(plain.get("blocked").is_none() && plain.get("not_exist").is_none());
    let many: Vec<i64> = (0..2001).map(|i| good + i).collect();
    api.err(
        "tracker/get_states",
        json!({"trackers": many, "allow_not_exist": true}),
        7,
        400,
    )
    .await;
    let all = api
        .ok(
            "tracker/get_states",
            json!({"trackers": demo.tracker_ids, "list_blocked": true}),
        )
        .await;
    assert_eq!(
        all["states"].as_object().unwrap().len(),
        demo.tracker_ids.len() - 1
    );
}

#[tokio::test]
async fn storage_period_clips_and_flags() {
    let api = Api::start(SimConfig {
        history_days: 5,
        ..config()
    })
    .await;
    let id = api.sim.demo().moving_tracker_id;
    let old = json!({"tracker_id": id, "from": days_ago(8), "to": days_ago(0), "simplify": false});
    for ep in ["track/list", "track/read"] {
        let v = api.ok(ep, old.clone()).await;
        assert_eq!(v["limit_exceeded"], true, "{ep}");
        let first = &v["list"][0];
        let t = first["start_date"]
            .as_str()
            .or(first["get_time"].as_str())
            .unwrap();
        assert!(t >= days_ago(5).as_str(), "{ep}: {t}");
        let recent = json!({"tracker_id": id, "from": days_ago(4), "to": days_ago(0)});
        assert_eq!(api.ok(ep, recent).await["limit_exceeded"], false);
    }
    // Entirely outside storage: empty, flagged, not an error.
    let gone = api
        .ok(
            "track/list",
            json!({"tracker_id": id, "from": days_ago(20), "to": days_ago(10)}),
        )
        .await;
    assert_eq!(
        (
            gone["limit_exceeded"].clone(),
            gone["list"].as_array().unwrap().len()
        ),
        (json!(true), 0)
    );
}

#[tokio::test]
async fn point_limit_validation_and_simplify() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    let w = |extra: serde_json::Value| {
        let mut b = json!({"tracker_id": id, "from": days_ago(3), "to": days_ago(0)});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    api.err("track/read", w(json!({"point_limit": 1})), 7, 400)
        .await;
    api.err("track/read", w(json!({"point_limit": 3001})), 7, 400)
        .await;
    let simplified = api.ok("track/read", w(json!({}))).await;
    assert_eq!(simplified["list"].as_array().unwrap().len(), 500);
    let limited = api.ok("track/read", w(json!({"point_limit": 50}))).await;
    assert_eq!(limited["list"].as_array().unwrap().len(), 50);
    let raw = api.ok("track/read", w(json!({"simplify": false}))).await;
    let raw_n = raw["list"].as_array().unwrap().len();
    assert!(raw_n > 3000, "{raw_n}");
    assert!(
        raw["list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["parking"] == false)
    );
    let with_parking = api
        .ok("track/read", w(json!({"simplify": false, "filter": false})))
        .await;
    let pts = with_parking["list"].as_array().unwrap();
    assert!(pts.len() > raw_n && pts.iter().any(|p| p["parking"] == true));
}
