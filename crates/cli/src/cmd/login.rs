//! `trackmate login` and `trackmate logout`.

use crate::fail::{Fail, Res};
use crate::session::{self, Conn, PROFILE};
use std::io::IsTerminal;
use trackmate_api::AuthOutcome;
use trackmate_secret::Secret;

#[derive(Debug, clap::Args)]
pub struct LoginArgs {
    /// Login (e-mail or user name)
    #[arg(long)]
    pub login: String,
    /// Dealer id, for servers that host several brands
    #[arg(long)]
    pub dealer_id: Option<i64>,
    /// Print the session hash on stdout (for scripts without a keyring)
    #[arg(long)]
    pub print_hash: bool,
    /// Do not keep the session in the OS keyring
    #[arg(long)]
    pub no_remember: bool,
}

fn password() -> Res<Secret> {
    if let Ok(p) = std::env::var("TRACKMATE_PASSWORD") {
        return Ok(p.into());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::Usage(
            "No password: set TRACKMATE_PASSWORD or run in a terminal to be asked.".into(),
        ));
    }
    rpassword::prompt_password("Password: ")
        .map(Secret::from)
        .map_err(|e| Fail::Other(format!("cannot read the password: {e}")))
}

fn code_prompt(factor: &str) -> Res<String> {
    if let Ok(c) = std::env::var("TRACKMATE_2FA_CODE") {
        return Ok(c);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Fail::Usage(format!(
            "The account needs a verification code (sent by {factor}): set TRACKMATE_2FA_CODE."
        )));
    }
    eprint!("Verification code (sent by {factor}): ");
    let mut s = String::new();
    std::io::stdin()
        .read_line(&mut s)
        .map_err(|e| Fail::Other(e.to_string()))?;
    Ok(s.trim().to_owned())
}

pub async fn login(conn: &Conn, args: &LoginArgs) -> Res<()> {
    let Some(server) = &conn.server else {
        return Err(Fail::Usage(
            "--server is required, e.g. https://api.eu.navixy.com/v2 (or run `trackmate demo` for a local demo server).".into(),
        ));
    };
    let ca = session::company_ca(conn, None)?;
    let client = session::builder(server, ca.as_ref()).build()?;
    if !client.is_encrypted() && !is_loopback(client.base_url()) {
        eprintln!(
            "warning: {server} is not encrypted (http://); the password travels in clear text."
        );
    }
    let pw = password()?;
    if let AuthOutcome::SecondFactorRequired { factor_type } = client
        .user()
        .auth(&args.login, pw.expose(), args.dealer_id)
        .await?
    {
        let code = code_prompt(&factor_type)?;
        client.user().verify_code(&code).await?;
    }
    let profile = client.user().load_profile().await?;
    let who = profile
        .user
        .title
        .clone()
        .or(profile.user.login.clone())
        .unwrap_or_else(|| args.login.clone());
    eprintln!(
        "Signed in to {} as {who} (time zone {}).",
        client.base_url(),
        profile.time_zone
    );
    if args.print_hash {
        println!("{}", client.session_hash().unwrap_or_default().expose());
    }
    if !args.no_remember {
        if let Some(note) = session::remember(&client, &args.login, args.dealer_id, ca.as_ref()) {
            eprintln!("{note}");
        } else {
            // Which store: on Linux without a Secret Service it is the kernel keyring, which
            // forgets at logout; the user should know before relying on it.
            match trackmate_keystore::os_backend() {
                Ok(store) => eprintln!("The session is {}.", store.sentence()),
                Err(_) => eprintln!("The session is kept in the OS keyring."),
            }
        }
    }
    Ok(())
}

fn is_loopback(base: &str) -> bool {
    url_host(base).is_some_and(|h| h == "localhost" || h.starts_with("127.") || h == "[::1]")
}

fn url_host(base: &str) -> Option<String> {
    let rest = base.split_once("://")?.1;
    let host = rest.split(['/', '?']).next()?;
    Some(host.rsplit_once(':').map_or(host, |(h, _)| h).to_owned())
}

pub async fn logout(conn: &Conn) -> Res<()> {
    let store = session::sessions();
    let stored = store.load_session(PROFILE).ok().flatten();
    let result = match session::connect(conn).await {
        Ok(client) => client.user().logout().await.map_err(Fail::from),
        Err(e) => Err(e),
    };
    // Forget the stored session whatever the server said: the user asked to sign out.
    if stored.is_some() && conn.hash.is_none() {
        store.forget(PROFILE).map_err(|e| {
            Fail::Other(format!(
                "The session could not be removed from the OS keyring: {e}"
            ))
        })?;
    }
    match result {
        Ok(()) => {
            eprintln!("Signed out.");
            Ok(())
        }
        Err(Fail::Api(e)) if e.is_session() => {
            eprintln!("Signed out (the session had already ended).");
            Ok(())
        }
        Err(Fail::Session(_)) if stored.is_none() => {
            eprintln!("Not signed in.");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts() {
        assert!(super::is_loopback("http://127.0.0.1:8080/v2"));
        assert!(super::is_loopback("http://localhost/v2"));
        assert!(!super::is_loopback("http://api.example.com/v2"));
    }
}
