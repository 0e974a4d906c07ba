//! Models of `track/*`: track points and the four kinds of track-list items.

use super::common::*;
use crate::time::{Time, serde_time, serde_time_opt};
use serde::{Deserialize, Serialize};

/// One stored GPS fix ("point info" of `track/read` and `points_list`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackPoint {
    pub lat: f64,
    pub lng: f64,
    /// GPS time in the user's zone.
    #[serde(with = "serde_time")]
    pub get_time: Time,
    /// Metres.
    #[serde(default)]
    pub alt: Option<i64>,
    #[serde(default)]
    pub satellites: Option<i64>,
    /// km/h.
    #[serde(default)]
    pub speed: Option<i64>,
    /// Degrees, 0 = north.
    #[serde(default)]
    pub heading: Option<i64>,
    /// Metres.
    #[serde(default)]
    pub precision: Option<i64>,
    #[serde(default)]
    pub mileage: Option<f64>,
    /// Only stored at trip start/end and at events; empty otherwise.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub address: String,
    /// Position from cell towers, not GPS.
    #[serde(default, deserialize_with = "null_as_false")]
    pub gsm_lbs: bool,
    /// Part of a parking, not of a trip.
    #[serde(default, deserialize_with = "null_as_false")]
    pub parking: bool,
    /// Stored on the device and sent later.
    #[serde(default, deserialize_with = "null_as_false")]
    pub buffered: bool,
}

/// A trip (`regular`) or a whole period merged into one (`merged`, no id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trip {
    /// Present for `regular`; `merged` has none.
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(with = "serde_time")]
    pub start_date: Time,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub start_address: String,
    #[serde(default, with = "serde_time_opt")]
    pub end_date: Option<Time>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub end_address: String,
    /// km.
    #[serde(default)]
    pub length: Option<f64>,
    /// Number of points (a count here).
    #[serde(default)]
    pub points: Option<u64>,
    /// km/h.
    #[serde(default)]
    pub max_speed: Option<i64>,
    /// km/h.
    #[serde(default)]
    pub avg_speed: Option<i64>,
    /// Only with `count_events`.
    #[serde(default)]
    pub event_count: Option<i64>,
    #[serde(default)]
    pub norm_fuel_consumed: Option<f64>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub gsm_lbs: bool,
    #[serde(default)]
    pub bounds: Option<Bounds>,
    /// Only with `with_points`.
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub points_list: Vec<TrackPoint>,
}

/// A single point reported as its own "trip" (devices in interval mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SingleReport {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(with = "serde_time")]
    pub start_date: Time,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub start_address: String,
    #[serde(default)]
    pub avg_speed: Option<i64>,
    #[serde(default)]
    pub precision: Option<i64>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub gsm_lbs: bool,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub points_list: Vec<TrackPoint>,
}

/// Single reports grouped by location (`cluster_single_reports`); `points` is an array here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    #[serde(with = "serde_time")]
    pub start_date: Time,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub start_address: String,
    #[serde(default, with = "serde_time_opt")]
    pub end_date: Option<Time>,
    #[serde(default)]
    pub precision: Option<i64>,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub points: Vec<LatLng>,
    #[serde(default)]
    pub bounds: Option<Bounds>,
    #[serde(default, deserialize_with = "null_as_false")]
    pub gsm_lbs: bool,
}

/// One item of `track/list`, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrackInfo {
    Regular(Trip),
    SingleReport(SingleReport),
    Merged(Trip),
    Cluster(Cluster),
    /// A kind this client does not know; kept so one new kind does not fail the whole list.
    #[serde(other)]
    Unknown,
}

impl TrackInfo {
    /// The id to pass to `track/read` (only `regular` and `single_report` have one).
    pub fn id(&self) -> Option<i64> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.id,
            TrackInfo::SingleReport(s) => s.id,
            TrackInfo::Cluster(_) | TrackInfo::Unknown => None,
        }
    }

    /// When it starts.
    pub fn start(&self) -> Option<&Time> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => Some(&t.start_date),
            TrackInfo::SingleReport(s) => Some(&s.start_date),
            TrackInfo::Cluster(c) => Some(&c.start_date),
            TrackInfo::Unknown => None,
        }
    }

    /// When it ends (a single report ends where it starts).
    pub fn end(&self) -> Option<&Time> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.end_date.as_ref(),
            TrackInfo::SingleReport(s) => Some(&s.start_date),
            TrackInfo::Cluster(c) => c.end_date.as_ref(),
            TrackInfo::Unknown => None,
        }
    }
}

/// `track/list` reply (merged over every window of a long period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackList {
    /// The storage period clipped the data: older trips are missing. A warning, not an error.
    #[serde(default, deserialize_with = "null_as_false")]
    pub limit_exceeded: bool,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub list: Vec<TrackInfo>,
}

/// `track/read` reply (merged over every window of a long period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackPoints {
    /// The storage period clipped the data. A warning, not an error.
    #[serde(default, deserialize_with = "null_as_false")]
    pub limit_exceeded: bool,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub list: Vec<TrackPoint>,
}
