//! A track kept as columns: the packed form's columns plus the little the inspector and the
//! exports read beyond them (UTC offsets, precision, odometer, the few addresses). A million
//! server points held this way take ~50 bytes each instead of a `Point`'s ~150, pack for the
//! web view by copying columns, and give their statistics and stops through `ColumnRun` (the
//! same walk as over `Point`s); `point`/`to_track` give `Point`s back where a whole `Track` is
//! needed (exports).
//!
//! What a column cannot hold is lost on the way in, and only that: times finer than a
//! millisecond, speeds, altitudes, headings and precision beyond f32's seven significant digits
//! (read back as the f32's shortest decimal, so a file's 123.4 is 123.4 again in an export),
//! satellite counts above 254 — the packed form's own limits, which the map already shows.

use std::ops::Range;

use chrono::{DateTime, FixedOffset, Offset, Utc};

use crate::packed::{
    FLAG_BUFFERED, FLAG_GSM_LBS, FLAG_PARKING, HEADER_LEN, Layout, MAGIC, SATELLITES_UNKNOWN,
    VERSION,
};
use crate::stats::Fixes;
use crate::{Point, Segment, Track};

/// Points in order, one column per field (no segments: see [`ColumnTrack`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointColumns {
    /// Unix milliseconds (whole, as f64: the packed column).
    pub time: Vec<f64>,
    pub lat: Vec<f64>,
    pub lng: Vec<f64>,
    /// km/h; NaN = unknown (also for `alt`, `heading`, `precision`, `mileage`).
    pub speed: Vec<f32>,
    /// Metres.
    pub alt: Vec<f32>,
    /// Degrees.
    pub heading: Vec<f32>,
    /// 255 = unknown.
    pub satellites: Vec<u8>,
    /// `packed::FLAG_*` bits.
    pub flags: Vec<u8>,
    /// Metres.
    pub precision: Vec<f32>,
    /// Odometer, km.
    pub mileage: Vec<f64>,
    /// The points' UTC offsets in runs: (index of a run's first point, seconds east of UTC).
    /// One run a zone change, so a day costs one or two entries.
    pub offsets: Vec<(u32, i32)>,
    /// The few points with an address (a trip's ends, events): (point index, address).
    pub addresses: Vec<(u32, String)>,
}

fn opt_f32(v: Option<f64>) -> f32 {
    v.map_or(f32::NAN, |v| v as f32)
}

fn opt_f64(v: f32) -> Option<f64> {
    (!v.is_nan()).then_some(f64::from(v))
}

/// `v` as the f64 of its shortest decimal form, as a file had it (123.4, not the f32's
/// 123.40000152587890625): what a `Point` made again from the columns carries into an export.
/// Whole numbers (the server's speeds and altitudes) are exact either way.
fn decimal_f64(v: f32) -> Option<f64> {
    if v.is_nan() {
        None
    } else if v.fract() == 0.0 {
        Some(f64::from(v))
    } else {
        Some(v.to_string().parse().unwrap_or(f64::from(v)))
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).expect("at most u32::MAX points")
}

impl PointColumns {
    pub fn len(&self) -> usize {
        self.time.len()
    }

    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Room for `additional` more points in every column.
    pub fn reserve(&mut self, additional: usize) {
        self.time.reserve(additional);
        self.lat.reserve(additional);
        self.lng.reserve(additional);
        self.speed.reserve(additional);
        self.alt.reserve(additional);
        self.heading.reserve(additional);
        self.satellites.reserve(additional);
        self.flags.reserve(additional);
        self.precision.reserve(additional);
        self.mileage.reserve(additional);
    }

    /// Gives back the room the columns grew into beyond their points (a kept track holds
    /// only what it needs: appending windows doubles a column's room as it goes).
    pub fn shrink_to_fit(&mut self) {
        self.time.shrink_to_fit();
        self.lat.shrink_to_fit();
        self.lng.shrink_to_fit();
        self.speed.shrink_to_fit();
        self.alt.shrink_to_fit();
        self.heading.shrink_to_fit();
        self.satellites.shrink_to_fit();
        self.flags.shrink_to_fit();
        self.precision.shrink_to_fit();
        self.mileage.shrink_to_fit();
        self.offsets.shrink_to_fit();
        self.addresses.shrink_to_fit();
    }

