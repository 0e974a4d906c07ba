//! Line simplification for drawing: Douglas–Peucker with a tolerance in metres on the ground,
//! returning the indices of the points to keep (so callers keep their times and speeds), and
//! the zoom → tolerance rule the app and the native viewer share.
//!
//! Distances are measured in a local equirectangular projection chosen per chord (x scaled by
//! the cosine of the chord's mean latitude), which is within a fraction of a percent of the
//! ground distance at the scale where a tolerance of metres matters, unlike Web Mercator metres
//! (off by 1/cos(lat): ×1.6 at 51°). The recursion is an explicit stack: a million points of a
//! pathological line (a spiral) would overflow the thread's stack.

use crate::geodesy::EARTH_RADIUS_M;
use crate::{Point, Track};

/// The Web Mercator (EPSG:3857) equator, metres: the map's scale is defined on it.
const MERCATOR_EQUATOR_M: f64 = 2.0 * std::f64::consts::PI * 6_378_137.0;
/// Web Mercator stops at this latitude (the map is square).
const MERCATOR_MAX_LAT: f64 = 85.051_128_779_806_59;
/// MapLibre's world is 512 CSS pixels wide at zoom 0.
const WORLD_PX_AT_ZOOM_0: f64 = 512.0;

/// The tolerance, in metres, that hides the simplification at `zoom` near latitude `lat`: half
/// a pixel, so no kept line moves by more than that.
///
/// `zoom` is MapLibre's (the world is 512·2^zoom pixels wide); for maps with 256-pixel tiles
/// (Leaflet, OSM raster) pass their zoom minus one. Latitudes beyond Web Mercator's ±85.05°
/// are taken as the limit.
pub fn tolerance_for_zoom(zoom: f64, lat: f64) -> f64 {
    let lat = lat.clamp(-MERCATOR_MAX_LAT, MERCATOR_MAX_LAT);
    let metres_per_px =
        MERCATOR_EQUATOR_M * lat.to_radians().cos() / (WORLD_PX_AT_ZOOM_0 * zoom.exp2());
    metres_per_px / 2.0
}

/// Indices (ascending) of the points of one line to keep so that every dropped point lies
/// within `tolerance_m` metres of the kept line. The first and last points are always kept.
///
/// A tolerance that is negative or NaN counts as 0 (only points exactly on the line go).
pub fn simplify_points(points: &[Point], tolerance_m: f64) -> Vec<u32> {
    simplify_by(
        points.len(),
        |i| (points[i].lat, points[i].lng),
        tolerance_m,
    )
}

/// [`simplify_points`] over every segment of `track`; the indices count points across all
/// segments in order (the numbering of `packed` and of `Stop::point_index`). Each segment's
/// first and last points are kept.
pub fn simplify_track(track: &Track, tolerance_m: f64) -> Vec<u32> {
    let mut out = Vec::new();
    let mut base = 0u32;
    for seg in &track.segments {
        out.extend(
            simplify_points(&seg.points, tolerance_m)
                .into_iter()
                .map(|i| base + i),
        );
        base += seg.points.len() as u32;
    }
    out
}

/// Douglas–Peucker over `n` positions given by `at(i) -> (lat, lng)` in degrees.
pub fn simplify_by(n: usize, at: impl Fn(usize) -> (f64, f64), tolerance_m: f64) -> Vec<u32> {
    if n <= 2 {
        return (0..n as u32).collect();
    }
    let tol = if tolerance_m >= 0.0 { tolerance_m } else { 0.0 };
    // Work in radians on the unit sphere: one scaling of the tolerance instead of n of the points.
    let tol2 = (tol / EARTH_RADIUS_M).powi(2);
    let xy = unwrapped_radians(n, at);
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((i, j)) = stack.pop() {
        if j <= i + 1 {
            continue;
        }
        let (lat_i, lng_i) = xy[i];
        let (lat_j, lng_j) = xy[j];
        let k = ((lat_i + lat_j) / 2.0).cos();
        let (bx, by) = ((lng_j - lng_i) * k, lat_j - lat_i);
        let len2 = bx * bx + by * by;
        let (mut worst, mut worst_at) = (-1.0, i);
        for (m, &(lat, lng)) in xy.iter().enumerate().take(j).skip(i + 1) {
            let (px, py) = ((lng - lng_i) * k, lat - lat_i);
            // Distance to the chord as a segment (not the infinite line), so points beyond its
            // ends (a U-turn) are measured to the nearer end.
            let t = if len2 > 0.0 {
                ((px * bx + py * by) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let (dx, dy) = (px - t * bx, py - t * by);
            let d2 = dx * dx + dy * dy;
            if d2 > worst {
                worst = d2;
                worst_at = m;
            }
        }
        if worst > tol2 {
            keep[worst_at] = true;
            stack.push((worst_at, j));
            stack.push((i, worst_at));
        }
    }
    keep.iter()
        .enumerate()
        .filter(|(_, k)| **k)
        .map(|(i, _)| i as u32)
        .collect()
}

/// (lat, lng) in radians, longitudes unwrapped across the antimeridian so a line from 179.9°
/// to -179.9° is 0.2° long, not 359.8°.
fn unwrapped_radians(n: usize, at: impl Fn(usize) -> (f64, f64)) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(n);
    let mut shift = 0.0;
    let mut prev: Option<f64> = None;
    for i in 0..n {
        let (lat, lng) = at(i);
        if let Some(p) = prev {
            let d = lng - p;
            if d > 180.0 {
                shift -= 360.0;
            } else if d < -180.0 {
                shift += 360.0;
            }
        }
        prev = Some(lng);
        out.push((lat.to_radians(), (lng + shift).to_radians()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_a_pixel_halves_with_each_zoom_and_with_latitude() {
        // 40,075,016.69 m / 512 px / 2 = 39,135.76 m at zoom 0 on the equator.
        assert!((tolerance_for_zoom(0.0, 0.0) - 39_135.758).abs() < 0.01);
        let z15 = tolerance_for_zoom(15.0, 0.0);
        assert!((z15 - 39_135.758 / 32_768.0).abs() < 1e-6, "{z15}");
        assert!((tolerance_for_zoom(15.0, 60.0) - z15 / 2.0).abs() < 1e-9);
        assert_eq!(tolerance_for_zoom(3.0, 95.0), tolerance_for_zoom(3.0, 89.0));
    }

    #[test]
    fn crossing_the_antimeridian_is_a_short_straight_line() {
        let pts = [(0.0, 179.9), (0.0, 179.95), (0.0, -179.98), (0.0, -179.9)];
        assert_eq!(simplify_by(4, |i| pts[i], 1.0), [0, 3]);
    }

    #[test]
    fn nan_or_negative_tolerance_counts_as_zero() {
        let pts = [(0.0, 0.0), (0.001, 0.001), (0.0, 0.002), (0.001, 0.003)];
        assert_eq!(simplify_by(4, |i| pts[i], f64::NAN), [0, 1, 2, 3]);
        assert_eq!(simplify_by(4, |i| pts[i], -1.0), [0, 1, 2, 3]);
        assert_eq!(simplify_by(4, |i| pts[i], f64::INFINITY), [0, 3]);
    }
}
