//! When and how long to wait before trying a call again: the server's own `Retry-After` when it
//! sends one (within a cap), otherwise bounded exponential backoff with jitter, for rate limiting
//! (15 / HTTP 429) and temporary unavailability (8, 14, HTTP 502/503/504).
//!
//! Kept instead of `backon` (not in the tree): what matters here is the server's `Retry-After`
//! (seconds or an HTTP date, capped, no jitter when the server chose the moment); backon would
//! replace only the five lines of jittered exponential delay in `delay`, for a new dependency.

use rand::Rng;
use std::time::{Duration, SystemTime};

/// Retry policy for retryable failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// Delay before the first retry; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of one delay.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for. A server asking for more (an hour of
    /// maintenance) gets no retry: the call fails at once and says how long the server asked
    /// for, rather than leaving a person watching a spinner.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Five attempts over about 7 seconds in total: enough to ride out the 50 req/s limit and a
    /// short outage, short enough that a person is not left waiting. A server's `Retry-After`
    /// is followed up to 30 s: typical rate-limit windows are 1–10 s, and longer asks are
    /// outages better reported than waited out.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(400),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (0-based): `min(max, base·2^retry)` scaled by a
    /// random factor in [0.5, 1.0] so that many clients do not retry in lockstep.
    pub fn delay(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX));
        let capped = exp.min(self.max_delay);
        let factor = rand::thread_rng().gen_range(0.5..=1.0);
        capped.mul_f64(factor)
    }

    /// The wait before retry number `retry` when the server asked for `retry_after`: exactly
    /// that (no jitter: the server chose the moment), or the backoff when it asked for nothing.
    /// `None` when the server asked for longer than `max_retry_after`: do not retry.
    pub fn wait(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(d) if d > self.max_retry_after => None,
            Some(d) => Some(d),
            None => Some(self.delay(retry)),
        }
    }
}

/// Reads a `Retry-After` value: delay-seconds (`120`) or an HTTP-date (`Fri, 31 Dec 1999
/// 23:59:59 GMT`, relative to `now`; a date in the past means "now"). Anything else is ignored.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // A huge number saturates rather than failing: it is over any cap anyway.
        return Some(Duration::from_secs(v.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_bounded() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let d0 = p.delay(0);
            assert!(
                d0 >= Duration::from_millis(50) && d0 <= Duration::from_millis(100),
                "{d0:?}"
            );
            let d3 = p.delay(3);
            assert!(
                d3 >= Duration::from_millis(400) && d3 <= Duration::from_millis(800),
                "{d3:?}"
            );
            let d30 = p.delay(30);
            assert!(
                d30 >= Duration::from_millis(500) && d30 <= Duration::from_secs(1),
                "{d30:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_followed_within_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.wait(0, Some(Duration::from_secs(7))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(p.wait(3, Some(Duration::ZERO)), Some(Duration::ZERO));
        assert_eq!(p.wait(0, Some(Duration::from_secs(31))), None);
        let backoff = p.wait(0, None).unwrap();
        assert!(backoff <= p.base_delay, "{backoff:?}");
    }

    #[test]
    fn retry_after_values() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        // In the past: retry now.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
