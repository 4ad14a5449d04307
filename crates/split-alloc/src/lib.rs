//! A global allocator in two parts: allocations of [`BIG`] bytes or more
//! go to one allocator, the rest to another.
//!
//! Why: wasm linear memory never shrinks, so what a worker costs is its
//! high-water mark. A request for a large image holds a few buffers of
//! megabytes (a pixmap, its PNG rows, the stream) and frees them all when
//! it ends; the small allocations that outlive requests (a glyph cache
//! entry, a parsed face) then land in that freed room, one allocator
//! serving both, and the next large request finds no stretch long enough
//! and grows memory again. Kept apart, the large buffers always find the
//! room the last ones left: in `bench/memory-worst.mjs` the worst
//! sequence of accepted requests went from 90.0 to 60.2 MiB of linear
//! memory.
#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

/// Allocations of this many bytes or more are large.
pub const BIG: usize = 1 << 20;

/// Small allocations from `S`, large ones from `B`.
pub struct Split<S, B> {
    small: S,
    big: B,
    /// Blocks of just under [`BIG`] bytes to allocate from `small` and free
    /// before the first large block, so that `small` has room to run
    /// without growing memory between large blocks (which splits `big`'s
    /// memory into separate stretches).
    prime: usize,
    primed: core::sync::atomic::AtomicBool,
}

impl<S, B> Split<S, B> {
    /// Small allocations from `small`, those of [`BIG`] bytes or more from
    /// `big`; before the first large one, `prime` blocks of just under
    /// `BIG` bytes allocated from `small` and freed.
    pub const fn new(small: S, big: B, prime: usize) -> Split<S, B> {
        Split {
            small,
            big,
            prime,
            primed: core::sync::atomic::AtomicBool::new(false),
        }
    }
}

impl<S: GlobalAlloc, B> Split<S, B> {
    #[inline]
    fn prime_once(&self) {
        if !self.primed.load(core::sync::atomic::Ordering::Relaxed) {
            self.prime();
        }
    }

    /// Primes `small` (see [`Split::new`]) the first time it is called.
    #[cold]
    fn prime(&self) {
        self.primed
            .store(true, core::sync::atomic::Ordering::Relaxed);
        const MAX: usize = 16;
        let layout = Layout::new::<[u8; BIG - 4096]>();
        let mut blocks = [ptr::null_mut::<u8>(); MAX];
        for b in blocks.iter_mut().take(self.prime.min(MAX)) {
            // SAFETY: a valid, non-zero layout; freed below with it.
            *b = unsafe { self.small.alloc(layout) };
        }
        for b in blocks.into_iter().filter(|b| !b.is_null()) {
            // SAFETY: allocated above from `small` with `layout`.
            unsafe { self.small.dealloc(b, layout) };
        }
    }
}

