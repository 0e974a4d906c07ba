//! Trip and period statistics: distance, duration, moving and stopped time, speeds, stops.
//! One pass over the points, no allocation, so a million points stay well inside a frame budget.
//! The stops themselves, as a list, are in `stops.rs` (re-exported here); both walk the points
//! with `step`, so the list and the counts cannot disagree.

pub use crate::stops::{Stop, StopKind, runs_stops, stops};
use chrono::{DateTime, FixedOffset};

pub use crate::geodesy::distance_m;
use crate::{Point, Segment, Track};

/// How movement is told from standing still.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsOptions {
    /// Slower than this (km/h) counts as stopped: GPS jitter makes a parked car "move" slowly.
    pub moving_threshold_kmh: f64,
    /// A standstill shorter than this (seconds) is traffic, not a stop.
    pub min_stop_s: f64,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            moving_threshold_kmh: 3.0,
            min_stop_s: 60.0,
        }
    }
}

/// Figures of a trip, or of a period summed over its trips. Serialized with the field names as
/// they are (snake_case), e.g. for `trackmate stats --json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    pub points: usize,
    pub distance_m: f64,
    /// First to last point.
    pub duration_s: f64,
    pub moving_s: f64,
    pub stopped_s: f64,
    /// Highest reported (or, without reports, implied) speed.
    pub max_speed_kmh: f64,
    /// Distance over the whole duration.
    pub avg_speed_kmh: f64,
    /// Distance over the moving time.
    pub avg_moving_speed_kmh: f64,
    /// Standstills of at least `min_stop_s`.
    pub stops: usize,
}

impl Stats {
    fn finish(mut self) -> Stats {
        if self.duration_s > 0.0 {
            self.avg_speed_kmh = self.distance_m / self.duration_s * 3.6;
        }
        if self.moving_s > 0.0 {
            self.avg_moving_speed_kmh = self.distance_m / self.moving_s * 3.6;
        }
        self
    }
}

