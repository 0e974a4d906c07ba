//! `track/*` against the emulator: trips, points, window splitting and merging, time zones.

mod common;
use chrono::Duration;
use common::*;
use std::collections::BTreeSet;
use trackmate_api::*;

fn ids(l: &TrackList) -> Vec<i64> {
    l.list.iter().filter_map(TrackInfo::id).collect()
}

#[tokio::test]
async fn trips_and_their_points_line_up() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let (from, to) = (days_ago(&c, 3), at_now(&c));
    let trips = c
        .tracks()
        .list(id, &from, &to, &TrackListOptions::default())
        .await
        .unwrap();
    assert!(!trips.limit_exceeded);
    let regular: Vec<&Trip> = trips
        .list
        .iter()
        .filter_map(|t| {
            if let TrackInfo::Regular(t) = t {
                Some(t)
            } else {
                None
            }
        })
        .collect();
    assert!(regular.len() >= 3, "a moving vehicle makes trips every day");
    for w in regular.windows(2) {
        assert!(w[0].start_date <= w[1].start_date, "trips in order");
    }
    let trip = regular[0];
    assert!(!trip.start_address.is_empty() && !trip.end_address.is_empty());
    assert_eq!(
        trip.start_date.offset().to_string(),
        from.offset().to_string(),
        "times in the user's zone"
    );
    let opts = TrackReadOptions {
        track_id: trip.id,
        ..Default::default()
    };
    let pts = c.tracks().read(id, &from, &to, &opts).await.unwrap().list;
    assert!(pts.len() >= 2);
    assert_eq!(
        Some(pts.len() as u64),
        trip.points,
        "raw points, not simplified"
    );
    assert!(pts.windows(2).all(|w| w[0].get_time <= w[1].get_time));
    assert!(
        pts[0].get_time >= trip.start_date
            && Some(&pts[pts.len() - 1].get_time) <= trip.end_date.as_ref()
    );
    // The server's own default simplifies: asking for it gives fewer points.
    let simple = c
        .tracks()
        .read(
            id,
            &from,
            &to,
            &TrackReadOptions {
                simplify: true,
                point_limit: Some(10),
                ..opts.clone()
            },
        )
        .await
        .unwrap();
    assert!(simple.list.len() < pts.len());
}

#[tokio::test]
async fn a_long_period_is_split_and_merged_without_duplicates() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let (from, to) = (days_ago(&c, 7), at_now(&c));
    let whole = c
        .tracks()
        .list(id, &from, &to, &TrackListOptions::default())
        .await
        .unwrap();
    let before = sim.hits("track/list");
    let mut l = c.limits();
    l.track_max_span = Duration::hours(13); // boundaries fall inside trips
    c.set_limits(l);
    let split = c
        .tracks()
        .list(id, &from, &to, &TrackListOptions::default())
        .await
        .unwrap();
    assert!(sim.hits("track/list") - before >= 13);
    let a = ids(&whole);
    let b = ids(&split);
    assert_eq!(
        b.iter().collect::<BTreeSet<_>>().len(),
        b.len(),
        "no trip twice"
    );
    assert_eq!(a, b);
    // Points: the same points, in order, with none twice.
    let p1 = c
        .tracks()
        .read(id, &from, &to, &TrackReadOptions::default())
        .await
        .unwrap()
        .list;
    l.track_max_span = Duration::days(30);
    c.set_limits(l);
    let p2 = c
        .tracks()
        .read(id, &from, &to, &TrackReadOptions::default())
        .await
        .unwrap()
        .list;
    assert_eq!(p1.len(), p2.len());
    assert!(p1 == p2);
}

#[tokio::test]
async fn a_span_the_server_refuses_is_shrunk_and_remembered() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let mut l = c.limits();
    l.track_max_span = Duration::days(100); // more than the server's 30 days
    c.set_limits(l);
    let (from, to) = (days_ago(&c, 45), at_now(&c));
    let before = sim.hits("track/list");
    let t = c
        .tracks()
        .list(id, &from, &to, &TrackListOptions::default())
        .await
        .unwrap();
    assert!(!t.list.is_empty());
    assert!(c.limits().track_max_span <= sim.config().max_track_span);
    assert!(
        sim.hits("track/list") - before >= 3,
        "refused, shrunk, then fetched"
    );
    // And a span too long with no room to shrink is the server's 211, in words.
    let mut l = c.limits();
    l.track_max_span = Duration::days(100);
    l.min_window = Duration::days(100);
    c.set_limits(l);
    let e = c
        .tracks()
        .list(id, &days_ago(&c, 60), &to, &TrackListOptions::default())
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(ApiCode::TimeSpanTooBig));
    assert!(e.message().contains("shorter period"));
}

#[tokio::test]
async fn periods_beyond_the_storage_period_are_clipped_with_a_flag() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let from = days_ago(&c, sim.config().history_days as i64 + 10);
    let to = days_ago(&c, sim.config().history_days as i64 - 5);
    let t = c
        .tracks()
        .list(id, &from, &to, &TrackListOptions::default())
        .await
        .unwrap();
    assert!(t.limit_exceeded);
    assert!(!t.list.is_empty());
}

