//! The text engine: a [`TextSpec`] is laid out into a [`Layout`] (measuring
//! only, infallible), and the layout is painted into a pixmap.
//!
//! The split lets the edge layer check the laid-out pixel size against its
//! limits before any pixel is allocated:
//!
//! ```text
//! layout_text(spec, fonts) → Layout  (size known)  → render_text(layout, …) → Pixmap
//!                                                   → draw_layout(pixmap, layout, …)
//! ```
//!
//! Pipeline, one file per step:
//! - `itemize`: text → items (per character: the face of the fallback chain that
//!   covers it, its glyph index, or the primary face's `.notdef` when none does);
//! - `breaks`: where a line may break (UAX #14, or anywhere with CJK kinsoku);
//! - `frame`: the spec's numbers clamped into range, in device pixels;
//! - `lines`: items → lines at one size (the pen, greedy line filling,
//!   emergency breaks, `max_lines` with `…`), each line measured;
//! - `fit`: the size search when `fit` is asked for;
//! - `arrange`: the lines stacked and aligned in the box, auto-sized sides;
//! - `layout`: the resulting [`Layout`] and [`layout_text`], which runs the
//!   steps above;
//! - `paint` + `cache`: coverage bitmaps from fontdue, cached, blended straight
//!   into the pixmap.
//!
//! The text handling rules are documented on [`layout_text`].
//!
//! Determinism: no decision depends on hash-map iteration order; advances are
//! kept in `f32` along a line and rounded to device pixels only when painting.

mod arrange;
mod breaks;
mod cache;
mod colr;
mod emoji;
mod emoji_table;
#[cfg(test)]
mod emoji_tests;
mod fit;
mod fonts;
mod frame;
mod itemize;
mod layout;
mod lines;
mod paint;
#[cfg(test)]
mod tests;

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

pub use cache::GlyphCache;
pub use emoji::{count_missing, emoji_sequences};
/// The font crate the engine rasterises with, re-exported so that the edge
/// layer parses faces with exactly this version and feature set (enabling its
/// `simd` feature elsewhere would change native pixels).
pub use fontdue;
pub use fonts::FontSource;
pub(crate) use layout::min_content_width;
pub use layout::{layout_text, Layout, Segment};
pub(crate) use paint::mul255;
pub use paint::{draw_layout, render_text};

/// `text` as the engine reads it: `\r\n`, `\r`, U+2028 and U+2029 become
/// `\n`, and control characters other than `\n` and `\t` are removed.
/// The edge layer stores texts in this form, so that texts the engine draws
/// alike compare alike.
pub fn clean_text(text: &str) -> String {
    itemize::clean(text).collect()
}

use crate::Rgba;

/// The largest side, in device pixels, of a laid-out text box (auto-sized or not).
pub const MAX_TEXT_SIDE: u32 = 4096;
/// The largest font size, in CSS pixels; larger sizes are clamped.
pub(crate) const MAX_FONT_SIZE: f32 = 1024.0;
/// The most spans a spec may have ([`TextSpec::spans`]); text past the
/// last one kept is in the spec's own style. (Glyphs record their span in
/// 16 bits.)
pub const MAX_SPANS: usize = u16::MAX as usize - 1;
/// The smallest font size, in CSS pixels; smaller sizes are clamped.
pub(crate) const MIN_FONT_SIZE: f32 = 1.0;
/// The smallest size [`TextSpec::fit`] shrinks to, in CSS pixels. When the
/// text does not fit even at this size, it is laid out at this size and
/// [`Layout::fits`] is false.
pub(crate) const FIT_FLOOR: f32 = 6.0;

/// Horizontal alignment of each line within the box (minus padding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Align {
    /// Lines start at the left padding edge.
    #[default]
    Left,
    /// Lines are centred.
    Center,
    /// Lines end at the right padding edge.
    Right,
    /// Lines that wrapped fill the width: the free space is shared among
    /// their inner spaces. The last line of each paragraph (and a line with
    /// no inner space) starts at the left edge.
    Justify,
}

impl Align {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Justify => "justify",
        }
    }
}

/// Vertical alignment of the block of lines within the box (minus padding).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum VAlign {
    /// The first line starts at the top padding edge.
    #[default]
    Top,
    /// The block is centred.
    Middle,
    /// The last line ends at the bottom padding edge.
    Bottom,
}

impl VAlign {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            VAlign::Top => "top",
            VAlign::Middle => "middle",
            VAlign::Bottom => "bottom",
        }
    }
}

/// Where lines may break when they are wider than the box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Wrap {
    /// At Unicode (UAX #14) break opportunities; a word wider than the box
    /// breaks between characters.
    #[default]
    Word,
    /// Between any two characters, except that closing punctuation never starts
    /// a line and opening brackets never end one (CJK kinsoku).
    Char,
    /// Only at explicit newlines; longer lines are clipped.
    None,
}

impl Wrap {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            Wrap::Word => "word",
            Wrap::Char => "char",
            Wrap::None => "none",
        }
    }
}

