//! The disk side of the cache: one self-checking file per tile, written then renamed, and an
//! LRU index of them (in memory, persisted to an index file) that keeps the total under the
//! size limit. All functions block; the cache calls them through `spawn_blocking`.
//!
//! Crash safety: a tile is written to a unique `*.tmp` file and renamed into place, so a reader
//! sees the old file or the whole new one. The file starts with a magic string and the body's
//! length, so even a tile whose data never reached the disk (a rename that survived a power cut
//! without an fsync) is detected, deleted and fetched again, never served. The index file is
//! replaced the same way; at open the directory is scanned and reconciled with it, so a missing,
//! stale or broken index costs only LRU order (files unknown to it count as most recent, in
//! mtime order).

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::SystemTime;

const MAGIC: &[u8; 8] = b"TMTILE1\n";
const MAX_META: usize = 16 * 1024;
const INDEX_HEADER: &str = "trackmate-tiles index 1";
const TILES_DIR: &str = "tiles";
const INDEX_FILE: &str = "index";
const TILE_EXT: &str = "tile";

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

pub(crate) struct Stored {
    pub meta: Meta,
    pub body: Bytes,
}

#[derive(Default)]
struct Index {
    /// key → (size on disk, access sequence number).
    entries: HashMap<String, (u64, u64)>,
    /// Access order: the first entry is the least recently used.
    by_seq: BTreeMap<u64, String>,
    total: u64,
    next_seq: u64,
    dirty: bool,
}

impl Index {
    fn insert(&mut self, key: String, size: u64, seq: u64) {
        self.remove(&key);
        self.by_seq.insert(seq, key.clone());
        self.entries.insert(key, (size, seq));
        self.total += size;
        self.next_seq = self.next_seq.max(seq + 1);
        self.dirty = true;
    }

    fn remove(&mut self, key: &str) -> bool {
        let Some((size, seq)) = self.entries.remove(key) else {
            return false;
        };
        self.by_seq.remove(&seq);
        self.total -= size;
        self.dirty = true;
        true
    }

    fn touch(&mut self, key: &str) {
        if let Some(&(size, _)) = self.entries.get(key) {
            let seq = self.next_seq;
            self.insert(key.to_owned(), size, seq);
        }
    }

    /// Drops least recently used entries until the total fits; returns their keys.
    fn evict(&mut self, max_bytes: u64) -> Vec<String> {
        let mut gone = Vec::new();
        while self.total > max_bytes {
            let Some((_, key)) = self.by_seq.pop_first() else {
                break;
            };
            let (size, _) = self.entries.remove(&key).expect("index maps agree");
            self.total -= size;
            self.dirty = true;
            gone.push(key);
        }
        gone
    }
}

pub(crate) struct Store {
    root: PathBuf,
    tiles: PathBuf,
    max_bytes: u64,
    index: Mutex<Index>,
    tmp_seq: AtomicU64,
    pub evictions: AtomicU64,
}

