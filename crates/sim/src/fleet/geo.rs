//! Geometry for the demo fleet: coordinates, distances, bearings, routes and polylines with
//! arc-length lookup (and the speed limits and junctions along them), zone shapes, and the
//! `PathGenerator` seam between the movement model and the map.

use rand::{Rng, RngCore};

/// The emulator's own sphere and haversine, on purpose not `trackmate_tracks::geodesy`: the
/// emulator shares no code with the client side, so tests compare two independent sides.
const EARTH_R: f64 = 6_371_000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

pub const fn ll(lat: f64, lng: f64) -> LatLng {
    LatLng { lat, lng }
}

/// Great-circle distance in metres.
pub fn distance_m(a: LatLng, b: LatLng) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = p2 - p1;
    let dl = (b.lng - a.lng).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_R * h.sqrt().asin()
}

/// Initial bearing from `a` to `b`, degrees clockwise from north in [0, 360).
pub fn bearing_deg(a: LatLng, b: LatLng) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dl = (b.lng - a.lng).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// Moves `p` by metres north/east (flat-earth, fine at city scale).
pub fn offset(p: LatLng, north_m: f64, east_m: f64) -> LatLng {
    ll(
        p.lat + (north_m / EARTH_R).to_degrees(),
        p.lng + (east_m / (EARTH_R * p.lat.to_radians().cos())).to_degrees(),
    )
}

pub fn lerp(a: LatLng, b: LatLng, f: f64) -> LatLng {
    ll(a.lat + (b.lat - a.lat) * f, a.lng + (b.lng - a.lng) * f)
}

/// Smallest absolute difference between two headings, degrees.
pub fn heading_delta(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

/// Local planar metres of `p` relative to `origin` (x east, y north).
fn local_xy(origin: LatLng, p: LatLng) -> (f64, f64) {
    let x = (p.lng - origin.lng).to_radians() * EARTH_R * origin.lat.to_radians().cos();
    let y = (p.lat - origin.lat).to_radians() * EARTH_R;
    (x, y)
}

/// Distance from `p` to segment `a`-`b`, metres.
pub fn segment_distance_m(p: LatLng, a: LatLng, b: LatLng) -> f64 {
    let (ax, ay) = local_xy(p, a);
    let (bx, by) = local_xy(p, b);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (cx * cx + cy * cy).sqrt()
}

/// How an object moves, and so which network it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Drive = 0,
    Walk = 1,
    Cycle = 2,
}

/// A path to follow, with what the road says along it.
#[derive(Clone, Debug, Default)]
pub struct Route {
    pub pts: Vec<LatLng>,
    /// Speed limit of each segment `pts[i] → pts[i + 1]`, km/h; empty when unknown.
    pub limits: Vec<u8>,
    /// Vertices (indices into `pts`) where the route crosses a junction, and whether that
    /// junction has traffic signals.
    pub junctions: Vec<(u32, bool)>,
}

impl Route {
    pub fn line(pts: Vec<LatLng>) -> Route {
        Route {
            pts,
            ..Route::default()
        }
    }
}

/// A route with cumulative arc length, for "where am I after d metres" lookups.
pub struct Polyline {
    pub pts: Vec<LatLng>,
    cum: Vec<f64>,
    /// Bearing of each segment, so the per-second driver loop needs no trigonometry.
    seg_bearing: Vec<f64>,
    /// Arc-length positions of vertices where the route turns sharply (> 50°) with the turn
    /// angle, so the driver model can slow down before corners.
    pub sharp_turns: Vec<(f64, f64)>,
    /// (arc length where it starts, km/h) of each run of equal speed limits; empty = none known.
    pub limits: Vec<(f64, f64)>,
    /// (arc length, has signals) of the junctions on the way.
    pub junctions: Vec<(f64, bool)>,
}

impl Polyline {
    pub fn new(pts: Vec<LatLng>) -> Polyline {
        Polyline::from_route(Route::line(pts))
    }

