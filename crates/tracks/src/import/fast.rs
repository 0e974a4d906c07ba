//! Fast paths for the shapes of numbers and times that fill track files (`51.1600154`,
//! `2024-05-01T08:30:00Z`): a file of a million points has millions of them, and the general
//! parsers pay on each for shapes these files do not use. Each fast path gives exactly what
//! the general parser gives, or steps aside (`None`) and lets it decide.
//!
//! They stand in for `str::parse::<f64>` and chrono's RFC 3339 parser on the common shapes only
//! (the general parsers still decide everything else): with `xml_text.rs` and `gpx_points.rs`
//! they took the 258 MB GPX file from 1,056 to 562 ms (2026-11-28, BENCHMARKS.md).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

/// `s.trim()`, without decoding characters when neither end is a blank (nearly always).
pub(super) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `s.parse::<f64>()`.
pub(super) fn f64(s: &str) -> Result<f64, std::num::ParseFloatError> {
    match decimal(s.as_bytes()) {
        Some(v) => Ok(v),
        None => s.parse(),
    }
}

/// Exact powers of ten: every one up to 1e22 is a double.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `[+-]digits[.digits]` with at most 2^53 as the digits' whole number. Such a number is that
/// whole number divided by a power of ten, both exact doubles, and one IEEE division rounds
/// the quotient correctly, so the result is the correctly rounded value `str::parse` gives
/// (Clinger's fast path, which std takes too after a slower scan).
fn decimal(b: &[u8]) -> Option<f64> {
    let (negative, b) = match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    };
    // At most 19 digits and a point: more digits could overflow (it wraps, then is refused).
    if b.len() > 20 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut point = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    let fraction_digits = match point {
        // "1." and ".5" are numbers to std too, but rare enough to leave to it.
        Some(p) if p == 0 || p + 1 == b.len() => return None,
        Some(p) => b.len() - p - 1,
        None if b.is_empty() || b.len() > 19 => return None,
        None => 0,
    };
    if mantissa > 1 << 53 {
        return None;
    }
    let v = mantissa as f64 / POW10[fraction_digits];
    Some(if negative { -v } else { v })
}

/// `DateTime::parse_from_rfc3339(s).ok()`.
pub(super) fn rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    rfc3339_common(s.as_bytes()).or_else(|| DateTime::parse_from_rfc3339(s).ok())
}

/// The two digits at `i` as a number.
#[inline(always)]
fn two(b: &[u8], i: usize) -> Option<u32> {
    let (h, l) = (b[i].wrapping_sub(b'0'), b[i + 1].wrapping_sub(b'0'));
    (h < 10 && l < 10).then_some(u32::from(h) * 10 + u32::from(l))
}

