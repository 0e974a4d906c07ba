//! Signed-in sessions, one JSON secret per profile.

use serde::{Deserialize, Serialize};
use trackmate_secret::Secret;

use crate::{Error, SecretStore};

/// What is needed to resume a session with a Navixy-compatible server without asking again.
/// `Debug` shows the server and login; the secrets print as `Secret(<redacted>)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    pub server: String,
    pub login: Option<String>,
    pub dealer_id: Option<i64>,
    /// The session hash the server issued. Written to the entry on purpose (this JSON is the
    /// keyring secret itself).
    #[serde(serialize_with = "trackmate_secret::expose")]
    pub hash: Secret,
    /// Kept only when the user chose to have the password remembered, to sign in again once
    /// the session ends.
    #[serde(serialize_with = "trackmate_secret::expose_opt")]
    pub password: Option<Secret>,
    /// A company CA certificate (PEM) trusted for this server besides the built-in roots
    /// (`trackmate login --ca-file`); public, not a secret. Absent in entries made before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_pem: Option<String>,
}

/// Sessions by profile name (e.g. `"default"`), each stored as JSON in one entry of `S` whose
/// key is the profile name.
#[derive(Debug)]
pub struct Sessions<S: SecretStore> {
    store: S,
}

impl<S: SecretStore> Sessions<S> {
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// The OS store the sessions are kept in, when it is one (see [`SecretStore::backend`]).
    pub fn backend(&self) -> Option<crate::Backend> {
        self.store.backend()
    }

    /// The stored session for `profile`, or `None` when there is none.
    pub fn load_session(&self, profile: &str) -> Result<Option<StoredSession>, Error> {
        let Some(json) = self.store.load(profile)? else {
            return Ok(None);
        };
        serde_json::from_str(&json).map(Some).map_err(|e| {
            // serde_json's message can quote the offending value, i.e. part of a secret; keep
            // only the category and position.
            Error::Corrupt(format!(
                "stored session for profile {profile:?} is not valid ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })
    }

    pub fn save_session(&self, profile: &str, session: &StoredSession) -> Result<(), Error> {
        let json = serde_json::to_string(session)
            .map_err(|e| Error::Other(format!("cannot encode session: {:?}", e.classify())))?;
        self.store.save(profile, &json)
    }

    /// Removes the stored session; forgetting a profile with none stored is `Ok`.
    pub fn forget(&self, profile: &str) -> Result<(), Error> {
        self.store.delete(profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryStore;

    fn session(hash: &str, password: Option<&str>) -> StoredSession {
        StoredSession {
            server: "https://api.example.com/".into(),
            login: Some("fleet@example.com".into()),
            dealer_id: Some(5001),
            hash: hash.into(),
            password: password.map(Into::into),
            ca_pem: None,
        }
    }

    #[test]
    fn sessions_round_trip_per_profile() {
        let sessions = Sessions::new(MemoryStore::new());
        assert_eq!(sessions.load_session("default").unwrap(), None);
        let a = session("hash-a", Some("pw-a"));
        let b = StoredSession {
            login: None,
            dealer_id: None,
            ..session("hash-b", None)
        };
        sessions.save_session("default", &a).unwrap();
        sessions.save_session("work", &b).unwrap();
        assert_eq!(sessions.load_session("default").unwrap(), Some(a.clone()));
        assert_eq!(sessions.load_session("work").unwrap(), Some(b));

        sessions.forget("work").unwrap();
        assert_eq!(sessions.load_session("work").unwrap(), None);
        assert_eq!(sessions.load_session("default").unwrap(), Some(a));
        sessions.forget("work").unwrap(); // already gone: still Ok
    }

    #[test]
    fn session_is_one_json_entry_under_the_profile_name() {
        let store = MemoryStore::new();
        let sessions = Sessions::new(store);
        sessions
            .save_session("default", &session("h", None))
            .unwrap();
        let raw = sessions.store.load("default").unwrap().unwrap();
        let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["hash"], "h");
        assert_eq!(v["dealer_id"], 5001);
    }

    #[test]
    fn corrupt_entry_is_reported_without_its_content() {
        let store = MemoryStore::new();
        store
            .save("default", r#"{"server":"s","hash":12345678,"secret-ish":"#)
            .unwrap();
        let err = Sessions::new(store).load_session("default").unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "{err:?}");
        let msg = format!("{err} {err:?}");
        assert!(
            msg.contains("default") && !msg.contains("12345678"),
            "{msg}"
        );
    }

    #[test]
    fn debug_redacts_hash_and_password() {
        let dbg = format!("{:?}", session("hash-XYZ", Some("pw-XYZ")));
        assert!(
            dbg.contains("api.example.com") && dbg.contains("fleet@example.com"),
            "{dbg}"
        );
        assert!(!dbg.contains("XYZ"), "{dbg}");
        assert!(format!("{:?}", session("h", None)).contains("password: None"));
    }
}
