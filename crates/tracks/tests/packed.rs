//! The packed binary form (`docs/ipc.md`, "Packed points"): round trip, column alignment,
//! the empty track, rejection of damaged input, and speed for a million points.

mod common;

use common::{bare, full, t};
use std::time::Instant;
use trackmate_tracks::packed::{
    FLAG_BUFFERED, FLAG_GSM_LBS, FLAG_PARKING, HEADER_LEN, Layout, SATELLITES_UNKNOWN, UnpackError,
    pack, unpack,
};
use trackmate_tracks::{Point, Segment, Track};

fn seg(id: Option<i64>, points: Vec<Point>) -> Segment {
    Segment {
        name: None,
        id,
        points,
    }
}

fn sample() -> Track {
    Track {
        name: "Van".into(),
        segments: vec![
            seg(
                Some(101),
                vec![
                    full("2024-06-14T08:00:00+05:00", 51.1, 71.4, 1),
                    full("2024-06-14T08:00:10+05:00", 51.2, 71.5, 2),
                    full("2024-06-14T08:00:20+05:00", 51.3, 71.6, 3),
                ],
            ),
            seg(None, vec![]),
            seg(
                None,
                vec![bare(
                    "2024-06-14T09:00:00+05:00",
                    -33.868_819_712_345_68,
                    -151.2,
                )],
            ),
        ],
    }
}

#[test]
fn round_trip_keeps_every_column() {
    let track = sample();
    let c = unpack(&pack(&track)).unwrap();
    assert_eq!(c.len(), 4);
    assert_eq!(c.starts, vec![0, 3, 3, 4]);
    assert_eq!(c.segment_ids[0], 101.0);
    assert!(c.segment_ids[1].is_nan() && c.segment_ids[2].is_nan());

    let points: Vec<&Point> = track.segments.iter().flat_map(|s| &s.points).collect();
    for (i, p) in points.iter().enumerate() {
        assert_eq!(c.time[i], p.time.timestamp_millis() as f64, "time {i}");
        assert_eq!(c.lat[i], p.lat, "lat {i}"); // f64: exact
        assert_eq!(c.lng[i], p.lng, "lng {i}");
        for (col, v) in [
            (&c.speed, p.speed),
            (&c.alt, p.alt),
            (&c.heading, p.heading),
        ] {
            match v {
                Some(v) => assert_eq!(col[i], v as f32, "point {i}"),
                None => assert!(col[i].is_nan(), "point {i}"),
            }
        }
        let sats = p.satellites.map_or(SATELLITES_UNKNOWN, |v| v as u8);
        assert_eq!(c.satellites[i], sats);
        let flags = (if p.parking { FLAG_PARKING } else { 0 })
            | (if p.gsm_lbs { FLAG_GSM_LBS } else { 0 })
            | (if p.buffered { FLAG_BUFFERED } else { 0 });
        assert_eq!(c.flags[i], flags, "flags {i}");
    }
    assert_eq!(
        c.time[0],
        t("2024-06-14T03:00:00Z").timestamp_millis() as f64
    );
    // `full` sets parking on odd i, gsm_lbs on 2, buffered on 3.
    assert_eq!(
        &c.flags[..3],
        &[FLAG_PARKING, FLAG_GSM_LBS, FLAG_PARKING | FLAG_BUFFERED]
    );
}

#[test]
fn header_is_magic_version_counts() {
    let b = pack(&sample());
    assert_eq!(&b[0..4], b"TMPK");
    assert_eq!(u32::from_le_bytes(b[4..8].try_into().unwrap()), 1);
    assert_eq!(u32::from_le_bytes(b[8..12].try_into().unwrap()), 4);
    assert_eq!(u32::from_le_bytes(b[12..16].try_into().unwrap()), 3);
    assert_eq!(b.len(), Layout::new(4, 3).len);
}

#[test]
fn every_column_is_aligned_to_its_element_size() {
    // Odd counts are the ones that would break a naive layout.
    for (n, s) in [(0, 0), (1, 1), (3, 2), (7, 5), (1001, 13), (2, 0)] {
        let l = Layout::new(n, s);
        for (name, off, size) in [
            ("time", l.time, 8),
            ("lat", l.lat, 8),
            ("lng", l.lng, 8),
            ("segment_ids", l.segment_ids, 8),
            ("speed", l.speed, 4),
            ("alt", l.alt, 4),
            ("heading", l.heading, 4),
            ("starts", l.starts, 4),
        ] {
            assert_eq!(off % size, 0, "{name} at {off} for n={n} s={s}");
        }
        assert_eq!(l.time, HEADER_LEN);
        assert_eq!(l.len, HEADER_LEN + 38 * n + 8 * s + 4 * (s + 1));
    }
    // And the bytes really sit there: the first lat of the sample at its offset.
    let b = pack(&sample());
    let l = Layout::new(4, 3);
    assert_eq!(
        f64::from_le_bytes(b[l.lat..l.lat + 8].try_into().unwrap()),
        51.1
    );
    assert_eq!(
        u32::from_le_bytes(b[l.starts + 4..l.starts + 8].try_into().unwrap()),
        3
    );
}

#[test]
fn empty_track_is_header_and_one_start() {
    let b = pack(&Track {
        name: String::new(),
        segments: vec![],
    });
    assert_eq!(b.len(), HEADER_LEN + 4);
    let c = unpack(&b).unwrap();
    assert!(c.is_empty());
    assert_eq!(c.starts, vec![0]);
}

#[test]
fn damaged_input_is_rejected() {
    let b = pack(&sample());
    assert_eq!(unpack(b"nope"), Err(UnpackError::Magic));
    let mut v2 = b.clone();
    v2[4] = 2;
    assert_eq!(unpack(&v2), Err(UnpackError::Version(2)));
    assert!(matches!(
        unpack(&b[..b.len() - 1]),
        Err(UnpackError::Length { .. })
    ));
    let mut bad = b.clone();
    let l = Layout::new(4, 3);
    bad[l.starts + 4..l.starts + 8].copy_from_slice(&9u32.to_le_bytes());
    assert_eq!(unpack(&bad), Err(UnpackError::Starts));
}

#[test]
fn a_million_points_pack_fast() {
    let base = full("2024-06-14T08:00:00+05:00", 51.1, 71.4, 1);
    let n = 1_000_000;
    let per_seg = 1000;
    let segments: Vec<Segment> = (0..n / per_seg)
        .map(|si| {
            let points = (0..per_seg)
                .map(|j| {
                    let i = si * per_seg + j;
                    Point {
                        time: base.time + chrono::Duration::seconds(i as i64),
                        lat: 51.0 + i as f64 * 1e-6,
                        address: None,
                        ..base.clone()
                    }
                })
                .collect();
            seg(Some(si as i64), points)
        })
        .collect();
    let track = Track {
        name: "big".into(),
        segments,
    };
    let start = Instant::now();
    let b = pack(&track);
    let took = start.elapsed();
    assert_eq!(b.len(), Layout::new(n, n / per_seg).len);
    let c = unpack(&b).unwrap();
    assert_eq!(c.len(), n);
    assert_eq!(c.lat[n - 1], 51.0 + (n - 1) as f64 * 1e-6);
    // The budget is for release builds (`cargo test --release`); debug code is ~10× slower.
    if !cfg!(debug_assertions) {
        assert!(took.as_millis() < 100, "pack took {took:?}");
    }
    eprintln!("packed {n} points in {took:?}");
}
