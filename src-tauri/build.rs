//! Tauri's build step, with the app's own commands declared so capabilities can grant exactly
//! these (`allow-<command>` permissions); keep the list equal to `trackmate_app::COMMANDS`.

const COMMANDS: &[&str] = &[
    "sign_in",
    "verify_code",
    "sign_in_with_key",
    "start_demo",
    "restore_session",
    "sign_out",
    "list_objects",
    "object_states",
    "list_trips",
    "load_track",
    "cancel_load",
    "get_settings",
    "set_settings",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step");
}
