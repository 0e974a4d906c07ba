//! A track built from the input, packed and unpacked, compared column by column
//! (body in `../harness/tracks.rs`).
#![no_main]

#[path = "../harness/tracks.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::roundtrip(data));
