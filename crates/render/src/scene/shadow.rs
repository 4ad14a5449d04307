//! Outer box shadows: the spread shape rasterised into an alpha mask only
//! as big as the shadow, blurred (three box blurs ≈ a Gaussian), cut out
//! where the box itself is, tinted and composited.

use alloc::vec;
use alloc::vec::Vec;

use tiny_skia::{FillRule, Mask, Pixmap, Transform};

use super::shape::{finite, rounded, Radii};
use super::{BoxRect, Shadow};
use crate::text::mul255;

/// The largest blur standard deviation, device pixels; larger blurs are
/// clamped (a CSS blur of 256 px at dpr 1).
const MAX_SIGMA: f32 = 128.0;

/// The radii of three box blurs whose succession approximates a Gaussian
/// of standard deviation `sigma` (pixels): box widths `wl` or `wl + 2`
/// chosen so that the variances add up to σ² (Kovesi, "Fast almost-Gaussian
/// filtering"). All zero for σ below half a pixel.
pub(super) fn box_radii(sigma: f32) -> [usize; 3] {
    if sigma.is_nan() || sigma < 0.5 {
        return [0; 3];
    }
    let s2 = sigma.min(MAX_SIGMA) * sigma.min(MAX_SIGMA);
    let ideal = libm::sqrtf(12.0 * s2 / 3.0 + 1.0);
    let mut wl = libm::floorf(ideal) as i64;
    if wl % 2 == 0 {
        wl -= 1;
    }
    let wl = wl.max(1);
    let wlf = wl as f32;
    let m = libm::roundf((12.0 * s2 - 3.0 * wlf * wlf - 12.0 * wlf - 9.0) / (-4.0 * wlf - 4.0));
    let m = if m.is_finite() {
        m.max(0.0) as usize
    } else {
        0
    };
    let mut out = [0usize; 3];
    for (i, r) in out.iter_mut().enumerate() {
        let w = if i < m { wl } else { wl + 2 };
        *r = (w as usize - 1) / 2;
    }
    out
}

/// `sum × recip ≫ 24 ≈ sum / d` for window sums of `d` bytes: the rounded
/// reciprocal, exact enough that a window of 255s gives 255.
fn reciprocal(d: u32) -> u32 {
    ((1u32 << 24) + d / 2) / d
}

/// One box blur of radius `r` along a line: `dst[i]` is the mean of
/// `src[i - r ..= i + r]`, zero outside. A running sum: O(len), whatever `r`.
fn box_line(src: &[u8], dst: &mut [u8], r: usize) {
    let d = 2 * r as u32 + 1;
    let recip = reciprocal(d);
    let mut sum: u32 = src
        .iter()
        .take(r.saturating_add(1))
        .map(|&v| u32::from(v))
        .sum();
    for (i, out) in dst.iter_mut().enumerate().take(src.len()) {
        *out = ((sum * recip + (1 << 23)) >> 24).min(255) as u8;
        if let Some(&add) = src.get(i.saturating_add(r).saturating_add(1)) {
            sum += u32::from(add);
        }
        if i >= r {
            sum -= u32::from(src[i - r]);
        }
    }
}

/// The three box blurs along every row of a `w`-wide image: row → `a` →
/// `b` → row.
fn blur_rows(data: &mut [u8], w: usize, radii: [usize; 3], a: &mut Vec<u8>, b: &mut Vec<u8>) {
    a.resize(w, 0);
    b.resize(w, 0);
    for row in data.chunks_exact_mut(w) {
        box_line(row, a, radii[0]);
        box_line(a, b, radii[1]);
        box_line(b, row, radii[2]);
    }
}

/// One box blur of radius `r` down every column of a `w × h` image, all
/// columns at once: a running sum per column, updated a row at a time
/// (slices the compiler vectorises). O(pixels), whatever `r`.
fn box_columns(src: &[u8], dst: &mut [u8], w: usize, h: usize, r: usize, sums: &mut Vec<u32>) {
    let recip = reciprocal(2 * r as u32 + 1);
    sums.clear();
    sums.resize(w, 0);
    let row = |y: usize| src.get(y * w..(y + 1) * w).unwrap_or(&[]);
    for y in 0..h.min(r.saturating_add(1)) {
        for (s, &v) in sums.iter_mut().zip(row(y)) {
            *s += u32::from(v);
        }
    }
    for (y, out) in dst.chunks_exact_mut(w).enumerate().take(h) {
        for (o, &s) in out.iter_mut().zip(sums.iter()) {
            *o = ((s * recip + (1 << 23)) >> 24).min(255) as u8;
        }
        if let Some(add) = y.checked_add(r + 1).filter(|&a| a < h) {
            for (s, &v) in sums.iter_mut().zip(row(add)) {
                *s += u32::from(v);
            }
        }
        if y >= r {
            for (s, &v) in sums.iter_mut().zip(row(y - r)) {
                *s -= u32::from(v);
            }
        }
    }
}

