//! Models of `dealer/get_ui_config`: the platform limits the client plans its requests by.

use crate::lenient::lenient_struct;
use crate::time::parse_iso_duration;
use chrono::Duration;
use serde_json::{Map, Value};

/// The server's limits, as far as it tells them (`platform` of `dealer/get_ui_config`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformLimits {
    /// Whether `iso_datetime=true` is supported.
    pub iso_datetime_support: Option<bool>,
    /// Most history entries one request may ask for (`history.max_limit`).
    pub history_max_limit: Option<u32>,
    /// Longest span of a history/report request (`report.max_time_span`).
    pub report_max_time_span: Option<Duration>,
    /// Longest span of a track request (`track.max_time_span`; not a documented key, read when a
    /// server offers it).
    pub track_max_time_span: Option<Duration>,
}

lenient_struct! {
    /// `dealer/get_ui_config` reply (only what the viewer uses; the rest is ignored). Either
    /// object reads as empty when it is not an object.
    #[derive(Debug, Clone, Default)]
    pub struct UiConfig: build {
        pub settings: Map<String, Value>,
        pub platform: Map<String, Value>,
    }
}

impl UiConfig {
    /// The limits in `platform`; keys that are missing or unreadable are `None`.
    pub fn limits(&self) -> PlatformLimits {
        let dur = |k: &str| {
            self.platform
                .get(k)
                .and_then(Value::as_str)
                .and_then(parse_iso_duration)
        };
        PlatformLimits {
            iso_datetime_support: self
                .platform
                .get("iso_datetime_support")
                .and_then(Value::as_bool),
            history_max_limit: self
                .platform
                .get("history.max_limit")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0),
            report_max_time_span: dur("report.max_time_span"),
            track_max_time_span: dur("track.max_time_span"),
        }
    }

    /// The brand's service title, if given.
    pub fn service_title(&self) -> Option<&str> {
        self.settings.get("service_title").and_then(Value::as_str)
    }
}
