//! Timing probe: `cargo run --release -p trackmate-sim --example bench [POINTS] [FLEET]`.
//! Measures 30 days of history for the whole demo fleet on the road graph (generation, route
//! trees included; then served again from the cache), a POINTS-point day (default 1 M)
//! streamed by `track/read`, and the start-up of a FLEET-object fleet (default 10 000).

use std::time::Instant;

use serde_json::{Value, json};
use trackmate_sim::{Scale, SimConfig, SimServer};

async fn post(http: &reqwest::Client, url: &str, body: Value) -> bytes::Bytes {
    let resp = http.post(url).json(&body).send().await.expect("request");
    assert!(resp.status().is_success(), "{url}: {}", resp.status());
    resp.bytes().await.expect("body")
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let points: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let fleet: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let http = reqwest::Client::new();
    let now = chrono::Utc::now();
    let (from, to) = (now - chrono::Duration::days(30), now);
    let fmt =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);

    let config = SimConfig {
        now: Some(now),
        rate_limit_per_sec: None,
        scale: Some(Scale {
            points_in_day: Some(points),
            fleet_size: None,
        }),
        ..SimConfig::default()
    };
    let t = Instant::now();
    let sim = SimServer::start(config).await.expect("start");
    println!(
        "demo emulator started cold (road graph decoded, homes snapped): {:?}",
        t.elapsed()
    );
    let auth = post(
        &http,
        &format!("{}/user/auth", sim.url()),
        json!({"login": "demo@trackmate.app", "password": "demo"}),
    )
    .await;
    let hash = serde_json::from_slice::<Value>(&auth).unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let demo = sim.demo();

    let t = Instant::now();
    let mut trips = 0usize;
    for id in demo
        .tracker_ids
        .iter()
        .filter(|id| Some(**id) != demo.scale_tracker_id && **id != demo.blocked_tracker_id)
    {
        let body = json!({"hash": hash, "tracker_id": id, "from": fmt(from), "to": fmt(to)});
        let v: Value =
            serde_json::from_slice(&post(&http, &format!("{}/track/list", sim.url()), body).await)
                .unwrap();
        trips += v["list"].as_array().map_or(0, Vec::len);
    }
    println!(
        "30 days x {} trackers: {} trips, generated and listed in {:?}",
        demo.tracker_ids.len() - 2,
        trips,
        t.elapsed()
    );
    // The same requests again: days and route trees are cached, so this is the serving cost.
    let t = Instant::now();
    for id in demo
        .tracker_ids
        .iter()
        .filter(|id| Some(**id) != demo.scale_tracker_id && **id != demo.blocked_tracker_id)
    {
        let body = json!({"hash": hash, "tracker_id": id, "from": fmt(from), "to": fmt(to)});
        post(&http, &format!("{}/track/list", sim.url()), body).await;
    }
    println!(
        "  the same 30 days listed again (cached): {:?}",
        t.elapsed()
    );

    let t = Instant::now();
    let id = demo.scale_tracker_id.unwrap();
    let body = json!({"hash": hash, "tracker_id": id, "from": fmt(now - chrono::Duration::days(1)), "to": fmt(now), "simplify": false});
    let bytes = post(&http, &format!("{}/track/read", sim.url()), body).await;
    println!(
        "{points}-point day: {} MB streamed in {:?}",
        bytes.len() / 1_000_000,
        t.elapsed()
    );
    let t = Instant::now();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    println!(
        "  (client-side serde_json parse of {} points: {:?})",
        v["list"].as_array().unwrap().len(),
        t.elapsed()
    );
    sim.shutdown().await;

    let t = Instant::now();
    let config = SimConfig {
        scale: Some(Scale {
            points_in_day: None,
            fleet_size: Some(fleet),
        }),
        rate_limit_per_sec: None,
        ..SimConfig::default()
    };
    let sim = SimServer::start(config).await.expect("start");
    println!("{fleet}-object fleet started in {:?}", t.elapsed());
    let auth = post(
        &http,
        &format!("{}/user/auth", sim.url()),
        json!({"login": "demo@trackmate.app", "password": "demo"}),
    )
    .await;
    let hash = serde_json::from_slice::<Value>(&auth).unwrap()["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let ids: Vec<i64> = sim.demo().tracker_ids.into_iter().take(2000).collect();
    let t = Instant::now();
    post(
        &http,
        &format!("{}/tracker/get_states", sim.url()),
        json!({"hash": hash, "trackers": ids, "list_blocked": true}),
    )
    .await;
    println!(
        "  get_states for 2000 objects (first call, generates today): {:?}",
        t.elapsed()
    );
    sim.shutdown().await;
}
