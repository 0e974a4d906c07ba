//! Every fault kind, rule scoping and consumption, the admin endpoints, hit counting.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};
use trackmate_sim::{Fault, FaultRule};

fn once(fault: Fault) -> FaultRule {
    FaultRule {
        fault,
        endpoint: None,
        times: Some(1),
    }
}

async fn raw_post(api: &Api, endpoint: &str) -> reqwest::Response {
    api.http
        .post(api.url(endpoint))
        .json(&json!({"hash": api.hash}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn latency_delays_then_serves() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::Latency { ms: 300 }));
    let t = Instant::now();
    api.ok("base/nothing", json!({})).await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    let t = Instant::now();
    api.ok("base/nothing", json!({})).await;
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "rule was consumed"
    );
}

#[tokio::test]
async fn http_status_and_api_errors() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::HttpStatus { status: 502 }));
    api.err("base/nothing", json!({}), 6, 502).await;
    api.sim.inject(once(Fault::HttpStatus { status: 500 }));
    api.err("base/nothing", json!({}), 1, 500).await;
    for (code, status) in [(8, 503), (14, 503), (15, 429), (4, 400)] {
        api.sim.inject(once(Fault::ApiError { code }));
        api.err("base/nothing", json!({}), code as u64, status)
            .await;
    }
    api.ok("base/nothing", json!({})).await;
}

#[tokio::test]
async fn malformed_json_and_html_page() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::MalformedJson));
    let r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&r.bytes().await.unwrap()).is_err());

    api.sim.inject(once(Fault::HtmlPage { status: 502 }));
    let r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status(), 502);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let text = r.text().await.unwrap();
    assert!(text.contains("502 Bad Gateway") && text.contains("nginx"));
}

#[tokio::test]
async fn truncated_body_breaks_mid_json() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::TruncatedBody));
    let r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status(), 200);
    let declared: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The connection closes before the declared length: reading the body fails, or what
    // arrives is short and not valid JSON.
    match r.bytes().await {
        Err(_) => {}
        Ok(b) => {
            assert!(b.len() < declared);
            assert!(serde_json::from_slice::<serde_json::Value>(&b).is_err());
        }
    }
    api.ok("tracker/list", json!({})).await;
}

#[tokio::test]
async fn slow_body_trickles_a_valid_body() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::SlowBody { ms: 600 }));
    let t = Instant::now();
    let r = raw_post(&api, "tracker/list").await;
    let headers_after = t.elapsed();
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    assert!(
        headers_after < Duration::from_millis(300),
        "{headers_after:?}"
    );
    assert!(t.elapsed() >= Duration::from_millis(500));
    assert!(v["list"].is_array());
}

#[tokio::test]
async fn rules_scope_to_endpoints_and_count_down() {
    let api = Api::default().await;
    api.sim.inject(FaultRule {
        fault: Fault::ApiError { code: 8 },
        endpoint: Some("track/list".into()),
        times: Some(2),
    });
    let body = json!({"tracker_id": api.sim.demo().moving_tracker_id, "from": days_ago(1), "to": days_ago(0)});
    api.ok("tracker/list", json!({})).await;
    api.err("track/list", body.clone(), 8, 503).await;
    api.err("track/list", body.clone(), 8, 503).await;
    api.ok("track/list", body.clone()).await;
    assert_eq!(api.sim.hits("track/list"), 3);
    assert_eq!(api.sim.hits("tracker/list"), 1);

    api.sim
        .inject(FaultRule::always(Fault::ApiError { code: 14 }));
    for _ in 0..3 {
        api.err("base/nothing", json!({}), 14, 503).await;
    }
    api.sim.clear_faults();
    api.ok("base/nothing", json!({})).await;
}

