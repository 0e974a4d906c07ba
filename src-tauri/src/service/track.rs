//! Loading a track from the server for the app: the request's times read in the user's zone,
//! then the one loader of `trackmate_tracks::load` (trips of the period cut the points into
//! segments; the period, or each chosen trip over its own span, read through the client's
//! window planner with progress per window, cancellable); `show_track` reads it straight into
//! columns and hands it to `service::view` (packed for the map, the columns kept for
//! statistics and exports).

use chrono::Duration;
use tokio_util::sync::CancellationToken;
use trackmate_api::{Client, LeftOut, ReadControl, WindowProgress};
use trackmate_tracks::load::{self, LoadError, LoadRequest, Loaded, TripSpan};
use trackmate_tracks::{ColumnTrack, Track};

use super::view::{self, View};
use super::{session, time};
use crate::dto::Progress;
use crate::dto_insight::LoadTrackRequest;
use crate::error::AppError;
use crate::state::AppState;

/// Longest window read in one request for a whole period (the client's planner still keeps
/// within the server's limit). Shorter than the server's limit on purpose: a long period then
/// reports progress at least once a day's data.
const WINDOW: i64 = 24 * 3600;

/// `load_track`: cancels the load before it, loads the track `req` asks for with the session's
/// client (signing in again once if the session ended) and shows it in `req.slot` (main by
/// default); its packed points for the web view.
pub async fn show_track(
    state: &AppState,
    req: &LoadTrackRequest,
    progress: impl Fn(Progress) + Send + Sync,
) -> Result<Vec<u8>, AppError> {
    let cancel = &state.begin_load();
    let progress = &progress;
    let (track, left_out) = session::with_client(state, |c| async move {
        load_columns(&c, req, cancel, progress).await
    })
    .await?;
    let view = View::from_server(track, &left_out);
    view::show(state.views(), req.slot.unwrap_or_default(), view).await
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
/// straight into them; no `Point` is made).
pub async fn load_columns(
    client: &Client,
    req: &LoadTrackRequest,
    cancel: &CancellationToken,
    progress: impl Fn(Progress) + Send + Sync,
) -> Result<(ColumnTrack, LeftOut), AppError> {
    read(client, req, cancel, progress, |c, r, ctl| {
        Box::pin(load::load_columns(c, r, ctl))
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
