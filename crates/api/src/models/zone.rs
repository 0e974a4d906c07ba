//! Models of `zone/*`: geofences (circle, polygon, sausage corridor) and their points. A zone of
//! a kind this client does not know is left out and counted, as is a point without a position.

use super::common::*;
use crate::lenient::{Build, Item, Reason, Record, lenient_struct, position};
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
}

/// A point of a polygon or corridor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ZonePoint {
    pub lat: f64,
    pub lng: f64,
    /// Marks route nodes of a corridor.
    pub node: bool,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawZonePoint {
        lat: Option<f64>,
        lng: Option<f64>,
        node: bool,
    }
}

impl Build for ZonePoint {
    type Raw = RawZonePoint;
    fn build(r: RawZonePoint) -> Result<Self, Reason> {
        let (lat, lng) = position(r.lat, r.lng)?;
        Ok(ZonePoint {
            lat,
            lng,
            node: r.node,
        })
    }
}

impl Record for ZonePoint {
    const ITEM: Item = Item::Point;
}

/// A geofence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Zone {
    pub id: Option<i64>,
    #[serde(rename = "type")]
    pub kind: ZoneKind,
    pub label: String,
    pub address: String,
    /// 6-hex RGB without `#`.
    pub color: Option<String>,
    /// Metres (circle and sausage).
    pub radius: Option<f64>,
    /// Circle centre.
    pub center: Option<LatLng>,
    /// Polygon and sausage points (only with `with_points`).
    pub points: Vec<ZonePoint>,
    pub tags: Vec<i64>,
    pub bounds: Option<Bounds>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawZone {
        id: Option<i64>,
        kind as "type": Option<String>,
        label: String,
        address: String,
        color: Option<String>,
        radius: Option<f64>,
        center: Option<LatLng>,
        points: Vec<ZonePoint>,
        tags: Vec<i64>,
        bounds: Option<Bounds>,
    }
}

impl Build for Zone {
    type Raw = RawZone;
    fn build(r: RawZone) -> Result<Self, Reason> {
        let kind = match r.kind.as_deref() {
            Some("circle") => ZoneKind::Circle,
            Some("polygon") => ZoneKind::Polygon,
            Some("sausage") => ZoneKind::Sausage,
            _ => return Err(Reason::UnknownKind),
        };
        Ok(Zone {
            id: r.id,
            kind,
            label: r.label,
            address: r.address,
            color: r.color,
            radius: r.radius,
            center: r.center,
            points: r.points,
            tags: r.tags,
            bounds: r.bounds,
        })
    }
}

impl Record for Zone {
    const ITEM: Item = Item::Zone;
}

/// `zone/list` reply.
pub type ZoneList = RecordList<Zone>;

crate::lenient::deserialize_via_build!(ZonePoint, Zone);
