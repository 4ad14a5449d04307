//! The font memory budget's figures are true: each face's
//! `FaceInfo::parse_bytes` (from `fonts/parse-bytes.tsv`) is what parsing
//! it with fontdue holds on the heap here, measured under a counting
//! allocator. Regenerate the table with
//! `cargo run --release --example font_memory -- --write` when a face
//! changes.
// In the worker's wasm build its own allocator is the global one: this
// one is not installed there, and goes unused.
#![cfg_attr(
    all(target_arch = "wasm32", target_os = "unknown"),
    allow(dead_code, unused_imports)
)]

use edge_render::fonts::FACES;
use render::fontdue::{Font, FontSettings};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::live;

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
#[global_allocator]
static A: counting_alloc::Counting = counting_alloc::Counting;

#[test]
fn every_face_costs_what_the_registry_says() {
    let settings = FontSettings {
        scale: 40.0,
        ..FontSettings::default()
    };
    let mut stale = Vec::new();
    for f in FACES {
        let before = live();
        let font = Font::from_static(f.data, settings).expect("parses");
        let held = live() - before;
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
