//! Text laid out in a box: the [`Layout`] and its entry point,
//! [`layout_text`], whose doc lists the rules.
//!
//! The steps, each in its own file: `frame` clamps the spec's numbers,
//! `lines` breaks the items into lines at one size, `fit` searches the size,
//! `arrange` positions the lines in the box.

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use super::arrange::arrange;
use super::fit::fit;
use super::fonts::FontSource;
use super::frame::Frame;
use super::lines::Itemized;
use super::TextSpec;

/// One glyph placed on its line, in device pixels relative to the top-left
/// corner of the layout box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PositionedGlyph {
    /// The face id (from the spec's chain) the glyph comes from.
    pub(crate) face: u16,
    /// The glyph index in that face (0 is the `.notdef` box).
    pub(crate) glyph: u16,
    /// Its size slot (see [`Layout::slot_px`]).
    pub(crate) slot: u16,
    /// Pen position (glyph origin), unrounded.
    pub(crate) x: f32,
    /// Baseline, unrounded.
    pub(crate) y: f32,
}

/// One laid-out line.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LineBox {
    /// Its glyphs in [`Layout::glyphs`].
    pub(super) glyphs: Range<usize>,
    /// Its characters (ellipsis included, trailing whitespace excluded).
    pub(super) text: String,
    /// Advance width in device pixels (trailing whitespace excluded).
    pub(super) width: f32,
    /// Font size of the line's own slot (its paragraph's, or with spans
    /// the spec's), CSS pixels.
    pub(super) size: f32,
    /// Baseline, device pixels from the top of the box.
    pub(super) baseline: f32,
}

/// Text laid out in a box: lines of positioned glyphs and the box's pixel size.
/// Produced by [`layout_text`], painted by [`render_text`](crate::render_text)
/// or [`draw_layout`](crate::draw_layout).
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub(super) glyphs: Vec<PositionedGlyph>,
    pub(super) lines: Vec<LineBox>,
    pub(super) segments: Vec<Segment>,
    /// Per size slot, its device pixel size.
    pub(super) slot_px: Vec<f32>,
    /// Per size slot, its colour (`None`: the colour the caller paints in);
    /// empty without spans.
    pub(super) colors: Vec<Option<crate::Rgba>>,
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) needed: (u64, u64),
    /// The lines' stacked height, device px, unrounded.
    pub(super) block: f32,
    pub(super) px: f32,
    pub(super) size: f32,
    pub(super) missing: u32,
    pub(super) faces: Vec<u16>,
    pub(super) truncated: bool,
    pub(super) fits: bool,
}

impl Layout {
    /// Box width in device pixels (1..=[`MAX_TEXT_SIDE`](crate::MAX_TEXT_SIDE)).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Box height in device pixels (1..=[`MAX_TEXT_SIDE`](crate::MAX_TEXT_SIDE)).
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The box the text needs, in device pixels (width, height), before the
    /// [`MAX_TEXT_SIDE`](crate::MAX_TEXT_SIDE) cap on [`width`](Layout::width)
    /// and [`height`](Layout::height): a fixed side is the requested side ×
    /// dpr, rounded; an auto-sized side is what the box would have without
    /// the cap. Equal to `(width(), height())` when neither exceeds the cap.
    /// Lines are wrapped at the capped width all the same. Saturates (at
    /// `u64::MAX`) instead of overflowing.
    pub fn needed(&self) -> (u64, u64) {
        self.needed
    }

    /// The lines' line boxes stacked, in device pixels, unrounded: the
    /// text's own height (the box's is whole pixels, with padding).
    pub fn block_height(&self) -> f32 {
        self.block
    }

    /// Whether the text fits its box. False exactly when [`TextSpec::fit`]
    /// was asked for with a width or a height and the text does not fit (a
    /// line too wide, a mid-word break, too tall, or cut by `max_lines`) even
    /// at the smallest size `fit` may use (6 CSS px; with `sizes`, see
    /// [`TextSpec::fit`]): the layout is then made at that size all the same,
    /// and overflows or is cut. Always true without `fit` or without a fixed
    /// side.
    pub fn fits(&self) -> bool {
        self.fits
    }

    /// How many drawn glyphs are `.notdef` boxes: characters no face
    /// covers, an emoji sequence (UTS #51: ZWJ sequence, flag, keycap,
    /// skin tone, with its selectors) counting at most once.
    pub fn missing(&self) -> u32 {
        self.missing
    }

    /// Number of lines (at least 1, even for empty text).
    pub fn lines(&self) -> usize {
        self.lines.len()
    }