    pub fn from_route(route: Route) -> Polyline {
        let Route {
            pts: raw,
            limits: raw_limits,
            junctions: raw_junctions,
        } = route;
        // Drop vertices closer than 0.5 m to the previous one; remember where each raw vertex
        // went so limits and junctions stay attached to the right places.
        let mut pts: Vec<LatLng> = Vec::with_capacity(raw.len());
        let mut slot = Vec::with_capacity(raw.len());
        for p in raw {
            if pts.last().is_none_or(|q| distance_m(*q, p) >= 0.5) {
                pts.push(p);
            }
            slot.push(pts.len().saturating_sub(1));
        }
        if pts.is_empty() {
            pts.push(ll(0.0, 0.0));
        }
        let mut cum = Vec::with_capacity(pts.len());
        let mut acc = 0.0;
        cum.push(0.0);
        for w in pts.windows(2) {
            acc += distance_m(w[0], w[1]);
            cum.push(acc);
        }
        let mut sharp_turns = Vec::new();
        for i in 1..pts.len().saturating_sub(1) {
            let turn = heading_delta(
                bearing_deg(pts[i - 1], pts[i]),
                bearing_deg(pts[i], pts[i + 1]),
            );
            if turn > 50.0 {
                sharp_turns.push((cum[i], turn));
            }
        }
        let mut limits: Vec<(f64, f64)> = Vec::new();
        for (i, &kmh) in raw_limits.iter().enumerate() {
            let at = cum[slot[i]];
            if limits.last().is_none_or(|&(_, l)| l != kmh as f64) {
                if limits.last().is_some_and(|&(a, _)| a == at) {
                    limits.pop();
                }
                limits.push((at, kmh as f64));
            }
        }
        let junctions = raw_junctions
            .iter()
            .map(|&(i, signal)| (cum[slot[i as usize]], signal))
            .collect();
        let seg_bearing = pts.windows(2).map(|w| bearing_deg(w[0], w[1])).collect();
        Polyline {
            pts,
            cum,
            seg_bearing,
            sharp_turns,
            limits,
            junctions,
        }
    }

    pub fn length(&self) -> f64 {
        *self.cum.last().unwrap_or(&0.0)
    }

    /// The speed limit at arc length `d`, km/h, when the route knows it.
    pub fn limit_at(&self, d: f64) -> Option<f64> {
        let i = self.limits.partition_point(|&(at, _)| at <= d);
        self.limits.get(i.saturating_sub(1)).map(|&(_, kmh)| kmh)
    }

    /// Position and heading at arc length `d`. `hint` is the segment index of the previous
    /// lookup; lookups along a trip are monotonic, so this stays O(1) amortised.
    pub fn at(&self, d: f64, hint: &mut usize) -> (LatLng, f64) {
        if self.pts.len() == 1 {
            return (self.pts[0], 0.0);
        }
        let d = d.clamp(0.0, self.length());
        let i = self.segment(d, hint);
        let seg = self.cum[i + 1] - self.cum[i];
        let f = if seg > 0.0 {
            (d - self.cum[i]) / seg
        } else {
            0.0
        };
        (lerp(self.pts[i], self.pts[i + 1], f), self.seg_bearing[i])
    }

    /// Heading at arc length `d` (cheap: no interpolation).
    pub fn heading_at(&self, d: f64, hint: &mut usize) -> f64 {
        if self.pts.len() == 1 {
            return 0.0;
        }
        self.seg_bearing[self.segment(d.clamp(0.0, self.length()), hint)]
    }

    fn segment(&self, d: f64, hint: &mut usize) -> usize {
        if *hint >= self.pts.len() - 1 || self.cum[*hint] > d {
            *hint = 0;
        }
        while *hint < self.pts.len() - 2 && self.cum[*hint + 1] < d {
            *hint += 1;
        }
        *hint
    }
}

/// Produces the path an object takes between two points: the seam between the movement
/// model and the map. `RoadPaths` (the real streets) is the demo's; `GridPaths` is a
/// synthetic stand-in with no map.
pub trait PathGenerator: Send + Sync {
    /// A route from `from` to `to`. It may start and end at the nearest points of the network
    /// rather than at `from` and `to` exactly: callers take its ends as the new positions.
    fn route(&self, from: LatLng, to: LatLng, mode: Mode, rng: &mut dyn RngCore) -> Route;

    /// The place nearest to `p` where an object moving by `mode` can stop.
    fn snap(&self, p: LatLng, _mode: Mode) -> LatLng {
        p
    }

