//! The GPX reader's track points, from the texts the walk finds to `Point`s. For big files the
//! texts are converted on a second thread while the walk goes on: reading numbers and times
//! and filling fresh memory with a million points (150 MB) is a quarter of the work, which the
//! walk then need not wait for.
//!
//! Errors come out as if every value were converted the moment the walk meets it: the walk
//! hands over only what it has passed, so a conversion error is always earlier in the file
//! than where the walk stopped, and it wins.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::mpsc;
use std::thread;

use chrono::{DateTime, FixedOffset};

use super::build::{self, SegmentDraft};
use super::error::{At, ImportError};
use crate::Point;

/// Files from this size on (some 4,000 points) are converted alongside the walk; for smaller
/// ones a thread is not worth starting.
pub(super) const ALONGSIDE_FROM: usize = 1 << 20;
/// Points per batch handed over: each hand-over may wake the converting thread, which costs
/// some microseconds; this many make that nothing to speak of (and a batch some 500 kB).
const BATCH: usize = 4096;

/// A value of a track point that the reader keeps, by the element it comes from.
#[derive(Clone, Copy)]
pub(super) enum Field {
    Ele,
    Time,
    Desc,
    Sat,
    Speed,
    Course,
    Precision,
    Mileage,
    Parking,
    GsmLbs,
    Buffered,
}

/// The field that element `el` (a child of `<trkpt>` at any depth, by local name) with `text`
/// gives, if any.
pub(super) fn field(el: &[u8], text: &str) -> Option<Field> {
    Some(match el {
        b"ele" => Field::Ele,
        // An empty time says nothing; it does not undo an earlier one.
        b"time" if !text.is_empty() => Field::Time,
        b"desc" => Field::Desc,
        b"sat" => Field::Sat,
        b"speed" => Field::Speed,
        b"course" => Field::Course,
        b"precision" => Field::Precision,
        b"mileage" => Field::Mileage,
        b"parking" => Field::Parking,
        b"gsm_lbs" => Field::GsmLbs,
        b"buffered" => Field::Buffered,
        _ => return None,
    })
}

/// A point as read.
struct Raw<'a> {
    /// Index in the draft of its segment; `None` for a point that is only checked: one cut
    /// short by another `<trkpt>` inside it, or by an error.
    segment: Option<usize>,
    at: At,
    lat: Cow<'a, str>,
    lon: Cow<'a, str>,
    /// Its values in `Batch::values`, in file order.
    values: Range<usize>,
}

#[derive(Default)]
struct Batch<'a> {
    points: Vec<Raw<'a>>,
    values: Vec<(Field, Cow<'a, str>)>,
}

impl Batch<'_> {
    fn clear(&mut self) {
        self.points.clear();
        self.values.clear();
    }
}

/// The point being read: its values are the batch's from `first` on.
struct Open<'a> {
    at: At,
    lat: Cow<'a, str>,
    lon: Cow<'a, str>,
    first: usize,
}

/// Where full batches go.
enum Sink<'a> {
    /// Converted right away, on this thread.
    Here(Converter),
    /// To the converting thread, which sends emptied batches back for reuse.
    Alongside {
        to: mpsc::SyncSender<Batch<'a>>,
        spares: mpsc::Receiver<Batch<'a>>,
    },
    /// The converting thread stopped at an error, which it returns when joined.
    Stopped,
}

/// What the walk hands its track points to.
pub(super) struct Points<'a> {
    batch: Batch<'a>,
    open: Option<Open<'a>>,
    sink: Sink<'a>,
}

