//! The track-insight commands through the real IPC path against the embedded demo: statistics
//! and stops of the shown track equal `trackmate_tracks`' own on the same points, point details,
//! export → open round trip (through the dialogs' handles, answered by a scripted picker), the
//! compare slot, events paged from `history/tracker/list`,
//! geofences and places, and the errors of each (no track, wrong extension, unreadable file).

mod common;
#[path = "common/picker.rs"]
mod picker;

use std::sync::Arc;

use common::{app, bytes, last_days, reference, sign_in_args, sim};
use serde_json::json;
use trackmate_api::HistoryOptions;
use trackmate_app::dto::{ObjectList, TripList, UserSummary};
use trackmate_app::dto_insight::{
    EventList, ExportResult, GeoLayer, GeoLayers, LoadTrackRequest, PickedFile, PointDetails, Slot,
    StopKind, TrackSource, TrackSummary,
};
use trackmate_keystore::MemoryStore;
use trackmate_sim::{Fault, FaultRule};
use trackmate_tracks::packed::unpack;
use trackmate_tracks::stats::{self, StatsOptions};

const VAN: i64 = 3010001;

/// Loads the van's track into `slot`: its points as the page holds them, packed.
fn load_packed(
    t: &common::TestApp,
    slot: Slot,
    from: &str,
    to: &str,
    trips: Option<Vec<i64>>,
) -> Vec<u8> {
    let req = LoadTrackRequest {
        object_id: VAN,
        from: from.into(),
        to: to.into(),
        trip_ids: trips,
        name: Some("Van 01".into()),
        slot: Some(slot),
    };
    common::load::page_bytes(&common::load::load_track(t, &req).unwrap().track)
}

fn load(t: &common::TestApp, slot: Slot, from: &str, to: &str, trips: Option<Vec<i64>>) -> usize {
    unpack(&load_packed(t, slot, from, to, trips))
        .unwrap()
        .len()
}

