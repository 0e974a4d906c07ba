//! What every importer builds while reading: segments of points whose times may be missing,
//! checked values, and the final `Track` (with synthetic times when the file has none).

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

use super::error::{At, ImportError};
use super::fast;
use crate::{Format, Point, Segment, Track};

/// The first synthetic time of a file without times: the Unix epoch, so nobody mistakes it for
/// a real date; points follow one second apart, keeping their order.
pub(crate) const SYNTHETIC_START_S: i64 = 0;

/// A file read so far.
#[derive(Debug, Default)]
pub(super) struct Draft {
    /// The track's name as the file gives it.
    pub name: Option<String>,
    pub segments: Vec<SegmentDraft>,
}

#[derive(Debug, Default)]
pub(super) struct SegmentDraft {
    /// 1-based number in the file, for error messages.
    pub number: usize,
    pub name: Option<String>,
    pub id: Option<i64>,
    pub points: Vec<Point>,
    /// Indices of points that had no time (their `time` is still the placeholder).
    pub untimed: Vec<usize>,
}

impl Draft {
    /// Starts a segment numbered after the previous one and returns it.
    pub fn new_segment(&mut self) -> &mut SegmentDraft {
        let number = self.segments.last().map_or(1, |s| s.number + 1);
        self.segments.push(SegmentDraft {
            number,
            name: None,
            id: None,
            points: Vec::new(),
            untimed: Vec::new(),
        });
        self.segments.last_mut().expect("pushed above")
    }

    /// The segment being read, started if there is none (a point outside any segment).
    pub fn current(&mut self) -> &mut SegmentDraft {
        if self.segments.is_empty() {
            self.new_segment();
        }
        self.segments.last_mut().expect("ensured above")
    }

    /// Where the next point of the current segment is.
    pub fn next_at(&self) -> At {
        match self.segments.last() {
            Some(s) => At::Point {
                segment: s.number,
                point: s.points.len() + 1,
            },
            None => At::Point {
                segment: 1,
                point: 1,
            },
        }
    }

    /// The track: empty segments dropped, times checked (all or none), synthetic times given
    /// to a file without any. Returns the track and whether its times are synthetic.
    pub fn finish(self, format: Format) -> Result<(Track, bool), ImportError> {
        let segments: Vec<SegmentDraft> = self
            .segments
            .into_iter()
            .filter(|s| !s.points.is_empty())
            .collect();
        let total: usize = segments.iter().map(|s| s.points.len()).sum();
        if total == 0 {
            return Err(ImportError::NoPoints { format });
        }
        let untimed: usize = segments.iter().map(|s| s.untimed.len()).sum();
        let timeless = untimed == total;
        if untimed > 0 && !timeless {
            // Inventing times between real ones would fake speeds and stops; say where it is.
            let s = segments
                .iter()
                .find(|s| !s.untimed.is_empty())
                .expect("some point is untimed");
            return Err(ImportError::MissingTime {
                at: At::Point {
                    segment: s.number,
                    point: s.untimed[0] + 1,
                },
            });
        }
        let mut segments: Vec<Segment> = segments
            .into_iter()
            .map(|s| Segment {
                name: s.name,
                id: s.id,
                points: s.points,
            })
            .collect();
        if timeless {
            let start = Utc
                .timestamp_opt(SYNTHETIC_START_S, 0)
                .single()
                .expect("the epoch is a valid time")
                .fixed_offset();
            let all = segments.iter_mut().flat_map(|s| s.points.iter_mut());
            for (i, p) in all.enumerate() {
                p.time = start + chrono::Duration::seconds(i as i64);
            }
        }
        let track = Track {
            name: self.name.unwrap_or_default(),
            segments,
        };
        Ok((track, timeless))
    }
}

impl SegmentDraft {
    /// Adds `p`; `time: None` marks it untimed.
    pub fn push(&mut self, mut p: Point, time: Option<DateTime<FixedOffset>>) {
        match time {
            Some(t) => p.time = t,
            None => self.untimed.push(self.points.len()),
        }
        self.points.push(p);
    }
}

/// A point at a checked position with nothing else known; `time` is a placeholder.
pub(super) fn point(at: At, lat: f64, lng: f64) -> Result<Point, ImportError> {
    let bad = |detail: String| Err(ImportError::BadCoordinate { at, detail });
    if !(-90.0..=90.0).contains(&lat) {
        return bad(format!("latitude {lat} is outside -90..90"));
    }
    if !(-180.0..=180.0).contains(&lng) {
        return bad(format!("longitude {lng} is outside -180..180"));
    }
    Ok(Point::at(DateTime::UNIX_EPOCH.fixed_offset(), lat, lng))
}

/// A coordinate given as text (`what`: "latitude", "longitude").
pub(super) fn coordinate(at: At, what: &str, s: &str) -> Result<f64, ImportError> {
    let s = fast::trim(s);
    match fast::f64(s) {
        Ok(v) if v.is_finite() => Ok(v),
        _ if s.is_empty() => Err(ImportError::BadCoordinate {
            at,
            detail: format!("the {what} is missing"),
        }),
        _ => Err(ImportError::BadCoordinate {
            at,
            detail: format!("the {what} {s:?} is not a number"),
        }),
    }
}

