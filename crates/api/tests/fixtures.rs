//! Contract tests: every reply example in `tests/fixtures/` (a copy of the shared API fixtures,
//! so the crate stands alone) decodes into its typed response, exactly as the client decodes a
//! live reply; error examples become the right typed errors.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use trackmate_api::live::{self, Message};
use trackmate_api::*;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn body(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn tz() -> chrono_tz::Tz {
    "America/New_York".parse().unwrap()
}

/// A WebSocket fixture read as the live client reads a frame.
fn frame(name: &str) -> live::Message {
    let text = String::from_utf8(body(name)).unwrap();
    match live::parse_frame(&text, tz()) {
        live::Frame::Message(m) => m,
        other => panic!("{name}: {other:?}"),
    }
}

fn ok<T: DeserializeOwned>(name: &str) -> T {
    decode_reply::<T>(200, "application/json", &body(name), tz())
        .unwrap_or_else(|e| panic!("{name}: {e} ({})", e.detail()))
}

/// The crate's own list reply; every vendor example decodes whole (nothing left out).
fn list<T: serde::de::DeserializeOwned + std::fmt::Debug>(name: &str) -> RecordList<T>
where
    RecordList<T>: serde::de::DeserializeOwned,
{
    let l: RecordList<T> = ok(name);
    assert!(l.left_out.is_empty(), "{name}: left out {}", l.left_out);
    l
}

/// The crate's own value reply; every vendor example holds a usable value.
fn val<T: std::fmt::Debug>(name: &str) -> T
where
    RecordValue<T>: serde::de::DeserializeOwned,
{
    let v: RecordValue<T> = ok(name);
    assert!(v.left_out.is_empty(), "{name}: left out {}", v.left_out);
    v.value.unwrap_or_else(|| panic!("{name}: no value"))
}
#[derive(Deserialize)]
struct State {
    state: TrackerState,
}
#[derive(Deserialize)]
struct Hash {
    hash: String,
}
#[derive(Deserialize)]
struct Settings {
    settings: UserSettings,
}
#[derive(Deserialize)]
#[allow(dead_code)]
struct UserTimeOnly {
    #[serde(with = "trackmate_api::time::serde_time")]
    user_time: Time,
}

/// What each fixture must decode as. A fixture missing from this table fails the test, so a
/// new example cannot be skipped silently.
fn check(name: &str) {
    match name {
        "user_auth.json"
        | "user_auth_2fa.json"
        | "user_auth_minimal.json"
        | "user_auth_code_verify.json" => {
            assert_eq!(ok::<Hash>(name).hash.len(), 32);
        }
        "user_get_info.json" => {
            let info: UserGetInfo = ok(name);
            assert_eq!(
                info.user_info.time_zone.as_deref(),
                Some("America/New_York")
            );
            assert_eq!(info.paas_id, Some(7));
        }
        "user_settings_read.json" => {
            assert_eq!(
                ok::<Settings>(name).settings.time_zone.as_deref(),
                Some("Europe/Amsterdam")
            );
        }
        "user_logout.json" | "success.json" => {
            ok::<serde::de::IgnoredAny>(name);
        }
        "dealer_get_ui_config.json" => {
            let l = ok::<UiConfig>(name).limits();
            assert_eq!(l.history_max_limit, Some(10));
            assert_eq!(l.report_max_time_span, Some(chrono::Duration::days(90)));
            assert_eq!(l.iso_datetime_support, Some(true));
        }
        "datetime_iso_offset_example.json" | "datetime_iso_utc_example.json" => {
            let t = ok::<UserTimeOnly>(name).user_time;
            assert_eq!(t.timestamp(), 1_404_874_258, "{name}"); // 2014-07-09T02:50:58Z
        }
        "tracker_list.json" => {
            let l = list::<Tracker>(name);
            // device_id is a number in this example.
            assert_eq!(l.list[0].source.device_id.as_deref(), Some("9999999988888"));
            assert_eq!(l.list[0].tag_bindings[0].tag_id, 456789);
        }
        "tracker_list_guide.json" => {
            let l = list::<Tracker>(name);
            assert_eq!(l.list.len(), 4);
            assert_eq!(l.list[2].source.phone, None);
        }
        "tracker_read.json" => {
            val::<Tracker>(name);
        }
        "tracker_group_list.json" => {
            assert_eq!(
                list::<TrackerGroup>(name).list[0].color.as_deref(),
                Some("FF6DDC")
            );
        }
        "tracker_get_state.json" => {
            let s = ok::<State>(name).state;
            assert!(s.gps.location.is_some());
        }
        "tracker_get_states.json" => {
            let s: TrackerStates = ok(name);
            assert_eq!(s.blocked, vec![888999]);
            assert_eq!(s.not_exist, vec![111333]);
            let st = &s.states[&1234567];
            assert_eq!(st.movement_status, Some(MovementStatus::Moving));
            assert!((st.gps.location.unwrap().lat - 45.0888968).abs() < 1e-9);
        }
        "tracker_get_last_gps_point.json" => {
            let p = val::<LastGpsPoint>(name);
            assert_eq!(p.precision, Some(100));
        }
        "track_list.json" => {
            let l: TrackList = ok(name);
            assert!(matches!(l.list[0], TrackInfo::Regular(_)));
            assert!(matches!(l.list[1], TrackInfo::SingleReport(_)));
            let TrackInfo::Cluster(c) = &l.list[2] else {
                panic!("third item is a cluster")
            };
            assert!(!c.points.is_empty());
            assert_eq!(l.list[0].id(), Some(123456));
            let TrackInfo::Regular(r) = &l.list[0] else {
                unreachable!()
            };
            assert_eq!(r.points, Some(327));
            assert_eq!(r.points_list.len(), 1);
        }
        "track_list_merged.json" => {
            let l: TrackList = ok(name);
            let TrackInfo::Merged(m) = &l.list[0] else {
                panic!("merged")
            };
            assert_eq!(m.id, None);
        }
        "track_read.json" | "track_read_guide.json" => {
            let p: TrackPoints = ok(name);
            assert!(!p.list.is_empty());
            // Times are read in the user's zone: 04:38:39 New York is 08:38:39 UTC in November... (EDT on Nov 1)
            if name == "track_read.json" {
                assert_eq!(p.list[0].get_time.to_rfc3339(), "2023-11-01T04:38:39-04:00");
            }
        }
        "track_download_limit_exceeded.json" => {
            assert!(ok::<TrackPoints>(name).limit_exceeded);
        }
        "zone_list.json" => {
            let z = &list::<Zone>(name).list[0];
            assert_eq!(z.kind, ZoneKind::Sausage);
            assert_eq!(z.points.len(), 3);
        }
        "zone_read.json" => {
            val::<Zone>(name);
        }
        "zone_object_circle.json" | "zone_object_polygon.json" | "zone_object_sausage.json" => {
            let z: Zone = ok(name);
            match z.kind {
                ZoneKind::Circle => assert!(z.center.is_some() && z.radius.is_some()),
                ZoneKind::Polygon => assert!(z.points.len() >= 3),
                ZoneKind::Sausage => assert!(z.points.len() >= 2 && z.radius.is_some()),
            }
        }
        "zone_point_list.json" => {
            assert!(!list::<ZonePoint>(name).list.is_empty());
        }
        "place_list.json" => {
            let l: PlaceList = ok(name);
            assert_eq!(l.count, Some(1));
            assert_eq!(l.list[0].location.radius, Some(50.0));
        }
        "place_read.json" => {
            val::<Place>(name);
        }
        "history_tracker_list.json" | "history_user_list.json" => {
            let h: HistoryList = ok(name);
            assert!(!h.list.is_empty());
            assert!(h.total.is_some());
        }
        "history_unread_list.json" => {
            list::<HistoryEntry>(name);
        }
        "history_read.json" => {
            val::<HistoryEntry>(name);
        }
        "history_type_list.json" => {
            assert!(!list::<EventType>(name).list.is_empty());
        }
        "ws_event_state.json" | "ws_event_state_batch.json" => {
            // Read as the live client reads a frame: states keyed by source id, in the zone.
            let Message::States {
                states,
                left_out,
                user_time,
            } = frame(name)
            else {
                panic!("{name}: not states");
            };
            assert!(left_out.is_empty(), "{name}: {left_out}");
            assert_eq!(user_time.unwrap().to_rfc3339(), "2018-10-17T12:51:55-04:00");
            let s = &states[0];
            assert_eq!(s.source_id, Some(10284));
            assert_eq!(s.gsm, None);
            assert!(s.gps.location.is_some(), "{name}: position");
            assert_eq!(s.status(), ObjectStatus::Parked);
        }
        "ws_subscribe_request_state_batch.json" => {
            // The client's own subscription is this request (with its hash).
            let want: serde_json::Value = serde_json::from_slice(&body(name)).unwrap();
            let hash = want["hash"].as_str().unwrap();
            let ours = live::subscribe_message(hash, None, std::time::Duration::from_secs(5));
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&ours).unwrap(),
                want
            );
        }
        "ws_subscribe_response.json" => {
            let Message::Response { trackers, .. } = frame(name) else {
                panic!("{name}: not a response");
            };
            assert_eq!(trackers.get(&15565).map(String::as_str), Some("blocked"));
            assert_eq!(trackers.len(), 3);
        }
        "ws_event_lifecycle.json" => {
            let want = Message::Lifecycle {
                source_id: 123456,
                event: "block".into(),
            };
            assert_eq!(frame(name), want);
        }
        "ws_event_logout.json" => {
            assert_eq!(frame(name), Message::Logout("session closed".into()));
        }
        "ws_error.json" => {
            // An error frame is the same typed error as an HTTP reply's: code 3 ends the session.
            let Message::Error(e) = frame(name) else {
                panic!("{name}: not an error");
            };
            assert_eq!(e.code(), Some(3));
            assert!(e.is_session(), "{e}");
        }
        "ws_compact_source_state.json" => {
            ok::<TrackerState>(name);
        }
        // Resources the viewer does not model yet (sensors, working statuses, geocoder, visits,
        // WebSocket control messages, time zones): they must still be well-formed replies.
        "history_unread_count.json"
        | "history_event_types_all.json"
        | "tracker_get_inputs.json"
        | "tracker_get_readings.json"
        | "tracker_readings_list.json"
        | "tracker_readings_batch_list.json"
        | "track_visit_list.json"
        | "zone_search_location.json"
        | "place_search_location.json"
        | "status_list.json"
        | "status_listing_list.json"
        | "status_tracker_list.json"
        | "status_tracker_read.json"
        | "geocoder_search_address.json"
        | "geocoder_search_location.json"
        | "timezone_list.json"
        | "ws_subscribe_request_state.json"
        | "ws_subscribe_request_readings_batch.json" => {
            ok::<serde_json::Value>(name);
        }
        n if n.starts_with("error_") => check_error(n),
        other => panic!("fixture {other} has no expected type: add it to this table"),
    }
}

