//! The map's tiles, free of Tauri: the chosen source (OpenStreetMap, OpenTopoMap, or the user's
//! XYZ template / TileJSON URL, whose API key lives in the OS keyring and never in the settings
//! file), the offline tile cache (opened off the UI thread, flushed on exit; shared with
//! `trackmate view`, and kept in memory for the session when its folder cannot be used — the
//! reason reaches the map through [`status`]'s `cache_error`), and [`serve`],
//! which answers one request of the web view's `tiles://` scheme with a tile or an HTTP error
//! that says why (and remembers the latest problem for [`status`]). Choosing and resolving the
//! source, keys included, is `tiles/choice.rs`.

mod choice;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, Mutex, OnceLock};

use trackmate_keystore::SecretStore;
use trackmate_tiles::{ApiKey, Origin, TileCache, TileError, TileSource};

use choice::KEY_UNREADABLE;
pub use choice::set_source;

use crate::dto::{TileProblem, TileSourceInfo, TileStatus};
use crate::error::capitalize;
use crate::lock::lock;
use crate::service::settings::SettingsStore;

/// The web view's URI scheme: `tiles://localhost/<source id>/{z}/{x}/{y}` (Linux, macOS) or
/// `http://tiles.localhost/...` (Windows, Android).
pub const SCHEME: &str = "tiles";
/// The keyring entry (next to the session's) holding the custom source's API key.
pub const KEY_ENTRY: &str = "tile-source-key";

/// What the tile service works with, borrowed from the app's state (which owns them): the
/// tiles' own state, the settings (the chosen source) and the secret store (the source's key).
#[derive(Clone, Copy)]
pub struct TilesCtx<'a> {
    pub tiles: &'a Tiles,
    pub settings: &'a SettingsStore,
    pub secrets: &'a Arc<dyn SecretStore>,
}

/// The tiles' shared state (in the app's state).
pub struct Tiles {
    /// Cache folder and size limit, known once the app runs.
    location: OnceLock<(PathBuf, u64)>,
    cache: tokio::sync::OnceCell<Result<TileCache, String>>,
    current: Mutex<Option<Arc<Current>>>,
    /// One resolution from the settings (and keyring) at a time.
    resolving: tokio::sync::Mutex<()>,
    /// Bumped whenever the source changes, so a resolution started before does not win.
    generation: AtomicU64,
    /// A key the keyring could not keep: used until the app closes.
    session_key: Mutex<Option<ApiKey>>,
    problem: Mutex<Option<TileProblem>>,
}

/// The source in use. `source` is `None` when it needs a key that is not available.
struct Current {
    info: TileSourceInfo,
    source: Option<TileSource>,
}

/// One answer of the `tiles://` scheme, turned into an HTTP response by the app.
#[derive(Debug)]
pub struct TileReply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl TileReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str())
    }

    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        let headers = vec![
            ("Content-Type", content_type.to_owned()),
            // The Rust cache is the one cache: the web view keeps nothing of its own.
            ("Cache-Control", "no-store".to_owned()),
            // The page (tauri://localhost) is another origin than tiles://localhost.
            ("Access-Control-Allow-Origin", "*".to_owned()),
            (
                "Access-Control-Expose-Headers",
                "X-Tile-Origin, X-Tile-Error".to_owned(),
            ),
        ];
        Self {
            status,
            headers,
            body,
        }
    }

    fn text(status: u16, kind: &str, message: &str) -> Self {
        let mut reply = Self::new(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().into(),
        );
        reply.headers.push(("X-Tile-Error", kind.to_owned()));
        reply
    }
}

impl Default for Tiles {
    fn default() -> Self {
        Self::new()
    }
}

impl Tiles {
    pub fn new() -> Self {
        Self {
            location: OnceLock::new(),
            cache: tokio::sync::OnceCell::new(),
            current: Mutex::new(None),
            resolving: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(0),
            session_key: Mutex::new(None),
            problem: Mutex::new(None),
        }
    }

