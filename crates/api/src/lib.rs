//! `trackmate-api`: a typed async client of the iTrack / Navixy-compatible user API — sign-in,
//! objects, live states, trips, track points, geofences, places and events — with the server's
//! limits (window spans, page sizes, rate limits) handled for the caller, and live states over
//! the server's WebSocket ([`live`]).
//!
//! ```no_run
//! # async fn demo() -> trackmate_api::Result<()> {
//! use trackmate_api::{Client, TrackReadOptions};
//! let client = Client::new("https://api.eu.navixy.com/v2")?;
//! client.user().auth("me@example.com", "secret", None).await?;
//! client.user().load_profile().await?; // the user's time zone and the server's limits
//! let trackers = client.trackers().list().await?;
//! let to = client.now();
//! let from = to - chrono::Duration::days(1);
//! let points = client.tracks().read(trackers[0].id, &from, &to, &TrackReadOptions::default()).await?;
//! println!("{} points", points.list.len());
//! // Points the server sent without a position or time are left out and counted:
//! if let Some(note) = points.left_out.sentence(trackmate_api::Item::Point, points.list.len()) {
//!     eprintln!("{note}");
//! }
//! # Ok(()) }
//! ```

mod ca;
mod client;
pub mod codes;
mod error;
mod failure;
pub mod lenient;
pub mod live;
pub mod models;
mod params;
pub mod resources;
mod retry;
pub mod time;
mod transport;

pub use ca::CaBundle;
pub use client::{Client, ClientBuilder, DEFAULT_MAX_REPLY_BYTES, Limits, normalize_base, ranges};
pub use codes::ApiCode;
pub use error::{ApiError, Error, ErrorKind, Result, TlsProblem};
pub use lenient::{Item, LeftOut, Reason};
pub use models::*;
pub use params::Encoding;
pub use resources::history::HistoryOptions;
pub use resources::track::{ReadSpan, TrackListOptions, TrackReadOptions};
pub use resources::user::Profile;
pub use resources::windows::{ReadControl, WindowProgress};
pub use retry::RetryPolicy;
pub use time::Time;
pub use tokio_util::sync::CancellationToken;
pub use transport::{decode_points, decode_reply};

/// Hosted servers.
pub mod servers {
    /// Hosted, Europe.
    pub const EU: &str = "https://api.eu.navixy.com/v2";
    /// Hosted, North America.
    pub const US: &str = "https://api.us.navixy.com/v2";
}
