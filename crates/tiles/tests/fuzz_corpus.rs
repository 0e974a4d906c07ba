//! Replays the committed fuzz corpora of the tile store and TileJSON (`fuzz/corpus/<target>/`,
//! see `fuzz/README.md`) through the same code as the fuzz targets
//! (`trackmate_tiles::fuzzing`), so every input the fuzzer once found interesting is checked by
//! an ordinary `cargo test`.

use std::fs;
use std::path::{Path, PathBuf};

/// The files of one target's corpus and of its regressions (inputs that once crashed it).
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let corpus = root.join("corpus").join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("corpus {}: {e}", corpus.display()))
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    if let Ok(dir) = fs::read_dir(root.join("regressions").join(target)) {
        files.extend(dir.map(|e| e.expect("a regression entry").path()));
    }
    files.sort();
    assert!(!files.is_empty(), "the corpus of {target} is empty");
    files
        .into_iter()
        .map(|p| {
            let data = fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, data)
        })
        .collect()
}

/// Runs `body` on every input, naming the file that panicked.
fn replay(target: &str, body: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    for (path, data) in inputs(target) {
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            panic!("{target}: {} panicked", path.display());
        }
    }
}

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
