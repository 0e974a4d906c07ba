//! GPX export, read back with the independent `gpx` crate (and quick-xml for extensions).

mod common;

use chrono::DateTime;
use common::{export, parse_xml, sample};
use trackmate_tracks::Format;

#[test]
fn gpx_crate_reads_every_point_time_elevation_and_name() {
    let tracks = sample();
    let out = export(Format::Gpx, &tracks);
    let gpx = gpx::read(out.as_bytes()).expect("gpx crate rejects our output");

    assert_eq!(gpx.version, gpx::GpxVersion::Gpx11);
    assert!(gpx.creator.as_deref().unwrap().starts_with("Trackmate "));
    assert!(gpx.metadata.and_then(|m| m.time).is_some());
    assert_eq!(gpx.tracks.len(), tracks.len());
    for (ours, theirs) in tracks.iter().zip(&gpx.tracks) {
        assert_eq!(theirs.name.as_deref(), Some(ours.name.as_str()));
        assert_eq!(theirs.segments.len(), ours.segments.len());
        for (seg, tseg) in ours.segments.iter().zip(&theirs.segments) {
            assert_eq!(tseg.points.len(), seg.points.len());
            for (p, wp) in seg.points.iter().zip(&tseg.points) {
                // Exact: the text is Rust's shortest round-trip representation.
                assert_eq!(wp.point().y(), p.lat);
                assert_eq!(wp.point().x(), p.lng);
                assert_eq!(wp.elevation, p.alt);
                assert_eq!(wp.sat, p.satellites.map(u64::from));
                assert_eq!(wp.description, p.address);
                let time = wp.time.expect("point without time").format().unwrap();
                // chrono compares instants, so this checks the UTC conversion.
                assert_eq!(DateTime::parse_from_rfc3339(&time).unwrap(), p.time);
            }
        }
    }
}

/// GPX 1.1 fixes the order of a trkpt's children; readers validating the schema reject others.
#[test]
fn trkpt_children_follow_schema_order_and_carry_extensions() {
    const ORDER: [&str; 6] = ["ele", "time", "desc", "sat", "extensions", "<end>"];
    let tracks = sample();
    let root = parse_xml(&export(Format::Gpx, &tracks));
    assert_eq!(
        root.attr("xmlns"),
        Some("http://www.topografix.com/GPX/1/1")
    );
    assert_eq!(root.attr("version"), Some("1.1"));
    // metadata must be the first child, before any trk.
    assert_eq!(root.children[0].name, "metadata");

    let mut trkpts = Vec::new();
    root.descendants("trkpt", &mut trkpts);
    let points: Vec<_> = tracks
        .iter()
        .flat_map(|t| &t.segments)
        .flat_map(|s| &s.points)
        .collect();
    assert_eq!(trkpts.len(), points.len());
    for (el, p) in trkpts.iter().zip(points) {
        let pos: Vec<usize> = el
            .children
            .iter()
            .map(|c| ORDER.iter().position(|n| *n == c.name).expect(&c.name))
            .collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "bad order in {el:?}");
        // The gpx crate normalises times when formatting, so check our text says UTC itself.
        let time = &el.child("time").unwrap().text;
        assert!(time.ends_with('Z'), "{time}");

        let ext = el.child("extensions");
        let text = |name: &str| -> Option<f64> {
            let mut found = Vec::new();
            ext?.descendants(name, &mut found);
            found.first().map(|e| e.text.parse().unwrap())
        };
        let speed = text("gpxtpx:speed").map(|ms| ms * 3.6);
        match (speed, p.speed) {
            (Some(got), Some(want)) => assert!((got - want).abs() < 1e-9, "{got} vs {want}"),
            (got, want) => assert_eq!(got, want),
        }
        assert_eq!(text("gpxtpx:course"), p.heading);
        assert_eq!(text("tm:precision"), p.precision);
        assert_eq!(text("tm:mileage"), p.mileage);
        let flag = |name: &str| {
            ext.and_then(|e| e.child(name))
                .is_some_and(|e| e.text == "true")
        };
        assert_eq!(flag("tm:parking"), p.parking);
        assert_eq!(flag("tm:gsm_lbs"), p.gsm_lbs);
        assert_eq!(flag("tm:buffered"), p.buffered);
    }
}

#[test]
fn segment_names_and_ids_live_in_trk_extensions_before_the_segments() {
    let tracks = sample();
    let root = parse_xml(&export(Format::Gpx, &tracks));
    let trks: Vec<_> = root.all("trk").collect();
    assert_eq!(trks.len(), tracks.len());
    for (el, track) in trks.iter().zip(&tracks) {
        let names: Vec<&str> = el.children.iter().map(|c| c.name.as_str()).collect();
        let first_seg = names
            .iter()
            .position(|n| *n == "trkseg")
            .unwrap_or(names.len());
        assert!(
            names[first_seg..].iter().all(|n| *n == "trkseg"),
            "{names:?}"
        );
        for (i, seg) in track.segments.iter().enumerate() {
            let info = el
                .child("extensions")
                .into_iter()
                .flat_map(|e| e.all("tm:segment"))
                .find(|s| s.attr("number") == Some(&(i + 1).to_string()));
            let Some(info) = info else {
                assert!(
                    seg.name.is_none() && seg.id.is_none(),
                    "segment {i} lost its info"
                );
                continue;
            };
            assert_eq!(info.child("tm:name").map(|e| e.text.clone()), seg.name);
            assert_eq!(
                info.child("tm:id").map(|e| e.text.parse::<i64>().unwrap()),
                seg.id
            );
        }
    }
}
