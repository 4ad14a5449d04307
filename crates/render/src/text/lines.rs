//! Items → lines at one size: the pen, greedy line filling, emergency
//! breaks, and cutting the last kept line for its ellipsis (`max_lines`).
//!
//! [`Itemized`] holds everything size-independent (the items and where they
//! may break); [`Itemized::measure`] breaks them into [`Line`]s at one size and
//! measures each line's width.

use alloc::vec;
use alloc::vec::Vec;
use core::cell::OnceCell;
use core::ops::Range;

use super::breaks::{cluster_starts, kinsoku_ok, opportunities};
use super::fonts::{advance, kern, pick, FontSource};
use super::frame::Frame;
use super::itemize::{item, itemize, Item, Kind};
use super::{TextSpec, MIN_FONT_SIZE};

/// Slack for float comparisons of widths, in device pixels.
pub(super) const EPS: f32 = 0.01;
/// Tab stops are this many space widths apart.
const TAB_SPACES: f32 = 4.0;

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
pub(super) struct Slot {
    /// Font size, CSS and device pixels.
    pub(super) css: f32,
    pub(super) px: f32,
    /// Tab stop distance (> 0).
    tab: f32,
}

/// Size-dependent measures of the items.
pub(super) struct Metrics<'a> {
    fonts: &'a dyn FontSource,
    /// Per size slot; the first is the first paragraph's.
    pub(super) slots: Vec<Slot>,
    adv: Vec<f32>,
}

impl Metrics<'_> {
    /// The measures of size slot `s` (the last one past the end).
    pub(super) fn slot(&self, s: usize) -> Slot {
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
    pub(super) fn px(&self, line: &Line) -> f32 {
        self.slot(line.slot).px
    }
}

/// A line as a range of items, optionally followed by the ellipsis.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    items: Range<usize>,
    ellipsis: bool,
    /// The size slot of its paragraph.
    pub(super) slot: usize,
}

/// The result of measuring at one size.
pub(super) struct Measured {
    pub(super) lines: Vec<Line>,
    pub(super) widths: Vec<f32>,
    /// Some line broke where no break opportunity was (mid-word, or against kinsoku).
    pub(super) emergency: bool,
    pub(super) truncated: bool,
}

/// Everything size-independent: the items of the text and where it may break.
pub(super) struct Itemized<'a> {
    pub(super) fonts: &'a dyn FontSource,
    pub(super) chain: &'a [u16],
    items: Vec<Item>,
    /// The size slot of each item: its paragraph's index, capped at the last
    /// slot (paragraphs past the size list share the last size).
    slot: Vec<usize>,
    /// Number of size slots in use: `min(paragraphs, sizes)`, at least 1.
    pub(super) slots: usize,
    breaks: Vec<bool>,
    starts: Vec<bool>,
    ellipsis: OnceCell<Vec<Item>>,
}

impl<'a> Itemized<'a> {
    /// Itemizes `spec.text` for `sizes` size slots (at least 1).
    pub(super) fn new(spec: &'a TextSpec, fonts: &'a dyn FontSource, sizes: usize) -> Self {
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
    pub(super) fn place_line(
        &self,
        line: &Line,
        m: &Metrics<'_>,
        mut f: impl FnMut(&Item, f32),
    ) -> f32 {
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

    /// The min-content width, device pixels, with the first paragraph at
    /// `css` CSS pixels: the widest run of items between two break
    /// opportunities (or newlines), trailing whitespace excluded — what the
    /// widest line would be in a box too narrow for any two runs, without
    /// emergency breaks. With [`Wrap::None`](super::Wrap::None) that is the
    /// widest line.
    pub(super) fn min_content(&self, css: f32, frame: &Frame) -> f32 {
        let m = self.metrics(&frame.css_sizes(css, self.slots), frame.dpr);
        let mut widest = 0.0f32;
        let mut pen = Pen::START;
        for (i, it) in self.items.iter().enumerate() {
            if it.kind == Kind::Newline || (i > 0 && self.breaks[i]) {
                widest = widest.max(pen.width);
                pen = Pen::START;
                if it.kind == Kind::Newline {
                    continue;
                }
            }
            let slot = m.slot(self.slot[i]);
            pen.place(it, m.adv[i], m.fonts, &slot);
        }
        widest.max(pen.width)
    }

    /// Breaks, truncates and measures with the first paragraph at `css`
    /// CSS pixels (the others scaled alike, see [`Frame::css_sizes`]).
    pub(super) fn measure(&self, css: f32, frame: &Frame) -> (Metrics<'a>, Measured) {
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
