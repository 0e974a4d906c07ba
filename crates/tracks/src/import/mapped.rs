//! Big track files mapped into memory instead of copied, guarded so that a file cut short by
//! another program while it is being read gives an error instead of killing the process.
//!
//! Why map: copying a quarter-gigabyte GPX into the heap costs the kernel a copy and a fresh
//! page for every 4 KiB — on a 2-core machine ~0.1 s of the ~0.5 s it takes to show a
//! million-point file (BENCHMARKS.md, "Native viewer"). A mapping hands the importer the page
//! cache's own pages.
//!
//! The catch: when the file shrinks while mapped, touching a page past its new end raises
//! SIGBUS, which by default ends the process. A process-wide SIGBUS handler, installed the
//! first time a file is mapped, looks up the faulting address among the live mappings; when it
//! is one of ours it puts zeroed pages over the rest of that mapping (the importer then reads
//! zeros and fails, and [`Mapped::cut_short`] says why), and when it is not it hands the signal
//! to the handler that was there before (Rust's own, for stack overflows), or to the default.
//! Only Linux, where every piece of this is known to work; elsewhere files are read.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Mappings alive at once, at most. More readers than this at the same moment read their files
/// into memory instead; the viewer and the app import one or two at a time.
const SLOTS: usize = 8;

/// A live mapping's place in the handler's table: `start` 0 when the slot is free.
struct Slot {
    start: AtomicUsize,
    len: AtomicUsize,
    cut: AtomicBool,
}

#[allow(clippy::declare_interior_mutable_const)]
const FREE: Slot = Slot {
    start: AtomicUsize::new(0),
    len: AtomicUsize::new(0),
    cut: AtomicBool::new(false),
};

static TABLE: [Slot; SLOTS] = [FREE; SLOTS];

/// Held by the tests that need a free slot or take them all, so they do not meet.
#[cfg(test)]
pub(super) static TEST_SLOTS: std::sync::Mutex<()> = std::sync::Mutex::new(());
static PAGE: AtomicUsize = AtomicUsize::new(4096);
/// The SIGBUS action before ours; `None` until the handler is installed (or when it cannot be).
static PREVIOUS: OnceLock<Option<libc::sigaction>> = OnceLock::new();

/// A whole file mapped read-only. Dropping it unmaps it.
pub(super) struct Mapped {
    ptr: *const u8,
    len: usize,
    slot: usize,
}

// SAFETY: the mapping is read-only memory owned by this value alone; reading it from another
// thread is as sound as reading it from this one.
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

impl Mapped {
    /// Maps the first `len` bytes of `file` (its size when it was checked; what it grows by
    /// later is not read). `None` when mapping is not possible here — the handler could not be
    /// installed, every slot is taken, or the file system does not map — and the caller reads
    /// the file instead.
    pub(super) fn map(file: &File, len: usize) -> Option<Mapped> {
        if len == 0 || !installed() {
            return None;
        }
        let slot = TABLE.iter().position(|s| {
            s.start
                .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        })?;
        // SAFETY: a fresh read-only private mapping of a file we hold open; the kernel picks
        // the address. The bytes may still change if another program writes the file (the
        // price every mapped reader pays, ripgrep's included): the importer then reads the new
        // bytes, or zeros past a new end, never memory that is not ours.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            TABLE[slot].start.store(0, Ordering::Release);
            return None;
        }
        let s = &TABLE[slot];
        s.len.store(len, Ordering::Relaxed);
        s.cut.store(false, Ordering::Relaxed);
        s.start.store(ptr as usize, Ordering::Release);
        Some(Mapped {
            ptr: ptr as *const u8,
            len,
            slot,
        })
    }

    /// Whether the file was found shorter than its mapping while it was read: the bytes from
    /// there on read as zeros, and whatever was made of them is not the file.
    pub(super) fn cut_short(&self) -> bool {
        TABLE[self.slot].cut.load(Ordering::Acquire)
    }

    pub(super) fn bytes(&self) -> &[u8] {
        // SAFETY: `len` bytes mapped at `ptr` for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // Out of the table first, so a fault at this address is never taken for ours again.
        TABLE[self.slot].start.store(usize::MAX, Ordering::Release);
        // SAFETY: the mapping made in `map`, unmapped once; nothing borrows it past `self`.
        unsafe {
            libc::munmap(self.ptr as *mut libc::c_void, self.len);
        }
        TABLE[self.slot].start.store(0, Ordering::Release);
    }
}

