//! Shared set-up of the client tests: an emulator on a loopback port with a fixed clock, and a
//! client signed in to it with retries fast enough for tests.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::time::Duration as StdDuration;
use trackmate_api::{Client, RetryPolicy, Time};
use trackmate_sim::{SimConfig, SimServer};

/// The emulator's fixed "now" in these tests.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 15, 12, 0, 0).unwrap()
}

pub fn config() -> SimConfig {
    SimConfig {
        now: Some(now()),
        rate_limit_per_sec: None,
        ..SimConfig::default()
    }
}

pub async fn sim() -> SimServer {
    sim_with(config()).await
}

pub async fn sim_with(cfg: SimConfig) -> SimServer {
    SimServer::start(cfg).await.expect("emulator starts")
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: StdDuration::from_millis(5),
        max_delay: StdDuration::from_millis(20),
        max_retry_after: StdDuration::from_secs(2),
    }
}

pub fn client(sim: &SimServer) -> Client {
    Client::builder(&sim.url())
        .retry(fast_retry())
        // These tests wait for the emulator however long a loaded machine takes (generating a
        // 2,500-object fleet's day before the first byte took over 30 s under load); silence
        // limits have their own tests with short limits (`faults.rs`).
        .read_timeout(std::time::Duration::from_secs(600))
        .build()
        .unwrap()
}

/// A client signed in as the demo user, with its profile (time zone, limits) loaded.
pub async fn signed_in(sim: &SimServer) -> Client {
    let c = client(sim);
    let demo = sim.demo();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .expect("demo sign-in");
    c.user().load_profile().await.expect("profile");
    c
}

/// `days` days before the fixed now, in the client's zone.
pub fn days_ago(c: &Client, days: i64) -> Time {
    (now() - Duration::days(days)).with_timezone(&c.time_zone())
}

pub fn at_now(c: &Client) -> Time {
    now().with_timezone(&c.time_zone())
}
