//! A cache that cannot use its folder, or stops being able to write to it, still serves every
//! tile: a file where the folder should be (tests run as root, so permissions would not stop
//! them), a folder under a file, an index that cannot be replaced, a tile folder that turns into
//! a file mid-session (as a full disk would fail a write).

mod common;

use common::Server;
use trackmate_tiles::{Origin, TileCache};

#[tokio::test]
async fn a_folder_that_cannot_be_made_keeps_tiles_in_memory_with_a_note() {
    let server = Server::start().await;
    let source = server.source("local");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache");
    std::fs::write(&file, b"a file, not a folder").unwrap();
    for (n, root) in [file.clone(), file.join("below")].into_iter().enumerate() {
        let cache = TileCache::open(&root, 1 << 20).expect("never fails over the disk");
        let note = cache.note().expect("a note for the user");
        assert!(note.contains("cannot be used"), "{note}");
        assert!(note.contains("until the app closes"), "{note}");
        assert!(cache.stats().memory_only);

        let y = n as u32;
        let tile = cache.get(&source, 5, 1, y).await.unwrap();
        assert_eq!(tile.origin, Origin::Network);
        assert_eq!(tile.bytes, common::png(&format!("/5/1/{y}.png"), 1000));
        let count = server.count();
        assert_eq!(
            cache.get(&source, 5, 1, y).await.unwrap().origin,
            Origin::Cache
        );
        assert_eq!(server.count(), count, "kept in memory for the session");
        assert_eq!(cache.stats().entries, 1);
        cache.flush().unwrap();
        cache.clear().await.unwrap();
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"a file, not a folder");
}

#[tokio::test]
async fn an_index_that_cannot_be_saved_keeps_the_tiles_on_disk_in_use_with_a_note() {
    let server = Server::start().await;
    let source = server.source("local");
    let dir = tempfile::tempdir().unwrap();
    {
        let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
        cache.get(&source, 5, 2, 2).await.unwrap();
    }
    // Something in the index file's place that a rename cannot replace.
    std::fs::remove_file(dir.path().join("index")).unwrap();
    std::fs::create_dir_all(dir.path().join("index/blocked")).unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let note = cache.note().expect("a note");
    assert!(note.contains("cannot be written"), "{note}");
    assert!(!cache.stats().memory_only);
    let count = server.count();
    assert_eq!(
        cache.get(&source, 5, 2, 2).await.unwrap().origin,
        Origin::Cache
    );
    assert_eq!(server.count(), count, "the tiles on disk still serve");
    assert_eq!(
        cache.get(&source, 5, 3, 3).await.unwrap().origin,
        Origin::Network
    );
    assert!(cache.flush().is_err(), "saving the index still fails");
}

#[tokio::test]
async fn a_write_that_fails_mid_session_still_serves_the_tile_quietly() {
    let server = Server::start().await;
    let source = server.source("local");
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    assert_eq!(
        cache.get(&source, 5, 1, 1).await.unwrap().origin,
        Origin::Network
    );
    // The source's tile folder becomes a file: every later write fails, as on a full disk.
    let tiles = dir.path().join("tiles").join(source.cache_id());
    std::fs::remove_dir_all(&tiles).unwrap();
    std::fs::write(&tiles, b"x").unwrap();

    let tile = cache.get(&source, 5, 2, 2).await.expect("served anyway");
    assert_eq!(tile.origin, Origin::Network);
    assert_eq!(tile.bytes, common::png("/5/2/2.png", 1000));
    let stats = cache.stats();
    assert_eq!(stats.write_failures, 1);
    assert!(cache.note().is_none(), "quietly: no notice for the user");
    let count = server.count();
    assert_eq!(
        cache.get(&source, 5, 2, 2).await.unwrap().origin,
        Origin::Cache
    );
    assert_eq!(server.count(), count, "kept in memory instead");
    // The tile whose file went with the folder is a miss, not an error.
    assert_eq!(
        cache.get(&source, 5, 1, 1).await.unwrap().origin,
        Origin::Network
    );
    cache.flush().unwrap();
}
