//! `trackmate_api::decode_reply` of every endpoint's reply type (body in `../harness/api.rs`).
#![no_main]

#[path = "../harness/api.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::decode(data));
