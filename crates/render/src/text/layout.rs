//! Measuring: items → lines of positioned glyphs in a box of known pixel size.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::ops::Range;

use super::breaks::{cluster_starts, kinsoku_ok, opportunities};
use super::fonts::{advance, kern, line_extents, pick, FontSource};
use super::itemize::{item, itemize, Item, Kind};
use super::{
    Align, TextSpec, VAlign, Wrap, FIT_FLOOR, MAX_FONT_SIZE, MAX_TEXT_SIDE, MIN_FONT_SIZE,
};
use crate::canvas::clampf;

/// Slack for float comparisons of widths, in device pixels.
const EPS: f32 = 0.01;
/// Tab stops are this many space widths apart.
const TAB_SPACES: f32 = 4.0;
/// `fit` searches sizes on a grid of this many steps per CSS pixel.
const FIT_STEPS_PER_PX: f32 = 4.0;
/// Line height used when the spec's is not a finite number.
const DEFAULT_LINE_HEIGHT: f32 = 1.25;

/// One glyph placed on its line, in device pixels relative to the top-left
/// corner of the layout box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PositionedGlyph {
    /// The face id (from the spec's chain) the glyph comes from.
    pub face: u16,
    /// The glyph index in that face (0 is the `.notdef` box).
    pub glyph: u16,
    /// Pen position (glyph origin), unrounded.
    pub x: f32,
    /// Baseline, unrounded.
    pub y: f32,
}

/// One laid-out line.
#[derive(Clone, Debug, PartialEq)]
struct LineBox {
    /// Its glyphs in [`Layout::glyphs`].
    glyphs: Range<usize>,
    /// Its characters (ellipsis included, trailing whitespace excluded).
    text: String,
    /// Advance width in device pixels (trailing whitespace excluded).
    width: f32,
    /// Font size of the line (its paragraph's), CSS and device pixels.
    size: f32,
    px: f32,
    /// Baseline, device pixels from the top of the box.
    baseline: f32,
}

/// Text laid out in a box: lines of positioned glyphs and the box's pixel size.
/// Produced by [`layout_text`], painted by [`render_text`](crate::render_text)
/// or [`draw_layout`](crate::draw_layout).
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    glyphs: Vec<PositionedGlyph>,
    lines: Vec<LineBox>,
    width: u32,
    height: u32,
    px: f32,
    size: f32,
    missing: u32,
    faces: Vec<u16>,
    truncated: bool,
}

impl Layout {
    /// Box width in device pixels (1..=[`MAX_TEXT_SIDE`]).
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Box height in device pixels (1..=[`MAX_TEXT_SIDE`]).
    pub fn height(&self) -> u32 {
        self.height
    }

    /// How many drawn glyphs are `.notdef` boxes: characters no face covers.
    pub fn missing(&self) -> u32 {
        self.missing
    }

    /// Number of lines (at least 1, even for empty text).
    pub fn lines(&self) -> usize {
        self.lines.len()
    }

    /// The font size used for the first paragraph, in CSS pixels (smaller
    /// than requested after `fit`). Without [`TextSpec::sizes`] every line
    /// has this size; [`Layout::line_sizes`] gives each line's.
    pub fn size_used(&self) -> f32 {
        self.size
    }

    /// The first paragraph's font size in device pixels (`size_used × dpr`).
    pub fn px(&self) -> f32 {
        self.px
    }

