//! Douglas–Peucker on the ground: what is dropped, what is kept, and the guarantee that every
//! dropped point lies within the tolerance of the kept line (checked on a seeded random walk).

use chrono::{DateTime, Duration};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trackmate_tracks::*;

fn pt(lat: f64, lng: f64) -> Point {
    Point::at(DateTime::UNIX_EPOCH.fixed_offset(), lat, lng)
}

/// Metres per degree of latitude on the mean sphere.
const DEG_M: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

#[test]
fn a_straight_line_keeps_its_two_ends() {
    let line: Vec<Point> = (0..100)
        .map(|i| pt(51.0 + i as f64 * 1e-4, 71.0 + i as f64 * 2e-4))
        .collect();
    assert_eq!(simplify_points(&line, 0.5), [0, 99]);
    assert_eq!(simplify_points(&line[..1], 10.0), [0]);
    assert!(simplify_points(&[], 10.0).is_empty());
}

#[test]
fn a_zigzag_wider_than_the_tolerance_is_kept_and_a_narrower_one_is_not() {
    // East along the equator, every 100 m, alternately `amp` metres north and south.
    let zigzag = |amp: f64| -> Vec<Point> {
        (0..50)
            .map(|i| {
                let side = if i % 2 == 0 { amp } else { -amp };
                pt(side / DEG_M, i as f64 * 100.0 / DEG_M)
            })
            .collect()
    };
    let all: Vec<u32> = (0..50).collect();
    assert_eq!(simplify_points(&zigzag(15.0), 10.0), all);
    assert_eq!(simplify_points(&zigzag(4.0), 10.0), [0, 49]);
}

#[test]
fn each_segment_keeps_its_ends_and_indices_run_across_segments() {
    let seg = |lng0: f64| Segment {
        name: None,
        id: None,
        points: (0..10).map(|i| pt(0.0, lng0 + i as f64 * 1e-3)).collect(),
    };
    let track = Track {
        name: "t".into(),
        segments: vec![
            seg(0.0),
            seg(1.0),
            Segment {
                points: vec![],
                ..seg(0.0)
            },
            seg(2.0),
        ],
    };
    assert_eq!(simplify_track(&track, 1.0), [0, 9, 10, 19, 20, 29]);
}

/// A seeded walk: a vehicle turning gradually, speeding up and slowing, with GPS noise.
fn random_walk(n: usize, seed: u64) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut lat, mut lng, mut heading, mut speed) = (51.1f64, 71.4f64, 0.0f64, 10.0f64);
    let t0 = DateTime::parse_from_rfc3339("2024-06-01T08:00:00+05:00").unwrap();
    (0..n)
        .map(|i| {
            heading += rng.gen_range(-0.3..0.3);
            speed = (speed + rng.gen_range(-1.0..1.0)).clamp(0.0, 30.0);
            lat += speed * heading.cos() / DEG_M;
            lng += speed * heading.sin() / (DEG_M * lat.to_radians().cos());
            let mut noise = || rng.gen_range(-2.0..2.0) / DEG_M;
            let mut p = pt(lat + noise(), lng + noise());
            p.time = t0 + Duration::seconds(i as i64);
            p
        })
        .collect()
}

/// Ground distance (m) from `p` to the segment a–b, in a plane tangent at `p` (a different
/// projection from the one `simplify` uses, so the check is independent of it).
fn distance_to_segment(p: &Point, a: &Point, b: &Point) -> f64 {
    let k = p.lat.to_radians().cos();
    let xy = |q: &Point| ((q.lng - p.lng) * k * DEG_M, (q.lat - p.lat) * DEG_M);
    let ((ax, ay), (bx, by)) = (xy(a), xy(b));
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (ax + t * dx).hypot(ay + t * dy)
}

#[test]
fn every_dropped_point_is_within_the_tolerance_of_the_kept_line() {
    let pts = random_walk(20_000, 7);
    for tol in [1.0, 5.0, tolerance_for_zoom(14.0, 51.1), 200.0] {
        let kept = simplify_points(&pts, tol);
        assert_eq!(kept.first(), Some(&0));
        assert_eq!(kept.last(), Some(&(pts.len() as u32 - 1)));
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "ascending");
        // Tolerances above the GPS noise must actually thin the line.
        if tol >= 5.0 {
            assert!(kept.len() < pts.len() / 2, "{tol} m kept {}", kept.len());
        }
        let mut worst: f64 = 0.0;
        for w in kept.windows(2) {
            let (a, b) = (&pts[w[0] as usize], &pts[w[1] as usize]);
            for p in &pts[w[0] as usize + 1..w[1] as usize] {
                worst = worst.max(distance_to_segment(p, a, b));
            }
        }
        // Both projections agree to far better than 0.1% over a chord of a few km.
        assert!(
            worst <= tol * 1.001 + 1e-3,
            "tolerance {tol} m: a point {worst} m away"
        );
        assert!(
            worst > tol * 0.5,
            "tolerance {tol} m barely used: {worst} m"
        );
    }
}
