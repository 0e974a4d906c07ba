//! `AppError`, the one error every command returns: `{kind, message, code?}` as in docs/ipc.md,
//! mapped from the crates' errors so the UI can switch on `kind` and `code`.

use serde::Serialize;
use ts_rs::TS;

/// A command's failure as the web view sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub struct AppError {
    /// `trackmate_api::ErrorKind` in snake_case, or `keyring`, `cancelled`, `io`.
    pub kind: String,
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
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        AppError {
            kind: kind.to_owned(),
            message: message.into(),
            code: None,
            retry_after: None,
        }
    }

    pub fn cancelled() -> Self {
        Self::new("cancelled", "Loading was cancelled.")
    }

    pub fn not_signed_in() -> Self {
        Self::new("not_signed_in", "Not signed in. Sign in first.")
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new("invalid_input", message)
    }

    pub fn io(message: impl Into<String>) -> Self {
        Self::new("io", message)
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
        // `ErrorKind` serializes to its snake_case name; it is `non_exhaustive`, so going
        // through serde keeps new kinds flowing to the UI without a match to update here.
        let kind = match serde_json::to_value(e.kind()) {
            Ok(serde_json::Value::String(s)) => s,
            _ => "network".to_owned(),
        };
        AppError {
            kind,
            message: e.message(),
            code: e.code(),
            retry_after: e.retry_after().map(|d| d.as_secs()),
        }
    }
}

impl From<trackmate_keystore::Error> for AppError {
    fn from(e: trackmate_keystore::Error) -> Self {
        // The keystore's messages never contain secrets (see its error docs).
        Self::new("keyring", e.to_string())
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
        assert_eq!(a.kind, "invalid_url");
        assert!(a.message.contains("ftp://"), "{}", a.message);
        assert_eq!(a.code, None);
    }
}
