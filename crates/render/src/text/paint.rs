//! Painting: glyph coverage blended straight into the pixmap's pixels.

use alloc::vec;
use alloc::vec::Vec;

use tiny_skia::Pixmap;

use super::cache::{GlyphCache, Raster};
use super::fonts::FontSource;
use super::layout::Layout;
use super::TextSpec;
use crate::canvas::canvas;
use crate::Rgba;

/// Glyphs whose origin is further than this many ems outside the pixmap are
/// skipped without rasterising (no glyph of a sane font reaches that far).
const CULL_EMS: f32 = 4.0;

/// The laid-out text on a `layout.width() × layout.height()` pixmap filled
/// with `spec.bg`, in `spec.color` (spans in their own colours).
pub fn render_text(
    layout: &Layout,
    spec: &TextSpec,
    fonts: &dyn FontSource,
    cache: &mut GlyphCache,
) -> Pixmap {
    let mut pixmap = canvas(layout.width(), layout.height(), spec.bg);
    draw_layout(&mut pixmap, layout, 0.0, 0.0, spec.color, fonts, cache);
    pixmap
}

/// Draws `layout` onto `pixmap` with its top-left corner at (`dx`, `dy`) device
/// pixels (for labels on other images), in `color` (straight alpha, blended
/// source-over; a span's glyphs in the span's colour). Glyph origins are rounded to whole pixels here and only here;
/// everything outside the pixmap is clipped.
pub fn draw_layout(
    pixmap: &mut Pixmap,
    layout: &Layout,
    dx: f32,
    dy: f32,
    color: Rgba,
    fonts: &dyn FontSource,
    cache: &mut GlyphCache,
) {
    let offset = |v: f32| {
        if v.is_finite() {
            v.clamp(-1e6, 1e6)
        } else {
            0.0
        }
    };
    let (dx, dy) = (offset(dx), offset(dy));
    let (w, h) = (pixmap.width() as f32, pixmap.height() as f32);
    // An ink table per colour drawn (spans may alternate colours), the
    // last few kept.
    let mut inks: Vec<(Rgba, Ink)> = vec![(color, Ink::new(color))];
    // Hook (colour emoji): the colour faces met, see `colr.rs`.
    let mut colors = super::colr::Colors::default();
    // Each glyph at its slot's size: the cache keys rasters by that exact size.
    for (g, px, own) in layout.painted() {
        let c = own.unwrap_or(color);
        if c.a == 0 {
            continue;
        }
        let margin = px * CULL_EMS;
        let (x, y) = (g.x + dx, g.y + dy);
        if x < -margin || x > w + margin || y < -margin || y > h + margin {
            continue;
        }
        let k = match inks.iter().position(|(ic, _)| *ic == c) {
            Some(k) => k,
            None => {
                if inks.len() == INKS {
                    inks.remove(0);
                }
                inks.push((c, Ink::new(c)));
                inks.len() - 1
            }
        };
        // Rounded origins: values are within ±(1e6 + a box side), far inside i32.
        let ox = libm::roundf(x) as i32;
        let oy = libm::roundf(y) as i32;
        // Hook (colour emoji): a colour glyph is drawn layer by layer.
        let at = (g.face, g.glyph, px);
        if super::colr::draw(pixmap, cache, fonts, &mut colors, at, (ox, oy), c) {
            continue;
        }
        let raster = cache.raster(g.face, g.glyph, px, fonts);
        blit(pixmap, raster, ox, oy, &inks[k].1);
    }
}

/// How many colours' ink tables [`draw_layout`] keeps at once (1 KiB each).
const INKS: usize = 8;

/// Premultiplied source colour for every coverage value.
pub(super) struct Ink {
    /// `[r, g, b, a]` premultiplied, by coverage.
    table: [[u8; 4]; 256],
}

/// `a × b / 255`, rounded to nearest, exact for all 8-bit inputs.
pub(crate) fn mul255(a: u8, b: u8) -> u8 {
    let t = u32::from(a) * u32::from(b) + 128;
    // (t + t/256) / 256 is exact rounding of a·b/255; the result is ≤ 255.
    ((t + (t >> 8)) >> 8) as u8
}

impl Ink {
    pub(super) fn new(c: Rgba) -> Ink {
        let mut table = [[0u8; 4]; 256];
        for (cov, slot) in (0u8..=255).zip(table.iter_mut()) {
            let a = mul255(c.a, cov);
            *slot = [mul255(c.r, a), mul255(c.g, a), mul255(c.b, a), a];
        }
        Ink { table }
    }
}

/// Blends `raster` with its origin at (`ox`, `oy`) (pen, baseline) into the
/// pixmap, clipped to it.
pub(super) fn blit(pixmap: &mut Pixmap, raster: &Raster, ox: i32, oy: i32, ink: &Ink) {
    if raster.width == 0 || raster.height == 0 {
        return;
    }
    let pw = i64::from(pixmap.width());
    let ph = i64::from(pixmap.height());
    let rw = raster.width as i64;
    let rh = raster.height as i64;
    // Top-left of the bitmap in the pixmap (y down; ymin is the bottom, y up).
    let left = i64::from(ox) + i64::from(raster.xmin);
    let top = i64::from(oy) - i64::from(raster.ymin) - rh;
    let x0 = left.max(0);
    let x1 = (left + rw).min(pw);
    let y0 = top.max(0);
    let y1 = (top + rh).min(ph);
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let span = (x1 - x0) as usize;
    let data = pixmap.data_mut();
    for y in y0..y1 {
        let src_start = ((y - top) * rw + (x0 - left)) as usize;
        let dst_start = ((y * pw + x0) * 4) as usize;
        let (Some(src), Some(dst)) = (
            raster.coverage.get(src_start..src_start + span),
            data.get_mut(dst_start..dst_start + span * 4),
        ) else {
            return;
        };
        for (&cov, px) in src.iter().zip(dst.chunks_exact_mut(4)) {
            if cov == 0 {
                continue;
            }
            let s = ink.table[usize::from(cov)];
            if s[3] == 255 {
                px.copy_from_slice(&s);
            } else {
                let inv = 255 - s[3];
                // Source-over in premultiplied space: each channel stays ≤ alpha.
                for (d, s) in px.iter_mut().zip(s) {
                    *d = s.saturating_add(mul255(*d, inv));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mul255;

    #[test]
    fn mul255_is_exactly_rounded() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let exact = (u32::from(a) * u32::from(b) * 2 + 255) / 510;
                assert_eq!(u32::from(mul255(a, b)), exact, "{a}×{b}");
            }
        }
    }
}
