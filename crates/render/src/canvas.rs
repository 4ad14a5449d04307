//! Pixmap creation and path building shared by the raster renderers.

use alloc::vec::Vec;

use tiny_skia::{IntSize, Path, PathBuilder, Pixmap, Transform};

use crate::heart::curves::Outline;
use crate::Rgba;

/// The largest side the core will allocate; the edge layer's limits are far
/// below it, this only keeps the core total for any input.
pub(crate) const MAX_SIDE: u32 = 16_384;

/// A `width × height` pixmap filled with `bg`; sides are clamped to
/// `1..=MAX_SIDE`. Its buffer has `height` bytes to spare: the PNG encoder
/// writes RGBA rows, a byte longer each than the pixmap's, over the
/// pixmap's own bytes, and so needs no second buffer and no reallocation.
pub(crate) fn canvas(width: u32, height: u32, bg: Rgba) -> Pixmap {
    let w = width.clamp(1, MAX_SIDE);
    let h = height.clamp(1, MAX_SIDE);
    let len = w as usize * h as usize * 4;
    let mut data: Vec<u8> = Vec::with_capacity(len + h as usize);
    if bg.is_transparent() {
        data.resize(len, 0);
    } else {
        // One pass of the background colour (what `Pixmap::fill` writes)
        // instead of a zeroed allocation and then `fill`: the pixel is
        // copied by doubling memcpys, and nothing zeroes the buffer first
        // (a zeroed allocation is a second full pass over the pixels,
        // ~3 MB for a 1200×630 card).
        let c = bg.to_skia().premultiply().to_color_u8();
        data.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        while data.len() < len {
            let more = data.len().min(len - data.len());
            data.extend_from_within(..more);
        }
    }
    // from_vec only fails for a zero side or a byte size beyond i32, both
    // excluded by the clamp above.
    IntSize::from_wh(w, h)
        .and_then(|size| Pixmap::from_vec(data, size))
        .expect("clamped pixmap size is valid")
}

/// The outline as a closed path, mapped by `transform` from the unit box.
pub(crate) fn outline_path(outline: &Outline, transform: Transform) -> Option<Path> {
    let mut pb = PathBuilder::with_capacity(outline.points.len() + 1, outline.points.len());
    let mut points = outline.points.iter().map(|&(x, y)| {
        let mut p = tiny_skia::Point::from_xy(x, y);
        transform.map_point(&mut p);
        p
    });
    let first = points.next()?;
    pb.move_to(first.x, first.y);
    for p in points {
        pb.line_to(p.x, p.y);
    }
    pb.close();
    pb.finish()
}

/// `v` clamped into `lo..=hi`, total for every input: NaN gives `lo`, and an
/// empty range (`lo > hi`) gives `lo` (unlike `f32::clamp`, which panics).
pub(crate) fn clampf(v: f32, lo: f32, hi: f32) -> f32 {
    if v.is_nan() {
        lo
    } else {
        v.min(hi).max(lo)
    }
}
