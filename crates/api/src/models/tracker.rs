//! Models of `tracker/*`: trackers, groups, live states and last GPS points.

use super::common::*;
use crate::time::{Time, serde_date_opt, serde_time, serde_time_opt};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// The physical device behind a tracker.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Source {
    /// Source id (WebSocket states use it); not the tracker id.
    pub id: Option<i64>,
    /// IMEI or serial; some servers send it as a number.
    #[serde(deserialize_with = "string_or_number_opt")]
    pub device_id: Option<String>,
    pub model: Option<String>,
    /// True when the tariff ended or the device is blocked: its data cannot be read (208).
    #[serde(deserialize_with = "null_as_false")]
    pub blocked: bool,
    pub tariff_id: Option<i64>,
    pub status_listing_id: Option<i64>,
    #[serde(with = "serde_date_opt")]
    pub creation_date: Option<NaiveDate>,
    #[serde(with = "serde_date_opt")]
    pub tariff_end_date: Option<NaiveDate>,
    #[serde(deserialize_with = "string_or_number_opt")]
    pub phone: Option<String>,
}

/// A tag attached to a tracker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagBinding {
    pub tag_id: i64,
    #[serde(default)]
    pub ordinal: Option<i64>,
}

/// A tracker (a tracked object) from `tracker/list` or `tracker/read`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracker {
    pub id: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub label: String,
    #[serde(default, deserialize_with = "null_as_false")]
    pub clone: bool,
    /// 0 = no group.
    #[serde(default)]
    pub group_id: i64,
    #[serde(default)]
    pub avatar_file_name: Option<String>,
    #[serde(default)]
    pub source: Source,
    #[serde(default, deserialize_with = "tag_bindings")]
    pub tag_bindings: Vec<TagBinding>,
}

/// Tag bindings come as objects in the examples and as bare ids in one guide: accept both.
fn tag_bindings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<TagBinding>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Obj(TagBinding),
        Id(i64),
    }
    Ok(Option::<Vec<Raw>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .map(|r| match r {
            Raw::Obj(b) => b,
            Raw::Id(tag_id) => TagBinding {
                tag_id,
                ordinal: None,
            },
        })
        .collect())
}

/// A tracker group (`tracker/group/list`); group 0 is implicit and never listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackerGroup {
    pub id: i64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub title: String,
    /// 6-hex RGB without `#`.
    #[serde(default)]
    pub color: Option<String>,
}

/// The GPS part of a tracker state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GpsState {
    pub updated: Option<Time>,
    pub signal_level: Option<i64>,
    /// Position; the examples nest it under `location`, the field table puts `lat`/`lng` on
    /// `gps` directly: both are read.
    pub location: Option<LatLng>,
    pub heading: Option<i64>,
    pub speed: Option<i64>,
    pub alt: Option<i64>,
    pub precision: Option<i64>,
    pub gsm_lbs: bool,
}

impl<'de> Deserialize<'de> for GpsState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(default, with = "serde_time_opt")]
            updated: Option<Time>,
            #[serde(default)]
            signal_level: Option<i64>,
            #[serde(default)]
            location: Option<LatLng>,
            #[serde(default)]
            lat: Option<f64>,
            #[serde(default)]
            lng: Option<f64>,
            #[serde(default)]
            heading: Option<i64>,
            #[serde(default)]
            speed: Option<i64>,
            #[serde(default)]
            alt: Option<i64>,
            #[serde(default)]
            precision: Option<i64>,
            #[serde(default, deserialize_with = "null_as_false")]
            gsm_lbs: bool,
        }
        let r = Raw::deserialize(d)?;
        let location = r.location.or(match (r.lat, r.lng) {
            (Some(lat), Some(lng)) => Some(LatLng { lat, lng }),
            _ => None,
        });
        Ok(GpsState {
            updated: r.updated,
            signal_level: r.signal_level,
            location,
            heading: r.heading,
            speed: r.speed,
            alt: r.alt,
            precision: r.precision,
            gsm_lbs: r.gsm_lbs,
        })
    }
}

