//! Opening track files for the viewer: each file on its own, so one that cannot be read gets
//! its own message (naming the file and the reason) and the others still show. Files are read
//! off the window's thread, and whatever happens there ends as tracks or messages: a reader
//! that panicked (a bug; the importers return errors for any input) becomes the file's error,
//! so no file stays "loading" for ever. The files named on the command line start reading
//! before the window opens (`Reading`).

use crate::track::ViewTrack;
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use trackmate_tracks::{ImportError, ImportOptions, SpeedScale, Track, read_path_with};

/// A file that could not be shown, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl FileError {
    /// `name.gpx: reason`, as the window shows it.
    pub fn line(&self) -> String {
        format!("{}: {}", shown_name(&self.path), self.message)
    }
}

/// A file as the window names it: its name, or the whole path when it has none.
fn shown_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Files to open, and the limits they are opened within.
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub paths: Vec<PathBuf>,
    pub import: ImportOptions,
}

/// What opening some files gave.
#[derive(Debug, Default)]
pub struct Opened {
    pub tracks: Vec<ViewTrack>,
    pub errors: Vec<FileError>,
}

/// The window to repaint once something read in the background is ready (set once it exists).
pub type Wake = Arc<OnceLock<egui::Context>>;

/// Reads one file into a track, or says why not. The importer's messages name the place in
/// the file (line, column) and the formats it reads; the path is left to [`FileError::line`].
/// The track's figures and stops follow on a thread of their own, and `wake` is repainted
/// when they are there.
pub fn open_file(
    path: &Path,
    scale: &SpeedScale,
    import: &ImportOptions,
    wake: &Wake,
) -> Result<ViewTrack, FileError> {
    let imported = read_path_with(path, import).map_err(|e| FileError {
        path: path.to_path_buf(),
        // The window names the file itself; these would name it twice.
        message: match e {
            ImportError::NotFound { .. } => "file not found".to_owned(),
            ImportError::Unreadable { source, .. } => format!("cannot be read: {source}"),
            ImportError::NotAFile { kind, .. } => format!("is {kind}, not a track file"),
            ImportError::TooBig { size, limit, .. } => format!(
                "is {}; files larger than {} are not opened (trackmate view --max-file-size raises the limit)",
                trackmate_tracks::import::format_size(size),
                trackmate_tracks::import::format_size(limit)
            ),
            other => other.to_string(),
        },
    })?;
    let wake = Arc::clone(wake);
    let t = ViewTrack::figures_later(
        imported.track,
        &path.display().to_string(),
        imported.timeless,
        scale,
        move || {
            if let Some(ctx) = wake.get() {
                ctx.request_repaint();
            }
        },
    );
    Ok(t)
}

/// Opens every file, in order.
pub fn open_files(
    paths: &[PathBuf],
    scale: &SpeedScale,
    import: &ImportOptions,
    wake: &Wake,
) -> Opened {
    open_each(paths, |p| open_file(p, scale, import, wake))
}

/// Opens every file with `read`; a panic while reading one becomes that file's error.
fn open_each(paths: &[PathBuf], read: impl Fn(&Path) -> Result<ViewTrack, FileError>) -> Opened {
    let mut out = Opened::default();
    for p in paths {
        // Nothing `read` touches outlives a panic in it but the file's own result.
        match catch_unwind(AssertUnwindSafe(|| read(p))).unwrap_or_else(|e| Err(failed(p, &*e))) {
            Ok(t) => out.tracks.push(t),
            Err(e) => out.errors.push(e),
        }
    }
    trackmate_tracks::mem::release_freed();
    out
}

/// Files read in the background, as they come back to the window.
pub struct Loaded {
    /// The files' names, as the window lists them while they load.
    pub names: Vec<String>,
    pub opened: Opened,
}

/// Files being read for the window and the channel their tracks come back on. The command
/// line's files start before the window exists, so reading a big file overlaps opening the
/// window (20–35 ms of a 100,000-point file's ~150 ms to the first frame); files dropped later
/// come back the same way.
pub struct Reading {
    tx: Sender<Loaded>,
    pub rx: Receiver<Loaded>,
    /// The window's context once it exists: a file read after that wakes it. One read before
    /// it needs no waking: the window's first frame looks.
    wake: Wake,
    /// The limits files (given or dropped) are opened within.
    import: ImportOptions,
    /// The names of the files `start` began reading.
    pub started: Vec<String>,
}

impl Reading {
    /// Starts reading `files`.
    pub fn start(files: Files, scale: SpeedScale) -> Reading {
        let (tx, rx) = channel();
        let mut reading = Reading {
            tx,
            rx,
            wake: Arc::default(),
            import: files.import,
            started: Vec::new(),
        };
        reading.started = reading.open(files.paths, scale);
        reading
    }

    /// The window exists: what is read from now on repaints it.
    pub fn attach(&self, ctx: &egui::Context) {
        let _ = self.wake.set(ctx.clone());
    }

