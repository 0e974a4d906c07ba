//! The watch's loop: map source ids (`tracker/list`), open the socket, wait for the Atmosphere
//! handshake, subscribe, read frames under a silence deadline (twice the announced heartbeat),
//! and on a drop reconnect with backoff and jitter; a refused upgrade hands over to polling
//! (`poll.rs`); a `logout` or an error 3/4 ends the watch with a session error.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_util::sync::CancellationToken;

use super::frame::{self, Frame, Message};
use super::socket::{self, OpenError, Socket};
use super::{LiveEvent, LiveMode, LiveOptions};
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::lenient::{Item, Reason};
use crate::retry::RetryPolicy;

/// The `subscribe` message (INDEX §4): `state_batch` for `trackers` (all when `None`) in the
/// compact format (position, movement, connection, ignition and update times: all a live map
/// and list need, a fraction of the full state for a large fleet), changes at most once per
/// `rate_limit` (whole seconds, at least one).
pub fn subscribe_message(hash: &str, trackers: Option<&[i64]>, rate_limit: Duration) -> String {
    let target = match trackers {
        None => serde_json::json!({ "type": "all" }),
        Some(ids) => serde_json::json!({ "type": "selected", "tracker_ids": ids }),
    };
    serde_json::json!({
        "action": "subscribe",
        "hash": hash,
        "requests": [{
            "type": "state_batch",
            "target": target,
            "rate_limit": format!("{}s", rate_limit.as_secs().max(1)),
            "format": "compact",
        }],
    })
    .to_string()
}

/// How a socket session ended.
enum End {
    /// The watch was stopped, or its reader went away.
    Stop,
    /// The session is over on the server.
    Session(Error),
    /// Closed, failed or silent: reconnect.
    Dropped(String),
    /// The server will not stream to us (it refused the subscription): poll.
    Refused(String),
}

/// Whether the loop goes on.
pub(super) enum Flow {
    Go,
    Stop,
}

pub(crate) struct Runner {
    pub(super) client: Client,
    pub(super) opts: LiveOptions,
    tx: mpsc::Sender<LiveEvent>,
    stop: CancellationToken,
    /// Source id → tracker id, from `tracker/list`.
    sources: HashMap<i64, i64>,
    /// The watched tracker ids (for polling).
    pub(super) ids: Vec<i64>,
    listed_at: Option<Instant>,
    /// Failed attempts in a row, for the backoff; reset once live.
    failures: u32,
}

impl Runner {
    pub(crate) fn new(
        client: Client,
        opts: LiveOptions,
        tx: mpsc::Sender<LiveEvent>,
        stop: CancellationToken,
    ) -> Runner {
        Runner {
            client,
            opts,
            tx,
            stop,
            sources: HashMap::new(),
            ids: Vec::new(),
            listed_at: None,
            failures: 0,
        }
    }

    pub(crate) async fn run(mut self) {
        self.mode(LiveMode::Connecting, None).await;
        loop {
            let flow = match self.attempt().await {
                Ok(flow) => flow,
                Err(e) if e.is_session() => {
                    self.emit(LiveEvent::Ended(e)).await;
                    Flow::Stop
                }
                Err(e) => self.back_off(offline(&e), e.message()).await,
            };
            if let Flow::Stop = flow {
                return;
            }
        }
    }

    /// One attempt: list the objects, open the socket, stream until it ends.
    async fn attempt(&mut self) -> Result<Flow, Error> {
        let stop = self.stopper();
        let Some(listed) = until_stopped(&stop, self.list_sources()).await else {
            return Ok(Flow::Stop);
        };
        listed?;
        let opened = until_stopped(&stop, socket::open(&self.client)).await;
        let ws = match opened {
            None => return Ok(Flow::Stop),
            Some(Ok(ws)) => ws,
            Some(Err(OpenError::Refused { status })) => {
                let why = format!("the server answered the WebSocket upgrade with HTTP {status}");
                return Ok(self.poll(why).await);
            }
            Some(Err(OpenError::Failed(e))) => return Err(e),
        };
        Ok(match self.session(ws).await {
            End::Stop => Flow::Stop,
            End::Session(e) => {
                self.emit(LiveEvent::Ended(e)).await;
                Flow::Stop
            }
            End::Refused(why) => self.poll(why).await,
            End::Dropped(why) => self.back_off(false, why).await,
        })
    }

