//! Scene layout: one taffy node per scene node, text and images measured
//! through taffy's measure callback, boxes made absolute (canvas CSS pixels).
//!
//! Rules:
//! - the tree is walked from `nodes[0]`; a child index that is out of range,
//!   already claimed by another parent (or an ancestor), or deeper than
//!   [`MAX_SCENE_DEPTH`] is ignored: that node is not laid out and not
//!   painted ([`Placed::shown`] is false);
//! - each node's taffy style is [`Node::layout`](super::Node::layout),
//!   cloned; the root's size is set to the canvas, which is also the
//!   (definite) available space. An image leaf without an `aspect_ratio`
//!   gets its image's, so that one given side sizes the other;
//! - boxes are rounded to whole CSS pixels by taffy (cumulatively: edges
//!   that touch stay touching);
//! - text leaves are measured by the text engine at dpr 1 (see
//!   [`measure_text`]); a paragraph is painted wrapped at the same whole
//!   CSS pixel width it was measured at for its final size
//!   ([`SceneLayout::text_width`]), so the lines painted are the lines
//!   measured;
//! - `Display::None` hides the node and its subtree.

use alloc::vec;
use alloc::vec::Vec;

use taffy::{
    AvailableSpace, Dimension, LayoutInput, LayoutOutput, NodeId, ResolveOrZero, Size, Style,
    TaffyTree,
};

use super::{Content, Image, Scene, TextContent, MAX_SCENE_DEPTH};
use crate::canvas::MAX_SIDE;
use crate::text::{layout_text, min_content_width, FontSource, TextSpec, Wrap, MAX_TEXT_SIDE};
use crate::Rgba;

/// An axis-aligned rectangle in CSS pixels, relative to the canvas's
/// top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BoxRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width (≥ 0).
    pub width: f32,
    /// Height (≥ 0).
    pub height: f32,
}

impl BoxRect {
    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// The rectangle less `[top, right, bottom, left]` on each side (never
    /// narrower or lower than 0).
    pub(crate) fn inset(self, [t, r, b, l]: [f32; 4]) -> BoxRect {
        BoxRect {
            x: self.x + l,
            y: self.y + t,
            width: (self.width - l - r).max(0.0),
            height: (self.height - t - b).max(0.0),
        }
    }
}

/// Where one node landed.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Placed {
    /// Whether the node is laid out and painted: false for `Display::None`
    /// and everything under it, and for nodes the tree walk did not reach
    /// (see [`layout_scene`](super::layout_scene)). The boxes of a hidden
    /// node are empty.
    pub shown: bool,
    /// The border box.
    pub border_box: BoxRect,
    /// The padding box: the border box less the borders.
    pub padding_box: BoxRect,
    /// The content box: the padding box less the padding.
    pub content_box: BoxRect,
}

impl Placed {
    /// Border widths as laid out: top, right, bottom, left.
    pub fn border_widths(&self) -> [f32; 4] {
        let (b, p) = (self.border_box, self.padding_box);
        [
            (p.y - b.y).max(0.0),
            (b.right() - p.right()).max(0.0),
            (b.bottom() - p.bottom()).max(0.0),
            (p.x - b.x).max(0.0),
        ]
    }
}

/// A laid-out scene: per node, its boxes in canvas CSS pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneLayout {
    /// One entry per [`Scene::nodes`], index-aligned.
    pub nodes: Vec<Placed>,
    /// Per node, the width (whole CSS px) its text content wraps at; 0 for
    /// nodes without text.
    text_widths: Vec<u32>,
    /// Per node, its children as laid out (the tree walk's, in order).
    children: Vec<Vec<usize>>,
}

impl SceneLayout {
    /// The width, whole CSS pixels, that node `i`'s paragraph is wrapped at
    /// when painted: its unrounded content width rounded up (what it was
    /// measured at), at least 1. `None` for a node without text content.
    pub fn text_width(&self, i: usize) -> Option<u32> {
        self.text_widths.get(i).copied().filter(|&w| w > 0)
    }

    /// Node `i`'s children as laid out, in paint order: each index into
    /// [`Scene::nodes`] once, none hidden by the tree walk.
    pub(super) fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], |c| c.as_slice())
    }

    /// Every node hidden (what an unusable scene lays out to).
    fn hidden(n: usize) -> SceneLayout {
        SceneLayout {
            nodes: vec![Placed::default(); n],
            text_widths: vec![0; n],
            children: vec![Vec::new(); n],
        }
    }
}

/// A length rounded up to whole CSS pixels for the text engine, with a
/// little slack so that float noise (100.00001) does not add a pixel;
/// within `1..=MAX_TEXT_SIDE`.
fn whole_px(w: f32) -> u32 {
    let c = libm::ceilf(w - 0.01);
    if c.is_nan() || c < 1.0 {
        1
    } else {
        // `as` saturates; the cap keeps the text engine's box in range.
        (c as u32).min(MAX_TEXT_SIDE)
    }
}

