//! The spec's numbers, clamped into range and converted to device pixels:
//! everything downstream works on a [`Frame`], never on the raw spec.

use alloc::vec;
use alloc::vec::Vec;

use super::{TextSpec, Wrap, MAX_FONT_SIZE, MAX_SPANS, MAX_TEXT_SIDE, MIN_FONT_SIZE};
use crate::canvas::clampf;

/// Line height used when the spec's is not a finite number.
const DEFAULT_LINE_HEIGHT: f32 = 1.25;

/// The spec's numbers, clamped and converted to device pixels.
pub(super) struct Frame {
    pub(super) dpr: f32,
    /// Requested size of each size slot, CSS px; at least one. Without
    /// spans a slot is a paragraph; with spans slot 0 is the spec's own
    /// style and slot `k + 1` is span `k`.
    pub(super) sizes: Vec<f32>,
    /// Per slot: the line height (a multiple of the size) and the letter
    /// spacing (CSS px), clamped.
    pub(super) line_heights: Vec<f32>,
    pub(super) spacing: Vec<f32>,
    /// Padding, CSS and device px.
    pub(super) pad_css: f32,
    pub(super) pad: f32,
    /// Fixed box sides, device px, capped at `MAX_TEXT_SIDE`.
    pub(super) box_w: Option<u32>,
    pub(super) box_h: Option<u32>,
    /// The same sides as requested, device px, uncapped (saturating).
    pub(super) want_w: Option<u64>,
    pub(super) want_h: Option<u64>,
    /// Width available to lines, device px (infinite when lines never wrap).
    pub(super) max_w: f32,
    pub(super) max_lines: Option<usize>,
}

/// `v`, or `default` when `v` is not finite.
fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() {
        v
    } else {
        default
    }
}

/// `css × dpr` rounded to whole device pixels, at least 1, uncapped.
pub(super) fn device_len(css: f32, dpr: f32) -> u64 {
    let px = libm::roundf(css * dpr);
    // `as` saturates (NaN → 0, ∞ → u64::MAX).
    (px as u64).max(1)
}

/// A device length capped at `MAX_TEXT_SIDE`: a side of a laid-out box.
pub(super) fn capped(len: u64) -> u32 {
    len.min(u64::from(MAX_TEXT_SIDE)) as u32
}

/// `css × dpr` rounded to whole device pixels, within `1..=MAX_TEXT_SIDE`.
fn device_side(css: f32, dpr: f32) -> u32 {
    capped(device_len(css, dpr))
}

impl Frame {
    pub(super) fn new(spec: &TextSpec) -> Frame {
        let dpr = clampf(finite_or(spec.dpr, 1.0), 1.0, 3.0);
        let clamp_size =
            |size: f32| clampf(finite_or(size, MIN_FONT_SIZE), MIN_FONT_SIZE, MAX_FONT_SIZE);
        let clamp_lh = |lh: f32| clampf(finite_or(lh, DEFAULT_LINE_HEIGHT), 0.0, 10.0);
        let clamp_ls = |ls: f32| clampf(finite_or(ls, 0.0), -MAX_FONT_SIZE, MAX_FONT_SIZE);
        let line_height = clamp_lh(spec.line_height);
        let base = clamp_size(spec.size);
        let spans = !spec.spans.is_empty();
        let (sizes, line_heights, spacing) = if spans {
            let mut sizes = vec![base];
            let mut lhs = vec![line_height];
            let mut ls = vec![clamp_ls(spec.letter_spacing)];
            for span in spec.spans.iter().take(MAX_SPANS) {
                sizes.push(clamp_size(span.size));
                lhs.push(clamp_lh(span.line_height));
                ls.push(clamp_ls(span.letter_spacing));
            }
            (sizes, lhs, ls)
        } else {
            let sizes: Vec<f32> = if spec.sizes.is_empty() {
                vec![base]
            } else {
                // Slots are recorded in 16 bits, like spans.
                let sizes = spec.sizes.iter().take(MAX_SPANS + 1);
                sizes.map(|&s| clamp_size(s)).collect()
            };
            let ls = vec![clamp_ls(spec.letter_spacing); sizes.len()];
            (sizes.clone(), vec![line_height; sizes.len()], ls)
        };
        let pad_css = spec.padding.min(MAX_TEXT_SIDE) as f32;
        let pad = pad_css * dpr;
        let side = |v: Option<u32>| v.map(|v| device_side(v.min(MAX_TEXT_SIDE) as f32, dpr));
        let box_w = side(spec.width);
        let box_h = side(spec.height);
        let want = |v: Option<u32>| v.map(|v| device_len(v as f32, dpr));
        let want_w = want(spec.width);
        let want_h = want(spec.height);
        let max_w = match (box_w, spec.wrap) {
            (Some(w), Wrap::Word | Wrap::Char) => (w as f32 - 2.0 * pad).max(0.0),
            _ => f32::INFINITY,
        };
        let max_lines = spec.max_lines.map(|n| n.max(1) as usize);
        Frame {
            dpr,
            sizes,
            line_heights,
            spacing,
            pad_css,
            pad,
            box_w,
            box_h,
            want_w,
            want_h,
            max_w,
            max_lines,
        }
    }

    /// The fixed width less padding, device px.
    pub(super) fn inner_w(&self) -> Option<f32> {
        self.box_w.map(|w| (w as f32 - 2.0 * self.pad).max(0.0))
    }

    /// The fixed height less padding, device px.
    pub(super) fn inner_h(&self) -> Option<f32> {
        self.box_h.map(|h| (h as f32 - 2.0 * self.pad).max(0.0))
    }

    /// The requested size of the first paragraph, CSS px.
    pub(super) fn size(&self) -> f32 {
        self.sizes[0]
    }

    /// The CSS size of each of the first `slots` size slots when the first is
    /// `css`: the others keep their ratio to it (and their requested sizes
    /// exactly when `css` is the requested first size).
    pub(super) fn css_sizes(&self, css: f32, slots: usize) -> Vec<f32> {
        let scale = css / self.size();
        (0..slots.clamp(1, self.sizes.len()))
            .map(|s| if s == 0 { css } else { self.sizes[s] * scale })
            .collect()
    }
}
