//! Shared test fixtures: hand-built tracks with awkward data, and a tiny XML tree on quick-xml.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use quick_xml::Reader;
use quick_xml::events::Event;
use trackmate_tracks::{Format, Point, Segment, Track};

pub const NASTY: &str = r#"<&>"' x"#;

pub fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A point with only the required fields.
pub fn bare(time: &str, lat: f64, lng: f64) -> Point {
    Point::at(t(time), lat, lng)
}

/// A point with every field set; values vary with `i` so mix-ups between points show.
pub fn full(time: &str, lat: f64, lng: f64, i: u32) -> Point {
    Point {
        alt: Some(34.5 + f64::from(i)),
        speed: Some(47.3 + f64::from(i) * 1.1),
        heading: Some(f64::from(i * 90 % 360) + 0.5),
        satellites: Some(7 + i),
        precision: Some(2.5),
        address: Some(format!("Straße {i}, {NASTY}\nsecond line")),
        parking: i % 2 == 1,
        gsm_lbs: i == 2,
        buffered: i == 3,
        mileage: Some(12345.678 + f64::from(i)),
        ..bare(time, lat, lng)
    }
}

/// Two tracks: several segments, DST changes both ways (Europe/Berlin 2024), negative
/// coordinates, full-precision coordinates, XML/CSV/JSON-special text, missing optional fields,
/// an empty segment, a one-point segment and a segment with altitude on only some points.
pub fn sample() -> Vec<Track> {
    let mut partial_alt = bare(
        "2024-10-27T02:59:00+02:00",
        -33.868_819_712_345_68,
        -151.2092955,
    );
    partial_alt.alt = Some(-12.25);
    vec![
        Track {
            name: format!("Van {NASTY}"),
            segments: vec![
                Segment {
                    name: Some(format!("Spring forward {NASTY}")),
                    id: Some(42),
                    points: vec![
                        full(
                            "2024-03-31T01:59:30+01:00",
                            52.520_008_123_456_79,
                            13.404954,
                            0,
                        ),
                        full("2024-03-31T01:59:59.250+01:00", 52.5201, 13.4051, 1),
                        full("2024-03-31T03:00:15+02:00", 52.5203, 13.4053, 2),
                        full("2024-03-31T03:01:00+02:00", 52.5205, 13.4056, 3),
                    ],
                },
                Segment {
                    name: None,
                    id: None,
                    points: vec![
                        partial_alt,
                        // Later instant, earlier wall clock: the fall-back hour.
                        bare("2024-10-27T02:01:00+01:00", -33.8690, -151.2100),
                        bare("2024-10-27T02:05:00+01:00", -34.0000001, -151.0),
                    ],
                },
                Segment {
                    name: Some("empty".into()),
                    id: Some(-7),
                    points: vec![],
                },
            ],
        },
        Track {
            name: "Truck, \"big\"".into(),
            segments: vec![Segment {
                name: None,
                id: Some(9_007_199_254_740_993),
                points: vec![full("2024-01-01T00:00:00Z", -0.5, -0.25, 4)],
            }],
        },
    ]
}

pub fn export(format: Format, tracks: &[Track]) -> String {
    let mut out = Vec::new();
    trackmate_tracks::write(format, tracks, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A parsed XML element; `text` is the unescaped text directly inside it.
#[derive(Debug)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Every descendant (depth first) with this name.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.descendants(name, out);
        }
    }
}

/// Parses a whole document, failing on any well-formedness error quick-xml detects
/// (mismatched or unclosed tags, bad entities, content after the root).
pub fn parse_xml(s: &str) -> Element {
    let mut reader = Reader::from_str(s);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let open = |e: &quick_xml::events::BytesStart| Element {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                (k, a.unescape_value().unwrap().into_owned())
            })
            .collect(),
        text: String::new(),
        children: Vec::new(),
    };
    loop {
        let ev = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed: {e}"));
        let done = match ev {
            Event::Start(e) => {
                stack.push(open(&e));
                None
            }
            Event::Empty(e) => Some(open(&e)),
            Event::End(_) => Some(stack.pop().unwrap()),
            Event::Text(txt) => {
                let txt = txt.unescape().unwrap();
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&txt),
                    None => assert!(txt.trim().is_empty(), "text outside the root: {txt:?}"),
                }
                None
            }
            Event::Eof => break,
            _ => None,
        };
        if let Some(el) = done {
            match stack.last_mut() {
                Some(parent) => parent.children.push(el),
                None => {
                    assert!(root.is_none(), "more than one root element");
                    root = Some(el);
                }
            }
        }
    }
    assert!(stack.is_empty(), "unclosed elements at end of document");
    root.expect("no root element")
}