    /// Appends one point given field by field (what a server point carries).
    #[allow(clippy::too_many_arguments)] // one value a column; a struct would only rename them
    pub fn push_fields(
        &mut self,
        time: DateTime<FixedOffset>,
        lat: f64,
        lng: f64,
        speed: Option<f64>,
        alt: Option<f64>,
        heading: Option<f64>,
        satellites: Option<u32>,
        flags: u8,
        precision: Option<f64>,
        mileage: Option<f64>,
        address: Option<String>,
    ) {
        let i = index(self.len());
        let offset = time.offset().local_minus_utc();
        if self.offsets.last().is_none_or(|&(_, o)| o != offset) {
            self.offsets.push((i, offset));
        }
        if let Some(a) = address {
            self.addresses.push((i, a));
        }
        self.time.push(time.timestamp_millis() as f64);
        self.lat.push(lat);
        self.lng.push(lng);
        self.speed.push(opt_f32(speed));
        self.alt.push(opt_f32(alt));
        self.heading.push(opt_f32(heading));
        // 255 means unknown, so real counts stop at 254 (as in `packed`).
        self.satellites
            .push(satellites.map_or(SATELLITES_UNKNOWN, |v| v.min(254) as u8));
        self.flags.push(flags);
        self.precision.push(opt_f32(precision));
        self.mileage.push(mileage.unwrap_or(f64::NAN));
    }

    /// Appends a `Point`.
    pub fn push(&mut self, p: &Point) {
        let flags = (p.parking as u8 * FLAG_PARKING)
            | (p.gsm_lbs as u8 * FLAG_GSM_LBS)
            | (p.buffered as u8 * FLAG_BUFFERED);
        self.push_fields(
            p.time,
            p.lat,
            p.lng,
            p.speed,
            p.alt,
            p.heading,
            p.satellites,
            flags,
            p.precision,
            p.mileage,
            p.address.clone(),
        );
    }

    /// Appends the points of `next` after these (e.g. the next window of a read).
    pub fn append(&mut self, mut next: PointColumns) {
        if self.is_empty() {
            *self = next;
            return;
        }
        let base = index(self.len());
        self.time.append(&mut next.time);
        self.lat.append(&mut next.lat);
        self.lng.append(&mut next.lng);
        self.speed.append(&mut next.speed);
        self.alt.append(&mut next.alt);
        self.heading.append(&mut next.heading);
        self.satellites.append(&mut next.satellites);
        self.flags.append(&mut next.flags);
        self.precision.append(&mut next.precision);
        self.mileage.append(&mut next.mileage);
        for (i, o) in next.offsets {
            if self.offsets.last().is_none_or(|&(_, last)| last != o) {
                self.offsets.push((base + i, o));
            }
        }
        self.addresses
            .extend(next.addresses.into_iter().map(|(i, a)| (base + i, a)));
    }

    /// Seconds east of UTC of point `i`'s local time.
    fn offset_of(&self, i: usize) -> i32 {
        let run = self
            .offsets
            .partition_point(|&(start, _)| start as usize <= i);
        run.checked_sub(1).map_or(0, |r| self.offsets[r].1)
    }

    /// Point `i`'s time with the offset it was read with.
    pub fn time_at(&self, i: usize) -> DateTime<FixedOffset> {
        at(self.time[i], self.offset_of(i))
    }

    /// Point `i`'s address, if it has one.
    pub fn address(&self, i: usize) -> Option<&str> {
        address_at(&self.addresses, i)
    }

    /// Point `i` as a `Point`.
    pub fn point(&self, i: usize) -> Point {
        self.point_with(i, self.offset_of(i), self.address(i).map(str::to_owned))
    }

