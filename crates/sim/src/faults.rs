//! Faults on demand: the public `FaultRule`/`Fault` types, the `--fault` spec syntax, the
//! registry that matches and consumes rules per request, and the broken responses themselves.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use serde::{Deserialize, Serialize};

use crate::broken;
use crate::codes::ApiError;

/// One injected fault, optionally limited to an endpoint and a number of requests.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FaultRule {
    pub fault: Fault,
    /// e.g. `"track/read"` (slashes at either end are ignored); `None` matches every endpoint.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Applies to the next `n` matching requests, then disappears; `None` = until cleared.
    #[serde(default)]
    pub times: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Added before answering normally (the request is still served; it counts toward `times`).
    Latency { ms: u64 },
    /// A bare status with a JSON error body: code 1 for 500, code 6 otherwise.
    HttpStatus { status: u16 },
    /// That API code with its table HTTP status (8, 14 → 503; 15 → 429; 4 → 400 ...).
    ApiError { code: u32 },
    /// 200, `Content-Type: application/json`, body not JSON.
    MalformedJson,
    /// 200, body cut off mid-JSON while `Content-Length` declares the full size, so the
    /// connection closes early (what a dropped proxy connection looks like to a client).
    TruncatedBody,
    /// An HTML error page from a proxy (`nginx`), `Content-Type: text/html`.
    HtmlPage { status: u16 },
    /// 200, headers at once, the valid body trickled out over `ms`.
    SlowBody { ms: u64 },
    /// 200, headers and the first half of the valid body at once, then nothing for `ms`, then
    /// the rest: a reply that stalls after its headers.
    Stall { ms: u64 },
    /// 200 without `Content-Length`, the first half of the valid body, then the connection
    /// breaks (the chunked body never ends).
    ResetMidBody,
    /// 200, the start of a `track/read` reply and then `bytes` bytes of points, never a
    /// complete JSON (`u64::MAX`: endless).
    HugeBody { bytes: u64 },
    /// 200, `Content-Encoding: gzip`, a small body that inflates to `bytes` bytes.
    GzipBomb { bytes: u64 },
    /// The normal reply with `field` removed from the first record of its `list` (a real
    /// server omits null values; the client must leave that one record out, not the reply).
    /// Set from code only (no `--fault` spec: its argument is a name, not a number).
    DropField { field: String },
    /// `status` (429 → code 15, 503 → code 8, others code 6) with `Retry-After: value`
    /// (seconds or an HTTP-date, sent as given).
    RetryAfter { status: u16, value: String },
    /// `status` with a JSON failure that has no `status.code` (`{"success":false,
    /// "status":{"description":"Internal Server Error"}}`), as a crashed backend's wrapper sends.
    ErrorWithoutCode { status: u16 },
    /// `status` (301, 302, 303, 307 or 308) with `Location: <to>/<endpoint>`: the server moved
    /// to another address (`to` is a base URL such as `https://new.example.com/v2`).
    Redirect { status: u16, to: String },
    /// `event/subscription` only (like the other `Ws*` kinds, which match no other endpoint):
    /// the connection is cut without a close frame after `after_frames` server frames (the
    /// handshake line counts) or `after_ms`, whichever comes first; neither = at once.
    /// (A refused upgrade needs no kind of its own: `HtmlPage`/`HttpStatus` answer the
    /// upgrade request with that page instead of 101, as a proxy would.)
    WsDrop {
        #[serde(default)]
        after_frames: Option<u32>,
        #[serde(default)]
        after_ms: Option<u64>,
    },
    /// After `after_frames` server frames nothing more is sent (no heartbeat, no event) while
    /// the socket stays open and client messages are still read: a silent connection.
    WsSilent { after_frames: u32 },
    /// After `after_frames` server frames the `logout` event is sent and the socket closed;
    /// the session itself stays valid (the stream lies, as after a server-side glitch).
    WsLogout { after_frames: u32 },
}

/// The endpoint the `Ws*` faults belong to.
pub const WS_ENDPOINT: &str = "event/subscription";

