//! Size and time of each deflate level on real renders, the measurement
//! behind `encode::LEVEL`:
//!
//! ```text
//! cargo run --release --example encode_levels
//! # the same in V8's wasm (as in the worker), through Node's WASI:
//! cargo build --release --example encode_levels --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/encode_levels.wasm
//! ```
use std::time::Instant;

use edge_render::{encode, handle, Env, Request};

const CASES: [(&str, &str); 5] = [
    ("/heart.png", "size=400"),
    ("/heart.png", "size=400&bg=white&style=gradient"),
    ("/text.png", "text=Hello%20from%20the%20edge&width=1200&height=630&size=64"),
    ("/text.png", "text=Hello&width=1200&height=630&size=64&color=red&bg=%23eef"),
    (
        "/text.png",
        "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&width=1200&height=630&size=64&padding=80",
    ),
];

/// The pixmap of a request: its PNG, decoded.
fn pixmap(path: &str, query: &str) -> render::Pixmap {
    let clock = || 0.0;
    let url = format!("{path}?{query}");
    let req = Request::get(&url);
    let bytes = handle(&req, &Env { clock: &clock }).body;
    let mut d = png::Decoder::new(std::io::Cursor::new(&bytes));
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut r = d.read_info().expect("our PNG");
    let mut buf = vec![0; r.output_buffer_size().expect("size")];
    let info = r.next_frame(&mut buf).expect("our PNG");
    let channels = if info.color_type == png::ColorType::Rgba {
        4
    } else {
        2
    };
    let mut pixmap = render::Pixmap::new(info.width, info.height).expect("size");
    for (px, c) in pixmap.pixels_mut().iter_mut().zip(buf.chunks(channels)) {
        let (rgb, a) = if channels == 4 {
            ([c[0], c[1], c[2]], c[3])
        } else {
            ([c[0]; 3], c[1])
        };
        *px = render::ColorU8::from_rgba(rgb[0], rgb[1], rgb[2], a).premultiply();
    }
    pixmap
}

fn main() {
    for (path, query) in CASES {
        let p = pixmap(path, query);
        println!("{path}?{query}");
        for level in [1u8, 2, 3, 4, 6, 9] {
            let mut times = Vec::new();
            let mut size = 0;
            for _ in 0..21 {
                let t = Instant::now();
                size = encode::png_at_level(&p, level).len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!("  level {level}: {size} B, median {:.3} ms", times[10]);
        }
    }
}
