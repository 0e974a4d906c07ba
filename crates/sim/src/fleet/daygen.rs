//! Daily schedules per object kind (shift hours, destinations, dwell times) that drive the
//! motion model; a tracker-day is a pure function of (seed, tracker, day).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::catalog::{
    AIRPORT_HIGHWAY, CENTER, EAST_HIGHWAY, FIRST_CUSTOMER, Kind, PLACES, WAREHOUSE,
};
use super::day::{DayData, day_start_ms, mix, weekday};
use super::events::derive_events;
use super::geo::{LatLng, PathGenerator, Polyline, bearing_deg, distance_m, lerp, offset};
use super::motion::DayBuilder;
use super::{TrackerMeta, World};

/// Nothing is scheduled to start after this (seconds of day), so trips never cross midnight.
const LAST_DEPARTURE_S: f64 = 21.5 * 3600.0;

pub fn generate_day(world: &World, meta: &TrackerMeta, day: i64) -> DayData {
    if meta.last_data_day.is_some_and(|last| day > last) {
        return DayData::default();
    }
    let rng = ChaCha8Rng::seed_from_u64(mix(&[world.seed, meta.idx as u64, day as u64]));
    let mut b = DayBuilder::new(
        rng,
        meta.kind,
        day,
        meta.idx,
        day_start_ms(day),
        meta.sample_s,
        meta.lbs_prone,
    );
    if meta.kind == Kind::Beacon {
        beacon_day(&mut b, meta);
    } else {
        // A nightly connection loss now and then (exercises offline/online events).
        if b.rng.gen_bool(0.15) {
            let a = b.rng.gen_range(1.0..3.0) * 3600.0;
            b.gap = Some((a, a + b.rng.gen_range(40.0..120.0) * 60.0));
        }
        driving_day(&mut b, meta, world.paths.as_ref());
    }
    let mut data = b.data;
    let mut offline_at = None;
    if meta.last_data_day == Some(day) {
        offline_at = Some(truncate_last_day(&mut data));
    }
    data.events = derive_events(world, meta, day, &data, b.gap, offline_at);
    data
}

/// The device dies after its second trip: keep 15 minutes of parking, then nothing.
/// Returns the time of the last point (ms).
fn truncate_last_day(data: &mut DayData) -> i64 {
    let keep_tracks = data.tracks.len().min(2);
    let cut = match data.tracks.get(keep_tracks.saturating_sub(1)) {
        Some(t) if keep_tracks > 0 => data.points[t.end as usize - 1].t + 15 * 60_000,
        _ => data.points.first().map_or(0, |p| p.t + 12 * 3_600_000),
    };
    data.tracks.truncate(keep_tracks);
    data.points.retain(|p| p.t <= cut);
    data.points.last().map_or(cut, |p| p.t)
}

fn random_near(rng: &mut ChaCha8Rng, around: LatLng, min_m: f64, max_m: f64) -> LatLng {
    let dist = rng.gen_range(min_m..max_m);
    let ang = rng.gen_range(0.0..std::f64::consts::TAU);
    offset(around, dist * ang.cos(), dist * ang.sin())
}

fn customer(rng: &mut ChaCha8Rng) -> LatLng {
    // The airport terminal is a truck destination, not a city drop.
    PLACES[rng.gen_range(FIRST_CUSTOMER..PLACES.len() - 1)].at
}

struct Plan {
    start_s: f64,
    end_s: f64,
    /// Dwell range at each stop, minutes.
    dwell_min: (f64, f64),
}

fn driving_day(b: &mut DayBuilder, meta: &TrackerMeta, paths: &dyn PathGenerator) {
    let wd = weekday(b.day);
    let home = meta.home;
    let works = match meta.kind {
        _ if meta.always_busy => true,
        Kind::Car => wd < 5 || (wd == 5 && b.rng.gen_bool(0.4)),
        Kind::Truck | Kind::Van | Kind::Walker | Kind::Bike => wd < 6,
        Kind::Beacon | Kind::Scale => false,
    };
    let plan = match meta.kind {
        _ if meta.always_busy => Plan {
            start_s: 7.5,
            end_s: 19.0,
            dwell_min: (8.0, 25.0),
        },
        Kind::Van => Plan {
            start_s: 8.0,
            end_s: 18.5,
            dwell_min: (6.0, 25.0),
        },
        Kind::Car => Plan {
            start_s: 8.5,
            end_s: 18.0,
            dwell_min: (25.0, 90.0),
        },
        Kind::Truck => Plan {
            start_s: 6.5,
            end_s: 17.0,
            dwell_min: (30.0, 60.0),
        },
        Kind::Walker => Plan {
            start_s: 9.5,
            end_s: 17.5,
            dwell_min: (5.0, 20.0),
        },
        _ => Plan {
            start_s: 9.0,
            end_s: 18.0,
            dwell_min: (5.0, 15.0),
        },
    };
    let mut t = (plan.start_s + b.rng.gen_range(0.0..1.0)) * 3600.0;
    let shift_end = (plan.end_s + b.rng.gen_range(0.0..1.5)) * 3600.0;
    let mut pos = home;
    let mut parked_since = 0.0;
    if works {
        let mut stops = 0;
        while t < shift_end && b.track_count() < 90 {
            let (route, dest) = next_leg(b, meta.kind, pos, home, paths);
            b.park(pos, parked_since, t);
            let arrive = b.drive(&route, t);
            pos = dest;
            parked_since = arrive;
            stops += 1;
            let mut dwell = b.rng.gen_range(plan.dwell_min.0..plan.dwell_min.1) * 60.0;
            if stops == 4 {
                dwell += 40.0 * 60.0; // lunch
            }
            t = arrive + dwell;
            // Now and then the vehicle is moved a few metres within the yard: a "trip"
            // that `filter=true` drops as too short.
            if b.rng.gen_bool(0.12) && dwell > 600.0 {
                let hop_at = arrive + dwell / 2.0;
                let to = random_near(&mut b.rng, pos, 40.0, 90.0);
                b.park(pos, parked_since, hop_at);
                let end = b.drive(&Polyline::new(vec![pos, to]), hop_at);
                pos = to;
                parked_since = end;
            }
        }
        if distance_m(pos, home) > 30.0 {
            let t = t.min(LAST_DEPARTURE_S).max(parked_since + 60.0);
            let route = Polyline::new(paths.route(pos, home, &mut b.rng));
            b.park(pos, parked_since, t);
            parked_since = b.drive(&route, t);
        }
    }
    b.park(home, parked_since, 86_400.0);
}

