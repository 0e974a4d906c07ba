//! Every endpoint answers with the shape of the documented fixture.

mod common;

use common::*;
use serde_json::{Value, json};
use trackmate_sim::SimConfig;

fn check(ours: &Value, fixture_name: &str) {
    assert_shape(ours, &fixture(fixture_name), fixture_name);
}

#[tokio::test]
async fn session_and_account_endpoints() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let (_, auth) = api
        .post_anon(
            "user/auth",
            json!({"login": demo.login, "password": demo.password}),
        )
        .await;
    check(&auth, "user_auth.json");
    assert_eq!(auth["type"], "authenticated");
    let info = api.ok("user/get_info", json!({})).await;
    check(&info, "user_get_info.json");
    assert_eq!(info["user_info"]["time_zone"], "Asia/Almaty");
    assert_eq!(info["user_info"]["measurement_system"], "metric");
    assert_eq!(info["user_info"]["login"], "demo@trackmate.app");
    let settings = api.ok("user/settings/read", json!({})).await;
    check(&settings, "user_settings_read.json");
    assert_eq!(settings["settings"]["time_zone"], "Asia/Almaty");
    for ep in ["base/nothing", "user/session/renew", "user/logout"] {
        let v = api.ok(ep, json!({})).await;
        check(&v, "success.json");
    }
}

#[tokio::test]
async fn dealer_config_is_public_and_carries_limits() {
    let api = Api::start(SimConfig {
        history_max_limit: 250,
        report_max_time_span: chrono::Duration::days(60),
        ..config()
    })
    .await;
    let (s, v) = api.post_anon("dealer/get_ui_config", json!({})).await;
    assert_eq!(s, 200);
    check(&v, "dealer_get_ui_config.json");
    let platform = &v["platform"];
    assert_eq!(platform["iso_datetime_support"], true);
    assert_eq!(platform["history.max_limit"], 250);
    assert_eq!(platform["report.max_time_span"], "P60D");
    assert_eq!(platform["track.max_time_span"], "P30D");
}

