//! `history/*` against the emulator: paging past the entry limit, span windows, 212 recovery.

mod common;
use chrono::Duration;
use common::*;
use std::collections::HashSet;
use trackmate_api::*;
use trackmate_sim::SimConfig;

#[tokio::test]
async fn events_are_paged_past_the_server_limit() {
    // A server that lists 10 entries at a time.
    let small = sim_with(SimConfig {
        history_max_limit: 10,
        ..config()
    })
    .await;
    let c = signed_in(&small).await;
    assert_eq!(c.limits().history_max_limit, 10);
    let ids = small.demo().tracker_ids.clone();
    let (from, to) = (days_ago(&c, 3), at_now(&c));
    let paged = c
        .history()
        .tracker_list(&ids, &from, &to, &HistoryOptions::default())
        .await
        .unwrap();
    assert!(
        paged.list.len() > 10,
        "enough events to need pages: {}",
        paged.list.len()
    );
    assert!(small.hits("history/tracker/list") > 1);
    assert!(!paged.limit_exceeded);
    let unique: HashSet<i64> = paged.list.iter().map(|e| e.id).collect();
    assert_eq!(unique.len(), paged.list.len(), "no entry twice");
    assert!(
        paged.list.windows(2).all(|w| w[0].time <= w[1].time),
        "oldest first"
    );

    // The same period from a server with the default page size gives the same entries.
    let sim2 = sim().await;
    let c2 = signed_in(&sim2).await;
    let one = c2
        .history()
        .tracker_list(&ids, &from, &to, &HistoryOptions::default())
        .await
        .unwrap();
    assert!(sim2.hits("history/tracker/list") < small.hits("history/tracker/list"));
    let a: Vec<i64> = paged.list.iter().map(|e| e.id).collect();
    let b: Vec<i64> = one.list.iter().map(|e| e.id).collect();
    assert_eq!(a, b);
    let kinds: HashSet<&str> = one.list.iter().map(|e| e.event.as_str()).collect();
    for k in ["ignition", "speedup", "inzone", "outzone"] {
        assert!(
            kinds.iter().any(|x| x.starts_with(k)),
            "the demo has {k} events: {kinds:?}"
        );
    }
}

#[tokio::test]
async fn a_limit_the_server_refuses_is_lowered() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let mut l = c.limits();
    l.history_max_limit = 5000; // server allows 1000 → 212
    c.set_limits(l);
    let ids = vec![sim.demo().moving_tracker_id];
    let h = c
        .history()
        .tracker_list(
            &ids,
            &days_ago(&c, 2),
            &at_now(&c),
            &HistoryOptions::default(),
        )
        .await
        .unwrap();
    assert!(!h.list.is_empty());
    assert!(c.limits().history_max_limit <= 1000);
}

#[tokio::test]
async fn long_periods_use_windows_of_the_report_span() {
    let sim = sim_with(SimConfig {
        report_max_time_span: Duration::days(2),
        ..config()
    })
    .await;
    let c = signed_in(&sim).await;
    assert_eq!(c.limits().history_max_span, Duration::days(2));
    let ids = vec![sim.demo().moving_tracker_id];
    let h = c
        .history()
        .tracker_list(
            &ids,
            &days_ago(&c, 7),
            &at_now(&c),
            &HistoryOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(sim.hits("history/tracker/list"), 4);
    assert!(!h.list.is_empty());
}

#[tokio::test]
async fn event_filter_and_types() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let ids = vec![sim.demo().moving_tracker_id];
    let opts = HistoryOptions {
        events: Some(vec!["speedup".into()]),
        ..Default::default()
    };
    let h = c
        .history()
        .tracker_list(&ids, &days_ago(&c, 5), &at_now(&c), &opts)
        .await
        .unwrap();
    assert!(h.list.iter().all(|e| e.event == "speedup"));
    let types = c.history().types("en_US").await.unwrap();
    assert!(types.iter().any(|t| t.kind == "speedup"));
}

#[tokio::test]
async fn the_unread_feed_counts_lists_newest_first_and_marks_read() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let h = c.history();
    let count = h.unread_count().await.unwrap();
    let feed = h.unread(Some(50), None).await.unwrap();
    assert!(count > 0, "the demo fleet has unread events");
    assert!(!feed.list.is_empty() && feed.list.len() <= 50);
    assert!(feed.list.len() as u64 <= count);
    assert!(feed.left_out.is_empty(), "{}", feed.left_out);
    assert!(
        feed.list.windows(2).all(|w| w[0].time >= w[1].time),
        "newest first"
    );
    assert!(
        feed.list
            .iter()
            .all(|e| !e.is_read && e.tracker_id.is_some())
    );
    // One read: gone from the feed, the count one lower; read again is 201, which the caller
    // may take as done.
    let first = feed.list[0].id;
    h.mark_read(first).await.unwrap();
    assert_eq!(h.unread_count().await.unwrap(), count - 1);
    let again = h.unread(Some(50), None).await.unwrap();
    assert!(again.list.iter().all(|e| e.id != first));
    let e = h.mark_read(first).await.unwrap_err();
    assert_eq!(e.code(), Some(201), "{e}");
    // All read: nothing left, for a new session of the same user too (the server keeps it).
    h.mark_read_all().await.unwrap();
    assert_eq!(h.unread_count().await.unwrap(), 0);
    let other = signed_in(&sim).await;
    assert!(
        other
            .history()
            .unread(None, None)
            .await
            .unwrap()
            .list
            .is_empty()
    );
}
