//! Gradients drawn straight into the pixmap's bytes: a table of
//! [`RAMP`] premultiplied colours built once per gradient from its stops,
//! and per pixel only `t` (stepped in fixed point along a row; for a
//! radial gradient, the table index whose square brackets `u² + v²`,
//! found by stepping from the previous pixel's) and a table lookup.
//!
//! tiny-skia draws the same gradients through its raster pipeline at
//! ~4–5 ns a pixel (a full 1200 × 630 background took ~3.3 ms natively);
//! this is ~0.5 ns for a linear one. The colours are tiny-skia's (the same
//! stop fix-ups, straight-colour interpolation, rounding and
//! premultiplication), sampled at 1/1023 steps of `t`: within one level of
//! what its pipeline gives. Coverage of shapes with rounded corners,
//! fractional edges or a clip comes from tiny-skia's own rasteriser (a
//! [`Mask`] of the shape's bounds), so edges are anti-aliased as before.
//!
//! Deterministic: per pixel everything is integer arithmetic (the few
//! `f32` coefficients per gradient are plain arithmetic), so every target
//! gives the same bytes — and no square root per pixel, which libm computes
//! in software in wasm (~20 ns). A linear gradient at a multiple of 45°
//! steps `t` by exactly the same amount along x and y, so its rows are
//! exact shifts of each other.

use alloc::vec;
use alloc::vec::Vec;

use tiny_skia::{FillRule, Mask, Pixmap, Transform};

use super::background::{Geometry, Gradient};
use super::shape::{rounded, Radii};
use super::BoxRect;
use crate::Rgba;

/// Entries in a gradient's colour table.
const RAMP: usize = 1024;

/// Fractional bits of the fixed-point table positions.
const FRAC: u32 = 16;

/// Beyond this (in table steps, fixed point) a radial gradient's `u` or
/// `v` is past the table's end whatever the other: clamped to it before
/// squaring, so that `u² + v²` stays far within `i64`.
const FAR: i64 = (RAMP as i64 + 64) << FRAC;

/// A gradient's colours at `t = k / (RAMP − 1)`, premultiplied RGBA.
struct Ramp {
    colors: Vec<[u8; 4]>,
    opaque: bool,
}

/// The stops as tiny-skia's `Gradient::new` fixes them up: a stop at 0 and
/// at 1 added with the end colours if missing, positions clamped into
/// `[previous, 1]`, and the last one pinned to 1.
fn fixed_stops(stops: &[(f32, Rgba)]) -> Vec<(f32, [f32; 4])> {
    let color = |c: Rgba| {
        let s = c.to_skia();
        [s.red(), s.green(), s.blue(), s.alpha()]
    };
    // tiny-skia's `GradientStop::new` clamps positions into 0–1 (NaN → 0).
    let clamp = |t: f32| if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let mut out: Vec<(f32, [f32; 4])> = stops.iter().map(|&(t, c)| (clamp(t), color(c))).collect();
    let (Some(&first), Some(&last)) = (out.first(), out.last()) else {
        return out;
    };
    let dummy_first = first.0 != 0.0;
    if dummy_first {
        out.insert(0, (0.0, first.1));
    }
    if last.0 != 1.0 {
        out.push((1.0, last.1));
    }
    let start = if dummy_first { 0 } else { 1 };
    let mut prev = 0.0f32;
    let n = out.len();
    for (i, stop) in out.iter_mut().enumerate().skip(start) {
        let cur = if i + 1 == n {
            1.0
        } else {
            // `bound(prev, 1.0)`: max(prev, min(t, 1)).
            stop.0.min(1.0).max(prev)
        };
        stop.0 = cur;
        prev = cur;
    }
    out
}

