//! Which server and session a command uses: `--server`/`--hash` (or `TRACKMATE_SERVER` /
//! `TRACKMATE_HASH`, or `--hash -` reading it from stdin) for scripts, otherwise the session
//! `trackmate login` kept in the OS keyring.

use crate::fail::{Fail, Res};
use std::io::BufRead;
use trackmate_api::{CaBundle, Client, ClientBuilder};
use trackmate_keystore::{OsKeyring, Sessions, StoredSession};
use trackmate_secret::Secret;

/// The keyring service name, shared with the desktop app so one sign-in serves both.
pub const KEYRING_SERVICE: &str = "app.trackmate";
/// The keyring entry of the CLI's one profile.
pub const PROFILE: &str = "default";

/// Connection flags common to every command.
#[derive(Debug, Clone, clap::Args)]
pub struct Conn {
    /// Server address, e.g. `https://api.eu.navixy.com/v2` (default: the one `login` stored)
    #[arg(long, env = "TRACKMATE_SERVER", global = true)]
    pub server: Option<String>,
    /// Session hash or API key to use instead of the stored session (for scripts). Given on
    /// the command line it is visible to other users of this computer (`ps`, /proc): prefer
    /// the TRACKMATE_HASH environment variable, or `--hash -` to read it from stdin (one line)
    #[arg(
        long,
        env = "TRACKMATE_HASH",
        global = true,
        hide_env_values = true,
        value_name = "HASH|-",
        value_parser = secret_arg
    )]
    pub hash: Option<Secret>,

    /// Company CA certificate file (PEM) to trust besides the built-in ones, for an on-premise
    /// server whose certificate a company CA signed; `login` keeps it with the session, so later
    /// commands trust it too. Certificate checks are never switched off.
    #[arg(long, env = "TRACKMATE_CA_FILE", global = true, value_name = "PATH")]
    pub ca_file: Option<std::path::PathBuf>,
}

/// Clap's parser for a secret argument: never fails, and keeps the value redacted in `Debug`.
fn secret_arg(s: &str) -> Result<Secret, std::convert::Infallible> {
    Ok(Secret::from(s))
}

/// The hash the flags give: the value itself, or for `-` the first line of stdin, trimmed.
fn flag_hash(hash: &Secret) -> Res<Secret> {
    if hash.expose() != "-" {
        return Ok(hash.clone());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Fail::Usage(format!("--hash -: cannot read the hash from stdin: {e}")))?;
    // Wrapped at once, so the line's buffer is overwritten when dropped, like the hash's.
    let line = Secret::from(line);
    let hash = Secret::from(line.expose().trim());
    if hash.is_empty() {
        return Err(Fail::Usage(
            "--hash -: stdin had no hash (give it on the first line).".into(),
        ));
    }
    Ok(hash)
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
        (Some(s), Some(h)) => (s.clone(), flag_hash(h)?),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_the_connection_flags_hides_the_hash() {
        let conn = Conn {
            server: Some("https://api.example.com/v2".into()),
            hash: Some(Secret::from("22eac1c27af4be7b9d04da2ce1af111b")),
            ca_file: None,
        };
        let dbg = format!("{conn:?}");
        assert!(dbg.contains("api.example.com"), "{dbg}");
        assert!(!dbg.contains("22eac1"), "{dbg}");
        assert_eq!(
            conn.hash.unwrap().expose(),
            "22eac1c27af4be7b9d04da2ce1af111b"
        );
    }
}
