//! The local files the web view may touch: only those the user chose in a dialog opened by Rust
//! (or dropped on the window). Each choice is kept here under an unguessable handle, good only
//! for what it was chosen for (opening, or exporting in one format); the web view never sends a
//! path, so a compromised page can read or overwrite nothing the user did not pick.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::dto_insight::{ExportFormat, PickedFile};
use crate::error::{AppError, AppErrorKind};
use crate::lock::lock;

/// Extensions the app reads (the open dialog's filter).
pub const TRACK_EXTENSIONS: &[&str] = &["gpx", "kml", "geojson", "json", "csv"];

/// What the open dialog shows.
#[derive(Debug, Clone)]
pub struct OpenRequest {
    pub title: String,
    pub filter_name: String,
    pub extensions: &'static [&'static str],
}

/// What the save dialog shows.
#[derive(Debug, Clone)]
pub struct SaveRequest {
    pub title: String,
    pub filter_name: String,
    pub extensions: &'static [&'static str],
    /// A bare file name (no folders), e.g. `Van 01.gpx`.
    pub file_name: String,
}

/// The file dialogs. The app's is tauri-plugin-dialog (`crate::dialogs`); tests script one.
/// Both calls block until the user answers, so they are made off the async workers.
pub trait Picker: Send + Sync {
    /// The chosen files, `None` when cancelled.
    fn pick_open(&self, req: &OpenRequest) -> Option<Vec<PathBuf>>;
    /// The chosen file to write, `None` when cancelled.
    fn pick_save(&self, req: &SaveRequest) -> Option<PathBuf>;
}

/// What a handle may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Open,
    Export(ExportFormat),
}

/// The chosen files by handle, and the dialogs to choose them with (`tauri::State<Files>`).
#[derive(Default)]
pub struct Files {
    picked: Mutex<HashMap<String, (PathBuf, Purpose)>>,
    picker: Mutex<Option<Arc<dyn Picker>>>,
    /// A dialog is open: one at a time, so a page cannot stack dialogs over the window.
    asking: Arc<AtomicBool>,
}

/// Marks a dialog as open until dropped (also when the dialog task fails).
struct Asking(Arc<AtomicBool>);

impl Drop for Asking {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl Files {
    /// Uses `picker` for the dialogs (the app sets the real one at start-up).
    pub fn set_picker(&self, picker: Arc<dyn Picker>) {
        *lock(&self.picker) = Some(picker);
    }

    /// The picker, and the mark that a dialog is open (refused while another one is).
    fn picker(&self) -> Result<(Arc<dyn Picker>, Asking), AppError> {
        let picker = lock(&self.picker)
            .clone()
            .ok_or_else(|| AppError::io("No file dialog is available."))?;
        if self.asking.swap(true, Ordering::SeqCst) {
            return Err(AppError::invalid_input("A file dialog is already open."));
        }
        Ok((picker, Asking(Arc::clone(&self.asking))))
    }

    fn register(&self, path: PathBuf, purpose: Purpose) -> PickedFile {
        let name = file_name(&path);
        let handle = new_handle();
        lock(&self.picked).insert(handle.clone(), (path, purpose));
        PickedFile { handle, name }
    }

    /// Files dropped on the window: the user chose them as surely as in the open dialog.
    pub fn register_dropped(&self, paths: Vec<PathBuf>) -> Vec<PickedFile> {
        paths
            .into_iter()
            .map(|p| self.register(p, Purpose::Open))
            .collect()
    }

    fn resolve(&self, handle: &str, want: Purpose) -> Result<PathBuf, AppError> {
        match lock(&self.picked).get(handle) {
            Some((path, purpose)) if *purpose == want => Ok(path.clone()),
            Some(_) => Err(not_picked(
                "This file was chosen for something else. Choose it again.",
            )),
            None => Err(not_picked(
                "Only a file chosen in Trackmate's file dialog (or dropped on the window) can be \
                 used. Choose it again.",
            )),
        }
    }

    /// The file behind `handle`, if it was chosen to be opened.
    pub fn to_open(&self, handle: &str) -> Result<PathBuf, AppError> {
        self.resolve(handle, Purpose::Open)
    }

    /// The file behind `handle`, if it was chosen as the target of a `format` export.
    pub fn to_export(&self, handle: &str, format: ExportFormat) -> Result<PathBuf, AppError> {
        self.resolve(handle, Purpose::Export(format))
    }
}

/// The typed error of a handle that was never given out, or given out for something else.
fn not_picked(message: &str) -> AppError {
    AppError::new(AppErrorKind::NotPicked, message)
}

/// 128 random bits from the OS, so a page cannot guess the handle of a file it was not given.
fn new_handle() -> String {
    let mut bytes = [0u8; 16];
    // Without OS randomness no handle can be safe: failing loudly beats a guessable one.
    getrandom::fill(&mut bytes).expect("the OS random number generator failed");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("file-{hex}")
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Runs a blocking dialog off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::io(format!("the file dialog failed: {e}")))
}