    /// The font size of each line in CSS pixels (after `fit`): the size of
    /// the paragraph it belongs to.
    pub fn line_sizes(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.size).collect()
    }

    /// The baseline of each line, in device pixels from the top of the box.
    pub fn baselines(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.baseline).collect()
    }

    /// Each line's device pixel size with its glyphs, for painting.
    pub(crate) fn runs(&self) -> impl Iterator<Item = (f32, &[PositionedGlyph])> + '_ {
        self.lines
            .iter()
            .map(|l| (l.px, self.glyphs.get(l.glyphs.clone()).unwrap_or(&[])))
    }

    /// The faces drawn glyphs come from, in fallback-chain order.
    pub fn faces_used(&self) -> &[u16] {
        &self.faces
    }

    /// Whether `max_lines` cut the text (the last line then ends with `…`).
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// Every drawn glyph, line by line.
    pub fn glyphs(&self) -> &[PositionedGlyph] {
        &self.glyphs
    }

    /// The characters of each line, ellipsis included, trailing whitespace at
    /// a break excluded.
    pub fn line_texts(&self) -> Vec<String> {
        self.lines.iter().map(|l| l.text.clone()).collect()
    }

    /// Advance width of each line in device pixels (trailing whitespace excluded).
    pub fn line_widths(&self) -> Vec<f32> {
        self.lines.iter().map(|l| l.width).collect()
    }
}

/// The pen along one line: position, visible width so far, and the previous
/// glyph for kerning.
#[derive(Clone, Copy, Debug)]
struct Pen {
    x: f32,
    width: f32,
    prev: Option<(u16, u16)>,
}

impl Pen {
    const START: Pen = Pen {
        x: 0.0,
        width: 0.0,
        prev: None,
    };

    /// Places `it` (advance `adv`) on a line of size `slot` and returns its
    /// origin.
    fn place(&mut self, it: &Item, adv: f32, fonts: &dyn FontSource, slot: &Slot) -> f32 {
        let mut x = self.x;
        match it.kind {
            Kind::Glyph | Kind::Space => {
                if let (Some(face), Some((pf, pg))) = (it.face, self.prev) {
                    if pf == face {
                        x += kern(fonts, face, pg, it.glyph, slot.px);
                    }
                }
                self.x = x + adv;
                self.prev = it.face.map(|f| (f, it.glyph));
            }
            Kind::Tab => {
                // The next stop strictly after the pen.
                let stops = libm::floorf(x / slot.tab + EPS / slot.tab) + 1.0;
                self.x = (stops * slot.tab).max(x);
                self.prev = None;
            }
            Kind::Ignorable | Kind::Newline => self.prev = None,
        }
        if !it.hangs() && it.kind != Kind::Newline {
            self.width = self.x;
        }
        x
    }
}

/// The measures of one size slot (see [`Itemized::slot`]).
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Font size, CSS and device pixels.
    css: f32,
    px: f32,
    /// Tab stop distance (> 0).
    tab: f32,
}

/// Size-dependent measures of the items.
struct Metrics<'a> {
    fonts: &'a dyn FontSource,
    /// Per size slot; the first is the first paragraph's.
    slots: Vec<Slot>,
    adv: Vec<f32>,
}

impl Metrics<'_> {
    /// The measures of size slot `s` (the last one past the end).
    fn slot(&self, s: usize) -> Slot {
        self.slots
            .get(s)
            .or(self.slots.last())
            .copied()
            .unwrap_or(Slot {
                css: MIN_FONT_SIZE,
                px: MIN_FONT_SIZE,
                tab: EPS,
            })
    }

    /// The device pixel size of `line`.
    fn px(&self, line: &Line) -> f32 {
        self.slot(line.slot).px
    }
}

/// Offsets of stacked lines and their total: `sizes` are the lines' heights,
/// summed as (count × height) per run of equal heights, so that `n` lines of
/// one height stack at exactly `k × height` and total `n × height`.
fn stack(sizes: impl Iterator<Item = f32>) -> (Vec<f32>, f32) {
    let mut offsets = Vec::new();
    let mut done = 0.0f32;
    let mut run: Option<(f32, u32)> = None;
    for h in sizes {
        let count = match run {
            Some((rh, n)) if rh == h => n,
            Some((rh, n)) => {
                done += n as f32 * rh;
                0
            }
            None => 0,
        };
        offsets.push(done + count as f32 * h);
        run = Some((h, count + 1));
    }
    let total = done + run.map_or(0.0, |(h, n)| n as f32 * h);
    (offsets, total)
}

