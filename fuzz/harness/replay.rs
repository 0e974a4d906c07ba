//! Replaying a fuzz target's committed corpus in an ordinary test: the corpus and regression
//! files of a target (`fuzz/corpus/<target>/`, `fuzz/regressions/<target>/`), and a runner that
//! names the file that panicked. Included with `#[path]` by each crate's `tests/fuzz_corpus.rs`.
#![allow(dead_code)] // each test file uses what it needs

use std::fs;
use std::path::{Path, PathBuf};

/// The files of one target's corpus and of its regressions (inputs that once crashed it), read.
pub fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
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

/// Runs `body` on every input of `target`, naming the file that panicked.
pub fn replay(target: &str, body: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    for (path, data) in inputs(target) {
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            panic!("{target}: {} panicked", path.display());
        }
    }
}