    /// The font size used for the first paragraph, in CSS pixels (smaller
    /// than requested after `fit`). Without [`TextSpec::sizes`] or spans
    /// every line has this size; with sizes, each line has its paragraph's
    /// size, scaled by `fit` in the same ratio as this one; with spans, it
    /// is the spec's own size (the strut's), which no glyph may have.
    pub fn size_used(&self) -> f32 {
        self.size
    }

    /// The characters of each line, ellipsis included, trailing whitespace at
    /// a break excluded.
    pub fn line_texts(&self) -> Vec<String> {
        self.lines.iter().map(|l| l.text.clone()).collect()
    }

    /// The runs of ink on each line, left to right: one per line with ink
    /// without spans (none for a blank line), one per stretch of a span
    /// with spans.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Every drawn glyph, line by line, left to right: its face, its glyph
    /// index, and its origin (x; y on the baseline, moved by any vertical
    /// GPOS offset), device pixels from the box's top-left corner,
    /// unrounded. (The shaping check, `scripts/check-shaping.py`, compares
    /// these with HarfBuzz's.)
    pub fn glyph_origins(&self) -> impl Iterator<Item = (u16, u16, f32, f32)> + '_ {
        self.glyphs.iter().map(|g| (g.face, g.glyph, g.x, g.y))
    }

    /// Every glyph with its device pixel size and its colour (`None`: the
    /// caller's), for painting.
    pub(crate) fn painted(
        &self,
    ) -> impl Iterator<Item = (&PositionedGlyph, f32, Option<crate::Rgba>)> + '_ {
        self.glyphs.iter().map(|g| {
            let s = usize::from(g.slot);
            let px = self.slot_px.get(s).copied().unwrap_or(self.px);
            (g, px, self.colors.get(s).copied().flatten())
        })
    }
}

/// A stretch of one line drawn in one style: what decorations are drawn
/// under. Device pixels from the top-left corner of the layout box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// The line it is on (0-based).
    pub line: usize,
    /// The span it belongs to ([`TextSpec::spans`] index); `None` for the
    /// spec's own style.
    pub span: Option<usize>,
    /// Left edge: the first glyph's origin.
    pub x: f32,
    /// Width: to the pen after the last glyph, trailing spaces excluded.
    pub width: f32,
    /// The line's baseline.
    pub baseline: f32,
    /// The font size of its style, CSS pixels (after `fit`).
    pub size: f32,
}

/// Inspection for the crate's own tests: nothing outside the crate needs
/// these to paint or to check a layout.
#[cfg_attr(not(test), allow(dead_code))]
impl Layout {
    /// The first paragraph's font size in device pixels (`size_used × dpr`).
    pub(crate) fn px(&self) -> f32 {
        self.px
    }

    /// The font size of each line in CSS pixels (after `fit`): the size of
    /// the paragraph it belongs to.
    pub(crate) fn line_sizes(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.size).collect()
    }

    /// The baseline of each line, in device pixels from the top of the box.
    pub fn baselines(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.baseline).collect()
    }

    /// The faces drawn glyphs come from, in fallback-chain order.
    pub(crate) fn faces_used(&self) -> &[u16] {
        &self.faces
    }

    /// Whether `max_lines` cut the text (the last line then ends with `…`).
    pub(crate) fn truncated(&self) -> bool {
        self.truncated
    }

    /// Every drawn glyph, line by line.
    pub(crate) fn glyphs(&self) -> &[PositionedGlyph] {
        &self.glyphs
    }

    /// Advance width of each line in device pixels (trailing whitespace excluded).
    pub(crate) fn line_widths(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.width).collect()
    }
}

