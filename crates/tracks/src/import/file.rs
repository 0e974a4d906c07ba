//! Getting a track file's bytes: regular files only (a device or a named pipe would be read
//! forever, or block), never more than the size limit (checked before reading, and again
//! while reading in case the file grows; a mapped file is read at the size it had when
//! opened), big files mapped (Linux, `mapped.rs`) or else read in two halves at once.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::error::ImportError;

/// The size limit when none is given: 2 GB, some eight million GPX points — far beyond any
/// real recording, and a file that size already takes twice its size in memory to read.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2_000_000_000;

/// Limits on the files the importers open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// Files larger than this (in bytes) are refused before a byte is read.
    pub max_file_size: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Files from this size on (some 30,000 points) are read and dropped with a second thread's
/// help; for smaller ones a thread costs more than it saves.
pub(super) const BIG: usize = 8 << 20;

/// A file's bytes: read into memory, or (big files, on Linux) mapped.
pub(super) enum Bytes {
    Read(Vec<u8>),
    #[cfg(target_os = "linux")]
    Mapped(super::mapped::Mapped),
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.len())
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Read(bytes) => bytes,
            #[cfg(target_os = "linux")]
            Bytes::Mapped(mapped) => mapped.bytes(),
        }
    }
}

impl Bytes {
    /// Whether the file turned out shorter than it was when it was opened, while it was being
    /// read (another program cut it): what was read from it is not the file.
    pub(super) fn cut_short(&self) -> bool {
        match self {
            Bytes::Read(_) => false,
            #[cfg(target_os = "linux")]
            Bytes::Mapped(mapped) => mapped.cut_short(),
        }
    }
}

/// The bytes of the regular file at `path`, if it is no larger than `max` bytes.
pub(super) fn read_file(path: &Path, max: u64) -> Result<Bytes, ImportError> {
    let io_error = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => ImportError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ImportError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    };
    // What the path is, before opening it: opening a named pipe for reading waits for a
    // writer, and a device has no end.
    let meta = std::fs::metadata(path).map_err(io_error)?;
    check(path, &meta, max)?;
    let mut file = open(path).map_err(io_error)?;
    // The file opened may not be the one looked at (the path was replaced meanwhile).
    let meta = file.metadata().map_err(io_error)?;
    check(path, &meta, max)?;
    #[cfg(target_os = "linux")]
    if let Some(mapped) = usize::try_from(meta.len())
        .ok()
        .filter(|&len| len >= BIG)
        .and_then(|len| super::mapped::Mapped::map(&file, len))
    {
        return Ok(Bytes::Mapped(mapped));
    }
    let bytes = read_bounded(&mut file, meta.len(), max).map_err(io_error)?;
    let size = bytes.len() as u64;
    if size > max {
        return Err(ImportError::TooBig {
            path: path.to_path_buf(),
            size,
            limit: max,
        });
    }
    Ok(Bytes::Read(bytes))
}

/// Refuses what is not a regular file, and a file over the limit.
fn check(path: &Path, meta: &std::fs::Metadata, max: u64) -> Result<(), ImportError> {
    if !meta.is_file() {
        return Err(ImportError::NotAFile {
            path: path.to_path_buf(),
            kind: kind(&meta.file_type()),
        });
    }
    if meta.len() > max {
        return Err(ImportError::TooBig {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: max,
        });
    }
    Ok(())
}

/// What a path that is not a regular file is, in words.
fn kind(t: &std::fs::FileType) -> &'static str {
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens for reading without waiting: should the path have become a named pipe since it was
/// looked at, the open returns at once (and the check after it refuses the pipe). Reading a
/// regular file is the same with or without the flag.
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The file's bytes, `len` as its size says, plus whatever it has grown by — but never more
/// than one byte over `max`, so a file that grows without end costs no more than the limit.
fn read_bounded(file: &mut File, len: u64, max: u64) -> io::Result<Vec<u8>> {
    #[cfg(unix)]
    if let Some(bytes) = read_in_halves(file, len, max)? {
        return Ok(bytes);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(max)).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A big file, read as two halves at once: reading it is mostly the kernel copying pages and
/// mapping fresh ones, which two cores do in about half the time, and a file of a million
/// points is a quarter of a gigabyte. `None` when the file is small, no thread can be had, or
/// it shrank while being read; the file's position is then still at its start.
#[cfg(unix)]
fn read_in_halves(file: &mut File, len: u64, max: u64) -> io::Result<Option<Vec<u8>>> {
    use std::io::{ErrorKind, Seek, SeekFrom};
    use std::os::unix::fs::FileExt;

    let Some(len) = usize::try_from(len).ok().filter(|&len| len >= BIG) else {
        return Ok(None);
    };
    // Zeroed memory from the system is mapped only when written, so this costs nothing yet.
    let mut bytes = vec![0; len];
    let half = len / 2;
    let (head, tail) = bytes.split_at_mut(half);
    let shared = &*file;
    // Reading at an offset leaves the file's position alone.
    let read = std::thread::scope(|s| {
        let tail = std::thread::Builder::new()
            .spawn_scoped(s, move || shared.read_exact_at(tail, half as u64))
            .ok()?;
        let head = shared.read_exact_at(head, 0);
        // Reading cannot panic; were it to, the error says so rather than unwinding further.
        let tail = tail
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reading thread stopped")));
        Some(head.and(tail))
    });
    match read {
        // The file may have grown since its size was taken; read on to the end, or just past
        // the limit (the caller then refuses it).
        Some(Ok(())) => {
            file.seek(SeekFrom::Start(len as u64))?;
            let room = max.saturating_add(1).saturating_sub(len as u64);
            file.take(room).read_to_end(&mut bytes)?;
            Ok(Some(bytes))
        }
        Some(Err(e)) if e.kind() != ErrorKind::UnexpectedEof => Err(e),
        _ => Ok(None),
    }
}

/// Drops a file's bytes; a big file's on a thread of their own, as handing a quarter gigabyte
/// back to the system (or unmapping it) takes some milliseconds the caller need not wait for.
pub(super) fn release(bytes: Bytes) {
    if bytes.len() >= BIG {
        // Without a thread the closure, and the bytes with it, are dropped right here.
        std::thread::Builder::new()
            .name("trackmate-release".into())
            .spawn(move || drop(bytes))
            .ok();
    }
}

/// A size as the user writes it: bytes (`2000000`), or a number with a unit — `KB`, `MB`,
/// `GB`, `TB` (powers of 1000; `K`, `M`, `G`, `T` the same) or `KiB`, `MiB`, `GiB`, `TiB`
/// (powers of 1024), any case, a space allowed before the unit; `1.5GB` too.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim().to_ascii_lowercase();
    let scale: f64 = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "{text:?} is not a size: write bytes, or a number with KB, MB, GB (e.g. 500MB, 4GB)"
            ));
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a size: it needs a number, e.g. 4GB"))?;
    let bytes = (value * scale).round();
    // u64::MAX as f64 rounds up to 2^64, which is already too big.
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("{text:?} is too big a size"));
    }
    Ok(bytes as u64)
}