/// Blurs a `w × h` alpha mask in place with the three box blurs for
/// `sigma`, along rows then down columns. Each pass is O(pixels).
pub(super) fn blur(data: &mut [u8], w: usize, h: usize, sigma: f32) {
    let radii = box_radii(sigma);
    if radii == [0; 3] || w == 0 || h == 0 || data.len() != w * h {
        return;
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    blur_rows(data, w, radii, &mut a, &mut b);
    let mut t = vec![0u8; w * h];
    let mut sums = Vec::new();
    box_columns(data, &mut t, w, h, radii[0], &mut sums);
    box_columns(&t, data, w, h, radii[1], &mut sums);
    box_columns(data, &mut t, w, h, radii[2], &mut sums);
    data.copy_from_slice(&t);
}

/// How much a blur of standard deviation `sigma` (device px) is computed
/// below full resolution: the largest of 1, 2, 4, 8 that leaves σ ≥ 3 low
/// resolution pixels. A blurred shape has no detail finer than σ, so the
/// bilinear upsampling loses nothing visible, and the blur costs 1/f² as
/// much.
fn downsample(sigma: f32) -> u32 {
    let mut f = 1;
    while f < 8 && sigma / (2 * f) as f32 >= 3.0 {
        f *= 2;
    }
    f
}

/// The uniform scale of `ts` (the square root of its determinant's
/// magnitude): how much it enlarges lengths on average.
pub(super) fn scale_of(ts: Transform) -> f32 {
    let det = ts.sx * ts.sy - ts.kx * ts.ky;
    let s = libm::sqrtf(det.abs());
    if s.is_finite() {
        s
    } else {
        0.0
    }
}

/// Paints one outer shadow of the border box `b` (corners `radii`) into
/// `target` through `ts` (CSS px → device px), under `clip`.
///
/// The shape is the border box offset by (`x`, `y`) and grown by `spread`
/// (radii grown alike); it is blurred with σ = `blur / 2` (as CSS says),
/// scaled by `ts`, and nothing of it is painted inside the border box
/// itself (CSS draws outer shadows only outside the box). The mask is the
/// shadow's device bounds plus the blur's reach (three box radii, ≈ 1.5 ×
/// `blur`), cut to the target plus that reach.
#[inline(never)] // cold start: see the crate doc
pub(super) fn draw_shadow(
    target: &mut Pixmap,
    b: BoxRect,
    radii: &Radii,
    shadow: &Shadow,
    ts: Transform,
    clip: Option<&Mask>,
) {
    if shadow.color.a == 0 {
        return;
    }
    // Far past any validated shadow; keeps the path's numbers tame.
    let tame = |v: f32| finite(v).clamp(-1e5, 1e5);
    let spread = tame(shadow.spread);
    let shape = BoxRect {
        x: b.x + tame(shadow.x) - spread,
        y: b.y + tame(shadow.y) - spread,
        width: b.width + 2.0 * spread,
        height: b.height + 2.0 * spread,
    };
    if !(shape.width > 0.0 && shape.height > 0.0) {
        return;
    }
    let Some(path) = rounded(shape, &radii.spread(spread, shape)) else {
        return;
    };
    let sigma = (finite(shadow.blur).max(0.0) / 2.0 * scale_of(ts)).min(MAX_SIGMA);
    let f = downsample(sigma);
    let ff = f as f32;
    let low_sigma = sigma / ff;
    let reach = (box_radii(low_sigma).iter().sum::<usize>() as f32 + 1.0) * ff;
    let Some(device) = path.clone().transform(ts) else {
        return;
    };
    let bounds = device.bounds();
    let (tw, th) = (target.width(), target.height());
    let x0 = libm::floorf((bounds.left() - reach).max(-reach));
    let y0 = libm::floorf((bounds.top() - reach).max(-reach));
    let x1 = libm::ceilf((bounds.right() + reach).min(tw as f32 + reach));
    let y1 = libm::ceilf((bounds.bottom() + reach).min(th as f32 + reach));
    if !(x1 > x0 && y1 > y0) {
        return;
    }
    // Both sides are at most the target's plus twice the reach.
    let (w, h) = ((x1 - x0) as u32, (y1 - y0) as u32);
    let (lw, lh) = (w.div_ceil(f), h.div_ceil(f));
    let Some(mut low) = Mask::new(lw, lh) else {
        return;
    };
    let to_region = ts.post_translate(-x0, -y0);
    low.fill_path(
        &path,
        FillRule::Winding,
        true,
        to_region.post_scale(1.0 / ff, 1.0 / ff),
    );
    blur(low.data_mut(), lw as usize, lh as usize, low_sigma);

    // The box itself, at full resolution: the shadow only shows around it.
    let Some(mut hole) = Mask::new(w, h) else {
        return;
    };
    if let Some(p) = rounded(b, radii) {
        hole.fill_path(&p, FillRule::Winding, true, to_region);
    }
    let region = Region {
        x0: x0 as i64,
        y0: y0 as i64,
        w: w as usize,
        h: h as usize,
        f: f as usize,
    };
    composite(target, &region, &low, &hole, shadow.color, clip);
}

/// The shadow's pixels: `w × h` at (`x0`, `y0`) in the target, sampled
/// from a mask `f` times smaller.
struct Region {
    x0: i64,
    y0: i64,
    w: usize,
    h: usize,
    f: usize,
}

/// Where a full-resolution pixel `k` samples a mask `f` times smaller
/// (`n` pixels long): the two neighbouring low pixels and the weight of the
/// second, in 1/256ths (centres aligned, edges clamped).
fn taps(k: usize, f: usize, n: usize) -> (usize, usize, u32) {
    if f == 1 {
        let i = k.min(n.saturating_sub(1));
        return (i, i, 0);
    }
    // Low coordinate of the pixel's centre: (k + ½) / f − ½, in 1/256ths.
    let pos = ((2 * k + 1) * 128) as i64 / f as i64 - 128;
    let i = pos.div_euclid(256);
    let wgt = pos.rem_euclid(256) as u32;
    let last = n.saturating_sub(1) as i64;
    let i0 = i.clamp(0, last) as usize;
    let i1 = (i + 1).clamp(0, last) as usize;
    (i0, i1, wgt)
}

/// Blends the shadow colour through the upsampled blurred mask, less the
/// hole (and within `clip`), into `target`. Pixels the box covers are
/// skipped outright — per row, the span of the hole's full coverage (a
/// rounded box is convex: one span) is found from its ends and never
/// visited — so a big box costs only its rim. The two low rows a row
/// samples are blended once per row; per pixel only the horizontal blend.
fn composite(
    target: &mut Pixmap,
    r: &Region,
    low: &Mask,
    hole: &Mask,
    color: crate::Rgba,
    clip: Option<&Mask>,
) {
    let (tw, th) = (i64::from(target.width()), i64::from(target.height()));
    let clip = clip.filter(|m| i64::from(m.width()) == tw && i64::from(m.height()) == th);
    let (lw, lh) = (low.width() as usize, low.height() as usize);
    let low = low.data();
    let hole = hole.data();
    // Premultiplied colour × coverage, packed as a pixel's bytes.
    let mut table = [0u32; 256];
    for (cov, slot) in (0u8..=255).zip(table.iter_mut()) {
        let a = mul255(color.a, cov);
        *slot = u32::from_le_bytes([
            mul255(color.r, a),
            mul255(color.g, a),
            mul255(color.b, a),
            a,
        ]);
    }
    // Columns of the region inside the target, and their taps.
    let cx0 = (-r.x0).clamp(0, r.w as i64) as usize;
    let cx1 = (tw - r.x0).clamp(0, r.w as i64) as usize;
    let cols: Vec<(usize, usize, u32)> = (cx0..cx1).map(|k| taps(k, r.f, lw)).collect();
    let mut vert = vec![0u32; lw];
    let mut line: Vec<u8> = Vec::with_capacity(r.w);
    let data = target.data_mut();
    for yy in 0..r.h {
        let ty = r.y0 + yy as i64;
        if ty < 0 || ty >= th {
            continue;
        }
        let (j0, j1, wy) = taps(yy, r.f, lh);
        let (Some(row0), Some(row1), Some(hrow)) = (
            low.get(j0 * lw..(j0 + 1) * lw),
            low.get(j1 * lw..(j1 + 1) * lw),
            hole.get(yy * r.w..(yy + 1) * r.w),
        ) else {
            continue;
        };
        // (a·(256 − wx) + b·wx)·(256 − wy) + (c·(256 − wx) + d·wx)·wy is
        // (256 − wx)·(a·(256 − wy) + c·wy) + wx·(b·(256 − wy) + d·wy):
        // the same bilinear value, the vertical part shared by the row.
        for ((v, &a), &c) in vert.iter_mut().zip(row0).zip(row1) {
            *v = u32::from(a) * (256 - wy) + u32::from(c) * wy;
        }
        // The hole's fully covered span, skipped.
        let (skip0, skip1) = match hrow.iter().position(|&h| h == 255) {
            Some(first) => {
                let last = hrow.iter().rposition(|&h| h == 255).unwrap_or(first);
                (first, last + 1)
            }
            None => (0, 0),
        };
        let base = (ty * tw) as usize;
        let spans = [(cx0, cx1.min(skip0)), (cx0.max(skip1), cx1)];
        for (s0, s1) in spans {
            if s0 >= s1 {
                continue;
            }
            // The span's pixels in the target (all inside it: cx0..cx1 are
            // the region's columns that are), its hole, taps and clip.
            let t0 = base + (r.x0 + s0 as i64) as usize;
            let n = s1 - s0;
            let Some(dst) = data.get_mut(t0 * 4..(t0 + n) * 4) else {
                continue;
            };
            let cuts = &hrow[s0..s1];
            let taps = &cols[s0 - cx0..s1 - cx0];
            let clips = match clip.map(|m| m.data().get(t0..t0 + n)) {
                Some(None) => continue,
                Some(Some(c)) => Some(c),
                None => None,
            };
            // Coverage first (a loop without branches), then the blend.
            line.clear();
            line.extend(cuts.iter().zip(taps).map(|(&cut, &(i0, i1, wx))| {
                let v = vert[i0] * (256 - wx) + vert[i1] * wx;
                let v = ((v + (1 << 15)) >> 16).min(255) as u8;
                mul255(v, 255 - cut)
            }));
            if let Some(c) = clips {
                for (l, &c) in line.iter_mut().zip(c) {
                    *l = mul255(*l, c);
                }
            }
            for (px, &cov) in dst.chunks_exact_mut(4).zip(line.iter()) {
                if cov == 0 {
                    continue;
                }
                let d = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
                px.copy_from_slice(&over(table[usize::from(cov)], d).to_le_bytes());
            }
        }
    }
}

/// Source-over of the premultiplied pixel `s` onto `d` (both packed
/// RGBA): `s + d × (255 − sa) / 255` per channel, rounded as
/// [`mul255`], two channels a multiplication (each 16-bit lane holds
/// `d·(255 − sa) + 128 ≤ 65,153`, and the rounding step adds at most 254,
/// so no lane carries into the next). No channel exceeds 255: `s`'s are at
/// most `sa` and `d`'s scaled ones at most `255 − sa`.
#[inline]
fn over(s: u32, d: u32) -> u32 {
    const LANES: u32 = 0x00ff_00ff;
    let inv = 255 - (s >> 24);
    let scale = |x: u32| {
        let t = x * inv + 0x0080_0080;
        ((t + ((t >> 8) & LANES)) >> 8) & LANES
    };
    s + (scale(d & LANES) | scale((d >> 8) & LANES) << 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_radii_match_the_variance() {
        for sigma in [1.0f32, 2.5, 5.0, 12.0, 40.0] {
            let r = box_radii(sigma);
            // A box of width w has variance (w² − 1) / 12.
            let var: f32 = r
                .iter()
                .map(|&r| {
                    let w = (2 * r + 1) as f32;
                    (w * w - 1.0) / 12.0
                })
                .sum();
            assert!(
                (var - sigma * sigma).abs() / (sigma * sigma) < 0.35,
                "{sigma}: {r:?}"
            );
        }
        assert_eq!(box_radii(0.0), [0; 3]);
        assert_eq!(box_radii(f32::NAN), [0; 3]);
        assert_eq!(
            [2.0, 6.0, 12.0, 24.0, 100.0].map(downsample),
            [1, 2, 4, 8, 8]
        );
    }

    #[test]
    fn taps_align_centres() {
        assert_eq!(taps(5, 1, 10), (5, 5, 0));
        assert_eq!(taps(50, 1, 10), (9, 9, 0), "clamped");
        // f = 2: pixel 2's centre (2.5) is low 0.75: between 0 and 1, ¾ of the way.
        assert_eq!(taps(2, 2, 10), (0, 1, 192));
        // Pixel 0's centre is low −0.25: clamped to the first.
        assert_eq!(taps(0, 2, 10), (0, 0, 192));
        assert_eq!(taps(3, 2, 10), (1, 2, 64));
    }

    #[test]
    fn packed_source_over_is_mul255_per_channel() {
        let mut x = 12345u32;
        for _ in 0..200_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let (sa, d) = ((x >> 8) as u8, x.rotate_left(13));
            let y = x.wrapping_mul(2_654_435_761);
            // A premultiplied source: channels at most its alpha.
            let s = [
                mul255(y as u8, sa),
                mul255((y >> 8) as u8, sa),
                mul255((y >> 16) as u8, sa),
                sa,
            ];
            let want: [u8; 4] =
                core::array::from_fn(|k| s[k].saturating_add(mul255(d.to_le_bytes()[k], 255 - sa)));
            let got = over(u32::from_le_bytes(s), d).to_le_bytes();
            assert_eq!(got, want, "{s:?} over {:?}", d.to_le_bytes());
        }
    }

    #[test]
    fn box_line_is_a_running_mean() {
        let src = [0, 0, 255, 0, 0, 0, 90];
        let mut dst = [0u8; 7];
        box_line(&src, &mut dst, 1);
        assert_eq!(dst, [0, 85, 85, 85, 0, 30, 30]);
        // A radius past the line's length averages the whole line (zeros outside).
        let mut wide = [0u8; 3];
        box_line(&[30, 30, 30], &mut wide, 5);
        assert_eq!(wide, [8, 8, 8]);
    }

    #[test]
    fn blur_keeps_mass_and_spreads() {
        let (w, h) = (41, 31);
        let mut data = vec![0u8; w * h];
        for y in 10..21 {
            for x in 15..26 {
                data[y * w + x] = 255;
            }
        }
        let before: u32 = data.iter().map(|&v| u32::from(v)).sum();
        blur(&mut data, w, h, 2.0);
        let after: u32 = data.iter().map(|&v| u32::from(v)).sum();
        assert!((before as f32 - after as f32).abs() / (before as f32) < 0.03);
        let mut cols = vec![0u8; 5 * 3];
        cols[5 + 2] = 255;
        let mut out = vec![0u8; 15];
        box_columns(&cols, &mut out, 5, 3, 1, &mut Vec::new());
        assert_eq!(out, [0, 0, 85, 0, 0, 0, 0, 85, 0, 0, 0, 0, 85, 0, 0]);
        assert_eq!(data[15 * w + 20], 255, "the middle stays solid");
        assert!(
            data[20 * w + 20] > 100 && data[20 * w + 20] < 160,
            "about half at the edge"
        );
        assert!(data[15 * w + 13] > 0, "spread beyond the edge");
        assert_eq!(data[0], 0, "nothing beyond the reach");
    }

    #[test]
    fn downsampled_blur_matches_the_full_resolution_one() {
        let b = BoxRect {
            x: 100.0,
            y: 100.0,
            width: 100.0,
            height: 60.0,
        };
        let radii = Radii([(12.0, 12.0); 4]);
        let shadow = Shadow {
            x: 0.0,
            y: 0.0,
            blur: 40.0,
            spread: 0.0,
            color: crate::Rgba::rgb(0x000000),
        };
        assert_eq!(downsample(20.0), 4);
        let (w, h) = (300u32, 260u32);
        let mut p = Pixmap::new(w, h).unwrap();
        draw_shadow(&mut p, b, &radii, &shadow, Transform::identity(), None);
        // The same shadow at full resolution, by hand.
        let path = rounded(b, &radii).unwrap();
        let mut m = Mask::new(w, h).unwrap();
        m.fill_path(&path, FillRule::Winding, true, Transform::identity());
        let mut reference = m.data().to_vec();
        blur(&mut reference, w as usize, h as usize, 20.0);
        let mut worst = 0;
        for (i, (&r, &inside)) in reference.iter().zip(m.data()).enumerate() {
            let want = mul255(r, 255 - inside);
            let got = p.pixels()[i].alpha();
            worst = worst.max((i32::from(want) - i32::from(got)).abs());
        }
        assert!(worst <= 4, "{worst}");
        // Nothing past the reach: 4 × (13 + 1) px around the box.
        assert_eq!(p.pixel(100 + 100 + 57, 130).unwrap().alpha(), 0);
        assert!(p.pixel(100 + 100 + 20, 130).unwrap().alpha() > 0);
    }
}
