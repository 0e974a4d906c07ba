//! What the CLI's end-to-end tests share: the binary run off the async runtime with a clean
//! environment and a test keyring service, the emulator with a signed-in session, and the
//! check that the OS keyring is there.
#![allow(dead_code)] // each test file uses a part

use std::process::{Command, Output, Stdio};
use trackmate_api::Client;
use trackmate_sim::{SimConfig, SimServer};

pub const BIN: &str = env!("CARGO_BIN_EXE_trackmate");

/// The keyring service the tests' sessions go to (never a person's real entry).
pub const TEST_KEYRING: &str = "app.trackmate.test-cli";

/// The emulator, a session hash on it, and its moving tracker.
pub struct Env {
    pub sim: SimServer,
    pub hash: String,
    pub moving: i64,
}

pub async fn env() -> Env {
    env_with(SimConfig::default()).await
}

/// [`env`] on an emulator with `cfg` (without its rate limit).
pub async fn env_with(cfg: SimConfig) -> Env {
    let sim = SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        ..cfg
    })
    .await
    .unwrap();
    let demo = sim.demo();
    let c = Client::sign_in(&sim.url(), &demo.login, &demo.password)
        .await
        .unwrap();
    Env {
        hash: c.session_hash().unwrap().expose().to_owned(),
        moving: demo.moving_tracker_id,
        sim,
    }
}

/// Runs the binary off the async runtime (it blocks until the child exits), with none of the
/// caller's TRACKMATE_* settings, the keyring service `keyring`, `envs`, and `stdin` as its
/// standard input (none: an empty, closed stdin).
pub async fn run_in(
    args: &[&str],
    envs: &[(&str, &str)],
    keyring: &str,
    stdin: Option<&str>,
) -> Output {
    use std::io::Write;
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let keyring = keyring.to_owned();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let mut cmd = Command::new(BIN);
        cmd.args(&args);
        for var in [
            "TRACKMATE_SERVER",
            "TRACKMATE_HASH",
            "TRACKMATE_PASSWORD",
            "TRACKMATE_CA_FILE",
            "TRACKMATE_LOG",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("TRACKMATE_KEYRING_SERVICE", keyring).envs(envs);
        let Some(input) = stdin else {
            return cmd.stdin(Stdio::null()).output().unwrap();
        };
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

/// [`run_in`] with the test keyring and no stdin.
pub async fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    run_in(args, envs, TEST_KEYRING, None).await
}

/// [`run_in`] with the test keyring and `stdin`.
pub async fn run_with_stdin(args: &[&str], envs: &[(&str, &str)], stdin: &str) -> Output {
    run_in(args, envs, TEST_KEYRING, Some(stdin)).await
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Whether the OS keyring can be used here. Windows and macOS always have theirs; Linux's
/// Secret Service needs a session bus, which CI always starts (so CI never skips).
pub fn keyring_available() -> bool {
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
