//! Models of `tracker/*`: trackers, groups, live states and last GPS points. A tracker or group
//! without an id, and a state under a key that is not a tracker id, are left out and counted.

use super::common::*;
use crate::lenient::{
    Build, Item, LeftOut, Lenient, Reason, Record, Scalar, Scope, lenient_struct, note, position,
};
use crate::time::{Time, serde_date_opt, serde_time, serde_time_opt};
use chrono::NaiveDate;
use serde::de::{MapAccess, SeqAccess};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

lenient_struct! {
    /// The physical device behind a tracker.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct Source: build {
        /// Source id (WebSocket states use it); not the tracker id.
        pub id: Option<i64>,
        /// IMEI or serial; some servers send it as a number.
        pub device_id: Option<String>,
        pub model: Option<String>,
        /// True when the tariff ended or the device is blocked: its data cannot be read (208).
        pub blocked: bool,
        pub tariff_id: Option<i64>,
        pub status_listing_id: Option<i64>,
        #[serde(with = "serde_date_opt")]
        pub creation_date: Option<NaiveDate>,
        #[serde(with = "serde_date_opt")]
        pub tariff_end_date: Option<NaiveDate>,
        pub phone: Option<String>,
    }
}

/// A tag attached to a tracker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagBinding {
    pub tag_id: i64,
    pub ordinal: Option<i64>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawTagBinding {
        tag_id: Option<i64>,
        ordinal: Option<i64>,
    }
}

/// Tag bindings come as objects in the examples and as bare ids in one guide: both are read;
/// a binding without a tag id is skipped (it names nothing).
impl Lenient for Option<TagBinding> {
    fn scalar(s: Scalar<'_>) -> Self {
        Some(TagBinding {
            tag_id: Option::<i64>::scalar(s)?,
            ordinal: None,
        })
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let r = RawTagBinding::map(map)?;
        Ok(r.tag_id.map(|tag_id| TagBinding {
            tag_id,
            ordinal: r.ordinal,
        }))
    }
}

impl Lenient for Vec<TagBinding> {
    fn scalar(_: Scalar<'_>) -> Self {
        Vec::new()
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Self, A::Error> {
        crate::lenient::seq_of(seq)
    }
}

/// A tracker (a tracked object) from `tracker/list` or `tracker/read`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracker {
    pub id: i64,
    pub label: String,
    pub clone: bool,
    /// 0 = no group.
    pub group_id: i64,
    pub avatar_file_name: Option<String>,
    pub source: Source,
    pub tag_bindings: Vec<TagBinding>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawTracker {
        pub id: Option<i64>,
        label: String,
        clone: bool,
        group_id: Option<i64>,
        avatar_file_name: Option<String>,
        source: Source,
        tag_bindings: Vec<TagBinding>,
    }
}

impl Build for Tracker {
    type Raw = RawTracker;
    fn build(r: RawTracker) -> Result<Self, Reason> {
        Ok(Tracker {
            id: r.id.ok_or(Reason::NoId)?,
            label: r.label,
            clone: r.clone,
            group_id: r.group_id.unwrap_or(0),
            avatar_file_name: r.avatar_file_name,
            source: r.source,
            tag_bindings: r.tag_bindings,
        })
    }
}

impl Record for Tracker {
    const ITEM: Item = Item::Object;
}

/// `tracker/list` reply.
pub type TrackerList = RecordList<Tracker>;

/// A tracker group (`tracker/group/list`); group 0 is implicit and never listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackerGroup {
    pub id: i64,
    pub title: String,
    /// 6-hex RGB without `#`.
    pub color: Option<String>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawGroup {
        id: Option<i64>,
        title: String,
        color: Option<String>,
    }
}

impl Build for TrackerGroup {
    type Raw = RawGroup;
    fn build(r: RawGroup) -> Result<Self, Reason> {
        Ok(TrackerGroup {
            id: r.id.ok_or(Reason::NoId)?,
            title: r.title,
            color: r.color,
        })
    }
}

impl Record for TrackerGroup {
    const ITEM: Item = Item::Group;
}

/// The GPS part of a tracker state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GpsState {
    pub updated: Option<Time>,
    pub signal_level: Option<i64>,
    /// Position; the examples nest it under `location`, the field table puts `lat`/`lng` on
    /// `gps` directly: both are read. A position off the globe reads as none.
    pub location: Option<LatLng>,
    pub heading: Option<i64>,
    pub speed: Option<i64>,
    pub alt: Option<i64>,
    pub precision: Option<i64>,
    pub gsm_lbs: bool,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawGps {
        updated: Option<Time>,
        signal_level: Option<i64>,
        location: Option<LatLng>,
        lat: Option<f64>,
        lng: Option<f64>,
        heading: Option<i64>,
        speed: Option<i64>,
        alt: Option<i64>,
        precision: Option<i64>,
        gsm_lbs: bool,
    }
}

impl Build for GpsState {
    type Raw = RawGps;
    fn build(r: RawGps) -> Result<Self, Reason> {
        let flat = position(r.lat, r.lng)
            .ok()
            .map(|(lat, lng)| LatLng { lat, lng });
        Ok(GpsState {
            updated: r.updated,
            signal_level: r.signal_level,
            location: r.location.or(flat),
            heading: r.heading,
            speed: r.speed,
            alt: r.alt,
            precision: r.precision,
            gsm_lbs: r.gsm_lbs,
        })
    }
}

