//! Painting a laid-out scene: each node, then its children in order, back
//! to front as [`Paint`](super::Paint)'s doc says, into a transparent
//! pixmap scaled by the scene's dpr.

use tiny_skia::{
    FillRule, FilterQuality, Mask, Paint as SkPaint, Path, PathBuilder, Pixmap, PixmapPaint,
    Shader, SpreadMode, Transform,
};

use super::background::{
    background_rect, corner_angle, fit_rect, image_shader, linear, radial, Gradient,
};
use super::gradient;
use super::layout::text_spec;
use super::shadow::{draw_shadow, scale_of};
use super::shape::{
    contains, finite, intersect, local_transform, push_rounded, rect, rounded, Radii,
};
use super::{
    Background, BoxRect, Content, Decoration, ImageContent, Scene, SceneLayout, TextContent,
};
use crate::canvas::{canvas, clampf, MAX_SIDE};
use crate::text::{draw_layout, layout_text, FontSource, GlyphCache};
use crate::Rgba;

/// The scene's dpr, clamped to `1..=3` (not finite: 1).
pub(super) fn scene_dpr(scene: &Scene) -> f32 {
    if scene.dpr.is_finite() {
        clampf(scene.dpr, 1.0, 3.0)
    } else {
        1.0
    }
}

/// `css × dpr` rounded to whole pixels (the pixmap's side).
fn device_side(css: u32, dpr: f32) -> u32 {
    libm::roundf(css as f32 * dpr) as u32
}

/// Paints `scene` laid out as `layout`.
pub(super) fn paint(
    scene: &Scene,
    layout: &SceneLayout,
    fonts: &dyn FontSource,
    cache: &mut GlyphCache,
) -> Pixmap {
    let dpr = scene_dpr(scene);
    let mut pixmap = canvas(
        device_side(scene.width, dpr),
        device_side(scene.height, dpr),
        Rgba::TRANSPARENT,
    );
    if layout.nodes.len() == scene.nodes.len() && !scene.nodes.is_empty() {
        let mut painter = Painter {
            scene,
            layout,
            fonts,
            cache,
            dpr,
        };
        painter.node(&mut pixmap, 0, Transform::from_scale(dpr, dpr), None);
    }
    pixmap
}

struct Painter<'a> {
    scene: &'a Scene,
    layout: &'a SceneLayout,
    fonts: &'a dyn FontSource,
    cache: &'a mut GlyphCache,
    dpr: f32,
}

/// A solid or shaded anti-aliased fill.
fn sk_paint(shader: Shader<'_>) -> SkPaint<'_> {
    SkPaint {
        shader,
        anti_alias: true,
        ..SkPaint::default()
    }
}

fn solid(c: Rgba) -> SkPaint<'static> {
    sk_paint(Shader::SolidColor(c.to_skia()))
}

/// A mask of `path` (through `ts`) within `clip`, the size of `target`.
/// An absent path gives an empty mask: nothing shows through it.
#[inline(never)] // cold start: see the crate doc
fn mask_of(
    target: &Pixmap,
    path: Option<&Path>,
    ts: Transform,
    clip: Option<&Mask>,
) -> Option<Mask> {
    let mut mask = match clip {
        Some(c) => c.clone(),
        None => {
            let mut m = Mask::new(target.width(), target.height())?;
            if let Some(p) = path {
                m.fill_path(p, FillRule::Winding, true, ts);
            }
            return Some(m);
        }
    };
    match path {
        Some(p) => mask.intersect_path(p, FillRule::Winding, true, ts),
        None => mask.clear(),
    }
    Some(mask)
}

