//! Hostile input: every importer answers any bytes with a track or an error — never a panic,
//! never a stack overflow on deep nesting — and refuses NaN, infinities and out-of-range
//! coordinates and values, naming the place.

mod common;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trackmate_tracks::import::{self, At, ImportError};
use trackmate_tracks::{Format, StatsOptions, simplify_track, stops, track_stats};

const FORMATS: [Format; 5] = [
    Format::Gpx,
    Format::Kml,
    Format::GeoJson,
    Format::Csv,
    Format::Json,
];

fn fail(format: Format, text: &str) -> ImportError {
    match import::parse(text.as_bytes(), format) {
        Ok(r) => panic!("read {format} that should fail: {:?}", r.track),
        Err(e) => e,
    }
}

/// Runs `f` on a thread with a small stack: a reader that recursed once per level of nesting
/// would overflow it long before 100,000 levels.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn a_gx_track_inside_a_gx_track_is_an_error_not_a_panic() {
    let e = fail(Format::Kml, "<kml><Track><Track/></Track></kml>");
    assert!(
        matches!(&e, ImportError::Xml { line: 1, message, .. } if message.contains("inside another <gx:Track>")),
        "{e:?}"
    );
    // The same with the parts a real track has, and with the inner track first ending.
    for kml in [
        "<kml xmlns:gx=\"x\"><Placemark><gx:Track><when>2024-01-01T00:00:00Z</when>\n<gx:Track>\
         <gx:coord>1 2 3</gx:coord></gx:Track><gx:coord>1 2 3</gx:coord></gx:Track></Placemark></kml>",
        "<kml><Track><Track><when>2024-01-01T00:00:00Z</when></Track><when>x</when></Track></kml>",
        "<kml><Track></Track><when>2024-01-01T00:00:00Z</when><coord>1 2</coord></kml>",
    ] {
        let r = import::parse(kml.as_bytes(), Format::Kml);
        assert!(r.is_err(), "{kml}: {r:?}");
    }
}

#[test]
fn deeply_nested_xml_is_walked_without_recursion() {
    const DEPTH: usize = 100_000;
    for (format, root) in [(Format::Gpx, "gpx"), (Format::Kml, "kml")] {
        let open = "<a>".repeat(DEPTH);
        let close = "</a>".repeat(DEPTH);
        // Closed: a file of no points; cut short: an error naming where it ends.
        let whole = format!("<{root}>{open}{close}</{root}>");
        let cut = format!("<{root}>{open}");
        let (whole, cut) = on_small_stack(move || {
            (
                import::parse(whole.as_bytes(), format),
                import::parse(cut.as_bytes(), format),
            )
        });
        assert!(
            matches!(whole, Err(ImportError::NoPoints { .. })),
            "{whole:?}"
        );
        assert!(
            matches!(&cut, Err(ImportError::Xml { message, .. }) if message.contains("cut short")),
            "{cut:?}"
        );
    }
    // Points deep inside still read.
    let gpx = format!(
        "<gpx><trk><trkseg>{}<trkpt lat=\"1\" lon=\"2\"/>{}</trkseg></trk></gpx>",
        "<x>".repeat(DEPTH),
        "</x>".repeat(DEPTH)
    );
    let read = on_small_stack(move || import::parse(gpx.as_bytes(), Format::Gpx));
    assert_eq!(read.unwrap().track.segments[0].points.len(), 1);
}

