//! The `#[tauri::command]`s of docs/ipc.md. Each takes the state, calls one function of
//! `service`, and returns its typed `AppError`; nothing else happens here.

use tauri::State;
use tauri::ipc::{Channel, InvokeBody, Request, Response};

use crate::dto::{
    Language, ObjectList, ObjectStates, Progress, Remember, Settings, SignInOutcome,
    TileSourceInfo, TileSourceRequest, TileStatus, TripList, UserSummary,
};
use crate::dto_insight::{
    EventList, ExportFormat, ExportRequest, ExportResult, GeoLayers, LoadTrackRequest, LoadedTrack,
    PickedFile, PointDetails, Slot, TrackSummary,
};
use crate::error::AppError;
use crate::service::files::{self, Files};
use crate::service::view;
use crate::service::{geo, objects, session, settings, tiles, track};
use crate::state::AppState;

type Res<T> = Result<T, AppError>;

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    server: String,
    login: String,
    password: trackmate_secret::Secret,
    dealer_id: Option<i64>,
    remember: Remember,
) -> Res<SignInOutcome> {
    session::sign_in(&state, &server, &login, &password, dealer_id, remember).await
}

#[tauri::command]
pub async fn verify_code(
    state: State<'_, AppState>,
    code: String,
    remember: Remember,
) -> Res<UserSummary> {
    session::verify_code(&state, &code, remember).await
}