impl<'a> Points<'a> {
    /// A point starts at `at` with these coordinates. A point still open is cut short by it.
    pub fn open(&mut self, at: At, lat: Cow<'a, str>, lon: Cow<'a, str>) {
        self.cut_short();
        let first = self.batch.values.len();
        self.open = Some(Open {
            at,
            lat,
            lon,
            first,
        });
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// A value of the open point.
    pub fn value(&mut self, field: Field, text: Cow<'a, str>) {
        self.batch.values.push((field, text));
    }

    /// The open point ends, and belongs to the draft's segment `segment`.
    pub fn close(&mut self, segment: usize) -> Result<(), ImportError> {
        if let Some(open) = self.open.take() {
            self.push(open, Some(segment));
        }
        if self.batch.points.len() < BATCH {
            return Ok(());
        }
        self.flush()
    }

    fn cut_short(&mut self) {
        if let Some(open) = self.open.take() {
            self.push(open, None);
        }
    }

    fn push(&mut self, open: Open<'a>, segment: Option<usize>) {
        self.batch.points.push(Raw {
            segment,
            at: open.at,
            lat: open.lat,
            lon: open.lon,
            values: open.first..self.batch.values.len(),
        });
    }

    fn flush(&mut self) -> Result<(), ImportError> {
        match &mut self.sink {
            Sink::Here(converter) => {
                let converted = converter.convert(&self.batch);
                self.batch.clear();
                converted
            }
            Sink::Alongside { to, spares } => {
                let fresh = spares.try_recv().unwrap_or_default();
                if to.send(std::mem::replace(&mut self.batch, fresh)).is_ok() {
                    return Ok(());
                }
                self.sink = Sink::Stopped;
                Err(stopped())
            }
            Sink::Stopped => Err(stopped()),
        }
    }
}

/// The walk's error once the converting thread has stopped: never shown, as that thread's own
/// error comes first (see `settle`).
fn stopped() -> ImportError {
    ImportError::Inconsistent("the conversion of track points stopped".into())
}

/// Runs `walk` with a `Points` to hand its track points to, and returns what it returns with
/// the points converted, by segment index: on a second thread if `alongside` (and a thread
/// can be had).
pub(super) fn read<'a, T>(
    alongside: bool,
    walk: impl FnOnce(&mut Points<'a>) -> Result<T, ImportError>,
) -> Result<(T, Vec<SegmentDraft>), ImportError> {
    thread::scope(|s| {
        let (to, inbox) = mpsc::sync_channel::<Batch<'a>>(4);
        let (spare, spares) = mpsc::channel();
        let converter = alongside.then(|| {
            thread::Builder::new().spawn_scoped(s, move || {
                let mut converter = Converter::default();
                for mut batch in inbox {
                    // An error ends the thread, and with it the walk's next hand-over.
                    converter.convert(&batch)?;
                    batch.clear();
                    // The walk may be done and no longer take spares.
                    spare.send(batch).ok();
                }
                Ok(converter.segments)
            })
        });
        // Without a thread (not asked for, or none to be had) the points are converted here.
        let (sink, converter) = match converter {
            Some(Ok(thread)) => (Sink::Alongside { to, spares }, Some(thread)),
            _ => (Sink::Here(Converter::default()), None),
        };
        let mut points = Points {
            batch: Batch::default(),
            open: None,
            sink,
        };
        let walked = walk(&mut points);
        // A point left open by an error had its values checked up to the error.
        points.cut_short();
        let last = points.flush();
        let converted = match (points.sink, converter) {
            (Sink::Here(converter), _) => last.map(|()| converter.segments),
            (sink, Some(thread)) => {
                // Closing the channel ends the thread's loop.
                drop(sink);
                // Converting cannot panic; were it to, the file fails with an error instead
                // of taking the caller (a window's loading thread) down.
                thread.join().unwrap_or_else(|_| Err(stopped()))
            }
            // Only a thread takes batches away, so there is one here.
            (_, None) => Err(stopped()),
        };
        settle(walked, converted)
    })
}

/// The walk's result with the converted points. A conversion error comes first: everything
/// converted was handed over before the walk stopped, so it is earlier in the file.
fn settle<T>(
    walked: Result<T, ImportError>,
    converted: Result<Vec<SegmentDraft>, ImportError>,
) -> Result<(T, Vec<SegmentDraft>), ImportError> {
    let segments = converted?;
    Ok((walked?, segments))
}

/// Turns batches into points, by segment index.
#[derive(Default)]
struct Converter {
    segments: Vec<SegmentDraft>,
}

impl Converter {
    fn convert(&mut self, batch: &Batch<'_>) -> Result<(), ImportError> {
        for raw in &batch.points {
            let (p, time) = point(raw, &batch.values[raw.values.clone()])?;
            if let Some(i) = raw.segment {
                if self.segments.len() <= i {
                    self.segments.resize_with(i + 1, SegmentDraft::default);
                }
                self.segments[i].push(p, time);
            }
        }
        Ok(())
    }
}

/// A point from its texts, checked in the order the file gives them.
fn point(
    raw: &Raw<'_>,
    values: &[(Field, Cow<'_, str>)],
) -> Result<(Point, Option<DateTime<FixedOffset>>), ImportError> {
    let at = raw.at;
    let lat = build::coordinate(at, "latitude (lat)", &raw.lat)?;
    let lng = build::coordinate(at, "longitude (lon)", &raw.lon)?;
    let mut p = build::point(at, lat, lng)?;
    let mut time = None;
    for (field, text) in values {
        let text: &str = text;
        match field {
            Field::Ele => p.alt = build::number(at, "elevation (ele)", text)?,
            Field::Time => time = Some(build::time(at, text)?),
            Field::Desc => p.address = Some(text.to_owned()).filter(|s| !s.is_empty()),
            Field::Sat => p.satellites = build::integer(at, "satellites (sat)", text)?,
            // m/s in GPX 1.0 and in Garmin's extension; the model keeps km/h.
            Field::Speed => p.speed = kmh(at, text)?,
            Field::Course => p.heading = build::number(at, "course", text)?,
            Field::Precision => p.precision = build::number(at, "precision", text)?,
            Field::Mileage => p.mileage = build::number(at, "mileage", text)?,
            Field::Parking => p.parking = build::flag(at, "parking", text)?,
            Field::GsmLbs => p.gsm_lbs = build::flag(at, "gsm_lbs", text)?,
            Field::Buffered => p.buffered = build::flag(at, "buffered", text)?,
        }
    }
    Ok((p, time))
}

/// A speed in m/s as km/h; a speed so big that it has no km/h (1e308 m/s) is refused.
fn kmh(at: At, text: &str) -> Result<Option<f64>, ImportError> {
    match build::number(at, "speed", text)? {
        Some(ms) if !(ms * 3.6).is_finite() => Err(ImportError::BadValue {
            at,
            field: "speed",
            value: text.trim().to_owned(),
        }),
        speed => Ok(speed.map(|ms| ms * 3.6)),
    }
}
