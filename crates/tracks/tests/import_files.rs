//! What `read_path` opens: regular files only, refused at once otherwise (a device is never
//! read, a named pipe never waited on), and nothing over the size limit, checked before a
//! byte is read.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use trackmate_tracks::import::{ImportError, ImportOptions};
use trackmate_tracks::{read_path, read_path_with};

const GPX: &str =
    r#"<gpx><trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.1" lon="2"/></trkseg></trk></gpx>"#;

/// `read_path` on another thread: a reader that blocked (on a pipe) or read without end (a
/// device) would never answer, so the answer must come — the wait is only a guard that turns
/// such a hang into a failure instead of a stuck test run.
fn read_guarded(path: &Path) -> Result<trackmate_tracks::Imported, ImportError> {
    let (tx, rx) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || tx.send(read_path(&path)).ok());
    rx.recv_timeout(Duration::from_secs(30))
        .expect("read_path returned at once")
}

#[cfg(unix)]
#[test]
fn devices_and_named_pipes_are_refused_without_reading() {
    for (device, says) in [
        ("/dev/zero", "/dev/zero is a device, not a track file"),
        ("/dev/urandom", "/dev/urandom is a device, not a track file"),
        ("/dev/null", "/dev/null is a device, not a track file"),
    ] {
        let e = read_guarded(Path::new(device)).unwrap_err();
        assert!(matches!(e, ImportError::NotAFile { .. }), "{e:?}");
        assert_eq!(e.to_string(), says);
    }

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.gpx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody writes to it: opening it for reading would wait forever.
    let e = read_guarded(&fifo).unwrap_err();
    assert!(
        matches!(
            e,
            ImportError::NotAFile {
                kind: "a named pipe (FIFO)",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .ends_with("pipe.gpx is a named pipe (FIFO), not a track file")
    );
    // A link to the pipe is the pipe.
    let link = dir.path().join("link.gpx");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    assert!(matches!(
        read_guarded(&link),
        Err(ImportError::NotAFile { .. })
    ));
    // So is a folder.
    let e = read_guarded(dir.path()).unwrap_err();
    assert!(
        e.to_string().ends_with("is a folder, not a track file"),
        "{e}"
    );
    // A link to a regular file reads.
    let file = dir.path().join("real.gpx");
    std::fs::write(&file, GPX).unwrap();
    let to_file = dir.path().join("to-real.gpx");
    std::os::unix::fs::symlink(&file, &to_file).unwrap();
    assert_eq!(read_guarded(&to_file).unwrap().track.segments.len(), 1);
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    // A sparse 5.2 GB file: reading it would take minutes and gigabytes; refusing it, nothing.
    let huge = dir.path().join("trip.gpx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(5_200_000_000)
        .unwrap();
    let e = read_guarded(&huge).unwrap_err();
    assert!(
        matches!(
            e,
            ImportError::TooBig {
                size: 5_200_000_000,
                limit: 2_000_000_000,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .ends_with("trip.gpx is 5.2 GB; files larger than 2 GB are not opened"),
        "{e}"
    );

    // The limit is the caller's: at the limit a file reads, one byte over it does not.
    let small = dir.path().join("small.gpx");
    std::fs::write(&small, GPX).unwrap();
    let at = |max_file_size| read_path_with(&small, &ImportOptions { max_file_size });
    assert_eq!(at(GPX.len() as u64).unwrap().track.segments.len(), 1);
    let e = at(GPX.len() as u64 - 1).unwrap_err();
    assert!(
        e.to_string().ends_with(&format!(
            "small.gpx is {} bytes; files larger than {} bytes are not opened",
            GPX.len(),
            GPX.len() - 1
        )),
        "{e}"
    );
    assert_eq!(
        ImportOptions::default().max_file_size,
        trackmate_tracks::import::DEFAULT_MAX_FILE_SIZE
    );
}
