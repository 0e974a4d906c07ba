//! Shared helpers for the integration tests: a fixed clock, a logged-in client, calls that
//! return (status, JSON), local date formatting and the fixture shape checker.
#![allow(dead_code)]

pub mod ws;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use reqwest::StatusCode;
use serde_json::{Value, json};
use trackmate_sim::{SimConfig, SimServer};

/// A Wednesday afternoon in Astana (14:30 local).
pub fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-06-18T09:30:00Z")
        .unwrap()
        .to_utc()
}

/// Deterministic config without rate limiting (tests fire requests quickly).
pub fn config() -> SimConfig {
    SimConfig {
        now: Some(fixed_now()),
        rate_limit_per_sec: None,
        ..SimConfig::default()
    }
}

/// `yyyy-MM-dd HH:mm:ss` in Asia/Almaty.
pub fn local(t: DateTime<Utc>) -> String {
    let tz: Tz = "Asia/Almaty".parse().unwrap();
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn days_ago(d: i64) -> String {
    local(fixed_now() - Duration::days(d))
}

pub struct Api {
    pub sim: SimServer,
    pub http: reqwest::Client,
    pub hash: String,
}

impl Api {
    pub async fn start(config: SimConfig) -> Api {
        let sim = SimServer::start(config).await.expect("server starts");
        let http = reqwest::Client::new();
        let mut api = Api {
            sim,
            http,
            hash: String::new(),
        };
        if api.sim.config().two_factor_code.is_none() {
            api.hash = api.login().await;
        }
        api
    }

    pub async fn default() -> Api {
        Api::start(config()).await
    }

    pub async fn login(&self) -> String {
        let demo = self.sim.demo();
        let (s, v) = self
            .post_anon(
                "user/auth",
                json!({"login": demo.login, "password": demo.password}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["hash"].as_str().unwrap().to_string()
    }

    pub fn url(&self, endpoint: &str) -> String {
        format!("{}/{}", self.sim.url(), endpoint)
    }

    /// POST JSON with the `hash` as a root key.
    pub async fn call(&self, endpoint: &str, mut body: Value) -> (StatusCode, Value) {
        body["hash"] = json!(self.hash);
        self.post_anon(endpoint, body).await
    }

    pub async fn post_anon(&self, endpoint: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .http
            .post(self.url(endpoint))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        let v =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{endpoint}: {e}: {text:.300}"));
        (status, v)
    }

    /// The raw body bytes of a JSON call (for byte-identity checks).
    pub async fn raw(&self, endpoint: &str, mut body: Value) -> Vec<u8> {
        body["hash"] = json!(self.hash);
        let resp = self
            .http
            .post(self.url(endpoint))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        resp.bytes().await.unwrap().to_vec()
    }

    pub async fn ok(&self, endpoint: &str, body: Value) -> Value {
        let (s, v) = self.call(endpoint, body).await;
        assert_eq!(s, StatusCode::OK, "{endpoint}: {v}");
        assert_eq!(v["success"], true);
        v
    }

    /// Asserts the documented error envelope with `code` and the table's HTTP status.
    pub async fn err(&self, endpoint: &str, body: Value, code: u64, status: u16) -> Value {
        let (s, v) = self.call(endpoint, body).await;
        assert_error(s, &v, code, status);
        v
    }
}

pub fn assert_error(s: StatusCode, v: &Value, code: u64, status: u16) {
    assert_eq!(v["success"], false, "{v}");
    assert_eq!(v["status"]["code"], code, "{v}");
    assert!(v["status"]["description"].is_string());
    assert_eq!(s.as_u16(), status, "{v}");
}

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Keys the fixtures show that the emulator leaves out on purpose (null/absent in the demo,
/// sub-user only, or only under conditions the demo never meets).
const OMITTABLE: &[&str] = &[
    "master",
    "privileges",
    "norm_fuel_consumed",
    "buffered",
    "avatar_file_name",
    "fields",
    "status_listing_id",
    "additional",
    "gsm_lbs",
    "precision",
    "points_list",
    "event_count",
    "payment_link",
    "promo_url",
    "google_client_id",
    "favicon",
    "logo",
    "app_logo",
    "login_wallpaper",
    "desktop_wallpaper",
    "monitoring_logo",
    "login_footer",
    "privacy_policy_link",
    "tos",
    "internal",
    "demo_ends",
    "task_id",
    "parent_task_id",
    "counter_id",
    "service_task_id",
    "checkin_id",
    "place_ids",
    "last_known_location",
    "employee_id",
    "rule_id",
    "stats.max_allowed_trackers",
    "stats.max_time_span",
    "file_storage.hard_max_file_size",
    "form.max_fields_count",
    "form.file_field.max_file_size",
    "form.file_field.max_files_per_field",
    "form.file_field.max_count",
    "blocked",
    "not_exist",
    "points",
    "bounds",
    "radius",
    "center",
    "ignition",
    "ignition_update",
];

/// Keys the emulator adds that the fixtures do not show (documented extensions/fields).
const EXTRA: &[&str] = &[
    "track.max_time_span",
    "zone_ids",
    "zone_labels",
    "date_format",
    "hour_mode",
    "precision",
    "bounds",
];

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Asserts `ours` has the fixture's shape: same JSON types, no unknown keys (besides
/// `EXTRA`), and every fixture key present unless `OMITTABLE`. Maps keyed by ids compare
/// values against the fixture's first value; lists of `type`-tagged objects compare each
/// item with the fixture item of the same type.
pub fn assert_shape(ours: &Value, fixture: &Value, path: &str) {
    match (ours, fixture) {
        (_, Value::Null) => {}
        (Value::Object(o), Value::Object(f)) => {
            let is_map = !f.is_empty() && f.keys().all(|k| k.chars().all(|c| c.is_ascii_digit()));
            if is_map {
                let proto = f.values().next().unwrap();
                for (k, v) in o {
                    assert_shape(v, proto, &format!("{path}.{k}"));
                }
                return;
            }
            for (k, v) in o {
                match f.get(k) {
                    Some(fv) => assert_shape(v, fv, &format!("{path}.{k}")),
                    None => assert!(EXTRA.contains(&k.as_str()), "unexpected key {path}.{k}"),
                }
            }
            for (k, fv) in f {
                if !fv.is_null() && !o.contains_key(k) {
                    assert!(OMITTABLE.contains(&k.as_str()), "missing key {path}.{k}");
                }
            }
        }
        (Value::Array(o), Value::Array(f)) => {
            let Some(first) = f.first() else { return };
            for (i, item) in o.iter().enumerate().take(50) {
                // A union list (several `type`s in the fixture) needs an item of the same type.
                let union = f.iter().filter_map(|x| x.get("type")).collect::<Vec<_>>();
                let same = item
                    .get("type")
                    .and_then(|t| f.iter().find(|x| x.get("type") == Some(t)));
                let proto = match same {
                    Some(p) => p,
                    None if union.len() > 1 => panic!("{path}[{i}]: no fixture item of its type"),
                    None => first,
                };
                assert_shape(item, proto, &format!("{path}[{i}]"));
            }
        }
        (o, f) => assert_eq!(kind(o), kind(f), "type of {path}: {o} vs {f}"),
    }
}
