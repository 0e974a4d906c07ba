//! Event history: `history/tracker/list` (limit/`limit_exceeded` semantics of INDEX §1.10
//! meaning 2) and `history/type/list`.

use std::collections::BTreeSet;

use super::render::latlng;
use super::{Ctx, Reply, ok};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::TrackerMeta;
use crate::fleet::day::Event;
use crate::jsonw::Jw;
use crate::timefmt::TimeFmt;

/// Event types this emulator produces, plus a few common ones, with English descriptions.
const TYPES: &[(&str, &str)] = &[
    ("ignition", "Ignition on/off"),
    ("track_start", "Trip started"),
    ("track_end", "Trip ended"),
    ("speedup", "Speeding"),
    ("parking", "Parking"),
    ("inzone", "Geofence entrance"),
    ("outzone", "Geofence exit"),
    ("offline", "Device went offline"),
    ("online", "Device is online"),
    ("idle_start", "Idling started"),
    ("idle_end", "Idling ended"),
    ("sos", "SOS button pressed"),
    ("lowpower", "Low battery"),
    ("gps_lost", "GPS signal lost"),
    ("gps_recover", "GPS signal recovered"),
];

pub fn tracker_list(c: &Ctx) -> ApiResult<Reply> {
    let p = c.p;
    let ids = p.req_i64_list("trackers")?;
    if ids.is_empty() {
        return Err(ApiError::param("trackers", "Must not be empty"));
    }
    let (from, to) = p.interval(c.sim.tz)?;
    if to - from > c.sim.config.report_max_time_span {
        return Err(ApiError::new(211));
    }
    let events = p.opt_str_list("events")?;
    let cap = c.sim.config.history_max_limit as i64;
    let limit = p.opt_i64("limit")?.unwrap_or(cap);
    if limit > cap {
        return Err(ApiError::new(212));
    }
    if limit < 1 {
        return Err(ApiError::param("limit", "Must be positive"));
    }
    let ascending = p.bool_or("ascending", true)?;
    let only_emergency = p.bool_or("only_emergency", false)?;
    let only_unread = p.bool_or("only_unread", false)?;
    let add_label = p.bool_or("add_tracker_label", true)?;
    p.opt_bool("add_tracker_files")?;

    let fleet = &c.sim.fleet;
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    let trackers: Vec<&TrackerMeta> = ids.iter().filter_map(|id| fleet.tracker(*id)).collect();
    if trackers.len() != ids.len() {
        return Err(ApiError::new(217));
    }
    let now_ms = c.now.timestamp_millis();
    let lo = from.max(c.storage_start()).timestamp_millis();
    let hi = to.min(c.now).timestamp_millis();
    let mut found: Vec<(&TrackerMeta, Event)> = Vec::new();
    if lo <= hi && !only_emergency {
        for t in &trackers {
            for day in fleet.days(t.idx, lo, hi) {
                let keep = day.events.iter().filter(|e| {
                    e.t >= lo
                        && e.t <= hi
                        && events
                            .as_ref()
                            .is_none_or(|ev| ev.iter().any(|x| x == e.event))
                });
                found.extend(keep.map(|e| (*t, e.clone())));
            }
        }
    }
    // Locked after generation, so a slow first day does not hold up `mark_read`.
    let reads = c.sim.reads.lock().expect("reads lock");
    let unread = |e: &Event| !reads.is_read(e.id, e.t, now_ms);
    if only_unread {
        found.retain(|(_, e)| unread(e));
    }
    found.sort_by_key(|(_, e)| (e.t, e.id));
    if !ascending {
        found.reverse();
    }
    let total = found.len();
    let total_unread = found.iter().filter(|(_, e)| unread(e)).count();
    let limit = limit as usize;
    let tf = c.tf();
    ok(|w| {
        w.key("list").arr();
        for (t, e) in found.iter().take(limit) {
            write_entry(w, c, &tf, t, e, add_label, !unread(e));
        }
        w.end_arr()
            .kbool("limit_exceeded", total > limit)
            .ki64("total", total as i64)
            .ki64("total_unread", total_unread as i64);
    })
}

/// One history entry (INDEX §2.7), as `history/tracker/list` and `history/unread/list` show it.
pub fn write_entry(
    w: &mut Jw,
    c: &Ctx,
    tf: &TimeFmt,
    t: &TrackerMeta,
    e: &Event,
    add_label: bool,
    is_read: bool,
) {
    let message = if add_label {
        format!("{}: {}", t.label, e.message)
    } else {
        e.message.clone()
    };
    w.obj()
        .ki64("id", e.id)
        .kstr("type", "tracker")
        .kbool("is_read", is_read)
        .kstr("message", &message)
        .kstr("time", tf.render_ms(e.t).as_str())
        .kstr("event", e.event)
        .ki64("tracker_id", t.id);
    if let Some(r) = e.rule_id {
        w.ki64("rule_id", r);
    }
    w.ki64("track_id", e.track_id).key("location");
    latlng(w, e.at);
    w.kstr("address", &e.address)
        .key("extra")
        .obj()
        .kstr("tracker_label", &t.label)
        .kbool("emergency", false);
    if let Some(z) = e.zone.and_then(|z| c.sim.fleet.world.zones.get(z)) {
        w.key("zone_ids").arr().i64(z.id).end_arr();
        w.key("zone_labels").arr().str(&z.label).end_arr();
    }
    w.end_obj().end_obj();
}

/// `locale` is documented as required; the emulator accepts its absence (English either way).
pub fn type_list(c: &Ctx) -> ApiResult<Reply> {
    c.p.opt_str("locale")?;
    c.p.opt_bool("only_tracker_events")?;
    ok(|w| {
        w.key("list").arr();
        for (t, d) in TYPES {
            w.obj().kstr("type", t).kstr("description", d).end_obj();
        }
        w.end_arr();
    })
}
