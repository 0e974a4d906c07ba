//! Models of `user/*`: sign-in outcomes, the user's info and settings.

use super::common::*;
use serde::{Deserialize, Serialize};

/// What `user/auth` answered.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthOutcome {
    /// Signed in; the client now carries the session.
    Authenticated,
    /// The account uses two-factor sign-in: a code was sent (by `factor_type`, e.g. `email`);
    /// call `user().verify_code(code)` next.
    SecondFactorRequired { factor_type: String },
}

/// Raw `user/auth` reply. A missing `type` means `authenticated` (the older form).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AuthReply {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub factor_type: Option<String>,
    pub hash: String,
}

/// `user/auth/code/verify` reply.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct HashReply {
    pub hash: String,
}

/// The `user_info` object of `user/get_info`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserInfo {
    pub id: Option<i64>,
    pub login: Option<String>,
    pub title: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub demo: Option<bool>,
    pub verified: Option<bool>,
    /// IANA zone the server's date/times are in, e.g. `Europe/Berlin`.
    pub time_zone: Option<String>,
    /// `metric`, `imperial`, `us`, `metric_gal_us` or `nautical` (display only).
    pub measurement_system: Option<String>,
    pub date_format: Option<String>,
    pub hour_mode: Option<String>,
    #[serde(deserialize_with = "string_or_number_opt")]
    pub phone: Option<String>,
}

/// `user/get_info` reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserGetInfo {
    /// The dealer id.
    pub paas_id: Option<i64>,
    pub user_info: UserInfo,
    pub premium_gis: Option<bool>,
    #[serde(deserialize_with = "null_as_empty_vec")]
    pub features: Vec<String>,
}

/// The `settings` object of `user/settings/read`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSettings {
    pub time_zone: Option<String>,
    pub locale: Option<String>,
    pub measurement_system: Option<String>,
    pub date_format: Option<String>,
    pub hour_mode: Option<String>,
    pub geocoder: Option<String>,
    pub route_provider: Option<String>,
    pub translit: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SettingsReply {
    pub settings: UserSettings,
}
