//! The events feed: `history/unread/list|count` and `history/mark_read|mark_read_all` over
//! the events of every tracker of the user, with the read marks kept in `Sim::reads`.

use super::history::write_entry;
use super::{Ctx, Reply, ok};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::TrackerMeta;
use crate::fleet::day::{Event, day_of_ms};
use crate::state::UNREAD_MS;

/// Default window of `history/unread/*` when `from` is missing (the guide's 30 days).
const DEFAULT_FROM_DAYS: i64 = 30;

/// The unread events since `from` (default now − 30 days), newest first.
fn unread_events<'a>(c: &'a Ctx) -> ApiResult<Vec<(&'a TrackerMeta, Event)>> {
    let from =
        c.p.opt_datetime("from", c.sim.tz)?
            .unwrap_or(c.now - chrono::Duration::days(DEFAULT_FROM_DAYS));
    let now_ms = c.now.timestamp_millis();
    // Nothing older than a day is unread, so only the last two fleet days are looked at.
    let lo = from
        .timestamp_millis()
        .max(c.storage_start().timestamp_millis())
        .max(now_ms - UNREAD_MS);
    let fleet = &c.sim.fleet;
    let mut found: Vec<(&TrackerMeta, Event)> = Vec::new();
    if lo <= now_ms {
        for t in &fleet.trackers {
            for day in fleet.days(t.idx, lo, now_ms) {
                let keep = day.events.iter().filter(|e| e.t >= lo && e.t <= now_ms);
                found.extend(keep.map(|e| (t, e.clone())));
            }
        }
    }
    let reads = c.sim.reads.lock().expect("reads lock");
    found.retain(|(_, e)| !reads.is_read(e.id, e.t, now_ms));
    found.sort_by_key(|(_, e)| std::cmp::Reverse((e.t, e.id)));
    Ok(found)
}

/// `history/unread/list`: `limit` (≤ the history cap, else 212), `from`.
pub fn list(c: &Ctx) -> ApiResult<Reply> {
    let cap = c.sim.config.history_max_limit as i64;
    let limit = c.p.opt_i64("limit")?.unwrap_or(cap);
    if limit > cap {
        return Err(ApiError::new(212));
    }
    if limit < 1 {
        return Err(ApiError::param("limit", "Must be positive"));
    }
    let found = unread_events(c)?;
    let tf = c.tf();
    ok(|w| {
        w.key("list").arr();
        for (t, e) in found.iter().take(limit as usize) {
            write_entry(w, c, &tf, t, e, true, false);
        }
        w.end_arr();
    })
}

/// `history/unread/count`: `from`, `type` (`tracker`; `socket` and `camera` have none here).
pub fn count(c: &Ctx) -> ApiResult<Reply> {
    let kind = c.p.opt_str("type")?;
    let n = match kind.as_deref() {
        None | Some("tracker") => unread_events(c)?.len(),
        Some("socket" | "camera") => 0,
        Some(_) => return Err(ApiError::param("type", "tracker, socket or camera")),
    };
    ok(|w| {
        w.ki64("count", n as i64);
    })
}

/// `history/mark_read`: 201 when no unread event has that id.
pub fn mark_read(c: &Ctx) -> ApiResult<Reply> {
    let id = c.p.req_i64("id")?;
    let now_ms = c.now.timestamp_millis();
    let event_t = find_event(c, id).map(|e| e.t).filter(|t| *t <= now_ms);
    let mut reads = c.sim.reads.lock().expect("reads lock");
    if event_t.is_none_or(|t| reads.is_read(id, t, now_ms)) {
        return Err(ApiError::new(201));
    }
    reads.mark(id);
    ok(|_| {})
}

/// `history/mark_read_all`: everything up to now is read.
pub fn mark_read_all(c: &Ctx) -> ApiResult<Reply> {
    c.sim
        .reads
        .lock()
        .expect("reads lock")
        .mark_all(c.now.timestamp_millis());
    ok(|_| {})
}

/// The event with `id` (ids encode day, tracker and ordinal: `fleet::day::event_id`), if it
/// lies inside the storage period up to now.
fn find_event(c: &Ctx, id: i64) -> Option<Event> {
    if id < 0 {
        return None;
    }
    let (day, idx) = (id / 1000 / 100_000, (id / 1000 % 100_000) as u32);
    let fleet = &c.sim.fleet;
    let t = fleet.trackers.get(idx as usize)?;
    let first = day_of_ms(c.storage_start().timestamp_millis());
    let last = day_of_ms(c.now.timestamp_millis());
    if !(first..=last).contains(&day) || fleet.scale_tracker().is_some_and(|s| s.idx == t.idx) {
        return None;
    }
    let data = fleet.day(idx, day);
    data.events.iter().find(|e| e.id == id).cloned()
}
