//! Colour glyphs: a face's `COLR` (version 0 layers) and `CPAL` tables,
//! read here, and the glyphs painted layer by layer.
//!
//! A colour glyph is a list of (layer glyph, palette entry) pairs, drawn in
//! order; each layer is an ordinary outline glyph filled with its entry's
//! colour of palette 0 (entry 0xFFFF: the text colour). The layers are not in
//! the cmap, so fontdue never loads them: a colour face's glyphs are outlined
//! from the font file with ttf-parser (the version fontdue already links) and
//! covered by `ab_glyph_rasterizer` (signed-area accumulation, like fontdue's
//! own rasteriser), and the glyph cache keeps them like any other glyph's — a
//! repeated emoji costs one cache hit per layer.
//!
//! Compositing is the text painter's own integer source-over: each layer's
//! coverage in its colour, straight into the pixmap. Emoji keep their own
//! colours; the text colour's opacity applies to the glyph as a whole (the
//! layers are composited first, then blended at that opacity), as CSS
//! `color: rgba(…)` does to colour glyphs.
//!
//! The two tables are read by hand (a few dozen lines) rather than through
//! ttf-parser's `paint_color_glyph`, whose COLRv1 painter (gradients,
//! transforms, clips) would come along. COLRv1-only glyphs are not drawn in
//! colour (their version-0 base records, if any, are).

use alloc::vec::Vec;

use tiny_skia::Pixmap;

use super::cache::{GlyphCache, Raster};
use super::fonts::FontSource;
use super::paint::{blit, mul255, Ink};
use crate::Rgba;

const COLR: [u8; 4] = *b"COLR";
const CPAL: [u8; 4] = *b"CPAL";
/// The palette entry that means "the text colour".
const FOREGROUND: u16 = 0xFFFF;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(at..at + 4)?.try_into().ok()?))
}

/// Whether the font file `data` (or a collection's first face) has a `COLR`
/// table: a look at its table directory, nothing parsed.
pub(crate) fn has_colr(data: &[u8]) -> bool {
    let start = if data.get(..4) == Some(b"ttcf") {
        u32_at(data, 12).map_or(0, |o| o as usize)
    } else {
        0
    };
    let n = u16_at(data, start + 4).unwrap_or(0);
    (0..usize::from(n)).any(|k| data.get(start + 12 + 16 * k..start + 16 + 16 * k) == Some(&COLR))
}

/// A face's colour tables.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColorFace<'a> {
    colr: &'a [u8],
    cpal: &'a [u8],
}

impl<'a> ColorFace<'a> {
    /// The colour tables of font file `data`, if it has a `COLR` table.
    pub(crate) fn new(data: &'a [u8]) -> Option<Self> {
        let raw = ttf_parser::RawFace::parse(data, 0).ok()?;
        let colr = raw.table(ttf_parser::Tag::from_bytes(&COLR))?;
        let cpal = raw.table(ttf_parser::Tag::from_bytes(&CPAL)).unwrap_or(&[]);
        Some(ColorFace { colr, cpal })
    }

    /// The layers of `glyph`, bottom first: (layer glyph, palette entry).
    /// `None` when it is not a colour glyph.
    pub(crate) fn layers(&self, glyph: u16) -> Option<impl Iterator<Item = (u16, u16)> + 'a> {
        let d = self.colr;
        // Header: version, base glyph count, base records, layer records, layer count.
        let bases = usize::from(u16_at(d, 2)?);
        let base_at = u32_at(d, 4)? as usize;
        let layer_at = u32_at(d, 8)? as usize;
        let layer_count = usize::from(u16_at(d, 12)?);
        // Base records (glyph, first layer, layer count), sorted by glyph.
        let (mut lo, mut hi) = (0, bases);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let rec = base_at + 6 * mid;
            let g = u16_at(d, rec)?;
            if g < glyph {
                lo = mid + 1;
            } else if g > glyph {
                hi = mid;
            } else {
                let first = usize::from(u16_at(d, rec + 2)?);
                let count = usize::from(u16_at(d, rec + 4)?);
                let end = (first + count).min(layer_count);
                return Some((first..end).filter_map(move |k| {
                    let at = layer_at + 4 * k;
                    Some((u16_at(d, at)?, u16_at(d, at + 2)?))
                }));
            }
        }
        None
    }

    /// Entry `index` of palette 0 (straight alpha), `None` past its end.
    fn color(&self, index: u16) -> Option<Rgba> {
        let d = self.cpal;
        let entries = u16_at(d, 2)?;
        if index >= entries {
            return None;
        }
        let records = u32_at(d, 8)? as usize;
        let first = usize::from(u16_at(d, 12)?);
        let at = records + 4 * (first + usize::from(index));
        // Records are blue, green, red, alpha.
        let bgra = d.get(at..at + 4)?;
        Some(Rgba {
            r: bgra[2],
            g: bgra[1],
            b: bgra[0],
            a: bgra[3],
        })
    }
}

/// How many palette colours' ink tables one paint keeps (1 KiB each):
/// nine emoji at 64 px use 52 layers in ~40 colours.
const INKS: usize = 64;

