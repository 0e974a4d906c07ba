//! The track code's one Earth: the sphere every distance in metres is measured on (the
//! haversine great-circle distance, and the local metres-per-degree scale of the flat
//! approximations in `simplify` and the native viewer). The emulator (`trackmate-sim`) keeps
//! its own on purpose: tests compare two independent sides.

/// Earth's mean radius (IUGG), metres: the haversine distance's sphere.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Metres per degree of latitude on that sphere (111,195.08 m); a degree of longitude is this
/// times the cosine of the latitude.
pub const METRES_PER_DEGREE: f64 = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;

/// Great-circle distance between two WGS 84 positions, in metres.
pub fn distance_m(a_lat: f64, a_lng: f64, b_lat: f64, b_lng: f64) -> f64 {
    let (p1, p2) = (a_lat.to_radians(), b_lat.to_radians());
    let dp = p2 - p1;
    let dl = (b_lng - a_lng).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}