/// Fills the part of `dest` inside `shape` (corners `radii`) with
/// `shader`: the rounded shape itself when `dest` covers it, the
/// intersection rectangle when the corners are square, else through a mask
/// of the shape.
#[allow(clippy::too_many_arguments)]
fn fill_within(
    target: &mut Pixmap,
    dest: BoxRect,
    shape: BoxRect,
    radii: &Radii,
    shader: Shader<'_>,
    ts: Transform,
    clip: Option<&Mask>,
) {
    let paint = sk_paint(shader);
    if contains(dest, shape) {
        if let Some(path) = rounded(shape, radii) {
            target.fill_path(&path, &paint, FillRule::Winding, ts, clip);
        }
        return;
    }
    let Some(part) = rect(intersect(dest, shape)) else {
        return;
    };
    if radii.is_zero() {
        target.fill_rect(part, &paint, ts, clip);
        return;
    }
    if let Some(mask) = mask_of(target, rounded(shape, radii).as_ref(), ts, clip) {
        target.fill_rect(part, &paint, ts, Some(&mask));
    }
}

/// `layer` drawn onto `target` at (`x`, `y`) at `opacity` (0–1), through
/// `clip`: what tiny-skia's `draw_pixmap` does there with an identity
/// transform — its high-precision pipeline: each texel as f32 (× 1/255),
/// × the opacity, × the clip's coverage (÷ 255), source-over
/// `d·(1 − a) + s`, clamped and rounded to nearest even — with the same
/// f32 operations in the same order, so the same bytes; but a transparent
/// texel, which leaves the target as it is, is skipped, and most of a text
/// layer is transparent. (tiny-skia pays ~6 ns for every pixel of the
/// layer: 0.6 ms of the event card's 0.8 ms raster.)
fn composite_layer(
    target: &mut Pixmap,
    layer: &Pixmap,
    x: i32,
    y: i32,
    opacity: f32,
    clip: Option<&Mask>,
) {
    const FACTOR: f32 = 1.0 / 255.0;
    let opacity = clampf(opacity, 0.0, 1.0);
    let (tw, th) = (i64::from(target.width()), i64::from(target.height()));
    // A clip of another size draws nothing (tiny-skia's blitter refuses it).
    if clip.is_some_and(|m| i64::from(m.width()) != tw || i64::from(m.height()) != th) {
        return;
    }
    let (lw, lh) = (i64::from(layer.width()), i64::from(layer.height()));
    // The layer's columns and rows that land on the target.
    let (c0, c1) = (
        (-i64::from(x)).clamp(0, lw),
        (tw - i64::from(x)).clamp(0, lw),
    );
    let (r0, r1) = (
        (-i64::from(y)).clamp(0, lh),
        (th - i64::from(y)).clamp(0, lh),
    );
    if c0 >= c1 || r0 >= r1 {
        return;
    }
    let src = layer.data();
    let dst = target.data_mut();
    for ly in r0..r1 {
        let ty = ly + i64::from(y);
        for lx in c0..c1 {
            let si = ((ly * lw + lx) * 4) as usize;
            let Some(s) = src.get(si..si + 4) else {
                continue;
            };
            if s == [0, 0, 0, 0] {
                continue;
            }
            let ti = (ty * tw + lx + i64::from(x)) as usize;
            let cover = match clip {
                Some(m) => match m.data().get(ti) {
                    Some(0) | None => continue,
                    Some(&c) => Some(f32::from(c) / 255.0),
                },
                None => None,
            };
            let mut sf = [0f32; 4];
            for (f, &v) in sf.iter_mut().zip(s) {
                *f = f32::from(v) * FACTOR * opacity;
                if let Some(c) = cover {
                    *f *= c;
                }
            }
            let inv = 1.0 - sf[3];
            let Some(d) = dst.get_mut(ti * 4..ti * 4 + 4) else {
                continue;
            };
            for (dv, &f) in d.iter_mut().zip(&sf) {
                let r = f32::from(*dv) * FACTOR * inv + f;
                *dv = libm::rintf(clampf(r, 0.0, 1.0) * 255.0) as u8;
            }
        }
    }
}

