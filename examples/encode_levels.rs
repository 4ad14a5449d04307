//! Size and time of each way of deflating real renders, the measurement
//! behind `encode::Method::Rows` (our row matcher for every image, miniz
//! at level 4 for palette and grey ones before): every case's pixmap (its PNG, decoded)
//! encoded with miniz at levels 1, 2, 4, 6 and 9 and with the row matcher,
//! median of 21, and the form `encode::png` picks.
//!
//! ```text
//! cargo run --release --locked --example encode_levels
//! # the same in V8's wasm (as in the worker), through Node's WASI:
//! RUSTFLAGS="-C target-feature=+simd128" \
//!   cargo build --release --locked --example encode_levels --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/encode_levels.wasm
//! ```
use std::time::Instant;

use edge_render::encode::{self, Method};
use edge_render::{handle, Env, Request};

const CASES: [(&str, &str); 7] = [
    ("/heart.png", "size=400"),
    ("/heart.png", "size=400&bg=white&style=gradient"),
    ("/heart.png", "size=1024&style=gradient"),
    ("/text.png", "text=Hello%20from%20the%20edge&width=1200&height=630&size=64"),
    ("/text.png", "text=Hello&width=1200&height=630&size=64&color=red&bg=%23eef"),
    (
        "/text.png",
        "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&width=1200&height=630&size=64&padding=80",
    ),
    (
        "/text.png",
        "text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C&width=1200&height=630&size=64",
    ),
];

/// The example cards, POSTed to `/render`.
const SCENES: [(&str, &str); 6] = [
    ("blog-post", include_str!("scenes/blog-post.satori.json")),
    (
        "cjk-article",
        include_str!("scenes/cjk-article.satori.json"),
    ),
    ("event", include_str!("scenes/event.satori.json")),
    ("product", include_str!("scenes/product.satori.json")),
    ("profile", include_str!("scenes/profile.satori.json")),
    ("quote", include_str!("scenes/quote.satori.json")),
];

/// A PNG, decoded into a pixmap.
fn pixmap(bytes: &[u8]) -> render::Pixmap {
    let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
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

/// The PNG colour type of our PNG (byte 25: IHDR's colour type).
fn form(png: &[u8]) -> &'static str {
    match png.get(25) {
        Some(0) => "grey",
        Some(2) => "RGB",
        Some(3) => "palette",
        Some(4) => "grey+alpha",
        Some(6) => "RGBA",
        _ => "?",
    }
}

fn main() {
    let clock = || 0.0;
    let env = Env { clock: &clock };
    let mut renders: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, query) in CASES {
        let url = format!("{path}?{query}");
        let body = handle(&Request::get(&url), &env).body;
        renders.push((url, body));
    }
    for (name, scene) in SCENES {
        let body = handle(&Request::post_json("/render", scene.as_bytes()), &env).body;
        renders.push((format!("/render {name}"), body));
    }
    let methods = [
        ("miniz 1", Method::Miniz(1)),
        ("miniz 2", Method::Miniz(2)),
        ("miniz 4", Method::Miniz(4)),
        ("miniz 6", Method::Miniz(6)),
        ("miniz 9", Method::Miniz(9)),
        ("rows", Method::Rows),
    ];
    for (name, png) in &renders {
        let p = pixmap(png);
        println!("{name} ({}, {}×{})", form(png), p.width(), p.height());
        for (label, method) in methods {
            let mut times = Vec::new();
            let mut size = 0;
            for _ in 0..21 {
                let t = Instant::now();
                size = encode::png_with(&p, method).len();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            println!("  {label}: {size} B, median {:.3} ms", times[10]);
        }
    }
}
