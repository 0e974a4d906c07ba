//! No secret in the logs: with every target logging at `trace` (the app's subscriber reads
//! `RUST_LOG`), signing in with a password, restoring the remembered session, signing in again
//! silently after the session ended, and loading a track print neither the password nor the
//! session hash. The subscriber is global, so this file holds one test.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{app, last_days, sign_in_choice, sim_with};
use serde_json::{Value, json};
use trackmate_app::dto::UserSummary;
use trackmate_keystore::{MemoryStore, Sessions};
use trackmate_sim::SimConfig;

/// Every log line written, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[test]
fn trace_logs_of_sign_in_restore_and_a_track_load_hold_no_password_or_hash() {
    let log = Captured::default();
    let writer = log.clone();
    // `try_init` also forwards the `log` crate's records (reqwest's, tungstenite's) into
    // tracing. The app's own filter for `RUST_LOG=trace`.
    tracing_subscriber::fmt()
        .with_env_filter(trackmate_app::log_filter("trace"))
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    // A password no log line could contain by chance.
    let password = "Pw-7qXk2-never-in-a-log";
    let sim = sim_with(SimConfig {
        password: password.into(),
        ..SimConfig::default()
    });
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let _: Value = t
        .invoke(
            "sign_in",
            sign_in_choice(&sim, password, "sessionAndPassword"),
        )
        .unwrap();
    let stored = || {
        Sessions::new(Arc::clone(&store))
            .load_session("default")
            .unwrap()
            .expect("stored")
    };
    let first = stored().hash.expose().to_owned();

    // The next start: the stored session is used; then it ends and the app signs in again.
    let t = app(&store);
    let _: Option<UserSummary> = t.invoke("restore_session", json!({})).unwrap();
    sim.expire_all_sessions();
    let _: Value = t.invoke("list_objects", json!({})).unwrap();
    let second = stored().hash.expose().to_owned();
    assert_ne!(first, second, "signed in again with the password");
    let (from, to) = last_days(2);
    t.invoke_raw(
        "load_track",
        json!({"request": {"objectId": sim.demo().moving_tracker_id, "from": from, "to": to,
               "tripIds": null}, "onProgress": "__CHANNEL__:3", "onWindow": "__CHANNEL__:4"}),
    )
    .expect("the track loads");
    // The live watch: its subscription carries the hash over the WebSocket.
    watch_until_the_fleet_arrives(&t);
    let third = stored().hash.expose().to_owned();

    let text = log.text();
    // Trace logging was on and reached the HTTP layers, so a leak would be in `text`.
    assert!(
        text.contains("TRACE") && text.contains("hyper"),
        "no trace output from the HTTP client:\n{}",
        &text[..text.len().min(2000)]
    );
    // The secrets are real: both hashes are 32 hex characters the server issued.
    assert_eq!((first.len(), second.len()), (32, 32));
    assert!(!text.contains(password), "the log shows the password");
    for hash in [&first, &second, &third] {
        assert!(
            !text.contains(hash.as_str()),
            "the log shows a session hash"
        );
    }
}

/// Runs `live_watch`'s service until the first full set of states, then stops it.
fn watch_until_the_fleet_arrives(t: &common::TestApp) {
    use tauri::Manager;
    use trackmate_app::dto_live::LiveMessage;
    let state = t.app.state::<trackmate_app::AppState>();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        let watch = s.spawn(|| {
            tauri::async_runtime::block_on(trackmate_app::service::live::watch(&state, move |m| {
                let _ = tx.send(m);
            }))
        });
        loop {
            let m = rx
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("a live message in time");
            if matches!(m, LiveMessage::States(ref s) if s.full) {
                break;
            }
        }
        state.stop_live();
        watch.join().unwrap().expect("the watch ends cleanly");
    });
}
