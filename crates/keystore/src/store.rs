//! The `SecretStore` trait and the in-process `MemoryStore`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::{Backend, Error};

/// A place to keep string secrets by key. See the crate docs for why this is a trait.
pub trait SecretStore: Send + Sync {
    /// The secret under `key`, or `None` when nothing is stored.
    fn load(&self, key: &str) -> Result<Option<String>, Error>;
    /// Stores `secret` under `key`, replacing any previous one.
    fn save(&self, key: &str, secret: &str) -> Result<(), Error>;
    /// Removes the secret under `key`; removing a missing entry is `Ok`.
    fn delete(&self, key: &str) -> Result<(), Error>;
    /// The OS store behind this one, when there is one (so a caller can say where a secret is
    /// kept and whether it outlives a restart); `None` for stores that are not the OS's.
    fn backend(&self) -> Option<Backend> {
        None
    }
}

// So callers can pick the store at run time (`Sessions<Box<dyn SecretStore>>`) or share one:
// a box or an Arc of a store is the store.
macro_rules! forward_store {
    ($($ptr:ident),*) => {$(
        impl<T: SecretStore + ?Sized> SecretStore for $ptr<T> {
            fn load(&self, key: &str) -> Result<Option<String>, Error> {
                (**self).load(key)
            }
            fn save(&self, key: &str, secret: &str) -> Result<(), Error> {
                (**self).save(key, secret)
            }
            fn delete(&self, key: &str) -> Result<(), Error> {
                (**self).delete(key)
            }
            fn backend(&self) -> Option<Backend> {
                (**self).backend()
            }
        }
    )*};
}
forward_store!(Box, Arc);

/// Secrets in a map inside this process: for tests, and for sessions the user chose not to
/// remember (they vanish when the process exits).
#[derive(Default)]
pub struct MemoryStore {
    map: Mutex<HashMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> MutexGuard<'_, HashMap<String, String>> {
        // A panic elsewhere while holding the lock cannot leave a HashMap half-updated in a way
        // that matters here, so keep working rather than propagate the poison.
        self.map
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for MemoryStore {
    /// Lists the keys only; the values are secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<String> = self.map().keys().cloned().collect();
        keys.sort();
        f.debug_struct("MemoryStore").field("keys", &keys).finish()
    }
}

impl SecretStore for MemoryStore {
    fn load(&self, key: &str) -> Result<Option<String>, Error> {
        Ok(self.map().get(key).cloned())
    }

    fn save(&self, key: &str, secret: &str) -> Result<(), Error> {
        self.map().insert(key.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), Error> {
        self.map().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_saves_replaces_and_deletes() {
        let store = MemoryStore::new();
        assert_eq!(store.load("a").unwrap(), None);
        store.save("a", "one").unwrap();
        store.save("b", "two").unwrap();
        assert_eq!(store.load("a").unwrap().as_deref(), Some("one"));
        store.save("a", "uno").unwrap();
        assert_eq!(store.load("a").unwrap().as_deref(), Some("uno"));
        store.delete("a").unwrap();
        assert_eq!(store.load("a").unwrap(), None);
        assert_eq!(store.load("b").unwrap().as_deref(), Some("two"));
        store.delete("a").unwrap(); // missing: still Ok
    }

    #[test]
    fn debug_shows_keys_not_secrets() {
        let store = MemoryStore::new();
        store.save("default", "hunter2").unwrap();
        let dbg = format!("{store:?}");
        assert!(dbg.contains("default") && !dbg.contains("hunter2"), "{dbg}");
    }

    #[test]
    fn boxed_and_shared_stores_forward() {
        let shared = Arc::new(MemoryStore::new());
        let boxed: Box<dyn SecretStore> = Box::new(Arc::clone(&shared));
        boxed.save("k", "v").unwrap();
        assert_eq!(shared.load("k").unwrap().as_deref(), Some("v"));
        boxed.delete("k").unwrap();
        assert_eq!(shared.load("k").unwrap(), None);
    }
}
