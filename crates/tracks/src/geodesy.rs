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
    let h = small_sin(dp / 2.0).powi(2) + p1.cos() * p2.cos() * small_sin(dl / 2.0).powi(2);
    2.0 * EARTH_RADIUS_M * small_asin(h.sqrt().min(1.0))
}

/// Below this (radians; 6.4 km of arc) the series below are exact to the last bits of an
/// `f64`: the first term they leave out is under 1e-19 of the result (`asin`'s; `sin`'s under
/// 1e-21), where an `f64` holds 16 digits.
const SMALL: f64 = 1e-3;

/// `x.sin()`, by its series when `x` is small. Consecutive fixes are metres apart, so nearly
/// every step of a track takes this way; statistics and stops measure every step of a
/// million-point file, and the C library's `sin`, `cos` and `asin` were ~6% of the CPU the
/// viewer spent from reading such a file to showing it (BENCHMARKS.md).
#[inline]
fn small_sin(x: f64) -> f64 {
    if x.abs() < SMALL {
        let x2 = x * x;
        x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0))
    } else {
        x.sin()
    }
}

/// `y.asin()` for `0 ≤ y ≤ 1`, by its series when `y` is small (see [`small_sin`]).
#[inline]
fn small_asin(y: f64) -> f64 {
    if y < SMALL {
        let y2 = y * y;
        y * (1.0 + y2 / 6.0 * (1.0 + y2 * 9.0 / 20.0))
    } else {
        y.asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook haversine, every term from the C library.
    fn reference(a_lat: f64, a_lng: f64, b_lat: f64, b_lng: f64) -> f64 {
        let (p1, p2) = (a_lat.to_radians(), b_lat.to_radians());
        let (dp, dl) = (p2 - p1, (b_lng - a_lng).to_radians());
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }

    #[test]
    fn the_series_give_the_libraries_distance_to_the_last_bits() {
        // Steps from a millimetre to across the Earth, at every latitude, both ways round the
        // antimeridian; a simple generator, so the cases are the same every run.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut series = 0;
        for _ in 0..200_000 {
            let (lat, lng) = (next() * 180.0 - 90.0, next() * 360.0 - 180.0);
            let reach = 10f64.powf(next() * 11.0 - 8.0); // 1e-8 .. 1000 degrees
            let (dlat, dlng) = ((next() - 0.5) * reach, (next() - 0.5) * reach);
            let (blat, blng) = ((lat + dlat).clamp(-90.0, 90.0), lng + dlng);
            let (got, want) = (
                distance_m(lat, lng, blat, blng),
                reference(lat, lng, blat, blng),
            );
            assert!(
                (got - want).abs() <= want * 1e-15 + 1e-12,
                "{lat},{lng} → {blat},{blng}: {got} m, the library's {want} m"
            );
            series += usize::from(((blat - lat).to_radians() / 2.0).abs() < SMALL);
        }
        // Both ways were taken, many times each.
        assert!((50_000..150_000).contains(&series), "{series}");
    }

    #[test]
    fn known_distances() {
        assert_eq!(distance_m(51.5, -0.1, 51.5, -0.1), 0.0);
        // A degree of latitude, and half the Earth's circumference.
        assert!((distance_m(10.0, 20.0, 11.0, 20.0) - METRES_PER_DEGREE).abs() < 1e-6);
        let half = EARTH_RADIUS_M * std::f64::consts::PI;
        assert!((distance_m(0.0, 0.0, 0.0, 180.0) - half).abs() < 1e-6);
        // A metre's step is a metre (to a micrometre), where the series are used.
        let m = 1.0 / METRES_PER_DEGREE;
        assert!((distance_m(45.0, 7.0, 45.0 + m, 7.0) - 1.0).abs() < 1e-6);
    }
}
