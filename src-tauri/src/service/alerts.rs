//! The events feed: the unread events of all objects (`history/unread/list`, newest first) with
//! the unread count, marking them read, and which of them are fresh — never handed out before
//! for this account on this computer (the settings file remembers), so the page raises each
//! desktop notification once, whatever reconnects or restarts came between.

use trackmate_api::Client;

use super::geo;
use crate::dto_insight::EventRow;
use crate::dto_live::EventFeed;
use crate::error::AppError;
use crate::state::AppState;

/// Events listed at most: a feed to glance at, not the history (the count says how many).
const FEED_LIMIT: u32 = 100;

/// The feed now, with what is fresh in it.
pub async fn feed(state: &AppState, client: &Client) -> Result<EventFeed, AppError> {
    let history = client.history();
    let (list, unread) = tokio::try_join!(
        history.unread(Some(FEED_LIMIT), None),
        history.unread_count()
    )?;
    if !list.left_out.is_empty() {
        tracing::info!(left_out = %list.left_out, "events feed: entries left out");
    }
    let events: Vec<EventRow> = list.list.iter().map(geo::event_row).collect();
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let fresh = match account(state).await {
        Some(account) => state.settings.fresh_events(&account, &ids),
        None => Vec::new(),
    };
    Ok(EventFeed {
        events,
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
        fresh,
    })
}

/// Marks `ids` read, or all when `None`.
pub async fn mark_read(client: &Client, ids: Option<&[i64]>) -> Result<(), AppError> {
    let history = client.history();
    match ids {
        None => history.mark_read_all().await?,
        Some(ids) => {
            for &id in ids {
                match history.mark_read(id).await {
                    // 201: not unread (any more): read elsewhere meanwhile, which is the goal.
                    Err(e) if e.code() == Some(201) => {}
                    other => other?,
                }
            }
        }
    }
    Ok(())
}

/// The key notified events are remembered under: the server and the login (no secret).
async fn account(state: &AppState) -> Option<String> {
    let signed = state.signed.read().await;
    signed
        .as_ref()
        .map(|s| format!("{} {}", s.client.base_url(), s.user.login))
}
