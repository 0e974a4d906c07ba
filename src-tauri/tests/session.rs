//! Signing in and out through the real IPC path against the emulator, with the keyring behind a
//! `MemoryStore`: wrong password (API 102), remember → restore, the three "remember" choices
//! (what each stores, and what a restore does once the session ended), silent re-sign-in, an
//! ended session without a password, sign-out, no keyring, two-factor and API keys.

mod common;

use std::sync::Arc;

use common::{app, app_with, sign_in_args, sign_in_choice, sim, sim_with};
use serde_json::{Value, json};
use trackmate_app::dto::{SignInOutcome, UserSummary};
use trackmate_keystore::{
    Backend, Error as KeyError, MemoryStore, SecretStore, Sessions, StoredSession,
};
use trackmate_sim::SimConfig;

fn stored(store: &Arc<MemoryStore>) -> Option<StoredSession> {
    Sessions::new(Arc::clone(store))
        .load_session("default")
        .unwrap()
}

fn signed_in(outcome: SignInOutcome) -> UserSummary {
    match outcome {
        SignInOutcome::SignedIn { user } => user,
        other => panic!("expected signedIn, got {other:?}"),
    }
}

#[test]
fn wrong_password_is_api_error_102() {
    let sim = sim();
    let t = app(&Arc::new(MemoryStore::new()));
    let err = t
        .invoke_json("sign_in", sign_in_args(&sim, "wrong", false))
        .unwrap_err();
    assert_eq!(err["kind"], "api", "{err}");
    assert_eq!(err["code"], 102, "{err}");
    assert!(err["message"].as_str().unwrap().len() > 10, "{err}");
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_signed_in");
}

#[test]
fn unreachable_and_malformed_servers_are_typed() {
    let t = app(&Arc::new(MemoryStore::new()));
    let mut args = json!({"server": "api.example.com", "login": "a", "password": "b",
                          "dealerId": null, "remember": "nothing"});
    let err = t.invoke_json("sign_in", args.clone()).unwrap_err();
    assert_eq!(err["kind"], "invalid_url", "{err}");
    args["server"] = json!("http://127.0.0.1:9/v2"); // discard port: nothing listens
    let err = t.invoke_json("sign_in", args).unwrap_err();
    assert_eq!(err["kind"], "connect", "{err}");
}

#[test]
fn remember_stores_the_session_and_restore_brings_it_back() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let reply = t
        .invoke_json("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    // The web view never sees the hash or the password.
    let hash = stored(&store).expect("stored").hash;
    let text = reply.to_string();
    assert!(
        !text.contains(hash.expose()) && !text.contains(":\"demo\""),
        "{text}"
    ); // password "demo"
    assert_eq!(reply["type"], "signedIn");
    let user = signed_in(serde_json::from_value(reply).unwrap());
    assert!(user.remembered && user.keyring_note.is_none() && !user.insecure && !user.demo);
    assert_eq!(user.login, sim.demo().login);
    // The user's habits as the server keeps them (user/settings/read), and the offset of their
    // zone by the app's own zone database.
    assert_eq!(
        serde_json::to_value(&user.habits).unwrap(),
        json!({"language": "en", "units": "metric", "dateFormat": "ddMMyyyy_dots", "hourCycle": "h24"})
    );
    assert_eq!(
        user.profile_key,
        format!(
            "{}|{}",
            sim.url().trim_end_matches('/'),
            user.login.to_lowercase()
        )
    );
    let zone: chrono_tz::Tz = user.time_zone.parse().unwrap();
    use chrono::Offset;
    assert_eq!(
        user.utc_offset_minutes,
        chrono::Utc::now()
            .with_timezone(&zone)
            .offset()
            .fix()
            .local_minus_utc()
            / 60
    );

    let s = stored(&store).unwrap();
    assert_eq!(s.server, sim.url());
    assert_eq!(s.login.as_deref(), Some(sim.demo().login.as_str()));
    assert_eq!(s.password.as_ref().map(|p| p.expose()), Some("demo"));

    // A new app run over the same keyring.
    let t2 = app(&store);
    let restored: Option<UserSummary> = t2.invoke("restore_session", json!({})).unwrap();
    let restored = restored.expect("restored");
    assert!(restored.remembered);
    assert_eq!(restored.login, user.login);
    let objects: Value = t2.invoke("list_objects", json!({})).unwrap();
    assert!(!objects["objects"].as_array().unwrap().is_empty());
}

