//! GPX import speed in MB/s (issue 16: ≥ 400 MB/s on 2 cores) against the tokenizer floor:
//! `import::parse` beside `quick-xml` alone, `xmlparser`'s token walk and a `roxmltree` parse +
//! walk, on the same bytes in the same run, the four taking turns so that other work on the
//! machine falls on all of them alike. Prints BENCHMARKS.md rows (best and median of the runs).
//!
//! Run: `cargo bench -p trackmate-tracks --bench gpx_import` (`TRACKMATE_BENCH_GPX=path` reads
//! that file, e.g. `target/bench-viewer/pts-1m.gpx` of `scripts/bench-viewer.sh`; without it a
//! file of the same shape is generated: 1,000,000 one-second fixes in five `<trkseg>`, with
//! elevation, time, and speed and course in Garmin's TrackPointExtension).
//! `TRACKMATE_BENCH_RUNS=n` sets the number of runs (default 7); `TRACKMATE_BENCH_ONLY=word`
//! times only the readers whose row has that word (`import`, `quick-xml`, …), for a profiler.

mod floor;

use std::fmt::Write as _;
use std::time::Instant;

use chrono::{DateTime, Duration};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trackmate_tracks::{Format, import};

/// The bench-viewer file's shape, written here from a seeded walk (not byte for byte the
/// Python generator's file, whose random numbers differ, but the same elements and widths).
fn generate(n: usize) -> Vec<u8> {
    let mut rng = ChaCha8Rng::seed_from_u64(20261127);
    let gauss = |rng: &mut ChaCha8Rng, sd: f64| {
        let (u, v): (f64, f64) = (rng.gen_range(f64::EPSILON..1.0), rng.r#gen());
        sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let (mut lat, mut lon, mut ele) = (51.16f64, 71.43f64, 347.0f64);
    let (mut heading, mut speed, mut target) = (rng.gen_range(0.0..360.0), 0.0f64, 15.0f64);
    let mut t = DateTime::parse_from_rfc3339("2026-11-20T00:00:00Z").unwrap();
    let mut out = String::with_capacity(n * 250);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"trackmate bench\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\">\n");
    writeln!(out, "<trk><name>bench {n} points</name>").unwrap();
    for s in 0..5 {
        out.push_str("<trkseg>\n");
        let count = if s < 4 { n / 5 } else { n - n / 5 * 4 };
        for _ in 0..count {
            if rng.gen_bool(0.01) {
                target = rng.gen_range(0.0..30.0);
            }
            speed = (speed + ((target - speed) * 0.1).clamp(-2.5, 1.5) + gauss(&mut rng, 0.2))
                .clamp(0.0, 33.0);
            heading += gauss(&mut rng, 2.0);
            let h = heading.to_radians();
            lat += speed * h.cos() / 111_320.0;
            lon += speed * h.sin() / (111_320.0 * lat.to_radians().cos());
            ele = (ele + gauss(&mut rng, 0.15)).clamp(300.0, 450.0);
            writeln!(
                out,
                "<trkpt lat=\"{:.7}\" lon=\"{:.7}\"><ele>{ele:.1}</ele><time>{}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>{speed:.2}</gpxtpx:speed><gpxtpx:course>{:.0}</gpxtpx:course></gpxtpx:TrackPointExtension></extensions></trkpt>",
                lat + gauss(&mut rng, 1.5) / 111_320.0,
                lon + gauss(&mut rng, 1.5) / 70_000.0,
                t.format("%Y-%m-%dT%H:%M:%SZ"),
                heading.rem_euclid(360.0),
            )
            .unwrap();
            t += Duration::seconds(1);
        }
        out.push_str("</trkseg>\n");
        t += Duration::minutes(rng.gen_range(20..120));
    }
    out.push_str("</trk>\n</gpx>\n");
    out.into_bytes()
}

type Reader = fn(&[u8]) -> usize;

fn ours(bytes: &[u8]) -> usize {
    let read = import::parse(bytes, Format::Gpx).expect("the bench file reads");
    read.track.segments.iter().map(|s| s.points.len()).sum()
}

fn main() {
    let (bytes, source) = match std::env::var_os("TRACKMATE_BENCH_GPX") {
        Some(path) => (
            std::fs::read(&path).expect("TRACKMATE_BENCH_GPX is readable"),
            path.to_string_lossy().into_owned(),
        ),
        None => (generate(1_000_000), "generated".to_owned()),
    };
    let runs: usize = std::env::var("TRACKMATE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let only = std::env::var("TRACKMATE_BENCH_ONLY").unwrap_or_default();
    let readers: [(&str, Reader); 4] = [
        ("`import::parse` (ours: points with times, checked)", ours),
        (
            "`quick-xml` 0.37 alone (event loop, counts `<trkpt>`)",
            floor::quick_xml_trkpts,
        ),
        (
            "`xmlparser` 0.13 token walk (counts `<trkpt>`)",
            floor::xmlparser_trkpts,
        ),
        (
            "`roxmltree` 0.20 parse + walk (counts `<trkpt>`)",
            floor::roxmltree_trkpts,
        ),
    ];
    let readers: Vec<_> = readers
        .into_iter()
        .filter(|(name, _)| name.contains(only.as_str()))
        .collect();
    let mut times = vec![Vec::new(); readers.len()];
    let mut points = vec![0; readers.len()];
    // Round robin: each run times every reader once.
    for _ in 0..runs {
        for (i, (_, read)) in readers.iter().enumerate() {
            let start = Instant::now();
            points[i] = read(&bytes);
            times[i].push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    assert!(points.iter().all(|&n| n == points[0]), "{points:?}");
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "GPX {source}: {mb:.0} MB, {} points; {runs} runs each, in turn",
        points[0]
    );
    println!("| reader | best | MB/s (best) | median | MB/s (median) |");
    println!("|---|---:|---:|---:|---:|");
    for ((name, _), t) in readers.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        let (best, median) = (t[0], t[t.len() / 2]);
        println!(
            "| {name} | {best:.0} ms | {:.0} | {median:.0} ms | {:.0} |",
            mb / best * 1e3,
            mb / median * 1e3
        );
    }
}
