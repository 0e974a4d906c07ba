//! The native menu bar through the real IPC path: relabelled in each language the page asks for.

mod common;

use serde_json::{Value, json};
use trackmate_keystore::MemoryStore;

/// The menu bar follows the page's language: each of the eight has its own texts, and an
/// unknown language is refused by the IPC layer before it reaches the menu.
#[test]
fn the_menu_bar_is_relabelled_in_the_pages_language() {
    use tauri::menu::MenuItemKind;
    let t = common::app_with_menu(Box::new(MemoryStore::new()));
    let file_text = |t: &common::TestApp| match t.app.menu().and_then(|m| m.get("file")) {
        Some(MenuItemKind::Submenu(s)) => s.text().unwrap(),
        _ => panic!("no File menu"),
    };
    let open_text = |t: &common::TestApp| match t.app.menu().and_then(|m| m.get("file")) {
        Some(MenuItemKind::Submenu(s)) => match s.get("open") {
            Some(MenuItemKind::MenuItem(i)) => i.text().unwrap(),
            _ => panic!("no Open item"),
        },
        _ => panic!("no File menu"),
    };
    assert_eq!(file_text(&t), "File");
    let _: Value = t
        .invoke("set_menu_language", json!({"language": "ru"}))
        .unwrap();
    assert_eq!(file_text(&t), "Файл");
    assert_eq!(open_text(&t), "Открыть файл трека…");
    let _: Value = t
        .invoke("set_menu_language", json!({"language": "de"}))
        .unwrap();
    assert_eq!(file_text(&t), "Datei");
    assert!(
        t.invoke_json("set_menu_language", json!({"language": "xx"}))
            .is_err()
    );
    assert_eq!(file_text(&t), "Datei");
}
