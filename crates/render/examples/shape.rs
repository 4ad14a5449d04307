//! The text engine's glyphs for one font file, as JSON, for the dev-only
//! shaping check against HarfBuzz (`scripts/check-shaping.py`):
//!
//! ```text
//! cargo run -p edge-render-core --example shape -- FONT.ttf ltr|rtl|auto TEXT
//! ```
//!
//! The text is laid out on one line (no wrapping, left-aligned) with the
//! font as the only face, at one pixel per font unit, so that positions are
//! in font units: `[{"g": glyph, "x": origin, "y": offset above the
//! baseline}, …]`, left to right. Spaces are not drawn, so not listed.

use std::sync::OnceLock;

use edge_render_core::fontdue::{Font, FontSettings};
use edge_render_core::{layout_text, Direction, FontSource, ShapingFace, TextSpec, Wrap};

struct OneFont {
    font: Font,
    shaping: Option<ShapingFace<'static>>,
}

impl FontSource for OneFont {
    fn covers(&self, _face: u16, ch: char) -> bool {
        self.font.has_glyph(ch)
    }

    fn font(&self, _face: u16) -> &Font {
        &self.font
    }

    fn shaping(&self, _face: u16) -> Option<&ShapingFace<'_>> {
        self.shaping.as_ref()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, dir, text] = &args[..] else {
        eprintln!("usage: shape FONT ltr|rtl|auto TEXT");
        std::process::exit(2);
    };
    static DATA: OnceLock<Vec<u8>> = OnceLock::new();
    let data = DATA.get_or_init(|| std::fs::read(path).expect("font file"));
    let font = Font::from_bytes(data.as_slice(), FontSettings::default()).expect("a font");
    let upem = font.units_per_em();
    // Sizes are capped at 1024 px: larger ems are laid out at a fraction.
    let k = (upem / 1024.0).ceil().max(1.0);
    let fonts = OneFont {
        font,
        shaping: ShapingFace::parse(data, 0),
    };
    let dir = match dir.as_str() {
        "ltr" => Direction::Ltr,
        "rtl" => Direction::Rtl,
        _ => Direction::Auto,
    };
    let spec = TextSpec {
        text: edge_render_core::clean_text(text),
        chain: vec![0],
        size: upem / k,
        wrap: Wrap::None,
        line_height: 1.0,
        dir,
        ..TextSpec::default()
    };
    let layout = layout_text(&spec, &fonts);
    let baseline = layout.baselines().first().copied().unwrap_or(0.0);
    let glyphs: Vec<String> = layout
        .glyph_origins()
        .map(|(_, g, x, y)| {
            let (x, y) = (x * k, (baseline - y) * k);
            format!("{{\"g\":{g},\"x\":{x},\"y\":{y}}}")
        })
        .collect();
    println!("[{}]", glyphs.join(","));
}