impl Lenient for GpsState {
    fn scalar(_: Scalar<'_>) -> Self {
        GpsState::default()
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        Ok(GpsState::build(RawGps::map(map)?).unwrap_or_default())
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

impl Lenient for Option<ConnectionStatus> {
    fn scalar(s: Scalar<'_>) -> Self {
        let Scalar::Str(t) = s else { return None };
        Some(match t {
            "active" => ConnectionStatus::Active,
            "idle" => ConnectionStatus::Idle,
            "offline" => ConnectionStatus::Offline,
            "signal_lost" => ConnectionStatus::SignalLost,
            "just_registered" => ConnectionStatus::JustRegistered,
            "just_replaced" => ConnectionStatus::JustReplaced,
            _ => ConnectionStatus::Unknown,
        })
    }
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

impl Lenient for Option<MovementStatus> {
    fn scalar(s: Scalar<'_>) -> Self {
        let Scalar::Str(t) = s else { return None };
        Some(match t {
            "moving" => MovementStatus::Moving,
            "stopped" => MovementStatus::Stopped,
            "parked" => MovementStatus::Parked,
            _ => MovementStatus::Unknown,
        })
    }
}

lenient_struct! {
    /// GSM part of a state.
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct GsmState: build {
        #[serde(with = "serde_time_opt")]
        pub updated: Option<Time>,
        pub signal_level: Option<i64>,
        pub network_name: Option<String>,
        pub roaming: Option<bool>,
    }
}

lenient_struct! {
    /// A tracker's live state (`tracker/get_state`, `tracker/get_states`, WebSocket states).
    #[derive(Debug, Clone, Default, PartialEq, Serialize)]
    pub struct TrackerState: build {
        pub source_id: Option<i64>,
        pub gps: GpsState,
        pub connection_status: Option<ConnectionStatus>,
        pub movement_status: Option<MovementStatus>,
        #[serde(with = "serde_time_opt")]
        pub movement_status_update: Option<Time>,
        pub ignition: Option<bool>,
        #[serde(with = "serde_time_opt")]
        pub ignition_update: Option<Time>,
        pub gsm: Option<GsmState>,
        #[serde(with = "serde_time_opt")]
        pub last_update: Option<Time>,
        pub battery_level: Option<i64>,
        #[serde(with = "serde_time_opt")]
        pub actual_track_update: Option<Time>,
    }
}

impl Record for TrackerState {
    const ITEM: Item = Item::State;
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

lenient_struct! {
    #[derive(Debug, Clone, Default)]
    pub struct StateReply: build {
        pub state: TrackerState,
    }
}

/// States by tracker id: a key that is not an id, or a value that is not an object, is left
/// out and counted.
impl Lenient for BTreeMap<i64, TrackerState> {
    fn scalar(_: Scalar<'_>) -> Self {
        BTreeMap::new()
    }
    fn map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(k) = map.next_key::<crate::lenient::Key<'de>>()? {
            let crate::lenient::L(state) =
                map.next_value::<crate::lenient::L<Option<TrackerState>>>()?;
            match (k.as_str().trim().parse::<i64>(), state) {
                (Ok(id), Some(s)) => {
                    out.insert(id, s);
                }
                (Err(_), _) => note(Item::State, Reason::NoId),
                (_, None) => note(Item::State, Reason::Unreadable),
            }
        }
        Ok(out)
    }
}

/// `tracker/get_states` merged over every chunk of ≤ 2000 ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TrackerStates {
    /// The server's "now" in the user's zone, from the last chunk.
    #[serde(with = "serde_time_opt")]
    pub user_time: Option<Time>,
    /// States by tracker id.
    pub states: BTreeMap<i64, TrackerState>,
    /// Ids that are blocked (no state).
    pub blocked: Vec<i64>,
    /// Ids the server does not know.
    pub not_exist: Vec<i64>,
    /// States that could not be read.
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

lenient_struct! {
    #[derive(Default)]
    struct RawStates {
        user_time: Option<Time>,
        states: BTreeMap<i64, TrackerState>,
        blocked: Vec<i64>,
        not_exist: Vec<i64>,
    }
}

impl<'de> Deserialize<'de> for TrackerStates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let r = RawStates::read(d)?;
        Ok(TrackerStates {
            user_time: r.user_time,
            states: r.states,
            blocked: r.blocked,
            not_exist: r.not_exist,
            left_out: scope.end(),
        })
    }
}

/// A reduced point from `tracker/get_last_gps_point`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LastGpsPoint {
    #[serde(with = "serde_time")]
    pub get_time: Time,
    pub lat: f64,
    pub lng: f64,
    pub heading: Option<i64>,
    pub speed: Option<i64>,
    pub satellites: Option<i64>,
    pub precision: Option<i64>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawLastPoint {
        get_time: Option<Time>,
        lat: Option<f64>,
        lng: Option<f64>,
        heading: Option<i64>,
        speed: Option<i64>,
        satellites: Option<i64>,
        precision: Option<i64>,
    }
}

impl Build for LastGpsPoint {
    type Raw = RawLastPoint;
    fn build(r: RawLastPoint) -> Result<Self, Reason> {
        let (lat, lng) = position(r.lat, r.lng)?;
        Ok(LastGpsPoint {
            get_time: r.get_time.ok_or(Reason::NoTime)?,
            lat,
            lng,
            heading: r.heading,
            speed: r.speed,
            satellites: r.satellites,
            precision: r.precision,
        })
    }
}

impl Record for LastGpsPoint {
    const ITEM: Item = Item::Point;
}

crate::lenient::deserialize_via_build!(Tracker, TrackerGroup, GpsState, LastGpsPoint);
