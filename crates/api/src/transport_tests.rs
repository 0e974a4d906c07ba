//! Unit tests of `transport`: error envelopes, pages that are not JSON, server errors without a
//! code, and decode errors that name their JSON path.

use super::*;
use serde_json::Value;

fn dec(status: u16, ct: &str, body: &str) -> Result<Value> {
    decode_reply::<Value>(status, ct, body.as_bytes(), chrono_tz::Tz::UTC)
}

#[test]
fn error_envelopes_become_typed_api_errors() {
    let e = dec(
        400,
        "application/json",
        r#"{"success":false,"status":{"code":102,"description":"Wrong login or password"}}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_eq!(e.api_code(), Some(ApiCode::WrongLoginOrPassword));
    let e = dec(
        200,
        "application/json",
        r#"{"status":{"code":4,"description":"x"},"success":false}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Session);
    let e = dec(
        429,
        "application/json",
        r#"{"success":false,"status":{"code":15,"description":"x"}}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    let e = dec(400, "application/json", r#"{"success":false,"status":{"code":7,"description":"Invalid parameters"},"errors":[{"parameter":"from","error":"bad date"}]}"#).unwrap_err();
    assert!(e.message().contains("from: bad date"), "{}", e.message());
}

#[test]
fn html_and_garbage_are_not_json() {
    let e = dec(
        404,
        "text/html",
        "<html><head><title>404 Not Found</title></head></html>",
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert!(e.detail().contains("404 Not Found"), "{}", e.detail());
    let e = dec(
        502,
        "text/html",
        "<html><title>502 Bad Gateway</title></html>",
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    let e = dec(200, "application/json", r#"{"success":true,"list":[1,2"#).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson);
    assert!(e.detail().contains("cut off"), "{}", e.detail());
}

#[test]
fn server_failures_without_a_code_are_server_errors_by_status() {
    for (status, ct, body) in [
        (
            500,
            "text/html",
            "<html><title>500 Internal Server Error</title></html>",
        ),
        (500, "application/json", r#"{"success":false}"#),
        (
            500,
            "application/json",
            r#"{"success":false,"status":{"description":"x"}}"#,
        ),
        (500, "text/plain", ""),
        (507, "application/json", r#"{"success":false}"#),
    ] {
        let e = dec(status, ct, body).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Server, "{status} {body}: {e}");
        assert!(e.message().contains(&format!("(HTTP {status}")), "{e}");
    }
    // A 500 that carries an API code is that API error.
    let e = dec(
        500,
        "application/json",
        r#"{"success":false,"status":{"code":1,"description":"x"}}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    // Gateways are unavailability, with or without a JSON envelope; 429 is a rate limit.
    for body in [r#"{"success":false}"#, "<html>503</html>"] {
        assert_eq!(
            dec(503, "", body).unwrap_err().kind(),
            ErrorKind::Unavailable
        );
    }
    let e = dec(
        429,
        "text/html",
        "<html><title>429 Too Many Requests</title></html>",
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
}

#[test]
fn decode_errors_name_the_path() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct T {
        list: Vec<Item>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: i64,
    }
    let e = decode_reply::<T>(
        200,
        "application/json",
        br#"{"success":true,"list":[{"id":1},{"id":"x"}]}"#,
        chrono_tz::Tz::UTC,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.detail().contains("list[1].id"), "{}", e.detail());
}

/// A port on loopback where nothing listens: bound, then closed.
fn closed_port() -> std::net::SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

#[tokio::test]
async fn a_refused_connection_is_connect_whatever_words_the_host_name_holds() {
    let addr = closed_port();
    for host in [
        "alerts.example.com",
        "tls-certificate-handshake.example.com",
        "dns-error.failed-to-lookup.example.com",
        "timed-out.example.com",
    ] {
        // The name resolves to the closed port, so the real connector fails with the name in
        // reqwest's message (the old word match read "alert"/"tls"/"certificate" there).
        let http = reqwest::Client::builder()
            .resolve(host, addr)
            .build()
            .unwrap();
        for scheme in ["http", "https"] {
            let url = format!("{scheme}://{host}:{}/v2/user/auth", addr.port());
            let raw = http.post(&url).send().await.unwrap_err();
            assert!(
                raw.to_string().contains(host),
                "the name is in the text: {raw}"
            );
            let e = transport_error(raw, std::time::Duration::from_secs(60));
            assert_eq!(e.kind(), ErrorKind::Connect, "{url}: {e}");
            assert_eq!(e.tls_problem(), None);
            assert!(e.message().contains("Could not connect"), "{e}");
        }
    }
}

#[test]
fn redirects_name_the_new_address_without_the_action() {
    let e = redirect_error(
        301,
        "http://old.example.com/v2/user/auth",
        "https://new.example.com/v2/user/auth",
        "user/auth",
    );
    assert_eq!(e.kind(), ErrorKind::Redirect);
    assert!(
        e.message()
            .contains("moved to https://new.example.com/v2 (HTTP 301)"),
        "{e}"
    );
    // Relative locations are read against the request's URL.
    let e = redirect_error(
        308,
        "http://h.example.com/v2/tracker/list",
        "/api/v2/tracker/list",
        "tracker/list",
    );
    assert!(e.message().contains("http://h.example.com/api/v2 "), "{e}");
    // Another path is named whole; no location at all says so.
    let e = redirect_error(
        302,
        "http://h/v2/user/auth",
        "https://sso.example.com/login?x=1",
        "user/auth",
    );
    assert!(
        e.message().contains("https://sso.example.com/login "),
        "{e}"
    );
    let e = redirect_error(307, "http://h/v2/user/auth", "", "user/auth");
    assert!(e.message().contains("without a usable new address"), "{e}");
}
