//! The file dialogs behind `service::files::Picker`: tauri-plugin-dialog's native ones, and in
//! debug builds only one answered from a file (`TRACKMATE_TEST_DIALOG`) for the end-to-end
//! tests; plus files dropped on the window, which become handles like a dialog's choice.

use std::path::PathBuf;
use std::sync::Arc;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::dto_insight::PickedFile;
use crate::service::files::{Files, OpenRequest, Picker, SaveRequest};

/// The event carrying the handles of files dropped on the window (`PickedFile[]`).
pub const DROPPED_EVENT: &str = "files-dropped";

/// The native dialogs of tauri-plugin-dialog.
struct NativePicker<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> Picker for NativePicker<R> {
    fn pick_open(&self, req: &OpenRequest) -> Option<Vec<PathBuf>> {
        let picked = self
            .app
            .dialog()
            .file()
            .set_title(&req.title)
            .add_filter(&req.filter_name, req.extensions)
            .blocking_pick_files()?;
        Some(
            picked
                .into_iter()
                .filter_map(|p| p.into_path().ok())
                .collect(),
        )
    }

    fn pick_save(&self, req: &SaveRequest) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .set_title(&req.title)
            .set_file_name(&req.file_name)
            .add_filter(&req.filter_name, req.extensions)
            .blocking_save_file()?
            .into_path()
            .ok()
    }
}

/// The dialogs the app uses: the native ones, or in a debug build with `TRACKMATE_TEST_DIALOG`
/// set, the scripted ones (a release build has no such switch).
pub fn install<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("TRACKMATE_TEST_DIALOG") {
        tracing::warn!("file dialogs are answered from {file:?} (a test build)");
        app.state::<Files>()
            .set_picker(Arc::new(scripted::FilePicker(file.into())));
        return;
    }
    app.state::<Files>()
        .set_picker(Arc::new(NativePicker { app: app.clone() }));
}

/// Files dropped on the window: kept as chosen for opening, their handles sent to the page.
pub fn files_dropped<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>) {
    if paths.is_empty() {
        return;
    }
    let picked: Vec<PickedFile> = app.state::<Files>().register_dropped(paths);
    if let Err(e) = app.emit(DROPPED_EVENT, &picked) {
        tracing::warn!(error = %e, "dropped files not delivered");
    }
}

/// End-to-end tests cannot click a native dialog reliably: in debug builds the answers come from
/// a JSON file, `{"open": [paths] | null, "save": path | null}`, each key used once (removed when
/// read); a missing key or file is a cancel.
#[cfg(debug_assertions)]
mod scripted {
    use std::path::PathBuf;

    use serde_json::{Map, Value};

    use super::{OpenRequest, Picker, SaveRequest};

    pub struct FilePicker(pub PathBuf);

    impl FilePicker {
        fn take(&self, key: &str) -> Value {
            let Ok(text) = std::fs::read_to_string(&self.0) else {
                return Value::Null;
            };
            let mut map: Map<String, Value> = serde_json::from_str(&text).unwrap_or_default();
            let answer = map.remove(key).unwrap_or(Value::Null);
            let rest = Value::Object(map).to_string();
            if let Err(e) = std::fs::write(&self.0, rest) {
                tracing::warn!(error = %e, "test dialog answers not updated");
            }
            answer
        }
    }

    impl Picker for FilePicker {
        fn pick_open(&self, _: &OpenRequest) -> Option<Vec<PathBuf>> {
            let list = self.take("open");
            let paths = list.as_array()?;
            Some(
                paths
                    .iter()
                    .filter_map(|p| p.as_str().map(PathBuf::from))
                    .collect(),
            )
        }

        fn pick_save(&self, _: &SaveRequest) -> Option<PathBuf> {
            self.take("save").as_str().map(PathBuf::from)
        }
    }
}