    fn point_with(&self, i: usize, offset: i32, address: Option<String>) -> Point {
        let flags = self.flags[i];
        let sats = self.satellites[i];
        Point {
            time: at(self.time[i], offset),
            lat: self.lat[i],
            lng: self.lng[i],
            alt: decimal_f64(self.alt[i]),
            speed: decimal_f64(self.speed[i]),
            heading: decimal_f64(self.heading[i]),
            satellites: (sats != SATELLITES_UNKNOWN).then_some(u32::from(sats)),
            precision: decimal_f64(self.precision[i]),
            address,
            parking: flags & FLAG_PARKING != 0,
            gsm_lbs: flags & FLAG_GSM_LBS != 0,
            buffered: flags & FLAG_BUFFERED != 0,
            mileage: (!self.mileage[i].is_nan()).then_some(self.mileage[i]),
        }
    }

    /// Points `range` as `Point`s, walking the offset runs and addresses once.
    pub fn points(&self, range: Range<usize>) -> Vec<Point> {
        let mut out = Vec::with_capacity(range.len());
        let mut run = self
            .offsets
            .partition_point(|&(start, _)| (start as usize) <= range.start);
        let mut addr = self
            .addresses
            .partition_point(|&(at, _)| (at as usize) < range.start);
        let mut offset = self.offset_of(range.start.min(self.len().saturating_sub(1)));
        for i in range {
            if let Some(&(start, o)) = self.offsets.get(run) {
                if start as usize == i {
                    offset = o;
                    run += 1;
                }
            }
            let address = match self.addresses.get(addr) {
                Some((at, a)) if *at as usize == i => {
                    addr += 1;
                    Some(a.clone())
                }
                _ => None,
            };
            out.push(self.point_with(i, offset, address));
        }
        out
    }
}

/// Point `i`'s address in `addresses` (by point index, in order).
pub(crate) fn address_at(addresses: &[(u32, String)], i: usize) -> Option<&str> {
    let i = u32::try_from(i).ok()?;
    let k = addresses.binary_search_by_key(&i, |(at, _)| *at).ok()?;
    Some(&addresses[k].1)
}

/// A time from Unix milliseconds and an offset (a bad offset reads as UTC; none is stored).
fn at(ms: f64, offset: i32) -> DateTime<FixedOffset> {
    let zone = FixedOffset::east_opt(offset).unwrap_or_else(|| Utc.fix());
    DateTime::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .with_timezone(&zone)
}

/// The points `start..end` of a [`PointColumns`] as the statistics read them (one segment of a
/// [`ColumnTrack`]): its figures and stops are those of the same points as `Point`s.
#[derive(Debug, Clone, Copy)]
pub struct ColumnRun<'a> {
    points: &'a PointColumns,
    start: usize,
    end: usize,
}

impl Fixes for ColumnRun<'_> {
    fn len(&self) -> usize {
        self.end - self.start
    }
    fn time(&self, i: usize) -> DateTime<FixedOffset> {
        self.points.time_at(self.start + i)
    }
    fn ms_between(&self, i: usize, j: usize) -> i64 {
        // Whole milliseconds in f64: the difference is exact.
        let t = &self.points.time;
        (t[self.start + j] - t[self.start + i]) as i64
    }
    fn lat_lng(&self, i: usize) -> (f64, f64) {
        (
            self.points.lat[self.start + i],
            self.points.lng[self.start + i],
        )
    }
    fn speed(&self, i: usize) -> Option<f64> {
        opt_f64(self.points.speed[self.start + i])
    }
    fn address(&self, i: usize) -> Option<&str> {
        self.points.address(self.start + i)
    }
}

/// One trip of a [`ColumnTrack`]: its name and server id, and its points' indices.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSegment {
    pub name: Option<String>,
    pub id: Option<i64>,
    pub points: Range<usize>,
}

/// A track held as columns, cut into segments (each holds at least one point, in order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnTrack {
    pub name: String,
    pub points: PointColumns,
    pub segments: Vec<ColumnSegment>,
}

