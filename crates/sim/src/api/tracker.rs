//! Tracker endpoints: list/read/groups and the live-state calls (`get_state`, `get_states`,
//! `get_last_gps_point`), with states derived from the newest generated fix before "now".

use std::collections::BTreeSet;

use super::render::{latlng, round7};
use super::{Ctx, Reply, ok};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::TrackerMeta;
use crate::fleet::catalog::Kind;
use crate::fleet::day::{TrackKind, day_of_ms, day_start_ms};
use crate::jsonw::Jw;
use crate::state::Sim;
use crate::timefmt::{TimeFmt, date_only};

/// Largest `trackers` list `get_states` accepts; more is error 7 (the docs give no code).
const MAX_STATES: usize = 2000;

fn write_tracker(w: &mut Jw, t: &TrackerMeta) {
    w.obj()
        .ki64("id", t.id)
        .kstr("label", &t.label)
        .kbool("clone", false)
        .ki64("group_id", t.group_id)
        .key("source")
        .obj()
        .ki64("id", t.source_id)
        .kstr("device_id", &t.device_id)
        .kstr("model", t.model)
        .kbool("blocked", t.blocked)
        .ki64("tariff_id", 5856)
        .kstr("creation_date", &date_only(t.creation_date))
        .kstr("tariff_end_date", "2027-12-31")
        .kstr("phone", &t.phone)
        .end_obj()
        .key("tag_bindings")
        .arr()
        .end_arr()
        .end_obj();
}

pub fn list(c: &Ctx) -> ApiResult<Reply> {
    let labels = c.p.opt_str_list("labels")?;
    if let Some(l) = &labels {
        let bad = l.is_empty()
            || l.len() > 1024
            || l.iter().any(|s| s.is_empty() || s.chars().count() > 60)
            || l.iter().collect::<BTreeSet<_>>().len() != l.len();
        if bad {
            return Err(ApiError::param(
                "labels",
                "1-1024 unique labels of 1-60 characters expected",
            ));
        }
    }
    let matches = |t: &TrackerMeta| {
        labels
            .as_ref()
            .is_none_or(|l| l.iter().any(|s| t.label.contains(s.as_str())))
    };
    ok(|w| {
        w.key("list").arr();
        for t in c.sim.fleet.trackers.iter().filter(|t| matches(t)) {
            write_tracker(w, t);
        }
        w.end_arr();
    })
}

pub fn read(c: &Ctx) -> ApiResult<Reply> {
    let t = c.tracker()?;
    ok(|w| {
        w.key("value");
        write_tracker(w, t);
    })
}

pub fn group_list(c: &Ctx) -> ApiResult<Reply> {
    ok(|w| {
        w.key("list").arr();
        for g in &c.sim.fleet.groups {
            w.obj()
                .ki64("id", g.id)
                .kstr("title", &g.title)
                .kstr("color", &g.color)
                .end_obj();
        }
        w.end_arr();
    })
}

/// One tracker state object (INDEX §2.2) as of `now_ms`; `compact` keeps only the WebSocket
/// compact fields (source_id, gps, connection/movement status, ignition, last_update). Shared
/// by `get_state(s)` and the live stream, so both render the same state.
///
/// Returns the earliest instant (ms) at which the state can look different: the next fix, a
/// connection-status threshold, or the next fleet day at the latest. The live stream skips a
/// tracker until then, so a change tick over 10,000 objects renders only those that moved.
pub fn write_state(
    w: &mut Jw,
    sim: &Sim,
    now_ms: i64,
    tf: &TimeFmt,
    t: &TrackerMeta,
    compact: bool,
) -> i64 {
    let storage_start = now_ms - sim.config.history_days as i64 * 86_400_000;
    let found = sim.fleet.last_point(t.idx, now_ms, storage_start);
    let next_day = day_start_ms(day_of_ms(now_ms) + 1);
    w.obj().ki64("source_id", t.source_id);
    let Some((day, i)) = found else {
        w.kstr("connection_status", "offline")
            .kstr("movement_status", "parked")
            .end_obj();
        return next_day;
    };
    let p = day.points[i];
    let next_change = [
        day.points.get(i + 1).map_or(next_day, |n| n.t),
        p.t + 21 * 60_000,
        p.t + 181 * 60_000,
    ]
    .into_iter()
    .filter(|t| *t > now_ms)
    .fold(next_day, i64::min);
    let time = |ms: i64| tf.render_ms(ms);
    let updated = time(p.t);
    // The trip containing the fix, and the last trip that ended before it.
    let current = day.tracks.iter().find(|tr| {
        tr.kind == TrackKind::Regular && (tr.start as usize) <= i && i + 1 < tr.end as usize
    });
    let previous_end = day
        .tracks
        .iter()
        .filter(|tr| tr.kind == TrackKind::Regular && (tr.end as usize) <= i + 1)
        .map(|tr| day.points[tr.end as usize - 1].t)
        .next_back();
    let (movement, since, ignition) = match current {
        Some(tr) => {
            let status = if p.speed > 0 { "moving" } else { "stopped" };
            (status, day.points[tr.start as usize].t, true)
        }
        None => ("parked", previous_end.unwrap_or(day.points[0].t), false),
    };
    let age_min = (now_ms - p.t) / 60_000;
    let connection = match age_min {
        ..=20 => "active",
        21..=180 => "idle",
        _ => "offline",
    };
    let signal = (p.sats as i64 * 100 / 15).min(100);
    w.key("gps")
        .obj()
        .kstr("updated", updated.as_str())
        .ki64("signal_level", signal);
    w.key("location");
    latlng(w, p.pos());
    w.ki64("heading", p.heading as i64)
        .ki64("speed", p.speed as i64)
        .ki64("alt", p.alt as i64);
    if p.precision > 0 {
        w.ki64("precision", p.precision as i64);
    }
    if p.is_lbs() {
        w.kbool("gsm_lbs", true);
    }
    w.end_obj();
    w.kstr("connection_status", connection)
        .kstr("movement_status", movement)
        .kstr("movement_status_update", time(since).as_str());
    let has_ignition = matches!(t.kind, Kind::Car | Kind::Van | Kind::Truck);
    if has_ignition {
        w.kbool("ignition", ignition)
            .kstr("ignition_update", time(since).as_str());
    }
    if compact {
        w.kstr("last_update", updated.as_str()).end_obj();
        return next_change;
    }
    const NETWORKS: [&str; 4] = ["Beeline KZ", "Kcell", "Tele2 KZ", "Activ"];
    w.key("gsm")
        .obj()
        .kstr("updated", updated.as_str())
        .ki64("signal_level", 40 + (t.idx as i64 * 37) % 56)
        .kstr("network_name", NETWORKS[t.idx as usize % 4])
        .kbool("roaming", false)
        .end_obj();
    w.kstr("last_update", updated.as_str());
    let battery = if has_ignition {
        100
    } else {
        35 + (t.idx as i64 * 17) % 60
    };
    w.ki64("battery_level", battery)
        .kstr("battery_update", updated.as_str());
    w.key("inputs")
        .arr()
        .bool(ignition)
        .bool(false)
        .bool(false)
        .end_arr();
    w.kstr("inputs_update", updated.as_str());
    w.key("outputs").arr().bool(false).bool(false).end_arr();
    w.kstr("outputs_update", updated.as_str());
    w.kstr("actual_track_update", time(since).as_str());
    w.end_obj();
    next_change
}

