//! trackmate-tiles: map tile sources and the offline-capable disk tile cache shared by the
//! desktop app (which serves tiles to its web view) and the native viewer.
//!
//! - [`TileSource`] — OpenStreetMap, OpenTopoMap or a custom XYZ template / TileJSON, validated
//!   on construction; an API key lives in [`ApiKey`] and only ever in the request URL.
//! - [`TileCache`] — `get(source, z, x, y)` through a size-limited LRU disk cache that honours
//!   HTTP caching headers, revalidates with ETag/Last-Modified, serves stale tiles when the
//!   network fails and keeps to OpenStreetMap's tile usage policy (User-Agent, ≤ 2 connections
//!   per host, no `no-cache` request headers, backing off on 429).
//!
//! Nothing here knows about Tauri or egui.

mod cache;
mod error;
mod fetch;
mod freshness;
#[doc(hidden)]
pub mod fuzzing;
mod key;
mod location;
mod source;
mod store;
mod tile;
mod tilejson;

pub use cache::{CacheOptions, CacheStats, TileCache};
pub use error::{SourceError, TileError};
pub use key::ApiKey;
pub use location::{APP_ID, DEFAULT_CACHE_BYTES, app_tile_dir, cache_limit};
pub use source::{MAX_ZOOM_LIMIT, Scheme, SourceSpec, TileSource};
pub use tile::{Origin, Tile};
pub use tilejson::{TileJson, TileJsonSpec};

/// The User-Agent every request carries. OpenStreetMap's tile usage policy asks for a specific
/// one that names the application and a way to reach its authors (a generic library agent gets
/// blocked), so this is the default for every source.
pub fn default_user_agent() -> String {
    format!(
        "Trackmate/{} (+https://github.com/trackmate; desktop track viewer)",
        env!("CARGO_PKG_VERSION")
    )
}
