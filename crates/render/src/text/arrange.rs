//! Arranging: the measured lines stacked and aligned in the box, the box's
//! auto-sized sides, and each glyph's final position.

use alloc::string::String;
use alloc::vec::Vec;

use super::fonts::line_extents;
use super::frame::{capped, device_len, Frame};
use super::itemize::Kind;
use super::layout::{Layout, LineBox, PositionedGlyph};
use super::lines::{Itemized, Line, Measured, Metrics, EPS};
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
    let line_box = |line: &Line| m.px(line) * frame.line_height;
    let (offsets, block_h) = stack(measured.lines.iter().map(line_box));
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
        needed,
        px: first.px,
        size: first.css,
        missing,
        faces,
        truncated: measured.truncated,
        // Set by `layout_text`, which knows whether `fit` gave up.
        fits: true,
    }
}
