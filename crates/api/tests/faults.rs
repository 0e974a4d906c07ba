//! Failures against the emulator's faults on demand: what is retried, what is not, and that each
//! failure reaches the caller as its own kind with a message a person can act on.

mod common;
use common::*;
use std::time::Duration;
use trackmate_api::*;
use trackmate_sim::{Fault, FaultRule};

fn rule(fault: Fault, times: Option<u32>) -> FaultRule {
    FaultRule {
        fault,
        endpoint: Some("tracker/list".into()),
        times,
    }
}

#[tokio::test]
async fn rate_limits_and_unavailability_are_retried() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    for fault in [
        Fault::ApiError { code: 15 },
        Fault::ApiError { code: 8 },
        Fault::ApiError { code: 14 },
        Fault::HttpStatus { status: 503 },
        Fault::HtmlPage { status: 502 },
    ] {
        let before = sim.hits("tracker/list");
        sim.inject(rule(fault.clone(), Some(2)));
        let list = c
            .trackers()
            .list()
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert!(!list.is_empty());
        assert_eq!(
            sim.hits("tracker/list") - before,
            3,
            "{fault:?}: two failures, then success"
        );
    }
}

#[tokio::test]
async fn retries_are_bounded() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    sim.inject(rule(Fault::ApiError { code: 15 }, None));
    let before = sim.hits("tracker/list");
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.api_error().unwrap().http_status, 429);
    assert!(e.message().contains("rate limit"));
    assert_eq!(
        sim.hits("tracker/list") - before,
        1 + fast_retry().max_retries as usize
    );
    sim.clear_faults();
    c.trackers().list().await.unwrap();
}

#[tokio::test]
async fn session_expiry_is_not_retried() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    sim.inject(rule(Fault::ApiError { code: 4 }, Some(1)));
    let before = sim.hits("tracker/list");
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Session);
    assert_eq!(sim.hits("tracker/list") - before, 1);
}

#[tokio::test]
async fn broken_replies_are_named() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    sim.inject(rule(Fault::MalformedJson, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson, "{e}");
    assert!(e.detail().contains("malformed JSON"), "{}", e.detail());

    sim.inject(rule(Fault::TruncatedBody, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e}");
    assert!(
        e.detail().contains("before the whole reply arrived"),
        "{}",
        e.detail()
    );

    sim.inject(rule(Fault::HtmlPage { status: 404 }, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert!(e.message().contains("Check the server address"));

    sim.inject(rule(Fault::HttpStatus { status: 500 }, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert!(matches!(e.code(), Some(1) | Some(6)));
}

#[tokio::test]
async fn slow_servers_time_out() {
    let sim = sim().await;
    let demo = sim.demo();
    let c = Client::builder(&sim.url())
        .timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    sim.inject(rule(Fault::Latency { ms: 1500 }, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    sim.inject(rule(Fault::SlowBody { ms: 1500 }, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.message().contains("did not answer in time"));
    // Within the timeout, latency is only latency.
    sim.inject(rule(Fault::Latency { ms: 50 }, Some(1)));
    c.trackers().list().await.unwrap();
}

#[tokio::test]
async fn dead_network_and_wrong_addresses() {
    // Nothing listens on a port we just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::builder(&format!("http://127.0.0.1:{port}/v2"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let e = c.user().auth("a", "b", None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connect, "{e}");
    assert!(e.message().contains("Could not connect"));

    let c = Client::builder("http://trackmate-test.invalid/v2")
        .retry(fast_retry())
        .build()
        .unwrap();
    let e = c.user().auth("a", "b", None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Dns, "{e}");

    // TLS spoken to a plain-HTTP server fails the handshake.
    let sim = sim().await;
    let https = sim.url().replacen("http://", "https://", 1);
    let c = Client::builder(&https).retry(fast_retry()).build().unwrap();
    let e = c.user().auth("a", "b", None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e} / {}", e.detail());

    // A web site that is not the API: a page, not JSON.
    let c = Client::builder(&sim.root_url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let e = c.user().auth("a", "b", None).await.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::NotJson | ErrorKind::Api),
        "{e}"
    );
}