/// A line as a range of items, optionally followed by the ellipsis.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    items: Range<usize>,
    ellipsis: bool,
    /// The size slot of its paragraph.
    slot: usize,
}

/// The result of measuring at one size.
struct Measured {
    lines: Vec<Line>,
    widths: Vec<f32>,
    /// Some line broke where no break opportunity was (mid-word, or against kinsoku).
    emergency: bool,
    truncated: bool,
}

/// Everything size-independent: the items of the text and where it may break.
struct Itemized<'a> {
    fonts: &'a dyn FontSource,
    chain: &'a [u16],
    items: Vec<Item>,
    /// The size slot of each item: its paragraph's index, capped at the last
    /// slot (paragraphs past the size list share the last size).
    slot: Vec<usize>,
    /// Number of size slots in use: `min(paragraphs, sizes)`, at least 1.
    slots: usize,
    breaks: Vec<bool>,
    starts: Vec<bool>,
    ellipsis: OnceCell<Vec<Item>>,
}

impl<'a> Itemized<'a> {
    /// Itemizes `spec.text` for `sizes` size slots (at least 1).
    fn new(spec: &'a TextSpec, fonts: &'a dyn FontSource, sizes: usize) -> Self {
        let items = itemize(&spec.text, &spec.chain, fonts);
        let breaks = opportunities(&items, spec.wrap);
        let starts = cluster_starts(&items);
        let last = sizes.max(1) - 1;
        let mut para = 0usize;
        let slot = items
            .iter()
            .map(|it| {
                let s = para.min(last);
                if it.kind == Kind::Newline {
                    para += 1;
                }
                s
            })
            .collect();
        Itemized {
            fonts,
            chain: &spec.chain,
            items,
            slot,
            slots: para.min(last) + 1,
            breaks,
            starts,
            ellipsis: OnceCell::new(),
        }
    }

    /// `…` from the first face that covers it; else three full stops if some
    /// face has them; else a (missing) `…`.
    fn ellipsis(&self) -> &[Item] {
        self.ellipsis.get_or_init(|| {
            if pick('…', self.chain, self.fonts).is_some() {
                vec![item('…', self.chain, self.fonts)]
            } else if pick('.', self.chain, self.fonts).is_some() {
                vec![item('.', self.chain, self.fonts); 3]
            } else {
                vec![item('…', self.chain, self.fonts)]
            }
        })
    }

    fn advance_of(&self, it: &Item, px: f32) -> f32 {
        match (it.kind, it.face) {
            (Kind::Glyph | Kind::Space, Some(face)) => advance(self.fonts, face, it.glyph, px),
            _ => 0.0,
        }
    }

