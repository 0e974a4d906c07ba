//! Checks that reading a GPX file in two halves gives what one walk gives, wherever the file is
//! cut: the same draft, or no answer (and then the one walk reads it, errors and all).

use super::build::Draft;
use super::error::ImportError;
use super::gpx::{parse, parse_in};
use super::gpx_halves::{HALVES_FROM, parse_cut};

fn outcome(r: Result<Draft, ImportError>) -> String {
    format!("{r:?}")
}

/// Cuts `doc` at every byte: each cut reads as the one walk does, or not at all. Returns how
/// many cuts did read.
fn every_cut(doc: &str) -> usize {
    let whole = outcome(parse_in(doc.as_bytes(), false));
    let mut read = 0;
    for cut in 0..=doc.len() {
        if let Some(draft) = parse_cut(doc.as_bytes(), cut) {
            assert_eq!(outcome(Ok(draft)), whole, "cut at {cut}: {:?}", &doc[cut..]);
            read += 1;
        }
    }
    read
}

const POINT: &str = "<trkpt lat=\"51.5\" lon=\"71.25\"><ele>347.5</ele>\
    <time>2024-05-01T08:30:00Z</time><extensions><gpxtpx:TrackPointExtension>\
    <gpxtpx:speed>12.5</gpxtpx:speed><gpxtpx:course>90</gpxtpx:course>\
    </gpxtpx:TrackPointExtension></extensions></trkpt>\n";

/// Files that read, each of a shape the halves must get right.
fn sound() -> Vec<String> {
    let p = |n: usize| POINT.replace("71.25", &format!("71.{n}"));
    let points = |from: usize, n: usize| (from..from + n).map(p).collect::<String>();
    vec![
        // GPX 1.1: names, segment names and ids before the segments, several tracks.
        format!(
            "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" xmlns:gpxtpx=\"urn:g\" xmlns:tm=\"urn:tm\">\
             <metadata><name>meta</name></metadata><trk><name>T &amp; U</name><extensions>\
             <tm:segment number=\"2\"><tm:name>second</tm:name><tm:id>7</tm:id></tm:segment>\
             </extensions><trkseg>\n{}</trkseg><trkseg>{}</trkseg></trk>\
             <trk><trkseg>{}</trkseg><extensions><tm:segment number=\"1\">\
             <tm:name><![CDATA[late <one>]]></tm:name></tm:segment></extensions></trk></gpx>\n",
            points(0, 3),
            points(3, 2),
            points(5, 2)
        ),
        // Prefixed GPX, comments and CDATA in values, an entity in an attribute.
        format!(
            "<g:gpx xmlns:g=\"http://www.topografix.com/GPX/1/1\"><g:trk><g:trkseg>{}\
             <g:trkpt lat=\"5&#49;.5\" lon='71.5'><g:ele><!-- c -->3<![CDATA[4]]>7</g:ele>\
             <g:time>2024-05-01T08:30:00Z</g:time><g:desc>a &lt; b</g:desc></g:trkpt>\n{}\
             </g:trkseg  ></g:trk></g:gpx>",
            points(0, 2).replace("trkpt", "g:trkpt"),
            points(2, 2).replace("trkpt", "g:trkpt")
        ),
        // GPX 1.0 routes, untimed, a named route, an empty point, a point outside segments.
        format!(
            "<gpx version=\"1.0\"><wpt lat=\"1\" lon=\"2\"><name>w</name></wpt>\
             <rte><name>R</name><rtept lat=\"1\" lon=\"2\"><speed>3</speed><course>4</course>\
             </rtept><rtept lat=\"1.5\" lon=\"2\"/><rtept lat=\"2\" lon=\"2\"></rtept>\
             </rte><rte><rtept lat=\"3\" lon=\"2\"/></rte><trkpt lat=\"4\" lon=\"5\"/></gpx>"
        ),
    ]
}

/// Files that do not read, or read strangely, by the one walk.
fn hostile() -> Vec<String> {
    let doc =
        |body: &str| format!("<gpx><trk><trkseg>{POINT}{POINT}{body}{POINT}</trkseg></trk></gpx>");
    vec![
        doc("<trkpt lat=\"1\" lon=\"2\"><trkseg/></trkpt>"),
        doc("<trkpt lat=\"1\" lon=\"2\"><trkpt lat=\"3\" lon=\"4\"/></trkpt>"),
        doc(
            "<trkpt lat=\"1\" lon=\"2\"><extensions><tm:segment number=\"1\"/></extensions></trkpt>",
        ),
        doc("</trkseg><trkpt lat=\"1\" lon=\"2\"/><trkseg>"),
        doc("</trk></gpx><trkpt lat=\"1\" lon=\"2\"/><gpx><trk><trkseg>"),
        doc("</trkseg></trk></gpx><gpx><trk><trkseg>"),
        doc("</trkseg></trk><x:trk><trkseg>"),
        doc("<trkpt lat=\"1\" lon=\"2\"><ele>x</ele></trkpt>"),
        doc("<trkpt lat=\"1\" lon=\"2\" lat=\"3\"/>"),
        doc("<trkpt lat=\"1\" lon=\"200\"/>"),
        doc("<trkpt lat=\"1\" lon=\"2\"><time>2024-13-01T00:00:00Z</time></trkpt>"),
        doc("<trkpt lat=\"1\" lon=\"2\"><ele>&nope;</ele></trkpt>"),
        doc("<!-- <trkpt lat=\"1\" lon=\"2\"/> --><![CDATA[<trkpt lat=\"1\" lon=\"2\">]]>"),
        doc("<?pi <trkpt lat=\"1\" lon=\"2\"/> ?><x a=\"<trkpt\"/>"),
        doc("</trk>"),
        format!("<kml><trkseg>{POINT}{POINT}</trkseg></kml>"),
        format!("<gpx><trk><trkseg>{POINT}{POINT}"),
        format!("{POINT}{POINT}"),
        format!("<gpx><trk>{POINT}<trkseg>{POINT}</trkseg>{POINT}</trk>{POINT}</gpx>"),
        format!("<gpx><trk><trkseg>{POINT}{}</trkseg></trk></gpx>", "\u{ff}"),
    ]
}

