//! Where cached tiles live: the shared disk cache folder (`disk.rs`) and, for this session only,
//! memory (`memory.rs`), which takes over when the folder cannot be used. All functions block;
//! the cache calls them on tokio's blocking pool.
//!
//! **Two processes, one folder.** The app and `trackmate view` use the same folder at the same
//! time. Each keeps its own LRU index in memory (hits never touch anything shared), and merges
//! it with the folder's `index` file under a cross-process lock (`lock.rs`): at open, every
//! ≤ 10 s while in use, on flush and on drop. The merge takes the file's entries (the other
//! process's tiles and order), adds this process's writes and uses since its last merge, drops
//! what was deleted, and evicts down to the limit — so eviction weighs every process's tiles,
//! not just its own. Between merges a process also evicts by its own view when a write takes it
//! over the limit; the total on disk can then exceed the limit by what the other process wrote
//! since its own last merge (≤ 10 s of downloads), and is back under it at the next merge.
//! A tile another process stored is read straight from its file (and learned), so neither
//! downloads what the other already has.
//!
//! **Never the other's tile by mistake.** The index records each file's stamp (inode, mtime,
//! size); an eviction deletes a file only if it is still the one the index knew, under the lock
//! that also covers every rename into place, so a tile the other process has just stored again
//! is kept. Temporary files are removed only when older than five minutes (a write in flight
//! lives for milliseconds). A file that vanishes mid-scan or mid-read was evicted or cleared by
//! the other process: a miss, not an error.
//!
//! **One limit.** The limit is the folder's, kept in the index file: a process that opens the
//! folder writes its limit there, and every process follows what the file says from its next
//! merge on. Both faces ask for `crate::cache_limit()` (512 MB or `TRACKMATE_TILE_CACHE_MB`), so
//! normally nothing changes; if they were started with different values, the newest opener's
//! limit is the one both keep to, instead of each evicting to its own.
//!
//! **Degrading, never failing.** A folder that cannot be used (not writable, a file where the
//! folder should be, unreadable) gives a memory-only store with a note for the user; a disk that
//! cannot take the index at open (full, read-only) keeps serving the tiles it has, with a note.
//! A write that fails later (disk full mid-session) keeps the tile in memory, quietly: the tile
//! is served either way.
//!
//! Crash safety: a tile is written to a unique `*.tmp` file and renamed into place, so a reader
//! sees the old file or the whole new one. The file starts with a magic string and the body's
//! length, so even a tile whose data never reached the disk (a rename that survived a power cut
//! without an fsync) is detected, deleted and fetched again, never served. The index file is
//! replaced the same way; at open the directory is scanned and reconciled with it, so a missing,
//! stale or broken index costs only LRU order (files unknown to it count as most recent).
//!
//! Kept instead of `cacache` (in the tree through walkers' `http-cache`): cacache is a
//! content-addressed store with an append-only index and no size limit or eviction, and nothing
//! to share one limit between two processes; a tile cache lives by its LRU limit (below), by
//! degrading to memory when the folder fails, and by never deleting what another process just
//! wrote. Ours is one file per tile plus an index of `seq size stamp key` lines.

mod disk;
mod index;
mod lock;
mod memory;
mod scan;
#[cfg(test)]
mod tests;

use bytes::Bytes;
use disk::Disk;
use memory::{MEMORY_BYTES, Memory};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

pub(crate) use disk::SYNC_WAIT;

const MAGIC: &[u8; 8] = b"TMTILE1\n";
const MAX_META: usize = 16 * 1024;

/// What is kept with a tile besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub content_type: String,
    /// Unix seconds.
    pub stored_at: u64,
    pub fresh_until: u64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The body's length: a shorter file was cut off.
    pub len: u64,
}

#[derive(Clone)]
pub(crate) struct Stored {
    pub meta: Meta,
    pub body: Bytes,
}

pub(crate) struct Store {
    root: PathBuf,
    /// `None`: the folder cannot be used, everything is in `memory`.
    disk: Option<Disk>,
    memory: Memory,
    /// Why tiles are not (all) kept on disk, for the user.
    note: Option<String>,
    pub write_failures: AtomicU64,
}

