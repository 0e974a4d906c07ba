//! One API call on the wire: encode, send with the credential, retry what is worth retrying,
//! and turn the reply into a typed value or a specific [`Error`].

use crate::client::Client;
use crate::codes::ApiCode;
use crate::error::{ApiError, Error, ErrorKind, Result};
pub(crate) use crate::failure::{redirect_error, transport_error};
use crate::models::{PointSink, PointsInto};
use crate::params::{Encoding, Params};
use crate::retry;
use crate::time::with_zone;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Error bodies are tiny; only bodies up to this size are checked for `success:false` before
/// decoding, so a million-point track is parsed once.
const PROBE_LIMIT: usize = 256 * 1024;

/// Replies larger than this are decoded on the blocking pool: a window of points takes tens of
/// milliseconds of CPU, which would stall the async workers that receive the next window (and
/// serve the app's other commands). Small replies are not worth the hand-over.
const DECODE_OFF_THREAD: usize = 256 * 1024;

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    code: Option<u32>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct ParamError {
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    status: Option<Status>,
    #[serde(default)]
    errors: Option<Vec<ParamError>>,
}

/// Body buffers that the calls of one windowed read hand on to each other: a window's reply is
/// read into the buffer an earlier window was decoded from, so the many large windows of a
/// dense day neither fault fresh memory in nor grow a buffer from nothing each time. Dropped
/// (and its memory freed) with the read.
#[derive(Default)]
pub(crate) struct Bodies(std::sync::Mutex<Vec<Vec<u8>>>);

impl Bodies {
    fn spare(&self) -> std::sync::MutexGuard<'_, Vec<Vec<u8>>> {
        // Nothing can panic while it is held: a poisoned lock is as good as any.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn take(&self) -> Vec<u8> {
        self.spare().pop().unwrap_or_default()
    }

    fn give(&self, mut body: Vec<u8>) {
        body.clear();
        self.spare().push(body);
    }
}

