//! The crate's errors: [`SourceError`] (a tile source that cannot be used as given) and
//! [`TileError`] (one tile could not be had). Messages are for the user; none of them holds a
//! full request URL, so an API key can never appear in one.

use std::path::PathBuf;
use std::sync::Arc;

/// Why a tile source (custom URL, TileJSON) was refused. Templates in these messages have had
/// their key replaced by `{key}` already.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("the map source id {0:?} is not valid: use 1–40 lowercase letters, digits, '-' or '_'")]
    InvalidId(String),
    #[error("the map source has no tile URL")]
    NoUrl,
    #[error("the tile URL is empty")]
    EmptyUrl,
    #[error("the map source has {0} tile URLs; at most 16 are supported")]
    TooManyUrls(usize),
    #[error(
        "the tile URL {template} has no {placeholder} placeholder: an XYZ tile URL needs {{z}}, {{x}} and {{y}}"
    )]
    MissingPlaceholder {
        template: String,
        placeholder: &'static str,
    },
    #[error(
        "the tile URL {template} has an unknown placeholder {{{name}}}: supported are {{z}} {{x}} {{y}} {{-y}} {{key}} {{s}} and {{a|b|c}}"
    )]
    UnknownPlaceholder { template: String, name: String },
    #[error("the tile URL is not a valid URL: {reason}")]
    InvalidUrl { reason: String },
    #[error("the tile URL uses \"{scheme}:\"; only http and https are supported")]
    UnsupportedScheme { scheme: String },
    #[error(
        "the tile URL contains a user name or password; put the API key in the key field instead"
    )]
    CredentialsInUrl,
    #[error("the tile URL {template} needs an API key ({{key}}), but none was given")]
    KeyMissing { template: String },
    #[error(
        "an API key was given, but the tile URL has no {{key}} placeholder and no key=/apikey= parameter, so it would never be sent; add {{key}} where the key belongs"
    )]
    KeyUnused,
    #[error("zoom range {min}–{max} is not valid: need 0 ≤ min ≤ max ≤ 30")]
    InvalidZoom { min: u8, max: u8 },
    #[error("tile size {0} is not supported: use 256 or 512 (a power of two from 128 to 1024)")]
    InvalidTileSize(u32),
    #[error("the TileJSON document is not valid: {0}")]
    TileJson(String),
    #[error(
        "the TileJSON document describes vector tiles; only raster (image) tiles are supported"
    )]
    VectorTiles,
}

/// Why a tile could not be had. `Clone` because one download is shared by every caller that
/// asked for the same tile at the same time.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TileError {
    #[error(
        "tile {z}/{x}/{y} is outside the map source (zoom {min_zoom}–{max_zoom}, x and y below 2^zoom)"
    )]
    OutOfRange {
        z: u8,
        x: u32,
        y: u32,
        min_zoom: u8,
        max_zoom: u8,
    },
    /// No answer from the tile server (no network, DNS, refused, timed out) and no copy of the
    /// tile on disk.
    #[error(
        "no connection to {host} ({detail}), and this part of the map has not been viewed before, so it is not in the offline cache"
    )]
    Offline { host: String, detail: String },
    /// The connection broke while the tile was arriving.
    #[error("the tile download from {host} failed: {detail}")]
    Interrupted { host: String, detail: String },
    #[error("{host} refused the tile request (HTTP {status}). {hint}")]
    Forbidden {
        host: String,
        status: u16,
        hint: &'static str,
    },
    #[error(
        "{host} is limiting requests (HTTP 429 Too Many Requests){}; map parts viewed before still show, new ones load after the pause",
        retry_after_secs.map(|s| format!(", asking to wait {s} s")).unwrap_or_default()
    )]
    RateLimited {
        host: String,
        retry_after_secs: Option<u64>,
    },
    #[error("{host} has no such tile (HTTP {status}); the map may not cover this place or zoom")]
    NotFound { host: String, status: u16 },
    #[error("{host} answered HTTP {status} instead of a tile")]
    Http { host: String, status: u16 },
    #[error(
        "{host} answered with {content_type:?} instead of an image (a Wi-Fi login page or a wrong URL?)"
    )]
    NotAnImage { host: String, content_type: String },
    #[error("the tile from {host} is larger than the {limit}-byte limit")]
    TooLarge { host: String, limit: u64 },
    #[error("the tile cache at {path}: {source}")]
    Io {
        path: PathBuf,
        source: Arc<std::io::Error>,
    },
    #[error("the HTTP client could not be set up: {0}")]
    Client(String),
    #[error(transparent)]
    Source(#[from] SourceError),
}

impl TileError {
    /// A stable machine-readable kind, for the app's `{kind, message}` errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::OutOfRange { .. } => "out_of_range",
            Self::Offline { .. } => "offline",
            Self::Interrupted { .. } => "interrupted",
            Self::Forbidden { .. } => "forbidden",
            Self::RateLimited { .. } => "rate_limited",
            Self::NotFound { .. } => "not_found",
            Self::Http { .. } => "http",
            Self::NotAnImage { .. } => "not_an_image",
            Self::TooLarge { .. } => "too_large",
            Self::Io { .. } => "io",
            Self::Client(_) => "client",
            Self::Source(_) => "invalid_source",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source: Arc::new(err),
        }
    }
}

/// What a 401/403 most likely means, by who answered it.
pub(crate) fn forbidden_hint(host: &str, has_key: bool) -> &'static str {
    if host == "openstreetmap.org" || host.ends_with(".openstreetmap.org") {
        "OpenStreetMap's tile servers block apps that break their tile usage policy or ask for too much; switch to another map (e.g. OpenTopoMap) or try again later."
    } else if has_key {
        "Check that the API key is correct and allowed for this map."
    } else {
        "The server does not let this app use its tiles; check the URL, or whether the service needs an API key."
    }
}

#[cfg(test)]
mod tests {
    use super::forbidden_hint;

    #[test]
    fn a_403_from_openstreetmap_points_at_the_usage_policy() {
        assert!(forbidden_hint("tile.openstreetmap.org", false).contains("usage policy"));
        assert!(forbidden_hint("evil-openstreetmap.org", false).contains("API key"));
        assert!(forbidden_hint("api.maptiler.com", true).contains("API key is correct"));
    }
}
