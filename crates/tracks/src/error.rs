//! The crate's one error type.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in this crate; messages are meant for the user.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file operation failed; `path` is the file the user asked for.
    #[error("cannot write {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    /// The target is not a file we may replace: a dangling or looping symbolic link, a folder,
    /// a read-only file. Nothing was written.
    #[error("will not write {}: {reason}", path.display())]
    UnsafeTarget { path: PathBuf, reason: String },
    /// Writing to a stream (no file path known) failed.
    #[error("cannot write output: {0}")]
    Write(#[from] io::Error),
    #[error("unknown format {given:?}; expected one of: gpx, kml, geojson, csv, json")]
    UnknownFormat { given: String },
    /// A point has a latitude/longitude no format can represent (NaN, infinite, out of range).
    #[error(
        "track {track:?}, segment {segment}, point {point}: invalid coordinates ({lat}, {lng})"
    )]
    InvalidCoordinates {
        track: String,
        segment: usize,
        point: usize,
        lat: f64,
        lng: f64,
    },
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
}
