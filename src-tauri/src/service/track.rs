//! Loading a track from the server for the app: the request's times read in the user's zone,
//! then the one loader of `trackmate_tracks::load` (trips of the period cut the points into
//! segments; the period, or each chosen trip over its own span, read through the client's
//! window planner with progress per window, cancellable); `show_track` reads it straight into
//! columns, sends each window to the page packed as it comes in (the page draws the first
//! while the rest are read) and hands the columns to `service::view`, which makes the statistics
//! and keeps only what the page's points do not carry.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use chrono::Duration;
use tokio_util::sync::CancellationToken;
use trackmate_api::{Client, LeftOut, ReadControl, WindowProgress};
use trackmate_tracks::load::{self, LoadError, LoadRequest, Loaded, TripSpan};
use trackmate_tracks::{ColumnTrack, PointColumns, Track};

use super::view::{self, Shown};
use super::{session, time};
use crate::dto::Progress;
use crate::dto_insight::{LoadTrackRequest, LoadedTrack};
use crate::error::AppError;
use crate::state::AppState;

/// Longest window read in one request for a whole period (the client's planner still keeps
/// within the server's limit). Shorter than the server's limit on purpose: a long period then
/// reports progress at least once a day's data.
const WINDOW: i64 = 24 * 3600;

/// Each window's points as they come in, in order (a window of a track being read).
pub type OnWindow = Arc<dyn Fn(&PointColumns) + Send + Sync>;

/// `load_track`: cancels the load before it, loads the track `req` asks for with the session's
/// client (signing in again once if the session ended), hands each window with points to
/// `window` packed as it comes in, and keeps the track in `req.slot` (main by default). The
/// reply says how many windows make the track and where its segments start.
pub async fn show_track(
    state: &AppState,
    req: &LoadTrackRequest,
    progress: impl Fn(Progress) + Send + Sync,
    window: impl Fn(Vec<u8>) + Send + Sync + 'static,
) -> Result<LoadedTrack, AppError> {
    let cancel = &state.begin_load();
    let progress = &progress;
    let sent = Arc::new(AtomicU32::new(0));
    let on_window: OnWindow = {
        let sent = Arc::clone(&sent);
        Arc::new(move |points: &PointColumns| {
            if !points.is_empty() {
                sent.fetch_add(1, Ordering::Relaxed);
                window(points.pack());
            }
        })
    };
    let (track, left_out) = session::with_client(state, |c| {
        let (on_window, sent) = (Arc::clone(&on_window), &sent);
        async move {
            // Signed in again, the read starts over: the page takes the windows of the read
            // that finished (the last ones it got), so only those are counted.
            sent.store(0, Ordering::Relaxed);
            load_columns(&c, req, cancel, progress, on_window).await
        }
    })
    .await?;
    let reply = loaded(&track, sent.load(Ordering::Relaxed));
    let shown = Shown::from_server(track, &left_out);
    view::keep(state.views(), req.slot.unwrap_or_default(), shown);
    Ok(reply)
}

/// What `load_track` replies for `track`, sent to the page in `windows` windows.
fn loaded(track: &ColumnTrack, windows: u32) -> LoadedTrack {
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    LoadedTrack {
        points: index(track.len()),
        windows,
        segment_starts: track
            .segments
            .iter()
            .map(|s| index(s.points.start))
            .collect(),
        segment_ids: track.segments.iter().map(|s| s.id).collect(),
    }
}

/// Reads the track `req` asks for as a `Track` named `req.name`, calling `progress` before
/// the first window and after each one, with the trips and points the server sent that could
/// not be used (left out and counted, never the whole load). Fails with kind `cancelled` as
/// soon as `cancel` fires. (`req.slot` is where `show_track` shows it, not read here.)
pub async fn load_track(
    client: &Client,
    req: &LoadTrackRequest,
    cancel: &CancellationToken,
    progress: impl Fn(Progress) + Send + Sync,
) -> Result<(Track, LeftOut), AppError> {
    read(client, req, cancel, progress, |c, r, ctl| {
        Box::pin(load::load(c, r, ctl))
    })
    .await
}

/// [`load_track`] into columns, the form `show_track` keeps (each window's points decoded
/// straight into them, and shown to `window` as they come in; no `Point` is made).
pub async fn load_columns(
    client: &Client,
    req: &LoadTrackRequest,
    cancel: &CancellationToken,
    progress: impl Fn(Progress) + Send + Sync,
    window: OnWindow,
) -> Result<(ColumnTrack, LeftOut), AppError> {
    read(client, req, cancel, progress, move |c, r, ctl| {
        Box::pin(load::load_columns(c, r, ctl, move |w| window(w)))
    })
    .await
}

type Loading<'a, T> =
    std::pin::Pin<Box<dyn Future<Output = Result<Loaded<T>, LoadError>> + Send + 'a>>;

async fn read<T>(
    client: &Client,
    req: &LoadTrackRequest,
    cancel: &CancellationToken,
    progress: impl Fn(Progress) + Send + Sync,
    loader: impl for<'a> FnOnce(&'a Client, &'a LoadRequest<'a>, &'a ReadControl<'a>) -> Loading<'a, T>,
) -> Result<(T, LeftOut), AppError> {
    // A cancel that came first wins over everything, also over bad times.
    if cancel.is_cancelled() {
        return Err(AppError::cancelled());
    }
    let (from, to) = time::period(client, &req.from, &req.to)?;
    let request = LoadRequest {
        tracker_id: req.object_id,
        name: req.name.as_deref().unwrap_or(""),
        from,
        to,
        trips: req.trip_ids.as_deref(),
        trip_span: TripSpan::Own,
    };
    let report = |p: WindowProgress| {
        progress(Progress {
            done: p.done,
            total: p.total,
            points: u32::try_from(p.items).unwrap_or(u32::MAX),
        })
    };
    let ctl = ReadControl {
        cancel: Some(cancel),
        progress: Some(&report),
        max_window: Some(Duration::seconds(WINDOW)),
    };
    let loaded = loader(client, &request, &ctl).await.map_err(|e| match e {
        LoadError::Api(e) => AppError::from(e),
        LoadError::Cancelled => AppError::cancelled(),
        LoadError::Convert(m) => AppError::io(format!("converting the track failed: {m}")),
    })?;
    let left_out = loaded.left_out();
    Ok((loaded.track, left_out))
}