    /// Waits the backoff, saying so (offline when the server could not be reached at all).
    async fn back_off(&mut self, offline: bool, why: String) -> Flow {
        let policy = RetryPolicy {
            base_delay: self.opts.backoff,
            max_delay: self.opts.max_backoff,
            ..RetryPolicy::default()
        };
        let wait = policy.delay(self.failures);
        self.failures = self.failures.saturating_add(1);
        let mode = match offline {
            true => LiveMode::Offline { retry_in: wait },
            false => LiveMode::Reconnecting { retry_in: wait },
        };
        tracing::info!(reason = %why, wait_ms = wait.as_millis() as u64, "live: reconnecting");
        if !self.mode(mode, Some(why)).await {
            return Flow::Stop;
        }
        match self.pause(wait).await {
            true => Flow::Go,
            false => Flow::Stop,
        }
    }

    /// Reads `tracker/list` for the source-id map and the watched ids, at most every 30 s.
    async fn list_sources(&mut self) -> Result<(), Error> {
        if self
            .listed_at
            .is_some_and(|t| t.elapsed() < Duration::from_secs(30))
        {
            return Ok(());
        }
        let list = self.client.trackers().list().await?;
        self.sources = list
            .iter()
            .filter_map(|t| t.source.id.map(|s| (s, t.id)))
            .collect();
        self.ids = match &self.opts.trackers {
            Some(ids) => ids.clone(),
            None => list.iter().map(|t| t.id).collect(),
        };
        self.listed_at = Some(Instant::now());
        Ok(())
    }

    async fn session(&mut self, ws: Socket) -> End {
        let (mut sink, mut stream) = ws.split();
        let tz = self.client.time_zone();
        // Until the handshake announces a heartbeat, the configured silence applies.
        let mut silence = self.opts.silence;
        let mut subscribed = false;
        let mut live = false;
        let mut full = true;
        // The handshake line comes first; a server that sends none gets the subscription after
        // a short wait all the same.
        let mut subscribe_at = Some(tokio::time::Instant::now() + Duration::from_secs(3));
        loop {
            let deadline = match subscribe_at {
                Some(at) => at,
                None => tokio::time::Instant::now() + silence,
            };
            let next = tokio::select! {
                _ = self.stop.cancelled() => {
                    let _ = sink.close().await;
                    return End::Stop;
                }
                r = tokio::time::timeout_at(deadline, stream.next()) => r,
            };
            let text = match next {
                Err(_) if subscribe_at.is_some() => None,
                Err(_) => {
                    return End::Dropped(format!(
                        "nothing came over the WebSocket for {} s",
                        silence.as_secs_f32().round()
                    ));
                }
                Ok(None) => return End::Dropped("the server closed the WebSocket".into()),
                Ok(Some(Err(e))) => return End::Dropped(format!("the WebSocket failed: {e}")),
                Ok(Some(Ok(WsMessage::Text(t)))) => Some(t.to_string()),
                Ok(Some(Ok(WsMessage::Binary(b)))) => Some(String::from_utf8_lossy(&b).into()),
                Ok(Some(Ok(WsMessage::Close(_)))) => {
                    return End::Dropped("the server closed the WebSocket".into());
                }
                // Pings are answered by tungstenite; any frame shows the connection is alive.
                Ok(Some(Ok(_))) => continue,
            };
            let frame = text.map(|t| frame::parse(&t, tz));
            if let Some(Frame::Handshake { heartbeat }) = &frame {
                silence = heartbeat.map_or(self.opts.silence, |h| h * 2 + Duration::from_secs(1));
            }
            if subscribe_at.take().is_some() {
                let Some(hash) = self.client.session_hash() else {
                    return End::Session(Error::new(ErrorKind::NotSignedIn, "not signed in"));
                };
                let ids = self.opts.trackers.as_deref();
                let msg = subscribe_message(hash.expose(), ids, self.opts.rate_limit);
                if let Err(e) = sink.send(WsMessage::text(msg)).await {
                    return End::Dropped(format!("the subscription could not be sent: {e}"));
                }
                subscribed = true;
            }
            let Some(Frame::Message(m)) = frame else {
                continue;
            };
            match m {
                Message::Response { .. } | Message::States { .. } if !live => {
                    live = true;
                    self.failures = 0;
                    if !self.mode(LiveMode::Live, None).await {
                        return End::Stop;
                    }
                    if let Some(end) = self.deliver(m, &mut full).await {
                        return end;
                    }
                }
                Message::Error(e) if e.is_session() => return End::Session(e),
                Message::Error(e) if subscribed && !live => {
                    return End::Refused(format!("the server refused the subscription: {e}"));
                }
                Message::Error(e) => tracing::warn!(error = %e, "live: error frame"),
                Message::Logout(why) => {
                    return End::Session(Error::new(
                        ErrorKind::Session,
                        format!("the server closed the session ({why})"),
                    ));
                }
                m => {
                    if let Some(end) = self.deliver(m, &mut full).await {
                        return end;
                    }
                }
            }
        }
    }

