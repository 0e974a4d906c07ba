//! One connection's subscriptions: which trackers a request targets, the state last sent for
//! each (a hash of its JSON), and the `state_batch` / `state` event frames built from states
//! rendered by the same writer as `tracker/get_states`, at the simulator's "now".

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Duration;

use tokio::time::Instant;

use crate::api::write_state;
use crate::jsonw::Jw;
use crate::state::Sim;
use crate::timefmt::TimeFmt;

/// The targeted trackers (fleet indexes, readable ones only) and what each was last sent as.
#[derive(Debug, Default)]
pub struct Tracked {
    pub idxs: Vec<u32>,
    pub compact: bool,
    last: HashMap<u32, u64>,
    /// Per tracker, the fleet time (ms) before which its state cannot change (`write_state`).
    next: HashMap<u32, i64>,
    /// The fleet time of the last render taken in.
    last_now: i64,
}

impl Tracked {
    pub fn new(idxs: Vec<u32>, compact: bool) -> Tracked {
        Tracked {
            idxs,
            compact,
            ..Tracked::default()
        }
    }

    /// The trackers whose state may have changed by `now_ms` (all of them at first, or
    /// when the clock was set back).
    pub fn due(&self, now_ms: i64) -> Vec<u32> {
        if now_ms < self.last_now {
            return self.idxs.clone();
        }
        let due = |i: &&u32| self.next.get(*i).is_none_or(|n| *n <= now_ms);
        self.idxs.iter().filter(due).copied().collect()
    }

    /// Adds trackers (a second `state` subscription); the new ones are sent on the next tick.
    pub fn add(&mut self, idxs: &[u32]) {
        for i in idxs {
            if !self.idxs.contains(i) {
                self.idxs.push(*i);
            }
        }
    }

    pub fn remove(&mut self, idxs: &[u32]) {
        self.idxs.retain(|i| !idxs.contains(i));
        self.last.retain(|i, _| !idxs.contains(i));
        self.next.retain(|i, _| !idxs.contains(i));
    }

    /// The states that differ from what was last sent (all of them the first time), which
    /// are from now on the ones "last sent".
    pub fn changed(&mut self, rendered: Rendered) -> Vec<Vec<u8>> {
        self.last_now = rendered.now_ms;
        let mut out = Vec::new();
        for (idx, json, next) in rendered.states {
            self.next.insert(idx, next);
            let mut h = DefaultHasher::new();
            json.hash(&mut h);
            let h = h.finish();
            if self.last.insert(idx, h) != Some(h) {
                out.push(json);
            }
        }
        out
    }
}

/// A `state_batch` subscription: changes at most once per `rate`.
#[derive(Debug)]
pub struct BatchSub {
    pub tracked: Tracked,
    pub rate: Duration,
    /// When the next look for changes may happen (the first, full batch is due at once).
    pub next_at: Instant,
}

/// States rendered off the async threads: the fleet's and the user's "now", and
/// `(index, state JSON, earliest next change)`.
pub struct Rendered {
    pub now_ms: i64,
    pub user_time: String,
    pub states: Vec<(u32, Vec<u8>, i64)>,
}

/// Renders the states of `idxs` at the simulator's current "now" (CPU work: the first call
/// for a tracker may generate its day).
pub fn render(sim: &Sim, idxs: &[u32], compact: bool) -> Rendered {
    let now_ms = sim.now().timestamp_millis();
    let tf = TimeFmt::new(sim.tz, false);
    let states = idxs
        .iter()
        .filter_map(|&idx| sim.fleet.trackers.get(idx as usize))
        .map(|t| {
            let mut w = Jw::with_capacity(if compact { 320 } else { 720 });
            let next = write_state(&mut w, sim, now_ms, &tf, t, compact);
            (t.idx, w.finish(), next)
        })
        .collect();
    Rendered {
        now_ms,
        user_time: tf.render_ms(now_ms).as_str().to_string(),
        states,
    }
}

/// Readable trackers among `ids` (`None` = all the user's) and each id's status for the
/// `response` frame: `normal`, `blocked` or `unknown`.
pub fn resolve(sim: &Sim, ids: Option<&[i64]>) -> (Vec<u32>, Vec<(i64, &'static str)>) {
    let fleet = &sim.fleet;
    let metas: Vec<Result<&crate::fleet::TrackerMeta, i64>> = match ids {
        None => fleet.trackers.iter().map(Ok).collect(),
        Some(ids) => ids.iter().map(|id| fleet.tracker(*id).ok_or(*id)).collect(),
    };
    let mut idxs = Vec::new();
    let mut statuses = Vec::new();
    for m in metas {
        match m {
            Err(id) => statuses.push((id, "unknown")),
            Ok(t) if t.blocked => statuses.push((t.id, "blocked")),
            Ok(t) => {
                if !idxs.contains(&t.idx) || ids.is_none() {
                    idxs.push(t.idx);
                }
                statuses.push((t.id, "normal"));
            }
        }
    }
    (idxs, statuses)
}

fn event_head(w: &mut Jw, event: &str, user_time: &str) {
    w.obj()
        .kstr("type", "event")
        .kstr("event", event)
        .kstr("user_time", user_time)
        .key("data");
}

/// `{"type":"event","event":"state_batch","user_time":...,"data":[state,...]}`.
pub fn batch_frame(user_time: &str, states: &[Vec<u8>]) -> String {
    let size: usize = states.iter().map(|s| s.len() + 1).sum();
    let mut w = Jw::with_capacity(size + 96);
    event_head(&mut w, "state_batch", user_time);
    w.arr();
    for s in states {
        w.raw(s);
    }
    w.end_arr().end_obj();
    String::from_utf8(w.finish()).expect("the writer emits UTF-8")
}

/// `{"type":"event","event":"state","user_time":...,"data":state}`.
pub fn state_frame(user_time: &str, state: &[u8]) -> String {
    let mut w = Jw::with_capacity(state.len() + 96);
    event_head(&mut w, "state", user_time);
    w.raw(state).end_obj();
    String::from_utf8(w.finish()).expect("the writer emits UTF-8")
}