/// What one paint keeps for colour glyphs: the colour tables of the faces
/// it meets, looked up once per face, and the ink tables of the colours
/// drawn (made per layer, they were ~18 % of a warm layout + paint of nine
/// emoji at 64 px: 96 → 79 µs natively).
#[derive(Default)]
pub(crate) struct Colors<'a> {
    faces: Vec<(u16, Option<ColorFace<'a>>)>,
    inks: Vec<(Rgba, Ink)>,
}

impl<'a> Colors<'a> {
    /// The ink table of `c`, made on first use (the oldest dropped past [`INKS`]).
    fn ink(&mut self, c: Rgba) -> &Ink {
        let k = match self.inks.iter().position(|(ic, _)| *ic == c) {
            Some(k) => k,
            None => {
                if self.inks.len() == INKS {
                    self.inks.remove(0);
                }
                self.inks.push((c, Ink::new(c)));
                self.inks.len() - 1
            }
        };
        &self.inks[k].1
    }

    /// `face`'s colour tables, if it is a colour face.
    fn face(&mut self, face: u16, fonts: &'a dyn FontSource) -> Option<ColorFace<'a>> {
        if let Some((_, c)) = self.faces.iter().find(|(f, _)| *f == face) {
            return *c;
        }
        let c = if fonts.is_color(face) {
            fonts.data(face).and_then(ColorFace::new)
        } else {
            None
        };
        self.faces.push((face, c));
        c
    }
}

/// Draws `glyph` of `face` with its origin at (`ox`, `oy`) if it is a
/// colour glyph: its layers cached like glyphs at `px`, in their colours at
/// `text`'s opacity (`text` itself for foreground layers). False when it is
/// not one (then it is an ordinary glyph).
pub(crate) fn draw<'a>(
    pixmap: &mut Pixmap,
    cache: &mut GlyphCache,
    fonts: &'a dyn FontSource,
    colors: &mut Colors<'a>,
    (face, glyph, px): (u16, u16, f32),
    (ox, oy): (i32, i32),
    text: Rgba,
) -> bool {
    let Some(color) = colors.face(face, fonts) else {
        return false;
    };
    let Some(layers) = color.layers(glyph) else {
        return false;
    };
    let ink = |index: u16| match index {
        FOREGROUND => Some(Rgba { a: 255, ..text }),
        _ => color.color(index),
    };
    if text.a == 255 {
        for (layer, index) in layers {
            if let Some(c) = ink(index).filter(|c| c.a > 0) {
                let raster = cache.raster(face, layer, px, fonts);
                blit(pixmap, raster, ox, oy, colors.ink(c));
            }
        }
        return true;
    }
    // Translucent text: the layers composited on their own first, then
    // blended as one at the text's opacity.
    let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    let layers: Vec<(u16, u16)> = layers.collect();
    for &(layer, _) in &layers {
        let r = cache.raster(face, layer, px, fonts);
        if r.width > 0 && r.height > 0 {
            x0 = x0.min(r.xmin);
            y0 = y0.min(r.ymin);
            x1 = x1.max(r.xmin.saturating_add(r.width as i32));
            y1 = y1.max(r.ymin.saturating_add(r.height as i32));
        }
    }
    // The group: the glyph's box in the pixmap (y down), clipped to it.
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let (ox64, oy64) = (i64::from(ox), i64::from(oy));
    let left = (ox64 + i64::from(x0)).max(0);
    let top = (oy64 - i64::from(y1)).max(0);
    let right = (ox64 + i64::from(x1)).min(pw);
    let bottom = (oy64 - i64::from(y0)).min(ph);
    if left >= right || top >= bottom {
        return true;
    }
    let Some(mut group) = Pixmap::new((right - left) as u32, (bottom - top) as u32) else {
        return true;
    };
    // Within ±(1e6 + a side) and the pixmap: far inside i32.
    let (gx, gy) = ((ox64 - left) as i32, (oy64 - top) as i32);
    for (layer, index) in layers {
        if let Some(c) = ink(index).filter(|c| c.a > 0) {
            let raster = cache.raster(face, layer, px, fonts);
            blit(&mut group, raster, gx, gy, colors.ink(c));
        }
    }
    blend(pixmap, &group, left as i32, top as i32, text.a);
    true
}

/// Blends premultiplied `src` with its top-left corner at (`left`, `top`)
/// into `pixmap` at opacity `alpha`, source-over, clipped.
fn blend(pixmap: &mut Pixmap, src: &Pixmap, left: i32, top: i32, alpha: u8) {
    let (pw, ph) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
    let (sw, sh) = (i64::from(src.width()), i64::from(src.height()));
    let (left, top) = (i64::from(left), i64::from(top));
    let (x0, x1) = (left.max(0), (left + sw).min(pw));
    let (y0, y1) = (top.max(0), (top + sh).min(ph));
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let span = (x1 - x0) as usize * 4;
    let (s, d) = (src.data(), pixmap.data_mut());
    for y in y0..y1 {
        let from = (((y - top) * sw + (x0 - left)) * 4) as usize;
        let to = ((y * pw + x0) * 4) as usize;
        let (Some(s), Some(d)) = (s.get(from..from + span), d.get_mut(to..to + span)) else {
            return;
        };
        for (s, d) in s.chunks_exact(4).zip(d.chunks_exact_mut(4)) {
            let a = mul255(s[3], alpha);
            if a == 0 {
                continue;
            }
            let inv = 255 - a;
            for (d, &s) in d.iter_mut().zip(s) {
                *d = mul255(s, alpha).saturating_add(mul255(*d, inv));
            }
        }
    }
}

