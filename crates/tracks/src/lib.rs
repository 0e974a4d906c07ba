//! The track domain of Trackmate: the point/segment/track model, statistics, writing tracks to
//! files and packing them for the app.
//!
//! Stop detection, simplification and importers will live in their own modules next to
//! `export` and `stats` (e.g. `stops`, `simplify`, `import`); they only depend on `model`.

mod atomic;
mod error;
pub mod export;
#[cfg(feature = "api")]
pub mod from_api;
mod model;
pub mod packed;
pub mod stats;

pub use atomic::write_atomic;
pub use error::Error;
pub use export::{Format, write};
pub use model::{Point, Segment, Track};
pub use stats::{Stats, StatsOptions, distance_m, points_stats, segment_stats, track_stats};
