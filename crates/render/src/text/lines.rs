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

use super::bidi::Bidi;
use super::breaks::{cluster_starts, kinsoku_ok, opportunities};
use super::fonts::{advance, kern, line_extents, pick, FontSource};
use super::frame::Frame;
use super::itemize::{item, itemize, Item, Kind};
use super::shape::{shape, Cluster, Shaped};
use super::{TextSpec, MAX_SPANS, MIN_FONT_SIZE};

/// Slack for float comparisons of widths, in device pixels.
pub(super) const EPS: f32 = 0.01;
/// Tab stops are this many space widths apart.
const TAB_SPACES: f32 = 4.0;

/// The pen along one line: position, visible width so far, and the previous
/// glyph (face, glyph, device px size) for kerning.
#[derive(Clone, Copy, Debug)]
struct Pen {
    x: f32,
    width: f32,
    prev: Option<(u16, u16, f32)>,
}

impl Pen {
    const START: Pen = Pen {
        x: 0.0,
        width: 0.0,
        prev: None,
    };

    /// Places `it` (advance `adv`, in a size slot whose measures are
    /// `slot`) and returns its origin. Fast-path (`plain`) neighbours kern
    /// when they come from the same face at the same size (across spans
    /// too, as browsers shape across inline boxes of one font); shaped
    /// clusters carry their GPOS adjustments in `adv`.
    fn place(
        &mut self,
        it: &Item,
        adv: f32,
        plain: bool,
        fonts: &dyn FontSource,
        slot: &Slot,
    ) -> f32 {
        let mut x = self.x;
        match it.kind {
            Kind::Glyph | Kind::Space if !plain => {
                self.x = x + adv;
                self.prev = None;
            }
            Kind::Glyph | Kind::Space => {
                if let (Some(face), Some((pf, pg, ppx))) = (it.face, self.prev) {
                    if pf == face && ppx == slot.px {
                        x += kern(fonts, face, pg, it.glyph, slot.px);
                    }
                }
                self.x = x + adv;
                self.prev = it.face.map(|f| (f, it.glyph, slot.px));
            }
            Kind::Tab => {
                // The next stop strictly after the pen.
                let stops = libm::floorf(x / slot.tab + EPS / slot.tab) + 1.0;
                self.x = (stops * slot.tab).max(x);
                self.prev = None;
            }
            // Hook (colour emoji): the undrawn rest of a sequence advances
            // by its letter spacing only (see `metrics`).
            Kind::Ignorable if it.joined => self.x = x + adv,
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
    /// Letter spacing, device px, added to every glyph's and space's advance.
    ls: f32,
    /// Line box height, device px (`px × line height`).
    pub(super) lh: f32,
    /// The baseline, device px below the top of the slot's line box: the
    /// primary face's ascent–descent box centred in it.
    pub(super) above: f32,
}

/// Size-dependent measures of the items.
pub(super) struct Metrics<'a> {
    fonts: &'a dyn FontSource,
    /// Per size slot; the first is the first paragraph's.
    pub(super) slots: Vec<Slot>,
    adv: Vec<f32>,
    /// Per face drawn from by a shaped cluster: device px per font unit,
    /// per size slot (`(face, slot, scale)`).
    scales: Vec<(u16, usize, f32)>,
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
                ls: 0.0,
                lh: MIN_FONT_SIZE,
                above: MIN_FONT_SIZE,
            })
    }

    /// Device px per font unit of `face` in slot `s` (for shaped glyphs).
    pub(super) fn scale(&self, face: u16, s: usize) -> f32 {
        self.scales
            .iter()
            .find(|&&(f, fs, _)| f == face && fs == s)
            .map_or(0.0, |&(_, _, k)| k)
    }
}

/// A line as a range of items, optionally followed by the ellipsis.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Line {
    pub(super) items: Range<usize>,
    /// The ellipsis' size slot, when the line ends with one.
    pub(super) ellipsis: Option<usize>,
    /// The line's own slot: its paragraph's (without spans), else 0, the
    /// spec's own style (the strut).
    pub(super) slot: usize,
    /// The line ended where it wrapped (not at a newline or the end).
    pub(super) wrapped: bool,
    /// The slot of the newline that ended it, if one did (a `<br>` in a
    /// span is part of that span's inline box: it sets the line's height).
    pub(super) brk: Option<usize>,
    /// Its paragraph is right to left.
    pub(super) rtl: bool,
}

