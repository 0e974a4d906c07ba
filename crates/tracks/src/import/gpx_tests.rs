//! Checks that the GPX reader gives the same whether its points are converted in the walk or on
//! a second thread (in batches): the same track, or the same first error — the first in the file.

use super::build::Draft;
use super::error::ImportError;
use super::gpx::parse_in;

/// A track of `n` points in segments of 1,500, each point with every field; `edit` may change
/// point `i`'s text.
fn track(n: usize, edit: impl Fn(usize, String) -> String) -> String {
    let mut doc = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" xmlns:tm=\"urn:tm\">\
         <metadata><name>meta</name></metadata><trk><name>T</name><extensions>\
         <tm:segment number=\"2\"><tm:name>second</tm:name><tm:id>7</tm:id></tm:segment>\
         </extensions><trkseg>\n",
    );
    for i in 0..n {
        if i > 0 && i % 1500 == 0 {
            doc.push_str("</trkseg><trkseg>\n");
        }
        let p = format!(
            "<trkpt lat=\"{}\" lon=\"{}\"><ele>{}</ele><time>2024-05-01T{:02}:{:02}:{:02}.5+05:00\
             </time><desc>at {i}</desc><sat>9</sat><extensions><speed>{}</speed>\
             <course>{}</course><tm:parking>{}</tm:parking></extensions></trkpt>\n",
            51.0 + i as f64 * 1e-5,
            71.0 - i as f64 * 1e-5,
            300 + i % 7,
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i % 30,
            i % 360,
            i % 2 == 0,
        );
        doc.push_str(&edit(i, p));
    }
    doc.push_str("</trkseg></trk></gpx>\n");
    doc
}

/// The outcome as comparable text: the whole draft, or the error.
fn outcome(r: Result<Draft, ImportError>) -> String {
    format!("{r:?}")
}

/// Reads `doc` both ways and checks they agree; the expected kinds below pin the order of
/// errors to the file's order (what converting each value as it is met gives).
fn same_both_ways(doc: &str) -> String {
    let in_walk = outcome(parse_in(doc.as_bytes(), false));
    assert_eq!(
        outcome(parse_in(doc.as_bytes(), true)),
        in_walk,
        "alongside vs in the walk"
    );
    in_walk
}

#[test]
fn a_big_track_is_read_the_same_in_both_ways() {
    let out = same_both_ways(&track(5000, |_, p| p));
    assert!(out.starts_with("Ok("), "{}", &out[..200]);
    assert!(out.contains("second") && out.contains("at 4999"));
}

#[test]
fn the_first_error_in_the_file_wins() {
    let cases: Vec<Box<dyn Fn(usize, String) -> String>> = vec![
        // One bad value, early, in a late batch, in the last point.
        Box::new(|i, p| {
            if i == 3 {
                p.replace("<ele>", "<ele>x")
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 3333 {
                p.replace("<course>", "<course>north")
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 4999 {
                p.replace("2024-05", "2024-13")
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 2500 {
                p.replacen("lat=\"5", "lat=\"9", 1)
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 2500 {
                p.replacen(" lon=", " lom=", 1)
            } else {
                p
            }
        }),
        // A bad value, then broken XML: the value comes first.
        Box::new(|i, p| match i {
            1200 => p.replace("<sat>9", "<sat>-9"),
            4100 => p.replace("</desc>", "</dsc>"),
            _ => p,
        }),
        // Broken XML, then a bad value: the XML comes first.
        Box::new(|i, p| match i {
            100 => p.replace("</desc>", "</dsc>"),
            4100 => p.replace("<sat>9", "<sat>-9"),
            _ => p,
        }),
        // Broken XML inside a point after one of its bad values, and before another.
        Box::new(|i, p| {
            if i == 2048 {
                p.replace("<ele>", "<ele>?").replace("</desc>", "</x>")
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 2048 {
                p.replace("</desc>", "</x>")
                    .replace("<course>", "<course>?")
            } else {
                p
            }
        }),
        // A broken attribute after a bad value, and a bad value after a broken attribute.
        Box::new(|i, p| match i {
            10 => p.replace("<speed>", "<speed>fast"),
            20 => p.replacen("lat=", "lat=\"1\" lat=", 1),
            _ => p,
        }),
        Box::new(|i, p| match i {
            10 => p.replacen("lat=", "lat=\"1\" lat=", 1),
            20 => p.replace("<speed>", "<speed>fast"),
            _ => p,
        }),
        // A point inside a point: the outer one is checked, not kept.
        Box::new(|i, p| {
            if i == 1024 {
                p.replacen("<sat>", "<trkpt lat=\"1\" lon=\"2\"></trkpt><sat>", 1)
            } else {
                p
            }
        }),
        Box::new(|i, p| {
            if i == 1024 {
                p.replace("<ele>", "<ele>bad").replacen(
                    "<sat>",
                    "<trkpt lat=\"1\" lon=\"2\"/><sat>",
                    1,
                )
            } else {
                p
            }
        }),
        // Empty and missing times, a point without any value.
        Box::new(|i, p| {
            let (start, end) = (p.find("<time>").unwrap(), p.find("</time>").unwrap());
            match i {
                700 => format!("{}<time> </time>{}", &p[..start], &p[end + 7..]),
                _ => p,
            }
        }),
        Box::new(|i, _| format!("<rtept lat=\"1\" lon=\"{}.5\"></rtept>\n", i % 180)),
    ];
    let expected = [
        "BadValue",
        "BadValue",
        "BadTime",
        "BadCoordinate",
        "BadCoordinate",
        "BadValue",
        "Xml",
        "BadValue",
        "Xml",
        "BadValue",
        "Xml",
        "Ok",
        "BadValue",
        "Ok",
        "Ok",
    ];
    assert_eq!(cases.len(), expected.len());
    for (edit, expected) in cases.iter().zip(expected) {
        let out = same_both_ways(&track(5000, edit));
        assert!(
            out.starts_with(expected) || out.starts_with(&format!("Err({expected}")),
            "{out:.200}"
        );
    }
    // An early error in a long file: the converting thread stops, and the walk after it.
    let doc = track(30_000, |i, p| {
        if i == 5 {
            p.replace("<ele>", "<ele>x")
        } else {
            p
        }
    });
    assert!(same_both_ways(&doc).contains("elevation"));
    // A file cut short inside a point with a bad value.
    let doc = track(3000, |i, p| {
        if i == 2999 {
            p.replace("<ele>", "<ele>x")
        } else {
            p
        }
    });
    let cut = &doc[..doc.rfind("<sat>").expect("last point has <sat>")];
    assert!(same_both_ways(cut).contains("elevation"));
}
