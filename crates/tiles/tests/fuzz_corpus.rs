//! Replays the committed fuzz corpora of the tile store and TileJSON (`fuzz/corpus/<target>/`,
//! see `fuzz/README.md`) through the same code as the fuzz targets
//! (`trackmate_tiles::fuzzing`), so every input the fuzzer once found interesting is checked by
//! an ordinary `cargo test`.

#[path = "../../../fuzz/harness/replay.rs"]
mod replay;

use replay::replay;

#[test]
fn tilejson_corpus() {
    replay("tilejson", trackmate_tiles::fuzzing::tilejson);
}

#[test]
fn tile_store_corpus() {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let dir = scratch.path().join("cache");
    replay("tile_store", |d| trackmate_tiles::fuzzing::store(&dir, d));
}
