//! Replays the committed fuzz corpus of `decode_reply` (`fuzz/corpus/api_decode/`, see
//! `fuzz/README.md`) through the same code as the fuzz target, so every reply the fuzzer once
//! found interesting is checked by an ordinary `cargo test`.

#[path = "../../../fuzz/harness/api.rs"]
mod harness;

#[path = "../../../fuzz/harness/replay.rs"]
mod replay;

use replay::{inputs, replay};

#[test]
fn decode_reply_corpus() {
    replay("api_decode", harness::decode);
}

/// Every reply type of the target is in the corpus at least once, so a corpus that lost an
/// endpoint's inputs fails here rather than quietly testing less.
#[test]
fn the_corpus_covers_every_endpoint() {
    let mut seen = [false; harness::ENDPOINTS.len()];
    for (_, data) in inputs("api_decode") {
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