    /// The measures at CSS sizes `css` (one per slot, [`Itemized::slots`] of
    /// them) and device pixel ratio `dpr`.
    fn metrics(&self, css: &[f32], dpr: f32) -> Metrics<'a> {
        let space_glyph = pick(' ', self.chain, self.fonts);
        let slots: Vec<Slot> = css
            .iter()
            .map(|&css| {
                let px = css * dpr;
                let space = match space_glyph {
                    Some((face, glyph)) => advance(self.fonts, face, glyph, px),
                    None => 0.0,
                };
                let space = if space > 0.0 { space } else { px * 0.25 };
                Slot {
                    css,
                    px,
                    tab: (space * TAB_SPACES).max(EPS),
                }
            })
            .collect();
        let px_of = |s: usize| slots.get(s).or(slots.last()).map_or(0.0, |s| s.px);
        let adv = self
            .items
            .iter()
            .zip(&self.slot)
            .map(|(it, &s)| self.advance_of(it, px_of(s)))
            .collect();
        Metrics {
            fonts: self.fonts,
            slots,
            adv,
        }
    }

    /// Where to break when item `i` overflows a line starting at `start` and
    /// no break opportunity was seen: the last position at or before `i` that
    /// splits no cluster and obeys kinsoku; else that splits no cluster; else
    /// right before `i`.
    fn emergency_break(&self, start: usize, i: usize) -> usize {
        let clean = |b: usize| self.starts[b];
        let polite = |b: usize| clean(b) && kinsoku_ok(&self.items, b);
        (start + 1..=i)
            .rev()
            .find(|&b| polite(b))
            .or_else(|| (start + 1..=i).rev().find(|&b| clean(b)))
            .unwrap_or(i)
    }

    /// Greedy line filling against `max_w` (infinite: only newlines break).
    fn fill(&self, m: &Metrics<'_>, max_w: f32) -> (Vec<Line>, bool) {
        let items = &self.items;
        let n = items.len();
        let mut lines = Vec::new();
        let mut emergency = false;
        let mut start = 0;
        let mut para = 0usize;
        loop {
            let slot = para.min(self.slots - 1);
            let sm = m.slot(slot);
            let mut pen = Pen::START;
            let mut last_ok = None;
            let (mut end, mut next, mut hard) = (n, n, false);
            let mut i = start;
            while i < n {
                let it = &items[i];
                if it.kind == Kind::Newline {
                    (end, next, hard) = (i, i + 1, true);
                    break;
                }
                if i > start && self.breaks[i] {
                    last_ok = Some(i);
                }
                let mut trial = pen;
                trial.place(it, m.adv[i], m.fonts, &sm);
                if i > start && !it.hangs() && trial.x > max_w + EPS {
                    let b = last_ok.unwrap_or_else(|| {
                        emergency = true;
                        self.emergency_break(start, i)
                    });
                    (end, next) = (b, b);
                    break;
                }
                pen = trial;
                i += 1;
            }
            // Trailing whitespace hangs: not part of the line.
            while end > start && items[end - 1].hangs() {
                end -= 1;
            }
            lines.push(Line {
                items: start..end,
                ellipsis: false,
                slot,
            });
            if hard {
                para += 1;
            }
            // Spaces where a line wrapped are not carried over to the next one.
            while !hard && next < n && items[next].kind == Kind::Space {
                next += 1;
            }
            // A newline as the very last item still opens an (empty) line.
            if next >= n && !(hard && next == n) {
                break;
            }
            start = next;
        }
        (lines, emergency)
    }

    /// Places a line's items (then the ellipsis), calling `f(item, x)` for each.
    /// Returns the line's width.
    fn place_line(&self, line: &Line, m: &Metrics<'_>, mut f: impl FnMut(&Item, f32)) -> f32 {
        let sm = m.slot(line.slot);
        let mut pen = Pen::START;
        for i in line.items.clone() {
            let x = pen.place(&self.items[i], m.adv[i], m.fonts, &sm);
            f(&self.items[i], x);
        }
        if line.ellipsis {
            for it in self.ellipsis() {
                let x = pen.place(it, self.advance_of(it, sm.px), m.fonts, &sm);
                f(it, x);
            }
        }
        pen.width
    }

    /// Cuts `line` so that it plus the ellipsis fits `max_w` (keeping at least
    /// the ellipsis), never inside a cluster nor right after whitespace.
    fn with_ellipsis(&self, line: &Line, m: &Metrics<'_>, max_w: f32) -> Line {
        let Range { start, end } = line.items.clone();
        let sm = m.slot(line.slot);
        let mut pens = Vec::with_capacity(end - start + 1);
        let mut pen = Pen::START;
        pens.push(pen);
        for i in start..end {
            pen.place(&self.items[i], m.adv[i], m.fonts, &sm);
            pens.push(pen);
        }
        let ell = self.ellipsis();
        let mut cut = start;
        for e in (start..=end).rev() {
            if e > start && (self.items[e - 1].hangs() || (e < end && !self.starts[e])) {
                continue;
            }
            let mut p = pens[e - start];
            for it in ell {
                p.place(it, self.advance_of(it, sm.px), m.fonts, &sm);
            }
            if p.width <= max_w + EPS {
                cut = e;
                break;
            }
        }
        Line {
            items: start..cut,
            ellipsis: true,
            slot: line.slot,
        }
    }

    /// Breaks, truncates and measures with the first paragraph at `css`
    /// CSS pixels (the others scaled alike, see [`Frame::css_sizes`]).
    fn measure(&self, css: f32, frame: &Frame) -> (Metrics<'a>, Measured) {
        let m = self.metrics(&frame.css_sizes(css, self.slots), frame.dpr);
        let (mut lines, emergency) = self.fill(&m, frame.max_w);
        let mut truncated = false;
        if let Some(keep) = frame.max_lines {
            if lines.len() > keep {
                truncated = true;
                lines.truncate(keep);
                // Even unwrapped lines are cut to the box for their ellipsis.
                let room = frame.inner_w().unwrap_or(f32::INFINITY);
                if let Some(last) = lines.last_mut() {
                    *last = self.with_ellipsis(last, &m, room);
                }
            }
        }
        let widths = lines
            .iter()
            .map(|l| self.place_line(l, &m, |_, _| {}))
            .collect();
        let measured = Measured {
            lines,
            widths,
            emergency,
            truncated,
        };
        (m, measured)
    }
}

