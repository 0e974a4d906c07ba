//! Giving freed memory back to the system after big one-off jobs (the viewer's and the app's).

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
