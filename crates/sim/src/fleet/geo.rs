//! Geometry for the demo fleet: coordinates, distances, bearings, polylines with arc-length
//! lookup, zone shapes, and the `PathGenerator` seam that a road-network router can replace.

use rand::{Rng, RngCore};

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

/// A route with cumulative arc length, for "where am I after d metres" lookups.
pub struct Polyline {
    pub pts: Vec<LatLng>,
    cum: Vec<f64>,
    /// Bearing of each segment, so the per-second driver loop needs no trigonometry.
    seg_bearing: Vec<f64>,
    /// Arc-length positions of vertices where the route turns sharply (> 50°) with the turn
    /// angle, so the driver model can slow down before corners.
    pub sharp_turns: Vec<(f64, f64)>,
}

impl Polyline {
    pub fn new(mut pts: Vec<LatLng>) -> Polyline {
        pts.dedup_by(|a, b| distance_m(*a, *b) < 0.5);
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
        let seg_bearing = pts.windows(2).map(|w| bearing_deg(w[0], w[1])).collect();
        Polyline {
            pts,
            cum,
            seg_bearing,
            sharp_turns,
        }
    }

    pub fn length(&self) -> f64 {
        *self.cum.last().unwrap_or(&0.0)
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

/// Produces the path a vehicle takes between two points. The default is a synthetic
/// street-grid router; the real-streets work plugs a road-network router in here.
pub trait PathGenerator: Send + Sync {
    fn route(&self, from: LatLng, to: LatLng, rng: &mut dyn RngCore) -> Vec<LatLng>;
}

/// Manhattan-style routes: one or two corners along north-south / east-west "streets", with
/// gentle waviness so lines do not look ruled. Astana's centre is roughly grid-aligned.
pub struct GridPaths;

impl PathGenerator for GridPaths {
    fn route(&self, from: LatLng, to: LatLng, rng: &mut dyn RngCore) -> Vec<LatLng> {
        if distance_m(from, to) < 200.0 {
            return vec![from, to];
        }
        let lat_first = rng.gen_bool(0.5);
        let mut corners = vec![from];
        if rng.gen_bool(0.5) {
            corners.push(if lat_first {
                ll(to.lat, from.lng)
            } else {
                ll(from.lat, to.lng)
            });
        } else {
            let f = rng.gen_range(0.25..0.75);
            if lat_first {
                let mid = from.lat + (to.lat - from.lat) * f;
                corners.push(ll(mid, from.lng));
                corners.push(ll(mid, to.lng));
            } else {
                let mid = from.lng + (to.lng - from.lng) * f;
                corners.push(ll(from.lat, mid));
                corners.push(ll(to.lat, mid));
            }
        }
        corners.push(to);
        densify(&corners, 250.0, 6.0, rng)
    }
}

/// Inserts vertices every ~`step` metres, displaced sideways by up to `wobble` metres.
pub fn densify(pts: &[LatLng], step: f64, wobble: f64, rng: &mut dyn RngCore) -> Vec<LatLng> {
    let mut out = vec![pts[0]];
    for w in pts.windows(2) {
        let n = (distance_m(w[0], w[1]) / step).ceil().max(1.0) as usize;
        let brg = bearing_deg(w[0], w[1]).to_radians();
        for k in 1..n {
            let p = lerp(w[0], w[1], k as f64 / n as f64);
            let side = rng.gen_range(-wobble..=wobble);
            // Perpendicular to the segment: rotate the bearing by 90°.
            out.push(offset(p, -brg.sin() * side, brg.cos() * side));
        }
        out.push(w[1]);
    }
    out
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
    use rand::SeedableRng;

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

    #[test]
    fn grid_route_connects_endpoints() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let (a, b) = (ll(51.12, 71.40), ll(51.16, 71.46));
        let r = GridPaths.route(a, b, &mut rng);
        assert_eq!(r[0], a);
        assert_eq!(*r.last().unwrap(), b);
        assert!(r.windows(2).all(|w| distance_m(w[0], w[1]) < 300.0));
    }
}
