//! Tauri's build step, with the app's own commands declared so capabilities can grant exactly
//! these (`allow-<command>` permissions); the list is `src/command_names.rs`, shared with the crate.

include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step");
}
