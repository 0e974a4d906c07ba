//! `tracker/*` against the emulator: the fleet, groups, states (chunked), last points, errors.

mod common;
use common::*;
use trackmate_api::*;

#[tokio::test]
async fn the_demo_fleet_lists_with_groups_and_blocked_devices() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let demo = sim.demo();
    let list = c.trackers().list().await.unwrap();
    assert!(list.len() >= 12);
    let blocked = list
        .iter()
        .find(|t| t.id == demo.blocked_tracker_id)
        .expect("blocked tracker is listed");
    assert!(blocked.source.blocked);
    let groups = c.trackers().groups().await.unwrap();
    assert!(groups.len() >= 3);
    assert!(groups.iter().all(|g| g.id != 0));
    assert!(
        list.iter()
            .any(|t| t.group_id != 0 && groups.iter().any(|g| g.id == t.group_id))
    );
    let one = c.trackers().read(list[0].id).await.unwrap();
    assert_eq!(one, list[0]);
    let by_label = c
        .trackers()
        .list_by_labels(&[&list[0].label])
        .await
        .unwrap();
    assert!(by_label.iter().any(|t| t.id == list[0].id));
}

#[tokio::test]
async fn states_report_blocked_and_unknown_ids_instead_of_failing() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let demo = sim.demo();
    let mut ids = demo.tracker_ids.clone();
    ids.push(999_999_999);
    let s = c.trackers().states(&ids).await.unwrap();
    assert!(s.blocked.contains(&demo.blocked_tracker_id));
    assert!(s.not_exist.contains(&999_999_999));
    assert!(s.user_time.is_some());
    for id in &demo.offline_tracker_ids {
        assert_eq!(
            s.states[id].connection_status,
            Some(ConnectionStatus::Offline),
            "tracker {id}"
        );
    }
    let moving = &s.states[&demo.moving_tracker_id];
    assert!(moving.gps.location.is_some());
}

#[tokio::test]
async fn states_are_fetched_in_chunks_of_the_limit() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let ids = sim.demo().tracker_ids;
    let whole = c.trackers().states(&ids).await.unwrap();
    let mut l = c.limits();
    l.states_per_call = 5;
    c.set_limits(l);
    let before = sim.hits("tracker/get_states");
    let chunked = c.trackers().states(&ids).await.unwrap();
    assert_eq!(
        sim.hits("tracker/get_states") - before,
        ids.len().div_ceil(5)
    );
    assert_eq!(chunked.states, whole.states);
    assert_eq!(chunked.blocked, whole.blocked);
}

#[tokio::test]
async fn a_2500_object_fleet_needs_two_state_calls() {
    let sim = sim_with(trackmate_sim::SimConfig {
        scale: Some(trackmate_sim::Scale {
            fleet_size: Some(2500),
            points_in_day: None,
        }),
        ..config()
    })
    .await;
    let c = signed_in(&sim).await;
    let ids: Vec<i64> = c
        .trackers()
        .list()
        .await
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert!(ids.len() >= 2500);
    let s = c.trackers().states(&ids).await.unwrap();
    assert_eq!(sim.hits("tracker/get_states"), ids.len().div_ceil(2000));
    assert_eq!(s.states.len() + s.blocked.len(), ids.len());
}

#[tokio::test]
async fn per_tracker_errors_are_typed() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let demo = sim.demo();
    let e = c
        .trackers()
        .state(demo.blocked_tracker_id)
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(ApiCode::DeviceBlocked));
    assert_eq!(e.api_error().unwrap().http_status, 403);
    let e = c.trackers().read(123_456_789).await.unwrap_err();
    assert_eq!(e.api_code(), Some(ApiCode::NotFound));
    assert_eq!(e.endpoint(), Some("tracker/read"));
    let p = c
        .trackers()
        .last_gps_point(demo.moving_tracker_id)
        .await
        .unwrap();
    assert!(p.left_out.is_empty());
    assert!(p.value.expect("a last point").get_time <= at_now(&c));
    let st = c.trackers().state(demo.moving_tracker_id).await.unwrap();
    assert!(st.gps.location.is_some());
}
