//! Stops as a list: where and when a track stood still, inside trips (`Stop`) and between them
//! (`Parking`). Walks the points exactly as `stats` counts them, so `stops(t).len()` is always
//! `track_stats(t).stops`.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::stats::{StatsOptions, gap_s, step};
use crate::{Point, Track};

/// What kind of standstill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StopKind {
    /// Standing still for at least `min_stop_s` inside a trip (traffic jam, delivery, ...).
    Stop,
    /// The time between two trips, when it is at least `min_stop_s`.
    Parking,
}

/// One standstill of a track.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stop {
    pub kind: StopKind,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// Standing time in seconds, as counted in `Stats::stopped_s`.
    pub duration_s: f64,
    /// Where: the first standing point of a stop, the last point of the trip before a parking.
    pub lat: f64,
    pub lng: f64,
    /// That point's address, or for a stop the first address reported while standing.
    pub address: Option<String>,
    /// Index of that point across all segments in order (the numbering of `packed`).
    pub point_index: usize,
}

/// Every stop and parking of `track`, in time order (segment by segment).
///
/// A run of consecutive intervals slower than `moving_threshold_kmh` lasting at least
/// `min_stop_s` is a `Stop` that starts at the run's first point (where the vehicle arrived).
/// A gap of at least `min_stop_s` between two trips is a `Parking` at the end of the first.
pub fn stops(track: &Track, opts: &StatsOptions) -> Vec<Stop> {
    let mut out = Vec::new();
    let mut base = 0; // global index of the current segment's first point
    let mut prev_last: Option<(&Point, usize)> = None;
    for seg in &track.segments {
        let points = &seg.points;
        let Some(first) = points.first() else {
            continue;
        };
        if let Some((last, index)) = prev_last {
            let gap = gap_s(last.time, first.time);
            if gap >= opts.min_stop_s {
                out.push(Stop {
                    kind: StopKind::Parking,
                    start: last.time,
                    end: first.time,
                    duration_s: gap,
                    lat: last.lat,
                    lng: last.lng,
                    address: last.address.clone(),
                    point_index: index,
                });
            }
        }
        segment_stops(points, base, opts, &mut out);
        base += points.len();
        prev_last = Some((&points[points.len() - 1], base - 1));
    }
    out
}

/// The `Stop`s of one trip whose first point has global index `base`.
fn segment_stops(points: &[Point], base: usize, opts: &StatsOptions, out: &mut Vec<Stop>) {
    // The current standing run: index of its first point and the seconds stood so far.
    let mut run: Option<(usize, f64)> = None;
    for (i, w) in points.windows(2).enumerate() {
        let s = step(&w[0], &w[1]);
        if s.speed >= opts.moving_threshold_kmh {
            if let Some((from, standing)) = run.take() {
                push_stop(points, from, i, standing, base, opts, out);
            }
        } else {
            let r = run.get_or_insert((i, 0.0));
            r.1 += s.dt;
        }
    }
    if let Some((from, standing)) = run {
        push_stop(points, from, points.len() - 1, standing, base, opts, out);
    }
}

/// Records the run of points `from..=to` when it stood long enough.
fn push_stop(
    points: &[Point],
    from: usize,
    to: usize,
    standing: f64,
    base: usize,
    opts: &StatsOptions,
    out: &mut Vec<Stop>,
) {
    if standing < opts.min_stop_s {
        return;
    }
    let p = &points[from];
    out.push(Stop {
        kind: StopKind::Stop,
        start: p.time,
        end: points[to].time,
        duration_s: standing,
        lat: p.lat,
        lng: p.lng,
        address: points[from..=to].iter().find_map(|q| q.address.clone()),
        point_index: base + from,
    });
}
