//! Times the `load_track` command's work (list trips, read points window by window into
//! columns, cut them by trip, pack them for the web view and keep the track in its view slot:
//! `service::track::show_track` without the session around it) for the emulator's scale
//! tracker: `cargo run --release -p trackmate-app --example load_bench [POINTS...]` (default
//! 100000 and 1000000 points in the last 24 h). Prints one line per size, with what comes after
//! the load: the statistics and stops made as it is kept (until `track_summary` answers), and a
//! GPX export from the page's packed points (joined with what the app kept, then written).

use std::sync::Arc;
use std::time::Instant;

use tokio_util::sync::CancellationToken;
use trackmate_api::Client;
use trackmate_app::dto_insight::{ExportFormat, LoadTrackRequest, Slot};
use trackmate_app::service::track::load_columns;
use trackmate_app::service::view::{self, Shown, Views};
use trackmate_sim::{Scale, SimConfig, SimServer};
use trackmate_tracks::packed::unpack;

#[tokio::main]
async fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a point count"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    for n in sizes {
        let sim = SimServer::start(SimConfig {
            rate_limit_per_sec: None,
            scale: Some(Scale {
                points_in_day: Some(n),
                fleet_size: None,
            }),
            ..SimConfig::default()
        })
        .await
        .expect("emulator starts");
        let demo = sim.demo();
        let id = demo.scale_tracker_id.expect("scale tracker");
        let client = Client::sign_in(&sim.url(), &demo.login, &demo.password)
            .await
            .unwrap();
        let to = chrono::Utc::now();
        let from = to - chrono::Duration::days(1);
        let started = Instant::now();
        let req = LoadTrackRequest {
            object_id: id,
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            trip_ids: None,
            name: Some("scale".into()),
            slot: None,
        };
        let views = Views::default();
        let (track, left_out) = load_columns(
            &client,
            &req,
            &CancellationToken::new(),
            |_| {},
            Arc::new(|_| {}),
        )
        .await
        .expect("track loads");
        // What the command adds after the read: packing for the web view, keeping the track.
        let shown = Shown::from_server(track, &left_out);
        let bytes = view::show(&views, Slot::Main, shown).await.expect("shown");
        let took = started.elapsed();
        let kept = Instant::now();
        view::summary(&views, Slot::Main).await.expect("figures");
        let figures = kept.elapsed();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let exported = Instant::now();
        let gpx = dir.path().join("scale.gpx");
        let r = view::export(&views, Slot::Main, ExportFormat::Gpx, gpx, &bytes)
            .await
            .expect("exported");
        let export = exported.elapsed();
        let points = unpack(&bytes).expect("valid packed track").len();
        println!(
            "{points} points: load_track {took:.2?}, packed {:.1} MB; statistics and stops \
             {figures:.2?} after it; GPX export {export:.2?} ({:.0} MB)",
            bytes.len() as f64 / 1e6,
            r.bytes as f64 / 1e6
        );
        sim.shutdown().await;
    }
}