/// The spec's numbers, clamped and converted to device pixels.
struct Frame {
    dpr: f32,
    /// Requested size of each size slot (paragraph), CSS px; at least one.
    sizes: Vec<f32>,
    line_height: f32,
    /// Padding, CSS and device px.
    pad_css: f32,
    pad: f32,
    /// Fixed box sides, device px.
    box_w: Option<u32>,
    box_h: Option<u32>,
    /// Width available to lines, device px (infinite when lines never wrap).
    max_w: f32,
    max_lines: Option<usize>,
}

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        default
    }
}

/// `css × dpr` rounded to whole device pixels, within `1..=MAX_TEXT_SIDE`.
fn device_side(css: f32, dpr: f32) -> u32 {
    let px = libm::roundf(css * dpr);
    // `as` saturates (NaN → 0), then the clamp keeps the side valid.
    (px as u32).clamp(1, MAX_TEXT_SIDE)
}

impl Frame {
    fn new(spec: &TextSpec) -> Frame {
        let dpr = clampf(finite_or(spec.dpr, 1.0), 1.0, 3.0);
        let clamp_size =
            |size: f32| clampf(finite_or(size, MIN_FONT_SIZE), MIN_FONT_SIZE, MAX_FONT_SIZE);
        let sizes = if spec.sizes.is_empty() {
            vec![clamp_size(spec.size)]
        } else {
            spec.sizes.iter().map(|&s| clamp_size(s)).collect()
        };
        let line_height = clampf(finite_or(spec.line_height, DEFAULT_LINE_HEIGHT), 0.5, 5.0);
        let pad_css = spec.padding.min(MAX_TEXT_SIDE) as f32;
        let pad = pad_css * dpr;
        let side = |v: Option<u32>| v.map(|v| device_side(v.min(MAX_TEXT_SIDE) as f32, dpr));
        let box_w = side(spec.width);
        let box_h = side(spec.height);
        let max_w = match (box_w, spec.wrap) {
            (Some(w), Wrap::Word | Wrap::Char) => (w as f32 - 2.0 * pad).max(0.0),
            _ => f32::INFINITY,
        };
        let max_lines = spec.max_lines.map(|n| n.max(1) as usize);
        Frame {
            dpr,
            sizes,
            line_height,
            pad_css,
            pad,
            box_w,
            box_h,
            max_w,
            max_lines,
        }
    }

    fn inner_w(&self) -> Option<f32> {
        self.box_w.map(|w| (w as f32 - 2.0 * self.pad).max(0.0))
    }