#[tauri::command]
pub async fn sign_in_with_key(
    state: State<'_, AppState>,
    server: String,
    hash: trackmate_secret::Secret,
    remember: Remember,
) -> Res<UserSummary> {
    session::sign_in_with_key(&state, &server, &hash, remember).await
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> Res<UserSummary> {
    session::start_demo(&state).await
}

#[tauri::command]
pub async fn restore_session(state: State<'_, AppState>) -> Res<Option<UserSummary>> {
    session::restore_session(&state).await
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Res<()> {
    session::sign_out(&state).await
}

#[tauri::command]
pub async fn list_objects(state: State<'_, AppState>) -> Res<ObjectList> {
    session::with_client(&state, |c| async move { objects::list_objects(&c).await }).await
}

#[tauri::command]
pub async fn object_states(state: State<'_, AppState>, ids: Vec<i64>) -> Res<ObjectStates> {
    let ids = &ids;
    session::with_client(
        &state,
        |c| async move { objects::object_states(&c, ids).await },
    )
    .await
}

#[tauri::command]
pub async fn list_trips(
    state: State<'_, AppState>,
    object_id: i64,
    from: String,
    to: String,
) -> Res<TripList> {
    let (from, to) = (&from, &to);
    session::with_client(&state, |c| async move {
        objects::list_trips(&c, object_id, from, to).await
    })
    .await
}

/// Shows the track `request` asks for in its slot (main by default). Its points go to the page
/// over `on_window` as they are read, packed (raw bytes: an `ArrayBuffer` in the web view, not
/// JSON), a window at a time; the reply says how many windows make the track and its segments.
#[tauri::command]
pub async fn load_track(
    state: State<'_, AppState>,
    request: LoadTrackRequest,
    on_progress: Channel<Progress>,
    on_window: Channel<Response>,
) -> Res<LoadedTrack> {
    // A closed channel (the page reloaded) must not fail the load.
    let report = |p: Progress| {
        let _ = on_progress.send(p);
    };
    let window = move |bytes: Vec<u8>| {
        let _ = on_window.send(Response::new(bytes));
    };
    track::show_track(&state, &request, report, window).await
}

/// Shows the open dialog (Rust's own); replies with a handle per chosen file, `[]` if cancelled.
#[tauri::command]
pub async fn pick_track_files(
    files: State<'_, Files>,
    title: String,
    filter_name: String,
) -> Res<Vec<PickedFile>> {
    files::pick_track_files(&files, &title, &filter_name).await
}

/// Shows the save dialog for a `format` export; replies with the target's handle, `null` if
/// cancelled.
#[tauri::command]
pub async fn pick_export_target(
    files: State<'_, Files>,
    format: ExportFormat,
    suggested_name: String,
    title: String,
    filter_name: String,
) -> Res<Option<PickedFile>> {
    files::pick_export_target(&files, format, &suggested_name, &title, &filter_name).await
}

/// Opens the chosen GPX, KML, GeoJSON or CSV file (`handle` from `pick_track_files` or a drop)
/// into `slot`; replies with its packed points.
#[tauri::command]
pub async fn open_track_file(
    state: State<'_, AppState>,
    files: State<'_, Files>,
    handle: String,
    slot: Slot,
) -> Res<Response> {
    let view = view::open_file(files.to_open(&handle)?).await?;
    Ok(Response::new(view::show(state.views(), slot, view).await?))
}

#[tauri::command]
pub fn close_track(state: State<'_, AppState>, slot: Slot) {
    view::clear(state.views(), slot);
}

#[tauri::command]
pub async fn track_summary(state: State<'_, AppState>, slot: Slot) -> Res<TrackSummary> {
    view::summary(state.views(), slot).await
}

#[tauri::command]
pub async fn point_details(
    state: State<'_, AppState>,
    slot: Slot,
    index: u32,
) -> Res<PointDetails> {
    view::point_details(state.views(), slot, index).await
}

/// Writes the track in `slot` to the file chosen by `pick_export_target` for `format`; the
/// arguments come as headers, the track's packed points (the page's copy) as the body.
#[tauri::command]
pub async fn export_track(
    state: State<'_, AppState>,
    files: State<'_, Files>,
    request: Request<'_>,
) -> Res<ExportResult> {
    let args = ExportRequest::from_headers(request.headers())?;
    let InvokeBody::Raw(packed) = request.body() else {
        return Err(AppError::invalid_input(
            "export_track takes the track's packed points as its body",
        ));
    };
    let target = files.to_export(&args.handle, args.format)?;
    view::export(state.views(), args.slot, args.format, target, packed).await
}

#[tauri::command]
pub async fn list_events(
    state: State<'_, AppState>,
    object_id: i64,
    from: String,
    to: String,
) -> Res<EventList> {
    let (from, to) = (&from, &to);
    session::with_client(&state, |c| async move {
        geo::list_events(&c, object_id, from, to).await
    })
    .await
}

#[tauri::command]
pub async fn list_geo(state: State<'_, AppState>) -> Res<GeoLayers> {
    session::with_client(&state, |c| async move { geo::list_geo(&c).await }).await
}

#[tauri::command]
pub fn cancel_load(state: State<'_, AppState>) {
    state.cancel_load();
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    state.settings.get()
}

#[tauri::command]
pub fn set_settings(state: State<'_, AppState>, settings: Settings) -> Res<()> {
    settings::update(&state.settings, settings, || state.tiles().forget_current())
}

/// The menu bar in the page's language (its texts only; a cosmetic change that cannot fail the page).
#[tauri::command]
pub fn set_menu_language<R: tauri::Runtime>(app: tauri::AppHandle<R>, language: Language) {
    crate::menu::relabel(&app, language);
}

/// The map is about to be made: the web view's GPU compositing goes on (off at the sign-in
/// screen, which does not need it; `webview.rs`); replies once it is.
#[tauri::command]
pub async fn prepare_map<R: tauri::Runtime>(app: tauri::AppHandle<R>) -> Res<()> {
    crate::webview::accelerate(&app).await;
    Ok(())
}

#[tauri::command]
pub async fn get_tile_source(state: State<'_, AppState>) -> Res<TileSourceInfo> {
    Ok(tiles::source_info(state.tiles_ctx()).await)
}

/// Chooses the map source; its API key goes to the OS keyring, never to the settings file.
#[tauri::command]
pub async fn set_tile_source(
    state: State<'_, AppState>,
    source: TileSourceRequest,
) -> Res<TileSourceInfo> {
    tiles::set_source(state.tiles_ctx(), source).await
}

#[tauri::command]
pub async fn tile_status(state: State<'_, AppState>) -> Res<TileStatus> {
    Ok(tiles::status(state.tiles_ctx()).await)
}
