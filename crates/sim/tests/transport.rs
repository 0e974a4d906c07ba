//! Request encodings, credential placements, paths and prefixes, auth errors, 2FA, ISO dates.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use trackmate_sim::{SimConfig, SimServer};

async fn body(resp: reqwest::Response) -> (StatusCode, Value) {
    let s = resp.status();
    (s, resp.json().await.unwrap())
}

#[tokio::test]
async fn three_encodings_give_the_same_answer() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    let ids = format!("[{},{}]", demo.moving_tracker_id, demo.tracker_ids[1]);
    let as_json = api
        .ok(
            "tracker/get_states",
            json!({"trackers": [demo.moving_tracker_id, demo.tracker_ids[1]]}),
        )
        .await;
    let form = api
        .http
        .post(api.url("tracker/get_states"))
        .form(&[
            ("trackers", ids.as_str()),
            ("hash", api.hash.as_str()),
            ("list_blocked", "false"),
        ])
        .send()
        .await
        .unwrap();
    let (s, as_form) = body(form).await;
    assert_eq!(s, 200, "{as_form}");
    let get = api
        .http
        .get(api.url("tracker/get_states"))
        .query(&[("trackers", ids.as_str()), ("hash", api.hash.as_str())])
        .send()
        .await
        .unwrap();
    let (s, as_get) = body(get).await;
    assert_eq!(s, 200, "{as_get}");
    assert_eq!(as_json, as_form);
    assert_eq!(as_json, as_get);
}

#[tokio::test]
async fn form_dates_are_raw_strings_and_bad_literals_are_7() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id.to_string();
    let from = days_ago(1);
    let to = days_ago(0);
    let form = [
        ("tracker_id", id.as_str()),
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("split", "false"),
        ("hash", api.hash.as_str()),
    ];
    let (s, v) = body(
        api.http
            .post(api.url("track/list"))
            .form(&form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["list"][0]["type"], "merged");
    let bad = [("trackers", "[1,"), ("hash", api.hash.as_str())];
    let (s, v) = body(
        api.http
            .post(api.url("tracker/get_states"))
            .form(&bad)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &v, 7, 400);
    assert_eq!(v["errors"][0]["parameter"], "trackers");
    let bad_bool = [
        ("tracker_id", id.as_str()),
        ("from", &from),
        ("to", &to),
        ("split", "maybe"),
        ("hash", &api.hash),
    ];
    let (s, v) = body(
        api.http
            .post(api.url("track/list"))
            .form(&bad_bool)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &v, 7, 400);
    let (s, v) = body(
        api.http
            .post(api.url("base/nothing"))
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &v, 5, 400);
}