/// The text engine's spec for a paragraph: transparent background, no
/// padding, top-aligned, wrapped at `width` (CSS px; `None`: only newlines
/// break). `max_lines` without wrapping (`textOverflow: ellipsis`) cuts the
/// line at the box with `…`: it is laid out as [`Wrap::Char`], so an
/// overflowing line ends with the ellipsis at a character boundary.
pub(crate) fn text_spec(t: &TextContent, width: Option<u32>, dpr: f32) -> TextSpec {
    let wrap = match (t.wrap, t.max_lines) {
        (Wrap::None, Some(_)) => Wrap::Char,
        (w, _) => w,
    };
    TextSpec {
        text: t.text.clone(),
        chain: t.chain.clone(),
        size: t.size,
        sizes: Vec::new(),
        color: t.color,
        bg: Rgba::TRANSPARENT,
        width,
        height: None,
        padding: 0,
        align: t.align,
        valign: crate::VAlign::Top,
        line_height: t.line_height,
        wrap,
        max_lines: t.max_lines,
        fit: false,
        dpr,
        letter_spacing: t.letter_spacing,
        spans: t.spans.clone(),
        dir: t.dir,
    }
}

/// Measures a paragraph's content box for taffy (`spec` at dpr 1; its
/// width is set here).
///
/// - Both sides known: those.
/// - The width is the available width when it is definite (taffy makes it
///   the known width less padding and border when the width is known),
///   rounded up to whole CSS px; under a max-content constraint there is no
///   width (only newlines break); under a min-content constraint it is the
///   text's min-content width, the widest unbreakable run (a word with
///   [`Wrap::Word`]), rounded up.
/// - The measured width is the known width, else the longest line laid out
///   at that width, rounded up (shrink-to-fit: never wider than the
///   available width unless a line cannot wrap, as CSS's fit-content). The
///   height is the known height, else the lines' line boxes stacked, not
///   rounded (a 28 px line of line height 1.362 is 38.14 px, as in
///   browsers).
/// - With it, the first line's baseline below the content box's top (for
///   `alignItems: baseline`); none for empty text, which measures 0 × 0
///   (or its known sides).
fn measure_text(
    spec: &mut TextSpec,
    known: Size<Option<f32>>,
    avail: Size<AvailableSpace>,
    fonts: &dyn FontSource,
) -> (Size<f32>, Option<f32>) {
    if spec.text.is_empty() {
        return (known.map(|k| k.unwrap_or(0.0)), None);
    }
    spec.width = match avail.width {
        AvailableSpace::Definite(w) => Some(whole_px(w)),
        AvailableSpace::MinContent => Some(whole_px(min_content_width(spec, fonts))),
        AvailableSpace::MaxContent => None,
    };
    let layout = layout_text(spec, fonts);
    let longest = layout.line_widths().iter().fold(0.0f32, |a, &w| a.max(w));
    let width = match (known.width, avail.width) {
        (Some(_), AvailableSpace::Definite(w)) => w,
        (Some(w), _) => w,
        // dpr 1: device pixels are CSS pixels.
        (None, _) => libm::ceilf(longest - 0.01).max(0.0),
    };
    let height = known.height.unwrap_or(layout.block_height());
    let baseline = layout.baselines().first().copied();
    (Size { width, height }, baseline)
}

/// Measures an image's content box: its pixel size, or the known sides
/// with the aspect ratio kept when one is known.
fn measure_image(
    image: Option<&Image>,
    known: Size<Option<f32>>,
    avail: Size<AvailableSpace>,
) -> Size<f32> {
    let (iw, ih) = image.map_or((0.0, 0.0), |i| (i.width as f32, i.height as f32));
    // A known side's content length is the definite available space (the
    // known border-box side less padding and border).
    let content = |k: Option<f32>, a: AvailableSpace| k.map(|k| a.into_option().unwrap_or(k));
    let ratio = |num: f32, den: f32| if den > 0.0 { num / den } else { 0.0 };
    match (
        content(known.width, avail.width),
        content(known.height, avail.height),
    ) {
        (Some(width), Some(height)) => Size { width, height },
        (Some(width), None) => Size {
            width,
            height: width * ratio(ih, iw),
        },
        (None, Some(height)) => Size {
            width: height * ratio(iw, ih),
            height,
        },
        (None, None) => Size {
            width: iw,
            height: ih,
        },
    }
}

/// The nodes reachable from the root as a tree: per node its accepted
/// children (in order) and whether it was reached; parents come before
/// their children in `order`.
struct Reach {
    kids: Vec<Vec<usize>>,
    reached: Vec<bool>,
    order: Vec<usize>,
    parent: Vec<Option<usize>>,
}

