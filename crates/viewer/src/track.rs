//! A track as the viewer holds it: compact point columns, its statistics and stops from
//! `trackmate-tracks` (for a file, made after its line is on screen), and its lines simplified
//! per zoom level (computed off the UI thread).

use crate::geo::{Merc, MercBox, merc};
use chrono::{DateTime, FixedOffset};
use std::sync::{Arc, Mutex, OnceLock};
use trackmate_tracks::geodesy::METRES_PER_DEGREE;
use trackmate_tracks::simplify::simplify_by;
use trackmate_tracks::stats::{Stats, StatsOptions, Stop, stops, track_stats};
use trackmate_tracks::{SpeedScale, Track, tolerance_for_zoom};

/// Simplified lines exist for zoom levels 0..=LOD_MAX; deeper zooms draw LOD_MAX, whose
/// tolerance (≈ 0.07 m at 51°) is far below a pixel there too.
pub const LOD_MAX: usize = 22;
/// Simplified indices are grouped in chunks of this many, each with its bounding box, so a
/// frame skips what is off screen without looking at its points.
const CHUNK: usize = 256;

/// One zoom level's line: indices of the points kept (ascending, across segments) and the
/// chunks' bounding boxes.
///
/// Shared (`Arc`) because once a level would keep half the points, it and every deeper level
/// are the whole track: one index list, not one per zoom.
#[derive(Debug, Clone)]
pub struct Level {
    pub idx: Arc<[u32]>,
    /// Chunk k covers `idx[k*CHUNK ..= min((k+1)*CHUNK, len-1)]` (sharing its last point with
    /// the next chunk, so lines run on across chunks).
    pub boxes: Arc<[MercBox]>,
}

impl Level {
    pub fn chunk_size() -> usize {
        CHUNK
    }
}

/// What the panel and the map show beside the line: the track's figures and its stops.
#[derive(Debug, Default)]
pub struct Figures {
    pub stats: Stats,
    pub stops: Vec<Stop>,
}

/// A track's figures: being made, made, or not made (the reason, a bug's panic message).
type FiguresSlot = Arc<OnceLock<Result<Figures, String>>>;

/// The making of a file's figures, until [`ViewTrack::make_figures`] starts it.
#[derive(Default)]
struct Later(Mutex<Option<Box<dyn FnOnce() + Send>>>);

impl std::fmt::Debug for Later {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Later")
    }
}

/// A loaded track.
#[derive(Debug)]
pub struct ViewTrack {
    /// The legend's name: the track's name, else the file's.
    pub name: String,
    /// Where it came from: a path, or "server".
    pub origin: String,
    /// The file had no times (only the line and the distance mean something).
    pub timeless: bool,
    pub lat: Vec<f64>,
    pub lng: Vec<f64>,
    /// km/h; NaN when unknown.
    pub speed: Vec<f32>,
    /// metres; NaN when unknown.
    pub alt: Vec<f32>,
    /// `u8::MAX` when unknown.
    pub sats: Vec<u8>,
    /// Speed-scale bucket of each point (the step to a point is drawn in its colour).
    pub bucket: Vec<u8>,
    /// Milliseconds since the Unix epoch of each point (8 bytes a point, where a
    /// `DateTime<FixedOffset>` takes 16: a million-point track is 8 MB lighter).
    time_ms: Vec<i64>,
    /// The UTC offsets the times were given in, as runs: (first point, offset), ascending.
    offsets: Vec<(u32, FixedOffset)>,
    /// Exclusive end index of each segment (trip).
    pub seg_ends: Vec<u32>,
    figures: FiguresSlot,
    later: Later,
    pub bbox: MercBox,
    /// Latitude the simplification tolerances are figured at.
    mid_lat: f64,
    levels: Vec<OnceLock<Level>>,
    /// Every point: the level of the zooms deep enough to keep half of them.
    full: OnceLock<Level>,
}

impl ViewTrack {
    /// Columns, statistics and stops of `track`; no simplification yet.
    pub fn new(track: &Track, origin: &str, timeless: bool, scale: &SpeedScale) -> ViewTrack {
        // The panel's figures and the stops on the other cores while the columns are made here
        // (at a million points each of the three is ~50 ms; the track waits for all of them).
        std::thread::scope(|s| {
            let stats = s.spawn(|| track_stats(track, &StatsOptions::default()));
            let stops = s.spawn(|| stops(track, &StatsOptions::default()));
            let t = Self::columns(track, origin, timeless, scale);
            // A panic in either is a bug in trackmate-tracks: it goes on as one here.
            let stats = stats
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            let stops = stops
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            let _ = t.figures.set(Ok(Figures { stats, stops }));
            t
        })
    }

