//! `trackmate-sim`: an emulator of the iTrack / Navixy user HTTP API with a deterministic demo
//! fleet in Astana, faults on demand and a scale mode; this module owns the public config types.
//!
//! Behaviour notes (choices where the docs are silent):
//! * Credentials: `Authorization: NVX <hash>` wins over a `hash` parameter (JSON root key,
//!   form field or query). A missing credential is 4, a malformed one (not 32 lowercase hex,
//!   or any other Authorization scheme) 3, an unknown/expired/logged-out one 4.
//! * 2FA: the restricted hash from `user/auth` works only on `user/auth/code/verify|resend`;
//!   elsewhere it is 11 "Access denied" (HTTP 403), as is a full hash on the code calls.
//! * A JSON body that is not a JSON object is 5; an unparsable or missing parameter is 7
//!   with `errors: [{parameter, error}]`. Methods other than GET/POST are 112.
//! * `tracker/get_states` with more than 2000 ids is 7 (parameter `trackers`).
//! * `dealer/get_ui_config` adds `platform["track.max_time_span"]` (ours): the longest
//!   `track/list|read` window as an ISO duration.
//! * `history/type/list` does not insist on `locale`; history accepts blocked trackers.
//! * The rate limit counts requests per credential; calls without one are not limited.
//! * `track/read` simplifies by even decimation to `point_limit` (default 500); `track/list`
//!   only reduces `points_list` when `point_limit` is given. `filter=true` drops trips under
//!   0.2 km or 3 fixes (list) and parking fixes (read).
//! * Fleet days are Astana calendar days (UTC+5) whatever the display zone; each
//!   (seed, tracker, day) is generated on demand and cached, whole, and served up to "now":
//!   today grows as the clock passes, and a fix once served never changes.
//! * `SimConfig::tls` serves HTTPS with certificates made at start (a test CA of its own name;
//!   good, self-signed, expired or wrong-host): see [`TlsMode`] and [`SimServer::ca_pem`].
//! * Redirect faults answer `Location: <to>/<endpoint>` with an empty body.
//! * `{prefix}/event/subscription` is the WebSocket of INDEX §4 (see the `live` module):
//!   `state_batch` and `state` subscriptions, heartbeats every [`SimConfig::heartbeat`].
//! * `history/unread/*`: an event is unread while younger than 24 h (as `history/tracker/list`
//!   reports `is_read`) and not marked read; marks belong to the user, not the session.
//! * The demo fleet moves on Astana's real streets (road data © OpenStreetMap contributors,
//!   ODbL 1.0; see `data/LICENSE-ODbL.md`).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = trackmate_sim::SimServer::start(trackmate_sim::SimConfig::default()).await?;
//! println!("{} as {}", sim.url(), sim.demo().login);
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod broken;
mod codes;
mod faults;
mod fleet;
mod http;
mod jsonw;
mod live;
mod params;
mod server;
mod session;
mod state;
mod timefmt;
mod tls;

pub use faults::{Fault, FaultRule, FaultSpecError};
pub use server::SimServer;
pub use tls::{TlsMode, WRONG_HOST_NAME};

/// Simulator settings. `Default` gives the documented demo setup.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Seeds the fleet's history; the same seed (and `now`) gives byte-identical responses.
    pub seed: u64,
    /// 0 = pick a free port.
    pub port: u16,
    /// API prefix, default `/v2`; `""` serves the API at the root.
    pub prefix: String,
    pub login: String,
    pub password: String,
    /// IANA zone for rendering and parsing date/times (`user_info.time_zone`).
    pub time_zone: String,
    /// Longest `track/list|read` window (211 above it); exposed as `track.max_time_span`.
    pub max_track_span: chrono::Duration,
    /// Longest history window (211 above it); exposed as `report.max_time_span`.
    pub report_max_time_span: chrono::Duration,
    /// Default and cap of the history `limit` (212 above it).
    pub history_max_limit: u32,
    /// Requests per second per credential (sliding 1 s window) before 15 / HTTP 429.
    pub rate_limit_per_sec: Option<u32>,
    /// When set, `user/auth` requires this e-mailed code via `user/auth/code/verify`.
    pub two_factor_code: Option<String>,
    /// Storage period in days: older data is clipped and flagged `limit_exceeded`.
    pub history_days: u32,
    /// Fixed clock for reproducible tests; `None` = the real clock.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    pub scale: Option<Scale>,
    /// Serve HTTPS with a certificate of this kind, made at start (see [`TlsMode`]); `None` =
    /// plain HTTP.
    pub tls: Option<TlsMode>,
    /// Interval of the `X` heartbeat frames on `event/subscription`, announced in the
    /// handshake line (default 30 s; tests set it short).
    pub heartbeat: std::time::Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 42,
            port: 0,
            prefix: "/v2".into(),
            login: "demo@trackmate.app".into(),
            password: "demo".into(),
            time_zone: "Asia/Almaty".into(),
            max_track_span: chrono::Duration::days(30),
            report_max_time_span: chrono::Duration::days(90),
            history_max_limit: 1000,
            rate_limit_per_sec: Some(50),
            two_factor_code: None,
            history_days: 30,
            now: None,
            scale: None,
            tls: None,
            heartbeat: std::time::Duration::from_secs(30),
        }
    }
}

impl SimConfig {
    /// This config with its clock fixed at the last 13:00 before now in its zone: the demo fleet
    /// drives by day, so a test that needs things to move (a live watch, events raised as the
    /// clock goes on) must not depend on the hour it runs at. At most a day before the real
    /// clock, so "the last N hours" asked by a client's real clock still holds the fleet's day.
    pub fn at_recent_midday(self) -> Self {
        use chrono::TimeZone;
        let zone: chrono_tz::Tz = self.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let now = chrono::Utc::now().with_timezone(&zone);
        let midday = now
            .date_naive()
            .and_hms_opt(13, 0, 0)
            .expect("a valid time");
        let today = zone.from_local_datetime(&midday).earliest().unwrap_or(now);
        let at = if today <= now {
            today
        } else {
            today - chrono::Duration::days(1)
        };
        SimConfig {
            now: Some(at.with_timezone(&chrono::Utc)),
            ..self
        }
    }
}

/// Benchmark sizes.
#[derive(Clone, Debug, Default)]
pub struct Scale {
    /// Adds one tracker with this many fixes in the 24 h before "now" (~11.6 Hz for 1 M).
    pub points_in_day: Option<u64>,
    /// Total fleet size (at least the 12 demo objects; at most 99 998). Days are generated
    /// lazily, so a large fleet starts instantly.
    pub fleet_size: Option<usize>,
}

/// Facts about the demo world that tests need.
#[derive(Clone, Debug)]
pub struct DemoInfo {
    pub login: String,
    pub password: String,
    /// Every tracker `tracker/list` returns, in that order.
    pub tracker_ids: Vec<i64>,
    /// Listed with `source.blocked = true`; per-tracker data calls answer 208.
    pub blocked_tracker_id: i64,
    /// Trackers with no data for the last days (their last day ends with an `offline` event).
    pub offline_tracker_ids: Vec<i64>,
    /// A van with many trips every day.
    pub moving_tracker_id: i64,
    pub scale_tracker_id: Option<i64>,
}
