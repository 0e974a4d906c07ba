//! The real OS keyring: the Secret Service over the session D-Bus, and the kernel keyutils that
//! Linux falls back to when no Secret Service runs.
//!
//! CI runs this inside `dbus-run-session` with an unlocked gnome-keyring. Without a session bus
//! the Secret Service round trip is skipped with a message, unless `CI` is set: there a skip
//! would hide a broken setup, so it fails instead. The kernel keyring needs no daemon.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use trackmate_keystore::{Backend, Error, OsKeyring, SecretStore, Sessions, StoredSession};

/// A service name no other run (or the user's real Trackmate) uses.
fn unique_service() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("app.trackmate.test.{}.{nanos}", std::process::id())
}

/// The desktop's own keyring, which keeps secrets across restarts: on Linux the Secret Service
/// (this needs a session bus), on Windows and macOS the only store there is.
#[test]
fn os_keyring_round_trips_save_load_delete() {
    let native = if cfg!(target_os = "windows") {
        Backend::WindowsCredentialManager
    } else if cfg!(target_os = "macos") {
        Backend::MacKeychain
    } else {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but DBUS_SESSION_BUS_ADDRESS is not: run the tests under dbus-run-session"
            );
            println!("skipped: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return;
        }
        Backend::SecretService
    };
    let store = OsKeyring::new(unique_service());
    assert_eq!(store.backend().unwrap(), native);
    assert!(native.survives_restart());
    round_trip(store);
}

/// The kernel keyring on its own, whether or not a Secret Service runs.
#[cfg(target_os = "linux")]
#[test]
fn kernel_keyring_round_trips_save_load_delete() {
    round_trip(OsKeyring::with_backend(
        unique_service(),
        Backend::KernelKeyring,
    ));
}

/// A store this platform does not have is unavailable for every call, never a silent success.
#[test]
fn a_store_of_another_platform_is_unavailable() {
    let elsewhere = if cfg!(target_os = "macos") {
        Backend::WindowsCredentialManager
    } else {
        Backend::MacKeychain
    };
    let store = OsKeyring::with_backend(unique_service(), elsewhere);
    let results = [
        store.load("default").map(|_| ()),
        store.save("default", "secret"),
        store.delete("default"),
    ];
    for r in results {
        assert!(
            matches!(r, Err(Error::Unavailable(_))),
            "expected Unavailable, got {r:?}"
        );
    }
}

fn round_trip(store: OsKeyring) {
    assert_eq!(store.load("default").unwrap(), None);
    store.save("default", "first ünïcode secret").unwrap();
    assert_eq!(
        store.load("default").unwrap().as_deref(),
        Some("first ünïcode secret")
    );
    store.save("default", "second").unwrap();
    assert_eq!(store.load("default").unwrap().as_deref(), Some("second"));
    store.delete("default").unwrap();
    assert_eq!(store.load("default").unwrap(), None);
    store.delete("default").unwrap(); // missing: still Ok

    // The same through Sessions, as the CLI uses it.
    let sessions = Sessions::new(store);
    let s = StoredSession {
        server: "https://api.example.com/".into(),
        login: Some("fleet@example.com".into()),
        dealer_id: None,
        hash: "0123456789abcdef".into(),
        password: Some("pw".into()),
        ca_pem: None,
    };
    sessions.save_session("default", &s).unwrap();
    assert_eq!(sessions.load_session("default").unwrap(), Some(s));
    sessions.forget("default").unwrap();
    assert_eq!(sessions.load_session("default").unwrap(), None);
}

/// Set in the child process that talks to a bus that does not exist.
const CHILD: &str = "TRACKMATE_KEYSTORE_UNREACHABLE_BUS_CHILD";
const TEST_NAME: &str = "unreachable_bus_falls_back_to_the_kernel_keyring_and_says_so";

/// The bus address is read from the environment by libdbus; changing it in a multi-threaded
/// test process is unsafe, so the test re-runs itself as a child process with a bogus address.
/// There the Secret Service cannot be reached: Linux keeps the secret in the kernel keyring
/// and reports it (every other platform has one store and no bus to lose).
#[test]
fn unreachable_bus_falls_back_to_the_kernel_keyring_and_says_so() {
    if std::env::var_os(CHILD).is_some() {
        let store = OsKeyring::new(unique_service());
        assert_eq!(store.backend().unwrap(), Backend::KernelKeyring);
        assert_eq!(
            trackmate_keystore::os_backend().unwrap(),
            Backend::KernelKeyring
        );
        assert!(!store.backend().unwrap().survives_restart());
        round_trip(store);
        return;
    }
    if !cfg!(target_os = "linux") {
        return;
    }

    // A bus address that leads nowhere, and no address at all (no desktop session).
    for bus in [Some("unix:path=/nonexistent/trackmate-test-bus"), None] {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match bus {
            Some(address) => cmd.env("DBUS_SESSION_BUS_ADDRESS", address),
            None => cmd.env_remove("DBUS_SESSION_BUS_ADDRESS"),
        };
        run_child(cmd, &format!("bus {bus:?}"));
    }
}

fn run_child(mut cmd: Command, what: &str) {
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the keyring call hung ({what})");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(status.success(), "child failed ({what}):\n{text}");
    // Guard against the child silently running zero tests (e.g. a renamed test).
    assert!(
        text.contains("1 passed"),
        "child did not run the test ({what}):\n{text}"
    );
}
