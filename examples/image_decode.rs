//! Time and peak heap of `image::load` for scene images (the figures in
//! src/image/mod.rs): each FILE (`-` is stdin) as a base64 `data:` URI,
//! median of 20 loads; with no FILE, a synthetic 1200×630 photo-like PNG.
//!
//! ```sh
//! cargo run --release --example image_decode -- card.jpg card.png
//! # in V8's wasm (the engine of workerd):
//! cargo build --release --example image_decode --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/image_decode.wasm - < card.jpg
//! ```
//!
//! The cards of the figures: a 1200×630 gradient with 200 random discs,
//! blurred, 15 % noise, saved by Pillow as a JPEG (quality 85, 4:2:0,
//! baseline: 109 KB) and a PNG (RGB, 1.1 MB).
// In the worker's wasm build its own allocator is the global one: this
// one is not installed there, and goes unused.
#![cfg_attr(
    all(target_arch = "wasm32", target_os = "unknown"),
    allow(dead_code, unused_imports)
)]
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use edge_render::image::{load, ImageBudget};

/// Counts live heap bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Old and new are both live while the bytes are copied.
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for arg in std::env::args().skip(1) {
        let bytes = if arg == "-" {
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b).expect("stdin");
            b
        } else {
            std::fs::read(&arg).unwrap_or_else(|e| panic!("{arg}: {e}"))
        };
        inputs.push((arg, bytes));
    }
    if inputs.is_empty() {
        inputs.push(("synthetic 1200×630 png".into(), synthetic_png(1200, 630)));
    }
    println!("| input | bytes | size | `load`, median of 20 | of which SHA-256 | peak heap |");
    println!("|---|---|---|---|---|---|");
    for (name, bytes) in inputs {
        let mime = if bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else {
            "image/jpeg"
        };
        let src = format!("data:{mime};base64,{}", base64(&bytes));
        let mut times = Vec::new();
        let mut peak = 0;
        let mut size = (0, 0);
        for _ in 0..20 {
            let before = LIVE.load(Relaxed);
            PEAK.store(before, Relaxed);
            let t = Instant::now();
            let img = load(&src, &mut ImageBudget::new()).unwrap_or_else(|e| panic!("{name}: {e}"));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            peak = PEAK.load(Relaxed) - before;
            size = (img.width, img.height);
        }
        times.sort_by(f64::total_cmp);
        let t = Instant::now();
        for _ in 0..20 {
            use sha2::Digest;
            std::hint::black_box(sha2::Sha256::digest(&bytes));
        }
        let sha = t.elapsed().as_secs_f64() * 1000.0 / 20.0;
        println!(
            "| {name} | {} | {}×{} | {:.2} ms | {sha:.2} ms | {:.1} MiB |",
            bytes.len(),
            size.0,
            size.1,
            times[10],
            peak as f64 / (1024.0 * 1024.0)
        );
    }
}

/// A photo-like RGB PNG: a gradient under deterministic noise.
fn synthetic_png(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            for base in [x * 255 / width, y * 255 / height, (x + y) % 256] {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                data.push((base as i32 + (seed % 24) as i32 - 12).clamp(0, 255) as u8);
            }
        }
    }
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(png::ColorType::Rgb);
    let mut w = e.write_header().expect("png header");
    w.write_image_data(&data).expect("png data");
    w.finish().expect("png end");
    out
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            s.push(if i <= c.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    s
}