#[test]
fn not_remembering_forgets_an_older_entry_and_restore_finds_nothing() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let _: Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    let user = signed_in(
        t.invoke("sign_in", sign_in_args(&sim, "demo", false))
            .unwrap(),
    );
    assert!(!user.remembered);
    assert!(stored(&store).is_none());
    let restored: Option<UserSummary> = app(&store).invoke("restore_session", json!({})).unwrap();
    assert!(restored.is_none());
}

#[test]
fn an_ended_session_signs_in_again_with_the_stored_password() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let _: Value = app(&store)
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    let old = stored(&store).unwrap().hash;
    sim.expire_all_sessions();
    let t = app(&store);
    let user: Option<UserSummary> = t.invoke("restore_session", json!({})).unwrap();
    assert!(user.unwrap().remembered);
    let new = stored(&store).unwrap().hash;
    assert_ne!(old, new, "the new session is stored");
    let _: Value = t.invoke("list_objects", json!({})).unwrap();
}

#[test]
fn a_session_that_ends_while_in_use_is_renewed_silently_when_remembered() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let _: Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    let old = stored(&store).unwrap().hash;
    sim.expire_all_sessions();
    let auths = sim.hits("user/auth");
    let objects: Value = t.invoke("list_objects", json!({})).unwrap();
    assert!(objects["objects"].as_array().unwrap().len() >= 12);
    assert_eq!(sim.hits("user/auth"), auths + 1, "signed in again once");
    assert_ne!(
        stored(&store).unwrap().hash,
        old,
        "the new session is stored"
    );

    // Not remembered: the session error reaches the UI.
    let other = Arc::new(MemoryStore::new());
    let t = app(&other);
    let _: Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap();
    sim.expire_all_sessions();
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "session", "{err}");
}

#[test]
fn an_ended_session_without_password_asks_to_sign_in_and_keeps_the_entry() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let entry = StoredSession {
        server: sim.url(),
        login: Some(sim.demo().login),
        dealer_id: None,
        hash: "0123456789abcdef0123456789abcdef".into(),
        password: None,
        ca_pem: None,
    };
    Sessions::new(Arc::clone(&store))
        .save_session("default", &entry)
        .unwrap();
    let err = app(&store)
        .invoke_json("restore_session", json!({}))
        .unwrap_err();
    assert_eq!(err["kind"], "session", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("Sign in again"),
        "{err}"
    );
    assert_eq!(stored(&store), Some(entry));
}

