//! `trackmate events`: the events of every object — the last day's (`history/tracker/list`), or
//! with `--unread` the unread feed (`history/unread/list`) — oldest first, one line each; with
//! `--follow`, then every new one as it comes (each printed once), until interrupted. With
//! `--json`, one JSON object a line.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use trackmate_api::{Client, HistoryEntry, HistoryOptions, Item};

use crate::fail::{Fail, Res};
use crate::session::{Conn, connect};

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Only the unread events (the feed the web UI's bell shows)
    #[arg(long)]
    pub unread: bool,
    /// Keep printing new events as they come
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// With --follow: look for new events this often, in seconds
    #[arg(long, default_value_t = 15)]
    pub every: u64,
    /// Hours back (without --unread) [default: 24]
    #[arg(long, default_value_t = 24)]
    pub hours: i64,
}

#[derive(Serialize)]
struct Line<'a> {
    id: i64,
    tracker_id: Option<i64>,
    label: &'a str,
    event: &'a str,
    message: &'a str,
    /// RFC 3339 with the user's offset.
    time: String,
    lat: Option<f64>,
    lng: Option<f64>,
    address: &'a str,
    is_read: bool,
}

pub async fn run(conn: &Conn, args: &EventsArgs, json: bool) -> Res<()> {
    let client = connect(conn).await?;
    let trackers = client.trackers().list().await?;
    let labels: HashMap<i64, String> = trackers.iter().map(|t| (t.id, t.label.clone())).collect();
    let ids: Vec<i64> = trackers.iter().map(|t| t.id).collect();
    let mut printed = HashSet::new();
    let mut since = client.now() - chrono::Duration::hours(args.hours.max(1));
    loop {
        let mut batch = fetch(&client, &ids, args.unread, &since).await?;
        batch.sort_by(|a, b| a.time.cmp(&b.time).then(a.id.cmp(&b.id)));
        for e in batch.iter().filter(|e| printed.insert(e.id)) {
            print_event(e, &labels, json)?;
            // The next look starts at the newest event seen (ids keep it from printing twice).
            since = since.max(e.time);
        }
        if !args.follow {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(args.every.max(1))).await;
    }
}

async fn fetch(
    client: &Client,
    ids: &[i64],
    unread: bool,
    since: &trackmate_api::Time,
) -> Res<Vec<HistoryEntry>> {
    let list = match unread {
        true => client.history().unread(None, None).await?,
        false if ids.is_empty() => return Ok(Vec::new()),
        false => {
            let opts = HistoryOptions::default();
            let to = client.now();
            if to <= *since {
                return Ok(Vec::new());
            }
            client
                .history()
                .tracker_list(ids, since, &to, &opts)
                .await?
        }
    };
    super::note_left_out(&list.left_out, Item::Event, list.list.len());
    Ok(list.list)
}

fn print_event(e: &HistoryEntry, labels: &HashMap<i64, String>, json: bool) -> Res<()> {
    let label = e
        .tracker_id
        .and_then(|id| labels.get(&id))
        .map_or("", String::as_str);
    if json {
        let line = Line {
            id: e.id,
            tracker_id: e.tracker_id,
            label,
            event: &e.event,
            message: &e.message,
            time: e.time.to_rfc3339(),
            lat: e.location.as_ref().map(|l| l.lat),
            lng: e.location.as_ref().map(|l| l.lng),
            address: &e.address,
            is_read: e.is_read,
        };
        let text = serde_json::to_string(&line).map_err(|e| Fail::Other(e.to_string()))?;
        println!("{text}");
    } else {
        let when = super::short_time(&e.time);
        println!("{when}  {:<12}  {label:<24}  {}", e.event, e.message);
    }
    Ok(())
}
