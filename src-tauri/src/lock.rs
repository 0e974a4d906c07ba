//! `lock`: the app's one way to take a std mutex, shared by the state and the services so
//! neither borrows it from the other.

use std::sync::{Mutex, MutexGuard};

/// Locks a std mutex whose data stays consistent even if a holder panicked (each is replaced
/// whole), so poisoning is not propagated.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
