//! The client: server address, HTTP settings, and the state a signed-in session carries
//! (session hash, the user's time zone, the server's limits). Cheap to clone; clones share state.

use crate::ca::CaBundle;
use crate::error::{Error, ErrorKind, Result};
use crate::params::Encoding;
use crate::retry::RetryPolicy;
use crate::time::{Time, parse_zone};
use chrono::Duration;
use chrono_tz::Tz;
use std::fmt;
use std::sync::{Arc, RwLock};
use trackmate_secret::Secret;

/// The request limits the client plans by. Defaults are the documented ones; `load_profile`
/// replaces them with what the server reports in `dealer/get_ui_config`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Most history entries one request may ask for.
    pub history_max_limit: u32,
    /// Longest span of one history request.
    pub history_max_span: Duration,
    /// Longest span of one track request (undocumented on real servers: 30 days is the
    /// documented default of the similar report limit; a 211 reply halves the window anyway).
    pub track_max_span: Duration,
    /// Most trackers one `tracker/get_states` call may name.
    pub states_per_call: usize,
    /// The smallest window a 211 reply may shrink a request to before giving up.
    pub min_window: Duration,
}

/// The sane range of every limit, whatever a server announces or a caller sets (`set_limits`
/// clamps into it). Why these ends:
/// - spans (`track_max_span`, `history_max_span`, `min_window`): at least 1 hour, so that a
///   server announcing `PT0S`, a negative or a tiny span cannot make the client send one
///   request per second of a period (a month in 1-hour windows is already 720 requests, the
///   most that is still a usable load); at most 366 days, more than any period a person asks
///   for at once, and far below the date arithmetic's overflow (an absurd `P999999999D`).
/// - `history_max_limit`: 10..=100,000 entries a page. Below 10, paging a busy day takes
///   thousands of requests; above 100,000 one page is a reply of tens of MB. A server that
///   really allows fewer answers 212, and the client halves the page down to 10.
/// - `states_per_call`: 1..=10,000 ids a call (the request's own size stays small).
pub mod ranges {
    use chrono::Duration;
    /// Shortest span of one request.
    pub fn min_span() -> Duration {
        Duration::hours(1)
    }
    /// Longest span of one request.
    pub fn max_span() -> Duration {
        Duration::days(366)
    }
    /// Fewest and most history entries a page.
    pub const HISTORY_LIMIT: (u32, u32) = (10, 100_000);
    /// Fewest and most trackers a `tracker/get_states` call.
    pub const STATES_PER_CALL: (usize, usize) = (1, 10_000);
}

impl Limits {
    /// These limits with every value moved into its sane range ([`ranges`]).
    pub fn clamped(self) -> Limits {
        let span = |d: Duration| d.clamp(ranges::min_span(), ranges::max_span());
        let (lo, hi) = ranges::HISTORY_LIMIT;
        let (slo, shi) = ranges::STATES_PER_CALL;
        Limits {
            history_max_limit: self.history_max_limit.clamp(lo, hi),
            history_max_span: span(self.history_max_span),
            track_max_span: span(self.track_max_span),
            states_per_call: self.states_per_call.clamp(slo, shi),
            min_window: span(self.min_window),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            history_max_limit: 1000,
            history_max_span: Duration::days(30),
            track_max_span: Duration::days(30),
            states_per_call: 2000,
            min_window: Duration::hours(1),
        }
    }
}

/// Default most bytes of one reply, counted after decompression. A legitimate 1,000,000-point
/// `track/read` day is about 195 MB of JSON (~200 bytes a point, BENCHMARKS.md), and the
/// default window reads at most a day; 1 GiB is five times that, so no real reply comes near
/// it, while an endless body or a gzip bomb stops there instead of taking all memory.
pub const DEFAULT_MAX_REPLY_BYTES: u64 = 1 << 30;

pub(crate) struct Inner {
    pub http: reqwest::Client,
    /// Most bytes of one reply after decompression.
    pub max_reply_bytes: u64,
    /// Longest silence: no headers this long after sending, or no body bytes this long.
    pub read_timeout: std::time::Duration,
    /// Longest whole exchange (connect, send, headers, whole body).
    pub timeout: std::time::Duration,
    pub base: String,
    pub encoding: Encoding,
    pub retry: RetryPolicy,
    pub iso_datetime: bool,
    pub hash: RwLock<Option<Secret>>,
    pub zone: RwLock<Tz>,
    pub limits: RwLock<Limits>,
    /// For the live WebSocket, which has its own TLS and connect set-up (`live/socket.rs`).
    pub extra_ca: Vec<CaBundle>,
    pub user_agent: String,
    pub connect_timeout: std::time::Duration,
}

