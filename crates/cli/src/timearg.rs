//! Reading `--from`/`--to` as people type them: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or ISO 8601,
//! in the user's time zone unless the text carries an offset.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use trackmate_api::time::resolve_local;

/// Which end of a period a bare date stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// A bare date means its first second.
    Start,
    /// A bare date means its last second, so `--from D --to D` is the whole day.
    Finish,
}

/// Parses a time argument in `tz`.
pub fn parse(text: &str, tz: Tz, end: End) -> Result<DateTime<Tz>, String> {
    let s = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let start = resolve_local(d.and_hms_opt(0, 0, 0).expect("midnight"), tz);
        return Ok(match end {
            End::Start => start,
            End::Finish => {
                resolve_local(
                    d.succ_opt()
                        .unwrap_or(d)
                        .and_hms_opt(0, 0, 0)
                        .expect("midnight"),
                    tz,
                ) - Duration::seconds(1)
            }
        });
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(resolve_local(n, tz));
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&tz));
    }
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z") {
        return Ok(t.with_timezone(&tz));
    }
    Err(format!(
        "cannot read {text:?} as a time; use YYYY-MM-DD, \"YYYY-MM-DD HH:MM:SS\" or ISO 8601 such as 2024-05-01T08:00:00+02:00"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_people_type() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let utc = |t: DateTime<Tz>| t.with_timezone(&chrono::Utc).to_rfc3339();
        assert_eq!(
            utc(parse("2024-07-01", tz, End::Start).unwrap()),
            "2024-06-30T22:00:00+00:00"
        );
        assert_eq!(
            utc(parse("2024-07-01", tz, End::Finish).unwrap()),
            "2024-07-01T21:59:59+00:00"
        );
        assert_eq!(
            utc(parse("2024-07-01 08:30:00", tz, End::Start).unwrap()),
            "2024-07-01T06:30:00+00:00"
        );
        assert_eq!(
            utc(parse("2024-07-01 08:30", tz, End::Start).unwrap()),
            "2024-07-01T06:30:00+00:00"
        );
        assert_eq!(
            utc(parse("2024-07-01T08:30:00Z", tz, End::Start).unwrap()),
            "2024-07-01T08:30:00+00:00"
        );
        assert_eq!(
            utc(parse("2024-07-01T08:30:00+05:00", tz, End::Start).unwrap()),
            "2024-07-01T03:30:00+00:00"
        );
        // The day of the autumn DST change has 25 hours.
        let a = parse("2024-10-27", tz, End::Start).unwrap();
        let b = parse("2024-10-27", tz, End::Finish).unwrap();
        assert_eq!((b - a).num_seconds(), 25 * 3600 - 1);
    }

    #[test]
    fn nonsense_says_what_is_accepted() {
        let e = parse("last tuesday", Tz::UTC, End::Start).unwrap_err();
        assert!(e.contains("YYYY-MM-DD"));
        assert!(parse("2024-02-30", Tz::UTC, End::Start).is_err());
    }
}
