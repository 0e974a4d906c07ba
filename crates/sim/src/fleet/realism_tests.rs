//! The demo fleet on the real streets: every trip's fixes lie on the roads of its mode, drives
//! never go against a one-way street, speeds keep to the limits, and history is a pure
//! function of the seed.

use chrono::{DateTime, Utc};

use super::catalog::{Kind, TRUCK_RUNS, mode_of};
use super::day::{DayData, TrackKind, day_of_ms};
use super::daygen::{generate_day, generate_day_traced};
use super::geo::{Mode, distance_m};
use super::motion::TripTrace;
use super::roads::tests::{assert_legal, nearest_road, road_distance_m};
use super::{Fleet, TrackerMeta};

/// GPS noise is bounded by ~7 m per axis; the check allows twice the typical error.
const NOISE_BOUND_M: f64 = 15.0;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-06-18T09:30:00Z")
        .unwrap()
        .to_utc()
}

/// A sample of days: this week, and one from three weeks ago.
fn sample_days() -> Vec<i64> {
    let today = day_of_ms(now().timestamp_millis());
    vec![
        today - 1,
        today - 2,
        today - 3,
        today - 5,
        today - 6,
        today - 20,
    ]
}

fn traced(fleet: &Fleet, t: &TrackerMeta, day: i64) -> (DayData, Vec<TripTrace>) {
    generate_day_traced(&fleet.world, t, day)
}

