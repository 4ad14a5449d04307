//! Where a scene's time goes: each example card (`examples/scenes/*.satori.json`)
//! POSTed to `/render` through [`edge_render::handle`] `RUNS` times (after
//! one untimed request that parses the fonts and fills the glyph cache),
//! with the median (and the minimum) of the total, the median of each
//! `Server-Timing` phase (`parse`, `font`, `layout`, `raster`, `encode`) and
//! the PNG's size:
//!
//! ```text
//! cargo run --release --locked --example scene_stages [RUNS]
//! # the same in V8's wasm (as in the worker), through Node's WASI:
//! RUSTFLAGS="-C target-feature=+simd128" \
//!   cargo build --release --locked --example scene_stages --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/scene_stages.wasm [RUNS]
//! ```
//!
//! Each line ends with the PNG's FNV-1a hash, which must be the same
//! natively and in wasm; natively, `SCENE_STAGES_OUT=DIR` also writes each
//! card's PNG there. The cards are compiled in (`include_str!`), so the
//! wasm build needs no file system. The last line is issue 10's target card — a gradient, a
//! shadow, an image and three text blocks — defined here; while `/render`
//! does not take `img` yet, it is drawn through the same calls as the route
//! (read, fonts, `layout_scene`, `paint_scene`, `encode::png`) with the
//! image spliced into the scene, and marked `(core)`.
use std::time::Instant;

use edge_render::hash::fnv1a;
use edge_render::image::{load, ImageBudget};
use edge_render::{encode, fonts, glyph_cache, handle, scene, Env, Request};
use render::{Content, ImageContent, ObjectFit};

const CARDS: [(&str, &str); 6] = [
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

/// Issue 10's target: a 135° gradient, a white panel with a shadow, a
/// 96 × 96 image and three text blocks.
const TARGET: &str = r##"{"width":1200,"height":630,"element":{"type":"div","props":{
 "style":{"display":"flex","alignItems":"center","justifyContent":"center","width":"100%",
  "height":"100%","backgroundImage":"linear-gradient(135deg, #4f46e5, #db2777)"},
 "children":{"type":"div","props":{"style":{"display":"flex","gap":32,"width":960,
  "padding":48,"backgroundColor":"#ffffff","borderRadius":32,
  "boxShadow":"0 12px 40px rgba(0,0,0,0.38)"},
  "children":[
   {"type":"img","props":{"src":"asset:sample.png","width":96,"height":96,"style":{"borderRadius":16}}},
   {"type":"div","props":{"style":{"display":"flex","flexDirection":"column","gap":16,"flex":1},
    "children":[
     {"type":"div","props":{"style":{"fontSize":56,"fontWeight":700,"color":"#111827"},
      "children":"Scenes: any card from a JSON tree"}},
     {"type":"div","props":{"style":{"fontSize":30,"color":"#4b5563"},
      "children":"Flexbox layout, gradients, shadows, borders, rounded corners and images, painted at the edge."}},
     {"type":"div","props":{"style":{"fontSize":24,"color":"#6b7280"},
      "children":"edge-render · 2026"}}]}}]}}}}}"##;

const PHASES: [&str; 5] = ["parse", "font", "layout", "raster", "encode"];

/// The median of `v` (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The durations of a `Server-Timing` value by phase name (`font;desc=…`
/// counts as `font`).
fn phases(header: &str) -> Vec<(String, f64)> {
    header
        .split(", ")
        .filter_map(|m| {
            let name = m.split(';').next()?.to_owned();
            let dur = m.split("dur=").nth(1)?.parse().ok()?;
            Some((name, dur))
        })
        .collect()
}

/// One answer: status, body, `Server-Timing` phases.
type Answer = (u16, Vec<u8>, Vec<(String, f64)>);