impl Fault {
    /// Whether this kind shapes the live stream rather than an HTTP reply.
    pub fn is_ws(&self) -> bool {
        matches!(
            self,
            Fault::WsDrop { .. } | Fault::WsSilent { .. } | Fault::WsLogout { .. }
        )
    }
}

/// Where `redirect=STATUS` from a `--fault` spec sends the client.
pub const REDIRECT_DEFAULT_TO: &str = "https://moved.example.com/v2";

impl FaultRule {
    pub fn always(fault: Fault) -> Self {
        FaultRule {
            fault,
            endpoint: None,
            times: None,
        }
    }

    fn matches(&self, endpoint: &str) -> bool {
        if self.fault.is_ws() && endpoint != WS_ENDPOINT {
            return false;
        }
        self.endpoint
            .as_deref()
            .is_none_or(|e| e.trim_matches('/') == endpoint)
    }
}

/// Error from parsing a `--fault` spec.
#[derive(Debug, thiserror::Error)]
#[error(
    "bad fault spec {0:?}: expected KIND[=ARG][:TIMES][@ENDPOINT], KIND one of latency=MS, status=CODE, api=CODE, expired, malformed, truncated, html[=STATUS], slow=MS, stall=MS, reset, huge=BYTES, bomb=BYTES, retry429=SECS, retry503=SECS, nocode[=STATUS], redirect[=STATUS], wsdrop=FRAMES, wsdropms=MS, wssilent=FRAMES, wslogout=FRAMES"
)]
pub struct FaultSpecError(pub String);

impl std::str::FromStr for FaultRule {
    type Err = FaultSpecError;

    /// `latency=200`, `status=502`, `api=15:3` (code 15 for 3 requests), `malformed`,
    /// `truncated`, `html=502`, `slow=2000`, `expired` (= api=4), `stall=60000`, `reset`,
    /// `huge=2000000000`, `bomb=2000000000`, `retry429=5`, `retry503=5`, `nocode=500`,
    /// `wsdrop=5`, `wsdropms=2000`, `wssilent=3`, `wslogout=4` (the live stream); append
    /// `@track/read` to limit a rule to one endpoint.
    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let err = || FaultSpecError(spec.to_string());
        let (rest, endpoint) = match spec.split_once('@') {
            Some((r, e)) => (r, Some(e.trim_matches('/').to_string())),
            None => (spec, None),
        };
        let (rest, times) = match rest.rsplit_once(':') {
            Some((r, t)) => (r, Some(t.parse::<u32>().map_err(|_| err())?)),
            None => (rest, None),
        };
        let (kind, arg) = match rest.split_once('=') {
            Some((k, a)) => (k, Some(a.parse::<u64>().map_err(|_| err())?)),
            None => (rest, None),
        };
        let need = |a: Option<u64>| a.ok_or_else(err);
        let small = |a: u64| u16::try_from(a).map_err(|_| err());
        let frames = |a: u64| u32::try_from(a).map_err(|_| err());
        let fault = match kind.trim() {
            "latency" => Fault::Latency { ms: need(arg)? },
            "status" => Fault::HttpStatus {
                status: small(need(arg)?)?,
            },
            "api" => Fault::ApiError {
                code: u32::try_from(need(arg)?).map_err(|_| err())?,
            },
            "expired" => Fault::ApiError { code: 4 },
            "malformed" => Fault::MalformedJson,
            "truncated" => Fault::TruncatedBody,
            "html" => Fault::HtmlPage {
                status: small(arg.unwrap_or(502))?,
            },
            "slow" => Fault::SlowBody { ms: need(arg)? },
            "stall" => Fault::Stall { ms: need(arg)? },
            "reset" => Fault::ResetMidBody,
            "huge" => Fault::HugeBody { bytes: need(arg)? },
            "bomb" => Fault::GzipBomb { bytes: need(arg)? },
            "retry429" | "retry503" => Fault::RetryAfter {
                status: if kind.trim() == "retry429" { 429 } else { 503 },
                value: need(arg)?.to_string(),
            },
            "nocode" => Fault::ErrorWithoutCode {
                status: small(arg.unwrap_or(500))?,
            },
            "redirect" => Fault::Redirect {
                status: small(arg.unwrap_or(301))?,
                to: REDIRECT_DEFAULT_TO.to_owned(),
            },
            "wsdrop" => Fault::WsDrop {
                after_frames: Some(frames(need(arg)?)?),
                after_ms: None,
            },
            "wsdropms" => Fault::WsDrop {
                after_frames: None,
                after_ms: Some(need(arg)?),
            },
            "wssilent" => Fault::WsSilent {
                after_frames: frames(need(arg)?)?,
            },
            "wslogout" => Fault::WsLogout {
                after_frames: frames(need(arg)?)?,
            },
            _ => return Err(err()),
        };
        Ok(FaultRule {
            fault,
            endpoint,
            times,
        })
    }
}

