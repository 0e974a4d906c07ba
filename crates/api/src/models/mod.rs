//! Typed responses of the API, one module per resource (requests live in `resources/`).
//! All of them ignore unknown keys and read missing, null or mistyped values as `None`/empty (the
//! server drops null-valued keys and adds new ones over time); records that cannot be used are
//! left out of their lists and counted (`crate::lenient`).

pub mod common;
pub mod dealer;
mod fast_points;
pub mod history;
pub mod place;
pub mod track;
mod track_read;
pub mod tracker;
pub mod user;
pub mod zone;

pub use common::*;
pub use dealer::*;
pub use history::*;
pub use place::*;
pub use track::*;
pub use track_read::{PointSink, PointsInto};
pub use tracker::*;
pub use user::*;
pub use zone::*;
