//! Models of `track/*`: track points and the four kinds of track-list items. A point without a
//! position or a time, and an item without a start or of an unknown kind, are left out of their
//! list and counted in the reply's `left_out`.

use super::common::*;
use super::track_read::PointsInto;
use crate::lenient::{
    Build, Item, LeftOut, Lenient, Reason, Record, Scalar, Scope, lenient_struct, position,
};
use crate::time::{Time, serde_time, serde_time_opt};
use serde::de::SeqAccess;
use serde::{Deserialize, Deserializer, Serialize};

/// One stored GPS fix ("point info" of `track/read` and `points_list`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackPoint {
    pub lat: f64,
    pub lng: f64,
    /// GPS time in the user's zone.
    #[serde(with = "serde_time")]
    pub get_time: Time,
    /// Metres.
    pub alt: Option<i64>,
    pub satellites: Option<i64>,
    /// km/h.
    pub speed: Option<i64>,
    /// Degrees, 0 = north.
    pub heading: Option<i64>,
    /// Metres.
    pub precision: Option<i64>,
    pub mileage: Option<f64>,
    /// Only stored at trip start/end and at events; empty otherwise.
    pub address: String,
    /// Position from cell towers, not GPS.
    pub gsm_lbs: bool,
    /// Part of a parking, not of a trip.
    pub parking: bool,
    /// Stored on the device and sent later.
    pub buffered: bool,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawPoint {
        lat: Option<f64>,
        lng: Option<f64>,
        get_time: Option<Time>,
        alt: Option<i64>,
        satellites: Option<i64>,
        speed: Option<i64>,
        heading: Option<i64>,
        precision: Option<i64>,
        mileage: Option<f64>,
        address: String,
        gsm_lbs: bool,
        parking: bool,
        buffered: bool,
    }
}

impl Build for TrackPoint {
    type Raw = RawPoint;
    fn build(r: RawPoint) -> Result<Self, Reason> {
        let (lat, lng) = position(r.lat, r.lng)?;
        let get_time = r.get_time.ok_or(Reason::NoTime)?;
        Ok(TrackPoint {
            lat,
            lng,
            get_time,
            alt: r.alt,
            satellites: r.satellites,
            speed: r.speed,
            heading: r.heading,
            precision: r.precision,
            mileage: r.mileage,
            address: r.address,
            gsm_lbs: r.gsm_lbs,
            parking: r.parking,
            buffered: r.buffered,
        })
    }
}

impl Record for TrackPoint {
    const ITEM: Item = Item::Point;
}

/// A trip (`regular`) or a whole period merged into one (`merged`, no id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trip {
    /// Present for `regular`; `merged` has none.
    pub id: Option<i64>,
    #[serde(with = "serde_time")]
    pub start_date: Time,
    pub start_address: String,
    #[serde(with = "serde_time_opt")]
    pub end_date: Option<Time>,
    pub end_address: String,
    /// km.
    pub length: Option<f64>,
    /// Number of points (a count here).
    pub points: Option<u64>,
    /// km/h.
    pub max_speed: Option<i64>,
    /// km/h.
    pub avg_speed: Option<i64>,
    /// Only with `count_events`.
    pub event_count: Option<i64>,
    pub norm_fuel_consumed: Option<f64>,
    pub gsm_lbs: bool,
    pub bounds: Option<Bounds>,
    /// Only with `with_points`.
    pub points_list: Vec<TrackPoint>,
}

/// A single point reported as its own "trip" (devices in interval mode).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SingleReport {
    pub id: Option<i64>,
    #[serde(with = "serde_time")]
    pub start_date: Time,
    pub start_address: String,
    pub avg_speed: Option<i64>,
    pub precision: Option<i64>,
    pub gsm_lbs: bool,
    pub points_list: Vec<TrackPoint>,
}

/// Single reports grouped by location (`cluster_single_reports`); `points` is an array here.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    #[serde(with = "serde_time")]
    pub start_date: Time,
    pub start_address: String,
    #[serde(with = "serde_time_opt")]
    pub end_date: Option<Time>,
    pub precision: Option<i64>,
    pub points: Vec<LatLng>,
    pub bounds: Option<Bounds>,
    pub gsm_lbs: bool,
}

/// One item of `track/list`, tagged by `type`. Items of a kind this client does not know are
/// left out of the list (counted as [`Reason::UnknownKind`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TrackInfo {
    Regular(Trip),
    SingleReport(SingleReport),
    Merged(Trip),
    Cluster(Cluster),
}

/// `points`: a count in trips, an array of positions in clusters.
#[derive(Debug, Default)]
pub(crate) struct PointsField {
    count: Option<u64>,
    list: Vec<LatLng>,
}

impl Lenient for PointsField {
    fn scalar(s: Scalar<'_>) -> Self {
        PointsField {
            count: Option::<u64>::scalar(s),
            list: Vec::new(),
        }
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        Ok(PointsField {
            count: None,
            list: Vec::<LatLng>::seq(seq)?,
        })
    }
}

