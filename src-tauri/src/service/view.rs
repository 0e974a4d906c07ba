//! The tracks shown in the two view slots (main and compare): showing one (its points packed
//! for the page, which keeps the one copy of them), its statistics and stops (made once, as the
//! track is shown), a point's details, export to a file (the page sends its points back; the
//! app joins them with what it kept, `trackmate_tracks::kept`), and opening a local file (the
//! paths come from `service::files`, chosen by the user, never from the page). The figures and
//! formats come from `trackmate-tracks`; nothing is computed here.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use tokio::sync::watch;

use trackmate_tracks::kept::{JoinError, Rest};
use trackmate_tracks::stats::{self, Fixes, StatsOptions};
use trackmate_tracks::{ColumnTrack, Format, import};

use crate::dto_insight::{
    ExportFormat, ExportResult, LeftOutRow, PointDetails, Slot, StopKind, StopRow, TrackSource,
    TrackSummary, TripStats,
};
use crate::error::{AppError, AppErrorKind};
use crate::lock::lock;

/// A track to show, whole, as it was read.
#[derive(Debug)]
pub struct Shown {
    pub track: ColumnTrack,
    pub source: TrackSource,
    /// The file's points had no times (they were given synthetic ones).
    pub timeless: bool,
    /// What the server sent for this track that could not be used (a quiet note on the track).
    pub left_out: Vec<LeftOutRow>,
}