#[tokio::test]
async fn tracker_endpoints() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let list = api.ok("tracker/list", json!({})).await;
    check(&list, "tracker_list_guide.json");
    let ids: Vec<i64> = list["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, demo.tracker_ids);
    assert!(ids.len() >= 12);
    let groups: std::collections::BTreeSet<i64> = list["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["group_id"].as_i64().unwrap())
        .collect();
    assert!(groups.len() >= 4 && groups.contains(&0), "{groups:?}");

    let read = api
        .ok(
            "tracker/read",
            json!({"tracker_id": demo.moving_tracker_id}),
        )
        .await;
    check(&read, "tracker_read.json");
    let g = api.ok("tracker/group/list", json!({})).await;
    check(&g, "tracker_group_list.json");
    assert!(g["list"].as_array().unwrap().len() >= 3);
    assert!(g["list"].as_array().unwrap().iter().all(|x| x["id"] != 0));

    let st = api
        .ok(
            "tracker/get_state",
            json!({"tracker_id": demo.moving_tracker_id}),
        )
        .await;
    check(&st, "tracker_get_state.json");
    assert!(st["state"]["gps"]["location"]["lat"].is_f64());
    let sts = api
        .ok(
            "tracker/get_states",
            json!({"trackers": demo.tracker_ids, "list_blocked": true, "allow_not_exist": true}),
        )
        .await;
    check(&sts, "tracker_get_states.json");
    let last = api
        .ok(
            "tracker/get_last_gps_point",
            json!({"tracker_id": demo.moving_tracker_id}),
        )
        .await;
    check(&last, "tracker_get_last_gps_point.json");
}

#[tokio::test]
async fn track_endpoints() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let window =
        json!({"tracker_id": demo.moving_tracker_id, "from": days_ago(2), "to": days_ago(0)});
    let mut body = window.clone();
    body["with_points"] = json!(true);
    body["count_events"] = json!(true);
    body["point_limit"] = json!(20);
    let list = api.ok("track/list", body).await;
    check(&list, "track_list.json");
    let first = &list["list"][0];
    assert_eq!(first["type"], "regular");
    assert!(first["points"].is_u64() && first["bounds"]["nw"]["lat"].is_f64());
    assert!(first["event_count"].as_u64().unwrap() >= 2);
    assert!(first["points_list"].as_array().unwrap().len() <= 20);

    let mut merged = window.clone();
    merged["split"] = json!(false);
    let m = api.ok("track/list", merged).await;
    check(&m, "track_list_merged.json");
    assert_eq!(m["list"].as_array().unwrap().len(), 1);
    assert!(m["list"][0].get("id").is_none());

    let read = api.ok("track/read", window).await;
    check(&read, "track_read.json");
    assert!(!read["list"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn single_reports_and_clusters() {
    let api = Api::default().await;
    let beacon = api.ok("tracker/list", json!({"labels": ["beacon"]})).await["list"][0]["id"]
        .as_i64()
        .unwrap();
    let body =
        json!({"tracker_id": beacon, "from": days_ago(3), "to": days_ago(0), "with_points": true});
    let v = api.ok("track/list", body.clone()).await;
    check(&v, "track_list.json");
    let items = v["list"].as_array().unwrap();
    assert!(items.len() >= 20 && items.iter().all(|t| t["type"] == "single_report"));
    assert!(items.iter().any(|t| t["gsm_lbs"] == true));
    let mut clustered = body;
    clustered["cluster_single_reports"] = json!(true);
    let c = api.ok("track/list", clustered).await;
    check(&c, "track_list.json");
    let clusters: Vec<&Value> = c["list"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["type"] == "cluster")
        .collect();
    assert!(!clusters.is_empty());
    assert!(
        clusters
            .iter()
            .all(|t| t["points"].as_array().unwrap().len() >= 2 && t.get("id").is_none())
    );
}

#[tokio::test]
async fn zones_and_places() {
    let api = Api::default().await;
    let zones = api.ok("zone/list", json!({"with_points": true})).await;
    let list = zones["list"].as_array().unwrap();
    let types: std::collections::BTreeSet<&str> =
        list.iter().map(|z| z["type"].as_str().unwrap()).collect();
    assert_eq!(
        types.into_iter().collect::<Vec<_>>(),
        ["circle", "polygon", "sausage"]
    );
    for z in list {
        check(
            z,
            &format!("zone_object_{}.json", z["type"].as_str().unwrap()),
        );
    }
    let bare = api.ok("zone/list", json!({})).await;
    assert!(
        bare["list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|z| z.get("points").is_none())
    );

    let sausage = list.iter().find(|z| z["type"] == "sausage").unwrap()["id"].clone();
    let circle = list.iter().find(|z| z["type"] == "circle").unwrap()["id"].clone();
    let read = api
        .ok(
            "zone/read",
            json!({"zone_id": sausage, "with_points": true}),
        )
        .await;
    check(&read, "zone_read.json");
    let pts = api.ok("zone/point/list", json!({"zone_id": sausage})).await;
    check(&pts, "zone_point_list.json");
    api.err("zone/point/list", json!({"zone_id": circle}), 230, 400)
        .await;
    api.err("zone/read", json!({"zone_id": 1}), 201, 400).await;

    let places = api.ok("place/list", json!({})).await;
    check(&places, "place_list.json");
    let total = places["count"].as_u64().unwrap();
    assert!(total >= 10);
    let page = api.ok("place/list", json!({"limit": 3, "offset": 2})).await;
    assert_eq!(page["list"].as_array().unwrap().len(), 3);
    assert_eq!(page["count"].as_u64().unwrap(), total);
    let depot = api.ok("place/list", json!({"filter": "depot"})).await;
    assert_eq!(depot["count"], 1);
}

#[tokio::test]
async fn history_endpoints() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let v = api
        .ok(
            "history/tracker/list",
            json!({"trackers": [demo.moving_tracker_id], "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    check(&v, "history_tracker_list.json");
    assert!(v["total"].as_u64().unwrap() > 20);
    let types = api
        .ok("history/type/list", json!({"locale": "en_US"}))
        .await;
    check(&types, "history_type_list.json");
}

#[tokio::test]
async fn error_envelope_with_parameter_errors() {
    let api = Api::default().await;
    let v = api
        .err("tracker/read", json!({"tracker_id": "abc"}), 7, 400)
        .await;
    check(&v, "error_7.json");
    assert_eq!(v["errors"][0]["parameter"], "tracker_id");
    let v = api
        .err("track/list", json!({"tracker_id": 3010001}), 7, 400)
        .await;
    assert_eq!(v["errors"][0]["parameter"], "from");
}
