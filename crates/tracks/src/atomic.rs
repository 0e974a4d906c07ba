//! Replacing a file atomically, so a failed export never leaves a half-written or missing file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use tempfile::NamedTempFile;

use crate::Error;

/// Writes `path` through `f`, replacing any existing file only once everything succeeded.
///
/// The data goes to a temporary file in the same directory (so the final rename stays on one
/// filesystem and is atomic), is fsynced, and is then renamed over `path`. On any error the
/// temporary file is removed and `path` is left exactly as it was.
///
/// Note: the new file gets the temporary file's mode (0600 on Unix).
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> Result<(), Error>,
) -> Result<(), Error> {
    let io_err = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // `Path::parent` is `Some("")` for a bare file name, which `new_in` would not accept.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Dropping `tmp` on any early return deletes the temporary file.
    let mut tmp = NamedTempFile::new_in(dir).map_err(io_err)?;
    {
        let mut out = BufWriter::new(tmp.as_file_mut());
        f(&mut out).map_err(|e| match e {
            // The closure only knows it wrote to a stream; name the file the user asked for.
            Error::Write(source) => io_err(source),
            other => other,
        })?;
        out.flush().map_err(io_err)?;
    }
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    // Make the rename itself durable. Some filesystems refuse to fsync a directory; the data is
    // already safe in the file then, so that is not worth failing the export for.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
