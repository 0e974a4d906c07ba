//! [`Secret`]: the one type every password, session hash and API key lives in, so that no
//! `Debug`, log line or accidental serialization ever shows one.
//!
//! - `Debug` prints `Secret(<redacted>)`; there is no `Display`, so `format!("{s}")` does not
//!   compile. [`Secret::expose`] reads the value on purpose (the wire, the keyring).
//! - The memory is overwritten when a secret is dropped (`zeroize`). Copies made by callers
//!   from [`Secret::expose`] are theirs to keep short-lived.
//! - It deserializes from a plain string (a command argument, a stored entry), but does not
//!   implement `Serialize`: a struct that must write a secret (the keyring's JSON entry) says so
//!   field by field with [`expose`] / [`expose_opt`] (`#[serde(serialize_with = ...)]`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serializer};
use zeroize::Zeroize;

/// A password, session hash or API key.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for the one place that needs it (a request, the keyring).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

impl From<&String> for Secret {
    fn from(s: &String) -> Self {
        Secret(s.clone())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Writes a secret as its plain string: `#[serde(serialize_with = "trackmate_secret::expose")]`
/// on the rare field that must be stored (the keyring's session entry).
pub fn expose<S: Serializer>(secret: &Secret, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

/// [`expose`] for an optional secret (`None` as `null`).
pub fn expose_opt<S: Serializer>(secret: &Option<Secret>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(v) => s.serialize_some(v.expose()),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[test]
    fn debug_redacts_and_expose_reads() {
        let s = Secret::from("hunter2-XYZ");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(Secret(<redacted>))");
        assert_eq!(s.expose(), "hunter2-XYZ");
        assert!(!s.is_empty() && Secret::default().is_empty());
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Entry {
        login: String,
        #[serde(serialize_with = "expose")]
        hash: Secret,
        #[serde(serialize_with = "expose_opt")]
        password: Option<Secret>,
    }

    #[test]
    fn deserializes_transparently_and_serializes_only_through_the_helpers() {
        let e: Entry =
            serde_json::from_str(r#"{"login":"a","hash":"h-XYZ","password":null}"#).unwrap();
        assert_eq!(e.hash.expose(), "h-XYZ");
        assert!(e.password.is_none());
        assert!(!format!("{e:?}").contains("XYZ"), "{e:?}");
        let e = Entry {
            password: Some("pw".into()),
            ..e
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"login":"a","hash":"h-XYZ","password":"pw"}"#
        );
    }

    #[test]
    fn drop_overwrites_the_bytes() {
        // Zeroize the buffer in place, as `Drop` does, and look at the same allocation.
        let mut s = Secret::from("abcdef");
        let ptr = s.0.as_ptr();
        let cap = s.0.capacity();
        s.0.zeroize();
        assert!(s.0.is_empty());
        // SAFETY: the buffer is still allocated (zeroize keeps the capacity) and `cap` long.
        let bytes = unsafe { std::slice::from_raw_parts(ptr, cap) };
        assert!(bytes.iter().all(|&b| b == 0), "{bytes:?}");
    }
}
