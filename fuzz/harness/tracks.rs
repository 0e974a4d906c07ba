//! The bodies of the `import_*` and `packed_*` fuzz targets, shared with their corpus replay
//! test (`crates/tracks/tests/fuzz_corpus.rs`).
//!
//! An imported file goes on to what the app does with it: statistics and stops, packing for
//! the UI (which must read back), simplification, and export in the format it came in.

#![allow(dead_code)] // each fuzz target uses a part of this file

use chrono::{DateTime, FixedOffset};
use trackmate_tracks::import::{self, Imported};
use trackmate_tracks::packed::{self, Columns};
use trackmate_tracks::{Format, Point, Segment, StatsOptions, Track};

/// `import::parse(bytes, format)` and what follows a successful import.
pub fn import(format: Format, data: &[u8]) {
    if let Ok(read) = import::parse(data, format) {
        after_import(&read);
    }
}

/// Extensions the `import_detect` target's first byte picks from (`None`: no extension).
pub const EXTENSIONS: [Option<&str>; 10] = [
    None,
    Some("gpx"),
    Some("kml"),
    Some("geojson"),
    Some("json"),
    Some("csv"),
    Some("txt"),
    Some("xml"),
    Some("GPX"),
    Some(""),
];

/// What `read_path` does without the file: `detect(extension, bytes)`, then `parse` as the
/// detected format. Input: `[extension, bytes…]`.
pub fn detect(data: &[u8]) {
    let [ext, bytes @ ..] = data else {
        return;
    };
    let ext = EXTENSIONS[*ext as usize % EXTENSIONS.len()];
    if let Ok(format) = import::detect(ext, bytes) {
        import(format, bytes);
    }
}

fn after_import(read: &Imported) {
    let track = &read.track;
    let opts = StatsOptions::default();
    let _ = trackmate_tracks::track_stats(track, &opts);
    let _ = trackmate_tracks::stops(track, &opts);
    let lat = track
        .segments
        .iter()
        .find_map(|s| s.points.first())
        .map_or(0.0, |p| p.lat);
    let _ =
        trackmate_tracks::simplify_track(track, trackmate_tracks::tolerance_for_zoom(12.0, lat));
    let bytes = packed::pack(track);
    let cols = packed::unpack(&bytes).expect("a packed import reads back");
    assert_eq!(
        cols.len(),
        track.segments.iter().map(|s| s.points.len()).sum::<usize>()
    );
    // Export may refuse (coordinates no format can hold) but must not panic.
    let mut out = Vec::new();
    let _ = trackmate_tracks::write(read.format, std::slice::from_ref(track), &mut out);
}

/// `packed::unpack` of arbitrary bytes; what it accepts must be consistent.
pub fn unpack(data: &[u8]) {
    let Ok(cols) = packed::unpack(data) else {
        return;
    };
    let n = cols.len();
    for len in [
        cols.lat.len(),
        cols.lng.len(),
        cols.speed.len(),
        cols.alt.len(),
        cols.heading.len(),
        cols.satellites.len(),
        cols.flags.len(),
    ] {
        assert_eq!(len, n, "column lengths agree");
    }
    assert_eq!(cols.starts.len(), cols.segment_ids.len() + 1);
    assert!(cols.starts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(cols.starts.last().map(|&s| s as usize), Some(n));
}

/// Reads values off the front of the fuzz input; zeros once it runs out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        let k = N.min(self.0.len());
        out[..k].copy_from_slice(&self.0[..k]);
        self.0 = &self.0[k..];
        out
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.take())
    }
    fn opt_f64(&mut self) -> Option<f64> {
        (self.u8() & 1 == 1).then(|| self.f64())
    }
}

/// A track built from the input (any f64 values, NaN included; times anywhere chrono can hold),
/// packed and unpacked: every column must come back as `pack` documents it.
pub fn roundtrip(data: &[u8]) {
    let mut b = Bytes(data);
    let mut segments = Vec::new();
    while !b.0.is_empty() && segments.len() < 64 {
        let head = b.u8();
        let id = (head & 1 == 1).then(|| i64::from_le_bytes(b.take()));
        let count = usize::from(b.u8() % 16);
        let mut points = Vec::with_capacity(count);
        for _ in 0..count {
            let ms = i64::from_le_bytes(b.take()) % 8_000_000_000_000_000;
            let offset = i32::from_le_bytes(b.take()) % 86_400;
            let Some(time) = DateTime::from_timestamp_millis(ms)
                .zip(FixedOffset::east_opt(offset))
                .map(|(t, o)| t.with_timezone(&o))
            else {
                continue;
            };
            let mut p = Point::at(time, b.f64(), b.f64());
            p.alt = b.opt_f64();
            p.speed = b.opt_f64();
            p.heading = b.opt_f64();
            let flags = b.u8();
            p.satellites = (flags & 8 != 0).then(|| u32::from_le_bytes(b.take()));
            p.parking = flags & 1 != 0;
            p.gsm_lbs = flags & 2 != 0;
            p.buffered = flags & 4 != 0;
            points.push(p);
        }
        segments.push(Segment {
            name: None,
            id,
            points,
        });
    }
    let track = Track {
        name: String::new(),
        segments,
    };
    let cols = packed::unpack(&packed::pack(&track)).expect("pack output unpacks");
    assert_eq!(bits(&cols), bits(&expected(&track)), "columns round-trip");
}

/// Every column as raw bits, so that NaN equals NaN.
fn bits(c: &Columns) -> Vec<Vec<u64>> {
    let f64s = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect();
    let f32s = |v: &[f32]| v.iter().map(|x| u64::from(x.to_bits())).collect();
    vec![
        f64s(&c.time),
        f64s(&c.lat),
        f64s(&c.lng),
        f64s(&c.segment_ids),
        f32s(&c.speed),
        f32s(&c.alt),
        f32s(&c.heading),
        c.starts.iter().map(|&x| u64::from(x)).collect(),
        c.satellites.iter().map(|&x| u64::from(x)).collect(),
        c.flags.iter().map(|&x| u64::from(x)).collect(),
    ]
}

/// The columns `pack` documents for `track`, compared bit for bit (NaN is a value here).
fn expected(track: &Track) -> Columns {
    let f32_of = |v: Option<f64>| v.map_or(f32::NAN, |v| v as f32);
    let mut c = Columns::default();
    let mut start = 0u32;
    for s in &track.segments {
        c.segment_ids.push(s.id.map_or(f64::NAN, |v| v as f64));
        c.starts.push(start);
        for p in &s.points {
            c.time.push(p.time.timestamp_millis() as f64);
            c.lat.push(p.lat);
            c.lng.push(p.lng);
            c.speed.push(f32_of(p.speed));
            c.alt.push(f32_of(p.alt));
            c.heading.push(f32_of(p.heading));
            c.satellites
                .push(p.satellites.map_or(255, |v| v.min(254) as u8));
            c.flags
                .push(u8::from(p.parking) | u8::from(p.gsm_lbs) << 1 | u8::from(p.buffered) << 2);
            start += 1;
        }
    }
    c.starts.push(start);
    c
}
