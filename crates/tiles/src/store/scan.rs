//! The walk over the tiles directory at open (and when the index file is gone): every tile file
//! with its size and stamp, old leftovers of interrupted writes removed.
//!
//! Another process may be using the folder meanwhile, so nothing found here is an error: a file
//! or directory that vanishes between listing and looking (evicted or cleared by the other
//! process) is simply not there, and a temporary file is removed only when it is older than
//! [`TEMP_MAX_AGE`] — a fresh one is another process's write in flight (a write lives for
//! milliseconds between creating its temporary file and renaming it into place).

use super::index::Stamp;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub(crate) const TILE_EXT: &str = "tile";
/// Temporary files older than this are leftovers of a crash; younger ones may be in flight.
pub(crate) const TEMP_MAX_AGE: Duration = Duration::from_secs(5 * 60);

pub(crate) struct Found {
    pub key: String,
    pub size: u64,
    pub stamp: Stamp,
    pub mtime: SystemTime,
}

#[derive(Default)]
pub(crate) struct Scan {
    pub tiles: Vec<Found>,
    /// Empty tile files (a rename that outran its data in a power cut): deleted under the folder
    /// lock if still the same file.
    pub empty: Vec<(PathBuf, Stamp)>,
    pub temps_removed: usize,
}

/// Walks `base`. Only failing to list `base` itself is an error (the cache cannot be used).
pub(crate) fn scan(base: &Path, now: SystemTime) -> io::Result<Scan> {
    scan_with(base, now, &mut |_| {})
}

/// [`scan`] with `before_look` called on every entry before its metadata is read (tests use it
/// to delete files mid-scan, as the other process might).
pub(crate) fn scan_with(
    base: &Path,
    now: SystemTime,
    before_look: &mut dyn FnMut(&Path),
) -> io::Result<Scan> {
    let mut out = Scan::default();
    let top = fs::read_dir(base)?;
    walk(base, top, now, before_look, &mut out);
    Ok(out)
}

fn walk(
    base: &Path,
    dir: fs::ReadDir,
    now: SystemTime,
    before_look: &mut dyn FnMut(&Path),
    out: &mut Scan,
) {
    for entry in dir {
        // An entry that cannot be read (gone, or a transient error) is skipped, not fatal.
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        before_look(&path);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(sub) = fs::read_dir(&path) {
                walk(base, sub, now, before_look, out);
            }
            continue;
        }
        let is_tile = path.extension().is_some_and(|e| e == TILE_EXT);
        if is_tile && meta.len() == 0 {
            out.empty.push((path, Stamp::of(&meta)));
            continue;
        }
        if !is_tile {
            let mtime = meta.modified().unwrap_or(now);
            let old = now
                .duration_since(mtime)
                .is_ok_and(|age| age > TEMP_MAX_AGE);
            if old && fs::remove_file(&path).is_ok() {
                out.temps_removed += 1;
            }
            continue;
        }
        let Some(key) = key_of(base, &path) else {
            continue;
        };
        out.tiles.push(Found {
            key,
            size: meta.len(),
            stamp: Stamp::of(&meta),
            mtime: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        });
    }
}

/// `<base>/a/5/1/2.tile` → `a/5/1/2`.
fn key_of(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?.with_extension("");
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    Some(parts.join("/"))
}

/// Removes old temporary files of the index in the cache root (`index.*.tmp`).
pub(crate) fn remove_old_index_temps(root: &Path, now: SystemTime) {
    let Ok(dir) = fs::read_dir(root) else { return };
    for entry in dir.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with("index.") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > TEMP_MAX_AGE));
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
