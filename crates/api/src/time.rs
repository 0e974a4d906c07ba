//! Time on the wire: the server speaks `yyyy-MM-dd HH:mm:ss` in the user's time zone (or ISO 8601
//! with `iso_datetime`); the client hands out and takes zone-aware `DateTime<Tz>` values.
//!
//! Decoding needs the user's zone, which serde cannot be given as an argument; the client sets it
//! in a thread-local for the (synchronous) duration of one `serde_json` decode.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::cell::Cell;

/// A zone-aware timestamp in the user's time zone.
pub type Time = DateTime<Tz>;

thread_local! {
    static DECODE_ZONE: Cell<Tz> = const { Cell::new(Tz::UTC) };
}

/// Runs `f` with `tz` as the zone that naive server date/times are read in.
pub(crate) fn with_zone<T>(tz: Tz, f: impl FnOnce() -> T) -> T {
    let prev = DECODE_ZONE.with(|z| z.replace(tz));
    let out = f();
    DECODE_ZONE.with(|z| z.set(prev));
    out
}

/// The zone naive date/times are read in during this thread's decode.
pub(crate) fn decode_zone() -> Tz {
    DECODE_ZONE.with(|z| z.get())
}

/// Parses a time zone name such as `Europe/Berlin`.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse().ok()
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// Fast path for the server's fixed `yyyy-MM-dd HH:mm:ss` (a track can hold a million of them).
fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let date = NaiveDate::from_ymd_opt(
            digits(&b[0..4])? as i32,
            digits(&b[5..7])?,
            digits(&b[8..10])?,
        )?;
        return date.and_hms_opt(0, 0, 0);
    }
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )?;
    date.and_hms_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )
}

/// Resolves a local wall-clock time in `tz` to an instant.
///
/// In the repeated hour of a DST fall-back the earlier instant is taken; a time inside a
/// spring-forward gap (which a server should never send) is moved forward by the gap.
pub fn resolve_local(naive: NaiveDateTime, tz: Tz) -> Time {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t,
        LocalResult::Ambiguous(early, _) => early,
        LocalResult::None => {
            // Walk forward minute by minute out of the gap (gaps are at most a few hours).
            let mut probe = naive;
            for _ in 0..(24 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t;
                }
            }
            Utc.from_utc_datetime(&naive).with_timezone(&tz)
        }
    }
}

/// Parses a server date/time: naive local (`yyyy-MM-dd HH:mm:ss`, or a bare date), or ISO 8601
/// with an offset or `Z`. The result is expressed in `tz`.
pub fn parse(s: &str, tz: Tz) -> Option<Time> {
    let s = s.trim();
    if let Some(naive) = parse_naive(s) {
        return Some(resolve_local(naive, tz));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&tz));
    }
    // `yyyy-MM-ddTHH:mm:ss+0500` (the docs' `ZZ` pattern without a colon).
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(t.with_timezone(&tz));
    }
    // ISO without an offset: local time.
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|n| resolve_local(n, tz))
}

/// Formats an instant as the server expects it: `yyyy-MM-dd HH:mm:ss` in the user's zone.
pub fn format<Z: TimeZone>(t: &DateTime<Z>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Parses an ISO 8601 duration of days/hours/minutes/seconds (`P90D`, `PT5M`, `P1DT2H`).
/// Months and years are taken as 30 and 365 days (only limits use this).
pub fn parse_iso_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let rest = s.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut secs = 0f64;
    let mut parse_part = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let (_, mult) = units.iter().find(|(u, _)| *u == c)?;
                secs += num.parse::<f64>().ok()? * mult;
                num.clear();
            }
        }
        num.is_empty().then_some(())
    };
    parse_part(
        date,
        &[
            ('Y', 365.0 * 86400.0),
            ('M', 30.0 * 86400.0),
            ('W', 7.0 * 86400.0),
            ('D', 86400.0),
        ],
    )?;
    parse_part(time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    if date.is_empty() && time.is_empty() {
        return None;
    }
    Some(Duration::milliseconds((secs * 1000.0).round() as i64))
}

/// serde for a required server date/time; serializes as RFC 3339 with the offset.
pub mod serde_time {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&t.to_rfc3339())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse(&raw, decode_zone())
            .ok_or_else(|| D::Error::custom(format!("invalid date/time {raw:?}")))
    }
}

/// serde for an optional server date/time: missing, `null` or `""` read as `None`; an
/// unreadable value is an error (it would be silently wrong otherwise).
pub mod serde_time_opt {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
        let raw = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => parse(s, decode_zone())
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("invalid date/time {s:?}"))),
        }
    }
}

/// serde for date-only fields that the docs type as date/time (`creation_date`): the date part
/// of whatever is there; unreadable values read as `None` since nothing depends on them.
pub mod serde_date_opt {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let raw = Option::<std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(raw.and_then(|s| {
            s.get(..10)
                .and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok())
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_is_read_in_the_user_zone() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let t = parse("2024-08-01 13:45:23", tz).unwrap();
        assert_eq!(
            t.with_timezone(&Utc).to_rfc3339(),
            "2024-08-01T17:45:23+00:00"
        );
        assert_eq!(format(&t, tz), "2024-08-01 13:45:23");
    }

    #[test]
    fn iso_forms_are_accepted() {
        let tz: Tz = "Asia/Yekaterinburg".parse().unwrap();
        let a = parse("2014-07-09T07:50:58+05:00", tz).unwrap();
        let b = parse("2014-07-09T02:50:58Z", tz).unwrap();
        let c = parse("2014-07-09T07:50:58+0500", tz).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn dst_fall_back_takes_the_earlier_instant_and_gap_moves_forward() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let t = parse("2024-10-27 02:30:00", tz).unwrap();
        assert_eq!(
            t.with_timezone(&Utc).to_rfc3339(),
            "2024-10-27T00:30:00+00:00"
        );
        let g = parse("2024-03-31 02:30:00", tz).unwrap();
        assert_eq!(
            g.with_timezone(&Utc).to_rfc3339(),
            "2024-03-31T01:00:00+00:00"
        );
    }

    #[test]
    fn bad_strings_are_rejected() {
        for s in [
            "",
            "2024-13-01 00:00:00",
            "yesterday",
            "2024-01-01 25:00:00",
            "2024-01-01T",
        ] {
            assert!(parse(s, Tz::UTC).is_none(), "{s}");
        }
    }

    #[test]
    fn iso_durations() {
        assert_eq!(parse_iso_duration("P90D"), Some(Duration::days(90)));
        assert_eq!(parse_iso_duration("PT5M"), Some(Duration::minutes(5)));
        assert_eq!(
            parse_iso_duration("PT4M31.575S"),
            Some(Duration::milliseconds(271_575))
        );
        assert_eq!(parse_iso_duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(parse_iso_duration("90D"), None);
        assert_eq!(parse_iso_duration("P"), None);
    }
}