#[tokio::test]
async fn merged_and_single_report_kinds() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let demo = sim.demo();
    let (from, to) = (days_ago(&c, 2), at_now(&c));
    let merged = c
        .tracks()
        .list(
            demo.moving_tracker_id,
            &from,
            &to,
            &TrackListOptions {
                split: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(merged.list.len(), 1);
    assert!(matches!(&merged.list[0], TrackInfo::Merged(m) if m.id.is_none()));
    // Some demo device reports in interval mode: single reports, or clusters when asked.
    let mut saw_single = false;
    let mut saw_cluster = false;
    for id in &demo.tracker_ids {
        if *id == demo.blocked_tracker_id {
            continue;
        }
        let l = c
            .tracks()
            .list(*id, &from, &to, &TrackListOptions::default())
            .await
            .unwrap();
        saw_single |= l
            .list
            .iter()
            .any(|t| matches!(t, TrackInfo::SingleReport(_)));
        let l = c
            .tracks()
            .list(
                *id,
                &from,
                &to,
                &TrackListOptions {
                    cluster_single_reports: Some(true),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        saw_cluster |= l
            .list
            .iter()
            .any(|t| matches!(t, TrackInfo::Cluster(c) if !c.points.is_empty()));
    }
    assert!(saw_single && saw_cluster);
}

#[tokio::test]
async fn blocked_trackers_have_no_tracks() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let e = c
        .tracks()
        .list(
            sim.demo().blocked_tracker_id,
            &days_ago(&c, 1),
            &at_now(&c),
            &TrackListOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(ApiCode::DeviceBlocked));
    assert!(e.message().contains("blocked"));
}

#[tokio::test]
async fn to_before_from_is_refused_before_sending() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let e = c
        .tracks()
        .read(
            1,
            &at_now(&c),
            &days_ago(&c, 1),
            &TrackReadOptions::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(sim.hits("track/read"), 0);
}

#[tokio::test]
async fn one_planner_reports_each_window_and_stops_at_a_cancel() {
    use std::sync::Mutex;
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let (from, to) = (days_ago(&c, 3), at_now(&c));
    let whole = c
        .tracks()
        .read(id, &from, &to, &TrackReadOptions::default())
        .await
        .unwrap();
    let seen = Mutex::new(Vec::<WindowProgress>::new());
    let progress = |p: WindowProgress| seen.lock().unwrap().push(p);
    let ctl = ReadControl {
        progress: Some(&progress),
        max_window: Some(Duration::days(1)),
        ..ReadControl::default()
    };
    let span = ReadSpan {
        from,
        to,
        track_id: None,
    };
    let before = sim.hits("track/read");
    let windowed = c
        .tracks()
        .read_spans(id, &[span], &TrackReadOptions::default(), &ctl)
        .await
        .unwrap();
    assert!(
        windowed.list == whole.list,
        "the same points in day windows"
    );
    let seen = seen.into_inner().unwrap();
    assert_eq!(sim.hits("track/read") - before, 3);
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(seen.iter().all(|p| p.total == 3));
    assert_eq!(seen[3].done, 3);
    assert_eq!(seen[3].items, whole.list.len() as u64);
    assert!(seen.windows(2).all(|w| w[0].items <= w[1].items));

    // A cancel after the first window: no second request, and the read says so.
    let cancel = CancellationToken::new();
    let stop = |p: WindowProgress| {
        if p.done == 1 {
            cancel.cancel();
        }
    };
    let ctl = ReadControl {
        cancel: Some(&cancel),
        progress: Some(&stop),
        max_window: Some(Duration::days(1)),
    };
    let before = sim.hits("track/read");
    let e = c
        .tracks()
        .read_spans(id, &[span], &TrackReadOptions::default(), &ctl)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!(e.message(), "Loading was cancelled.");
    assert_eq!(sim.hits("track/read") - before, 1);
}

#[tokio::test]
async fn each_window_reaches_the_caller_once_in_order_also_after_a_refused_span() {
    use std::sync::Mutex;
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let id = sim.demo().moving_tracker_id;
    let max = sim.config().max_track_span;
    // The client believes in longer windows than the server allows: the first window (longer
    // than the server's limit) is refused with 211 while the short one after it, asked at the
    // same time, succeeds; that one is dropped and asked again in the new plan.
    let mut l = c.limits();
    l.track_max_span = Duration::days(400);
    c.set_limits(l);
    let (from, to) = (at_now(&c) - max - Duration::days(5), at_now(&c));
    let ctl = ReadControl {
        max_window: Some(max + Duration::days(2)),
        ..ReadControl::default()
    };
    let span = ReadSpan {
        from,
        to,
        track_id: None,
    };
    let windows = Mutex::new(Vec::<Vec<TrackPoint>>::new());
    let before = sim.hits("track/read");
    let read: PointsInto<Vec<TrackPoint>> = c
        .tracks()
        .read_spans_each(
            id,
            &[span],
            &TrackReadOptions::default(),
            &ctl,
            |w: &Vec<TrackPoint>| windows.lock().unwrap().push(w.clone()),
        )
        .await
        .unwrap();
    let windows = windows.into_inner().unwrap();
    assert!(c.limits().track_max_span <= max, "the refusal was learned");
    // Two asked at once (the second dropped), then the period again in shorter windows.
    let asked = sim.hits("track/read") - before;
    assert!(
        asked > windows.len(),
        "{asked} asked, {} kept",
        windows.len()
    );
    assert!(windows.len() >= 2, "{} windows", windows.len());
    let joined: Vec<TrackPoint> = windows.concat();
    assert!(
        joined == read.points,
        "the windows, one after the other, are the points"
    );
    let whole = c
        .tracks()
        .read(id, &from, &to, &TrackReadOptions::default())
        .await
        .unwrap();
    assert!(!whole.list.is_empty());
    assert!(joined == whole.list, "no window twice, none missing");
}
