//! `import::parse(bytes, Format::Kml)` and what the app does after an import
//! (body in `../harness/tracks.rs`).
#![no_main]

#[path = "../harness/tracks.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::import(trackmate_tracks::Format::Kml, data));