/// Fills `area` (corners `radii`) with a gradient: straight into the
/// pixels ([`gradient::fill`]), or through tiny-skia's shader where that
/// declines.
fn fill_gradient(
    target: &mut Pixmap,
    g: &Gradient,
    area: BoxRect,
    radii: &Radii,
    ts: Transform,
    clip: Option<&Mask>,
) {
    if gradient::fill(target, g, area, radii, ts, clip) {
        return;
    }
    if let Some(shader) = g.shader() {
        fill_within(target, area, area, radii, shader, ts, clip);
    }
}

impl Painter<'_> {
    /// Node `i` and its subtree, under `ts` (canvas CSS px → `target`'s
    /// pixels) and `clip`.
    fn node(&mut self, target: &mut Pixmap, i: usize, ts: Transform, clip: Option<&Mask>) {
        let (scene, layout) = (self.scene, self.layout);
        let (Some(placed), Some(node)) = (layout.nodes.get(i), scene.nodes.get(i)) else {
            return;
        };
        if !placed.shown {
            return;
        }
        let opacity = node.paint.opacity;
        if opacity <= 0.0 {
            return;
        }
        let parent = ts;
        let ts = ts.pre_concat(local_transform(&node.paint.transform, placed.border_box));
        if !tame(ts, placed.border_box) {
            return;
        }
        // NaN opacity paints as opaque.
        if opacity < 1.0 {
            // A layer only as big as what the subtree may paint.
            let (w, h) = (target.width() as f32, target.height() as f32);
            let whole = Extent::new(0.0, 0.0, w, h);
            let area = self.extent(i, parent).intersect(whole);
            if area.is_empty() {
                return;
            }
            let (x0, y0) = (libm::floorf(area.l), libm::floorf(area.t));
            let (x1, y1) = (libm::ceilf(area.r), libm::ceilf(area.b));
            let Some(mut layer) = Pixmap::new((x1 - x0) as u32, (y1 - y0) as u32) else {
                return;
            };
            // The layer is drawn through `clip`, not each of its parts.
            self.body(&mut layer, i, ts.post_translate(-x0, -y0), None);
            composite_layer(target, &layer, x0 as i32, y0 as i32, opacity, clip);
        } else {
            self.body(target, i, ts, clip);
        }
    }

    /// A device-pixel box holding everything node `i` and its subtree paint
    /// under `parent` (the node's own transform not applied yet): each
    /// node's border box grown by its shadows' offsets and spreads, mapped
    /// through the transforms, then by 1.5 × their blur in device pixels
    /// (more than the three box blurs reach) and a few pixels for
    /// anti-aliasing and the blur's rounding; its text's laid-out box grown
    /// by its largest font size; its children's (cut to its border box when it
    /// clips). Empty for what is not painted.
    fn extent(&self, i: usize, parent: Transform) -> Extent {
        let (scene, layout) = (self.scene, self.layout);
        let (Some(placed), Some(node)) = (layout.nodes.get(i), scene.nodes.get(i)) else {
            return Extent::EMPTY;
        };
        if !placed.shown || node.paint.opacity <= 0.0 {
            return Extent::EMPTY;
        }
        let b = placed.border_box;
        let ts = parent.pre_concat(local_transform(&node.paint.transform, b));
        if !tame(ts, b) {
            return Extent::EMPTY;
        }
        let v = |v: f32| finite(v).abs().min(1e5);
        let shadows = node.paint.shadows.iter().filter(|s| s.color.a > 0);
        let (offset, blur) = shadows.fold((0.0f32, 0.0f32), |(o, bl), s| {
            let o2 = v(s.x).max(v(s.y)) + finite(s.spread).clamp(0.0, 1e5);
            (o.max(o2), bl.max(v(s.blur)))
        });
        let has_shadow = node.paint.shadows.iter().any(|s| s.color.a > 0);
        let slack = if has_shadow {
            1.5 * blur * scale_of(ts) + 24.0
        } else {
            2.0
        };
        let mut e = Extent::mapped(b.inset([-offset; 4]), ts).grown(slack);
        if let Content::Text(t) = &node.content {
            e = e.union(self.text_extent(i, t, placed.content_box, ts));
        }
        let mut kids = Extent::EMPTY;
        for &c in layout.children(i) {
            kids = kids.union(self.extent(c, ts));
        }
        if node.paint.clip {
            kids = kids.intersect(Extent::mapped(b, ts).grown(2.0));
        }
        e.union(kids)
    }

    /// Where node `i`'s paragraph may paint: its laid-out box (as wide as
    /// its widest line, which may overflow on either side), grown by its
    /// largest font size for overhanging glyphs and the decorations.
    fn text_extent(&self, i: usize, t: &TextContent, content: BoxRect, ts: Transform) -> Extent {
        let Some(width) = self.layout.text_width(i) else {
            return Extent::EMPTY;
        };
        let lay = layout_text(&text_spec(t, Some(width), self.dpr), self.fonts);
        let dpr = self.dpr;
        let widest = lay.line_widths().iter().fold(0.0f32, |a, &w| a.max(w)) / dpr;
        let box_w = lay.width() as f32 / dpr;
        let over = (widest - box_w).max(0.0);
        let grow = largest_size(t, &lay) + over;
        let r = BoxRect {
            x: content.x - grow,
            y: content.y - grow,
            width: box_w + 2.0 * grow,
            height: lay.height() as f32 / dpr + 2.0 * grow,
        };
        Extent::mapped(r, ts).grown(2.0)
    }

    /// Everything of node `i` (shown, visible): its box, content, children.
    fn body(&mut self, target: &mut Pixmap, i: usize, ts: Transform, clip: Option<&Mask>) {
        let (scene, layout) = (self.scene, self.layout);
        let node = &scene.nodes[i];
        let placed = layout.nodes[i];
        let paint = &node.paint;
        let border_box = placed.border_box;
        let radii = Radii::resolve(&paint.radii, border_box);
        let widths = placed.border_widths();
        let inner_radii = radii.shrink(widths);

        for shadow in paint.shadows.iter().rev() {
            draw_shadow(target, border_box, &radii, shadow, ts, clip);
        }
        if paint.background_color.a > 0 {
            if let Some(path) = rounded(border_box, &radii) {
                let p = solid(paint.background_color);
                target.fill_path(&path, &p, FillRule::Winding, ts, clip);
            }
        }
        for layer in paint.backgrounds.iter().rev() {
            self.background(target, layer, placed.padding_box, &inner_radii, ts, clip);
        }
        if widths.iter().any(|&w| w > 0.0) {
            self.borders(
                target,
                border_box,
                placed.padding_box,
                &radii,
                &inner_radii,
                widths,
                &paint.border_colors,
                ts,
                clip,
            );
        }

        let own_clip = if paint.clip {
            let path = rounded(placed.padding_box, &inner_radii);
            mask_of(target, path.as_ref(), ts, clip)
        } else {
            None
        };
        let clip = own_clip.as_ref().or(clip);
        let content_radii = inner_radii.shrink(padding_of(&placed));
        match &node.content {
            Content::None => {}
            Content::Text(t) => self.text(target, i, t, placed.content_box, ts, clip),
            Content::Image(img) => {
                self.image(target, img, placed.content_box, &content_radii, ts, clip)
            }
        }
        for &c in layout.children(i) {
            self.node(target, c, ts, clip);
        }
    }

    /// One `backgroundImage` layer in the padding box `area`.
    fn background(
        &self,
        target: &mut Pixmap,
        layer: &Background,
        area: BoxRect,
        radii: &Radii,
        ts: Transform,
        clip: Option<&Mask>,
    ) {
        match layer {
            Background::Linear { angle, stops } => {
                if let Some(g) = linear(*angle, stops, area) {
                    fill_gradient(target, &g, area, radii, ts, clip);
                }
            }
            Background::LinearToCorner {
                right,
                bottom,
                stops,
            } => {
                let angle = corner_angle(*right, *bottom, area.width, area.height);
                if let Some(g) = linear(angle, stops, area) {
                    fill_gradient(target, &g, area, radii, ts, clip);
                }
            }
            Background::Radial {
                circle,
                center,
                stops,
            } => {
                if let Some(g) = radial(*circle, *center, stops, area) {
                    fill_gradient(target, &g, area, radii, ts, clip);
                }
            }
            Background::Image {
                image,
                size,
                position,
                repeat,
            } => {
                let Some(img) = self.scene.images.get(*image as usize) else {
                    return;
                };
                let (iw, ih) = (img.width as f32, img.height as f32);
                let tile = background_rect(*size, *position, iw, ih, area);
                let (spread, dest) = if *repeat {
                    (SpreadMode::Repeat, area)
                } else {
                    (SpreadMode::Pad, tile)
                };
                if let Some(shader) = image_shader(img, tile, spread) {
                    fill_within(target, dest, area, radii, shader, ts, clip);
                }
            }
        }
    }

    /// Solid borders between the border box and the padding box.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)] // cold start: see the crate doc
    fn borders(
        &self,
        target: &mut Pixmap,
        outer: BoxRect,
        inner: BoxRect,
        radii: &Radii,
        inner_radii: &Radii,
        widths: [f32; 4],
        colors: &[Rgba; 4],
        ts: Transform,
        clip: Option<&Mask>,
    ) {
        // Sides that show: a width and a colour.
        let sides: [bool; 4] = core::array::from_fn(|k| widths[k] > 0.0 && colors[k].a > 0);
        if !sides.iter().any(|&s| s) {
            return;
        }
        let drawn = widths.iter().filter(|&&w| w > 0.0).count();
        let first = (0..4).find(|&k| widths[k] > 0.0).unwrap_or(0);
        let uniform = (0..4).all(|k| widths[k] <= 0.0 || colors[k] == colors[first]);
        let ring = || {
            let mut pb = PathBuilder::new();
            push_rounded(&mut pb, outer, radii);
            push_rounded(&mut pb, inner, inner_radii);
            pb.finish()
        };
        if uniform && drawn > 0 {
            // One even-odd ring: the border box less the padding box.
            if let Some(path) = ring() {
                target.fill_path(&path, &solid(colors[first]), FillRule::EvenOdd, ts, clip);
            }
            return;
        }
        let (x0, y0, x1, y1) = (outer.x, outer.y, outer.right(), outer.bottom());
        let (i0, j0, i1, j1) = (inner.x, inner.y, inner.right(), inner.bottom());
        if radii.is_zero() {
            // Square corners: each side is a trapezoid, joined on the
            // diagonals from the outer to the inner corners (as CSS).
            let quads = [
                [(x0, y0), (x1, y0), (i1, j0), (i0, j0)],
                [(x1, y0), (x1, y1), (i1, j1), (i1, j0)],
                [(x1, y1), (x0, y1), (i0, j1), (i1, j1)],
                [(x0, y1), (x0, y0), (i0, j0), (i0, j1)],
            ];
            for (k, q) in quads.iter().enumerate() {
                if sides[k] {
                    if let Some(path) = polygon(q) {
                        target.fill_path(&path, &solid(colors[k]), FillRule::Winding, ts, clip);
                    }
                }
            }
            return;
        }
        // Rounded corners and several colours: the ring, side by side,
        // through a mask of the side's wedge. The wedges meet at the box's
        // centre (CSS joins the colours on the line from the outer to the
        // inner corner; the two agree for a square box of even borders).
        let Some(ring) = ring() else { return };
        let (cx, cy) = (x0 + outer.width / 2.0, y0 + outer.height / 2.0);
        let wedges = [
            [(x0, y0), (x1, y0), (cx, cy)],
            [(x1, y0), (x1, y1), (cx, cy)],
            [(x1, y1), (x0, y1), (cx, cy)],
            [(x0, y1), (x0, y0), (cx, cy)],
        ];
        for (k, w) in wedges.iter().enumerate() {
            if !sides[k] {
                continue;
            }
            let Some(mask) = mask_of(target, polygon(w).as_ref(), ts, clip) else {
                continue;
            };
            target.fill_path(&ring, &solid(colors[k]), FillRule::EvenOdd, ts, Some(&mask));
        }
    }

    /// A paragraph, laid out again at the width it was measured at (with
    /// the scene's dpr) and drawn at the content box's origin.
    fn text(
        &mut self,
        target: &mut Pixmap,
        i: usize,
        t: &TextContent,
        content: BoxRect,
        ts: Transform,
        clip: Option<&Mask>,
    ) {
        let visible = t.color.a > 0 || t.spans.iter().any(|s| s.color.a > 0);
        if !visible || t.text.is_empty() {
            return;
        }
        let Some(width) = self.layout.text_width(i) else {
            return;
        };
        let dpr = self.dpr;
        let spec = text_spec(t, Some(width), dpr);
        let lay = layout_text(&spec, self.fonts);
        // Straight to the target when the transform is only the dpr scale
        // and a translation and nothing clips; else through a layer.
        let plain = ts.kx == 0.0
            && ts.ky == 0.0
            && (ts.sx - dpr).abs() < 1e-4
            && (ts.sy - dpr).abs() < 1e-4;
        let (dx, dy) = (ts.tx + content.x * dpr, ts.ty + content.y * dpr);
        if plain && clip.is_none() {
            draw_layout(target, &lay, dx, dy, t.color, self.fonts, self.cache);
        } else {
            // Room around the box for glyphs that overhang it.
            let size_px = largest_size(t, &lay) * dpr;
            let margin = libm::ceilf(size_px).clamp(2.0, 4096.0);
            let widest = lay.line_widths().iter().fold(0.0f32, |a, &w| a.max(w));
            // (Glyphs past the largest pixmap are cut.)
            let side = |v: f32| clampf(libm::ceilf(v), 1.0, MAX_SIDE as f32) as u32;
            let w = side((lay.width() as f32).max(widest) + 2.0 * margin);
            let h = side(lay.height() as f32 + 2.0 * margin);
            let Some(mut layer) = Pixmap::new(w, h) else {
                return;
            };
            draw_layout(
                &mut layer, &lay, margin, margin, t.color, self.fonts, self.cache,
            );
            if plain {
                let paint = PixmapPaint::default();
                let (x, y) = (libm::roundf(dx - margin), libm::roundf(dy - margin));
                target.draw_pixmap(
                    x as i32,
                    y as i32,
                    layer.as_ref(),
                    &paint,
                    Transform::identity(),
                    clip,
                );
            } else {
                let paint = PixmapPaint {
                    quality: FilterQuality::Bilinear,
                    ..PixmapPaint::default()
                };
                let place = ts
                    .pre_translate(content.x, content.y)
                    .pre_scale(1.0 / dpr, 1.0 / dpr)
                    .pre_translate(-margin, -margin);
                target.draw_pixmap(0, 0, layer.as_ref(), &paint, place, clip);
            }
        }
        self.decorations(target, t, &lay, content, ts, clip);
    }

    /// `underline` and `line-through` as filled rectangles under each
    /// stretch of a line in one style ([`crate::Layout::segments`]), in its
    /// colour: `max(1, size / 16)` CSS px thick, the underline centred
    /// `size / 8` below the baseline, the line-through `0.3 × size` above it
    /// (about the middle of a Latin x-height; fonts' own metrics are not read).
    fn decorations(
        &self,
        target: &mut Pixmap,
        t: &TextContent,
        lay: &crate::Layout,
        content: BoxRect,
        ts: Transform,
        clip: Option<&Mask>,
    ) {
        let style = |span: Option<usize>| match span.and_then(|k| t.spans.get(k)) {
            Some(s) => (s.decoration, s.color),
            None => (t.decoration, t.color),
        };
        let any = |d: Decoration| d.underline || d.line_through;
        if !any(t.decoration) && !t.spans.iter().any(|s| any(s.decoration)) {
            return;
        }
        let dpr = self.dpr;
        for seg in lay.segments() {
            let (d, color) = style(seg.span);
            let (x, lw, baseline) = (seg.x / dpr, seg.width / dpr, seg.baseline / dpr);
            if lw <= 0.0 || !any(d) || color.a == 0 {
                continue;
            }
            let size = seg.size;
            let thick = (size / 16.0).max(1.0);
            let mut offsets = [None, None];
            if d.underline {
                offsets[0] = Some(size / 8.0);
            }
            if d.line_through {
                offsets[1] = Some(-0.3 * size);
            }
            let paint = solid(color);
            for off in offsets.into_iter().flatten() {
                let r = BoxRect {
                    x: content.x + x,
                    y: content.y + baseline + off - thick / 2.0,
                    width: lw,
                    height: thick,
                };
                if let Some(r) = rect(r) {
                    target.fill_rect(r, &paint, ts, clip);
                }
            }
        }
    }

    /// An `img`: placed by `objectFit` and `objectPosition`, drawn with
    /// bilinear filtering, clipped to the content box (rounded by the
    /// corners less borders and padding).
    #[inline(never)] // cold start: see the crate doc
    fn image(
        &self,
        target: &mut Pixmap,
        c: &ImageContent,
        content: BoxRect,
        radii: &Radii,
        ts: Transform,
        clip: Option<&Mask>,
    ) {
        let Some(img) = self.scene.images.get(c.image as usize) else {
            return;
        };
        let dest = fit_rect(
            c.fit,
            c.position,
            img.width as f32,
            img.height as f32,
            content,
        );
        if let Some(shader) = image_shader(img, dest, SpreadMode::Pad) {
            fill_within(target, dest, content, radii, shader, ts, clip);
        }
    }
}

