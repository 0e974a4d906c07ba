//! The one server-track loader against the emulator over loopback: a period loads every point
//! the server reads with a segment per trip and progress per window; chosen trips load exactly
//! their points; a trip the period does not have is reported before any point is read; a
//! cancel ends the load.

use chrono::{Duration, TimeZone, Utc};
use std::sync::Mutex;
use trackmate_api::{
    CancellationToken, Client, ReadControl, Time, TrackListOptions, TrackReadOptions,
    WindowProgress,
};
use trackmate_sim::{SimConfig, SimServer};
use trackmate_tracks::load::{self, LoadError, LoadRequest, TripSpan};

struct Setup {
    sim: SimServer,
    client: Client,
    van: i64,
    from: Time,
    to: Time,
}

async fn setup() -> Setup {
    let now = Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0).unwrap();
    let sim = SimServer::start(SimConfig {
        now: Some(now),
        rate_limit_per_sec: None,
        ..SimConfig::default()
    })
    .await
    .expect("emulator starts");
    let demo = sim.demo();
    let client = Client::sign_in(&sim.url(), &demo.login, &demo.password)
        .await
        .unwrap();
    let tz = client.time_zone();
    Setup {
        van: demo.moving_tracker_id,
        from: (now - Duration::days(2)).with_timezone(&tz),
        to: now.with_timezone(&tz),
        sim,
        client,
    }
}

fn request<'a>(s: &Setup, trips: Option<&'a [i64]>, trip_span: TripSpan) -> LoadRequest<'a> {
    LoadRequest {
        tracker_id: s.van,
        name: "Van 01",
        from: s.from,
        to: s.to,
        trips,
        trip_span,
    }
}

async fn points_read(s: &Setup, from: &Time, to: &Time, trip: Option<i64>) -> usize {
    let opts = TrackReadOptions {
        track_id: trip,
        ..TrackReadOptions::default()
    };
    let read = s.client.tracks().read(s.van, from, to, &opts).await;
    read.unwrap().list.len()
}

#[tokio::test]
async fn a_period_loads_every_point_with_a_segment_per_trip_and_progress_per_window() {
    let s = setup().await;
    let seen = Mutex::new(Vec::<WindowProgress>::new());
    let report = |p: WindowProgress| seen.lock().unwrap().push(p);
    let ctl = ReadControl {
        progress: Some(&report),
        max_window: Some(Duration::hours(24)),
        ..ReadControl::default()
    };
    let loaded = load::load(&s.client, &request(&s, None, TripSpan::Own), &ctl)
        .await
        .unwrap();
    assert_eq!(loaded.points, points_read(&s, &s.from, &s.to, None).await);
    assert!(loaded.points > 100, "{} points", loaded.points);
    let in_track: usize = loaded.track.segments.iter().map(|g| g.points.len()).sum();
    assert_eq!(in_track, loaded.points, "no point is lost converting");
    assert_eq!(loaded.track.name, "Van 01");
    let trips = s
        .client
        .tracks()
        .list(s.van, &s.from, &s.to, &TrackListOptions::default())
        .await
        .unwrap();
    assert_eq!(loaded.trips_listed, trips.list.len());
    let seg_ids: Vec<i64> = loaded.track.segments.iter().filter_map(|g| g.id).collect();
    for id in trips.list.iter().filter_map(|t| t.id()) {
        assert!(seg_ids.contains(&id), "trip {id} missing from {seg_ids:?}");
    }
    let seen = seen.into_inner().unwrap();
    let total = seen[0].total;
    assert!(total >= 2, "two days in windows of a day: {seen:?}");
    assert_eq!(
        seen.len() as u32,
        total + 1,
        "before the first and after each"
    );
    assert_eq!(seen.last().unwrap().items as usize, loaded.points);
    assert!(
        loaded.left_out().is_empty(),
        "the emulator sends only usable points"
    );
    s.sim.shutdown().await;
}

#[tokio::test]
async fn chosen_trips_load_exactly_their_points_one_segment_each() {
    let s = setup().await;
    let trips = s
        .client
        .tracks()
        .list(s.van, &s.from, &s.to, &TrackListOptions::default())
        .await
        .unwrap();
    let chosen: Vec<i64> = trips
        .list
        .iter()
        .filter_map(|t| t.id())
        .skip(1)
        .take(2)
        .collect();
    assert_eq!(chosen.len(), 2);
    let mut expected = 0;
    for &id in &chosen {
        expected += points_read(&s, &s.from, &s.to, Some(id)).await;
    }
    for span in [TripSpan::Own, TripSpan::Period] {
        let req = request(&s, Some(&chosen), span);
        let loaded = load::load(&s.client, &req, &ReadControl::default())
            .await
            .unwrap();
        assert_eq!(loaded.points, expected, "{span:?}");
        let ids: Vec<Option<i64>> = loaded.track.segments.iter().map(|g| g.id).collect();
        assert_eq!(ids, chosen.iter().map(|&i| Some(i)).collect::<Vec<_>>());
    }
    s.sim.shutdown().await;
}

#[tokio::test]
async fn a_trip_the_period_does_not_have_is_reported_before_reading() {
    let s = setup().await;
    let ids = [987_654_321];
    let plan = load::plan(&s.client, &request(&s, Some(&ids), TripSpan::Period))
        .await
        .unwrap();
    assert_eq!(plan.missing(), &ids);
    let plan = load::plan(&s.client, &request(&s, None, TripSpan::Period))
        .await
        .unwrap();
    assert!(plan.missing().is_empty());
    s.sim.shutdown().await;
}

#[tokio::test]
async fn a_cancel_ends_the_load_as_cancelled() {
    let s = setup().await;
    let cancel = CancellationToken::new();
    cancel.cancel();
    let ctl = ReadControl {
        cancel: Some(&cancel),
        ..ReadControl::default()
    };
    let err = load::load(&s.client, &request(&s, None, TripSpan::Own), &ctl)
        .await
        .unwrap_err();
    assert!(matches!(err, LoadError::Cancelled), "{err:?}");
    s.sim.shutdown().await;
}
