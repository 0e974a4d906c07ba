//! The DTOs of the track-insight commands (docs/ipc.md): what is shown in a view slot (summary,
//! trips' statistics, stops), point details, events, geofences and places, export results.
//! Generated into `ui/src/api/bindings/` like `dto.rs`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::dto;
use crate::error::AppError;

/// Which of the two tracks on the map: the one being looked at, or the one compared with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum Slot {
    #[default]
    Main,
    Compare,
}

/// Where a shown track came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum TrackSource {
    Server,
    File,
}

dto! {
/// Statistics of one trip, or of the whole shown track.
pub struct TripStats {
    /// The server's trip id (trips from the server).
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    pub name: Option<String>,
    /// First and last point (RFC 3339, the user's offset); `null` for an empty track.
    pub start: Option<String>,
    pub end: Option<String>,
    pub points: u32,
    pub distance_m: f64,
    pub duration_s: f64,
    pub moving_s: f64,
    pub stopped_s: f64,
    /// km/h.
    pub max_speed_kmh: f64,
    /// Distance over the whole duration, km/h.
    pub avg_speed_kmh: f64,
    /// Distance over the moving time, km/h.
    pub avg_moving_speed_kmh: f64,
    pub stops: u32,
}
}

/// A standstill inside a trip, or a parking between two trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum StopKind {
    Stop,
    Parking,
}

dto! {
/// One stop or parking, for its marker and the list.
pub struct StopRow {
    pub kind: StopKind,
    pub start: String,
    pub end: String,
    pub duration_s: f64,
    pub lat: f64,
    pub lng: f64,
    pub address: Option<String>,
    /// Index in the packed points of the first standing point.
    pub point_index: u32,
}
}

dto! {
/// `track_summary`'s reply: what the slot shows and its figures.
pub struct TrackSummary {
    pub slot: Slot,
    pub name: String,
    pub source: TrackSource,
    /// A file's points had no times: statistics of time and replay do not apply.
    pub timeless: bool,
    /// Records of the server's replies that could not be used and were left out (empty for
    /// files and for clean replies); the page shows them as a quiet note.
    pub left_out: Vec<LeftOutRow>,
    pub summary: TripStats,
    pub trips: Vec<TripStats>,
    pub stops: Vec<StopRow>,
}
}

dto! {
/// How many records of one kind were left out of a track's replies, and why.
pub struct LeftOutRow {
    /// `point` or `trip` (the API crate's `Item`, snake_case).
    pub item: String,
    /// `no_position`, `out_of_range`, `no_time`, `no_id`, `unknown_kind` or `unreadable`.
    pub reason: String,
    pub count: u32,
}
}

dto! {
/// What the point inspector adds to the packed columns.
pub struct PointDetails {
    pub address: Option<String>,
    /// Metres.
    pub precision: Option<f64>,
    /// Odometer, km.
    pub mileage: Option<f64>,
}
}

dto! {
/// An event: along the track (`history/tracker/list`) or in the events feed
/// (`history/unread/list`).
pub struct EventRow {
    #[ts(type = "number")]
    pub id: i64,
    /// The object it happened to (`null` for an event of the account itself).
    #[ts(type = "number | null")]
    pub object_id: Option<i64>,
    pub time: String,
    /// The server's event type, e.g. `speedup`, `inzone`, `ignition` (an open set).
    pub event: String,
    pub message: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub address: String,
}
}

dto! {
/// `list_events`' reply.
pub struct EventList {
    pub events: Vec<EventRow>,
    /// The server would not give every event (its limit); some may be missing.
    pub truncated: bool,
    /// The server has no events module (it answered 111/112): the layer is hidden, not an error.
    pub not_offered: bool,
}
}

dto! {
/// A WGS 84 position.
#[derive(Copy)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}
}

/// A geofence's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum ZoneKind {
    Circle,
    Polygon,
    /// A corridor of `radius` metres around the polyline `points`.
    Sausage,
}

dto! {
/// A geofence with its geometry.
pub struct ZoneShape {
    #[ts(type = "number")]
    pub id: i64,
    pub label: String,
    pub kind: ZoneKind,
    /// `#rrggbb`.
    pub color: Option<String>,
    /// Metres (circle and sausage).
    pub radius: Option<f64>,
    /// Circle centre.
    pub center: Option<LatLng>,
    /// Polygon ring or corridor line.
    pub points: Vec<LatLng>,
}
}

dto! {
/// A place (point of interest).
pub struct PlaceRow {
    #[ts(type = "number")]
    pub id: i64,
    pub label: String,
    pub lat: f64,
    pub lng: f64,
    /// Metres.
    pub radius: Option<f64>,
    pub address: String,
    pub description: Option<String>,
}
}

dto! {
/// `list_geo`'s reply.
pub struct GeoLayers {
    pub zones: Vec<ZoneShape>,
    pub places: Vec<PlaceRow>,
    /// Layers the server does not offer (it answered 111/112 for their endpoint): hidden with a
    /// note in the layers menu, never an error.
    pub not_offered: Vec<GeoLayer>,
}
}

/// The account-wide map layers `list_geo` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum GeoLayer {
    Zones,
    Places,
}

/// Export file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum ExportFormat {
    Gpx,
    Kml,
    Geojson,
    Csv,
}

dto! {
/// `export_track`'s arguments. They come as the request's headers (one each, named as the
/// fields), its body being the track's points as the page holds them, packed (raw bytes: a
/// million points are ~38 MB; the app keeps no copy of them).
pub struct ExportRequest {
    pub slot: Slot,
    pub format: ExportFormat,
    /// From `pick_export_target`.
    pub handle: String,
}
}

impl ExportRequest {
    /// The arguments in `headers`; a missing or unknown one is refused, naming it.
    pub fn from_headers(headers: &tauri::http::HeaderMap) -> Result<ExportRequest, AppError> {
        let field = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let value = serde_json::json!({
            "slot": field("slot"),
            "format": field("format"),
            "handle": field("handle"),
        });
        serde_json::from_value(value)
            .map_err(|e| AppError::invalid_input(format!("export_track's arguments: {e}")))
    }
}

dto! {
/// `export_track`'s reply.
pub struct ExportResult {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub points: u32,
}
}

dto! {
/// A file the user chose (in a dialog, or by dropping it on the window), as the web view knows
/// it: an opaque handle and the file's name to show. The path stays in Rust.
pub struct PickedFile {
    pub handle: String,
    pub name: String,
}
}

dto! {
/// `load_track`'s request: `objectId`'s track over `[from, to]` (or only `tripIds`, each read
/// over its own span), named `name` in exports and shown in `slot` (main when `null`).
pub struct LoadTrackRequest {
    #[ts(type = "number")]
    pub object_id: i64,
    pub from: String,
    pub to: String,
    /// Only these trips; `null` for the whole period.
    #[ts(type = "number[] | null")]
    pub trip_ids: Option<Vec<i64>>,
    pub name: Option<String>,
    pub slot: Option<Slot>,
}
}

dto! {
/// `load_track`'s reply. The points go over `onWindow` as they are read, packed (`docs/ipc.md`),
/// a window at a time in order (the last ones can come just after this reply): the track is
/// the last `windows` of them one after the other (`points` in all); these segments (trips) cut
/// it.
pub struct LoadedTrack {
    pub points: u32,
    pub windows: u32,
    /// Segment i starts at point `segmentStarts[i]` and runs to the next one's start (the last
    /// to `points`).
    pub segment_starts: Vec<u32>,
    /// Trip id per segment; `null` when none.
    #[ts(type = "(number | null)[]")]
    pub segment_ids: Vec<Option<i64>>,
}
}
