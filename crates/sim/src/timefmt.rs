//! Date/time rendering and parsing in the user's zone: naive `yyyy-MM-dd HH:mm:ss` by default,
//! ISO 8601 with offset when `iso_datetime` is on; plus ISO-8601 durations for the dealer config.
//! Rendering is hand-rolled because a million-point track renders a million timestamps.

use std::cell::Cell;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Renders UTC instants (unix milliseconds) for one response.
pub struct TimeFmt {
    tz: Tz,
    iso: bool,
    /// (15-minute UTC bucket, offset seconds): zone offsets change on quarter-hour boundaries
    /// in modern tz data, so one lookup serves every point in the same bucket.
    cache: Cell<(i64, i32)>,
}

/// A rendered date/time on the stack (at most `yyyy-MM-ddTHH:mm:ss+hh:mm`, 25 bytes).
pub struct DtStr {
    buf: [u8; 25],
    len: usize,
}

impl DtStr {
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl TimeFmt {
    pub fn new(tz: Tz, iso: bool) -> Self {
        TimeFmt {
            tz,
            iso,
            cache: Cell::new((i64::MIN, 0)),
        }
    }

    fn offset_secs(&self, unix_s: i64) -> i32 {
        let bucket = unix_s.div_euclid(900);
        let (b, off) = self.cache.get();
        if b == bucket {
            return off;
        }
        let off = match DateTime::from_timestamp(unix_s, 0) {
            Some(dt) => self
                .tz
                .offset_from_utc_datetime(&dt.naive_utc())
                .fix()
                .local_minus_utc(),
            None => 0,
        };
        self.cache.set((bucket, off));
        off
    }

    pub fn render_ms(&self, t_ms: i64) -> DtStr {
        let unix_s = t_ms.div_euclid(1000);
        let off = self.offset_secs(unix_s);
        let local = unix_s + off as i64;
        let days = local.div_euclid(86_400);
        let sod = local.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut out = DtStr {
            buf: [0; 25],
            len: 19,
        };
        let b = &mut out.buf;
        put4(&mut b[0..4], y);
        b[4] = b'-';
        put2(&mut b[5..7], m);
        b[7] = b'-';
        put2(&mut b[8..10], d);
        b[10] = if self.iso { b'T' } else { b' ' };
        put2(&mut b[11..13], (sod / 3600) as u32);
        b[13] = b':';
        put2(&mut b[14..16], ((sod / 60) % 60) as u32);
        b[16] = b':';
        put2(&mut b[17..19], (sod % 60) as u32);
        if self.iso {
            b[19] = if off < 0 { b'-' } else { b'+' };
            let a = off.unsigned_abs();
            put2(&mut b[20..22], a / 3600);
            b[22] = b':';
            put2(&mut b[23..25], (a / 60) % 60);
            out.len = 25;
        }
        out
    }

    pub fn render(&self, t: DateTime<Utc>) -> String {
        self.render_ms(t.timestamp_millis()).as_str().to_string()
    }
}

fn put2(dst: &mut [u8], v: u32) {
    dst[0] = b'0' + (v / 10 % 10) as u8;
    dst[1] = b'0' + (v % 10) as u8;
}

fn put4(dst: &mut [u8], v: i64) {
    let v = v.clamp(0, 9999) as u32;
    put2(&mut dst[0..2], v / 100);
    put2(&mut dst[2..4], v % 100);
}

/// Days since 1970-01-01 → (year, month, day); Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses a request date/time: naive `yyyy-MM-dd HH:mm:ss` (or with `T`) in the user's zone, or
/// ISO 8601 / RFC 3339 with an explicit offset or `Z`. A local time that falls into a DST gap is
/// moved forward an hour; an ambiguous one takes the earlier instant.
pub fn parse_datetime(s: &str, tz: Tz) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(s, f) {
            return Some(dt.with_timezone(&Utc));
        }
    }
    let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())?;
    local_to_utc(naive, tz)
}

pub fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, _) => Some(a.with_timezone(&Utc)),
        chrono::LocalResult::None => tz
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// `yyyy-MM-dd` (used for `creation_date` and `tariff_end_date`, which are date-only).
pub fn date_only(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// ISO-8601 duration: whole days as `P90D`, otherwise e.g. `P1DT2H30M` or `PT45S`.
pub fn iso_duration(d: chrono::Duration) -> String {
    let total = d.num_seconds().max(0);
    let (days, rem) = (total / 86_400, total % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if rem > 0 {
        out.push('T');
        if h > 0 {
            out.push_str(&format!("{h}H"));
        }
        if m > 0 {
            out.push_str(&format!("{m}M"));
        }
        if s > 0 {
            out.push_str(&format!("{s}S"));
        }
    }
    if out == "P" {
        out.push_str("T0S");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_naive_and_iso() {
        let tz: Tz = "Asia/Almaty".parse().unwrap();
        let t = DateTime::parse_from_rfc3339("2024-08-01T08:45:23Z").unwrap();
        let ms = t.timestamp_millis();
        assert_eq!(
            TimeFmt::new(tz, false).render_ms(ms).as_str(),
            "2024-08-01 13:45:23"
        );
        assert_eq!(
            TimeFmt::new(tz, true).render_ms(ms).as_str(),
            "2024-08-01T13:45:23+05:00"
        );
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            TimeFmt::new(ny, true).render_ms(ms).as_str(),
            "2024-08-01T04:45:23-04:00"
        );
    }

    #[test]
    fn matches_chrono_over_many_dates() {
        let tz: Tz = "Europe/Berlin".parse().unwrap();
        let f = TimeFmt::new(tz, false);
        for i in 0..2000i64 {
            let s = -2_000_000_000 + i * 2_345_679;
            let dt = DateTime::from_timestamp(s, 0).unwrap().with_timezone(&tz);
            let expect = dt.format("%Y-%m-%d %H:%M:%S").to_string();
            assert_eq!(f.render_ms(s * 1000).as_str(), expect);
        }
    }

    #[test]
    fn parses_both_forms() {
        let tz: Tz = "Asia/Almaty".parse().unwrap();
        let a = parse_datetime("2024-08-01 13:45:23", tz).unwrap();
        let b = parse_datetime("2024-08-01T13:45:23+05:00", tz).unwrap();
        let c = parse_datetime("2024-08-01T08:45:23Z", tz).unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert!(parse_datetime("yesterday", tz).is_none());
    }

    #[test]
    fn durations() {
        assert_eq!(iso_duration(chrono::Duration::days(90)), "P90D");
        assert_eq!(iso_duration(chrono::Duration::minutes(90)), "PT1H30M");
        assert_eq!(iso_duration(chrono::Duration::seconds(86_401)), "P1DT1S");
    }
}
