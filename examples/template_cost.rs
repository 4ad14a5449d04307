//! The template layer's own cost (issue 13): what `GET /og/<name>.png?…`
//! does before drawing, against the very same card sent as a scene.
//!
//! ```text
//! cargo run --release --locked --example template_cost -- expand URL
//! cargo run --release --locked --example template_cost -- time URL [SAMPLES]
//! # the same in V8's wasm (the worker's engine), through Node's WASI:
//! cargo build --release --locked --example template_cost --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/template_cost.wasm time URL
//! ```
//!
//! `URL` is a template request, e.g. `/og/blog.png?title=Hello`.
//!
//! `expand` prints the scene request document the template fills for it, as
//! compact JSON: the body `POST /render` takes for the same card (base64url
//! of it is `GET /render.png?tree=`). `./bench/run.sh` sends that tree as the
//! scene row beside the template row.
//!
//! `time` first answers the card three ways through [`edge_render::handle`]
//! — the template URL, `GET /render.png?tree=` and `POST /render` with the
//! expanded JSON — and exits non-zero unless the three PNGs are the same
//! bytes. Then it times, interleaved, `SAMPLES` (default 400) samples of 10
//! calls each of:
//!
//! - the whole parse phase of each of the three requests
//!   ([`edge_render::serve::prepare`]: route, query, the route's parse —
//!   template fill or JSON, then the scene reader —, the canonical form and
//!   the ETag; no font, layout or paint), and
//! - the layer itself: the query parsed and the template filled
//!   ([`edge_render::templates::Template::fill`]: its scene JSON read, each
//!   parameter validated, the title's size fitted, the slots replaced);
//!   against it, the expanded JSON parsed ([`edge_render::params::parse_strict`],
//!   what a scene request does in its place); and the scene reader
//!   ([`edge_render::scene::read`]) that both then run on the same document.
//!
//! It prints the median of each (ms per call) and, last, one line
//! `TEMPLATE-COST-JSON {…}` with the numbers for `bench/report.mjs`.
use std::time::Instant;

use edge_render::hash::fnv1a;
use edge_render::params::{parse_query, parse_strict};
use edge_render::serve::{prepare, Step};
use edge_render::{handle, scene, templates, Env, Request};

/// Calls per sample (the sample is their mean).
const BATCH: usize = 10;

/// base64url without padding.
fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for k in 0..=chunk.len() {
            out.push(char::from(A[(n >> (18 - 6 * k)) as usize & 63]));
        }
    }
    out
}

/// The template of `url` (`/og/<name>.png?query`) and the query.
fn template_of(url: &str) -> (&'static templates::Template, &str) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let name = path
        .strip_prefix("/og/")
        .and_then(|p| p.strip_suffix(".png"))
        .unwrap_or_else(|| fail(&format!("{url}: not /og/<name>.png?…")));
    let t = templates::find(name).unwrap_or_else(|| fail(&format!("no template {name:?}")));
    (t, query)
}

/// The scene request document `url` fills, validated as the route does.
fn expand(url: &str) -> serde_json::Value {
    let (template, query) = template_of(url);
    let params = parse_query(query).unwrap_or_else(|e| fail(&format!("{e:?}")));
    template
        .fill(&params)
        .unwrap_or_else(|e| fail(&format!("{e:?}")))
}

fn fail(message: &str) -> ! {
    eprintln!("template_cost: {message}");
    std::process::exit(1);
}