#[test]
fn deeply_nested_json_is_refused_by_the_recursion_limit() {
    const DEPTH: usize = 100_000;
    let arrays = "[".repeat(DEPTH) + &"]".repeat(DEPTH);
    let objects = "{\"a\":".repeat(DEPTH) + "1" + &"}".repeat(DEPTH);
    let cases = [
        (
            Format::GeoJson,
            format!("{{\"type\":\"LineString\",\"coordinates\":{arrays}}}"),
        ),
        (
            Format::GeoJson,
            format!("{{\"type\":\"Feature\",\"properties\":{objects},\"geometry\":null}}"),
        ),
    ];
    for (format, text) in cases {
        let r = on_small_stack(move || import::parse(text.as_bytes(), format));
        assert!(
            matches!(&r, Err(ImportError::Json { line: 1, message, .. }) if message.contains("recursion limit")),
            "{format}: {r:?}"
        );
    }
    // Our JSON is read into typed values: nesting where a track, segment or point belongs
    // is the wrong type at its first level, and a member it does not know is skipped over
    // without recursion, however deep. Neither goes deep, nor overflows.
    for text in [
        arrays.clone(),
        format!("[{{\"name\":\"x\",\"segments\":{arrays}}}]"),
        format!("{{\"name\":\"x\",\"extra\":{objects},\"segments\":[]}}"),
        format!("{{\"name\":\"x\",\"extra\":{arrays},\"segments\":[]}}"),
    ] {
        let r = on_small_stack(move || import::parse(text.as_bytes(), Format::Json));
        assert!(
            matches!(
                r,
                Err(ImportError::Json { .. } | ImportError::NoPoints { .. })
            ),
            "{r:?}"
        );
    }
    // CSV has no nesting; its worst shape is one enormous quoted field.
    let csv = format!("lat,lng,address\n1,2,\"{}\"\n", "\"\"".repeat(500_000));
    let read = on_small_stack(move || import::parse(csv.as_bytes(), Format::Csv)).unwrap();
    let address = read.track.segments[0].points[0].address.as_deref();
    assert_eq!(address.map(str::len), Some(500_000));
}

/// The error for `body` read as `format`, which must name point `point` of segment
/// `segment` and contain `says`.
fn refused_at(format: Format, body: &str, at: At, says: &str) {
    let e = fail(format, body);
    let place = match &e {
        ImportError::BadCoordinate { at, .. }
        | ImportError::BadValue { at, .. }
        | ImportError::BadTime { at, .. } => *at,
        other => panic!("{format}: not an error at a point: {other:?}\n{body}"),
    };
    assert_eq!(place, at, "{format}: {e}\n{body}");
    assert!(e.to_string().contains(says), "{format}: {e}\n{body}");
}

const P2: At = At::Point {
    segment: 1,
    point: 2,
};

#[test]
fn nan_infinity_and_out_of_range_values_in_gpx_and_kml_name_the_point() {
    let gpx = |lat: &str, lon: &str, inner: &str| {
        format!(
            "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/><trkpt lat=\"{lat}\" lon=\"{lon}\">{inner}</trkpt></trkseg></trk></gpx>"
        )
    };
    let ext = |speed: &str, course: &str| {
        format!(
            "<extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>{speed}</gpxtpx:speed>\
             <gpxtpx:course>{course}</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>"
        )
    };
    for (lat, lon, inner, says) in [
        (
            "NaN",
            "2",
            String::new(),
            "latitude (lat) \"NaN\" is not a number",
        ),
        (
            "1",
            "inf",
            String::new(),
            "longitude (lon) \"inf\" is not a number",
        ),
        (
            "1",
            "-infinity",
            String::new(),
            "\"-infinity\" is not a number",
        ),
        (
            "90.0001",
            "2",
            String::new(),
            "latitude 90.0001 is outside -90..90",
        ),
        (
            "1",
            "-180.5",
            String::new(),
            "longitude -180.5 is outside -180..180",
        ),
        ("1e309", "2", String::new(), "\"1e309\" is not a number"),
        ("1", "2", "<ele>nan</ele>".into(), "elevation (ele) \"nan\""),
        (
            "1",
            "2",
            "<ele>-inf</ele>".into(),
            "elevation (ele) \"-inf\"",
        ),
        ("1", "2", ext("inf", "1"), "speed \"inf\""),
        ("1", "2", ext("1e308", "1"), "speed \"1e308\""),
        ("1", "2", ext("1", "NaN"), "course \"NaN\""),
        ("1", "2", "<speed>NaN</speed>".into(), "speed \"NaN\""),
        ("1", "2", "<time>1e300</time>".into(), "\"1e300\""),
    ] {
        let body = gpx(lat, lon, &inner);
        refused_at(Format::Gpx, &body, P2, says);
        // The same on the second thread that converts big files' points.
        let padding = format!("<!--{}-->", " ".repeat(1 << 20));
        let big = body.replacen("<trk>", &format!("<trk>{padding}"), 1);
        refused_at(Format::Gpx, &big, P2, says);
    }

    let track = |coord: &str, when: &str, speed: &str| {
        format!(
            "<kml xmlns:gx=\"x\"><Placemark><gx:Track>\
             <when>2024-01-01T00:00:00Z</when><when>{when}</when>\
             <gx:coord>2 1 0</gx:coord><gx:coord>{coord}</gx:coord>\
             <ExtendedData><SchemaData><gx:SimpleArrayData name=\"speed\">\
             <gx:value>1</gx:value><gx:value>{speed}</gx:value>\
             </gx:SimpleArrayData></SchemaData></ExtendedData></gx:Track></Placemark></kml>"
        )
    };
    let ok_when = "2024-01-01T00:00:01Z";
    for (body, says) in [
        (track("NaN 1 0", ok_when, "1"), "longitude \"NaN\" is not a number"),
        (track("2 inf 0", ok_when, "1"), "latitude \"inf\" is not a number"),
        (track("2 1 nan", ok_when, "1"), "altitude \"nan\""),
        (track("181 1 0", ok_when, "1"), "longitude 181 is outside -180..180"),
        (track("2 -91 0", ok_when, "1"), "latitude -91 is outside -90..90"),
        (track("2 1 0", ok_when, "inf"), "gx:value \"inf\""),
        (track("2 1 0", "1e300", "1"), "\"1e300\""),
        (
            "<kml><Placemark><LineString><coordinates>2,1,0 NaN,1,0</coordinates></LineString></Placemark></kml>".into(),
            "longitude \"NaN\" is not a number",
        ),
        (
            "<kml><Placemark><LineString><coordinates>2,1,0 2,95,0</coordinates></LineString></Placemark></kml>".into(),
            "latitude 95 is outside",
        ),
        (
            "<kml><Placemark><LineString><coordinates>2,1,0 2,1,-inf</coordinates></LineString></Placemark></kml>".into(),
            "altitude \"-inf\"",
        ),
    ] {
        refused_at(Format::Kml, &body, P2, says);
    }
}

