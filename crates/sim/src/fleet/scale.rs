//! Scale mode's benchmark day: N fixes in the 24 hours before "now", one continuous trip
//! round a loop of real streets (depot → warehouse → office → depot). Positions are
//! closed-form in time, so a million points take milliseconds in a release build.

use super::address::address_for;
use rand::SeedableRng;

use super::catalog::{DEPOT, OFFICE, PLACES, WAREHOUSE};
use super::day::{DayData, NO_ADDR, Point, Track, TrackKind, day_of_ms, track_id};
use super::geo::{Mode, PathGenerator, Polyline};
use super::motion::alt_at;

const DAY_MS: i64 = 86_400_000;

pub fn scale_day(paths: &dyn PathGenerator, idx: u32, n: u64, start_ms: i64) -> DayData {
    // Routing takes no randomness; the generator only needs one to call.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
    let stops = [DEPOT, WAREHOUSE, OFFICE, DEPOT].map(|i| PLACES[i].at);
    let mut loop_pts = Vec::new();
    for w in stops.windows(2) {
        let leg = paths.route(w[0], w[1], Mode::Drive, &mut rng).pts;
        let skip = usize::from(!loop_pts.is_empty());
        loop_pts.extend(leg.into_iter().skip(skip));
    }
    let ring = Polyline::new(loop_pts);
    let lap = ring.length();
    let mut data = DayData {
        points: Vec::with_capacity(n as usize),
        ..DayData::default()
    };
    let mut hint = 0usize;
    let (v0, dv, period) = (40.0 / 3.6, 12.0 / 3.6, 900.0);
    let w = std::f64::consts::TAU / period;
    for i in 0..n {
        let t_ms = start_ms + (i as i128 * DAY_MS as i128 / n as i128) as i64;
        let s = (t_ms - start_ms) as f64 / 1000.0;
        // Speed oscillates 28–52 km/h; distance is its exact integral.
        let d = v0 * s + dv / w * (1.0 - (w * s).cos());
        let speed = (v0 + dv * (w * s).sin()) * 3.6;
        let (p, heading) = ring.at(d.rem_euclid(lap), &mut hint);
        data.points.push(Point {
            t: t_ms,
            lat: p.lat,
            lng: p.lng,
            mileage: (d / 1000.0) as f32,
            alt: alt_at(p).round() as i16,
            speed: speed.round() as u16,
            heading: (heading.round() as u16) % 360,
            precision: 5,
            sats: 12,
            flags: 0,
            addr: NO_ADDR,
        });
    }
    let len = data.points.len();
    if len > 0 {
        data.addresses.push(address_for(data.points[0].pos()));
        data.addresses.push(address_for(data.points[len - 1].pos()));
        data.points[0].addr = 0;
        data.points[len - 1].addr = 1;
        data.tracks.push(Track {
            id: track_id(day_of_ms(start_ms), idx, 0),
            kind: TrackKind::Regular,
            start: 0,
            end: len as u32,
        });
    }
    data
}