fn check_error(name: &str) {
    let raw: serde_json::Value = serde_json::from_slice(&body(name)).unwrap();
    let code = raw["status"]["code"].as_u64().unwrap() as u32;
    let http = ApiCode::from_code(code).http_status();
    let e =
        decode_reply::<serde_json::Value>(http, "application/json", &body(name), tz()).unwrap_err();
    assert_eq!(e.code(), Some(code), "{name}");
    assert!(
        !matches!(e.api_code(), Some(ApiCode::Other(_))),
        "{name}: code {code} is not in the typed table"
    );
    assert!(!e.message().is_empty());
    let expected = match code {
        3 | 4 => ErrorKind::Session,
        15 => ErrorKind::RateLimited,
        8 | 14 => ErrorKind::Unavailable,
        _ => ErrorKind::Api,
    };
    assert_eq!(e.kind(), expected, "{name}");
    if code == 7 {
        assert!(
            !e.api_error().unwrap().parameter_errors.is_empty(),
            "error_7 lists its parameters"
        );
    }
}

#[test]
fn every_fixture_decodes_into_its_typed_response() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 85, "fixtures missing: {}", names.len());
    for n in &names {
        check(n);
    }
}

/// The crate keeps its own copy; when the shared originals are beside the repo, the copy must
/// not have drifted from them.
#[test]
fn fixture_copy_matches_the_shared_originals() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/navixy-api/fixtures");
    let Ok(entries) = std::fs::read_dir(&shared) else {
        eprintln!(
            "shared fixtures not found at {}; checking the copy only",
            shared.display()
        );
        return;
    };
    let originals: BTreeSet<String> = entries
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for n in &originals {
        assert_eq!(
            std::fs::read(shared.join(n)).unwrap(),
            body(n),
            "{n} differs from the shared copy"
        );
    }
}

#[test]
fn every_documented_code_has_a_human_message() {
    let table = codes::table();
    assert!(table.len() >= 90);
    for c in table {
        assert!(c.message.len() > 10, "code {}", c.code);
        assert_eq!(ApiCode::from_code(c.code).code(), c.code);
        assert!(!matches!(ApiCode::from_code(c.code), ApiCode::Other(_)));
    }
    for code in (1..=15).chain(101..=105).chain(111..=112).chain(201..=284) {
        let known = table.iter().any(|c| c.code == code);
        let documented_gaps = [10, 106, 107, 108, 109, 110, 205, 216, 283];
        assert!(
            known || documented_gaps.contains(&code),
            "code {code} missing from the table"
        );
    }
}
