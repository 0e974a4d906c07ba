//! The importers' error: what is wrong with a file, and where, in words meant for the user.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::file::format_size;
use crate::Format;

/// Where in a file a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// 1-based segment (GPX `<trkseg>`/`<rte>`, KML track or line, GeoJSON line, ...) and point
    /// within it, counted the way the file lists them.
    Point { segment: usize, point: usize },
    /// 1-based line of a CSV file (the header is line 1).
    Line(u64),
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            At::Point { segment, point } => write!(f, "segment {segment}, point {point}"),
            At::Line(line) => write!(f, "line {line}"),
        }
    }
}

/// Everything that can keep a file from becoming a track.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    #[error("{}: file not found", path.display())]
    NotFound { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Unreadable { path: PathBuf, source: io::Error },
    /// A folder, device, named pipe or socket: refused before it is opened for reading, as a
    /// device has no end and a pipe may never deliver. `kind` says which ("a folder").
    #[error("{} is {kind}, not a track file", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    /// The file is larger than the limit (`size` and `limit` in bytes); refused before it is
    /// read. Callers that let the user raise the limit add how.
    #[error(
        "{} is {}; files larger than {} are not opened",
        path.display(),
        format_size(*size),
        format_size(*limit)
    )]
    TooBig {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// `extension` is as the user wrote it, without the dot (may be empty).
    #[error(
        "unsupported format `.{extension}`: Trackmate reads .gpx, .kml, .geojson, .json (GeoJSON or Trackmate JSON) and .csv files"
    )]
    UnsupportedFormat { extension: String },
    #[error("the file is empty")]
    Empty,
    #[error("not valid XML at line {line}, column {column}: {message}")]
    Xml {
        line: u64,
        column: u64,
        message: String,
    },
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not valid CSV at line {line}: {message}")]
    Csv { line: u64, message: String },
    /// The content does not have the shape of the format it was read as.
    #[error("not a {} file: {found}", label(*format))]
    WrongFormat { format: Format, found: String },
    #[error("the {} file has no track points", label(*format))]
    NoPoints { format: Format },
    /// GeoJSON with geometries, none of them a line (`found` names what there was).
    #[error("the GeoJSON has no lines (LineString or MultiLineString), only {found}")]
    NoLines { found: String },
    #[error(
        "{at}: the point has no time, while other points have one (a track needs times on all of its points or on none)"
    )]
    MissingTime { at: At },
    #[error("{at}: cannot read the time {value:?} (expected ISO 8601, e.g. 2024-05-01T08:30:00Z)")]
    BadTime { at: At, value: String },
    #[error("{at}: bad coordinate: {detail}")]
    BadCoordinate { at: At, detail: String },
    #[error("{at}: the {field} {value:?} is not a valid value")]
    BadValue {
        at: At,
        field: &'static str,
        value: String,
    },
    /// The file is well-formed but its parts do not fit together (e.g. 5 times for 4 positions).
    #[error("{0}")]
    Inconsistent(String),
}

/// The name users know a format by.
pub(crate) fn label(format: Format) -> &'static str {
    match format {
        Format::Gpx => "GPX",
        Format::Kml => "KML",
        Format::GeoJson => "GeoJSON",
        Format::Csv => "CSV",
        Format::Json => "Trackmate JSON",
    }
}

/// 1-based line and column (in characters) of byte `pos` of `bytes`, for error messages.
pub(crate) fn line_col(bytes: &[u8], pos: usize) -> (u64, u64) {
    let before = &bytes[..pos.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let text = "ab\nцdé<x".as_bytes();
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'ц' and 'é' are two bytes each: byte 8 is '<', the 4th character of line 2.
        assert_eq!(line_col(text, 8), (2, 4));
        assert_eq!(line_col(text, 100), (2, 6));
    }

    #[test]
    fn messages_name_the_place_and_the_value() {
        let e = ImportError::BadCoordinate {
            at: At::Point {
                segment: 2,
                point: 15,
            },
            detail: "latitude 91.5 is outside -90..90".into(),
        };
        assert_eq!(
            e.to_string(),
            "segment 2, point 15: bad coordinate: latitude 91.5 is outside -90..90"
        );
        let e = ImportError::UnsupportedFormat {
            extension: "xyz".into(),
        };
        assert!(e.to_string().starts_with("unsupported format `.xyz`"));
        assert_eq!(
            ImportError::NoPoints {
                format: Format::Gpx
            }
            .to_string(),
            "the GPX file has no track points"
        );
    }
}