    fn inner_h(&self) -> Option<f32> {
        self.box_h.map(|h| (h as f32 - 2.0 * self.pad).max(0.0))
    }

    /// The requested size of the first paragraph, CSS px.
    fn size(&self) -> f32 {
        self.sizes[0]
    }

    /// The CSS size of each of the first `slots` size slots when the first is
    /// `css`: the others keep their ratio to it (and their requested sizes
    /// exactly when `css` is the requested first size).
    fn css_sizes(&self, css: f32, slots: usize) -> Vec<f32> {
        let scale = css / self.size();
        (0..slots.clamp(1, self.sizes.len()))
            .map(|s| if s == 0 { css } else { self.sizes[s] * scale })
            .collect()
    }

    /// The smallest first-paragraph size `fit` may use: the largest of the
    /// first sizes at which some paragraph among the first `slots` size
    /// slots reaches its own floor (an eighth of its size, at least
    /// [`FIT_FLOOR`], at most its size).
    fn fit_floor(&self, slots: usize) -> f32 {
        let size = self.size();
        let floor = |s: f32| (s / 8.0).max(FIT_FLOOR).min(s);
        let mut lowest = floor(size);
        for &s in self.sizes.iter().take(slots).skip(1) {
            lowest = lowest.max(floor(s) * (size / s));
        }
        lowest.min(size)
    }

