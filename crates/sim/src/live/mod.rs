//! `{prefix}/event/subscription`, the live WebSocket of INDEX §4: the upgrade, then one task
//! per connection that sends the handshake line, `X` heartbeats, subscription responses and
//! `state_batch`/`state` events as the fleet moves, `logout` when the session ends, and plays
//! the `Ws*` faults (drop, silence, logout) chosen when the connection was opened.
//!
//! Choices where the docs are silent: a `state_batch` subscription is looked at once per
//! `rate_limit` (default 1 s) and sends only when something changed; `state` subscriptions are
//! looked at every [`TICK`]; states are rendered on blocking threads while heartbeats go on;
//! a new `state_batch` subscribe replaces the previous one (and sends the full batch again);
//! the session is checked every tick and its end sends `logout`, then a close frame.

mod protocol;
mod subs;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::extract::Request;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};

use crate::faults::Fault;
use crate::session::SessionKind;
use crate::state::Sim;
use protocol::{Action, Request as SubRequest, Target};
use subs::{BatchSub, Rendered, Tracked};

/// How often a connection checks its session, due batches and `state` subscriptions.
pub const TICK: Duration = Duration::from_millis(50);

/// Answers the upgrade request with 101 and serves the connection; anything but a WebSocket
/// upgrade gets axum's rejection (400/405/426).
pub async fn upgrade(sim: Arc<Sim>, req: Request, fault: Option<Fault>) -> Response {
    let (mut parts, _body) = req.into_parts();
    match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(ws) => ws.on_upgrade(move |socket| async move {
            let (tx, rx) = socket.split();
            let mut conn = Conn {
                sim,
                tx,
                sent: 0,
                fault,
                silent: false,
                hash: None,
                batch: None,
                state: None,
                generation: 0,
            };
            conn.run(rx).await;
        }),
        Err(rejection) => rejection.into_response(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    /// Leave the loop; the socket is dropped (a close frame was sent first where one belongs).
    Stop,
}

#[derive(Clone, Copy)]
enum Kind {
    Batch,
    State,
}

/// A render running on a blocking thread, for the subscription of `generation`.
type Pending = (Kind, u64, JoinHandle<Rendered>);

struct Conn {
    sim: Arc<Sim>,
    tx: SplitSink<WebSocket, Message>,
    /// Frames sent so far, handshake included (what the `Ws*` faults count).
    sent: u32,
    fault: Option<Fault>,
    /// Set by `WsSilent`: nothing more is sent.
    silent: bool,
    /// The credential of the last accepted message, watched for the session's end.
    hash: Option<String>,
    batch: Option<BatchSub>,
    state: Option<Tracked>,
    /// Bumped whenever subscriptions change, so a render started before is not diffed
    /// against the new ones.
    generation: u64,
}

impl Conn {
    async fn run(&mut self, mut rx: SplitStream<WebSocket>) {
        let heartbeat = self.sim.config.heartbeat.max(Duration::from_millis(10));
        let drop_at = match &self.fault {
            Some(Fault::WsDrop { after_ms, .. }) => {
                after_ms.map(|ms| Instant::now() + Duration::from_millis(ms))
            }
            _ => None,
        };
        if let Some(Fault::WsDrop {
            after_frames: None,
            after_ms: None,
        }) = self.fault
        {
            return;
        }
        if self.send(protocol::handshake(heartbeat)).await == Flow::Stop {
            return;
        }
        let mut beat = tokio::time::interval_at(Instant::now() + heartbeat, heartbeat);
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
        let mut pending: Option<Pending> = None;
        loop {
            let flow = tokio::select! {
                _ = beat.tick() => self.send("X".to_string()).await,
                msg = rx.next() => match msg {
                    Some(Ok(Message::Text(text))) => self.on_text(text.as_str()).await,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => Flow::Stop,
                    Some(Ok(_)) => Flow::Go,
                },
                _ = tick.tick() => self.on_tick(&mut pending).await,
                done = async { (&mut pending.as_mut().expect("guarded").2).await },
                    if pending.is_some() =>
                {
                    let (kind, generation, _) = pending.take().expect("guarded");
                    match done {
                        Ok(r) if generation == self.generation => self.deliver(kind, r).await,
                        _ => {
                            // Subscriptions changed meanwhile: look again at once.
                            if let Some(b) = self.batch.as_mut() {
                                b.next_at = Instant::now();
                            }
                            Flow::Go
                        }
                    }
                }
                _ = tokio::time::sleep_until(drop_at.unwrap_or_else(Instant::now)),
                    if drop_at.is_some() => Flow::Stop,
            };
            if flow == Flow::Stop {
                return;
            }
        }
    }

    /// Sends one frame, playing the connection's fault first.
    async fn send(&mut self, text: String) -> Flow {
        if self.silent {
            return Flow::Go;
        }
        match self.fault {
            Some(Fault::WsDrop {
                after_frames: Some(n),
                ..
            }) if self.sent >= n => return Flow::Stop,
            Some(Fault::WsSilent { after_frames }) if self.sent >= after_frames => {
                self.silent = true;
                return Flow::Go;
            }
            Some(Fault::WsLogout { after_frames }) if self.sent >= after_frames => {
                return self.logout().await;
            }
            _ => {}
        }
        self.sent += 1;
        match self.tx.send(Message::Text(text.into())).await {
            Ok(()) => Flow::Go,
            Err(_) => Flow::Stop,
        }
    }

    /// `logout`, then a close frame: the session is over for this stream.
    async fn logout(&mut self) -> Flow {
        if !self.silent {
            let _ = self
                .tx
                .send(Message::Text(protocol::LOGOUT_FRAME.into()))
                .await;
            let _ = self.tx.send(Message::Close(None)).await;
        }
        Flow::Stop
    }

    async fn on_text(&mut self, text: &str) -> Flow {
        let msg = match protocol::parse(text) {
            Ok(None) => return Flow::Go,
            Ok(Some(m)) => m,
            Err(r) => {
                return self
                    .send(protocol::error_frame(r.code, r.action, &[]))
                    .await;
            }
        };
        let sim = self.sim.clone();
        let code = match sim.sessions.check(&msg.hash, sim.now()) {
            Ok(SessionKind::Full) => None,
            Ok(SessionKind::SecondFactor) => Some(11),
            Err(e) => Some(e.code),
        };
        if let Some(code) = code {
            let frame = protocol::error_frame(code, Some(msg.action), &msg.requests);
            return self.send(frame).await;
        }
        self.hash = Some(msg.hash.clone());
        self.generation += 1;
        let mut parts = Vec::new();
        for req in &msg.requests {
            let value = match (msg.action, req) {
                (
                    Action::Subscribe,
                    SubRequest::StateBatch {
                        target,
                        rate,
                        compact,
                    },
                ) => {
                    let (idxs, statuses) = subs::resolve(&sim, selected(target));
                    self.batch = Some(BatchSub {
                        tracked: Tracked::new(idxs, *compact),
                        rate: *rate,
                        next_at: Instant::now(),
                    });
                    Some(statuses)
                }
                (Action::Subscribe, SubRequest::State { trackers, compact }) => {
                    let (idxs, statuses) = subs::resolve(&sim, Some(trackers));
                    match self.state.as_mut() {
                        Some(t) if t.compact == *compact => t.add(&idxs),
                        _ => self.state = Some(Tracked::new(idxs, *compact)),
                    }
                    Some(statuses)
                }
                (Action::Unsubscribe, SubRequest::StateBatch { target, .. }) => {
                    let (_, statuses) = subs::resolve(&sim, selected(target));
                    self.batch = None;
                    Some(statuses)
                }
                (Action::Unsubscribe, SubRequest::State { trackers, .. }) => {
                    let (idxs, statuses) = subs::resolve(&sim, Some(trackers));
                    if let Some(t) = self.state.as_mut() {
                        t.remove(&idxs);
                    }
                    Some(statuses)
                }
                (_, SubRequest::Other(_)) => None,
            };
            parts.push((req.kind().to_string(), value));
        }
        self.send(protocol::response_frame(msg.action, &parts))
            .await
    }

    /// Session check, then at most one render at a time: a due `state_batch` first.
    async fn on_tick(&mut self, pending: &mut Option<Pending>) -> Flow {
        if let Some(h) = &self.hash {
            if !self.sim.sessions.alive(h, self.sim.now()) {
                return self.logout().await;
            }
        }
        if pending.is_some() {
            return Flow::Go;
        }
        let now = Instant::now();
        let fleet_now = self.sim.now().timestamp_millis();
        let job = match (&mut self.batch, &self.state) {
            (Some(b), _) if now >= b.next_at => {
                b.next_at = now + b.rate;
                Some((Kind::Batch, b.tracked.due(fleet_now), b.tracked.compact))
            }
            (_, Some(s)) => Some((Kind::State, s.due(fleet_now), s.compact)),
            _ => None,
        };
        if let Some((kind, idxs, compact)) = job.filter(|(_, idxs, _)| !idxs.is_empty()) {
            let sim = self.sim.clone();
            let handle = tokio::task::spawn_blocking(move || subs::render(&sim, &idxs, compact));
            *pending = Some((kind, self.generation, handle));
        }
        Flow::Go
    }

    /// Sends what changed since the last frames of that subscription.
    async fn deliver(&mut self, kind: Kind, r: Rendered) -> Flow {
        let user_time = r.user_time.clone();
        match kind {
            Kind::Batch => {
                let Some(b) = self.batch.as_mut() else {
                    return Flow::Go;
                };
                let changed = b.tracked.changed(r);
                // The rate limit counts from the send, so a slow render never bunches batches.
                b.next_at = b.next_at.max(Instant::now() + b.rate);
                if changed.is_empty() {
                    return Flow::Go;
                }
                self.send(subs::batch_frame(&user_time, &changed)).await
            }
            Kind::State => {
                let Some(s) = self.state.as_mut() else {
                    return Flow::Go;
                };
                let changed = s.changed(r);
                for state in changed {
                    if self.send(subs::state_frame(&user_time, &state)).await == Flow::Stop {
                        return Flow::Stop;
                    }
                }
                Flow::Go
            }
        }
    }
}

fn selected(target: &Target) -> Option<&[i64]> {
    match target {
        Target::All => None,
        Target::Selected(ids) => Some(ids),
    }
}
