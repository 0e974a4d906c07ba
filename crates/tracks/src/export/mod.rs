//! Writing tracks to files: the `Format` list and the `write` entry point.
//!
//! Every exporter streams straight to the writer by hand (no format crates), so the output is
//! exactly what we document; the tests read it back with independent parsers.

pub(crate) mod csv;
mod geojson;
mod gpx;
mod json;
mod kml;
mod xml;

use std::fmt;
use std::io::{BufWriter, Write};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

use crate::{Error, Track};

/// A file format tracks can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Gpx,
    Kml,
    GeoJson,
    Csv,
    Json,
}

impl Format {
    /// The lowercase name, as accepted by `FromStr`.
    fn name(self) -> &'static str {
        match self {
            Format::Gpx => "gpx",
            Format::Kml => "kml",
            Format::GeoJson => "geojson",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// The media type, e.g. for a save dialog or an HTTP download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Gpx => "application/gpx+xml",
            Format::Kml => "application/vnd.google-earth.kml+xml",
            Format::GeoJson => "application/geo+json",
            Format::Csv => "text/csv",
            Format::Json => "application/json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Accepts "gpx", "kml", "geojson", "csv", "json" in any letter case.
    fn from_str(s: &str) -> Result<Self, Error> {
        [
            Format::Gpx,
            Format::Kml,
            Format::GeoJson,
            Format::Csv,
            Format::Json,
        ]
        .into_iter()
        .find(|f| f.name().eq_ignore_ascii_case(s))
        .ok_or_else(|| Error::UnknownFormat {
            given: s.to_owned(),
        })
    }
}

/// Writes `tracks` to `out` in `format`.
///
/// Fails before writing anything if a point has coordinates no format can hold (see
/// [`Error::InvalidCoordinates`]). Optional values that are not finite numbers are written as
/// missing. The output is buffered internally; `out` is flushed at the end.
pub fn write(
    format: Format,
    tracks: &[Track],
    out: &mut (impl Write + ?Sized),
) -> Result<(), Error> {
    validate(tracks)?;
    let mut w = BufWriter::new(out);
    match format {
        Format::Gpx => gpx::write(tracks, &mut w, Utc::now())?,
        Format::Kml => kml::write(tracks, &mut w)?,
        Format::GeoJson => geojson::write(tracks, &mut w)?,
        Format::Csv => csv::write(tracks, &mut w)?,
        Format::Json => json::write(tracks, &mut w)?,
    }
    w.flush()?;
    Ok(())
}

/// Rejects coordinates that would make invalid GPX/GeoJSON (or be silently dropped as JSON null).
fn validate(tracks: &[Track]) -> Result<(), Error> {
    for t in tracks {
        for (si, s) in t.segments.iter().enumerate() {
            for (pi, p) in s.points.iter().enumerate() {
                // NaN fails both range checks.
                if !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lng) {
                    return Err(Error::InvalidCoordinates {
                        track: t.name.clone(),
                        segment: si,
                        point: pi,
                        lat: p.lat,
                        lng: p.lng,
                    });
                }
            }
        }
    }
    Ok(())
}

/// An optional number, dropped when it is not finite (text formats cannot spell NaN).
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// The instant in UTC with a `Z`, as GPX and KML expect; fractions only when present.
fn utc_time(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// RFC 3339 keeping the stored local offset, for formats read by people.
fn local_time(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip_in_any_case() {
        for f in [
            Format::Gpx,
            Format::Kml,
            Format::GeoJson,
            Format::Csv,
            Format::Json,
        ] {
            assert_eq!(f.to_string().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string().to_uppercase().parse::<Format>().unwrap(), f);
            assert_eq!(f.extension(), f.to_string());
        }
        assert_eq!("GeoJSON".parse::<Format>().unwrap(), Format::GeoJson);
    }

    #[test]
    fn unknown_format_names_the_accepted_ones() {
        let err = "shp".parse::<Format>().unwrap_err();
        assert!(matches!(&err, Error::UnknownFormat { given } if given == "shp"));
        let msg = err.to_string();
        for name in ["gpx", "kml", "geojson", "csv", "json"] {
            assert!(msg.contains(name), "{msg}");
        }
    }

    fn one_point(lat: f64, lng: f64) -> Vec<Track> {
        let time = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let p = crate::Point {
            alt: Some(f64::NAN),
            speed: Some(f64::INFINITY),
            ..crate::Point::at(time, lat, lng)
        };
        let seg = crate::Segment {
            name: None,
            id: None,
            points: vec![p],
        };
        vec![Track {
            name: "t".into(),
            segments: vec![seg],
        }]
    }

    #[test]
    fn invalid_coordinates_fail_before_anything_is_written() {
        for (lat, lng) in [
            (f64::NAN, 0.0),
            (0.0, f64::INFINITY),
            (90.5, 0.0),
            (0.0, -180.1),
        ] {
            let mut out = Vec::new();
            let err = write(Format::Gpx, &one_point(lat, lng), &mut out).unwrap_err();
            assert!(matches!(
                err,
                Error::InvalidCoordinates {
                    segment: 0,
                    point: 0,
                    ..
                }
            ));
            assert!(out.is_empty());
        }
    }

    #[test]
    fn non_finite_optional_values_are_written_as_missing() {
        let mut out = Vec::new();
        write(Format::Csv, &one_point(-90.0, 180.0), &mut out).unwrap();
        let row = String::from_utf8(out)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(
            row.starts_with("t,1,2024-01-01T00:00:00+00:00,-90,180,,,"),
            "{row}"
        );
        let mut out = Vec::new();
        write(Format::Gpx, &one_point(0.0, 0.0), &mut out).unwrap();
        let gpx = String::from_utf8(out).unwrap();
        assert!(!gpx.contains("<ele>") && !gpx.contains("speed"), "{gpx}");
    }

    #[test]
    fn utc_time_uses_z_and_keeps_fractions() {
        let t = DateTime::parse_from_rfc3339("2024-03-31T03:00:00.250+02:00").unwrap();
        assert_eq!(utc_time(&t), "2024-03-31T01:00:00.250Z");
        assert_eq!(local_time(&t), "2024-03-31T03:00:00.250+02:00");
    }
}