/// A glyph outline in font units (y up): closed contours as line, quad and
/// cubic segments, and the box around every point (control points too).
#[derive(Default)]
struct Outline {
    segments: Vec<Segment>,
    start: Point,
    last: Point,
    min: Point,
    max: Point,
    seen: bool,
}

type Point = (f32, f32);

enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

impl Outline {
    fn see(&mut self, p: Point) {
        if !self.seen {
            (self.min, self.max, self.seen) = (p, p, true);
        }
        self.min = (self.min.0.min(p.0), self.min.1.min(p.1));
        self.max = (self.max.0.max(p.0), self.max.1.max(p.1));
        self.last = p;
    }

    /// Closes the open contour (accumulation needs closed ones).
    fn close_contour(&mut self) {
        if self.last != self.start {
            self.segments.push(Segment::Line(self.last, self.start));
            self.last = self.start;
        }
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close_contour();
        self.see((x, y));
        self.start = (x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.segments.push(Segment::Line(self.last, (x, y)));
        self.see((x, y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.segments
            .push(Segment::Quad(self.last, (x1, y1), (x, y)));
        self.see((x1, y1));
        self.see((x, y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let c = Segment::Cubic(self.last, (x1, y1), (x2, y2), (x, y));
        self.segments.push(c);
        self.see((x1, y1));
        self.see((x2, y2));
        self.see((x, y));
    }
    fn close(&mut self) {
        self.close_contour();
    }
}

/// The coverage raster of `glyph` of `face` at `px` when `face` is a colour
/// face (its glyphs, layers included, outlined from the file and covered by
/// signed-area accumulation, as fontdue does its own); `None` for other
/// faces, which fontdue rasterises.
pub(crate) fn raster(fonts: &dyn FontSource, face: u16, glyph: u16, px: f32) -> Option<Raster> {
    if !fonts.is_color(face) {
        return None;
    }
    let parsed = ttf_parser::Face::parse(fonts.data(face)?, 0).ok()?;
    let mut outline = Outline::default();
    parsed.outline_glyph(ttf_parser::GlyphId(glyph), &mut outline);
    outline.close_contour();
    if outline.segments.is_empty() {
        return Some(Raster::default());
    }
    let scale = px / f32::from(parsed.units_per_em().max(1));
    // Whole device pixels around the scaled outline, y up.
    let x0 = libm::floorf(outline.min.0 * scale);
    let x1 = libm::ceilf(outline.max.0 * scale);
    let y0 = libm::floorf(outline.min.1 * scale);
    let y1 = libm::ceilf(outline.max.1 * scale);
    let (w, h) = (x1 - x0, y1 - y0);
    // Glyphs stay within a few ems; anything else is a broken font.
    let limit = px * 8.0 + 2.0;
    if !(w > 0.0 && h > 0.0 && w <= limit && h <= limit) {
        return Some(Raster::default());
    }
    let (w, h) = (w as usize, h as usize);
    // Device pixels, y down from the raster's top.
    let at = |(x, y): Point| ab_glyph_rasterizer::point(x * scale - x0, y1 - y * scale);
    let mut r = ab_glyph_rasterizer::Rasterizer::new(w, h);
    for s in &outline.segments {
        match *s {
            Segment::Line(a, b) => r.draw_line(at(a), at(b)),
            Segment::Quad(a, b, c) => r.draw_quad(at(a), at(b), at(c)),
            Segment::Cubic(a, b, c, d) => r.draw_cubic(at(a), at(b), at(c), at(d)),
        }
    }
    let mut coverage = alloc::vec![0u8; w * h];
    r.for_each_pixel(|i, a| {
        if let Some(c) = coverage.get_mut(i) {
            // Accumulated area: 1 (or more, for overlapping contours) is full.
            *c = (a.min(1.0) * 255.0 + 0.5) as u8;
        }
    });
    Some(Raster {
        xmin: x0 as i32,
        ymin: y0 as i32,
        width: w,
        height: h,
        coverage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_colr_in_the_table_directory() {
        let sans: &[u8] = include_bytes!("../../../../fonts/NotoSans-Regular-Core.ttf");
        assert!(!has_colr(sans));
        assert!(!has_colr(&[]));
        assert!(!has_colr(b"ttcf\0\0\0\0"));
        // A minimal directory naming a COLR table.
        let mut dir = alloc::vec![0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0];
        dir.extend_from_slice(b"cmap\0\0\0\0\0\0\0\0\0\0\0\0COLR");
        assert!(has_colr(&dir));
    }
}
