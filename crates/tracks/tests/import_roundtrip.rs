//! Export → import round trips: every format gives back every point with its time (to what the
//! format carries) and speed, and GPX/GeoJSON/CSV/JSON the other values they write.

mod common;

use common::{export, sample};
use trackmate_tracks::import::{self, Imported};
use trackmate_tracks::{Format, Point, Segment, Track};

/// The common sample (two tracks, DST both ways, an empty and a one-point segment, missing
/// speeds and altitudes) with a non-Latin address and a point without speed but with heading.
fn crafted() -> Vec<Track> {
    let mut tracks = sample();
    let p = &mut tracks[0].segments[0].points[1];
    p.address = Some("Алматы, пр. Абая 10 — 🚚 ✓".into());
    p.speed = None;
    tracks
}

/// What an import of `tracks` should hold: one track, the non-empty segments in order.
fn expected(tracks: &[Track]) -> Vec<Segment> {
    tracks
        .iter()
        .flat_map(|t| t.segments.iter())
        .filter(|s| !s.points.is_empty())
        .cloned()
        .collect()
}

fn round_trip(format: Format) -> (Vec<Segment>, Imported) {
    let tracks = crafted();
    let text = export(format, &tracks);
    let read =
        import::parse(text.as_bytes(), format).unwrap_or_else(|e| panic!("{format}: {e}\n{text}"));
    assert_eq!(read.format, format);
    assert!(!read.timeless, "{format}");
    assert_eq!(
        read.track.name, tracks[0].name,
        "{format}: the first track's name"
    );
    let want = expected(&tracks);
    let counts = |s: &[Segment]| s.iter().map(|s| s.points.len()).collect::<Vec<_>>();
    assert_eq!(counts(&read.track.segments), counts(&want), "{format}");
    (want, read)
}

fn close(a: Option<f64>, b: Option<f64>, eps: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= eps,
        (a, b) => a == b,
    }
}

/// Applies `check` to each pair (original, imported) of points.
fn each(want: &[Segment], got: &Imported, check: impl Fn(&Segment, &Point, &Point)) {
    for (ws, gs) in want.iter().zip(&got.track.segments) {
        for (w, g) in ws.points.iter().zip(&gs.points) {
            check(ws, w, g);
        }
    }
}

#[test]
fn gpx_keeps_every_value_it_writes() {
    let (want, got) = round_trip(Format::Gpx);
    each(&want, &got, |_, w, g| {
        // GPX times are UTC: the instant survives, the local offset does not.
        assert_eq!(g.time, w.time);
        assert_eq!((g.lat, g.lng), (w.lat, w.lng));
        // Written as m/s, read back as km/h: one rounding each way.
        assert!(close(g.speed, w.speed, 1e-9), "{:?} {:?}", g.speed, w.speed);
        assert_eq!(g.alt, w.alt);
        assert_eq!(g.heading, w.heading);
        assert_eq!(g.satellites, w.satellites);
        assert_eq!(g.precision, w.precision);
        assert_eq!(g.mileage, w.mileage);
        assert_eq!(g.address, w.address);
        assert_eq!(
            (g.parking, g.gsm_lbs, g.buffered),
            (w.parking, w.gsm_lbs, w.buffered)
        );
    });
    for (ws, gs) in want.iter().zip(&got.track.segments) {
        assert_eq!((&gs.name, gs.id), (&ws.name, ws.id));
    }
}

#[test]
fn kml_keeps_points_times_speeds_and_headings() {
    let (want, got) = round_trip(Format::Kml);
    each(&want, &got, |_, w, g| {
        assert_eq!(g.time, w.time);
        assert_eq!((g.lat, g.lng), (w.lat, w.lng));
        assert_eq!(g.speed, w.speed);
        assert_eq!(g.heading, w.heading);
        // gx:coord always has an altitude; ours writes 0 for a missing one.
        assert_eq!(g.alt, Some(w.alt.unwrap_or(0.0)));
    });
}

#[test]
fn geojson_keeps_local_offsets_speeds_headings_altitudes_and_segments() {
    let (want, got) = round_trip(Format::GeoJson);
    each(&want, &got, |ws, w, g| {
        assert_eq!(g.time, w.time);
        assert_eq!(g.time.offset(), w.time.offset(), "the DST offset is kept");
        // RFC 7946 precision: seven decimals.
        assert!((g.lat - w.lat).abs() <= 5e-8 && (g.lng - w.lng).abs() <= 5e-8);
        assert_eq!(g.speed, w.speed);
        assert_eq!(g.heading, w.heading);
        // Altitudes are written only when the whole segment has them.
        let all_alt = ws.points.iter().all(|p| p.alt.is_some());
        let want_alt = w.alt.filter(|_| all_alt);
        assert!(close(g.alt, want_alt, 5e-8), "{:?} {want_alt:?}", g.alt);
    });
    for (ws, gs) in want.iter().zip(&got.track.segments) {
        assert_eq!((&gs.name, gs.id), (&ws.name, ws.id));
    }
}

#[test]
fn csv_keeps_everything_but_segment_names() {
    let (want, got) = round_trip(Format::Csv);
    each(&want, &got, |_, w, g| {
        assert_eq!(g.time.offset(), w.time.offset());
        let g = Point {
            time: w.time,
            ..g.clone()
        };
        assert_eq!(&g, w);
    });
}

#[test]
fn json_is_lossless() {
    let (want, got) = round_trip(Format::Json);
    assert_eq!(got.track.segments, want);
    each(&want, &got, |_, w, g| {
        assert_eq!(g.time.offset(), w.time.offset());
    });
}

#[test]
fn a_written_file_reads_back_through_read_path() {
    let dir = tempfile::tempdir().unwrap();
    let tracks = crafted();
    for format in [
        Format::Gpx,
        Format::Kml,
        Format::GeoJson,
        Format::Csv,
        Format::Json,
    ] {
        let path = dir.path().join(format!("trip.{}", format.extension()));
        trackmate_tracks::write_atomic(&path, |w| trackmate_tracks::write(format, &tracks, w))
            .unwrap();
        let read = trackmate_tracks::read_path(&path).unwrap();
        assert_eq!(read.format, format);
        let n: usize = read.track.segments.iter().map(|s| s.points.len()).sum();
        assert_eq!(n, 8, "{format}");
    }
}
