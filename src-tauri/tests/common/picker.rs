//! A scripted `Picker`: the dialogs answer from a queue the test fills, and record what they
//! were asked (title, suggested name), so command tests need no native dialog.
#![allow(dead_code)] // each test binary uses a different subset

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tauri::Manager;
use trackmate_app::service::files::{Files, OpenRequest, Picker, SaveRequest};

#[derive(Default)]
pub struct Scripted {
    opens: Mutex<VecDeque<Option<Vec<PathBuf>>>>,
    saves: Mutex<VecDeque<Option<PathBuf>>>,
    pub asked: Mutex<Vec<String>>,
}

impl Scripted {
    /// The next open dialog chooses `paths` (`None`: cancelled).
    pub fn open(&self, paths: Option<Vec<PathBuf>>) {
        self.opens.lock().unwrap().push_back(paths);
    }

    /// The next save dialog chooses `path` (`None`: cancelled).
    pub fn save(&self, path: Option<PathBuf>) {
        self.saves.lock().unwrap().push_back(path);
    }
}

impl Picker for Scripted {
    fn pick_open(&self, req: &OpenRequest) -> Option<Vec<PathBuf>> {
        self.asked
            .lock()
            .unwrap()
            .push(format!("open: {}", req.title));
        self.opens
            .lock()
            .unwrap()
            .pop_front()
            .expect("an open dialog the test did not expect")
    }

    fn pick_save(&self, req: &SaveRequest) -> Option<PathBuf> {
        self.asked
            .lock()
            .unwrap()
            .push(format!("save: {} as {}", req.title, req.file_name));
        self.saves
            .lock()
            .unwrap()
            .pop_front()
            .expect("a save dialog the test did not expect")
    }
}

/// Installs a scripted picker in the app's `Files` and returns it.
pub fn install<R: tauri::Runtime>(app: &tauri::App<R>) -> Arc<Scripted> {
    let picker = Arc::new(Scripted::default());
    app.state::<Files>().set_picker(picker.clone());
    picker
}