/// An optional number: empty text is `None`, anything else must be a finite number.
pub(super) fn number(at: At, field: &'static str, s: &str) -> Result<Option<f64>, ImportError> {
    let s = fast::trim(s);
    if s.is_empty() {
        return Ok(None);
    }
    match fast::f64(s) {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(ImportError::BadValue {
            at,
            field,
            value: s.to_owned(),
        }),
    }
}

/// An optional whole number (satellites, ids).
pub(super) fn integer<T: std::str::FromStr>(
    at: At,
    field: &'static str,
    s: &str,
) -> Result<Option<T>, ImportError> {
    let s = fast::trim(s);
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| ImportError::BadValue {
        at,
        field,
        value: s.to_owned(),
    })
}

/// A flag: true/false (any case) or 1/0; empty is false, as our exporters write no false flags.
pub(super) fn flag(at: At, field: &'static str, s: &str) -> Result<bool, ImportError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" | "" => Ok(false),
        _ => Err(ImportError::BadValue {
            at,
            field,
            value: s.to_owned(),
        }),
    }
}

/// A time as tools write it: RFC 3339 / ISO 8601 with an offset (the offset is kept), without
/// one (taken as UTC, which is what GPX and KML mean), or Unix time in seconds or milliseconds.
pub(super) fn time(at: At, s: &str) -> Result<DateTime<FixedOffset>, ImportError> {
    let s = fast::trim(s);
    if let Some(t) = fast::rfc3339(s) {
        return Ok(t);
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(n.and_utc().fixed_offset());
        }
    }
    if let Ok(v) = s.parse::<f64>() {
        if let Some(t) = epoch(v) {
            return Ok(t);
        }
    }
    Err(ImportError::BadTime {
        at,
        value: s.to_owned(),
    })
}

/// Unix time as a number: milliseconds when it is too big to be seconds of this era
/// (1e11 s is the year 5138; 1e11 ms is 1973).
pub(super) fn epoch(v: f64) -> Option<DateTime<FixedOffset>> {
    if !v.is_finite() {
        return None;
    }
    let ms = if v.abs() >= 1e11 { v } else { v * 1000.0 };
    DateTime::from_timestamp_millis(ms.round() as i64).map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: At = At::Point {
        segment: 1,
        point: 1,
    };

    #[test]
    fn times_keep_offsets_and_read_naive_and_unix_forms() {
        let t = time(AT, "2024-03-31T03:00:15.250+02:00").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 7200);
        assert_eq!(t.timestamp_millis(), 1_711_846_815_250);
        let naive = time(AT, " 2024-03-31T01:00:15.250 ").unwrap();
        assert_eq!(naive, t);
        assert_eq!(time(AT, "1711846815.25").unwrap(), t);
        assert_eq!(time(AT, "1711846815250").unwrap(), t);
        let e = time(AT, "yesterday").unwrap_err();
        assert!(e.to_string().contains("\"yesterday\""), "{e}");
    }

    #[test]
    fn values_are_checked() {
        assert_eq!(number(AT, "speed", " 12.5 ").unwrap(), Some(12.5));
        assert_eq!(number(AT, "speed", "").unwrap(), None);
        assert!(number(AT, "speed", "NaN").is_err());
        assert_eq!(integer::<u32>(AT, "satellites", "7").unwrap(), Some(7));
        assert!(integer::<u32>(AT, "satellites", "-1").is_err());
        assert!(flag(AT, "parking", "TRUE").unwrap());
        assert!(!flag(AT, "parking", "").unwrap());
        assert!(flag(AT, "parking", "maybe").is_err());
        assert!(point(AT, 90.0, -180.0).is_ok());
        let e = point(AT, 91.5, 0.0).unwrap_err().to_string();
        assert!(e.contains("latitude 91.5 is outside -90..90"), "{e}");
        let e = coordinate(AT, "longitude", "12,5").unwrap_err().to_string();
        assert!(e.contains("longitude \"12,5\" is not a number"), "{e}");
    }

    #[test]
    fn all_or_no_times() {
        let p = |lat| point(AT, lat, 0.0).unwrap();
        let mut d = Draft::default();
        d.new_segment().push(p(1.0), None);
        d.new_segment().push(p(2.0), None);
        let (track, timeless) = d.finish(Format::Gpx).unwrap();
        assert!(timeless);
        let times: Vec<i64> = track
            .segments
            .iter()
            .map(|s| s.points[0].time.timestamp())
            .collect();
        assert_eq!(times, [SYNTHETIC_START_S, SYNTHETIC_START_S + 1]);

        let mut d = Draft::default();
        let t = time(AT, "2024-01-01T00:00:00Z").unwrap();
        d.new_segment().push(p(1.0), Some(t));
        d.new_segment();
        let s = d.new_segment();
        s.push(p(2.0), Some(t));
        s.push(p(3.0), None);
        let e = d.finish(Format::Gpx).unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::MissingTime {
                    at: At::Point {
                        segment: 3,
                        point: 2
                    }
                }
            ),
            "{e:?}"
        );

        let mut d = Draft::default();
        d.new_segment();
        assert!(matches!(
            d.finish(Format::Kml),
            Err(ImportError::NoPoints {
                format: Format::Kml
            })
        ));
    }
}