#[tokio::test]
async fn hash_in_every_documented_place() {
    let api = Api::default().await;
    let url = api.url("base/nothing");
    let h = api.hash.clone();
    let reqs = [
        api.http
            .get(&url)
            .header("Authorization", format!("NVX {h}")),
        api.http
            .post(&url)
            .header("Authorization", format!("NVX {h}"))
            .json(&json!({})),
        api.http.post(&url).json(&json!({"hash": h})),
        api.http.post(&url).form(&[("hash", h.as_str())]),
        api.http.get(&url).query(&[("hash", h.as_str())]),
        api.http.post(&url).query(&[("hash", h.as_str())]),
    ];
    for r in reqs {
        let (s, v) = body(r.send().await.unwrap()).await;
        assert_eq!(
            (s.as_u16(), v["success"].clone()),
            (200, json!(true)),
            "{v}"
        );
    }
    // No space after NVX is malformed.
    let (s, v) = body(
        api.http
            .get(&url)
            .header("Authorization", format!("NVX{h}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &v, 3, 400);
}

#[tokio::test]
async fn trailing_slash_and_unknown_paths() {
    let api = Api::default().await;
    let with_slash = format!("{}/", api.url("tracker/list"));
    let (s, v) = body(
        api.http
            .post(with_slash)
            .json(&json!({"hash": api.hash}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 200);
    assert!(v["list"].is_array());
    for path in ["no/such/thing", "tracker", ""] {
        let (s, v) = body(
            api.http
                .post(api.url(path))
                .json(&json!({"hash": api.hash}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_error(s, &v, 111, 400);
    }
    // Outside the prefix.
    let (s, v) = body(
        api.http
            .post(format!("{}/tracker/list", api.sim.root_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_error(s, &v, 111, 400);
}

#[tokio::test]
async fn prefix_is_configurable_and_may_be_empty() {
    for prefix in ["", "/api/v9"] {
        let sim = SimServer::start(SimConfig {
            prefix: prefix.into(),
            ..config()
        })
        .await
        .unwrap();
        assert_eq!(sim.url(), format!("{}{prefix}", sim.root_url()));
        assert!(!sim.url().ends_with('/'));
        let resp = reqwest::Client::new()
            .post(format!("{}/user/auth/", sim.url()))
            .json(&json!({"login": "demo@trackmate.app", "password": "demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        sim.shutdown().await;
    }
}

#[tokio::test]
async fn auth_errors_and_logout() {
    let api = Api::default().await;
    let (s, v) = api
        .post_anon(
            "user/auth",
            json!({"login": "demo@trackmate.app", "password": "nope"}),
        )
        .await;
    assert_error(s, &v, 102, 400);
    let (s, v) = api
        .post_anon("user/auth", json!({"login": "demo@trackmate.app"}))
        .await;
    assert_error(s, &v, 7, 400);
    let (s, v) = api.post_anon("base/nothing", json!({"hash": "xyz"})).await;
    assert_error(s, &v, 3, 400);
    let (s, v) = api
        .post_anon(
            "base/nothing",
            json!({"hash": "ABCDEF0123456789ABCDEF0123456789"}),
        )
        .await;
    assert_error(s, &v, 3, 400);
    let (s, v) = api
        .post_anon(
            "base/nothing",
            json!({"hash": "0123456789abcdef0123456789abcdef"}),
        )
        .await;
    assert_error(s, &v, 4, 400);
    let (s, v) = api.post_anon("tracker/list", json!({})).await;
    assert_error(s, &v, 4, 400);

    assert_eq!(api.hash.len(), 32);
    assert!(
        api.hash
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    api.ok("user/session/renew", json!({})).await;
    let other = api.login().await;
    assert_ne!(other, api.hash);
    api.ok("user/logout", json!({})).await;
    api.err("base/nothing", json!({}), 4, 400).await;
    // Other sessions survive a logout.
    let (s, _) = api.post_anon("base/nothing", json!({"hash": other})).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn two_factor_flow() {
    let api = Api::start(SimConfig {
        two_factor_code: Some("123456".into()),
        ..config()
    })
    .await;
    let (s, v) = api
        .post_anon(
            "user/auth",
            json!({"login": "demo@trackmate.app", "password": "demo"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_shape(&v, &fixture("user_auth_2fa.json"), "2fa");
    assert_eq!(
        (v["type"].as_str(), v["factor_type"].as_str()),
        (Some("second_factor_required"), Some("email"))
    );
    let restricted = v["hash"].as_str().unwrap().to_string();
    // The restricted hash is good for nothing but the code calls: 11 elsewhere.
    let (s, e) = api
        .post_anon("tracker/list", json!({"hash": restricted}))
        .await;
    assert_error(s, &e, 11, 403);
    let (s, _) = api
        .post_anon("user/auth/code/resend", json!({"hash": restricted}))
        .await;
    assert_eq!(s, 200);
    let (s, e) = api
        .post_anon(
            "user/auth/code/verify",
            json!({"hash": restricted, "code": "000000"}),
        )
        .await;
    assert_error(s, &e, 282, 400);
    let (s, ok) = api
        .post_anon(
            "user/auth/code/verify",
            json!({"hash": restricted, "code": "123456"}),
        )
        .await;
    assert_eq!(s, 200);
    assert_shape(&ok, &fixture("user_auth_code_verify.json"), "verify");
    let full = ok["hash"].as_str().unwrap();
    assert_ne!(full, restricted);
    let (s, _) = api.post_anon("tracker/list", json!({"hash": full})).await;
    assert_eq!(s, 200);
    let (s, e) = api
        .post_anon(
            "user/auth/code/verify",
            json!({"hash": restricted, "code": "123456"}),
        )
        .await;
    assert_error(s, &e, 4, 400);
    let (s, e) = api
        .post_anon(
            "user/auth/code/verify",
            json!({"hash": full, "code": "123456"}),
        )
        .await;
    assert_error(s, &e, 11, 403);
}

fn is_iso(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with("+05:00")
}

fn is_naive(s: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok()
}

#[tokio::test]
async fn iso_datetime_by_param_or_header() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    let plain = api.ok("tracker/get_state", json!({"tracker_id": id})).await;
    assert!(is_naive(plain["user_time"].as_str().unwrap()));
    assert_eq!(plain["user_time"], "2025-06-18 14:30:00");
    let iso = api
        .ok(
            "tracker/get_state",
            json!({"tracker_id": id, "iso_datetime": true}),
        )
        .await;
    assert_eq!(iso["user_time"], "2025-06-18T14:30:00+05:00");
    assert!(is_iso(iso["state"]["gps"]["updated"].as_str().unwrap()));
    let resp = api
        .http
        .post(api.url("track/read"))
        .header("NVX-ISO-DateTime", "true")
        .json(&json!({"hash": api.hash, "tracker_id": id, "from": days_ago(1), "to": days_ago(0)}))
        .send()
        .await
        .unwrap();
    let v: Value = resp.json().await.unwrap();
    assert!(
        v["list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| is_iso(p["get_time"].as_str().unwrap()))
    );
    // ISO input with an offset is accepted and equals the naive local form.
    let a = api
        .ok(
            "track/list",
            json!({"tracker_id": id, "from": "2025-06-17 00:00:00", "to": "2025-06-18 00:00:00"}),
        )
        .await;
    let b = api
        .ok("track/list", json!({"tracker_id": id, "from": "2025-06-16T19:00:00Z", "to": "2025-06-18T00:00:00+05:00"}))
        .await;
    assert_eq!(a, b);
    api.err(
        "track/list",
        json!({"tracker_id": id, "from": "yesterday", "to": "2025-06-18 00:00:00"}),
        7,
        400,
    )
    .await;
    api.err(
        "track/list",
        json!({"tracker_id": id, "from": "2025-06-18 00:00:00", "to": "2025-06-17 00:00:00"}),
        7,
        400,
    )
    .await;
}

#[tokio::test]
async fn other_time_zone_renders_local_times() {
    let api = Api::start(SimConfig {
        time_zone: "America/New_York".into(),
        ..config()
    })
    .await;
    let id = api.sim.demo().moving_tracker_id;
    let v = api.ok("tracker/get_state", json!({"tracker_id": id})).await;
    assert_eq!(v["user_time"], "2025-06-18 05:30:00");
    let info = api.ok("user/get_info", json!({})).await;
    assert_eq!(info["user_info"]["time_zone"], "America/New_York");
    assert!(
        SimServer::start(SimConfig {
            time_zone: "Mars/Olympus".into(),
            ..config()
        })
        .await
        .is_err()
    );
}
