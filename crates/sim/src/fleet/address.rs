//! Synthetic but stable street addresses: a pure function of the coordinates, so the same spot
//! always gets the same address without a geocoder.

use super::catalog::{CENTER, STREETS};
use super::geo::{LatLng, distance_m};

/// City blocks are ~550 m north-south and ~560 m east-west; each block edge gets a street.
const LAT_STEP: f64 = 0.005;
const LNG_STEP: f64 = 0.008;

fn pick(band: i64, salt: i64) -> &'static str {
    let h = (band.wrapping_mul(0x9E37_79B9) ^ salt.wrapping_mul(0x85EB_CA6B))
        .rem_euclid(STREETS.len() as i64);
    STREETS[h as usize]
}

pub fn address_for(p: LatLng) -> String {
    let from_center = distance_m(CENTER, p);
    if from_center > 12_000.0 {
        let road = if p.lat < CENTER.lat {
            "Airport road"
        } else {
            "R-4 highway"
        };
        return format!(
            "{road}, km {}, Akmola Region, Kazakhstan",
            (from_center / 1000.0).round() as i64
        );
    }
    let lat_band = (p.lat / LAT_STEP).round();
    let lng_band = (p.lng / LNG_STEP).round();
    let dlat = (p.lat - lat_band * LAT_STEP).abs() / LAT_STEP;
    let dlng = (p.lng - lng_band * LNG_STEP).abs() / LNG_STEP;
    // The nearer grid line names the street; the position along it gives the house number.
    let (street, along) = if dlat < dlng {
        (pick(lat_band as i64, 1), p.lng / LNG_STEP)
    } else {
        (pick(lng_band as i64, 2), p.lat / LAT_STEP)
    };
    let house = ((along.fract().abs() * 60.0) as i64) * 2 + 1 + (p.lat > CENTER.lat) as i64;
    let postcode = if p.lng < 71.43 { "010000" } else { "010010" };
    format!("{street} {house}, Astana {postcode}, Kazakhstan")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::geo::ll;

    #[test]
    fn stable_and_plausible() {
        let a = address_for(ll(51.15, 71.44));
        assert_eq!(a, address_for(ll(51.15, 71.44)));
        assert!(a.contains("Astana"), "{a}");
        assert!(address_for(ll(51.0, 71.46)).contains("Akmola Region"));
    }
}