/// What the registry decided for one request.
#[derive(Debug, Default)]
pub struct Decision {
    pub latency_ms: u64,
    /// The first non-latency fault that matched, if any.
    pub fault: Option<Fault>,
}

#[derive(Default)]
pub struct FaultSet {
    rules: Mutex<Vec<FaultRule>>,
}

impl FaultSet {
    pub fn push(&self, rule: FaultRule) {
        self.rules.lock().expect("fault lock").push(rule);
    }

    pub fn clear(&self) {
        self.rules.lock().expect("fault lock").clear();
    }

    /// Matches rules in insertion order: every matching latency rule adds its delay, the first
    /// other matching rule decides the response. Each rule used consumes one of its `times`.
    pub fn decide(&self, endpoint: &str) -> Decision {
        let mut rules = self.rules.lock().expect("fault lock");
        let mut d = Decision::default();
        for rule in rules.iter_mut() {
            if !rule.matches(endpoint) {
                continue;
            }
            let used = match &rule.fault {
                Fault::Latency { ms } => {
                    d.latency_ms += ms;
                    true
                }
                other if d.fault.is_none() => {
                    d.fault = Some(other.clone());
                    true
                }
                _ => false,
            };
            if used {
                if let Some(t) = rule.times.as_mut() {
                    *t = t.saturating_sub(1);
                }
            }
        }
        rules.retain(|r| r.times != Some(0));
        d
    }
}

fn with_type(mut resp: Response, ct: &'static str) -> Response {
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    resp
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY)
}

/// Whether `fault` changes the body of a normal reply ([`mangle`]) rather than replacing it.
pub fn mangles(fault: &Fault) -> bool {
    matches!(
        fault,
        Fault::TruncatedBody
            | Fault::SlowBody { .. }
            | Fault::Stall { .. }
            | Fault::ResetMidBody
            | Fault::DropField { .. }
    )
}

