//! A TileJSON document: parsed, made a source, tile URLs filled
//! (body in `crates/tiles/src/fuzzing.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trackmate_tiles::fuzzing::tilejson(data));