#[test]
fn summary_stops_details_export_and_reopen() {
    let t = app(&Arc::new(MemoryStore::new()));
    let user: UserSummary = t.invoke("start_demo", json!({})).unwrap();
    let (from, to) = last_days(2);

    // Before anything is shown, the slot commands say so.
    let err = t
        .invoke_json("track_summary", json!({"slot": "main"}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input", "{err}");

    let shown = load_packed(&t, Slot::Main, &from, &to, None);
    let n = unpack(&shown).unwrap().len();
    assert!(n > 100, "{n}");
    let s: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert_eq!(s.name, "Van 01");
    assert_eq!(s.source, TrackSource::Server);
    assert_eq!(s.summary.points as usize, n);
    assert!(s.trips.len() >= 2, "{} trips", s.trips.len());

    // The same figures as trackmate-tracks computes on the server's points directly.
    let c = reference(&user.server);
    let tz = c.time_zone();
    let (a, b) = (
        chrono::DateTime::parse_from_rfc3339(&from)
            .unwrap()
            .with_timezone(&tz),
        chrono::DateTime::parse_from_rfc3339(&to)
            .unwrap()
            .with_timezone(&tz),
    );
    let direct = tauri::async_runtime::block_on(async {
        let trips = c
            .tracks()
            .list(VAN, &a, &b, &Default::default())
            .await
            .unwrap()
            .list;
        let points = c
            .tracks()
            .read(VAN, &a, &b, &Default::default())
            .await
            .unwrap()
            .list;
        trackmate_tracks::from_api::track("Van 01", &points, &trips)
    });
    let opts = StatsOptions::default();
    let want = stats::track_stats(&direct, &opts);
    assert!((s.summary.distance_m - want.distance_m).abs() < 1e-6);
    assert_eq!(s.summary.stops as usize, want.stops);
    assert_eq!(s.stops.len(), want.stops);
    assert!((s.summary.moving_s - want.moving_s).abs() < 1e-6);
    assert!(
        s.summary.max_speed_kmh > 20.0,
        "{}",
        s.summary.max_speed_kmh
    );
    assert!(s.stops.iter().any(|x| x.kind == StopKind::Parking));
    // Each stop points at a packed point at its position.
    let first_stop = &s.stops[0];
    assert!((first_stop.point_index as usize) < n);

    // Point details: the address the server gave for that point.
    let d: PointDetails = t
        .invoke(
            "point_details",
            json!({"slot": "main", "index": first_stop.point_index}),
        )
        .unwrap();
    assert_eq!(d.address, first_stop.address);
    let err = t
        .invoke_json("point_details", json!({"slot": "main", "index": n as u32}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");

    // Export to the file chosen in the save dialog: the extension is added; a different one is
    // refused when chosen, and nothing is written.
    let dialogs = picker::install(&t.app);
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("van");
    dialogs.save(Some(base.clone()));
    let target: Option<PickedFile> = t
        .invoke(
            "pick_export_target",
            json!({"format": "gpx", "suggestedName": "Van 01.gpx", "title": "Export", "filterName": "GPX"}),
        )
        .unwrap();
    let target = target.expect("a file was chosen");
    assert_eq!(target.name, "van.gpx");
    let r: ExportResult = t
        .export(
            json!({"slot": "main", "format": "gpx", "handle": target.handle}),
            &shown,
        )
        .unwrap();
    assert!(r.path.ends_with("van.gpx"), "{}", r.path);
    assert_eq!(r.points as usize, n);
    assert_eq!(std::fs::metadata(&r.path).unwrap().len(), r.bytes);
    // The app keeps no copy of the points: the page sends its own. Points that are not the
    // shown track's (cut short, or another period's) are refused, and nothing is written.
    let other = dir.path().join("other.gpx");
    dialogs.save(Some(other.clone()));
    let target: PickedFile = t
        .invoke::<Option<PickedFile>>(
            "pick_export_target",
            json!({"format": "gpx", "suggestedName": "o.gpx", "title": "Export", "filterName": "GPX"}),
        )
        .unwrap()
        .unwrap();
    let args = json!({"slot": "main", "format": "gpx", "handle": target.handle});
    let short = shown[..shown.len() - 1].to_vec();
    let mut moved = unpack(&shown).unwrap();
    moved.starts[1] += 1;
    for bad in [short, common::load::page_bytes(&moved), Vec::new()] {
        let err = t
            .export::<serde_json::Value>(args.clone(), &bad)
            .unwrap_err();
        assert_eq!(err["kind"], "invalid_input", "{err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("Nothing was written"),
            "{err}"
        );
        assert!(!other.exists());
    }
    let wrong = dir.path().join("notes.txt");
    dialogs.save(Some(wrong.clone()));
    let err = t
        .invoke_json(
            "pick_export_target",
            json!({"format": "kml", "suggestedName": "x.kml", "title": "Export", "filterName": "KML"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
    assert!(!wrong.exists());

    // Reopen the export as a file chosen in the open dialog: the same points, distance and stops.
    dialogs.open(Some(vec![r.path.clone().into()]));
    let picked: Vec<PickedFile> = t
        .invoke(
            "pick_track_files",
            json!({"title": "Open", "filterName": "Tracks"}),
        )
        .unwrap();
    assert_eq!(picked.len(), 1);
    let reopened = bytes(
        t.invoke_raw(
            "open_track_file",
            json!({"handle": picked[0].handle, "slot": "main"}),
        )
        .unwrap(),
    );
    assert_eq!(unpack(&reopened).unwrap().len(), n);
    let f: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert_eq!(f.source, TrackSource::File);
    assert!(!f.timeless);
    assert!(
        (f.summary.distance_m - s.summary.distance_m).abs() < 0.5,
        "{} vs {}",
        f.summary.distance_m,
        s.summary.distance_m
    );
    assert_eq!(f.summary.stops, s.summary.stops);

    // A file that is not a track: kind `import`, naming the file.
    let bad = dir.path().join("broken.gpx");
    std::fs::write(&bad, "<gpx><trk><trkseg><trkpt lat=").unwrap();
    dialogs.open(Some(vec![bad.clone()]));
    let picked: Vec<PickedFile> = t
        .invoke(
            "pick_track_files",
            json!({"title": "Open", "filterName": "Tracks"}),
        )
        .unwrap();
    let err = t
        .invoke_json(
            "open_track_file",
            json!({"handle": picked[0].handle, "slot": "main"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "import", "{err}");
    // The failed open left the shown track in place.
    let still: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert_eq!(still.summary.points as usize, n);

    // Sign-out forgets the shown tracks.
    let _: serde_json::Value = t.invoke("sign_out", json!({})).unwrap();
    let err = t
        .invoke_json("track_summary", json!({"slot": "main"}))
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input");
}

#[test]
fn the_compare_slot_is_separate_and_closes() {
    let t = app(&Arc::new(MemoryStore::new()));
    let _: UserSummary = t.invoke("start_demo", json!({})).unwrap();
    let (from, to) = last_days(2);
    let trips: TripList = t
        .invoke(
            "list_trips",
            json!({"objectId": VAN, "from": from, "to": to}),
        )
        .unwrap();
    let ids: Vec<i64> = trips.trips.iter().filter_map(|t| t.id).collect();
    assert!(ids.len() >= 2);
    let a = load(&t, Slot::Main, &from, &to, Some(vec![ids[0]]));
    let b = load(&t, Slot::Compare, &from, &to, Some(vec![ids[1]]));
    let main: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    let cmp: TrackSummary = t
        .invoke("track_summary", json!({"slot": "compare"}))
        .unwrap();
    assert_eq!(main.summary.points as usize, a);
    assert_eq!(cmp.summary.points as usize, b);
    assert_eq!(main.trips[0].id, Some(ids[0]));
    assert_eq!(cmp.trips[0].id, Some(ids[1]));
    let _: serde_json::Value = t.invoke("close_track", json!({"slot": "compare"})).unwrap();
    assert!(
        t.invoke_json("track_summary", json!({"slot": "compare"}))
            .is_err()
    );
    let _: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
}

#[test]
fn events_zones_and_places_match_the_server() {
    let t = app(&Arc::new(MemoryStore::new()));
    let user: UserSummary = t.invoke("start_demo", json!({})).unwrap();
    let (from, to) = last_days(7);
    let ev: EventList = t
        .invoke(
            "list_events",
            json!({"objectId": VAN, "from": from, "to": to}),
        )
        .unwrap();
    assert!(!ev.events.is_empty());
    assert!(!ev.truncated);
    let c = reference(&user.server);
    let tz = c.time_zone();
    let (a, b) = (
        chrono::DateTime::parse_from_rfc3339(&from)
            .unwrap()
            .with_timezone(&tz),
        chrono::DateTime::parse_from_rfc3339(&to)
            .unwrap()
            .with_timezone(&tz),
    );
    let direct = tauri::async_runtime::block_on(c.history().tracker_list(
        &[VAN],
        &a,
        &b,
        &HistoryOptions::default(),
    ))
    .unwrap();
    assert_eq!(ev.events.len(), direct.list.len());
    // Oldest first (one offset: Almaty has no DST, so the strings order as times).
    assert!(ev.events.windows(2).all(|w| w[0].time <= w[1].time));
    assert!(ev.events.iter().any(|e| e.lat.is_some()));
    // The app asks without the tracker-label prefix.
    let list: ObjectList = t.invoke("list_objects", json!({})).unwrap();
    let van = list.objects.iter().find(|o| o.id == VAN).unwrap();
    assert!(ev.events.iter().all(|e| !e.message.starts_with(&van.label)));

    let geo: GeoLayers = t.invoke("list_geo", json!({})).unwrap();
    let zones = tauri::async_runtime::block_on(c.zones().list(true)).unwrap();
    assert_eq!(geo.zones.len(), zones.len());
    use trackmate_app::dto_insight::ZoneKind;
    for kind in [ZoneKind::Circle, ZoneKind::Polygon, ZoneKind::Sausage] {
        assert!(geo.zones.iter().any(|z| z.kind == kind), "no {kind:?} zone");
    }
    assert!(geo.zones.iter().all(|z| {
        z.color
            .as_deref()
            .is_none_or(|c| c.starts_with('#') && c.len() == 7)
    }));
    let places = tauri::async_runtime::block_on(c.places().list()).unwrap();
    assert_eq!(geo.places.len(), places.len());
    assert!(!geo.places.is_empty());
}

#[test]
fn layers_the_server_does_not_offer_are_named_not_failed() {
    // A server installed without the places module answers 112, one without events 111.
    let sim = sim();
    for (code, endpoint) in [(112, "place/list"), (111, "history/tracker/list")] {
        sim.inject(FaultRule {
            fault: Fault::ApiError { code },
            endpoint: Some(endpoint.into()),
            times: None,
        });
    }
    let t = app(&Arc::new(MemoryStore::new()));
    let _: serde_json::Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap();
    let geo: GeoLayers = t.invoke("list_geo", json!({})).unwrap();
    assert_eq!(geo.not_offered, vec![GeoLayer::Places]);
    assert!(geo.places.is_empty());
    assert!(!geo.zones.is_empty(), "geofences still load");
    let (from, to) = last_days(1);
    let ev: EventList = t
        .invoke(
            "list_events",
            json!({"objectId": VAN, "from": from, "to": to}),
        )
        .unwrap();
    assert!(ev.not_offered && ev.events.is_empty());

    // Any other failure of the same endpoint is still an error the user sees.
    sim.clear_faults();
    sim.inject(FaultRule {
        fault: Fault::ApiError { code: 1 },
        endpoint: Some("place/list".into()),
        times: None,
    });
    assert!(t.invoke_json("list_geo", json!({})).is_err());
}

#[test]
fn points_the_server_sends_without_a_position_are_left_out_and_named() {
    // A real server omits null values; a point without `lat` must cost that point, not the track.
    let sim = sim();
    let t = app(&Arc::new(MemoryStore::new()));
    let _: serde_json::Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap();
    // A past period, so the clean load below reads exactly the same points.
    let to = chrono::Utc::now() - chrono::Duration::days(1);
    let (from, to) = (
        (to - chrono::Duration::hours(30)).to_rfc3339(),
        to.to_rfc3339(),
    );
    sim.inject(FaultRule {
        fault: Fault::DropField {
            field: "lat".into(),
        },
        endpoint: Some("track/read".into()),
        times: None,
    });
    let kept = load(&t, Slot::Main, &from, &to, None);
    let summary: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    let [row] = summary.left_out.as_slice() else {
        panic!("one kind left out: {:?}", summary.left_out);
    };
    assert_eq!(
        (row.item.as_str(), row.reason.as_str()),
        ("point", "no_position")
    );
    assert!(row.count >= 1);

    sim.clear_faults();
    let all = load(&t, Slot::Main, &from, &to, None);
    assert_eq!(
        all,
        kept + row.count as usize,
        "only the broken points are missing"
    );
    let summary: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert!(summary.left_out.is_empty());
}
