//! The heap high-water mark of one request, natively, and every allocation
//! of 1 MiB or more on the way (size, and the bytes live after it): where a
//! heavy request's linear memory goes in the worker.
//!
//! ```text
//! cargo run --release --example peak_memory -- /heart.png 'size=2048&style=gradient'
//! cargo run --release --example peak_memory -- /render scene.json   # POST a file
//! ```
// In the worker's wasm build its own allocator is the global one: this
// one is not installed there, and goes unused.
#![cfg_attr(
    all(target_arch = "wasm32", target_os = "unknown"),
    allow(dead_code, unused_imports)
)]
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

use edge_render::{handle, Env, Request};

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static TRACE: AtomicBool = AtomicBool::new(false);

struct Peak;

impl Peak {
    fn grew(by: isize, size: usize) {
        let now = LIVE.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
        if size >= 1 << 20 && TRACE.load(Relaxed) {
            TRACE.store(false, Relaxed);
            eprintln!(
                "  alloc {:>7.2} MiB, live {:>7.2} MiB",
                size as f64 / 1048576.0,
                now as f64 / 1048576.0
            );
            // PEAK_BACKTRACE=1: where each came from.
            if std::env::var_os("PEAK_BACKTRACE").is_some() {
                eprintln!("{}", std::backtrace::Backtrace::force_capture());
            }
            TRACE.store(true, Relaxed);
        }
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Peak::grew(layout.size() as isize, layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        // A move holds both for a moment.
        Peak::grew(new as isize, new);
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
#[global_allocator]
static A: Peak = Peak;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("/heart.png", String::as_str);
    let arg = args
        .get(2)
        .map_or("size=2048&style=gradient", String::as_str);
    let clock = || 0.0;
    let is_file = std::path::Path::new(arg).is_file();
    let body = if is_file {
        std::fs::read(arg).expect("a file")
    } else {
        Vec::new()
    };
    let url = format!("{path}?{arg}");
    let req = if is_file {
        Request::post_json(path, &body)
    } else {
        Request::get(&url)
    };
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    TRACE.store(true, Relaxed);
    let r = handle(&req, &Env { clock: &clock });
    TRACE.store(false, Relaxed);
    let mib = |b: isize| b as f64 / 1048576.0;
    println!(
        "{} {} B; live before {:.2} MiB, peak {:.2} MiB, after {:.2} MiB",
        r.status,
        r.body.len(),
        mib(before),
        mib(PEAK.load(Relaxed)),
        mib(LIVE.load(Relaxed))
    );
}