/// The padding widths of a placed node: top, right, bottom, left.
fn padding_of(p: &super::Placed) -> [f32; 4] {
    let (o, i) = (p.padding_box, p.content_box);
    [
        (i.y - o.y).max(0.0),
        (o.right() - i.right()).max(0.0),
        (o.bottom() - i.bottom()).max(0.0),
        (i.x - o.x).max(0.0),
    ]
}

/// A closed polygon.
fn polygon(points: &[(f32, f32)]) -> Option<Path> {
    let (&(x, y), rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(x, y);
    for &(x, y) in rest {
        pb.line_to(x, y);
    }
    pb.close();
    pb.finish()
}

/// The largest scale factor a transform may have, and the farthest from
/// the origin a box's corners may land in device pixels, for anything to be
/// painted: far beyond any validated scene, and far inside what tiny-skia's
/// fixed-point rasteriser handles. A node past them is not painted (nor its
/// subtree).
const MAX_SCALE: f32 = 1e4;
const MAX_DEVICE: f32 = 1e7;

/// Whether `ts` is finite, scales by at most [`MAX_SCALE`], and maps the
/// corners of `b` within [`MAX_DEVICE`] of the origin.
fn tame(ts: Transform, b: BoxRect) -> bool {
    if !ts.is_finite()
        || [ts.sx, ts.ky, ts.kx, ts.sy]
            .iter()
            .any(|v| v.abs() > MAX_SCALE)
    {
        return false;
    }
    let mut corners = [
        tiny_skia::Point::from_xy(b.x, b.y),
        tiny_skia::Point::from_xy(b.right(), b.y),
        tiny_skia::Point::from_xy(b.x, b.bottom()),
        tiny_skia::Point::from_xy(b.right(), b.bottom()),
    ];
    ts.map_points(&mut corners);
    corners.iter().all(|p| {
        p.x.is_finite() && p.y.is_finite() && p.x.abs() <= MAX_DEVICE && p.y.abs() <= MAX_DEVICE
    })
}

/// A device-space box: left, top, right, bottom (empty when not
/// `l < r` and `t < b`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Extent {
    l: f32,
    t: f32,
    r: f32,
    b: f32,
}

