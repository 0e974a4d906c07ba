//! What the live fleet sends the web view (docs/ipc.md "Live"): the connection's mode, the
//! objects' states as they change, and the events feed with what is new to notify.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::{ObjectState, dto};
use crate::dto_insight::EventRow;
use crate::error::AppError;

/// How the object states reach the app now (the indicator in the object list's header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum LiveMode {
    /// Opening the WebSocket (the first time).
    Connecting,
    /// The WebSocket is up and subscribed: states arrive as they change.
    Live,
    /// The WebSocket dropped or went silent; the next attempt is in `retryInMs`.
    Reconnecting,
    /// The WebSocket cannot be had here (a proxy refused the upgrade): states are polled with
    /// `tracker/get_states` every `pollMs`, and the WebSocket is tried again now and then.
    Polling,
    /// Neither the WebSocket nor the HTTP API answers: the last known states stay on screen.
    Offline,
}

dto! {
/// The connection's state, sent whenever it changes.
pub struct LiveStatus {
    pub mode: LiveMode,
    /// Why the mode is what it is, in English for the log and the tooltip (the page words the
    /// mode itself): "the server refused the WebSocket upgrade (HTTP 403)".
    pub detail: Option<String>,
    /// `reconnecting`: milliseconds until the next attempt.
    pub retry_in_ms: Option<u32>,
    /// `polling`: the interval of `tracker/get_states`.
    pub poll_ms: Option<u32>,
}
}

dto! {
/// Object states from the stream: all watched objects first (`full`), then the changed ones.
pub struct LiveStates {
    pub full: bool,
    pub states: Vec<ObjectState>,
    /// The server's "now" (RFC 3339, the user's offset) when it said one.
    pub user_time: Option<String>,
}
}

/// One message of `live_watch`'s channel (sent only: `AppError` is never read back).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/api/bindings/")]
pub enum LiveMessage {
    Status(LiveStatus),
    States(LiveStates),
    /// The server ended the session and signing in again silently was not possible: the page
    /// goes back to sign-in as for any command's `session` error. The watch has stopped.
    SessionEnded(AppError),
}

dto! {
/// `events_feed`'s reply.
pub struct EventFeed {
    /// Unread events, newest first (each with its object).
    pub events: Vec<EventRow>,
    /// The server's unread count (it may exceed the list, which is capped).
    pub unread: u32,
    /// Ids of events in `events` never handed out as fresh before, on this computer for this
    /// account: the page raises one notification for each (for the types switched on), so a
    /// reconnect or a restart never notifies an event twice.
    #[ts(type = "number[]")]
    pub fresh: Vec<i64>,
}
}
