//! The fast reader of `track/read` replies: tokenizes the shape servers send — flat point
//! objects of plain numbers, texts without escapes, flags and nulls — by hand, faster than
//! serde (1.5× into the same `TrackPoint`s, BENCHMARKS.md), and hands every value to the same
//! lenient conversions (`RawPoint::setter`) and every point to the same `Build` as serde's
//! reading. A
//! point it does not take on (a nested or escaped value, a number with an exponent or beyond
//! f64's exact integers, anything malformed) is read by serde on its own; an envelope it does
//! not take on sends the whole reply to serde. So a reply reads the same either way (the fuzz
//! replay and `tests/track_read.rs` compare them).

use serde::{Deserialize, Deserializer};

use super::track::{RawPoint, TrackPoint};
use super::track_read::{PointSink, PointsInto};
use crate::lenient::{Build, Item, Lenient, Reason, Scalar, Scope, note};

/// A reply as the fast reader takes it: `{…}` with `list` an array and every other value a
/// scalar; `None` sends the whole reply to serde (before anything is kept or counted).
pub(super) fn reply<S: PointSink>(body: &[u8]) -> Option<PointsInto<S>> {
    // One UTF-8 check of the whole body (serde checks each text it reads; a body that is not
    // UTF-8 anywhere, even in a value serde would skip, is left to serde).
    let text = std::str::from_utf8(body).ok()?;
    let scope = Scope::begin();
    let mut c = Cursor {
        s: text,
        b: body,
        at: 0,
    };
    let mut limit_exceeded = false;
    let mut points = S::default();
    if c.next()? != b'{' {
        return None;
    }
    if c.peek()? == b'}' {
        c.at += 1;
    } else {
        loop {
            if c.next()? != b'"' {
                return None;
            }
            let key = c.text()?;
            if c.next()? != b':' {
                return None;
            }
            match key {
                "list" => {
                    if c.next()? != b'[' {
                        return None;
                    }
                    // A repeated key takes the last value, as in serde's reading; the points
                    // left out of the earlier one stay counted there too.
                    points = S::default();
                    points.reserve((body.len() - c.at) / BYTES_PER_POINT);
                    fast_list(&mut c, &mut points)?;
                }
                "limit_exceeded" => limit_exceeded = bool::scalar(c.scalar()?),
                _ => {
                    c.scalar()?;
                }
            }
            match c.next()? {
                b',' => {}
                b'}' => break,
                _ => return None,
            }
        }
    }
    // Only whitespace may follow (serde fails the reply otherwise).
    c.ws();
    if c.at != body.len() {
        return None;
    }
    Some(PointsInto {
        limit_exceeded,
        points,
        left_out: scope.end(),
    })
}

/// The elements of `list` (after its `[`), each point kept or counted as left out.
fn fast_list<'a, S: PointSink>(c: &mut Cursor<'a>, sink: &mut S) -> Option<()> {
    if c.peek()? == b']' {
        c.at += 1;
        return Some(());
    }
    let mut shape = Vec::new();
    loop {
        c.ws();
        let start = c.at;
        let fast = if c.b.get(c.at) == Some(&b'{') {
            c.at += 1;
            fast_point(c, &mut shape)
        } else {
            None
        };
        let built = match fast {
            Some(raw) => TrackPoint::build(raw),
            None => {
                c.at = start;
                serde_point(c)?
            }
        };
        match built {
            Ok(p) => sink.point(p),
            Err(reason) => note(Item::Point, reason),
        }
        match c.next()? {
            b',' => {}
            b']' => return Some(()),
            _ => return None,
        }
    }
}

/// A key met in a point and the setter of the field it names (`None`: a key `RawPoint` does
/// not have, whose value is read and dropped, as serde skips it).
type Field<'a> = (&'a str, Option<fn(&mut RawPoint, Scalar<'_>)>);

/// One point object (after its `{`) whose values are all scalars; `None` for serde to read.
/// `shape` holds the keys of the point before, in order: servers send every point's fields in
/// the same order, so a key is recognized by comparing its bytes with the one met in its place
/// last time, and only a key that differs is scanned and looked up.
fn fast_point<'a>(c: &mut Cursor<'a>, shape: &mut Vec<Field<'a>>) -> Option<RawPoint> {
    let mut raw = RawPoint::default();
    if c.peek()? == b'}' {
        c.at += 1;
        return Some(raw);
    }
    let mut place = 0;
    loop {
        let set = match shape.get(place) {
            Some(&(key, set)) if c.key_is(key) => set,
            _ => {
                if c.next()? != b'"' {
                    return None;
                }
                let key = c.text()?;
                let set = RawPoint::setter(key);
                shape.truncate(place);
                shape.push((key, set));
                set
            }
        };
        if c.next()? != b':' {
            return None;
        }
        let value = c.scalar()?;
        if let Some(set) = set {
            set(&mut raw, value);
        }
        place += 1;
        match c.next()? {
            b',' => {}
            b'}' => return Some(raw),
            _ => return None,
        }
    }
}