    /// Whether text measured as `m` fits the fixed sides without mid-word
    /// breaks or truncation.
    fn fits(&self, (metrics, m): &(Metrics<'_>, Measured)) -> bool {
        let wide_ok = self
            .inner_w()
            .is_none_or(|w| m.widths.iter().all(|&lw| lw <= w + EPS));
        let high_ok = self.inner_h().is_none_or(|h| {
            let (_, px_sum) = stack(m.lines.iter().map(|l| metrics.px(l)));
            px_sum * self.line_height <= h + EPS
        });
        !m.emergency && !m.truncated && wide_ok && high_ok
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
///   neighbours drawn from the same face; advances add up in `f32`, and glyph
///   origins are rounded to device pixels only when painting;
/// - each line has its paragraph's size ([`TextSpec::sizes`], else
///   `size`): its glyphs, advances, kerning and tab stops are at that size,
///   its line box is `size × line_height` tall, and its baseline sits where
///   the primary face's ascent–descent box at that size is centred in it;
///   line boxes stack without gaps;
/// - without a width the box is the longest line plus padding (whole CSS
///   pixels), without a height the lines plus padding; sides are capped at
///   [`MAX_TEXT_SIDE`] device pixels (content beyond is clipped);
/// - `max_lines`: the last kept line loses characters from its end (and any
///   whitespace before the cut) until it and `…` fit the width;
/// - `fit`: when the text does not fit the given width/height (a line too wide,
///   a mid-word break, too tall, or truncated by `max_lines`), the largest size
///   on a quarter-CSS-pixel grid down to the floor that fits is used (binary
///   search, deterministic); the size never grows. With several sizes the
///   grid is the first paragraph's size, every other size is scaled by the
///   same factor, and the floor is the smallest first size at which no
///   paragraph is below its own floor.
pub fn layout_text(spec: &TextSpec, fonts: &dyn FontSource) -> Layout {
    let frame = Frame::new(spec);
    let itemized = Itemized::new(spec, fonts, frame.sizes.len());

    let size = frame.size();
    let mut measured = itemized.measure(size, &frame);
    let constrained = frame.box_w.is_some() || frame.box_h.is_some();
    if spec.fit && constrained && !frame.fits(&measured) {
        // Largest grid size in [floor, size) that fits; the floor if none does.
        let floor = frame.fit_floor(itemized.slots);
        let mut lo = libm::ceilf(floor * FIT_STEPS_PER_PX) as u32;
        let mut hi = libm::floorf(size * FIT_STEPS_PER_PX) as u32;
        let mut best = None;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let css = mid as f32 / FIT_STEPS_PER_PX;
            let trial = itemized.measure(css, &frame);
            if frame.fits(&trial) {
                best = Some(trial);
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        measured = match best {
            Some(found) => found,
            None => itemized.measure(floor, &frame),
        };
    }
    arrange(spec, &frame, &itemized, measured)
}

/// Positions the measured lines in the box.
fn arrange(
    spec: &TextSpec,
    frame: &Frame,
    itemized: &Itemized<'_>,
    (m, measured): (Metrics<'_>, Measured),
) -> Layout {
    let first = m.slot(0);
    let n = measured.lines.len();
    let line_box = |line: &Line| m.px(line) * frame.line_height;
    let (offsets, block_h) = stack(measured.lines.iter().map(line_box));
    let longest = measured.widths.iter().fold(0.0f32, |a, &w| a.max(w));

    // Auto sides are whole CSS pixels, so dpr 2 gives exactly twice the pixels.
    let width = frame.box_w.unwrap_or_else(|| {
        let css = libm::ceilf(longest / frame.dpr + 2.0 * frame.pad_css - EPS);
        device_side(css.max(1.0), frame.dpr)
    });
    let height = frame.box_h.unwrap_or_else(|| {
        let css = libm::ceilf(block_h / frame.dpr + 2.0 * frame.pad_css - EPS);
        device_side(css.max(1.0), frame.dpr)
    });
    let inner_w = (width as f32 - 2.0 * frame.pad).max(0.0);
    let inner_h = (height as f32 - 2.0 * frame.pad).max(0.0);

    let top = frame.pad
        + match spec.valign {
            VAlign::Top => 0.0,
            VAlign::Middle => (inner_h - block_h) / 2.0,
            VAlign::Bottom => inner_h - block_h,
        };
    // Where the baseline sits in a line box: the primary face's
    // ascent–descent box centred, per size slot.
    let baseline_in_box: Vec<f32> = m
        .slots
        .iter()
        .map(|s| {
            let (ascent, descent) = line_extents(itemized.chain, itemized.fonts, s.px);
            (s.px * frame.line_height - (ascent - descent)) / 2.0 + ascent
        })
        .collect();

    let mut glyphs = Vec::new();
    let mut lines = Vec::with_capacity(n);
    let mut missing = 0u32;
    let mut used: Vec<u16> = Vec::new();
    for ((line, &lw), &offset) in measured.lines.iter().zip(&measured.widths).zip(&offsets) {
        let slot = m.slot(line.slot);
        let left = frame.pad
            + match spec.align {
                Align::Left => 0.0,
                Align::Center => (inner_w - lw) / 2.0,
                Align::Right => inner_w - lw,
            };
        let in_box = baseline_in_box
            .get(line.slot)
            .or(baseline_in_box.last())
            .copied()
            .unwrap_or(0.0);
        let baseline = top + offset + in_box;
        let start = glyphs.len();
        let mut text = String::new();
        itemized.place_line(line, &m, |it, x| {
            if it.kind != Kind::Newline {
                text.push(it.ch);
            }
            let Some(face) = it.face.filter(|_| it.drawn()) else {
                return;
            };
            glyphs.push(PositionedGlyph {
                face,
                glyph: it.glyph,
                x: left + x,
                y: baseline,
            });
            missing = missing.saturating_add(u32::from(it.missing));
            if !used.contains(&face) {
                used.push(face);
            }
        });
        lines.push(LineBox {
            glyphs: start..glyphs.len(),
            text,
            width: lw,
            size: slot.css,
            px: slot.px,
            baseline,
        });
    }
    let mut faces: Vec<u16> = Vec::with_capacity(used.len());
    for &f in itemized.chain {
        if used.contains(&f) && !faces.contains(&f) {
            faces.push(f);
        }
    }

    Layout {
        glyphs,
        lines,
        width,
        height,
        px: first.px,
        size: first.css,
        missing,
        faces,
        truncated: measured.truncated,
    }
}