impl Store {
    /// Opens (creating) the cache under `root`. Never fails: a folder that cannot be used gives
    /// a memory-only store with a [`Store::note`].
    pub fn open(root: &Path, max_bytes: u64) -> Self {
        let memory = Memory::new(MEMORY_BYTES.min(max_bytes));
        let (disk, note) = match Disk::open(root, max_bytes) {
            Ok((disk, None)) => (Some(disk), None),
            Ok((disk, Some(e))) => {
                tracing::warn!(error = %e, dir = %root.display(), "the tile cache cannot be written");
                let note = format!(
                    "the offline map cache at {} cannot be written ({e}); map parts viewed before still show offline, new ones are kept only until the app closes",
                    root.display()
                );
                (Some(disk), Some(note))
            }
            Err(e) => {
                tracing::warn!(error = %e, dir = %root.display(), "the tile cache cannot be used; keeping tiles in memory");
                let note = format!(
                    "the offline map cache at {} cannot be used ({e}); map tiles are kept only until the app closes, so the map will not show offline",
                    root.display()
                );
                (None, Some(note))
            }
        };
        Self {
            root: root.to_owned(),
            disk,
            memory,
            note,
            write_failures: AtomicU64::new(0),
        }
    }

    pub fn root(&self) -> &Path {
        self.disk.as_ref().map_or(&self.root, Disk::root)
    }

    /// Why the disk cache is not (fully) in use, if it is not.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn is_memory_only(&self) -> bool {
        self.disk.is_none()
    }

    /// Reads a tile and marks it used; `None` when it is not cached (or no longer readable).
    pub fn read(&self, key: &str) -> Option<Stored> {
        if let Some(stored) = self.memory.get(key) {
            return Some(stored);
        }
        self.disk.as_ref()?.read(key)
    }

    /// Stores a tile. A failed disk write keeps it in memory for the session instead.
    pub fn write(&self, key: &str, meta: &Meta, body: &Bytes) {
        if let Some(disk) = &self.disk {
            match disk.write(key, meta, body) {
                Ok(_) => {
                    self.memory.remove(key);
                    return;
                }
                Err(e) => {
                    let first = self.write_failures.fetch_add(1, Relaxed) == 0;
                    if first {
                        tracing::warn!(error = %e, "could not store a tile on disk; keeping it in memory");
                    } else {
                        tracing::debug!(error = %e, "could not store a tile on disk");
                    }
                }
            }
        }
        self.memory.put(
            key,
            Stored {
                meta: meta.clone(),
                body: body.clone(),
            },
        );
    }

    /// Forgets and deletes a tile (e.g. the server now says `no-store`).
    pub fn forget(&self, key: &str) {
        self.memory.remove(key);
        if let Some(disk) = &self.disk {
            disk.forget(key);
        }
    }

    /// Deletes every tile.
    pub fn clear(&self) -> io::Result<()> {
        self.memory.clear();
        self.disk.as_ref().map_or(Ok(()), Disk::clear)
    }

    /// (entries, bytes), disk and memory.
    pub fn usage(&self) -> (u64, u64) {
        let (n, bytes) = self.memory.usage();
        let (dn, dbytes) = self.disk.as_ref().map_or((0, 0), Disk::usage);
        (n + dn, bytes + dbytes)
    }

    /// The size limit in force: the folder's, or the memory budget without a folder.
    pub fn max_bytes(&self) -> u64 {
        self.disk.as_ref().map_or(self.memory.cap(), Disk::limit)
    }

    pub fn evictions(&self) -> u64 {
        self.disk.as_ref().map_or(0, |d| d.evictions.load(Relaxed))
    }

    pub fn is_dirty(&self) -> bool {
        self.disk.as_ref().is_some_and(Disk::is_dirty)
    }

    /// Merges the LRU order with the folder's index and saves it (waiting at most `wait` for the
    /// folder lock; skipped, and retried later, past it).
    pub fn flush(&self, wait: std::time::Duration) -> io::Result<()> {
        self.disk.as_ref().map_or(Ok(()), |d| d.sync(wait))
    }
}

/// A tile file's header (magic, meta length, meta JSON) and the whole file's size.
fn encode(meta: &Meta, body: &[u8]) -> io::Result<(Vec<u8>, u64)> {
    let meta_json = serde_json::to_vec(meta).map_err(io::Error::other)?;
    let meta_len = u32::try_from(meta_json.len()).map_err(io::Error::other)?;
    let mut head = Vec::with_capacity(MAGIC.len() + 4 + meta_json.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&meta_len.to_le_bytes());
    head.extend_from_slice(&meta_json);
    let size = (head.len() + body.len()) as u64;
    Ok((head, size))
}

fn parse(data: Vec<u8>) -> Option<Stored> {
    let rest = data.strip_prefix(MAGIC)?;
    let meta_len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    if meta_len > MAX_META {
        return None;
    }
    let meta: Meta = serde_json::from_slice(rest.get(4..4 + meta_len)?).ok()?;
    let start = MAGIC.len() + 4 + meta_len;
    if data.len().checked_sub(start)? as u64 != meta.len {
        return None;
    }
    let body = Bytes::from(data).slice(start..);
    Some(Stored { meta, body })
}