    /// Sets the cache folder and size limit; the first call wins (the cache opens once).
    pub fn configure(&self, dir: PathBuf, max_bytes: u64) {
        let _ = self.location.set((dir, max_bytes));
    }

    /// Saves the cache's LRU order (on exit: the app state is never dropped).
    pub fn flush(&self) {
        if let Some(Ok(cache)) = self.cache.get() {
            if let Err(e) = cache.flush() {
                tracing::warn!(error = %e, "could not save the tile cache index");
            }
        }
    }

    /// The cache, opened on first use. Opening scans the folder, so it runs on a blocking thread.
    /// A folder that cannot be used does not fail it (the cache keeps tiles in memory and says
    /// why in its note); only a missing folder or HTTP client does.
    async fn cache(&self) -> Result<&TileCache, String> {
        let Some((dir, max_bytes)) = self.location.get().cloned() else {
            return Err("the tile cache has no folder yet".into());
        };
        let opened = self.cache.get_or_init(|| async move {
            let open = move || TileCache::open(&dir, max_bytes);
            match tokio::task::spawn_blocking(open).await {
                Ok(Ok(cache)) => Ok(cache),
                Ok(Err(e)) => Err(capitalize(&e.to_string())),
                Err(e) => Err(format!("Opening the tile cache failed: {e}")),
            }
        });
        opened.await.as_ref().map_err(Clone::clone)
    }

    /// Makes the next request read the source from the settings again.
    pub(crate) fn forget_current(&self) {
        self.generation.fetch_add(1, SeqCst);
        *lock(&self.current) = None;
    }

    fn replace_current(&self, current: Current) {
        self.generation.fetch_add(1, SeqCst);
        *lock(&self.current) = Some(Arc::new(current));
        *lock(&self.problem) = None;
    }

    async fn current(&self, ctx: TilesCtx<'_>) -> Arc<Current> {
        if let Some(current) = lock(&self.current).clone() {
            return current;
        }
        let _one = self.resolving.lock().await;
        if let Some(current) = lock(&self.current).clone() {
            return current;
        }
        let generation = self.generation.load(SeqCst);
        let current = Arc::new(choice::resolve(ctx).await);
        let mut slot = lock(&self.current);
        if self.generation.load(SeqCst) == generation {
            *slot = Some(Arc::clone(&current));
        }
        current
    }

    fn record(&self, problem: Option<TileProblem>) {
        *lock(&self.problem) = problem;
    }
}

/// At start-up, off the UI thread: opens the cache and reads the chosen source (and its key).
pub async fn warm_up(ctx: TilesCtx<'_>) {
    if let Err(e) = ctx.tiles.cache().await {
        tracing::warn!(error = %e, "the tile cache could not be opened");
    }
    ctx.tiles.current(ctx).await;
}

/// The source in use.
pub async fn source_info(ctx: TilesCtx<'_>) -> TileSourceInfo {
    ctx.tiles.current(ctx).await.info.clone()
}

/// The latest tile problem and the cache's use.
pub async fn status(ctx: TilesCtx<'_>) -> TileStatus {
    let tiles = ctx.tiles;
    let source_id = tiles.current(ctx).await.info.id.clone();
    let problem = lock(&tiles.problem).clone();
    let (cache_error, stats) = match tiles.cache().await {
        // The folder cannot be used (or written): tiles still load, but only for this session.
        Ok(cache) => (cache.note().map(capitalize), cache.stats()),
        Err(e) => (Some(e), Default::default()),
    };
    TileStatus {
        source_id,
        problem,
        cache_error,
        cached_tiles: stats.entries,
        cached_bytes: stats.bytes,
        max_bytes: stats.max_bytes,
    }
}

