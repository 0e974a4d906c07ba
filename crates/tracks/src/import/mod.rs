//! Reading local track files — GPX 1.1/1.0, KML 2.2, GeoJSON, our CSV and our JSON — into a
//! `Track`: format detection, the entry points, and the rules every reader shares.
//!
//! Shared rules: all of a file's tracks, routes, lines and segments become the segments of one
//! track, in file order, empty ones dropped; the track is named from the file (or, by
//! [`read_path`], after the file when the file names nothing). A file whose points have no
//! times at all (GPX routes, KML LineStrings, drawn GeoJSON) still imports: its points get
//! synthetic times one second apart from the Unix epoch and [`Imported::timeless`] says so —
//! distances are right, durations and speeds are not. A file where only some points have a
//! time is refused ([`ImportError::MissingTime`]), because invented times would fake speeds.

mod build;
mod csv;
mod error;
mod fast;
mod file;
mod geojson;
mod gpx;
mod gpx_halves;
#[cfg(test)]
mod gpx_halves_tests;
mod gpx_points;
#[cfg(test)]
mod gpx_tests;
mod json;
mod kml;
#[cfg(target_os = "linux")]
mod mapped;
mod xml;
mod xml_text;

use std::path::Path;

pub use error::{At, ImportError};
pub use file::{DEFAULT_MAX_FILE_SIZE, ImportOptions, format_size, parse_size};

use crate::{Format, Track};

/// A file read as a track.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub track: Track,
    /// The format the file was read as.
    pub format: Format,
    /// The file has no times: the points' times are synthetic (one second apart from
    /// 1970-01-01T00:00:00Z), so only the line and the distance mean something.
    pub timeless: bool,
}

/// Reads the file at `path`, detecting its format from its content and, when the content is
/// not conclusive, from its extension. An unnamed track is named after the file's stem.
/// Files over [`DEFAULT_MAX_FILE_SIZE`], and anything but a regular file, are refused.
pub fn read_path(path: &Path) -> Result<Imported, ImportError> {
    read_path_with(path, &ImportOptions::default())
}

/// [`read_path`] within `options`' limits: a file larger than `max_file_size` is refused
/// before it is read ([`ImportError::TooBig`]), a folder, device or named pipe at once
/// ([`ImportError::NotAFile`]).
pub fn read_path_with(path: &Path, options: &ImportOptions) -> Result<Imported, ImportError> {
    let bytes = file::read_file(path, options.max_file_size)?;
    read_bytes(path, bytes)
}

/// The file at `path`, whose bytes are `bytes`, read as a track.
fn read_bytes(path: &Path, bytes: file::Bytes) -> Result<Imported, ImportError> {
    let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
    let read = detect(extension.as_deref(), &bytes).and_then(|format| parse(&bytes, format));
    let cut_short = bytes.cut_short();
    file::release(bytes);
    if cut_short {
        // Whatever was made of the zeros past the file's new end is not the file.
        return Err(ImportError::Unreadable {
            path: path.to_path_buf(),
            source: std::io::Error::other(
                "the file was cut short by another program while it was being read; open it again once that program is done with it",
            ),
        });
    }
    let mut read = read?;
    if read.track.name.trim().is_empty() {
        if let Some(stem) = path.file_stem() {
            read.track.name = stem.to_string_lossy().into_owned();
        }
    }
    Ok(read)
}

/// Reads `bytes` as `format`. The track's name is empty when the file names nothing.
pub fn parse(bytes: &[u8], format: Format) -> Result<Imported, ImportError> {
    let bytes = content(bytes)?;
    let draft = match format {
        Format::Gpx => gpx::parse(bytes)?,
        Format::Kml => kml::parse(bytes)?,
        Format::GeoJson => geojson::parse(bytes)?,
        Format::Csv => csv::parse(bytes)?,
        Format::Json => json::parse(bytes)?,
    };
    let (track, timeless) = draft.finish(format)?;
    Ok(Imported {
        track,
        format,
        timeless,
    })
}

