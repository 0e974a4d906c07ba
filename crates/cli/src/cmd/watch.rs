//! `trackmate watch [OBJECT...]`: one line per change of an object's live state, from the
//! server's WebSocket (or polling where it cannot be had), until interrupted. With `--json`,
//! one JSON object a line: `tracker_id`, `label`, `lat`, `lng`, `speed`, `heading`,
//! `movement_status`, `connection_status`, `status`, `time` (ISO 8601 with its offset). The
//! connection's mode goes to stderr, so stdout stays the changes alone.

use std::collections::HashMap;

use serde::Serialize;
use trackmate_api::live::{LiveEvent, LiveMode, LiveOptions};
use trackmate_api::{Item, TrackerState};

use crate::fail::{Fail, Res};
use crate::session::{Conn, connect};

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Objects to watch, by id or name [default: all]
    pub objects: Vec<String>,
    /// Changes at most this often per object, in seconds (the server's `rate_limit`)
    #[arg(long, default_value_t = 1)]
    pub every: u64,
}

#[derive(Serialize)]
struct Line<'a> {
    tracker_id: i64,
    label: &'a str,
    lat: Option<f64>,
    lng: Option<f64>,
    speed: Option<i64>,
    heading: Option<i64>,
    movement_status: Option<trackmate_api::MovementStatus>,
    connection_status: Option<trackmate_api::ConnectionStatus>,
    status: &'static str,
    /// The last update (or, without one, the fix), RFC 3339 with the user's offset.
    time: Option<String>,
}

pub async fn run(conn: &Conn, args: &WatchArgs, json: bool) -> Res<()> {
    let client = connect(conn).await?;
    let trackers = client.trackers().list().await?;
    let labels: HashMap<i64, &str> = trackers.iter().map(|t| (t.id, t.label.as_str())).collect();
    let wanted = match args.objects.is_empty() {
        true => None,
        false => Some(
            args.objects
                .iter()
                .map(|o| crate::resolve::object(&trackers, o).map(|t| t.id))
                .collect::<Res<Vec<i64>>>()?,
        ),
    };
    let mut live = client.live(LiveOptions {
        trackers: wanted,
        rate_limit: std::time::Duration::from_secs(args.every.max(1)),
        ..LiveOptions::default()
    });
    while let Some(event) = live.next().await {
        match event {
            LiveEvent::Mode { mode, detail } => eprintln!("{}", mode_line(mode, detail)),
            LiveEvent::States {
                states, left_out, ..
            } => {
                super::note_left_out(&left_out, Item::State, states.len());
                for (id, s) in &states {
                    let label = labels.get(id).copied().unwrap_or("");
                    print_change(*id, label, s, json)?;
                }
            }
            LiveEvent::Lifecycle { tracker_id, event } => {
                eprintln!("object {tracker_id}: {event}");
            }
            LiveEvent::Ended(e) => return Err(e.into()),
        }
    }
    Err(Fail::Other("the live connection stopped".into()))
}

fn print_change(id: i64, label: &str, s: &TrackerState, json: bool) -> Res<()> {
    let at = s.last_update.as_ref().or(s.gps.updated.as_ref());
    let line = Line {
        tracker_id: id,
        label,
        lat: s.gps.location.map(|l| l.lat),
        lng: s.gps.location.map(|l| l.lng),
        speed: s.gps.speed,
        heading: s.gps.heading,
        movement_status: s.movement_status,
        connection_status: s.connection_status,
        status: s.status().as_str(),
        time: at.map(|t| t.to_rfc3339()),
    };
    if json {
        let text = serde_json::to_string(&line).map_err(|e| Fail::Other(e.to_string()))?;
        println!("{text}");
        return Ok(());
    }
    let place = match (line.lat, line.lng) {
        (Some(lat), Some(lng)) => format!("{lat:.5},{lng:.5}"),
        _ => "-".into(),
    };
    let speed = line.speed.map_or("-".into(), |v| format!("{v} km/h"));
    let when = at.map_or("-".into(), |t| t.format("%H:%M:%S").to_string());
    println!(
        "{when}  {id:>8}  {label:<24}  {:<8}  {speed:>9}  {place}",
        line.status
    );
    Ok(())
}

/// The connection's mode as the line stderr shows.
fn mode_line(mode: LiveMode, detail: Option<String>) -> String {
    let why = detail.map(|d| format!(": {d}")).unwrap_or_default();
    match mode {
        LiveMode::Connecting => "connecting…".into(),
        LiveMode::Live => "live".into(),
        LiveMode::Reconnecting { retry_in } => {
            format!("reconnecting in {:.0} s{why}", retry_in.as_secs_f32())
        }
        LiveMode::Polling { every } => format!("polling every {} s{why}", every.as_secs()),
        LiveMode::Offline { retry_in } => {
            format!("offline, next try in {:.0} s{why}", retry_in.as_secs_f32())
        }
    }
}