/// About the fewest bytes of JSON a point takes as servers send it (the vendor's example and the
/// emulator's are 190–260), for a guess at how many points a reply holds.
const BYTES_PER_POINT: usize = 180;

/// Most nesting a point handed to serde on its own may have: inside a reply it sits two levels
/// down (the reply, its list), so up to here serde's depth limit treats it alike either way.
const MAX_POINT_DEPTH: usize = 100;

/// A list element serde reads alone (the same lenient reader as the whole reply); `None` when
/// it is malformed or too deep, which sends the whole reply to serde for its verdict.
fn serde_point(c: &mut Cursor<'_>) -> Option<Result<TrackPoint, Reason>> {
    struct One(Result<TrackPoint, Reason>);
    impl<'de> Deserialize<'de> for One {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            crate::lenient::record(d).map(One)
        }
    }
    let rest = &c.b[c.at..];
    if depth(rest) > MAX_POINT_DEPTH {
        return None;
    }
    let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<One>();
    let One(read) = values.next()?.ok()?;
    c.at += values.byte_offset();
    Some(read)
}

/// How deeply the value at the start of `b` nests (0 for a scalar), reading no further than its
/// end (strings and their escapes skipped).
fn depth(b: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_text, mut escaped) = (0usize, 0usize, false, false);
    for &ch in b {
        if in_text {
            match (escaped, ch) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_text = false,
                _ => {}
            }
            continue;
        }
        match ch {
            b'"' => in_text = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' if depth == 0 => break,
            _ => {}
        }
    }
    deepest
}

