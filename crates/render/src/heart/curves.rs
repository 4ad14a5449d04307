//! The two heart curves, as polygons in a unit box.
//!
//! Both curves are turned into a closed polygon whose bounding box is centred
//! in the unit square `[0, 1]²` (y grows downwards, as on screen) and whose
//! larger side spans `1.0`. Callers scale it to pixels.

use alloc::vec::Vec;
use core::f32::consts::PI;

/// Which heart equation draws the shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Curve {
    /// `x = 16 sin³t`, `y = 13 cos t − 5 cos 2t − 2 cos 3t − cos 4t`.
    Parametric,
    /// `(x² + y² − 1)³ − x² y³ ≤ 0`.
    Implicit,
}

impl Curve {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            Curve::Parametric => "parametric",
            Curve::Implicit => "implicit",
        }
    }
}

/// The implicit heart function: negative inside, positive outside.
pub(crate) fn implicit(x: f32, y: f32) -> f32 {
    let q = x * x + y * y - 1.0;
    q * q * q - x * x * y * y * y
}

/// A closed polygon (first point not repeated) in unit-box coordinates.
pub(crate) struct Outline {
    pub points: Vec<(f32, f32)>,
    /// Unit box → curve coordinates: `x = (u − ox)·span + x0`, `y = −((v − oy)·span + y0)`.
    map: [f32; 5],
}

/// Number of polygon vertices used for a heart drawn `px` pixels wide.
///
/// More vertices for bigger hearts keeps facets below a pixel; the count only
/// depends on the request, so renders stay deterministic.
pub(crate) fn vertex_count(px: f32) -> usize {
    let n = (px * 0.75) as usize;
    n.clamp(96, 1440) / 8 * 8
}

impl Outline {
    /// The polygon of `curve` with `n` vertices, normalised into the unit box.
    pub fn new(curve: Curve, n: usize) -> Outline {
        let n = n.clamp(16, 4096);
        let raw: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                let t = 2.0 * PI * i as f32 / n as f32;
                match curve {
                    Curve::Parametric => parametric(t),
                    Curve::Implicit => implicit_ray(t),
                }
            })
            .collect();
        // Math y grows upwards; flip so it grows downwards like pixel rows.
        let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
        for &(x, y) in &raw {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(-y);
            y1 = y1.max(-y);
        }
        let span = (x1 - x0).max(y1 - y0).max(f32::EPSILON);
        let (ox, oy) = (
            (1.0 - (x1 - x0) / span) / 2.0,
            (1.0 - (y1 - y0) / span) / 2.0,
        );
        let points = raw
            .into_iter()
            .map(|(x, y)| (ox + (x - x0) / span, oy + (-y - y0) / span))
            .collect();
        Outline {
            points,
            map: [ox, oy, span, x0, y0],
        }
    }

    /// Unit-box coordinates back to the curve's own coordinates.
    pub fn to_curve(&self, u: f32, v: f32) -> (f32, f32) {
        let [ox, oy, span, x0, y0] = self.map;
        ((u - ox) * span + x0, -((v - oy) * span + y0))
    }

    /// Even-odd point-in-polygon test in unit-box coordinates.
    pub fn contains(&self, px: f32, py: f32) -> bool {
        let pts = &self.points;
        let mut inside = false;
        let mut j = pts.len() - 1;
        for i in 0..pts.len() {
            let (xi, yi) = pts[i];
            let (xj, yj) = pts[j];
            if (yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
        inside
    }
}

fn parametric(t: f32) -> (f32, f32) {
    let s = libm::sinf(t);
    let x = 16.0 * s * s * s;
    let y = 13.0 * libm::cosf(t)
        - 5.0 * libm::cosf(2.0 * t)
        - 2.0 * libm::cosf(3.0 * t)
        - libm::cosf(4.0 * t);
    (x, y)
}

/// Where the ray from the origin at angle `t` leaves the implicit heart.
///
/// The origin is inside (`f(0,0) = −1`) and the shape is star-shaped about
/// it, so one sign change is bracketed by a coarse march, then bisected.
fn implicit_ray(t: f32) -> (f32, f32) {
    let (dx, dy) = (libm::cosf(t), libm::sinf(t));
    let f = |r: f32| implicit(r * dx, r * dy);
    let mut lo = 0.0f32;
    let mut hi = 0.05f32;
    while f(hi) < 0.0 && hi < 2.0 {
        lo = hi;
        hi += 0.05;
    }
    for _ in 0..32 {
        let mid = (lo + hi) / 2.0;
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let r = (lo + hi) / 2.0;
    (r * dx, r * dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_fill_the_unit_box() {
        for curve in [Curve::Parametric, Curve::Implicit] {
            let o = Outline::new(curve, 256);
            let (mut x0, mut x1, mut y0, mut y1) = (1f32, 0f32, 1f32, 0f32);
            for &(x, y) in &o.points {
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
            assert!(x0 >= -1e-4 && y0 >= -1e-4 && x1 <= 1.0001 && y1 <= 1.0001);
            // Hearts are a bit wider than tall: the width spans the box.
            assert!((x1 - x0 - 1.0).abs() < 1e-3, "{curve:?} width {}", x1 - x0);
            // Centre is inside, the corners are not, the tip is at the bottom.
            assert!(o.contains(0.5, 0.5));
            assert!(!o.contains(0.02, 0.98) && !o.contains(0.98, 0.98));
            assert!(
                !o.contains(0.5, y0 + 0.01),
                "{curve:?}: the dip between lobes"
            );
        }
    }

    #[test]
    fn implicit_boundary_is_on_the_curve() {
        for i in 0..64 {
            let (x, y) = implicit_ray(i as f32 * 0.1);
            assert!(implicit(x, y).abs() < 1e-4, "t={} f={}", i, implicit(x, y));
        }
    }

    #[test]
    fn unit_box_maps_back_to_the_curve() {
        let o = Outline::new(Curve::Implicit, 256);
        for &(u, v) in o.points.iter().step_by(7) {
            let (x, y) = o.to_curve(u, v);
            assert!(implicit(x, y).abs() < 1e-3);
        }
    }

    #[test]
    fn vertex_count_is_bounded() {
        assert_eq!(vertex_count(0.0), 96);
        assert_eq!(vertex_count(1e9), 1440);
        assert_eq!(vertex_count(400.0) % 8, 0);
    }
}
