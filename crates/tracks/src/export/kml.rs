//! KML 2.2 writer: a `Folder` per track and a `Placemark` with a `gx:Track` per segment.
//!
//! `gx:Track` rather than `LineString` because every point has a time: Google Earth then shows
//! the time slider and can animate the trip. Empty segments have nothing to draw and are left out.
//! Speeds (km/h) and headings (degrees) go to the track's `ExtendedData` as
//! `gx:SimpleArrayData` (declared by the document's `Schema`), one `gx:value` per point, empty
//! where a point has none, so our importer (and Google Earth's elevation profile) can read them.

use std::io::{self, Write};

use super::xml::escape;
use super::{finite, utc_time};
use crate::{Point, Track};

/// The id of the document's `Schema` for the per-point arrays.
const SCHEMA_ID: &str = "trackmate";
/// The arrays: name, display name, the value of a point.
type Field = (&'static str, &'static str, fn(&Point) -> Option<f64>);
const FIELDS: [Field; 2] = [
    ("speed", "Speed (km/h)", |p| p.speed),
    ("heading", "Heading (°)", |p| p.heading),
];

pub(super) fn write(tracks: &[Track], w: &mut impl Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">"#
    )?;
    writeln!(w, "<Document>")?;
    writeln!(w, r#"  <Schema id="{SCHEMA_ID}">"#)?;
    for (name, display, _) in FIELDS {
        writeln!(
            w,
            r#"    <gx:SimpleArrayField name="{name}" type="float"><displayName>{}</displayName></gx:SimpleArrayField>"#,
            escape(display)
        )?;
    }
    writeln!(w, "  </Schema>")?;
    for track in tracks {
        writeln!(w, "  <Folder>")?;
        writeln!(w, "    <name>{}</name>", escape(&track.name))?;
        for (i, seg) in track.segments.iter().enumerate() {
            let (Some(first), Some(last)) = (seg.points.first(), seg.points.last()) else {
                continue;
            };
            writeln!(w, "    <Placemark>")?;
            let name = match &seg.name {
                Some(n) => escape(n),
                None => format!("{} #{}", escape(&track.name), i + 1),
            };
            writeln!(w, "      <name>{name}</name>")?;
            writeln!(
                w,
                "      <TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>",
                utc_time(&first.time),
                utc_time(&last.time)
            )?;
            writeln!(w, "      <gx:Track>")?;
            // The schema wants all <when> elements before all <gx:coord> elements.
            for p in &seg.points {
                writeln!(w, "        <when>{}</when>", utc_time(&p.time))?;
            }
            for p in &seg.points {
                // gx:coord needs three values; with the default clampToGround altitude mode a
                // missing altitude written as 0 is ignored anyway.
                let alt = finite(p.alt).unwrap_or(0.0);
                writeln!(w, "        <gx:coord>{} {} {alt}</gx:coord>", p.lng, p.lat)?;
            }
            write_arrays(w, &seg.points)?;
            writeln!(w, "      </gx:Track>")?;
            writeln!(w, "    </Placemark>")?;
        }
        writeln!(w, "  </Folder>")?;
    }
    writeln!(w, "</Document>")?;
    writeln!(w, "</kml>")
}

/// The per-point arrays of `FIELDS` that have at least one value (after the coordinates, as the
/// gx:Track schema orders them).
fn write_arrays(w: &mut impl Write, points: &[Point]) -> io::Result<()> {
    let used: Vec<&Field> = FIELDS
        .iter()
        .filter(|(_, _, get)| points.iter().any(|p| finite(get(p)).is_some()))
        .collect();
    if used.is_empty() {
        return Ok(());
    }
    writeln!(w, "        <ExtendedData>")?;
    writeln!(w, r##"          <SchemaData schemaUrl="#{SCHEMA_ID}">"##)?;
    for (name, _, get) in used {
        writeln!(w, r#"            <gx:SimpleArrayData name="{name}">"#)?;
        for p in points {
            match finite(get(p)) {
                Some(v) => writeln!(w, "              <gx:value>{v}</gx:value>")?,
                None => writeln!(w, "              <gx:value/>")?,
            }
        }
        writeln!(w, "            </gx:SimpleArrayData>")?;
    }
    writeln!(w, "          </SchemaData>")?;
    writeln!(w, "        </ExtendedData>")
}
