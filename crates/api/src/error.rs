//! The client's one error type: API errors with their typed code, session loss, transport
//! failures, undecodable replies and non-JSON pages, each with a message a person can act on.

use crate::codes::ApiCode;
use serde::Serialize;
use std::fmt;

/// What went wrong, as a flat kind the UI can switch on (`{kind, message, code?}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with an API error code (see [`ApiCode`]).
    Api,
    /// The session is unknown, expired or malformed (codes 3 and 4): sign in again.
    Session,
    /// The server's rate limit (code 15 / HTTP 429) held after every retry.
    RateLimited,
    /// The server is temporarily unavailable (codes 8, 14, HTTP 502/503/504) after every retry.
    Unavailable,
    /// The host name could not be resolved.
    Dns,
    /// No connection could be made (refused, unreachable, reset).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The server did not answer in time.
    Timeout,
    /// Another transport failure.
    Network,
    /// The reply was JSON but not of the expected shape.
    Decode,
    /// The reply was not JSON at all (for example a proxy's HTML error page).
    NotJson,
    /// The server address is not a usable URL.
    InvalidUrl,
    /// The caller's input was rejected before anything was sent.
    InvalidInput,
    /// A call that needs a session was made before signing in.
    NotSignedIn,
    /// The server failed on its side (HTTP 5xx other than 502/503/504) without an API code.
    Server,
    /// The reply was larger than the client accepts (`ClientBuilder::max_reply_bytes`).
    TooLarge,
    /// The caller cancelled the request (a load's cancel token fired).
    Cancelled,
    /// The server answered with a redirect (301/302/303/307/308) to another address; the
    /// client never follows one, so the password or session is never sent elsewhere.
    Redirect,
}

/// What exactly failed in a TLS handshake ([`ErrorKind::Tls`]), read from rustls's own error in
/// the chain, never from the words of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TlsProblem {
    /// The certificate's chain does not end at an authority this computer trusts: a
    /// self-signed certificate or one issued by a company CA (rustls cannot tell which).
    UnknownAuthority,
    /// The certificate's validity ended.
    Expired,
    /// The certificate's validity has not begun (often a wrong clock on this computer).
    NotYetValid,
    /// The certificate is for other names than the host asked for.
    WrongHost,
    /// The certificate was revoked by its issuer.
    Revoked,
    /// Another certificate fault (bad signature, wrong usage, unreadable certificate).
    BadCertificate,
    /// The server ended the handshake with an alert (it refused us, e.g. wants a client
    /// certificate or a TLS version we do not speak).
    AlertReceived,
    /// The handshake failed otherwise (protocol mismatch, not TLS at all on that port).
    Handshake,
}

/// An API error as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: ApiCode,
    /// HTTP status of the reply.
    pub http_status: u16,
    /// The server's own `status.description` (may differ from the docs' wording).
    pub description: String,
    /// For code 7: the parameters the server named, as `parameter: error`.
    pub parameter_errors: Vec<String>,
}

