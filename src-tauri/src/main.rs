//! The `trackmate-app` binary: starts the desktop app.

// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    trackmate_app::run();
}
