//! Signing in and out: password (with the second-factor step), API key, the embedded demo, and
//! restoring a remembered session from the OS keyring at start-up (signing in again silently
//! when the session ended and a password is stored). What is stored follows the user's
//! [`Remember`] choice: nothing, the session, or the session and the password. Secrets stay
//! here, as [`Secret`]s: the summaries returned to the UI never carry the hash or the password.

use trackmate_api::{AuthOutcome, Client, Profile};
use trackmate_keystore::{Error as KeyError, StoredSession};
use trackmate_secret::Secret;
use trackmate_sim::{SimConfig, SimServer};

use crate::dto::{Remember, ServerHabits, SignInOutcome, UserSummary};
use crate::error::{AppError, AppErrorKind};
use crate::lock::lock;
use crate::service::company_ca;
use crate::state::{AppState, PROFILE, Pending, Signed};

const NO_KEYRING: &str = "The OS keyring is not available; you will be asked to sign in next time.";

fn client(state: &AppState, server: &str) -> Result<Client, AppError> {
    Ok(builder(state, server)?.build()?)
}

/// A client builder for `server`, trusting the company CA kept for it (if any).
fn builder(state: &AppState, server: &str) -> Result<trackmate_api::ClientBuilder, AppError> {
    let b = Client::builder(server).user_agent_suffix("desktop");
    Ok(match company_ca::bundle_for(&state.settings, server)? {
        Some(ca) => b.trust_ca(&ca),
        None => b,
    })
}

/// The builder for a remembered session: the CA kept in the settings, else the one stored with
/// the session (`trackmate login --ca-file` shares the keyring entry).
fn stored_builder(
    state: &AppState,
    stored: &StoredSession,
) -> Result<trackmate_api::ClientBuilder, AppError> {
    let b = builder(state, &stored.server)?;
    match (&stored.ca_pem, state.settings.company_ca(&stored.server)) {
        (Some(pem), None) => Ok(b.trust_ca(&trackmate_api::CaBundle::from_pem(pem.as_bytes())?)),
        _ => Ok(b),
    }
}

/// `http://` to anything but this machine: the password and the data travel in clear text.
pub fn is_insecure(base: &str) -> bool {
    let Ok(url) = url::Url::parse(base) else {
        return false;
    };
    if url.scheme() != "http" {
        return false;
    }
    match url.host() {
        Some(url::Host::Domain(d)) => !d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => !ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => !ip.is_loopback(),
        None => true,
    }
}

/// `zone`'s offset from UTC at `at`, in minutes.
fn utc_offset_minutes(zone: chrono_tz::Tz, at: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Offset;
    at.with_timezone(&zone).offset().fix().local_minus_utc() / 60
}

/// Where a profile's display choices are kept in the settings: the server and the login.
pub fn profile_key(server: &str, login: &str) -> String {
    format!("{}|{}", server.trim_end_matches('/'), login.to_lowercase())
}

/// The server's habits for the user: `user/settings/read`, each missing value from `user_info`.
fn habits_of(profile: &Profile) -> ServerHabits {
    let u = &profile.user;
    let s = profile.settings.clone().unwrap_or_default();
    ServerHabits::from_server(
        s.locale.or_else(|| u.locale.clone()).as_deref(),
        s.measurement_system
            .or_else(|| u.measurement_system.clone())
            .as_deref(),
        s.date_format.or_else(|| u.date_format.clone()).as_deref(),
        s.hour_mode.or_else(|| u.hour_mode.clone()).as_deref(),
    )
}

