//! JSON writers shared by several endpoints: track points, bounds, decimation.

use crate::fleet::address::address_for;
use crate::fleet::day::{DayData, Point};
use crate::fleet::geo::{LatLng, bounds_of};
use crate::jsonw::Jw;
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

/// One "point info" object (INDEX §2.3).
pub fn point(w: &mut Jw, tf: &TimeFmt, day: &DayData, p: &Point, omit_address: bool) {
    w.obj()
        .kf64("lat", round7(p.lat))
        .kf64("lng", round7(p.lng))
        .ki64("alt", p.alt as i64)
        .ki64("satellites", p.sats as i64)
        .kf64("mileage", round2(p.mileage as f64))
        .kstr("get_time", tf.render_ms(p.t).as_str())
        .kstr("address", if omit_address { "" } else { day.address(p) })
        .ki64("heading", p.heading as i64)
        .ki64("speed", p.speed as i64)
        .ki64("precision", p.precision as i64)
        .kbool("gsm_lbs", p.is_lbs())
        .kbool("parking", p.is_parking())
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
