//! What the map shows besides tracks: events along a period (`history/tracker/list`, paged past
//! the server's 1000-entry limit by `trackmate-api`), geofences with their points, and places.

use trackmate_api::{ApiCode, Client, HistoryOptions, Zone, ZoneKind as ApiZoneKind};

use super::time;
use crate::dto_insight::{
    EventList, EventRow, GeoLayer, GeoLayers, LatLng, PlaceRow, ZoneKind, ZoneShape,
};
use crate::error::AppError;

/// `Ok(None)` when the server does not offer an optional endpoint at all. A server installed
/// without a module (places, geofences, events) answers its calls with 111 "wrong handler" or
/// 112 "wrong method"; that hides one layer, it is not a failure of the session.
fn offered<T>(reply: Result<T, trackmate_api::Error>) -> Result<Option<T>, AppError> {
    match reply {
        Ok(v) => Ok(Some(v)),
        Err(e)
            if matches!(
                e.api_code(),
                Some(ApiCode::WrongHandler | ApiCode::WrongMethod)
            ) =>
        {
            tracing::info!(endpoint = ?e.endpoint(), "optional endpoint not offered by this server");
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Every event of `object_id` in `[from, to]`, oldest first.
pub async fn list_events(
    client: &Client,
    object_id: i64,
    from: &str,
    to: &str,
) -> Result<EventList, AppError> {
    let (from, to) = time::period(client, from, to)?;
    let opts = HistoryOptions {
        // The list is per object already: the label prefix would only repeat its name.
        add_tracker_label: Some(false),
        ..HistoryOptions::default()
    };
    let reply = client
        .history()
        .tracker_list(&[object_id], &from, &to, &opts)
        .await;
    let Some(reply) = offered(reply)? else {
        return Ok(EventList {
            events: vec![],
            truncated: false,
            not_offered: true,
        });
    };
    let events = reply.list.into_iter().map(|e| event_row(&e)).collect();
    Ok(EventList {
        events,
        truncated: reply.limit_exceeded,
        not_offered: false,
    })
}

/// A zone the map can draw; zones of an unknown shape or without geometry are left out.
fn zone_shape(z: Zone) -> Option<ZoneShape> {
    let kind = match z.kind {
        ApiZoneKind::Circle => ZoneKind::Circle,
        ApiZoneKind::Polygon => ZoneKind::Polygon,
        ApiZoneKind::Sausage => ZoneKind::Sausage,
    };
    let points: Vec<LatLng> = z
        .points
        .iter()
        .map(|p| LatLng {
            lat: p.lat,
            lng: p.lng,
        })
        .collect();
    let center = z.center.map(|c| LatLng {
        lat: c.lat,
        lng: c.lng,
    });
    let drawable = match kind {
        ZoneKind::Circle => center.is_some() && z.radius.is_some_and(|r| r > 0.0),
        ZoneKind::Polygon => points.len() >= 3,
        ZoneKind::Sausage => points.len() >= 2 && z.radius.is_some_and(|r| r > 0.0),
    };
    drawable.then(|| ZoneShape {
        id: z.id.unwrap_or(0),
        label: z.label,
        kind,
        color: z
            .color
            .filter(|c| c.len() == 6 && c.chars().all(|ch| ch.is_ascii_hexdigit()))
            .map(|c| format!("#{c}")),
        radius: z.radius,
        center,
        points,
    })
}

/// The account's geofences (with points) and places; a layer the server does not offer is named
/// in `not_offered` and left empty.
pub async fn list_geo(client: &Client) -> Result<GeoLayers, AppError> {
    let (zone_api, place_api) = (client.zones(), client.places());
    let (zones, places) = tokio::join!(zone_api.list(true), place_api.list());
    let (zones, places) = (offered(zones)?, offered(places)?);
    let not_offered = [
        (zones.is_none(), GeoLayer::Zones),
        (places.is_none(), GeoLayer::Places),
    ]
    .into_iter()
    .filter_map(|(missing, layer)| missing.then_some(layer))
    .collect();
    Ok(GeoLayers {
        not_offered,
        zones: zones
            .unwrap_or_default()
            .into_iter()
            .filter_map(zone_shape)
            .collect(),
        places: places
            .unwrap_or_default()
            .into_iter()
            .map(|p| PlaceRow {
                id: p.id,
                label: p.label,
                lat: p.location.lat,
                lng: p.location.lng,
                radius: p.location.radius,
                address: p.location.address,
                description: p.description.filter(|d| !d.is_empty()),
            })
            .collect(),
    })
}

/// An event as the page lists it (along a track and in the events feed).
pub fn event_row(e: &trackmate_api::HistoryEntry) -> EventRow {
    EventRow {
        id: e.id,
        object_id: e.tracker_id,
        time: time::format(&e.time),
        event: e.event.clone(),
        message: e.message.clone(),
        lat: e.location.as_ref().map(|l| l.lat),
        lng: e.location.as_ref().map(|l| l.lng),
        address: e.address.clone(),
    }
}