/// Lays `spec.text` out in its box: measuring only, no pixels. Infallible:
/// every number is clamped, every character handled.
///
/// Rules (all total, none can fail):
/// - `\r\n` and `\r` are newlines, and so are U+2028 and U+2029; other control
///   characters (Unicode category Cc) except `\n` and `\t` are removed;
/// - `\t` advances the pen to the next multiple of four space widths from the
///   start of the line;
/// - default-ignorable code points (zero-width space and joiners, variation
///   selectors, bidi controls, soft hyphen, tags, …) are never drawn and never
///   counted as missing, whether or not a face has a glyph for them; they still
///   take part in line breaking (a zero-width space is a break opportunity, a
///   joiner keeps a cluster together);
/// - emoji sequences (UTS #51: ZWJ sequences, flags, keycaps, skin tones,
///   tag sequences, presentation selectors) are clusters that never break:
///   one presented as emoji is drawn from the chain's first colour face that
///   covers its first character (before any text face), as one glyph when
///   the face has a ligature for it, else as its parts; VS15 asks for a text
///   face; a lone text-default character (`❤`, `©`) takes the first face that
///   covers it. Colour glyphs keep their colours; the text colour's opacity
///   applies to them. See `emoji.rs` and `colr.rs`;
/// - every other character no face of the chain covers is drawn as the primary
///   face's `.notdef` glyph (glyph 0, with its advance) and counted in
///   [`Layout::missing`]; that includes combining marks and emoji, which the
///   embedded faces do not have. Font subsetters empty `.notdef` by default, so
///   when it has no outline a hollow box is drawn in its place;
/// - spaces and tabs where a line wraps hang past the end of the line: they are
///   neither drawn nor measured for alignment, and the next line does not start
///   with them;
/// - a word wider than the box (`wrap=word`), or a run where kinsoku leaves no
///   break (`wrap=char`), breaks at the last position that splits no cluster
///   and, if possible, obeys kinsoku;
/// - kerning (a legacy `kern` table, where the face has one) applies between
///   neighbours drawn from the same face at the same size (across spans
///   too); advances add up in `f32`, and glyph origins are rounded to
///   device pixels only when painting; `letter_spacing` follows each
///   cluster;
/// - without spans each line has its paragraph's size ([`TextSpec::sizes`],
///   else `size`): its glyphs, advances, kerning and tab stops are at that
///   size, its line box is `size × line_height` tall, and its baseline sits
///   where the primary face's ascent–descent box at that size is centred in
///   it; with spans each character has its span's size, chain, spacing and
///   colour, every run's line box is placed that way around one shared
///   baseline, and the line is as tall as the tallest extent above it plus
///   the tallest below it among its runs (the newline ending it and its
///   ellipsis included) and the spec's own style (the strut); line boxes
///   stack without gaps;
/// - [`Align::Justify`](super::Align::Justify): a line that wrapped shares
///   the free width among its spaces after its first ink (a paragraph's last
///   line, one cut by `max_lines`, or one without such spaces is left
///   aligned);
/// - without a width the box is the longest line plus padding (whole CSS
///   pixels), without a height the lines plus padding; sides are capped at
///   [`MAX_TEXT_SIDE`](crate::MAX_TEXT_SIDE) device pixels (content beyond
///   is clipped);
/// - `max_lines`: the last kept line loses characters from its end (and any
///   whitespace before the cut) until it and `…` fit the width; the `…` is
///   in the style of the character it follows;
/// - `fit`: when the text does not fit the given width/height (a line too wide,
///   a mid-word break, too tall, or truncated by `max_lines`), the largest size
///   on a quarter-CSS-pixel grid down to the floor, 6 CSS px, that fits is
///   used (binary
///   search, deterministic); the size never grows. When even the floor does
///   not fit, the text is laid out at the floor and [`Layout::fits`] is false.
///   With several sizes the grid is the first paragraph's size, every other
///   size is scaled by the same factor, and the floor is the first size at
///   which some paragraph reaches 6 CSS px (a paragraph asked for below that
///   keeps its size, and so do the others).
pub fn layout_text(spec: &TextSpec, fonts: &dyn FontSource) -> Layout {
    let frame = Frame::new(spec);
    let itemized = Itemized::new(spec, fonts, frame.sizes.len());
    let mut measured = itemized.measure(frame.size(), &frame);
    let mut fits = true;
    if spec.fit {
        (measured, fits) = fit(&itemized, &frame, measured);
    }
    Layout {
        fits,
        ..arrange(spec, &frame, &itemized, measured)
    }
}

/// The min-content width of `spec`'s text in CSS pixels (unrounded): its
/// widest unbreakable run (a word with [`Wrap::Word`](super::Wrap::Word), a
/// cluster with [`Wrap::Char`](super::Wrap::Char), a whole line with
/// [`Wrap::None`](super::Wrap::None)) at the requested size, trailing
/// whitespace excluded. Padding, `fit`, `max_lines` and the box are ignored.
/// What flexbox asks of a text leaf under a min-content constraint.
pub(crate) fn min_content_width(spec: &TextSpec, fonts: &dyn FontSource) -> f32 {
    let frame = Frame::new(spec);
    let itemized = Itemized::new(spec, fonts, frame.sizes.len());
    itemized.min_content(frame.size(), &frame) / frame.dpr
}
