//! `trackmate view`: the native quick viewer (`trackmate-viewer`) on track files
//! (`trackmate view FILE...`), on a server track (`trackmate view OBJECT --from T [--to T]
//! [--trip ID]`, with the CLI's session) or on the built-in demo (`trackmate view --demo`).
//!
//! Server tracks are fetched here, before the window opens; files are opened by the viewer.

use super::Period;
use super::track::load;
use crate::fail::{Fail, Res};
use crate::session::Conn;
use chrono::Duration;
use std::path::{Path, PathBuf};
use trackmate_sim::{SimConfig, SimServer};
use trackmate_tiles::{SourceSpec, TileSource};
use trackmate_viewer::{MapChoice, Notice, Options, Renderer, SpeedUnit};

#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// Track files (GPX, KML, GeoJSON, CSV), or one object (id or name) with --from
    pub targets: Vec<String>,
    /// Start of the server period: YYYY-MM-DD, "YYYY-MM-DD HH:MM:SS" or ISO 8601
    #[arg(long)]
    pub from: Option<String>,
    /// End of the server period, same forms [default: now]
    #[arg(long)]
    pub to: Option<String>,
    /// Only this trip (an id from `trackmate trips`)
    #[arg(long)]
    pub trip: Option<i64>,
    /// The built-in demo: a demo vehicle's day, no account and no internet
    #[arg(long)]
    pub demo: bool,
    /// Map under the tracks: osm, opentopomap, offline (the demo area's built-in basemap), none,
    /// or an XYZ URL template with {z}/{x}/{y} [default: osm; offline with --demo]
    #[arg(long)]
    pub map: Option<String>,
    /// Speed unit: kmh, mph or kn
    #[arg(long, default_value = "kmh")]
    pub units: String,
    /// What paints the window: auto (the CPU; wgpu for the offline basemap), cpu, or gl
    /// (OpenGL; worth it on large screens with a real GPU)
    #[arg(long, default_value = "auto")]
    pub renderer: String,
    #[command(flatten)]
    pub limit: super::FileLimit,
}

/// The painter for `--renderer`.
pub fn renderer_choice(arg: &str) -> Res<Renderer> {
    match arg.trim() {
        "auto" => Ok(Renderer::Auto),
        "cpu" | "software" => Ok(Renderer::Software),
        "gl" | "opengl" | "gpu" => Ok(Renderer::OpenGl),
        other => Err(Fail::Usage(format!(
            "--renderer: {other:?} is not one of auto, cpu, gl."
        ))),
    }
}

/// Extensions read as track files (the importer's).
const TRACK_EXTENSIONS: [&str; 5] = ["gpx", "kml", "geojson", "json", "csv"];

fn looks_like_file(arg: &str) -> bool {
    let p = Path::new(arg);
    p.exists()
        || p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TRACK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The map for `--map`.
pub fn map_choice(arg: Option<&str>, demo: bool) -> Res<MapChoice> {
    Ok(match arg.map(str::trim) {
        None if demo => MapChoice::Offline,
        Some("offline") => MapChoice::Offline,
        None | Some("osm") | Some("openstreetmap") => {
            MapChoice::Online(TileSource::openstreetmap())
        }
        Some("opentopomap") | Some("otm") => MapChoice::Online(TileSource::opentopomap()),
        Some("none") => MapChoice::Plain(Notice::Asked),
        Some(url) => MapChoice::Online(
            TileSource::new(SourceSpec::xyz("custom", "Custom map", url))
                .map_err(|e| Fail::Usage(format!("--map: {e}")))?,
        ),
    })
}

/// What the window will show, fetched and checked; errors end the command before a window
/// opens.
pub async fn prepare(conn: &Conn, args: &ViewArgs) -> Res<Options> {
    let unit: SpeedUnit = args
        .units
        .parse()
        .map_err(|e: String| Fail::Usage(format!("--units: {e}")))?;
    let map = map_choice(args.map.as_deref(), args.demo)?;
    let renderer = renderer_choice(&args.renderer)?;
    let base = |title: String| Options {
        files: Vec::new(),
        import: args.limit.options(),
        tracks: Vec::new(),
        unit,
        map: map.clone(),
        title,
        renderer,
    };

    if args.demo {
        return demo(args, base("Trackmate — demo".into())).await;
    }
    if args.targets.is_empty() {
        return Err(Fail::Usage(
            "Name track files, or an object with --from, or use --demo. `trackmate view --help` shows how.".into(),
        ));
    }
    let files: Vec<&String> = args.targets.iter().filter(|t| looks_like_file(t)).collect();
    if files.len() == args.targets.len() {
        if args.from.is_some() || args.to.is_some() || args.trip.is_some() {
            return Err(Fail::Usage(
                "--from, --to and --trip are for a server object, not for files.".into(),
            ));
        }
        let title = match files.as_slice() {
            [one] => format!("{one} — Trackmate"),
            many => format!("{} files — Trackmate", many.len()),
        };
        return Ok(Options {
            files: files.into_iter().map(PathBuf::from).collect(),
            ..base(title)
        });
    }
    let [object] = args.targets.as_slice() else {
        return Err(Fail::Usage(format!(
            "Either track files or one object: {:?} is neither a file nor the only argument.",
            args.targets
                .iter()
                .find(|t| !looks_like_file(t))
                .expect("one is not a file")
        )));
    };
    let Some(from) = &args.from else {
        return Err(Fail::Usage(format!(
            "{object:?} is not a file; to show a server object's track give the period: --from T [--to T]."
        )));
    };
    let period = Period {
        from: from.clone(),
        to: args.to.clone(),
    };
    let loaded = load(conn, object, &period, args.trip).await?;
    eprintln!("{} points of {}.", loaded.points, loaded.label);
    Ok(Options {
        tracks: vec![(loaded.track, "server".into())],
        ..base(format!("{} — Trackmate", loaded.label))
    })
}

/// The demo: the emulator on loopback, signed in as the demo user, a demo vehicle's whole
/// day yesterday (the object and period may be given); the emulator stops once it is loaded.
async fn demo(args: &ViewArgs, base: Options) -> Res<Options> {
    let sim = SimServer::start(SimConfig::default())
        .await
        .map_err(|e| Fail::Other(format!("The demo server could not start: {e}")))?;
    let client = trackmate_api::Client::builder(&sim.url())
        .user_agent_suffix("cli")
        .build()?;
    let info = sim.demo();
    client
        .user()
        .auth(&info.login, &info.password, None)
        .await?;
    client.user().load_profile().await?;
    let conn = Conn {
        server: Some(sim.url()),
        hash: client.session_hash(),
        ca_file: None,
    };
    let object = args.targets.first().map_or("Van 01", String::as_str);
    let yesterday = (client.now().date_naive() - Duration::days(1)).to_string();
    let period = Period {
        from: args.from.clone().unwrap_or_else(|| yesterday.clone()),
        to: args
            .to
            .clone()
            .or_else(|| args.from.is_none().then_some(yesterday)),
    };
    let loaded = load(&conn, object, &period, args.trip).await;
    sim.shutdown().await;
    let loaded = loaded?;
    eprintln!(
        "Demo: {} points of {} ({}).",
        loaded.points, loaded.label, period.from
    );
    Ok(Options {
        tracks: vec![(loaded.track, "demo server".into())],
        title: format!("{} — Trackmate demo", loaded.label),
        ..base
    })
}
