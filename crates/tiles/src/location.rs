//! Where the tile cache lives and how big it may grow, the same for the app and the viewer so
//! they share one cache.

use std::path::PathBuf;

/// The app's identifier (`tauri.conf.json`); Tauri's app cache folder is named after it.
pub const APP_ID: &str = "app.trackmate";
/// The cache's size limit unless `TRACKMATE_TILE_CACHE_MB` says otherwise.
pub const DEFAULT_CACHE_BYTES: u64 = 512 << 20;

/// The cache's size limit: `TRACKMATE_TILE_CACHE_MB`, or 512 MB.
pub fn cache_limit() -> u64 {
    std::env::var("TRACKMATE_TILE_CACHE_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|mb| *mb > 0)
        .map_or(DEFAULT_CACHE_BYTES, |mb| mb << 20)
}

/// The folder the desktop app keeps its tiles in (Tauri's `app_cache_dir()/tiles`), found
/// without Tauri: `$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
/// `%LOCALAPPDATA%` on Windows. `None` when the environment names no home.
pub fn app_tile_dir() -> Option<PathBuf> {
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("LOCALAPPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Caches"))
    } else {
        std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
    }?;
    Some(base.join(APP_ID).join("tiles"))
}
