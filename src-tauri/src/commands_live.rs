//! The commands of the live fleet and the events feed (docs/ipc.md "live_watch" to
//! "mark_events_read"): each takes the state and calls one function of `service::live` or
//! `service::alerts`.

use tauri::State;
use tauri::ipc::{Channel, Response};

use crate::dto_live::{EventFeed, LiveMessage};
use crate::error::AppError;
use crate::service::{alerts, live, session};
use crate::state::AppState;

type Res<T> = Result<T, AppError>;

/// Streams the objects' live states to `on_update` until `live_stop`, sign-out or the end of
/// the session; a newer call replaces this one.
#[tauri::command]
pub async fn live_watch(state: State<'_, AppState>, on_update: Channel<LiveMessage>) -> Res<()> {
    live::watch(&state, |m| {
        // A closed channel (the page reloaded) ends nothing here: the next watch replaces this.
        let _ = on_update.send(m);
    })
    .await
}

#[tauri::command]
pub fn live_stop(state: State<'_, AppState>) {
    state.stop_live();
}

/// The object's day so far as packed points (an `ArrayBuffer` in the web view).
#[tauri::command]
pub async fn live_trail(state: State<'_, AppState>, object_id: i64) -> Res<Response> {
    let bytes =
        session::with_client(&state, |c| async move { live::trail(&c, object_id).await }).await?;
    Ok(Response::new(bytes))
}

#[tauri::command]
pub async fn events_feed(state: State<'_, AppState>) -> Res<EventFeed> {
    let state = &*state;
    session::with_client(state, |c| async move { alerts::feed(state, &c).await }).await
}

/// Marks `ids` read, or every event when `null`.
#[tauri::command]
pub async fn mark_events_read(state: State<'_, AppState>, ids: Option<Vec<i64>>) -> Res<()> {
    let ids = ids.as_deref();
    session::with_client(&state, |c| async move { alerts::mark_read(&c, ids).await }).await
}
