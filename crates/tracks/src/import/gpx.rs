//! GPX 1.1 and 1.0 reader: every `<trkseg>` and every `<rte>` becomes a segment; waypoints
//! (`<wpt>`) are places, not a line, and are skipped.
//!
//! Reads back everything our writer puts in a point (`export/gpx.rs`): `<ele>`, `<time>`,
//! `<desc>` (address), `<sat>`, speed (m/s) and course from Garmin's TrackPointExtension or
//! GPX 1.0's `<speed>`/`<course>`, and the `tm:` fields; segment names and ids from the
//! `<tm:segment number="N">` entries in a track's `<extensions>`.

use super::build::{self, Draft};
use super::error::{At, ImportError};
use super::xml::{Ev, name, up, walk};
use crate::{Format, Point};

/// A track point being read.
struct Open {
    point: Point,
    time: Option<chrono::DateTime<chrono::FixedOffset>>,
    at: At,
}

/// Segment details from `<tm:segment>`: 1-based number within its `<trk>`, name, id.
type SegmentInfo = (usize, Option<String>, Option<i64>);

#[derive(Default)]
struct State {
    draft: Draft,
    metadata_name: Option<String>,
    /// Index into `draft.segments` of the current `<trk>`'s first segment.
    trk_first: usize,
    info: Vec<SegmentInfo>,
    open_info: Option<SegmentInfo>,
    open: Option<Open>,
}

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    let mut st = State::default();
    walk(bytes, |stack, ev| match ev {
        Ev::Start(e) => {
            let el = up(stack, 0);
            if stack.len() == 1 && el != b"gpx" {
                return Err(ImportError::WrongFormat {
                    format: Format::Gpx,
                    found: format!("the root element is <{}>, not <gpx>", name(el)),
                });
            }
            match el {
                b"trk" => {
                    st.trk_first = st.draft.segments.len();
                    st.info.clear();
                }
                b"trkseg" | b"rte" => {
                    st.draft.new_segment();
                }
                b"trkpt" | b"rtept" => {
                    let at = st.draft.next_at();
                    let lat = e.attr(b"lat")?.unwrap_or_default();
                    let lon = e.attr(b"lon")?.unwrap_or_default();
                    let lat = build::coordinate(at, "latitude (lat)", &lat)?;
                    let lng = build::coordinate(at, "longitude (lon)", &lon)?;
                    st.open = Some(Open {
                        point: build::point(at, lat, lng)?,
                        time: None,
                        at,
                    });
                }
                b"segment" if up(stack, 1) == b"extensions" => {
                    let n = e.attr(b"number")?.and_then(|n| n.trim().parse().ok());
                    st.open_info = n.map(|n| (n, None, None));
                }
                _ => {}
            }
            Ok(())
        }
        Ev::End { text } => end(&mut st, stack, text),
    })?;
    let mut draft = st.draft;
    draft.name = draft.name.or(st.metadata_name);
    Ok(draft)
}

fn end(st: &mut State, stack: &[Vec<u8>], text: &str) -> Result<(), ImportError> {
    let (el, parent) = (up(stack, 0), up(stack, 1));
    if let Some(open) = &mut st.open {
        if el == b"trkpt" || el == b"rtept" {
            let Open { point, time, .. } = st.open.take().expect("checked above");
            st.draft.current().push(point, time);
        } else {
            point_field(open, el, text)?;
        }
        return Ok(());
    }
    match (el, parent) {
        (b"name", b"trk") if st.draft.name.is_none() => st.draft.name = Some(text.to_owned()),
        (b"name", b"metadata") => st.metadata_name = Some(text.to_owned()),
        (b"name", b"rte") => st.draft.current().name = Some(text.to_owned()),
        (b"name", b"segment") => {
            if let Some(info) = &mut st.open_info {
                info.1 = Some(text.to_owned());
            }
        }
        (b"id", b"segment") => {
            if let Some(info) = &mut st.open_info {
                info.2 = text.trim().parse().ok();
            }
        }
        (b"segment", b"extensions") => st.info.extend(st.open_info.take()),
        (b"trk", _) => {
            for (number, name, id) in st.info.drain(..) {
                let i = st.trk_first + number.saturating_sub(1);
                if let Some(seg) = st.draft.segments.get_mut(i).filter(|_| number > 0) {
                    seg.name = name;
                    seg.id = id;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A child (at any depth) of `<trkpt>`, by local name.
fn point_field(open: &mut Open, el: &[u8], text: &str) -> Result<(), ImportError> {
    let (p, at) = (&mut open.point, open.at);
    match el {
        b"ele" => p.alt = build::number(at, "elevation (ele)", text)?,
        b"time" if !text.is_empty() => open.time = Some(build::time(at, text)?),
        b"desc" => p.address = Some(text.to_owned()).filter(|s| !s.is_empty()),
        b"sat" => p.satellites = build::integer(at, "satellites (sat)", text)?,
        // m/s in GPX 1.0 and in Garmin's extension; the model keeps km/h.
        b"speed" => p.speed = build::number(at, "speed", text)?.map(|v| v * 3.6),
        b"course" => p.heading = build::number(at, "course", text)?,
        b"precision" => p.precision = build::number(at, "precision", text)?,
        b"mileage" => p.mileage = build::number(at, "mileage", text)?,
        b"parking" => p.parking = build::flag(at, "parking", text)?,
        b"gsm_lbs" => p.gsm_lbs = build::flag(at, "gsm_lbs", text)?,
        b"buffered" => p.buffered = build::flag(at, "buffered", text)?,
        _ => {}
    }
    Ok(())
}