/// The result of measuring at one size.
pub(super) struct Measured {
    pub(super) lines: Vec<Line>,
    pub(super) widths: Vec<f32>,
    /// Each line box's height and its baseline below its top, device px.
    pub(super) boxes: Vec<(f32, f32)>,
    /// Some line broke where no break opportunity was (mid-word, or against kinsoku).
    pub(super) emergency: bool,
    pub(super) truncated: bool,
}

/// Everything size-independent: the items of the text and where it may break.
pub(super) struct Itemized<'a> {
    pub(super) fonts: &'a dyn FontSource,
    /// Per size slot, its fallback chain.
    chains: Vec<&'a [u16]>,
    pub(super) items: Vec<Item>,
    /// The size slot of each item: without spans its paragraph's index,
    /// capped at the last slot (paragraphs past the size list share the
    /// last size); with spans its span's index + 1 (0 past the last span).
    pub(super) slot: Vec<usize>,
    /// Number of size slots in use: `min(paragraphs, sizes)`, at least 1;
    /// with spans, their number + 1.
    pub(super) slots: usize,
    /// Whether the slots are spans.
    pub(super) spans: bool,
    breaks: Vec<bool>,
    /// `starts[i]`: item `i` starts a cluster (combining marks, joiners and
    /// shaped clusters continue one).
    starts: Vec<bool>,
    /// Embedding levels and paragraph directions.
    pub(super) bidi: Bidi,
    /// Shaped clusters (every item [`Cluster::Plain`] when nothing is shaped).
    pub(super) shaped: Shaped,
    /// The ellipsis' items per chain (per slot with spans, else one).
    ellipsis: Vec<OnceCell<Vec<Item>>>,
}

