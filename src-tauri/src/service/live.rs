//! The live fleet for the page: runs the client's watch (`trackmate_api::live`), turns its
//! events into [`LiveMessage`]s, signs in again silently when the session ends and a password is
//! remembered (then watches on with the new session), and stops on `live_stop`, sign-out or a
//! newer watch. Also the live trail's backfill: the object's day so far, packed.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use trackmate_api::live::{LiveEvent, LiveMode as ApiMode, LiveOptions};

use super::{objects, session, time, track};
use crate::dto_live::{LiveMessage, LiveMode, LiveStates, LiveStatus};
use crate::error::AppError;
use crate::state::AppState;

/// Watches until stopped or the session is over for good; `send` gets every message.
pub async fn watch(state: &AppState, send: impl Fn(LiveMessage)) -> Result<(), AppError> {
    let stop = state.begin_live();
    loop {
        let client = state.client().await?;
        match watch_with(&client, &stop, &send).await {
            None => return Ok(()),
            Some(err) => {
                let err = AppError::from(err);
                if let Err(e) = session::recover(state, &client, err).await {
                    send(LiveMessage::SessionEnded(e));
                    return Ok(());
                }
                // A new session: watch on with it.
            }
        }
    }
}

/// One watch with one session: `None` when stopped, the session error when it ended.
async fn watch_with(
    client: &trackmate_api::Client,
    stop: &CancellationToken,
    send: &impl Fn(LiveMessage),
) -> Option<trackmate_api::Error> {
    let mut stream = client.live(LiveOptions::default());
    loop {
        let event = tokio::select! {
            _ = stop.cancelled() => return None,
            e = stream.next() => e?,
        };
        match event {
            LiveEvent::Mode { mode, detail } => send(LiveMessage::Status(status(mode, detail))),
            LiveEvent::States {
                full,
                states,
                user_time,
                left_out,
            } => {
                if !left_out.is_empty() {
                    tracing::info!(%left_out, "live: states left out");
                }
                send(LiveMessage::States(LiveStates {
                    full,
                    states: states
                        .iter()
                        .map(|(id, s)| objects::object_state(*id, s))
                        .collect(),
                    user_time: user_time.as_ref().map(time::format),
                }));
            }
            LiveEvent::Lifecycle { tracker_id, event } => {
                // A block or unblock is followed by the object's state; nothing to show alone.
                tracing::info!(tracker_id, %event, "live: lifecycle");
            }
            LiveEvent::Ended(e) => return Some(e),
        }
    }
}

fn status(mode: ApiMode, detail: Option<String>) -> LiveStatus {
    let ms = |d: std::time::Duration| Some(u32::try_from(d.as_millis()).unwrap_or(u32::MAX));
    let (mode, retry_in_ms, poll_ms) = match mode {
        ApiMode::Connecting => (LiveMode::Connecting, None, None),
        ApiMode::Live => (LiveMode::Live, None, None),
        ApiMode::Reconnecting { retry_in } => (LiveMode::Reconnecting, ms(retry_in), None),
        ApiMode::Polling { every } => (LiveMode::Polling, None, ms(every)),
        ApiMode::Offline { retry_in } => (LiveMode::Offline, ms(retry_in), None),
    };
    LiveStatus {
        mode,
        detail,
        retry_in_ms,
        poll_ms,
    }
}

/// The packed points of `object_id`'s day so far (midnight in the user's zone → now), through
/// the one track loader, for the live trail behind its marker; not kept in a view slot.
pub async fn trail(client: &trackmate_api::Client, object_id: i64) -> Result<Vec<u8>, AppError> {
    let now = client.now();
    let midnight = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|m| m.and_local_timezone(now.timezone()).earliest())
        .unwrap_or(now - chrono::Duration::hours(24));
    let req = crate::dto_insight::LoadTrackRequest {
        object_id,
        from: time::format(&midnight),
        to: time::format(&now),
        trip_ids: None,
        name: None,
        slot: None,
    };
    let (t, _left_out) = track::load_columns(
        client,
        &req,
        &CancellationToken::new(),
        |_| {},
        Arc::new(|_| {}),
    )
    .await?;
    Ok(t.pack())
}
