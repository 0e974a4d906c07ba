//! Remember → restore → sign-out against the real OS keyring (Secret Service over D-Bus), under
//! a keyring service of its own (`TRACKMATE_KEYRING_SERVICE`). `scripts/test.sh` runs it inside
//! `dbus-run-session` with an unlocked gnome-keyring; without a session bus it is skipped, except
//! under CI, where a missing Secret Service is a failure.

mod common;

use common::{app_with_state, sign_in_args, sim};
use serde_json::{Value, json};
use trackmate_app::dto::UserSummary;
use trackmate_app::{AppState, SettingsStore};
use trackmate_keystore::{OsKeyring, SecretStore};

#[test]
fn remember_restore_and_sign_out_with_the_os_keyring() {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run this with a Secret Service (see scripts/test.sh)"
        );
        eprintln!("skipped: no D-Bus session bus, so no Secret Service");
        return;
    }
    let service = format!("app.trackmate.test-{}", std::process::id());
    // SAFETY: the only test in this binary, and no other thread is running yet.
    unsafe { std::env::set_var("TRACKMATE_KEYRING_SERVICE", &service) };
    let keyring = OsKeyring::new(&service);
    let new_app = || app_with_state(AppState::with_os_keyring(SettingsStore::in_memory()));

    let sim = sim();
    let t = new_app();
    let reply: Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    assert_eq!(reply["user"]["remembered"], true, "{reply}");
    assert_eq!(reply["user"]["keyringNote"], Value::Null, "{reply}");
    let entry = keyring
        .load("default")
        .unwrap()
        .expect("entry in the OS keyring");
    assert!(entry.contains(&sim.url()));

    let t2 = new_app();
    let restored: Option<UserSummary> = t2.invoke("restore_session", json!({})).unwrap();
    assert!(restored.expect("restored").remembered);
    let _: Value = t2.invoke("sign_out", json!({})).unwrap();
    assert_eq!(keyring.load("default").unwrap(), None);
    keyring.delete("default").unwrap();
}
