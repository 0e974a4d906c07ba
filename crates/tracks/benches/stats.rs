//! Time of `track_stats` over 1,000,000 points in 100 trips (target: ≤ 200 ms, issue 4).
//! Run: `cargo bench -p trackmate-tracks --bench stats`.

use chrono::{Duration, FixedOffset, TimeZone};
use std::time::Instant;
use trackmate_tracks::{Point, Segment, StatsOptions, Track, track_stats};

fn main() {
    let t0 = FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 6, 1, 0, 0, 0)
        .unwrap();
    let segments = (0..100)
        .map(|s| Segment {
            name: None,
            id: Some(s),
            points: (0..10_000)
                .map(|i| {
                    let n = s * 10_000 + i;
                    Point {
                        alt: Some(350.0),
                        speed: Some((n % 90) as f64),
                        satellites: Some(9),
                        ..Point::at(
                            t0 + Duration::milliseconds(n * 86),
                            51.1 + (n as f64 * 1e-5).sin() * 0.05,
                            71.4 + (n as f64 * 1e-5).cos() * 0.05,
                        )
                    }
                })
                .collect(),
        })
        .collect();
    let track = Track {
        name: "bench".into(),
        segments,
    };
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let s = track_stats(&track, &StatsOptions::default());
        best = best.min(t.elapsed().as_secs_f64());
        assert_eq!(s.points, 1_000_000);
    }
    println!(
        "| track_stats, 1,000,000 points in 100 trips | {:.1} ms (best of 5) |",
        best * 1e3
    );
}