/// The one error type of `trackmate-api`.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    kind: ErrorKind,
    /// The API action that failed, such as `track/read`, when there is one.
    endpoint: Option<String>,
    api: Option<ApiError>,
    /// The specific detail: the transport's reason, the JSON path that failed, ...
    detail: String,
    /// How long the server asked to wait before trying again (`Retry-After` on 429/503), in
    /// whole seconds (the header's own resolution), saturating at ~18 h, far over any cap (a
    /// `u16` fits beside `kind` and keeps `Error` under clippy's large-error bound).
    retry_after: Option<u16>,
    /// For [`ErrorKind::Tls`]: what exactly failed, when rustls said so.
    tls: Option<TlsProblem>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> Error {
        Error {
            kind,
            endpoint: None,
            api: None,
            detail: detail.into(),
            retry_after: None,
            tls: None,
        }
    }

    /// A TLS failure whose `detail` is already the whole sentence (host, reason, what to do).
    pub(crate) fn tls(problem: TlsProblem, sentence: String) -> Error {
        let mut e = Error::new(ErrorKind::Tls, sentence);
        e.tls = Some(problem);
        e
    }

    /// For a TLS failure: what exactly failed, when known.
    pub fn tls_problem(&self) -> Option<TlsProblem> {
        self.tls
    }

    /// The request was cancelled by its caller.
    pub(crate) fn cancelled() -> Error {
        Error::new(ErrorKind::Cancelled, "")
    }

    pub(crate) fn with_retry_after(mut self, wait: Option<std::time::Duration>) -> Error {
        self.retry_after = wait.map(|d| {
            let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
            u16::try_from(secs).unwrap_or(u16::MAX)
        });
        self
    }

    /// The wait the server asked for in `Retry-After`, if it sent one.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        self.retry_after
            .map(|s| std::time::Duration::from_secs(u64::from(s)))
    }

    pub(crate) fn api(err: ApiError) -> Error {
        let kind = match (err.code, err.http_status) {
            (ApiCode::WrongHash | ApiCode::SessionEnded, _) => ErrorKind::Session,
            (ApiCode::TooManyRequests, _) | (_, 429) => ErrorKind::RateLimited,
            (ApiCode::QueueServiceError | ApiCode::DatabaseUnavailable, _) => {
                ErrorKind::Unavailable
            }
            // A gateway or overloaded server says so by status, whatever code it attaches.
            (_, 502..=504) => ErrorKind::Unavailable,
            _ => ErrorKind::Api,
        };
        Error {
            kind,
            endpoint: None,
            detail: err.description.clone(),
            api: Some(err),
            retry_after: None,
            tls: None,
        }
    }

    pub(crate) fn at(mut self, endpoint: &str) -> Error {
        if self.endpoint.is_none() {
            self.endpoint = Some(endpoint.to_owned());
        }
        self
    }

    /// The flat kind of the failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The API error, when the server sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.api.as_ref()
    }

    /// The typed API code, when the server sent one.
    pub fn api_code(&self) -> Option<ApiCode> {
        self.api.as_ref().map(|a| a.code)
    }

    /// The numeric API code, when the server sent one.
    pub fn code(&self) -> Option<u32> {
        self.api_code().map(ApiCode::code)
    }

    /// The API action that failed, if known.
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    /// The technical detail (transport reason, JSON path, server description).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// True when signing in again may fix it (codes 3 and 4).
    pub fn is_session(&self) -> bool {
        self.kind == ErrorKind::Session
    }

    /// True when the same call may succeed later without any change.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::RateLimited
                | ErrorKind::Unavailable
                | ErrorKind::Timeout
                | ErrorKind::Server
        )
    }

    /// A message for a person: what happened and what to do.
    pub fn message(&self) -> String {
        let mut msg = self.base_message();
        if let Some(wait) = self.retry_after() {
            msg.push_str(&format!(
                " The server asks to wait {} before trying again.",
                human(wait)
            ));
        }
        msg
    }

    fn base_message(&self) -> String {
        match self.kind {
            ErrorKind::Api
            | ErrorKind::Session
            | ErrorKind::RateLimited
            | ErrorKind::Unavailable
                if self.api.is_some() =>
            {
                let api = self.api.as_ref().expect("checked above");
                let mut msg = api.code.message().to_owned();
                if !api.parameter_errors.is_empty() {
                    msg.push_str(" (");
                    msg.push_str(&api.parameter_errors.join("; "));
                    msg.push(')');
                }
                msg
            }
            ErrorKind::Unavailable => format!(
                "The server is temporarily unavailable ({}). Try again in a moment.",
                self.detail
            ),
            ErrorKind::Dns => format!(
                "The server's name could not be found ({}). Check the server address and your internet connection.",
                self.detail
            ),
            ErrorKind::Connect => format!(
                "Could not connect to the server ({}). Check your internet connection and the server address.",
                self.detail
            ),
            // The sentence was written where rustls's error was read (transport.rs).
            ErrorKind::Tls if self.tls.is_some() => self.detail.clone(),
            ErrorKind::Redirect => self.detail.clone(),
            ErrorKind::Tls => format!(
                "A secure connection to the server could not be made ({}). Check the address; the server's certificate may be invalid.",
                self.detail
            ),
            ErrorKind::Timeout => format!(
                "The server did not answer in time ({}). Try again, or choose a shorter period.",
                self.detail
            ),
            ErrorKind::Network => format!("The connection to the server failed ({}).", self.detail),
            ErrorKind::Decode => format!(
                "The server's reply could not be read ({}). The server may be incompatible with Trackmate.",
                self.detail
            ),
            ErrorKind::NotJson => format!(
                "The server answered with something that is not API data ({}). Check the server address; a proxy or web page may be in the way.",
                self.detail
            ),
            ErrorKind::InvalidUrl => format!(
                "The server address is not valid: {}. Use a full address such as https://api.eu.navixy.com/v2.",
                self.detail
            ),
            ErrorKind::InvalidInput => self.detail.clone(),
            ErrorKind::NotSignedIn => "Not signed in. Sign in first.".to_owned(),
            ErrorKind::Server => format!(
                "The server had an internal error ({}). Try again later; if it persists, tell your server's administrator.",
                self.detail
            ),
            // The detail is the whole sentence (the limit and the size read), see transport.rs.
            ErrorKind::TooLarge => {
                format!("{} Choose a shorter period or fewer trips.", self.detail)
            }
            ErrorKind::Cancelled => "Loading was cancelled.".to_owned(),
            _ => self.detail.clone(),
        }
    }
}

/// A wait as a person reads it: `5 s`, `3 min`, `2 h`.
fn human(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..120 => format!("{s} s"),
        120..7200 => format!("{} min", s.div_ceil(60)),
        _ => format!("{} h", s.div_ceil(3600)),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())?;
        if let Some(api) = &self.api {
            write!(f, " [code {}", api.code.code())?;
            if let Some(ep) = &self.endpoint {
                write!(f, ", {ep}")?;
            }
            f.write_str("]")?;
        } else if let Some(ep) = &self.endpoint {
            write!(f, " [{ep}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Result with the client's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
