//! Scenes: a tree of boxes, text and images — what a satori or Takumi
//! element tree becomes once the edge layer has validated it — laid out with
//! flexbox ([`taffy`]) and painted with tiny-skia.
//!
//! ```text
//! Scene (validated) → layout (taffy; text measured by the text engine)
//!                   → paint (backgrounds, gradients, borders, radii,
//!                      shadows, clips, opacity, transforms, text, images)
//!                   → Pixmap
//! ```
//!
//! Like every spec of the core, a scene is already validated: every number
//! is finite and within the edge layer's limits, every index points into
//! its vector, the tree is a tree (each node but the root is the child of
//! exactly one node) of bounded depth. The core still clamps rather than
//! fails where it is cheap to.
//!
//! Lengths that depend on the laid-out box (percentages of a radius, a
//! gradient stop or a translation) stay [`Len`] until painting; everything
//! the edge layer can resolve (em, rem, inherited values, presets) it
//! resolves before.

mod background;
mod gradient;
mod layout;
mod paint;
mod shadow;
mod shape;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec::Vec;

pub use layout::{BoxRect, Placed, SceneLayout};

pub use crate::text::Decoration;
use crate::text::{Align, Direction, FontSource, GlyphCache, Span, Wrap};
use crate::Rgba;

/// The deepest a scene tree may be: nodes deeper than this (the root is at
/// depth 1) are neither laid out nor painted. The edge layer's limit should
/// not exceed it.
pub const MAX_SCENE_DEPTH: usize = 64;

/// Lays `scene` out: per node (index-aligned with [`Scene::nodes`]), its
/// border, padding and content boxes in canvas CSS pixels. Infallible.
///
/// The root is sized to the canvas; flexbox and block layout are taffy's;
/// text leaves are measured by the text engine, image leaves by their
/// pixel size (the aspect ratio kept when one side is given). Nodes that
/// are hidden (`Display::None`), deeper than [`MAX_SCENE_DEPTH`], or not
/// reachable from the root as a tree (an index out of range, a second
/// parent, a cycle) are not shown. An absolutely positioned node is placed
/// in its containing block as in CSS: its nearest ancestor whose position
/// is not `Static`, else the root (satori makes every element `relative`;
/// the edge layer says so in the styles it builds). Deterministic: the same
/// scene and fonts give the same boxes on every target.
pub fn layout_scene(scene: &Scene, fonts: &dyn FontSource) -> SceneLayout {
    layout::layout(scene, fonts)
}

/// Lays `scene` out ([`layout_scene`]) and paints it into a transparent
/// pixmap of `round(width × dpr) × round(height × dpr)` pixels (dpr clamped
/// to 1–3, sides to 1–16384). Infallible: anything odd is clamped or left
/// unpainted.
///
/// Each shown node is painted, then its children in order, back to front
/// as [`Paint`] says:
/// - outer shadows, the last listed first: the border box's rounded shape
///   offset, grown by the spread (radii grown alike), blurred with σ =
///   blur / 2 (three box blurs, reaching ≈ 1.5 × blur), never inside the
///   border box itself;
/// - the background colour in the border box, then the background layers
///   (the last listed first) in the padding box: linear gradients with
///   CSS's angle and line length, radial ones sized `farthest-corner`,
///   images sized and placed by `backgroundSize` / `backgroundPosition`,
///   tiled with `repeat`;
/// - solid borders (per-side colours, joined on the corner diagonals; with
///   rounded corners the joins run to the box's centre);
/// - with [`Paint::clip`], the content and children are clipped to the
///   padding box's rounded shape;
/// - the content: text wrapped as it was measured, drawn from the content
///   box's top-left corner, with `underline` / `line-through` bars; an
///   image placed by its [`ObjectFit`] and position, bilinear, clipped to
///   the (rounded) content box;
/// - then the children.
///
/// A node's `transform` (about its border box's centre) applies to it and
/// its subtree; `opacity` below 1 paints the node and its subtree into a
/// layer (only as big as what they may paint) composited at that opacity.
/// Corner radii are CSS's (percentages, overlaps scaled down).
/// Deterministic: the same scene and fonts give the same bytes, whatever
/// the glyph cache holds.
pub fn render_scene(
    scene: &Scene,
    fonts: &dyn FontSource,
    cache: &mut GlyphCache,
) -> tiny_skia::Pixmap {
    let layout = layout::layout(scene, fonts);
    paint::paint(scene, &layout, fonts, cache)
}

/// Paints `scene` as [`render_scene`] does, from a layout already made by
/// [`layout_scene`] for the same scene and fonts (so that a caller can time
/// the two apart).
pub fn paint_scene(
    scene: &Scene,
    layout: &SceneLayout,
    fonts: &dyn FontSource,
    cache: &mut GlyphCache,
) -> tiny_skia::Pixmap {
    paint::paint(scene, layout, fonts, cache)
}

