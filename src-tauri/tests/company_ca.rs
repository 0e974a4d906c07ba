//! A company CA through the real IPC path: the emulator serves real TLS with a certificate its
//! generated test CA signed; sign-in fails as `tls` (naming the host and the CA file) until that
//! CA is kept for the server, then signs in, lists objects, and a restart restores the session
//! trusting the same CA (kept in the settings file, by server address).

mod common;

use std::sync::Arc;

use common::{app_with_state, sign_in_args, sim_with};
use serde_json::json;
use tauri::Manager;
use trackmate_app::dto::{CaCertificateInfo, SignInOutcome};
use trackmate_app::{AppState, SettingsStore};
use trackmate_keystore::{MemoryStore, Sessions, StoredSession};
use trackmate_sim::{SimConfig, TlsMode};

#[test]
fn sign_in_and_restore_trust_the_company_ca_kept_for_the_server() {
    let sim = sim_with(SimConfig {
        tls: Some(TlsMode::Valid),
        ..SimConfig::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("settings.json");
    let ca_file = dir.path().join("company-ca.pem");
    std::fs::write(&ca_file, sim.ca_pem().unwrap()).unwrap();
    let store = Arc::new(MemoryStore::new());
    let state = || {
        AppState::new(
            Box::new(Arc::clone(&store)),
            SettingsStore::at(settings.clone()),
        )
    };

    let t = app_with_state(state());
    let err = t
        .invoke_json("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap_err();
    assert_eq!(err["kind"], "tls", "{err}");
    let msg = err["message"].as_str().unwrap();
    assert!(
        msg.contains(
            "The certificate of 127.0.0.1 is not signed by an authority this computer trusts"
        ),
        "{msg}"
    );
    assert!(msg.contains("CA certificate file"), "{msg}");
    let none: Option<CaCertificateInfo> = t
        .invoke("ca_certificate", json!({"server": sim.url()}))
        .unwrap();
    assert_eq!(none, None);

    // What `pick_ca_certificate` does once the dialog returns the file.
    let kept = trackmate_app::service::company_ca::remember_file(
        t.app.state::<AppState>().settings(),
        &sim.url(),
        &ca_file,
    )
    .unwrap();
    let shown: Option<CaCertificateInfo> = t
        .invoke(
            "ca_certificate",
            json!({"server": format!("{}/", sim.url())}),
        )
        .unwrap();
    assert_eq!(shown, Some(kept.clone()));
    assert_eq!(
        kept,
        CaCertificateInfo {
            file_name: "company-ca.pem".into(),
            certificates: 1
        }
    );

    let outcome: SignInOutcome = t
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    assert!(
        matches!(outcome, SignInOutcome::SignedIn { .. }),
        "{outcome:?}"
    );
    // The CA goes into the shared keyring entry too (the CLI reads it from there).
    let kept_session = Sessions::new(Arc::clone(&store))
        .load_session("default")
        .unwrap()
        .unwrap();
    assert_eq!(kept_session.ca_pem.as_deref(), sim.ca_pem());
    let list = t.invoke_json("list_objects", json!({})).unwrap();
    assert_eq!(
        list["objects"].as_array().map(Vec::len),
        Some(sim.demo().tracker_ids.len())
    );
    drop(t);

    // A restart: the session from the keyring, the CA from the settings file.
    let t = app_with_state(state());
    let user = t.invoke_json("restore_session", json!({})).unwrap();
    assert_eq!(user["server"], sim.url(), "{user}");
    t.invoke_json("list_objects", json!({})).unwrap();

    // Forgotten: the same server is untrusted again.
    t.invoke_json("forget_ca_certificate", json!({"server": sim.url()}))
        .unwrap();
    let err = t
        .invoke_json("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap_err();
    assert_eq!(err["kind"], "tls", "{err}");
}

#[test]
fn a_file_without_a_certificate_is_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("key.pem");
    std::fs::write(
        &bogus,
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let t = app_with_state(AppState::new(
        Box::new(MemoryStore::new()),
        SettingsStore::in_memory(),
    ));
    let server = "https://fleet.example.com/v2";
    let err = trackmate_app::service::company_ca::remember_file(
        t.app.state::<AppState>().settings(),
        server,
        &bogus,
    )
    .unwrap_err();
    assert_eq!(err.kind, trackmate_app::AppErrorKind::InvalidInput);
    assert!(err.message.contains("BEGIN CERTIFICATE"), "{}", err.message);
    let none: Option<CaCertificateInfo> = t
        .invoke("ca_certificate", json!({"server": server}))
        .unwrap();
    assert_eq!(none, None);
}

#[test]
fn a_session_the_cli_stored_with_its_ca_is_restored_trusting_that_ca() {
    let sim = sim_with(SimConfig {
        tls: Some(TlsMode::Valid),
        ..SimConfig::default()
    });
    let pem = sim.ca_pem().unwrap().to_owned();
    let ca = trackmate_api::CaBundle::from_pem(pem.as_bytes()).unwrap();
    let client = trackmate_api::Client::builder(&sim.url())
        .trust_ca(&ca)
        .build()
        .unwrap();
    let demo = sim.demo();
    tauri::async_runtime::block_on(client.user().auth(&demo.login, &demo.password, None)).unwrap();
    let store = Arc::new(MemoryStore::new());
    Sessions::new(Arc::clone(&store))
        .save_session(
            "default",
            &StoredSession {
                server: sim.url(),
                login: Some(demo.login.clone()),
                dealer_id: None,
                hash: client.session_hash().unwrap(),
                password: None,
                ca_pem: Some(pem),
            },
        )
        .unwrap();
    // No CA in the app's settings: the one stored with the session is trusted.
    let t = app_with_state(AppState::new(
        Box::new(Arc::clone(&store)),
        SettingsStore::in_memory(),
    ));
    let user = t.invoke_json("restore_session", json!({})).unwrap();
    assert_eq!(user["server"], sim.url(), "{user}");
    t.invoke_json("list_objects", json!({})).unwrap();
}
