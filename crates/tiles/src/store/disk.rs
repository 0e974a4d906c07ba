//! The tiles on disk: one self-checking file per tile (`tiles/<cache id>/z/x/y.tile`, written to
//! a temporary file and renamed into place) and this process's LRU index of them, merged with
//! the folder's shared index file under the folder lock. All functions block; the cache calls
//! them on tokio's blocking pool, never on a UI thread.
//!
//! What is done under the folder lock (see `lock.rs`), and for how long it is waited for:
//! - renaming a written tile into place, and evicting right after when the total is over the
//!   limit ([`WRITE_WAIT`]: past it the tile is renamed anyway and eviction waits for the next
//!   write or sync — a download is never held up for long);
//! - a sync: read the index file, merge it with what this process did since its last sync,
//!   evict down to the folder's limit, save ([`SYNC_WAIT`]: at open, every ≤ 10 s while in use,
//!   on flush and on drop; when it cannot be had, the sync is skipped and retried later).
//!
//! Nothing else waits for it: reading a tile, the directory scan at open.

use super::index::{self, Entry, Index, IndexFile, Stamp};
use super::lock::{FolderLock, Held};
use super::scan::{self, Scan, TILE_EXT};
use super::{Meta, Stored, encode, parse};
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

const TILES_DIR: &str = "tiles";
const INDEX_FILE: &str = "index";
/// How long a write waits for the folder lock before renaming without it.
pub(crate) const WRITE_WAIT: Duration = Duration::from_millis(100);
/// How long open, flush and the periodic sync wait for it before skipping (retried later).
pub(crate) const SYNC_WAIT: Duration = Duration::from_secs(1);

pub(crate) struct Disk {
    root: PathBuf,
    tiles: PathBuf,
    lock: FolderLock,
    index: Mutex<Index>,
    /// The folder's size limit, as the index file says (every process follows the same one).
    limit: AtomicU64,
    /// This process's limit, which becomes the folder's at its first sync (the newest opener's
    /// limit wins; both faces normally ask for the same, `crate::cache_limit()`).
    own_limit: u64,
    publish_limit: AtomicBool,
    tmp_seq: AtomicU64,
    pub evictions: AtomicU64,
}

impl Disk {
    /// Opens (creating) the cache under `root`: scans the tiles, reconciles them with the index
    /// file and evicts down to `max_bytes`. An error means the folder cannot be used at all; the
    /// second value is an error saving the index (the disk is full or read-only: tiles on disk
    /// can still be read).
    pub fn open(root: &Path, max_bytes: u64) -> io::Result<(Self, Option<io::Error>)> {
        let tiles = root.join(TILES_DIR);
        fs::create_dir_all(&tiles)?;
        let lock = FolderLock::open(root)?;
        let now = SystemTime::now();
        scan::remove_old_index_temps(root, now);
        let disk = Self {
            root: root.to_owned(),
            tiles,
            lock,
            index: Mutex::new(Index::default()),
            limit: AtomicU64::new(max_bytes),
            own_limit: max_bytes,
            publish_limit: AtomicBool::new(true),
            tmp_seq: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
        };
        // The folder is scanned with its lock held (when it can be had): a scan taken before
        // would miss the tiles another process stored and listed in the index meanwhile, and
        // the index saved from it would drop them (they stayed on disk, unlisted, until the
        // next open: two processes filling one folder lost entries now and then).
        let held = disk.lock.take(SYNC_WAIT);
        let found = scan::scan(&disk.tiles, now)?;
        let saved = disk.reconcile(found, held);
        Ok((disk, saved.err()))
    }

