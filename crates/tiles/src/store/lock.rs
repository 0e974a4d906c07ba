//! The cache folder's cross-process lock: an advisory lock on `<root>/lock` (std's
//! `File::try_lock`: `flock` on Unix, `LockFileEx` on Windows), so the app and `trackmate view`
//! never read-modify-write the index, evict, or rename a tile into place at the same time.
//!
//! It is only ever *tried*, with a deadline: a process that cannot have it in time goes on
//! without it (it still serves and stores tiles, it only skips evicting and saving the index
//! until the next chance), so a stuck or stopped process never freezes the other's map. The
//! kernel drops the lock of a process that dies, so a crash never leaves it taken.
//!
//! `flock` belongs to an open file, not to a process: two caches on one folder in one process
//! (the tests) exclude each other like two processes do. Threads of one cache share one open
//! file, so an in-process mutex comes first.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard, TryLockError as MutexBusy};
use std::time::{Duration, Instant};

const LOCK_FILE: &str = "lock";

pub(crate) struct FolderLock {
    file: Mutex<File>,
    /// The filesystem has no locks (some network filesystems): go on as a single process would.
    unsupported: AtomicBool,
}

/// The lock, held until dropped.
pub(crate) struct Held<'a> {
    file: MutexGuard<'a, File>,
    locked: bool,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if self.locked {
            let _ = self.file.unlock();
        }
    }
}

impl FolderLock {
    /// Opens (creating) the lock file in `root`. It is never deleted: deleting it while another
    /// process holds it would let a third lock a new file.
    pub fn open(root: &Path) -> io::Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(root.join(LOCK_FILE))?;
        Ok(Self {
            file: Mutex::new(file),
            unsupported: AtomicBool::new(false),
        })
    }

    /// The lock, if it can be had within `wait` (`None`: someone kept it that long). Blocks the
    /// calling thread (a blocking-pool thread, never the UI's) for at most about `wait`.
    pub fn take(&self, wait: Duration) -> Option<Held<'_>> {
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            let guard = match self.file.try_lock() {
                Ok(g) => Some(g),
                Err(MutexBusy::Poisoned(e)) => Some(e.into_inner()),
                Err(MutexBusy::WouldBlock) => None,
            };
            if let Some(file) = guard {
                if self.unsupported.load(Relaxed) {
                    return Some(Held {
                        file,
                        locked: false,
                    });
                }
                match file.try_lock() {
                    Ok(()) => return Some(Held { file, locked: true }),
                    // Another process (or another cache on this folder) has it.
                    Err(TryLockError::WouldBlock) => {}
                    Err(TryLockError::Error(e)) => {
                        tracing::warn!(error = %e, "the tile cache folder cannot be locked; going on without a lock");
                        self.unsupported.store(true, Relaxed);
                        return Some(Held {
                            file,
                            locked: false,
                        });
                    }
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            // The in-process mutex was let go above, so a thread with a shorter deadline is not
            // stuck behind this one while it waits.
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_opener_waits_then_gives_up_and_gets_it_once_free() {
        let dir = tempfile::tempdir().unwrap();
        let a = FolderLock::open(dir.path()).unwrap();
        let b = FolderLock::open(dir.path()).unwrap();
        let held = a.take(Duration::ZERO).expect("free");
        assert!(held.locked);
        assert!(b.take(Duration::from_millis(20)).is_none());
        drop(held);
        assert!(b.take(Duration::ZERO).is_some());
    }
}