/// Answers one request of the `tiles://` scheme: `GET /<source id>/<z>/<x>/<y>`.
pub async fn serve(ctx: TilesCtx<'_>, method: &str, path: &str) -> TileReply {
    if method != "GET" {
        return TileReply::text(405, "bad_request", "Only GET is supported.");
    }
    let Some((id, z, x, y)) = parse_path(path) else {
        return TileReply::text(400, "bad_request", "Expected /<source>/<z>/<x>/<y>.");
    };
    let tiles = ctx.tiles;
    let current = tiles.current(ctx).await;
    // A request of the source shown before a switch: nothing to show, and no notice either
    // (MapLibre raises no error event for a 404).
    if id != current.info.id {
        return TileReply::text(404, "other_source", "Not the map source in use.");
    }
    let Some(source) = &current.source else {
        return fail(tiles, 401, "key_missing", KEY_UNREADABLE.to_owned());
    };
    let cache = match tiles.cache().await {
        Ok(cache) => cache,
        Err(e) => return fail(tiles, 500, "error", e),
    };
    match cache.get(source, z, x, y).await {
        Ok(tile) => {
            let mut reply = TileReply::new(200, &tile.content_type, tile.bytes.to_vec());
            reply
                .headers
                .push(("X-Tile-Origin", tile.origin.as_str().into()));
            match (tile.origin, &tile.stale_cause) {
                (Origin::Network | Origin::Revalidated, _) => tiles.record(None),
                (Origin::Stale, Some(cause)) => {
                    let (_, kind) = classify(cause);
                    reply.headers.push(("X-Tile-Stale-Cause", kind.into()));
                    tiles.record(Some(problem(kind, cause, 200, true)));
                }
                _ => {}
            }
            reply
        }
        Err(e) => {
            let (status, kind) = classify(&e);
            let mut reply = TileReply::text(status, kind, &capitalize(&e.to_string()));
            if let TileError::RateLimited {
                retry_after_secs: Some(secs),
                ..
            } = &e
            {
                reply.headers.push(("Retry-After", secs.to_string()));
            }
            // Missing tiles are not a problem of the map as a whole.
            if status != 404 {
                tiles.record(Some(problem(kind, &e, status, false)));
            }
            reply
        }
    }
}

fn fail(tiles: &Tiles, status: u16, kind: &str, message: String) -> TileReply {
    let reply = TileReply::text(status, kind, &message);
    tiles.record(Some(TileProblem {
        kind: kind.into(),
        message,
        status,
        stale: false,
    }));
    reply
}

fn problem(kind: &str, e: &TileError, status: u16, stale: bool) -> TileProblem {
    TileProblem {
        kind: kind.into(),
        message: capitalize(&e.to_string()),
        status,
        stale,
    }
}

/// The HTTP status and the UI's kind of a tile failure. Statuses are distinct per kind so the
/// web view can tell them apart from the failed request alone.
fn classify(e: &TileError) -> (u16, &'static str) {
    match e {
        TileError::OutOfRange { .. } | TileError::NotFound { .. } => (404, "not_found"),
        TileError::Offline { .. } | TileError::Interrupted { .. } => (503, "offline"),
        TileError::Forbidden { .. } => (403, "forbidden"),
        TileError::RateLimited { .. } => (429, "rate_limited"),
        TileError::Http { .. } | TileError::NotAnImage { .. } | TileError::TooLarge { .. } => {
            (502, "bad_reply")
        }
        _ => (500, "error"),
    }
}

fn parse_path(path: &str) -> Option<(&str, u8, u32, u32)> {
    let mut parts = path.trim_start_matches('/').split('/');
    let id = parts.next().filter(|id| !id.is_empty())?;
    let z = parts.next()?.parse().ok()?;
    let x = parts.next()?.parse().ok()?;
    let y = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((id, z, x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_source_z_x_y() {
        assert_eq!(parse_path("/osm-1/3/4/5"), Some(("osm-1", 3, 4, 5)));
        assert_eq!(parse_path("/osm-1/3/4"), None);
        assert_eq!(parse_path("/osm-1/3/4/5/6"), None);
        assert_eq!(parse_path("//3/4/5"), None);
        assert_eq!(parse_path("/a/300/4/5"), None);
    }
}