#[test]
fn trip_fixes_stay_on_the_streets() {
    let fleet = Fleet::new(42, now(), None, None);
    let mut checked = 0;
    for t in fleet.trackers.iter().filter(|t| t.kind != Kind::Beacon) {
        let mode = mode_of(t.kind);
        for day in sample_days() {
            let data = fleet.day(t.idx, day);
            for tr in data
                .tracks
                .iter()
                .filter(|tr| tr.kind == TrackKind::Regular)
            {
                for p in data.track_points(tr).iter().filter(|p| !p.is_lbs()) {
                    let d = road_distance_m(p.pos(), mode);
                    assert!(
                        d <= NOISE_BOUND_M,
                        "{} day {day}: {p:?} is {d:.1} m off",
                        t.label
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20_000, "{checked}");
}

#[test]
fn parked_objects_wait_at_the_kerb() {
    let fleet = Fleet::new(42, now(), None, None);
    for t in fleet.trackers.iter().filter(|t| !t.lbs_prone) {
        let mode = mode_of(t.kind);
        assert!(
            road_distance_m(t.home, mode) < 1.0,
            "{} sleeps off the road",
            t.label
        );
        for day in sample_days() {
            let data = fleet.day(t.idx, day);
            for p in data.points.iter().filter(|p| p.is_parking()) {
                assert!(
                    road_distance_m(p.pos(), mode) <= NOISE_BOUND_M,
                    "{}: {p:?}",
                    t.label
                );
            }
        }
    }
}

#[test]
fn places_and_truck_runs_sit_by_the_streets() {
    let fleet = Fleet::new(42, now(), None, None);
    let paths = &fleet.world.paths;
    for p in &fleet.places {
        let kerb = paths.snap(p.at, Mode::Drive);
        let d = distance_m(p.at, kerb);
        assert!(
            d <= p.radius as f64,
            "{}: the street is {d:.0} m away",
            p.label
        );
    }
    for &run in TRUCK_RUNS {
        assert!(
            distance_m(run, paths.snap(run, Mode::Drive)) < 5.0,
            "{run:?}"
        );
    }
}

#[test]
fn drives_never_go_against_a_one_way_street() {
    let fleet = Fleet::new(42, now(), None, None);
    let mut routes = 0;
    for t in &fleet.trackers {
        for day in sample_days() {
            let (_, trips) = traced(&fleet, t, day);
            for trip in &trips {
                assert_eq!(trip.mode, mode_of(t.kind));
                if trip.route.len() >= 2 {
                    assert_legal(&trip.route, trip.mode);
                    routes += (trip.mode == Mode::Drive) as usize;
                }
            }
        }
    }
    assert!(routes > 500, "{routes}");
}

#[test]
fn speeds_keep_to_the_limits() {
    let fleet = Fleet::new(42, now(), None, None);
    let (mut with_limit, mut within, mut over_limit) = (0usize, 0usize, 0usize);
    for t in &fleet.trackers {
        for day in sample_days() {
            let (data, trips) = traced(&fleet, t, day);
            let regular = data
                .tracks
                .iter()
                .filter(|tr| tr.kind == TrackKind::Regular);
            for (tr, trip) in regular.zip(&trips) {
                let pts = data.track_points(tr);
                assert_eq!(pts.len(), trip.fixes.len());
                for (p, &(clean, limit)) in pts.iter().zip(&trip.fixes) {
                    let kmh = p.speed as f64;
                    // The noise-free position is where the fix was taken.
                    assert!(distance_m(clean, p.pos()) < 10.0);
                    match (trip.mode, limit) {
                        (Mode::Drive, Some(l)) => {
                            with_limit += 1;
                            within += (kmh <= l * 1.15 + 5.0) as usize;
                            over_limit += (kmh > l) as usize;
                            assert!(kmh <= l * 1.3 + 10.0, "{}: {kmh} km/h where {l}", t.label);
                            assert!(kmh <= 100.0, "{}: {kmh}", t.label);
                        }
                        (Mode::Drive, None) => panic!("{}: a drive without limits", t.label),
                        (Mode::Walk, _) => assert!(kmh <= 7.0, "{}: {kmh}", t.label),
                        (Mode::Cycle, _) => assert!(kmh <= 25.0, "{}: {kmh}", t.label),
                    }
                }
            }
        }
    }
    assert!(with_limit > 10_000, "{with_limit}");
    assert!(
        within * 100 >= with_limit * 99,
        "{within}/{with_limit} within the limit"
    );
    // Below the limit most of the time, above it now and then.
    assert!(
        over_limit * 100 <= with_limit * 10,
        "{over_limit}/{with_limit} over"
    );
    assert!(over_limit > 0);
}

#[test]
fn tracing_does_not_change_the_day() {
    let fleet = Fleet::new(42, now(), None, None);
    for t in &fleet.trackers {
        let day = sample_days()[0];
        let plain = generate_day(&fleet.world, t, day);
        let (traced, _) = traced(&fleet, t, day);
        assert_eq!(plain.points, traced.points, "{}", t.label);
    }
}

fn digest(fleet: &Fleet) -> Vec<(usize, f64, f64, i64)> {
    let today = day_of_ms(now().timestamp_millis());
    let mut out = Vec::new();
    for t in &fleet.trackers {
        for day in today - 30..=today {
            let d = fleet.day(t.idx, day);
            let (lat, lng) = d
                .points
                .iter()
                .fold((0.0, 0.0), |(a, b), p| (a + p.lat, b + p.lng));
            out.push((d.points.len(), lat, lng, d.points.last().map_or(0, |p| p.t)));
        }
    }
    out
}

#[test]
fn same_seed_same_month_other_seed_differs() {
    let a = digest(&Fleet::new(42, now(), None, None));
    let b = digest(&Fleet::new(42, now(), None, None));
    let c = digest(&Fleet::new(7, now(), None, None));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_scale_tracker_laps_real_streets() {
    let fleet = Fleet::new(42, now(), None, Some(2_000));
    let t = fleet.scale_tracker().unwrap();
    let day = fleet.day(t.idx, 0);
    assert_eq!(day.points.len(), 2_000);
    for p in &day.points {
        assert!(road_distance_m(p.pos(), Mode::Drive) < 1.0, "{p:?}");
    }
}

#[test]
fn the_courier_walks_mostly_on_footways() {
    use super::roads::{FOOTWAY, PATH};
    let g = super::roads::graph();
    let fleet = Fleet::new(42, now(), None, None);
    let walker = fleet
        .trackers
        .iter()
        .find(|t| t.kind == Kind::Walker)
        .unwrap();
    let (mut on_foot, mut total) = (0.0, 0.0);
    for day in sample_days() {
        for trip in traced(&fleet, walker, day).1 {
            for w in trip.route.windows(2) {
                let len = distance_m(w[0], w[1]);
                let mid = super::geo::lerp(w[0], w[1], 0.5);
                let (_, e) = nearest_road(mid, Mode::Walk).unwrap();
                total += len;
                if matches!(g.edges[e as usize].class, FOOTWAY | PATH) {
                    on_foot += len;
                }
            }
        }
    }
    assert!(total > 10_000.0, "{total}");
    assert!(
        on_foot / total > 0.5,
        "{:.0}% on footways",
        on_foot / total * 100.0
    );
}
