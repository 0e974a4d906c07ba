//! The fallback where the WebSocket cannot be had (a proxy that refuses the upgrade, a server
//! without the endpoint): `tracker/get_states` every `poll_every` for the watched objects, sent
//! on as the same events as the stream (all first, then what changed), until it is time to try
//! the socket again.

use std::collections::HashMap;
use std::time::Instant;

use super::run::{Flow, Runner, until_stopped};
use super::{LiveEvent, LiveMode};
use crate::models::TrackerState;

impl Runner {
    /// Polls until `socket_retry` has passed (then the caller tries the socket again).
    pub(super) async fn poll(&mut self, why: String) -> Flow {
        let every = self.opts.poll_every;
        tracing::info!(reason = %why, every_s = every.as_secs(), "live: polling get_states");
        if !self
            .mode(LiveMode::Polling { every }, Some(why.clone()))
            .await
        {
            return Flow::Stop;
        }
        let until = Instant::now() + self.opts.socket_retry;
        let stop = self.stopper();
        let mut last: HashMap<i64, TrackerState> = HashMap::new();
        let mut full = true;
        let mut offline = false;
        while Instant::now() < until {
            let Some(reply) = until_stopped(&stop, self.client.trackers().states(&self.ids)).await
            else {
                return Flow::Stop;
            };
            match reply {
                Ok(r) => {
                    if offline {
                        offline = false;
                        if !self
                            .mode(LiveMode::Polling { every }, Some(why.clone()))
                            .await
                        {
                            return Flow::Stop;
                        }
                    }
                    let mut changed = Vec::new();
                    for (id, s) in r.states {
                        if full || last.get(&id) != Some(&s) {
                            changed.push((id, s.clone()));
                        }
                        last.insert(id, s);
                    }
                    if full || !changed.is_empty() || !r.left_out.is_empty() {
                        let event = LiveEvent::States {
                            full: std::mem::replace(&mut full, false),
                            states: changed,
                            user_time: r.user_time,
                            left_out: r.left_out,
                        };
                        if !self.emit(event).await {
                            return Flow::Stop;
                        }
                    }
                }
                Err(e) if e.is_session() => {
                    self.emit(LiveEvent::Ended(e)).await;
                    return Flow::Stop;
                }
                Err(e) if !offline => {
                    offline = true;
                    let mode = LiveMode::Offline { retry_in: every };
                    if !self.mode(mode, Some(e.message())).await {
                        return Flow::Stop;
                    }
                }
                Err(_) => {}
            }
            if !self.pause(every).await {
                return Flow::Stop;
            }
        }
        Flow::Go
    }
}