#[test]
fn sign_out_ends_the_session_and_removes_the_entry() {
    let sim = sim();
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let _: Value = t
        .invoke("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    assert!(stored(&store).is_some());
    let hits = sim.hits("user/logout");
    let _: Value = t.invoke("sign_out", json!({})).unwrap();
    assert_eq!(sim.hits("user/logout"), hits + 1);
    assert!(stored(&store).is_none());
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_signed_in");
}

/// A keyring that is never there (no Secret Service).
struct NoKeyring;

impl SecretStore for NoKeyring {
    fn load(&self, _: &str) -> Result<Option<String>, KeyError> {
        Err(KeyError::Unavailable("no D-Bus".into()))
    }
    fn save(&self, _: &str, _: &str) -> Result<(), KeyError> {
        Err(KeyError::Unavailable("no D-Bus".into()))
    }
    fn delete(&self, _: &str) -> Result<(), KeyError> {
        Err(KeyError::Unavailable("no D-Bus".into()))
    }
}

#[test]
fn without_a_keyring_the_app_says_so_and_does_not_remember() {
    let sim = sim();
    let t = app_with(Box::new(NoKeyring));
    let restored: Option<UserSummary> = t.invoke("restore_session", json!({})).unwrap();
    assert!(restored.is_none());
    let user = signed_in(
        t.invoke("sign_in", sign_in_args(&sim, "demo", true))
            .unwrap(),
    );
    assert!(!user.remembered);
    assert!(
        user.keyring_note
            .unwrap()
            .contains("keyring is not available")
    );
}

/// A working store that, like the OS keyring on Linux without a Secret Service, keeps secrets
/// only until the user logs out.
struct KernelKeyring(MemoryStore);

impl SecretStore for KernelKeyring {
    fn load(&self, key: &str) -> Result<Option<String>, KeyError> {
        self.0.load(key)
    }
    fn save(&self, key: &str, secret: &str) -> Result<(), KeyError> {
        self.0.save(key, secret)
    }
    fn delete(&self, key: &str) -> Result<(), KeyError> {
        self.0.delete(key)
    }
    fn backend(&self) -> Option<Backend> {
        Some(Backend::KernelKeyring)
    }
}

#[test]
fn a_session_kept_only_until_logout_is_remembered_and_says_so() {
    let sim = sim();
    let t = app_with(Box::new(KernelKeyring(MemoryStore::new())));
    let user = signed_in(
        t.invoke("sign_in", sign_in_choice(&sim, "demo", "session"))
            .unwrap(),
    );
    assert!(user.remembered);
    let note = user.keyring_note.expect("a note about the kernel keyring");
    assert!(note.contains("until you log out"), "{note}");
    // Not remembering says nothing about where it would have been kept.
    let user = signed_in(
        t.invoke("sign_in", sign_in_choice(&sim, "demo", "nothing"))
            .unwrap(),
    );
    assert!(!user.remembered);
    assert_eq!(user.keyring_note, None);
}

#[test]
fn two_factor_sign_in_waits_for_the_code() {
    let sim = sim_with(SimConfig {
        two_factor_code: Some("123456".into()),
        ..SimConfig::default()
    });
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let reply = t
        .invoke_json("sign_in", sign_in_args(&sim, "demo", true))
        .unwrap();
    assert_eq!(reply["type"], "secondFactor", "{reply}");
    assert!(reply["factorType"].is_string(), "{reply}");
    let err = t
        .invoke_json(
            "verify_code",
            json!({"code": "000000", "remember": "sessionAndPassword"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "api", "{err}");
    let user: UserSummary = t
        .invoke(
            "verify_code",
            json!({"code": "123456", "remember": "sessionAndPassword"}),
        )
        .unwrap();
    assert!(user.remembered);
    assert_eq!(stored(&store).unwrap().password, None);
    let _: Value = t.invoke("list_objects", json!({})).unwrap();
}

#[test]
fn sign_in_with_an_api_key() {
    let sim = sim();
    let client = trackmate_api::Client::new(&sim.url()).unwrap();
    let demo = sim.demo();
    tauri::async_runtime::block_on(client.user().auth(&demo.login, &demo.password, None)).unwrap();
    let hash = client.session_hash().unwrap();
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let user: UserSummary = t
        .invoke(
            "sign_in_with_key",
            json!({"server": sim.url(), "hash": hash.expose(), "remember": "session"}),
        )
        .unwrap();
    assert_eq!(user.login, demo.login);
    assert_eq!(stored(&store).unwrap().hash, hash);
    let err = t
        .invoke_json(
            "sign_in_with_key",
            json!({"server": sim.url(), "hash": "xyz", "remember": "nothing"}),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid_input", "{err}");
}

/// A sign-in with `choice`, on a fresh store; returns the app, the store and what it reported.
fn sign_in_remembering(
    sim: &trackmate_sim::SimServer,
    choice: &str,
) -> (Arc<MemoryStore>, UserSummary) {
    let store = Arc::new(MemoryStore::new());
    let user = signed_in(
        app(&store)
            .invoke("sign_in", sign_in_choice(sim, "demo", choice))
            .unwrap(),
    );
    (store, user)
}

#[test]
fn each_remember_choice_stores_what_its_label_says() {
    let sim = sim();
    // Not remembered: nothing in the keyring.
    let (store, user) = sign_in_remembering(&sim, "nothing");
    assert!(!user.remembered);
    assert_eq!(stored(&store), None);

    // "Keep me signed in": the server, login and session; no password.
    let (store, user) = sign_in_remembering(&sim, "session");
    assert!(user.remembered);
    let s = stored(&store).expect("the session is stored");
    assert_eq!(s.server, sim.url());
    assert_eq!(s.login.as_deref(), Some(sim.demo().login.as_str()));
    assert_eq!(s.hash.expose().len(), 32);
    assert_eq!(s.password, None, "the password is not stored");

    // "Also remember my password": the session and the password.
    let (store, user) = sign_in_remembering(&sim, "sessionAndPassword");
    assert!(user.remembered);
    let s = stored(&store).expect("the session is stored");
    assert_eq!(s.password.as_ref().map(|p| p.expose()), Some("demo"));

    // Anything else is refused as an argument, not read as a choice.
    let err = app(&store)
        .invoke_json("sign_in", sign_in_choice(&sim, "demo", "yes"))
        .unwrap_err();
    assert!(err.to_string().contains("remember"), "{err}");
}

#[test]
fn after_the_session_ends_only_the_password_choice_signs_in_again_silently() {
    let sim = sim();
    let (session_only, _) = sign_in_remembering(&sim, "session");
    let (with_password, _) = sign_in_remembering(&sim, "sessionAndPassword");
    let (nothing, _) = sign_in_remembering(&sim, "nothing");
    sim.expire_all_sessions();

    // Nothing stored: the next start shows the sign-in form, no error.
    let restored: Option<UserSummary> = app(&nothing).invoke("restore_session", json!({})).unwrap();
    assert!(restored.is_none());

    // The session only: the start says the session ended; the entry stays, so the form opens
    // with the server and login filled in; no new sign-in was attempted.
    let before = stored(&session_only).unwrap();
    let auths = sim.hits("user/auth");
    let err = app(&session_only)
        .invoke_json("restore_session", json!({}))
        .unwrap_err();
    assert_eq!(err["kind"], "session", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("Sign in again"),
        "{err}"
    );
    assert_eq!(
        sim.hits("user/auth"),
        auths,
        "no sign-in without a password"
    );
    assert_eq!(stored(&session_only), Some(before));

    // With the password: signed in again silently, and the new session is stored.
    let old = stored(&with_password).unwrap().hash;
    let t = app(&with_password);
    let user: Option<UserSummary> = t.invoke("restore_session", json!({})).unwrap();
    assert!(user.expect("restored").remembered);
    assert_eq!(sim.hits("user/auth"), auths + 1, "signed in again once");
    assert_ne!(stored(&with_password).unwrap().hash, old);
    let _: Value = t.invoke("list_objects", json!({})).unwrap();

    // While in use, the session-only choice does not sign in again either.
    let (session_only, _) = sign_in_remembering(&sim, "session");
    let t = app(&session_only);
    let _: Option<UserSummary> = t.invoke("restore_session", json!({})).unwrap();
    sim.expire_all_sessions();
    let auths = sim.hits("user/auth");
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "session", "{err}");
    assert_eq!(sim.hits("user/auth"), auths);
}

#[test]
fn an_api_key_or_a_two_factor_sign_in_never_stores_a_password() {
    let sim = sim_with(SimConfig {
        two_factor_code: Some("123456".into()),
        ..SimConfig::default()
    });
    let store = Arc::new(MemoryStore::new());
    let t = app(&store);
    let reply = t
        .invoke_json(
            "sign_in",
            sign_in_choice(&sim, "demo", "sessionAndPassword"),
        )
        .unwrap();
    assert_eq!(reply["type"], "secondFactor", "{reply}");
    let user: UserSummary = t
        .invoke(
            "verify_code",
            json!({"code": "123456", "remember": "sessionAndPassword"}),
        )
        .unwrap();
    assert!(user.remembered);
    let s = stored(&store).unwrap();
    assert_eq!(s.password, None);
    let hash = s.hash.expose().to_owned();
    let keyed = Arc::new(MemoryStore::new());
    let _: UserSummary = app(&keyed)
        .invoke(
            "sign_in_with_key",
            json!({"server": sim.url(), "hash": hash, "remember": "sessionAndPassword"}),
        )
        .unwrap();
    let s = stored(&keyed).unwrap();
    assert_eq!((s.hash.expose(), s.password), (hash.as_str(), None));
}