/// `YYYY-MM-DDTHH:MM:SS[.f]` with 1 to 9 digits of fraction, then `Z` or `±HH:MM`, taken
/// apart by position and put together with chrono's own checked constructors, the ones its
/// RFC 3339 parser ends in. Leap seconds (`:60`), more digits, odd offsets and anything else
/// step aside to chrono.
fn rfc3339_common(b: &[u8]) -> Option<DateTime<FixedOffset>> {
    let (head, rest) = b.split_first_chunk::<19>()?;
    if head[4] != b'-'
        || head[7] != b'-'
        || !matches!(head[10], b'T' | b't' | b' ')
        || head[13] != b':'
        || head[16] != b':'
    {
        return None;
    }
    let year = two(head, 0)? * 100 + two(head, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, two(head, 5)?, two(head, 8)?)?;
    let (hour, min, sec) = (two(head, 11)?, two(head, 14)?, two(head, 17)?);
    if sec > 59 {
        return None;
    }
    let (nano, zone) = match rest {
        [b'.', fraction @ ..] => {
            let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&digits) {
                return None;
            }
            let whole = fraction[..digits]
                .iter()
                .fold(0, |n, c| n * 10 + u32::from(c - b'0'));
            (whole * 10u32.pow(9 - digits as u32), &fraction[digits..])
        }
        _ => (0, rest),
    };
    let time = NaiveTime::from_hms_nano_opt(hour, min, sec, nano)?;
    let offset = match zone {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (two(zone, 1)?, two(zone, 4)?);
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            if *sign == b'-' { -secs } else { secs }
        }
        _ => return None,
    };
    let tz = FixedOffset::east_opt(offset)?;
    date.and_time(time).and_local_timezone(tz).single()
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    #[test]
    fn trims_as_std_does() {
        for s in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}a\u{a0}",
            "\u{2003}",
            "é",
            "aé",
            "\u{1}a",
            "a\u{7f}",
            "\r\n",
            "12.5",
            " 12.5\n",
        ] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    fn same_f64(s: &str) {
        let fast = f64(s).map(f64::to_bits).map_err(|e| e.to_string());
        let std = s
            .parse::<f64>()
            .map(f64::to_bits)
            .map_err(|e| e.to_string());
        assert_eq!(fast, std, "{s:?}");
    }

    #[test]
    fn numbers_are_what_std_reads() {
        for s in [
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.0",
            "51.1600154",
            "-71.4300071",
            "347.1",
            "1.12",
            "15",
            "007.50",
            "9007199254740992",
            "9007199254740993",
            "900719925474099.3",
            "0.0000000000000000001",
            "1234567890123456789",
            "12345678901234567890",
            "0.1",
            "0.3",
            "2.675",
            "1e5",
            "1E-3",
            "inf",
            "-inf",
            "NaN",
            "nan",
            "",
            "-",
            "+",
            ".",
            "1.",
            ".5",
            "-.5",
            "1..2",
            "1.2.3",
            "12,5",
            " 1",
            "1 ",
            "--1",
            "+-1",
            "0x10",
            "١",
            "1_000",
            "179769313486231570000000000000000000000",
            "4.9e-324",
        ] {
            same_f64(s);
        }
        // The fast path does take the common shapes.
        for s in [
            "51.1600154",
            "-71.4300071",
            "347",
            "+0.5",
            "9007199254740992",
        ] {
            assert!(decimal(s.as_bytes()).is_some(), "{s}");
        }
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200_000 {
            let whole_digits = rng.gen_range(1..12);
            let whole: u64 = rng.gen_range(0..10u64.pow(whole_digits));
            let digits = rng.gen_range(0..12);
            let fraction: u64 = rng.gen_range(0..10u64.pow(digits));
            let sign = ["", "-", "+"][rng.gen_range(0..3)];
            let s = match digits {
                0 => format!("{sign}{whole}"),
                _ => format!("{sign}{whole}.{fraction:0w$}", w = digits as usize),
            };
            same_f64(&s);
        }
    }

    fn same_time(s: &str) {
        let fast = rfc3339(s).map(|t| (t, t.offset().local_minus_utc(), t.to_rfc3339()));
        let chrono = DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| (t, t.offset().local_minus_utc(), t.to_rfc3339()));
        assert_eq!(fast, chrono, "{s:?}");
    }

    #[test]
    fn times_are_what_chrono_reads() {
        let dates = [
            "2024-05-01",
            "2024-02-29",
            "2023-02-29",
            "2024-02-30",
            "1900-02-29",
            "2000-02-29",
            "2024-04-31",
            "2024-12-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "0000-01-01",
            "9999-12-31",
            "1970-01-01",
            "2024-1-01",
            "2024/05/01",
            "20240501",
            "+2024-05-01",
        ];
        let times = [
            "T08:30:00",
            "t08:30:00",
            " 08:30:00",
            "_08:30:00",
            "T23:59:59",
            "T24:00:00",
            "T25:00:00",
            "T08:60:00",
            "T23:59:60",
            "T08:30:60",
            "T08:30:61",
            "T8:30:00",
            "T08:30",
            "T08:30:00.5",
            "T08:30:00.25",
            "T08:30:00.123",
            "T08:30:00.1234",
            "T08:30:00.12345",
            "T08:30:00.123456",
            "T08:30:00.1234567",
            "T08:30:00.12345678",
            "T08:30:00.123456789",
            "T08:30:00.1234567891",
            "T08:30:00.999999999999",
            "T08:30:00.",
            "T08:30:00,5",
            "T08:30:60.5",
            "T00:00:00.000",
        ];
        let offsets = [
            "Z",
            "z",
            "+00:00",
            "-00:00",
            "+05:00",
            "-03:30",
            "+05:45",
            "+23:59",
            "-23:59",
            "+24:00",
            "+12:60",
            "+05",
            "+0500",
            "+05:00:00",
            "−05:00",
            "",
            "ZZ",
            " Z",
            "Z ",
            "+5:00",
            "+05:0",
            "UTC",
            "GMT",
        ];
        for d in dates {
            for t in times {
                for o in offsets {
                    same_time(&format!("{d}{t}{o}"));
                }
            }
        }
        for s in [
            "2024-05-01T08:30:00Z",
            "2024-05-01t08:30:00.123456789z",
            "2024-05-01 08:30:00.5-03:30",
            "2024-05-01T08:30:00+05:45",
        ] {
            assert!(rfc3339_common(s.as_bytes()).is_some(), "{s}");
        }
        for s in [
            "",
            "2024",
            "2024-05-01",
            "2024-05-01T08:30:00",
            "x024-05-01T08:30:00Z",
        ] {
            same_time(s);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for _ in 0..100_000 {
            let s = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:0w$}{}",
                rng.gen_range(0..10_000),
                rng.gen_range(0..14),
                rng.gen_range(0..33),
                rng.gen_range(0..26),
                rng.gen_range(0..61),
                rng.gen_range(0..62),
                rng.gen_range(0..1000),
                ["Z", "+01:00", "-09:30", "+14:00"][rng.gen_range(0..4)],
                w = rng.gen_range(3..6),
            );
            same_time(&s);
        }
    }
}
