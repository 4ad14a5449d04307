//! Text labels over hearts, laid out by the same engine as `/text.png`.

use render::{
    draw_layout, layout_text, Align, Direction, Layout, Pixmap, Rgba, SvgLabel, TextSpec, VAlign, Wrap,
};

use super::params::Label;
use crate::fonts::{self, Fonts};
use crate::glyph_cache;

/// Vertical centre of the label, as a fraction of the image side: the widest
/// part of the heart, a little above the middle.
const CENTRE_Y: f32 = 0.46;
/// Label line height.
const LINE_HEIGHT: f32 = 1.15;

/// The text spec of a label on a heart `size` CSS px wide at `dpr`: bold sans,
/// up to two lines, shrunk to fit the heart's upper body.
pub fn spec(label: &Label, size: u32, dpr: f32) -> TextSpec {
    let side = size as f32;
    let primary = fonts::face_of("sans", 700)
        .or_else(|| fonts::face_of("sans", 400))
        .unwrap_or(0);
    TextSpec {
        text: label.text.clone(),
        chain: fonts::chain(primary, &label.text, None),
        size: (side * 0.16).max(6.0),
        sizes: Vec::new(),
        color: label.color,
        bg: Rgba::TRANSPARENT,
        width: Some(((side * 0.58) as u32).max(1)),
        height: Some(((side * 0.32) as u32).max(1)),
        padding: 0,
        align: Align::Center,
        valign: VAlign::Middle,
        line_height: LINE_HEIGHT,
        wrap: Wrap::Word,
        max_lines: Some(2),
        fit: true,
        dpr,
        letter_spacing: 0.0,
        spans: Vec::new(),
        // Centred: the direction only orders mixed runs (from the label's
        // first strong character).
        dir: Direction::Auto,
    }
}

/// Lays out a label (parsing the faces it needs).
pub fn layout(label: &Label, size: u32, dpr: f32) -> (TextSpec, Layout) {
    let spec = spec(label, size, dpr);
    let layout = layout_text(&spec, &Fonts::new());
    (spec, layout)
}

/// Draws the label centred on the heart in `pixmap`.
pub fn draw(pixmap: &mut Pixmap, label: &Label, size: u32, dpr: f32) {
    let (spec, layout) = layout(label, size, dpr);
    let side = pixmap.width() as f32;
    let dx = ((side - layout.width() as f32) / 2.0).round();
    let dy = (side * CENTRE_Y - layout.height() as f32 / 2.0).round();
    glyph_cache::with_cache(|cache| {
        draw_layout(pixmap, &layout, dx, dy, spec.color, &Fonts::new(), cache)
    });
}

/// The same label for the SVG: the lines as the engine broke them, at the
/// size it fitted.
pub fn svg(label: &Label, size: u32) -> SvgLabel {
    let (spec, layout) = layout(label, size, 1.0);
    let primary = spec.chain.first().map_or(0, |&f| usize::from(f));
    let face = &fonts::FACES[primary.min(fonts::FACES.len() - 1)];
    SvgLabel {
        lines: layout.line_texts(),
        size: layout.size_used(),
        line_height: LINE_HEIGHT,
        centre_y: CENTRE_Y,
        color: label.color,
        family: face.family,
        weight: face.weight,
    }
}
