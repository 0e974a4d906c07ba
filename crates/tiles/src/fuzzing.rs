//! Entry points for the fuzz targets `tile_store` and `tilejson` (see `fuzz/README.md`) and
//! their corpus replay test (`tests/fuzz_corpus.rs`): the disk store and the URL filling are
//! private, so the fuzz crate reaches them through here. Not part of the API.

use crate::key::ApiKey;
use crate::store::Store;
use crate::tilejson::TileJson;
use std::fs;
use std::path::Path;

/// A TileJSON document from outside: parsed, made a source (with and without a key), and the
/// source's tile URLs, keys and attribution text produced for a few tiles.
pub fn tilejson(data: &[u8]) {
    let Ok(doc) = TileJson::parse(data) else {
        return;
    };
    for key in [None, ApiKey::new("fuzz-key-123")] {
        let Ok(source) = doc.to_source("fuzz", None, key, None) else {
            continue;
        };
        let _ = source.attribution_text();
        let (min, max) = (source.min_zoom(), source.max_zoom());
        for (z, x, y) in [(0, 0, 0), (min, 0, 0), (max, 1, 2), (max, u32::MAX, 0)] {
            if source.check_tile(z, x, y).is_ok() {
                let _ = source.tile_url(z, x, y);
                let _ = source.tile_key(z, x, y);
            }
        }
    }
}

/// Tile keys the store input is laid out under (as `tiles/<key>.tile`).
const KEYS: [&str; 2] = ["src-1/1/0/0", "src-1/1/0/1"];

/// A cache folder from outside (a damaged or foreign disk cache): `dir` is emptied and filled
/// with an index file and tile files from `data`, then opened, read, flushed and opened again.
///
/// Input: `[flags, index length (u16 LE), index…, tile file…]`. Flag bit 0 adds a second copy
/// of the tile under another key, bit 1 a leftover `.tmp` file, bits 4–7 pick the size limit.
pub fn store(dir: &Path, data: &[u8]) {
    let [flags, lo, hi, rest @ ..] = data else {
        return;
    };
    let n = usize::from(u16::from_le_bytes([*lo, *hi])).min(rest.len());
    let (index, tile) = rest.split_at(n);
    if lay_out(dir, *flags, index, tile).is_err() {
        return;
    }
    let max_bytes = match flags >> 4 {
        0 => u64::MAX,
        1 => 0,
        k => tile.len() as u64 * u64::from(k) / 8,
    };
    for _ in 0..2 {
        // Opening never fails: a folder it cannot use gives a memory-only store.
        let store = Store::open(dir, max_bytes);
        for key in KEYS.iter().chain(&["src-1/9/9/9"]) {
            if let Some(stored) = store.read(key) {
                assert_eq!(
                    stored.body.len() as u64,
                    stored.meta.len,
                    "a read tile is whole"
                );
            }
        }
        // The limit in force may be the folder's own (kept in its index), so compare with that.
        let (_, bytes) = store.usage();
        assert!(bytes <= store.max_bytes(), "the store keeps to its limit");
        let _ = store.flush(std::time::Duration::from_millis(50));
    }
}

fn lay_out(dir: &Path, flags: u8, index: &[u8], tile: &[u8]) -> std::io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let tiles = dir.join("tiles");
    let write_tile = |key: &str| {
        let path = tiles.join(format!("{key}.tile"));
        fs::create_dir_all(path.parent().unwrap_or(&tiles))?;
        fs::write(path, tile)
    };
    write_tile(KEYS[0])?;
    if flags & 1 != 0 {
        write_tile(KEYS[1])?;
    }
    if flags & 2 != 0 {
        fs::write(tiles.join("src-1/1/0/0.tile.7-0.tmp"), tile)?;
    }
    fs::write(dir.join("index"), index)
}
