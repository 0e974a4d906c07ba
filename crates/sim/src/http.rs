//! The request pipeline: admin routes, prefix and trailing-slash handling, hit counting,
//! faults, parameter parsing, rate limiting, authentication, and running the handler on a
//! blocking thread (generation is CPU work).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};

use crate::api::{self, Access, Ctx, Reply};
use crate::codes::{ApiError, ApiResult};
use crate::faults::{self, FaultRule};
use crate::params::Params;
use crate::session::SessionKind;
use crate::state::Sim;

const MAX_BODY: usize = 32 * 1024 * 1024;

pub async fn handle(State(sim): State<Arc<Sim>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if let Some(admin) = path.strip_prefix("/__sim/") {
        return admin_route(&sim, req, admin.trim_end_matches('/')).await;
    }
    let rest = if sim.prefix.is_empty() {
        Some(path.as_str())
    } else {
        path.strip_prefix(sim.prefix.as_str())
            .filter(|r| r.is_empty() || r.starts_with('/'))
    };
    let endpoint = rest.unwrap_or("").trim_matches('/').to_string();
    sim.count_hit(&endpoint);

    let decision = sim.faults.decide(&endpoint);
    if decision.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(decision.latency_ms)).await;
    }
    if let Some(resp) = decision
        .fault
        .as_ref()
        .and_then(|f| faults::short_circuit(f, &endpoint))
    {
        return resp;
    }
    if rest.is_some() && endpoint == faults::WS_ENDPOINT {
        // Body-mangling faults have no body to mangle here; the `Ws*` ones shape the stream.
        let fault = decision.fault.filter(faults::Fault::is_ws);
        return crate::live::upgrade(sim, req, fault).await;
    }
    let resp = match rest {
        Some(_) => serve(sim, req, endpoint).await,
        None => error_response(&ApiError::new(111)),
    };
    match decision.fault {
        Some(f) if faults::mangles(&f) => faults::mangle(&f, resp).await,
        _ => resp,
    }
}

fn json_response(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut resp = Response::new(body.into());
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

pub fn error_response(e: &ApiError) -> Response {
    json_response(e.status(), e.body())
}

async fn serve(sim: Arc<Sim>, req: Request, endpoint: String) -> Response {
    match prepare(&sim, req, &endpoint).await {
        Err(e) => error_response(&e),
        Ok(job) => {
            let sim2 = sim.clone();
            let run = tokio::task::spawn_blocking(move || {
                let ctx = Ctx {
                    sim: &sim2,
                    p: &job.params,
                    hash: job.hash,
                    iso: job.iso,
                    now: sim2.now(),
                };
                (job.handler)(&ctx)
            });
            match run.await {
                Ok(Ok(reply)) => reply_response(reply),
                Ok(Err(e)) => error_response(&e),
                Err(_) => error_response(&ApiError::new(6)),
            }
        }
    }
}

struct Job {
    handler: api::Handler,
    params: Params,
    hash: Option<String>,
    iso: bool,
}

/// Everything up to the handler: method, endpoint, body, credential, rate limit, access.
async fn prepare(sim: &Sim, req: Request, endpoint: &str) -> ApiResult<Job> {
    let (parts, body) = req.into_parts();
    if parts.method != Method::GET && parts.method != Method::POST {
        return Err(ApiError::new(112));
    }
    let (access, handler) = api::lookup(endpoint).ok_or_else(|| ApiError::new(111))?;
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::new(5))?;
    let ct = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let params = Params::from_request(parts.uri.query(), ct, &bytes)?;
    let hash = credential(&parts.headers, &params)?;
    let iso = header_flag(&parts.headers, "nvx-iso-datetime")
        || params.opt_bool("iso_datetime")?.unwrap_or(false);

    if let (Some(h), Some(limit)) = (&hash, sim.config.rate_limit_per_sec) {
        sim.rate.check(h, limit)?;
    }
    let needed = match access {
        Access::Public => None,
        Access::Session => Some(SessionKind::Full),
        Access::SecondFactor => Some(SessionKind::SecondFactor),
    };
    if let Some(needed) = needed {
        let h = hash.as_deref().ok_or_else(|| ApiError::new(4))?;
        // A 2FA-restricted hash on a normal endpoint (or a full one on code/verify) is
        // "Access denied" (11): the hash exists but is not good for this call.
        if sim.sessions.check(h, sim.now())? != needed {
            return Err(ApiError::new(11));
        }
    }
    Ok(Job {
        handler,
        params,
        hash,
        iso,
    })
}