    /// Passes states and lifecycle events on, by tracker id.
    async fn deliver(&mut self, m: Message, full: &mut bool) -> Option<End> {
        let sent = match m {
            Message::States {
                user_time,
                states,
                mut left_out,
            } => {
                if states
                    .iter()
                    .any(|s| self.tracker_of(s.source_id).is_none())
                {
                    // A device added since the list was read: read it again (throttled).
                    if let Err(e) = self.list_sources().await {
                        tracing::debug!(error = %e, "live: tracker/list failed");
                    }
                }
                let mut out = Vec::with_capacity(states.len());
                for s in states {
                    match self.tracker_of(s.source_id) {
                        Some(id) => out.push((id, s)),
                        None => left_out.add(Item::State, Reason::NoId, 1),
                    }
                }
                let event = LiveEvent::States {
                    full: std::mem::replace(full, false),
                    states: out,
                    user_time,
                    left_out,
                };
                self.emit(event).await
            }
            Message::Lifecycle { source_id, event } => match self.tracker_of(Some(source_id)) {
                Some(tracker_id) => self.emit(LiveEvent::Lifecycle { tracker_id, event }).await,
                None => true,
            },
            _ => true,
        };
        (!sent).then_some(End::Stop)
    }

    fn tracker_of(&self, source_id: Option<i64>) -> Option<i64> {
        source_id.and_then(|s| self.sources.get(&s).copied())
    }

    /// Sends an event; false when nobody listens any more.
    pub(super) async fn emit(&self, e: LiveEvent) -> bool {
        self.tx.send(e).await.is_ok()
    }

    pub(super) async fn mode(&self, mode: LiveMode, detail: Option<String>) -> bool {
        self.emit(LiveEvent::Mode { mode, detail }).await
    }

    /// Sleeps `d`; false when the watch was stopped meanwhile (dropping the stream stops it).
    pub(super) async fn pause(&self, d: Duration) -> bool {
        until_stopped(&self.stop.clone(), tokio::time::sleep(d))
            .await
            .is_some()
    }

    pub(super) fn stopper(&self) -> CancellationToken {
        self.stop.clone()
    }
}

/// Runs `f` unless `stop` fires first.
pub(super) async fn until_stopped<T>(
    stop: &CancellationToken,
    f: impl std::future::Future<Output = T>,
) -> Option<T> {
    tokio::select! {
        _ = stop.cancelled() => None,
        v = f => Some(v),
    }
}

/// Whether a failure means the server cannot be reached at all.
pub(super) fn offline(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::Connect | ErrorKind::Dns | ErrorKind::Timeout | ErrorKind::Network
    )
}
