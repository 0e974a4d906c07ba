//! The web view reaches only the files the user chose: the dialogs are Rust's (scripted here),
//! the page gets opaque handles, and a path, a forged or unknown handle, or a handle chosen for
//! something else is refused with a typed error (`not_picked`) and touches no file. Dropped
//! files become handles for opening only.

mod common;
#[path = "common/picker.rs"]
mod picker;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use common::{app, bytes};
use serde_json::{Value, json};
use tauri::Listener;
use trackmate_app::dto_insight::{ExportResult, PickedFile, TrackSummary};
use trackmate_keystore::MemoryStore;
use trackmate_tracks::{Format, Point, Segment, Track};

/// A small GPX track file in `dir`.
fn track_file(dir: &Path, name: &str) -> PathBuf {
    let t0 = chrono::DateTime::parse_from_rfc3339("2024-05-01T08:00:00+05:00").unwrap();
    let points = (0..20)
        .map(|i| Point {
            // A file's decimals (kept as f32 while shown) are written back as they were.
            alt: Some(123.4),
            speed: Some(47.3),
            ..Point::at(
                t0 + chrono::Duration::seconds(10 * i),
                43.2 + i as f64 * 1e-4,
                76.9,
            )
        })
        .collect();
    let track = Track {
        name: "=cmd|' /C calc'!A0".into(),
        segments: vec![Segment {
            name: None,
            id: None,
            points,
        }],
    };
    let path = dir.join(name);
    trackmate_tracks::write_atomic(&path, |w| trackmate_tracks::write(Format::Gpx, &[track], w))
        .unwrap();
    path
}

fn pick_open(t: &common::TestApp) -> Vec<PickedFile> {
    t.invoke(
        "pick_track_files",
        json!({"title": "Open a track", "filterName": "Tracks"}),
    )
    .unwrap()
}

fn pick_export(t: &common::TestApp, format: &str) -> Option<PickedFile> {
    t.invoke(
        "pick_export_target",
        json!({"format": format, "suggestedName": "../../etc/Van 01", "title": "Export", "filterName": "F"}),
    )
    .unwrap()
}

fn assert_not_picked(r: Result<Value, Value>) {
    let err = r.expect_err("refused");
    assert_eq!(err["kind"], "not_picked", "{err}");
}

#[test]
fn open_and_export_go_through_the_chosen_files_only() {
    let t = app(&Arc::new(MemoryStore::new()));
    let dialogs = picker::install(&t.app);
    let dir = tempfile::tempdir().unwrap();
    let file = track_file(dir.path(), "ride.gpx");

    // Cancelled dialogs give nothing.
    dialogs.open(None);
    assert!(pick_open(&t).is_empty());
    dialogs.save(None);
    assert!(pick_export(&t, "csv").is_none());

    dialogs.open(Some(vec![file.clone()]));
    let picked = pick_open(&t);
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].name, "ride.gpx");
    assert!(
        !picked[0].handle.contains("ride"),
        "the handle says nothing of the path"
    );
    let packed = bytes(
        t.invoke_raw(
            "open_track_file",
            json!({"handle": picked[0].handle, "slot": "main"}),
        )
        .unwrap(),
    );
    assert_eq!(trackmate_tracks::packed::unpack(&packed).unwrap().len(), 20);

    // The save dialog is offered a bare name, whatever folders the page put in it.
    let out = dir.path().join("out");
    dialogs.save(Some(out.clone()));
    let target = pick_export(&t, "csv").unwrap();
    assert_eq!(target.name, "out.csv");
    assert!(
        dialogs
            .asked
            .lock()
            .unwrap()
            .contains(&"save: Export as Van 01".to_string()),
        "{:?}",
        dialogs.asked.lock().unwrap()
    );
    let r: ExportResult = t
        .export(
            json!({"slot": "main", "format": "csv", "handle": target.handle}),
            &packed,
        )
        .unwrap();
    assert_eq!(r.points, 20);
    let csv = std::fs::read_to_string(out.with_extension("csv")).unwrap();
    assert_eq!(csv.lines().count(), 21);
    // The hostile track name is neutralised in the export.
    assert!(csv.lines().nth(1).unwrap().starts_with("'=cmd"), "{csv}");
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert!(row.contains(&"123.4") && row.contains(&"47.3"), "{row:?}");
    // The same handle exports again (e.g. after another load).
    let _: ExportResult = t
        .export(
            json!({"slot": "main", "format": "csv", "handle": target.handle}),
            &packed,
        )
        .unwrap();
}

