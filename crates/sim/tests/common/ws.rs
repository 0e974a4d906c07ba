//! A real WebSocket client (tokio-tungstenite over loopback) for the live-stream tests: the
//! handshake line, heartbeats counted, JSON frames returned.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use trackmate_sim::SimServer;

/// Waiting longer than this for one frame fails the test (a hang guard, not a timing check).
const FRAME_WAIT: Duration = Duration::from_secs(120);

/// The Atmosphere parameters the JavaScript client adds (the emulator ignores them).
pub const ATMOSPHERE: &str = "X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=2.3.6-javascript&X-Atmosphere-Transport=websocket&Content-Type=application/json&X-atmo-protocol=true";

pub fn ws_url(sim: &SimServer) -> String {
    format!(
        "{}/event/subscription/?{ATMOSPHERE}",
        sim.url().replacen("http", "ws", 1)
    )
}

/// How a stream ended.
#[derive(Debug, PartialEq)]
pub enum End {
    /// A close frame arrived.
    Closed,
    /// The connection broke without a close frame (reset or EOF).
    Dropped,
}

pub struct Ws {
    pub stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    pub handshake: String,
    /// `X` frames seen so far.
    pub heartbeats: usize,
}

impl Ws {
    /// Connects and reads the handshake line.
    pub async fn connect(sim: &SimServer) -> Ws {
        let (stream, resp) = tokio_tungstenite::connect_async(ws_url(sim))
            .await
            .expect("upgrade accepted");
        assert_eq!(resp.status().as_u16(), 101);
        let mut ws = Ws {
            stream,
            handshake: String::new(),
            heartbeats: 0,
        };
        ws.handshake = ws.text().await.expect("handshake line");
        ws
    }

    /// The next text frame (heartbeats included), or how the stream ended.
    pub async fn frame(&mut self) -> Result<String, End> {
        loop {
            let msg = tokio::time::timeout(FRAME_WAIT, self.stream.next())
                .await
                .expect("a frame within the hang guard");
            match msg {
                Some(Ok(Message::Text(t))) => return Ok(t.to_string()),
                Some(Ok(Message::Close(_))) => return Err(End::Closed),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Err(End::Dropped),
            }
        }
    }

    pub async fn text(&mut self) -> Option<String> {
        self.frame().await.ok()
    }

    /// The next JSON frame, counting (and skipping) heartbeats.
    pub async fn json(&mut self) -> Value {
        loop {
            let t = self.frame().await.expect("stream open");
            if t == "X" {
                self.heartbeats += 1;
                continue;
            }
            return serde_json::from_str(&t).unwrap_or_else(|e| panic!("{e}: {t:.200}"));
        }
    }

    /// The next JSON frame of type `event` with that `event` name, skipping others.
    pub async fn event(&mut self, name: &str) -> Value {
        loop {
            let v = self.json().await;
            if v["type"] == "event" && v["event"] == name {
                return v;
            }
        }
    }

    pub async fn send(&mut self, v: &Value) {
        self.send_text(&v.to_string()).await;
    }

    pub async fn send_text(&mut self, t: &str) {
        self.stream
            .send(Message::Text(t.to_string().into()))
            .await
            .expect("send");
    }

    /// Sends a `state_batch` subscription and returns the `response` frame.
    pub async fn subscribe_batch(&mut self, hash: &str, target: Value, extra: Value) -> Value {
        let mut req = json!({"type": "state_batch", "target": target});
        if let Value::Object(m) = extra {
            req.as_object_mut().unwrap().extend(m);
        }
        self.send(&json!({"action": "subscribe", "hash": hash, "requests": [req]}))
            .await;
        self.json().await
    }
}
