//! The network side: one HTTP client with the app's User-Agent, at most N requests per host at a
//! time, a pause per host after a 429, conditional requests, and HTTP statuses and transport
//! failures turned into [`TileError`]s that never carry the request URL (it may hold a key).

use crate::error::{TileError, forbidden_hint};
use crate::freshness;
use crate::source::RequestUrl;
use bytes::{Bytes, BytesMut};
use reqwest::header::{
    ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue, IF_MODIFIED_SINCE, IF_NONE_MATCH,
};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;

/// A 429 without `Retry-After` still pauses the host this long; a longer ask is capped so a
/// broken header cannot switch the map off for the day.
const DEFAULT_PAUSE: Duration = Duration::from_secs(30);
const MAX_PAUSE: Duration = Duration::from_secs(3600);

pub(crate) struct Fetcher {
    client: reqwest::Client,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

struct Host {
    permits: Semaphore,
    paused_until: Mutex<Option<Instant>>,
}

pub(crate) enum Reply {
    Body {
        body: Bytes,
        content_type: String,
        headers: HeaderMap,
    },
    NotModified {
        headers: HeaderMap,
    },
}

/// Validators of a cached copy, for a conditional request.
#[derive(Default)]
pub(crate) struct Validators<'a> {
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
}

impl Fetcher {
    pub fn new(
        user_agent: &str,
        per_host: usize,
        connect_timeout: Duration,
        timeout: Duration,
    ) -> Result<Self, TileError> {
        let per_host = per_host.max(1);
        // reqwest sends no Cache-Control/Pragma of its own, which the OSM policy forbids to add;
        // without the http2 feature every request is its own HTTP/1.1 connection or a reused
        // idle one, so the per-host permits below bound connections too.
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .pool_max_idle_per_host(per_host)
            .build()
            .map_err(|e| TileError::Client(e.without_url().to_string()))?;
        Ok(Self {
            client,
            per_host,
            hosts: Mutex::new(HashMap::new()),
        })
    }

    /// One GET with at most `limit` bytes of body. `accept` is the Accept header. A 304 is only
    /// expected (and only accepted) when `validators` are given.
    pub async fn get(
        &self,
        url: &RequestUrl,
        validators: Option<Validators<'_>>,
        accept: &'static str,
        limit: u64,
    ) -> Result<Reply, TileError> {
        let host = self.host(&url.host);
        host.check_pause(&url.host)?;
        let _permit = host
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        // A request ahead of us in the queue may have been told to back off.
        host.check_pause(&url.host)?;

        let mut request = self.client.get(&url.full).header(ACCEPT, accept);
        let conditional = validators.is_some();
        if let Some(v) = validators {
            if let Some(etag) = v.etag.and_then(|e| HeaderValue::from_str(e).ok()) {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = v.last_modified.and_then(|l| HeaderValue::from_str(l).ok()) {
                request = request.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let mut response = request.send().await.map_err(|e| TileError::Offline {
            host: url.host.clone(),
            detail: describe(e),
        })?;
        let status = response.status().as_u16();
        let err_host = || url.host.clone();
        match status {
            200 => {}
            304 if conditional => {
                return Ok(Reply::NotModified {
                    headers: response.headers().clone(),
                });
            }
            204 | 404 | 410 => {
                return Err(TileError::NotFound {
                    host: err_host(),
                    status,
                });
            }
            401 | 403 => {
                return Err(TileError::Forbidden {
                    host: err_host(),
                    status,
                    hint: forbidden_hint(&url.host, url.has_key),
                });
            }
            429 => {
                let wait = freshness::retry_after(response.headers(), SystemTime::now())
                    .unwrap_or(DEFAULT_PAUSE)
                    .min(MAX_PAUSE);
                host.pause(wait);
                tracing::warn!(host = %url.host, secs = wait.as_secs(), "tile server asks to slow down (429)");
                return Err(TileError::RateLimited {
                    host: err_host(),
                    retry_after_secs: Some(wait.as_secs()),
                });
            }
            _ => {
                return Err(TileError::Http {
                    host: err_host(),
                    status,
                });
            }
        }
        let too_large = || TileError::TooLarge {
            host: err_host(),
            limit,
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .trim()
            .to_owned();
        let headers = response.headers().clone();
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| TileError::Interrupted {
            host: err_host(),
            detail: describe(e),
        })? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply::Body {
            body: body.freeze(),
            content_type,
            headers,
        })
    }

    fn host(&self, name: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .entry(name.to_owned())
            .or_insert_with(|| {
                Arc::new(Host {
                    permits: Semaphore::new(self.per_host),
                    paused_until: Mutex::new(None),
                })
            })
            .clone()
    }
}

impl Host {
    fn check_pause(&self, name: &str) -> Result<(), TileError> {
        let until = *self.paused_until.lock().unwrap_or_else(|e| e.into_inner());
        match until.map(|u| u.saturating_duration_since(Instant::now())) {
            Some(left) if !left.is_zero() => Err(TileError::RateLimited {
                host: name.to_owned(),
                retry_after_secs: Some(left.as_secs().max(1)),
            }),
            _ => Ok(()),
        }
    }

    fn pause(&self, wait: Duration) {
        *self.paused_until.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + wait);
    }
}

/// A transport error for the user: "timed out" or its root cause ("Connection refused", a DNS
/// failure). The URL is stripped first; the causes below reqwest (hyper, io) never hold it.
fn describe(err: reqwest::Error) -> String {
    if err.is_timeout() {
        return "timed out".into();
    }
    let err = err.without_url();
    let mut cause: &dyn std::error::Error = &err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
