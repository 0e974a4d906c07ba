//! Times the live stream of a large fleet on the Rust side: the emulator's `event/subscription`
//! with N objects (default 10,000) → the client's watch (frame, parse, source ids) → the app's
//! `LiveStates` as the page gets it (JSON). `cargo run --release -p trackmate-app --example
//! live_bench [N]`; prints one Markdown row per batch (the full one, then changes).

use std::time::{Duration, Instant};

use trackmate_api::Client;
use trackmate_api::live::{LiveEvent, LiveOptions};
use trackmate_app::dto_live::{LiveMessage, LiveStates};
use trackmate_app::service::objects::object_state;
use trackmate_sim::{Scale, SimConfig, SimServer};

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a fleet size"))
        .unwrap_or(10_000);
    let sim = SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        scale: Some(Scale {
            points_in_day: None,
            fleet_size: Some(n),
        }),
        ..SimConfig::default()
    })
    .await
    .expect("emulator starts");
    let demo = sim.demo();
    let client = Client::sign_in(&sim.url(), &demo.login, &demo.password)
        .await
        .unwrap();
    println!(
        "| batch | objects | watch start → batch in the client (ms) | → page's JSON (ms) | JSON size (MB) |"
    );
    println!("|---|---:|---:|---:|---:|");
    let started = Instant::now();
    let mut live = client.live(LiveOptions::default());
    let mut batches = 0;
    let mut mark = started;
    while let Some(e) = live.next().await {
        let LiveEvent::States {
            full,
            states,
            user_time: _,
            left_out: _,
        } = e
        else {
            continue;
        };
        let arrived = mark.elapsed();
        let t = Instant::now();
        let msg = LiveMessage::States(LiveStates {
            full,
            states: states.iter().map(|(id, s)| object_state(*id, s)).collect(),
            user_time: None,
        });
        let json = serde_json::to_vec(&msg).unwrap();
        let page = t.elapsed();
        println!(
            "| {} | {} | {:.0} | {:.1} | {:.2} |",
            if full { "full" } else { "changes" },
            states.len(),
            arrived.as_secs_f64() * 1e3,
            page.as_secs_f64() * 1e3,
            json.len() as f64 / 1e6
        );
        batches += 1;
        if batches == 3 {
            break;
        }
        // The fleet moves on a minute; the next batch holds what changed.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        sim.advance_clock(chrono::Duration::minutes(1));
        mark = Instant::now();
    }
    sim.shutdown().await;
}
