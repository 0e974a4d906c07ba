//! The `trackmate` binary end to end against the emulator on loopback: listing, trips, exports
//! checked by an independent GPX parser, the keyring sign-in flow, the demo flow, and failures
//! with their messages and exit codes.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use trackmate_api::{Client, TrackInfo, TrackListOptions};
use trackmate_keystore::Backend;
use trackmate_sim::{SimConfig, SimServer};

const BIN: &str = env!("CARGO_BIN_EXE_trackmate");

struct Env {
    sim: SimServer,
    hash: String,
    moving: i64,
}

async fn env() -> Env {
    let sim = SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let demo = sim.demo();
    let c = Client::new(&sim.url()).unwrap();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    Env {
        hash: c.session_hash().unwrap().expose().to_owned(),
        moving: demo.moving_tracker_id,
        sim,
    }
}

/// Runs the binary off the async runtime (it blocks until the child exits).
async fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(BIN);
        cmd.args(&args)
            .env_remove("TRACKMATE_SERVER")
            .env_remove("TRACKMATE_HASH")
            .env_remove("TRACKMATE_PASSWORD");
        cmd.env("TRACKMATE_KEYRING_SERVICE", "app.trackmate.test-cli");
        for (k, v) in &envs {
            cmd.env(k, v);
        }
        cmd.stdin(Stdio::null()).output().unwrap()
    })
    .await
    .unwrap()
}

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

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
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

fn keyring_available() -> bool {
    // Windows and macOS always have their keyring; Linux's Secret Service needs a session bus.
    if !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the keyring tests (scripts/test.sh starts a Secret Service)"
    );
    eprintln!("skipped: no session bus for the OS keyring");
    false
}

