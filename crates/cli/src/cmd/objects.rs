//! `trackmate objects`: every object with its group, status and last update.

use super::print_json;
use crate::fail::Res;
use crate::session::{Conn, connect};
use crate::table::Table;
use serde::Serialize;
use std::collections::HashMap;
use trackmate_api::{Item, ObjectStatus, Time, Tracker, TrackerState};

#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    tracker: &'a Tracker,
    group: Option<&'a str>,
    status: &'static str,
    state: Option<&'a TrackerState>,
}

/// "5 min ago", "3 h ago", "2 d ago".
pub fn ago(t: &Time, now: &Time) -> String {
    let s = (*now - *t).num_seconds().max(0);
    match s {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", s / 60),
        3600..=86_399 => format!("{} h ago", s / 3600),
        _ => format!("{} d ago", s / 86_400),
    }
}

pub async fn run(conn: &Conn, json: bool) -> Res<()> {
    let client = connect(conn).await?;
    let trackers = client.trackers().list().await?;
    let groups: HashMap<i64, String> = client
        .trackers()
        .groups()
        .await?
        .into_iter()
        .map(|g| (g.id, g.title))
        .collect();
    let ids: Vec<i64> = trackers.iter().map(|t| t.id).collect();
    let states = client.trackers().states(&ids).await?;
    super::note_left_out(&trackers.left_out, Item::Object, trackers.len());
    super::note_left_out(&states.left_out, Item::State, states.states.len());
    let now = states.user_time.unwrap_or_else(|| client.now());
    let rows: Vec<Row> = trackers
        .iter()
        .map(|t| {
            let state = states.states.get(&t.id);
            Row {
                tracker: t,
                group: groups.get(&t.group_id).map(String::as_str),
                status: ObjectStatus::of(t.source.blocked, state).as_str(),
                state,
            }
        })
        .collect();
    if json {
        return print_json(&rows);
    }
    let mut table = Table::new(&[
        ("ID", true),
        ("NAME", false),
        ("GROUP", false),
        ("STATUS", false),
        ("SPEED", true),
        ("UPDATED", false),
        ("DEVICE", false),
    ]);
    for r in &rows {
        let updated = r
            .state
            .and_then(|s| s.last_update.as_ref().or(s.gps.updated.as_ref()));
        table.row(vec![
            r.tracker.id.to_string(),
            r.tracker.label.clone(),
            r.group.unwrap_or("-").to_owned(),
            r.status.to_owned(),
            r.state
                .and_then(|s| s.gps.speed)
                .map(|v| format!("{v} km/h"))
                .unwrap_or_else(|| "-".into()),
            updated.map(|u| ago(u, &now)).unwrap_or_else(|| "-".into()),
            r.tracker.source.device_id.clone().unwrap_or_default(),
        ]);
    }
    print!("{}", table.render());
    eprintln!("{} objects", rows.len());
    Ok(())
}
