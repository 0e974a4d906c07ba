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

fn on(endpoint: &str, fault: Fault) -> FaultRule {
    FaultRule {
        fault,
        endpoint: Some(endpoint.into()),
        times: Some(1),
    }
}

/// A signed-in client with a short silence limit (and a long total timeout, so that only the
/// silence can end a call) or a small reply limit.
async fn tuned(sim: &trackmate_sim::SimServer, read: Duration, max_bytes: u64) -> Client {
    let demo = sim.demo();
    let c = Client::builder(&sim.url())
        .timeout(Duration::from_secs(120))
        .read_timeout(read)
        .max_reply_bytes(max_bytes)
        .retry(fast_retry())
        .build()
        .unwrap();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    c
}

#[tokio::test]
async fn a_reply_that_stalls_or_never_starts_times_out_on_the_silence() {
    let sim = sim().await;
    let c = tuned(&sim, Duration::from_millis(300), DEFAULT_MAX_REPLY_BYTES).await;
    // Headers and half the body, then a minute of nothing.
    sim.inject(rule(Fault::Stall { ms: 60_000 }, Some(1)));
    let before = sim.hits("tracker/list");
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.detail().contains("stopped arriving"), "{}", e.detail());
    assert!(e.detail().contains("300 ms"), "{}", e.detail());
    assert!(e.message().contains("did not answer in time"), "{e}");
    assert_eq!(
        sim.hits("tracker/list") - before,
        1,
        "a stall is not retried"
    );
    // Headers that never come (within the silence limit).
    sim.inject(rule(Fault::Latency { ms: 60_000 }, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(
        e.detail().contains("no reply within 300 ms"),
        "{}",
        e.detail()
    );
    // A reply trickling in under the silence limit is only slow: it arrives whole.
    sim.inject(rule(Fault::SlowBody { ms: 400 }, Some(1)));
    assert!(!c.trackers().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_connection_broken_mid_body_is_a_network_failure() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    sim.inject(rule(Fault::ResetMidBody, Some(1)));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e}");
    assert!(
        e.detail().contains("before the whole reply arrived"),
        "{}",
        e.detail()
    );
    // Nothing is remembered of the broken reply: the next call is whole.
    assert!(!c.trackers().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_endless_body_and_a_gzip_bomb_stop_at_the_reply_limit() {
    let sim = sim().await;
    let c = tuned(&sim, Duration::from_secs(30), 1_000_000).await;
    let id = sim.demo().moving_tracker_id;
    let (from, to) = (days_ago(&c, 1), at_now(&c));
    let opts = TrackReadOptions::default();
    // A server that never stops sending points.
    sim.inject(on("track/read", Fault::HugeBody { bytes: u64::MAX }));
    let e = c.tracks().read(id, &from, &to, &opts).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    assert!(
        e.message()
            .starts_with("The server's reply was larger than 1 MB"),
        "{e}"
    );
    assert!(e.message().contains("shorter period"), "{e}");
    // 64 MB of spaces in ~64 KB of gzip: under the limit on the wire, over it inflated.
    sim.inject(on("track/read", Fault::GzipBomb { bytes: 64 << 20 }));
    let e = c.tracks().read(id, &from, &to, &opts).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    // A small gzip body is inflated and read (here: JSON that never ends).
    sim.inject(on("track/read", Fault::GzipBomb { bytes: 1000 }));
    let e = c.tracks().read(id, &from, &to, &opts).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson, "{e}");
    assert!(
        e.detail().contains("cut off after 1000 bytes"),
        "{}",
        e.detail()
    );
    // Replies under the limit pass as before.
    assert!(!c.trackers().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn retry_after_is_followed_within_the_cap() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    // 429 and 503 asking for one second: one retry, after at least that second.
    for status in [429, 503] {
        // Seconds for the 429, an HTTP-date (1 s resolution: 1–2 s from now) for the 503.
        let value = match status {
            429 => "1".to_owned(),
            _ => httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2)),
        };
        sim.inject(rule(Fault::RetryAfter { status, value }, Some(1)));
        let before = sim.hits("tracker/list");
        let started = std::time::Instant::now();
        c.trackers().list().await.unwrap();
        assert_eq!(sim.hits("tracker/list") - before, 2, "{status}");
        // fast_retry's own backoff is 5–20 ms: only the header explains this wait.
        assert!(
            started.elapsed() >= Duration::from_millis(900),
            "{status}: {:?}",
            started.elapsed()
        );
    }
    // Asking for an hour: no waiting, no retry, and the wait is named.
    sim.inject(rule(
        Fault::RetryAfter {
            status: 429,
            value: "3600".into(),
        },
        Some(1),
    ));
    let before = sim.hits("tracker/list");
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert!(
        e.message()
            .ends_with("The server asks to wait 60 min before trying again."),
        "{e}"
    );
    assert_eq!(sim.hits("tracker/list") - before, 1);
}

#[tokio::test]
async fn server_errors_without_an_api_code_say_server_error() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    for fault in [
        Fault::HtmlPage { status: 500 },
        Fault::ErrorWithoutCode { status: 500 },
    ] {
        let before = sim.hits("tracker/list");
        sim.inject(rule(fault.clone(), Some(1)));
        let e = c.trackers().list().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{fault:?}: {e}");
        assert!(
            e.message()
                .starts_with("The server had an internal error (HTTP 500"),
            "{e}"
        );
        assert!(e.message().contains("administrator"), "{e}");
        assert!(e.is_retryable());
        assert_eq!(sim.hits("tracker/list") - before, 1, "{fault:?}");
    }
    // Gateways keep meaning "unavailable" (and are retried).
    sim.inject(rule(Fault::ErrorWithoutCode { status: 503 }, Some(1)));
    assert!(!c.trackers().list().await.unwrap().is_empty());
    sim.inject(rule(Fault::ErrorWithoutCode { status: 504 }, None));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable, "{e}");
    sim.clear_faults();
}