/// A client of one server. Clones share the session.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Short on purpose: the HTTP client's and limits' details are noise in a log line.
        f.debug_struct("Client")
            .field("base", &self.inner.base)
            .field("signed_in", &self.is_signed_in())
            .field("time_zone", &self.time_zone())
            .finish()
    }
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base: String,
    timeout: std::time::Duration,
    read_timeout: std::time::Duration,
    connect_timeout: std::time::Duration,
    max_reply_bytes: u64,
    encoding: Encoding,
    retry: RetryPolicy,
    /// Redacted in `Debug` by [`Secret`].
    hash: Option<Secret>,
    zone: Tz,
    iso_datetime: bool,
    user_agent: String,
    extra_ca: Vec<CaBundle>,
}

impl ClientBuilder {
    /// Whole-exchange timeout (default 10 min). It is only the last bound: a stalled reply is
    /// caught by [`read_timeout`](Self::read_timeout) long before. Ten minutes lets a
    /// legitimate 1,000,000-point day (~195 MB) arrive over a ~3 Mbit/s link; the old 60 s
    /// failed such a reply on anything slower than ~26 Mbit/s.
    pub fn timeout(mut self, t: std::time::Duration) -> Self {
        self.timeout = t;
        self
    }
    /// Longest silence (default 30 s): the headers not arriving this long after the request
    /// was sent, or no bytes of the body for this long. A server computing a big reply
    /// answers within seconds; a reply silent for 30 s is stalled, and waiting for the whole
    /// timeout would leave a person looking at a frozen progress bar for minutes.
    pub fn read_timeout(mut self, t: std::time::Duration) -> Self {
        self.read_timeout = t;
        self
    }
    /// Most bytes of one reply after decompression (default [`DEFAULT_MAX_REPLY_BYTES`]).
    pub fn max_reply_bytes(mut self, n: u64) -> Self {
        self.max_reply_bytes = n;
        self
    }
    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, t: std::time::Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// Body encoding (default form).
    pub fn encoding(mut self, e: Encoding) -> Self {
        self.encoding = e;
        self
    }
    /// Retry policy for rate limits and temporary unavailability.
    pub fn retry(mut self, r: RetryPolicy) -> Self {
        self.retry = r;
        self
    }
    /// Starts with an existing session hash or API key.
    pub fn hash(mut self, hash: impl Into<Secret>) -> Self {
        self.hash = Some(hash.into());
        self
    }
    /// The user's time zone, if already known (otherwise `load_profile` sets it; UTC until then).
    pub fn time_zone(mut self, tz: Tz) -> Self {
        self.zone = tz;
        self
    }
    /// Ask the server for ISO 8601 date/times (`iso_datetime=true`); naive ones are still read.
    pub fn iso_datetime(mut self, on: bool) -> Self {
        self.iso_datetime = on;
        self
    }
    /// Appends to the User-Agent (e.g. `desktop`), after `Trackmate/<version>`.
    pub fn user_agent_suffix(mut self, s: &str) -> Self {
        self.user_agent = format!("{} {s}", self.user_agent);
        self
    }

    /// Also trusts these CA certificates (an on-premise server signed by a company CA); the
    /// built-in roots stay trusted. There is deliberately no way to switch certificate checks off.
    pub fn trust_ca(mut self, ca: &CaBundle) -> Self {
        self.extra_ca.push(ca.clone());
        self
    }

    /// Builds the client; fails only on an unusable server address or CA certificate.
    pub fn build(self) -> Result<Client> {
        let base = normalize_base(&self.base)?;
        if let Some(h) = &self.hash {
            check_hash(h.expose())?;
        }
        let mut http = reqwest::Client::builder();
        for cert in self.extra_ca.iter().flat_map(CaBundle::certificates) {
            http = http.add_root_certificate(cert);
        }
        let http = http
            .user_agent(self.user_agent.clone())
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .https_only(false)
            // Never follow a redirect: see `transport::redirect_error`.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| match self.extra_ca.is_empty() {
                true => Error::new(
                    ErrorKind::Network,
                    format!("cannot start the HTTP client: {e}"),
                ),
                // Certificates are added to the trust store here, so a malformed one fails now.
                false => Error::new(
                    ErrorKind::InvalidInput,
                    format!("the CA certificate could not be used: {e}"),
                ),
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                max_reply_bytes: self.max_reply_bytes,
                read_timeout: self.read_timeout,
                timeout: self.timeout,
                base,
                encoding: self.encoding,
                retry: self.retry,
                iso_datetime: self.iso_datetime,
                hash: RwLock::new(self.hash),
                zone: RwLock::new(self.zone),
                limits: RwLock::new(Limits::default()),
                extra_ca: self.extra_ca,
                user_agent: self.user_agent,
                connect_timeout: self.connect_timeout,
            }),
        })
    }
}