    /// The index at open: the scanned files in the index file's order (files it does not know
    /// were written after its last save: most recent, in mtime order). `held`: the folder's
    /// lock, taken before the scan (`None`: another process kept it).
    fn reconcile(&self, found: Scan, held: Option<Held<'_>>) -> io::Result<()> {
        if held.is_some() {
            for (path, stamp) in &found.empty {
                // Still the same empty file (no tile was renamed over it meanwhile).
                if fs::symlink_metadata(path).is_ok_and(|m| Stamp::of(&m) == *stamp) {
                    let _ = fs::remove_file(path);
                }
            }
        }
        let file = index::read(&self.root.join(INDEX_FILE));
        let (mut index, same) = from_scan(found, file.as_ref());
        let Some(_held) = held else {
            // Another process keeps the lock: use what is on disk, and let the next sync merge,
            // evict and save. Everything found counts as this process's news, so the merge keeps it.
            tracing::info!("the tile cache folder is busy; it will be tidied at the next save");
            index.touched = index.entries.keys().cloned().collect();
            index.dirty = true;
            *self.index() = index;
            return Ok(());
        };
        let before = index.entries.len();
        self.evict(&mut index, self.own_limit);
        index.take_changes();
        index.dirty = false;
        let limit_known = file.as_ref().and_then(|f| f.limit) == Some(self.own_limit);
        if same && limit_known && index.entries.len() == before {
            // The file already says all of it: nothing to write (a quick reopen).
            *self.index() = index;
            self.publish_limit.store(false, Relaxed);
            return Ok(());
        }
        let text = index.to_text(self.own_limit);
        *self.index() = index;
        let saved = self.save(&text);
        match &saved {
            Ok(()) => self.publish_limit.store(false, Relaxed),
            Err(_) => self.index().dirty = true,
        }
        saved
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn limit(&self) -> u64 {
        self.limit.load(Relaxed)
    }

    /// Reads a tile and marks it used. `None` when there is no file (never cached, or evicted
    /// or cleared by another process: a miss, not an error) or it is damaged (then it is
    /// forgotten and deleted). A tile another process stored is found too, and learned.
    pub fn read(&self, key: &str) -> Option<Stored> {
        let path = self.path(key);
        let known = self.index().entries.get(key).map(|e| e.stamp);
        let mut file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                if known.is_some() {
                    if e.kind() != io::ErrorKind::NotFound {
                        tracing::warn!(key, error = %e, "a cached tile cannot be read");
                    }
                    self.index().remove(key);
                }
                return None;
            }
        };
        let meta = file.metadata().ok()?;
        let stamp = Stamp::of(&meta);
        // Exactly the length the file had when opened (a tile file is never changed in place,
        // only replaced): one read, where `read_to_end` would stat and seek again first.
        let mut data = vec![0; usize::try_from(meta.len()).ok()?];
        if let Err(e) = file.read_exact(&mut data) {
            tracing::warn!(key, error = %e, "a cached tile cannot be read");
            self.index().remove(key);
            return None;
        }
        drop(file);
        match parse(data) {
            Some(stored) => {
                let mut index = self.index();
                if known == Some(stamp) {
                    index.touch(key);
                } else {
                    // Stored, or stored again, by another process since this one looked.
                    index.adopt(key, meta.len(), stamp);
                }
                Some(stored)
            }
            None => {
                tracing::warn!(key, "dropping a damaged cached tile");
                self.index().remove(key);
                // Unless another process has just put a good copy in its place.
                if fs::symlink_metadata(&path).is_ok_and(|m| Stamp::of(&m) == stamp) {
                    let _ = fs::remove_file(&path);
                }
                None
            }
        }
    }

    /// Stores a tile (replacing any older copy), marks it most recently used and evicts the
    /// least recently used tiles beyond the limit. A tile larger than the whole cache is not
    /// stored; returns whether it was. An error leaves no file behind.
    pub fn write(&self, key: &str, meta: &Meta, body: &[u8]) -> io::Result<bool> {
        let (head, size) = encode(meta, body)?;
        let limit = self.limit();
        if size > limit {
            self.forget(key);
            return Ok(false);
        }
        let path = self.path(key);
        let dir = path.parent().unwrap_or(&self.tiles);
        fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(
            "{}.{}-{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("tile"),
            std::process::id(),
            self.tmp_seq.fetch_add(1, Relaxed)
        ));
        let written = (|| {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&head)?;
            f.write_all(body)?;
            // The stamp of the file as it will be after the rename (same inode, same mtime).
            Ok::<_, io::Error>(Stamp::of(&f.metadata()?))
        })();
        let stamp = match written {
            Ok(stamp) => stamp,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        // Renamed under the lock, so an eviction in another process never deletes this copy
        // between checking that a file is the one it knew and deleting it.
        let held = self.lock.take(WRITE_WAIT);
        if let Err(e) = fs::rename(&tmp, &path) {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        let mut index = self.index();
        index.wrote(key, size, stamp);
        if held.is_some() && index.total > limit {
            self.evict(&mut index, limit);
        }
        Ok(true)
    }

    /// Forgets and deletes a tile (e.g. the server now says `no-store`).
    pub fn forget(&self, key: &str) {
        self.index().remove(key);
        match fs::remove_file(self.path(key)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                tracing::warn!(key, error = %e, "could not delete a cached tile")
            }
            _ => {}
        }
    }

    /// Deletes every tile (of every process using the folder).
    pub fn clear(&self) -> io::Result<()> {
        let held = self.lock.take(SYNC_WAIT);
        let mut index = self.index();
        *index = Index::default();
        index.dirty = true;
        // Under the index mutex, so a concurrent write here is not indexed and then deleted; a
        // write already past its rename leaves an unindexed file that the next open picks up.
        match fs::remove_dir_all(&self.tiles) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        fs::create_dir_all(&self.tiles)?;
        if held.is_none() {
            return Ok(());
        }
        let text = index.to_text(self.limit());
        index.dirty = false;
        drop(index);
        let saved = self.save(&text);
        if saved.is_err() {
            self.index().dirty = true;
        }
        saved
    }

    /// (entries, bytes on disk) as far as this process knows.
    pub fn usage(&self) -> (u64, u64) {
        let index = self.index();
        (index.entries.len() as u64, index.total)
    }

    pub fn is_dirty(&self) -> bool {
        self.index().dirty || self.publish_limit.load(Relaxed)
    }

    /// Merges this process's changes with the index file, evicts down to the folder's limit and
    /// saves. Skipped (retried at the next sync) when the lock cannot be had within `wait`.
    pub fn sync(&self, wait: Duration) -> io::Result<()> {
        if !self.is_dirty() {
            return Ok(());
        }
        let Some(_held) = self.lock.take(wait) else {
            tracing::debug!("the tile cache folder is busy; saving the index later");
            return Ok(());
        };
        let base = match index::read(&self.root.join(INDEX_FILE)) {
            Some(file) => file,
            // No index (deleted, or never saved): the disk says which tiles exist.
            None => {
                let found = scan::scan(&self.tiles, SystemTime::now())?;
                let (index, _) = from_scan(found, None);
                IndexFile {
                    limit: None,
                    entries: index.in_order().map(|(k, e)| (k.to_owned(), *e)).collect(),
                }
            }
        };
        let limit = if self.publish_limit.load(Relaxed) {
            self.own_limit
        } else {
            base.limit.unwrap_or_else(|| self.limit())
        };
        self.limit.store(limit, Relaxed);
        let (text, changes) = {
            let mut index = self.index();
            let changes = index.take_changes();
            let mut merged = self.merge(&index, &changes, base);
            self.evict(&mut merged, limit);
            merged.take_changes();
            merged.dirty = false;
            let text = merged.to_text(limit);
            *index = merged;
            (text, changes)
        };
        let saved = self.save(&text);
        match &saved {
            Ok(()) => self.publish_limit.store(false, Relaxed),
            Err(_) => self.index().restore_changes(changes),
        }
        saved
    }

    /// The index file's entries, with this process's changes since the last sync on top. The
    /// keys this process used, stored or deleted are checked against the disk (a few stats:
    /// the other process may have evicted or stored them again meanwhile); the others are as
    /// the file says.
    fn merge(&self, local: &Index, changes: &index::Changes, base: IndexFile) -> Index {
        let mut rows: Vec<(u64, String, u64, Stamp)> = Vec::with_capacity(base.entries.len());
        let mut base_seq = std::collections::HashMap::new();
        let mut seen = HashSet::with_capacity(base.entries.len());
        for (key, e) in base.entries {
            if !seen.insert(key.clone()) {
                continue;
            }
            if changes.touched.contains(&key) || changes.removed.contains(&key) {
                base_seq.insert(key, e.seq);
            } else {
                rows.push((e.seq, key, e.size, e.stamp));
            }
        }
        for key in &changes.touched {
            let (Some(mine), Some((size, stamp))) = (local.entries.get(key), self.stat(key)) else {
                continue;
            };
            let seq = base_seq.get(key).map_or(mine.seq, |&s| s.max(mine.seq));
            rows.push((seq, key.clone(), size, stamp));
        }
        for key in &changes.removed {
            // Deleted here; kept only if another process has stored it again since.
            if let (Some(&seq), Some((size, stamp))) = (base_seq.get(key), self.stat(key)) {
                rows.push((seq, key.clone(), size, stamp));
            }
        }
        rows.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut merged = Index::default();
        for (_, key, size, stamp) in rows {
            merged.insert(key, size, stamp);
        }
        merged
    }

    /// Evicts least recently used tiles until the total fits `limit`. Call with the folder lock
    /// held. A file that is no longer the one the index knew (another process stored it again
    /// since) is kept, as most recent; a file already gone is just forgotten.
    fn evict(&self, index: &mut Index, limit: u64) {
        let mut spared = Vec::new();
        let mut spared_bytes = 0;
        let mut gone = 0;
        while index.total + spared_bytes > limit {
            let Some((key, e)) = index.pop_lru() else {
                break;
            };
            let path = self.path(&key);
            match fs::symlink_metadata(&path) {
                Err(_) => {}
                Ok(m) if e.stamp != Stamp::default() && Stamp::of(&m) != e.stamp => {
                    spared_bytes += m.len();
                    spared.push((key, m.len(), Stamp::of(&m)));
                    continue;
                }
                Ok(_) => match fs::remove_file(&path) {
                    Err(err) if err.kind() != io::ErrorKind::NotFound => {
                        tracing::warn!(key, error = %err, "could not delete an evicted tile");
                    }
                    _ => {
                        tracing::trace!(key, "evicted");
                        gone += 1;
                    }
                },
            }
            index.mark_removed(key);
        }
        for (key, size, stamp) in spared {
            index.adopt(&key, size, stamp);
        }
        self.evictions.fetch_add(gone, Relaxed);
    }

    /// Size and stamp of a tile's file, if it exists.
    fn stat(&self, key: &str) -> Option<(u64, Stamp)> {
        let m = fs::symlink_metadata(self.path(key)).ok()?;
        (m.is_file() && m.len() > 0).then(|| (m.len(), Stamp::of(&m)))
    }

    /// Replaces the index file (write, then rename). Call with the folder lock held.
    fn save(&self, text: &str) -> io::Result<()> {
        let path = self.root.join(INDEX_FILE);
        let tmp = self.root.join(format!(
            "{INDEX_FILE}.{}-{}.tmp",
            std::process::id(),
            self.tmp_seq.fetch_add(1, Relaxed)
        ));
        let result = fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, &path));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    fn path(&self, key: &str) -> PathBuf {
        let mut path = self.tiles.join(key);
        path.set_extension(TILE_EXT);
        path
    }

    fn index(&self) -> MutexGuard<'_, Index> {
        // The index stays consistent between statements, so a panic elsewhere does not spoil it.
        self.index.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if let Err(e) = self.sync(SYNC_WAIT) {
            tracing::warn!(error = %e, "could not save the tile cache index");
        }
    }
}

/// An index of scanned files in the order of `file` (unknown files last, oldest first), and
/// whether `file` says exactly the same (the same files, sizes and stamps).
fn from_scan(found: Scan, file: Option<&IndexFile>) -> (Index, bool) {
    let known: std::collections::HashMap<&str, &Entry> = file
        .map(|f| f.entries.iter().map(|(k, e)| (k.as_str(), e)).collect())
        .unwrap_or_default();
    let mut same = file.is_some_and(|f| f.entries.len() == found.tiles.len());
    let mut rows: Vec<_> = found
        .tiles
        .into_iter()
        .map(|f| {
            let rank = match known.get(f.key.as_str()) {
                Some(e) => {
                    same &= e.size == f.size && e.stamp == f.stamp;
                    (0, e.seq, SystemTime::UNIX_EPOCH)
                }
                None => {
                    same = false;
                    (1, 0, f.mtime)
                }
            };
            (rank, f.key, f.size, f.stamp)
        })
        .collect();
    rows.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut index = Index::default();
    for (_, key, size, stamp) in rows {
        index.insert(key, size, stamp);
    }
    // Duplicate keys in the file would make its entry count match by accident.
    same &= known.len() == index.entries.len();
    (index, same)
}
