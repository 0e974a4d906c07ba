//! CSV writer: one row per point, RFC 4180 (CRLF line ends, quotes only where needed), with
//! cells a spreadsheet would run as a formula neutralised (OWASP "CSV injection").
//!
//! `segment` is the 1-based number of the segment within its track, because segment names and
//! ids are optional. Times keep the local offset; missing values are empty fields.

use std::io::{self, Write};

use super::{finite, local_time};
use crate::Track;

const HEADER: &str = "track,segment,time,lat,lng,alt,speed_kmh,heading,satellites,precision,\
                      parking,gsm_lbs,buffered,mileage_km,address";

pub(super) fn write(tracks: &[Track], w: &mut impl Write) -> io::Result<()> {
    write!(w, "{HEADER}\r\n")?;
    let num = |v: Option<f64>| finite(v).map(|x| x.to_string()).unwrap_or_default();
    let flag = |b: bool| if b { "true" } else { "false" };
    for track in tracks {
        for (i, seg) in track.segments.iter().enumerate() {
            let segment = (i + 1).to_string();
            for p in &seg.points {
                let owned = [
                    local_time(&p.time),
                    p.lat.to_string(),
                    p.lng.to_string(),
                    num(p.alt),
                    num(p.speed),
                    num(p.heading),
                    p.satellites.map(|s| s.to_string()).unwrap_or_default(),
                    num(p.precision),
                ];
                let mileage = num(p.mileage);
                let flags = [flag(p.parking), flag(p.gsm_lbs), flag(p.buffered)];
                let row = [track.name.as_str(), segment.as_str()]
                    .into_iter()
                    .chain(owned.iter().map(String::as_str))
                    .chain(flags)
                    .chain([mileage.as_str(), p.address.as_deref().unwrap_or("")]);
                // Every cell goes through `write_cell`, numbers too (they pass unchanged): the
                // rule is applied uniformly, so a future text column cannot forget it.
                for (n, c) in row.enumerate() {
                    if n > 0 {
                        w.write_all(b",")?;
                    }
                    write_cell(w, c)?;
                }
                w.write_all(b"\r\n")?;
            }
        }
    }
    Ok(())
}

/// Writes one field like [`cell`] without building it first (a million points, 15 fields each).
fn write_cell(w: &mut impl Write, s: &str) -> io::Result<()> {
    let guard = needs_guard(s);
    if !guard && !s.contains([',', '"', '\r', '\n']) {
        return w.write_all(s.as_bytes());
    }
    w.write_all(cell(s).as_bytes())
}

/// One field as written: neutralised for spreadsheets, then quoted when needed.
fn cell(s: &str) -> String {
    if needs_guard(s) {
        quote(&format!("'{s}"))
    } else {
        quote(s)
    }
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP): `=`, `+`, `-`, `@`, tab
/// and carriage return.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `s` gets a leading `'` so a spreadsheet shows it as text instead of running it.
///
/// Plain numbers (`-12.5`, `+3`, `1e-7`) stay numbers: a spreadsheet reads them as values, not
/// formulas. A cell that already begins with `'` before something guarded is guarded too, so
/// [`unguard`] can strip exactly one `'` and every value reads back exactly.
pub(crate) fn needs_guard(s: &str) -> bool {
    match s.chars().next() {
        Some('\'') => needs_guard(&s[1..]),
        Some(c) if TRIGGERS.contains(&c) => !is_number(s),
        _ => false,
    }
}

/// Undoes the writer's guard: drops the leading `'` that [`needs_guard`] would have added.
pub(crate) fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

/// A finite decimal number and nothing else (no `inf`/`NaN`, which spreadsheets treat as names).
fn is_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Quotes a text field when it contains a separator, quote or line break (RFC 4180 §2.6–2.7).
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, needs_guard, quote, unguard};

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("plain text"), "plain text");
        assert_eq!(quote(r#"say "hi", ok"#), r#""say ""hi"", ok""#);
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_guarded_and_numbers_are_not() {
        for (given, written) in [
            ("=1+1", "'=1+1"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tX", "'\tX"),
            ("\rX", "\"'\rX\""),
            ("-inf", "'-inf"),
            ("'=x", "''=x"),
            ("-12.5", "-12.5"),
            ("-3", "-3"),
            ("+7", "+7"),
            ("1e-7", "1e-7"),
            ("'quoted", "'quoted"),
            ("x=1", "x=1"),
            ("", ""),
        ] {
            assert_eq!(cell(given), written, "{given:?}");
        }
    }

    #[test]
    fn unguard_inverts_the_guard_exactly() {
        for s in [
            "=1", "'=1", "''=1", "'", "''", "'x", "-1", "'-1", "-x", "'-x", "@", "\t", "",
        ] {
            let written = if needs_guard(s) {
                format!("'{s}")
            } else {
                s.to_owned()
            };
            assert_eq!(unguard(&written), s, "{s:?}");
        }
    }
}
