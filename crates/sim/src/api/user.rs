//! Session and account endpoints: `user/*`, `dealer/get_ui_config`, `base/nothing`.
//! Payload contents mirror the fixtures, filled with the demo account's values.

use serde_json::json;

use super::{Ctx, Reply, ok, ok_json};
use crate::codes::{ApiError, ApiResult};
use crate::fleet::catalog::CENTER;
use crate::session::SessionKind;
use crate::timefmt::iso_duration;

pub fn auth(c: &Ctx) -> ApiResult<Reply> {
    let login = c.p.req_str("login")?;
    let password = c.p.req_str("password")?;
    c.p.opt_i64("dealer_id")?;
    let cfg = &c.sim.config;
    if login != cfg.login || password != cfg.password {
        return Err(ApiError::new(102));
    }
    if cfg.two_factor_code.is_some() {
        let hash = c.sim.sessions.issue(SessionKind::SecondFactor, c.now);
        return ok(|w| {
            w.kstr("type", "second_factor_required")
                .kstr("factor_type", "email")
                .kstr("hash", &hash);
        });
    }
    let hash = c.sim.sessions.issue(SessionKind::Full, c.now);
    ok(|w| {
        w.kstr("type", "authenticated").kstr("hash", &hash);
    })
}

pub fn code_verify(c: &Ctx) -> ApiResult<Reply> {
    let code = c.p.req_str("code")?;
    if c.sim.config.two_factor_code.as_deref() != Some(code.trim()) {
        return Err(ApiError::new(282));
    }
    if let Some(h) = &c.hash {
        c.sim.sessions.remove(h);
    }
    let hash = c.sim.sessions.issue(SessionKind::Full, c.now);
    ok(|w| {
        w.kstr("hash", &hash);
    })
}

pub fn code_resend(_: &Ctx) -> ApiResult<Reply> {
    ok(|_| {})
}

fn dealer_settings() -> serde_json::Value {
    json!({
        "domain": "demo.trackmate.app",
        "service_title": "Trackmate Demo",
        "locale": "en_US",
        "demo_login": "demo@trackmate.app",
        "demo_password": "demo",
        "maps": ["osm", "roadmap"],
        "default_map": {"type": "osm", "location": {"lat": CENTER.lat, "lng": CENTER.lng}, "zoom": 12},
        "currency": "KZT",
        "allow_registration": false,
        "show_mobile_apps": false,
        "show_call_notifications": false,
        "default_user_settings": {
            "geocoder": "osm", "route_provider": "osm", "measurement_system": "metric", "translit": false
        },
        "display_model_features_link": false,
        "color_theme": "aqua",
        "app_color_theme": "blue_1",
        "tracker_model_filter": {"exclusion": true, "values": []},
        "no_register_commands": true
    })
}

pub fn get_info(c: &Ctx) -> ApiResult<Reply> {
    c.p.opt_str("application")?;
    let cfg = &c.sim.config;
    let created =
        c.render_time(chrono::DateTime::from_timestamp(1_677_650_400, 0).expect("valid timestamp"));
    ok_json(json!({
        "paas_id": 5001,
        "paas_settings": dealer_settings(),
        "user_info": {
            "id": 43568,
            "login": cfg.login,
            "title": "Trackmate Demo",
            "phone": "77011234567",
            "creation_date": created,
            "balance": 0.0,
            "bonus": 0.0,
            "locale": "en_US",
            "demo": true,
            "verified": true,
            "legal_type": "legal_entity",
            "default_geocoder": "osm",
            "route_provider": "osm",
            "time_zone": cfg.time_zone,
            "measurement_system": "metric",
            "date_format": "ddMMyyyy_dots",
            "hour_mode": "TWENTY_FOUR_HOURS",
            "tin": "",
            "iec": "",
            "post_country": "Kazakhstan",
            "post_region": "Astana",
            "post_index": "010000",
            "post_city": "Astana",
            "post_street_address": "Mangilik El Ave 55",
            "registered_country": "Kazakhstan",
            "registered_region": "Astana",
            "registered_index": "010000",
            "registered_city": "Astana",
            "registered_street_address": "Mangilik El Ave 55",
            "first_name": "Demo",
            "middle_name": "",
            "last_name": "User",
            "legal_name": "Trackmate Logistics LLP"
        },
        "tariff_restrictions": {"allowed_maps": ["osm", "roadmap"]},
        "premium_gis": false,
        "features": [],
        "user_menu": {
            "title": "menu-editor.default-preset",
            "account": [], "main": [], "applications": [],
            "footer": {"items": []}
        }
    }))
}

pub fn settings_read(c: &Ctx) -> ApiResult<Reply> {
    ok_json(json!({
        "settings": {
            "time_zone": c.sim.config.time_zone,
            "locale": "en_US",
            "measurement_system": "metric",
            "date_format": "ddMMyyyy_dots",
            "hour_mode": "TWENTY_FOUR_HOURS",
            "geocoder": "osm",
            "route_provider": "osm",
            "translit": false
        },
        "file_storage_settings": {"auto_overwrite": true},
        "balance_alert_settings": {"emails": []},
        "first_user_balance_warning_period": "7d",
        "second_user_balance_warning_period": "2d"
    }))
}

pub fn logout(c: &Ctx) -> ApiResult<Reply> {
    if let Some(h) = &c.hash {
        c.sim.sessions.remove(h);
    }
    ok(|_| {})
}

pub fn session_renew(_: &Ctx) -> ApiResult<Reply> {
    // The session was touched by authentication already; that is the renewal.
    ok(|_| {})
}

pub fn nothing(_: &Ctx) -> ApiResult<Reply> {
    ok(|_| {})
}

/// Public. `platform` carries the documented limits plus our own `track.max_time_span`
/// (the longest `track/list|read` window, ISO duration) so clients can split requests.
pub fn dealer_ui_config(c: &Ctx) -> ApiResult<Reply> {
    let cfg = &c.sim.config;
    ok_json(json!({
        "dealer": {"id": 5001, "ui_domain": "demo.trackmate.app", "company_url": "trackmate.app"},
        "settings": dealer_settings(),
        "premium_gis": false,
        "features": [],
        "platform": {
            "iso_datetime_support": true,
            "history.max_limit": cfg.history_max_limit,
            "report.max_time_span": iso_duration(cfg.report_max_time_span),
            "track.max_time_span": iso_duration(cfg.max_track_span)
        }
    }))
}
