//! Statistics, stops and simplification of a 1,000,000-point track (target: statistics +
//! simplification ≤ 200 ms in release), and reading it back from files. Prints BENCHMARKS.md
//! rows.
//! Run: `cargo bench -p trackmate-tracks --bench simplify`.
//!
//! The track is a seeded random walk shaped like a vehicle's day logged every second: trips of
//! 20–60 minutes that turn gradually, speed up and slow down, stand at lights and stops (with
//! GPS jitter), and pauses between trips.

use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trackmate_tracks::{
    Format, Point, Segment, StatsOptions, Track, import, simplify_track, stops, tolerance_for_zoom,
    track_stats, write,
};

const POINTS: usize = 1_000_000;
const DEG_M: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

fn point(time: DateTime<FixedOffset>, lat: f64, lng: f64, speed: f64) -> Point {
    Point {
        alt: Some(350.0),
        speed: Some(speed),
        satellites: Some(9),
        ..Point::at(time, lat, lng)
    }
}

fn random_walk() -> Track {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let mut t = DateTime::parse_from_rfc3339("2024-06-01T06:00:00+05:00").unwrap();
    let (mut lat, mut lng, mut heading) = (51.1f64, 71.4f64, 0.0f64);
    let mut segments = Vec::new();
    let mut total = 0;
    while total < POINTS {
        let len = rng.gen_range(1200..3600).min(POINTS - total);
        let mut points = Vec::with_capacity(len);
        let (mut speed, mut standing) = (0.0f64, 0u32);
        for _ in 0..len {
            if standing > 0 {
                standing -= 1;
                speed = rng.gen_range(0.0..2.0); // jitter while standing, km/h
            } else {
                if rng.gen_bool(0.002) {
                    standing = rng.gen_range(20..300); // a light or a stop
                }
                heading += rng.gen_range(-0.15..0.15);
                speed = (speed + rng.gen_range(-4.0..4.5)).clamp(0.0, 110.0);
                let m = speed / 3.6;
                lat += m * heading.cos() / DEG_M;
                lng += m * heading.sin() / (DEG_M * lat.to_radians().cos());
            }
            let noise = rng.gen_range(-1.5..1.5) / DEG_M;
            points.push(point(t, lat + noise, lng - noise, speed));
            t += Duration::seconds(1);
        }
        total += len;
        segments.push(Segment {
            name: None,
            id: Some(segments.len() as i64),
            points,
        });
        t += Duration::seconds(rng.gen_range(60..7200)); // parked between trips
    }
    Track {
        name: "bench".into(),
        segments,
    }
}

/// Best of `runs` wall times in ms, and the last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        best = best.min(start.elapsed().as_secs_f64() * 1e3);
        out = Some(r);
    }
    (best, out.expect("runs > 0"))
}

fn main() {
    let track = random_walk();
    let opts = StatsOptions::default();
    let n: usize = track.segments.iter().map(|s| s.points.len()).sum();
    assert_eq!(n, POINTS);
    let lat = track.segments[0].points[0].lat;

    println!(
        "| what (1,000,000 points, {} trips) | kept points | time |",
        track.segments.len()
    );
    println!("|---|---:|---:|");
    let (stats_ms, stats) = best(5, || track_stats(&track, &opts));
    println!(
        "| `track_stats` ({:.0} km, {} stops) | - | {stats_ms:.1} ms |",
        stats.distance_m / 1000.0,
        stats.stops
    );
    let (stops_ms, list) = best(5, || stops(&track, &opts));
    assert_eq!(list.len(), stats.stops);
    println!("| `stops` (the list) | - | {stops_ms:.1} ms |");
    let mut worst_total: f64 = 0.0;
    for zoom in [10.0, 14.0, 18.0] {
        let tol = tolerance_for_zoom(zoom, lat);
        let (ms, kept) = best(5, || simplify_track(&track, tol));
        println!(
            "| `simplify_track`, zoom {zoom} (tolerance {tol:.2} m) | {} | {ms:.1} ms |",
            kept.len()
        );
        worst_total = worst_total.max(stats_ms + ms);
    }
    println!("| statistics + simplification, slowest zoom | - | **{worst_total:.1} ms** |");

    // Reading the same track back from files, for scale (not part of the target).
    for format in [Format::Gpx, Format::GeoJson, Format::Csv] {
        let mut bytes = Vec::new();
        write(format, std::slice::from_ref(&track), &mut bytes).unwrap();
        let (ms, read) = best(3, || import::parse(&bytes, format).unwrap());
        let n: usize = read.track.segments.iter().map(|s| s.points.len()).sum();
        assert_eq!(n, POINTS);
        println!(
            "| `import::parse`, {format} ({:.0} MB) | - | {ms:.0} ms |",
            bytes.len() as f64 / 1e6
        );
        // The libraries our readers stand in for, on the same bytes (the reason we keep ours).
        let library = match format {
            Format::Gpx => Some((
                "the `gpx` crate (`gpx::read`)",
                best(3, || {
                    let g = gpx::read(bytes.as_slice()).unwrap();
                    g.tracks
                        .iter()
                        .flat_map(|t| &t.segments)
                        .map(|s| s.points.len())
                        .sum::<usize>()
                }),
            )),
            Format::GeoJson => Some((
                "the `geojson` crate (`GeoJson::from_str`)",
                best(3, || {
                    let text = std::str::from_utf8(&bytes).unwrap();
                    match text.parse::<geojson::GeoJson>().unwrap() {
                        geojson::GeoJson::FeatureCollection(fc) => fc.features.len(),
                        _ => 0,
                    }
                }),
            )),
            _ => None,
        };
        if let Some((name, (ms, n))) = library {
            assert!(n > 0);
            println!("| {name}, the same {format} | - | {ms:.0} ms |");
        }
    }
}
