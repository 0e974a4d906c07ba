//! The real OS keyring (Secret Service over the session D-Bus).
//!
//! CI runs this inside `dbus-run-session` with an unlocked gnome-keyring. Without a session bus
//! the round trip is skipped with a message, unless `CI` is set: there a skip would hide a broken
//! setup, so it fails instead.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use trackmate_keystore::{Error, OsKeyring, SecretStore, Sessions, StoredSession};

/// A service name no other run (or the user's real Trackmate) uses.
fn unique_service() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("app.trackmate.test.{}.{nanos}", std::process::id())
}

#[test]
fn os_keyring_round_trips_save_load_delete() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but DBUS_SESSION_BUS_ADDRESS is not: run the tests under dbus-run-session"
        );
        println!("skipped: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
        return;
    }
    let store = OsKeyring::new(unique_service());
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
const TEST_NAME: &str = "unreachable_bus_is_unavailable_not_a_panic_or_hang";

/// The bus address is read from the environment by libdbus; changing it in a multi-threaded
/// test process is unsafe, so the test re-runs itself as a child process with a bogus address.
#[test]
fn unreachable_bus_is_unavailable_not_a_panic_or_hang() {
    if std::env::var_os(CHILD).is_some() {
        let store = OsKeyring::new(unique_service());
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
        return;
    }

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/trackmate-test-bus",
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the keyring call hung with an unreachable bus");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(status.success(), "child failed:\n{text}");
    // Guard against the child silently running zero tests (e.g. a renamed test).
    assert!(
        text.contains("1 passed"),
        "child did not run the test:\n{text}"
    );
}
