//! `trackmate watch` and `trackmate events` against the emulator: one JSON line per change of an
//! object's state (every object first, then what moves), one object only when named; the
//! events of the last day or the unread feed, and with `--follow` each new event once.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::{BIN, TEST_KEYRING, env_with, run, text};
use serde_json::Value;
use trackmate_sim::{SimConfig, SimServer};

/// A guard on each wait; every wait ends on its condition long before.
const GUARD: Duration = Duration::from_secs(60);

async fn live_env() -> (SimServer, String) {
    // By day in the demo's zone: at night the fleet stands still and raises no event.
    let env = env_with(
        SimConfig {
            heartbeat: Duration::from_millis(200),
            ..SimConfig::default()
        }
        .at_recent_midday(),
    )
    .await;
    (env.sim, env.hash)
}

/// The binary running in the background; its stdout lines arrive on `lines`. Killed on drop.
struct Running {
    child: Child,
    lines: Receiver<String>,
}

impl Running {
    fn start(sim: &SimServer, hash: &str, args: &[&str]) -> Running {
        Self::start_logging(sim, hash, args, None)
    }

    /// [`Running::start`] with `TRACKMATE_LOG=trace` written to `log`.
    fn start_logging(
        sim: &SimServer,
        hash: &str,
        args: &[&str],
        log: Option<std::fs::File>,
    ) -> Running {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("TRACKMATE_SERVER", sim.url())
            .env("TRACKMATE_HASH", hash)
            .env("TRACKMATE_KEYRING_SERVICE", TEST_KEYRING)
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        match log {
            Some(file) => cmd.env("TRACKMATE_LOG", "trace").stderr(file),
            None => cmd.stderr(Stdio::null()),
        };
        let mut child = cmd.spawn().unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Running { child, lines }
    }

    /// The next `n` lines as JSON.
    fn json(&self, n: usize) -> Vec<Value> {
        (0..n)
            .map(|_| {
                let line = self.lines.recv_timeout(GUARD).expect("a line in time");
                serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"))
            })
            .collect()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_prints_every_object_then_each_change_as_json_lines() {
    let (sim, hash) = live_env().await;
    let demo = sim.demo();
    let watching = Running::start(&sim, &hash, &["watch", "--json"]);
    let first = watching.json(demo.tracker_ids.len() - 1);
    let ids: HashSet<i64> = first
        .iter()
        .map(|l| l["tracker_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), first.len(), "each object once");
    for l in &first {
        for key in [
            "label",
            "lat",
            "lng",
            "speed",
            "movement_status",
            "connection_status",
        ] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
        let time = l["time"].as_str().unwrap();
        let t = chrono::DateTime::parse_from_rfc3339(time).unwrap();
        assert_eq!(
            t.offset().local_minus_utc(),
            5 * 3600,
            "the user's offset: {time}"
        );
    }
    // The fleet moves on: more lines, only of objects already seen.
    sim.advance_clock(chrono::Duration::minutes(10));
    let next = watching.json(1);
    assert!(ids.contains(&next[0]["tracker_id"].as_i64().unwrap()));
    assert_eq!(sim.hits("tracker/get_states"), 0, "no polling while live");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trace_log_of_watch_holds_no_session_hash() {
    let (sim, hash) = live_env().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trace.log");
    let file = std::fs::File::create(&path).unwrap();
    let one = sim.demo().moving_tracker_id.to_string();
    let watching = Running::start_logging(&sim, &hash, &["watch", &one, "--json"], Some(file));
    // Subscribed (the hash went out in the subscription) and the first state is in.
    watching.json(1);
    drop(watching);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("TRACE"), "trace logging was on");
    // tungstenite's own trace lines print each frame it sends, the subscription included.
    assert!(!text.contains(&hash), "the log shows the session hash");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_of_one_named_object_prints_only_that_object() {
    let (sim, hash) = live_env().await;
    let one = sim.demo().moving_tracker_id;
    let watching = Running::start(&sim, &hash, &["watch", &one.to_string(), "--json"]);
    let first = watching.json(1);
    assert_eq!(first[0]["tracker_id"].as_i64(), Some(one));
    // The van drives many trips a day, but in a given ten minutes it may stand still (each day
    // has a plan of its own): the clock moves on ten minutes at a time until its state changes.
    // Whatever line comes must be the van's.
    let changed = (0..36).find_map(|_| {
        sim.advance_clock(chrono::Duration::minutes(10));
        watching.lines.recv_timeout(Duration::from_secs(2)).ok()
    });
    let line = changed.expect("the van's state changed within six hours of its day");
    let next: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(next["tracker_id"].as_i64(), Some(one), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_lists_the_day_and_the_unread_feed_and_follows_new_ones_once() {
    let (sim, hash) = live_env().await;
    let envs = [
        ("TRACKMATE_SERVER", sim.url()),
        ("TRACKMATE_HASH", hash.clone()),
    ];
    let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = run(&["events", "--unread", "--json"], &envs).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let unread: Vec<Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!unread.is_empty());
    assert!(
        unread
            .iter()
            .all(|e| e["is_read"] == false && e["label"] != "")
    );
    let times: Vec<&str> = unread.iter().map(|e| e["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");

    // 48 hours: the emulator's day may end up to a day before the client's clock.
    let day: Vec<Value> = text(
        &run(&["events", "--hours", "48", "--json"], &envs)
            .await
            .stdout,
    )
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    assert!(!day.is_empty(), "the last day had events");
    assert!(
        day.iter()
            .all(|e| e["tracker_id"].is_i64() && e["event"] != "")
    );

    // Following the feed: what is unread now, then — three hours later (the emulator's clock;
    // the unread feed has no period, so the client's own clock does not matter) — the new
    // events, each once.
    let args = ["events", "--unread", "--follow", "--every", "1", "--json"];
    let following = Running::start(&sim, &hash, &args);
    let seen = following.json(unread.len());
    let mut ids: HashSet<i64> = seen.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), unread.len());
    sim.advance_clock(chrono::Duration::hours(3));
    for e in following.json(3) {
        let id = e["id"].as_i64().unwrap();
        assert!(ids.insert(id), "event {id} printed twice");
    }
}
