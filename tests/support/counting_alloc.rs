//! A global allocator that counts the bytes live on the heap: shared by
//! `tests/font_memory.rs` and `examples/font_memory.rs` (included with
//! `#[path]`). Every call goes to the system allocator unchanged.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

/// Heap bytes allocated and not yet freed.
pub static LIVE: AtomicIsize = AtomicIsize::new(0);

/// Bytes live now.
pub fn live() -> isize {
    LIVE.load(Relaxed)
}

/// The counting allocator (install it with `#[global_allocator]`).
pub struct Counting;

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is only read.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - layout.size() as isize, Relaxed);
        unsafe { System.realloc(ptr, layout, new) }
    }
}
