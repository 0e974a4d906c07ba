//! The window's menu bar (File: open a track file, compare with a file, export, quit). A menu
//! click is forwarded to the web view as a `menu` event carrying the item's id; the web view runs
//! the same action as its own buttons, so there is one implementation of each. Those actions ask
//! Rust for the file dialogs (`pick_track_files`, `pick_export_target`), so a menu click, like a
//! button, ends in a file the user chose and a handle, never in a path from the page. Its texts
//! follow the page's language (`relabel`).

use tauri::menu::{Menu, MenuItem, MenuItemKind, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

use crate::dto::Language;

/// The File menu's id (to find it again when relabelling).
const FILE: &str = "file";

/// The File menu's texts in one language: the menu, open, compare, export, quit.
pub fn texts(lang: Language) -> [&'static str; 5] {
    match lang {
        Language::En => [
            "File",
            "Open track file…",
            "Compare with a file…",
            "Export the shown track…",
            "Quit",
        ],
        Language::Ru => [
            "Файл",
            "Открыть файл трека…",
            "Сравнить с файлом…",
            "Экспортировать показанный трек…",
            "Выход",
        ],
        Language::Es => [
            "Archivo",
            "Abrir archivo de recorrido…",
            "Comparar con un archivo…",
            "Exportar el recorrido mostrado…",
            "Salir",
        ],
        Language::Ar => [
            "ملف",
            "فتح ملف مسار…",
            "المقارنة مع ملف…",
            "تصدير المسار المعروض…",
            "إنهاء",
        ],
        Language::De => [
            "Datei",
            "Streckendatei öffnen…",
            "Mit einer Datei vergleichen…",
            "Angezeigte Strecke exportieren…",
            "Beenden",
        ],
        Language::Pt => [
            "Arquivo",
            "Abrir arquivo de trajeto…",
            "Comparar com um arquivo…",
            "Exportar o trajeto exibido…",
            "Sair",
        ],
        Language::Ro => [
            "Fișier",
            "Deschide un fișier de traseu…",
            "Compară cu un fișier…",
            "Exportă traseul afișat…",
            "Ieșire",
        ],
        Language::Uk => [
            "Файл",
            "Відкрити файл треку…",
            "Порівняти з файлом…",
            "Експортувати показаний трек…",
            "Вихід",
        ],
    }
}

/// Gives the File menu's items the texts of `lang`. A menu that cannot be changed keeps its
/// texts (logged): the page goes on either way.
pub fn relabel<R: Runtime>(app: &AppHandle<R>, lang: Language) {
    let [file, open, compare, export, quit] = texts(lang);
    let Some(MenuItemKind::Submenu(menu)) = app.menu().and_then(|m| m.get(FILE)) else {
        return;
    };
    let mut result = menu.set_text(file);
    for item in menu.items().unwrap_or_default() {
        result = result.and(match &item {
            MenuItemKind::MenuItem(i) if i.id() == OPEN => i.set_text(open),
            MenuItemKind::MenuItem(i) if i.id() == COMPARE => i.set_text(compare),
            MenuItemKind::MenuItem(i) if i.id() == EXPORT => i.set_text(export),
            // The one predefined item with a text of ours: Quit (a separator has none).
            MenuItemKind::Predefined(p) if p.text().is_ok_and(|t| !t.is_empty()) => {
                p.set_text(quit)
            }
            _ => Ok(()),
        });
    }
    if let Err(e) = result {
        tracing::warn!(error = %e, "menu not relabelled");
    }
}

/// Menu item ids, also the payloads of the `menu` event (ui/src/api/menu.ts).
pub const OPEN: &str = "open";
pub const COMPARE: &str = "compare";
pub const EXPORT: &str = "export";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let [file, open, compare, export, quit] = texts(Language::En);
    let file = Submenu::with_id_and_items(
        app,
        FILE,
        file,
        true,
        &[
            &MenuItem::with_id(app, OPEN, open, true, Some("CmdOrCtrl+O"))?,
            &MenuItem::with_id(app, COMPARE, compare, true, None::<&str>)?,
            &MenuItem::with_id(app, EXPORT, export, true, Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some(quit))?,
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
