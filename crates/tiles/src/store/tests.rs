//! The store's sharing rules at the file level: scans that lose files to another process, old
//! and fresh temporary files, tiles learned from and kept for another process, the shared limit.

use super::disk::Disk;
use super::scan::{TEMP_MAX_AGE, scan, scan_with};
use super::{Meta, Store};
use bytes::Bytes;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn meta(len: usize) -> Meta {
    Meta {
        content_type: "image/png".into(),
        stored_at: 1,
        fresh_until: u64::MAX,
        etag: None,
        last_modified: None,
        len: len as u64,
    }
}

fn put(disk: &Disk, key: &str, len: usize) {
    assert!(disk.write(key, &meta(len), &vec![7u8; len]).unwrap());
}

fn tile_path(root: &Path, key: &str) -> std::path::PathBuf {
    root.join("tiles").join(format!("{key}.tile"))
}

fn age(path: &Path, by: Duration) {
    let f = fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - by).unwrap();
}

#[test]
fn a_file_or_folder_deleted_mid_scan_is_not_there_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (disk, _) = Disk::open(dir.path(), 1 << 20).unwrap();
    for key in ["s/1/0/0", "s/1/0/1", "s/1/1/0", "s/2/0/0"] {
        put(&disk, key, 100);
    }
    drop(disk);
    let tiles = dir.path().join("tiles");
    let mut seen = 0;
    let found = scan_with(&tiles, SystemTime::now(), &mut |p| {
        seen += 1;
        // The other process evicts a tile and clears a whole zoom level as this one walks.
        if p.ends_with("0/1.tile") {
            fs::remove_file(p).unwrap();
        }
        if p.ends_with("s/2") {
            fs::remove_dir_all(p).unwrap();
        }
    })
    .unwrap();
    assert!(seen >= 4, "{seen}");
    let mut keys: Vec<_> = found.tiles.iter().map(|f| f.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["s/1/0/0", "s/1/1/0"]);

    // And a cache opened over such a folder reads a vanished tile as a miss.
    let (disk, _) = Disk::open(dir.path(), 1 << 20).unwrap();
    fs::remove_file(tile_path(dir.path(), "s/1/0/0")).unwrap();
    assert!(disk.read("s/1/0/0").is_none());
    assert_eq!(disk.usage().0, 1);
    assert!(disk.read("s/1/1/0").is_some());
}

#[test]
fn only_old_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let leaf = dir.path().join("tiles/s/1/0");
    fs::create_dir_all(&leaf).unwrap();
    let fresh = leaf.join("0.tile.4242-0.tmp");
    let old = leaf.join("1.tile.4242-1.tmp");
    fs::write(&fresh, b"TMTILE1\n in flight").unwrap();
    fs::write(&old, b"TMTILE1\n crashed").unwrap();
    age(&old, TEMP_MAX_AGE + Duration::from_secs(60));
    let old_index = dir.path().join("index.4242-0.tmp");
    fs::write(&old_index, "x").unwrap();
    age(&old_index, TEMP_MAX_AGE * 2);

    let (_disk, _) = Disk::open(dir.path(), 1 << 20).unwrap();
    assert!(fresh.exists(), "another process's write in flight is kept");
    assert!(!old.exists(), "a crash's leftover is removed");
    assert!(!old_index.exists());
    // A scan a little later (still young) keeps it too.
    let found = scan(&dir.path().join("tiles"), SystemTime::now()).unwrap();
    assert_eq!(found.temps_removed, 0);
    assert!(fresh.exists());
}

/// The size on disk of a tile with a `len`-byte body.
fn size_of(len: usize) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let (d, _) = Disk::open(dir.path(), 1 << 20).unwrap();
    put(&d, "probe/0/0/0", len);
    d.usage().1
}

#[test]
fn a_tile_the_other_process_stored_is_read_and_its_rewrite_is_never_evicted() {
    let s = size_of(300);
    let limit = s * 2 + s / 2;
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = Disk::open(dir.path(), limit).unwrap();
    let (b, _) = Disk::open(dir.path(), limit).unwrap();
    put(&a, "s/1/0/0", 300);
    let got = b.read("s/1/0/0").expect("learned from the disk");
    assert_eq!(got.body.len(), 300);
    assert_eq!(b.usage(), a.usage());

    // `a` knows 1/0/0 from its own write, as its least recently used tile; `b` stores it again
    // (a new file in its place). When `a` goes over the limit, the new copy stays and the next
    // tile in line goes instead.
    put(&a, "s/1/0/1", 300);
    put(&b, "s/1/0/0", 310);
    let b_copy = fs::read(tile_path(dir.path(), "s/1/0/0")).unwrap();
    put(&a, "s/1/1/1", 300);
    assert_eq!(
        fs::read(tile_path(dir.path(), "s/1/0/0")).unwrap(),
        b_copy,
        "the other's fresh copy is untouched"
    );
    assert!(!tile_path(dir.path(), "s/1/0/1").exists());
    assert_eq!(a.evictions.load(std::sync::atomic::Ordering::Relaxed), 1);
    assert!(a.usage().1 <= limit);
}

#[test]
fn eviction_weighs_both_processes_tiles_against_the_folders_limit() {
    let dir = tempfile::tempdir().unwrap();
    let size = size_of(1000);
    let limit = size * 4 + size / 2;
    let (a, _) = Disk::open(dir.path(), limit).unwrap();
    let (b, _) = Disk::open(dir.path(), limit).unwrap();
    for i in 0..3 {
        put(&a, &format!("a/5/0/{i}"), 1000);
        put(&b, &format!("b/5/0/{i}"), 1000);
    }
    // Each alone is under the limit; together they are over it.
    a.sync(Duration::from_secs(1)).unwrap();
    b.sync(Duration::from_secs(1)).unwrap();
    let on_disk: u64 = super::scan::scan(&dir.path().join("tiles"), SystemTime::now())
        .unwrap()
        .tiles
        .iter()
        .map(|f| f.size)
        .sum();
    assert!(on_disk <= limit, "{on_disk} > {limit}");
    assert_eq!(on_disk, b.usage().1);

    // A later opener's limit becomes the folder's; the first follows it at its next sync.
    let (c, _) = Disk::open(dir.path(), size * 2).unwrap();
    assert_eq!(c.limit(), size * 2);
    put(&a, "a/5/1/0", 1000);
    a.sync(Duration::from_secs(1)).unwrap();
    assert_eq!(a.limit(), size * 2);
    assert!(a.usage().1 <= size * 2);
}

#[test]
fn a_file_where_the_folder_should_be_gives_a_memory_store_that_still_keeps_tiles() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    fs::write(&file, b"x").unwrap();
    for root in [file.clone(), file.join("below")] {
        let store = Store::open(&root, 1 << 20);
        assert!(store.is_memory_only());
        assert!(
            store.note().unwrap().contains("cannot be used"),
            "{:?}",
            store.note()
        );
        store.write("s/1/0/0", &meta(5), &Bytes::from_static(b"12345"));
        assert_eq!(&store.read("s/1/0/0").unwrap().body[..], b"12345");
        assert_eq!(store.usage().0, 1);
        store.flush(Duration::ZERO).unwrap();
    }
}
