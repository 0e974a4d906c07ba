//! The live WebSocket's frames as the server sends them (INDEX §4): the Atmosphere handshake
//! line `<uuid>|<heartbeat ms>|X|`, `X` heartbeats, and one JSON message per other frame
//! (`response`, `error`, `event`), read as leniently as the HTTP replies: an unknown type or
//! event is passed on as `Other` and ignored by the caller, a state that cannot be used is left
//! out and counted, and only an unreadable frame is dropped (never the connection).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::codes::ApiCode;
use crate::error::{ApiError, Error};
use crate::lenient::{LeftOut, Scope, lenient_struct};
use crate::models::TrackerState;
use crate::time::{Time, with_zone};

/// One frame from the server. (Frames pass one at a time, so the size of the largest variant
/// costs nothing; boxing it would add an allocation per frame.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// The first frame: Atmosphere's tracking id and heartbeat interval (none when the
    /// number is missing or zero: then no silence is too long).
    Handshake {
        heartbeat: Option<Duration>,
    },
    /// `X`: the connection is alive.
    Heartbeat,
    Message(Message),
    /// Neither the handshake, a heartbeat nor a JSON object: dropped, the connection stays.
    Unreadable(String),
}

/// A JSON message.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The answer to `subscribe`/`unsubscribe`: each tracker id's subscription state
    /// (`normal`, `blocked`, `unknown`, `disallowed`), over all the request kinds answered.
    Response {
        action: String,
        trackers: BTreeMap<i64, String>,
    },
    /// `type: error`, with the API code (3 and 4 end the session, as over HTTP).
    Error(Error),
    /// `state_batch` (many) or `state` (one): states keyed by source id, not tracker id.
    States {
        user_time: Option<Time>,
        states: Vec<TrackerState>,
        left_out: LeftOut,
    },
    /// `lifecycle`: a device was blocked, unblocked or corrupted.
    Lifecycle { source_id: i64, event: String },
    /// `logout`: the session ended on the server (sign-out, expiry, a password change).
    Logout(String),
    /// A message type or event this client does not use (`readings_batch`, a newer one).
    Other(String),
}

lenient_struct! {
    #[derive(Default)]
    struct Status: build {
        code: Option<i64>,
        description: Option<String>,
    }
}

lenient_struct! {
    /// Everything but `data`, which differs by event and is read in a second pass.
    #[derive(Default)]
    struct Head: build {
        kind as "type": Option<String>,
        event: Option<String>,
        action: Option<String>,
        user_time: Option<Time>,
        status: Status,
    }
}

lenient_struct! {
    #[derive(Default)]
    struct BatchData: build {
        data: Vec<TrackerState>,
    }
}

lenient_struct! {
    #[derive(Default)]
    struct StateData: build {
        data: Option<TrackerState>,
    }
}

lenient_struct! {
    #[derive(Default)]
    struct Lifecycle: build {
        source_id: Option<i64>,
        lifecycle_event: Option<String>,
    }
}

lenient_struct! {
    #[derive(Default)]
    struct LifecycleData: build {
        data: Lifecycle,
    }
}

lenient_struct! {
    #[derive(Default)]
    struct LogoutData: build {
        data: Option<String>,
    }
}

/// `response`'s `data`: `{"state_batch": {"success": true, "value": {"15564": "normal"}}}`.
#[derive(Deserialize, Default)]
struct ResponseData {
    #[serde(default)]
    data: BTreeMap<String, serde_json::Value>,
}

/// Reads one text frame; dates are in the user's zone `tz`.
pub fn parse(text: &str, tz: chrono_tz::Tz) -> Frame {
    let t = text.trim();
    if t == "X" {
        return Frame::Heartbeat;
    }
    if !t.starts_with('{') {
        // `<uuid>|<ms>|X|`: the tracking id has no `|`, the interval is whole milliseconds.
        let parts: Vec<&str> = t.split('|').collect();
        if parts.len() >= 3 && !parts[0].is_empty() {
            let heartbeat = parts[1]
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|&ms| ms > 0)
                .map(Duration::from_millis);
            return Frame::Handshake { heartbeat };
        }
        return Frame::Unreadable(short(t));
    }
    with_zone(tz, || message(t)).map_or_else(|| Frame::Unreadable(short(t)), Frame::Message)
}

