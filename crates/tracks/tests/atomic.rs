//! `write_atomic`: the target is replaced only on success and no temp files are left behind.

mod common;

use std::fs;
use std::io;
use std::path::Path;

use common::{export, sample};
use trackmate_tracks::{Error, Format, write, write_atomic};

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn success_writes_the_export_and_leaves_only_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.gpx");
    let tracks = sample();
    write_atomic(&target, |w| write(Format::Csv, &tracks, w)).unwrap();
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        export(Format::Csv, &tracks)
    );
    assert_eq!(dir_entries(dir.path()), ["out.gpx"]);

    // Replacing an existing file works too.
    write_atomic(&target, |w| Ok(w.write_all(b"second")?)).unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"second");
    assert_eq!(dir_entries(dir.path()), ["out.gpx"]);
}

#[test]
fn failing_writer_leaves_target_identical_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("track.kml");
    let original = b"original \x00\xff bytes\n".repeat(1000);
    fs::write(&target, &original).unwrap();

    // An I/O failure half-way, after plenty has been written (more than the buffer holds).
    let err = write_atomic(&target, |w| {
        w.write_all(&vec![b'x'; 100_000])?;
        Err(io::Error::other("disk on fire").into())
    })
    .unwrap_err();
    match &err {
        Error::Io { path, source } => {
            assert_eq!(path, &target);
            assert_eq!(source.to_string(), "disk on fire");
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
    assert!(err.to_string().contains("track.kml"), "{err}");
    assert_eq!(fs::read(&target).unwrap(), original);
    assert_eq!(dir_entries(dir.path()), ["track.kml"]);

    // A non-I/O failure is passed through unchanged.
    let err = write_atomic(&target, |w| {
        w.write_all(b"partial")?;
        Err("shp".parse::<Format>().unwrap_err())
    })
    .unwrap_err();
    assert!(matches!(err, Error::UnknownFormat { .. }), "{err:?}");
    assert_eq!(fs::read(&target).unwrap(), original);
    assert_eq!(dir_entries(dir.path()), ["track.kml"]);
}

#[test]
fn missing_directory_is_an_io_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-dir").join("out.json");
    let err = write_atomic(&target, |w| Ok(w.write_all(b"{}")?)).unwrap_err();
    assert!(
        matches!(&err, Error::Io { path, .. } if path == &target),
        "{err:?}"
    );
    assert!(err.to_string().contains("no-such-dir"), "{err}");
    assert_eq!(dir_entries(dir.path()), Vec::<String>::new());
}