#[tokio::test]
async fn admin_endpoints_and_session_expiry() {
    let api = Api::default().await;
    let http = &api.http;
    let root = api.sim.root_url();
    let rule =
        json!({"fault": {"kind": "api_error", "code": 15}, "endpoint": "base/nothing", "times": 1});
    let r = http
        .post(format!("{root}/__sim/faults"))
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    api.err("base/nothing", json!({}), 15, 429).await;
    api.ok("base/nothing", json!({})).await;

    let forever = json!({"fault": {"kind": "http_status", "status": 503}});
    http.post(format!("{root}/__sim/faults"))
        .json(&forever)
        .send()
        .await
        .unwrap();
    api.err("base/nothing", json!({}), 6, 503).await;
    let r = http
        .delete(format!("{root}/__sim/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    api.ok("base/nothing", json!({})).await;
    let bad = http
        .post(format!("{root}/__sim/faults"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    let r = http
        .post(format!("{root}/__sim/expire_sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    api.err("base/nothing", json!({}), 4, 400).await;
    let fresh = api.login().await;
    api.sim.expire_all_sessions();
    let (s, v) = api.post_anon("base/nothing", json!({"hash": fresh})).await;
    assert_error(s, &v, 4, 400);

    // How often an endpoint was asked, for tests outside this process (the app end to end).
    let asked = api.sim.hits("base/nothing");
    assert!(asked >= 4);
    let hits = |endpoint: &'static str| {
        let url = format!("{root}/__sim/hits/{endpoint}");
        async move {
            http.get(url)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(hits("base/nothing").await, json!({ "hits": asked }));
    assert_eq!(hits("tracker/get_states").await, json!({ "hits": 0 }));

    // The clock moved from outside: the server's "now" is an hour later.
    let hash = api.login().await;
    let now = || async {
        let id = api.sim.demo().moving_tracker_id;
        let query = json!({"hash": hash, "trackers": [id]});
        let (_, r) = api.post_anon("tracker/get_states", query).await;
        let t = r["user_time"].as_str().unwrap().to_owned();
        chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S").unwrap()
    };
    let before = now().await;
    let url = format!("{root}/__sim/advance_clock/3600");
    assert_eq!(http.post(url).send().await.unwrap().status(), 200);
    let moved = (now().await - before).num_seconds();
    assert!((3600..3660).contains(&moved), "{moved} s");
    let bad = http
        .post(format!("{root}/__sim/advance_clock/x"))
        .send()
        .await;
    assert_eq!(bad.unwrap().status(), 400);
}

#[test]
fn fault_specs_parse() {
    let cases = [
        ("latency=200", Fault::Latency { ms: 200 }, None),
        ("status=502", Fault::HttpStatus { status: 502 }, None),
        ("api=15:3", Fault::ApiError { code: 15 }, Some(3)),
        ("malformed", Fault::MalformedJson, None),
        ("truncated", Fault::TruncatedBody, None),
        ("html=502", Fault::HtmlPage { status: 502 }, None),
        ("slow=2000", Fault::SlowBody { ms: 2000 }, None),
        ("expired:1", Fault::ApiError { code: 4 }, Some(1)),
        ("stall=60000", Fault::Stall { ms: 60_000 }, None),
        ("reset:2", Fault::ResetMidBody, Some(2)),
        ("huge=5000", Fault::HugeBody { bytes: 5000 }, None),
        ("bomb=5000", Fault::GzipBomb { bytes: 5000 }, None),
        (
            "retry429=3",
            Fault::RetryAfter {
                status: 429,
                value: "3".into(),
            },
            None,
        ),
        ("nocode=502", Fault::ErrorWithoutCode { status: 502 }, None),
    ];
    for (spec, fault, times) in cases {
        let r: FaultRule = spec.parse().unwrap();
        assert_eq!((r.fault, r.times), (fault, times), "{spec}");
    }
    let scoped: FaultRule = "api=8@track/read".parse().unwrap();
    assert_eq!(scoped.endpoint.as_deref(), Some("track/read"));
    assert!("nonsense".parse::<FaultRule>().is_err());
}

#[tokio::test]
async fn stall_sends_the_head_then_waits_then_the_rest() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::Stall { ms: 500 }));
    let t = Instant::now();
    let mut r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status(), 200);
    let mut body = r.chunk().await.unwrap().unwrap().to_vec();
    assert!(
        serde_json::from_slice::<serde_json::Value>(&body).is_err(),
        "half a body"
    );
    while let Some(c) = r.chunk().await.unwrap() {
        body.extend_from_slice(&c);
    }
    assert!(t.elapsed() >= Duration::from_millis(500));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(v["list"].is_array());
}

#[tokio::test]
async fn reset_breaks_the_connection_mid_body() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::ResetMidBody));
    let r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("content-length").is_none());
    assert!(r.bytes().await.is_err(), "the chunked body never ends");
    api.ok("tracker/list", json!({})).await;
}

#[tokio::test]
async fn huge_body_sends_that_many_bytes_of_points() {
    let api = Api::default().await;
    api.sim.inject(once(Fault::HugeBody { bytes: 3_000_000 }));
    let r = raw_post(&api, "track/read").await;
    let body = r.bytes().await.unwrap();
    let head = br#"{"success":true,"limit_exceeded":false,"list":["#;
    assert!(body.starts_with(head));
    assert_eq!(body.len(), head.len() + 3_000_000);
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn gzip_bomb_is_small_on_the_wire_and_huge_inflated() {
    use std::io::Read as _;
    let api = Api::default().await;
    let bytes = 32u64 << 20;
    api.sim.inject(once(Fault::GzipBomb { bytes }));
    // Without decompression: what travels.
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let r = raw
        .post(api.url("track/read"))
        .json(&json!({"hash": api.hash}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let wire = r.bytes().await.unwrap();
    assert!(
        (wire.len() as u64) < bytes / 100,
        "{} bytes sent",
        wire.len()
    );
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated.len() as u64, bytes);
    assert!(inflated.starts_with(br#"{"success":true,"list":["#));
}

#[tokio::test]
async fn retry_after_and_errors_without_a_code() {
    let api = Api::default().await;
    for (status, code) in [(429u16, 15), (503, 8)] {
        api.sim.inject(once(Fault::RetryAfter {
            status,
            value: "Wed, 21 Oct 2015 07:28:00 GMT".into(),
        }));
        let r = raw_post(&api, "tracker/list").await;
        assert_eq!(r.status().as_u16(), status);
        assert_eq!(r.headers()["retry-after"], "Wed, 21 Oct 2015 07:28:00 GMT");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["status"]["code"], code);
    }
    api.sim
        .inject(once(Fault::ErrorWithoutCode { status: 500 }));
    let r = raw_post(&api, "tracker/list").await;
    assert_eq!(r.status().as_u16(), 500);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["success"], false);
    assert!(v["status"].get("code").is_none(), "{v}");
    api.ok("tracker/list", json!({})).await;
}
