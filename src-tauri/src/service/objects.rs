//! Objects, their live states and their trips: the server's models turned into the rows the UI
//! lists (docs/ipc.md `list_objects`, `object_states`, `list_trips`).

use trackmate_api::{Client, TrackInfo, TrackListOptions};

use super::time;
use crate::dto::{
    Group, ObjectList, ObjectRow, ObjectState, ObjectStates, ObjectStatus, TripKind, TripList,
    TripRow,
};
use crate::error::AppError;

/// Every object of the account and the groups.
pub async fn list_objects(client: &Client) -> Result<ObjectList, AppError> {
    let handler = client.trackers();
    let (trackers, groups) = tokio::try_join!(handler.list(), handler.groups())?;
    Ok(ObjectList {
        objects: trackers
            .into_iter()
            .map(|t| ObjectRow {
                id: t.id,
                label: t.label,
                group_id: t.group_id,
                device_id: t.source.device_id,
                phone: t.source.phone,
                model: t.source.model,
                blocked: t.source.blocked,
            })
            .collect(),
        groups: groups
            .into_iter()
            .map(|g| Group {
                id: g.id,
                title: g.title,
                color: g.color,
            })
            .collect(),
    })
}

fn empty_state(id: i64, status: ObjectStatus) -> ObjectState {
    ObjectState {
        id,
        status,
        lat: None,
        lng: None,
        heading: None,
        speed: None,
        last_update: None,
        fix_time: None,
    }
}

/// The row of object `id` in `state` (the same for a polled and a streamed state).
pub fn object_state(id: i64, s: &trackmate_api::TrackerState) -> ObjectState {
    ObjectState {
        id,
        status: s.status().into(),
        lat: s.gps.location.as_ref().map(|l| l.lat),
        lng: s.gps.location.as_ref().map(|l| l.lng),
        heading: s.gps.heading,
        speed: s.gps.speed,
        last_update: s
            .last_update
            .as_ref()
            .or(s.gps.updated.as_ref())
            .map(time::format),
        fix_time: s.gps.updated.as_ref().map(time::format),
    }
}

/// Live states of `ids`, one per id in the same order (blocked and unknown ids included).
pub async fn object_states(client: &Client, ids: &[i64]) -> Result<ObjectStates, AppError> {
    let r = client.trackers().states(ids).await?;
    let states = ids
        .iter()
        .map(|&id| match r.states.get(&id) {
            Some(s) => object_state(id, s),
            None if r.blocked.contains(&id) => empty_state(id, ObjectStatus::Blocked),
            None => empty_state(id, ObjectStatus::Unknown),
        })
        .collect();
    Ok(ObjectStates {
        user_time: r.user_time.as_ref().map(time::format),
        states,
    })
}

/// One trip-list row; `None` for kinds this app does not know.
pub fn trip_row(info: &TrackInfo) -> Option<TripRow> {
    let row = |kind: TripKind, id: Option<i64>, start: &trackmate_api::Time| {
        let start = time::format(start);
        TripRow {
            key: match id {
                Some(id) => id.to_string(),
                None => format!("{kind:?}@{start}"),
            },
            id,
            kind,
            start,
            end: None,
            start_address: String::new(),
            end_address: String::new(),
            length_km: None,
            max_speed: None,
            avg_speed: None,
            points: None,
            lat: None,
            lng: None,
        }
    };
    Some(match info {
        TrackInfo::Regular(t) | TrackInfo::Merged(t) => {
            let kind = if matches!(info, TrackInfo::Regular(_)) {
                TripKind::Regular
            } else {
                TripKind::Merged
            };
            TripRow {
                end: t.end_date.as_ref().map(time::format),
                start_address: t.start_address.clone(),
                end_address: t.end_address.clone(),
                length_km: t.length,
                max_speed: t.max_speed,
                avg_speed: t.avg_speed,
                points: t.points,
                ..row(kind, t.id, &t.start_date)
            }
        }
        TrackInfo::SingleReport(s) => {
            let at = s.points_list.first();
            TripRow {
                start_address: s.start_address.clone(),
                avg_speed: s.avg_speed,
                lat: at.map(|p| p.lat),
                lng: at.map(|p| p.lng),
                points: Some(1),
                ..row(TripKind::SingleReport, s.id, &s.start_date)
            }
        }
        TrackInfo::Cluster(c) => {
            let (lat, lng) = match (&c.bounds, c.points.is_empty()) {
                (Some(b), _) => ((b.nw.lat + b.se.lat) / 2.0, (b.nw.lng + b.se.lng) / 2.0),
                (None, false) => {
                    let n = c.points.len() as f64;
                    (
                        c.points.iter().map(|p| p.lat).sum::<f64>() / n,
                        c.points.iter().map(|p| p.lng).sum::<f64>() / n,
                    )
                }
                (None, true) => (f64::NAN, f64::NAN),
            };
            TripRow {
                end: c.end_date.as_ref().map(time::format),
                start_address: c.start_address.clone(),
                points: Some(c.points.len() as u64),
                lat: lat.is_finite().then_some(lat),
                lng: lng.is_finite().then_some(lng),
                ..row(TripKind::Cluster, None, &c.start_date)
            }
        }
    })
}

/// Trips of `object_id` in the period.
pub async fn list_trips(
    client: &Client,
    object_id: i64,
    from: &str,
    to: &str,
) -> Result<TripList, AppError> {
    let (from, to) = time::period(client, from, to)?;
    let r = client
        .tracks()
        .list(object_id, &from, &to, &TrackListOptions::default())
        .await?;
    Ok(TripList {
        limit_exceeded: r.limit_exceeded,
        trips: r.list.iter().filter_map(trip_row).collect(),
    })
}
