//! What a laid-out scene will cost to paint, checked before any image is
//! decoded or pixel painted: the working memory it holds at once
//! ([`MAX_SCENE_MEMORY_BYTES`]) and the pixels it touches
//! ([`MAX_SCENE_PAINT_PIXELS`]). Both follow what the core's painter
//! allocates and fills, from the boxes of the layout, in device pixels and
//! cut to the canvas:
//!
//! - the canvas and every decoded image: 4 bytes a pixel, all the while;
//! - before the canvas is made, the images are decoded one by one; a
//!   progressive JPEG's decoder holds its coefficients while it runs (see
//!   `crate::image::Opened::working_bytes`): the images, plus the larger
//!   of that and what painting holds;
//! - an opacity group paints its subtree into an RGBA layer as large as
//!   what the subtree paints (its boxes, grown by their shadows, and its
//!   text; cut by its clips), composited when done: held while the subtree
//!   paints, nested groups at once; 5 × its pixels of work;
//! - a clip (`overflow: hidden`) is a mask as large as what it paints into
//!   (the canvas, or the group's layer): 1 byte a pixel, held while its
//!   children paint; 2 × its pixels of work;
//! - a shadow is two masks of the box grown by its offset, spread and blur
//!   (held while it is drawn), and its pixels of work; a background colour,
//!   a background layer, a border, a text or an image, the pixels of its
//!   box (a gradient also two masks as large as its box while it is
//!   drawn, a rounded image one as large as its target).
//!
//! A subtree under a `transform` is counted as covering the whole canvas
//! (its boxes are not where the layout put them). The estimate errs on the
//! large side; it is an upper bound of what the painter does, not a model
//! of its speed.

use render::{Background, BoxRect, Content, Len, Scene, SceneLayout};

use crate::error::ApiError;
use crate::params::limits::{MAX_SCENE_MEMORY_BYTES, MAX_SCENE_PAINT_PIXELS};

/// What painting a scene costs, as [`cost`] estimates it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cost {
    /// The canvas, device pixels.
    pub canvas: u64,
    /// Decoded image pixels.
    pub images: u64,
    /// The most bytes of layers and masks held at once.
    pub layers: u64,
    /// Pixels touched.
    pub paint: u64,
    /// The most bytes an image decoder holds at once beside the pixels.
    pub decoding: u64,
}

impl Cost {
    /// Working memory, bytes: the images, and the larger of what
    /// decoding one of them and painting (canvas, layers and masks) hold.
    pub fn memory(&self) -> u64 {
        4 * self.images + (4 * self.canvas + self.layers).max(self.decoding)
    }
}

/// Checks `scene`, laid out as `layout`, whose images' decoders hold at
/// most `decoding` bytes, against the memory and paint limits: a 422
/// `too_large` at `element` naming the limit it is over.
pub fn check(scene: &Scene, layout: &SceneLayout, decoding: u64) -> Result<(), ApiError> {
    let c = Cost {
        decoding,
        ..cost(scene, layout)
    };
    // Tenths of a MiB, in integers: core's float formatting is ~21 KB of
    // worker wasm (see `crate::num`).
    let mib = |b: u64| {
        let tenths = (b * 10 + (1 << 19)) >> 20;
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    };
    if c.memory() > MAX_SCENE_MEMORY_BYTES {
        return Err(ApiError::SceneTooLarge {
            path: "element".into(),
            message: format!(
                "the scene needs about {} to paint (canvas {}, images {}, opacity groups and clips open at once {}{}); \
                 the limit is {} (MAX_SCENE_MEMORY_BYTES): use a smaller canvas or dpr, smaller images, \
                 or fewer nested opacity groups and overflow clips",
                mib(c.memory()),
                mib(4 * c.canvas),
                mib(4 * c.images),
                mib(c.layers),
                if c.decoding > 0 {
                    format!(
                        ", decoding a progressive JPEG {} (a baseline JPEG, or 4:2:0, needs far less)",
                        mib(c.decoding)
                    )
                } else {
                    String::new()
                },
                mib(MAX_SCENE_MEMORY_BYTES)
            ),
        });
    }
    if c.paint > MAX_SCENE_PAINT_PIXELS {
        return Err(ApiError::SceneTooLarge {
            path: "element".into(),
            message: format!(
                "the scene would paint about {} million pixels ({} times its canvas); the limit is {} million \
                 (MAX_SCENE_PAINT_PIXELS): fewer large boxes, background layers, shadows and opacity groups, \
                 or a smaller dpr",
                c.paint / 1_000_000,
                c.paint / c.canvas.max(1),
                MAX_SCENE_PAINT_PIXELS / 1_000_000
            ),
        });
    }
    Ok(())
}

