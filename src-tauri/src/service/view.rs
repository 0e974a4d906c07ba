//! The tracks shown in the two view slots (main and compare): showing one (packed for the map
//! and kept: a server track as the columns it was decoded into, a file as its `Track`), its
//! statistics and stops, a point's details, export to a file, and opening a local file (the
//! paths come from `service::files`, chosen by the user, never from the page). The figures and
//! formats come from `trackmate-tracks`; nothing is computed here.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};

use trackmate_tracks::stats::{self, Fixes, Stats, StatsOptions};
use trackmate_tracks::{ColumnTrack, Format, Point, Track, import, packed};

use crate::dto_insight::{
    ExportFormat, ExportResult, LeftOutRow, PointDetails, Slot, StopKind, StopRow, TrackSource,
    TrackSummary, TripStats,
};
use crate::error::{AppError, AppErrorKind};
use crate::lock::lock;

/// How a shown track is kept.
#[derive(Debug)]
pub enum Kept {
    /// A server track, as the columns its points were decoded into (~50 bytes a point; no
    /// `Point` is made unless an export asks for the whole track).
    Columns(Box<ColumnTrack>),
    /// A file's track as it was read.
    Track(Track),
}

impl Kept {
    /// The whole track as `Point`s: borrowed for a file, made for the moment from the columns
    /// of a server track.
    pub fn track(&self) -> Cow<'_, Track> {
        match self {
            Kept::Columns(c) => Cow::Owned(c.to_track()),
            Kept::Track(t) => Cow::Borrowed(t),
        }
    }

    fn pack(&self) -> Vec<u8> {
        match self {
            Kept::Columns(c) => c.pack(),
            Kept::Track(t) => packed::pack(t),
        }
    }

    fn len(&self) -> usize {
        match self {
            Kept::Columns(c) => c.len(),
            Kept::Track(t) => t.segments.iter().map(|s| s.points.len()).sum(),
        }
    }
}

/// A shown track and where it came from.
#[derive(Debug)]
pub struct View {
    pub track: Kept,
    pub source: TrackSource,
    /// The file's points had no times (they were given synthetic ones).
    pub timeless: bool,
    /// What the server sent for this track that could not be used (a quiet note on the track).
    pub left_out: Vec<LeftOutRow>,
}

impl View {
    /// A track read from the server, with the records its replies left out.
    pub fn from_server(track: ColumnTrack, left_out: &trackmate_api::LeftOut) -> View {
        View {
            track: Kept::Columns(Box::new(track)),
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
    let bytes = blocking(move || keep.track.pack()).await?;
    put(views, slot, Some(view));
    Ok(bytes)
}

/// Keeps `view` in `slot` without packing it: its points reached the page as they were read
/// (`load_track`'s windows).
pub fn keep(views: &Views, slot: Slot, view: View) {
    put(views, slot, Some(Arc::new(view)));
}

/// Empties `slot` (e.g. the comparison is closed).
pub fn clear(views: &Views, slot: Slot) {
    put(views, slot, None);
}

/// Puts `view` in `slot`, then hands what reading it and the view it replaced left freed back to
/// the system, on a thread of its own (after a million points' read the app process was 50–90 MB
/// smaller with it, BENCHMARKS.md; trimming takes milliseconds the reply need not wait for).
fn put(views: &Views, slot: Slot, view: Option<Arc<View>>) {
    views.set(slot, view);
    std::thread::spawn(trackmate_tracks::mem::release_freed);
}

fn shown(views: &Views, slot: Slot) -> Result<Arc<View>, AppError> {
    views.get(slot).ok_or_else(|| {
        AppError::invalid_input(match slot {
            Slot::Main => "No track is shown. Load a trip or open a file first.",
            Slot::Compare => "No track is shown for comparison.",
        })
    })
}

/// A trip's (or the whole's) figures, from its first to its last point's time.
type Ends = Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>;

fn trip_stats(s: &Stats, id: Option<i64>, name: Option<String>, ends: Ends) -> TripStats {
    TripStats {
        id,
        name,
        start: ends.map(|(a, _)| a.to_rfc3339()),
        end: ends.map(|(_, b)| b.to_rfc3339()),
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

/// Each trip's figures, the whole's and the stops of a track given as its trips' runs of points
/// (id, name, points): the same walk over a file's `Point`s and a server track's columns.
fn figures<F: Fixes + Copy>(
    trips: &[(Option<i64>, Option<String>, F)],
    opts: &StatsOptions,
) -> (Vec<TripStats>, TripStats, Vec<StopRow>) {
    let runs = || trips.iter().map(|t| t.2).filter(|r| !r.is_empty());
    let ends = |r: &F| Some((r.time(0), r.time(r.len() - 1)));
    let per_trip = trips
        .iter()
        .filter(|t| !t.2.is_empty())
        .map(|(id, name, r)| trip_stats(&stats::fixes_stats(r, opts), *id, name.clone(), ends(r)))
        .collect();
    // The whole runs from the first trip's first point to the last trip's last.
    let first = runs().next().and_then(|r| ends(&r));
    let last = runs().last().and_then(|r| ends(&r));
    let whole_ends = first.zip(last).map(|((a, _), (_, b))| (a, b));
    let whole = trip_stats(&stats::runs_stats(runs(), opts), None, None, whole_ends);
    let stops = stats::runs_stops(runs(), opts)
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
    (per_trip, whole, stops)
}

/// Statistics of the track in `slot`: each trip, the whole, and its stops and parkings.
pub async fn summary(views: &Views, slot: Slot) -> Result<TrackSummary, AppError> {
    let view = shown(views, slot)?;
    blocking(move || {
        let opts = StatsOptions::default();
        let (name, (trips, whole, stops)) = match &view.track {
            Kept::Columns(c) => {
                let runs: Vec<_> = (c.segments.iter().enumerate())
                    .map(|(i, g)| (g.id, g.name.clone(), c.run(i)))
                    .collect();
                (&c.name, figures(&runs, &opts))
            }
            Kept::Track(t) => {
                let runs: Vec<_> = (t.segments.iter())
                    .map(|g| (g.id, g.name.clone(), g.points.as_slice()))
                    .collect();
                (&t.name, figures(&runs, &opts))
            }
        };
        TrackSummary {
            slot,
            name: name.clone(),
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
    let missing = || AppError::invalid_input(format!("The shown track has no point {index}."));
    match &view.track {
        Kept::Columns(c) => {
            let i = index as usize;
            if i >= c.len() {
                return Err(missing());
            }
            let p = &c.points;
            Ok(PointDetails {
                address: p.address(i).map(str::to_owned),
                precision: Some(f64::from(p.precision[i])).filter(|v| !v.is_nan()),
                mileage: Some(p.mileage[i]).filter(|v| !v.is_nan()),
            })
        }
        Kept::Track(t) => {
            let p = point_at(t, index).ok_or_else(missing)?;
            Ok(PointDetails {
                address: p.address.clone(),
                precision: p.precision,
                mileage: p.mileage,
            })
        }
    }
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
        let track = view.track.track();
        let tracks = std::slice::from_ref(track.as_ref());
        trackmate_tracks::write_atomic(&target, |w| {
            trackmate_tracks::write(format.format(), tracks, w)
        })
        .map_err(|e| AppError::io(format!("{e}. Nothing was written.")))?;
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(ExportResult {
            path: target.to_string_lossy().into_owned(),
            bytes,
            points: u32::try_from(view.track.len()).unwrap_or(u32::MAX),
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
            track: Kept::Track(read.track),
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