fn message(t: &str) -> Option<Message> {
    let head: Head = from_str(t)?;
    let kind = head.kind.as_deref().unwrap_or("");
    Some(match (kind, head.event.as_deref()) {
        ("error", _) => Message::Error(error(head.status)),
        ("response", _) => {
            let data: ResponseData = serde_json::from_str(t).unwrap_or_default();
            let mut trackers = BTreeMap::new();
            for part in data.data.values() {
                let Some(value) = part.get("value").and_then(|v| v.as_object()) else {
                    continue;
                };
                for (id, state) in value {
                    if let (Ok(id), Some(s)) = (id.trim().parse::<i64>(), state.as_str()) {
                        trackers.insert(id, s.to_owned());
                    }
                }
            }
            Message::Response {
                action: head.action.unwrap_or_default(),
                trackers,
            }
        }
        ("event", Some("state_batch")) => {
            let scope = Scope::begin();
            let d: BatchData = from_str(t)?;
            Message::States {
                user_time: head.user_time,
                states: d.data,
                left_out: scope.end(),
            }
        }
        ("event", Some("state")) => {
            let scope = Scope::begin();
            let d: StateData = from_str(t)?;
            Message::States {
                user_time: head.user_time,
                states: d.data.into_iter().collect(),
                left_out: scope.end(),
            }
        }
        ("event", Some("lifecycle")) => {
            let d: LifecycleData = from_str(t)?;
            match (d.data.source_id, d.data.lifecycle_event) {
                (Some(source_id), Some(event)) => Message::Lifecycle { source_id, event },
                _ => Message::Other("lifecycle".into()),
            }
        }
        ("event", Some("logout")) => {
            let d: LogoutData = from_str(t).unwrap_or_default();
            Message::Logout(d.data.unwrap_or_else(|| "session closed".into()))
        }
        ("event", Some(other)) => Message::Other(other.to_owned()),
        (other, _) => Message::Other(other.to_owned()),
    })
}

fn from_str<T: serde::de::DeserializeOwned>(t: &str) -> Option<T> {
    serde_json::from_str(t).ok()
}

/// An `error` frame as the client's error: the same table and kinds as an HTTP reply's.
fn error(s: Status) -> Error {
    let code = s
        .code
        .and_then(|c| u32::try_from(c).ok())
        .map_or(ApiCode::Other(0), ApiCode::from_code);
    Error::api(ApiError {
        code,
        http_status: code.info().map_or(400, |i| i.http_status),
        description: s.description.unwrap_or_default(),
        parameter_errors: Vec::new(),
    })
    .at("event/subscription")
}

/// The start of an unreadable frame, for the log.
fn short(t: &str) -> String {
    t.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> chrono_tz::Tz {
        "Asia/Almaty".parse().unwrap()
    }

    #[test]
    fn the_handshake_line_announces_the_heartbeat() {
        let f = parse("b623a15d-9623-4fd8-a9d3-697036635c29|30000|X|", tz());
        let heartbeat = Some(Duration::from_secs(30));
        assert_eq!(f, Frame::Handshake { heartbeat });
        let f = parse("b623a15d|0|X|", tz());
        assert_eq!(f, Frame::Handshake { heartbeat: None });
        assert_eq!(parse("X", tz()), Frame::Heartbeat);
        assert_eq!(parse(" X\n", tz()), Frame::Heartbeat);
    }

    #[test]
    fn text_that_is_no_frame_is_dropped_alone() {
        assert!(matches!(
            parse("<html>502</html>", tz()),
            Frame::Unreadable(_)
        ));
        assert!(matches!(parse("{\"type\": ", tz()), Frame::Unreadable(_)));
        assert!(matches!(parse("", tz()), Frame::Unreadable(_)));
    }

    #[test]
    fn unknown_types_and_events_are_passed_over() {
        let f = parse(
            r#"{"type":"event","event":"readings_batch","data":[]}"#,
            tz(),
        );
        assert_eq!(f, Frame::Message(Message::Other("readings_batch".into())));
        let f = parse(r#"{"type":"news","data":1}"#, tz());
        assert_eq!(f, Frame::Message(Message::Other("news".into())));
    }

    #[test]
    fn an_unusable_state_is_left_out_and_counted_not_the_batch() {
        let text = r#"{"type":"event","event":"state_batch","user_time":"2026-12-05 10:00:00",
            "data":[{"source_id":1,"gps":{"location":{"lat":43.2,"lng":76.9}},"new_field":{"x":1}},
                    "not a state", 17,
                    {"source_id":true,"movement_status":"flying","gps":null}]}"#;
        let Frame::Message(Message::States {
            states,
            left_out,
            user_time,
        }) = parse(text, tz())
        else {
            panic!("not states");
        };
        assert_eq!(user_time.unwrap().to_rfc3339(), "2026-12-05T10:00:00+05:00");
        assert_eq!(states.len(), 2, "{states:?}");
        assert_eq!(states[0].source_id, Some(1));
        assert_eq!(states[1].source_id, None, "a mistyped id reads as none");
        assert_eq!(
            states[1].movement_status,
            Some(crate::models::MovementStatus::Unknown)
        );
        assert_eq!(left_out.of(crate::lenient::Item::State), 2, "{left_out}");
    }

    #[test]
    fn an_error_frame_is_the_api_error_of_its_code() {
        let f = parse(
            r#"{"type":"error","action":"subscription/subscribe","status":{"code":4,"description":"gone"}}"#,
            tz(),
        );
        let Frame::Message(Message::Error(e)) = f else {
            panic!("{f:?}")
        };
        assert!(e.is_session());
        assert_eq!(e.code(), Some(4));
        let f = parse(r#"{"type":"error","status":{"code":"x"}}"#, tz());
        let Frame::Message(Message::Error(e)) = f else {
            panic!("{f:?}")
        };
        assert!(!e.is_session());
    }
}
