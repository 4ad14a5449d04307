//! fontdue parse time of every embedded face, best of 5 (the figures in
//! fonts/README.md): `cargo run --release --example font_parse`, or in V8's
//! wasm: `cargo build --release --example font_parse --target wasm32-wasip1`
//! then `node bench/wasi.mjs target/wasm32-wasip1/release/examples/font_parse.wasm`.
use std::time::Instant;

use edge_render::fonts::FACES;
use render::fontdue::{Font, FontSettings};

fn main() {
    println!("| file | glyphs | `from_bytes`, best of 5 |");
    println!("|---|---|---|");
    for face in FACES {
        let mut best = f64::MAX;
        let mut glyphs = 0;
        for _ in 0..5 {
            let t = Instant::now();
            // As src/fonts.rs parses them.
            let settings = FontSettings {
                scale: 40.0,
                ..FontSettings::default()
            };
            let font = Font::from_bytes(face.data, settings).expect("embedded font parses");
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            glyphs = font.glyph_count();
        }
        println!("| `{}` | {glyphs} | {best:.2} ms |", face.file);
    }
}