/// Chooses the next destination for a kind and returns the route there.
fn next_leg(
    b: &mut DayBuilder,
    kind: Kind,
    pos: LatLng,
    home: LatLng,
    paths: &dyn PathGenerator,
) -> (Polyline, LatLng) {
    let rng = &mut b.rng;
    let simple =
        |rng: &mut ChaCha8Rng, dest: LatLng| (Polyline::new(paths.route(pos, dest, rng)), dest);
    match kind {
        Kind::Walker => {
            let dest = random_near(rng, pos, 300.0, 1500.0);
            // Stay within a walkable radius of home.
            let dest = if distance_m(dest, home) > 2500.0 {
                lerp(dest, home, 0.6)
            } else {
                dest
            };
            simple(rng, dest)
        }
        Kind::Bike => {
            let dest = random_near(rng, pos, 1000.0, 4000.0);
            let dest = if distance_m(dest, CENTER) > 7000.0 {
                lerp(dest, CENTER, 0.5)
            } else {
                dest
            };
            simple(rng, dest)
        }
        Kind::Truck if distance_m(pos, PLACES[WAREHOUSE].at) > 500.0 => {
            // Back the way it came: along the highway if it is at the end of one.
            for highway in [AIRPORT_HIGHWAY, EAST_HIGHWAY] {
                let end = *highway.last().expect("highway has points");
                if distance_m(pos, end) < 1500.0 {
                    let mut pts = paths.route(pos, end, rng);
                    pts.extend(highway.iter().rev().skip(1));
                    pts.extend(paths.route(highway[0], home, rng).into_iter().skip(1));
                    return (Polyline::new(pts), home);
                }
            }
            simple(rng, home)
        }
        Kind::Truck => {
            let highway: &[LatLng] = match rng.gen_range(0..3) {
                0 => AIRPORT_HIGHWAY,
                1 => EAST_HIGHWAY,
                _ => &[],
            };
            if highway.is_empty() {
                let dest = customer(rng);
                return simple(rng, dest);
            }
            let end = *highway.last().expect("highway has points");
            let dest = random_near(rng, end, 150.0, 400.0);
            let mut pts = paths.route(pos, highway[0], rng);
            pts.extend_from_slice(&highway[1..]);
            pts.extend(paths.route(end, dest, rng).into_iter().skip(1));
            (Polyline::new(pts), dest)
        }
        _ => {
            // Re-draw a destination that is where the vehicle already is.
            let mut dest = pos;
            for _ in 0..8 {
                dest = if rng.gen_bool(0.7) {
                    customer(rng)
                } else {
                    random_near(rng, CENTER, 500.0, 6000.0)
                };
                dest = random_near(rng, dest, 10.0, 40.0);
                if distance_m(dest, pos) > 500.0 {
                    break;
                }
            }
            simple(rng, dest)
        }
    }
}

/// Interval mode: one fix every ~2 h. On some days the trailer is hauled to a customer and
/// back, so its fixes form clusters at two locations.
fn beacon_day(b: &mut DayBuilder, meta: &TrackerMeta) {
    let home = meta.home;
    let hauled = weekday(b.day) < 6 && b.rng.gen_bool(0.5);
    let away = customer(&mut b.rng);
    let (out_a, out_b, back_a, back_b) =
        (11.0 * 3600.0, 11.67 * 3600.0, 15.0 * 3600.0, 15.67 * 3600.0);
    let heading_out = bearing_deg(home, away);
    let mut k = 0.0;
    loop {
        let t = 1800.0 + k * 7200.0 + b.rng.gen_range(-300.0..300.0);
        if t > 86_000.0 {
            break;
        }
        k += 1.0;
        let (pos, speed, heading) = if !hauled || t < out_a || t >= back_b {
            (home, 0.0, heading_out)
        } else if t < out_b {
            (
                lerp(home, away, (t - out_a) / (out_b - out_a)),
                45.0,
                heading_out,
            )
        } else if t < back_a {
            (away, 0.0, heading_out)
        } else {
            let h = (heading_out + 180.0) % 360.0;
            (lerp(away, home, (t - back_a) / (back_b - back_a)), 45.0, h)
        };
        let lbs = b.rng.gen_bool(0.15);
        b.single_report(pos, t, speed, heading, lbs);
    }
}
