//! The demo fleet: determinism per seed, physical plausibility, offline/moving objects.

mod common;

use chrono::{Duration, NaiveDateTime};
use common::*;
use serde_json::{Value, json};
use trackmate_sim::SimConfig;

fn secs(s: &str) -> i64 {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .unwrap()
        .and_utc()
        .timestamp()
}

fn dist_m(a: &Value, b: &Value) -> f64 {
    let (la, lb) = (
        a["lat"].as_f64().unwrap().to_radians(),
        b["lat"].as_f64().unwrap().to_radians(),
    );
    let dl = (b["lng"].as_f64().unwrap() - a["lng"].as_f64().unwrap()).to_radians();
    let h = ((lb - la) / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

fn bearing(a: &Value, b: &Value) -> f64 {
    let (la, lb) = (
        a["lat"].as_f64().unwrap().to_radians(),
        b["lat"].as_f64().unwrap().to_radians(),
    );
    let dl = (b["lng"].as_f64().unwrap() - a["lng"].as_f64().unwrap()).to_radians();
    let y = dl.sin() * lb.cos();
    let x = la.cos() * lb.sin() - la.sin() * lb.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

fn angle(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    d.min(360.0 - d)
}

#[tokio::test]
async fn same_seed_same_bytes_other_seed_differs() {
    let a = Api::default().await;
    let b = Api::default().await;
    let c = Api::start(SimConfig {
        seed: 7,
        ..config()
    })
    .await;
    let id = a.sim.demo().moving_tracker_id;
    let list = json!({"tracker_id": id, "from": days_ago(10), "to": days_ago(0), "with_points": true, "count_events": true});
    let read = json!({"tracker_id": id, "from": days_ago(3), "to": days_ago(0), "simplify": false, "filter": false});
    let hist =
        json!({"trackers": a.sim.demo().tracker_ids, "from": days_ago(2), "to": days_ago(0)});
    for (ep, body) in [
        ("track/list", &list),
        ("track/read", &read),
        ("history/tracker/list", &hist),
    ] {
        let (ra, rb, rc) = (
            a.raw(ep, body.clone()).await,
            b.raw(ep, body.clone()).await,
            c.raw(ep, body.clone()).await,
        );
        assert!(ra.len() > 1000, "{ep}");
        assert_eq!(ra, rb, "{ep} differs between equal seeds");
        assert_ne!(ra, rc, "{ep} equal across seeds");
    }
    // A day generated on its own equals the same day generated among its neighbours.
    let fresh = Api::default().await;
    let day =
        json!({"tracker_id": id, "from": days_ago(6), "to": days_ago(5), "with_points": true});
    assert_eq!(
        fresh.raw("track/list", day.clone()).await,
        a.raw("track/list", day).await
    );
}

struct Limits {
    max_kmh: i64,
}

fn limits_for(label: &str) -> Limits {
    let max_kmh = if label.contains("Truck") {
        112
    } else if label.contains("on foot") {
        7
    } else if label.contains("Bike") {
        25
    } else if label.contains("beacon") {
        50
    } else {
        80
    };
    Limits { max_kmh }
}

#[tokio::test]
async fn tracks_are_physically_plausible() {
    let api = Api::default().await;
    let trackers = api.ok("tracker/list", json!({})).await;
    for t in trackers["list"].as_array().unwrap() {
        if t["source"]["blocked"] == true {
            continue;
        }
        let (id, label) = (t["id"].as_i64().unwrap(), t["label"].as_str().unwrap());
        let lim = limits_for(label);
        let window = json!({"tracker_id": id, "from": days_ago(7), "to": days_ago(0), "simplify": false, "filter": false});
        let pts = api.ok("track/read", window).await["list"]
            .as_array()
            .unwrap()
            .clone();
        let (mut pairs, mut heading_ok, mut heading_n) = (0, 0, 0);
        for p in &pts {
            assert!(p["speed"].as_i64().unwrap() <= lim.max_kmh, "{label}: {p}");
            let alt = p["alt"].as_i64().unwrap();
            assert!((320..=380).contains(&alt), "{label}: alt {alt}");
            let (lat, lng) = (p["lat"].as_f64().unwrap(), p["lng"].as_f64().unwrap());
            assert!(
                (50.9..51.3).contains(&lat) && (71.2..71.7).contains(&lng),
                "{label}: {p}"
            );
        }
        for w in pts.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let dt = secs(b["get_time"].as_str().unwrap()) - secs(a["get_time"].as_str().unwrap());
            assert!(dt > 0, "{label}: time not increasing at {a} {b}");
            let moving = a["parking"] == false && b["parking"] == false;
            if !moving || a["gsm_lbs"] == true || b["gsm_lbs"] == true || dt > 120 {
                continue;
            }
            pairs += 1;
            let d = dist_m(a, b);
            let implied = d / dt as f64 * 3.6;
            let reported = a["speed"]
                .as_i64()
                .unwrap()
                .max(b["speed"].as_i64().unwrap()) as f64;
            assert!(
                implied <= reported * 1.25 + 20.0,
                "{label}: implied {implied:.1} vs {reported} at {a} {b}"
            );
            if a["speed"].as_i64().unwrap() >= 10 && b["speed"].as_i64().unwrap() >= 10 && d >= 30.0
            {
                heading_n += 1;
                let brg = bearing(a, b);
                let off = angle(brg, a["heading"].as_f64().unwrap())
                    .min(angle(brg, b["heading"].as_f64().unwrap()));
                heading_ok += (off <= 45.0) as usize;
            }
        }
        if !label.contains("beacon") && !label.contains("Spare") && !label.contains("Van 03") {
            assert!(pairs > 100, "{label}: only {pairs} moving pairs");
        }
        if heading_n > 0 {
            assert!(
                heading_ok * 100 >= heading_n * 95,
                "{label}: headings {heading_ok}/{heading_n}"
            );
        }
    }
}

#[tokio::test]
async fn trips_are_separated_by_parkings_with_addresses() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    let trips = api
        .ok(
            "track/list",
            json!({"tracker_id": id, "from": days_ago(7), "to": days_ago(0)}),
        )
        .await;
    let trips = trips["list"].as_array().unwrap();
    assert!(trips.iter().all(|t| t["type"] == "regular"));
    for w in trips.windows(2) {
        let gap =
            secs(w[1]["start_date"].as_str().unwrap()) - secs(w[0]["end_date"].as_str().unwrap());
        assert!(
            gap >= 60,
            "trips {} and {} overlap or touch",
            w[0]["id"],
            w[1]["id"]
        );
    }
    for t in trips {
        assert!(t["start_address"].as_str().unwrap().contains("Astana"));
        assert!(
            t["length"].as_f64().unwrap() >= 0.2,
            "filter=true keeps only real trips"
        );
        let avg = t["avg_speed"].as_i64().unwrap();
        assert!((5..=60).contains(&avg), "avg {avg}");
    }
    // Every one of the last 7 full days has many trips.
    for d in 1..=7 {
        let day = api
            .ok(
                "track/list",
                json!({"tracker_id": id, "from": days_ago(d + 1), "to": days_ago(d)}),
            )
            .await;
        assert!(day["list"].as_array().unwrap().len() >= 8, "day -{d}");
    }
    // filter=false reveals the very short "moved in the yard" trips.
    let all = api
        .ok(
            "track/list",
            json!({"tracker_id": id, "from": days_ago(7), "to": days_ago(0), "filter": false}),
        )
        .await;
    assert!(all["list"].as_array().unwrap().len() > trips.len());
    // Points carry addresses only at trip ends.
    // trips[0] may start before the window (clipped); trips[1] is whole.
    let tid = trips[1]["id"].clone();
    let pts = api
        .ok("track/read", json!({"tracker_id": id, "track_id": tid, "from": days_ago(7), "to": days_ago(0), "simplify": false}))
        .await;
    let pts = pts["list"].as_array().unwrap();
    assert_eq!(pts.len() as u64, trips[1]["points"].as_u64().unwrap());
    assert!(!pts[0]["address"].as_str().unwrap().is_empty());
    assert!(!pts[pts.len() - 1]["address"].as_str().unwrap().is_empty());
    assert!(pts[1..pts.len() - 1].iter().all(|p| p["address"] == ""));
    assert_eq!(pts[0]["speed"], 0);
}

#[tokio::test]
async fn offline_trackers_went_quiet() {
    let api = Api::default().await;
    let demo = api.sim.demo();
    assert_eq!(demo.offline_tracker_ids.len(), 2);
    for id in &demo.offline_tracker_ids {
        let recent = api
            .ok(
                "track/read",
                json!({"tracker_id": id, "from": days_ago(3), "to": days_ago(0), "filter": false}),
            )
            .await;
        assert!(recent["list"].as_array().unwrap().is_empty());
        let st = api.ok("tracker/get_state", json!({"tracker_id": id})).await;
        assert_eq!(st["state"]["connection_status"], "offline");
        let older = api
            .ok(
                "track/list",
                json!({"tracker_id": id, "from": days_ago(25), "to": days_ago(0)}),
            )
            .await;
        assert!(!older["list"].as_array().unwrap().is_empty());
        let ev = api
            .ok("history/tracker/list", json!({"trackers": [id], "from": days_ago(12), "to": days_ago(0), "events": ["offline"]}))
            .await;
        assert!(ev["total"].as_u64().unwrap() >= 1);
    }
    let moving = api
        .ok(
            "tracker/get_state",
            json!({"tracker_id": demo.moving_tracker_id}),
        )
        .await;
    assert_eq!(moving["state"]["connection_status"], "active");
}

#[tokio::test]
async fn history_events_match_the_tracks() {
    let api = Api::default().await;
    let id = api.sim.demo().moving_tracker_id;
    let trips = api
        .ok("track/list", json!({"tracker_id": id, "from": days_ago(1), "to": days_ago(0), "filter": false, "count_events": true}))
        .await;
    let ev = api
        .ok(
            "history/tracker/list",
            json!({"trackers": [id], "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    let events = ev["list"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for k in [
        "ignition",
        "track_start",
        "track_end",
        "parking",
        "inzone",
        "outzone",
    ] {
        assert!(kinds.contains(k), "no {k} in {kinds:?}");
    }
    // The first trip may have started before the window (and its track_start with it); the
    // last may still be under way at "now" (its track_end is in the future).
    let list = trips["list"].as_array().unwrap();
    for t in &list[1..list.len() - 1] {
        let starts = events
            .iter()
            .filter(|e| e["event"] == "track_start" && e["track_id"] == t["id"])
            .count();
        let ends: Vec<&Value> = events
            .iter()
            .filter(|e| e["event"] == "track_end" && e["track_id"] == t["id"])
            .collect();
        assert_eq!(starts, 1);
        assert_eq!(ends.len(), 1);
        assert_eq!(ends[0]["time"], t["end_date"]);
        assert!(t["event_count"].as_u64().unwrap() >= 4);
    }
    let month = api
        .ok("history/tracker/list", json!({"trackers": api.sim.demo().tracker_ids, "from": days_ago(30), "to": days_ago(0), "events": ["speedup", "offline", "online"]}))
        .await;
    let kinds: std::collections::BTreeSet<&str> = month["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["offline", "online", "speedup"]
    );
}

#[tokio::test]
async fn scale_day_streams_all_points() {
    const N: u64 = 100_000;
    let cfg = SimConfig {
        scale: Some(trackmate_sim::Scale {
            points_in_day: Some(N),
            fleet_size: None,
        }),
        ..config()
    };
    let api = Api::start(cfg).await;
    let id = api.sim.demo().scale_tracker_id.expect("scale tracker");
    let window =
        json!({"tracker_id": id, "from": days_ago(1), "to": days_ago(0), "simplify": false});
    let started = std::time::Instant::now();
    let body = api.raw("track/read", window.clone()).await;
    let v: Value = serde_json::from_slice(&body).unwrap();
    let pts = v["list"].as_array().unwrap();
    assert_eq!(pts.len() as u64, N);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert!(
        pts.iter()
            .all(|p| (20..=60).contains(&p["speed"].as_i64().unwrap()))
    );
    let list = api
        .ok(
            "track/list",
            json!({"tracker_id": id, "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    assert_eq!(list["list"][0]["points"].as_u64(), Some(N));
    let simplified = api
        .ok(
            "track/read",
            json!({"tracker_id": id, "from": days_ago(1), "to": days_ago(0)}),
        )
        .await;
    assert_eq!(simplified["list"].as_array().unwrap().len(), 500);

    // Clients split long periods into windows [from, mid] and [mid + 1 s, to] (whole seconds,
    // as the wire format has them): with ~1.2 points a second, none may fall between them.
    let mid = fixed_now() - Duration::hours(12);
    let count = |from: String, to: String| {
        let api = &api;
        async move {
            let w = json!({"tracker_id": id, "from": from, "to": to, "simplify": false});
            let v: Value = serde_json::from_slice(&api.raw("track/read", w).await).unwrap();
            v["list"].as_array().unwrap().len() as u64
        }
    };
    let first = count(days_ago(1), local(mid)).await;
    let second = count(local(mid + Duration::seconds(1)), days_ago(0)).await;
    assert!(first > 0 && second > 0);
    assert_eq!(first + second, N, "no point lost between two windows");
}

#[tokio::test]
async fn scale_fleet_starts_fast() {
    let started = std::time::Instant::now();
    let cfg = SimConfig {
        scale: Some(trackmate_sim::Scale {
            points_in_day: None,
            fleet_size: Some(10_000),
        }),
        ..config()
    };
    let api = Api::start(cfg).await;
    assert!(
        started.elapsed().as_millis() < 2000,
        "{:?}",
        started.elapsed()
    );
    let demo = api.sim.demo();
    assert_eq!(demo.tracker_ids.len(), 10_000);
    let list = api.ok("tracker/list", json!({})).await;
    assert_eq!(list["list"].as_array().unwrap().len(), 10_000);
    let ids: Vec<i64> = demo.tracker_ids[9_000..9_200].to_vec();
    let st = api.ok("tracker/get_states", json!({"trackers": ids})).await;
    assert_eq!(st["states"].as_object().unwrap().len(), 200);
}
