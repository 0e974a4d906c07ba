//! `AppError`, the one error every command returns: `{kind, message, code?}` as in docs/ipc.md,
//! mapped from the crates' errors so the UI can switch on `kind` (a closed set, `AppErrorKind`)
//! and `code`; and `capitalize`, which makes the crates' lowercase messages read as sentences.

use serde::Serialize;
use trackmate_api::ErrorKind;
use ts_rs::TS;

/// What failed, as the web view switches on it. The strings are the wire contract: the api
/// crate's [`ErrorKind`] values keep their own snake_case names (a test holds them equal), the
/// rest are the app's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum AppErrorKind {
    /// The server answered with an API error code (`code` says which).
    Api,
    /// The session is unknown, expired or refused: sign in again.
    Session,
    RateLimited,
    Unavailable,
    Dns,
    Connect,
    Tls,
    Timeout,
    /// A transport failure with no more specific kind (also the api crate's kinds newer than
    /// this list).
    Network,
    Decode,
    NotJson,
    InvalidUrl,
    InvalidInput,
    NotSignedIn,
    Server,
    TooLarge,
    Cancelled,
    Redirect,
    /// The secret store (OS keyring) failed.
    Keyring,
    /// A local file, thread or server start-up failed.
    Io,
    /// A chosen file could not be read as a track.
    Import,
    /// The file dialog chose nothing usable (cancelled, or a path the app will not take).
    NotPicked,
    /// The map's tile source could not be set (its message is shown as it is).
    Tiles,
    /// Never built here: the page's `toAppError` gives it to Tauri's own plain-string
    /// rejections (an unknown command, arguments that do not match), listed so the page's set
    /// of kinds stays closed.
    Internal,
}

/// The wire string (the serde name), for logs and `AppError`'s `Display`: taken from serde, so
/// there is one list of names.
impl std::fmt::Display for AppErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => write!(f, "{self:?}"),
        }
    }
}

impl From<ErrorKind> for AppErrorKind {
    fn from(k: ErrorKind) -> Self {
        match k {
            ErrorKind::Api => Self::Api,
            ErrorKind::Session => Self::Session,
            ErrorKind::RateLimited => Self::RateLimited,
            ErrorKind::Unavailable => Self::Unavailable,
            ErrorKind::Dns => Self::Dns,
            ErrorKind::Connect => Self::Connect,
            ErrorKind::Tls => Self::Tls,
            ErrorKind::Timeout => Self::Timeout,
            ErrorKind::Network => Self::Network,
            ErrorKind::Decode => Self::Decode,
            ErrorKind::NotJson => Self::NotJson,
            ErrorKind::InvalidUrl => Self::InvalidUrl,
            ErrorKind::InvalidInput => Self::InvalidInput,
            ErrorKind::NotSignedIn => Self::NotSignedIn,
            ErrorKind::Server => Self::Server,
            ErrorKind::TooLarge => Self::TooLarge,
            ErrorKind::Cancelled => Self::Cancelled,
            ErrorKind::Redirect => Self::Redirect,
            // `ErrorKind` is `non_exhaustive`: a kind added to the api crate later reaches the
            // page as a failure to talk to the server (the banner's generic network line, the
            // message says the rest) until it gets its own kind here and a line in the UI.
            _ => Self::Network,
        }
    }
}

/// A command's failure as the web view sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub struct AppError {
    /// What failed; the UI picks its line by this (and `code`).
    pub kind: AppErrorKind,
    /// A message for a person (English).
    pub message: String,
    /// The API's error code, when the server sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub code: Option<u32>,
    /// Seconds the server asked to wait (`Retry-After` on a rate limit or unavailability), for
    /// the banner to say so in the user's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub retry_after: Option<u64>,
}

impl AppError {
    pub fn new(kind: AppErrorKind, message: impl Into<String>) -> Self {
        AppError {
            kind,
            message: message.into(),
            code: None,
            retry_after: None,
        }
    }

    pub fn cancelled() -> Self {
        Self::new(AppErrorKind::Cancelled, "Loading was cancelled.")
    }

    pub fn not_signed_in() -> Self {
        Self::new(AppErrorKind::NotSignedIn, "Not signed in. Sign in first.")
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(AppErrorKind::InvalidInput, message)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Self::new(AppErrorKind::Io, message)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.code {
            Some(c) => write!(f, "{}: {} [code {c}]", self.kind, self.message),
            None => write!(f, "{}: {}", self.kind, self.message),
        }
    }
}

impl std::error::Error for AppError {}

impl From<trackmate_api::Error> for AppError {
    fn from(e: trackmate_api::Error) -> Self {
        AppError {
            kind: e.kind().into(),
            message: e.message(),
            code: e.code(),
            retry_after: e.retry_after().map(|d| d.as_secs()),
        }
    }
}

/// `s` with its first letter in upper case: the crates' error messages start in lower case (to
/// be chained), the page shows them as sentences.
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl From<trackmate_keystore::Error> for AppError {
    fn from(e: trackmate_keystore::Error) -> Self {
        // The keystore's messages never contain secrets (see its error docs).
        Self::new(AppErrorKind::Keyring, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_without_code_when_there_is_none() {
        let v = serde_json::to_value(AppError::cancelled()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"kind": "cancelled", "message": "Loading was cancelled."})
        );
    }

    #[test]
    fn api_kinds_are_snake_case() {
        let e = trackmate_api::normalize_base("ftp://x").unwrap_err();
        let a = AppError::from(e);
        assert_eq!(a.kind, AppErrorKind::InvalidUrl);
        assert!(a.message.contains("ftp://"), "{}", a.message);
        assert_eq!(a.code, None);
    }

    /// Every api kind reaches the page under the api crate's own serde string, so the wire
    /// contract did not change when the kind became an enum. The list is the api crate's whole
    /// `ErrorKind` today; a kind added there must be added here and to `From` (until then it
    /// lands on the wildcard's `network`).
    #[test]
    fn api_kinds_keep_their_wire_strings() {
        use ErrorKind::*;
        let all = [
            Api,
            Session,
            RateLimited,
            Unavailable,
            Dns,
            Connect,
            Tls,
            Timeout,
            Network,
            Decode,
            NotJson,
            InvalidUrl,
            InvalidInput,
            NotSignedIn,
            Server,
            TooLarge,
            Cancelled,
            Redirect,
        ];
        for k in all {
            let api = serde_json::to_value(k).unwrap();
            let app = serde_json::to_value(AppErrorKind::from(k)).unwrap();
            assert_eq!(app, api, "{k:?}");
            assert_eq!(
                api.as_str(),
                Some(AppErrorKind::from(k).to_string().as_str()),
                "{k:?}"
            );
        }
    }

    #[test]
    fn display_is_the_serde_name() {
        assert_eq!(AppErrorKind::NotPicked.to_string(), "not_picked");
        assert_eq!(AppErrorKind::RateLimited.to_string(), "rate_limited");
    }

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("cannot reach x"), "Cannot reach x");
        assert_eq!(capitalize("éclair"), "Éclair");
        assert_eq!(capitalize(""), "");
    }
}
