//! Box shapes: lengths and CSS corner radii resolved against a box, rounded
//! rectangle paths, and node transforms.

use tiny_skia::{Path, PathBuilder, Rect, Transform};

use super::{BoxRect, Len, Transform as Fn2d};

/// The cubic Bézier handle length of a quarter ellipse, as a fraction of
/// its radius.
const KAPPA: f32 = 0.552_284_8;

/// `v` if finite, else 0.
pub(super) fn finite(v: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// A length resolved against `reference` (a percentage is a fraction of
/// it); not finite → 0.
pub(super) fn len(l: Len, reference: f32) -> f32 {
    finite(match l {
        Len::Px(v) => v,
        Len::Percent(f) => f * reference,
    })
}

/// Resolved corner radii: top-left, top-right, bottom-right, bottom-left,
/// each (horizontal, vertical), CSS px, ≥ 0.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Radii(pub(super) [(f32, f32); 4]);

impl Radii {
    /// The radii of `b` as CSS resolves them: percentages of its width
    /// (horizontal) and height (vertical), negatives as 0, a corner with
    /// either component 0 square, and all scaled down by one factor when
    /// adjacent radii would overlap on some side.
    pub(super) fn resolve(radii: &[(Len, Len); 4], b: BoxRect) -> Radii {
        let mut r = [(0.0f32, 0.0f32); 4];
        for (out, &(h, v)) in r.iter_mut().zip(radii) {
            let (h, v) = (len(h, b.width).max(0.0), len(v, b.height).max(0.0));
            *out = if h > 0.0 && v > 0.0 {
                (h, v)
            } else {
                (0.0, 0.0)
            };
        }
        Radii(r).fitted(b)
    }

    /// Scaled down (all by one factor) so that no two radii overlap on a
    /// side of `b`.
    fn fitted(self, b: BoxRect) -> Radii {
        let [tl, tr, br, bl] = self.0;
        let mut f = 1.0f32;
        for (side, a, c) in [
            (b.width, tl.0, tr.0),
            (b.width, bl.0, br.0),
            (b.height, tl.1, bl.1),
            (b.height, tr.1, br.1),
        ] {
            let sum = a + c;
            if sum > side && sum > 0.0 {
                f = f.min(side.max(0.0) / sum);
            }
        }
        if f < 1.0 {
            Radii(self.0.map(|(h, v)| (h * f, v * f)))
        } else {
            self
        }
    }

    /// Whether every corner is square.
    pub(super) fn is_zero(&self) -> bool {
        self.0.iter().all(|&(h, v)| h <= 0.0 || v <= 0.0)
    }

    /// The radii of an inner edge `[top, right, bottom, left]` inside the
    /// box (the padding edge inside the borders): each less the adjacent
    /// insets, at least 0.
    pub(super) fn shrink(&self, [t, r, b, l]: [f32; 4]) -> Radii {
        let [tl, tr, br, bl] = self.0;
        Radii([
            ((tl.0 - l).max(0.0), (tl.1 - t).max(0.0)),
            ((tr.0 - r).max(0.0), (tr.1 - t).max(0.0)),
            ((br.0 - r).max(0.0), (br.1 - b).max(0.0)),
            ((bl.0 - l).max(0.0), (bl.1 - b).max(0.0)),
        ])
    }

    /// The radii of a shadow spread by `s` (may be negative): each rounded
    /// corner's radii plus `s`, at least 0; square corners stay square.
    /// (CSS softens the growth of radii smaller than the spread; not done.)
    pub(super) fn spread(&self, s: f32, b: BoxRect) -> Radii {
        Radii(self.0.map(|(h, v)| {
            if h > 0.0 && v > 0.0 {
                ((h + s).max(0.0), (v + s).max(0.0))
            } else {
                (0.0, 0.0)
            }
        }))
        .fitted(b)
    }
}

/// Adds `b` with corners `r` to `pb` as a closed contour (clockwise).
/// Nothing for an empty or non-finite box.
pub(super) fn push_rounded(pb: &mut PathBuilder, b: BoxRect, r: &Radii) {
    let (x0, y0, x1, y1) = (b.x, b.y, b.right(), b.bottom());
    if !(b.width > 0.0 && b.height > 0.0 && [x0, y0, x1, y1].iter().all(|v| v.is_finite())) {
        return;
    }
    if r.is_zero() {
        if let Some(rect) = Rect::from_ltrb(x0, y0, x1, y1) {
            pb.push_rect(rect);
        }
        return;
    }
    let [tl, tr, br, bl] = r.0;
    let k = 1.0 - KAPPA;
    pb.move_to(x0 + tl.0, y0);
    pb.line_to(x1 - tr.0, y0);
    if tr.0 > 0.0 {
        pb.cubic_to(x1 - tr.0 * k, y0, x1, y0 + tr.1 * k, x1, y0 + tr.1);
    }
    pb.line_to(x1, y1 - br.1);
    if br.0 > 0.0 {
        pb.cubic_to(x1, y1 - br.1 * k, x1 - br.0 * k, y1, x1 - br.0, y1);
    }
    pb.line_to(x0 + bl.0, y1);
    if bl.0 > 0.0 {
        pb.cubic_to(x0 + bl.0 * k, y1, x0, y1 - bl.1 * k, x0, y1 - bl.1);
    }
    pb.line_to(x0, y0 + tl.1);
    if tl.0 > 0.0 {
        pb.cubic_to(x0, y0 + tl.1 * k, x0 + tl.0 * k, y0, x0 + tl.0, y0);
    }
    pb.close();
}

/// `b` with corners `r` as a path (`None` when the box is empty).
pub(super) fn rounded(b: BoxRect, r: &Radii) -> Option<Path> {
    let mut pb = PathBuilder::new();
    push_rounded(&mut pb, b, r);
    pb.finish()
}

/// The rectangle as a tiny-skia rect (`None` when empty or not finite).
pub(super) fn rect(b: BoxRect) -> Option<Rect> {
    Rect::from_xywh(b.x, b.y, b.width, b.height)
}

/// The intersection of two boxes (zero-sized when they do not overlap).
pub(super) fn intersect(a: BoxRect, b: BoxRect) -> BoxRect {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = (a.right().min(b.right()), a.bottom().min(b.bottom()));
    BoxRect {
        x: x0,
        y: y0,
        width: (x1 - x0).max(0.0),
        height: (y1 - y0).max(0.0),
    }
}

/// Whether `outer` contains `inner`.
pub(super) fn contains(outer: BoxRect, inner: BoxRect) -> bool {
    outer.x <= inner.x
        && outer.y <= inner.y
        && outer.right() >= inner.right()
        && outer.bottom() >= inner.bottom()
}

/// A rotation by `deg` degrees, clockwise on screen (y down); the sine and
/// cosine come from libm, so every target rotates alike.
pub(super) fn rotation(deg: f32) -> Transform {
    let rad = (finite(deg) % 360.0).to_radians();
    let (s, c) = (libm::sinf(rad), libm::cosf(rad));
    Transform::from_row(c, s, -s, c, 0.0, 0.0)
}

/// A node's `transform` functions as one matrix in canvas CSS px: applied
/// left to right (CSS multiplies them in order) about the centre of its
/// border box `b`; percentages of translations are of `b`'s size. Functions
/// with non-finite numbers are skipped.
pub(super) fn local_transform(functions: &[Fn2d], b: BoxRect) -> Transform {
    if functions.is_empty() {
        return Transform::identity();
    }
    let (cx, cy) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    let mut m = Transform::from_translate(cx, cy);
    for f in functions {
        let step = match *f {
            Fn2d::Translate(x, y) => Transform::from_translate(len(x, b.width), len(y, b.height)),
            Fn2d::Rotate(deg) => rotation(deg),
            Fn2d::Scale(sx, sy) if sx.is_finite() && sy.is_finite() => {
                Transform::from_scale(sx, sy)
            }
            Fn2d::Scale(..) => Transform::identity(),
        };
        m = m.pre_concat(step);
    }
    m.pre_translate(-cx, -cy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(w: f32, h: f32) -> BoxRect {
        BoxRect {
            x: 0.0,
            y: 0.0,
            width: w,
            height: h,
        }
    }

    #[test]
    fn radii_resolve_percentages_and_scale_overlaps() {
        let half = (Len::Percent(0.5), Len::Percent(0.5));
        let r = Radii::resolve(&[half; 4], b(200.0, 100.0));
        assert_eq!(r.0, [(100.0, 50.0); 4]);
        // 80 + 80 on a 100 px side: all scaled by 100 / 160.
        let big = (Len::Px(80.0), Len::Px(80.0));
        let r = Radii::resolve(&[big; 4], b(100.0, 400.0));
        assert_eq!(r.0, [(50.0, 50.0); 4]);
        // A zero component squares the corner; negatives are zero.
        let r = Radii::resolve(
            &[
                (Len::Px(10.0), Len::ZERO),
                (Len::Px(-5.0), Len::Px(5.0)),
                (Len::Px(f32::NAN), Len::Px(5.0)),
                (Len::Px(4.0), Len::Px(6.0)),
            ],
            b(100.0, 100.0),
        );
        assert_eq!(r.0, [(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (4.0, 6.0)]);
        assert_eq!(r.shrink([1.0, 1.0, 2.0, 3.0]).0[3], (1.0, 4.0));
    }

    #[test]
    fn transforms_turn_about_the_centre() {
        let m = local_transform(&[Fn2d::Rotate(90.0)], b(100.0, 20.0));
        let mut p = [tiny_skia::Point::from_xy(100.0, 10.0)];
        m.map_points(&mut p);
        // The right end of the bar's axis goes to the bottom of the centre.
        assert!(
            (p[0].x - 50.0).abs() < 1e-4 && (p[0].y - 60.0).abs() < 1e-4,
            "{p:?}"
        );
        let m = local_transform(
            &[
                Fn2d::Translate(Len::Percent(0.5), Len::Px(3.0)),
                Fn2d::Scale(2.0, 2.0),
            ],
            b(100.0, 20.0),
        );
        let mut p = [tiny_skia::Point::from_xy(0.0, 0.0)];
        m.map_points(&mut p);
        assert!(
            (p[0].x - 0.0).abs() < 1e-4 && (p[0].y - -7.0).abs() < 1e-4,
            "{p:?}"
        );
    }
}
