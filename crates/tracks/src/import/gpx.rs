//! GPX 1.1 and 1.0 reader: every `<trkseg>` and every `<rte>` becomes a segment; waypoints
//! (`<wpt>`) are places, not a line, and are skipped.
//!
//! Reads back everything our writer puts in a point (`export/gpx.rs`): `<ele>`, `<time>`,
//! `<desc>` (address), `<sat>`, speed (m/s) and course from Garmin's TrackPointExtension or
//! GPX 1.0's `<speed>`/`<course>`, and the `tm:` fields; segment names and ids from the
//! `<tm:segment number="N">` entries in a track's `<extensions>`.
//!
//! The walk keeps a point's values as text; `gpx_points` turns them into points, on a second
//! thread for big files. Files from 4 MB on are read in two halves at once when they read
//! without a fault that way (`gpx_halves`); the building of the track (`Shape`) is the same code.
//!
//! Stands in for the `gpx` crate (in the tree as a test dependency, where it checks our writer):
//! on the same 258 MB, 1,000,000-point file it took 46.7 s where this reader takes 1.0 s (same
//! run, `cargo bench -p trackmate-tracks --bench simplify`, BENCHMARKS.md), and a person opening
//! a day of one-second fixes should not wait most of a minute.

use std::borrow::Cow;

use super::build::{Draft, SegmentDraft};
use super::error::{At, ImportError};
use super::gpx_halves;
use super::gpx_points::{self, Points};
use super::xml::{Ev, Stack, name, walk};
use crate::Format;

/// Segment details from `<tm:segment>`: 1-based number within its `<trk>`, name, id.
type SegmentInfo = (usize, Option<String>, Option<i64>);

/// What the walk builds besides the points: the track and its segments (their points are
/// converted apart, see `gpx_points`), and what it takes to build them.
#[derive(Default)]
pub(super) struct Shape {
    draft: Draft,
    /// Points of the last segment so far.
    counted: usize,
    metadata_name: Option<String>,
    /// Index into `draft.segments` of the current `<trk>`'s first segment.
    trk_first: usize,
    info: Vec<SegmentInfo>,
    open_info: Option<SegmentInfo>,
}

pub(super) fn parse(bytes: &[u8]) -> Result<Draft, ImportError> {
    // A big file is read on two cores when its shape allows; anything else (and every error)
    // is the walk's below.
    if let Some(draft) = gpx_halves::parse(bytes) {
        return Ok(draft);
    }
    parse_in(bytes, bytes.len() >= gpx_points::ALONGSIDE_FROM)
}

/// `parse`, converting points on a second thread (`alongside`) or in the walk.
pub(super) fn parse_in(bytes: &[u8], alongside: bool) -> Result<Draft, ImportError> {
    let (shape, converted) = gpx_points::read(alongside, |points| {
        let mut shape = Shape::default();
        walk(bytes, |stack, ev| shape.event(points, stack, ev))?;
        Ok(shape)
    })?;
    Ok(shape.finish(converted))
}

impl Shape {
    /// One event of the walk, its track points handed to `points`.
    pub fn event<'a>(
        &mut self,
        points: &mut Points<'a>,
        stack: &Stack,
        ev: Ev<'_, 'a>,
    ) -> Result<(), ImportError> {
        match ev {
            Ev::Start(e) => {
                let el = stack.up(0);
                self.check_root(stack)?;
                if el == b"trkpt" || el == b"rtept" {
                    let at = self.next_at();
                    let [lat, lon] = e.attrs([b"lat", b"lon"])?;
                    let none = || Cow::Borrowed("");
                    points.open(at, lat.unwrap_or_else(none), lon.unwrap_or_else(none));
                    return Ok(());
                }
                self.start(stack, || e.attr(b"number"))
            }
            Ev::End { text } => {
                if !points.is_open() {
                    self.end(stack, &text);
                    return Ok(());
                }
                let el = stack.up(0);
                if el == b"trkpt" || el == b"rtept" {
                    let segment = self.point_ends(1);
                    points.close(segment)?;
                } else if let Some(field) = gpx_points::field(el, &text) {
                    points.value(field, text);
                }
                Ok(())
            }
        }
    }

    /// The root element must be `<gpx>`.
    pub fn check_root(&self, stack: &Stack) -> Result<(), ImportError> {
        let el = stack.up(0);
        if stack.depth() == 1 && el != b"gpx" {
            return Err(ImportError::WrongFormat {
                format: Format::Gpx,
                found: format!("the root element is <{}>, not <gpx>", name(el)),
            });
        }
        Ok(())
    }

    /// An element other than a point starts (inside a point or not); `number` reads its
    /// attribute of that name.
    pub fn start<'a>(
        &mut self,
        stack: &Stack,
        number: impl FnOnce() -> Result<Option<Cow<'a, str>>, ImportError>,
    ) -> Result<(), ImportError> {
        match stack.up(0) {
            b"trk" => {
                self.trk_first = self.draft.segments.len();
                self.info.clear();
            }
            b"trkseg" | b"rte" => {
                self.draft.new_segment();
                self.counted = 0;
            }
            b"segment" if stack.up(1) == b"extensions" => {
                let n = number()?.and_then(|n| n.trim().parse().ok());
                self.open_info = n.map(|n| (n, None, None));
            }
            _ => {}
        }
        Ok(())
    }

    /// `n` points end (none of them open at the start of another): returns the index in the
    /// draft of their segment.
    pub fn point_ends(&mut self, n: usize) -> usize {
        // A point outside any segment starts one.
        if self.draft.segments.is_empty() {
            self.draft.new_segment();
            self.counted = 0;
        }
        self.counted += n;
        self.draft.segments.len() - 1
    }

    /// Where the next point of the current segment is (`Draft::next_at`, counting the points
    /// that are being converted elsewhere).
    fn next_at(&self) -> At {
        At::Point {
            segment: self.draft.segments.last().map_or(1, |s| s.number),
            point: self.counted + 1,
        }
    }

    /// An element ends while no point is open.
    pub fn end(&mut self, stack: &Stack, text: &str) {
        match (stack.up(0), stack.up(1)) {
            (b"name", b"trk") if self.draft.name.is_none() => {
                self.draft.name = Some(text.to_owned())
            }
            (b"name", b"metadata") => self.metadata_name = Some(text.to_owned()),
            (b"name", b"rte") => self.draft.current().name = Some(text.to_owned()),
            (b"name", b"segment") => {
                if let Some(info) = &mut self.open_info {
                    info.1 = Some(text.to_owned());
                }
            }
            (b"id", b"segment") => {
                if let Some(info) = &mut self.open_info {
                    info.2 = text.trim().parse().ok();
                }
            }
            (b"segment", b"extensions") => self.info.extend(self.open_info.take()),
            (b"trk", _) => {
                for (number, name, id) in self.info.drain(..) {
                    let i = self.trk_first + number.saturating_sub(1);
                    if let Some(seg) = self.draft.segments.get_mut(i).filter(|_| number > 0) {
                        seg.name = name;
                        seg.id = id;
                    }
                }
            }
            _ => {}
        }
    }

    /// The draft, with the points converted for each of its segments (by index).
    pub fn finish(self, converted: Vec<SegmentDraft>) -> Draft {
        let mut draft = self.draft;
        draft.name = draft.name.or(self.metadata_name);
        for (segment, converted) in draft.segments.iter_mut().zip(converted) {
            segment.points = converted.points;
            segment.untimed = converted.untimed;
        }
        draft
    }
}
