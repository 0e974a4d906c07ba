//! The LRU index of the tiles on disk (in memory: key → size, access order, file stamp) with the
//! changes made since it was last merged with the shared index file, and that file's format.
//!
//! File (`index`, replaced by write-then-rename, only under the folder lock):
//! ```text
//! trackmate-tiles index 2
//! limit <bytes>
//! <seq> <size> <stamp hex> <key>
//! ```
//! in least-recently-used-first order. Version 1 files (no limit, no stamps) are still read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::Metadata;
use std::path::Path;

const HEADER_V1: &str = "trackmate-tiles index 1";
pub(crate) const HEADER: &str = "trackmate-tiles index 2";

/// Who a tile file is: changes whenever the file is replaced (a rename brings a new inode and
/// mtime), so an eviction can tell "the file this index knew" from "a copy another process has
/// just written in its place". 0 = unknown (a version-1 index): taken to be the file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Stamp(pub u64);

impl Stamp {
    pub fn of(meta: &Metadata) -> Self {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |v: u64| {
            for b in v.to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        };
        // Windows has no stable file id in std (`file_index` is unstable): mtime (100 ns steps)
        // and size alone. A copy written in the same 100 ns with the same size is taken for the
        // old file; the worst an eviction can then do is drop that fresh copy (a cache miss).
        #[cfg(unix)]
        mix(std::os::unix::fs::MetadataExt::ino(meta));
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .unwrap_or_default();
        mix(mtime.as_secs());
        mix(u64::from(mtime.subsec_nanos()));
        mix(meta.len());
        Self(h.max(1))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub size: u64,
    pub seq: u64,
    pub stamp: Stamp,
}

#[derive(Default)]
pub(crate) struct Index {
    pub entries: HashMap<String, Entry>,
    /// Access order: the first entry is the least recently used.
    by_seq: BTreeMap<u64, String>,
    pub total: u64,
    next_seq: u64,
    pub dirty: bool,
    /// Since the last merge: keys used or stored here, ...
    pub touched: HashSet<String>,
    /// ... and keys this process dropped (deleted, or found gone).
    pub removed: HashSet<String>,
}

impl Index {
    /// Inserts `key` as the most recently used.
    pub fn insert(&mut self, key: String, size: u64, stamp: Stamp) {
        let seq = self.next_seq;
        self.put(key, Entry { size, seq, stamp });
    }

    /// Inserts with a given access sequence number (unique within this index).
    pub fn put(&mut self, key: String, entry: Entry) {
        self.drop_entry(&key);
        self.by_seq.insert(entry.seq, key.clone());
        self.total += entry.size;
        self.next_seq = self.next_seq.max(entry.seq + 1);
        self.removed.remove(&key);
        self.entries.insert(key, entry);
        self.dirty = true;
    }

    /// Records this process's own write of `key`.
    pub fn wrote(&mut self, key: &str, size: u64, stamp: Stamp) {
        self.insert(key.to_owned(), size, stamp);
        self.touched.insert(key.to_owned());
    }

    /// Records a file this process found (stored, or stored again, by another process).
    pub fn adopt(&mut self, key: &str, size: u64, stamp: Stamp) {
        self.insert(key.to_owned(), size, stamp);
        if !self.touched.contains(key) {
            self.touched.insert(key.to_owned());
        }
    }

    /// Records that `key`, taken out by [`Index::pop_lru`], is gone from the disk.
    pub fn mark_removed(&mut self, key: String) {
        self.touched.remove(&key);
        self.removed.insert(key);
        self.dirty = true;
    }

    /// Marks `key` used now (no allocation once it was used since the last merge).
    pub fn touch(&mut self, key: &str) {
        let seq = self.next_seq;
        let Some(entry) = self.entries.get_mut(key) else {
            return;
        };
        if let Some(k) = self.by_seq.remove(&entry.seq) {
            self.by_seq.insert(seq, k);
        }
        entry.seq = seq;
        self.next_seq += 1;
        if !self.touched.contains(key) {
            self.touched.insert(key.to_owned());
        }
        self.dirty = true;
    }

    /// Forgets `key` (its file was deleted, or found gone); whether it was known.
    pub fn remove(&mut self, key: &str) -> bool {
        if !self.drop_entry(key) {
            return false;
        }
        self.touched.remove(key);
        self.removed.insert(key.to_owned());
        self.dirty = true;
        true
    }

    fn drop_entry(&mut self, key: &str) -> bool {
        let Some(entry) = self.entries.remove(key) else {
            return false;
        };
        self.by_seq.remove(&entry.seq);
        self.total -= entry.size;
        true
    }

