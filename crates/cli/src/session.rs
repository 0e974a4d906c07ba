//! Which server and session a command uses: `--server`/`--hash` (or `TRACKMATE_SERVER` /
//! `TRACKMATE_HASH`) for scripts, otherwise the session `trackmate login` kept in the OS keyring.

use crate::fail::{Fail, Res};
use trackmate_api::{CaBundle, Client, ClientBuilder};
use trackmate_keystore::{OsKeyring, Sessions, StoredSession};

/// The keyring service name, shared with the desktop app so one sign-in serves both.
pub const KEYRING_SERVICE: &str = "app.trackmate";
/// The keyring entry of the CLI's one profile.
pub const PROFILE: &str = "default";

/// Connection flags common to every command.
#[derive(Debug, Clone, clap::Args)]
pub struct Conn {
    /// Server address, e.g. https://api.eu.navixy.com/v2 (default: the one `login` stored)
    #[arg(long, env = "TRACKMATE_SERVER", global = true)]
    pub server: Option<String>,
    /// Session hash or API key to use instead of the stored session (for scripts)
    #[arg(long, env = "TRACKMATE_HASH", global = true, hide_env_values = true)]
    pub hash: Option<String>,

    /// Company CA certificate file (PEM) to trust besides the built-in ones, for an on-premise
    /// server whose certificate a company CA signed; `login` keeps it with the session, so later
    /// commands trust it too. Certificate checks are never switched off.
    #[arg(long, env = "TRACKMATE_CA_FILE", global = true, value_name = "PATH")]
    pub ca_file: Option<std::path::PathBuf>,
}

/// The stored sessions. `TRACKMATE_KEYRING_SERVICE` names another keyring service, so tests
/// never touch a person's real entry.
pub fn sessions() -> Sessions<OsKeyring> {
    let service =
        std::env::var("TRACKMATE_KEYRING_SERVICE").unwrap_or_else(|_| KEYRING_SERVICE.to_owned());
    Sessions::new(OsKeyring::new(&service))
}

/// A client signed in by the flags or the stored session, with the user's time zone and the
/// server's limits loaded.
pub async fn connect(conn: &Conn) -> Res<Client> {
    let mut stored_ca: Option<String> = None;
    let (server, hash) = match (&conn.server, &conn.hash) {
        (Some(s), Some(h)) => (s.clone(), h.clone()),
        (None, Some(_)) => {
            return Err(Fail::Usage(
                "--hash needs --server (or TRACKMATE_SERVER) too.".into(),
            ));
        }
        (server, None) => {
            let stored = sessions().load_session(PROFILE).map_err(|e| {
                Fail::Session(format!(
                    "Not signed in: the OS keyring cannot be read ({e}).\nUse --server URL --hash HASH (or TRACKMATE_SERVER / TRACKMATE_HASH) instead."
                ))
            })?;
            let Some(stored) = stored else {
                return Err(Fail::Session(
                    "Not signed in. Run `trackmate login --server URL --login NAME` first, or pass --server and --hash.".into(),
                ));
            };
            if let Some(s) = server {
                if trackmate_api::normalize_base(s).ok()
                    != trackmate_api::normalize_base(&stored.server).ok()
                {
                    return Err(Fail::Session(format!(
                        "The stored session is for {}, not {s}. Run `trackmate login --server {s} ...`.",
                        stored.server
                    )));
                }
            }
            stored_ca = stored.ca_pem;
            (stored.server, stored.hash)
        }
    };
    let ca = company_ca(conn, stored_ca.as_deref())?;
    let client = builder(&server, ca.as_ref()).hash(hash).build()?;
    client.user().load_profile().await?;
    Ok(client)
}

/// The company CA to trust: `--ca-file` (or `TRACKMATE_CA_FILE`) when given, else the one kept
/// with the stored session (`stored_pem`).
pub fn company_ca(conn: &Conn, stored_pem: Option<&str>) -> Res<Option<CaBundle>> {
    let ca = match (&conn.ca_file, stored_pem) {
        (Some(path), _) => CaBundle::read(path)?,
        (None, Some(pem)) => CaBundle::from_pem(pem.as_bytes()).map_err(|e| {
            Fail::Session(format!(
                "The CA certificate kept with the session is unusable ({e}). Run `trackmate login --ca-file PATH ...` again."
            ))
        })?,
        (None, None) => return Ok(None),
    };
    Ok(Some(ca))
}

/// The CLI's client builder for `server`, trusting `ca` besides the built-in roots.
pub fn builder(server: &str, ca: Option<&CaBundle>) -> ClientBuilder {
    let b = Client::builder(server).user_agent_suffix("cli");
    match ca {
        Some(ca) => b.trust_ca(ca),
        None => b,
    }
}

/// Keeps a fresh session in the keyring, with the company CA it was made with (`ca`). Returns
/// a note for the user when it could not.
pub fn remember(
    client: &Client,
    login: &str,
    dealer_id: Option<i64>,
    ca: Option<&CaBundle>,
) -> Option<String> {
    let stored = StoredSession {
        server: client.base_url().to_owned(),
        login: Some(login.to_owned()),
        dealer_id,
        hash: client.session_hash()?,
        password: None,
        ca_pem: ca.map(|c| String::from_utf8_lossy(c.pem()).into_owned()),
    };
    match sessions().save_session(PROFILE, &stored) {
        Ok(()) => None,
        Err(e) => Some(format!(
            "The OS keyring is not available ({e}), so the session was not remembered.\nFor scripts, sign in with --print-hash and pass --server and --hash."
        )),
    }
}
