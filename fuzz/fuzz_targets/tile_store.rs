//! A cache folder from the input (index file and tile files), opened and read by the tile
//! store (body in `crates/tiles/src/fuzzing.rs`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

/// One scratch folder for the whole run, in memory when `/dev/shm` exists.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = std::path::Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("trackmate-fuzz-")
            .tempdir_in(base)
            .expect("a scratch folder");
        // Kept for the life of the process; libFuzzer exits without running destructors.
        dir.keep().join("cache")
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackmate_tiles::fuzzing::store(scratch(), data));