/// The format of a file: what its content clearly is (an XML root `<gpx>` or `<kml>`, JSON
/// shaped as GeoJSON or as our tracks, a CSV header with latitude and longitude), else what
/// its extension (without the dot, any case) says. Content comes first because files are
/// often misnamed (a GPX saved as `.xml` or `.txt`) and the content cannot lie.
pub fn detect(extension: Option<&str>, bytes: &[u8]) -> Result<Format, ImportError> {
    let bytes = content(bytes)?;
    if let Some(f) = sniff(bytes) {
        return Ok(f);
    }
    let ext = extension.unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "gpx" => Ok(Format::Gpx),
        "kml" => Ok(Format::Kml),
        "geojson" => Ok(Format::GeoJson),
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        _ => Err(ImportError::UnsupportedFormat {
            extension: extension.unwrap_or("").to_owned(),
        }),
    }
}

/// The file without a UTF-8 byte order mark; an error when nothing but blanks is left.
fn content(bytes: &[u8]) -> Result<&[u8], ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    Ok(bytes)
}

/// The format the content clearly has, if any.
fn sniff(bytes: &[u8]) -> Option<Format> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &bytes[start..bytes.len().min(start + 64 * 1024)];
    match head[0] {
        b'<' => match root_element(head)?.as_str() {
            "gpx" => Some(Format::Gpx),
            "kml" => Some(Format::Kml),
            _ => None,
        },
        // Our JSON export is an array of tracks; GeoJSON is always an object.
        b'[' => Some(Format::Json),
        b'{' => {
            // Whichever key comes first tells a single Trackmate track from GeoJSON.
            let text = String::from_utf8_lossy(head);
            let first = |key: &str| text.find(key).unwrap_or(usize::MAX);
            let ours = first("\"segments\"");
            let geo = [
                "\"type\"",
                "\"features\"",
                "\"geometry\"",
                "\"coordinates\"",
            ]
            .map(first)
            .into_iter()
            .min()
            .unwrap_or(usize::MAX);
            match (ours, geo) {
                (usize::MAX, usize::MAX) => None,
                (o, g) if o < g => Some(Format::Json),
                _ => Some(Format::GeoJson),
            }
        }
        _ => {
            let text = String::from_utf8_lossy(head);
            let header = text.lines().next()?;
            csv::looks_like_header(header).then_some(Format::Csv)
        }
    }
}

/// The local name of the first element, skipping the XML declaration, comments, DOCTYPE and
/// processing instructions.
fn root_element(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let mut rest: &str = &text;
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let r = rest.strip_prefix('<')?;
            let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            let name = &r[..end];
            return Some(name.rsplit(':').next().unwrap_or(name).to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_tells_formats_apart_by_content() {
        let gpx = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- by hand --><gpx version=\"1.1\">";
        assert_eq!(sniff(content(gpx).unwrap()), Some(Format::Gpx));
        assert_eq!(sniff(b"<kml:kml xmlns:kml=\"x\">"), Some(Format::Kml));
        assert_eq!(sniff(b"<html><body>"), None);
        assert_eq!(
            sniff(br#"{"type":"FeatureCollection""#),
            Some(Format::GeoJson)
        );
        assert_eq!(
            sniff(br#"{"name":"Van","segments":[]}"#),
            Some(Format::Json)
        );
        assert_eq!(sniff(b"  [ {\"name\": \"x\"} ]"), Some(Format::Json));
        assert_eq!(sniff(b"Latitude,Longitude,Time\n1,2,3"), Some(Format::Csv));
        assert_eq!(sniff(b"a,b,c\n1,2,3"), None);
    }

    #[test]
    fn extension_decides_only_when_content_does_not() {
        assert_eq!(detect(Some("TXT"), b"<gpx>").unwrap(), Format::Gpx);
        assert_eq!(detect(Some("KML"), b"<kml").unwrap(), Format::Kml);
        assert_eq!(detect(Some("GPX"), b"garbage").unwrap(), Format::Gpx);
        let e = detect(Some("xyz"), b"garbage").unwrap_err();
        assert!(e.to_string().contains("`.xyz`"), "{e}");
        assert!(matches!(
            detect(Some("gpx"), b" \n\t"),
            Err(ImportError::Empty)
        ));
    }
}
