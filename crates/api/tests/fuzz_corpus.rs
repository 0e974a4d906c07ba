//! Replays the committed fuzz corpus of `decode_reply` (`fuzz/corpus/api_decode/`, see
//! `fuzz/README.md`) through the same code as the fuzz target, so every reply the fuzzer once
//! found interesting is checked by an ordinary `cargo test`.

#[path = "../../../fuzz/harness/api.rs"]
mod harness;

use std::fs;
use std::path::{Path, PathBuf};

/// The files of the corpus and of the regressions (inputs that once crashed the target).
fn inputs(target: &str) -> Vec<PathBuf> {
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
}

#[test]
fn decode_reply_corpus() {
    let files = inputs("api_decode");
    for path in &files {
        let data = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if std::panic::catch_unwind(|| harness::decode(&data)).is_err() {
            panic!("api_decode: {} panicked", path.display());
        }
    }
}

/// Every reply type of the target is in the corpus at least once, so a corpus that lost an
/// endpoint's inputs fails here rather than quietly testing less.
#[test]
fn the_corpus_covers_every_endpoint() {
    let mut seen = [false; harness::ENDPOINTS.len()];
    for path in inputs("api_decode") {
        let data = fs::read(&path).expect("readable");
        if let Some(&b) = data.first() {
            seen[b as usize % seen.len()] = true;
        }
    }
    let missing: Vec<_> = (0..seen.len())
        .filter(|&i| !seen[i])
        .map(|i| harness::ENDPOINTS[i])
        .collect();
    assert!(missing.is_empty(), "no corpus input for {missing:?}");
    assert!(harness::ZONES.len() > 1);
}
