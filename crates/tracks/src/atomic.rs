//! Replacing a file atomically, so a failed export never leaves a half-written or missing file;
//! an existing file keeps its permissions, and a symbolic link is written through, never replaced.

use std::fs::{self, File, Metadata};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::Error;

/// Writes `path` through `f`, replacing any existing file only once everything succeeded.
///
/// The data goes to a temporary file in the same directory as the file finally written (so the
/// rename stays on one filesystem and is atomic), is fsynced, and is then renamed over it. On any
/// error the temporary file is removed and the target is left exactly as it was.
///
/// - An existing file keeps its permissions (the mode on Unix). A read-only file is refused:
///   whoever made it read-only did not want it replaced.
/// - If `path` is a symbolic link, the file it finally points to is replaced (next to it) and the
///   link stays a link. A dangling or looping link, or one that ends at something other than a
///   file, is refused with [`Error::UnsafeTarget`]: following it could create a file anywhere.
/// - A new file gets the mode any program's new file gets (0666 less the umask, on Unix), like
///   a file saved by any other program, not tempfile's private 0600: people export to share.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let (target, existing) = resolve(path)?;
    // `Path::parent` is `Some("")` for a bare file name, which `new_in` would not accept.
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Dropping `tmp` on any early return deletes the temporary file.
    let mut tmp = new_temp(dir).map_err(io_err)?;
    {
        let mut out = BufWriter::new(tmp.as_file_mut());
        f(&mut out).map_err(|e| match e {
            // The closure only knows it wrote to a stream; name the file the user asked for.
            Error::Write(source) => io_err(source),
            other => other,
        })?;
        out.flush().map_err(io_err)?;
    }
    if let Some(meta) = &existing {
        keep_permissions(tmp.as_file(), meta).map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(&target).map_err(|e| io_err(e.error))?;
    // Make the rename itself durable. Some filesystems refuse to fsync a directory; the data is
    // already safe in the file then, so that is not worth failing the export for.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The file to replace and its metadata if it exists: `path` itself, or for a symbolic link the
/// file at the end of the chain of links.
fn resolve(path: &Path) -> Result<(PathBuf, Option<Metadata>), Error> {
    let unsafe_target = |reason: &str| Error::UnsafeTarget {
        path: path.to_path_buf(),
        reason: reason.to_owned(),
    };
    let link = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((path.to_path_buf(), None)),
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let (target, meta) = if link.file_type().is_symlink() {
        // `canonicalize` follows every link and fails on a dangling or looping one.
        let target = fs::canonicalize(path).map_err(|_| {
            unsafe_target(
                "it is a symbolic link that points to nothing (or to itself); \
                 the link was left as it is",
            )
        })?;
        let meta = fs::metadata(&target).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        (target, meta)
    } else {
        (path.to_path_buf(), link)
    };
    if !meta.is_file() {
        return Err(unsafe_target("it is not a regular file"));
    }
    if meta.permissions().readonly() {
        return Err(unsafe_target("the file is read-only"));
    }
    Ok((target, Some(meta)))
}

/// The temporary file, created with the mode a new file of any program gets.
#[cfg(unix)]
fn new_temp(dir: &Path) -> io::Result<NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    // The mode is passed to open(2), so the kernel applies the user's umask to it.
    tempfile::Builder::new()
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
}

/// Gives the new file the replaced file's permissions: the whole mode on Unix.
#[cfg(unix)]
fn keep_permissions(file: &File, old: &Metadata) -> io::Result<()> {
    file.set_permissions(old.permissions())
}

#[cfg(not(unix))]
fn new_temp(dir: &Path) -> io::Result<NamedTempFile> {
    NamedTempFile::new_in(dir)
}

/// Elsewhere the only permission std knows is the read-only flag, and read-only targets were
/// refused, so the new file's default (writable) is already what the old one had.

#[cfg(not(unix))]
fn keep_permissions(_file: &File, _old: &Metadata) -> io::Result<()> {
    Ok(())
}
