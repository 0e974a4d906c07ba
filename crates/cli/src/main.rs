//! `trackmate`: Trackmate's features headless — sign in, list objects and trips, export tracks,
//! their statistics, convert track files, run the demo server — for scripts and for people who
//! live in a terminal; and `trackmate view`, the native quick viewer's window.

// First, so that its print macros replace std's in every module after it (see out.rs).
#[macro_use]
mod out;

mod cmd;
mod fail;
mod resolve;
mod session;
mod table;
mod timearg;

use clap::{Parser, Subcommand};
use fail::Fail;
use session::Conn;

#[derive(Debug, Parser)]
#[command(
    name = "trackmate",
    version,
    about = "Trackmate: GPS tracks from iTrack / Navixy-compatible servers"
)]
struct Cli {
    #[command(flatten)]
    conn: Conn,
    /// Machine-readable JSON instead of tables
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign in and keep the session in the OS keyring (password from a prompt or TRACKMATE_PASSWORD)
    Login(cmd::login::LoginArgs),
    /// Sign out and forget the stored session
    Logout,
    /// List objects with their status
    Objects,
    /// List the trips of an object in a period
    Trips {
        /// Object id or name
        object: String,
        #[command(flatten)]
        period: cmd::Period,
    },
    /// Write the points of a period or a trip as GPX, KML, GeoJSON, CSV or JSON
    Track(cmd::track::TrackArgs),
    /// Trips, distance, times, speeds and stops of a period, a trip or local track files
    Stats(cmd::stats::StatsArgs),
    /// Convert a track file (GPX, KML, GeoJSON, CSV, JSON) to another format
    Convert(cmd::convert::ConvertArgs),
    /// Run the built-in demo server and print its address and credentials
    Demo(cmd::demo::DemoArgs),
    /// Show tracks in a native map window: files, a server object's period, or --demo
    View(cmd::view::ViewArgs),
    /// Print each change of the objects' live states as it happens (WebSocket, or polling)
    Watch(cmd::watch::WatchArgs),
    /// Print the objects' events (the last day's, or --unread), and with --follow new ones
    Events(cmd::events::EventsArgs),
}

async fn run(cli: Cli) -> Result<(), Fail> {
    match &cli.command {
        Command::Login(a) => cmd::login::login(&cli.conn, a).await,
        Command::Logout => cmd::login::logout(&cli.conn).await,
        Command::Objects => cmd::objects::run(&cli.conn, cli.json).await,
        Command::Trips { object, period } => {
            cmd::trips::run(&cli.conn, object, period, cli.json).await
        }
        Command::Track(a) => cmd::track::run(&cli.conn, a).await,
        Command::Stats(a) => cmd::stats::run(&cli.conn, a, cli.json).await,
        Command::Convert(a) => cmd::convert::run(a),
        Command::Demo(a) => cmd::demo::run(a).await,
        Command::Watch(a) => cmd::watch::run(&cli.conn, a, cli.json).await,
        Command::Events(a) => cmd::events::run(&cli.conn, a, cli.json).await,
        Command::View(_) => unreachable!("`view` opens its window on the main thread"),
    }
}

fn main() {
    tracing_subscriber::fmt()
        // As asked, except the WebSocket's frame loggers: their `trace` lines hold the hash.
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            trackmate_api::live::quiet_frames(&std::env::var("TRACKMATE_LOG").unwrap_or_default()),
        ))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let result = match &cli.command {
        // The window must run on the main thread, outside the runtime: fetch, then show.
        Command::View(a) => rt
            .block_on(cmd::view::prepare(&cli.conn, a))
            .and_then(|options| {
                trackmate_viewer::run(options).map_err(|e| fail::Fail::Other(e.to_string()))
            }),
        _ => rt.block_on(run(cli)),
    };
    match result {
        Ok(()) => {}
        // The reader left on purpose; an error message would only be noise.
        Err(Fail::OutputClosed) => std::process::exit(out::CLOSED),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    }
}