impl Client {
    /// Calls `endpoint` (e.g. `track/read`) with `params`, retrying rate limits and temporary
    /// unavailability by the client's policy, and decodes the reply as `T`.
    pub(crate) async fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        endpoint: &str,
        params: &Params,
    ) -> Result<T> {
        self.call_with(endpoint, params, |b| serde_json::from_slice(b), None)
            .await
    }

    /// [`Client::call`] with the reply's body read by `parse` (a reader of its own for a
    /// reply type, giving what `serde_json::from_slice` would) into a buffer of `bodies`.
    pub(crate) async fn call_with<T: DeserializeOwned + Send + 'static>(
        &self,
        endpoint: &str,
        params: &Params,
        parse: fn(&[u8]) -> serde_json::Result<T>,
        bodies: Option<&Bodies>,
    ) -> Result<T> {
        let policy = self.inner.retry;
        let mut retry = 0;
        loop {
            match self.call_once(endpoint, params, parse, bodies).await {
                Err(e) if retry < policy.max_retries && is_retried(&e) => {
                    let Some(wait) = policy.wait(retry, e.retry_after()) else {
                        // The server asked for a longer pause than is worth waiting out: fail
                        // now (the message names the wait it asked for).
                        return Err(e.at(endpoint));
                    };
                    tracing::debug!(endpoint, retry, ?wait, kind = ?e.kind(), "retrying");
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                other => return other.map_err(|e| e.at(endpoint)),
            }
        }
    }

    async fn call_once<T: DeserializeOwned + Send + 'static>(
        &self,
        endpoint: &str,
        params: &Params,
        parse: fn(&[u8]) -> serde_json::Result<T>,
        bodies: Option<&Bodies>,
    ) -> Result<T> {
        let url = format!("{}/{}", self.inner.base, endpoint);
        let mut req = self
            .inner
            .http
            .post(&url)
            .header("Accept", "application/json");
        if let Some(hash) = self.session_hash() {
            // Sensitive: kept out of `Debug` and of HTTP/2 header compression tables.
            let mut value =
                reqwest::header::HeaderValue::from_str(&format!("NVX {}", hash.expose())).map_err(
                    |_| {
                        Error::new(
                            ErrorKind::InvalidInput,
                            "the session hash is not a valid header value",
                        )
                    },
                )?;
            value.set_sensitive(true);
            req = req.header(reqwest::header::AUTHORIZATION, value);
        }
        if self.inner.iso_datetime {
            req = req.header("NVX-ISO-DateTime", "true");
        }
        req = match self.inner.encoding {
            Encoding::Form => req.form(&params.form_pairs()),
            Encoding::Json => req.json(&params.json_object()),
        };
        let silence = self.inner.read_timeout;
        let resp = match tokio::time::timeout(silence, req.send()).await {
            Ok(r) => r.map_err(|e| transport_error(e, self.inner.timeout))?,
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    format!("no reply within {} of sending the request", secs(silence)),
                ));
            }
        };
        let status = resp.status().as_u16();
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        if (300..400).contains(&status) {
            return Err(redirect_error(
                status,
                &url,
                &header(reqwest::header::LOCATION),
                endpoint,
            ));
        }
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let retry_after = match status {
            429 | 503 => retry::parse_retry_after(
                &header(reqwest::header::RETRY_AFTER),
                std::time::SystemTime::now(),
            ),
            _ => None,
        };
        let buffer = bodies.map(Bodies::take).unwrap_or_default();
        let body = self.read_body(resp, buffer).await?;
        let body_len = body.len();
        let tz = self.time_zone();
        let decode = move || {
            let decoded = decode_reply_with(status, &content_type, &body, tz, parse);
            (decoded, body)
        };
        let (decoded, body) = if body_len > DECODE_OFF_THREAD {
            tokio::task::spawn_blocking(decode)
                .await
                .map_err(|e| Error::new(ErrorKind::Decode, format!("decoding stopped: {e}")))?
        } else {
            decode()
        };
        if let Some(b) = bodies {
            b.give(body);
        }
        decoded.map_err(|e| e.with_retry_after(retry_after))
    }

    /// Reads the body chunk by chunk (decompressed already: reqwest inflates gzip as it
    /// reads), failing as soon as it passes `max_reply_bytes`, so neither an endless body nor a
    /// gzip bomb grows memory past the limit, and as soon as no bytes arrive for
    /// `read_timeout`, so a stalled reply fails in seconds rather than at the total timeout.
    /// The body goes into `body` (an empty buffer, maybe with room from an earlier reply).
    async fn read_body(&self, mut resp: reqwest::Response, mut body: Vec<u8>) -> Result<Vec<u8>> {
        let limit = self.inner.max_reply_bytes;
        let silence = self.inner.read_timeout;
        let too_large = |read: u64| {
            Error::new(
                ErrorKind::TooLarge,
                format!(
                    "The server's reply was larger than {} MB (the most Trackmate accepts at once; {} MB had arrived).",
                    limit / 1_000_000,
                    read / 1_000_000
                ),
            )
        };
        // Content-Length is the decompressed size here (reqwest drops it for compressed
        // bodies); a declared size over the limit is refused before reading a byte.
        let declared = resp.content_length();
        if let Some(n) = declared.filter(|n| *n > limit) {
            return Err(too_large(n));
        }
        // A declared size is read into one exact allocation. A body of unknown size (chunked,
        // or inflated from gzip) is copied into the buffer as it arrives, so that each chunk's
        // memory goes back to the HTTP client's read buffer at once (chunks kept to the end
        // hold that buffer, and every new one is fresh memory: a window's body was faulted in
        // twice).
        body.reserve(declared.unwrap_or(0) as usize);
        let mut len = 0u64;
        loop {
            let chunk = match tokio::time::timeout(silence, resp.chunk()).await {
                Ok(Ok(Some(c))) => c,
                Ok(Ok(None)) => return Ok(body),
                Ok(Err(e)) => return Err(body_error(e, self.inner.timeout, len)),
                Err(_) => {
                    return Err(Error::new(
                        ErrorKind::Timeout,
                        format!(
                            "the reply stopped arriving: nothing for {} after {} bytes",
                            secs(silence),
                            len
                        ),
                    ));
                }
            };
            len += chunk.len() as u64;
            if len > limit {
                return Err(too_large(len));
            }
            body.extend_from_slice(&chunk);
        }
    }
}

/// A duration as a person reads it: `30 s`, `300 ms`, `10 min`.
pub(crate) fn secs(d: std::time::Duration) -> String {
    if d < std::time::Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.as_secs() % 60 == 0 && d.as_secs() >= 60 {
        format!("{} min", d.as_secs() / 60)
    } else {
        format!("{} s", d.as_secs())
    }
}

/// A failure while the body was arriving: the headers came but the body did not, whole.
fn body_error(e: reqwest::Error, total: std::time::Duration, read: u64) -> Error {
    let err = transport_error(e, total);
    if err.kind() == ErrorKind::Network {
        Error::new(
            ErrorKind::Network,
            format!(
                "the connection closed before the whole reply arrived, after {read} bytes ({})",
                err.detail()
            ),
        )
    } else {
        err
    }
}

/// Rate limits and temporary unavailability are worth another try; nothing else is.
fn is_retried(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::RateLimited | ErrorKind::Unavailable)
}

