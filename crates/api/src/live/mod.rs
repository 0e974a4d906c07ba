//! Live object states: the server's `/event/subscription` WebSocket (`state_batch` for all or
//! some objects), kept up by reconnecting with backoff and jitter, re-subscribing, and treating a
//! silent connection as dropped; where the WebSocket cannot be had, `tracker/get_states` polled
//! at a sane rate. States arrive keyed by tracker id (the socket's source ids are mapped through
//! `tracker/list`), with the mode the connection is in.
//!
//! ```no_run
//! # async fn demo(client: trackmate_api::Client) {
//! use trackmate_api::live::{LiveEvent, LiveOptions};
//! let mut live = client.live(LiveOptions::default());
//! while let Some(event) = live.next().await {
//!     match event {
//!         LiveEvent::States { states, .. } => println!("{} changed", states.len()),
//!         LiveEvent::Mode { mode, .. } => println!("now {mode:?}"),
//!         LiveEvent::Ended(e) => { eprintln!("{e}"); break }
//!         _ => {}
//!     }
//! }
//! # }
//! ```

mod frame;
mod poll;
mod run;
mod socket;

use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::client::Client;
use crate::error::Error;
use crate::lenient::LeftOut;
use crate::models::TrackerState;
use crate::time::Time;

pub use frame::{Frame, Message, parse as parse_frame};
pub use run::subscribe_message;

/// Log targets whose `trace` records hold the WebSocket's frames byte for byte — the
/// subscription, session hash included (tungstenite logs "Sending frame: {frame:?}"). A program
/// that lets a person turn logging up (`RUST_LOG`, `TRACKMATE_LOG`) keeps these at `info`
/// whatever was asked: [`quiet_frames`].
pub const FRAME_LOG_TARGETS: &[&str] = &["tungstenite", "tokio_tungstenite"];

/// `filter` (an `EnvFilter`-style spec such as `trace` or `trackmate_api=debug`) with the frame
/// loggers held at `info`, so no log line ever shows a subscription's hash.
pub fn quiet_frames(filter: &str) -> String {
    let mut spec = filter.trim().to_owned();
    for target in FRAME_LOG_TARGETS {
        if !spec.is_empty() {
            spec.push(',');
        }
        spec.push_str(target);
        spec.push_str("=info");
    }
    spec
}

/// What to watch and how often.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveOptions {
    /// Tracker ids to watch; `None` = every object of the account (`target: all`).
    pub trackers: Option<Vec<i64>>,
    /// The server sends changes at most this often (`rate_limit`, whole seconds, at least 1).
    pub rate_limit: Duration,
    /// Polling interval of `tracker/get_states` when the WebSocket cannot be had. Ten seconds:
    /// a quarter of a minute-scale "updated" label, far under any server's rate limit.
    pub poll_every: Duration,
    /// While polling, how often the WebSocket is tried again (a proxy may be fixed).
    pub socket_retry: Duration,
    /// Reconnect backoff: the first wait, doubled up to `max_backoff`, with jitter.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// A silence this long after the last frame, when the server announced no heartbeat.
    pub silence: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            trackers: None,
            rate_limit: Duration::from_secs(1),
            poll_every: Duration::from_secs(10),
            socket_retry: Duration::from_secs(300),
            backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            silence: Duration::from_secs(90),
        }
    }
}

/// How states reach the client now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveMode {
    /// Opening the WebSocket the first time.
    Connecting,
    /// Subscribed: states arrive as they change.
    Live,
    /// The socket dropped or went silent; the next attempt is in `retry_in`.
    Reconnecting { retry_in: Duration },
    /// No WebSocket here (the upgrade was refused): `tracker/get_states` every `every`.
    Polling { every: Duration },
    /// The server cannot be reached at all; the next attempt is in `retry_in`.
    Offline { retry_in: Duration },
}

/// What the stream reports. (Events pass one at a time through a short queue, so the size of
/// `States` costs nothing; boxing it would add an allocation per event.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The mode changed; `detail` says why, in English, for a log or a tooltip.
    Mode {
        mode: LiveMode,
        detail: Option<String>,
    },
    /// States by tracker id: every watched object after each (re)subscription or the first
    /// poll (`full`), then the changed ones.
    States {
        full: bool,
        states: Vec<(i64, TrackerState)>,
        user_time: Option<Time>,
        /// States that could not be used (unreadable, or a source id no object has).
        left_out: LeftOut,
    },
    /// A device was blocked, unblocked or corrupted (`block`, `unblock`, `corrupt`).
    Lifecycle { tracker_id: i64, event: String },
    /// The session ended (a `logout` event, an error 3/4, or polling answered so): the stream
    /// has stopped. The error is of kind `Session`, as for an HTTP call.
    Ended(Error),
}

/// A running watch. Dropping it stops the connection.
pub struct LiveStream {
    rx: mpsc::Receiver<LiveEvent>,
    stop: CancellationToken,
}

impl LiveStream {
    /// The next event; `None` once the stream has stopped.
    pub async fn next(&mut self) -> Option<LiveEvent> {
        self.rx.recv().await
    }

    /// Stops the watch (the same as dropping it).
    pub fn stop(&self) {
        self.stop.cancel();
    }
}

impl Drop for LiveStream {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl Client {
    /// Starts watching live states (on the current tokio runtime) with the client's session.
    pub fn live(&self, options: LiveOptions) -> LiveStream {
        // A small buffer: a consumer that falls behind slows the reading of the socket rather
        // than piling up batches in memory.
        let (tx, rx) = mpsc::channel(16);
        let stop = CancellationToken::new();
        let runner = run::Runner::new(self.clone(), options, tx, stop.clone());
        tokio::spawn(runner.run());
        LiveStream { rx, stop }
    }
}
