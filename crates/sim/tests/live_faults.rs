//! Faults of the live WebSocket: a refused upgrade (a proxy's 403/502 page), a connection cut
//! after N frames or N ms, a silent connection, and a `logout` the session did not ask for.

mod common;

use common::ws::{End, Ws, ws_url};
use common::*;
use futures::{FutureExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite;
use trackmate_sim::{Fault, FaultRule, SimConfig};

fn live(heartbeat_ms: u64) -> SimConfig {
    SimConfig {
        heartbeat: std::time::Duration::from_millis(heartbeat_ms),
        ..config()
    }
}

fn once(fault: Fault) -> FaultRule {
    FaultRule {
        fault,
        endpoint: Some("event/subscription".into()),
        times: Some(1),
    }
}

/// The status a refused upgrade answered with.
async fn refused_status(api: &Api) -> u16 {
    match tokio_tungstenite::connect_async(ws_url(&api.sim)).await {
        Err(tungstenite::Error::Http(resp)) => resp.status().as_u16(),
        Err(e) => panic!("not an HTTP refusal: {e}"),
        Ok(_) => panic!("the upgrade went through"),
    }
}

/// Text frames after the handshake until the stream ends, and how it ended.
async fn drain(ws: &mut Ws) -> (Vec<String>, End) {
    let mut frames = Vec::new();
    loop {
        match ws.frame().await {
            Ok(t) => frames.push(t),
            Err(end) => return (frames, end),
        }
    }
}

#[tokio::test]
async fn a_proxy_refuses_the_upgrade() {
    let api = Api::start(live(100)).await;
    api.sim.inject(once(Fault::HtmlPage { status: 403 }));
    api.sim.inject(once(Fault::HttpStatus { status: 502 }));
    assert_eq!(refused_status(&api).await, 403);
    assert_eq!(refused_status(&api).await, 502);
    assert_eq!(api.sim.hits("event/subscription"), 2);
    // Both rules are used up: the next upgrade goes through, and HTTP calls never saw them.
    Ws::connect(&api.sim).await;
    api.ok("tracker/list", json!({})).await;
}

#[tokio::test]
async fn the_connection_drops_after_n_frames() {
    let api = Api::start(live(50)).await;
    api.sim.inject(once(Fault::WsDrop {
        after_frames: Some(4),
        after_ms: None,
    }));
    let mut ws = Ws::connect(&api.sim).await;
    let (frames, end) = drain(&mut ws).await;
    assert_eq!(end, End::Dropped, "no close frame");
    assert_eq!(
        frames,
        ["X", "X", "X"],
        "the handshake and three heartbeats"
    );
    // Reconnecting works (the rule was for one connection).
    let mut ws = Ws::connect(&api.sim).await;
    let resp = ws
        .subscribe_batch(&api.hash, json!({"type": "all"}), json!({}))
        .await;
    assert_eq!(resp["type"], "response");
}

#[tokio::test]
async fn the_connection_drops_after_n_ms_while_streaming() {
    let api = Api::start(live(50)).await;
    // Through the admin route, as a script would.
    let rule = json!({"fault": {"kind": "ws_drop", "after_ms": 400}, "endpoint": "event/subscription", "times": 1});
    let resp = api
        .http
        .post(format!("{}/__sim/faults", api.sim.root_url()))
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let mut ws = Ws::connect(&api.sim).await;
    ws.send(&json!({"action": "subscribe", "hash": api.hash, "requests": [{"type": "state_batch", "target": {"type": "all"}}]}))
        .await;
    let (_, end) = drain(&mut ws).await;
    assert_eq!(end, End::Dropped);
}

#[tokio::test]
async fn a_silent_connection_stays_open_and_sends_nothing() {
    let api = Api::start(live(50)).await;
    api.sim.inject(once(Fault::WsSilent { after_frames: 1 }));
    let mut silent = Ws::connect(&api.sim).await;
    silent
        .send(&json!({"action": "subscribe", "hash": api.hash, "requests": [{"type": "state_batch", "target": {"type": "all"}}]}))
        .await;
    // A healthy connection opened after it gets its answer, its batch and ten heartbeats ...
    let mut healthy = Ws::connect(&api.sim).await;
    healthy
        .subscribe_batch(&api.hash, json!({"type": "all"}), json!({}))
        .await;
    healthy.event("state_batch").await;
    let mut beats = 0;
    while beats < 10 {
        if healthy.frame().await.expect("healthy stream") == "X" {
            beats += 1;
        }
    }
    // ... while the silent one has nothing to read, yet is not closed and takes messages.
    assert!(
        silent.stream.next().now_or_never().is_none(),
        "a frame arrived"
    );
    silent.send_text("X").await;
    assert!(
        silent.stream.next().now_or_never().is_none(),
        "a frame arrived"
    );
}

#[tokio::test]
async fn a_logout_the_session_did_not_ask_for() {
    let api = Api::start(live(100)).await;
    api.sim.inject(once(Fault::WsLogout { after_frames: 2 }));
    let mut ws = Ws::connect(&api.sim).await;
    ws.send(&json!({"action": "subscribe", "hash": api.hash, "requests": [{"type": "state_batch", "target": {"type": "all"}}]}))
        .await;
    let (frames, end) = drain(&mut ws).await;
    assert_eq!(end, End::Closed);
    assert_eq!(frames.len(), 2, "{frames:?}");
    let logout: serde_json::Value = serde_json::from_str(&frames[1]).unwrap();
    assert_eq!(logout, fixture("ws_event_logout.json"));
    // The session itself is still good.
    api.ok("user/get_info", json!({})).await;
}
