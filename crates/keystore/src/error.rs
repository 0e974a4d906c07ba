//! The crate's error type and how `keyring` errors map onto it.

/// What went wrong with the secret store. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No usable keyring: on Linux neither a Secret Service nor the kernel keyring answers, or
    /// the keyring is locked. Callers carry on without remembering the session and say so.
    #[error("keyring not available: {0}")]
    Unavailable(String),
    /// Something is stored but cannot be read back (not UTF-8, not our JSON).
    #[error("stored secret is unreadable: {0}")]
    Corrupt(String),
    #[error("keyring error: {0}")]
    Other(String),
}

impl From<keyring::Error> for Error {
    /// `NoEntry` is not an error for our operations; `OsKeyring` handles it before this.
    fn from(e: keyring::Error) -> Self {
        // Only `Display` is used: `BadEncoding`'s `Debug` would print the secret's bytes.
        match e {
            keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
                Error::Unavailable(e.to_string())
            }
            keyring::Error::BadEncoding(_) => Error::Corrupt(e.to_string()),
            other => Error::Other(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn platform_errors_mean_unavailable() {
        let io = || Box::new(std::io::Error::other("no D-Bus"));
        for e in [
            keyring::Error::NoStorageAccess(io()),
            keyring::Error::PlatformFailure(io()),
        ] {
            let mapped = Error::from(e);
            assert!(
                matches!(&mapped, Error::Unavailable(m) if m.contains("no D-Bus")),
                "{mapped}"
            );
        }
    }

    #[test]
    fn bad_encoding_is_corrupt_without_showing_the_bytes() {
        let mapped = Error::from(keyring::Error::BadEncoding(b"s3cret\xff".to_vec()));
        assert!(matches!(mapped, Error::Corrupt(_)));
        assert!(!format!("{mapped} {mapped:?}").contains("s3cret"));
        assert!(!format!("{mapped:?}").contains("115, 51")); // "s3" as Debug bytes
    }

    #[test]
    fn other_keyring_errors_are_other() {
        let mapped = Error::from(keyring::Error::TooLong("user".into(), 10));
        assert!(matches!(mapped, Error::Other(_)));
    }
}