/// The median of `v` (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: template_cost expand URL | template_cost time URL [SAMPLES]";
    let (mode, url) = match args.as_slice() {
        [mode, url, ..] => (mode.as_str(), url.as_str()),
        _ => fail(usage),
    };
    let doc = expand(url);
    let json = serde_json::to_string(&doc).unwrap_or_else(|e| fail(&e.to_string()));
    match mode {
        "expand" => {
            println!("{json}");
            return;
        }
        "time" => {}
        _ => fail(usage),
    }
    let samples: usize = args
        .get(2)
        .map(|s| s.parse().unwrap_or_else(|_| fail(usage)))
        .unwrap_or(400)
        .max(1);
    let tree_url = format!("/render.png?tree={}", base64url(json.as_bytes()));
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    let env = Env { clock: &clock };

    // The same card three ways: the same PNG bytes, or no numbers.
    let og = Request::get(url);
    let get = Request::get(&tree_url);
    let post = Request::post_json("/render", json.as_bytes());
    let answers: Vec<(&str, Vec<u8>)> = [
        ("template", &og),
        ("scene GET", &get),
        ("scene POST", &post),
    ]
    .into_iter()
    .map(|(name, req)| {
        let r = handle(req, &env);
        if r.status != 200 {
            fail(&format!(
                "{name}: HTTP {} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            ));
        }
        (name, r.body)
    })
    .collect();
    let png = &answers[0].1;
    let fnv = fnv1a([png.as_slice()]);
    for (name, body) in &answers {
        println!(
            "{name:<10} PNG {} B, fnv {:016x}",
            body.len(),
            fnv1a([body.as_slice()])
        );
    }
    let identical = answers.iter().all(|(_, b)| b == png);
    if !identical {
        fail("the template and the same card as a scene gave different PNG bytes");
    }
    println!("identical PNG bytes: yes ({} B)", png.len());

    // What is timed, each op one call; `black_box` keeps the results alive.
    let (template, query) = template_of(url);
    let parse_phase = |req: &Request| match prepare(req, &clock) {
        Step::Render(r) => drop(std::hint::black_box(r)),
        Step::Answer(r) => fail(&format!("prepare answered {}", r.status)),
    };
    type Op<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let ops: Vec<Op> = vec![
        (
            "parse phase, GET template URL",
            Box::new(|| parse_phase(&og)),
        ),
        (
            "parse phase, GET /render.png?tree=",
            Box::new(|| parse_phase(&get)),
        ),
        ("parse phase, POST /render", Box::new(|| parse_phase(&post))),
        (
            "template: query + fill",
            Box::new(|| {
                let params = parse_query(query).unwrap_or_else(|_| fail("query"));
                let doc = template.fill(&params).unwrap_or_else(|_| fail("fill"));
                drop(std::hint::black_box(doc));
            }),
        ),
        (
            "scene: JSON parse",
            Box::new(|| {
                let doc = parse_strict(json.as_bytes()).unwrap_or_else(|_| fail("JSON"));
                drop(std::hint::black_box(doc));
            }),
        ),
        (
            "scene reader (both)",
            Box::new(|| {
                let spec = scene::read(&doc).unwrap_or_else(|_| fail("read"));
                drop(std::hint::black_box(spec));
            }),
        ),
    ];
    for (_, op) in &ops {
        for _ in 0..50 {
            op();
        }
    }
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(samples); ops.len()];
    for _ in 0..samples {
        for ((_, op), t) in ops.iter().zip(times.iter_mut()) {
            let t0 = Instant::now();
            for _ in 0..BATCH {
                op();
            }
            t.push(t0.elapsed().as_secs_f64() * 1000.0 / BATCH as f64);
        }
    }
    let med: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    println!(
        "median of {samples} samples of {BATCH} calls each, ms per call ({}):",
        if cfg!(target_arch = "wasm32") {
            "wasm"
        } else {
            "native"
        }
    );
    for ((name, _), m) in ops.iter().zip(&med) {
        println!("  {name:<36} {m:.4}");
    }
    let [og_ms, get_ms, post_ms, fill_ms, json_ms, read_ms] = med[..] else {
        unreachable!("six ops")
    };
    println!(
        "  template route's parse phase - scene's: {:+.4} (GET tree), {:+.4} (POST)",
        og_ms - get_ms,
        og_ms - post_ms
    );
    println!(
        "  template layer (query + fill) - JSON parse: {:+.4}",
        fill_ms - json_ms
    );
    println!(
        "TEMPLATE-COST-JSON {}",
        serde_json::json!({
            "url": url, "engine": if cfg!(target_arch = "wasm32") { "wasm" } else { "native" },
            "samples": samples, "batch": BATCH,
            "treeBytes": json.len(), "treeUrlBytes": tree_url.len(),
            "png": { "bytes": png.len(), "fnv": format!("{fnv:016x}"), "identical": identical },
            "ms": {
                "parseTemplate": og_ms, "parseSceneGet": get_ms, "parseScenePost": post_ms,
                "fill": fill_ms, "jsonParse": json_ms, "sceneRead": read_ms,
            },
        })
    );
}
