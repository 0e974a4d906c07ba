//! The window's menu bar (File: open a track file, compare with a file, export, quit). A menu
//! click is forwarded to the web view as a `menu` event carrying the item's id; the web view runs
//! the same action as its own buttons, so there is one implementation of each. Those actions ask
//! Rust for the file dialogs (`pick_track_files`, `pick_export_target`), so a menu click, like a
//! button, ends in a file the user chose and a handle, never in a path from the page.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

/// Menu item ids, also the payloads of the `menu` event (ui/src/api/menu.ts).
pub const OPEN: &str = "open";
pub const COMPARE: &str = "compare";
pub const EXPORT: &str = "export";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &MenuItem::with_id(app, OPEN, "Open track file…", true, Some("CmdOrCtrl+O"))?,
            &MenuItem::with_id(app, COMPARE, "Compare with a file…", true, None::<&str>)?,
            &MenuItem::with_id(
                app,
                EXPORT,
                "Export the shown track…",
                true,
                Some("CmdOrCtrl+E"),
            )?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some("Quit"))?,
        ],
    )?;
    #[cfg(target_os = "macos")]
    {
        mac::menu(app, &file)
    }
    #[cfg(not(target_os = "macos"))]
    Menu::with_items(app, &[&file])
}

/// macOS takes the first submenu as the application menu, and the web view's text fields get
/// Cmd+C/V/X/A/Z only from an Edit menu's items: without one, a password or an API key cannot
/// be pasted. So there: the application menu, File, Edit.
#[cfg(target_os = "macos")]
mod mac {
    use tauri::menu::{Menu, PredefinedMenuItem as Item, Submenu};
    use tauri::{AppHandle, Runtime};

    pub fn menu<R: Runtime>(app: &AppHandle<R>, file: &Submenu<R>) -> tauri::Result<Menu<R>> {
        let application = Submenu::with_items(
            app,
            "Trackmate",
            true,
            &[
                &Item::about(app, None, None)?,
                &Item::separator(app)?,
                &Item::hide(app, None)?,
                &Item::hide_others(app, None)?,
                &Item::show_all(app, None)?,
                &Item::separator(app)?,
                &Item::quit(app, None)?,
            ],
        )?;
        let edit = Submenu::with_items(
            app,
            "Edit",
            true,
            &[
                &Item::undo(app, None)?,
                &Item::redo(app, None)?,
                &Item::separator(app)?,
                &Item::cut(app, None)?,
                &Item::copy(app, None)?,
                &Item::paste(app, None)?,
                &Item::select_all(app, None)?,
            ],
        )?;
        Menu::with_items(app, &[&application, file, &edit])
    }
}

/// Forwards a click on one of our items to the web view.
pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if [OPEN, COMPARE, EXPORT].contains(&id) {
        if let Err(e) = app.emit("menu", id) {
            tracing::warn!(error = %e, "menu event not delivered");
        }
    }
}