/// `Authorization: NVX <hash>` wins, then a `hash` parameter (body or query). Any other
/// Authorization header without a `hash` parameter counts as a malformed credential (3).
fn credential(headers: &HeaderMap, params: &Params) -> ApiResult<Option<String>> {
    let header = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    if let Some(h) = header.and_then(|h| h.strip_prefix("NVX ")) {
        return Ok(Some(h.trim().to_string()));
    }
    match params.opt_str("hash")? {
        Some(h) => Ok(Some(h)),
        None if header.is_some() => Ok(Some(String::new())),
        None => Ok(None),
    }
}

fn header_flag(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn reply_response(reply: Reply) -> Response {
    match reply {
        Reply::Body(b) => json_response(StatusCode::OK, b),
        Reply::Stream(produce) => {
            let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
            tokio::task::spawn_blocking(move || {
                produce(&mut |chunk| tx.blocking_send(chunk).is_ok());
            });
            let stream = futures::stream::unfold(rx, |mut rx| async move {
                let chunk = rx.recv().await?;
                Some((Ok::<Bytes, Infallible>(Bytes::from(chunk)), rx))
            });
            json_response(StatusCode::OK, Body::from_stream(stream))
        }
    }
}

/// `POST /__sim/faults` (a JSON `FaultRule`), `DELETE /__sim/faults`,
/// `POST /__sim/expire_sessions`, `GET /__sim/hits/<endpoint>` (`{"hits": n}`: how often an
/// endpoint was asked, e.g. that a client streaming live states polls no `tracker/get_states`),
/// `POST /__sim/advance_clock/<seconds>` (the fleet lives that much further: a test outside the
/// process sees objects move whatever the hour) — outside the API prefix, never faulted or
/// counted.
async fn admin_route(sim: &Sim, req: Request, path: &str) -> Response {
    let method = req.method().clone();
    let done = || json_response(StatusCode::OK, r#"{"success":true}"#);
    match (method, path) {
        (Method::POST, "faults") => {
            let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
                .await
                .unwrap_or_default();
            match serde_json::from_slice::<FaultRule>(&bytes) {
                Ok(rule) => {
                    sim.faults.push(rule);
                    done()
                }
                Err(e) => json_response(
                    StatusCode::BAD_REQUEST,
                    serde_json::json!({"success": false, "error": e.to_string()}).to_string(),
                ),
            }
        }
        (Method::DELETE, "faults") => {
            sim.faults.clear();
            done()
        }
        (Method::GET, p) if p.starts_with("hits/") => {
            let endpoint = p.trim_start_matches("hits/").trim_matches('/');
            let hits = sim.hits(endpoint);
            json_response(StatusCode::OK, format!(r#"{{"hits":{hits}}}"#))
        }
        (Method::POST, p) if p.starts_with("advance_clock/") => {
            match p.trim_start_matches("advance_clock/").parse::<i64>() {
                Ok(secs) => {
                    sim.advance_clock(chrono::Duration::seconds(secs));
                    done()
                }
                Err(_) => json_response(
                    StatusCode::BAD_REQUEST,
                    r#"{"success":false,"error":"seconds expected"}"#,
                ),
            }
        }
        (Method::POST, "expire_sessions") => {
            sim.sessions.clear();
            done()
        }
        _ => json_response(
            StatusCode::NOT_FOUND,
            r#"{"success":false,"error":"unknown admin endpoint"}"#,
        ),
    }
}
