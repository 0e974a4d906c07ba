//! Handing memory back to the system: after big one-off jobs (the viewer's and the app's), and
//! large blocks as mappings of their own in the long-lived app.

/// Hands memory that was used and freed back to the system: in the viewer after reading files
/// (the points as the importer builds them take ~3× the viewer's columns), after simplifying
/// every zoom level in the background, and after drawing a dense-line picture; in the app after
/// a track is read (the server's replies and their decoding, on several threads' heaps) or
/// replaced. glibc keeps freed heap memory for later by default, which left a viewer sitting
/// idle with a million points ~25 MB larger than it needed to be. Elsewhere (macOS, Windows,
/// musl) this does nothing: their allocators give large freed blocks back on their own, and
/// `malloc_trim` is glibc's.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers and is
    // safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Blocks at least this large get a mapping of their own from glibc, given back when freed.
pub const OWN_MAPPING_FROM: usize = 256 * 1024;

/// Makes every block of [`OWN_MAPPING_FROM`] bytes or more its own mapping, for a process that
/// lives long and now and then handles something big (the app with a track's columns). glibc
/// starts at 128 KB but raises that bar to the size of each mapped block freed, up to 32 MB: after
/// the first track, a million points' columns (8 MB each) came from the threads' heaps, where what
/// sits beside them when they are freed keeps the pages; a trim gives back only the heaps' free
/// ends. Fixed at 256 KB the bar stays put (fewer, larger mappings than at 128 KB, and each big
/// column handed back on free). Elsewhere this does nothing (see [`release_freed`]).
pub fn own_mappings_for_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets one of the allocator's parameters; it takes no pointers. Setting
    // M_MMAP_THRESHOLD also turns glibc's moving bar off (documented in mallopt(3)).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM as libc::c_int);
    }
}