/// A rectangle in device pixels: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rect(f32, f32, f32, f32);

impl Rect {
    const EMPTY: Rect = Rect(0.0, 0.0, 0.0, 0.0);

    fn of(b: BoxRect, dpr: f32) -> Rect {
        Rect(
            b.x * dpr,
            b.y * dpr,
            (b.x + b.width) * dpr,
            (b.y + b.height) * dpr,
        )
    }

    fn grown(self, by: f32) -> Rect {
        Rect(self.0 - by, self.1 - by, self.2 + by, self.3 + by)
    }

    fn union(self, o: Rect) -> Rect {
        if self.is_empty() {
            return o;
        }
        if o.is_empty() {
            return self;
        }
        Rect(
            self.0.min(o.0),
            self.1.min(o.1),
            self.2.max(o.2),
            self.3.max(o.3),
        )
    }

    fn intersect(self, o: Rect) -> Rect {
        Rect(
            self.0.max(o.0),
            self.1.max(o.1),
            self.2.min(o.2),
            self.3.min(o.3),
        )
    }

    fn is_empty(self) -> bool {
        !(self.2 > self.0 && self.3 > self.1)
    }

    /// Whole pixels covered (NaN and empty: none).
    fn pixels(self) -> u64 {
        if self.is_empty() {
            return 0;
        }
        let side = |a: f32, b: f32| (b.ceil() - a.floor()).clamp(0.0, 1e7) as u64;
        side(self.0, self.2) * side(self.1, self.3)
    }
}

/// The cost of painting `scene` laid out as `layout` (see the module doc).
pub fn cost(scene: &Scene, layout: &SceneLayout) -> Cost {
    let dpr = if scene.dpr.is_finite() {
        scene.dpr.clamp(1.0, 3.0)
    } else {
        1.0
    };
    let side = |css: u32| (css as f32 * dpr).round();
    let canvas = Rect(0.0, 0.0, side(scene.width), side(scene.height));
    let images = scene
        .images
        .iter()
        .map(|i| u64::from(i.width) * u64::from(i.height))
        .sum();
    let mut walk = Walk {
        scene,
        layout,
        dpr,
        canvas,
        extents: vec![None; scene.nodes.len()],
        peak: 0,
        paint: 0,
    };
    if layout.nodes.len() == scene.nodes.len() && !scene.nodes.is_empty() {
        let target = canvas.pixels();
        walk.node(0, target, 0, false, 0);
    }
    Cost {
        canvas: canvas.pixels(),
        images,
        layers: walk.peak,
        paint: walk.paint,
        decoding: 0,
    }
}

struct Walk<'a> {
    scene: &'a Scene,
    layout: &'a SceneLayout,
    dpr: f32,
    canvas: Rect,
    /// Each node's extent, once computed.
    extents: Vec<Option<Rect>>,
    /// The most bytes of layers and masks held at once.
    peak: u64,
    /// Pixels touched.
    paint: u64,
}

/// Nodes this deep (the canvas node at 0) are not painted: the core's
/// limit, which counts the canvas node as depth 1.
const DEPTH: usize = render::MAX_SCENE_DEPTH;

