//! `trackmate trips OBJECT --from T --to T`: the trips of a period with their figures.

use super::{Period, Target, duration, note_left_out, print_json, short_time};
use crate::fail::Res;
use crate::session::Conn;
use crate::table::Table;
use trackmate_api::{Item, TrackInfo, TrackListOptions};

pub async fn run(conn: &Conn, object: &str, period: &Period, json: bool) -> Res<()> {
    let Target {
        client,
        tracker,
        from,
        to,
    } = Target::open(conn, object, period).await?;
    let trips = client
        .tracks()
        .list(tracker.id, &from, &to, &TrackListOptions::default())
        .await?;
    if trips.limit_exceeded {
        eprintln!(
            "note: the server keeps data for a limited time; older trips of this period are not available."
        );
    }
    note_left_out(&trips.left_out, Item::Trip, trips.list.len());
    if json {
        return print_json(&trips);
    }
    let mut table = Table::new(&[
        ("ID", true),
        ("START", false),
        ("END", false),
        ("DURATION", true),
        ("KM", true),
        ("MAX", true),
        ("AVG", true),
        ("FROM", false),
        ("TO", false),
    ]);
    let (mut km, mut n) = (0.0, 0);
    for item in &trips.list {
        match item {
            TrackInfo::Regular(t) | TrackInfo::Merged(t) => {
                n += 1;
                km += t.length.unwrap_or(0.0);
                table.row(vec![
                    t.id.map(|i| i.to_string())
                        .unwrap_or_else(|| "merged".into()),
                    short_time(&t.start_date),
                    t.end_date.as_ref().map(short_time).unwrap_or_default(),
                    t.end_date
                        .as_ref()
                        .map(|e| duration((*e - t.start_date).num_seconds()))
                        .unwrap_or_default(),
                    t.length.map(|l| format!("{l:.1}")).unwrap_or_default(),
                    t.max_speed.map(|v| v.to_string()).unwrap_or_default(),
                    t.avg_speed.map(|v| v.to_string()).unwrap_or_default(),
                    t.start_address.clone(),
                    t.end_address.clone(),
                ]);
            }
            TrackInfo::SingleReport(s) => table.row(vec![
                s.id.map(|i| i.to_string()).unwrap_or_default(),
                short_time(&s.start_date),
                "(single point)".into(),
                String::new(),
                String::new(),
                String::new(),
                s.avg_speed.map(|v| v.to_string()).unwrap_or_default(),
                s.start_address.clone(),
                String::new(),
            ]),
            TrackInfo::Cluster(c) => table.row(vec![
                "cluster".into(),
                short_time(&c.start_date),
                c.end_date.as_ref().map(short_time).unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("{} ({} points)", c.start_address, c.points.len()),
                String::new(),
            ]),
        }
    }
    if trips.list.is_empty() {
        eprintln!(
            "No trips of {} between {} and {}.",
            tracker.label,
            short_time(&from),
            short_time(&to)
        );
        return Ok(());
    }
    print!("{}", table.render());
    eprintln!(
        "{} trips, {km:.1} km ({}, times in {})",
        n,
        tracker.label,
        client.time_zone()
    );
    Ok(())
}
