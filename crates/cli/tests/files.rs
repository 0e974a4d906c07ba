//! The `trackmate` binary on local files (no server): `stats --file` against distances computed
//! by hand, `convert` through every format, and unreadable files with their messages and exit
//! codes.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_trackmate");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("TRACKMATE_SERVER")
        .env_remove("TRACKMATE_HASH")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Metres of one degree of longitude on the equator of the haversine sphere (R = 6,371,008.8 m).
const DEG_M: f64 = 6_371_008.8 * std::f64::consts::PI / 180.0;

/// A GPX like a logger writes: `trips` track segments of `n` points each, eastwards along the
/// equator by `step` degrees a point every 10 s, an hour between trips.
fn generated_gpx(trips: usize, n: usize, step: f64) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Generated</name>"#,
    );
    let mut lng = 0.0;
    let mut t = chrono::DateTime::parse_from_rfc3339("2024-05-01T06:00:00Z").unwrap();
    for _ in 0..trips {
        s.push_str("<trkseg>");
        for _ in 0..n {
            s.push_str(&format!(
                r#"<trkpt lat="0" lon="{lng}"><time>{}</time></trkpt>"#,
                t.format("%Y-%m-%dT%H:%M:%SZ")
            ));
            lng += step;
            t += chrono::Duration::seconds(10);
        }
        lng -= step; // the next trip starts where this one ended
        s.push_str("</trkseg>");
        t += chrono::Duration::hours(1);
    }
    s + "</trk></gpx>"
}