/// Turns a reply (HTTP status, Content-Type, body) into `T` or the most specific error, reading
/// naive date/times in `tz`. The client uses it for every call; it is public so that stored
/// replies (fixtures, captures) decode exactly as live ones do.
pub fn decode_reply<T: DeserializeOwned>(
    status: u16,
    content_type: &str,
    body: &[u8],
    tz: chrono_tz::Tz,
) -> Result<T> {
    decode_reply_with(status, content_type, body, tz, |b| {
        serde_json::from_slice(b)
    })
}

/// [`decode_reply`] of a `track/read` reply into `S`, as the client reads one: by the fast
/// reader of `models::track_read` where it can, else by serde — the same result either way.
pub fn decode_points<S: PointSink>(
    status: u16,
    content_type: &str,
    body: &[u8],
    tz: chrono_tz::Tz,
) -> Result<PointsInto<S>> {
    decode_reply_with(status, content_type, body, tz, PointsInto::<S>::from_json)
}

/// [`decode_reply`] with the body read by `parse`, a reader of `T` that gives what serde's
/// does (serde still names the JSON path of a failed reading).
fn decode_reply_with<T: DeserializeOwned>(
    status: u16,
    content_type: &str,
    body: &[u8],
    tz: chrono_tz::Tz,
    parse: fn(&[u8]) -> serde_json::Result<T>,
) -> Result<T> {
    let probe = if status != 200 || body.len() <= PROBE_LIMIT {
        match serde_json::from_slice::<Probe>(body) {
            Ok(p) => Some(p),
            Err(e) => return Err(not_json(status, content_type, body, &e)),
        }
    } else {
        None
    };
    if let Some(p) = probe {
        if status != 200 || p.success == Some(false) {
            return Err(api_error(status, p));
        }
    }
    with_zone(tz, || parse(body)).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            return not_json(status, content_type, body, &e);
        }
        // Decode again, slowly, to name the JSON path that failed.
        let path = with_zone(tz, || {
            let mut de = serde_json::Deserializer::from_slice(body);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(pe) => pe.path().to_string(),
                Ok(_) => String::from("?"),
            }
        });
        Error::new(ErrorKind::Decode, format!("at `{path}`: {e}"))
    })
}

fn api_error(status: u16, p: Probe) -> Error {
    let (code, description) = match p.status {
        Some(Status {
            code: Some(c),
            description,
        }) => (c, description.unwrap_or_default()),
        // A failure with no code: keep the HTTP status as the clue.
        _ => {
            return match status {
                429 => Error::api(ApiError {
                    code: ApiCode::TooManyRequests,
                    http_status: status,
                    description: "HTTP 429".into(),
                    parameter_errors: vec![],
                }),
                502..=504 => Error::new(ErrorKind::Unavailable, format!("HTTP {status}")),
                500..=599 => Error::new(ErrorKind::Server, format!("HTTP {status}")),
                _ => Error::new(
                    ErrorKind::Decode,
                    format!("HTTP {status} with an error reply that has no status code"),
                ),
            };
        }
    };
    let parameter_errors = p
        .errors
        .unwrap_or_default()
        .into_iter()
        .map(|e| match (e.parameter, e.error) {
            (Some(p), Some(m)) => format!("{p}: {m}"),
            (Some(p), None) => p,
            (None, Some(m)) => m,
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect();
    Error::api(ApiError {
        code: ApiCode::from_code(code),
        http_status: status,
        description,
        parameter_errors,
    })
}

/// A reply that is not JSON: a proxy's HTML page, a truncated or garbled body.
fn not_json(status: u16, content_type: &str, body: &[u8], err: &serde_json::Error) -> Error {
    let snippet: String = String::from_utf8_lossy(&body[..body.len().min(120)])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let what = if body.is_empty() {
        "an empty body".to_owned()
    } else if content_type.contains("html") || snippet.trim_start().starts_with('<') {
        format!(
            "an HTML page ({})",
            title_of(body).unwrap_or_else(|| snippet.trim().to_owned())
        )
    } else if err.is_eof() {
        format!("a reply cut off after {} bytes", body.len())
    } else {
        format!("malformed JSON ({err})")
    };
    match status {
        // A rate limiter's page (nginx's `limit_req`) is a rate limit all the same.
        429 => {
            return Error::api(ApiError {
                code: ApiCode::TooManyRequests,
                http_status: status,
                description: format!("HTTP 429 with {what}"),
                parameter_errors: vec![],
            });
        }
        502..=504 => {
            return Error::new(ErrorKind::Unavailable, format!("HTTP {status} with {what}"));
        }
        // The server itself failed (its error page, an empty body): not a wrong address.
        500..=599 => return Error::new(ErrorKind::Server, format!("HTTP {status} with {what}")),
        _ => {}
    }
    Error::new(ErrorKind::NotJson, format!("HTTP {status} with {what}"))
}

fn title_of(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]).to_string();
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + 7;
    let end = lower[start..].find("</title>")? + start;
    Some(text[start..end].trim().to_owned())
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
