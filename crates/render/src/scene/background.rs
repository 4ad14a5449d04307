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

/// tiny-skia stops for positions mapped from `p0..=p1` to `0..=1`.
///
/// tiny-skia interpolates straight (unpremultiplied) colours, CSS
/// premultiplied ones. They differ most next to a transparent stop, which
/// CSS fades without darkening: such a stop is split into two at the same
/// place, each with the colour of its neighbour on that side (alpha 0),
/// which is exactly what premultiplied interpolation gives. Between two
/// partly transparent stops the difference remains (small).
fn skia_stops(stops: &[(f32, Rgba)], p0: f32, p1: f32) -> Vec<GradientStop> {
    let span = p1 - p0;
    let t = |p: f32| {
        if span > 0.0 {
            ((p - p0) / span).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let skia = |c: Rgba| c.to_skia();
    let clear = |c: Rgba| Rgba::new(c.r, c.g, c.b, 0);
    let mut out = Vec::with_capacity(stops.len() + 2);
    for (k, &(p, c)) in stops.iter().enumerate() {
        if c.a != 0 {
            out.push(GradientStop::new(t(p), skia(c)));
            continue;
        }
        let prev = k.checked_sub(1).and_then(|j| stops.get(j)).map(|s| s.1);
        let next = stops.get(k + 1).map(|s| s.1);
        let left = prev.or(next).map_or(c, clear);
        let right = next.or(prev).map_or(c, clear);
        out.push(GradientStop::new(t(p), skia(left)));
        out.push(GradientStop::new(t(p), skia(right)));
    }
    out
}

/// `linear-gradient(angle, stops)` over `area`: the gradient line runs
/// through the centre in the direction of `angle` (0° up, 90° right), and is
/// `|w sin θ| + |h cos θ|` long, so that the corners get the end colours.
/// Stops beyond either end lengthen the line instead of being clamped.
pub(super) fn linear(angle: f32, stops: &[Stop], area: BoxRect) -> Option<Shader<'static>> {
    let theta = (finite(angle) % 360.0).to_radians();
    let (s, c) = (libm::sinf(theta), libm::cosf(theta));
    let ray = (area.width * s).abs() + (area.height * c).abs();
    let pos = positions(stops, ray);
    let (first, last) = (pos.first()?.0, pos.last()?.0);
    let (p0, p1) = (first.min(0.0), last.max(ray));
    let span = p1 - p0;
    if span.is_nan() || span <= 1e-3 || span.is_infinite() {
        return Some(Shader::SolidColor(pos.last()?.1.to_skia()));
    }
    let (cx, cy) = (area.x + area.width / 2.0, area.y + area.height / 2.0);
    let (dx, dy) = (s, -c);
    let (sx, sy) = (cx - dx * ray / 2.0, cy - dy * ray / 2.0);
    LinearGradient::new(
        Point::from_xy(sx + dx * p0, sy + dy * p0),
        Point::from_xy(sx + dx * p1, sy + dy * p1),
        skia_stops(&pos, p0, p1),
        SpreadMode::Pad,
        Transform::identity(),
    )
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
) -> Option<Shader<'static>> {
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
        return Some(Shader::SolidColor(pos.last()?.1.to_skia()));
    }
    let squash = Transform::from_translate(cx, cy)
        .pre_scale(1.0, ry / rx)
        .pre_translate(-cx, -cy);
    RadialGradient::new(
        Point::from_xy(cx, cy),
        0.0,
        Point::from_xy(cx, cy),
        p1,
        skia_stops(&pos, 0.0, p1),
        SpreadMode::Pad,
        if rx == ry {
            Transform::identity()
        } else {
            squash
        },
    )
}

/// Where an `iw × ih` image lands in `content` for `objectFit` and
/// `objectPosition` (fractions of the free space, (0.5, 0.5) centred).
pub(super) fn fit_rect(
    fit: ObjectFit,
    position: (f32, f32),
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
    BoxRect {
        x: content.x + (cw - w) * finite(position.0),
        y: content.y + (ch - h) * finite(position.1),
        width: w,
        height: h,
    }
}

/// Where one tile of a background image lands in the padding box `area`:
/// sized by `backgroundSize` (an auto side follows the aspect ratio, both
/// auto is the image's size), placed at `position` (fractions of the free
/// space).
pub(super) fn background_rect(
    size: BackgroundSize,
    position: (f32, f32),
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
    BoxRect {
        x: area.x + (area.width - w) * finite(position.0),
        y: area.y + (area.height - h) * finite(position.1),
        width: w,
        height: h,
    }
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
