//! Arranging: the measured lines stacked and aligned in the box, the box's
//! auto-sized sides, and each glyph's final position.

use alloc::string::String;
use alloc::vec::Vec;

use super::frame::{capped, device_len, Frame};
use super::itemize::Kind;
use super::layout::{Layout, LineBox, PositionedGlyph, Segment};
use super::lines::{Itemized, Line, Measured, Metrics, EPS};
use super::shape::Cluster;
use super::{Align, TextSpec, VAlign};

/// Offsets of stacked lines and their total: `sizes` are the lines' heights,
/// summed as (count × height) per run of equal heights, so that `n` lines of
/// one height stack at exactly `k × height` and total `n × height`.
pub(super) fn stack(sizes: impl Iterator<Item = f32>) -> (Vec<f32>, f32) {
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

/// Positions the measured lines in the box.
pub(super) fn arrange(
    spec: &TextSpec,
    frame: &Frame,
    itemized: &Itemized<'_>,
    (m, measured): (Metrics<'_>, Measured),
) -> Layout {
    let first = m.slot(0);
    let n = measured.lines.len();
    let (offsets, block_h) = stack(measured.boxes.iter().map(|b| b.0));
    let longest = measured.widths.iter().fold(0.0f32, |a, &w| a.max(w));

    // Auto sides are whole CSS pixels, so dpr 2 gives exactly twice the pixels.
    let auto = |content: f32| {
        let css = libm::ceilf(content / frame.dpr + 2.0 * frame.pad_css - EPS);
        device_len(css.max(1.0), frame.dpr)
    };
    let needed = (
        frame.want_w.unwrap_or_else(|| auto(longest)),
        frame.want_h.unwrap_or_else(|| auto(block_h)),
    );
    let width = frame.box_w.unwrap_or_else(|| capped(needed.0));
    let height = frame.box_h.unwrap_or_else(|| capped(needed.1));
    let inner_w = (width as f32 - 2.0 * frame.pad).max(0.0);
    let inner_h = (height as f32 - 2.0 * frame.pad).max(0.0);

    let top = frame.pad
        + match spec.valign {
            VAlign::Top => 0.0,
            VAlign::Middle => (inner_h - block_h) / 2.0,
            VAlign::Bottom => inner_h - block_h,
        };

    let mut glyphs = Vec::new();
    let mut lines = Vec::with_capacity(n);
    let mut segments: Vec<Segment> = Vec::new();
    let mut missing = 0u32;
    let mut used: Vec<u16> = Vec::new();
    let lines_in = measured.lines.iter().zip(&measured.widths);
    for (k, ((line, &lw), (&offset, &(_, in_box)))) in lines_in
        .zip(offsets.iter().zip(&measured.boxes))
        .enumerate()
    {
        let own = m.slot(line.slot);
        let free = inner_w - lw;
        let (start_edge, end_edge) = if line.rtl { (free, 0.0) } else { (0.0, free) };
        let left = match spec.align {
            Align::Left => 0.0,
            Align::Center => free / 2.0,
            Align::Right => free,
            Align::Start | Align::Justify => start_edge,
            Align::End => end_edge,
        };
        // Justified: the spaces after the line's first ink (logical order)
        // take the gap; without one, the line is aligned to its start.
        let (gap, first_ink) = justify_gap(itemized, line, free);
        let (left, gap) = match spec.align {
            Align::Justify if gap > 0.0 => (0.0, gap),
            _ => (left, 0.0),
        };
        let left = frame.pad + left;
        let baseline = top + offset + in_box;
        let start = glyphs.len();
        let mut text: String = itemized.items[line.items.clone()]
            .iter()
            .filter(|it| it.kind != Kind::Newline)
            .map(|it| it.ch)
            .collect();
        let mut shift = 0.0f32;
        let mut seg: Option<Segment> = None;
        itemized.place_line(line, &m, |index, it, s, x, end| {
            if index.is_none() {
                text.push(it.ch);
            }
            let (x, end) = (left + x + shift, left + end + shift);
            if it.kind == Kind::Space && index.is_some_and(|i| i >= first_ink) {
                shift += gap;
            }
            if !it.hangs() && it.kind != Kind::Newline {
                let span = if itemized.spans {
                    s.checked_sub(1)
                } else {
                    None
                };
                match &mut seg {
                    Some(g) if g.span == span => g.width = end - g.x,
                    _ => {
                        segments.extend(seg.take());
                        let sm = m.slot(s);
                        seg = Some(Segment {
                            line: k,
                            span,
                            x,
                            width: end - x,
                            baseline,
                            size: sm.css,
                        });
                    }
                }
            }
            let Some(face) = it.face.filter(|_| it.drawn()) else {
                return;
            };
            let cluster = index.and_then(|i| itemized.shaped.clusters.get(i));
            match cluster {
                Some(Cluster::Start { first, len }) => {
                    // The cluster's glyphs in visual order from its origin.
                    let k = m.scale(face, s);
                    let mut pen = 0.0f32;
                    for g in itemized.glyphs(*first, *len) {
                        glyphs.push(PositionedGlyph {
                            face,
                            glyph: g.id,
                            slot: s as u16,
                            x: x + (pen + g.dx as f32) * k,
                            y: baseline - g.dy as f32 * k,
                        });
                        pen += g.advance as f32;
                    }
                }
                Some(Cluster::Inside) => {}
                _ => glyphs.push(PositionedGlyph {
                    face,
                    glyph: it.glyph,
                    slot: s as u16,
                    x,
                    y: baseline,
                }),
            }
            missing = missing.saturating_add(u32::from(it.missing));
            if !used.contains(&face) {
                used.push(face);
            }
        });
        segments.extend(seg);
        lines.push(LineBox {
            glyphs: start..glyphs.len(),
            text,
            width: lw,
            size: own.css,
            baseline,
        });
    }
    let mut faces: Vec<u16> = Vec::with_capacity(used.len());
    for s in 0..itemized.slots {
        for &f in itemized.chain(s) {
            if used.contains(&f) && !faces.contains(&f) {
                faces.push(f);
            }
        }
    }
    let colors = if itemized.spans {
        let spans = spec.spans.iter().map(|s| Some(s.color));
        core::iter::once(None).chain(spans).collect()
    } else {
        Vec::new()
    };

    Layout {
        glyphs,
        lines,
        segments,
        slot_px: m.slots.iter().map(|s| s.px).collect(),
        colors,
        width,
        height,
        needed,
        block: block_h,
        px: first.px,
        size: first.css,
        missing,
        faces,
        truncated: measured.truncated,
        // Set by `layout_text`, which knows whether `fit` gave up.
        fits: true,
    }
}

/// The space added after each inner space of a justified `line` to take up
/// `free` device px, and the item index from which spaces take it (the
/// line's first ink, logical order): a gap of 0 for a line that did not
/// wrap (a paragraph's last), that ends with an ellipsis, or that has no
/// space after its first ink.
fn justify_gap(itemized: &Itemized<'_>, line: &Line, free: f32) -> (f32, usize) {
    let range = line.items.clone();
    let items = &itemized.items[range.clone()];
    let first_ink = items
        .iter()
        .position(|it| !it.hangs() && it.kind != Kind::Newline);
    let from = first_ink.map_or(range.end, |f| range.start + f);
    if !line.wrapped || line.ellipsis.is_some() || free <= 0.0 {
        return (0.0, from);
    }
    let inner = itemized.items[from..range.end]
        .iter()
        .filter(|it| it.kind == Kind::Space)
        .count();
    if inner == 0 {
        (0.0, from)
    } else {
        (free / inner as f32, from)
    }
}
