//! Where Trackmate keeps sign-in secrets: a small `SecretStore` trait, the OS keyring behind it
//! (each desktop's native store; which one is a [`Backend`]), and `Sessions`, which stores one
//! signed-in session per profile as JSON.
//!
//! Why a trait instead of using `keyring` directly with its mock for tests: every
//! `keyring::mock` entry has its own private storage, so a secret saved through one `Entry` is
//! gone when the next call creates a new one — useless for testing code that saves now and loads
//! later. [`MemoryStore`] is a real shared store for tests, and also serves "do not remember me".

mod backend;
mod error;
mod os;
mod session;
mod store;

pub use backend::{Backend, os_backend};
pub use error::Error;
pub use os::OsKeyring;
pub use session::{Sessions, StoredSession};
pub use store::{MemoryStore, SecretStore};