/// A validated text request. Ranges are the edge layer's business; the engine
/// clamps anything outside them rather than failing.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TextSpec {
    /// The text, already length-limited by the edge layer. Default: empty.
    pub text: String,
    /// Fallback chain of face ids, primary first: each character is drawn from
    /// the first face that covers it. Default: `[0]`.
    pub chain: Vec<u16>,
    /// Font size in CSS pixels, clamped to `1..=1024` (not finite: 1).
    /// Ignored when `sizes` is not empty and there are no `spans`. Default: 32.
    pub size: f32,
    /// Per-paragraph font sizes in CSS pixels, each clamped like `size`:
    /// paragraph `i` (the text split at newlines) uses `sizes[i]`, and
    /// paragraphs past the end of the list use its last size. Each line,
    /// wrapped ones included, takes its paragraph's size for glyphs, advances,
    /// kerning, tab stops, line box height and baseline. `fit` scales every
    /// size by one common factor. Empty: every paragraph uses `size`.
    /// Default: empty.
    pub sizes: Vec<f32>,
    /// Text colour (straight alpha). Default: opaque black.
    pub color: Rgba,
    /// Background colour (transparent allowed). Default: opaque white.
    pub bg: Rgba,
    /// Box width in CSS pixels; `None` sizes the box to the longest line plus
    /// padding (and then only newlines break lines). Default: `None`.
    pub width: Option<u32>,
    /// Box height in CSS pixels; `None` sizes the box to the lines plus padding.
    /// Default: `None`.
    pub height: Option<u32>,
    /// Padding on all four sides, CSS pixels. Default: 0.
    pub padding: u32,
    /// Horizontal alignment. Default: [`Align::Left`].
    pub align: Align,
    /// Vertical alignment. Default: [`VAlign::Top`].
    pub valign: VAlign,
    /// Line box height as a multiple of the size, clamped to `0..=10`
    /// (not finite: 1.25). Default: 1.25.
    pub line_height: f32,
    /// Line breaking. Default: [`Wrap::Word`].
    pub wrap: Wrap,
    /// At most this many lines (0 counts as 1); the last kept line then ends
    /// with `…`. Default: `None`.
    pub max_lines: Option<u32>,
    /// Shrink the size, down to 6 CSS px, until the text
    /// fits the box without mid-word breaks or truncation; the size never
    /// grows. When even the floor does not fit, the text is laid out at the
    /// floor and [`Layout::fits`] is false. With `sizes`, all sizes shrink by
    /// one factor (their ratios kept) until the smallest reaches the floor.
    /// Only meaningful with a width or a height. Default: `false`.
    pub fit: bool,
    /// Device pixel ratio, clamped to `1..=3`: the same layout in CSS pixels,
    /// with `dpr` times the pixels. Default: 1.
    pub dpr: f32,
    /// Extra space after every character (each cluster: a base and its
    /// marks take it once), CSS pixels, not scaled by `fit` (may be
    /// negative; clamped to ±1024). Default: 0.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_zero"))]
    pub letter_spacing: f32,
    /// Runs of the text in styles of their own (`Hello <b>world</b>`): each
    /// span covers the text from the previous span's end (or 0) to its own
    /// `end`; text past the last span is in the spec's own style. With
    /// spans, `sizes` is ignored; the spec's own `size`, `chain` and
    /// `line_height` still make the strut every line box has (CSS's inline
    /// formatting: a line is as tall as its tallest run's line box, all
    /// runs sharing one baseline). `fit` scales every size by one factor,
    /// the strut's included, and stops when any of them reaches its floor
    /// (so a span under 6 px keeps every size). At most [`MAX_SPANS`].
    /// Default: empty.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub spans: Vec<Span>,
}

#[cfg(feature = "serde")]
fn is_zero(v: &f32) -> bool {
    *v == 0.0
}

/// One run of a [`TextSpec`] in a style of its own.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Span {
    /// Where the run ends: a byte offset into [`TextSpec::text`] (rounded
    /// up to a character boundary; past the end: the end).
    pub end: u32,
    /// Fallback chain of face ids, primary first.
    pub chain: Vec<u16>,
    /// Font size, CSS pixels (clamped like [`TextSpec::size`]).
    pub size: f32,
    /// Line box height, a multiple of `size` (clamped like
    /// [`TextSpec::line_height`]).
    pub line_height: f32,
    /// Text colour (straight alpha).
    pub color: Rgba,
    /// Extra space after every character, CSS pixels.
    pub letter_spacing: f32,
    /// Lines drawn under or through the run (painted by the caller from
    /// [`Layout::segments`]).
    pub decoration: Decoration,
}

/// `textDecoration` lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Decoration {
    /// `underline`.
    pub underline: bool,
    /// `line-through`.
    pub line_through: bool,
}

impl Default for TextSpec {
    fn default() -> Self {
        TextSpec {
            text: String::new(),
            chain: vec![0],
            size: 32.0,
            sizes: Vec::new(),
            color: Rgba::rgb(0x000000),
            bg: Rgba::rgb(0xffffff),
            width: None,
            height: None,
            padding: 0,
            align: Align::Left,
            valign: VAlign::Top,
            line_height: 1.25,
            wrap: Wrap::Word,
            max_lines: None,
            fit: false,
            dpr: 1.0,
            letter_spacing: 0.0,
            spans: Vec::new(),
        }
    }
}
