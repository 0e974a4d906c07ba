//! `packed::unpack` of arbitrary bytes (body in `../harness/tracks.rs`).
#![no_main]

#[path = "../harness/tracks.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::unpack(data));