/// Connection of a device to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    Active,
    Idle,
    Offline,
    SignalLost,
    JustRegistered,
    JustReplaced,
    /// A status this client does not know yet.
    #[serde(other)]
    Unknown,
}

/// Whether the object moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementStatus {
    Moving,
    Stopped,
    Parked,
    #[serde(other)]
    Unknown,
}

/// GSM part of a state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GsmState {
    #[serde(with = "serde_time_opt")]
    pub updated: Option<Time>,
    pub signal_level: Option<i64>,
    pub network_name: Option<String>,
    pub roaming: Option<bool>,
}

/// A tracker's live state (`tracker/get_state`, `tracker/get_states`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackerState {
    #[serde(default)]
    pub source_id: Option<i64>,
    #[serde(default)]
    pub gps: GpsState,
    #[serde(default)]
    pub connection_status: Option<ConnectionStatus>,
    #[serde(default)]
    pub movement_status: Option<MovementStatus>,
    #[serde(default, with = "serde_time_opt")]
    pub movement_status_update: Option<Time>,
    #[serde(default)]
    pub ignition: Option<bool>,
    #[serde(default, with = "serde_time_opt")]
    pub ignition_update: Option<Time>,
    #[serde(default)]
    pub gsm: Option<GsmState>,
    #[serde(default, with = "serde_time_opt")]
    pub last_update: Option<Time>,
    #[serde(default)]
    pub battery_level: Option<i64>,
    #[serde(default, with = "serde_time_opt")]
    pub actual_track_update: Option<Time>,
}

/// The one word a list shows for an object (its status dot), derived from its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectStatus {
    Moving,
    Stopped,
    Parked,
    Offline,
    Blocked,
    Unknown,
}

impl ObjectStatus {
    /// The status of an object that is `blocked` (its tariff ended) or has `state`.
    pub fn of(blocked: bool, state: Option<&TrackerState>) -> ObjectStatus {
        match state {
            _ if blocked => ObjectStatus::Blocked,
            Some(s) => s.status(),
            None => ObjectStatus::Unknown,
        }
    }

    /// Lower-case English name (`moving`, ...), for tables and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectStatus::Moving => "moving",
            ObjectStatus::Stopped => "stopped",
            ObjectStatus::Parked => "parked",
            ObjectStatus::Offline => "offline",
            ObjectStatus::Blocked => "blocked",
            ObjectStatus::Unknown => "unknown",
        }
    }
}

impl TrackerState {
    /// Moving / stopped / parked from the movement status, except that a device that stopped
    /// reporting is offline whatever it last said about moving.
    pub fn status(&self) -> ObjectStatus {
        if matches!(
            self.connection_status,
            Some(ConnectionStatus::Offline | ConnectionStatus::SignalLost)
        ) {
            return ObjectStatus::Offline;
        }
        match self.movement_status {
            Some(MovementStatus::Moving) => ObjectStatus::Moving,
            Some(MovementStatus::Stopped) => ObjectStatus::Stopped,
            Some(MovementStatus::Parked) => ObjectStatus::Parked,
            _ => ObjectStatus::Unknown,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct StateReply {
    pub state: TrackerState,
}

/// `tracker/get_states` merged over every chunk of ≤ 2000 ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackerStates {
    /// The server's "now" in the user's zone, from the last chunk.
    #[serde(default, with = "serde_time_opt")]
    pub user_time: Option<Time>,
    /// States by tracker id.
    #[serde(default)]
    pub states: BTreeMap<i64, TrackerState>,
    /// Ids that are blocked (no state).
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub blocked: Vec<i64>,
    /// Ids the server does not know.
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub not_exist: Vec<i64>,
}

/// A reduced point from `tracker/get_last_gps_point`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastGpsPoint {
    #[serde(with = "serde_time")]
    pub get_time: Time,
    pub lat: f64,
    pub lng: f64,
    #[serde(default)]
    pub heading: Option<i64>,
    #[serde(default)]
    pub speed: Option<i64>,
    #[serde(default)]
    pub satellites: Option<i64>,
    #[serde(default)]
    pub precision: Option<i64>,
}
