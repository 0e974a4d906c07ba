//! Daily schedules per object kind (shift hours, destinations, dwell times) that drive the
//! motion model; a tracker-day is a pure function of (seed, tracker, day).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::catalog::{CENTER, FIRST_CUSTOMER, Kind, PLACES, TRUCK_RUNS, WAREHOUSE, mode_of};
use super::day::{DayData, day_start_ms, mix, weekday};
use super::events::derive_events;
use super::geo::{LatLng, Mode, PathGenerator, Polyline, bearing_deg, distance_m, lerp, offset};
use super::motion::{DayBuilder, TripTrace};
use super::{TrackerMeta, World};

/// Nothing is scheduled to start after this (seconds of day), so trips never cross midnight.
const LAST_DEPARTURE_S: f64 = 21.5 * 3600.0;

/// Client addresses besides the named customers: a fixed list, so the handful of
/// destinations keeps routing cheap (one route tree per destination serves every trip there).
const CLIENTS: usize = 96;

fn client(rng: &mut ChaCha8Rng) -> LatLng {
    use std::sync::OnceLock;
    static POOL: OnceLock<Vec<LatLng>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        let mut r = ChaCha8Rng::seed_from_u64(0xC11E_0001);
        (0..CLIENTS)
            .map(|_| random_near(&mut r, CENTER, 500.0, 6000.0))
            .collect()
    });
    pool[rng.gen_range(0..pool.len())]
}

pub fn generate_day(world: &World, meta: &TrackerMeta, day: i64) -> DayData {
    build_day(world, meta, day, false).0
}

/// The day and, for every trip, its route and noise-free fixes (for tests).
#[cfg(test)]
pub fn generate_day_traced(
    world: &World,
    meta: &TrackerMeta,
    day: i64,
) -> (DayData, Vec<TripTrace>) {
    let (data, trace) = build_day(world, meta, day, true);
    (data, trace.unwrap_or_default())
}

fn build_day(
    world: &World,
    meta: &TrackerMeta,
    day: i64,
    trace: bool,
) -> (DayData, Option<Vec<TripTrace>>) {
    if meta.last_data_day.is_some_and(|last| day > last) {
        return (DayData::default(), trace.then(Vec::new));
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
    b.trace = trace.then(Vec::new);
    if meta.kind == Kind::Beacon {
        beacon_day(&mut b, meta, world.paths.as_ref());
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
    (data, b.trace)
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
    // The logistics park on the airport road is a truck destination, not a city drop.
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
    let mode = mode_of(meta.kind);
    let mut pos = home;
    let mut parked_since = 0.0;
    if works {
        let mut stops = 0;
        while t < shift_end && b.track_count() < 90 {
            let dest = next_destination(b, meta.kind, pos, home);
            let route = Polyline::from_route(paths.route(pos, dest, mode, &mut b.rng));
            if route.length() < 5.0 {
                t += 600.0; // nowhere to go from here: wait and pick again
                continue;
            }
            b.park(pos, parked_since, t);
            let arrive = b.drive(&route, t);
            pos = *route.pts.last().expect("a route has points");
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
                let hop = Polyline::from_route(paths.hop(pos, mode, &mut b.rng));
                if hop.length() >= 5.0 {
                    b.park(pos, parked_since, hop_at);
                    parked_since = b.drive(&hop, hop_at);
                    pos = *hop.pts.last().expect("a route has points");
                }
            }
        }
        if distance_m(pos, home) > 30.0 {
            let t = t.min(LAST_DEPARTURE_S).max(parked_since + 60.0);
            let route = Polyline::from_route(paths.route(pos, home, mode, &mut b.rng));
            b.park(pos, parked_since, t);
            parked_since = b.drive(&route, t);
            pos = *route.pts.last().expect("a route has points");
        }
    }
    b.park(pos, parked_since, 86_400.0);
}

/// Chooses where a kind goes next from `pos` (the route snaps it to the streets).
fn next_destination(b: &mut DayBuilder, kind: Kind, pos: LatLng, home: LatLng) -> LatLng {
    let rng = &mut b.rng;
    match kind {
        Kind::Walker => {
            let dest = random_near(rng, pos, 300.0, 1500.0);
            // Stay within a walkable radius of home.
            if distance_m(dest, home) > 2500.0 {
                lerp(dest, home, 0.6)
            } else {
                dest
            }
        }
        Kind::Bike => {
            let dest = random_near(rng, pos, 1000.0, 4000.0);
            if distance_m(dest, CENTER) > 7000.0 {
                lerp(dest, CENTER, 0.5)
            } else {
                dest
            }
        }
        // The truck shuttles between its warehouse and a customer or an industrial area
        // out of town.
        Kind::Truck if distance_m(pos, PLACES[WAREHOUSE].at) > 500.0 => home,
        Kind::Truck => match rng.gen_range(0..=TRUCK_RUNS.len()) {
            0 => customer(rng),
            k => TRUCK_RUNS[k - 1],
        },
        _ => {
            // Re-draw a destination that is where the vehicle already is.
            let mut dest = pos;
            for _ in 0..8 {
                dest = if rng.gen_bool(0.7) {
                    customer(rng)
                } else {
                    client(rng)
                };
                if distance_m(dest, pos) > 500.0 {
                    break;
                }
            }
            dest
        }
    }
}

/// Interval mode: one fix every ~2 h. On some days the trailer is hauled to a customer and
/// back, so its fixes form clusters at two locations.
fn beacon_day(b: &mut DayBuilder, meta: &TrackerMeta, paths: &dyn PathGenerator) {
    let home = meta.home;
    let hauled = weekday(b.day) < 6 && b.rng.gen_bool(0.5);
    let away = customer(&mut b.rng);
    // Hauled by a truck: its fixes on the way lie on the truck's route.
    let road = Polyline::from_route(paths.route(home, away, Mode::Drive, &mut b.rng));
    let away = *road.pts.last().expect("a route has points");
    let mut hint = 0;
    let mut along = |f: f64, back: bool| {
        let d = if back { 1.0 - f } else { f } * road.length();
        road.at(d, &mut hint).0
    };
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
                along((t - out_a) / (out_b - out_a), false),
                45.0,
                heading_out,
            )
        } else if t < back_a {
            (away, 0.0, heading_out)
        } else {
            let h = (heading_out + 180.0) % 360.0;
            (along((t - back_a) / (back_b - back_a), true), 45.0, h)
        };
        let lbs = b.rng.gen_bool(0.15);
        b.single_report(pos, t, speed, heading, lbs);
    }
}
