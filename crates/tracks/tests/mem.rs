//! `mem`'s allocator settings, in a process of their own: glibc's counters are process-wide, so
//! no other test may allocate while these count.

/// After a 4 MB block is mapped and freed, glibc would serve blocks up to 4 MB from its heaps;
/// with the bar fixed, a block just over it still gets a mapping of its own, and gives it back on free.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn large_blocks_keep_their_own_mappings_after_a_big_one_is_freed() {
    use std::hint::black_box;
    // SAFETY: mallinfo2 only reads the allocator's counters.
    let mapped = || unsafe { libc::mallinfo2() }.hblks;

    trackmate_tracks::mem::own_mappings_for_large_blocks();
    drop(black_box(vec![1u8; 4 << 20]));

    // Just over the bar: the test holds for the bar the app sets, whatever it is.
    let size = trackmate_tracks::mem::OWN_MAPPING_FROM + (44 << 10);
    let before = mapped();
    let block = black_box(vec![1u8; size]);
    assert_eq!(
        mapped(),
        before + 1,
        "a block over the bar is a mapping of its own"
    );
    drop(block);
    assert_eq!(mapped(), before, "and it is given back when freed");
}
