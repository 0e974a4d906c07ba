//! Every fault kind, rule scoping and consumption, the admin endpoints, hit counting.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
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
    ];
    for (spec, fault, times) in cases {
        let r: FaultRule = spec.parse().unwrap();
        assert_eq!((r.fault, r.times), (fault, times), "{spec}");
    }
    let scoped: FaultRule = "api=8@track/read".parse().unwrap();
    assert_eq!(scoped.endpoint.as_deref(), Some("track/read"));
    assert!("nonsense".parse::<FaultRule>().is_err());
}
