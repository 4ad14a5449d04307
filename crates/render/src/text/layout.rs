//! Measuring: items → lines of positioned glyphs in a box of known pixel size.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::ops::Range;

use super::breaks::{cluster_starts, kinsoku_ok, opportunities};
use super::fonts::{advance, kern, line_extents, pick, FontSource};
use super::shape::{item, shape, Item, Kind};
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

    /// The font size used, in CSS pixels (smaller than requested after `fit`).
    pub fn size_used(&self) -> f32 {
        self.size
    }

    /// The font size used, in device pixels (`size_used × dpr`).
    pub fn px(&self) -> f32 {
        self.px
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

    /// Places `it` (advance `adv`) and returns its origin.
    fn place(&mut self, it: &Item, adv: f32, m: &Metrics<'_>) -> f32 {
        let mut x = self.x;
        match it.kind {
            Kind::Glyph | Kind::Space => {
                if let (Some(face), Some((pf, pg))) = (it.face, self.prev) {
                    if pf == face {
                        x += kern(m.fonts, face, pg, it.glyph, m.px);
                    }
                }
                self.x = x + adv;
                self.prev = it.face.map(|f| (f, it.glyph));
            }
            Kind::Tab => {
                // The next stop strictly after the pen.
                let stops = libm::floorf(x / m.tab + EPS / m.tab) + 1.0;
                self.x = (stops * m.tab).max(x);
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

/// Size-dependent measures of the items.
struct Metrics<'a> {
    fonts: &'a dyn FontSource,
    px: f32,
    /// Tab stop distance (> 0).
    tab: f32,
    adv: Vec<f32>,
}

/// A line as a range of items, optionally followed by the ellipsis.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    items: Range<usize>,
    ellipsis: bool,
}

/// The result of measuring at one size.
struct Measured {
    lines: Vec<Line>,
    widths: Vec<f32>,
    /// Some line broke where no break opportunity was (mid-word, or against kinsoku).
    emergency: bool,
    truncated: bool,
}

/// Everything size-independent: the shaped text and where it may break.
struct Shaped<'a> {
    fonts: &'a dyn FontSource,
    chain: &'a [u16],
    items: Vec<Item>,
    breaks: Vec<bool>,
    starts: Vec<bool>,
    ellipsis: OnceCell<Vec<Item>>,
}

impl<'a> Shaped<'a> {
    fn new(spec: &'a TextSpec, fonts: &'a dyn FontSource) -> Self {
        let items = shape(&spec.text, &spec.chain, fonts);
        let breaks = opportunities(&items, spec.wrap);
        let starts = cluster_starts(&items);
        Shaped {
            fonts,
            chain: &spec.chain,
            items,
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

    fn metrics(&self, px: f32) -> Metrics<'a> {
        let space = match pick(' ', self.chain, self.fonts) {
            Some((face, glyph)) => advance(self.fonts, face, glyph, px),
            None => 0.0,
        };
        let space = if space > 0.0 { space } else { px * 0.25 };
        Metrics {
            fonts: self.fonts,
            px,
            tab: (space * TAB_SPACES).max(EPS),
            adv: self
                .items
                .iter()
                .map(|it| self.advance_of(it, px))
                .collect(),
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
        loop {
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
                trial.place(it, m.adv[i], m);
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
            });
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
        let mut pen = Pen::START;
        for i in line.items.clone() {
            let x = pen.place(&self.items[i], m.adv[i], m);
            f(&self.items[i], x);
        }
        if line.ellipsis {
            for it in self.ellipsis() {
                let x = pen.place(it, self.advance_of(it, m.px), m);
                f(it, x);
            }
        }
        pen.width
    }

    /// Cuts `line` so that it plus the ellipsis fits `max_w` (keeping at least
    /// the ellipsis), never inside a cluster nor right after whitespace.
    fn with_ellipsis(&self, line: &Line, m: &Metrics<'_>, max_w: f32) -> Line {
        let Range { start, end } = line.items.clone();
        let mut pens = Vec::with_capacity(end - start + 1);
        let mut pen = Pen::START;
        pens.push(pen);
        for i in start..end {
            pen.place(&self.items[i], m.adv[i], m);
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
                p.place(it, self.advance_of(it, m.px), m);
            }
            if p.width <= max_w + EPS {
                cut = e;
                break;
            }
        }
        Line {
            items: start..cut,
            ellipsis: true,
        }
    }

    /// Breaks, truncates and measures at device size `px`.
    fn measure(&self, px: f32, frame: &Frame) -> (Metrics<'a>, Measured) {
        let m = self.metrics(px);
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
    /// Requested size, CSS px.
    size: f32,
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
        let size = clampf(
            finite_or(spec.size, MIN_FONT_SIZE),
            MIN_FONT_SIZE,
            MAX_FONT_SIZE,
        );
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
            size,
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

    /// Whether text measured at `px` fits the fixed sides without mid-word
    /// breaks or truncation.
    fn fits(&self, m: &Measured, px: f32) -> bool {
        let wide_ok = self
            .inner_w()
            .is_none_or(|w| m.widths.iter().all(|&lw| lw <= w + EPS));
        let high_ok = self
            .inner_h()
            .is_none_or(|h| m.lines.len() as f32 * px * self.line_height <= h + EPS);
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
/// - each line box is `size × line_height` tall; the baseline sits where the
///   primary face's ascent–descent box is centred in it;
/// - without a width the box is the longest line plus padding (whole CSS
///   pixels), without a height the lines plus padding; sides are capped at
///   [`MAX_TEXT_SIDE`] device pixels (content beyond is clipped);
/// - `max_lines`: the last kept line loses characters from its end (and any
///   whitespace before the cut) until it and `…` fit the width;
/// - `fit`: when the text does not fit the given width/height (a line too wide,
///   a mid-word break, too tall, or truncated by `max_lines`), the largest size
///   on a quarter-CSS-pixel grid down to the floor that fits is used (binary
///   search, deterministic); the size never grows.
pub fn layout_text(spec: &TextSpec, fonts: &dyn FontSource) -> Layout {
    let frame = Frame::new(spec);
    let shaped = Shaped::new(spec, fonts);

    let mut size = frame.size;
    let mut measured = shaped.measure(size * frame.dpr, &frame);
    let constrained = frame.box_w.is_some() || frame.box_h.is_some();
    if spec.fit && constrained && !frame.fits(&measured.1, size * frame.dpr) {
        // Largest grid size in [floor, size) that fits; the floor if none does.
        let floor = (size / 8.0).max(FIT_FLOOR).min(size);
        let mut lo = libm::ceilf(floor * FIT_STEPS_PER_PX) as u32;
        let mut hi = libm::floorf(size * FIT_STEPS_PER_PX) as u32;
        let mut best = None;
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let css = mid as f32 / FIT_STEPS_PER_PX;
            let trial = shaped.measure(css * frame.dpr, &frame);
            if frame.fits(&trial.1, css * frame.dpr) {
                best = Some((css, trial));
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let (css, m) = match best {
            Some(found) => found,
            None => (floor, shaped.measure(floor * frame.dpr, &frame)),
        };
        size = css;
        measured = m;
    }
    arrange(spec, &frame, &shaped, size, measured)
}

/// Positions the measured lines in the box.
fn arrange(
    spec: &TextSpec,
    frame: &Frame,
    shaped: &Shaped<'_>,
    size: f32,
    (m, measured): (Metrics<'_>, Measured),
) -> Layout {
    let px = m.px;
    let line_box = px * frame.line_height;
    let n = measured.lines.len();
    let block_h = n as f32 * line_box;
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

    let (ascent, descent) = line_extents(shaped.chain, shaped.fonts, px);
    let top = frame.pad
        + match spec.valign {
            VAlign::Top => 0.0,
            VAlign::Middle => (inner_h - block_h) / 2.0,
            VAlign::Bottom => inner_h - block_h,
        };
    let baseline_in_box = (line_box - (ascent - descent)) / 2.0 + ascent;

    let mut glyphs = Vec::new();
    let mut lines = Vec::with_capacity(n);
    let mut missing = 0u32;
    let mut used: Vec<u16> = Vec::new();
    for (k, (line, &lw)) in measured.lines.iter().zip(&measured.widths).enumerate() {
        let left = frame.pad
            + match spec.align {
                Align::Left => 0.0,
                Align::Center => (inner_w - lw) / 2.0,
                Align::Right => inner_w - lw,
            };
        let baseline = top + k as f32 * line_box + baseline_in_box;
        let first = glyphs.len();
        let mut text = String::new();
        shaped.place_line(line, &m, |it, x| {
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
            glyphs: first..glyphs.len(),
            text,
            width: lw,
        });
    }
    let mut faces: Vec<u16> = Vec::with_capacity(used.len());
    for &f in shaped.chain {
        if used.contains(&f) && !faces.contains(&f) {
            faces.push(f);
        }
    }

    Layout {
        glyphs,
        lines,
        width,
        height,
        px,
        size,
        missing,
        faces,
        truncated: measured.truncated,
    }
}