/// Asks for track files to open; an empty list when the user cancels.
pub async fn pick_track_files(
    files: &Files,
    title: &str,
    filter_name: &str,
) -> Result<Vec<PickedFile>, AppError> {
    let (picker, asking) = files.picker()?;
    let req = OpenRequest {
        title: title.to_owned(),
        filter_name: filter_name.to_owned(),
        extensions: TRACK_EXTENSIONS,
    };
    let paths = blocking(move || picker.pick_open(&req)).await?;
    drop(asking);
    Ok(paths
        .unwrap_or_default()
        .into_iter()
        .map(|p| files.register(p, Purpose::Open))
        .collect())
}

/// Asks where to save a `format` export; `None` when the user cancels. The chosen path gets the
/// format's extension when it has none; another extension is refused (see `view::export_path`).
pub async fn pick_export_target(
    files: &Files,
    format: ExportFormat,
    suggested_name: &str,
    title: &str,
    filter_name: &str,
) -> Result<Option<PickedFile>, AppError> {
    let (picker, asking) = files.picker()?;
    let req = SaveRequest {
        title: title.to_owned(),
        filter_name: filter_name.to_owned(),
        extensions: format.extensions(),
        file_name: bare_name(suggested_name),
    };
    let chosen = blocking(move || picker.pick_save(&req)).await?;
    drop(asking);
    let Some(path) = chosen else {
        return Ok(None);
    };
    let path = crate::service::view::export_path(&path, format)?;
    Ok(Some(files.register(path, Purpose::Export(format))))
}

/// The page's suggested name without any folder part: the dialog starts in the user's folder,
/// not wherever a page would like.
fn bare_name(suggested: &str) -> String {
    let last = suggested.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    match name.trim() {
        "" | "." | ".." => "track".to_owned(),
        n => n.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_random_and_bound_to_their_purpose() {
        let files = Files::default();
        let a = files.register("/data/a.gpx".into(), Purpose::Open);
        let b = files.register("/data/b.csv".into(), Purpose::Export(ExportFormat::Csv));
        assert_ne!(a.handle, b.handle);
        assert_eq!(a.handle.len(), "file-".len() + 32);
        assert_eq!(a.name, "a.gpx");
        assert_eq!(files.to_open(&a.handle).unwrap(), Path::new("/data/a.gpx"));
        assert_eq!(
            files.to_export(&b.handle, ExportFormat::Csv).unwrap(),
            Path::new("/data/b.csv")
        );
        for e in [
            files.to_export(&a.handle, ExportFormat::Gpx).unwrap_err(),
            files.to_open(&b.handle).unwrap_err(),
            files.to_export(&b.handle, ExportFormat::Kml).unwrap_err(),
            files.to_open("/data/a.gpx").unwrap_err(),
            files.to_open("").unwrap_err(),
        ] {
            assert_eq!(e.kind, AppErrorKind::NotPicked, "{e}");
        }
    }

    /// A picker whose open dialog waits until the test lets it answer.
    struct Held(Mutex<Option<std::sync::mpsc::Receiver<()>>>);

    impl Picker for Held {
        fn pick_open(&self, _: &OpenRequest) -> Option<Vec<PathBuf>> {
            let rx = lock(&self.0).take()?;
            rx.recv().ok()?;
            Some(vec!["/data/a.gpx".into()])
        }
        fn pick_save(&self, _: &SaveRequest) -> Option<PathBuf> {
            None
        }
    }

    #[test]
    fn one_dialog_at_a_time() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let files = Arc::new(Files::default());
        let (tx, rx) = std::sync::mpsc::channel();
        files.set_picker(Arc::new(Held(Mutex::new(Some(rx)))));
        let first = {
            let files = Arc::clone(&files);
            rt.spawn(async move { pick_track_files(&files, "t", "f").await })
        };
        // Wait until the first dialog is open (the flag is set before it is shown).
        while !files.asking.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        let second = rt.block_on(pick_export_target(&files, ExportFormat::Gpx, "x", "t", "f"));
        assert_eq!(
            second.unwrap_err().message,
            "A file dialog is already open."
        );
        tx.send(()).unwrap();
        let picked = rt.block_on(first).unwrap().unwrap();
        assert_eq!(picked.len(), 1);
        // Closed: the next dialog may open.
        assert!(
            rt.block_on(pick_export_target(&files, ExportFormat::Gpx, "x", "t", "f"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_suggested_name_loses_its_folders() {
        assert_eq!(bare_name("../../etc/passwd"), "passwd");
        assert_eq!(bare_name("C:\\Users\\x\\trip.gpx"), "trip.gpx");
        assert_eq!(bare_name("Van 01.kml"), "Van 01.kml");
        assert_eq!(bare_name("dir/"), "track");
        assert_eq!(bare_name(".."), "track");
        assert_eq!(bare_name("a\u{0}b\n.csv"), "ab.csv");
    }
}