impl Store {
    /// Opens (creating) the cache under `root`, reconciles the index with the files, deletes
    /// leftovers of interrupted writes and evicts down to `max_bytes` (the limit may have shrunk).
    pub fn open(root: &Path, max_bytes: u64) -> io::Result<Self> {
        let tiles = root.join(TILES_DIR);
        fs::create_dir_all(&tiles)?;
        let known = read_index(&root.join(INDEX_FILE));
        let mut index = Index::default();
        let mut unknown = Vec::new();
        scan(
            &tiles,
            &tiles,
            &mut |key, size, mtime| match known.get(&key) {
                Some(&seq) => index.insert(key, size, seq),
                None => unknown.push((mtime, key, size)),
            },
        )?;
        // Files the index does not know were written after its last save: most recent.
        unknown.sort();
        for (_, key, size) in unknown {
            let seq = index.next_seq;
            index.insert(key, size, seq);
        }
        index.dirty = index.entries.len() != known.len();
        let store = Self {
            root: root.to_owned(),
            tiles,
            max_bytes,
            index: Mutex::new(index),
            tmp_seq: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        };
        let gone = store.lock().evict(max_bytes);
        store.delete(gone);
        store.flush()?;
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Reads a tile and marks it used. `None` when it is not cached, or its file is missing or
    /// damaged (then it is forgotten and deleted).
    pub fn read(&self, key: &str) -> Option<Stored> {
        if !self.lock().entries.contains_key(key) {
            return None;
        }
        let path = self.path(key);
        let parsed = fs::read(&path)
            .map_err(|e| (e.kind() != io::ErrorKind::NotFound, e.to_string()))
            .and_then(|data| parse(data).ok_or((true, "damaged".into())));
        match parsed {
            Ok(stored) => {
                self.lock().touch(key);
                Some(stored)
            }
            Err((delete, why)) => {
                tracing::warn!(key, why, "dropping an unreadable cached tile");
                self.lock().remove(key);
                if delete {
                    let _ = fs::remove_file(&path);
                }
                None
            }
        }
    }

    /// Stores a tile (replacing any older copy), marks it most recently used and evicts the
    /// least recently used tiles beyond the limit. A tile larger than the whole cache is not
    /// stored; returns whether it was.
    pub fn write(&self, key: &str, meta: &Meta, body: &[u8]) -> io::Result<bool> {
        let meta_json = serde_json::to_vec(meta).map_err(io::Error::other)?;
        let size = (MAGIC.len() + 4 + meta_json.len() + body.len()) as u64;
        if size > self.max_bytes {
            self.forget(key);
            return Ok(false);
        }
        let path = self.path(key);
        let dir = path.parent().expect("tile paths have a parent");
        fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(
            "{}.{}-{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("tile"),
            std::process::id(),
            self.tmp_seq.fetch_add(1, Relaxed)
        ));
        let written = (|| {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(MAGIC)?;
            f.write_all(&(meta_json.len() as u32).to_le_bytes())?;
            f.write_all(&meta_json)?;
            f.write_all(body)?;
            drop(f);
            fs::rename(&tmp, &path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        let gone = {
            let mut index = self.lock();
            let seq = index.next_seq;
            index.insert(key.to_owned(), size, seq);
            index.evict(self.max_bytes)
        };
        self.delete(gone);
        Ok(true)
    }

    /// Forgets and deletes a tile (e.g. the server now says `no-store`).
    pub fn forget(&self, key: &str) {
        if self.lock().remove(key) {
            let _ = fs::remove_file(self.path(key));
        }
    }

    /// Deletes every tile.
    pub fn clear(&self) -> io::Result<()> {
        let mut index = self.lock();
        *index = Index {
            next_seq: index.next_seq,
            dirty: true,
            ..Index::default()
        };
        // Removing the directory under the lock keeps a concurrent write from being indexed and
        // then deleted; a write already past its rename just leaves an unindexed file that the
        // next open picks up.
        match fs::remove_dir_all(&self.tiles) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        fs::create_dir_all(&self.tiles)?;
        drop(index);
        self.flush()
    }

    /// (entries, bytes on disk).
    pub fn usage(&self) -> (u64, u64) {
        let index = self.lock();
        (index.entries.len() as u64, index.total)
    }

    pub fn is_dirty(&self) -> bool {
        self.lock().dirty
    }

    /// Saves the LRU order, if it changed, to the index file (write, then rename).
    pub fn flush(&self) -> io::Result<()> {
        let text = {
            let mut index = self.lock();
            if !index.dirty {
                return Ok(());
            }
            index.dirty = false;
            let mut text = String::with_capacity(64 + index.entries.len() * 48);
            text.push_str(INDEX_HEADER);
            text.push('\n');
            for (seq, key) in &index.by_seq {
                let (size, _) = index.entries[key];
                text.push_str(&format!("{seq} {size} {key}\n"));
            }
            text
        };
        let path = self.root.join(INDEX_FILE);
        let tmp = self
            .root
            .join(format!("{INDEX_FILE}.{}.tmp", std::process::id()));
        let result = fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, &path));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
            self.lock().dirty = true;
        }
        result
    }

    fn path(&self, key: &str) -> PathBuf {
        let mut path = self.tiles.join(key);
        path.set_extension(TILE_EXT);
        path
    }

    fn delete(&self, keys: Vec<String>) {
        self.evictions.fetch_add(keys.len() as u64, Relaxed);
        for key in keys {
            tracing::trace!(key, "evicting");
            match fs::remove_file(self.path(&key)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    tracing::warn!(key, error = %e, "could not delete an evicted tile")
                }
                _ => {}
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Index> {
        // The index stays consistent between statements, so a panic elsewhere does not spoil it.
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::warn!(error = %e, "could not save the tile cache index");
        }
    }
}

fn parse(data: Vec<u8>) -> Option<Stored> {
    let rest = data.strip_prefix(MAGIC)?;
    let meta_len = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    if meta_len > MAX_META {
        return None;
    }
    let meta: Meta = serde_json::from_slice(rest.get(4..4 + meta_len)?).ok()?;
    let start = MAGIC.len() + 4 + meta_len;
    if (data.len() - start) as u64 != meta.len {
        return None;
    }
    let body = Bytes::from(data).slice(start..);
    Some(Stored { meta, body })
}

/// The index file: `seq size key` lines after a header. Anything unexpected is skipped — the
/// scan is the truth about which tiles exist, the index only orders them.
fn read_index(path: &Path) -> HashMap<String, u64> {
    let Ok(text) = fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(INDEX_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let seq = parts.next()?.parse().ok()?;
            let _size: u64 = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_owned(), seq))
        })
        .collect()
}

/// Walks the tiles directory, reporting `(key, size, mtime)` of every tile file and deleting
/// temporary and empty files left by interrupted writes.
fn scan(base: &Path, dir: &Path, found: &mut dyn FnMut(String, u64, SystemTime)) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let meta = entry.metadata()?;
        if meta.is_dir() {
            scan(base, &path, found)?;
            continue;
        }
        let is_tile = path.extension().is_some_and(|e| e == TILE_EXT);
        if !is_tile || meta.len() == 0 {
            let _ = fs::remove_file(&path);
            continue;
        }
        let rel = path
            .strip_prefix(base)
            .expect("under base")
            .with_extension("");
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        found(
            key,
            meta.len(),
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        );
    }
    Ok(())
}
