//! Signing in with the `trackmate` binary against the emulator: the session kept in the OS
//! keyring (or the kernel keyring without a Secret Service) and said where, the hash read from
//! stdin instead of the command line, and trace logs that never hold a password or hash.

mod common;

use common::{env, keyring_available, run, run_with_stdin, text};
use trackmate_api::Client;
use trackmate_keystore::Backend;
use trackmate_sim::{SimConfig, SimServer};

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