fn reach(scene: &Scene) -> Reach {
    let n = scene.nodes.len();
    let mut r = Reach {
        kids: vec![Vec::new(); n],
        reached: vec![false; n],
        order: Vec::with_capacity(n),
        parent: vec![None; n],
    };
    if n == 0 {
        return r;
    }
    r.reached[0] = true;
    let mut stack = vec![(0usize, 1usize)];
    while let Some((i, depth)) = stack.pop() {
        r.order.push(i);
        if depth >= MAX_SCENE_DEPTH {
            continue;
        }
        for &c in &scene.nodes[i].children {
            let c = c as usize;
            if c < n && !r.reached[c] {
                r.reached[c] = true;
                r.parent[c] = Some(i);
                r.kids[i].push(c);
            }
        }
        // Reversed so that the stack pops children in order.
        stack.extend(r.kids[i].iter().rev().map(|&c| (c, depth + 1)));
    }
    r
}

/// Lays the scene out; see the module doc for the rules.
pub(super) fn layout(scene: &Scene, fonts: &dyn FontSource) -> SceneLayout {
    let n = scene.nodes.len();
    let reach = reach(scene);
    let mut tree: TaffyTree<u32> = TaffyTree::with_capacity(reach.order.len());
    let mut ids: Vec<Option<NodeId>> = vec![None; n];
    for &i in &reach.order {
        let node = &scene.nodes[i];
        let mut style = node.layout.clone();
        if i == 0 {
            style.size = Size {
                width: Dimension::length(canvas_side(scene.width)),
                height: Dimension::length(canvas_side(scene.height)),
            };
        }
        if let Content::Image(c) = &node.content {
            let image = scene.images.get(c.image as usize);
            if let (None, Some(img)) = (style.aspect_ratio, image) {
                if img.width > 0 && img.height > 0 {
                    style.aspect_ratio = Some(img.width as f32 / img.height as f32);
                }
            }
        }
        match tree.new_leaf_with_context(style, i as u32) {
            Ok(id) => ids[i] = Some(id),
            Err(_) => return SceneLayout::hidden(n),
        }
    }
    for &i in &reach.order {
        if reach.kids[i].is_empty() {
            continue;
        }
        let (Some(id), Some(kids)) = (
            ids[i],
            reach.kids[i]
                .iter()
                .map(|&c| ids[c])
                .collect::<Option<Vec<_>>>(),
        ) else {
            return SceneLayout::hidden(n);
        };
        if tree.set_children(id, &kids).is_err() {
            return SceneLayout::hidden(n);
        }
    }
    let Some(root) = ids.first().copied().flatten() else {
        return SceneLayout::hidden(n);
    };

    let mut specs: Vec<Option<TextSpec>> = scene
        .nodes
        .iter()
        .map(|node| match &node.content {
            Content::Text(t) => Some(text_spec(t, None, 1.0)),
            _ => None,
        })
        .collect();
    // Taffy asks a leaf for its size many times with the same constraints
    // (each flex pass, each min/max-content probe); each answer is a whole
    // text layout, so the last few per node are kept.
    let mut memo: Vec<Vec<(MeasureKey, Measured)>> = vec![Vec::new(); specs.len()];
    let available = Size {
        width: AvailableSpace::Definite(canvas_side(scene.width)),
        height: AvailableSpace::Definite(canvas_side(scene.height)),
    };
    let measured = tree.compute_layout_with_measure(
        root,
        available,
        |inputs: LayoutInput, _id: NodeId, ctx: Option<&mut u32>, style: &Style| -> LayoutOutput {
            let i = ctx.map(|c| *c as usize);
            let mut first_baseline = None;
            let mut out = taffy::compute_leaf_layout(
                inputs,
                style,
                |_, _| 0.0,
                |known, avail| {
                    let Some(i) = i else {
                        return Size::ZERO;
                    };
                    match scene.nodes.get(i).map(|node| &node.content) {
                        Some(Content::Text(_)) => match (specs.get_mut(i), memo.get_mut(i)) {
                            (Some(Some(spec)), Some(memo)) => {
                                let key = measure_key(known, avail.width);
                                let (size, baseline) = match memo.iter().find(|(k, _)| *k == key) {
                                    Some(&(_, m)) => m,
                                    None => {
                                        let m = measure_text(spec, known, avail, fonts);
                                        if memo.len() == MEASURE_MEMO {
                                            memo.remove(0);
                                        }
                                        memo.push((key, m));
                                        m
                                    }
                                };
                                first_baseline = baseline;
                                size
                            }
                            _ => Size::ZERO,
                        },
                        Some(Content::Image(c)) => {
                            measure_image(scene.images.get(c.image as usize), known, avail)
                        }
                        _ => Size::ZERO,
                    }
                },
            );
            // A text leaf's first baseline, from its border box's top (taffy
            // would take its bottom edge), for `alignItems: baseline`.
            if let Some(b) = first_baseline {
                let width = inputs.parent_size.width;
                let top = style.padding.top.resolve_or_zero(width, |_, _| 0.0)
                    + style.border.top.resolve_or_zero(width, |_, _| 0.0);
                out.baselines.first = Some(top + b);
            }
            out
        },
    );
    if measured.is_err() {
        return SceneLayout::hidden(n);
    }
    place(scene, &tree, &ids, &reach)
}

