//! The track domain of Trackmate: the point/segment/track model and writing tracks to files.
//!
//! Statistics, stop detection, simplification and importers will live in their own modules
//! next to `export` (e.g. `stats`, `stops`, `simplify`, `import`); they only depend on `model`.

mod atomic;
mod error;
pub mod export;
#[cfg(feature = "api")]
pub mod from_api;
mod model;
pub mod packed;

pub use atomic::write_atomic;
pub use error::Error;
pub use export::{Format, write};
pub use model::{Point, Segment, Track};
