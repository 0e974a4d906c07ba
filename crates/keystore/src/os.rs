//! `OsKeyring`: the platform keyring (Secret Service on Linux) through the `keyring` crate.

use crate::{Error, SecretStore};

/// Secrets in the OS keyring, one entry per key under a fixed service name.
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    /// `service` names the application in the keyring, e.g. `"app.trackmate"`.
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    // A fresh Entry per call is cheap and means no D-Bus connection outlives an operation.
    fn entry(&self, key: &str) -> Result<keyring::Entry, Error> {
        Ok(keyring::Entry::new(&self.service, key)?)
    }
}

impl SecretStore for OsKeyring {
    fn load(&self, key: &str) -> Result<Option<String>, Error> {
        match self.entry(key)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn save(&self, key: &str, secret: &str) -> Result<(), Error> {
        Ok(self.entry(key)?.set_password(secret)?)
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
