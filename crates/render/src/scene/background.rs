//! Shaders that fill a box: linear and radial gradients with CSS geometry,
//! and images placed by `objectFit` / `backgroundSize` and a position.

use alloc::vec::Vec;

use tiny_skia::{
    FilterQuality, GradientStop, LinearGradient, Pattern, PixmapRef, Point, RadialGradient, Shader,
    SpreadMode, Transform,
};

use super::shape::{finite, len};
use super::{BackgroundSize, BoxRect, Image, Len, ObjectFit, Stop};
use crate::Rgba;

/// Stop positions along a gradient ray of length `ray` (CSS px): each
/// resolved (percentages of `ray`) and, as CSS fixes them up, never before
/// the previous one.
fn positions(stops: &[Stop], ray: f32) -> Vec<(f32, Rgba)> {
    let mut out: Vec<(f32, Rgba)> = Vec::with_capacity(stops.len());
    let mut last = f32::NEG_INFINITY;
    for s in stops {
        let at = len(s.at, ray).max(last);
        last = at;
        out.push((at, s.color));
    }
    out
}

/// Stops for positions mapped from `p0..=p1` to `0..=1`, as the gradient
/// is drawn.
///
/// tiny-skia interpolates straight (unpremultiplied) colours, CSS
/// premultiplied ones (and [`super::gradient`] does as tiny-skia). They
/// differ most next to a transparent stop, which CSS fades without
/// darkening: such a stop is split into two at the same place, each with
/// the colour of its neighbour on that side (alpha 0), which is exactly
/// what premultiplied interpolation gives. Between two partly transparent
/// stops the difference remains (small).
fn unit_stops(stops: &[(f32, Rgba)], p0: f32, p1: f32) -> Vec<(f32, Rgba)> {
    let span = p1 - p0;
    let t = |p: f32| {
        if span > 0.0 {
            ((p - p0) / span).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let clear = |c: Rgba| Rgba::new(c.r, c.g, c.b, 0);
    let mut out = Vec::with_capacity(stops.len() + 2);
    for (k, &(p, c)) in stops.iter().enumerate() {
        if c.a != 0 {
            out.push((t(p), c));
            continue;
        }
        let prev = k.checked_sub(1).and_then(|j| stops.get(j)).map(|s| s.1);
        let next = stops.get(k + 1).map(|s| s.1);
        let left = prev.or(next).map_or(c, clear);
        let right = next.or(prev).map_or(c, clear);
        out.push((t(p), left));
        out.push((t(p), right));
    }
    out
}

/// A gradient resolved against its box, in canvas CSS px: where `t` runs
/// from 0 to 1, and the stops on `0..=1`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Gradient {
    /// Where `t` comes from.
    pub(super) geometry: Geometry,
    /// Positions (0–1, as resolved; tiny-skia's own fix-ups apply) and
    /// straight colours.
    pub(super) stops: Vec<(f32, Rgba)>,
}

/// How a point of the canvas finds its `t`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Geometry {
    /// One colour everywhere (a gradient line too short to draw).
    Solid(Rgba),
    /// `t` is the projection onto the line from `from` (0) to `to` (1).
    Linear {
        /// Where `t` is 0.
        from: (f32, f32),
        /// Where `t` is 1.
        to: (f32, f32),
        /// The line's unit direction.
        dir: (f32, f32),
        /// Its length, from `from` to `to`.
        length: f32,
    },
    /// `t` is the distance from `center` over `radius`, vertical distances
    /// first divided by `ry_over_rx` (an ellipse as a squashed circle).
    Radial {
        /// The centre.
        center: (f32, f32),
        /// The horizontal radius, where `t` is 1.
        radius: f32,
        /// Vertical over horizontal radius of the ellipse (1 for a circle).
        ry_over_rx: f32,
    },
}

impl Gradient {
    /// The same gradient as a tiny-skia shader.
    pub(super) fn shader(&self) -> Option<Shader<'static>> {
        let stops = || {
            self.stops
                .iter()
                .map(|&(t, c)| GradientStop::new(t, c.to_skia()))
                .collect()
        };
        match self.geometry {
            Geometry::Solid(c) => Some(Shader::SolidColor(c.to_skia())),
            Geometry::Linear { from, to, .. } => LinearGradient::new(
                Point::from_xy(from.0, from.1),
                Point::from_xy(to.0, to.1),
                stops(),
                SpreadMode::Pad,
                Transform::identity(),
            ),
            Geometry::Radial {
                center: (cx, cy),
                radius,
                ry_over_rx,
            } => {
                let squash = Transform::from_translate(cx, cy)
                    .pre_scale(1.0, ry_over_rx)
                    .pre_translate(-cx, -cy);
                RadialGradient::new(
                    Point::from_xy(cx, cy),
                    0.0,
                    Point::from_xy(cx, cy),
                    radius,
                    stops(),
                    SpreadMode::Pad,
                    if ry_over_rx == 1.0 {
                        Transform::identity()
                    } else {
                        squash
                    },
                )
            }
        }
    }
}

