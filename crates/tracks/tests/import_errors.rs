//! Files that cannot be read: each error names what is wrong and where.

use trackmate_tracks::import::{self, At, ImportError};
use trackmate_tracks::{Format, Point, Segment, Track};

fn fail(format: Format, text: &str) -> ImportError {
    match import::parse(text.as_bytes(), format) {
        Ok(r) => panic!("read {format} that should fail: {:?}", r.track),
        Err(e) => e,
    }
}

fn exported_gpx() -> String {
    let t0 = chrono::DateTime::parse_from_rfc3339("2024-06-01T08:00:00+05:00").unwrap();
    let points = (0..50)
        .map(|i| Point {
            alt: Some(350.0),
            speed: Some(40.0),
            ..Point::at(
                t0 + chrono::Duration::seconds(i),
                51.1 + i as f64 * 1e-4,
                71.4,
            )
        })
        .collect();
    let t = Track {
        name: "t".into(),
        segments: vec![Segment {
            name: None,
            id: None,
            points,
        }],
    };
    let mut out = Vec::new();
    trackmate_tracks::write(Format::Gpx, &[t], &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn missing_empty_and_unsupported_files() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.gpx");
    let e = trackmate_tracks::read_path(&missing).unwrap_err();
    assert!(matches!(e, ImportError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().ends_with("nope.gpx: file not found"), "{e}");

    let empty = dir.path().join("empty.gpx");
    std::fs::write(&empty, "  \n").unwrap();
    let e = trackmate_tracks::read_path(&empty).unwrap_err();
    assert_eq!(e.to_string(), "the file is empty");

    let odd = dir.path().join("track.xyz");
    std::fs::write(&odd, "some bytes").unwrap();
    let e = trackmate_tracks::read_path(&odd).unwrap_err();
    assert!(matches!(&e, ImportError::UnsupportedFormat { extension } if extension == "xyz"));
    assert!(
        e.to_string().contains("`.xyz`") && e.to_string().contains(".gpx"),
        "{e}"
    );

    let e = trackmate_tracks::read_path(dir.path()).unwrap_err();
    assert!(
        matches!(
            e,
            ImportError::NotAFile {
                kind: "a folder",
                ..
            }
        ),
        "a directory: {e:?}"
    );
}

#[test]
fn truncated_and_malformed_xml_give_line_and_column() {
    let gpx = exported_gpx();
    // Cut inside the 20th point.
    let cut = gpx.match_indices("<trkpt").nth(20).unwrap().0 + 15;
    let e = fail(Format::Gpx, &gpx[..cut]);
    let line = gpx[..cut].lines().count() as u64;
    assert!(
        matches!(&e, ImportError::Xml { line: l, .. } if *l == line),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with(&format!("not valid XML at line {line}, column "))
    );

    // Cut between elements: well-formed so far, but the file ends inside <trkseg>.
    let cut = gpx.match_indices("<trkpt").nth(20).unwrap().0;
    let e = fail(Format::Gpx, &gpx[..cut]);
    assert!(e.to_string().contains("ends inside <trkseg>"), "{e}");

    let e = fail(Format::Kml, "<kml>\n  <Document></Folder></kml>");
    assert!(matches!(e, ImportError::Xml { line: 2, .. }), "{e:?}");
}

#[test]
fn a_file_of_another_format_under_a_given_format() {
    let e = fail(Format::Kml, &exported_gpx());
    assert_eq!(
        e.to_string(),
        "not a KML file: the root element is <gpx>, not <kml>"
    );
    let e = fail(Format::Gpx, "<html><body/></html>");
    assert!(e.to_string().starts_with("not a GPX file"), "{e}");
    let e = fail(Format::GeoJson, r#"{"name": "x"}"#);
    assert!(e.to_string().contains("no \"type\""), "{e}");
    let e = fail(Format::Csv, "a,b\n1,2\n");
    assert!(e.to_string().contains("no lat and lng"), "{e}");
}

#[test]
fn files_without_lines_or_points() {
    let e = fail(
        Format::GeoJson,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
    );
    assert!(
        matches!(&e, ImportError::NoLines { found } if found == "Point"),
        "{e:?}"
    );
    assert!(e.to_string().contains("no lines"), "{e}");

    let e = fail(
        Format::Gpx,
        r#"<gpx version="1.1"><wpt lat="1" lon="2"/><trk><trkseg/></trk></gpx>"#,
    );
    assert_eq!(e.to_string(), "the GPX file has no track points");
    let e = fail(Format::Csv, "lat,lng,time\r\n");
    assert!(matches!(
        e,
        ImportError::NoPoints {
            format: Format::Csv
        }
    ));
}

#[test]
fn bad_points_are_named_by_segment_and_point() {
    let gpx = |body: &str| {
        format!(r#"<gpx version="1.1"><trk><trkseg/><trkseg>{body}</trkseg></trk></gpx>"#)
    };
    let p = |lat: &str, time: &str| format!(r#"<trkpt lat="{lat}" lon="71">{time}</trkpt>"#);
    let t = "<time>2024-01-01T00:00:00Z</time>";

    let e = fail(Format::Gpx, &gpx(&(p("51", t) + &p("51", ""))));
    assert!(
        matches!(
            e,
            ImportError::MissingTime {
                at: At::Point {
                    segment: 2,
                    point: 2
                }
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("segment 2, point 2: the point has no time"),
        "{e}"
    );

    let e = fail(Format::Gpx, &gpx(&(p("51", t) + &p("91.5", t))));
    assert_eq!(
        e.to_string(),
        "segment 2, point 2: bad coordinate: latitude 91.5 is outside -90..90"
    );
    let e = fail(Format::Gpx, &gpx(&p("north", t)));
    assert!(
        e.to_string()
            .contains("latitude (lat) \"north\" is not a number"),
        "{e}"
    );
    let e = fail(Format::Gpx, &gpx(&p("51", "<time>noon</time>")));
    assert!(
        matches!(e, ImportError::BadTime { ref value, .. } if value == "noon"),
        "{e:?}"
    );

    let csv = "lat,lng,time,speed_kmh\n1,2,2024-01-01T00:00:00Z,3\n1,2,2024-01-01T00:00:01Z,fast\n";
    let e = fail(Format::Csv, csv);
    assert_eq!(
        e.to_string(),
        "line 3: the speed \"fast\" is not a valid value"
    );
    let e = fail(Format::Csv, "lat,lng\n1,2\n3,4,5\n");
    assert!(e.to_string().starts_with("not valid CSV at line 3"), "{e}");
}

#[test]
fn inconsistent_and_invalid_json_files() {
    let kml = r#"<kml xmlns:gx="http://www.google.com/kml/ext/2.2"><Placemark><gx:Track>
        <when>2024-01-01T00:00:00Z</when><when>2024-01-01T00:00:01Z</when>
        <gx:coord>1 2 0</gx:coord></gx:Track></Placemark></kml>"#;
    let e = fail(Format::Kml, kml);
    assert_eq!(
        e.to_string(),
        "segment 1: the gx:Track has 2 <when> for 1 <gx:coord>"
    );

    let e = fail(Format::GeoJson, "{\"type\":\n\"Feature\",,}");
    assert!(matches!(e, ImportError::Json { line: 2, .. }), "{e:?}");
    let e = fail(
        Format::GeoJson,
        r#"{"type":"LineString","coordinates":[[1,2],[200,2]]}"#,
    );
    assert!(e.to_string().contains("longitude 200 is outside"), "{e}");
    let e = fail(
        Format::Json,
        r#"[{"name":"x","segments":[{"points":[{}]}]}]"#,
    );
    assert!(e.to_string().starts_with("not valid JSON at line 1"), "{e}");
}