impl Ramp {
    /// The table for `stops` (at least one).
    fn new(stops: &[(f32, Rgba)]) -> Ramp {
        let stops = fixed_stops(stops);
        let opaque = stops.iter().all(|s| s.1[3] >= 1.0);
        let mut colors = vec![[0u8; 4]; RAMP];
        // The last stop starting at or before t (the later one of a hard
        // stop, as tiny-skia's search picks it), and the next; t grows.
        let mut i = 0;
        for (k, slot) in colors.iter_mut().enumerate() {
            let t = k as f32 / (RAMP - 1) as f32;
            while stops.get(i + 1).is_some_and(|s| s.0 <= t) {
                i += 1;
            }
            let c = match stops.get(i + 1) {
                Some(&(t1, c1)) if t1 > stops[i].0 => {
                    let (t0, c0) = stops[i];
                    // tiny-skia's factor and bias: c = f·t + b.
                    core::array::from_fn(|ch| {
                        let f = (c1[ch] - c0[ch]) / (t1 - t0);
                        let b = c0[ch] - f * t0;
                        f * t + b
                    })
                }
                _ => stops.get(i).map_or([0.0; 4], |s| s.1),
            };
            // tiny-skia's lowp rounding: colour channels clamped to 0–1, then
            // ×255 + ½ truncated; alpha likewise (already in range).
            let u = |v: f32| (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u16;
            let (r, g, b, a) = (u(c[0]), u(c[1]), u(c[2]), u(c[3]));
            *slot = if opaque {
                [r as u8, g as u8, b as u8, a as u8]
            } else {
                // lowp premultiply: (c·a + 255) / 256.
                let pm = |v: u16| ((v * a + 255) >> 8) as u8;
                [pm(r), pm(g), pm(b), a as u8]
            };
        }
        Ramp { colors, opaque }
    }
}

/// `t` at a device pixel, in table steps.
#[derive(Clone, Copy)]
enum Field {
    /// `(c + a·x + b·y) >> FRAC` for the pixel at (x, y).
    Linear { a: i64, b: i64, c: i64 },
    /// `√(u² + v²)`, rounded, with `u` and `v` (table steps, fixed point)
    /// affine in the pixel like a linear field (`[a, b, c]`).
    Radial { u: [i64; 3], v: [i64; 3] },
}

/// An affine function of the device pixel's centre, `α·x + β·y + γ` in
/// `to_css`'s CSS px, as fixed-point table steps `[a, b, c]` of the pixel
/// (x, y): `c + a·x + b·y`. `None` for numbers too large.
fn fixed(al: f32, be: f32, ga: f32, to_css: Transform, rounding: bool) -> Option<[i64; 3]> {
    // A device point (X, Y) is (sx·X + kx·Y + tx, ky·X + sy·Y + ty) in CSS px.
    let t = to_css;
    let fa = al * t.sx + be * t.ky;
    let fb = al * t.kx + be * t.sy;
    let fc = al * t.tx + be * t.ty + ga;
    let one = (1u32 << FRAC) as f32 * (RAMP - 1) as f32;
    let half = if rounding {
        (1u32 << (FRAC - 1)) as f32
    } else {
        0.0
    };
    // At the pixel's centre; with ½ step, `>> FRAC` rounds.
    let [a, b, c] = [fa * one, fb * one, (fc + 0.5 * (fa + fb)) * one + half];
    // Far past any sane gradient; keeps every sum over a row or column of
    // the largest pixmap (16384 px) within i64.
    let ok = |v: f32| v.is_finite() && v.abs() < 1e14;
    if !(ok(a) && ok(b) && ok(c)) {
        return None;
    }
    let r = |v: f32| libm::roundf(v) as i64;
    Some([r(a), r(b), r(c)])
}

impl Field {
    /// The field of `geometry` for device pixels, `to_css` mapping device
    /// pixel coordinates to canvas CSS px. `None` when it cannot be drawn
    /// here (a solid colour, or numbers too large for the fixed point).
    fn new(geometry: Geometry, to_css: Transform) -> Option<Field> {
        match geometry {
            Geometry::Solid(_) => None,
            Geometry::Linear {
                from, dir, length, ..
            } => {
                if !(length > 0.0 && length.is_finite()) {
                    return None;
                }
                // t = ((x, y) − from)·dir / length.
                let (al, be) = (dir.0 / length, dir.1 / length);
                let ga = -(from.0 * al + from.1 * be);
                let [a, b, c] = fixed(al, be, ga, to_css, true)?;
                Some(Field::Linear { a, b, c })
            }
            Geometry::Radial {
                center,
                radius,
                ry_over_rx,
            } => {
                if !(radius > 0.0 && ry_over_rx > 0.0) {
                    return None;
                }
                let ry = radius * ry_over_rx;
                let (ua, va) = (1.0 / radius, 1.0 / ry);
                Some(Field::Radial {
                    u: fixed(ua, 0.0, -center.0 * ua, to_css, false)?,
                    v: fixed(0.0, va, -center.1 * va, to_css, false)?,
                })
            }
        }
    }
}

/// A rectangle of device pixels: `x0..x1` × `y0..y1`.
#[derive(Clone, Copy)]
struct Span {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// Fills the part of the target inside `shape` (canvas CSS px, corners
/// `radii`) with `gradient`, through `ts` (CSS px → device px) and within
/// `clip`, as tiny-skia's anti-aliased `fill_path` with the gradient's
/// shader would (see the module doc). Returns false, having drawn
/// nothing, when the gradient is better left to tiny-skia (a solid colour,
/// an odd transform).
pub(super) fn fill(
    target: &mut Pixmap,
    gradient: &Gradient,
    shape: BoxRect,
    radii: &Radii,
    ts: Transform,
    clip: Option<&Mask>,
) -> bool {
    let Some(to_css) = ts.invert() else {
        return false;
    };
    let Some(field) = Field::new(gradient.geometry, to_css) else {
        return false;
    };
    if gradient.stops.is_empty() {
        return false;
    }
    let (tw, th) = (target.width(), target.height());
    if clip.is_some_and(|m| m.width() != tw || m.height() != th) {
        return false;
    }
    // The shape's device bounds.
    let corners = [
        (shape.x, shape.y),
        (shape.right(), shape.y),
        (shape.x, shape.bottom()),
        (shape.right(), shape.bottom()),
    ];
    let mut pts = corners.map(|(x, y)| tiny_skia::Point::from_xy(x, y));
    ts.map_points(&mut pts);
    let (mut l, mut t, mut r, mut b) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in pts {
        (l, t, r, b) = (l.min(p.x), t.min(p.y), r.max(p.x), b.max(p.y));
    }
    if !(l.is_finite() && t.is_finite() && r.is_finite() && b.is_finite()) {
        return false;
    }
    let clampi = |v: f32, hi: u32| v.clamp(0.0, hi as f32) as usize;
    let span = Span {
        x0: clampi(libm::floorf(l), tw),
        y0: clampi(libm::floorf(t), th),
        x1: clampi(libm::ceilf(r), tw),
        y1: clampi(libm::ceilf(b), th),
    };
    if span.x0 >= span.x1 || span.y0 >= span.y1 {
        return true;
    }
    // A device rectangle on whole pixels, unclipped: every pixel covered.
    let whole = |v: f32| (v - libm::roundf(v)).abs() < 1e-3;
    let plain = ts.kx == 0.0
        && ts.ky == 0.0
        && radii.is_zero()
        && clip.is_none()
        && [l, t, r, b].into_iter().all(whole);
    let ramp = Ramp::new(&gradient.stops);
    if plain {
        draw(target, span, &field, &ramp, None);
        return true;
    }
    // Coverage of the shape by tiny-skia's rasteriser, in the span only.
    let (w, h) = (span.x1 - span.x0, span.y1 - span.y0);
    let Some(mut mask) = Mask::new(w as u32, h as u32) else {
        return false;
    };
    let Some(path) = rounded(shape, radii) else {
        return true;
    };
    let to_span = ts.post_translate(-(span.x0 as f32), -(span.y0 as f32));
    mask.fill_path(&path, FillRule::Winding, true, to_span);
    let mut coverage = mask.data().to_vec();
    if let Some(clip) = clip {
        let cd = clip.data();
        for (y, row) in coverage.chunks_exact_mut(w).enumerate() {
            let at = (span.y0 + y) * tw as usize + span.x0;
            for (c, &m) in row.iter_mut().zip(&cd[at..at + w]) {
                *c = div255(u16::from(*c) * u16::from(m));
            }
        }
    }
    draw(target, span, &field, &ramp, Some(&coverage));
    true
}

/// tiny-skia's lowp division by 255: `(v + 255) / 256`.
#[inline]
fn div255(v: u16) -> u8 {
    ((u32::from(v) + 255) >> 8) as u8
}

/// Writes the gradient over `span`, each pixel covered as `coverage`
/// (span-sized, row by row) says, or wholly.
fn draw(target: &mut Pixmap, span: Span, field: &Field, ramp: &Ramp, coverage: Option<&[u8]>) {
    let tw = target.width() as usize;
    let w = span.x1 - span.x0;
    let data = target.data_mut();
    let mut idx = vec![0u16; w];
    let mut colors = vec![[0u8; 4]; w];
    for y in span.y0..span.y1 {
        row_colors(field, ramp, span.x0, y, y > span.y0, &mut idx, &mut colors);
        let at = (y * tw + span.x0) * 4;
        let Some(row) = data.get_mut(at..at + w * 4) else {
            return;
        };
        let cov = coverage.and_then(|c| c.get((y - span.y0) * w..(y - span.y0 + 1) * w));
        match cov {
            None if ramp.opaque => {
                for (px, c) in row.chunks_exact_mut(4).zip(&colors) {
                    px.copy_from_slice(c);
                }
            }
            None => {
                for (px, &c) in row.chunks_exact_mut(4).zip(&colors) {
                    blend(px, c, 255);
                }
            }
            Some(cov) => {
                for ((px, &s), &c) in row.chunks_exact_mut(4).zip(&colors).zip(cov) {
                    if c == 255 && ramp.opaque {
                        px.copy_from_slice(&s);
                    } else if c != 0 {
                        blend(px, s, c);
                    }
                }
            }
        }
    }
}

/// The colours of row `y` from column `x0` on, into `out`, which holds row
/// `y − 1`'s when `above` — reused where a linear field makes that exact:
/// unchanged (`b = 0`: a horizontal gradient), one colour (`a = 0`: a
/// vertical one), or the row above shifted by a pixel and one new colour
/// (`b = ±a`: a diagonal one). Else each pixel's index is worked out
/// (`idx` is scratch).
fn row_colors(
    field: &Field,
    ramp: &Ramp,
    x0: usize,
    y: usize,
    above: bool,
    idx: &mut [u16],
    out: &mut [[u8; 4]],
) {
    let w = out.len();
    if let (Field::Linear { a, b, c }, true, 1..) = (*field, above, w) {
        let color = |x: usize| {
            let p = c + a * x as i64 + b * y as i64;
            ramp.colors[(p >> FRAC).clamp(0, (RAMP - 1) as i64) as usize]
        };
        if b == 0 {
            return;
        }
        if a == 0 {
            out.fill(color(x0));
            return;
        }
        if b == a {
            // p(x, y) = p(x + 1, y − 1).
            out.copy_within(1.., 0);
            out[w - 1] = color(x0 + w - 1);
            return;
        }
        if b == -a {
            // p(x, y) = p(x − 1, y − 1).
            out.copy_within(..w - 1, 1);
            out[0] = color(x0);
            return;
        }
    }
    positions(field, x0, y, idx);
    for (o, &i) in out.iter_mut().zip(idx.iter()) {
        *o = ramp.colors[usize::from(i)];
    }
}

/// Source-over of premultiplied `s` onto `px` at coverage `c`, as
/// tiny-skia's lowp pipeline: `s + d·(255 − sa)/255`, then a lerp from `d`
/// by `c` (skipped when `c` is 255).
#[inline]
fn blend(px: &mut [u8], s: [u8; 4], c: u8) {
    let inv = u16::from(255 - s[3]);
    for (d, &sv) in px.iter_mut().zip(&s) {
        let dv = u16::from(*d);
        let over = u16::from(sv) + u16::from(div255(dv * inv));
        *d = if c == 255 {
            over as u8
        } else {
            let c = u16::from(c);
            div255(dv * (255 - c) + over * c)
        };
    }
}

/// `(k + ½)²` in the fixed point of `u² + v²`: the square below which
/// `√(u² + v²)` rounds to `k` or less.
#[inline]
fn threshold(k: i64) -> i64 {
    let h = (2 * k + 1) << (FRAC - 1);
    h * h
}

/// `u² + v²` of fixed-point table steps, each clamped to [`FAR`].
#[inline]
fn square(u: i64, v: i64) -> i64 {
    let (u, v) = (u.clamp(-FAR, FAR), v.clamp(-FAR, FAR));
    u * u + v * v
}

/// The table index `k` with `(k − ½)² ≤ s < (k + ½)²` (clamped to the
/// table), by bisection.
fn bisect(s: i64) -> i64 {
    let (mut lo, mut hi) = (0i64, (RAMP - 1) as i64);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if s < threshold(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// [`bisect`]`(s)`, stepping from `k` (a neighbouring pixel's index): a few
/// steps at most, else bisection (a squashed or tiny gradient can move many
/// steps a pixel).
#[inline]
fn locate(s: i64, mut k: i64) -> i64 {
    let last = (RAMP - 1) as i64;
    for _ in 0..4 {
        if k < last && s >= threshold(k) {
            k += 1;
        } else if k > 0 && s < threshold(k - 1) {
            k -= 1;
        } else {
            return k;
        }
    }
    bisect(s)
}

/// The table index of each pixel of row `y` from column `x0` on.
fn positions(field: &Field, x0: usize, y: usize, out: &mut [u16]) {
    let last = (RAMP - 1) as i64;
    let (x0, y) = (x0 as i64, y as i64);
    match *field {
        Field::Linear { a, b, c } => {
            let mut p = c + a * x0 + b * y;
            for o in out.iter_mut() {
                *o = (p >> FRAC).clamp(0, last) as u16;
                p += a;
            }
        }
        Field::Radial { u, v } => {
            let mut uu = u[2] + u[0] * x0 + u[1] * y;
            let mut vv = v[2] + v[0] * x0 + v[1] * y;
            // The first index by bisection, then each pixel's by stepping
            // from its neighbour's (`t` changes by a few steps at most).
            let mut k = bisect(square(uu, vv));
            for o in out.iter_mut() {
                k = locate(square(uu, vv), k);
                *o = k as u16;
                uu += u[0];
                vv += v[0];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use tiny_skia::{Paint, PathBuilder};

    use super::super::background::{linear, radial};
    use super::super::shape::rotation;
    use super::super::{Len, Stop};
    use super::*;

    fn stop(c: u32, at: f32) -> Stop {
        Stop {
            color: Rgba::rgb(c),
            at: Len::Percent(at),
        }
    }

    fn area(x: f32, y: f32, w: f32, h: f32) -> BoxRect {
        BoxRect {
            x,
            y,
            width: w,
            height: h,
        }
    }

    /// A `w × h` pixmap of a coloured checkerboard, so that blending shows.
    fn backdrop(w: u32, h: u32) -> Pixmap {
        let mut p = Pixmap::new(w, h).unwrap();
        for (i, px) in p.data_mut().chunks_exact_mut(4).enumerate() {
            let (x, y) = (i as u32 % w, i as u32 / w);
            let v = if (x / 7 + y / 5) % 2 == 0 { 40 } else { 200 };
            px.copy_from_slice(&[v, v / 2, 255 - v, 255]);
        }
        p
    }

    /// The same fill through tiny-skia's shader and through [`fill`]: the
    /// largest channel difference, and whether `fill` took it.
    fn both(
        g: &Gradient,
        shape: BoxRect,
        radii: Radii,
        ts: Transform,
        clip: Option<&Mask>,
    ) -> (u8, bool) {
        let (w, h) = (160, 120);
        let mut reference = backdrop(w, h);
        let paint = Paint {
            shader: g.shader().unwrap(),
            anti_alias: true,
            ..Paint::default()
        };
        let path = rounded(shape, &radii).unwrap();
        reference.fill_path(&path, &paint, FillRule::Winding, ts, clip);
        let mut ours = backdrop(w, h);
        let took = fill(&mut ours, g, shape, &radii, ts, clip);
        let worst = reference
            .data()
            .iter()
            .zip(ours.data())
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        (worst, took)
    }

    #[test]
    fn linear_gradients_match_tiny_skia() {
        let two = [stop(0x4f46e5, 0.0), stop(0xdb2777, 1.0)];
        let many = [
            stop(0xff0000, 0.0),
            stop(0x00ff00, 0.3),
            stop(0x00ff00, 0.3),
            stop(0x0000ff, 0.55),
            stop(0xffffff, 1.2),
        ];
        let a = area(10.0, 7.0, 130.0, 90.0);
        for angle in [0.0, 45.0, 90.0, 135.0, 180.0, 200.0, 315.0, -30.0, 17.5] {
            for stops in [&two[..], &many[..]] {
                let g = linear(angle, stops, a).unwrap();
                let (worst, took) = both(&g, a, Radii::default(), Transform::identity(), None);
                assert!(took, "{angle}");
                assert!(worst <= 1, "{angle}° {}: {worst}", stops.len());
            }
        }
    }

    #[test]
    fn translucent_stops_blend_as_tiny_skia() {
        let stops = [
            Stop {
                color: Rgba::new(255, 0, 0, 128),
                at: Len::Percent(0.0),
            },
            Stop {
                color: Rgba::TRANSPARENT,
                at: Len::Percent(0.5),
            },
            Stop {
                color: Rgba::new(0, 0, 255, 200),
                at: Len::Percent(1.0),
            },
        ];
        let a = area(0.0, 0.0, 160.0, 120.0);
        let g = linear(120.0, &stops, a).unwrap();
        let (worst, took) = both(&g, a, Radii::default(), Transform::identity(), None);
        assert!(took);
        assert!(worst <= 1, "{worst}");
    }

    #[test]
    fn radial_gradients_match_tiny_skia() {
        let stops = [
            stop(0xfde68a, 0.0),
            stop(0xf59e0b, 0.45),
            stop(0xb45309, 1.0),
        ];
        let a = area(20.0, 10.0, 120.0, 100.0);
        for circle in [true, false] {
            for center in [(0.5, 0.4), (0.0, 0.0), (1.3, -0.2)] {
                let c = (Len::Percent(center.0), Len::Percent(center.1));
                let g = radial(circle, c, &stops, a).unwrap();
                let (worst, took) = both(&g, a, Radii::default(), Transform::identity(), None);
                assert!(took);
                assert!(worst <= 1, "{circle} {center:?}: {worst}");
            }
        }
    }

    #[test]
    fn edges_corners_clips_and_transforms_are_tiny_skias() {
        let stops = [stop(0x34d399, 0.0), stop(0x059669, 1.0)];
        let round = Radii([(30.0, 30.0), (8.0, 20.0), (0.0, 0.0), (50.0, 40.0)]);
        let mut clip = Mask::new(160, 120).unwrap();
        let mut pb = PathBuilder::new();
        pb.push_circle(70.0, 60.0, 50.0);
        let circle = pb.finish().unwrap();
        clip.fill_path(&circle, FillRule::Winding, true, Transform::identity());
        let turned = Transform::from_translate(80.0, 60.0)
            .pre_concat(rotation(20.0))
            .pre_translate(-80.0, -60.0);
        let cases = [
            // Fractional edges (dpr 1.5), rounded corners, a clip, a rotation.
            (
                area(3.0, 5.0, 90.0, 61.0),
                Radii::default(),
                Transform::from_scale(1.5, 1.5),
                false,
            ),
            (
                area(10.0, 10.0, 140.0, 100.0),
                round,
                Transform::identity(),
                false,
            ),
            (
                area(10.0, 10.0, 140.0, 100.0),
                Radii::default(),
                Transform::identity(),
                true,
            ),
            (area(30.0, 30.0, 100.0, 60.0), round, turned, true),
        ];
        for (k, (a, radii, ts, clipped)) in cases.into_iter().enumerate() {
            let center = (Len::Percent(0.3), Len::Percent(0.6));
            for g in [
                linear(135.0, &stops, a).unwrap(),
                radial(false, center, &stops, a).unwrap(),
            ] {
                let (worst, took) = both(&g, a, radii, ts, clipped.then_some(&clip));
                assert!(took, "case {k}");
                // Coverage × clip is rounded once here, in two steps in
                // tiny-skia's pipeline: 2 where both are partial.
                assert!(worst <= 2, "case {k}: {worst}");
            }
        }
    }

    #[test]
    fn diagonal_rows_are_exact_shifts() {
        let stops = [stop(0x0f172a, 0.0), stop(0x1e3a8a, 1.0)];
        let (w, h) = (300u32, 200u32);
        for (angle, shift) in [(135.0f32, 1i32), (45.0, -1), (225.0, -1), (315.0, 1)] {
            let a = area(0.0, 0.0, w as f32, h as f32);
            let g = linear(angle, &stops, a).unwrap();
            let mut p = Pixmap::new(w, h).unwrap();
            let ts = Transform::identity();
            assert!(fill(&mut p, &g, a, &Radii::default(), ts, None));
            let row = |y: u32| &p.data()[(y * w * 4) as usize..((y + 1) * w * 4) as usize];
            for y in 1..h {
                let (above, here) = (row(y - 1), row(y));
                // Pixel x of this row is pixel x + shift of the row above.
                let (a0, h0) = if shift > 0 { (4, 0) } else { (0, 4) };
                let n = (w as usize - 1) * 4;
                assert_eq!(&here[h0..h0 + n], &above[a0..a0 + n], "{angle}° row {y}");
            }
        }
    }

    #[test]
    fn radial_steps_find_the_rounded_square_root() {
        // Every index the stepping finds is the exactly rounded √(u² + v²).
        let g = Geometry::Radial {
            center: (37.3, 20.1),
            radius: 61.7,
            ry_over_rx: 0.6,
        };
        let field = Field::new(g, Transform::identity()).unwrap();
        let Field::Radial { u, v } = field else {
            panic!("a radial field")
        };
        let mut row = vec![0u16; 200];
        for y in 0..150 {
            positions(&field, 3, y, &mut row);
            for (k, &got) in row.iter().enumerate() {
                let x = 3 + k as i64;
                let uu = (u[2] + u[0] * x + u[1] * y as i64) as f64;
                let vv = (v[2] + v[0] * x + v[1] * y as i64) as f64;
                let exact = (uu * uu + vv * vv).sqrt() / f64::from(1u32 << FRAC);
                let want = exact.round().min((RAMP - 1) as f64) as u16;
                // Exactly half-way cases aside, both round alike.
                assert!(got.abs_diff(want) <= 1, "({x}, {y}): {got} {want}");
                if (exact.fract() - 0.5).abs() > 1e-6 {
                    assert_eq!(got, want, "({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn a_gradient_squashed_to_a_sliver_is_drawn_in_bounded_time() {
        // Rotated and scaled to a thin diagonal: t moves thousands of table
        // steps a pixel across the sliver's whole-canvas bounding box.
        let stops = [stop(0xff0000, 0.0), stop(0x0000ff, 1.0)];
        let a = area(0.0, 0.0, 1000.0, 1000.0);
        let g = radial(true, (Len::Percent(0.5), Len::Percent(0.5)), &stops, a).unwrap();
        let ts = rotation(45.0).pre_scale(1e4, 1e-4);
        let mut p = Pixmap::new(1200, 630).unwrap();
        assert!(fill(&mut p, &g, a, &Radii::default(), ts, None));
    }

    #[test]
    fn reused_rows_are_the_rows_worked_out() {
        // Every angle whose rows are made from the row above (0°, 45°, …)
        // and one that is not, through a scale that keeps them so: each row
        // as `positions` gives it pixel by pixel.
        let stops = [
            stop(0x0f172a, 0.0),
            stop(0xdb2777, 0.6),
            stop(0x1e3a8a, 1.0),
        ];
        let a = area(3.0, 2.0, 150.0, 90.0);
        for angle in [0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0, 30.0] {
            let g = linear(angle, &stops, a).unwrap();
            let ts = Transform::from_scale(1.5, 1.5);
            let field = Field::new(g.geometry, ts.invert().unwrap()).unwrap();
            let ramp = Ramp::new(&g.stops);
            let w = 220;
            let (mut idx, mut out) = (vec![0u16; w], vec![[0u8; 4]; w]);
            let mut want = vec![0u16; w];
            for y in 0..140 {
                row_colors(&field, &ramp, 4, y, y > 0, &mut idx, &mut out);
                positions(&field, 4, y, &mut want);
                for (k, &i) in want.iter().enumerate() {
                    assert_eq!(out[k], ramp.colors[usize::from(i)], "{angle}° ({k}, {y})");
                }
            }
        }
    }

    #[test]
    fn degenerate_gradients_are_left_to_tiny_skia() {
        let stops = [stop(0xff0000, 0.0), stop(0x0000ff, 1.0)];
        let mut p = Pixmap::new(20, 20).unwrap();
        let flat = area(0.0, 0.0, 0.0, 0.0);
        let g = linear(90.0, &stops, flat).unwrap();
        let square = Radii::default();
        assert!(!fill(
            &mut p,
            &g,
            flat,
            &square,
            Transform::identity(),
            None
        ));
        let a = area(0.0, 0.0, 20.0, 20.0);
        let g = linear(f32::NAN, &stops, a).unwrap();
        let singular = Transform::from_scale(0.0, 1.0);
        assert!(!fill(&mut p, &g, a, &square, singular, None));
        // Far off the pixmap: nothing drawn, no panic.
        let far = Transform::from_translate(1e9, -1e9);
        fill(&mut p, &g, a, &square, far, None);
        assert!(p.data().iter().all(|&v| v == 0));
    }
}
