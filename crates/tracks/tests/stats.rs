//! Statistics against values computed by hand.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use trackmate_tracks::*;

fn t0() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 6, 1, 8, 0, 0)
        .unwrap()
}

/// A point on the equator `lng` degrees east, `s` seconds after t0.
fn p(lng: f64, s: i64, speed: Option<f64>) -> Point {
    Point {
        speed,
        ..Point::at(t0() + Duration::seconds(s), 0.0, lng)
    }
}

/// One degree of longitude on the equator of the haversine sphere.
const DEG_M: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0; // 111,195.08 m

#[test]
fn distance_is_the_great_circle() {
    assert!((distance_m(0.0, 0.0, 0.0, 1.0) - DEG_M).abs() < 1e-6);
    // Quarter of a meridian.
    assert!((distance_m(0.0, 0.0, 90.0, 0.0) - DEG_M * 90.0).abs() < 1e-6);
    assert_eq!(distance_m(51.1, 71.4, 51.1, 71.4), 0.0);
}

#[test]
fn a_trip_with_a_stop() {
    // 0–60 s: 0.01° at 66.7 km/h; 60–180 s: standing (2 min); 180–240 s: 0.01° more.
    let pts = vec![
        p(0.00, 0, Some(0.0)),
        p(0.01, 60, Some(66.0)),
        p(0.01, 120, Some(0.0)),
        p(0.01, 180, Some(1.0)),
        p(0.02, 240, Some(70.0)),
    ];
    let s = points_stats(&pts, &StatsOptions::default());
    assert_eq!(s.points, 5);
    assert!(
        (s.distance_m - 0.02 * DEG_M).abs() < 1e-6,
        "{}",
        s.distance_m
    ); // 2,223.9 m
    assert_eq!(s.duration_s, 240.0);
    assert_eq!(s.moving_s, 120.0);
    assert_eq!(s.stopped_s, 120.0);
    assert_eq!(s.stops, 1);
    assert_eq!(s.max_speed_kmh, 70.0);
    assert!((s.avg_speed_kmh - 0.02 * DEG_M / 240.0 * 3.6).abs() < 1e-9); // 33.36 km/h
    assert!((s.avg_moving_speed_kmh - 0.02 * DEG_M / 120.0 * 3.6).abs() < 1e-9); // 66.72 km/h
}

#[test]
fn short_standstills_are_traffic_and_missing_speeds_are_implied() {
    // No reported speeds: 0.001° (111.2 m) in 10 s is 40.0 km/h; a 30 s wait is not a stop.
    let pts = vec![
        p(0.0, 0, None),
        p(0.001, 10, None),
        p(0.001, 40, None),
        p(0.002, 50, None),
    ];
    let s = points_stats(&pts, &StatsOptions::default());
    assert_eq!(s.stops, 0);
    assert_eq!(s.moving_s, 20.0);
    assert_eq!(s.stopped_s, 30.0);
    assert!((s.max_speed_kmh - 0.001 * DEG_M / 10.0 * 3.6).abs() < 1e-9);
}

#[test]
fn a_period_adds_trips_and_counts_parkings_between_them() {
    let trip = |start: i64, from: f64| Segment {
        name: None,
        id: None,
        points: vec![
            p(from, start, Some(50.0)),
            p(from + 0.01, start + 60, Some(50.0)),
        ],
    };
    let track = Track {
        name: "Van".into(),
        segments: vec![trip(0, 0.0), trip(600, 0.01), trip(630, 0.02)],
    };
    let s = track_stats(&track, &StatsOptions::default());
    assert_eq!(s.points, 6);
    assert!((s.distance_m - 0.03 * DEG_M).abs() < 1e-6);
    assert_eq!(s.duration_s, 690.0);
    assert_eq!(s.moving_s, 180.0);
    // Gaps: 540 s (a parking) and -30 s (overlap, counts as 0).
    assert_eq!(s.stopped_s, 540.0);
    assert_eq!(s.stops, 1);
}

#[test]
fn empty_and_single_points() {
    assert_eq!(
        points_stats(&[], &StatsOptions::default()),
        Stats::default()
    );
    let one = points_stats(&[p(0.0, 0, Some(12.0))], &StatsOptions::default());
    assert_eq!(one.points, 1);
    assert_eq!(one.distance_m, 0.0);
    assert_eq!(one.max_speed_kmh, 12.0);
    assert_eq!(
        track_stats(
            &Track {
                name: String::new(),
                segments: vec![]
            },
            &StatsOptions::default()
        ),
        Stats::default()
    );
}
