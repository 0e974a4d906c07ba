//! Opening track files for the viewer: each file on its own, so one that cannot be read gets
//! its own message (naming the file and the reason) and the others still show.

use crate::track::ViewTrack;
use std::path::{Path, PathBuf};
use trackmate_tracks::{ImportError, SpeedScale, Track, read_path};

/// A file that could not be shown, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl FileError {
    /// `name.gpx: reason`, as the window shows it.
    pub fn line(&self) -> String {
        let name = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!("{name}: {}", self.message)
    }
}

/// What opening some files gave.
#[derive(Debug, Default)]
pub struct Opened {
    pub tracks: Vec<ViewTrack>,
    pub errors: Vec<FileError>,
}

/// Reads one file into a track, or says why not. The importer's messages name the place in
/// the file (line, column) and the formats it reads; the path is left to [`FileError::line`].
pub fn open_file(path: &Path, scale: &SpeedScale) -> Result<ViewTrack, FileError> {
    let imported = read_path(path).map_err(|e| FileError {
        path: path.to_path_buf(),
        // The window names the file itself; these two would name it twice.
        message: match e {
            ImportError::NotFound { .. } => "file not found".to_owned(),
            ImportError::Unreadable { source, .. } => format!("cannot be read: {source}"),
            other => other.to_string(),
        },
    })?;
    Ok(ViewTrack::new(
        &imported.track,
        &path.display().to_string(),
        imported.timeless,
        scale,
    ))
}

/// Opens every file, in order.
pub fn open_files(paths: &[PathBuf], scale: &SpeedScale) -> Opened {
    let mut out = Opened::default();
    for p in paths {
        match open_file(p, scale) {
            Ok(t) => out.tracks.push(t),
            Err(e) => out.errors.push(e),
        }
    }
    crate::mem::release_freed();
    out
}

/// A track that is already in memory (from the server, or the demo).
pub fn from_track(track: &Track, origin: &str, scale: &SpeedScale) -> ViewTrack {
    ViewTrack::new(track, origin, false, scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::File::create(&p)
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        p
    }

    const GPX: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Morning</name><trkseg>
<trkpt lat="51.1" lon="71.4"><time>2026-11-01T08:00:00Z</time></trkpt>
<trkpt lat="51.11" lon="71.41"><time>2026-11-01T08:01:00Z</time></trkpt>
</trkseg></trk></gpx>"#;

    #[test]
    fn each_bad_file_gets_its_own_message_and_the_good_ones_open() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.gpx", GPX);
        let broken = write(dir.path(), "broken.gpx", "<gpx><trk><trkseg><trkpt lat=");
        let empty = write(dir.path(), "empty.kml", "");
        let text = write(dir.path(), "notes.txt", "hello");
        let missing = dir.path().join("missing.gpx");
        let nopoints = write(
            dir.path(),
            "nothing.geojson",
            r#"{"type":"FeatureCollection","features":[]}"#,
        );
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let opened = open_files(
            &[broken.clone(), good.clone(), empty, text, missing, nopoints],
            &kmh,
        );
        assert_eq!(opened.tracks.len(), 1);
        assert_eq!(opened.tracks[0].name, "Morning");
        assert_eq!(opened.tracks[0].len(), 2);
        let lines: Vec<String> = opened.errors.iter().map(FileError::line).collect();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(
            lines[0].starts_with("broken.gpx: not valid XML at line"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[1], "empty.kml: the file is empty");
        assert!(
            lines[2].starts_with("notes.txt: unsupported format `.txt`: Trackmate reads .gpx"),
            "{}",
            lines[2]
        );
        assert_eq!(lines[3], "missing.gpx: file not found");
        assert_eq!(
            lines[4],
            "nothing.geojson: the GeoJSON file has no track points"
        );
    }

    #[test]
    fn an_unreadable_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        // A folder named like a track: reading it fails with an I/O error.
        let p = dir.path().join("folder.gpx");
        std::fs::create_dir(&p).unwrap();
        let e = open_file(&p, &SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh)).unwrap_err();
        assert!(e.line().starts_with("folder.gpx: "), "{}", e.line());
        assert!(
            !e.message.contains(&dir.path().display().to_string()),
            "{}",
            e.message
        );
    }
}
