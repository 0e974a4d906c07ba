//! `trackmate stats OBJECT --from T [--to T] [--trip ID]` or `trackmate stats --file PATH...`:
//! the trips of a period (or of local track files) with their distance, times, speeds and
//! stops, and the period's totals; `--json` for scripts. Figures come from trackmate-tracks,
//! the same as the app shows.

use std::path::PathBuf;

use serde::Serialize;
use trackmate_tracks::{
    ImportOptions, Imported, Segment, Stats, StatsOptions, Stop, StopKind, Track, read_path_with,
    segment_stats, stops, track_stats,
};

use super::{Period, duration, print_json};
use crate::fail::{self, Fail, Res};
use crate::session::Conn;
use crate::table::Table;

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Object id or name, with --from (and --to, --trip) as for `trackmate track`
    #[arg(conflicts_with = "file")]
    pub object: Option<String>,
    /// Start: YYYY-MM-DD, "YYYY-MM-DD HH:MM:SS" or ISO 8601 (user's time zone unless it has an offset)
    #[arg(long, conflicts_with = "file")]
    pub from: Option<String>,
    /// End, same forms; a bare date means the end of that day [default: now]
    #[arg(long, conflicts_with = "file")]
    pub to: Option<String>,
    /// Only this trip (an id from `trackmate trips`)
    #[arg(long, conflicts_with = "file")]
    pub trip: Option<i64>,
    /// Local track files (GPX, KML, GeoJSON, CSV, JSON) instead of the server; their trips are
    /// taken together as one period
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub file: Vec<PathBuf>,
    #[command(flatten)]
    pub limit: super::FileLimit,
    /// Also list the stops and parkings
    #[arg(long)]
    pub stops: bool,
}

/// One trip's row in `--json`.
#[derive(Serialize)]
struct Trip<'a> {
    number: usize,
    id: Option<i64>,
    name: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    #[serde(flatten)]
    stats: Stats,
}

#[derive(Serialize)]
struct Report<'a> {
    name: &'a str,
    /// The times are synthetic (files without times): only distances mean something.
    timeless: bool,
    summary: Stats,
    trips: Vec<Trip<'a>>,
    stops: Vec<Stop>,
}

pub async fn run(conn: &Conn, args: &StatsArgs, json: bool) -> Res<()> {
    let (track, timeless) = if args.file.is_empty() {
        let Some(object) = &args.object else {
            return Err(Fail::Usage(
                "Give an object and --from (like `trackmate track`), or --file PATH...".into(),
            ));
        };
        let Some(from) = args.from.clone() else {
            return Err(Fail::Usage(format!(
                "--from is required with an object: trackmate stats {object} --from YYYY-MM-DD"
            )));
        };
        let period = Period {
            from,
            to: args.to.clone(),
        };
        let loaded = super::track::load(conn, object, &period, args.trip).await?;
        (loaded.track, false)
    } else {
        read_files(&args.file, &args.limit.options())?
    };
    if timeless {
        eprintln!(
            "note: the file has no times; durations, speeds and stops below are not meaningful, distances are."
        );
    }
    let opts = StatsOptions::default();
    let trips: Vec<Trip> = track
        .segments
        .iter()
        .filter(|s| !s.points.is_empty())
        .enumerate()
        .map(|(i, seg)| trip(i + 1, seg, &opts))
        .collect();
    let report = Report {
        name: &track.name,
        timeless,
        summary: track_stats(&track, &opts),
        trips,
        stops: stops(&track, &opts),
    };
    if json {
        return print_json(&report);
    }
    print!("{}", render(&report, args.stops));
    Ok(())
}

/// The files' tracks as one period: their trips in time order (in the given order when a file
/// has no times). The name is the file's, or "N files".
fn read_files(paths: &[PathBuf], import: &ImportOptions) -> Res<(Track, bool)> {
    let mut read: Vec<Imported> = Vec::new();
    for p in paths {
        read.push(read_path_with(p, import).map_err(|e| fail::import(p, e))?);
    }
    let timeless = read.iter().any(|r| r.timeless);
    let name = match read.as_slice() {
        [one] => one.track.name.clone(),
        many => format!("{} files", many.len()),
    };
    let mut segments: Vec<Segment> = read.into_iter().flat_map(|r| r.track.segments).collect();
    if !timeless {
        segments.sort_by_key(|s| s.points.first().map(|p| p.time));
    }
    Ok((Track { name, segments }, timeless))
}

fn trip<'a>(number: usize, seg: &'a Segment, opts: &StatsOptions) -> Trip<'a> {
    Trip {
        number,
        id: seg.id,
        name: seg.name.as_deref(),
        start: seg.points.first().map(|p| p.time.to_rfc3339()),
        end: seg.points.last().map(|p| p.time.to_rfc3339()),
        stats: segment_stats(seg, opts),
    }
}

fn km(m: f64) -> String {
    format!("{:.1}", m / 1000.0)
}

fn secs(s: f64) -> String {
    duration(s.round() as i64)
}

/// `2024-05-01 08:30` from an RFC 3339 time, as the trips table shows times.
fn short(t: &Option<String>) -> String {
    t.as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn render(r: &Report, with_stops: bool) -> String {
    let mut table = Table::new(&[
        ("#", true),
        ("ID", true),
        ("START", false),
        ("END", false),
        ("DURATION", true),
        ("KM", true),
        ("MOVING", true),
        ("STOPPED", true),
        ("MAX", true),
        ("AVG", true),
        ("STOPS", true),
    ]);
    for t in &r.trips {
        let s = &t.stats;
        table.row(vec![
            t.number.to_string(),
            t.id.map(|i| i.to_string()).unwrap_or_default(),
            short(&t.start),
            short(&t.end),
            secs(s.duration_s),
            km(s.distance_m),
            secs(s.moving_s),
            secs(s.stopped_s),
            format!("{:.0}", s.max_speed_kmh),
            format!("{:.0}", s.avg_speed_kmh),
            s.stops.to_string(),
        ]);
    }
    let s = &r.summary;
    let mut out = table.render();
    out.push_str(&format!(
        "\n{name}: {trips} trip(s), {points} points\n\
         distance   {km} km\n\
         duration   {dur}\n\
         moving     {mov}\n\
         stopped    {stop}\n\
         max speed  {max:.1} km/h\n\
         avg speed  {avg:.1} km/h ({avgm:.1} km/h while moving)\n\
         stops      {stops}\n",
        name = r.name,
        trips = r.trips.len(),
        points = s.points,
        km = km(s.distance_m),
        dur = secs(s.duration_s),
        mov = secs(s.moving_s),
        stop = secs(s.stopped_s),
        max = s.max_speed_kmh,
        avg = s.avg_speed_kmh,
        avgm = s.avg_moving_speed_kmh,
        stops = s.stops,
    ));
    if with_stops && !r.stops.is_empty() {
        let mut t = Table::new(&[
            ("KIND", false),
            ("START", false),
            ("DURATION", true),
            ("LAT", true),
            ("LNG", true),
            ("ADDRESS", false),
        ]);
        for st in &r.stops {
            t.row(vec![
                match st.kind {
                    StopKind::Stop => "stop".into(),
                    StopKind::Parking => "parking".into(),
                },
                st.start.format("%Y-%m-%d %H:%M").to_string(),
                secs(st.duration_s),
                format!("{:.5}", st.lat),
                format!("{:.5}", st.lng),
                st.address.clone().unwrap_or_default(),
            ]);
        }
        out.push('\n');
        out.push_str(&t.render());
    }
    out
}
