//! `ColumnTrack`, the app's kept form of a server track: it packs byte for byte as `packed::pack`
//! packs the same points, gives its points back (times with their offsets across DST changes,
//! addresses, flags) within the packed form's limits, and windows appended one after another
//! read as one.

mod common;

use common::sample;
use trackmate_tracks::packed::{pack, unpack};
use trackmate_tracks::{ColumnTrack, Point, PointColumns, Segment, Track};

/// `t` without its empty segments (a `ColumnTrack` has no place for them).
fn without_empty(t: &Track) -> Track {
    Track {
        name: t.name.clone(),
        segments: t
            .segments
            .iter()
            .filter(|s| !s.points.is_empty())
            .cloned()
            .collect(),
    }
}

/// `p` as the columns give it back: speeds, altitudes, headings and precision are f32 there, read
/// back as the f32's shortest decimal form, so a value of up to seven significant digits (as a
/// file or the server writes them) comes back exactly as it was.
fn as_packed(p: &Point) -> Point {
    let f32ed = |v: Option<f64>| {
        v.map(|v| {
            let seven: f64 = format!("{v:.6e}").parse().unwrap();
            if seven == v {
                v
            } else {
                (v as f32).to_string().parse().unwrap()
            }
        })
    };
    Point {
        speed: f32ed(p.speed),
        alt: f32ed(p.alt),
        heading: f32ed(p.heading),
        precision: f32ed(p.precision),
        ..p.clone()
    }
}

#[test]
fn packs_as_packed_packs_the_same_points() {
    for t in sample() {
        let c = ColumnTrack::from(&t);
        assert_eq!(c.pack(), pack(&without_empty(&t)), "{}", t.name);
        assert_eq!(
            unpack(&c.pack()).unwrap().len(),
            c.len(),
            "the layout is whole"
        );
    }
    let empty = ColumnTrack::default();
    assert_eq!(
        empty.pack(),
        pack(&Track {
            name: String::new(),
            segments: vec![]
        })
    );
}

/// A window of a track being read (`PointColumns::pack`) packs as the same points in one
/// segment with no trip id.
#[test]
fn a_window_packs_as_one_segment_without_an_id() {
    for t in sample() {
        let c = ColumnTrack::from(&t);
        let one = Track {
            name: String::new(),
            segments: vec![Segment {
                name: None,
                id: None,
                points: c
                    .to_track()
                    .segments
                    .into_iter()
                    .flat_map(|s| s.points)
                    .collect(),
            }],
        };
        let w = unpack(&c.points.pack()).unwrap();
        assert_eq!(c.points.pack(), pack(&one), "{}", t.name);
        assert_eq!(
            (w.len(), w.starts.clone()),
            (c.len(), vec![0, c.len() as u32])
        );
        assert!(w.segment_ids.len() == 1 && w.segment_ids[0].is_nan());
    }
}

#[test]
fn gives_its_points_back() {
    for t in sample() {
        let c = ColumnTrack::from(&t);
        let back = c.to_track();
        let want = without_empty(&t);
        assert_eq!(back.name, want.name);
        assert_eq!(back.segments.len(), want.segments.len());
        let mut i = 0;
        for (a, b) in back.segments.iter().zip(&want.segments) {
            assert_eq!((&a.name, a.id), (&b.name, b.id));
            for (p, q) in a.points.iter().zip(&b.points) {
                assert_eq!(*p, as_packed(q), "point {i}");
                // The offset the time was read with, not only the instant.
                assert_eq!(p.time.to_rfc3339(), q.time.to_rfc3339(), "point {i}");
                assert_eq!(c.points.point(i), *p);
                assert_eq!(c.points.time_at(i), p.time);
                assert_eq!(c.points.address(i), p.address.as_deref());
                i += 1;
            }
        }
        assert_eq!(i, c.len());
    }
}

#[test]
fn windows_appended_read_as_one() {
    let t = &sample()[0];
    let points: Vec<Point> = t.segments.iter().flat_map(|s| s.points.clone()).collect();
    let mut whole = PointColumns::default();
    points.iter().for_each(|p| whole.push(p));
    for cut in 0..=points.len() {
        let (mut a, mut b) = (PointColumns::default(), PointColumns::default());
        points[..cut].iter().for_each(|p| a.push(p));
        points[cut..].iter().for_each(|p| b.push(p));
        a.append(b);
        // `Debug`, as NaN (unknown) is not `==` to itself.
        assert_eq!(format!("{a:?}"), format!("{whole:?}"), "cut at {cut}");
    }
    // One run per offset change (+1, +2 after spring forward, +1 after fall back), whatever
    // the windows.
    assert_eq!(whole.offsets, vec![(0, 3600), (2, 7200), (5, 3600)]);
}

#[test]
fn a_track_of_one_segment_gives_back_every_point() {
    let t = Track {
        name: "one".into(),
        segments: vec![Segment {
            name: Some("trip".into()),
            id: Some(3),
            points: sample()[0].segments[0].points.clone(),
        }],
    };
    let c = ColumnTrack::from(&t);
    assert_eq!(c.points.points(1..3), c.to_track().segments[0].points[1..3]);
    assert!(c.points.points(2..2).is_empty());
}

#[test]
fn its_statistics_and_stops_are_those_of_its_points() {
    use trackmate_tracks::stats::{
        StatsOptions, fixes_stats, runs_stats, runs_stops, segment_stats, stops, track_stats,
    };
    // Two trips with a standstill each, a parking between them, a few addresses.
    let start = common::t("2024-06-14T08:00:00+05:00");
    let trip = |from: i64, id: i64| Segment {
        name: Some(format!("trip {id}")),
        id: Some(id),
        points: (0..600)
            .map(|k| {
                let standing = (200..350).contains(&k);
                let mut p = Point::at(
                    start + chrono::Duration::seconds(from + k),
                    51.1 + (k.min(200) + (k - 350).max(0)) as f64 * 1e-4,
                    71.4,
                );
                p.speed = Some(if standing { 0.0 } else { 36.0 });
                p.address = (k % 250 == 0).then(|| format!("stop {k}"));
                p
            })
            .collect(),
    };
    let track = Track {
        name: "Van".into(),
        segments: vec![trip(0, 1), trip(3600, 2)],
    };
    let c = ColumnTrack::from(&track);
    let opts = StatsOptions::default();
    assert_eq!(runs_stats(c.runs(), &opts), track_stats(&track, &opts));
    for (i, seg) in track.segments.iter().enumerate() {
        assert_eq!(fixes_stats(&c.run(i), &opts), segment_stats(seg, &opts));
    }
    let (ours, theirs) = (runs_stops(c.runs(), &opts), stops(&track, &opts));
    assert_eq!(ours, theirs);
    assert_eq!(ours.len(), 3, "two stops and a parking: {ours:?}");
}
