//! The track domain of Trackmate: the point/segment/track model, statistics and stops,
//! simplification for drawing, writing tracks to files, reading them back, and packing them
//! for the app.
//!
//! Every module depends only on `model` (and `stats` on nothing else but `geodesy`, the one
//! Earth radius and haversine distance; `columns` also on `packed`'s layout and `stats`'
//! `Fixes`): `export` writes GPX, KML, GeoJSON, CSV and JSON;
//! `import` reads the same formats (and files of other tools); `stats` and `stops` figure trips
//! and periods; `simplify` thins lines per zoom; `packed` is the app's binary point columns and
//! `columns` the same columns kept in memory (a server track decoded straight into them);
//! `from_api` (feature `api`) converts the server's points, and `load` (feature `api`) is the
//! one loader of a server track, for the app, the CLI and the viewer; `kept` is what the app keeps of a
//! track whose points the page holds; `mem` hands freed heap
//! memory back to the system after such big one-off jobs.

mod atomic;
pub mod columns;
mod compact;
mod error;
pub mod export;
#[cfg(feature = "api")]
pub mod from_api;
pub mod geodesy;
pub mod import;
pub mod kept;
#[cfg(feature = "api")]
pub mod load;
pub mod mem;
mod model;
pub mod packed;
pub mod simplify;
pub mod speed_scale;
pub mod stats;
mod stops;

pub use atomic::write_atomic;
pub use columns::{ColumnRun, ColumnSegment, ColumnTrack, PointColumns};
pub use error::Error;
pub use export::{Format, write};
pub use import::{ImportError, ImportOptions, Imported, read_path, read_path_with};
pub use model::{Point, Segment, Track};
pub use simplify::{simplify_points, simplify_track, tolerance_for_zoom};
pub use speed_scale::{SpeedScale, SpeedUnit};
pub use stats::{
    Fixes, Stats, StatsOptions, Stop, StopKind, distance_m, fixes_stats, points_stats, runs_stats,
    runs_stops, segment_stats, stops, track_stats,
};
