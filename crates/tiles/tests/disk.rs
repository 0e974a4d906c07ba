//! The disk cache: LRU eviction under the size limit, the LRU order and the tiles surviving a
//! restart, recovery from a crash (no index, old leftover temporary files, a cut-off tile) that
//! keeps another process's write in flight, clear.

mod common;

use common::{Server, tile_files};
use std::path::Path;
use trackmate_tiles::{Origin, TileCache, TileSource};

/// The on-disk size of one of the server's standard tiles (they all have the same size).
async fn tile_size(server: &Server) -> u64 {
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    cache.get(&server.source("local"), 5, 0, 0).await.unwrap();
    cache.stats().bytes
}

fn cached(dir: &Path, source: &TileSource, (z, x, y): (u8, u32, u32)) -> bool {
    dir.join("tiles")
        .join(source.cache_id())
        .join(format!("{z}/{x}/{y}.tile"))
        .exists()
}

const T1: (u8, u32, u32) = (5, 1, 1);
const T2: (u8, u32, u32) = (5, 2, 2);
const T3: (u8, u32, u32) = (5, 3, 3);
const T4: (u8, u32, u32) = (5, 4, 4);

async fn get(cache: &TileCache, source: &TileSource, (z, x, y): (u8, u32, u32)) -> Origin {
    cache.get(source, z, x, y).await.unwrap().origin
}

fn disk_total(dir: &Path) -> u64 {
    tile_files(dir).iter().map(|(_, n)| n).sum()
}

#[tokio::test]
async fn filling_past_the_limit_evicts_the_least_recently_used() {
    let server = Server::start().await;
    let size = tile_size(&server).await;
    let limit = size * 3 + size / 2; // room for three tiles
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), limit).unwrap();
    let source = server.source("local");
    for t in [T1, T2, T3] {
        assert_eq!(get(&cache, &source, t).await, Origin::Network);
    }
    assert_eq!(get(&cache, &source, T1).await, Origin::Cache); // T1 is now the most recent
    assert_eq!(get(&cache, &source, T4).await, Origin::Network); // one too many
    assert!(
        !cached(dir.path(), &source, T2),
        "T2 was the least recently used"
    );
    for t in [T1, T3, T4] {
        assert!(cached(dir.path(), &source, t), "{t:?} must be kept");
    }
    assert!(disk_total(dir.path()) <= limit);
    let stats = cache.stats();
    assert_eq!(
        (stats.entries, stats.evictions, stats.bytes),
        (3, 1, disk_total(dir.path()))
    );
    let before = server.count();
    assert_eq!(get(&cache, &source, T1).await, Origin::Cache);
    assert_eq!(server.count(), before);
    assert_eq!(get(&cache, &source, T2).await, Origin::Network);

    // A long run over many tiles stays under the limit and keeps the latest three.
    for x in 0..20 {
        cache.get(&source, 6, x, 7).await.unwrap();
        assert!(disk_total(dir.path()) <= limit);
    }
    let kept: Vec<String> = tile_files(dir.path()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(kept.len(), 3);
    for x in 17..20 {
        assert!(
            kept.iter().any(|p| p.ends_with(&format!("6/{x}/7.tile"))),
            "{kept:?}"
        );
    }
}

#[tokio::test]
async fn a_restart_keeps_the_tiles_and_their_lru_order() {
    let mut server = Server::start().await;
    let size = tile_size(&server).await;
    let limit = size * 3 + size / 2;
    let dir = tempfile::tempdir().unwrap();
    let source = server.source("local");
    {
        let cache = TileCache::open(dir.path(), limit).unwrap();
        for t in [T1, T2, T3, T1] {
            get(&cache, &source, t).await;
        }
        // T1 was written first but used last: a file-time order would evict it first.
    }
    let cache = TileCache::open(dir.path(), limit).unwrap();
    assert_eq!(cache.stats().entries, 3);
    get(&cache, &source, T4).await;
    assert!(
        !cached(dir.path(), &source, T2),
        "the least recently used before the restart goes"
    );
    assert!(cached(dir.path(), &source, T1));
    drop(cache);

    // And the tiles are there for a later offline session.
    server.stop().await;
    let cache = TileCache::open(dir.path(), limit).unwrap();
    for t in [T1, T3, T4] {
        assert_eq!(get(&cache, &source, t).await, Origin::Cache);
    }
}

