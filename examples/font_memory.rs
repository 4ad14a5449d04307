//! What parsing each face costs in heap bytes: the measurement behind
//! `fonts::PARSE_BYTES_PER_FILE_BYTE` (the font memory budget's estimate).
//! Each face is parsed with fontdue as `fonts::font` parses it, under a
//! counting allocator; prints per face the bytes still allocated after the
//! parse against the file's size, and the largest ratio per outline kind.
//!
//! ```text
//! cargo run --release --example font_memory            # print
//! cargo run --release --example font_memory -- --write # and write fonts/parse-bytes.tsv
//! ```
// In the worker's wasm build its own allocator is the global one: this
// one is not installed there, and goes unused.
#![cfg_attr(
    all(target_arch = "wasm32", target_os = "unknown"),
    allow(dead_code, unused_imports)
)]

use edge_render::fonts::FACES;
use render::fontdue::{Font, FontSettings};

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::live;

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
#[global_allocator]
static A: counting_alloc::Counting = counting_alloc::Counting;

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let mut table = String::new();
    let (mut cff, mut glyf) = (0.0f64, 0.0f64);
    let mut total = 0isize;
    for f in FACES {
        let before = live();
        let font = Font::from_static(
            f.data,
            FontSettings {
                scale: 40.0,
                ..FontSettings::default()
            },
        )
        .expect("parses");
        let held = live() - before;
        total += held;
        let ratio = held as f64 / f64::from(f.size);
        if f.file.ends_with(".otf") {
            cff = cff.max(ratio);
        } else {
            glyf = glyf.max(ratio);
        }
        println!(
            "{:<36} {:>9} B file {:>11} B parsed  ×{ratio:.1}",
            f.file, f.size, held
        );
        table.push_str(&format!("{}\t{held}\n", f.file));
        drop(font);
    }
    println!(
        "largest ratio: CFF ×{cff:.1}, TrueType ×{glyf:.1}; all faces parsed at once {total} B"
    );
    if write {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/parse-bytes.tsv");
        std::fs::write(path, table).expect("fonts/parse-bytes.tsv written");
        println!("wrote {path}");
    }
}
