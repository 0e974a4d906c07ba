//! `trackmate track OBJECT --from T --to T [--trip ID] [--format F] [-o FILE]`: the points of a
//! period or one trip, written as GPX, KML, GeoJSON, CSV or JSON.

use super::{Period, Target};
use crate::fail::{Fail, Res};
use crate::session::Conn;
use std::io::Write;
use std::path::PathBuf;
use trackmate_api::{Item, ReadControl};
use trackmate_tracks::load::{self, LoadError, LoadRequest, TripSpan};
use trackmate_tracks::{Format, Track, write, write_atomic};

#[derive(Debug, clap::Args)]
pub struct TrackArgs {
    /// Object id or name
    pub object: String,
    #[command(flatten)]
    pub period: Period,
    /// Only this trip (an id from `trackmate trips`)
    #[arg(long)]
    pub trip: Option<i64>,
    /// Output format: gpx, kml, geojson, csv or json [default: from the -o extension, else json]
    #[arg(long)]
    pub format: Option<String>,
    /// Write to this file (atomically: nothing half-written is left on failure) instead of stdout
    #[arg(short = 'o', long)]
    pub output: Option<PathBuf>,
}

fn pick_format(args: &TrackArgs) -> Res<Format> {
    if let Some(f) = &args.format {
        return f
            .parse::<Format>()
            .map_err(|e| Fail::Usage(format!("--format: {e}")));
    }
    let ext = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str());
    Ok(ext
        .and_then(|e| e.parse::<Format>().ok())
        .unwrap_or(Format::Json))
}

/// A period's (or one trip's) points from the server, as a track with a segment per trip.
pub struct Loaded {
    pub track: Track,
    /// The object's name.
    pub label: String,
    pub points: usize,
}

/// Fetches the track of `object` over `period` (only `trip` when given) through the one
/// server-track loader. Fails when there are no points, so no command writes or summarises
/// an empty track.
pub async fn load(conn: &Conn, object: &str, period: &Period, trip: Option<i64>) -> Res<Loaded> {
    let Target {
        client,
        tracker,
        from,
        to,
    } = Target::open(conn, object, period).await?;
    let tracker = &tracker;
    let trips = trip.map(|id| [id]);
    let req = LoadRequest {
        tracker_id: tracker.id,
        name: &tracker.label,
        from,
        to,
        trips: trips.as_ref().map(|t| t.as_slice()),
        // An export holds what the period holds, also of a trip that crosses its edge.
        trip_span: TripSpan::Period,
    };
    let plan = load::plan(&client, &req).await.map_err(failed)?;
    if let Some(id) = plan.missing().first() {
        return Err(Fail::Usage(format!(
            "{} has no trip {id} between {from} and {to}. `trackmate trips` lists them.",
            tracker.label
        )));
    }
    let loaded = plan
        .read(&client, &ReadControl::default())
        .await
        .map_err(failed)?;
    if loaded.limit_exceeded {
        eprintln!(
            "note: the server keeps data for a limited time; older points of this period are not available."
        );
    }
    super::note_left_out(&loaded.trips_left_out, Item::Trip, loaded.trips_listed);
    super::note_left_out(&loaded.points_left_out, Item::Point, loaded.points);
    if loaded.points == 0 {
        return Err(Fail::Other(format!(
            "{} has no points in this period.",
            tracker.label
        )));
    }
    Ok(Loaded {
        track: loaded.track,
        label: tracker.label.clone(),
        points: loaded.points,
    })
}

/// A loader failure as the CLI reports it (no load here is ever cancelled).
fn failed(e: LoadError) -> Fail {
    match e {
        LoadError::Api(e) => e.into(),
        e => Fail::Other(e.to_string()),
    }
}

pub async fn run(conn: &Conn, args: &TrackArgs) -> Res<()> {
    let format = pick_format(args)?;
    let Loaded {
        track,
        label,
        points,
    } = load(conn, &args.object, &args.period, args.trip).await?;
    match &args.output {
        Some(path) => {
            write_atomic(path, |w| write(format, std::slice::from_ref(&track), w))?;
            eprintln!(
                "Wrote {} points in {} segment(s) of {} to {} ({}).",
                points,
                track.segments.len(),
                label,
                path.display(),
                format.extension()
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(format, std::slice::from_ref(&track), &mut lock)?;
            lock.flush().map_err(|e| Fail::Other(e.to_string()))?;
        }
    }
    Ok(())
}