/// Runs `once` `runs` times after one untimed call, and prints the medians.
fn report(name: &str, runs: usize, mut once: impl FnMut() -> Answer) {
    let (status, png, first) = once();
    if status != 200 {
        println!("{name}: status {status} {first:?}");
        return;
    }
    if let Ok(dir) = std::env::var("SCENE_STAGES_OUT") {
        let file = format!("{dir}/{}.png", name.split(' ').next().unwrap_or(name));
        std::fs::write(&file, &png).expect("the PNG written");
    }
    let mut totals = Vec::with_capacity(runs);
    let mut by_phase: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); PHASES.len()];
    for _ in 0..runs {
        let t = Instant::now();
        let (_, body, ph) = once();
        totals.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(body == png, "{name}: the same request gave other bytes");
        for (k, want) in PHASES.iter().enumerate() {
            let d = ph.iter().filter(|(n, _)| n == want).map(|p| p.1).sum();
            by_phase[k].push(d);
        }
    }
    let cols: Vec<String> = PHASES
        .iter()
        .zip(by_phase.iter_mut())
        .map(|(n, v)| format!("{n} {:.2}", median(v)))
        .collect();
    let total = median(&mut totals);
    println!(
        "{name:<16} total {total:6.2} ms (min {:5.2}) | {} | {} B, fnv {:016x}",
        totals[0],
        cols.join(", "),
        png.len(),
        fnv1a([png.as_slice()])
    );
}

/// The target card drawn as the route draws it, with its image spliced
/// into the scene (the route does not take `img` yet).
fn target_in_core(clock: &dyn Fn() -> f64) -> Answer {
    let mut mark = {
        let mut last = clock();
        move |name: &str, out: &mut Vec<(String, f64)>| {
            let now = clock();
            out.push((name.to_owned(), now - last));
            last = now;
        }
    };
    let mut ph = Vec::new();
    // The image's element as a plain box of its size.
    let placeholder = TARGET.replace(
        r#"{"type":"img","props":{"src":"asset:sample.png","width":96,"height":96,"style":{"borderRadius":16}}}"#,
        r#"{"type":"div","props":{"style":{"width":96,"height":96,"flexShrink":0,"borderRadius":16}}}"#,
    );
    let doc: serde_json::Value = serde_json::from_str(&placeholder).expect("JSON");
    let mut req = scene::read(&doc).expect("a valid scene");
    let img = load("asset:sample.png", &mut ImageBudget::new()).expect("the sample asset");
    let s = &mut req.scene;
    let at = s
        .nodes
        .iter()
        .position(|n| {
            matches!(n.content, Content::None)
                && n.children.is_empty()
                && n.layout.size.width == render::taffy::style::Dimension::length(96.0)
        })
        .expect("the placeholder");
    s.images.push(img);
    s.nodes[at].content = Content::Image(ImageContent {
        image: 0,
        fit: ObjectFit::Fill,
        position: (render::Len::Percent(0.5), render::Len::Percent(0.5)),
    });
    mark("parse", &mut ph);
    for node in &s.nodes {
        if let Content::Text(t) = &node.content {
            let _ = fonts::load([(t.text.as_str(), t.chain.as_slice())]);
        }
    }
    mark("font", &mut ph);
    let layout = render::layout_scene(s, &fonts::Fonts::new());
    mark("layout", &mut ph);
    let pixmap =
        glyph_cache::with_cache(|c| render::paint_scene(s, &layout, &fonts::Fonts::new(), c));
    mark("raster", &mut ph);
    let png = encode::png(pixmap);
    mark("encode", &mut ph);
    (200, png, ph)
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50)
        .max(1);
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    let env = Env { clock: &clock };
    println!("median of {runs} warm requests, ms");
    let post = |body: &str| {
        let r = handle(&Request::post_json("/render", body.as_bytes()), &env);
        let st = phases(r.header("server-timing").unwrap_or(""));
        (r.status, r.body, st)
    };
    // `SCENE_STAGES_ONLY=name` times one card (for a profiler).
    let only = std::env::var("SCENE_STAGES_ONLY").ok();
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    for (name, body) in CARDS.iter().filter(|(n, _)| wanted(n)) {
        report(name, runs, || post(body));
    }
    if !wanted("target") {
        return;
    }
    if post(TARGET).0 == 200 {
        report("target", runs, || post(TARGET));
    } else {
        report("target (core)", runs, || target_in_core(&clock));
    }
}
