//! `Sim`, the simulator state every request shares (config, clock, fleet, sessions, rate
//! limits, faults, hit counts). It imports none of `server`, `http` or `api`: the graph runs
//! one way, lib → server → http → api → state.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::SimConfig;
use crate::faults::FaultSet;
use crate::fleet::Fleet;
use crate::session::{RateLimiter, Sessions};

/// State shared by every request.
pub struct Sim {
    pub config: SimConfig,
    pub tz: Tz,
    /// Normalised prefix: empty or `/segment[/segment]` without a trailing slash.
    pub prefix: String,
    pub fleet: Fleet,
    pub sessions: Sessions,
    pub rate: RateLimiter,
    pub faults: FaultSet,
    hits: Mutex<HashMap<String, usize>>,
    /// Added to the clock (`advance_clock`), milliseconds.
    clock_offset_ms: AtomicI64,
}

impl Sim {
    /// Fresh state for a server over `fleet`: no sessions, faults or hits, the clock unmoved.
    pub fn new(config: SimConfig, tz: Tz, prefix: String, fleet: Fleet) -> Sim {
        Sim {
            config,
            tz,
            prefix,
            fleet,
            sessions: Sessions::default(),
            rate: RateLimiter::default(),
            faults: FaultSet::default(),
            hits: Mutex::new(HashMap::new()),
            clock_offset_ms: AtomicI64::new(0),
        }
    }

    /// The server's "now": the fixed or real clock, plus any `advance_clock`. Days are
    /// generated whole and served up to this instant, so a live day grows as it advances.
    pub fn now(&self) -> DateTime<Utc> {
        let offset = chrono::Duration::milliseconds(self.clock_offset_ms.load(Ordering::Relaxed));
        self.config.now.unwrap_or_else(Utc::now) + offset
    }

    pub fn count_hit(&self, endpoint: &str) {
        *self
            .hits
            .lock()
            .expect("hits lock")
            .entry(endpoint.to_string())
            .or_default() += 1;
    }

    /// Moves "now" by `by` for every later request (`SimServer::advance_clock`).
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.clock_offset_ms
            .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }

    /// Requests counted for `endpoint` (already trimmed of slashes).
    pub fn hits(&self, endpoint: &str) -> usize {
        self.hits
            .lock()
            .expect("hits lock")
            .get(endpoint)
            .copied()
            .unwrap_or(0)
    }
}
