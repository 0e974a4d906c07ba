//! Lenient readers of plain values: numbers (a numeric string is parsed, a fraction where an
//! integer is expected is rounded), flags, texts, date/times in the decode's zone, dates,
//! free-form maps and lists of ids or names. Whatever does not fit reads as `None`/empty.

use super::{Lenient, Scalar, seq_of};
use crate::time::{Time, decode_zone, parse};
use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess, value::MapAccessDeserializer};
use serde_json::{Map, Value};

/// A finite number from a number or a numeric string (`NaN`/`inf` are not numbers here).
fn number(s: Scalar<'_>) -> Option<f64> {
    let v = match s {
        Scalar::F64(v) => v,
        Scalar::I64(v) => v as f64,
        Scalar::U64(v) => v as f64,
        Scalar::Str(t) => t.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

impl Lenient for Option<f64> {
    fn scalar(s: Scalar<'_>) -> Self {
        number(s)
    }
}

impl Lenient for Option<i64> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::I64(v) => Some(v),
            Scalar::U64(v) => i64::try_from(v).ok(),
            Scalar::Str(t) => t.trim().parse::<i64>().ok().or_else(|| whole(s, I64_RANGE)),
            other => whole(other, I64_RANGE),
        }
    }
}

impl Lenient for Option<u64> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::U64(v) => Some(v),
            Scalar::I64(v) => u64::try_from(v).ok(),
            Scalar::Str(t) => t.trim().parse::<u64>().ok().or_else(|| whole(s, U64_RANGE)),
            other => whole(other, U64_RANGE),
        }
    }
}

/// The f64 bounds of i64 and u64 (exact in f64; the upper bound itself is out of range).
const I64_RANGE: std::ops::Range<f64> = -9.223_372_036_854_776e18..9.223_372_036_854_776e18;
const U64_RANGE: std::ops::Range<f64> = 0.0..1.844_674_407_370_955_2e19;

/// A fractional number where a whole one is expected: rounded, if it fits.
fn whole<T: FromF64>(s: Scalar<'_>, range: std::ops::Range<f64>) -> Option<T> {
    let v = number(s)?.round();
    range.contains(&v).then_some(T::from_f64(v))
}

trait FromF64 {
    fn from_f64(v: f64) -> Self;
}
impl FromF64 for i64 {
    fn from_f64(v: f64) -> Self {
        v as i64
    }
}
impl FromF64 for u64 {
    fn from_f64(v: f64) -> Self {
        v as u64
    }
}

impl Lenient for Option<bool> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Bool(b) => Some(b),
            Scalar::I64(0) | Scalar::U64(0) => Some(false),
            Scalar::I64(1) | Scalar::U64(1) => Some(true),
            Scalar::Str(t) => match t.trim() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A flag where anything but a true value is false.
impl Lenient for bool {
    fn scalar(s: Scalar<'_>) -> Self {
        Option::<bool>::scalar(s).unwrap_or(false)
    }
}

/// A text; numbers and flags read as their JSON text (`device_id`, `phone` come as numbers).
impl Lenient for Option<String> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Str(t) => Some(t.to_owned()),
            Scalar::I64(v) => Some(v.to_string()),
            Scalar::U64(v) => Some(v.to_string()),
            Scalar::F64(v) => Some(v.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Null | Scalar::Other => None,
        }
    }
}

/// A text where a missing one is empty (addresses: `""` when unknown).
impl Lenient for String {
    fn scalar(s: Scalar<'_>) -> Self {
        Option::<String>::scalar(s).unwrap_or_default()
    }
}

/// A server date/time in the decode's zone; empty or unreadable is `None`.
impl Lenient for Option<Time> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Str(t) => parse(t, decode_zone()),
            _ => None,
        }
    }
}

/// The date part of a date or date/time.
impl Lenient for Option<NaiveDate> {
    fn scalar(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Str(t) => t
                .trim()
                .get(..10)
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()),
            _ => None,
        }
    }
}

/// A free-form object (custom fields, `extra`, UI settings): kept as JSON; not an object is
/// `None`.
impl Lenient for Option<Map<String, Value>> {
    fn scalar(_: Scalar<'_>) -> Self {
        None
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Map::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
}

impl Lenient for Map<String, Value> {
    fn scalar(_: Scalar<'_>) -> Self {
        Map::new()
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Map::deserialize(MapAccessDeserializer::new(map))
    }
}

/// Ids (tags, blocked trackers): elements that are not integers are skipped.
impl Lenient for Vec<i64> {
    fn scalar(_: Scalar<'_>) -> Self {
        Vec::new()
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        seq_of(seq)
    }
}

/// Names (features): elements that are not texts are read as their JSON text or skipped.
impl Lenient for Vec<String> {
    fn scalar(_: Scalar<'_>) -> Self {
        Vec::new()
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        seq_of(seq)
    }
}
