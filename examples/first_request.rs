//! One request in a fresh process, with its Server-Timing phases: run in V8's
//! wasm (`node bench/wasi.mjs target/wasm32-wasip1/release/examples/first_request.wasm
//! PATH QUERY`) it shows where a cold isolate's first request goes.
use std::time::Instant;

use edge_render::{handle, Env, Request};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("/text.png", String::as_str);
    let query = args.get(2).map_or(
        "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&width=1200&height=630&size=64",
        String::as_str,
    );
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    let url = format!("{path}?{query}");
    let req = Request::get(&url);
    for label in ["first", "second"] {
        let t = Instant::now();
        let r = handle(&req, &Env { clock: &clock });
        println!(
            "{label}: {:.2} ms, {} B, {}",
            t.elapsed().as_secs_f64() * 1000.0,
            r.body.len(),
            r.header("server-timing").unwrap_or("")
        );
    }
}