/// The flexbox crate the scene's layout styles come from, re-exported so
/// that the edge layer builds styles with exactly this version.
pub use taffy;

/// A whole scene: the canvas and its nodes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Scene {
    /// Canvas width, CSS pixels.
    pub width: u32,
    /// Canvas height, CSS pixels.
    pub height: u32,
    /// Device pixel ratio (1–3): the image is `width × dpr` by `height × dpr`.
    pub dpr: f32,
    /// The nodes; `nodes[0]` is the root, laid out in the whole canvas.
    /// Children are listed by index in [`Node::children`], in paint order.
    pub nodes: Vec<Node>,
    /// Decoded images that [`Content::Image`] and [`Background::Image`]
    /// refer to by index.
    pub images: Vec<Image>,
}

/// One element.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Node {
    /// Everything layout needs (display, position, sizes, margins, padding,
    /// border widths, flex properties, gap), in CSS pixels.
    pub layout: taffy::Style,
    /// How the box is painted.
    pub paint: Paint,
    /// What is inside the box besides its children.
    pub content: Content,
    /// Children, by index into [`Scene::nodes`], in paint order.
    pub children: Vec<u32>,
}

/// What a node draws inside its box.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Content {
    /// Only the box (and its children).
    None,
    /// A paragraph: measured and wrapped by the text engine in the box's
    /// content width.
    Text(TextContent),
    /// A replaced image: its intrinsic size is the image's (CSS pixels =
    /// image pixels) unless the layout style sets one.
    Image(ImageContent),
}

/// A paragraph: in one style, or in runs of their own ([`TextContent::spans`]).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TextContent {
    /// The text, already transformed (`textTransform`) and cleaned
    /// ([`crate::clean_text`]); `\n` breaks lines.
    pub text: String,
    /// Fallback chain of face ids, primary first (as [`crate::TextSpec::chain`]).
    pub chain: Vec<u16>,
    /// Font size, CSS pixels.
    pub size: f32,
    /// Line box height, a multiple of `size`.
    pub line_height: f32,
    /// Text colour.
    pub color: Rgba,
    /// Alignment of each line in the content box.
    pub align: Align,
    /// Each paragraph's base direction (CSS `direction`).
    pub dir: Direction,
    /// Line breaking (`whiteSpace: nowrap` → [`Wrap::None`],
    /// `wordBreak: break-all` → [`Wrap::Char`]).
    pub wrap: Wrap,
    /// At most this many lines, the last ending in `…` (`lineClamp`, or 1
    /// for `textOverflow: ellipsis` without wrapping).
    pub max_lines: Option<u32>,
    /// Lines drawn through or under the text.
    pub decoration: Decoration,
    /// Extra space after every character, CSS pixels (`letterSpacing`).
    pub letter_spacing: f32,
    /// Runs in styles of their own (mixed inline children: `Hello
    /// <b>world</b>`), as [`crate::TextSpec::spans`]; the fields above are
    /// the paragraph's own style (its strut, and the text past the last
    /// span). Empty: all of it in the paragraph's style.
    pub spans: Vec<Span>,
}

/// An `img` element.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ImageContent {
    /// Index into [`Scene::images`].
    pub image: u32,
    /// How the image fills the content box (`objectFit`).
    pub fit: ObjectFit,
    /// Where it sits when it does not fill it (`objectPosition`): per axis,
    /// a percentage of the free space (the content box's side less the
    /// drawn image's, negative when the image is larger), so that 50 %
    /// centres it, or a length from the content box's start edge. Any value
    /// is honoured: past 100 % or below 0 the image moves out of the box.
    pub position: (Len, Len),
}

/// `objectFit`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum ObjectFit {
    /// Stretched to the box.
    #[default]
    Fill,
    /// Scaled to fit inside, aspect kept.
    Contain,
    /// Scaled to cover, aspect kept, the overflow clipped.
    Cover,
    /// Natural size, clipped.
    None,
    /// `none` or `contain`, whichever is smaller.
    ScaleDown,
}

/// A decoded image: premultiplied RGBA, row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels (≥ 1).
    pub width: u32,
    /// Height in pixels (≥ 1).
    pub height: u32,
    /// `width × height × 4` bytes, premultiplied alpha.
    pub pixels: Vec<u8>,
    /// A digest of the encoded source (set by the edge layer): what the
    /// canonical form holds instead of the pixels.
    pub digest: [u8; 32],
}

impl core::fmt::Debug for Image {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Image({}×{})", self.width, self.height)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Image {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Image", 3)?;
        st.serialize_field("width", &self.width)?;
        st.serialize_field("height", &self.height)?;
        st.serialize_field("digest", &self.digest)?;
        st.end()
    }
}