lenient_struct! {
    /// The fields of every kind of track item (the `type` key may come last).
    #[derive(Default)]
    pub(crate) struct RawTrackInfo {
        kind as "type": Option<String>,
        id: Option<i64>,
        start_date: Option<Time>,
        start_address: String,
        end_date: Option<Time>,
        end_address: String,
        length: Option<f64>,
        points: PointsField,
        max_speed: Option<i64>,
        avg_speed: Option<i64>,
        event_count: Option<i64>,
        norm_fuel_consumed: Option<f64>,
        precision: Option<i64>,
        gsm_lbs: bool,
        bounds: Option<Bounds>,
        points_list: Vec<TrackPoint>,
    }
}

impl Build for TrackInfo {
    type Raw = RawTrackInfo;
    fn build(r: RawTrackInfo) -> Result<Self, Reason> {
        let kind = match r.kind.as_deref() {
            Some(k @ ("regular" | "merged" | "single_report" | "cluster")) => k,
            _ => return Err(Reason::UnknownKind),
        };
        let start_date = r.start_date.ok_or(Reason::NoTime)?;
        let trip = |r: RawTrackInfo| Trip {
            id: r.id,
            start_date,
            start_address: r.start_address,
            end_date: r.end_date,
            end_address: r.end_address,
            length: r.length,
            points: r.points.count,
            max_speed: r.max_speed,
            avg_speed: r.avg_speed,
            event_count: r.event_count,
            norm_fuel_consumed: r.norm_fuel_consumed,
            gsm_lbs: r.gsm_lbs,
            bounds: r.bounds,
            points_list: r.points_list,
        };
        Ok(match kind {
            "regular" => TrackInfo::Regular(trip(r)),
            "merged" => TrackInfo::Merged(trip(r)),
            "single_report" => TrackInfo::SingleReport(SingleReport {
                id: r.id,
                start_date,
                start_address: r.start_address,
                avg_speed: r.avg_speed,
                precision: r.precision,
                gsm_lbs: r.gsm_lbs,
                points_list: r.points_list,
            }),
            _ => TrackInfo::Cluster(Cluster {
                start_date,
                start_address: r.start_address,
                end_date: r.end_date,
                precision: r.precision,
                points: r.points.list,
                bounds: r.bounds,
                gsm_lbs: r.gsm_lbs,
            }),
        })
    }
}

impl Record for TrackInfo {
    const ITEM: Item = Item::Trip;
}

crate::lenient::deserialize_via_build!(TrackPoint, TrackInfo);

impl TrackInfo {
    /// The id to pass to `track/read` (only `regular` and `single_report` have one).
    pub fn id(&self) -> Option<i64> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.id,
            TrackInfo::SingleReport(s) => s.id,
            TrackInfo::Cluster(_) => None,
        }
    }

    /// When it starts (every item has a start; `Option` for callers written when some had
    /// none).
    pub fn start(&self) -> Option<&Time> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => Some(&t.start_date),
            TrackInfo::SingleReport(s) => Some(&s.start_date),
            TrackInfo::Cluster(c) => Some(&c.start_date),
        }
    }

    /// When it ends (a single report ends where it starts).
    pub fn end(&self) -> Option<&Time> {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => t.end_date.as_ref(),
            TrackInfo::SingleReport(s) => Some(&s.start_date),
            TrackInfo::Cluster(c) => c.end_date.as_ref(),
        }
    }

    /// Points of its `points_list` (only with `with_points`).
    pub fn points_list(&self) -> &[TrackPoint] {
        match self {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => &t.points_list,
            TrackInfo::SingleReport(s) => &s.points_list,
            TrackInfo::Cluster(_) => &[],
        }
    }
}

/// `track/list` reply (merged over every window of a long period).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackList {
    /// The storage period clipped the data: older trips are missing. A warning, not an error.
    pub limit_exceeded: bool,
    pub list: Vec<TrackInfo>,
    /// Items (and points of their `points_list` and clusters) that could not be used.
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

/// `track/read` reply (merged over every window of a long period).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackPoints {
    /// The storage period clipped the data. A warning, not an error.
    pub limit_exceeded: bool,
    pub list: Vec<TrackPoint>,
    /// Points that could not be placed.
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

lenient_struct! {
    #[derive(Default)]
    struct RawTrackList {
        limit_exceeded: bool,
        list: Vec<TrackInfo>,
    }
}

impl<'de> Deserialize<'de> for TrackList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let r = RawTrackList::read(d)?;
        Ok(TrackList {
            limit_exceeded: r.limit_exceeded,
            list: r.list,
            left_out: scope.end(),
        })
    }
}

impl<'de> Deserialize<'de> for TrackPoints {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = PointsInto::<Vec<TrackPoint>>::deserialize(d)?;
        Ok(TrackPoints {
            limit_exceeded: r.limit_exceeded,
            list: r.points,
            left_out: r.left_out,
        })
    }
}
