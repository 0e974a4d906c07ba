//! The stop list on crafted tracks: what is and is not a stop, where and when, and that the list
//! always agrees with `track_stats(..).stops`.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use trackmate_tracks::*;

fn t0() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(5 * 3600)
        .unwrap()
        .with_ymd_and_hms(2024, 6, 1, 8, 0, 0)
        .unwrap()
}

/// A point on the equator `lng` degrees east, `s` seconds after t0.
fn p(lng: f64, s: i64, speed: Option<f64>) -> Point {
    Point {
        speed,
        ..Point::at(t0() + Duration::seconds(s), 0.0, lng)
    }
}

/// Driving east at 72 km/h (200 m every 10 s) from `lng` for `n` points starting at `s`;
/// returns the points and the last one's longitude and second.
fn drive(lng: f64, s: i64, n: i64) -> (Vec<Point>, f64, i64) {
    let step = 200.0 / 111_195.08; // 200 m of longitude on the equator
    let pts = (0..n)
        .map(|i| p(lng + step * i as f64, s + 10 * i, Some(72.0)))
        .collect();
    (pts, lng + step * (n - 1) as f64, s + 10 * (n - 1))
}

/// Standing at `lng` from `s` (exclusive) for `secs`, one point every `every` s at `speed`.
fn stand(lng: f64, s: i64, secs: i64, every: i64, speed: Option<f64>) -> Vec<Point> {
    (1..=secs / every)
        .map(|i| p(lng, s + i * every, speed))
        .collect()
}

fn track(segments: Vec<Vec<Point>>) -> Track {
    Track::from_points("crafted", segments)
}

/// The stops, checked against the statistics' count.
fn checked_stops(t: &Track) -> Vec<Stop> {
    let opts = StatsOptions::default();
    let list = stops(t, &opts);
    assert_eq!(list.len(), track_stats(t, &opts).stops, "{list:#?}");
    list
}

/// Drive, stand `secs` (speed 0), drive: the stop list of that trip.
fn with_standstill(secs: i64) -> (Vec<Stop>, usize, f64) {
    let (mut pts, lng, s) = drive(0.0, 0, 10);
    let arrival = pts.len() - 1;
    pts.extend(stand(lng, s, secs, 10, Some(0.0)));
    let (more, _, _) = drive(lng, s + secs + 10, 10);
    pts.extend(more);
    (checked_stops(&track(vec![pts])), arrival, lng)
}

#[test]
fn a_red_light_is_not_a_stop_but_five_minutes_are() {
    assert!(with_standstill(30).0.is_empty());
    let (list, arrival, lng) = with_standstill(300);
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(s.kind, StopKind::Stop);
    assert_eq!(s.point_index, arrival, "starts where the vehicle arrived");
    assert_eq!((s.lat, s.lng), (0.0, lng));
    assert_eq!(s.start, t0() + Duration::seconds(90));
    assert_eq!(s.end, t0() + Duration::seconds(390));
    assert_eq!(s.duration_s, 300.0);
}

#[test]
fn stops_at_the_very_start_and_the_very_end() {
    // Points at 0..=90 s standing at the origin; driving off from the origin at 100 s (the
    // interval 90..100 s is moving: its end reports 72 km/h).
    let mut pts = stand(0.0, -10, 100, 10, Some(0.0));
    let (d, lng, s) = drive(0.0, 100, 5);
    pts.extend(d);
    pts.extend(stand(lng, s, 120, 20, Some(0.0)));
    let last = pts.len() - 1;
    let list = checked_stops(&track(vec![pts.clone()]));
    assert_eq!(list.len(), 2, "{list:#?}");
    assert_eq!((list[0].point_index, list[0].start), (0, t0()));
    assert_eq!(list[0].duration_s, 90.0);
    assert_eq!(list[1].end, pts[last].time);
    assert_eq!(list[1].duration_s, 120.0);
    assert_eq!(list[1].point_index, last - 6);
}

#[test]
fn jitter_at_2_kmh_while_parked_is_standing() {
    let (mut pts, lng, s) = drive(0.0, 0, 5);
    // Ten minutes of a few metres of GPS jitter, reported at 2 km/h.
    pts.extend((1..=60).map(|i| {
        let jitter = if i % 2 == 0 { 3e-5 } else { -3e-5 };
        p(lng + jitter, s + 10 * i, Some(2.0))
    }));
    let (more, _, _) = drive(lng, s + 610, 5);
    pts.extend(more);
    let list = checked_stops(&track(vec![pts]));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].duration_s, 600.0);
}

#[test]
fn gaps_between_trips_are_parkings_at_the_end_of_the_trip_before() {
    let (mut a, lng, s) = drive(0.0, 0, 5);
    a[4].address = Some("Абая 10, Алматы".into());
    let (b, lng2, s2) = drive(lng, s + 1200, 5); // 20 min later
    let (c, _, _) = drive(lng2, s2 + 30, 5); // 30 s later: not a parking
    let list = checked_stops(&track(vec![a, vec![], b, c]));
    assert_eq!(list.len(), 1);
    let park = &list[0];
    assert_eq!(park.kind, StopKind::Parking);
    assert_eq!(park.point_index, 4, "the last point of the first trip");
    assert_eq!(park.duration_s, 1200.0);
    assert_eq!(park.address.as_deref(), Some("Абая 10, Алматы"));
    assert_eq!((park.lat, park.lng), (0.0, lng));
    let json = serde_json::to_value(park).unwrap();
    assert_eq!(json["kind"], "parking");
    assert_eq!(json["point_index"], 4);
}

#[test]
fn without_speeds_the_implied_speed_decides() {
    let strip = |v: Vec<Point>| v.into_iter().map(|p| Point { speed: None, ..p });
    let (d, lng, s) = drive(0.0, 0, 5);
    let mut pts: Vec<Point> = strip(d).collect();
    pts.extend(stand(lng, s, 180, 30, None));
    let (more, _, _) = drive(lng, s + 190, 5);
    pts.extend(strip(more));
    let list = checked_stops(&track(vec![pts]));
    assert_eq!(list.len(), 1);
    // 180 s of points at the stop, plus the 10 s to the next trip's first point, still there.
    assert_eq!((list[0].point_index, list[0].duration_s), (4, 190.0));
}

#[test]
fn the_list_agrees_with_the_counts_on_a_mixed_period() {
    // Trips with stops inside, at their ends, parkings of various lengths.
    let mut segs = Vec::new();
    let (mut lng, mut s) = (0.0, 0);
    for trip in 0..8i64 {
        let mut pts = Vec::new();
        for leg in 0..4i64 {
            let (d, l, e) = drive(lng, s, 3 + leg);
            pts.extend(d);
            let secs = [20, 60, 61, 600][((trip + leg) % 4) as usize];
            pts.extend(stand(l, e, secs, 10, Some(1.0)));
            lng = l;
            s = e + secs + 10;
        }
        segs.push(pts);
        s += [30, 59, 60, 3600][(trip % 4) as usize];
    }
    let list = checked_stops(&track(segs));
    assert!(list.iter().any(|s| s.kind == StopKind::Parking));
    assert!(
        list.windows(2).all(|w| w[0].start <= w[1].start),
        "time order"
    );
}
