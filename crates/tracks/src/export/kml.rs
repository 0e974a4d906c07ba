//! KML 2.2 writer: a `Folder` per track and a `Placemark` with a `gx:Track` per segment.
//!
//! `gx:Track` rather than `LineString` because every point has a time: Google Earth then shows
//! the time slider and can animate the trip. Empty segments have nothing to draw and are left out.

use std::io::{self, Write};

use super::xml::escape;
use super::{finite, utc_time};
use crate::Track;

pub(super) fn write(tracks: &[Track], w: &mut impl Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">"#
    )?;
    writeln!(w, "<Document>")?;
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
            writeln!(w, "      </gx:Track>")?;
            writeln!(w, "    </Placemark>")?;
        }
        writeln!(w, "  </Folder>")?;
    }
    writeln!(w, "</Document>")?;
    writeln!(w, "</kml>")
}
