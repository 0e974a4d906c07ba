//! The live stream's wire format (INDEX §4): parsing client `subscribe`/`unsubscribe`
//! messages and writing the server's handshake, `response`, `error` and `event` frames.

use std::time::Duration;

use serde_json::{Value, json};

use crate::codes;

/// Used when a `state_batch` request gives no `rate_limit`.
pub const DEFAULT_RATE: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Subscribe,
    Unsubscribe,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Subscribe => "subscription/subscribe",
            Action::Unsubscribe => "subscription/unsubscribe",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    All,
    Selected(Vec<i64>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    StateBatch {
        target: Target,
        rate: Duration,
        compact: bool,
    },
    State {
        trackers: Vec<i64>,
        compact: bool,
    },
    /// `readings_batch`, `iot_monitor` and the like: acknowledged as unsupported.
    Other(String),
}

impl Request {
    pub fn kind(&self) -> &str {
        match self {
            Request::StateBatch { .. } => "state_batch",
            Request::State { .. } => "state",
            Request::Other(k) => k,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub action: Action,
    pub hash: String,
    pub requests: Vec<Request>,
}

/// Why a client message was refused: the API code (5 malformed, 7 bad parameter) and, when
/// known, the action it asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: u32,
    pub action: Option<Action>,
}

fn malformed(action: Option<Action>) -> Refusal {
    Refusal { code: 5, action }
}

/// `"5s"`, `"500ms"`, `"2m"`, `"1h"`, ISO `"PT5S"`/`"PT0.5S"`/`"PT1M30S"`, or a number of seconds.
pub fn parse_rate(v: &Value) -> Option<Duration> {
    if let Some(secs) = v.as_f64() {
        return (secs >= 0.0 && secs.is_finite()).then(|| Duration::from_secs_f64(secs));
    }
    let s = v.as_str()?.trim();
    if let Some(iso) = s.strip_prefix("PT").or_else(|| s.strip_prefix("pt")) {
        let mut total = 0.0;
        let mut num = String::new();
        for ch in iso.chars() {
            match ch.to_ascii_uppercase() {
                c if c.is_ascii_digit() || c == '.' => num.push(c),
                u @ ('H' | 'M' | 'S') => {
                    let n: f64 = num.parse().ok()?;
                    total += n * match u {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
                    num.clear();
                }
                _ => return None,
            }
        }
        return num.is_empty().then(|| Duration::from_secs_f64(total));
    }
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().ok()?;
    let secs = match unit.trim() {
        "ms" => n / 1000.0,
        "s" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(secs))
}

fn compact(r: &Value) -> Result<bool, ()> {
    match r.get("format").and_then(Value::as_str) {
        None | Some("full") => Ok(false),
        Some("compact") => Ok(true),
        Some(_) => Err(()),
    }
}

fn ids(v: Option<&Value>) -> Option<Vec<i64>> {
    v?.as_array()?.iter().map(Value::as_i64).collect()
}

fn parse_request(r: &Value, action: Action) -> Result<Request, Refusal> {
    let bad = Refusal {
        code: 7,
        action: Some(action),
    };
    let kind = r
        .get("type")
        .and_then(Value::as_str)
        .ok_or(malformed(Some(action)))?;
    match kind {
        "state_batch" => {
            let target = r.get("target").ok_or(bad.clone())?;
            let target = match target.get("type").and_then(Value::as_str) {
                Some("all") => Target::All,
                Some("selected") => {
                    Target::Selected(ids(target.get("tracker_ids")).ok_or(bad.clone())?)
                }
                _ => return Err(bad),
            };
            let rate = match r.get("rate_limit") {
                None | Some(Value::Null) => DEFAULT_RATE,
                Some(v) => parse_rate(v).ok_or(bad.clone())?,
            };
            Ok(Request::StateBatch {
                target,
                rate,
                compact: compact(r).map_err(|_| bad)?,
            })
        }
        "state" => Ok(Request::State {
            trackers: ids(r.get("trackers")).ok_or(bad.clone())?,
            compact: compact(r).map_err(|_| bad)?,
        }),
        other => Ok(Request::Other(other.to_string())),
    }
}

/// One client text frame. `Ok(None)` for an Atmosphere heartbeat (`X`) from the client.
pub fn parse(text: &str) -> Result<Option<Message>, Refusal> {
    let text = text.trim();
    if text == "X" {
        return Ok(None);
    }
    let v: Value = serde_json::from_str(text).map_err(|_| malformed(None))?;
    let action = match v.get("action").and_then(Value::as_str) {
        Some("subscribe") => Action::Subscribe,
        Some("unsubscribe") => Action::Unsubscribe,
        _ => return Err(malformed(None)),
    };
    let hash = v
        .get("hash")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let requests = v
        .get("requests")
        .and_then(Value::as_array)
        .ok_or(malformed(Some(action)))?
        .iter()
        .map(|r| parse_request(r, action))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Message {
        action,
        hash,
        requests,
    }))
}

