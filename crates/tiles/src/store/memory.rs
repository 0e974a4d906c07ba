//! Tiles kept in memory for this session only: all of them when the cache folder cannot be used,
//! otherwise just those whose disk write failed (disk full, folder gone), so a tile that was
//! downloaded is not downloaded again in the same session. A small LRU by bytes.

use super::Stored;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// At most this much in memory (and never more than the cache's own limit).
pub(crate) const MEMORY_BYTES: u64 = 64 << 20;

pub(crate) struct Memory {
    cap: u64,
    /// Fast check on every read: almost always empty while the disk works.
    used: AtomicBool,
    lru: Mutex<Lru>,
}

#[derive(Default)]
struct Lru {
    tiles: HashMap<String, (Stored, u64)>,
    by_seq: BTreeMap<u64, String>,
    total: u64,
    next: u64,
}

impl Memory {
    pub fn new(cap: u64) -> Self {
        Self {
            cap,
            used: AtomicBool::new(false),
            lru: Mutex::new(Lru::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        self.lru.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Stored> {
        if !self.used.load(Relaxed) {
            return None;
        }
        let mut lru = self.lock();
        let seq = lru.next;
        let (stored, old) = lru.tiles.get_mut(key)?;
        let stored = stored.clone();
        let old = std::mem::replace(old, seq);
        lru.next += 1;
        if let Some(k) = lru.by_seq.remove(&old) {
            lru.by_seq.insert(seq, k);
        }
        Some(stored)
    }

    /// Keeps a tile (replacing an older copy); one bigger than the whole budget is not kept.
    pub fn put(&self, key: &str, stored: Stored) {
        let size = stored.body.len() as u64 + 256;
        self.remove(key);
        if size > self.cap {
            return;
        }
        let mut lru = self.lock();
        let seq = lru.next;
        lru.next += 1;
        lru.by_seq.insert(seq, key.to_owned());
        lru.tiles.insert(key.to_owned(), (stored, seq));
        lru.total += size;
        while lru.total > self.cap {
            let Some((_, k)) = lru.by_seq.pop_first() else {
                break;
            };
            if let Some((s, _)) = lru.tiles.remove(&k) {
                lru.total -= s.body.len() as u64 + 256;
            }
        }
        self.used.store(true, Relaxed);
    }

    pub fn remove(&self, key: &str) {
        if !self.used.load(Relaxed) {
            return;
        }
        let mut lru = self.lock();
        if let Some((s, seq)) = lru.tiles.remove(key) {
            lru.by_seq.remove(&seq);
            lru.total -= s.body.len() as u64 + 256;
        }
    }

    pub fn clear(&self) {
        *self.lock() = Lru::default();
        self.used.store(false, Relaxed);
    }

    /// (tiles, bytes).
    pub fn usage(&self) -> (u64, u64) {
        let lru = self.lock();
        (lru.tiles.len() as u64, lru.total)
    }

    pub fn cap(&self) -> u64 {
        self.cap
    }
}