impl Walk<'_> {
    /// Whether node `i` is painted at all.
    fn shown(&self, i: usize) -> bool {
        let (Some(p), Some(n)) = (self.layout.nodes.get(i), self.scene.nodes.get(i)) else {
            return false;
        };
        // As the painter: a NaN opacity paints as opaque.
        let o = n.paint.opacity;
        p.shown && (o > 0.0 || o.is_nan())
    }

    /// Node `i`'s border box in device pixels, or the canvas under a
    /// transform.
    fn border_box(&self, i: usize, transformed: bool) -> Rect {
        if transformed {
            self.canvas
        } else {
            Rect::of(self.layout.nodes[i].border_box, self.dpr)
        }
    }

    /// Where node `i` and its subtree may paint, cut to the canvas: its
    /// box grown by its shadows, its text's box grown by a font size, its
    /// children's (cut to its box when it clips).
    fn extent(&mut self, i: usize, transformed: bool, depth: usize) -> Rect {
        if !self.shown(i) || depth >= DEPTH {
            return Rect::EMPTY;
        }
        let transformed = transformed || !self.scene.nodes[i].paint.transform.is_empty();
        if transformed {
            return self.canvas;
        }
        if let Some(e) = self.extents[i] {
            return e;
        }
        let node = &self.scene.nodes[i];
        let b = self.border_box(i, false);
        let mut e = b.grown(2.0);
        for s in node.paint.shadows.iter().filter(|s| s.color.a > 0) {
            e = e.union(self.shadow_region(b, s));
        }
        if let Content::Text(t) = &node.content {
            // Lines may overflow the box sideways and downwards: the rest
            // of the canvas, from a font size above the box.
            let c = Rect::of(self.layout.nodes[i].content_box, self.dpr);
            let top = c.1 - t.size * self.dpr;
            e = e.union(Rect(self.canvas.0, top, self.canvas.2, self.canvas.3));
        }
        let mut kids = Rect::EMPTY;
        for &k in &node.children {
            kids = kids.union(self.extent(k as usize, false, depth + 1));
        }
        if node.paint.clip {
            kids = kids.intersect(b.grown(2.0));
        }
        let e = e.union(kids).intersect(self.canvas);
        self.extents[i] = Some(e);
        e
    }

    /// The region a shadow's masks cover: the box grown by its offset,
    /// spread and 1.5 × its blur (and the blur's rounding).
    fn shadow_region(&self, b: Rect, s: &render::Shadow) -> Rect {
        let reach = s.x.abs().max(s.y.abs()) + s.spread.max(0.0) + 1.5 * s.blur;
        b.grown(reach * self.dpr + 24.0).intersect(self.canvas)
    }

    /// Node `i`: `target` is the pixels of what it paints into (the canvas
    /// or a layer), `held` the bytes of layers and masks open around it.
    fn node(&mut self, i: usize, target: u64, held: u64, transformed: bool, depth: usize) {
        if !self.shown(i) || depth >= DEPTH {
            return;
        }
        let (scene, layout) = (self.scene, self.layout);
        let node = &scene.nodes[i];
        let placed = layout.nodes[i];
        let transformed = transformed || !node.paint.transform.is_empty();
        let (mut target, mut held) = (target, held);
        if node.paint.opacity < 1.0 {
            let layer = self.extent(i, transformed, depth).pixels();
            held += 4 * layer;
            target = layer;
            self.paint = self.paint.saturating_add(5 * layer);
        }
        let area = |r: BoxRect| {
            if transformed {
                self.canvas.pixels()
            } else {
                Rect::of(r, self.dpr).intersect(self.canvas).pixels()
            }
        };
        let b = self.border_box(i, transformed);
        let mut paint = 0u64;
        let mut transient = 0u64;
        for s in node.paint.shadows.iter().filter(|s| s.color.a > 0) {
            let region = self.shadow_region(b, s).pixels();
            transient = transient.max(2 * region);
            paint += region;
        }
        if node.paint.background_color.a > 0 {
            paint += area(placed.border_box);
        }
        let rounded = node
            .paint
            .radii
            .iter()
            .any(|&r| r != (Len::ZERO, Len::ZERO));
        for layer in &node.paint.backgrounds {
            let a = area(placed.padding_box);
            paint += a;
            if rounded && matches!(layer, Background::Image { .. }) {
                // A mask of the rounded box as large as the target.
                transient = transient.max(target);
                paint += target;
            } else {
                // A gradient's coverage mask and its copy, as large as
                // the box.
                transient = transient.max(2 * a);
            }
        }
        if placed.border_widths().iter().any(|&w| w > 0.0) {
            paint += area(placed.border_box);
        }
        match &node.content {
            Content::None => {}
            Content::Text(_) => paint += area(placed.content_box),
            Content::Image(_) => {
                paint += area(placed.content_box);
                if rounded {
                    transient = transient.max(target);
                    paint += target;
                }
            }
        }
        self.peak = self.peak.max(held + transient);
        if node.paint.clip {
            held += target;
            paint += 2 * target;
        }
        self.peak = self.peak.max(held);
        self.paint = self.paint.saturating_add(paint);
        for &k in &node.children {
            self.node(k as usize, target, held, transformed, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::fonts;

    /// The cost of a `width × height` scene at `dpr` of `element`, and its
    /// check.
    fn of(width: u32, height: u32, dpr: f32, element: Value) -> (Cost, Result<(), ApiError>) {
        let doc = json!({"width": width, "height": height, "dpr": dpr, "element": element});
        let r = crate::scene::read(&doc).expect("a valid scene");
        for n in &r.scene.nodes {
            if let Content::Text(t) = &n.content {
                let _ = fonts::load([(t.text.as_str(), t.chain.as_slice())]);
            }
        }
        let layout = render::layout_scene(&r.scene, &fonts::Fonts::new());
        let decoding = r.decoding_bytes();
        let c = Cost {
            decoding,
            ..cost(&r.scene, &layout)
        };
        (c, check(&r.scene, &layout, decoding))
    }

    fn chain(depth: usize, style: Value) -> Value {
        let mut el = json!("x");
        for _ in 0..depth {
            let mut s = style.clone();
            s["display"] = json!("flex");
            s["width"] = json!("100%");
            s["height"] = json!("100%");
            el = json!({"type": "div", "props": {"style": s, "children": el}});
        }
        el
    }

    const MIB: u64 = 1 << 20;

    #[test]
    fn nested_opacity_groups_and_clips_are_counted_at_once() {
        // Each canvas-sized group holds a 16 MiB layer at 2,048²: one fits
        // beside the canvas, 31 (517 MiB measured in the worker) do not.
        let (c, ok) = of(2048, 2048, 1.0, chain(1, json!({"opacity": 0.5})));
        assert_eq!((c.canvas, c.layers), (2048 * 2048, 16 * MIB));
        assert!(ok.is_ok());
        let (c, e) = of(2048, 2048, 1.0, chain(31, json!({"opacity": 0.97})));
        assert_eq!(c.layers, 31 * 16 * MIB);
        let e = e.unwrap_err();
        assert_eq!(
            (e.status(), e.code(), e.path()),
            (422, "too_large", Some("element"))
        );
        assert!(e.to_string().contains("MAX_SCENE_MEMORY_BYTES"), "{e}");
        // A clip is a 4 MiB mask at 2,048²; 31 nested: 124 MiB.
        let (c, e) = of(
            2048,
            2048,
            1.0,
            chain(31, json!({"overflow": "hidden", "borderRadius": 8})),
        );
        assert_eq!(c.layers, 31 * 4 * MIB);
        assert!(e.is_err());
        // Inside a group, a clip's mask is the layer's size: a 100 px box.
        let inner = json!({"type": "div", "props": {"style": {"opacity": 0.5, "width": 100, "height": 100},
            "children": chain(3, json!({"overflow": "hidden"}))}});
        let (c, ok) = of(2048, 2048, 1.0, inner);
        assert!(ok.is_ok());
        assert!(c.layers < MIB / 4, "{c:?}");
        // Siblings are held one at a time.
        let siblings: Vec<Value> = (0..8)
            .map(|_| json!({"type": "div", "props": {"style": {"position": "absolute", "inset": 0, "opacity": 0.5}}}))
            .collect();
        let (c, ok) = of(
            2048,
            2048,
            1.0,
            json!({"type": "div", "props": {"style": {"display": "flex", "width": "100%", "height": "100%"}, "children": siblings}}),
        );
        assert_eq!(c.layers, 16 * MIB);
        assert!(ok.is_ok());
    }

    #[test]
    fn a_progressive_jpeg_counts_its_decoder() {
        let photo = |file: &str| {
            let bytes = std::fs::read(format!(
                "{}/tests/fixtures/images/{file}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let encoded: String = bytes.iter().map(|b| format!("%{b:02X}")).collect();
            json!({"type": "div", "props": {"style": {"display": "flex", "width": "100%", "height": "100%"}, "children": [
                {"type": "img", "props": {"src": format!("data:image/jpeg,{encoded}"),
                 "style": {"width": "100%", "height": "100%", "objectFit": "cover"}}}]}})
        };
        // 1,920² at 4:4:4 on a card: 14.1 MiB of pixels and 21.1 of
        // coefficients while it decodes — accepted.
        let (c, ok) = of(1200, 630, 1.0, photo("flat-1920-progressive.jpg"));
        assert_eq!((c.images, c.decoding), (1920 * 1920, 6 * 1920 * 1920));
        assert!(ok.is_ok(), "{c:?}");
        // 2,048²: 16 + 24 MiB, refused before decoding, saying why.
        let (c, e) = of(1200, 630, 1.0, photo("flat-2048-progressive.jpg"));
        assert_eq!(c.memory(), 40 * MIB);
        let e = e.unwrap_err().to_string();
        assert!(e.contains("decoding a progressive JPEG 24.0 MiB"), "{e}");
    }

    #[test]
    fn a_retina_card_with_a_photo_and_an_overlay_fits() {
        // 1,200×630 at dpr 2 (11.5 MiB), a 2,400×1,260 photo (11.5 MiB,
        // read from its header only) and a canvas-sized translucent overlay
        // (11.5 MiB): 34.6 MiB.
        let png = crate::image::testing::png_header(2400, 1260);
        // A percent-encoded data: URI (no base64 needed).
        let src: String = "data:image/png,"
            .chars()
            .chain(
                png.iter()
                    .flat_map(|b| format!("%{b:02X}").chars().collect::<Vec<_>>()),
            )
            .collect();
        let card = json!({"type": "div", "props": {"style": {"display": "flex", "width": "100%", "height": "100%",
            "backgroundImage": format!("url({src})"), "backgroundSize": "cover"},
            "children": [{"type": "div", "props": {"style": {"position": "absolute", "inset": 0, "backgroundColor": "black", "opacity": 0.6}}},
                         {"type": "h1", "props": {"style": {"color": "white"}, "children": "Title"}}]}});
        let (c, ok) = of(1200, 630, 2.0, card);
        assert!(ok.is_ok(), "{ok:?}");
        assert_eq!(c.images, 2400 * 1260);
        assert!(c.memory() < 36 * MIB && c.memory() > 34 * MIB, "{c:?}");
    }

    #[test]
    fn canvas_sized_paint_is_counted_per_box() {
        // 1,999 canvas-sized groups at 2,048²: 247 s in the worker. Refused.
        let boxes: Vec<Value> = (0..1999)
            .map(|_| json!({"type": "container", "style": {"position": "absolute", "inset": 0, "opacity": 0.5, "background": "red"}}))
            .collect();
        let (c, e) = of(
            2048,
            2048,
            1.0,
            json!({"type": "container", "style": {"display": "flex", "width": "100%", "height": "100%"}, "children": boxes}),
        );
        assert_eq!(c.paint, 1999 * 6 * 2048 * 2048);
        let e = e.unwrap_err();
        assert!(e.to_string().contains("MAX_SCENE_PAINT_PIXELS"), "{e}");
        // 1,999 small boxes with a radius, a shadow and a gradient: cheap.
        let boxes: Vec<Value> = (0..1999)
            .map(|_| json!({"type": "container", "style": {"width": 22, "height": 14, "borderRadius": 4, "boxShadow": "0 2px 4px red", "background": "linear-gradient(red, tan)"}}))
            .collect();
        let (c, ok) = of(
            1200,
            630,
            1.0,
            json!({"type": "container", "style": {"display": "flex", "flexWrap": "wrap", "width": "100%", "height": "100%"}, "children": boxes}),
        );
        assert!(ok.is_ok());
        assert!(c.paint < MAX_SCENE_PAINT_PIXELS / 16, "{c:?}");
    }

    #[test]
    fn the_example_cards_are_far_from_the_limits() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenes");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
                let (c, ok) = of(1200, 630, 1.0, doc["element"].clone());
                assert!(ok.is_ok(), "{}", path.display());
                assert!(
                    c.memory() < MAX_SCENE_MEMORY_BYTES / 4,
                    "{}: {c:?}",
                    path.display()
                );
                assert!(
                    c.paint < MAX_SCENE_PAINT_PIXELS / 16,
                    "{}: {c:?}",
                    path.display()
                );
            }
        }
    }
}
