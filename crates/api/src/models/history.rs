//! Models of `history/*`: events (history entries) along a track. An event without an id or a
//! time is left out and counted; event names are an open set (`history/type/list` is the
//! server's own list), so no event is left out for its name.

use crate::lenient::{
    Build, Item, LeftOut, Lenient, Reason, Record, Scope, lenient_struct, position,
};
use crate::time::{Time, serde_time};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Where an event happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EventLocation {
    pub lat: f64,
    pub lng: f64,
    pub precision: Option<i64>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawEventLocation {
        lat: Option<f64>,
        lng: Option<f64>,
        precision: Option<i64>,
    }
}

impl Build for EventLocation {
    type Raw = RawEventLocation;
    fn build(r: RawEventLocation) -> Result<Self, Reason> {
        let (lat, lng) = position(r.lat, r.lng)?;
        Ok(EventLocation {
            lat,
            lng,
            precision: r.precision,
        })
    }
}

/// One history entry (an event: ignition, speeding, zone in/out, ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// Source kind: `tracker`, `socket` or `camera`.
    #[serde(rename = "type")]
    pub source_type: Option<String>,
    pub is_read: bool,
    pub message: String,
    #[serde(with = "serde_time")]
    pub time: Time,
    /// Event type, e.g. `inzone`, `speedup`, `ignition` (an open set).
    pub event: String,
    pub tracker_id: Option<i64>,
    pub rule_id: Option<i64>,
    /// 0 when no track is linked.
    pub track_id: Option<i64>,
    /// `None` when missing or off the globe (the event is still listed).
    pub location: Option<EventLocation>,
    pub address: String,
    /// Extra keys (zone ids and labels, full message, ...), all optional.
    pub extra: Option<Map<String, Value>>,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawHistoryEntry {
        id: Option<i64>,
        source_type as "type": Option<String>,
        is_read: bool,
        message: String,
        time: Option<Time>,
        event: String,
        tracker_id: Option<i64>,
        rule_id: Option<i64>,
        track_id: Option<i64>,
        location: Option<EventLocation>,
        address: String,
        extra: Option<Map<String, Value>>,
    }
}

impl Build for HistoryEntry {
    type Raw = RawHistoryEntry;
    fn build(r: RawHistoryEntry) -> Result<Self, Reason> {
        Ok(HistoryEntry {
            id: r.id.ok_or(Reason::NoId)?,
            time: r.time.ok_or(Reason::NoTime)?,
            source_type: r.source_type,
            is_read: r.is_read,
            message: r.message,
            event: r.event,
            tracker_id: r.tracker_id,
            rule_id: r.rule_id,
            track_id: r.track_id,
            location: r.location,
            address: r.address,
            extra: r.extra,
        })
    }
}

impl Record for HistoryEntry {
    const ITEM: Item = Item::Event;
}

/// `history/tracker/list` merged over pages and windows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HistoryList {
    pub list: Vec<HistoryEntry>,
    /// For one page: more entries matched than were listed. After paging it is false unless a
    /// page could not be continued.
    pub limit_exceeded: bool,
    pub total: Option<u64>,
    pub total_unread: Option<u64>,
    /// Events that could not be read.
    #[serde(skip_serializing_if = "LeftOut::is_empty")]
    pub left_out: LeftOut,
}

lenient_struct! {
    #[derive(Default)]
    struct RawHistoryList {
        list: Vec<HistoryEntry>,
        limit_exceeded: bool,
        total: Option<u64>,
        total_unread: Option<u64>,
    }
}

impl<'de> Deserialize<'de> for HistoryList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let scope = Scope::begin();
        let r = RawHistoryList::read(d)?;
        Ok(HistoryList {
            list: r.list,
            limit_exceeded: r.limit_exceeded,
            total: r.total,
            total_unread: r.total_unread,
            left_out: scope.end(),
        })
    }
}

/// An event type with its localized description (`history/type/list`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventType {
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
}

lenient_struct! {
    #[derive(Default)]
    pub(crate) struct RawEventType {
        kind as "type": Option<String>,
        description: String,
    }
}

impl Build for EventType {
    type Raw = RawEventType;
    fn build(r: RawEventType) -> Result<Self, Reason> {
        Ok(EventType {
            kind: r.kind.filter(|k| !k.is_empty()).ok_or(Reason::NoId)?,
            description: r.description,
        })
    }
}

impl Record for EventType {
    const ITEM: Item = Item::EventType;
}

crate::lenient::deserialize_via_build!(EventLocation, HistoryEntry, EventType);
