//! JSON writers shared by several endpoints: track points, bounds, decimation.

use crate::fleet::address::address_for;
use crate::fleet::day::{DayData, Point};
use crate::fleet::geo::{LatLng, bounds_of};
use crate::jsonw::{Jw, jkey};
use crate::timefmt::TimeFmt;

pub fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn latlng(w: &mut Jw, p: LatLng) {
    w.obj()
        .kf64("lat", round7(p.lat))
        .kf64("lng", round7(p.lng))
        .end_obj();
}

pub fn bounds(w: &mut Jw, pts: impl Iterator<Item = LatLng>) {
    let (nw, se) = bounds_of(pts);
    w.key("bounds").obj().key("nw");
    latlng(w, nw);
    w.key("se");
    latlng(w, se);
    w.end_obj();
}

/// The stored address of a fix, or a synthesized one when the window cut a trip so that its
/// first/last visible point is not the stored trip end.
pub fn address_of(day: &DayData, p: &Point, omit: bool) -> String {
    if omit {
        return String::new();
    }
    match day.address(p) {
        "" => address_for(p.pos()),
        a => a.to_string(),
    }
}

/// One "point info" object (INDEX §2.3). Keys as literals: a million-point reply writes
/// thirteen million of them.
pub fn point(w: &mut Jw, tf: &TimeFmt, day: &DayData, p: &Point, omit_address: bool) {
    w.obj()
        .key_json(jkey!("lat"))
        .f64(round7(p.lat))
        .key_json(jkey!("lng"))
        .f64(round7(p.lng))
        .key_json(jkey!("alt"))
        .i64(p.alt as i64)
        .key_json(jkey!("satellites"))
        .i64(p.sats as i64)
        .key_json(jkey!("mileage"))
        .f64(round2(p.mileage as f64))
        .key_json(jkey!("get_time"))
        .str(tf.render_ms(p.t).as_str())
        .key_json(jkey!("address"))
        .str(if omit_address { "" } else { day.address(p) })
        .key_json(jkey!("heading"))
        .i64(p.heading as i64)
        .key_json(jkey!("speed"))
        .i64(p.speed as i64)
        .key_json(jkey!("precision"))
        .i64(p.precision as i64)
        .key_json(jkey!("gsm_lbs"))
        .bool(p.is_lbs())
        .key_json(jkey!("parking"))
        .bool(p.is_parking())
        .end_obj();
}

/// Evenly spaced indices keeping the first and last: the simplifier's point budget.
pub fn decimate(n: usize, limit: usize) -> Vec<usize> {
    if n <= limit || limit < 2 {
        return (0..n).collect();
    }
    (0..limit).map(|k| k * (n - 1) / (limit - 1)).collect()
}

/// Great-circle length of a run of fixes, km.
pub fn length_km(pts: &[&Point]) -> f64 {
    pts.windows(2)
        .map(|w| crate::fleet::geo::distance_m(w[0].pos(), w[1].pos()))
        .sum::<f64>()
        / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimation_keeps_ends() {
        let d = decimate(1000, 5);
        assert_eq!(d, vec![0, 249, 499, 749, 999]);
        assert_eq!(decimate(3, 5), vec![0, 1, 2]);
    }
}