impl Extent {
    const EMPTY: Extent = Extent {
        l: f32::INFINITY,
        t: f32::INFINITY,
        r: f32::NEG_INFINITY,
        b: f32::NEG_INFINITY,
    };

    fn new(l: f32, t: f32, r: f32, b: f32) -> Extent {
        Extent { l, t, r, b }
    }

    /// The bounding box of `b`'s corners through `ts`.
    fn mapped(b: BoxRect, ts: Transform) -> Extent {
        let mut corners = [
            tiny_skia::Point::from_xy(b.x, b.y),
            tiny_skia::Point::from_xy(b.right(), b.y),
            tiny_skia::Point::from_xy(b.x, b.bottom()),
            tiny_skia::Point::from_xy(b.right(), b.bottom()),
        ];
        ts.map_points(&mut corners);
        corners.iter().fold(Extent::EMPTY, |e, p| {
            Extent::new(e.l.min(p.x), e.t.min(p.y), e.r.max(p.x), e.b.max(p.y))
        })
    }

    fn is_empty(&self) -> bool {
        !(self.l < self.r && self.t < self.b)
    }

    fn union(self, o: Extent) -> Extent {
        if o.is_empty() {
            return self;
        }
        if self.is_empty() {
            return o;
        }
        Extent::new(
            self.l.min(o.l),
            self.t.min(o.t),
            self.r.max(o.r),
            self.b.max(o.b),
        )
    }