fn summary(client: &Client, profile: &Profile, fallback_login: &str, demo: bool) -> UserSummary {
    let u = &profile.user;
    let mut habits = habits_of(profile);
    if demo {
        // The demo server's language is ours, not the user's: the demo speaks the language
        // chosen in the app. Its other habits (clock, units, dates) are the demo user's own.
        habits.language = None;
    }
    let name = [u.first_name.as_deref(), u.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    UserSummary {
        server: client.base_url().to_owned(),
        login: u.login.clone().unwrap_or_else(|| fallback_login.to_owned()),
        title: u
            .title
            .clone()
            .or_else(|| (!name.is_empty()).then_some(name)),
        time_zone: profile.time_zone.name().to_owned(),
        utc_offset_minutes: utc_offset_minutes(profile.time_zone, chrono::Utc::now()),
        measurement_system: u
            .measurement_system
            .clone()
            .unwrap_or_else(|| "metric".into()),
        locale: u.locale.clone(),
        habits,
        profile_key: profile_key(
            client.base_url(),
            u.login.as_deref().unwrap_or(fallback_login),
        ),
        demo,
        remembered: false,
        keyring_note: None,
        insecure: is_insecure(client.base_url()),
    }
}

/// Stores the session when asked (filling `remembered`/`keyringNote`); otherwise removes any
/// older entry, so the next start does not restore a session the user chose not to keep.
async fn remember(state: &AppState, user: &mut UserSummary, stored: Option<StoredSession>) {
    // The company CA goes with the session too: the CLI shares this keyring entry.
    let stored = stored.map(|mut s| {
        if let Some(ca) = state.settings.company_ca(&s.server) {
            s.ca_pem = Some(ca.pem);
        }
        s
    });
    let keep = stored.is_some();
    let result = state
        .keyring(move |sessions| match &stored {
            Some(s) => sessions
                .save_session(PROFILE, s)
                .map(|()| sessions.backend()),
            None => sessions.forget(PROFILE).map(|()| None),
        })
        .await;
    match result {
        Ok(backend) => {
            user.remembered = keep;
            // Linux without a Secret Service keeps it in the kernel keyring: remembered, but
            // only until the user logs out; say so rather than let them find out tomorrow.
            if let Some(b) = backend.filter(|b| keep && !b.survives_restart()) {
                user.keyring_note = Some(format!("Remembered, {}.", b.sentence()));
            }
        }
        Err(e) if !keep => tracing::info!(error = %e, "could not remove the stored session"),
        Err(KeyError::Unavailable(_)) => user.keyring_note = Some(NO_KEYRING.into()),
        Err(e) => {
            user.keyring_note = Some(format!(
                "The session could not be stored in the OS keyring ({e}); you will be asked to sign in next time."
            ))
        }
    }
}

/// Makes `client` the signed-in session of `user`. A load still running belonged to the
/// session before: it is cancelled (its track must not appear under another account).
async fn finish(state: &AppState, client: Client, user: UserSummary) -> UserSummary {
    state.cancel_load();
    renew(state, client, user).await
}

/// [`finish`] for a silent sign-in again to the same account: a load running under the ended
/// session goes on with the new one (it is what asked for the sign-in, through `with_client`).
async fn renew(state: &AppState, client: Client, user: UserSummary) -> UserSummary {
    *state.signed.write().await = Some(Signed {
        client,
        user: user.clone(),
    });
    user
}

/// The keyring entry for `choice`: `None` for [`Remember::Nothing`]; the password only with
/// [`Remember::SessionAndPassword`] (and only when there is one: not after two factors or a key).
fn stored(
    client: &Client,
    login: &str,
    dealer_id: Option<i64>,
    choice: Remember,
    password: Option<&Secret>,
) -> Option<StoredSession> {
    if choice == Remember::Nothing {
        return None;
    }
    Some(StoredSession {
        server: client.base_url().to_owned(),
        login: Some(login.to_owned()),
        dealer_id,
        hash: client.session_hash()?,
        password: password
            .filter(|_| choice == Remember::SessionAndPassword)
            .cloned(),
        ca_pem: None,
    })
}

/// Signs in with login and password.
pub async fn sign_in(
    state: &AppState,
    server: &str,
    login: &str,
    password: &Secret,
    dealer_id: Option<i64>,
    choice: Remember,
) -> Result<SignInOutcome, AppError> {
    let client = client(state, server)?;
    match client
        .user()
        .auth(login, password.expose(), dealer_id)
        .await?
    {
        AuthOutcome::SecondFactorRequired { factor_type } => {
            *lock(&state.pending) = Some(Pending {
                client,
                login: login.trim().to_owned(),
                dealer_id,
            });
            Ok(SignInOutcome::SecondFactor { factor_type })
        }
        AuthOutcome::Authenticated => {
            let profile = client.user().load_profile().await?;
            let mut user = summary(&client, &profile, login, false);
            let keep = stored(&client, &user.login, dealer_id, choice, Some(password));
            remember(state, &mut user, keep).await;
            Ok(SignInOutcome::SignedIn {
                user: finish(state, client, user).await,
            })
        }
    }
}

/// Completes a two-factor sign-in. A wrong code leaves the sign-in waiting for another try.
pub async fn verify_code(
    state: &AppState,
    code: &str,
    choice: Remember,
) -> Result<UserSummary, AppError> {
    let (client, login, dealer_id) = {
        let pending = lock(&state.pending);
        let p = pending.as_ref().ok_or_else(|| {
            AppError::invalid_input("No sign-in is waiting for a code. Sign in again.")
        })?;
        (p.client.clone(), p.login.clone(), p.dealer_id)
    };
    client.user().verify_code(code).await?;
    lock(&state.pending).take();
    let profile = client.user().load_profile().await?;
    let mut user = summary(&client, &profile, &login, false);
    let keep = stored(&client, &user.login, dealer_id, choice, None);
    remember(state, &mut user, keep).await;
    Ok(finish(state, client, user).await)
}

/// Signs in with an API key or an existing session hash.
pub async fn sign_in_with_key(
    state: &AppState,
    server: &str,
    hash: &Secret,
    choice: Remember,
) -> Result<UserSummary, AppError> {
    let client = builder(state, server)?.hash(hash.expose().trim()).build()?;
    let profile = client.user().load_profile().await?;
    let mut user = summary(&client, &profile, "", false);
    let keep = stored(&client, &user.login, None, choice, None);
    remember(state, &mut user, keep).await;
    Ok(finish(state, client, user).await)
}

/// Starts the embedded emulator (once per app run) and signs in to it. The demo is never stored
/// in the keyring, and a remembered real session is left as it is.
pub async fn start_demo(state: &AppState) -> Result<UserSummary, AppError> {
    let (url, login, password) = {
        let mut demo = state.demo.lock().await;
        if demo.is_none() {
            let sim = SimServer::start(SimConfig::default())
                .await
                .map_err(|e| AppError::io(format!("The demo server could not start: {e}")))?;
            *demo = Some(sim);
        }
        let sim = demo.as_ref().expect("started above");
        let info = sim.demo();
        (sim.url(), info.login, info.password)
    };
    let client = Client::builder(&url).user_agent_suffix("desktop").build()?;
    client.user().auth(&login, &password, None).await?;
    let profile = client.user().load_profile().await?;
    let user = summary(&client, &profile, &login, true);
    Ok(finish(state, client, user).await)
}

/// The remembered session, made ready to use; `None` when nothing is stored or there is no
/// keyring. When the session has ended: signs in again with the stored password, or, without
/// one, fails with kind `session` (the entry is kept: the server and login prefill the form).
pub async fn restore_session(state: &AppState) -> Result<Option<UserSummary>, AppError> {
    let stored = match state.keyring(|s| s.load_session(PROFILE)).await {
        Ok(Some(s)) => s,
        Ok(None) => return Ok(None),
        Err(KeyError::Unavailable(e)) => {
            tracing::info!(error = %e, "no OS keyring; nothing to restore");
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let login = stored.login.clone().unwrap_or_default();
    let client = stored_builder(state, &stored)?
        .hash(stored.hash.clone())
        .build()?;
    let profile = match client.user().load_profile().await {
        Ok(p) => p,
        Err(e) if e.is_session() => {
            // Restoring is a sign-in like any other: nothing loaded before it goes on.
            state.cancel_load();
            return resign_in(state, &stored, &e.message(), e.code())
                .await
                .map(Some);
        }
        Err(e) => return Err(e.into()),
    };
    let mut user = summary(&client, &profile, &login, false);
    user.remembered = true;
    Ok(Some(finish(state, client, user).await))
}

/// The stored session ended: signs in again with the stored password and stores the new hash.
async fn resign_in(
    state: &AppState,
    stored: &StoredSession,
    ended_message: &str,
    ended_code: Option<u32>,
) -> Result<UserSummary, AppError> {
    let session = |message: String, code: Option<u32>| AppError {
        kind: AppErrorKind::Session,
        message,
        code,
        retry_after: None,
    };
    let (Some(password), Some(login)) = (&stored.password, &stored.login) else {
        return Err(session(
            format!("{ended_message} Sign in again."),
            ended_code,
        ));
    };
    let client = stored_builder(state, stored)?.build()?;
    let failed = |e: trackmate_api::Error| {
        if e.kind() == trackmate_api::ErrorKind::Api || e.is_session() {
            // The password no longer works (changed, account blocked, ...): back to sign-in.
            session(
                format!(
                    "Your session ended and signing in again failed: {}",
                    e.message()
                ),
                e.code(),
            )
        } else {
            e.into()
        }
    };
    match client
        .user()
        .auth(login, password.expose(), stored.dealer_id)
        .await
        .map_err(failed)?
    {
        AuthOutcome::Authenticated => {}
        AuthOutcome::SecondFactorRequired { .. } => {
            return Err(session(
                "Your session ended. Sign in again with your code.".into(),
                None,
            ));
        }
    }
    let profile = client.user().load_profile().await?;
    let mut user = summary(&client, &profile, login, false);
    let renewed = StoredSession {
        hash: client.session_hash().unwrap_or_default(),
        ..stored.clone()
    };
    remember(state, &mut user, Some(renewed)).await;
    Ok(renew(state, client, user).await)
}

/// Runs `f` with the signed-in client. When the session ends meanwhile (codes 3/4) and this
/// server's session is remembered with its password, signs in again silently and runs `f` once
/// more; otherwise the `session` error goes to the UI, which returns to sign-in keeping its place.
pub async fn with_client<T, F, Fut>(state: &AppState, f: F) -> Result<T, AppError>
where
    F: Fn(Client) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let client = state.client().await?;
    let err = match f(client.clone()).await {
        Err(
            e @ AppError {
                kind: AppErrorKind::Session,
                ..
            },
        ) => e,
        other => return other,
    };
    recover(state, &client, err).await?;
    f(state.client().await?).await
}

/// After `err`, a `session` error of `client`: signs in again silently when this server's
/// session is remembered with its password (then `state.client()` is the new session);
/// otherwise gives `err` back. Shared by the commands and the live watch.
pub async fn recover(state: &AppState, client: &Client, err: AppError) -> Result<(), AppError> {
    let stored = state
        .keyring(|s| s.load_session(PROFILE))
        .await
        .ok()
        .flatten()
        .filter(|st| {
            st.password.is_some()
                && trackmate_api::normalize_base(&st.server).ok().as_deref()
                    == Some(client.base_url())
        });
    let Some(stored) = stored else {
        return Err(err);
    };
    tracing::info!("session ended; signing in again with the remembered password");
    resign_in(state, &stored, &err.message, err.code).await?;
    Ok(())
}

/// Signs out: tells the server (best effort: the local sign-out must happen even offline), and
/// removes the remembered session unless this was the demo.
pub async fn sign_out(state: &AppState) -> Result<(), AppError> {
    state.cancel_load();
    state.stop_live();
    lock(&state.pending).take();
    // The account's tracks must not outlive its session (the next user would export them).
    state.views().set(crate::dto_insight::Slot::Main, None);
    state.views().set(crate::dto_insight::Slot::Compare, None);
    let Some(signed) = state.signed.write().await.take() else {
        return Ok(());
    };
    if let Err(e) = signed.client.user().logout().await {
        tracing::warn!(error = %e, "user/logout failed; signed out locally");
    }
    if !signed.user.demo {
        match state.keyring(|s| s.forget(PROFILE)).await {
            // Without a keyring nothing was stored there.
            Ok(()) | Err(KeyError::Unavailable(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{is_insecure, profile_key, utc_offset_minutes};

    #[test]
    fn offsets_come_from_the_apps_zone_database() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T00:00:00Z")
            .unwrap()
            .to_utc();
        // Almaty moved from +6 to +5 in March 2024.
        assert_eq!(utc_offset_minutes(chrono_tz::Asia::Almaty, at), 300);
        assert_eq!(utc_offset_minutes(chrono_tz::America::New_York, at), -300);
        assert_eq!(utc_offset_minutes(chrono_tz::Asia::Kolkata, at), 330);
    }

    #[test]
    fn a_profile_is_the_server_and_the_login() {
        assert_eq!(
            profile_key("https://api.example.com/v2/", "Fleet@Example.com"),
            "https://api.example.com/v2|fleet@example.com"
        );
    }

    #[test]
    fn only_remote_plain_http_is_insecure() {
        assert!(is_insecure("http://api.example.com/v2"));
        assert!(is_insecure("http://10.0.0.5:8080"));
        assert!(!is_insecure("https://api.example.com/v2"));
        assert!(!is_insecure("http://127.0.0.1:4000/v2"));
        assert!(!is_insecure("http://localhost:4000"));
        assert!(!is_insecure("http://[::1]:4000"));
    }
}
