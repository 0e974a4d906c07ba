//! Models of `zone/*`: geofences (circle, polygon, sausage corridor) and their points.

use super::common::*;
use serde::{Deserialize, Serialize};

/// Geofence shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// `center` + `radius`; never has points.
    Circle,
    /// `points`.
    Polygon,
    /// A corridor of `radius` metres around the polyline `points`.
    Sausage,
    #[serde(other)]
    Unknown,
}

/// A point of a polygon or corridor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ZonePoint {
    pub lat: f64,
    pub lng: f64,
    /// Marks route nodes of a corridor.
    #[serde(default, deserialize_with = "null_as_false")]
    pub node: bool,
}

/// A geofence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(rename = "type")]
    pub kind: ZoneKind,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub label: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub address: String,
    /// 6-hex RGB without `#`.
    #[serde(default)]
    pub color: Option<String>,
    /// Metres (circle and sausage).
    #[serde(default)]
    pub radius: Option<f64>,
    /// Circle centre.
    #[serde(default)]
    pub center: Option<LatLng>,
    /// Polygon and sausage points (only with `with_points`).
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub points: Vec<ZonePoint>,
    #[serde(default, deserialize_with = "null_as_empty_vec")]
    pub tags: Vec<i64>,
    #[serde(default)]
    pub bounds: Option<Bounds>,
}
