//! JSON writer: the model as serde serializes it, the lossless format Trackmate can read back.

use std::io::Write;

use crate::{Error, Track};

pub(super) fn write(tracks: &[Track], w: &mut impl Write) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *w, tracks).map_err(|e| {
        // Keep I/O failures as I/O errors so `write_atomic` can name the file.
        if e.is_io() {
            Error::Write(e.into())
        } else {
            Error::Json(e)
        }
    })?;
    w.write_all(b"\n")?;
    Ok(())
}