/// `<uuid>|<heartbeat ms>|X|`: the Atmosphere handshake line.
pub fn handshake(heartbeat: Duration) -> String {
    let b: [u8; 16] = rand::random();
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}|{}|X|",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..],
        heartbeat.as_millis()
    )
}

/// `{"type":"error","action":...,"status":{"code","description"},"data":{"events":[...],
/// "trackers":[...]}}` naming the refused requests (the action is the string `"null"` when the
/// message was not understood at all).
pub fn error_frame(code: u32, action: Option<Action>, requests: &[Request]) -> String {
    let action = action.map_or("null", Action::name);
    let events: Vec<&str> = requests.iter().map(Request::kind).collect();
    let trackers: Vec<i64> = requests
        .iter()
        .flat_map(|r| match r {
            Request::StateBatch {
                target: Target::Selected(ids),
                ..
            }
            | Request::State { trackers: ids, .. } => ids.clone(),
            _ => Vec::new(),
        })
        .collect();
    json!({
        "type": "error",
        "action": action,
        "status": {"code": code, "description": codes::lookup(code).0},
        "data": {"events": events, "trackers": trackers},
    })
    .to_string()
}

/// `{"type":"response","action":...,"events":[...],"data":{kind:{"success":true,"value":{id:status}}}}`.
/// Each requested tracker id with `normal`, `blocked` or `unknown`.
pub type Statuses = Vec<(i64, &'static str)>;

/// One `response` part: the request type, and its statuses (`None`: type not supported).
pub type Part = (String, Option<Statuses>);

pub fn response_frame(action: Action, parts: &[Part]) -> String {
    let events: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
    let mut data = serde_json::Map::new();
    for (kind, value) in parts {
        let body = match value {
            Some(v) => {
                let value: serde_json::Map<String, Value> = v
                    .iter()
                    .map(|(id, s)| (id.to_string(), Value::from(*s)))
                    .collect();
                json!({"success": true, "value": value})
            }
            None => {
                json!({"success": false, "status": {"code": 7, "description": "Not supported"}})
            }
        };
        data.insert(kind.clone(), body);
    }
    json!({"type": "response", "action": action.name(), "events": events, "data": data}).to_string()
}

pub const LOGOUT_FRAME: &str = r#"{"type":"event","event":"logout","data":"session closed"}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        let d = |s: Value| parse_rate(&s);
        assert_eq!(d(json!("5s")), Some(Duration::from_secs(5)));
        assert_eq!(d(json!("500ms")), Some(Duration::from_millis(500)));
        assert_eq!(d(json!("PT5S")), Some(Duration::from_secs(5)));
        assert_eq!(d(json!("PT1M30S")), Some(Duration::from_secs(90)));
        assert_eq!(d(json!("PT0.5S")), Some(Duration::from_millis(500)));
        assert_eq!(d(json!(2)), Some(Duration::from_secs(2)));
        assert_eq!(d(json!("2m")), Some(Duration::from_secs(120)));
        assert_eq!(d(json!("fast")), None);
        assert_eq!(d(json!("PT5")), None);
    }

    #[test]
    fn messages() {
        let m = parse(r#"{"action":"subscribe","hash":"h","requests":[{"type":"state_batch","target":{"type":"selected","tracker_ids":[1,2]},"rate_limit":"PT2S","format":"compact"},{"type":"readings_batch","target":{"type":"all"}}]}"#)
            .unwrap()
            .unwrap();
        assert_eq!(m.action, Action::Subscribe);
        assert_eq!(
            m.requests[0],
            Request::StateBatch {
                target: Target::Selected(vec![1, 2]),
                rate: Duration::from_secs(2),
                compact: true
            }
        );
        assert_eq!(m.requests[1].kind(), "readings_batch");
        assert_eq!(parse("X"), Ok(None));
        assert_eq!(parse("{nope").unwrap_err().code, 5);
        let bad_rate = r#"{"action":"subscribe","hash":"h","requests":[{"type":"state_batch","target":{"type":"all"},"rate_limit":"soon"}]}"#;
        assert_eq!(parse(bad_rate).unwrap_err().code, 7);
        let h = handshake(Duration::from_millis(200));
        assert!(h.ends_with("|200|X|") && h.len() == 36 + 7, "{h}");
    }
}