    /// A move of a few dozen metres (a vehicle re-parked within its yard).
    fn hop(&self, from: LatLng, _mode: Mode, rng: &mut dyn RngCore) -> Route {
        let dist = rng.gen_range(40.0..90.0);
        let ang = rng.gen_range(0.0..std::f64::consts::TAU);
        Route::line(vec![from, offset(from, dist * ang.cos(), dist * ang.sin())])
    }
}

/// Geofence geometry.
#[derive(Clone, Debug)]
pub enum Shape {
    Circle { center: LatLng, radius: f64 },
    Polygon(Vec<LatLng>),
    Sausage { line: Vec<LatLng>, radius: f64 },
}

impl Shape {
    pub fn contains(&self, p: LatLng) -> bool {
        match self {
            Shape::Circle { center, radius } => distance_m(*center, p) <= *radius,
            Shape::Polygon(ring) => {
                // Even-odd ray casting in lat/lng space; fine for small, convex-ish zones.
                let mut inside = false;
                let n = ring.len();
                for i in 0..n {
                    let (a, b) = (ring[i], ring[(i + n - 1) % n]);
                    if (a.lat > p.lat) != (b.lat > p.lat)
                        && p.lng < (b.lng - a.lng) * (p.lat - a.lat) / (b.lat - a.lat) + a.lng
                    {
                        inside = !inside;
                    }
                }
                inside
            }
            Shape::Sausage { line, radius } => line
                .windows(2)
                .any(|w| segment_distance_m(p, w[0], w[1]) <= *radius),
        }
    }

    /// (north-west, south-east) corners of the bounding box.
    pub fn bounds(&self) -> (LatLng, LatLng) {
        match self {
            Shape::Circle { center, radius } => (
                offset(*center, *radius, -*radius),
                offset(*center, -*radius, *radius),
            ),
            Shape::Polygon(pts) => bounds_of(pts.iter().copied()),
            Shape::Sausage { line, radius } => {
                let (nw, se) = bounds_of(line.iter().copied());
                (offset(nw, *radius, -*radius), offset(se, -*radius, *radius))
            }
        }
    }
}

/// (north-west, south-east) of a set of points.
pub fn bounds_of(pts: impl Iterator<Item = LatLng>) -> (LatLng, LatLng) {
    let mut nw = ll(f64::MIN, f64::MAX);
    let mut se = ll(f64::MAX, f64::MIN);
    for p in pts {
        nw.lat = nw.lat.max(p.lat);
        nw.lng = nw.lng.min(p.lng);
        se.lat = se.lat.min(p.lat);
        se.lng = se.lng.max(p.lng);
    }
    (nw, se)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_bearings() {
        let a = ll(51.1, 71.4);
        let b = offset(a, 1000.0, 0.0);
        assert!((distance_m(a, b) - 1000.0).abs() < 1.0);
        assert!(bearing_deg(a, b) < 0.5 || bearing_deg(a, b) > 359.5);
        let c = offset(a, 0.0, 1000.0);
        assert!((bearing_deg(a, c) - 90.0).abs() < 0.5);
    }

    #[test]
    fn polyline_lookup() {
        let a = ll(51.1, 71.4);
        let line = Polyline::new(vec![a, offset(a, 1000.0, 0.0), offset(a, 1000.0, 1000.0)]);
        assert!((line.length() - 2000.0).abs() < 2.0);
        assert_eq!(line.sharp_turns.len(), 1);
        let mut hint = 0;
        let (p, h) = line.at(1500.0, &mut hint);
        assert!((h - 90.0).abs() < 1.0);
        assert!((distance_m(p, offset(a, 1000.0, 500.0))) < 2.0);
    }

    #[test]
    fn shapes() {
        let c = ll(51.1, 71.4);
        assert!(
            Shape::Circle {
                center: c,
                radius: 100.0
            }
            .contains(offset(c, 50.0, 50.0))
        );
        let sq = Shape::Polygon(vec![
            offset(c, 100.0, -100.0),
            offset(c, 100.0, 100.0),
            offset(c, -100.0, 100.0),
            offset(c, -100.0, -100.0),
        ]);
        assert!(sq.contains(c));
        assert!(!sq.contains(offset(c, 150.0, 0.0)));
        let s = Shape::Sausage {
            line: vec![c, offset(c, 0.0, 1000.0)],
            radius: 50.0,
        };
        assert!(s.contains(offset(c, 40.0, 500.0)));
        assert!(!s.contains(offset(c, 60.0, 500.0)));
    }
}
