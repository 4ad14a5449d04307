//! The heart renderer: filled, outlined or gradient hearts on a background.
//! The curves themselves (equations → polygons in a unit box) are in `curves`.

pub(crate) mod curves;

use tiny_skia::{
    FillRule, GradientStop, LineJoin, LinearGradient, Paint, Pixmap, Shader, SpreadMode, Stroke,
    Transform,
};

use self::curves::{vertex_count, Curve, Outline};
use crate::canvas::{canvas, clampf, outline_path};
use crate::Rgba;

/// How the heart is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Style {
    /// Solid fill in the heart colour.
    Filled,
    /// Only the outline, `stroke` pixels wide.
    Outline,
    /// A vertical gradient from a lighter tint (top) to the colour (bottom).
    Gradient,
}

impl Style {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            Style::Filled => "filled",
            Style::Outline => "outline",
            Style::Gradient => "gradient",
        }
    }
}

/// A validated heart request. Field ranges are the edge layer's business; the
/// renderer clamps anything outside them rather than failing.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HeartSpec {
    /// Side of the square image in CSS pixels.
    pub size: u32,
    /// Device pixel ratio: the image is `size × dpr` pixels wide.
    pub dpr: f32,
    /// Heart colour.
    pub color: Rgba,
    /// Background colour (transparent allowed).
    pub bg: Rgba,
    /// Fill style.
    pub style: Style,
    /// Outline width in CSS pixels (used by [`Style::Outline`]).
    pub stroke: f32,
    /// Which heart equation.
    pub curve: Curve,
}

/// Fraction of the image side left empty around the heart at rest, so that
/// the beat ([`beat_scale`] up to 1.12) never touches the edge.
pub(crate) const MARGIN: f32 = 0.08;

/// The top colour of the gradient style.
pub(crate) fn gradient_top(color: Rgba) -> Rgba {
    color.mix(Rgba::new(255, 255, 255, color.a), 0.45)
}

/// How far the heart's bounding box is inset for a given stroke, in the same
/// units as `side`, so that the outline stays inside the margin.
pub(crate) fn fit(side: f32, style: Style, stroke: f32) -> (f32, f32) {
    let pad = if style == Style::Outline {
        stroke / 2.0
    } else {
        0.0
    };
    let box_side = (side * (1.0 - 2.0 * MARGIN) - 2.0 * pad).max(1.0);
    let offset = (side - box_side) / 2.0;
    (offset, box_side)
}

/// Scale of frame `i` of an `n`-frame beat: a smooth pulse from 1 up to 1.12
/// and back, periodic in `n` so the animation loops without a seam.
pub fn beat_scale(i: u32, n: u32) -> f32 {
    let n = n.max(1);
    let phase = (i % n) as f32 / n as f32;
    1.0 + 0.12 * (1.0 - libm::cosf(2.0 * core::f32::consts::PI * phase)) / 2.0
}

/// Renders the heart, scaled by `scale` about the image centre (1.0 at rest).
pub fn render_heart(spec: &HeartSpec, scale: f32) -> Pixmap {
    let dpr = clampf(spec.dpr, 1.0, 3.0);
    let px = pixel_side(spec.size, dpr);
    let mut pixmap = canvas(px, px, spec.bg);
    let side = px as f32;
    let stroke = clampf(spec.stroke * dpr, 0.5, side / 4.0);
    let (offset, box_side) = fit(side, spec.style, stroke);
    let outline = Outline::new(spec.curve, vertex_count(box_side));
    let scale = clampf(scale, 0.1, 2.0);
    let centre = side / 2.0;
    let transform = Transform::from_scale(box_side, box_side)
        .post_translate(offset, offset)
        .post_translate(-centre, -centre)
        .post_scale(scale, scale)
        .post_translate(centre, centre);
    let Some(path) = outline_path(&outline, transform) else {
        return pixmap;
    };

    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    paint.set_color(spec.color.to_skia());
    match spec.style {
        Style::Filled => {
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        Style::Gradient => {
            let bounds = path.bounds();
            let shader = LinearGradient::new(
                tiny_skia::Point::from_xy(0.0, bounds.top()),
                tiny_skia::Point::from_xy(0.0, bounds.bottom()),
                alloc::vec![
                    GradientStop::new(0.0, gradient_top(spec.color).to_skia()),
                    GradientStop::new(1.0, spec.color.to_skia()),
                ],
                SpreadMode::Pad,
                Transform::identity(),
            );
            // A degenerate gradient (zero height) falls back to the solid colour.
            if let Some(shader) = shader {
                paint.shader = shader;
            } else {
                paint.shader = Shader::SolidColor(spec.color.to_skia());
            }
            pixmap.fill_path(
                &path,
                &paint,
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
        Style::Outline => {
            let stroke = Stroke {
                width: stroke * scale,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
    pixmap
}

/// Image side in device pixels for a CSS size and device pixel ratio.
pub(crate) fn pixel_side(size: u32, dpr: f32) -> u32 {
    ((size as f32 * dpr) + 0.5) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(style: Style) -> HeartSpec {
        HeartSpec {
            size: 64,
            dpr: 1.0,
            color: Rgba::rgb(0xff0000),
            bg: Rgba::rgb(0xffffff),
            style,
            stroke: 3.0,
            curve: Curve::Parametric,
        }
    }

    fn pixel(p: &Pixmap, x: u32, y: u32) -> (u8, u8, u8, u8) {
        let c = p.pixel(x, y).unwrap().demultiply();
        (c.red(), c.green(), c.blue(), c.alpha())
    }

    #[test]
    fn filled_heart_has_colour_in_the_middle_and_background_in_corners() {
        let p = render_heart(&spec(Style::Filled), 1.0);
        assert_eq!((p.width(), p.height()), (64, 64));
        assert_eq!(pixel(&p, 32, 32), (255, 0, 0, 255));
        assert_eq!(pixel(&p, 1, 1), (255, 255, 255, 255));
        assert_eq!(pixel(&p, 62, 62), (255, 255, 255, 255));
    }

    #[test]
    fn outline_leaves_the_middle_empty() {
        let p = render_heart(&spec(Style::Outline), 1.0);
        assert_eq!(pixel(&p, 32, 32), (255, 255, 255, 255));
    }

    #[test]
    fn dpr_scales_pixels() {
        let mut s = spec(Style::Filled);
        s.dpr = 2.0;
        assert_eq!(render_heart(&s, 1.0).width(), 128);
    }

    #[test]
    fn beat_loops() {
        assert_eq!(beat_scale(0, 12), 1.0);
        assert_eq!(beat_scale(12, 12), beat_scale(0, 12));
        assert!((beat_scale(6, 12) - 1.12).abs() < 1e-6);
        assert_eq!(beat_scale(3, 0), 1.0, "zero frames cannot divide by zero");
    }

    #[test]
    fn out_of_range_specs_do_not_panic() {
        let mut s = spec(Style::Outline);
        s.size = 0;
        s.dpr = f32::NAN;
        s.stroke = f32::INFINITY;
        assert_eq!(render_heart(&s, f32::NAN).width(), 1);
    }
}
