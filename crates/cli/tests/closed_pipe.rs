//! `trackmate … | head`: when the reader of our stdout has gone, every command ends quietly —
//! no panic text, no error message — with status 141 (what a shell reports for a program
//! ended by SIGPIPE), whether it prints a table, JSON or a whole track.

#![cfg(unix)]

use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
mod common;

use common::BIN;

/// Runs the binary with its stdout a stream whose reading end is already closed, so its
/// first write fails with EPIPE, as a pipe's does once `head` has gone (closed before the
/// start, so no write can slip into a buffer first); returns its status and stderr. A socket
/// pair stands in for `std::io::pipe`, which is newer than the workspace's MSRV.
fn run_into_closed_pipe(args: &[String], envs: &[(String, String)]) -> (ExitStatus, String) {
    let (reader, writer) = UnixStream::pair().unwrap();
    drop(reader);
    let writer = OwnedFd::from(writer);
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("TRACKMATE_SERVER")
        .env_remove("TRACKMATE_HASH")
        .env_remove("TRACKMATE_PASSWORD")
        .env("TRACKMATE_KEYRING_SERVICE", "app.trackmate.test-pipe")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_quiet(what: &str, (status, stderr): (ExitStatus, String)) {
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(!stderr.contains("error:"), "{what}: {stderr}");
    assert!(
        status.code() == Some(141) || status.signal() == Some(13),
        "{what}: {status:?}, {stderr}"
    );
}

fn gpx(points: usize) -> String {
    let mut s = String::from("<gpx><trk><name>Pipe</name><trkseg>");
    for i in 0..points {
        s.push_str(&format!(
            "<trkpt lat=\"51.1\" lon=\"{:.6}\"><time>2024-05-01T06:{:02}:{:02}Z</time></trkpt>",
            71.4 + i as f64 * 1e-4,
            i / 60,
            i % 60
        ));
    }
    s + "</trkseg></trk></gpx>"
}

#[test]
fn local_files_printed_into_a_closed_pipe_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pipe.gpx");
    std::fs::write(&file, gpx(600)).unwrap();
    let f = file.to_str().unwrap().to_owned();
    let a = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // A table (`print!`), JSON (`println!`).
    assert_quiet(
        "stats --file",
        run_into_closed_pipe(&a(&["stats", "--file", &f, "--stops"]), &[]),
    );
    assert_quiet(
        "--json stats --file",
        run_into_closed_pipe(&a(&["--json", "stats", "--file", &f]), &[]),
    );
    // Messages on stderr still arrive: only stdout is closed.
    let (status, stderr) = run_into_closed_pipe(&a(&["stats", "--file", "/nope.gpx"]), &[]);
    assert_eq!(status.code(), Some(2));
    assert!(stderr.contains("/nope.gpx: file not found"), "{stderr}");
}

#[tokio::test]
async fn server_listings_and_tracks_into_a_closed_pipe_end_quietly() {
    let e = common::env().await;
    let envs = vec![
        ("TRACKMATE_SERVER".to_owned(), e.sim.url()),
        ("TRACKMATE_HASH".to_owned(), e.hash.clone()),
    ];
    let id = e.moving.to_string();
    let from = (chrono::Utc::now() - chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    for args in [
        vec!["--json", "trips", &id, "--from", &from],
        vec!["trips", &id, "--from", &from],
        vec!["--json", "objects"],
        vec!["objects"],
        // A whole track written to stdout through the exporter (not the print macros).
        vec!["track", &id, "--from", &from, "--format", "gpx"],
    ] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let envs = envs.clone();
        let what = args.join(" ");
        let result = tokio::task::spawn_blocking(move || run_into_closed_pipe(&args, &envs))
            .await
            .unwrap();
        assert_quiet(&what, result);
    }
}