/// Exact powers of ten in f64 (10^22 is the last one).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A reply (UTF-8 checked) and the reader's place in it.
struct Cursor<'a> {
    s: &'a str,
    /// `s`'s bytes.
    b: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    /// Skips JSON whitespace.
    #[inline(always)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.b.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, read.
    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        self.ws();
        let ch = *self.b.get(self.at)?;
        self.at += 1;
        Some(ch)
    }

    /// The next byte after whitespace, left unread.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.at).copied()
    }

    /// Whether a key with exactly `key`'s text (quotes included, no whitespace before it) is
    /// next; if so, it is read.
    #[inline(always)]
    fn key_is(&mut self, key: &str) -> bool {
        let (k, n) = (key.as_bytes(), key.len());
        let hit = self
            .b
            .get(self.at..self.at + n + 2)
            .is_some_and(|b| b[0] == b'"' && b[n + 1] == b'"' && &b[1..=n] == k);
        if hit {
            self.at += n + 2;
        }
        hit
    }

    /// A string's text after its opening quote, when it has no escape and no control
    /// character (serde reads those).
    #[inline(always)]
    fn text(&mut self) -> Option<&'a str> {
        let start = self.at;
        let end = start
            + self.b[start..]
                .iter()
                .position(|&ch| ch == b'"' || ch == b'\\' || ch < 0x20)?;
        if self.b[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        // Quotes are ASCII, so both ends are character boundaries.
        self.s.get(start..end)
    }

    /// A scalar value as serde_json hands it to a visitor, or `None` for an object, an array,
    /// a form this reader leaves to serde, or malformed JSON.
    #[inline(always)]
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.text().map(Scalar::Str)
            }
            b't' => self.word(b"true", Scalar::Bool(true)),
            b'f' => self.word(b"false", Scalar::Bool(false)),
            b'n' => self.word(b"null", Scalar::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    #[inline(always)]
    fn word(&mut self, word: &[u8], value: Scalar<'a>) -> Option<Scalar<'a>> {
        let end = self.at + word.len();
        (self.b.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    /// A number as serde_json reads it — `U64`, `I64`, `F64` for `-0` and for a fraction —
    /// in the forms where its two float parsers (with and without `float_roundtrip`) agree and
    /// this one matches them: no exponent, and a fraction's digits an integer below 2^53 with
    /// at most 22 of them after the point, whose one division by an exact power of ten is
    /// correctly rounded. Anything else is left to serde.
    #[inline(always)]
    fn number(&mut self) -> Option<Scalar<'a>> {
        let b = self.b;
        let mut i = self.at;
        let negative = b.get(i) == Some(&b'-');
        i += usize::from(negative);
        let first = i;
        let mut digits: u64 = 0;
        while let Some(&ch @ b'0'..=b'9') = b.get(i) {
            digits = digits.checked_mul(10)?.checked_add(u64::from(ch - b'0'))?;
            i += 1;
        }
        // At least one digit, and no leading zero before others (serde refuses `01`).
        if i == first || (b[first] == b'0' && i > first + 1) {
            return None;
        }
        let mut fraction = 0usize;
        if b.get(i) == Some(&b'.') {
            i += 1;
            while let Some(&ch @ b'0'..=b'9') = b.get(i) {
                digits = digits.checked_mul(10)?.checked_add(u64::from(ch - b'0'))?;
                fraction += 1;
                i += 1;
            }
            if fraction == 0 {
                return None;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            return None;
        }
        let value = if fraction > 0 {
            if digits > 1 << 53 || fraction >= POW10.len() {
                return None;
            }
            let v = digits as f64 / POW10[fraction];
            Scalar::F64(if negative { -v } else { v })
        } else if !negative {
            Scalar::U64(digits)
        } else if digits == 0 {
            // serde_json reads `-0` as a float.
            Scalar::F64(-0.0)
        } else {
            Scalar::I64(-i64::try_from(digits).ok()?)
        };
        self.at = i;
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> Option<PointsInto<Vec<TrackPoint>>> {
        crate::time::with_zone(chrono_tz::Tz::Asia__Almaty, || reply(body.as_bytes()))
    }

    #[test]
    fn the_usual_shape_is_read_without_serde() {
        let p = r#"{"lat":51.1234567,"lng":71.4,"alt":350,"satellites":12,"mileage":12.34,"get_time":"2024-06-01 10:00:00","address":"","heading":90,"speed":-0,"precision":5,"gsm_lbs":false,"parking":null,"new":"x"}"#;
        let r = read(&format!(
            r#"{{"success":true,"limit_exceeded":true,"list":[{p},{p}]}}"#
        ))
        .expect("taken on");
        assert!(r.limit_exceeded);
        assert_eq!(r.points.len(), 2);
        assert_eq!(r.points[0].lat, 51.1234567);
        assert_eq!(r.points[0].mileage, Some(12.34));
        assert_eq!(r.points[0].speed, Some(0));
        // A point it cannot read is serde's; the reply stays the fast reader's.
        let odd = r#"{"lat":"51.5","lng":[71],"get_time":"2024-06-01 10:00:00","x":{"y":1}}"#;
        let r = read(&format!(r#"{{"list":[{odd},{p},7]}}"#)).expect("taken on");
        assert_eq!(r.points.len(), 1);
        assert_eq!(r.left_out.of(Item::Point), 2);
    }

    #[test]
    fn numbers_read_as_serde_json_reads_them() {
        let num = |s: &str| {
            let mut c = Cursor {
                s,
                b: s.as_bytes(),
                at: 0,
            };
            match c.number() {
                Some(Scalar::U64(v)) => format!("u{v}"),
                Some(Scalar::I64(v)) => format!("i{v}"),
                Some(Scalar::F64(v)) => format!("f{v:?}"),
                _ => "serde".into(),
            }
        };
        assert_eq!(num("0"), "u0");
        assert_eq!(num("-0"), "f-0.0");
        assert_eq!(num("-12"), "i-12");
        assert_eq!(num("51.1234567"), "f51.1234567");
        assert_eq!(num("-0.5"), "f-0.5");
        assert_eq!(num("1e5"), "serde");
        assert_eq!(num("01"), "serde");
        assert_eq!(num("1."), "serde");
        assert_eq!(num("9007199254740993.5"), "serde");
        assert_eq!(num("-9223372036854775808"), "serde");
    }
}
