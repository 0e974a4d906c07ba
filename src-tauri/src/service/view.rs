//! The tracks shown in the two view slots (main and compare): showing one (packed for the map
//! and kept whole), its statistics and stops, a point's details, export to a file, and opening a
//! local file (the paths come from `service::files`, chosen by the user, never from the page). The figures and formats come from `trackmate-tracks`; nothing is computed here.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use trackmate_tracks::stats::{self, Stats, StatsOptions};
use trackmate_tracks::{Format, Point, Track, import, packed};

use crate::dto_insight::{
    ExportFormat, ExportResult, LeftOutRow, PointDetails, Slot, StopKind, StopRow, TrackSource,
    TrackSummary, TripStats,
};
use crate::error::{AppError, AppErrorKind};
use crate::lock::lock;

/// A shown track and where it came from.
#[derive(Debug)]
pub struct View {
    pub track: Track,
    pub source: TrackSource,
    /// The file's points had no times (they were given synthetic ones).
    pub timeless: bool,
    /// What the server sent for this track that could not be used (a quiet note on the track).
    pub left_out: Vec<LeftOutRow>,
}

impl View {
    /// A track read from the server, with the records its replies left out.
    pub fn from_server(track: Track, left_out: &trackmate_api::LeftOut) -> View {
        View {
            track,
            source: TrackSource::Server,
            timeless: false,
            left_out: left_out
                .iter()
                .map(|(item, reason, count)| LeftOutRow {
                    item: item.as_str().to_owned(),
                    reason: reason.as_str().to_owned(),
                    count: u32::try_from(count).unwrap_or(u32::MAX),
                })
                .collect(),
        }
    }
}

/// What each slot shows (`Slot` as index), kept whole so statistics, the inspector and exports
/// work from the same points the map draws (the web view only holds the packed columns).
#[derive(Debug, Default)]
pub struct Views(Mutex<[Option<Arc<View>>; 2]>);

impl Views {
    /// The track shown in `slot`.
    pub fn get(&self, slot: Slot) -> Option<Arc<View>> {
        lock(&self.0)[slot as usize].clone()
    }

    /// Shows `view` in `slot` (or empties it).
    pub(crate) fn set(&self, slot: Slot, view: Option<Arc<View>>) {
        lock(&self.0)[slot as usize] = view;
    }
}

/// Runs CPU work on a million points off the async workers that serve the other commands.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::io(format!("the track could not be processed: {e}")))
}

/// Shows `view` in `slot` and returns its packed points for the map.
pub async fn show(views: &Views, slot: Slot, view: View) -> Result<Vec<u8>, AppError> {
    let view = Arc::new(view);
    let keep = Arc::clone(&view);
    let bytes = blocking(move || packed::pack(&keep.track)).await?;
    views.set(slot, Some(view));
    Ok(bytes)
}

/// Empties `slot` (e.g. the comparison is closed).
pub fn clear(views: &Views, slot: Slot) {
    views.set(slot, None);
}

fn shown(views: &Views, slot: Slot) -> Result<Arc<View>, AppError> {
    views.get(slot).ok_or_else(|| {
        AppError::invalid_input(match slot {
            Slot::Main => "No track is shown. Load a trip or open a file first.",
            Slot::Compare => "No track is shown for comparison.",
        })
    })
}

fn trip_stats(s: &Stats, id: Option<i64>, name: Option<String>, points: &[&Point]) -> TripStats {
    TripStats {
        id,
        name,
        start: points.first().map(|p| p.time.to_rfc3339()),
        end: points.last().map(|p| p.time.to_rfc3339()),
        points: s.points as u32,
        distance_m: s.distance_m,
        duration_s: s.duration_s,
        moving_s: s.moving_s,
        stopped_s: s.stopped_s,
        max_speed_kmh: s.max_speed_kmh,
        avg_speed_kmh: s.avg_speed_kmh,
        avg_moving_speed_kmh: s.avg_moving_speed_kmh,
        stops: s.stops as u32,
    }
}

/// Statistics of the track in `slot`: each trip, the whole, and its stops and parkings.
pub async fn summary(views: &Views, slot: Slot) -> Result<TrackSummary, AppError> {
    let view = shown(views, slot)?;
    blocking(move || {
        let opts = StatsOptions::default();
        let track = &view.track;
        let trips = track
            .segments
            .iter()
            .filter(|s| !s.points.is_empty())
            .map(|seg| {
                let ends = [&seg.points[0], &seg.points[seg.points.len() - 1]];
                trip_stats(
                    &stats::segment_stats(seg, &opts),
                    seg.id,
                    seg.name.clone(),
                    &ends,
                )
            })
            .collect();
        let first = track.segments.iter().find_map(|s| s.points.first());
        let last = track.segments.iter().rev().find_map(|s| s.points.last());
        let ends: Vec<&Point> = first.into_iter().chain(last).collect();
        let whole = trip_stats(&stats::track_stats(track, &opts), None, None, &ends);
        let stops = stats::stops(track, &opts)
            .into_iter()
            .map(|s| StopRow {
                kind: match s.kind {
                    stats::StopKind::Stop => StopKind::Stop,
                    stats::StopKind::Parking => StopKind::Parking,
                },
                start: s.start.to_rfc3339(),
                end: s.end.to_rfc3339(),
                duration_s: s.duration_s,
                lat: s.lat,
                lng: s.lng,
                address: s.address,
                point_index: s.point_index as u32,
            })
            .collect();
        TrackSummary {
            slot,
            name: track.name.clone(),
            source: view.source,
            timeless: view.timeless,
            left_out: view.left_out.clone(),
            summary: whole,
            trips,
            stops,
        }
    })
    .await
}

