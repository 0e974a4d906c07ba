//! The CLI's commands, one module each.

pub mod convert;
pub mod demo;
pub mod events;
pub mod login;
pub mod objects;
pub mod stats;
pub mod track;
pub mod trips;
pub mod view;
pub mod watch;

use crate::fail::{Fail, Res};
use crate::timearg::{End, parse};
use trackmate_api::{Client, Time};

/// Period flags shared by `trips` and `track`.
#[derive(Debug, Clone, clap::Args)]
pub struct Period {
    /// Start: YYYY-MM-DD, "YYYY-MM-DD HH:MM:SS" or ISO 8601 (user's time zone unless it has an offset)
    #[arg(long)]
    pub from: String,
    /// End, same forms; a bare date means the end of that day [default: now]
    #[arg(long)]
    pub to: Option<String>,
}

impl Period {
    pub fn resolve(&self, client: &Client) -> Res<(Time, Time)> {
        let tz = client.time_zone();
        let from =
            parse(&self.from, tz, End::Start).map_err(|e| Fail::Usage(format!("--from: {e}")))?;
        let to = match &self.to {
            Some(t) => parse(t, tz, End::Finish).map_err(|e| Fail::Usage(format!("--to: {e}")))?,
            None => client.now(),
        };
        if to <= from {
            return Err(Fail::Usage(format!(
                "--to ({to}) must be after --from ({from})."
            )));
        }
        Ok((from, to))
    }
}

/// What the object commands (`trips`, `track`, `stats`, `view`) start from: the signed-in
/// client, the object the user named, and the period in the user's time zone.
pub struct Target {
    pub client: Client,
    pub tracker: trackmate_api::Tracker,
    pub from: Time,
    pub to: Time,
}

impl Target {
    /// Signs in, finds `object` by id or name, and resolves the period's flags.
    pub async fn open(conn: &crate::session::Conn, object: &str, period: &Period) -> Res<Target> {
        let client = crate::session::connect(conn).await?;
        let trackers = client.trackers().list().await?;
        let tracker = crate::resolve::object(&trackers, object)?.clone();
        let (from, to) = period.resolve(&client)?;
        Ok(Target {
            client,
            tracker,
            from,
            to,
        })
    }
}

/// `--max-file-size` for the commands that read track files (`stats --file`, `convert`,
/// `view`): the importer refuses bigger files before reading them.
#[derive(Debug, Clone, clap::Args)]
pub struct FileLimit {
    /// Refuse track files larger than this, before reading them: bytes, or a number with
    /// KB, MB, GB (e.g. 500MB, 8GB) [default: 2GB]
    #[arg(
        long,
        env = "TRACKMATE_MAX_FILE_SIZE",
        value_name = "SIZE",
        value_parser = size_arg
    )]
    pub max_file_size: Option<u64>,
}

impl FileLimit {
    /// The importer's options for these flags.
    pub fn options(&self) -> trackmate_tracks::ImportOptions {
        let mut options = trackmate_tracks::ImportOptions::default();
        if let Some(max) = self.max_file_size {
            options.max_file_size = max;
        }
        options
    }
}

fn size_arg(text: &str) -> Result<u64, String> {
    trackmate_tracks::import::parse_size(text)
}

/// Prints a value as pretty JSON (for `--json`).
pub fn print_json<T: serde::Serialize>(v: &T) -> Res<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Fail::Other(e.to_string()))?;
    println!("{s}");
    Ok(())
}

/// Says on stderr which records the server sent that could not be used (the command still
/// succeeds with the rest).
pub fn note_left_out(left: &trackmate_api::LeftOut, item: trackmate_api::Item, kept: usize) {
    if let Some(s) = left.sentence(item, kept) {
        eprintln!("note: {s}.");
    }
}

/// `2024-05-01 08:30` in the user's zone, for tables.
pub fn short_time(t: &Time) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A duration for tables: `45 min`, `2h05`.
pub fn duration(secs: i64) -> String {
    let m = secs.max(0) / 60;
    if m >= 60 {
        format!("{}h{:02}", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}
