//! Stops as a list: where and when a track stood still, inside trips (`Stop`) and between them
//! (`Parking`). Walks the points exactly as `stats` counts them, so `stops(t).len()` is always
//! `track_stats(t).stops`.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::Track;
use crate::stats::{Fixes, StatsOptions, gap_s, step};

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
    runs_stops(track.segments.iter().map(|s| s.points.as_slice()), opts)
}

/// [`stops`] of any trips' runs of points, in order (`point_index` counts across them).
pub fn runs_stops<F: Fixes>(runs: impl IntoIterator<Item = F>, opts: &StatsOptions) -> Vec<Stop> {
    let mut out = Vec::new();
    let mut base = 0; // global index of the current segment's first point
    // Where the trip before ended: a parking from there to the next trip's start.
    let mut parked: Option<Stop> = None;
    for run in runs {
        let n = run.len();
        if n == 0 {
            continue;
        }
        let first = run.time(0);
        if let Some(parking) = parked.take() {
            let gap = gap_s(parking.start, first);
            if gap >= opts.min_stop_s {
                out.push(Stop {
                    end: first,
                    duration_s: gap,
                    ..parking
                });
            }
        }
        segment_stops(&run, base, opts, &mut out);
        base += n;
        let last = n - 1;
        let (lat, lng) = run.lat_lng(last);
        parked = Some(Stop {
            kind: StopKind::Parking,
            start: run.time(last),
            end: run.time(last),
            duration_s: 0.0,
            lat,
            lng,
            address: run.address(last).map(str::to_owned),
            point_index: base - 1,
        });
    }
    out
}

/// The `Stop`s of one trip whose first point has global index `base`.
fn segment_stops<F: Fixes>(points: &F, base: usize, opts: &StatsOptions, out: &mut Vec<Stop>) {
    // The current standing run: index of its first point and the seconds stood so far.
    let mut run: Option<(usize, f64)> = None;
    for i in 0..points.len().saturating_sub(1) {
        let s = step(points, i);
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
fn push_stop<F: Fixes>(
    points: &F,
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
    let (lat, lng) = points.lat_lng(from);
    out.push(Stop {
        kind: StopKind::Stop,
        start: points.time(from),
        end: points.time(to),
        duration_s: standing,
        lat,
        lng,
        address: (from..=to).find_map(|i| points.address(i).map(str::to_owned)),
        point_index: base + from,
    });
}