#[test]
fn stats_of_a_gpx_file_give_the_distance_and_the_trips() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("day.gpx");
    std::fs::write(&file, generated_gpx(3, 101, 0.001)).unwrap();
    let out = run(&["stats", "--file", path(&file), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 3 trips × 100 steps of 0.001° on the equator.
    let want = 300.0 * 0.001 * DEG_M;
    let got = v["summary"]["distance_m"].as_f64().unwrap();
    assert!((got - want).abs() < 0.01, "{got} m, want {want} m");
    assert_eq!(v["summary"]["points"], 303);
    assert_eq!(v["trips"].as_array().unwrap().len(), 3);
    assert_eq!(v["trips"][1]["duration_s"], 1000.0);
    // Two hour-long gaps between the trips are parkings.
    assert_eq!(v["summary"]["stops"], 2);
    assert_eq!(v["stops"][0]["kind"], "parking");
    assert_eq!(v["name"], "Generated");

    let out = run(&["stats", "--file", path(&file)]);
    assert!(out.status.success());
    let table = text(&out.stdout);
    assert!(
        table.contains(&format!("distance   {:.1} km", want / 1000.0)),
        "{table}"
    );
    assert!(table.lines().next().unwrap().contains("KM"), "{table}");
}

#[test]
fn stats_of_several_files_take_their_trips_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let gpx = generated_gpx(2, 11, 0.01);
    let (a, b) = (dir.path().join("a.gpx"), dir.path().join("b.kml"));
    std::fs::write(&a, &gpx).unwrap();
    // The same trips as KML, shifted a day earlier: listed second, they come first.
    let out = run(&["convert", path(&a), "-o", path(&b)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kml = std::fs::read_to_string(&b)
        .unwrap()
        .replace("2024-05-01", "2024-04-30");
    std::fs::write(&b, kml).unwrap();
    let out = run(&["stats", "--json", "--file", path(&a), path(&b)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let starts: Vec<&str> = v["trips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts.len(), 4);
    assert!(starts[0].starts_with("2024-04-30") && starts[3].starts_with("2024-05-01"));
    assert_eq!(v["name"], "2 files");
}

#[test]
fn convert_through_every_format_keeps_every_point() {
    let dir = tempfile::tempdir().unwrap();
    let start = dir.path().join("start.gpx");
    std::fs::write(&start, generated_gpx(2, 57, 0.0005)).unwrap();
    let mut from = start.clone();
    for (i, ext) in ["kml", "geojson", "csv", "json", "gpx"].iter().enumerate() {
        let to = dir.path().join(format!("step{i}.{ext}"));
        let out = run(&["convert", path(&from), "-o", path(&to)]);
        assert!(out.status.success(), "{ext}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("Converted 114 points in 2 segment(s)"),
            "{ext}"
        );
        from = to;
    }
    let gpx = gpx::read(std::io::BufReader::new(std::fs::File::open(&from).unwrap())).unwrap();
    let counts: Vec<usize> = gpx.tracks[0]
        .segments
        .iter()
        .map(|s| s.points.len())
        .collect();
    assert_eq!(counts, [57, 57]);
    assert_eq!(gpx.tracks[0].name.as_deref(), Some("Generated"));
    // The second trip starts 57 × 10 s and an hour after 06:00, whatever the formats between.
    let first = &gpx.tracks[0].segments[1].points[0];
    let time = chrono::DateTime::parse_from_rfc3339(&first.time.unwrap().format().unwrap());
    assert_eq!(time.unwrap().to_rfc3339(), "2024-05-01T07:09:30+00:00");

    // An explicit --format wins over the extension.
    let odd = dir.path().join("out.txt");
    let out = run(&[
        "convert",
        path(&start),
        "-o",
        path(&odd),
        "--format",
        "geojson",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&odd).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
}

#[test]
fn bad_files_say_what_is_wrong_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.gpx");
    let gpx = generated_gpx(1, 30, 0.001);
    std::fs::write(&cut, &gpx[..gpx.len() / 2]).unwrap();
    let target = dir.path().join("keep.kml");
    std::fs::write(&target, "precious").unwrap();

    let out = run(&["stats", "--file", path(&cut)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "error: {}: not valid XML at line 1, column ",
            path(&cut)
        )),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = run(&["convert", path(&cut), "-o", path(&target)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "precious",
        "left alone"
    );

    let missing = dir.path().join("missing.gpx");
    let out = run(&["convert", path(&missing), "-o", path(&target)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("missing.gpx: file not found"));

    let empty = dir.path().join("empty.geojson");
    std::fs::write(&empty, "").unwrap();
    let out = run(&["stats", "--file", path(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("empty.geojson: the file is empty"));

    let points_only = dir.path().join("pins.geojson");
    std::fs::write(
        &points_only,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#,
    )
    .unwrap();
    let out = run(&["stats", "--file", path(&points_only)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no lines"),
        "{}",
        text(&out.stderr)
    );

    let out = run(&["convert", path(&cut), "-o", path(&dir.path().join("x.shp"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--format"));
    let out = run(&["stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--file"));
}

#[test]
fn a_file_without_times_is_converted_and_summarised_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let route = dir.path().join("route.geojson");
    std::fs::write(
        &route,
        r#"{"type":"LineString","coordinates":[[0,0],[0.01,0],[0.02,0]]}"#,
    )
    .unwrap();
    let out = run(&["stats", "--file", path(&route), "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no times"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["timeless"], true);
    assert_eq!(v["name"], "route", "named after the file");
    let d = v["summary"]["distance_m"].as_f64().unwrap();
    assert!((d - 0.02 * DEG_M).abs() < 0.01, "{d}");
}

/// `run` with extra environment variables.
fn run_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("TRACKMATE_SERVER")
        .env_remove("TRACKMATE_HASH")
        .env_remove("TRACKMATE_MAX_FILE_SIZE")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 5.2 GB that take no disk and would take minutes to read.
    let huge = dir.path().join("trip.gpx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(5_200_000_000)
        .unwrap();
    let out = run_env(&["stats", "--file", path(&huge)], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {} is 5.2 GB; files larger than 2 GB are not opened — raise the limit with \
             --max-file-size (or TRACKMATE_MAX_FILE_SIZE), e.g. --max-file-size 8GB\n",
            path(&huge)
        )
    );
    assert!(out.stdout.is_empty());

    let small = dir.path().join("small.gpx");
    let gpx = generated_gpx(1, 30, 0.001);
    std::fs::write(&small, &gpx).unwrap();
    let target = dir.path().join("small.kml");
    let limited = [
        run_env(
            &["stats", "--file", path(&small), "--max-file-size", "1KB"],
            &[],
        ),
        run_env(
            &[
                "convert",
                path(&small),
                "-o",
                path(&target),
                "--max-file-size",
                "1000",
            ],
            &[],
        ),
        run_env(
            &["stats", "--file", path(&small)],
            &[("TRACKMATE_MAX_FILE_SIZE", "1kb")],
        ),
    ];
    for out in limited {
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "small.gpx is {}",
                trackmate_tracks::import::format_size(gpx.len() as u64)
            )) && err.contains("files larger than 1 kB are not opened"),
            "{err}"
        );
    }
    assert!(!target.exists(), "nothing written");
    // Raised by the flag (which wins over the variable), the file reads.
    let out = run_env(
        &[
            "convert",
            path(&small),
            "-o",
            path(&target),
            "--max-file-size",
            "1MB",
        ],
        &[("TRACKMATE_MAX_FILE_SIZE", "10")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(target.exists());

    let out = run_env(
        &["stats", "--file", path(&small), "--max-file-size", "lots"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("\"lots\" is not a size"),
        "{}",
        text(&out.stderr)
    );
    let out = run_env(&["view", "--help"], &[]);
    assert!(text(&out.stdout).contains("--max-file-size <SIZE>"));
}

#[cfg(unix)]
#[test]
fn devices_folders_and_named_pipes_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("live.gpx");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Nobody writes to the pipe and /dev/zero never ends: a reader would wait or read for
    // ever; the check comes first.
    for (file, says) in [
        (
            "/dev/zero",
            "error: /dev/zero is a device, not a track file\n".to_owned(),
        ),
        (
            "/dev/urandom",
            "error: /dev/urandom is a device, not a track file\n".to_owned(),
        ),
        (
            path(&fifo),
            format!(
                "error: {} is a named pipe (FIFO), not a track file\n",
                path(&fifo)
            ),
        ),
        (
            path(dir.path()),
            format!(
                "error: {} is a folder, not a track file\n",
                path(dir.path())
            ),
        ),
    ] {
        let out = run_env(&["stats", "--file", file], &[]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(text(&out.stderr), says);
        let out = run_env(
            &["convert", file, "-o", path(&dir.path().join("out.gpx"))],
            &[],
        );
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(text(&out.stderr), says);
    }
}
