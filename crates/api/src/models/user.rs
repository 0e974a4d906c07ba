//! Models of `user/*`: sign-in outcomes, the user's info and settings.

use crate::lenient::lenient_struct;
use serde::Serialize;

/// What `user/auth` answered.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthOutcome {
    /// Signed in; the client now carries the session.
    Authenticated,
    /// The account uses two-factor sign-in: a code was sent (by `factor_type`, e.g. `email`);
    /// call `user().verify_code(code)` next.
    SecondFactorRequired { factor_type: String },
}

lenient_struct! {
    /// Raw `user/auth` reply. A missing `type` means `authenticated` (the older form); a missing
    /// hash reads as empty, which the sign-in refuses as malformed.
    #[derive(Debug, Clone, Default)]
    pub struct AuthReply: build {
        pub kind as "type": Option<String>,
        pub factor_type: Option<String>,
        pub hash: String,
    }
}

lenient_struct! {
    /// `user/auth/code/verify` reply.
    #[derive(Debug, Clone, Default)]
    pub struct HashReply: build {
        pub hash: String,
    }
}

lenient_struct! {
    /// The `user_info` object of `user/get_info`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct UserInfo: build {
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
        pub phone: Option<String>,
    }
}

lenient_struct! {
    /// `user/get_info` reply.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct UserGetInfo: build {
        /// The dealer id.
        pub paas_id: Option<i64>,
        pub user_info: UserInfo,
        pub premium_gis: Option<bool>,
        pub features: Vec<String>,
    }
}

lenient_struct! {
    /// The `settings` object of `user/settings/read`.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct UserSettings: build {
        pub time_zone: Option<String>,
        pub locale: Option<String>,
        pub measurement_system: Option<String>,
        pub date_format: Option<String>,
        pub hour_mode: Option<String>,
        pub geocoder: Option<String>,
        pub route_provider: Option<String>,
        pub translit: Option<bool>,
    }
}

lenient_struct! {
    /// `user/settings/read` reply.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct SettingsReply: build {
        pub settings: UserSettings,
    }
}