/// A text measurement: the content box and its first baseline.
type Measured = (Size<f32>, Option<f32>);

/// How many text measurements are kept per node.
const MEASURE_MEMO: usize = 4;

/// What a text measurement depends on: the known sides and the available
/// width (as bits, so that equal floats compare equal).
#[derive(Clone, Copy, PartialEq, Eq)]
struct MeasureKey {
    known: (Option<u32>, Option<u32>),
    avail: (u8, u32),
}

fn measure_key(known: Size<Option<f32>>, avail: AvailableSpace) -> MeasureKey {
    let avail = match avail {
        AvailableSpace::Definite(w) => (0, w.to_bits()),
        AvailableSpace::MinContent => (1, 0),
        AvailableSpace::MaxContent => (2, 0),
    };
    MeasureKey {
        known: (
            known.width.map(f32::to_bits),
            known.height.map(f32::to_bits),
        ),
        avail,
    }
}

/// A canvas side as a taffy length (at least 1, at most the largest pixmap).
fn canvas_side(side: u32) -> f32 {
    side.clamp(1, MAX_SIDE) as f32
}

/// Absolute boxes from taffy's relative ones. An in-flow box is relative to
/// its parent; an out-of-flow (absolute, fixed) box to its containing block,
/// which lists it among its hoisted children — the walk follows both, as
/// taffy's own rounding does.
fn place(
    scene: &Scene,
    tree: &TaffyTree<u32>,
    ids: &[Option<NodeId>],
    reach: &Reach,
) -> SceneLayout {
    let n = scene.nodes.len();
    let mut out = SceneLayout::hidden(n);
    let mut origin = vec![(0.0f32, 0.0f32); n];
    let hidden = |i: usize| scene.nodes[i].layout.display == taffy::Display::None;
    let index = |id: NodeId| tree.get_node_context(id).map(|&c| c as usize);

    let set = |out: &mut SceneLayout, i: usize, id: NodeId, at: (f32, f32)| -> (f32, f32) {
        let Ok(l) = tree.layout(id) else {
            return at;
        };
        let (x, y) = (at.0 + l.location.x, at.1 + l.location.y);
        let border_box = BoxRect {
            x,
            y,
            width: l.size.width.max(0.0),
            height: l.size.height.max(0.0),
        };
        let b = [l.border.top, l.border.right, l.border.bottom, l.border.left];
        let p = [
            l.padding.top,
            l.padding.right,
            l.padding.bottom,
            l.padding.left,
        ];
        let padding_box = border_box.inset(b);
        out.nodes[i] = Placed {
            shown: true,
            border_box,
            padding_box,
            content_box: padding_box.inset(p),
        };
        if matches!(scene.nodes[i].content, Content::Text(_)) {
            let u = tree.unrounded_layout(id);
            let inner =
                u.size.width - u.border.left - u.border.right - u.padding.left - u.padding.right;
            out.text_widths[i] = whole_px(inner);
        }
        (x, y)
    };

    let mut stack: Vec<(usize, (f32, f32))> = Vec::new();
    if n > 0 && !hidden(0) {
        stack.push((0, (0.0, 0.0)));
    }
    while let Some((i, at)) = stack.pop() {
        let Some(id) = ids[i] else { continue };
        let here = set(&mut out, i, id, at);
        origin[i] = here;
        for &c in reach.kids[i].iter().rev() {
            if !hidden(c) && !scene.nodes[c].layout.position.is_out_of_flow() {
                stack.push((c, here));
            }
        }
        if let Ok(hoisted) = tree.hoisted_children(id) {
            for &h in hoisted.iter().rev() {
                if let Some(c) = index(h).filter(|&c| c < n && !hidden(c)) {
                    stack.push((c, here));
                }
            }
        }
    }
    out.children.clone_from(&reach.kids);
    // Out-of-flow boxes no containing block listed (none should be): placed
    // relative to their parent, with their subtrees.
    for &i in &reach.order {
        if out.nodes[i].shown || hidden(i) {
            continue;
        }
        let Some(p) = reach.parent[i].filter(|&p| out.nodes[p].shown) else {
            continue;
        };
        if let Some(id) = ids[i] {
            origin[i] = set(&mut out, i, id, origin[p]);
        }
    }
    out
}