/// Installs the handler once; whether it is in place.
fn installed() -> bool {
    PREVIOUS
        .get_or_init(|| {
            // SAFETY: sysconf and sigaction with a zeroed, filled-in action; the handler only
            // makes async-signal-safe calls (mmap, sigaction) and atomic loads and stores.
            unsafe {
                let page = libc::sysconf(libc::_SC_PAGESIZE);
                if page > 0 {
                    PAGE.store(page as usize, Ordering::Relaxed);
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_sigbus as *const () as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
                libc::sigemptyset(&mut action.sa_mask);
                let mut previous: libc::sigaction = std::mem::zeroed();
                (libc::sigaction(libc::SIGBUS, &action, &mut previous) == 0).then_some(previous)
            }
        })
        .is_some()
}

extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler.
    let addr = unsafe { (*info).si_addr() } as usize;
    for s in &TABLE {
        let start = s.start.load(Ordering::Acquire);
        let len = s.len.load(Ordering::Relaxed);
        if start == 0 || start == usize::MAX || addr < start || addr >= start + len {
            continue;
        }
        let page = PAGE.load(Ordering::Relaxed);
        let from = addr & !(page - 1);
        let end = start + len;
        // SAFETY: replaces pages inside our own mapping (from the faulting one to its end)
        // with zeroed anonymous ones; the faulting read is then retried and reads a zero.
        let ok = unsafe {
            libc::mmap(
                from as *mut libc::c_void,
                end - from,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                -1,
                0,
            )
        } != libc::MAP_FAILED;
        if ok {
            s.cut.store(true, Ordering::Release);
            return;
        }
        break;
    }
    // Not ours: whoever handled SIGBUS before us does, or the default (the process ends, as
    // it would have without us).
    match PREVIOUS.get().copied().flatten() {
        Some(previous)
            if previous.sa_sigaction != libc::SIG_DFL && previous.sa_sigaction != libc::SIG_IGN =>
        {
            if previous.sa_flags & libc::SA_SIGINFO != 0 {
                // SAFETY: an SA_SIGINFO action's handler has this signature.
                let handler: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    unsafe { std::mem::transmute(previous.sa_sigaction) };
                handler(signal, info, context);
            } else {
                // SAFETY: a plain action's handler takes the signal number alone.
                let handler: extern "C" fn(libc::c_int) =
                    unsafe { std::mem::transmute(previous.sa_sigaction) };
                handler(signal);
            }
        }
        _ => {
            // SAFETY: back to the default action; returning retries the access, which now ends
            // the process with SIGBUS as it should.
            unsafe {
                libc::signal(libc::SIGBUS, libc::SIG_DFL);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file_of(len: usize) -> (tempfile::NamedTempFile, Vec<u8>) {
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8 + 1).collect();
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(&bytes).unwrap();
        f.flush().unwrap();
        (f, bytes)
    }

    fn slots() -> std::sync::MutexGuard<'static, ()> {
        TEST_SLOTS.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn a_mapping_reads_as_the_file() {
        let _slots = slots();
        let (f, bytes) = file_of(3 * 4096 + 17);
        let m = Mapped::map(f.as_file(), bytes.len()).unwrap();
        assert!(m.bytes() == bytes.as_slice());
        assert!(!m.cut_short());
        assert!(Mapped::map(f.as_file(), 0).is_none());
    }

    #[test]
    fn a_file_cut_short_while_mapped_reads_as_zeros_and_says_so() {
        let _slots = slots();
        let len = 64 * 4096 + 100;
        let (f, bytes) = file_of(len);
        let m = Mapped::map(f.as_file(), len).unwrap();
        // Another program cuts the file in the middle of a page, after it was mapped.
        let keep: usize = 10 * 4096 + 5;
        f.as_file().set_len(keep as u64).unwrap();
        let read = m.bytes();
        // Without the handler this read would end the test process with SIGBUS.
        let sum: u64 = read.iter().map(|&b| u64::from(b)).sum();
        assert!(m.cut_short());
        // What is still in the file reads as before; the page past its end and on reads zero.
        let page_end = keep.div_ceil(4096) * 4096;
        assert!(read[..keep] == bytes[..keep]);
        assert!(read[page_end..].iter().all(|&b| b == 0));
        assert!(sum > 0);
        // Another mapping is not taken for cut.
        let (g, other) = file_of(4096);
        let n = Mapped::map(g.as_file(), other.len()).unwrap();
        assert!(n.bytes() == other.as_slice() && !n.cut_short());
    }

    #[test]
    fn a_track_file_cut_short_while_read_is_an_error_that_says_so() {
        let _slots = slots();
        let mut gpx = String::from("<gpx version=\"1.1\"><trk><trkseg>");
        for i in 0..20_000 {
            gpx += &format!(
                "<trkpt lat=\"51.{i:05}\" lon=\"71.4\"><time>2026-01-01T00:00:00Z</time></trkpt>"
            );
        }
        gpx += "</trkseg></trk></gpx>";
        let mut f = tempfile::Builder::new().suffix(".gpx").tempfile().unwrap();
        f.write_all(gpx.as_bytes()).unwrap();
        let m = Mapped::map(f.as_file(), gpx.len()).unwrap();
        f.as_file().set_len(gpx.len() as u64 / 2).unwrap();
        let e =
            super::super::read_bytes(f.path(), super::super::file::Bytes::Mapped(m)).unwrap_err();
        assert!(
            e.to_string().contains("cut short by another program"),
            "{e}"
        );
        // The same file whole reads.
        f.as_file().set_len(0).unwrap();
        std::fs::write(f.path(), &gpx).unwrap();
        let m = Mapped::map(f.as_file(), gpx.len()).unwrap();
        let read = super::super::read_bytes(f.path(), super::super::file::Bytes::Mapped(m));
        assert_eq!(read.unwrap().track.segments[0].points.len(), 20_000);
    }

    #[test]
    fn more_mappings_than_slots_fall_back() {
        let _slots = slots();
        let (f, bytes) = file_of(4096);
        let maps: Vec<_> = std::iter::from_fn(|| Mapped::map(f.as_file(), bytes.len()))
            .take(SLOTS + 1)
            .collect();
        assert_eq!(maps.len(), SLOTS);
        drop(maps);
        assert!(Mapped::map(f.as_file(), bytes.len()).is_some());
    }

    /// A SIGBUS that is not about one of our mappings still ends the process, as it would
    /// without the handler: checked in a child, this test binary run again on its own.
    #[test]
    fn a_fault_elsewhere_still_ends_the_process() {
        if std::env::var_os("TRACKMATE_SIGBUS_CHILD").is_some() {
            let (f, _) = file_of(8192);
            // The handler is installed by a mapping of ours...
            let _ours = Mapped::map(f.as_file(), 8192).unwrap();
            // ...but this mapping is not ours, and touching it past the file's end faults.
            // SAFETY: a test of the crash itself, in a child process.
            unsafe {
                let p = libc::mmap(
                    std::ptr::null_mut(),
                    8192,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE,
                    f.as_file().as_raw_fd(),
                    0,
                );
                assert_ne!(p, libc::MAP_FAILED);
                f.as_file().set_len(0).unwrap();
                std::ptr::read_volatile(p as *const u8);
            }
            unreachable!("the read past the end did not fault");
        }
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "import::mapped::tests::a_fault_elsewhere_still_ends_the_process",
                "--nocapture",
            ])
            .env("TRACKMATE_SIGBUS_CHILD", "1")
            .output()
            .unwrap();
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.status.signal(),
            Some(libc::SIGBUS),
            "{:?}\n{}",
            status.status,
            String::from_utf8_lossy(&status.stderr)
        );
    }
}
