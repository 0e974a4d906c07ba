//! The real capability set (`capabilities/main.json`, compiled in by `generate_context!`): the
//! main window may call the app's commands, any other window may not, and no window may open
//! a file dialog itself (Rust opens them and hands out handles, see tests/files.rs).

mod common;

use serde_json::json;
use tauri::WebviewWindowBuilder;
use tauri::test::mock_builder;
use trackmate_app::{AppState, SettingsStore, run_app};
use trackmate_keystore::MemoryStore;

#[test]
fn only_the_main_window_may_call_the_commands() {
    let state = AppState::new(Box::new(MemoryStore::new()), SettingsStore::in_memory());
    let app = run_app(mock_builder(), state)
        .build(tauri::generate_context!())
        .expect("app builds with the real context");
    let main = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let other = WebviewWindowBuilder::new(&app, "other", Default::default())
        .build()
        .unwrap();

    // Missing arguments fail the call, but after the permission check.
    for cmd in trackmate_app::COMMANDS {
        let r = common::invoke_on(&main, cmd, json!({}));
        if let Err(e) = &r {
            assert!(!e.to_string().contains("not allowed"), "{cmd}: {e}");
        }
    }
    let err = common::invoke_on(&main, "list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "not_signed_in", "{err}");
    let err = common::invoke_on(&other, "list_objects", json!({})).unwrap_err();
    assert!(err.to_string().contains("not allowed"), "{err}");

    // The page has no dialog or file-system permission of its own.
    let capability = include_str!("../capabilities/main.json");
    for plugin in ["\"dialog:", "\"fs:"] {
        assert!(!capability.contains(plugin), "{plugin} granted");
    }
    for cmd in ["plugin:dialog|open", "plugin:dialog|save"] {
        let err = common::invoke_on(&main, cmd, json!({"options": {}})).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}
