//! The font memory budget's figures are true: each face's
//! `FaceInfo::parse_bytes` (from `fonts/parse-bytes.tsv`) is what parsing
//! it with fontdue holds on the heap here, measured under a counting
//! allocator. Regenerate the table with
//! `cargo run --release --example font_memory -- --write` when a face
//! changes.
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

use edge_render::fonts::FACES;
use render::fontdue::{Font, FontSettings};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

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

#[global_allocator]
static A: Counting = Counting;

#[test]
fn every_face_costs_what_the_registry_says() {
    let settings = FontSettings {
        scale: 40.0,
        ..FontSettings::default()
    };
    let mut stale = Vec::new();
    for f in FACES {
        let before = LIVE.load(Relaxed);
        let font = Font::from_bytes(f.data, settings).expect("parses");
        let held = LIVE.load(Relaxed) - before;
        drop(font);
        // The one test in this binary: nothing else allocates meanwhile.
        if held as u64 != u64::from(f.parse_bytes) {
            stale.push(format!(
                "{}: {} in the table, {held} measured",
                f.file, f.parse_bytes
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "fonts/parse-bytes.tsv is stale (cargo run --release --example font_memory -- --write):\n{}",
        stale.join("\n")
    );
}