#[test]
fn paths_and_forged_or_misused_handles_are_refused() {
    let t = app(&Arc::new(MemoryStore::new()));
    let dialogs = picker::install(&t.app);
    let dir = tempfile::tempdir().unwrap();
    let file = track_file(dir.path(), "ride.gpx");
    let secret = dir.path().join("secret.csv");
    std::fs::write(&secret, "lat,lng\nTOPSECRET,1\n").unwrap();
    dialogs.open(Some(vec![file.clone()]));
    let opened = pick_open(&t).remove(0);
    let shown = bytes(
        t.invoke_raw(
            "open_track_file",
            json!({"handle": opened.handle, "slot": "main"}),
        )
        .unwrap(),
    );

    // Opening: a path where the handle goes, a forged handle, a path argument.
    for handle in [
        secret.to_string_lossy().into_owned(),
        "file-00000000000000000000000000000000".into(),
        String::new(),
    ] {
        assert_not_picked(t.invoke_json(
            "open_track_file",
            json!({"handle": handle, "slot": "compare"}),
        ));
    }
    let err = t
        .invoke_json(
            "open_track_file",
            json!({"path": secret.to_string_lossy(), "slot": "compare"}),
        )
        .unwrap_err();
    assert!(!err.to_string().contains("TOPSECRET"), "{err}");
    // Nothing was opened into the compare slot.
    assert!(
        t.invoke_json("track_summary", json!({"slot": "compare"}))
            .is_err()
    );

    // Exporting: a handle chosen for opening (it would overwrite the user's own file), a handle
    // chosen for another format, a path, a forged handle: refused, and no file changes.
    let before = std::fs::read(&file).unwrap();
    assert_not_picked(t.export::<Value>(
        json!({"slot": "main", "format": "gpx", "handle": opened.handle}),
        &shown,
    ));
    dialogs.save(Some(dir.path().join("kept.kml")));
    let kml = pick_export(&t, "kml").unwrap();
    assert_not_picked(t.export::<Value>(
        json!({"slot": "main", "format": "gpx", "handle": kml.handle}),
        &shown,
    ));
    let elsewhere = dir.path().join("evil.gpx");
    assert_not_picked(t.export::<Value>(
        json!({"slot": "main", "format": "gpx", "handle": elsewhere.to_string_lossy()}),
        &shown,
    ));
    assert!(
        t.export::<Value>(
            json!({"slot": "main", "format": "gpx", "path": elsewhere.to_string_lossy()}),
            &shown
        )
        .is_err()
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(!elsewhere.exists());
    assert!(!dir.path().join("kept.kml").exists());
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["ride.gpx", "secret.csv"]);

    // A handle of the open dialog opens again; the kml handle still exports kml.
    let _ = t
        .invoke_raw(
            "open_track_file",
            json!({"handle": opened.handle, "slot": "compare"}),
        )
        .unwrap();
    let _: ExportResult = t
        .export(
            json!({"slot": "main", "format": "kml", "handle": kml.handle}),
            &shown,
        )
        .unwrap();
    assert!(dir.path().join("kept.kml").exists());
}

#[test]
fn dropped_files_become_handles_for_opening_only() {
    let t = app(&Arc::new(MemoryStore::new()));
    let dir = tempfile::tempdir().unwrap();
    let a = track_file(dir.path(), "a.gpx");
    let b = track_file(dir.path(), "b.gpx");
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&got);
    t.app
        .listen_any(trackmate_app::dialogs::DROPPED_EVENT, move |e| {
            sink.lock().unwrap().push(e.payload().to_owned());
        });
    trackmate_app::dialogs::files_dropped(t.app.handle(), vec![a.clone(), b.clone()]);
    let payloads = got.lock().unwrap().clone();
    assert_eq!(payloads.len(), 1, "{payloads:?}");
    let dropped: Vec<PickedFile> = serde_json::from_str(&payloads[0]).unwrap();
    assert_eq!(
        dropped.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["a.gpx", "b.gpx"]
    );
    assert!(
        !payloads[0].contains(&*dir.path().to_string_lossy()),
        "no paths to the page"
    );
    let shown = bytes(
        t.invoke_raw(
            "open_track_file",
            json!({"handle": dropped[1].handle, "slot": "main"}),
        )
        .unwrap(),
    );
    let s: TrackSummary = t.invoke("track_summary", json!({"slot": "main"})).unwrap();
    assert_eq!(s.summary.points, 20);
    // A dropped file is not a place to write to.
    let before = std::fs::read(&a).unwrap();
    assert_not_picked(t.export::<Value>(
        json!({"slot": "main", "format": "gpx", "handle": dropped[0].handle}),
        &shown,
    ));
    assert_eq!(std::fs::read(&a).unwrap(), before);
}