/// The point at `index` of the packed points (segments in order).
fn point_at(track: &Track, index: u32) -> Option<&Point> {
    let mut i = index as usize;
    for seg in &track.segments {
        if i < seg.points.len() {
            return Some(&seg.points[i]);
        }
        i -= seg.points.len();
    }
    None
}

/// What the inspector shows beyond the packed columns.
pub fn point_details(views: &Views, slot: Slot, index: u32) -> Result<PointDetails, AppError> {
    let view = shown(views, slot)?;
    let p = point_at(&view.track, index)
        .ok_or_else(|| AppError::invalid_input(format!("The shown track has no point {index}.")))?;
    Ok(PointDetails {
        address: p.address.clone(),
        precision: p.precision,
        mileage: p.mileage,
    })
}

impl ExportFormat {
    fn format(self) -> Format {
        match self {
            ExportFormat::Gpx => Format::Gpx,
            ExportFormat::Kml => Format::Kml,
            ExportFormat::Geojson => Format::GeoJson,
            ExportFormat::Csv => Format::Csv,
        }
    }

    pub(crate) fn extensions(self) -> &'static [&'static str] {
        match self {
            ExportFormat::Gpx => &["gpx"],
            ExportFormat::Kml => &["kml"],
            ExportFormat::Geojson => &["geojson", "json"],
            ExportFormat::Csv => &["csv"],
        }
    }
}

/// The file to write: the chosen path, with the format's extension added when it has none. A
/// different extension is refused, so a slip in the dialog cannot overwrite an unrelated file.
pub(crate) fn export_path(p: &Path, format: ExportFormat) -> Result<PathBuf, AppError> {
    if p.as_os_str().to_string_lossy().trim().is_empty() || p.file_name().is_none() {
        return Err(AppError::invalid_input("Choose a file name to export to."));
    }
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let allowed = format.extensions();
    match ext {
        None => Ok(p.with_extension(allowed[0])),
        Some(e) if allowed.contains(&e.as_str()) => Ok(p.to_path_buf()),
        Some(e) => Err(AppError::invalid_input(format!(
            "A {} file should end in .{}, not .{e}. Nothing was written.",
            allowed[0].to_uppercase(),
            allowed[0]
        ))),
    }
}

/// Writes the track in `slot` to `target` (a file the user chose, with a checked extension)
/// atomically: an existing file is replaced only once the whole export succeeded, keeps its
/// permissions, and a symbolic link is written through, never replaced.
pub async fn export(
    views: &Views,
    slot: Slot,
    format: ExportFormat,
    target: PathBuf,
) -> Result<ExportResult, AppError> {
    let view = shown(views, slot)?;
    blocking(move || {
        let tracks = std::slice::from_ref(&view.track);
        trackmate_tracks::write_atomic(&target, |w| {
            trackmate_tracks::write(format.format(), tracks, w)
        })
        .map_err(|e| AppError::io(format!("{e}. Nothing was written.")))?;
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(ExportResult {
            path: target.to_string_lossy().into_owned(),
            bytes,
            points: view
                .track
                .segments
                .iter()
                .map(|s| s.points.len() as u32)
                .sum(),
        })
    })
    .await?
}

/// The longest import message the web view gets: the place and the start of a bad value say
/// what is wrong; more of the file's content would only echo it.
const IMPORT_MESSAGE_MAX: usize = 300;

fn import_error(e: &import::ImportError) -> AppError {
    let mut message = e.to_string();
    if let Some((cut, _)) = message.char_indices().nth(IMPORT_MESSAGE_MAX) {
        message.truncate(cut);
        message.push('…');
    }
    AppError::new(AppErrorKind::Import, message)
}

/// Reads a local GPX, KML, GeoJSON or CSV file (one the user chose) as a track.
pub async fn open_file(path: PathBuf) -> Result<View, AppError> {
    blocking(move || {
        let read = import::read_path(&path).map_err(|e| import_error(&e))?;
        Ok(View {
            timeless: read.timeless,
            track: read.track,
            source: TrackSource::File,
            left_out: Vec::new(),
        })
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_path_gets_the_formats_extension_or_is_refused() {
        assert_eq!(
            export_path(Path::new("/tmp/trip"), ExportFormat::Gpx).unwrap(),
            PathBuf::from("/tmp/trip.gpx")
        );
        assert_eq!(
            export_path(Path::new("/tmp/a.GeoJSON"), ExportFormat::Geojson).unwrap(),
            PathBuf::from("/tmp/a.GeoJSON")
        );
        let e = export_path(Path::new("/home/me/.bashrc.txt"), ExportFormat::Kml).unwrap_err();
        assert_eq!(e.kind, AppErrorKind::InvalidInput);
        assert!(e.message.contains(".kml, not .txt"), "{}", e.message);
        assert!(export_path(Path::new("  "), ExportFormat::Csv).is_err());
    }

    #[test]
    fn import_messages_are_cut_short() {
        let long = import::ImportError::Csv {
            line: 2,
            message: "x".repeat(10_000),
        };
        let e = import_error(&long);
        assert_eq!(e.kind, AppErrorKind::Import);
        assert_eq!(e.message.chars().count(), IMPORT_MESSAGE_MAX + 1);
        assert!(e.message.ends_with('…'));
    }
}