    fn intersect(self, o: Extent) -> Extent {
        Extent::new(
            self.l.max(o.l),
            self.t.max(o.t),
            self.r.min(o.r),
            self.b.min(o.b),
        )
    }

    fn grown(self, d: f32) -> Extent {
        if self.is_empty() {
            return self;
        }
        Extent::new(self.l - d, self.t - d, self.r + d, self.b + d)
    }
}

/// The largest font size a paragraph draws in, CSS px: its own (as laid
/// out) or a span's.
fn largest_size(t: &TextContent, lay: &crate::Layout) -> f32 {
    t.spans.iter().fold(lay.size_used(), |a, s| a.max(s.size))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pixmap of premultiplied pseudo-random pixels, a third transparent.
    fn noise(w: u32, h: u32, seed: u32) -> Pixmap {
        let mut p = Pixmap::new(w, h).unwrap();
        let mut x = seed;
        for px in p.data_mut().chunks_exact_mut(4) {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let a = if (x >> 28).is_multiple_of(3) {
                0
            } else {
                (x >> 8) as u8
            };
            let c = |k: u32| crate::text::mul255((x >> k) as u8, a);
            px.copy_from_slice(&[c(3), c(11), c(19), a]);
        }
        p
    }

    #[test]
    fn layers_composite_as_tiny_skia_draws_them() {
        let mut clip = Mask::new(60, 50).unwrap();
        let mut pb = PathBuilder::new();
        pb.push_circle(30.0, 25.0, 22.0);
        let circle = pb.finish().unwrap();
        clip.fill_path(&circle, FillRule::Winding, true, Transform::identity());
        for (k, (x, y, opacity)) in [
            (5, 7, 0.5),
            (-9, -4, 0.8),
            (40, 30, 0.333),
            (0, 0, 0.02),
            (70, 3, 0.5),
        ]
        .into_iter()
        .enumerate()
        {
            let layer = noise(37, 29, 7 + k as u32);
            for with_clip in [false, true] {
                let clip = with_clip.then_some(&clip);
                let mut want = noise(60, 50, 99);
                let paint = PixmapPaint {
                    opacity,
                    ..PixmapPaint::default()
                };
                want.draw_pixmap(x, y, layer.as_ref(), &paint, Transform::identity(), clip);
                let mut got = noise(60, 50, 99);
                composite_layer(&mut got, &layer, x, y, opacity, clip);
                assert!(
                    got.data() == want.data(),
                    "({x}, {y}) at {opacity}, clip {with_clip}"
                );
            }
        }
    }
}