#[test]
fn nan_infinity_and_out_of_range_values_in_csv_and_json_name_the_place() {
    let csv = |row: &str| {
        format!("lat,lng,time,alt,speed_kmh,heading\n1,2,2024-01-01T00:00:00Z,,,\n{row}\n")
    };
    let line3 = At::Line(3);
    for (row, says) in [
        (
            "NaN,2,2024-01-01T00:00:01Z,,,",
            "latitude \"NaN\" is not a number",
        ),
        (
            "1,inf,2024-01-01T00:00:01Z,,,",
            "longitude \"inf\" is not a number",
        ),
        ("95,2,2024-01-01T00:00:01Z,,,", "latitude 95 is outside"),
        (
            "1,-200,2024-01-01T00:00:01Z,,,",
            "longitude -200 is outside",
        ),
        ("1,2,2024-01-01T00:00:01Z,nan,,", "altitude \"nan\""),
        ("1,2,2024-01-01T00:00:01Z,,infinity,", "speed \"infinity\""),
        ("1,2,2024-01-01T00:00:01Z,,,NaN", "heading \"NaN\""),
        ("1,2,1e300,,,", "\"1e300\""),
    ] {
        refused_at(Format::Csv, &csv(row), line3, says);
    }

    // JSON has no NaN or infinity: such text is not JSON, and the error says where it is.
    for (format, body) in [
        (
            Format::GeoJson,
            "{\"type\":\"LineString\",\n\"coordinates\":[[1,2],[NaN,2]]}",
        ),
        (
            Format::GeoJson,
            "{\"type\":\"LineString\",\n\"coordinates\":[[1,2],[1e999,2]]}",
        ),
        (
            Format::Json,
            "{\"name\":\"x\",\n\"segments\":[{\"points\":[{\"time\":\"2024-01-01T00:00:00Z\",\"lat\":Infinity,\"lng\":2}]}]}",
        ),
        (
            Format::Json,
            "{\"name\":\"x\",\n\"segments\":[{\"points\":[{\"time\":\"2024-01-01T00:00:00Z\",\"lat\":1,\"lng\":2,\"speed\":-1e400}]}]}",
        ),
    ] {
        let e = fail(format, body);
        assert!(
            matches!(e, ImportError::Json { line: 2, .. }),
            "{format}: {e:?}"
        );
    }
    let line =
        |coords: &str| format!("{{\"type\":\"LineString\",\"coordinates\":[[1,2],{coords}]}}");
    refused_at(
        Format::GeoJson,
        &line("[181,2]"),
        P2,
        "longitude 181 is outside",
    );
    refused_at(
        Format::GeoJson,
        &line("[1,-90.5]"),
        P2,
        "latitude -90.5 is outside",
    );
    let timed = |time: &str| {
        format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"coordinateProperties\":{{\"times\":[0,{time}]}}}},\
             \"geometry\":{{\"type\":\"LineString\",\"coordinates\":[[1,2],[1,2]]}}}}"
        )
    };
    refused_at(Format::GeoJson, &timed("1e300"), P2, "1e+300");
    refused_at(
        Format::GeoJson,
        &timed("\"+275760-09-13T00:00:00Z\""),
        P2,
        "275760",
    );
    let ours = |lat: &str| {
        format!(
            "{{\"name\":\"x\",\"segments\":[{{\"points\":[\
             {{\"time\":\"2024-01-01T00:00:00Z\",\"lat\":1,\"lng\":2}},\
             {{\"time\":\"2024-01-01T00:00:01Z\",\"lat\":{lat},\"lng\":2}}]}}]}}"
        )
    };
    refused_at(Format::Json, &ours("90.1"), P2, "latitude 90.1 is outside");
}