    /// Starts reading `paths` on a thread of their own; returns their names.
    pub fn open(&self, paths: Vec<PathBuf>, scale: SpeedScale) -> Vec<String> {
        if paths.is_empty() {
            return Vec::new();
        }
        let names: Vec<String> = paths.iter().map(|p| shown_name(p)).collect();
        let (tx, wake, sent) = (self.tx.clone(), Arc::clone(&self.wake), names.clone());
        // Every file comes back as a track or a message, even if reading it panicked.
        let figures = Arc::clone(&self.wake);
        open_in_background(paths, scale, self.import, figures, move |opened| {
            let _ = tx.send(Loaded {
                names: sent,
                opened,
            });
            if let Some(ctx) = wake.get() {
                ctx.request_repaint();
            }
        });
        names
    }
}

/// Opens the files on a thread of their own and hands what it gave to `done`, always: every
/// file ends as a track or a message, whatever happens while reading.
pub fn open_in_background(
    paths: Vec<PathBuf>,
    scale: SpeedScale,
    import: ImportOptions,
    wake: Wake,
    done: impl FnOnce(Opened) + Send + 'static,
) {
    spawn_with(paths, move |p| open_file(p, &scale, &import, &wake), done);
}

fn spawn_with(
    paths: Vec<PathBuf>,
    read: impl Fn(&Path) -> Result<ViewTrack, FileError> + Send + 'static,
    done: impl FnOnce(Opened) + Send + 'static,
) {
    // `done` runs exactly once: on the thread, or here when no thread can be had.
    let done = std::sync::Arc::new(std::sync::Mutex::new(Some(done)));
    let finish = {
        let done = std::sync::Arc::clone(&done);
        move |opened: Opened| {
            let done = done.lock().ok().and_then(|mut d| d.take());
            if let Some(done) = done {
                done(opened);
            }
        }
    };
    let all_failed = |paths: &[PathBuf], message: String| Opened {
        tracks: Vec::new(),
        errors: paths
            .iter()
            .map(|p| FileError {
                path: p.clone(),
                message: message.clone(),
            })
            .collect(),
    };
    let on_thread = {
        let (paths, finish) = (paths.clone(), finish.clone());
        move || {
            // `open_each` already turns a reader's panic into its file's error; this catches
            // the rest, so the window never waits on a thread that is gone.
            let opened = catch_unwind(AssertUnwindSafe(|| open_each(&paths, &read)))
                .unwrap_or_else(|e| {
                    all_failed(&paths, format!("could not be opened: {}", panic_text(&*e)))
                });
            finish(opened);
        }
    };
    let spawned = std::thread::Builder::new()
        .name("trackmate-open".into())
        .spawn(on_thread);
    if let Err(e) = spawned {
        finish(all_failed(
            &paths,
            format!("could not be opened: no thread to read it ({e})"),
        ));
    }
}

/// A file whose reader panicked.
fn failed(path: &Path, panic: &(dyn Any + Send)) -> FileError {
    FileError {
        path: path.to_path_buf(),
        message: format!(
            "could not be read: the reader failed ({}); this is a bug in Trackmate, please report it with the file",
            panic_text(panic)
        ),
    }
}

/// What a panic said, if it said it as text.
pub(crate) fn panic_text(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unexpected error".to_owned())
}