/// The unit direction of a CSS gradient angle (0° up, 90° right), exact for
/// multiples of 45°: then one step right and one step down (or up) change
/// `t` by exactly the same amount, so the rows of a diagonal gradient are
/// exact shifts of each other (which the PNG encoder finds).
fn direction(angle: f32) -> (f32, f32) {
    let deg = finite(angle) % 360.0;
    let deg = if deg < 0.0 { deg + 360.0 } else { deg };
    let h = core::f32::consts::FRAC_1_SQRT_2;
    let exact = [
        (0.0, -1.0),
        (h, -h),
        (1.0, 0.0),
        (h, h),
        (0.0, 1.0),
        (-h, h),
        (-1.0, 0.0),
        (-h, -h),
    ];
    if deg % 45.0 == 0.0 {
        return exact[(deg / 45.0) as usize % 8];
    }
    let theta = deg.to_radians();
    (libm::sinf(theta), -libm::cosf(theta))
}

/// The CSS angle (degrees, 0 up, clockwise) of `to <corner>` in a
/// `w × h` box: perpendicular to the diagonal between the two corners
/// next to the named one, pointing into its quadrant. 45° multiples in a
/// square; a flat box's `to top right` is nearly `to top`.
pub(crate) fn corner_angle(right: bool, bottom: bool, w: f32, h: f32) -> f32 {
    // Towards the top right, the direction (sin θ, −cos θ) is along (h, −w).
    let (w, h) = (w.max(0.0), h.max(0.0));
    let up_right = if w + h > 0.0 {
        libm::atan2f(h, w).to_degrees()
    } else {
        45.0
    };
    match (right, bottom) {
        (true, false) => up_right,
        (true, true) => 180.0 - up_right,
        (false, true) => 180.0 + up_right,
        (false, false) => 360.0 - up_right,
    }
}

/// `linear-gradient(angle, stops)` over `area`: the gradient line runs
/// through the centre in the direction of `angle` (0° up, 90° right), and is
/// `|w sin θ| + |h cos θ|` long, so that the corners get the end colours.
/// Stops beyond either end lengthen the line instead of being clamped.
pub(super) fn linear(angle: f32, stops: &[Stop], area: BoxRect) -> Option<Gradient> {
    let (dx, dy) = direction(angle);
    let ray = (area.width * dx).abs() + (area.height * dy).abs();
    let pos = positions(stops, ray);
    let (first, last) = (pos.first()?.0, pos.last()?.0);
    let (p0, p1) = (first.min(0.0), last.max(ray));
    let span = p1 - p0;
    if span.is_nan() || span <= 1e-3 || span.is_infinite() {
        return Some(Gradient {
            geometry: Geometry::Solid(pos.last()?.1),
            stops: Vec::new(),
        });
    }
    let (cx, cy) = (area.x + area.width / 2.0, area.y + area.height / 2.0);
    let (sx, sy) = (cx - dx * ray / 2.0, cy - dy * ray / 2.0);
    Some(Gradient {
        geometry: Geometry::Linear {
            from: (sx + dx * p0, sy + dy * p0),
            to: (sx + dx * p1, sy + dy * p1),
            dir: (dx, dy),
            length: span,
        },
        stops: unit_stops(&pos, p0, p1),
    })
}

/// `radial-gradient(circle|ellipse at center, stops)` over `area`, sized
/// `farthest-corner` (CSS's default): a circle reaches the farthest
/// corner; an ellipse has the aspect ratio of the farthest sides and passes
/// through the farthest corner (radii √2 × the side distances). Stop
/// lengths are along the horizontal radius; stops past it lengthen the ray.
/// A degenerate ellipse (the centre on a side's line) falls back to the
/// circle.
pub(super) fn radial(
    circle: bool,
    center: (Len, Len),
    stops: &[Stop],
    area: BoxRect,
) -> Option<Gradient> {
    let cx = area.x + len(center.0, area.width);
    let cy = area.y + len(center.1, area.height);
    let fx = (cx - area.x).abs().max((area.right() - cx).abs());
    let fy = (cy - area.y).abs().max((area.bottom() - cy).abs());
    let corner = libm::hypotf(fx, fy);
    let (rx, ry) = if !circle && fx > 0.0 && fy > 0.0 {
        (
            core::f32::consts::SQRT_2 * fx,
            core::f32::consts::SQRT_2 * fy,
        )
    } else {
        (corner, corner)
    };
    let pos = positions(stops, rx);
    let last = pos.last()?.0;
    let p1 = last.max(rx);
    if p1.is_nan() || p1 <= 1e-3 || p1.is_infinite() {
        return Some(Gradient {
            geometry: Geometry::Solid(pos.last()?.1),
            stops: Vec::new(),
        });
    }
    Some(Gradient {
        geometry: Geometry::Radial {
            center: (cx, cy),
            radius: p1,
            ry_over_rx: if rx == ry { 1.0 } else { ry / rx },
        },
        stops: unit_stops(&pos, 0.0, p1),
    })
}

