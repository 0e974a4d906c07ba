//! CSV writer: one row per point, RFC 4180 (CRLF line ends, quotes only where needed).
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
    for track in tracks {
        let track_name = quote(&track.name);
        for (i, seg) in track.segments.iter().enumerate() {
            for p in &seg.points {
                write!(
                    w,
                    "{track_name},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                    i + 1,
                    local_time(&p.time),
                    p.lat,
                    p.lng,
                    num(p.alt),
                    num(p.speed),
                    num(p.heading),
                    p.satellites.map(|s| s.to_string()).unwrap_or_default(),
                    num(p.precision),
                    p.parking,
                    p.gsm_lbs,
                    p.buffered,
                    num(p.mileage),
                    p.address.as_deref().map(quote).unwrap_or_default(),
                )?;
            }
        }
    }
    Ok(())
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
    use super::quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("plain text"), "plain text");
        assert_eq!(quote(r#"say "hi", ok"#), r#""say ""hi"", ok""#);
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }
}