/// A track that is already in memory (from the server, or the demo).
pub fn from_track(track: &Track, origin: &str, scale: &SpeedScale) -> ViewTrack {
    ViewTrack::new(track, origin, false, scale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::File::create(&p)
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        p
    }

    const GPX: &str = r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Morning</name><trkseg>
<trkpt lat="51.1" lon="71.4"><time>2026-11-01T08:00:00Z</time></trkpt>
<trkpt lat="51.11" lon="71.41"><time>2026-11-01T08:01:00Z</time></trkpt>
</trkseg></trk></gpx>"#;

    #[test]
    fn each_bad_file_gets_its_own_message_and_the_good_ones_open() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.gpx", GPX);
        let broken = write(dir.path(), "broken.gpx", "<gpx><trk><trkseg><trkpt lat=");
        let empty = write(dir.path(), "empty.kml", "");
        let text = write(dir.path(), "notes.txt", "hello");
        let missing = dir.path().join("missing.gpx");
        let nopoints = write(
            dir.path(),
            "nothing.geojson",
            r#"{"type":"FeatureCollection","features":[]}"#,
        );
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let opened = open_files(
            &[broken.clone(), good.clone(), empty, text, missing, nopoints],
            &kmh,
            &ImportOptions::default(),
            &Wake::default(),
        );
        assert_eq!(opened.tracks.len(), 1);
        assert_eq!(opened.tracks[0].name, "Morning");
        assert_eq!(opened.tracks[0].len(), 2);
        let lines: Vec<String> = opened.errors.iter().map(FileError::line).collect();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(
            lines[0].starts_with("broken.gpx: not valid XML at line"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[1], "empty.kml: the file is empty");
        assert!(
            lines[2].starts_with("notes.txt: unsupported format `.txt`: Trackmate reads .gpx"),
            "{}",
            lines[2]
        );
        assert_eq!(lines[3], "missing.gpx: file not found");
        assert_eq!(
            lines[4],
            "nothing.geojson: the GeoJSON file has no track points"
        );
    }

    #[test]
    fn an_unreadable_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        // A folder named like a track: refused before it is opened.
        let p = dir.path().join("folder.gpx");
        std::fs::create_dir(&p).unwrap();
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let e = open_file(&p, &kmh, &ImportOptions::default(), &Wake::default()).unwrap_err();
        assert_eq!(e.line(), "folder.gpx: is a folder, not a track file");
        assert!(
            !e.message.contains(&dir.path().display().to_string()),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_file_over_the_limit_says_how_to_raise_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "long.gpx", GPX);
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let small = ImportOptions { max_file_size: 100 };
        let e = open_file(&p, &kmh, &small, &Wake::default()).unwrap_err();
        assert_eq!(
            e.line(),
            format!(
                "long.gpx: is {} bytes; files larger than 100 bytes are not opened (trackmate view --max-file-size raises the limit)",
                GPX.len()
            )
        );
        assert!(open_file(&p, &kmh, &ImportOptions::default(), &Wake::default()).is_ok());
    }

    #[test]
    fn a_reader_that_panics_ends_as_that_files_error_and_the_others_open() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.gpx", GPX);
        let bad = write(dir.path(), "bad.gpx", GPX);
        let also = write(dir.path(), "also.gpx", GPX);
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let (tx, rx) = std::sync::mpsc::channel();
        let bad_path = bad.clone();
        spawn_with(
            vec![good, bad.clone(), also],
            move |p| {
                if p == bad_path {
                    panic!("boom in the reader");
                }
                open_file(p, &kmh, &ImportOptions::default(), &Wake::default())
            },
            move |opened| tx.send(opened).unwrap(),
        );
        // The thread always reports: waiting for its one message cannot hang.
        let opened = rx.recv().unwrap();
        assert_eq!(opened.tracks.len(), 2);
        assert_eq!(opened.errors.len(), 1);
        assert_eq!(opened.errors[0].path, bad);
        let line = opened.errors[0].line();
        assert!(
            line.starts_with("bad.gpx: could not be read: the reader failed (boom in the reader)"),
            "{line}"
        );
        assert!(rx.recv().is_err(), "reported once");
    }

    #[test]
    fn every_file_is_reported_even_when_the_whole_loading_thread_fails() {
        let paths = vec![PathBuf::from("a.gpx"), PathBuf::from("b.kml")];
        let (tx, rx) = std::sync::mpsc::channel();
        // A panic that escapes the per-file guard: the reader's panic carries a payload that
        // panics again when the guard drops it, so the whole of `open_each` unwinds.
        spawn_with(
            paths.clone(),
            |_| std::panic::resume_unwind(Box::new(PanicOnDrop)),
            move |opened| tx.send(opened).unwrap(),
        );
        let opened = rx.recv().unwrap();
        let got: Vec<&Path> = opened.errors.iter().map(|e| e.path.as_path()).collect();
        assert_eq!(got, [Path::new("a.gpx"), Path::new("b.kml")]);
        assert!(opened.tracks.is_empty());
    }

    #[test]
    fn files_read_before_the_window_wait_for_it_and_later_ones_wake_it() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(dir.path(), "good.gpx", GPX);
        let missing = dir.path().join("missing.gpx");
        let kmh = SpeedScale::new(trackmate_tracks::SpeedUnit::Kmh);
        let files = Files {
            paths: vec![good.clone(), missing],
            import: ImportOptions::default(),
        };
        // No window yet: the files are read, their names listed as loading.
        let reading = Reading::start(files, kmh);
        assert_eq!(reading.started, ["good.gpx", "missing.gpx"]);
        let first = reading.rx.recv().unwrap();
        assert_eq!(first.names, ["good.gpx", "missing.gpx"]);
        assert_eq!(first.opened.tracks.len(), 1);
        assert_eq!(first.opened.errors.len(), 1);
        // The window exists: a file dropped on it comes back the same way and repaints it.
        let ctx = egui::Context::default();
        let (woke, woken) = channel();
        ctx.set_request_repaint_callback(move |_| {
            let _ = woke.send(());
        });
        reading.attach(&ctx);
        assert!(woken.try_recv().is_err(), "nothing woke it yet");
        assert_eq!(reading.open(vec![good], kmh), ["good.gpx"]);
        let dropped = reading.rx.recv().unwrap();
        assert_eq!(dropped.opened.tracks.len(), 1);
        // The wake comes right after the track is sent: wait for it, not for a while.
        woken
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the window is woken");
        assert!(reading.open(Vec::new(), kmh).is_empty());
    }

    /// A panic payload that panics again when dropped.
    struct PanicOnDrop;
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("dropping the panic");
        }
    }
}