#[test]
fn times_at_the_ends_of_the_calendar_read_and_add_up() {
    // The earliest and latest times the readers accept, side by side: statistics, stops and
    // simplification handle their 10,000-year gap without overflowing.
    let csv = "lat,lng,time\n1,2,0000-01-01T00:00:00Z\n1.1,2,9999-12-31T23:59:59Z\n\
               1.2,2,-99999999999999\n1.3,2,99999999999999\n";
    let read = import::parse(csv.as_bytes(), Format::Csv).unwrap();
    let opts = StatsOptions::default();
    let stats = track_stats(&read.track, &opts);
    assert_eq!(stats.points, 4);
    stops(&read.track, &opts);
    simplify_track(&read.track, 1.0);
}

/// Bytes changed at random: flips, insertions, deletions, cuts and repeated pieces.
fn mutate(rng: &mut ChaCha8Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b"<",
        b">",
        b"/>",
        b"</",
        b"\"",
        b"&",
        b"&amp;",
        b"<![CDATA[",
        b"]]>",
        b"<!--",
        b"-->",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\n",
        b"\r",
        b"NaN",
        b"-",
        b"1e999",
        b"\xFF",
        b"\xC3",
        b"\xE2\x82",
        b"\xD0\xB9",
        b"9999999999999999999999",
        b"<trkpt lat=\"1\" lon=\"2\">",
        b"<Track>",
        b"</Track>",
        b"<when>",
        b"<gx:coord>",
        b"\"coordinates\":",
        b"null",
        b"<trkseg>",
        b"<extensions>",
        b"<time>",
        b"2024-02-30T25:61:61+99:99",
    ];
    for _ in 0..rng.gen_range(1..6) {
        let len = bytes.len();
        let at = rng.gen_range(0..=len);
        match rng.gen_range(0..6) {
            0 if len > 0 => bytes[at.min(len - 1)] ^= 1 << rng.gen_range(0..8),
            1 => {
                let piece = PIECES[rng.gen_range(0..PIECES.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            2 => {
                let end = (at + rng.gen_range(0..40)).min(len);
                bytes.drain(at..end);
            }
            3 => bytes.truncate(at),
            4 => {
                let end = (at + rng.gen_range(0..200)).min(len);
                let piece = bytes[at..end].to_vec();
                let to = rng.gen_range(0..=len);
                bytes.splice(to..to, piece);
            }
            _ => {
                let b = rng.r#gen::<u8>();
                bytes.insert(at, b);
            }
        }
    }
    bytes
}

#[test]
fn mutated_files_give_tracks_or_errors_never_panics() {
    let tracks = common::sample();
    let mut rng = ChaCha8Rng::seed_from_u64(20261204);
    for format in FORMATS {
        let good = common::export(format, &tracks).into_bytes();
        for _ in 0..3000 {
            let bad = mutate(&mut rng, good.clone());
            // Any outcome but a panic (which fails the test) is fine.
            let _ = import::parse(&bad, format);
            if let Ok(f) = import::detect(Some("gpx"), &bad) {
                let _ = import::parse(&bad, f);
            }
        }
    }
}
