//! History events derived from a generated tracker-day: ignition, trip start/end, speeding,
//! parking, real geofence crossings and connection loss — all consistent with the points.

use super::address::address_for;
use super::day::{DayData, Event, TrackKind, event_id};
use super::geo::LatLng;
use super::motion::profile;
use super::{TrackerMeta, World};

/// Rule ids, so that rule-based events carry a `rule_id` like the real ones.
const RULE_SPEEDING: i64 = 7001;
const RULE_GEOFENCE: i64 = 7002;
const RULE_OFFLINE: i64 = 7003;
const RULE_PARKING: i64 = 7004;

/// A device is reported offline this long after its last message.
const OFFLINE_AFTER_MS: i64 = 10 * 60_000;
/// A stop counts as a parking event after this long.
const PARKING_AFTER_MS: i64 = 5 * 60_000;

struct Draft {
    t: i64,
    event: &'static str,
    message: String,
    at: LatLng,
    track_id: i64,
    rule_id: Option<i64>,
    zone: Option<usize>,
}

pub fn derive_events(
    world: &World,
    meta: &TrackerMeta,
    day: i64,
    data: &DayData,
    gap_s: Option<(f64, f64)>,
    offline_at_ms: Option<i64>,
) -> Vec<Event> {
    let prof = profile(meta.kind);
    let mut out: Vec<Draft> = Vec::new();
    let mut draft = |t, event, message: String, at, track_id, rule_id, zone| {
        out.push(Draft {
            t,
            event,
            message,
            at,
            track_id,
            rule_id,
            zone,
        })
    };

    let regular: Vec<_> = data
        .tracks
        .iter()
        .filter(|t| t.kind == TrackKind::Regular)
        .collect();
    for (n, tr) in regular.iter().enumerate() {
        let pts = data.track_points(tr);
        let (first, last) = (pts[0], pts[pts.len() - 1]);
        if prof.ignition {
            draft(
                first.t,
                "ignition",
                "Ignition on".into(),
                first.pos(),
                tr.id,
                None,
                None,
            );
        }
        draft(
            first.t,
            "track_start",
            "Trip started".into(),
            first.pos(),
            tr.id,
            None,
            None,
        );
        if let Some(limit) = prof.speed_limit {
            let mut last_alert: Option<i64> = None;
            for w in pts.windows(2) {
                if w[1].speed > limit
                    && w[0].speed <= limit
                    && last_alert.is_none_or(|a| w[1].t - a >= 120_000)
                {
                    let msg = format!("Speeding: {} km/h (limit {limit} km/h)", w[1].speed);
                    draft(
                        w[1].t,
                        "speedup",
                        msg,
                        w[1].pos(),
                        tr.id,
                        Some(RULE_SPEEDING),
                        None,
                    );
                    last_alert = Some(w[1].t);
                }
            }
        }
        draft(
            last.t,
            "track_end",
            "Trip ended".into(),
            last.pos(),
            tr.id,
            None,
            None,
        );
        if prof.ignition {
            draft(
                last.t,
                "ignition",
                "Ignition off".into(),
                last.pos(),
                tr.id,
                None,
                None,
            );
        }
        let next_move = regular
            .get(n + 1)
            .map(|t| data.points[t.start as usize].t)
            .or_else(|| data.points.last().map(|p| p.t));
        if next_move.is_some_and(|nm| nm - last.t > PARKING_AFTER_MS) {
            let t = last.t + PARKING_AFTER_MS;
            draft(
                t,
                "parking",
                "Parking".into(),
                last.pos(),
                0,
                Some(RULE_PARKING),
                None,
            );
        }
    }

    // Geofence crossings, from every non-LBS fix in time order.
    let mut inside: Option<Vec<bool>> = None;
    let mut ti = 0usize;
    for (i, p) in data.points.iter().enumerate() {
        while ti < data.tracks.len() && data.tracks[ti].end as usize <= i {
            ti += 1;
        }
        if p.is_lbs() {
            continue;
        }
        let track_id = data
            .tracks
            .get(ti)
            .filter(|t| t.start as usize <= i)
            .map_or(0, |t| t.id);
        let now: Vec<bool> = world.zones.iter().map(|z| z.contains(p.pos())).collect();
        if let Some(prev) = &inside {
            for (z, (was, is)) in prev.iter().zip(&now).enumerate() {
                if was != is {
                    let label = &world.zones[z].label;
                    let (ev, msg) = if *is {
                        ("inzone", format!("Entered geofence {label}"))
                    } else {
                        ("outzone", format!("Left geofence {label}"))
                    };
                    draft(
                        p.t,
                        ev,
                        msg,
                        p.pos(),
                        track_id,
                        Some(RULE_GEOFENCE),
                        Some(z),
                    );
                }
            }
        }
        inside = Some(now);
    }

    if let Some((a, b)) = gap_s {
        let day_start = super::day::day_start_ms(day);
        let (a_ms, b_ms) = (
            day_start + (a * 1000.0) as i64,
            day_start + (b * 1000.0) as i64,
        );
        let before = data.points.iter().rev().find(|p| p.t < a_ms);
        let after = data.points.iter().find(|p| p.t >= b_ms);
        if let (Some(before), Some(after)) = (before, after) {
            if after.t - before.t > 2 * OFFLINE_AFTER_MS {
                let t = before.t + OFFLINE_AFTER_MS;
                draft(
                    t,
                    "offline",
                    "Device went offline".into(),
                    before.pos(),
                    0,
                    Some(RULE_OFFLINE),
                    None,
                );
                draft(
                    after.t,
                    "online",
                    "Device is back online".into(),
                    after.pos(),
                    0,
                    Some(RULE_OFFLINE),
                    None,
                );
            }
        }
    }
    if let (Some(t), Some(last)) = (offline_at_ms, data.points.last()) {
        let msg = "Device went offline".to_string();
        draft(
            t + OFFLINE_AFTER_MS,
            "offline",
            msg,
            last.pos(),
            0,
            Some(RULE_OFFLINE),
            None,
        );
    }

    out.sort_by_key(|d| d.t);
    out.into_iter()
        .enumerate()
        .map(|(k, d)| Event {
            id: event_id(day, meta.idx, k as u32),
            t: d.t,
            event: d.event,
            message: d.message,
            at: d.at,
            address: address_for(d.at),
            track_id: d.track_id,
            rule_id: d.rule_id,
            zone: d.zone,
        })
        .collect()
}