#[test]
fn every_cut_of_a_sound_file_reads_the_same_or_not_at_all() {
    for doc in sound() {
        assert!(parse_in(doc.as_bytes(), false).is_ok(), "{doc}");
        // Some cuts do read: the halves are not simply always refused.
        assert!(every_cut(&doc) > 0, "{doc}");
    }
}

#[test]
fn every_cut_of_our_own_export_reads_the_same() {
    // Our writer's shape: segment names and ids in the track's extensions, every field.
    let t0 = chrono::DateTime::parse_from_rfc3339("2024-05-01T08:30:00+05:00").unwrap();
    let segment = |s: usize| crate::Segment {
        name: Some(format!("trip {s} <&>")),
        id: Some(s as i64 * 7),
        points: (0..3)
            .map(|i| crate::Point {
                alt: Some(347.5),
                speed: Some(36.0),
                heading: Some(90.0),
                satellites: Some(9),
                precision: Some(4.5),
                address: (i == 1).then(|| "Main St. 1 & 2".to_owned()),
                parking: i == 2,
                mileage: Some(12.5),
                ..crate::Point::at(t0 + chrono::Duration::seconds(i), 51.5, 71.25 + i as f64)
            })
            .collect(),
    };
    let track = crate::Track {
        name: "Van".into(),
        segments: (1..4).map(segment).collect(),
    };
    let mut doc = Vec::new();
    crate::write(crate::Format::Gpx, std::slice::from_ref(&track), &mut doc).unwrap();
    let doc = String::from_utf8(doc).unwrap();
    assert!(every_cut(&doc) >= 8, "{doc}");
}

#[test]
fn every_cut_of_a_hostile_file_reads_the_same_or_not_at_all() {
    for doc in hostile() {
        every_cut(&doc);
    }
    // Broken XML as bytes: invalid UTF-8 in text, inside the head or the tail.
    let mut doc = sound().swap_remove(0).into_bytes();
    let at = doc.len() - 300;
    doc[at] = 0xFF;
    let whole = outcome(parse_in(&doc, false));
    assert!(whole.starts_with("Err"), "{whole}");
    for cut in 0..=doc.len() {
        assert!(parse_cut(&doc, cut).is_none(), "cut at {cut}");
    }
}

#[test]
fn every_cut_of_the_fuzz_corpus_reads_the_same_or_not_at_all() {
    // The inputs the fuzzer found interesting (`fuzz/corpus/import_gpx`), cut at every tag: the
    // halves are only ever cut at one (`cut_at`).
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/import_gpx");
    let mut read = 0;
    for entry in std::fs::read_dir(corpus).expect("the GPX corpus") {
        let doc = std::fs::read(entry.expect("a corpus file").path()).expect("readable");
        let whole = outcome(parse_in(&doc, false));
        for cut in (0..doc.len()).filter(|&i| doc[i] == b'<') {
            if let Some(draft) = parse_cut(&doc, cut) {
                assert_eq!(outcome(Ok(draft)), whole, "cut at {cut}");
                read += 1;
            }
        }
    }
    assert!(read > 0);
}

#[test]
fn a_big_file_is_read_in_halves_as_in_one_walk() {
    let points = |n: usize| -> String {
        (0..n)
            .map(|i| POINT.replace("71.25", &format!("71.{i}")))
            .collect()
    };
    let n = HALVES_FROM / POINT.len() + 1000;
    let doc = format!(
        "<gpx xmlns:gpxtpx=\"urn:g\"><trk><trkseg>{}</trkseg><trkseg>{}</trkseg></trk></gpx>",
        points(n / 2),
        points(n / 2)
    );
    let whole = outcome(parse_in(doc.as_bytes(), true));
    assert!(whole.starts_with("Ok"));
    assert!(super::gpx_halves::parse(doc.as_bytes()).is_some());
    assert_eq!(outcome(parse(doc.as_bytes())), whole);
    // The same with an error late in the tail, and early in the head: the one walk's error.
    for at in [doc.len() - 1000, 1000] {
        let ele = at + doc[at..].find("<ele>").unwrap() + 5;
        let broken = format!("{}x{}", &doc[..ele], &doc[ele..]);
        let whole = outcome(parse_in(broken.as_bytes(), true));
        assert!(whole.contains("elevation"), "{whole}");
        assert_eq!(outcome(parse(broken.as_bytes())), whole);
    }
}
