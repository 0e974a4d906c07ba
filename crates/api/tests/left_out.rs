//! The two reported cases of one bad record sinking a whole reply, and counts summed over the
//! windows of a long period (a tiny loopback server answers each window with a canned reply).

use chrono::{Duration, TimeZone};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trackmate_api::*;

fn tz() -> chrono_tz::Tz {
    "Europe/Berlin".parse().unwrap()
}

fn dec<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
    decode_reply::<T>(200, "application/json", json.as_bytes(), tz())
}

#[test]
fn a_points_list_entry_without_get_time_leaves_the_trip_and_its_other_points() {
    let l: TrackList = dec(r#"{"success":true,"list":[
            {"type":"single_report","id":7,"start_date":"2024-07-01 10:00:00","points_list":[
                {"lat":51.1,"lng":71.4,"get_time":"2024-07-01 10:00:00"},
                {"lat":51.2,"lng":71.5}
            ]},
            {"type":"regular","id":8,"start_date":"2024-07-01 11:00:00","points":2}
        ]}"#)
    .expect("the reply decodes");
    assert_eq!(l.list.len(), 2);
    assert_eq!(l.list[0].points_list().len(), 1);
    assert_eq!(l.left_out.count(Item::Point, Reason::NoTime), 1);
    assert_eq!(l.left_out.total(), 1);
    assert_eq!(
        l.left_out.sentence(Item::Point, 1).as_deref(),
        Some("1 of 2 points could not be placed and was left out: 1 without a time")
    );
}

#[test]
fn a_track_read_point_without_lat_leaves_the_rest_of_the_track() {
    let l: TrackPoints = dec(r#"{"list":[
            {"lat":51.1,"lng":71.4,"get_time":"2024-07-01 10:00:00","speed":"12"},
            {"lng":71.5,"get_time":"2024-07-01 10:00:01"},
            {"lat":95,"lng":71.5,"get_time":"2024-07-01 10:00:02"},
            {"lat":"NaN","lng":71.5,"get_time":"2024-07-01 10:00:03"},
            {"lat":51.3,"lng":71.6,"get_time":"yesterday"},
            null,
            {"lat":51.4,"lng":71.7,"get_time":"2024-07-01 10:00:05","alt":{"m":3},"address":null}
        ],"limit_exceeded":"no","success":true}"#)
    .expect("the reply decodes");
    assert_eq!(l.list.len(), 2);
    assert_eq!(l.list[0].speed, Some(12), "a numeric string is read");
    assert_eq!(l.list[1].alt, None);
    assert_eq!(l.list[1].address, "");
    assert!(!l.limit_exceeded);
    assert_eq!(l.left_out.count(Item::Point, Reason::NoPosition), 2);
    assert_eq!(l.left_out.count(Item::Point, Reason::OutOfRange), 1);
    assert_eq!(l.left_out.count(Item::Point, Reason::NoTime), 1);
    assert_eq!(l.left_out.count(Item::Point, Reason::Unreadable), 1);
    assert_eq!(
        l.left_out.sentence(Item::Point, l.list.len()).as_deref(),
        Some(
            "5 of 7 points could not be placed and were left out: 2 without a position, \
             1 with a position out of range, 1 without a time, 1 unreadable"
        )
    );
}

#[test]
fn only_the_envelope_fails_a_reply() {
    let e = dec::<TrackPoints>(r#"{"success":false,"status":{"code":7,"description":"x"}}"#)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    // A list that is not a list, a flag that is not a flag: an empty, usable reply.
    let l: TrackPoints = dec(r#"{"success":true,"list":{"a":1},"limit_exceeded":[1]}"#).unwrap();
    assert!(l.list.is_empty() && l.left_out.is_empty());
    // A repeated key takes the last value instead of failing.
    let p: TrackPoints =
        dec(r#"{"list":[{"lat":1,"lat":2,"lng":3,"get_time":"2024-07-01 10:00:00"}]}"#).unwrap();
    assert_eq!(p.list[0].lat, 2.0);
}

/// Serves `replies` in order, one per HTTP request, on a loopback port; returns its base URL.
async fn canned(replies: Vec<String>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let replies = Arc::new(Mutex::new(replies.into_iter()));
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let replies = replies.clone();
            tokio::spawn(async move {
                // Read the head, then the body by Content-Length.
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = replies.lock().unwrap().next().unwrap_or_default();
                let resp = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn counts_are_summed_over_the_windows_of_a_long_period() {
    let point = |t: &str| format!(r#"{{"lat":51.1,"lng":71.4,"get_time":"{t}"}}"#);
    let w1 = format!(
        r#"{{"success":true,"list":[{},{{"lng":1,"get_time":"2024-07-01 10:00:00"}}]}}"#,
        point("2024-07-01 09:00:00")
    );
    let w2 = format!(
        r#"{{"success":true,"list":[{},{{"lat":1,"lng":2}},{{"lat":1}}]}}"#,
        point("2024-07-03 09:00:00")
    );
    let url = canned(vec![w1, w2]).await;
    let c = Client::new(&url).unwrap();
    let mut limits = c.limits();
    limits.track_max_span = Duration::days(2);
    c.set_limits(limits);
    let from = chrono_tz::UTC
        .with_ymd_and_hms(2024, 7, 1, 0, 0, 0)
        .unwrap();
    let to = from + Duration::days(3);
    let p = c
        .tracks()
        .read(1, &from, &to, &TrackReadOptions::default())
        .await
        .expect("both windows decode");
    assert_eq!(p.list.len(), 2, "one usable point per window");
    assert_eq!(p.left_out.count(Item::Point, Reason::NoPosition), 2);
    assert_eq!(p.left_out.count(Item::Point, Reason::NoTime), 1);
    assert_eq!(
        p.left_out.sentence(Item::Point, p.list.len()).as_deref(),
        Some(
            "3 of 5 points could not be placed and were left out: 2 without a position, 1 without a time"
        )
    );
}

#[tokio::test]
async fn trips_left_out_are_summed_over_windows_too() {
    let w1 = r#"{"success":true,"list":[{"type":"teleport"},{"type":"regular","id":1,"start_date":"2024-07-01 10:00:00"}]}"#;
    let w2 = r#"{"success":true,"list":[{"type":"regular","id":2},7]}"#;
    let url = canned(vec![w1.into(), w2.into()]).await;
    let c = Client::new(&url).unwrap();
    let mut limits = c.limits();
    limits.track_max_span = Duration::days(2);
    c.set_limits(limits);
    let from = chrono_tz::UTC
        .with_ymd_and_hms(2024, 7, 1, 0, 0, 0)
        .unwrap();
    let l = c
        .tracks()
        .list(
            1,
            &from,
            &(from + Duration::days(3)),
            &TrackListOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(l.list.len(), 1);
    assert_eq!(l.left_out.count(Item::Trip, Reason::UnknownKind), 1);
    assert_eq!(l.left_out.count(Item::Trip, Reason::NoTime), 1);
    assert_eq!(l.left_out.count(Item::Trip, Reason::Unreadable), 1);
}