pub fn get_state(c: &Ctx) -> ApiResult<Reply> {
    let t = c.data_tracker()?;
    let tf = c.tf();
    ok(|w| {
        w.kstr("user_time", tf.render_ms(c.now.timestamp_millis()).as_str())
            .key("state");
        write_state(w, c.sim, c.now.timestamp_millis(), &tf, t, false);
    })
}

/// `list_blocked` / `allow_not_exist` exactly as INDEX §3.2: unknown ids → 217 unless
/// allowed (then listed in `not_exist`), blocked ids → 208 unless listed (then in `blocked`).
pub fn get_states(c: &Ctx) -> ApiResult<Reply> {
    let ids = c.p.req_i64_list("trackers")?;
    if ids.len() > MAX_STATES {
        return Err(ApiError::param(
            "trackers",
            "At most 2000 trackers per call",
        ));
    }
    let list_blocked = c.p.bool_or("list_blocked", false)?;
    let allow_not_exist = c.p.bool_or("allow_not_exist", false)?;
    let ids: BTreeSet<i64> = ids.into_iter().collect();
    let fleet = &c.sim.fleet;
    let not_exist: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| fleet.tracker(*id).is_none())
        .collect();
    if !not_exist.is_empty() && !allow_not_exist {
        return Err(ApiError::new(217));
    }
    let known: Vec<&TrackerMeta> = ids.iter().filter_map(|id| fleet.tracker(*id)).collect();
    let blocked: Vec<i64> = known.iter().filter(|t| t.blocked).map(|t| t.id).collect();
    if !blocked.is_empty() && !list_blocked {
        return Err(ApiError::new(208));
    }
    let tf = c.tf();
    ok(|w| {
        w.kstr("user_time", tf.render_ms(c.now.timestamp_millis()).as_str())
            .key("states")
            .obj();
        for t in known.iter().filter(|t| !t.blocked) {
            w.key(&t.id.to_string());
            write_state(w, c.sim, c.now.timestamp_millis(), &tf, t, false);
        }
        w.end_obj();
        if list_blocked {
            w.key("blocked").arr();
            blocked.iter().for_each(|id| {
                w.i64(*id);
            });
            w.end_arr();
        }
        if allow_not_exist {
            w.key("not_exist").arr();
            not_exist.iter().for_each(|id| {
                w.i64(*id);
            });
            w.end_arr();
        }
    })
}

/// The newest non-LBS fix (LBS fixes are ignored here, per the docs).
pub fn get_last_gps_point(c: &Ctx) -> ApiResult<Reply> {
    let t = c.data_tracker()?;
    let fleet = &c.sim.fleet;
    let min_ms = c.storage_start().timestamp_millis();
    let mut upto = c.now.timestamp_millis();
    let found = loop {
        let Some((day, i)) = fleet.last_point(t.idx, upto, min_ms) else {
            break None;
        };
        match day.points[..=i].iter().rposition(|p| !p.is_lbs()) {
            Some(j) => break Some(day.points[j]),
            None => upto = day.points[0].t - 1,
        }
    };
    let p = found.ok_or_else(|| ApiError::new(201))?;
    let tf = c.tf();
    ok(|w| {
        w.key("value")
            .obj()
            .kstr("get_time", tf.render_ms(p.t).as_str())
            .ki64("heading", p.heading as i64)
            .kf64("lat", round7(p.lat))
            .kf64("lng", round7(p.lng))
            .ki64("satellites", p.sats as i64)
            .ki64("speed", p.speed as i64);
        if p.precision > 0 {
            w.ki64("precision", p.precision as i64);
        }
        w.end_obj();
    })
}