#[tokio::test]
async fn login_keeps_the_session_in_the_keyring_and_logout_removes_it() {
    if !keyring_available() {
        return;
    }
    let e = env().await;
    let demo = e.sim.demo();
    let out = run(
        &["login", "--server", &e.sim.url(), "--login", &demo.login],
        &[("TRACKMATE_PASSWORD", &demo.password)],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let native = if cfg!(target_os = "windows") {
        Backend::WindowsCredentialManager
    } else if cfg!(target_os = "macos") {
        Backend::MacKeychain
    } else {
        Backend::SecretService
    };
    let kept = format!("The session is {}.", native.sentence());
    assert!(text(&out.stderr).contains(&kept), "{}", text(&out.stderr));
    assert!(
        !text(&out.stdout).contains(&demo.password) && !text(&out.stderr).contains(&demo.password)
    );
    let out = run(&["objects", "--json"], &[]).await;
    assert!(
        out.status.success(),
        "stored session works: {}",
        text(&out.stderr)
    );
    let out = run(&["logout"], &[]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["objects"], &[]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("Not signed in"));
}

/// No Secret Service (the bus leads nowhere): the session goes to the kernel keyring, `login`
/// says so, and the next command finds it there.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn without_a_secret_service_login_uses_the_kernel_keyring_and_says_so() {
    let e = env().await;
    let demo = e.sim.demo();
    let no_bus = [
        (
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/trackmate-test-bus",
        ),
        ("TRACKMATE_KEYRING_SERVICE", "app.trackmate.test-cli-kernel"),
    ];
    let mut login_env = no_bus.to_vec();
    login_env.push(("TRACKMATE_PASSWORD", &demo.password));
    let out = run(
        &["login", "--server", &e.sim.url(), "--login", &demo.login],
        &login_env,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("kept in the kernel keyring until you log out or restart"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["objects", "--json"], &no_bus).await;
    assert!(
        out.status.success(),
        "stored session works: {}",
        text(&out.stderr)
    );
    let out = run(&["logout"], &no_bus).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["objects"], &no_bus).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
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

/// Runs the binary with `stdin` as its standard input.
async fn run_with_stdin(args: &[&str], envs: &[(&str, &str)], stdin: &str) -> Output {
    use std::io::Write;
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = stdin.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(BIN)
            .args(&args)
            .env_remove("TRACKMATE_SERVER")
            .env_remove("TRACKMATE_HASH")
            .env_remove("TRACKMATE_PASSWORD")
            .env_remove("TRACKMATE_LOG")
            .env("TRACKMATE_KEYRING_SERVICE", "app.trackmate.test-cli")
            .envs(envs)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn hash_is_read_from_stdin_and_help_says_why() {
    let e = env().await;
    let url = e.sim.url();
    // `--hash -`: the first line of stdin, trimmed (a script pipes it from a file or a vault).
    let out = run_with_stdin(
        &["objects", "--json", "--server", &url, "--hash", "-"],
        &[],
        &format!("  {}\r\n", e.hash),
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!list.as_array().unwrap().is_empty(), "{list}");
    // The same through TRACKMATE_HASH=- (the environment naming stdin).
    let out = run_with_stdin(
        &["objects", "--json"],
        &[("TRACKMATE_SERVER", &url), ("TRACKMATE_HASH", "-")],
        &format!("{}\n", e.hash),
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Nothing on stdin is a usage error (exit 2), not a request with an empty hash.
    let out = run_with_stdin(&["objects", "--server", &url, "--hash", "-"], &[], "").await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("stdin"), "{}", text(&out.stderr));
    // A wrong hash from stdin is refused like one from the command line.
    let out = run_with_stdin(
        &["objects", "--server", &url, "--hash", "-"],
        &[],
        "0123456789abcdef0123456789abcdef\n",
    )
    .await;
    assert!(!out.status.success());

    let help = run(&["--help"], &[]).await;
    let help = text(&help.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("visible to other users")
            && help.contains("TRACKMATE_HASH")
            && help.contains("--hash -"),
        "{help}"
    );
}

#[tokio::test]
async fn trace_logs_of_sign_in_and_a_track_load_hold_no_password_or_hash() {
    // A password no log line could contain by chance (the demo's "demo" is in many).
    let password = "Pw-7qXk2-never-in-a-log";
    let sim = SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        password: password.into(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let demo = sim.demo();
    assert_eq!(demo.password, password);
    let url = sim.url();
    let trace = ("TRACKMATE_LOG", "trace");
    // Sign in (the non-interactive way), printing the hash so this test knows what to look for.
    let out = run(
        &[
            "login",
            "--server",
            &url,
            "--login",
            &demo.login,
            "--print-hash",
            "--no-remember",
        ],
        &[("TRACKMATE_PASSWORD", &demo.password), trace],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hash = text(&out.stdout).trim().to_owned();
    // The grep below looks for the right thing: this is the session the server issued.
    let c = Client::builder(&url).hash(hash.as_str()).build().unwrap();
    c.user().load_profile().await.unwrap();
    assert_eq!(hash.len(), 32, "{hash}");
    // stdout is the hash asked for and nothing else; the logs (stderr) hold neither secret.
    assert_eq!(text(&out.stdout), format!("{hash}\n"));
    let login_log = text(&out.stderr);

    let from = (chrono::Utc::now() - chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let id = demo.moving_tracker_id.to_string();
    let out = run(
        &["track", &id, "--from", &from, "--format", "csv"],
        &[("TRACKMATE_SERVER", &url), ("TRACKMATE_HASH", &hash), trace],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let load_log = format!("{}{}", text(&out.stdout), text(&out.stderr));

    for (what, log) in [("login", &login_log), ("track", &load_log)] {
        // The trace level really was on and reached the HTTP layers (so secrets could leak).
        assert!(
            log.contains("TRACE") && log.contains("hyper"),
            "{what}: no trace output from the HTTP client:\n{}",
            &log[..log.len().min(2000)]
        );
        assert!(
            !log.contains(&demo.password),
            "{what} log shows the password"
        );
        assert!(!log.contains(&hash), "{what} log shows the session hash");
    }
}