// (Each method out of line: inlined into every allocating call site, the
// worker's wasm grew by 90 KB.)
// SAFETY: every block is allocated and freed by the same allocator — the
// one its layout's size chooses, and a layout is the same when a block is
// freed as when it was made (`GlobalAlloc`'s contract); a reallocation
// across `BIG` moves the block from one to the other.
unsafe impl<S: GlobalAlloc, B: GlobalAlloc> GlobalAlloc for Split<S, B> {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= BIG {
            self.prime_once();
            unsafe { self.big.alloc(layout) }
        } else {
            unsafe { self.small.alloc(layout) }
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= BIG {
            self.prime_once();
            unsafe { self.big.alloc_zeroed(layout) }
        } else {
            unsafe { self.small.alloc_zeroed(layout) }
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= BIG {
            unsafe { self.big.dealloc(ptr, layout) }
        } else {
            unsafe { self.small.dealloc(ptr, layout) }
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (layout.size() >= BIG, new_size >= BIG) {
            (false, false) => unsafe { self.small.realloc(ptr, layout, new_size) },
            (true, true) => unsafe { self.big.realloc(ptr, layout, new_size) },
            _ => {
                // SAFETY: `realloc`'s caller guarantees that `new_size`,
                // rounded up to `layout.align()`, does not overflow.
                let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
                let moved = unsafe { self.alloc(new) };
                if !moved.is_null() {
                    unsafe {
                        ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                moved
            }
        }
    }
}

/// Talc over wasm memory, growing it `STEP` bytes at least at a time and
/// extending its last heap when the new pages follow it.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
pub mod wasm {
    use core::alloc::Layout;
    use core::ptr::NonNull;
    use talc::base::binning::Binning;
    use talc::base::Talc;
    use talc::cell::TalcSyncCell;
    use talc::wasm::WasmBinning;

    const PAGE: usize = 65536;

    /// Bytes of wasm memory the allocators of this module have grown, and
    /// in how many separate heaps.
    static GROWN: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);
    static HEAPS: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(0);

    /// Bytes grown by this module's allocators, and their separate heaps.
    pub fn grown() -> (usize, usize) {
        use core::sync::atomic::Ordering::Relaxed;
        (GROWN.load(Relaxed), HEAPS.load(Relaxed))
    }

    /// Where talc's memory comes from: `memory.grow`.
    #[derive(Debug)]
    pub struct Grow<const STEP: usize> {
        end: Option<NonNull<u8>>,
    }

    /// A talc allocator over wasm memory growing `STEP` bytes at least at
    /// a time.
    pub type Wasm<const STEP: usize> = TalcSyncCell<Grow<STEP>, WasmBinning>;

    /// The allocator.
    pub const fn new<const STEP: usize>() -> Wasm<STEP> {
        TalcSyncCell::new_wasm(Grow { end: None })
    }

    // SAFETY: uses no allocator; claims only pages it has just grown.
    unsafe impl<const STEP: usize> talc::source::Source for Grow<STEP> {
        fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
            // The block, its chunk header and alignment, and talc's own
            // bookkeeping in the first heap (272 bytes on wasm32), in whole
            // pages: short of it, the first claim could not hold the block,
            // and talc would ask again for as much.
            let mut need = layout.size() + layout.align().max(64) + 1024;
            if let Some(old) = talc.source.end {
                if old.as_ptr() as usize == core::arch::wasm32::memory_size(0) * PAGE {
                    // The last heap ends where memory does, and the new
                    // pages will extend it: what is free at its top counts.
                    // SAFETY: `old` is that heap's end, unchanged since.
                    let top = unsafe { talc.reserved(old) }.up_to.as_ptr() as usize;
                    need = need.saturating_sub(old.as_ptr() as usize - top).max(1);
                }
            }
            let step = if talc.source.end.is_none() { STEP } else { 0 };
            let pages = need.max(step).div_ceil(PAGE);
            let before = core::arch::wasm32::memory_grow(0, pages);
            if before == usize::MAX {
                return Err(());
            }
            GROWN.fetch_add(pages * PAGE, core::sync::atomic::Ordering::Relaxed);
            let base = (before * PAGE) as *mut u8;
            let end = base.wrapping_add(pages * PAGE);
            if let Some(old) = talc.source.end.take() {
                if old.as_ptr() == base {
                    // SAFETY: `old` is the end of the last heap, and the
                    // pages after it are new.
                    talc.source.end = Some(unsafe { talc.extend(old, end) });
                    return Ok(());
                }
            }
            HEAPS.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
            // SAFETY: the pages are new, and the allocator's alone.
            talc.source.end = unsafe { talc.claim(base, pages * PAGE) };
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::alloc::System;
    use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};
    use std::vec::Vec;

    /// The system allocator, counting the bytes it holds.
    struct Counted(AtomicIsize);

    unsafe impl GlobalAlloc for Counted {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            self.0.fetch_add(l.size() as isize, Relaxed);
            unsafe { System.alloc(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            self.0.fetch_sub(l.size() as isize, Relaxed);
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
            self.0.fetch_add(n as isize - l.size() as isize, Relaxed);
            unsafe { System.realloc(p, l, n) }
        }
    }

    static SPLIT: Split<Counted, Counted> = Split::new(
        Counted(AtomicIsize::new(0)),
        Counted(AtomicIsize::new(0)),
        0,
    );

    fn held() -> (isize, isize) {
        (SPLIT.small.0.load(Relaxed), SPLIT.big.0.load(Relaxed))
    }

    #[test]
    fn each_block_lives_and_dies_in_its_own_part_across_reallocations() {
        unsafe {
            let l = Layout::from_size_align(100, 8).unwrap();
            let p = SPLIT.alloc(l);
            for i in 0..100 {
                *p.add(i) = i as u8;
            }
            assert_eq!(held(), (100, 0));
            // Grown past BIG: moved to the large part, contents kept.
            let q = SPLIT.realloc(p, l, BIG + 5);
            assert_eq!(held(), (0, BIG as isize + 5));
            let l = Layout::from_size_align(BIG + 5, 8).unwrap();
            let r = SPLIT.realloc(q, l, 2 * BIG);
            assert_eq!(held(), (0, 2 * BIG as isize));
            // Shrunk below: back to the small part.
            let l = Layout::from_size_align(2 * BIG, 8).unwrap();
            let s = SPLIT.realloc(r, l, 50);
            assert_eq!(held(), (50, 0));
            let got: Vec<u8> = (0..50).map(|i| *s.add(i)).collect();
            assert_eq!(got, (0..50).collect::<Vec<u8>>());
            SPLIT.dealloc(s, Layout::from_size_align(50, 8).unwrap());
            assert_eq!(held(), (0, 0));
            // Zeroed, from the large part.
            let l = Layout::from_size_align(BIG, 64).unwrap();
            let z = SPLIT.alloc_zeroed(l);
            assert!((0..BIG).step_by(4093).all(|i| *z.add(i) == 0));
            assert_eq!(held(), (0, BIG as isize));
            SPLIT.dealloc(z, l);
            assert_eq!(held(), (0, 0));
        }
    }
}