impl Shown {
    /// A track read from the server, with the records its replies left out.
    pub fn from_server(track: ColumnTrack, left_out: &trackmate_api::LeftOut) -> Shown {
        Shown {
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

/// Each trip's figures, the whole's, and the stops.
#[derive(Debug, Clone)]
struct Figures {
    trips: Vec<TripStats>,
    whole: TripStats,
    stops: Vec<StopRow>,
}

/// What is kept of a shown track once its points went to the page: its figures and what the
/// packed points do not carry.
#[derive(Debug)]
pub struct View {
    rest: Rest,
    figures: Figures,
    source: TrackSource,
    timeless: bool,
    left_out: Vec<LeftOutRow>,
}

impl View {
    /// The figures of `shown`, and its rest; its point columns are dropped (~50 bytes a point).
    fn new(shown: Shown) -> View {
        let figures = figures(&shown.track, &StatsOptions::default());
        View {
            rest: shown.track.into_rest(),
            figures,
            source: shown.source,
            timeless: shown.timeless,
            left_out: shown.left_out,
        }
    }
}

/// A slot's view: `None` until its figures are made.
type Ready = watch::Receiver<Option<Arc<View>>>;

/// What each slot shows (`Slot` as index).
#[derive(Debug, Default)]
pub struct Views(Mutex<[Option<Ready>; 2]>);

impl Views {
    /// The track shown in `slot`, once its figures are made.
    async fn get(&self, slot: Slot) -> Result<Option<Arc<View>>, AppError> {
        let Some(mut ready) = lock(&self.0)[slot as usize].clone() else {
            return Ok(None);
        };
        let view = ready
            .wait_for(Option::is_some)
            .await
            .map_err(|_| AppError::io("the track's statistics could not be made"))?;
        Ok(view.clone())
    }

    /// Shows what `ready` will hold in `slot` (or empties it).
    pub(crate) fn set(&self, slot: Slot, ready: Option<Ready>) {
        lock(&self.0)[slot as usize] = ready;
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

/// Shows `shown` in `slot` and returns its packed points for the page.
pub async fn show(views: &Views, slot: Slot, shown: Shown) -> Result<Vec<u8>, AppError> {
    let (bytes, shown) = blocking(move || (shown.track.pack(), shown)).await?;
    keep(views, slot, shown);
    Ok(bytes)
}

/// Shows `shown` in `slot` whose points already reached the page (`load_track`'s windows): its
/// figures are made on a thread of their own — a request for them waits — and then only they
/// and the track's rest are kept; the freed columns go back to the system (after a million
/// points' read the app process was 50–90 MB smaller for it, BENCHMARKS.md).
pub fn keep(views: &Views, slot: Slot, shown: Shown) {
    let (made, ready) = watch::channel(None);
    views.set(slot, Some(ready));
    tokio::task::spawn_blocking(move || {
        let view = View::new(shown);
        let _ = made.send(Some(Arc::new(view)));
        trackmate_tracks::mem::release_freed();
    });
}

/// Empties `slot` (e.g. the comparison is closed).
pub fn clear(views: &Views, slot: Slot) {
    views.set(slot, None);
}

async fn shown(views: &Views, slot: Slot) -> Result<Arc<View>, AppError> {
    views.get(slot).await?.ok_or_else(|| {
        AppError::invalid_input(match slot {
            Slot::Main => "No track is shown. Load a trip or open a file first.",
            Slot::Compare => "No track is shown for comparison.",
        })
    })
}

/// A trip's (or the whole's) figures, from its first to its last point's time.
type Ends = Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>;

fn trip_stats(s: &stats::Stats, id: Option<i64>, name: Option<String>, ends: Ends) -> TripStats {
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

/// Each trip's figures, the whole's and the stops of `track`.
fn figures(track: &ColumnTrack, opts: &StatsOptions) -> Figures {
    let runs = || track.runs().filter(|r| !r.is_empty());
    let ends = |r: &trackmate_tracks::ColumnRun| Some((r.time(0), r.time(r.len() - 1)));
    let trips = (track.segments.iter().zip(track.runs()))
        .filter(|(_, r)| !r.is_empty())
        .map(|(g, r)| {
            trip_stats(
                &stats::fixes_stats(&r, opts),
                g.id,
                g.name.clone(),
                ends(&r),
            )
        })
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
    Figures {
        trips,
        whole,
        stops,
    }
}

/// Statistics of the track in `slot`: each trip, the whole, and its stops and parkings.
pub async fn summary(views: &Views, slot: Slot) -> Result<TrackSummary, AppError> {
    let view = shown(views, slot).await?;
    let f = view.figures.clone();
    Ok(TrackSummary {
        slot,
        name: view.rest.name.clone(),
        source: view.source,
        timeless: view.timeless,
        left_out: view.left_out.clone(),
        summary: f.whole,
        trips: f.trips,
        stops: f.stops,
    })
}

/// What the inspector shows beyond the packed columns.
pub async fn point_details(
    views: &Views,
    slot: Slot,
    index: u32,
) -> Result<PointDetails, AppError> {
    let view = shown(views, slot).await?;
    let i = index as usize;
    if i >= view.rest.len() {
        return Err(AppError::invalid_input(format!(
            "The shown track has no point {index}."
        )));
    }
    Ok(PointDetails {
        address: view.rest.address(i).map(str::to_owned),
        precision: view.rest.precision(i),
        mileage: view.rest.mileage(i),
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
/// permissions, and a symbolic link is written through, never replaced. `packed` is the
/// track's points as the page holds them, joined here with what the app kept.
pub async fn export(
    views: &Views,
    slot: Slot,
    format: ExportFormat,
    target: PathBuf,
    packed: &[u8],
) -> Result<ExportResult, AppError> {
    let view = shown(views, slot).await?;
    let track = view.rest.join(packed).map_err(|e| mismatch(&e))?;
    blocking(move || {
        let points = u32::try_from(track.len()).unwrap_or(u32::MAX);
        let track = track.to_track();
        let tracks = std::slice::from_ref(&track);
        trackmate_tracks::write_atomic(&target, |w| {
            trackmate_tracks::write(format.format(), tracks, w)
        })
        .map_err(|e| AppError::io(format!("{e}. Nothing was written.")))?;
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        Ok(ExportResult {
            path: target.to_string_lossy().into_owned(),
            bytes,
            points,
        })
    })
    .await?
}

/// The page's points are not those of the track the app keeps for the slot (a slip in the page).
fn mismatch(e: &JoinError) -> AppError {
    AppError::invalid_input(format!(
        "The track on the map is not the one the app read ({e}). Show it again, then export. \
         Nothing was written."
    ))
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

/// Reads a local GPX, KML, GeoJSON or CSV file (one the user chose) as a track to show.
pub async fn open_file(path: PathBuf) -> Result<Shown, AppError> {
    blocking(move || {
        let read = import::read_path(&path).map_err(|e| import_error(&e))?;
        Ok(Shown {
            timeless: read.timeless,
            track: ColumnTrack::from(&read.track),
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
