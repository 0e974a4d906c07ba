//! `import::detect(extension, bytes)` then `parse` as the detected format, as `read_path` does
//! (body in `../harness/tracks.rs`).
#![no_main]

#[path = "../harness/tracks.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::detect(data));
