//! GPX 1.1 and 1.0 reader: every `<trkseg>` and every `<rte>` becomes a segment; waypoints
//! (`<wpt>`) are places, not a line, and are skipped.
//!
//! Reads back everything our writer puts in a point (`export/gpx.rs`): `<ele>`, `<time>`,
//! `<desc>` (address), `<sat>`, speed (m/s) and course from Garmin's TrackPointExtension or
//! GPX 1.0's `<speed>`/`<course>`, and the `tm:` fields; segment names and ids from the
//! `<tm:segment number="N">` entries in a track's `<extensions>`.
//!
//! The walk keeps a point's values as text; `gpx_points` turns them into points, on a second
//! thread for big files.
//!
//! Stands in for the `gpx` crate (in the tree as a test dependency, where it checks our writer):
//! on the same 258 MB, 1,000,000-point file it took 46.7 s where this reader takes 1.0 s (same
//! run, `cargo bench -p trackmate-tracks --bench simplify`, BENCHMARKS.md), and a person opening
//! a day of one-second fixes should not wait most of a minute.

use std::borrow::Cow;

use super::build::Draft;
use super::error::{At, ImportError};
use super::gpx_points::{self, Points};
use super::xml::{Ev, Stack, name, walk};
use crate::Format;

/// Segment details from `<tm:segment>`: 1-based number within its `<trk>`, name, id.
type SegmentInfo = (usize, Option<String>, Option<i64>);

struct State<'p, 'a> {
    /// The track and its segments; their points are in `points` until the end.
    draft: Draft,
    /// Points of the last segment so far.
    counted: usize,
    metadata_name: Option<String>,
    /// Index into `draft.segments` of the current `<trk>`'s first segment.
    trk_first: usize,
    info: Vec<SegmentInfo>,
    open_info: Option<SegmentInfo>,
    points: &'p mut Points<'a>,
}

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    parse_in(bytes, bytes.len() >= gpx_points::ALONGSIDE_FROM)
}

/// `parse`, converting points on a second thread (`alongside`) or in the walk.
pub(super) fn parse_in(bytes: &[u8], alongside: bool) -> Result<Draft, ImportError> {
    let (mut draft, converted) = gpx_points::read(alongside, |points| {
        let mut st = State {
            draft: Draft::default(),
            counted: 0,
            metadata_name: None,
            trk_first: 0,
            info: Vec::new(),
            open_info: None,
            points,
        };
        walk(bytes, |stack, ev| match ev {
            Ev::Start(e) => {
                let el = stack.up(0);
                if stack.depth() == 1 && el != b"gpx" {
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
                        st.counted = 0;
                    }
                    b"trkpt" | b"rtept" => {
                        let at = st.next_at();
                        let [lat, lon] = e.attrs([b"lat", b"lon"])?;
                        let none = || Cow::Borrowed("");
                        st.points
                            .open(at, lat.unwrap_or_else(none), lon.unwrap_or_else(none));
                    }
                    b"segment" if stack.up(1) == b"extensions" => {
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
    })?;
    for (segment, converted) in draft.segments.iter_mut().zip(converted) {
        segment.points = converted.points;
        segment.untimed = converted.untimed;
    }
    Ok(draft)
}

impl State<'_, '_> {
    /// Where the next point of the current segment is (`Draft::next_at`, counting the points
    /// that are being converted elsewhere).
    fn next_at(&self) -> At {
        At::Point {
            segment: self.draft.segments.last().map_or(1, |s| s.number),
            point: self.counted + 1,
        }
    }
}

fn end<'a>(st: &mut State<'_, 'a>, stack: &Stack, text: Cow<'a, str>) -> Result<(), ImportError> {
    let (el, parent) = (stack.up(0), stack.up(1));
    if st.points.is_open() {
        if el == b"trkpt" || el == b"rtept" {
            // A point outside any segment starts one.
            if st.draft.segments.is_empty() {
                st.draft.new_segment();
                st.counted = 0;
            }
            st.counted += 1;
            st.points.close(st.draft.segments.len() - 1)?;
        } else if let Some(field) = gpx_points::field(el, &text) {
            st.points.value(field, text);
        }
        return Ok(());
    }
    let text: &str = &text;
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
