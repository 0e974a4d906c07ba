//! The GPX reader on two cores: a big file is cut at a track point near its middle; the head is
//! walked as `gpx.rs` walks a whole file while a second thread walks the tail, converting its
//! points and logging everything else it meets (a handful of elements: segment and track ends,
//! names); the log is then replayed onto the head's track and stack, so the track is built by
//! the same code, from the same events, in the same order as by one walk.
//!
//! Only files that read without a fault take this way. Anything the tail cannot decide alone
//! (a segment starting inside a point, a point inside a point), and every error of either
//! half, sends the whole file to the one walk, which then gives its own error in its own
//! words and place; for a broken file that costs one more read, for a sound one nothing.
//!
//! Why: a walk converts some 250 bytes a point, and on one core that walk, not the disk or
//! the conversion, is what a million-point file waits for (issue 16, BENCHMARKS.md).

use std::borrow::Cow;
use std::ops::Range;
use std::thread;

use super::build::{Draft, SegmentDraft};
use super::error::{At, ImportError};
use super::gpx::Shape;
use super::gpx_points::{self, Points};
use super::xml::{Ev, Part, Stack, walk_part};

/// Files from this size on (some 16,000 points) are read in two halves; for smaller ones the
/// second thread and the replay cost more than they save.
pub(super) const HALVES_FROM: usize = 4 << 20;
/// How far past the middle a point's start tag is looked for; a file with none there (a
/// megabyte of waypoints, or of one point's extensions) is read in one piece.
const LOOK_FOR_CUT: usize = 1 << 20;

/// The track of a file big enough to be read in halves, when it reads without a fault that
/// way; `None` leaves the file (and its errors) to the one walk.
pub(super) fn parse(bytes: &[u8]) -> Option<Draft> {
    if bytes.len() < HALVES_FROM {
        return None;
    }
    parse_cut(bytes, cut_at(bytes)?)
}

/// The start of the first point's tag (`<trkpt` or `<rtept`, any prefix) in the megabyte after
/// the middle of the file, by its bytes alone: the walks then check that it is one.
fn cut_at(bytes: &[u8]) -> Option<usize> {
    let middle = bytes.len() / 2;
    let window = &bytes[middle..bytes.len().min(middle + LOOK_FOR_CUT)];
    let mut from = 0;
    while let Some(i) = window[from..].iter().position(|&b| b == b'<') {
        let at = from + i;
        if is_point_tag(&window[at + 1..]) {
            return Some(middle + at);
        }
        from = at + 1;
    }
    None
}

/// Whether `rest` (after a `<`) starts with a point's name and the end of that name.
fn is_point_tag(rest: &[u8]) -> bool {
    let head = &rest[..rest.len().min(64)];
    let Some(end) = head
        .iter()
        .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
    else {
        return false;
    };
    let name = &head[..end];
    // QName::local_name: after the first colon.
    let local = match name.iter().position(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    local == b"trkpt" || local == b"rtept"
}

/// The file read as a head up to `cut` and a tail from it, on two threads; `None` when it
/// does not read that way.
pub(super) fn parse_cut(bytes: &[u8], cut: usize) -> Option<Draft> {
    let (head, tail) = bytes.split_at_checked(cut)?;
    thread::scope(|s| {
        let tail = thread::Builder::new()
            .spawn_scoped(s, || read_tail(tail))
            .ok()?;
        let head = read_head(head);
        // Reading cannot panic; were it to, the one walk reads the file again.
        let tail = tail.join().ok()??;
        join(head?, tail)
    })
}

/// The head: its track so far, the elements left open at the cut, its points by segment.
struct Head {
    shape: Shape,
    stack: Stack,
    converted: Vec<SegmentDraft>,
}

fn read_head(bytes: &[u8]) -> Option<Head> {
    let ((shape, stack), converted) = gpx_points::read(false, |points| {
        let mut shape = Shape::default();
        let stack = walk_part(bytes, Part::Head, |stack, ev| {
            shape.event(points, stack, ev)
        })?;
        // A point open at the cut would be cut short by the tail's first one.
        if points.is_open() {
            return Err(elsewhere());
        }
        Ok((shape, stack))
    })
    .ok()?;
    Some(Head {
        shape,
        stack,
        converted,
    })
}

/// What the tail met, in file order, but for the inside of its points.
enum Entry<'a> {
    /// An element starts outside any point: its whole name in `Tail::names`, and its `number`
    /// attribute when it is a `segment` (whose parent may be the head's).
    Start {
        name: Range<usize>,
        number: Option<Cow<'a, str>>,
    },
    /// An element ends outside any point; `opened`: its whole name, when the head opened it.
    End {
        text: Cow<'a, str>,
        opened: Option<Range<usize>>,
    },
    /// `n` points, one after another: the tail's converted run `run`.
    Points { run: usize, n: usize },
}

#[derive(Default)]
struct Tail<'a> {
    log: Vec<Entry<'a>>,
    names: Vec<u8>,
    runs: usize,
    /// Whether anything was met yet: the tail must start with a point's start tag, as text
    /// before it would belong to the head's last element.
    began: bool,
}

