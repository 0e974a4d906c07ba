//! `track/read` replies poured into a [`PointSink`] as they are decoded, by two readers that
//! give the same result: the lenient serde reader (`Deserialize for PointsInto`), which reads
//! anything, and the hand tokenizer of `fast_points` for the shape servers send, which is tried
//! first (`PointsInto::from_json`).

use serde::de::{IgnoredAny, MapAccess, SeqAccess};
use serde::{Deserialize, Deserializer};

use super::track::TrackPoint;
use crate::lenient::{Key, L, LeftOut, Lenient, Scalar, Scope, records};

/// Where the usable points of `track/read` replies go as they are decoded, in order: a
/// `Vec<TrackPoint>` ([`TrackPoints`](crate::models::track::TrackPoints)), or a caller's own compact columns, so that a million
/// points never sit in memory as `TrackPoint`s on their way to the form the caller keeps.
pub trait PointSink: Default + Send + 'static {
    /// The reply's next usable point.
    fn point(&mut self, p: TrackPoint);
    /// About `points` more are coming (a guess from the reply's size): room for them now
    /// saves growing each column step by step.
    fn reserve(&mut self, points: usize) {
        let _ = points;
    }
    /// How many points it holds (progress counts them).
    fn count(&self) -> usize;
    /// Appends the points of the next window, decoded into a sink of its own (windows are
    /// decoded on several threads at once).
    fn append(&mut self, next: Self);
}

impl PointSink for Vec<TrackPoint> {
    fn point(&mut self, p: TrackPoint) {
        self.push(p);
    }
    fn reserve(&mut self, points: usize) {
        Vec::reserve(self, points);
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn append(&mut self, mut next: Self) {
        if self.is_empty() {
            *self = next;
        } else {
            Vec::append(self, &mut next);
        }
    }
}

/// A `track/read` reply whose points went into `S` (merged over every window of a long
/// period). [`TrackPoints`](crate::models::track::TrackPoints) is this with a `Vec<TrackPoint>`: both decode the same way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PointsInto<S> {
    /// The storage period clipped the data. A warning, not an error.
    pub limit_exceeded: bool,
    pub points: S,
    /// Points that could not be placed.
    pub left_out: LeftOut,
}

/// `list` read into a sink: each point that builds goes in, the rest are counted.
struct Sunk<S>(S);

impl<S: PointSink> Lenient for Sunk<S> {
    fn scalar(_: Scalar<'_>) -> Self {
        Sunk(S::default())
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        let mut sink = S::default();
        records::<TrackPoint, A>(seq, |p| sink.point(p))?;
        Ok(Sunk(sink))
    }
}

/// The reply's fields, read as `lenient_struct!` reads a struct (which takes no generics):
/// unknown keys skipped, a repeated key takes the last value.
struct RawPointsInto<S> {
    limit_exceeded: bool,
    list: Sunk<S>,
}

impl<S: PointSink> Lenient for RawPointsInto<S> {
    fn scalar(_: Scalar<'_>) -> Self {
        RawPointsInto {
            limit_exceeded: false,
            list: Sunk(S::default()),
        }
    }
    fn map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = Self::scalar(Scalar::Other);
        while let Some(k) = map.next_key::<Key<'de>>()? {
            match k.as_str() {
                "limit_exceeded" => out.limit_exceeded = map.next_value::<L<bool>>()?.0,
                "list" => out.list = map.next_value::<L<Sunk<S>>>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

impl<'de, S: PointSink> Deserialize<'de> for PointsInto<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let r = RawPointsInto::<S>::read(d)?;
        Ok(PointsInto {
            limit_exceeded: r.limit_exceeded,
            points: r.list.0,
            left_out: scope.end(),
        })
    }
}

impl<S: PointSink> PointsInto<S> {
    /// Decodes a reply body: by the fast reader where it takes the reply on, else by serde.
    pub(crate) fn from_json(body: &[u8]) -> serde_json::Result<Self> {
        match super::fast_points::reply(body) {
            Some(reply) => Ok(reply),
            None => serde_json::from_slice(body),
        }
    }
}
