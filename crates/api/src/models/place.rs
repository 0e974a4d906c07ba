//! Models of `place/*`: places (points of interest).

use super::common::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where a place is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceLocation {
    pub lat: f64,
    pub lng: f64,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub address: String,
    /// Metres.
    #[serde(default)]
    pub radius: Option<f64>,
}

/// A place (POI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: i64,
    #[serde(default)]
    pub icon_id: Option<i64>,
    #[serde(default)]
    pub avatar_file_name: Option<String>,
    pub location: PlaceLocation,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub tags: Vec<i64>,
    #[serde(default)]
    pub external_id: Option<String>,
    /// Custom fields by id (as a string key) → `{type, value}`.
    #[serde(default)]
    pub fields: Option<Map<String, Value>>,
}

/// `place/list` reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceList {
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub list: Vec<Place>,
    /// Total found (may exceed `list` when paged).
    #[serde(default)]
    pub count: Option<u64>,
}
