//! GPX 1.1 writer: one `<trk>` per track, one `<trkseg>` per segment.
//!
//! GPX 1.1 core has no speed or course on a track point, so those go to Garmin's
//! TrackPointExtension v2 (speed in m/s, course), which most GPX readers understand. Fields
//! only Trackmate knows go to our own namespace `tm:`. Everything else uses core elements:
//! the address as `<desc>`, satellites as `<sat>`.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};

use super::xml::escape;
use super::{finite, utc_time};
use crate::{Point, Track};

const CREATOR: &str = concat!("Trackmate ", env!("CARGO_PKG_VERSION"));
const TM_NS: &str = "https://trackmate.app/xmlns/gpx/1";
const GPXTPX_NS: &str = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2";

pub(super) fn write(tracks: &[Track], w: &mut impl Write, now: DateTime<Utc>) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gpx version="1.1" creator="{creator}" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd" xmlns:gpxtpx="{GPXTPX_NS}" xmlns:tm="{TM_NS}">"#,
        creator = escape(CREATOR),
    )?;
    writeln!(
        w,
        "  <metadata><time>{}</time></metadata>",
        now.to_rfc3339_opts(SecondsFormat::Secs, true)
    )?;
    for track in tracks {
        writeln!(w, "  <trk>")?;
        writeln!(w, "    <name>{}</name>", escape(&track.name))?;
        write_segment_info(w, track)?;
        for seg in &track.segments {
            writeln!(w, "    <trkseg>")?;
            for p in &seg.points {
                write_point(w, p)?;
            }
            writeln!(w, "    </trkseg>")?;
        }
        writeln!(w, "  </trk>")?;
    }
    writeln!(w, "</gpx>")
}

/// Segment names and ids, as `<tm:segment number="1">` (1-based) in the track's `<extensions>`.
///
/// GPX 1.1 would also allow `<extensions>` inside `<trkseg>`, but the Rust `gpx` crate (and so
/// possibly our own importer) rejects that, while it accepts extensions on `<trk>`.
fn write_segment_info(w: &mut impl Write, track: &Track) -> io::Result<()> {
    let mut named = track
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.name.is_some() || s.id.is_some())
        .peekable();
    if named.peek().is_none() {
        return Ok(());
    }
    writeln!(w, "    <extensions>")?;
    for (i, seg) in named {
        write!(w, r#"      <tm:segment number="{}">"#, i + 1)?;
        if let Some(name) = &seg.name {
            write!(w, "<tm:name>{}</tm:name>", escape(name))?;
        }
        if let Some(id) = seg.id {
            write!(w, "<tm:id>{id}</tm:id>")?;
        }
        writeln!(w, "</tm:segment>")?;
    }
    writeln!(w, "    </extensions>")
}

/// Child order is fixed by the GPX 1.1 schema: ele, time, …, desc, …, sat, …, extensions.
fn write_point(w: &mut impl Write, p: &Point) -> io::Result<()> {
    write!(w, r#"      <trkpt lat="{}" lon="{}">"#, p.lat, p.lng)?;
    if let Some(alt) = finite(p.alt) {
        write!(w, "<ele>{alt}</ele>")?;
    }
    write!(w, "<time>{}</time>", utc_time(&p.time))?;
    if let Some(addr) = &p.address {
        write!(w, "<desc>{}</desc>", escape(addr))?;
    }
    if let Some(sat) = p.satellites {
        write!(w, "<sat>{sat}</sat>")?;
    }
    let speed = finite(p.speed);
    // The Garmin schema restricts course to [0, 360).
    let course = finite(p.heading).map(|h| h.rem_euclid(360.0));
    let precision = finite(p.precision);
    let mileage = finite(p.mileage);
    let has_tm = precision.is_some() || mileage.is_some() || p.parking || p.gsm_lbs || p.buffered;
    if speed.is_some() || course.is_some() || has_tm {
        write!(w, "<extensions>")?;
        if speed.is_some() || course.is_some() {
            write!(w, "<gpxtpx:TrackPointExtension>")?;
            if let Some(kmh) = speed {
                write!(w, "<gpxtpx:speed>{}</gpxtpx:speed>", kmh / 3.6)?;
            }
            if let Some(c) = course {
                write!(w, "<gpxtpx:course>{c}</gpxtpx:course>")?;
            }
            write!(w, "</gpxtpx:TrackPointExtension>")?;
        }
        if let Some(v) = precision {
            write!(w, "<tm:precision>{v}</tm:precision>")?;
        }
        if let Some(v) = mileage {
            write!(w, "<tm:mileage>{v}</tm:mileage>")?;
        }
        // Flags are written only when set; a missing flag means false.
        for (set, tag) in [
            (p.parking, "parking"),
            (p.gsm_lbs, "gsm_lbs"),
            (p.buffered, "buffered"),
        ] {
            if set {
                write!(w, "<tm:{tag}>true</tm:{tag}>")?;
            }
        }
        write!(w, "</extensions>")?;
    }
    writeln!(w, "</trkpt>")
}