/// Faults answered without running the handler (`endpoint` as asked, for a redirect's
/// address); `None` for the body-mangling ones.
pub fn short_circuit(fault: &Fault, endpoint: &str) -> Option<Response> {
    match fault {
        Fault::Redirect { status, to } => {
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = status_of(*status);
            let location = format!("{}/{endpoint}", to.trim_end_matches('/'));
            if let Ok(v) = HeaderValue::from_str(&location) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            Some(resp)
        }
        Fault::Latency { .. }
        | Fault::WsDrop { .. }
        | Fault::WsSilent { .. }
        | Fault::WsLogout { .. }
        | Fault::TruncatedBody
        | Fault::SlowBody { .. }
        | Fault::Stall { .. }
        | Fault::ResetMidBody
        | Fault::DropField { .. } => None,
        Fault::HugeBody { bytes } => Some(with_type(
            Response::new(broken::huge(*bytes)),
            "application/json",
        )),
        Fault::GzipBomb { bytes } => {
            let mut resp = with_type(Response::new(broken::gzip_bomb(*bytes)), "application/json");
            resp.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            Some(resp)
        }
        Fault::RetryAfter { status, value } => {
            let code = match status {
                429 => 15,
                503 => 8,
                _ => 6,
            };
            let mut resp = Response::new(Body::from(ApiError::new(code).body()));
            *resp.status_mut() = status_of(*status);
            if let Ok(v) = HeaderValue::from_str(value) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Some(with_type(resp, "application/json"))
        }
        Fault::ErrorWithoutCode { status } => {
            let body = r#"{"success":false,"status":{"description":"Internal Server Error"}}"#;
            let mut resp = Response::new(Body::from(body));
            *resp.status_mut() = status_of(*status);
            Some(with_type(resp, "application/json"))
        }
        Fault::HttpStatus { status } => {
            let code = if *status == 500 { 1 } else { 6 };
            let mut resp = Response::new(Body::from(ApiError::new(code).body()));
            *resp.status_mut() = status_of(*status);
            Some(with_type(resp, "application/json"))
        }
        Fault::ApiError { code } => {
            let err = ApiError::new(*code);
            let mut resp = Response::new(Body::from(err.body()));
            *resp.status_mut() = err.status();
            Some(with_type(resp, "application/json"))
        }
        Fault::MalformedJson => Some(with_type(
            Response::new(Body::from(
                r#"{"success": true, "list": [{"id": 1,, "label": undefined}"#,
            )),
            "application/json",
        )),
        Fault::HtmlPage { status } => {
            let s = status_of(*status);
            let title = format!("{} {}", s.as_u16(), s.canonical_reason().unwrap_or("Error"));
            let html = format!(
                "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
            );
            let mut resp = Response::new(Body::from(html));
            *resp.status_mut() = s;
            resp.headers_mut()
                .insert(header::SERVER, HeaderValue::from_static("nginx"));
            Some(with_type(resp, "text/html"))
        }
    }
}

/// Applies a body-mangling fault to a normal response (always answered with 200).
pub async fn mangle(fault: &Fault, resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    parts.status = StatusCode::OK;
    parts.headers.remove(header::CONTENT_LENGTH);
    match fault {
        Fault::TruncatedBody => {
            let cut = full.slice(..full.len() / 2);
            parts.headers.insert(
                header::CONTENT_LENGTH,
                HeaderValue::from(full.len().max(1) as u64),
            );
            // Pause before ending so the head and the partial body reach the client; then
            // the short body makes the server drop the connection.
            let stream = futures::stream::unfold(Some(cut), |state| async move {
                match state {
                    Some(cut) => Some((Ok::<Bytes, std::io::Error>(cut), None)),
                    None => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        None
                    }
                }
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        Fault::Stall { ms } => {
            let half = full.len() / 2;
            let body = broken::stalled(
                full.slice(..half),
                full.slice(half..),
                Duration::from_millis(*ms),
            );
            Response::from_parts(parts, body)
        }
        Fault::ResetMidBody => {
            Response::from_parts(parts, broken::reset_after(full.slice(..full.len() / 2)))
        }
        Fault::DropField { field } => {
            Response::from_parts(parts, Body::from(broken::without_field(&full, field)))
        }
        Fault::SlowBody { ms } => {
            let pieces = full.len().clamp(1, 20);
            let step = full.len().div_ceil(pieces).max(1);
            let pause = Duration::from_millis(*ms / pieces as u64);
            let chunks: Vec<Bytes> = (0..full.len())
                .step_by(step)
                .map(|i| full.slice(i..(i + step).min(full.len())))
                .collect();
            let stream = futures::stream::unfold(chunks.into_iter(), move |mut it| async move {
                let chunk = it.next()?;
                tokio::time::sleep(pause).await;
                Some((Ok::<Bytes, std::io::Error>(chunk), it))
            });
            Response::from_parts(parts, Body::from_stream(stream))
        }
        _ => Response::from_parts(parts, Body::from(full)),
    }
}

#[cfg(test)]
#[path = "faults_tests.rs"]
mod tests;
