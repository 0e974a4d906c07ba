//! `Sim`, the simulator state every request shares (config, clock, fleet, sessions, rate
//! limits, faults, hit counts). It imports none of `server`, `http` or `api`: the graph runs
//! one way, lib → server → http → api → state.

use std::collections::{HashMap, HashSet};
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
    /// Events the user marked read (`history/mark_read*`): the user's, so every session sees them.
    pub reads: Mutex<ReadMarks>,
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
            reads: Mutex::new(ReadMarks::default()),
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

/// Events younger than this are unread unless marked; older ones count as read.
pub const UNREAD_MS: i64 = 24 * 3_600_000;

/// The user's read marks: single ids, and everything up to a `mark_read_all` instant.
#[derive(Default, Debug)]
pub struct ReadMarks {
    ids: HashSet<i64>,
    /// Events at or before this instant (ms) are read (`mark_read_all`).
    all_until_ms: i64,
}

impl ReadMarks {
    pub fn is_read(&self, id: i64, t_ms: i64, now_ms: i64) -> bool {
        now_ms - t_ms >= UNREAD_MS || t_ms <= self.all_until_ms || self.ids.contains(&id)
    }

    pub fn mark(&mut self, id: i64) {
        self.ids.insert(id);
    }

    pub fn mark_all(&mut self, now_ms: i64) {
        self.all_until_ms = self.all_until_ms.max(now_ms);
        // Older single marks are covered now; keep the set from growing all day.
        self.ids.clear();
    }
}