    /// The least recently used key and its entry, taken out of the index (not yet `removed`).
    pub fn pop_lru(&mut self) -> Option<(String, Entry)> {
        let (_, key) = self.by_seq.pop_first()?;
        let entry = self.entries.remove(&key)?;
        self.total -= entry.size;
        self.dirty = true;
        Some((key, entry))
    }

    /// Entries in access order, least recent first.
    pub fn in_order(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.by_seq
            .values()
            .filter_map(|k| self.entries.get(k).map(|e| (k.as_str(), e)))
    }

    /// Clears the record of changes since the last merge (after a successful save).
    pub fn take_changes(&mut self) -> Changes {
        Changes {
            touched: std::mem::take(&mut self.touched),
            removed: std::mem::take(&mut self.removed),
        }
    }

    /// Puts changes back (a save failed: they are merged next time).
    pub fn restore_changes(&mut self, c: Changes) {
        for k in c.touched {
            if self.entries.contains_key(&k) {
                self.touched.insert(k);
            }
        }
        for k in c.removed {
            if !self.entries.contains_key(&k) {
                self.removed.insert(k);
            }
        }
        self.dirty = true;
    }

    /// The index file's text.
    pub fn to_text(&self, limit: u64) -> String {
        let mut text = String::with_capacity(64 + self.entries.len() * 56);
        text.push_str(HEADER);
        text.push('\n');
        text.push_str(&format!("limit {limit}\n"));
        for (key, e) in self.in_order() {
            text.push_str(&format!("{} {} {:x} {key}\n", e.seq, e.size, e.stamp.0));
        }
        text
    }
}

pub(crate) struct Changes {
    pub touched: HashSet<String>,
    pub removed: HashSet<String>,
}

/// A read index file.
pub(crate) struct IndexFile {
    pub limit: Option<u64>,
    /// (key, entry) with the file's sequence numbers.
    pub entries: Vec<(String, Entry)>,
}

/// Reads the index file; `None` when it is missing or not an index (then the directory is
/// scanned instead). Lines that do not parse are skipped: the disk is the truth about which
/// tiles exist, the index adds their order.
pub(crate) fn read(path: &Path) -> Option<IndexFile> {
    let text = std::fs::read_to_string(path).ok()?;
    parse(&text)
}

pub(crate) fn parse(text: &str) -> Option<IndexFile> {
    let mut lines = text.lines();
    let v2 = match lines.next()? {
        HEADER => true,
        HEADER_V1 => false,
        _ => return None,
    };
    let mut limit = None;
    let mut entries = Vec::new();
    for line in lines {
        if let Some(n) = line.strip_prefix("limit ") {
            limit = n.parse().ok().filter(|&n| n > 0);
            continue;
        }
        let mut parts = line.splitn(if v2 { 4 } else { 3 }, ' ');
        let (Some(seq), Some(size)) = (parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(seq), Ok(size)) = (seq.parse(), size.parse()) else {
            continue;
        };
        let stamp = if v2 {
            match parts.next().and_then(|s| u64::from_str_radix(s, 16).ok()) {
                Some(s) => Stamp(s),
                None => continue,
            }
        } else {
            Stamp::default()
        };
        let Some(key) = parts.next().filter(|k| !k.is_empty()) else {
            continue;
        };
        entries.push((key.to_owned(), Entry { size, seq, stamp }));
    }
    Some(IndexFile { limit, entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_reads_back_and_version_1_is_understood() {
        let mut index = Index::default();
        index.insert("a/1/2/3".into(), 10, Stamp(0xabc));
        index.insert("b/1/2/3".into(), 20, Stamp(7));
        index.touch("a/1/2/3");
        let file = parse(&index.to_text(4096)).unwrap();
        assert_eq!(file.limit, Some(4096));
        let keys: Vec<_> = file
            .entries
            .iter()
            .map(|(k, e)| (k.as_str(), e.size, e.stamp))
            .collect();
        assert_eq!(
            keys,
            [("b/1/2/3", 20, Stamp(7)), ("a/1/2/3", 10, Stamp(0xabc))]
        );

        let v1 = parse("trackmate-tiles index 1\n3 10 k/1/1/1\nbroken\n").unwrap();
        assert_eq!((v1.limit, v1.entries.len()), (None, 1));
        assert_eq!(v1.entries[0].1.seq, 3);
        assert!(parse("something else\n").is_none());
    }

    #[test]
    fn the_lru_is_the_first_out_and_changes_are_recorded() {
        let mut index = Index::default();
        for k in ["x", "y", "z"] {
            index.wrote(k, 5, Stamp(1));
        }
        index.touch("x");
        assert!(index.remove("z"));
        assert_eq!(index.total, 10);
        let (key, _) = index.pop_lru().unwrap();
        assert_eq!(key, "y");
        let changes = index.take_changes();
        assert!(changes.removed.contains("z") && changes.touched.contains("x"));
        assert!(index.touched.is_empty());
    }
}
