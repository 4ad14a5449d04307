//! Prints the Server-Timing phases of a few requests natively, warm (median of
//! 50): `cargo run --release --example stages`.
use edge_render::{handle, Env, Request};
use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    let env = Env { clock: &clock };
    let cases = [
        ("/heart.png", "size=400"),
        ("/text.png", "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&width=1200&height=630&size=64&color=222222"),
        ("/text.png", "text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C&width=1200&height=630&size=64"),
    ];
    for (path, query) in cases {
        let url = format!("{path}?{query}");
        let req = Request::get(&url);
        let mut totals = Vec::new();
        let mut last = String::new();
        let mut bytes = 0;
        for _ in 0..50 {
            let t = Instant::now();
            let r = handle(&req, &env);
            totals.push(t.elapsed().as_secs_f64() * 1000.0);
            last = r.header("server-timing").unwrap_or("").to_owned();
            bytes = r.body.len();
        }
        totals.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{path}?{query}\n  total p50 {:.3} ms, {bytes} B; {last}",
            totals[25]
        );
    }
}
