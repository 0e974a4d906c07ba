//! GeoJSON (RFC 7946) writer: a FeatureCollection with one Feature per segment.
//!
//! Geometry is a LineString of `[lng, lat]`, or `[lng, lat, alt]` when every point of the segment
//! has an altitude (mixed dimensions trip up many readers). RFC 7946 needs two positions for a
//! LineString, so a one-point segment becomes a Point; empty segments are left out, because a
//! Feature with a null geometry shows nothing and most map tools drop or reject it.
//!
//! Per-point values follow the togeojson convention: `properties.coordinateProperties` holds
//! arrays parallel to the coordinates — `times` (RFC 3339, local offset), `speeds` (km/h) and
//! `headings` (degrees), with `null` where a point has no value.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{finite, local_time};
use crate::{Point, Segment, Track};

pub(super) fn write(tracks: &[Track], w: &mut impl Write) -> io::Result<()> {
    write!(w, r#"{{"type":"FeatureCollection","features":["#)?;
    let mut first = true;
    for track in tracks {
        for seg in track.segments.iter().filter(|s| !s.points.is_empty()) {
            if !first {
                write!(w, ",")?;
            }
            first = false;
            writeln!(w)?;
            write_feature(w, track, seg)?;
        }
    }
    writeln!(w, "\n]}}")
}

fn write_feature(w: &mut impl Write, track: &Track, seg: &Segment) -> io::Result<()> {
    let with_alt = seg.points.iter().all(|p| finite(p.alt).is_some());
    let pos = |p: &Point| {
        let mut s = format!("[{},{}", round7(p.lng), round7(p.lat));
        if let (true, Some(alt)) = (with_alt, finite(p.alt)) {
            let _ = write!(s, ",{}", round7(alt));
        }
        s.push(']');
        s
    };
    write!(w, r#"{{"type":"Feature","geometry":"#)?;
    if let [only] = seg.points.as_slice() {
        write!(w, r#"{{"type":"Point","coordinates":{}}}"#, pos(only))?;
    } else {
        let coords: Vec<String> = seg.points.iter().map(pos).collect();
        write!(
            w,
            r#"{{"type":"LineString","coordinates":[{}]}}"#,
            coords.join(",")
        )?;
    }

    let (first, last) = (&seg.points[0], &seg.points[seg.points.len() - 1]);
    write!(
        w,
        r#","properties":{{"track":{},"name":{},"id":{},"start_time":"{}","end_time":"{}","#,
        string(&track.name),
        seg.name
            .as_deref()
            .map_or_else(|| "null".to_owned(), string),
        seg.id
            .map_or_else(|| "null".to_owned(), |id| id.to_string()),
        local_time(&first.time),
        local_time(&last.time),
    )?;
    let times: Vec<String> = seg
        .points
        .iter()
        .map(|p| format!("\"{}\"", local_time(&p.time)))
        .collect();
    let speeds: Vec<String> = seg.points.iter().map(|p| number(p.speed)).collect();
    let headings: Vec<String> = seg.points.iter().map(|p| number(p.heading)).collect();
    write!(
        w,
        r#""coordinateProperties":{{"times":[{}],"speeds":[{}],"headings":[{}]}}}}}}"#,
        times.join(","),
        speeds.join(","),
        headings.join(","),
    )
}

/// RFC 7946 §11.2: seven decimals (about 1 cm) is plenty for positions and keeps files small.
///
/// Dividing the rounded integer by 1e7 yields the double nearest the 7-decimal value, whose
/// shortest representation (`{}`) is that value — no `0.30000000000000004` artefacts.
fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

fn number(v: Option<f64>) -> String {
    finite(v).map_or_else(|| "null".to_owned(), |x| x.to_string())
}

/// A JSON string literal (RFC 8259 §7).
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{round7, string};

    #[test]
    fn rounds_to_seven_decimals_without_artefacts() {
        assert_eq!(round7(37.123456789).to_string(), "37.1234568");
        assert_eq!(round7(-122.00000004).to_string(), "-122");
        assert_eq!(round7(0.1 + 0.2).to_string(), "0.3");
    }

    #[test]
    fn escapes_json_strings() {
        assert_eq!(string("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001""#);
    }
}