/// A length that may depend on the box it applies to.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Len {
    /// CSS pixels.
    Px(f32),
    /// A fraction (0.5 = 50 %) of the reference length (the box's width or
    /// height, as the property says).
    Percent(f32),
}

impl Len {
    /// Zero pixels.
    pub const ZERO: Len = Len::Px(0.0);
}

/// How a box is painted, back to front: shadows, background colour,
/// background images (the last listed first, as in CSS), borders, then the
/// content and the children (clipped to the padding box's rounded shape
/// when [`Paint::clip`]); the whole under `opacity` and `transform`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Paint {
    /// `backgroundColor`.
    pub background_color: Rgba,
    /// `backgroundImage` layers, first on top.
    pub backgrounds: Vec<Background>,
    /// Border colours: top, right, bottom, left (widths are in the layout
    /// style; only solid borders).
    pub border_colors: [Rgba; 4],
    /// Corner radii: top-left, top-right, bottom-right, bottom-left, each
    /// (horizontal, vertical); percentages of the border box's width and
    /// height. Overlapping radii are scaled down as CSS says.
    pub radii: [(Len, Len); 4],
    /// `opacity`, 0–1.
    pub opacity: f32,
    /// Outer `boxShadow`s, first on top.
    pub shadows: Vec<Shadow>,
    /// `overflow: hidden`: content and children are clipped to the padding
    /// box (with the radii).
    pub clip: bool,
    /// `transform` functions, applied left to right about the box's centre
    /// (`transformOrigin` is the centre).
    pub transform: Vec<Transform>,
}

impl Default for Paint {
    fn default() -> Self {
        Paint {
            background_color: Rgba::TRANSPARENT,
            backgrounds: Vec::new(),
            border_colors: [Rgba::rgb(0x000000); 4],
            radii: [(Len::ZERO, Len::ZERO); 4],
            opacity: 1.0,
            shadows: Vec::new(),
            clip: false,
            transform: Vec::new(),
        }
    }
}

/// One `backgroundImage` layer, painted in the padding box.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Background {
    /// `linear-gradient()`.
    Linear {
        /// CSS angle in degrees: 0 points up, 90 right, 180 (the default) down.
        angle: f32,
        /// Colour stops.
        stops: Vec<Stop>,
    },
    /// `linear-gradient(to <corner>, …)`: the angle depends on the box, as
    /// CSS says — the gradient line points into the named corner's quadrant,
    /// perpendicular to the diagonal joining the two neighbouring corners,
    /// so that those two get the same colour (45° only in a square).
    LinearToCorner {
        /// Towards the right (else the left) corners.
        right: bool,
        /// Towards the bottom (else the top) corners.
        bottom: bool,
        /// Colour stops.
        stops: Vec<Stop>,
    },
    /// `radial-gradient()`.
    Radial {
        /// `circle` (true) or `ellipse`.
        circle: bool,
        /// The centre, as lengths from the box's left and top.
        center: (Len, Len),
        /// Colour stops.
        stops: Vec<Stop>,
    },
    /// `url()` of an allowed image, with `backgroundSize` and
    /// `backgroundPosition`.
    Image {
        /// Index into [`Scene::images`].
        image: u32,
        /// Size: `cover`, `contain` or explicit.
        size: BackgroundSize,
        /// Position (`backgroundPosition`), as [`ImageContent::position`]
        /// in the padding box: a percentage of the free space or a length
        /// from the start edge, per axis.
        position: (Len, Len),
        /// Whether the image repeats.
        repeat: bool,
    },
}

/// A gradient colour stop; positions missing in CSS are filled in (evenly
/// between their neighbours) by the edge layer.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Stop {
    /// The colour.
    pub color: Rgba,
    /// Where along the gradient line, from its start.
    pub at: Len,
}

/// `backgroundSize`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum BackgroundSize {
    /// Scaled to cover the box.
    Cover,
    /// Scaled to fit inside the box.
    Contain,
    /// Width and height (`None`: auto, from the aspect ratio).
    Explicit(Option<Len>, Option<Len>),
}

/// One `boxShadow` (outer).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Shadow {
    /// Offset, CSS pixels.
    pub x: f32,
    /// Offset, CSS pixels.
    pub y: f32,
    /// Blur radius (≥ 0), CSS pixels.
    pub blur: f32,
    /// Spread (may be negative), CSS pixels.
    pub spread: f32,
    /// Colour.
    pub color: Rgba,
}

/// One 2D `transform` function.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Transform {
    /// `translate(x, y)`; percentages of the box's own size.
    Translate(Len, Len),
    /// `rotate(angle)`, degrees clockwise.
    Rotate(f32),
    /// `scale(x, y)`.
    Scale(f32, f32),
}