/// Where an `iw × ih` image lands in `content` for `objectFit` and
/// `objectPosition` (see [`place`]).
pub(super) fn fit_rect(
    fit: ObjectFit,
    position: (Len, Len),
    iw: f32,
    ih: f32,
    content: BoxRect,
) -> BoxRect {
    let (cw, ch) = (content.width, content.height);
    let (w, h) = if iw > 0.0 && ih > 0.0 {
        let contain = (cw / iw).min(ch / ih);
        let s = match fit {
            ObjectFit::Fill => return content,
            ObjectFit::Contain => contain,
            ObjectFit::Cover => (cw / iw).max(ch / ih),
            ObjectFit::None => 1.0,
            ObjectFit::ScaleDown => contain.min(1.0),
        };
        (iw * s, ih * s)
    } else {
        (0.0, 0.0)
    };
    place(content, position, w, h)
}

/// A `w × h` image placed in `area` at a CSS position: per axis, a
/// percentage of the free space (`area`'s side less the image's, negative
/// when the image is larger: p % of the image on p % of the box), or a
/// length from `area`'s start edge. Unclamped, as CSS: a position past
/// 100 %, below 0 or beyond the box moves the image (partly) out of it.
fn place(area: BoxRect, position: (Len, Len), w: f32, h: f32) -> BoxRect {
    BoxRect {
        x: area.x + len(position.0, area.width - w),
        y: area.y + len(position.1, area.height - h),
        width: w,
        height: h,
    }
}

/// Where one tile of a background image lands in the padding box `area`:
/// sized by `backgroundSize` (an auto side follows the aspect ratio, both
/// auto is the image's size), placed at `position` (see [`place`]).
pub(super) fn background_rect(
    size: BackgroundSize,
    position: (Len, Len),
    iw: f32,
    ih: f32,
    area: BoxRect,
) -> BoxRect {
    let ratio = |a: f32, b: f32| if b > 0.0 { a / b } else { 0.0 };
    let (w, h) = match size {
        BackgroundSize::Cover | BackgroundSize::Contain if iw > 0.0 && ih > 0.0 => {
            let (sx, sy) = (area.width / iw, area.height / ih);
            let s = if size == BackgroundSize::Cover {
                sx.max(sy)
            } else {
                sx.min(sy)
            };
            (iw * s, ih * s)
        }
        BackgroundSize::Cover | BackgroundSize::Contain => (0.0, 0.0),
        BackgroundSize::Explicit(w, h) => {
            let w = w.map(|w| len(w, area.width).max(0.0));
            let h = h.map(|h| len(h, area.height).max(0.0));
            match (w, h) {
                (Some(w), Some(h)) => (w, h),
                (Some(w), None) => (w, w * ratio(ih, iw)),
                (None, Some(h)) => (h * ratio(iw, ih), h),
                (None, None) => (iw, ih),
            }
        }
    };
    place(area, position, w, h)
}

/// A bilinear pattern drawing `image` stretched over `dest` (`Pad`: edge
/// pixels extend; `Repeat`: tiles). `None` for an empty `dest` or pixels
/// that do not match the image's size.
pub(super) fn image_shader(image: &Image, dest: BoxRect, spread: SpreadMode) -> Option<Shader<'_>> {
    let pixmap = PixmapRef::from_bytes(&image.pixels, image.width, image.height)?;
    if !(dest.width > 0.0 && dest.height > 0.0) {
        return None;
    }
    let (sx, sy) = (
        dest.width / image.width as f32,
        dest.height / image.height as f32,
    );
    let ts = Transform::from_row(sx, 0.0, 0.0, sy, dest.x, dest.y);
    if !ts.is_finite() {
        return None;
    }
    Some(Pattern::new(
        pixmap,
        spread,
        FilterQuality::Bilinear,
        1.0,
        ts,
    ))
}