/// A trip's points as the statistics read them: a slice of `Point`s, or a segment of a
/// `ColumnTrack` (the app's kept form), so the figures come from one walk whatever holds the
/// points, and the same points give the same figures either way.
pub trait Fixes {
    fn len(&self) -> usize;
    /// Point `i`'s time, with its offset.
    fn time(&self, i: usize) -> DateTime<FixedOffset>;
    /// Whole milliseconds from point `i` to point `j` (`(time(j) - time(i))`, truncated).
    fn ms_between(&self, i: usize, j: usize) -> i64 {
        (self.time(j) - self.time(i)).num_milliseconds()
    }
    fn lat_lng(&self, i: usize) -> (f64, f64);
    /// Reported speed, km/h.
    fn speed(&self, i: usize) -> Option<f64>;
    fn address(&self, i: usize) -> Option<&str>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Fixes for [Point] {
    fn len(&self) -> usize {
        <[Point]>::len(self)
    }
    fn time(&self, i: usize) -> DateTime<FixedOffset> {
        self[i].time
    }
    fn lat_lng(&self, i: usize) -> (f64, f64) {
        (self[i].lat, self[i].lng)
    }
    fn speed(&self, i: usize) -> Option<f64> {
        self[i].speed
    }
    fn address(&self, i: usize) -> Option<&str> {
        self[i].address.as_deref()
    }
}

impl<F: Fixes + ?Sized> Fixes for &F {
    fn len(&self) -> usize {
        (**self).len()
    }
    fn time(&self, i: usize) -> DateTime<FixedOffset> {
        (**self).time(i)
    }
    fn ms_between(&self, i: usize, j: usize) -> i64 {
        (**self).ms_between(i, j)
    }
    fn lat_lng(&self, i: usize) -> (f64, f64) {
        (**self).lat_lng(i)
    }
    fn speed(&self, i: usize) -> Option<f64> {
        (**self).speed(i)
    }
    fn address(&self, i: usize) -> Option<&str> {
        (**self).address(i)
    }
}

/// One interval between consecutive points: its length (m), duration (s, never negative) and
/// speed (km/h): the later point's reported speed, or distance over time when it has none.
pub(crate) struct Step {
    pub d: f64,
    pub dt: f64,
    pub speed: f64,
}

/// The interval from point `i` to point `i + 1`.
#[inline]
pub(crate) fn step<F: Fixes + ?Sized>(f: &F, i: usize) -> Step {
    let ((alat, alng), (blat, blng)) = (f.lat_lng(i), f.lat_lng(i + 1));
    let d = distance_m(alat, alng, blat, blng);
    let dt = (f.ms_between(i, i + 1) as f64 / 1000.0).max(0.0);
    let implied = if dt > 0.0 { d / dt * 3.6 } else { 0.0 };
    let speed = f.speed(i + 1).filter(|v| v.is_finite()).unwrap_or(implied);
    Step { d, dt, speed }
}

/// Statistics of consecutive points (one trip). Each interval between two points counts as
/// moving when its speed (see `step`) reaches the threshold.
pub fn points_stats(points: &[Point], opts: &StatsOptions) -> Stats {
    fixes_stats(points, opts)
}

/// [`points_stats`] of any run of points.
pub fn fixes_stats<F: Fixes + ?Sized>(f: &F, opts: &StatsOptions) -> Stats {
    let n = f.len();
    let mut s = Stats {
        points: n,
        ..Stats::default()
    };
    if n == 0 {
        return s;
    }
    s.duration_s = f.ms_between(0, n - 1) as f64 / 1000.0;
    s.max_speed_kmh = f.speed(0).filter(|v| v.is_finite()).unwrap_or(0.0);
    let mut standing = 0.0;
    for i in 0..n - 1 {
        let Step { d, dt, speed } = step(f, i);
        s.distance_m += d;
        s.max_speed_kmh = s.max_speed_kmh.max(speed);
        if speed >= opts.moving_threshold_kmh {
            s.moving_s += dt;
            if standing >= opts.min_stop_s {
                s.stops += 1;
            }
            standing = 0.0;
        } else {
            s.stopped_s += dt;
            standing += dt;
        }
    }
    if standing >= opts.min_stop_s {
        s.stops += 1;
    }
    s.finish()
}

/// Statistics of one trip.
pub fn segment_stats(seg: &Segment, opts: &StatsOptions) -> Stats {
    points_stats(&seg.points, opts)
}

/// A period of many trips: distances, times and stops add up; the time between trips counts as
/// stopped, and each such gap of at least `min_stop_s` is one more stop (a parking).
pub fn track_stats(track: &Track, opts: &StatsOptions) -> Stats {
    runs_stats(track.segments.iter().map(|s| s.points.as_slice()), opts)
}

/// [`track_stats`] of any trips' runs of points, in order.
pub fn runs_stats<F: Fixes>(runs: impl IntoIterator<Item = F>, opts: &StatsOptions) -> Stats {
    let mut total = Stats::default();
    let mut prev_end: Option<DateTime<FixedOffset>> = None;
    let mut first_start = None;
    for run in runs.into_iter().filter(|r| !r.is_empty()) {
        let s = fixes_stats(&run, opts);
        let start = run.time(0);
        first_start.get_or_insert(start);
        if let Some(end) = prev_end {
            let gap = gap_s(end, start);
            total.stopped_s += gap;
            if gap >= opts.min_stop_s {
                total.stops += 1;
            }
        }
        prev_end = Some(run.time(run.len() - 1));
        total.points += s.points;
        total.distance_m += s.distance_m;
        total.moving_s += s.moving_s;
        total.stopped_s += s.stopped_s;
        total.stops += s.stops;
        total.max_speed_kmh = total.max_speed_kmh.max(s.max_speed_kmh);
    }
    if let (Some(a), Some(b)) = (first_start, prev_end) {
        total.duration_s = (b - a).num_milliseconds() as f64 / 1000.0;
    }
    total.finish()
}

/// Seconds from the end of one trip to the start of the next (never negative).
pub(crate) fn gap_s(end: DateTime<FixedOffset>, start: DateTime<FixedOffset>) -> f64 {
    ((start - end).num_milliseconds() as f64 / 1000.0).max(0.0)
}
