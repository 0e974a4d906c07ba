//! Replays the committed fuzz corpora of the importers, format detection and the packed form
//! (`fuzz/corpus/<target>/`, see `fuzz/README.md`) through the same code as the fuzz targets,
//! so every input the fuzzer once found interesting is checked by an ordinary `cargo test`.

mod common;
#[path = "../../../fuzz/harness/tracks.rs"]
mod harness;

#[path = "../../../fuzz/harness/replay.rs"]
mod replay;

use replay::replay;
use std::fs;
use std::path::Path;
use trackmate_tracks::Format;

#[test]
fn gpx_corpus() {
    replay("import_gpx", |d| harness::import(Format::Gpx, d));
}

#[test]
fn kml_corpus() {
    replay("import_kml", |d| harness::import(Format::Kml, d));
}

#[test]
fn geojson_corpus() {
    replay("import_geojson", |d| harness::import(Format::GeoJson, d));
}

#[test]
fn csv_corpus() {
    replay("import_csv", |d| harness::import(Format::Csv, d));
}

#[test]
fn json_corpus() {
    replay("import_json", |d| harness::import(Format::Json, d));
}

#[test]
fn detect_corpus() {
    replay("import_detect", harness::detect);
}

#[test]
fn packed_unpack_corpus() {
    replay("packed_unpack", harness::unpack);
}

#[test]
fn packed_roundtrip_corpus() {
    replay("packed_roundtrip", harness::roundtrip);
}

/// Adds what our exporters write to the import corpora (seeds; minimise with `cargo fuzz cmin`
/// afterwards). Run by hand: `cargo test -p trackmate-tracks --test fuzz_corpus -- --ignored`.
#[test]
#[ignore = "writes seed files into fuzz/corpus; run by hand"]
fn write_seeds() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let sample = common::sample();
    let sets: [&[trackmate_tracks::Track]; 3] = [&sample, &sample[..1], &sample[1..]];
    for (i, tracks) in sets.into_iter().enumerate() {
        for (format, ext) in [
            (Format::Gpx, 1u8),
            (Format::Kml, 2),
            (Format::GeoJson, 3),
            (Format::Json, 4),
            (Format::Csv, 5),
        ] {
            let text = common::export(format, tracks);
            let dir = corpus.join(format!("import_{}", format.extension()));
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join(format!("seed-export-{i}")), &text).unwrap();
            let detect = corpus.join("import_detect");
            fs::create_dir_all(&detect).unwrap();
            let mut data = vec![if i == 0 { 0 } else { ext }];
            data.extend_from_slice(text.as_bytes());
            fs::write(
                detect.join(format!("seed-export-{}-{i}", format.extension())),
                data,
            )
            .unwrap();
        }
    }
}