/// Checks and tidies a server address. The path is kept as an opaque prefix (with or without
/// `/v2`); only a trailing slash is dropped, since actions are appended as `/<resource>/<action>`.
pub fn normalize_base(raw: &str) -> Result<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Error::new(ErrorKind::InvalidUrl, "the address is empty"));
    }
    let url = url::Url::parse(raw).map_err(|e| {
        let hint = if !raw.contains("://") {
            " (it needs https:// in front)"
        } else {
            ""
        };
        Error::new(
            ErrorKind::InvalidUrl,
            format!("{raw:?} is not a URL: {e}{hint}"),
        )
    })?;
    match url.scheme() {
        "https" | "http" => {}
        other => {
            return Err(Error::new(
                ErrorKind::InvalidUrl,
                format!("{raw:?} uses {other}:// but only https:// (or http://) work"),
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::new(
            ErrorKind::InvalidUrl,
            format!("{raw:?} has no host name"),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::new(
            ErrorKind::InvalidUrl,
            format!("{raw:?} must not have a query or fragment"),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A credential is 32 lowercase hex characters.
pub(crate) fn check_hash(h: &str) -> Result<()> {
    if h.len() == 32
        && h.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::InvalidInput,
            "A session hash or API key is 32 lowercase hexadecimal characters.",
        ))
    }
}

impl Client {
    /// Starts building a client for the server at `base` (e.g. `https://api.eu.navixy.com/v2`,
    /// or an on-premise `https://api.example.com/`).
    pub fn builder(base: &str) -> ClientBuilder {
        ClientBuilder {
            base: base.to_owned(),
            timeout: std::time::Duration::from_secs(600),
            read_timeout: std::time::Duration::from_secs(30),
            connect_timeout: std::time::Duration::from_secs(10),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
            encoding: Encoding::default(),
            retry: RetryPolicy::default(),
            hash: None,
            zone: Tz::UTC,
            iso_datetime: false,
            extra_ca: Vec::new(),
            user_agent: format!(
                "Trackmate/{} (+https://trackmate.app)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }

    /// A client with default settings.
    pub fn new(base: &str) -> Result<Client> {
        Client::builder(base).build()
    }

    /// The normalized server address.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// False for `http://` addresses: the password and session would travel unencrypted.
    pub fn is_encrypted(&self) -> bool {
        self.inner.base.starts_with("https://")
    }

    /// Whether a session hash or API key is set.
    pub fn is_signed_in(&self) -> bool {
        self.inner.hash.read().expect("lock").is_some()
    }

    /// The current session hash (for storing it in the OS keyring). A [`Secret`]: `Debug`
    /// redacts it; `expose()` reads it.
    pub fn session_hash(&self) -> Option<Secret> {
        self.inner.hash.read().expect("lock").clone()
    }

    /// Uses an existing session hash or API key.
    pub fn set_session_hash(&self, hash: &str) -> Result<()> {
        check_hash(hash)?;
        *self.inner.hash.write().expect("lock") = Some(Secret::from(hash));
        Ok(())
    }

    pub(crate) fn clear_session(&self) {
        *self.inner.hash.write().expect("lock") = None;
    }

    /// The user's time zone (UTC until known).
    pub fn time_zone(&self) -> Tz {
        *self.inner.zone.read().expect("lock")
    }

    /// Sets the user's time zone by IANA name; unknown names are an error.
    pub fn set_time_zone(&self, name: &str) -> Result<Tz> {
        let tz = parse_zone(name).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("Unknown time zone {name:?}."),
            )
        })?;
        *self.inner.zone.write().expect("lock") = tz;
        Ok(tz)
    }

    /// The limits requests are planned by.
    pub fn limits(&self) -> Limits {
        *self.inner.limits.read().expect("lock")
    }

    /// Replaces the limits (e.g. from settings, or in tests), each moved into its sane range
    /// ([`Limits::clamped`]).
    pub fn set_limits(&self, limits: Limits) {
        *self.inner.limits.write().expect("lock") = limits.clamped();
    }

    /// The current time in the user's zone.
    pub fn now(&self) -> Time {
        chrono::Utc::now().with_timezone(&self.time_zone())
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
