//! Models of `history/*`: events (history entries) along a track.

use super::common::*;
use crate::time::{Time, serde_time};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EventLocation {
    pub lat: f64,
    pub lng: f64,
    #[serde(default)]
    pub precision: Option<i64>,
}

/// One history entry (an event: ignition, speeding, zone in/out, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// Source kind: `tracker`, `socket` or `camera`.
    #[serde(default, rename = "type")]
    pub source_type: Option<String>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub is_read: bool,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub message: String,
    #[serde(with = "serde_time")]
    pub time: Time,
    /// Event type, e.g. `inzone`, `speedup`, `ignition` (an open set).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub event: String,
    #[serde(default)]
    pub tracker_id: Option<i64>,
    #[serde(default)]
    pub rule_id: Option<i64>,
    /// 0 when no track is linked.
    #[serde(default)]
    pub track_id: Option<i64>,
    #[serde(default)]
    pub location: Option<EventLocation>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub address: String,
    /// Extra keys (zone ids and labels, full message, ...), all optional.
    #[serde(default)]
    pub extra: Option<Map<String, Value>>,
}

/// `history/tracker/list` merged over pages and windows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HistoryList {
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub list: Vec<HistoryEntry>,
    /// For one page: more entries matched than were listed. After paging it is false unless a
    /// page could not be continued.
    #[serde(default, deserialize_with = "null_as_false")]
    pub limit_exceeded: bool,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub total_unread: Option<u64>,
}

/// An event type with its localized description (`history/type/list`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventType {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub description: String,
}
