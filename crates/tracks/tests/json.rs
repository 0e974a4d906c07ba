//! JSON export: serde output that reads back into the same tracks.

mod common;

use common::{bare, export, sample};
use trackmate_tracks::{Format, Segment, Track};

#[test]
fn json_round_trips_including_local_offsets() {
    let tracks = sample();
    let back: Vec<Track> = serde_json::from_str(&export(Format::Json, &tracks)).unwrap();
    assert_eq!(back, tracks);
    // PartialEq on DateTime compares instants only; the offsets are part of the model too.
    let offsets = |ts: &[Track]| -> Vec<_> {
        ts.iter()
            .flat_map(|t| &t.segments)
            .flat_map(|s| &s.points)
            .map(|p| *p.time.offset())
            .collect()
    };
    assert_eq!(offsets(&back), offsets(&tracks));
}

#[test]
fn times_are_rfc3339_and_missing_flags_default_to_false() {
    let v: serde_json::Value = serde_json::from_str(&export(Format::Json, &sample())).unwrap();
    let time = v[0]["segments"][0]["points"][2]["time"].as_str().unwrap();
    assert_eq!(time, "2024-03-31T03:00:15+02:00");

    let minimal = r#"[{"name":"n","segments":[{"name":null,"id":null,"points":[
        {"time":"2024-01-01T12:00:00+03:00","lat":1.5,"lng":-2.5}]}]}]"#;
    let parsed: Vec<Track> = serde_json::from_str(minimal).unwrap();
    let want = Track {
        name: "n".into(),
        segments: vec![Segment {
            name: None,
            id: None,
            points: vec![bare("2024-01-01T12:00:00+03:00", 1.5, -2.5)],
        }],
    };
    assert_eq!(parsed, vec![want]);
}
