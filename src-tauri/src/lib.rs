//! Trackmate's desktop app: the Tauri shell over `trackmate-api`, `-tracks`, `-sim`, `-keystore`
//! and `-tiles`. This module wires the commands, state, the `tiles://` scheme and plugins
//! together; `run_app` takes any `tauri::Builder` so tests boot the same app on
//! `tauri::test::mock_builder()`.

mod commands;
mod commands_ca;
mod commands_live;
pub mod dialogs;
pub mod dto;
pub mod dto_habits;
pub mod dto_insight;
pub mod dto_live;
pub mod error;
mod lock;
pub mod menu;
pub mod service;
pub mod state;
mod webview;

pub use error::{AppError, AppErrorKind};
pub use service::settings::SettingsStore;
pub use state::AppState;
use tauri::{Builder, Manager, Runtime, UriSchemeContext, UriSchemeResponder, http};

// Every command the web view may call (`COMMANDS`); one list, shared with `build.rs`, which
// declares it so the capability can grant exactly these (`allow-<command>` permissions).
include!("command_names.rs");

/// The app on `builder`: its state, commands and the `tiles://` scheme. Plugins that need a real
/// window system are added by [`run`] only.
pub fn run_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        // The files the user chose, by handle (the page never sends a path).
        .manage(service::files::Files::default())
        .register_asynchronous_uri_scheme_protocol(service::tiles::SCHEME, serve_tiles)
        .invoke_handler(tauri::generate_handler![
            commands::sign_in,
            commands::verify_code,
            commands::sign_in_with_key,
            commands::start_demo,
            commands::restore_session,
            commands::sign_out,
            commands::list_objects,
            commands::object_states,
            commands::list_trips,
            commands::load_track,
            commands::cancel_load,
            commands::pick_track_files,
            commands::pick_export_target,
            commands::open_track_file,
            commands::close_track,
            commands::track_summary,
            commands::point_details,
            commands::export_track,
            commands::list_events,
            commands::list_geo,
            commands::get_settings,
            commands::set_settings,
            commands::set_menu_language,
            commands::prepare_map,
            commands::get_tile_source,
            commands::set_tile_source,
            commands::tile_status,
            commands_ca::pick_ca_certificate,
            commands_ca::ca_certificate,
            commands_ca::forget_ca_certificate,
            commands_live::live_watch,
            commands_live::live_stop,
            commands_live::live_trail,
            commands_live::events_feed,
            commands_live::mark_events_read,
        ])
}

/// One `tiles://` request: answered off the UI thread by `service::tiles::serve` (cache, then
/// network), so a slow tile server never blocks the window.
fn serve_tiles<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: http::Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let reply = service::tiles::serve(state.tiles_ctx(), &method, &path).await;
        let mut response = http::Response::builder().status(reply.status);
        for (name, value) in &reply.headers {
            response = response.header(*name, value);
        }
        let response = response.body(reply.body).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "a tile reply could not be built");
            let mut fallback = http::Response::new(b"tile reply failed".to_vec());
            *fallback.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        });
        responder.respond(response);
    });
}

/// The app's log filter for `spec` (`RUST_LOG`): as asked, except that the WebSocket's frame
/// loggers stay at `info` (their `trace` lines hold the subscription's session hash).
pub fn log_filter(spec: &str) -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::new(trackmate_api::live::quiet_frames(spec))
}

/// Starts the desktop app (the binary's `main`).
pub fn run() {
    webview::prepare();
    // A track's columns are freed when the next replaces them: their pages go back at once.
    trackmate_tracks::mem::own_mappings_for_large_blocks();
    tracing_subscriber::fmt()
        .with_env_filter(log_filter(
            &std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        ))
        .with_writer(std::io::stderr)
        .init();
    let state = AppState::with_os_keyring(SettingsStore::in_memory());
    run_app(tauri::Builder::default(), state)
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Open and save dialogs for local track files, opened by Rust only (`dialogs`).
        .plugin(tauri_plugin_dialog::init())
        // Desktop notifications of new events, raised by the page (`service::alerts`).
        .plugin(tauri_plugin_notification::init())
        .on_window_event(|window, event| {
            // A drop is a choice of files like the open dialog's: Rust keeps the paths.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                dialogs::files_dropped(window.app_handle(), paths.clone());
            }
        })
        .menu(menu::build)
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .setup(|app| {
            dialogs::install(app.handle());
            webview::tune(app.handle());
            let dir = app.path().app_config_dir()?;
            let state = app.state::<AppState>();
            state.settings.load_from(dir.join("settings.json"));
            let tiles = app.path().app_cache_dir()?.join("tiles");
            state
                .tiles()
                .configure(tiles, trackmate_tiles::cache_limit());
            // Opening the cache scans its folder, and a keyed map reads the keyring: neither
            // may hold up the window.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                service::tiles::warm_up(handle.state::<AppState>().tiles_ctx()).await;
            });
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("Trackmate could not start")
        .run(|app, event| {
            // The state is never dropped: save the tile cache's LRU order explicitly.
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().tiles().flush();
            }
        });
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_capability_grants_exactly_the_commands() {
        let capability = include_str!("../capabilities/main.json");
        for cmd in super::COMMANDS {
            let permission = format!("\"allow-{}\"", cmd.replace('_', "-"));
            assert!(
                capability.contains(&permission),
                "{permission} missing in capabilities"
            );
        }
        assert_eq!(
            capability.matches("\"allow-").count(),
            super::COMMANDS.len()
        );
    }
}