    /// The columns now; the figures and stops on a thread of their own once
    /// [`make_figures`](Self::make_figures) is called, which then drops `track` and calls `then`.
    /// A file's line is on screen before its figures: with a million points they are ~0.1 s of
    /// two cores the first frame needs (BENCHMARKS.md).
    pub fn figures_later(
        track: Track,
        origin: &str,
        timeless: bool,
        scale: &SpeedScale,
        then: impl FnOnce() + Send + 'static,
    ) -> ViewTrack {
        let t = Self::columns(&track, origin, timeless, scale);
        let slot = Arc::clone(&t.figures);
        let make = move || {
            let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Figures {
                stats: track_stats(&track, &StatsOptions::default()),
                stops: stops(&track, &StatsOptions::default()),
            }));
            drop(track);
            trackmate_tracks::mem::release_freed();
            let _ = slot.set(made.map_err(|e| {
                let why = crate::load::panic_text(&*e);
                eprintln!("trackmate view: the track's figures could not be made (a bug): {why}");
                why
            }));
            then();
        };
        if let Ok(mut later) = t.later.0.lock() {
            *later = Some(Box::new(make));
        }
        t
    }

    /// Starts making the figures of a track from [`figures_later`](Self::figures_later), on a
    /// thread of its own; nothing if they are made or being made.
    pub fn make_figures(&self) {
        let Some(make) = self.later.0.lock().ok().and_then(|mut l| l.take()) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("trackmate-figures".into())
            .spawn(make);
        if let Err(e) = spawned {
            // No thread to be had: the figures are not made (the line still shows).
            let _ = self
                .figures
                .set(Err(format!("no thread to make them ({e})")));
        }
    }

    /// The figures and stops: `None` while they are being made, `Some(Err)` if they could not be.
    pub fn figures(&self) -> Option<Result<&Figures, &str>> {
        self.figures
            .get()
            .map(|f| f.as_ref().map_err(String::as_str))
    }

    /// The track's columns, its figures and stops not made yet.
    fn columns(track: &Track, origin: &str, timeless: bool, scale: &SpeedScale) -> ViewTrack {
        let n: usize = track.segments.iter().map(|s| s.points.len()).sum();
        let mut t = ViewTrack {
            name: track.name.clone(),
            origin: origin.to_owned(),
            timeless,
            lat: Vec::with_capacity(n),
            lng: Vec::with_capacity(n),
            speed: Vec::with_capacity(n),
            alt: Vec::with_capacity(n),
            sats: Vec::with_capacity(n),
            bucket: Vec::with_capacity(n),
            time_ms: Vec::with_capacity(n),
            offsets: Vec::new(),
            seg_ends: Vec::with_capacity(track.segments.len()),
            figures: Arc::default(),
            later: Later::default(),
            bbox: MercBox::EMPTY,
            mid_lat: 0.0,
            levels: (0..=LOD_MAX).map(|_| OnceLock::new()).collect(),
            full: OnceLock::new(),
        };
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut west, mut east) = (f64::INFINITY, f64::NEG_INFINITY);
        for seg in &track.segments {
            for p in &seg.points {
                t.lat.push(p.lat);
                t.lng.push(p.lng);
                t.speed.push(p.speed.map_or(f32::NAN, |v| v as f32));
                t.alt.push(p.alt.map_or(f32::NAN, |v| v as f32));
                t.sats
                    .push(p.satellites.map_or(u8::MAX, |v| v.min(254) as u8));
                t.bucket.push(scale.bucket(p.speed) as u8);
                if t.offsets.last().is_none_or(|(_, o)| *o != *p.time.offset()) {
                    t.offsets.push((t.time_ms.len() as u32, *p.time.offset()));
                }
                t.time_ms.push(p.time.timestamp_millis());
                lo = lo.min(p.lat);
                hi = hi.max(p.lat);
                west = west.min(p.lng);
                east = east.max(p.lng);
            }
            if !seg.points.is_empty() {
                t.seg_ends.push(t.lat.len() as u32);
            }
        }
        t.mid_lat = if lo <= hi { (lo + hi) / 2.0 } else { 0.0 };
        // Mercator is monotonic in both (x grows with longitude, y falls with latitude), so the
        // box of the corners is the box of the points: two projections, not a million logs.
        if lo <= hi && west <= east {
            t.bbox.add(merc(hi, west));
            t.bbox.add(merc(lo, east));
        }
        t
    }

    pub fn len(&self) -> usize {
        self.lat.len()
    }

    /// Point `i`'s time, in the offset the track gave it (to the millisecond).
    pub fn time(&self, i: usize) -> DateTime<FixedOffset> {
        let run = self
            .offsets
            .partition_point(|(from, _)| *from as usize <= i);
        let offset = self.offsets[run.saturating_sub(1)].1;
        DateTime::from_timestamp_millis(self.time_ms[i])
            .unwrap_or_default()
            .with_timezone(&offset)
    }

    pub fn is_empty(&self) -> bool {
        self.lat.is_empty()
    }

    pub fn merc(&self, i: usize) -> Merc {
        merc(self.lat[i], self.lng[i])
    }

    /// The segment (trip) point `i` belongs to.
    pub fn segment_of(&self, i: u32) -> usize {
        self.seg_ends.partition_point(|&end| end <= i)
    }

    /// The level a zoom draws with.
    pub fn level_for_zoom(zoom: f64) -> usize {
        (zoom.max(0.0).round() as usize).min(LOD_MAX)
    }

    /// The level if it is computed already.
    pub fn ready(&self, level: usize) -> Option<&Level> {
        self.levels.get(level)?.get()
    }

    /// The level, computing it now if it is not there yet.
    pub fn level(&self, level: usize) -> &Level {
        let level = level.min(LOD_MAX);
        self.levels[level].get_or_init(|| self.compute(level))
    }

    /// `level` when it is ready, else the nearest ready one (a finer one first: it is exact,
    /// only slower), else `level` computed now.
    pub fn level_or_nearest(&self, level: usize) -> &Level {
        if let Some(l) = self.ready(level) {
            return l;
        }
        for d in 1..=LOD_MAX {
            if let Some(l) = self.ready(level + d) {
                return l;
            }
            if let Some(l) = level.checked_sub(d).and_then(|k| self.ready(k)) {
                return l;
            }
        }
        self.level(level)
    }

    /// Indices to keep at `level`: Douglas–Peucker with half a pixel of tolerance
    /// (`crates/tracks` works in MapLibre's 512-px zooms; walkers' tiles are 256 px, so one
    /// less), run between the points that must stay: each segment's ends and both sides of
    /// every change of speed colour that is long enough to see at this zoom (a colour lasting
    /// under 3 pixels of line is drawn in the colour around it).
    fn compute(&self, level: usize) -> Level {
        let tol = tolerance_for_zoom(level as f64 - 1.0, self.mid_lat);
        let mut idx: Vec<u32> = Vec::new();
        let mut start = 0usize;
        for &end in &self.seg_ends {
            let end = end as usize;
            let mut from = start;
            let mut breaks = self
                .colour_breaks(start, end, 6.0 * tol)
                .into_iter()
                .peekable();
            for i in start + 1..=end {
                let change = i < end && breaks.peek() == Some(&i);
                if change {
                    breaks.next();
                }
                // a piece ends at the last point, and before and at each colour change
                let stop = if i == end {
                    end - 1
                } else if change {
                    i - 1
                } else {
                    continue;
                };
                if stop > from || idx.last() != Some(&(from as u32)) {
                    let kept = simplify_by(
                        stop - from + 1,
                        |k| (self.lat[from + k], self.lng[from + k]),
                        tol,
                    );
                    let skip = usize::from(idx.last() == Some(&(from as u32)));
                    idx.extend(kept.into_iter().skip(skip).map(|k| (from as u32) + k));
                }
                if change {
                    // the step into the new colour is a piece of its own: keep both ends
                    if idx.last() != Some(&((i - 1) as u32)) {
                        idx.push((i - 1) as u32);
                    }
                    idx.push(i as u32);
                    from = i;
                }
            }
            start = end;
        }
        if idx.len() * 2 >= self.len() {
            return self
                .full
                .get_or_init(|| self.boxed((0..self.len() as u32).collect()))
                .clone();
        }
        self.boxed(idx)
    }

    /// Where the colour visibly changes in points `start..end`: the first point of each run of
    /// one speed bucket whose line (with the step into it) is at least `min_m` metres long.
    fn colour_breaks(&self, start: usize, end: usize, min_m: f64) -> Vec<usize> {
        // Flat metres at the track's middle latitude on the track code's one sphere: a colour
        // break's length only has to be right to a few per cent, the haversine is not needed.
        let ky = METRES_PER_DEGREE;
        let kx = self.mid_lat.to_radians().cos() * ky;
        let step = |a: usize, b: usize| {
            let dx = (self.lng[b] - self.lng[a]) * kx;
            let dy = (self.lat[b] - self.lat[a]) * ky;
            (dx * dx + dy * dy).sqrt()
        };
        let mut out = Vec::new();
        let mut current = self.bucket[start];
        let mut i = start + 1;
        while i < end {
            if self.bucket[i] == current {
                i += 1;
                continue;
            }
            let b = self.bucket[i];
            let mut len = step(i - 1, i);
            let mut j = i + 1;
            while j < end && self.bucket[j] == b {
                len += step(j - 1, j);
                j += 1;
            }
            if len >= min_m {
                out.push(i);
                current = b;
            }
            i = j;
        }
        out
    }

    fn boxed(&self, idx: Vec<u32>) -> Level {
        let mut boxes = Vec::with_capacity(idx.len() / CHUNK + 1);
        let mut k = 0;
        while k < idx.len() {
            let last = (k + CHUNK).min(idx.len() - 1);
            let mut b = MercBox::EMPTY;
            for &i in &idx[k..=last] {
                b.add(self.merc(i as usize));
            }
            boxes.push(b);
            k += CHUNK;
        }
        Level {
            idx: idx.into(),
            boxes: boxes.into(),
        }
    }
}

/// The order a background thread computes levels in: the one on screen first, then outwards.
pub fn level_order(first: usize) -> Vec<usize> {
    let mut order = vec![first.min(LOD_MAX)];
    for d in 1..=LOD_MAX {
        if first + d <= LOD_MAX {
            order.push(first + d);
        }
        if let Some(k) = first.checked_sub(d) {
            order.push(k);
        }
    }
    order
}