/// Where a tail's point is said to be in an error: never shown, as any error sends the file
/// to the one walk.
const SOMEWHERE: At = At::Point {
    segment: 0,
    point: 0,
};

fn read_tail(bytes: &[u8]) -> Option<(Tail<'_>, Vec<SegmentDraft>)> {
    gpx_points::read(false, |points| {
        let mut tail = Tail::default();
        walk_part(bytes, Part::Tail, |stack, ev| tail.event(points, stack, ev))?;
        Ok(tail)
    })
    .ok()
}

impl<'a> Tail<'a> {
    fn event(
        &mut self,
        points: &mut Points<'a>,
        stack: &Stack,
        ev: Ev<'_, 'a>,
    ) -> Result<(), ImportError> {
        let el = stack.up(0);
        let is_point = el == b"trkpt" || el == b"rtept";
        let first_is_a_point = is_point && matches!(ev, Ev::Start(_));
        if !std::mem::replace(&mut self.began, true) && !first_is_a_point {
            return Err(elsewhere());
        }
        match ev {
            Ev::Start(_) if points.is_open() => {
                // What inside a point would change the track's shape (see `Shape::start`), or
                // cut the point short, is left to the one walk.
                let shaping = is_point
                    || matches!(el, b"trk" | b"trkseg" | b"rte")
                    || (el == b"segment" && stack.up(1) == b"extensions");
                if shaping { Err(elsewhere()) } else { Ok(()) }
            }
            Ev::Start(e) if is_point => {
                let [lat, lon] = e.attrs([b"lat", b"lon"])?;
                let none = || Cow::Borrowed("");
                points.open(
                    SOMEWHERE,
                    lat.unwrap_or_else(none),
                    lon.unwrap_or_else(none),
                );
                if !matches!(self.log.last(), Some(Entry::Points { .. })) {
                    self.log.push(Entry::Points {
                        run: self.runs,
                        n: 0,
                    });
                    self.runs += 1;
                }
                Ok(())
            }
            Ev::Start(e) => {
                // Read where `Shape::start` would, or may: the parent may be the head's.
                let number = match el {
                    b"segment" if stack.depth() < 2 || stack.up(1) == b"extensions" => {
                        e.attr(b"number")?
                    }
                    _ => None,
                };
                let name = self.name(stack.qualified(0));
                self.log.push(Entry::Start { name, number });
                Ok(())
            }
            Ev::End { text } if points.is_open() => {
                if is_point {
                    // Points are only opened in a run, and nothing is logged while one is open.
                    let Some(Entry::Points { run, n }) = self.log.last_mut() else {
                        return Err(elsewhere());
                    };
                    *n += 1;
                    points.close(*run)?;
                } else if let Some(field) = gpx_points::field(el, &text) {
                    points.value(field, text);
                }
                Ok(())
            }
            Ev::End { text } => {
                let opened = stack.unmatched().then(|| self.name(stack.qualified(0)));
                self.log.push(Entry::End { text, opened });
                Ok(())
            }
        }
    }

    fn name(&mut self, name: &[u8]) -> Range<usize> {
        let start = self.names.len();
        self.names.extend_from_slice(name);
        start..self.names.len()
    }
}

/// The tail's log replayed onto the head: the same calls of `Shape` as one walk makes, with the
/// tail's converted points appended to their segments.
fn join(head: Head, (tail, runs): (Tail<'_>, Vec<SegmentDraft>)) -> Option<Draft> {
    let Head {
        mut shape,
        mut stack,
        mut converted,
    } = head;
    let mut runs = runs.into_iter();
    for entry in tail.log {
        match entry {
            Entry::Start { name, number } => {
                stack.push(&tail.names[name]);
                shape.check_root(&stack).ok()?;
                shape.start(&stack, || Ok(number)).ok()?;
            }
            Entry::End { text, opened } => {
                // An end of the head's element must name it (quick-xml checks the tail's own).
                if let Some(name) = opened {
                    if stack.depth() == 0 || stack.qualified(0) != &tail.names[name] {
                        return None;
                    }
                }
                shape.end(&stack, &text);
                stack.pop();
            }
            Entry::Points { run: _, n } => {
                // A point as the root is not GPX (`Shape::check_root`).
                if stack.depth() == 0 {
                    return None;
                }
                let segment = shape.point_ends(n);
                append(&mut converted, segment, runs.next()?);
            }
        }
    }
    // The file ends inside an element.
    if stack.depth() > 0 {
        return None;
    }
    Some(shape.finish(converted))
}

/// Appends a run of converted points to the points of segment `i`.
fn append(converted: &mut Vec<SegmentDraft>, i: usize, run: SegmentDraft) {
    if converted.len() <= i {
        converted.resize_with(i + 1, SegmentDraft::default);
    }
    let segment = &mut converted[i];
    if segment.points.is_empty() {
        segment.points = run.points;
        segment.untimed = run.untimed;
        return;
    }
    let before = segment.points.len();
    segment
        .untimed
        .extend(run.untimed.iter().map(|u| u + before));
    segment.points.extend(run.points);
}

/// The error that sends a file to the one walk; never shown.
fn elsewhere() -> ImportError {
    ImportError::Inconsistent("read in one piece instead".into())
}