/// `i` moved up to the next character boundary of `text` (or its end).
fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'a> Itemized<'a> {
    /// Itemizes `spec.text` for `sizes` size slots (at least 1).
    pub(super) fn new(spec: &'a TextSpec, fonts: &'a dyn FontSource, sizes: usize) -> Self {
        let spans = !spec.spans.is_empty();
        let (items, slot, chains, slots) = if spans {
            let mut items = Vec::with_capacity(spec.text.len());
            let mut slot = Vec::with_capacity(spec.text.len());
            let mut chains: Vec<&[u16]> = vec![&spec.chain];
            let mut start = 0;
            for (k, span) in spec.spans.iter().take(MAX_SPANS).enumerate() {
                let end = ceil_boundary(&spec.text, span.end as usize).max(start);
                let run = itemize(&spec.text[start..end], &span.chain, fonts);
                slot.resize(slot.len() + run.len(), k + 1);
                items.extend(run);
                chains.push(&span.chain);
                start = end;
            }
            let rest = itemize(&spec.text[start..], &spec.chain, fonts);
            slot.resize(slot.len() + rest.len(), 0);
            items.extend(rest);
            let n = chains.len();
            (items, slot, chains, n)
        } else {
            let items = itemize(&spec.text, &spec.chain, fonts);
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
            let slots = para.min(last) + 1;
            (items, slot, vec![&spec.chain[..]; slots], slots)
        };
        let bidi = Bidi::new(&items, spec.dir);
        let shaped = shape(&items, &slot, &bidi.levels, fonts);
        let mut breaks = opportunities(&items, spec.wrap);
        let mut starts = cluster_starts(&items);
        for (i, c) in shaped.clusters.iter().enumerate() {
            if *c == Cluster::Inside {
                starts[i] = false;
                breaks[i] = false;
            }
        }
        let ellipsis = (0..if spans { slots } else { 1 })
            .map(|_| OnceCell::new())
            .collect();
        Itemized {
            fonts,
            chains,
            items,
            slot,
            slots,
            spans,
            breaks,
            starts,
            bidi,
            shaped,
            ellipsis,
        }
    }

    /// Whether item `i` takes the fast path (not part of a shaped cluster).
    pub(super) fn plain(&self, i: usize) -> bool {
        self.shaped
            .clusters
            .get(i)
            .is_none_or(|c| *c == Cluster::Plain)
    }

    /// The fallback chain of size slot `s`.
    pub(super) fn chain(&self, s: usize) -> &'a [u16] {
        self.chains
            .get(s)
            .or(self.chains.first())
            .copied()
            .unwrap_or(&[])
    }

    /// `…` from the first face of slot `s`'s chain that covers it; else
    /// three full stops if some face has them; else a (missing) `…`.
    fn ellipsis(&self, s: usize) -> &[Item] {
        let key = if self.spans { s } else { 0 };
        let chain = self.chain(key);
        match self.ellipsis.get(key) {
            Some(cell) => cell.get_or_init(|| {
                if pick('…', chain, self.fonts).is_some() {
                    vec![item('…', chain, self.fonts)]
                } else if pick('.', chain, self.fonts).is_some() {
                    vec![item('.', chain, self.fonts); 3]
                } else {
                    vec![item('…', chain, self.fonts)]
                }
            }),
            None => &[],
        }
    }

    fn advance_of(&self, it: &Item, px: f32) -> f32 {
        match (it.kind, it.face) {
            (Kind::Glyph | Kind::Space, Some(face)) => advance(self.fonts, face, it.glyph, px),
            _ => 0.0,
        }
    }

    /// The measures at CSS sizes `css` (one per slot, [`Itemized::slots`] of
    /// them) and `frame`'s device pixel ratio, line heights and spacing.
    fn metrics(&self, css: &[f32], frame: &Frame) -> Metrics<'a> {
        let dpr = frame.dpr;
        let mut space_glyph = None;
        let slots: Vec<Slot> = css
            .iter()
            .enumerate()
            .map(|(s, &css)| {
                let chain = self.chain(s);
                if s == 0 || self.spans {
                    space_glyph = pick(' ', chain, self.fonts);
                }
                let px = css * dpr;
                let space = match space_glyph {
                    Some((face, glyph)) => advance(self.fonts, face, glyph, px),
                    None => 0.0,
                };
                let space = if space > 0.0 { space } else { px * 0.25 };
                let lh = px * frame.line_heights.get(s).copied().unwrap_or(1.0);
                let (ascent, descent) = line_extents(chain, self.fonts, px);
                Slot {
                    css,
                    px,
                    tab: (space * TAB_SPACES).max(EPS),
                    ls: frame.spacing.get(s).copied().unwrap_or(0.0) * dpr,
                    lh,
                    above: (lh - (ascent - descent)) / 2.0 + ascent,
                }
            })
            .collect();
        let slot_of = |s: usize| slots.get(s).or(slots.last());
        // Device px per font unit, per face and slot of shaped clusters.
        let mut scales: Vec<(u16, usize, f32)> = Vec::new();
        for (i, it) in self.items.iter().enumerate() {
            let (Some(face), false) = (it.face, self.plain(i)) else {
                continue;
            };
            let s = self.slot[i];
            if !scales.iter().any(|&(f, fs, _)| f == face && fs == s) {
                let upem = self.fonts.font(face).units_per_em();
                let px = slot_of(s).map_or(0.0, |s| s.px);
                let k = if upem > 0.0 { px / upem } else { 0.0 };
                scales.push((face, s, k));
            }
        }
        let scale = |face: u16, s: usize| {
            scales
                .iter()
                .find(|&&(f, fs, _)| f == face && fs == s)
                .map_or(0.0, |&(_, _, k)| k)
        };
        // Letter spacing follows each cluster (a typographic character
        // unit), not each mark in it, and skips cursive scripts.
        let cluster_ends = |i: usize| self.starts.get(i + 1).copied().unwrap_or(true);
        let cursive = |i: usize| self.shaped.cursive.get(i).copied().unwrap_or(false);
        let adv = self
            .items
            .iter()
            .zip(&self.slot)
            .enumerate()
            .map(|(i, (it, &s))| {
                let (px, ls) = slot_of(s).map_or((0.0, 0.0), |s| (s.px, s.ls));
                let own = match self.shaped.clusters.get(i) {
                    Some(Cluster::Start { first, len }) => {
                        let k = it.face.map_or(0.0, |f| scale(f, s));
                        let glyphs = self.glyphs(*first, *len);
                        glyphs.iter().map(|g| g.advance as f32).sum::<f32>() * k
                    }
                    Some(Cluster::Inside) => 0.0,
                    _ => self.advance_of(it, px),
                };
                match it.kind {
                    Kind::Glyph | Kind::Space if cluster_ends(i) && !cursive(i) => own + ls,
                    // Hook (colour emoji): a sequence ending in an undrawn
                    // character takes its spacing there.
                    Kind::Ignorable if it.joined && cluster_ends(i) => ls,
                    _ => own,
                }
            })
            .collect();
        Metrics {
            fonts: self.fonts,
            slots,
            adv,
            scales,
        }
    }

    /// The shaped glyphs `first..first + len` (empty when out of range).
    pub(super) fn glyphs(&self, first: u32, len: u32) -> &[super::shape::ShapedGlyph] {
        let (a, b) = (first as usize, first as usize + len as usize);
        self.shaped.glyphs.get(a..b).unwrap_or(&[])
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
            let slot = if self.spans {
                0
            } else {
                para.min(self.slots - 1)
            };
            let mut pen = Pen::START;
            let mut last_ok = None;
            let (mut end, mut next, mut hard) = (n, n, false);
            let mut brk = None;
            let mut i = start;
            while i < n {
                let it = &items[i];
                if it.kind == Kind::Newline {
                    (end, next, hard) = (i, i + 1, true);
                    brk = Some(self.slot[i]);
                    break;
                }
                if i > start && self.breaks[i] {
                    last_ok = Some(i);
                }
                // A cluster (a base and its marks, a shaped cluster) is
                // placed whole: only its start can move to the next line.
                let mut e = i + 1;
                while e < n && !self.starts[e] && items[e].kind != Kind::Newline {
                    e += 1;
                }
                let mut trial = pen;
                let mut over = false;
                for (k, it) in items.iter().enumerate().take(e).skip(i) {
                    let s = self.slot[k];
                    trial.place(it, m.adv[k], self.plain(k), m.fonts, &m.slot(s));
                    // Hook (colour emoji): the rest of a sequence stays with it.
                    over |= !it.hangs() && !it.joined && trial.x > max_w + EPS;
                }
                if i > start && over {
                    let b = last_ok.unwrap_or_else(|| {
                        emergency = true;
                        self.emergency_break(start, i)
                    });
                    (end, next) = (b, b);
                    break;
                }
                pen = trial;
                i = e;
            }
            // Trailing whitespace hangs: not part of the line.
            while end > start && items[end - 1].hangs() {
                end -= 1;
            }
            lines.push(Line {
                items: start..end,
                ellipsis: None,
                slot,
                wrapped: !hard && next < n,
                brk,
                rtl: self.bidi.rtl(para),
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

    /// Places a line's items in visual order, left to right, with the
    /// ellipsis at the line's end edge (right, or left in a right-to-left
    /// paragraph), calling `f(index, item, slot, x, end)` for each with its
    /// index (`None` for the ellipsis), slot, origin and the pen after it.
    /// Returns the line's width.
    pub(super) fn place_line(
        &self,
        line: &Line,
        m: &Metrics<'_>,
        mut f: impl FnMut(Option<usize>, &Item, usize, f32, f32),
    ) -> f32 {
        let mut pen = Pen::START;
        if line.rtl {
            self.place_ellipsis(line, m, &mut pen, &mut f);
        }
        match self.bidi.visual(&self.items, line.items.clone(), line.rtl) {
            Some(order) => {
                for i in order {
                    self.place_item(i, m, &mut pen, &mut f);
                }
            }
            None => {
                for i in line.items.clone() {
                    self.place_item(i, m, &mut pen, &mut f);
                }
            }
        }
        if !line.rtl {
            self.place_ellipsis(line, m, &mut pen, &mut f);
        }
        pen.width
    }

    fn place_item(
        &self,
        i: usize,
        m: &Metrics<'_>,
        pen: &mut Pen,
        f: &mut impl FnMut(Option<usize>, &Item, usize, f32, f32),
    ) {
        let s = self.slot[i];
        let it = &self.items[i];
        let x = pen.place(it, m.adv[i], self.plain(i), m.fonts, &m.slot(s));
        f(Some(i), it, s, x, pen.x);
    }

    fn place_ellipsis(
        &self,
        line: &Line,
        m: &Metrics<'_>,
        pen: &mut Pen,
        f: &mut impl FnMut(Option<usize>, &Item, usize, f32, f32),
    ) {
        let Some(s) = line.ellipsis else {
            return;
        };
        let sm = m.slot(s);
        for it in self.ellipsis(s) {
            let x = pen.place(it, self.advance_of(it, sm.px) + sm.ls, true, m.fonts, &sm);
            f(None, it, s, x, pen.x);
        }
    }

    /// Cuts `line` so that it plus the ellipsis fits `max_w` (keeping at least
    /// the ellipsis), never inside a cluster nor right after whitespace. The
    /// ellipsis takes the style of the last item it follows (without spans,
    /// the line's; at the start of a line with spans, the strut's).
    fn with_ellipsis(&self, line: &Line, m: &Metrics<'_>, max_w: f32) -> Line {
        let Range { start, end } = line.items.clone();
        let mut pens = Vec::with_capacity(end - start + 1);
        let mut pen = Pen::START;
        pens.push(pen);
        for i in start..end {
            let s = self.slot[i];
            pen.place(&self.items[i], m.adv[i], self.plain(i), m.fonts, &m.slot(s));
            pens.push(pen);
        }
        let slot_at = |e: usize| match (self.spans, e > start) {
            (false, _) => line.slot,
            (true, true) => self.slot[e - 1],
            (true, false) => 0,
        };
        let mut cut = (start, slot_at(start));
        for e in (start..=end).rev() {
            if e > start && (self.items[e - 1].hangs() || (e < end && !self.starts[e])) {
                continue;
            }
            let es = slot_at(e);
            let sm = m.slot(es);
            let mut p = pens[e - start];
            for it in self.ellipsis(es) {
                p.place(it, self.advance_of(it, sm.px) + sm.ls, true, m.fonts, &sm);
            }
            if p.width <= max_w + EPS {
                cut = (e, es);
                break;
            }
        }
        Line {
            items: start..cut.0,
            ellipsis: Some(cut.1),
            slot: line.slot,
            wrapped: false,
            brk: None,
            rtl: line.rtl,
        }
    }

    /// The line box of `line` at measures `m`: its height and its baseline
    /// below its top, device px. Without spans, its slot's. With spans, as
    /// CSS stacks inline boxes on one baseline: the tallest extent above
    /// the baseline plus the tallest below it, among the strut (slot 0)
    /// and every slot with an item on the line (its ellipsis and the
    /// newline that ends it included).
    pub(super) fn line_box(&self, line: &Line, m: &Metrics<'_>) -> (f32, f32) {
        let own = m.slot(line.slot);
        if !self.spans {
            return (own.lh, own.above);
        }
        let (mut above, mut below) = (own.above, own.lh - own.above);
        let items = line
            .items
            .clone()
            .filter(|&i| self.items[i].kind != Kind::Newline);
        let slots = items
            .map(|i| self.slot[i])
            .chain(line.ellipsis)
            .chain(line.brk);
        for s in slots {
            let sm = m.slot(s);
            above = above.max(sm.above);
            below = below.max(sm.lh - sm.above);
        }
        (above + below, above)
    }

    /// The min-content width, device pixels, with the first paragraph at
    /// `css` CSS pixels: the widest run of items between two break
    /// opportunities (or newlines), trailing whitespace excluded — what the
    /// widest line would be in a box too narrow for any two runs, without
    /// emergency breaks. With [`Wrap::None`](super::Wrap::None) that is the
    /// widest line.
    pub(super) fn min_content(&self, css: f32, frame: &Frame) -> f32 {
        let m = self.metrics(&frame.css_sizes(css, self.slots), frame);
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
            let s = self.slot[i];
            pen.place(it, m.adv[i], self.plain(i), m.fonts, &m.slot(s));
        }
        widest.max(pen.width)
    }

    /// Breaks, truncates and measures with the first paragraph at `css`
    /// CSS pixels (the others scaled alike, see [`Frame::css_sizes`]).
    pub(super) fn measure(&self, css: f32, frame: &Frame) -> (Metrics<'a>, Measured) {
        let m = self.metrics(&frame.css_sizes(css, self.slots), frame);
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
            .map(|l| self.place_line(l, &m, |_, _, _, _, _| {}))
            .collect();
        let boxes = lines.iter().map(|l| self.line_box(l, &m)).collect();
        let measured = Measured {
            lines,
            widths,
            boxes,
            emergency,
            truncated,
        };
        (m, measured)
    }
}