impl ColumnTrack {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Segment `i`'s points, for the statistics (`stats::fixes_stats`, `runs_stats`,
    /// `runs_stops`).
    pub fn run(&self, i: usize) -> ColumnRun<'_> {
        let r = &self.segments[i].points;
        ColumnRun {
            points: &self.points,
            start: r.start,
            end: r.end,
        }
    }

    /// Every segment's points, in order.
    pub fn runs(&self) -> impl Iterator<Item = ColumnRun<'_>> {
        (0..self.segments.len()).map(|i| self.run(i))
    }

    /// The whole track as `Point`s (an export needs them; ~150 bytes a point while it lasts).
    pub fn to_track(&self) -> Track {
        Track {
            name: self.name.clone(),
            segments: self
                .segments
                .iter()
                .map(|s| Segment {
                    name: s.name.clone(),
                    id: s.id,
                    points: self.points.points(s.points.clone()),
                })
                .collect(),
        }
    }

    /// The packed form (`packed`, `docs/ipc.md`), byte for byte what `packed::pack` writes for
    /// `to_track()`: each column is copied whole.
    ///
    /// # Panics
    /// With more than `u32::MAX` points or segments.
    pub fn pack(&self) -> Vec<u8> {
        let ids: Vec<f64> = self
            .segments
            .iter()
            .map(|g| g.id.map_or(f64::NAN, |v| v as f64))
            .collect();
        let starts: Vec<u32> = self
            .segments
            .iter()
            .map(|g| index(g.points.start))
            .collect();
        pack_columns(&self.points, &ids, &starts)
    }
}

impl PointColumns {
    /// These points packed as a track of one segment with no trip id (`docs/ipc.md`): a window
    /// of a track being read, drawn before the rest has come.
    ///
    /// # Panics
    /// With more than `u32::MAX` points.
    pub fn pack(&self) -> Vec<u8> {
        pack_columns(self, &[f64::NAN], &[0])
    }
}

/// The packed form of `c` cut into segments with trip ids `ids` starting at `starts` (as
/// many; the end is added). Each column is copied whole.
fn pack_columns(c: &PointColumns, ids: &[f64], starts: &[u32]) -> Vec<u8> {
    let (n, s) = (c.len(), ids.len());
    let n32 = u32::try_from(n).expect("at most u32::MAX points");
    let s32 = u32::try_from(s).expect("at most u32::MAX segments");
    let l = Layout::new(n, s);
    let mut buf = vec![0u8; l.len];
    buf[0..4].copy_from_slice(&MAGIC);
    buf[4..8].copy_from_slice(&VERSION.to_le_bytes());
    buf[8..12].copy_from_slice(&n32.to_le_bytes());
    buf[12..HEADER_LEN].copy_from_slice(&s32.to_le_bytes());
    put(&mut buf[l.time..l.lat], &c.time, f64::to_le_bytes);
    put(&mut buf[l.lat..l.lng], &c.lat, f64::to_le_bytes);
    put(&mut buf[l.lng..l.segment_ids], &c.lng, f64::to_le_bytes);
    put(&mut buf[l.segment_ids..l.speed], ids, f64::to_le_bytes);
    put(&mut buf[l.speed..l.alt], &c.speed, f32::to_le_bytes);
    put(&mut buf[l.alt..l.heading], &c.alt, f32::to_le_bytes);
    put(&mut buf[l.heading..l.starts], &c.heading, f32::to_le_bytes);
    let starts = starts.iter().copied().chain([n32]).collect::<Vec<u32>>();
    put(&mut buf[l.starts..l.satellites], &starts, u32::to_le_bytes);
    buf[l.satellites..l.flags].copy_from_slice(&c.satellites);
    buf[l.flags..l.len].copy_from_slice(&c.flags);
    buf
}

/// Writes `values` little-endian into `out` (exactly their size).
fn put<T: Copy, const N: usize>(out: &mut [u8], values: &[T], bytes: fn(T) -> [u8; N]) {
    for (slot, v) in out.chunks_exact_mut(N).zip(values) {
        slot.copy_from_slice(&bytes(*v));
    }
}

impl From<&Track> for ColumnTrack {
    /// Skips empty segments (they hold no point to index).
    fn from(track: &Track) -> ColumnTrack {
        let mut points = PointColumns::default();
        let mut segments = Vec::new();
        for seg in track.segments.iter().filter(|s| !s.points.is_empty()) {
            let start = points.len();
            seg.points.iter().for_each(|p| points.push(p));
            segments.push(ColumnSegment {
                name: seg.name.clone(),
                id: seg.id,
                points: start..points.len(),
            });
        }
        ColumnTrack {
            name: track.name.clone(),
            points,
            segments,
        }
    }
}
