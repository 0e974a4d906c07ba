//! The track model: GPS fixes (`Point`), trips (`Segment`) and one object's history (`Track`).

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// One GPS fix as reported by the tracker.
///
/// `time` keeps the offset the user sees (their local time zone at that instant), so a track
/// crossing a DST change keeps both offsets; formats that want UTC convert on output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Serialized as RFC 3339 with the stored offset.
    pub time: DateTime<FixedOffset>,
    pub lat: f64,
    pub lng: f64,
    /// Altitude in metres.
    pub alt: Option<f64>,
    /// Speed in km/h (the unit Navixy reports).
    pub speed: Option<f64>,
    /// Course over ground in degrees, 0..360, 0 = north.
    pub heading: Option<f64>,
    pub satellites: Option<u32>,
    /// Horizontal precision in metres.
    pub precision: Option<f64>,
    pub address: Option<String>,
    // The flags default to false so JSON written by other tools (or older versions) still loads.
    #[serde(default)]
    pub parking: bool,
    /// The position comes from cell towers (GSM LBS), not from satellites.
    #[serde(default)]
    pub gsm_lbs: bool,
    /// The tracker stored the fix while offline and sent it later.
    #[serde(default)]
    pub buffered: bool,
    /// Odometer reading in km.
    pub mileage: Option<f64>,
}

impl Point {
    /// A fix with only its time and position; every optional field unknown, every flag off.
    pub fn at(time: DateTime<FixedOffset>, lat: f64, lng: f64) -> Point {
        Point {
            time,
            lat,
            lng,
            alt: None,
            speed: None,
            heading: None,
            satellites: None,
            precision: None,
            address: None,
            parking: false,
            gsm_lbs: false,
            buffered: false,
            mileage: None,
        }
    }
}

/// One trip: consecutive points between stops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub name: Option<String>,
    /// The server's id for the trip, when there is one.
    pub id: Option<i64>,
    pub points: Vec<Point>,
}

/// Everything one tracked object did over a period; maps to a GPX `<trk>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub name: String,
    pub segments: Vec<Segment>,
}

impl Track {
    /// A track of unnamed segments without server ids, one per list of points.
    pub fn from_points(name: impl Into<String>, segments: Vec<Vec<Point>>) -> Track {
        Track {
            name: name.into(),
            segments: segments
                .into_iter()
                .map(|points| Segment {
                    name: None,
                    id: None,
                    points,
                })
                .collect(),
        }
    }
}
