//! The `trackmate` binary end to end against the emulator on loopback: listing, trips, exports
//! checked by an independent GPX parser, the demo flow, and failures with their messages and
//! exit codes (signing in and the keyring: `signin.rs`).

mod common;

use common::{BIN, Env, env, run, text};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use trackmate_api::{Client, TrackInfo, TrackListOptions};

fn with_session(e: &Env) -> Vec<(&'static str, String)> {
    vec![
        ("TRACKMATE_SERVER", e.sim.url()),
        ("TRACKMATE_HASH", e.hash.clone()),
    ]
}

async fn run_as(e: &Env, args: &[&str]) -> Output {
    let s = with_session(e);
    let envs: Vec<(&str, &str)> = s.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run(args, &envs).await
}

fn today(e: &Env) -> String {
    let tz: chrono_tz::Tz = e.sim.config().time_zone.parse().unwrap();
    chrono::Utc::now()
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string()
}

fn days_back(e: &Env, n: i64) -> String {
    let tz: chrono_tz::Tz = e.sim.config().time_zone.parse().unwrap();
    (chrono::Utc::now() - chrono::Duration::days(n))
        .with_timezone(&tz)
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn objects_as_table_and_json() {
    let e = env().await;
    let out = run_as(&e, &["objects"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.starts_with("ID") || table.trim_start().starts_with("ID"),
        "{table}"
    );
    assert!(
        table.contains("blocked") && table.contains("offline"),
        "{table}"
    );
    let out = run_as(&e, &["objects", "--json"]).await;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert!(rows.len() >= 12);
    assert!(
        rows.iter()
            .all(|r| r["id"].is_i64() && r["status"].is_string())
    );
}

#[tokio::test]
async fn trips_and_a_gpx_of_one_trip() {
    let e = env().await;
    let id = e.moving.to_string();
    let from = days_back(&e, 2);
    let out = run_as(&e, &["trips", &id, "--from", &from, "--json"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let trips: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = trips["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "regular")
        .expect("a regular trip")
        .clone();
    let trip_id = first["id"].as_i64().unwrap().to_string();
    let out = run_as(&e, &["trips", &id, "--from", &from, "--to", &today(&e)]).await;
    assert!(text(&out.stdout).contains(&trip_id));
    assert!(text(&out.stderr).contains("trips"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trip.gpx");
    let out = run_as(
        &e,
        &[
            "track",
            &id,
            "--from",
            &from,
            "--trip",
            &trip_id,
            "--format",
            "gpx",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let gpx =
        gpx::read(std::io::BufReader::new(std::fs::File::open(&file).unwrap())).expect("valid GPX");
    let pts: usize = gpx
        .tracks
        .iter()
        .flat_map(|t| &t.segments)
        .map(|s| s.points.len())
        .sum();
    assert_eq!(
        pts as i64,
        first["points"].as_i64().unwrap(),
        "every point of the trip"
    );
    let p0 = &gpx.tracks[0].segments[0].points[0];
    assert!(p0.time.is_some() && p0.elevation.is_some());
    assert!((50.0..53.0).contains(&p0.point().y()), "in the demo area");
}

#[tokio::test]
async fn every_format_to_stdout_or_by_extension() {
    let e = env().await;
    let id = e.moving.to_string();
    let from = days_back(&e, 1);
    for f in ["csv", "geojson", "kml", "json"] {
        let out = run_as(&e, &["track", &id, "--from", &from, "--format", f]).await;
        assert!(out.status.success(), "{f}: {}", text(&out.stderr));
        assert!(out.stdout.len() > 100, "{f}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("period.geojson");
    let out = run_as(
        &e,
        &["track", &id, "--from", &from, "-o", file.to_str().unwrap()],
    )
    .await;
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert!(
        v["features"].as_array().unwrap().len() > 1,
        "one feature per trip"
    );
}

#[tokio::test]
async fn stats_of_a_period_add_up_the_exported_track() {
    let e = env().await;
    let id = e.moving.to_string();
    // Whole past days, so both calls see the same points.
    let (from, to) = (days_back(&e, 2), days_back(&e, 1));
    let period = ["--from", from.as_str(), "--to", to.as_str()];
    let out = run_as(&e, &[&["stats", &id, "--json"][..], &period].concat()).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = run_as(
        &e,
        &[&["track", &id, "--format", "json"][..], &period].concat(),
    )
    .await;
    let tracks: Vec<trackmate_tracks::Track> = serde_json::from_slice(&out.stdout).unwrap();
    let want = trackmate_tracks::track_stats(&tracks[0], &Default::default());
    assert_eq!(v["summary"]["points"], want.points as u64);
    assert!((v["summary"]["distance_m"].as_f64().unwrap() - want.distance_m).abs() < 1e-6);
    assert_eq!(v["summary"]["stops"], want.stops as u64);
    assert_eq!(v["stops"].as_array().unwrap().len(), want.stops);
    assert!(
        v["trips"].as_array().unwrap().len() > 1,
        "a day has several trips"
    );
    let out = run_as(&e, &[&["stats", &id][..], &period].concat()).await;
    assert!(
        text(&out.stdout).contains("distance "),
        "{}",
        text(&out.stdout)
    );
}

#[tokio::test]
async fn failures_say_what_happened_and_leave_files_alone() {
    let e = env().await;
    let id = e.moving.to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keep.gpx");
    std::fs::write(&file, "precious").unwrap();

    // Unknown trip: usage error, the existing file untouched, nothing else written.
    let out = run_as(
        &e,
        &[
            "track",
            &id,
            "--from",
            &days_back(&e, 1),
            "--trip",
            "1",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no trip 1"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // Bad time.
    let out = run_as(&e, &["trips", &id, "--from", "yesterday-ish"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("YYYY-MM-DD"));

    // Blocked object: the API's code and message.
    let blocked = e.sim.demo().blocked_tracker_id.to_string();
    let out = run_as(&e, &["trips", &blocked, "--from", &days_back(&e, 1)]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("blocked") && text(&out.stderr).contains("code 208"),
        "{}",
        text(&out.stderr)
    );

    // Expired session: exit 3 and what to do.
    e.sim.expire_all_sessions();
    let out = run_as(&e, &["objects"]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("trackmate login"));

    // Wrong password.
    let out = run(
        &[
            "login",
            "--server",
            &e.sim.url(),
            "--login",
            &e.sim.demo().login,
            "--no-remember",
        ],
        &[("TRACKMATE_PASSWORD", "wrong")],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Wrong login or password")
            && text(&out.stderr).contains("code 102")
    );

    // Nobody listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(
        &[
            "login",
            "--server",
            &format!("http://127.0.0.1:{port}/v2"),
            "--login",
            "x",
            "--no-remember",
        ],
        &[("TRACKMATE_PASSWORD", "x")],
    )
    .await;
    assert_eq!(out.status.code(), Some(4));
    assert!(text(&out.stderr).contains("Could not connect"));

    // A malformed address.
    let out = run(
        &["login", "--server", "api.example.com", "--login", "x"],
        &[("TRACKMATE_PASSWORD", "x")],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("https://"));
}

#[tokio::test]
async fn the_demo_flow_from_the_readme() {
    // `trackmate demo` prints its address and credentials; login, trips and a GPX follow.
    let mut demo = Command::new(BIN)
        .args(["demo", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = demo.stdout.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let mut grab = |prefix: &str| -> String {
        loop {
            let l = lines.next().expect("demo output").unwrap();
            if let Some(rest) = l.strip_prefix(prefix) {
                return rest.trim().to_owned();
            }
        }
    };
    let url = grab("Trackmate demo server:");
    let login = grab("login:");
    let password = grab("password:");
    let out = run(
        &[
            "login",
            "--server",
            &url,
            "--login",
            &login,
            "--print-hash",
            "--no-remember",
        ],
        &[("TRACKMATE_PASSWORD", &password)],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hash = text(&out.stdout).trim().to_owned();
    let envs = [
        ("TRACKMATE_SERVER", url.as_str()),
        ("TRACKMATE_HASH", hash.as_str()),
    ];
    let c = Client::builder(&url).hash(&hash).build().unwrap();
    c.user().load_profile().await.unwrap();
    let trackers = c.trackers().list().await.unwrap();
    let name = trackers
        .iter()
        .find(|t| !t.source.blocked)
        .unwrap()
        .label
        .clone();
    let to = c.now();
    let from = to - chrono::Duration::days(3);
    let trips = c
        .tracks()
        .list(
            trackers.iter().find(|t| t.label == name).unwrap().id,
            &from,
            &to,
            &TrackListOptions::default(),
        )
        .await
        .unwrap();
    let trip = trips
        .list
        .iter()
        .find(|t| matches!(t, TrackInfo::Regular(_)))
        .and_then(TrackInfo::id)
        .expect("a demo trip");
    let from_s = from.format("%Y-%m-%d %H:%M:%S").to_string();
    let out = run(&["trips", &name, "--from", &from_s], &envs).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trip.gpx");
    let out = run(
        &[
            "track",
            &name,
            "--from",
            &from_s,
            "--trip",
            &trip.to_string(),
            "--format",
            "gpx",
            "-o",
            file.to_str().unwrap(),
        ],
        &envs,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    demo.kill().unwrap();
    demo.wait().unwrap();
    assert!(valid_gpx(&file));
}

fn valid_gpx(p: &Path) -> bool {
    let g = gpx::read(std::io::BufReader::new(std::fs::File::open(p).unwrap())).unwrap();
    g.tracks
        .iter()
        .flat_map(|t| &t.segments)
        .map(|s| s.points.len())
        .sum::<usize>()
        > 1
}