#[tokio::test]
async fn a_smaller_limit_at_open_evicts_down_to_it() {
    let server = Server::start().await;
    let size = tile_size(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let source = server.source("local");
    {
        let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
        for t in [T1, T2, T3, T4] {
            get(&cache, &source, t).await;
        }
    }
    let cache = TileCache::open(dir.path(), size * 2).unwrap();
    assert_eq!(cache.stats().entries, 2);
    assert!(cached(dir.path(), &source, T3) && cached(dir.path(), &source, T4));
}

#[tokio::test]
async fn a_crash_mid_write_loses_nothing_that_was_complete() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let source = server.source("local");
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    for t in [T1, T2, T3] {
        get(&cache, &source, t).await;
    }
    // A crash: no drop, so the index never hears of these tiles...
    std::mem::forget(cache);
    let tile_dir = dir.path().join("tiles").join(source.cache_id()).join("5");
    // ...a write that never got to its rename (the crash was an hour ago)...
    let leftover = tile_dir.join("1/1.tile.999-0.tmp");
    std::fs::write(&leftover, b"TMTILE1\n half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&leftover)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    // ...while another process is writing this one right now...
    let in_flight = tile_dir.join("3/3.tile.998-0.tmp");
    std::fs::write(&in_flight, b"TMTILE1\n coming").unwrap();
    // ...and a tile whose data did not reach the disk before the rename did.
    let t2 = tile_dir.join("2/2.tile");
    let full = std::fs::read(&t2).unwrap();
    std::fs::write(&t2, &full[..full.len() - 10]).unwrap();
    std::fs::create_dir_all(tile_dir.join("4")).unwrap();
    std::fs::write(tile_dir.join("4/4.tile"), b"").unwrap();

    let count = server.count();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    assert!(!leftover.exists(), "old leftovers are removed");
    assert!(
        in_flight.exists(),
        "another process's write in flight is kept"
    );
    assert!(
        !tile_dir.join("4/4.tile").exists(),
        "an empty tile file is removed"
    );
    assert_eq!(get(&cache, &source, T1).await, Origin::Cache);
    assert_eq!(get(&cache, &source, T3).await, Origin::Cache);
    assert_eq!(server.count(), count);
    let t2 = cache.get(&source, T2.0, T2.1, T2.2).await.unwrap();
    assert_eq!(
        t2.origin,
        Origin::Network,
        "a cut-off tile is fetched again, never served"
    );
    assert_eq!(t2.bytes, common::png("/5/2/2.png", 1000));
    assert_eq!(cache.stats().entries, 3);
}

#[tokio::test]
async fn clear_removes_every_tile() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let source = server.source("local");
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    for t in [T1, T2] {
        get(&cache, &source, t).await;
    }
    cache.clear().await.unwrap();
    assert!(tile_files(dir.path()).is_empty());
    assert_eq!((cache.stats().entries, cache.stats().bytes), (0, 0));
    assert_eq!(get(&cache, &source, T1).await, Origin::Network);
    drop(cache);
    assert_eq!(
        TileCache::open(dir.path(), 1 << 20)
            .unwrap()
            .stats()
            .entries,
        1
    );
}

#[tokio::test]
async fn sources_with_different_urls_do_not_share_tiles() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let a = server.source("local");
    let b = TileSource::new(trackmate_tiles::SourceSpec::xyz(
        "local",
        "b",
        format!("http://{}/b/{{z}}/{{x}}/{{y}}.png", server.addr),
    ))
    .unwrap();
    assert_ne!(
        a.cache_id(),
        b.cache_id(),
        "same id, other URL: another cache"
    );
    assert_eq!(get(&cache, &a, T1).await, Origin::Network);
    assert_eq!(get(&cache, &b, T1).await, Origin::Network);
    assert_eq!(server.last().uri, "/b/5/1/1.png");
}
