//! Trackmate's desktop app: the Tauri shell over `trackmate-api`, `-tracks`, `-sim` and
//! `-keystore`. This module wires the commands, state and plugins together; `run_app` takes any
//! `tauri::Builder` so tests boot the same app on `tauri::test::mock_builder()`.

mod commands;
mod menu;
pub mod dto;
pub mod dto_insight;
pub mod error;
pub mod service;
pub mod state;

pub use error::AppError;
pub use service::settings::SettingsStore;
pub use state::AppState;
use tauri::{Builder, Manager, Runtime};

// Every command the web view may call (`COMMANDS`); one list, shared with `build.rs`, which
// declares it so the capability can grant exactly these (`allow-<command>` permissions).
include!("command_names.rs");

/// The app on `builder`: its state and commands. Plugins that need a real window system are
/// added by [`run`] only.
pub fn run_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
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
            commands::open_track_file,
            commands::close_track,
            commands::track_summary,
            commands::point_details,
            commands::export_track,
            commands::list_events,
            commands::list_geo,
            commands::get_settings,
            commands::set_settings,
        ])
}

/// Starts the desktop app (the binary's `main`).
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let state = AppState::with_os_keyring(SettingsStore::in_memory());
    run_app(tauri::Builder::default(), state)
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Open and save dialogs for local track files (the web view asks; the user picks).
        .plugin(tauri_plugin_dialog::init())
        .menu(|app| menu::build(app))
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .setup(|app| {
            let dir = app.path().app_config_dir()?;
            app.state::<AppState>()
                .settings
                .load_from(dir.join("settings.json"));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("Trackmate could not start");
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
