//! What shaping would cost Latin and Chinese lines, which take the fast
//! path: the same line laid out from the same embedded face with and
//! without rustybuzz, best of 5 rounds of 200 layouts.
//!
//! ```text
//! cargo run --release -p edge-render-core --example shaping_cost
//! cargo build --release -p edge-render-core --example shaping_cost --target wasm32-wasip1
//! node bench/wasi.mjs target/wasm32-wasip1/release/examples/shaping_cost.wasm
//! ```

use std::time::Instant;

use edge_render_core::fontdue::{Font, FontSettings};
use edge_render_core::{layout_text, FontSource, ShapingFace, TextSpec, Wrap};

static LATIN: &[u8] = include_bytes!("../../../fonts/NotoSans-Regular.ttf");
static CJK: &[u8] = include_bytes!("../../../fonts/NotoSansSC-Tier01.otf");

struct Faces {
    fonts: Vec<Font>,
    shaping: Vec<Option<ShapingFace<'static>>>,
}

impl FontSource for Faces {
    fn covers(&self, face: u16, ch: char) -> bool {
        self.fonts[usize::from(face)].has_glyph(ch)
    }

    fn font(&self, face: u16) -> &Font {
        &self.fonts[usize::from(face)]
    }

    fn shaping(&self, face: u16) -> Option<&ShapingFace<'_>> {
        self.shaping[usize::from(face)].as_ref()
    }
}

fn faces(shape: bool) -> Faces {
    let files = [LATIN, CJK];
    Faces {
        fonts: files
            .iter()
            .map(|d| Font::from_bytes(*d, FontSettings::default()).unwrap())
            .collect(),
        shaping: files
            .iter()
            .map(|d| {
                let f = ShapingFace::parse(d, 0).unwrap();
                Some(if shape { f.shape_every_run() } else { f })
            })
            .collect(),
    }
}

/// Microseconds per layout, best of 5 rounds.
fn time(spec: &TextSpec, fonts: &Faces) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for _ in 0..200 {
            std::hint::black_box(layout_text(std::hint::black_box(spec), fonts));
        }
        best = best.min(t.elapsed().as_secs_f64() * 1e6 / 200.0);
    }
    best
}

fn main() {
    let (fast, shaped) = (faces(false), faces(true));
    let t = Instant::now();
    for d in [LATIN, CJK] {
        std::hint::black_box(ShapingFace::parse(d, 0));
    }
    println!(
        "ShapingFace::parse, Latin + CJK tier 1: {:.1} µs",
        t.elapsed().as_secs_f64() * 1e6
    );
    let lines = [
        ("Latin", "The quick brown fox jumps over the lazy dog, twice; then rests.", 0u16),
        ("Chinese", "我们今天去公园，然后去吃饭。你呢？我们今天去公园，然后去吃饭。你呢？我们今天去公园，然后去吃饭。你呢？我们今天", 1),
    ];
    for (name, text, face) in lines {
        let spec = TextSpec {
            text: text.to_string(),
            chain: vec![face],
            size: 32.0,
            wrap: Wrap::None,
            ..TextSpec::default()
        };
        let (a, b) = (time(&spec, &fast), time(&spec, &shaped));
        println!(
            "{name}, {} characters: fast path {a:.1} µs, rustybuzz {b:.1} µs per layout ({:.1}x)",
            text.chars().count(),
            b / a
        );
    }
}
