//! `user/*` requests: sign-in (with the 2FA code step), user info and settings, session renewal,
//! sign-out, and `load_profile`, which makes a fresh session ready to use.

use super::Empty;
use crate::Client;
use crate::client::check_hash;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{
    AuthOutcome, AuthReply, HashReply, PlatformLimits, SettingsReply, UserGetInfo, UserInfo,
    UserSettings,
};
use crate::params::Params;

/// `user/*` requests.
pub struct UserHandler<'a> {
    pub(crate) client: &'a Client,
}

/// What `load_profile` learnt about the signed-in user and the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub user: UserInfo,
    /// The zone now used for all date/times.
    pub time_zone: chrono_tz::Tz,
    /// Limits the server reported (`None` where it did not say; defaults apply then).
    pub platform: Option<PlatformLimits>,
    /// The user's display settings (`user/settings/read`: language, units, date format and
    /// clock); `None` where the server would not say (then `user`'s own fields stand).
    pub settings: Option<UserSettings>,
}

impl Client {
    /// The whole password sign-in in one call, for scripts, benches and tests: a client for
    /// `base`, `user/auth`, then the profile (time zone, limits). An account with two-factor
    /// sign-in is an `InvalidInput` error here; interactive callers use `user().auth` and
    /// `user().verify_code`.
    pub async fn sign_in(base: &str, login: &str, password: &str) -> Result<Client> {
        let c = Client::new(base)?;
        if let AuthOutcome::SecondFactorRequired { factor_type } =
            c.user().auth(login, password, None).await?
        {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "this account signs in with a second factor ({factor_type}); use user().auth and user().verify_code"
                ),
            ));
        }
        c.user().load_profile().await?;
        Ok(c)
    }
}

impl UserHandler<'_> {
    /// Signs in with login and password (`user/auth`). On success the client carries the
    /// session; with two-factor sign-in it carries a restricted hash until `verify_code`.
    /// The password is only borrowed for the request (callers keep theirs in a
    /// `trackmate_secret::Secret`); the parameters' `Debug` shows names, not values.
    pub async fn auth(
        &self,
        login: &str,
        password: &str,
        dealer_id: Option<i64>,
    ) -> Result<AuthOutcome> {
        if login.trim().is_empty() || password.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Enter both login and password.",
            ));
        }
        self.client.clear_session();
        let p = Params::new()
            .set("login", login.trim())
            .set("password", password)
            .set("dealer_id", dealer_id);
        let r: AuthReply = self.client.call("user/auth", &p).await?;
        check_hash(&r.hash).map_err(|_| {
            Error::new(
                ErrorKind::Decode,
                "user/auth returned a malformed session hash",
            )
        })?;
        self.client.set_session_hash(&r.hash)?;
        match r.kind.as_deref() {
            Some("second_factor_required") => Ok(AuthOutcome::SecondFactorRequired {
                factor_type: r.factor_type.unwrap_or_else(|| "email".into()),
            }),
            _ => Ok(AuthOutcome::Authenticated),
        }
    }

    /// Completes a two-factor sign-in with the code the user received.
    pub async fn verify_code(&self, code: &str) -> Result<()> {
        let p = Params::new().set("code", code.trim());
        let r: HashReply = self.client.call("user/auth/code/verify", &p).await?;
        check_hash(&r.hash).map_err(|_| {
            Error::new(
                ErrorKind::Decode,
                "user/auth/code/verify returned a malformed session hash",
            )
        })?;
        self.client.set_session_hash(&r.hash)
    }

    /// Asks the server to send the two-factor code again (at most once per 5 minutes).
    pub async fn resend_code(&self) -> Result<()> {
        self.client
            .call::<Empty>("user/auth/code/resend", &Params::new())
            .await
            .map(|_| ())
    }

    /// `user/get_info`.
    pub async fn info(&self) -> Result<UserGetInfo> {
        self.require_session()?;
        self.client.call("user/get_info", &Params::new()).await
    }

    /// `user/settings/read`.
    pub async fn settings(&self) -> Result<UserSettings> {
        self.require_session()?;
        let r: SettingsReply = self
            .client
            .call("user/settings/read", &Params::new())
            .await?;
        Ok(r.settings)
    }

    /// Extends the session (`user/session/renew`; session hashes only, not API keys).
    pub async fn renew_session(&self) -> Result<()> {
        self.require_session()?;
        self.client
            .call::<Empty>("user/session/renew", &Params::new())
            .await
            .map(|_| ())
    }

    /// Signs out (`user/logout`). The client forgets the session even when the server could not
    /// be told (it is unusable for us either way); the server's error is still returned.
    pub async fn logout(&self) -> Result<()> {
        self.require_session()?;
        let r = self
            .client
            .call::<Empty>("user/logout", &Params::new())
            .await
            .map(|_| ());
        self.client.clear_session();
        match r {
            Err(e) if e.is_session() => Ok(()), // already ended: the goal is reached
            other => other,
        }
    }

    /// Makes a fresh session ready: reads the user's time zone (date/times are then read and
    /// written in it), the server's limits and the user's display settings (both best effort:
    /// older servers may not tell).
    pub async fn load_profile(&self) -> Result<Profile> {
        let info = self.info().await?;
        let mut tz = self.client.time_zone();
        if let Some(name) = info.user_info.time_zone.as_deref() {
            match self.client.set_time_zone(name) {
                Ok(z) => tz = z,
                Err(_) => {
                    tracing::warn!(zone = name, "unknown time zone from server; keeping {tz}")
                }
            }
        }
        let platform = match self.client.dealer().ui_config().await {
            Ok(cfg) => {
                let p = cfg.limits();
                let mut l = self.client.limits();
                if let Some(n) = p.history_max_limit {
                    l.history_max_limit = n;
                }
                if let Some(d) = p.report_max_time_span {
                    l.history_max_span = d;
                }
                if let Some(d) = p.track_max_time_span {
                    l.track_max_span = d;
                }
                self.client.set_limits(l);
                Some(p)
            }
            Err(e) if e.is_session() => return Err(e),
            Err(e) => {
                tracing::info!(error = %e, "dealer/get_ui_config unavailable; using default limits");
                None
            }
        };
        let settings = match self.settings().await {
            Ok(s) => Some(s),
            Err(e) if e.is_session() => return Err(e),
            Err(e) => {
                tracing::info!(error = %e, "user/settings/read unavailable; using user_info's");
                None
            }
        };
        Ok(Profile {
            user: info.user_info,
            time_zone: tz,
            platform,
            settings,
        })
    }

    fn require_session(&self) -> Result<()> {
        if self.client.is_signed_in() {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::NotSignedIn, ""))
        }
    }
}