/// A size for messages: `5.2 GB`, `800 MB`, `12 kB`, `512 bytes` (powers of 1000, as file
/// managers show sizes).
pub fn format_size(bytes: u64) -> String {
    let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    let b = bytes as f64;
    for (scale, unit) in units {
        if b >= scale {
            let v = b / scale;
            // One decimal, dropped when it is zero: "2 GB", "5.2 GB".
            let text = format!("{v:.1}");
            let text = text.strip_suffix(".0").unwrap_or(&text);
            return format!("{text} {unit}");
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_as_fs_read_reads_them() {
        #[cfg(target_os = "linux")]
        let _slots = super::super::mapped::TEST_SLOTS
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 5, BIG - 1, BIG, BIG + 3] {
            let path = dir.path().join(format!("f{len}"));
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4096) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let read = read_file(&path, u64::MAX).unwrap();
            assert!(*read == *bytes && !read.cut_short(), "{len} bytes");
            // Big files are mapped where that is possible, small ones read.
            #[cfg(target_os = "linux")]
            assert_eq!(matches!(read, Bytes::Mapped(_)), len >= BIG, "{len} bytes");
            // Exactly at the limit is allowed; one byte over is not.
            assert!(
                *read_file(&path, len as u64).unwrap() == *bytes,
                "{len} bytes"
            );
            if len > 0 {
                let e = read_file(&path, len as u64 - 1).unwrap_err();
                assert!(
                    matches!(e, ImportError::TooBig { size, .. } if size == len as u64),
                    "{e:?}"
                );
            }
        }
        let missing = dir.path().join("missing");
        assert!(matches!(
            read_file(&missing, u64::MAX),
            Err(ImportError::NotFound { .. })
        ));
        assert!(matches!(
            read_file(dir.path(), u64::MAX),
            Err(ImportError::NotAFile {
                kind: "a folder",
                ..
            })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn growing_files_are_read_only_to_just_past_the_limit() {
        // A file that grows between its size being taken and its end being read: the reader
        // stops one byte past the limit, so an endless file cannot take endless memory.
        let dir = tempfile::tempdir().unwrap();
        for len in [100usize, BIG + 100] {
            let path = dir.path().join(format!("g{len}"));
            std::fs::write(&path, vec![b'x'; len]).unwrap();
            let mut file = File::open(&path).unwrap();
            let said = (len - 50) as u64;
            let bytes = read_bounded(&mut file, said, said + 10).unwrap();
            assert_eq!(bytes.len() as u64, said + 11, "{len}");
        }
    }

    #[test]
    fn sizes_read_and_shown() {
        assert_eq!(parse_size("2000000"), Ok(2_000_000));
        assert_eq!(parse_size("2GB"), Ok(2_000_000_000));
        assert_eq!(parse_size(" 1.5 gb "), Ok(1_500_000_000));
        assert_eq!(parse_size("500M"), Ok(500_000_000));
        assert_eq!(parse_size("1KiB"), Ok(1024));
        assert_eq!(parse_size("4GiB"), Ok(4 << 30));
        for bad in [
            "",
            "GB",
            "-1GB",
            "2 parsecs",
            "1e3",
            "99999999999TB",
            "1.2.3MB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format_size(5_200_000_000), "5.2 GB");
        assert_eq!(format_size(DEFAULT_MAX_FILE_SIZE), "2 GB");
        assert_eq!(format_size(800_000_000), "800 MB");
        assert_eq!(format_size(12_345), "12.3 kB");
        assert_eq!(format_size(512), "512 bytes");
    }
}
