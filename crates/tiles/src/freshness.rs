//! HTTP caching rules for a private cache (RFC 9111): what a reply's headers say about storing
//! a tile and until when it is fresh, and how long a 429 asks us to wait.
//!
//! Kept instead of `http-cache-semantics` (in the tree through walkers' `http-cache`): that crate
//! is a whole RFC 7234 engine (Vary, shared-cache rules, authorization) whose `CachePolicy` keeps
//! the full request and response header maps and the URI with every entry — per tile on disk, and
//! the URI of a custom source holds its API key, which must never reach the disk (`key.rs`). It
//! also gives a reply without caching headers 10% of its Last-Modified age or nothing, where tile
//! servers' usage policies want a steady default lifetime. These 188 lines keep four fields a tile
//! and apply the same RFC rules we need, each with a test.

use reqwest::header::{
    AGE, CACHE_CONTROL, DATE, ETAG, EXPIRES, HeaderMap, LAST_MODIFIED, RETRY_AFTER,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What to do with a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Policy {
    /// `false` for `Cache-Control: no-store`.
    pub store: bool,
    /// Unix seconds until which the tile may be served without asking the server.
    pub fresh_until: u64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Reads the caching headers of a 200 or 304.
///
/// - `no-store` → not stored; `no-cache` → stored but revalidated every time (fresh for 0 s).
/// - `max-age` (minus `Age`) wins over `Expires`; `Expires` counts from the server's `Date`
///   (clock skew between us and the server does not matter) and an unparsable one means
///   "already expired", as the RFC says.
/// - Neither → `default_ttl` (a heuristic lifetime; tiles change rarely).
/// - `s-maxage`/`public`/`private` are for shared caches; `must-revalidate` is deliberately not
///   honoured when the network is down: an offline map shows stale tiles marked as such
///   ([`crate::Origin::Stale`]) rather than holes.
pub(crate) fn policy(headers: &HeaderMap, now: SystemTime, default_ttl: Duration) -> Policy {
    let mut store = true;
    let mut no_cache = false;
    let mut max_age = None;
    for value in headers.get_all(CACHE_CONTROL) {
        let Ok(value) = value.to_str() else { continue };
        for directive in value.split(',') {
            let (name, arg) = match directive.split_once('=') {
                Some((n, a)) => (n.trim(), Some(a.trim().trim_matches('"'))),
                None => (directive.trim(), None),
            };
            if name.eq_ignore_ascii_case("no-store") {
                store = false;
            } else if name.eq_ignore_ascii_case("no-cache") {
                no_cache = true;
            } else if name.eq_ignore_ascii_case("max-age") {
                // An invalid max-age makes the reply stale (RFC 9111 §4.2.1).
                max_age = Some(arg.and_then(|a| a.parse::<u64>().ok()).unwrap_or(0));
            }
        }
    }
    let now_secs = unix(now);
    let lifetime = if no_cache {
        0
    } else if let Some(max_age) = max_age {
        max_age.saturating_sub(header_u64(headers, AGE).unwrap_or(0))
    } else if let Some(expires) = headers.get(EXPIRES) {
        let date = header_date(headers, DATE).unwrap_or(now);
        match expires
            .to_str()
            .ok()
            .and_then(|e| httpdate::parse_http_date(e).ok())
        {
            Some(expires) => expires.duration_since(date).map_or(0, |d| d.as_secs()),
            None => 0,
        }
    } else {
        default_ttl.as_secs()
    };
    Policy {
        store,
        fresh_until: now_secs.saturating_add(lifetime),
        etag: header_string(headers, ETAG),
        last_modified: header_string(headers, LAST_MODIFIED),
    }
}

/// How long a 429 (or 503) asks us to wait: `Retry-After` in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

pub(crate) fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn header_string(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    let v = headers.get(name)?.to_str().ok()?.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

fn header_u64(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<u64> {
    header_string(headers, name)?.parse().ok()
}

fn header_date(headers: &HeaderMap, name: reqwest::header::HeaderName) -> Option<SystemTime> {
    httpdate::parse_http_date(&header_string(headers, name)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const TTL: Duration = Duration::from_secs(86_400);

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(*n, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn max_age_minus_age_and_no_store() {
        let p = policy(
            &headers(&[("cache-control", "public, max-age=600"), ("age", "100")]),
            at(1000),
            TTL,
        );
        assert_eq!((p.store, p.fresh_until), (true, 1500));
        let p = policy(&headers(&[("cache-control", "no-store")]), at(1000), TTL);
        assert!(!p.store);
        let p = policy(
            &headers(&[("cache-control", "no-cache"), ("etag", "\"v1\"")]),
            at(1000),
            TTL,
        );
        assert_eq!(
            (p.store, p.fresh_until, p.etag.as_deref()),
            (true, 1000, Some("\"v1\""))
        );
        let p = policy(
            &headers(&[("cache-control", "max-age=oops")]),
            at(1000),
            TTL,
        );
        assert_eq!(p.fresh_until, 1000);
    }

    #[test]
    fn expires_counts_from_the_servers_date() {
        let date = httpdate::fmt_http_date(at(1_700_000_000));
        let expires = httpdate::fmt_http_date(at(1_700_000_300));
        // Our clock is an hour ahead of the server's: the lifetime is still 300 s.
        let p = policy(
            &headers(&[("date", &date), ("expires", &expires)]),
            at(1_700_003_600),
            TTL,
        );
        assert_eq!(p.fresh_until, 1_700_003_900);
        let p = policy(&headers(&[("expires", "0")]), at(1000), TTL);
        assert_eq!(p.fresh_until, 1000);
        let p = policy(
            &headers(&[("cache-control", "max-age=60"), ("expires", &expires)]),
            at(1000),
            TTL,
        );
        assert_eq!(p.fresh_until, 1060, "max-age wins over Expires");
        assert_eq!(
            policy(&HeaderMap::new(), at(1000), TTL).fresh_until,
            1000 + 86_400
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(
            retry_after(&headers(&[("retry-after", "120")]), at(0)),
            Some(Duration::from_secs(120))
        );
        let when = httpdate::fmt_http_date(at(1_700_000_090));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &when)]), at(1_700_000_000)),
            Some(Duration::from_secs(90))
        );
        assert_eq!(retry_after(&HeaderMap::new(), at(0)), None);
    }
}
