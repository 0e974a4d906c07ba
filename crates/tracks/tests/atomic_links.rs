//! `write_atomic` on existing files: the mode is kept, a symbolic link is written through (the
//! target changes, the link stays a link), and a link it cannot follow safely is refused with
//! nothing written anywhere.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use trackmate_tracks::{Error, write_atomic};

fn write(path: &Path, data: &[u8]) -> Result<(), Error> {
    write_atomic(path, |w| Ok(w.write_all(data)?))
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    n.sort();
    n
}

#[test]
fn an_existing_files_mode_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o644, 0o640, 0o755] {
        let target = dir.path().join(format!("trip-{mode:o}.csv"));
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(mode)).unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let got = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "mode {mode:o} became {got:o}");
    }
}

#[test]
fn a_new_file_gets_the_mode_any_new_file_gets_under_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    // std's File::create opens with 0666 and the kernel applies the umask: the reference.
    let reference = dir.path().join("reference");
    fs::write(&reference, b"x").unwrap();
    let want = fs::metadata(&reference).unwrap().permissions().mode() & 0o7777;
    let target = dir.path().join("new.gpx");
    write(&target, b"new").unwrap();
    let got = fs::metadata(&target).unwrap().permissions().mode() & 0o7777;
    assert_eq!(got, want, "a new export got {got:o}, a new file {want:o}");
}

#[test]
fn a_read_only_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("keep.gpx");
    fs::write(&target, b"precious").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();
    let err = write(&target, b"new").unwrap_err();
    assert!(
        matches!(&err, Error::UnsafeTarget { path, .. } if path == &target),
        "{err:?}"
    );
    assert!(err.to_string().contains("read-only"), "{err}");
    assert_eq!(fs::read(&target).unwrap(), b"precious");
    assert_eq!(names(dir.path()), ["keep.gpx"]);
}

#[test]
fn a_link_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("track.kml");
    fs::write(&real, b"old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    // A chain of two links, the first one relative.
    let middle = dir.path().join("middle.kml");
    symlink(&real, &middle).unwrap();
    let link = dir.path().join("link.kml");
    symlink("middle.kml", &link).unwrap();

    write(&link, b"new").unwrap();
    assert_eq!(fs::read(&real).unwrap(), b"new");
    for l in [&link, &middle] {
        assert!(fs::symlink_metadata(l).unwrap().file_type().is_symlink());
    }
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("middle.kml"));
    assert_eq!(fs::read_link(&middle).unwrap(), real);
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    // The temporary file was made next to the real file, and is gone.
    assert_eq!(names(&real_dir), ["track.kml"]);
    assert_eq!(names(dir.path()), ["link.kml", "middle.kml", "real"]);
}

#[test]
fn a_dangling_or_looping_link_is_refused_with_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("elsewhere").join("new.csv");
    let dangling = dir.path().join("dangling.csv");
    symlink(&nowhere, &dangling).unwrap();
    let err = write(&dangling, b"x").unwrap_err();
    assert!(
        matches!(&err, Error::UnsafeTarget { path, .. } if path == &dangling),
        "{err:?}"
    );
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(fs::read_link(&dangling).unwrap(), nowhere);
    assert!(!nowhere.exists());

    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    symlink(&b, &a).unwrap();
    symlink(&a, &b).unwrap();
    assert!(matches!(write(&a, b"x"), Err(Error::UnsafeTarget { .. })));
    assert_eq!(names(dir.path()), ["a.csv", "b.csv", "dangling.csv"]);
}

#[test]
fn a_link_to_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    let link = dir.path().join("sub.json");
    symlink(&sub, &link).unwrap();
    let err = write(&link, b"{}").unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(names(&sub).is_empty());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}
