//! `OsKeyring`: secrets in the platform's own store (see `backend`) through the `keyring` crate.

use crate::backend::{Backend, os_backend};
use crate::{Error, SecretStore};

/// Secrets in the OS keyring, one entry per key under a fixed service name.
#[derive(Debug, Clone)]
pub struct OsKeyring {
    service: String,
    /// `None`: the store this process chose ([`os_backend`]).
    forced: Option<Backend>,
}

impl OsKeyring {
    /// `service` names the application in the keyring, e.g. `"app.trackmate"`. The store is
    /// the platform's best one that answers (on Linux: the Secret Service, else the kernel
    /// keyring).
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            forced: None,
        }
    }

    /// Always `backend`, without choosing; `Unavailable` if it does not exist or answer here.
    pub fn with_backend(service: impl Into<String>, backend: Backend) -> Self {
        Self {
            service: service.into(),
            forced: Some(backend),
        }
    }

    /// The store that keeps this keyring's secrets; `Unavailable` when there is none.
    pub fn backend(&self) -> Result<Backend, Error> {
        match self.forced {
            Some(b) => Ok(b),
            None => os_backend(),
        }
    }

    // A fresh Entry per call is cheap and means no D-Bus connection outlives an operation.
    fn entry(&self, key: &str) -> Result<keyring::Entry, Error> {
        let credential = self.backend()?.credential(&self.service, key)?;
        Ok(keyring::Entry::new_with_credential(credential))
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

    fn backend(&self) -> Option<Backend> {
        OsKeyring::backend(self).ok()
    }
}
