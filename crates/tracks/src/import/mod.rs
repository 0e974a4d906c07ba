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
mod geojson;
mod gpx;
mod gpx_points;
#[cfg(test)]
mod gpx_tests;
mod json;
mod kml;
mod xml;
mod xml_text;

use std::path::Path;

pub use error::{At, ImportError};

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
pub fn read_path(path: &Path) -> Result<Imported, ImportError> {
    let bytes = read_file(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ImportError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ImportError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let extension = path.extension().map(|e| e.to_string_lossy().into_owned());
    let format = detect(extension.as_deref(), &bytes)?;
    let read = parse(&bytes, format);
    release(bytes);
    let mut read = read?;
    if read.track.name.trim().is_empty() {
        if let Some(stem) = path.file_stem() {
            read.track.name = stem.to_string_lossy().into_owned();
        }
    }
    Ok(read)
}

/// Files from this size on (some 30,000 points) are read and dropped with a second thread's
/// help; for smaller ones a thread costs more than it saves.
const BIG: usize = 8 << 20;

/// What `std::fs::read` gives.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::io::Read;

        let mut file = std::fs::File::open(path)?;
        if let Some(bytes) = read_in_halves(&mut file)? {
            return Ok(bytes);
        }
        // As `fs::read` does, with the file already open.
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
    #[cfg(not(unix))]
    std::fs::read(path)
}

/// A big file, read as two halves at once: reading it is mostly the kernel copying pages and
/// mapping fresh ones, which two cores do in about half the time, and a file of a million
/// points is a quarter of a gigabyte. `None` when the file is small, no thread can be had, or
/// it shrank while being read; the file's position is then still at its start.
#[cfg(unix)]
fn read_in_halves(file: &mut std::fs::File) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::{ErrorKind, Read, Seek, SeekFrom};
    use std::os::unix::fs::FileExt;

    let len = file
        .metadata()
        .map_or(0, |m| if m.is_file() { m.len() } else { 0 });
    let Some(len) = usize::try_from(len).ok().filter(|&len| len >= BIG) else {
        return Ok(None);
    };
    // Zeroed memory from the system is mapped only when written, so this costs nothing yet.
    let mut bytes = vec![0; len];
    let half = len / 2;
    let (head, tail) = bytes.split_at_mut(half);
    let shared = &*file;
    // Reading at an offset leaves the file's position alone.
    let read = std::thread::scope(|s| {
        let tail = std::thread::Builder::new()
            .spawn_scoped(s, move || shared.read_exact_at(tail, half as u64))
            .ok()?;
        let head = shared.read_exact_at(head, 0);
        let tail = tail.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        Some(head.and(tail))
    });
    match read {
        // The file may have grown since its size was taken; `fs::read` reads to the end.
        Some(Ok(())) => {
            file.seek(SeekFrom::Start(len as u64))?;
            file.read_to_end(&mut bytes)?;
            Ok(Some(bytes))
        }
        Some(Err(e)) if e.kind() != ErrorKind::UnexpectedEof => Err(e),
        _ => Ok(None),
    }
}

/// Drops a file's bytes; a big file's on a thread of their own, as handing a quarter gigabyte
/// back to the system takes some 20 ms that the caller need not wait for.
fn release(bytes: Vec<u8>) {
    if bytes.len() >= BIG {
        // Without a thread the closure, and the bytes with it, are dropped right here.
        std::thread::Builder::new()
            .name("trackmate-release".into())
            .spawn(move || drop(bytes))
            .ok();
    }
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
    fn files_read_as_fs_read_reads_them() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 5, BIG - 1, BIG, BIG + 3] {
            let path = dir.path().join(format!("f{len}"));
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4096) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert!(read_file(&path).unwrap() == bytes, "{len} bytes");
        }
        let kind = |r: std::io::Result<Vec<u8>>| r.unwrap_err().kind();
        let missing = dir.path().join("missing");
        assert_eq!(kind(read_file(&missing)), kind(std::fs::read(&missing)));
        assert_eq!(kind(read_file(dir.path())), kind(std::fs::read(dir.path())));
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
