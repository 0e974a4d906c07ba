//! Session hashes (full and 2FA-restricted), their expiry, and the per-hash rate limiter.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rand::Rng;

use crate::codes::{ApiError, ApiResult};

/// Sessions die after 30 days without use (INDEX §1.4), measured on the simulator clock.
const IDLE_LIMIT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Full,
    /// Issued by `user/auth` when 2FA is on; only `user/auth/code/*` accept it.
    SecondFactor,
}

#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, (SessionKind, DateTime<Utc>)>>,
}

/// A credential is exactly 32 lowercase hex digits; anything else is "Wrong hash" (3).
pub fn is_well_formed(hash: &str) -> bool {
    hash.len() == 32
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Sessions {
    pub fn issue(&self, kind: SessionKind, now: DateTime<Utc>) -> String {
        let bytes: [u8; 16] = rand::thread_rng().r#gen();
        let hash: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.map
            .lock()
            .expect("session lock")
            .insert(hash.clone(), (kind, now));
        hash
    }

    /// Validates and touches a hash: 3 when malformed, 4 when unknown or expired.
    pub fn check(&self, hash: &str, now: DateTime<Utc>) -> ApiResult<SessionKind> {
        if !is_well_formed(hash) {
            return Err(ApiError::new(3));
        }
        let mut map = self.map.lock().expect("session lock");
        match map.get_mut(hash) {
            Some((kind, last)) if now - *last <= chrono::Duration::days(IDLE_LIMIT_DAYS) => {
                *last = now.max(*last);
                Ok(*kind)
            }
            Some(_) => {
                map.remove(hash);
                Err(ApiError::new(4))
            }
            None => Err(ApiError::new(4)),
        }
    }

    /// Whether `hash` is a live full session, without touching it (the live stream polls this
    /// to send `logout` when the session ends).
    pub fn alive(&self, hash: &str, now: DateTime<Utc>) -> bool {
        let map = self.map.lock().expect("session lock");
        map.get(hash).is_some_and(|(kind, last)| {
            *kind == SessionKind::Full && now - *last <= chrono::Duration::days(IDLE_LIMIT_DAYS)
        })
    }

    pub fn remove(&self, hash: &str) {
        self.map.lock().expect("session lock").remove(hash);
    }

    pub fn clear(&self) {
        self.map.lock().expect("session lock").clear();
    }
}

/// Sliding one-second window per credential. Rejected requests do not count, so a client that
/// backs off regains access as soon as the window has room.
#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn check(&self, key: &str, per_sec: u32) -> ApiResult<()> {
        let now = Instant::now();
        let window = Duration::from_secs(1);
        let mut map = self.windows.lock().expect("rate lock");
        if map.len() > 10_000 {
            map.retain(|_, q| q.back().is_some_and(|t| now - *t < window));
        }
        let q = map.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| now - *t >= window) {
            q.pop_front();
        }
        if q.len() >= per_sec as usize {
            return Err(ApiError::new(15));
        }
        q.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        let s = Sessions::default();
        let now = Utc::now();
        let h = s.issue(SessionKind::Full, now);
        assert!(is_well_formed(&h));
        assert_eq!(s.check(&h, now), Ok(SessionKind::Full));
        assert_eq!(s.check("nothex", now).unwrap_err().code, 3);
        assert_eq!(s.check(&"a".repeat(32), now).unwrap_err().code, 4);
        let later = now + chrono::Duration::days(31);
        assert_eq!(s.check(&h, later).unwrap_err().code, 4);
    }

    #[test]
    fn rate_limit_window() {
        let r = RateLimiter::default();
        for _ in 0..3 {
            r.check("k", 3).unwrap();
        }
        assert_eq!(r.check("k", 3).unwrap_err().code, 15);
        r.check("other", 3).unwrap();
    }
}
