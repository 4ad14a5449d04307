//! `fit`: the size search. When the text does not fit the box at its
//! requested size, the largest size on a quarter-pixel grid that does is found
//! by binary search, down to [`FIT_FLOOR`]; when even that does not fit, the
//! text is laid out at the floor and the layout says so.

use super::arrange::stack;
use super::frame::Frame;
use super::lines::{Itemized, Measured, Metrics, EPS};
use super::FIT_FLOOR;

/// `fit` searches sizes on a grid of this many steps per CSS pixel.
const FIT_STEPS_PER_PX: f32 = 4.0;

/// The text measured at its requested size (`measured`), or, when that does
/// not fit a box with a fixed side, at the largest grid size in
/// `[floor, size)` that fits; at the floor if none does. Never grows. The
/// flag is whether the result fits: false only when even the floor does not.
pub(super) fn fit<'a>(
    itemized: &Itemized<'a>,
    frame: &Frame,
    measured: (Metrics<'a>, Measured),
) -> ((Metrics<'a>, Measured), bool) {
    let constrained = frame.box_w.is_some() || frame.box_h.is_some();
    if !constrained || fits(frame, &measured) {
        return (measured, true);
    }
    let size = frame.size();
    // Largest grid size in [floor, size) that fits; the floor if none does.
    let floor = floor(frame, itemized.slots);
    let mut lo = libm::ceilf(floor * FIT_STEPS_PER_PX) as u32;
    let mut hi = libm::floorf(size * FIT_STEPS_PER_PX) as u32;
    let mut best = None;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let css = mid as f32 / FIT_STEPS_PER_PX;
        let trial = itemized.measure(css, frame);
        if fits(frame, &trial) {
            best = Some(trial);
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    match best {
        Some(found) => (found, true),
        None => {
            // The floor itself may lie off the grid (with `sizes`), so it is
            // tested on its own.
            let at_floor = itemized.measure(floor, frame);
            let ok = fits(frame, &at_floor);
            (at_floor, ok)
        }
    }
}

/// The smallest first-paragraph size `fit` may use: the first size at which
/// some paragraph among the first `slots` size slots reaches [`FIT_FLOOR`]
/// (all sizes shrink by one factor). A paragraph requested below the floor
/// never shrinks, so then nothing does.
fn floor(frame: &Frame, slots: usize) -> f32 {
    let size = frame.size();
    let floor = |s: f32| FIT_FLOOR.min(s);
    let mut lowest = floor(size);
    for &s in frame.sizes.iter().take(slots).skip(1) {
        lowest = lowest.max(floor(s) * (size / s));
    }
    lowest.min(size)
}

/// Whether text measured as `m` fits the fixed sides without mid-word
/// breaks or truncation.
fn fits(frame: &Frame, (_, m): &(Metrics<'_>, Measured)) -> bool {
    let wide_ok = frame
        .inner_w()
        .is_none_or(|w| m.widths.iter().all(|&lw| lw <= w + EPS));
    let high_ok = frame.inner_h().is_none_or(|h| {
        let (_, block) = stack(m.boxes.iter().map(|b| b.0));
        block <= h + EPS
    });
    !m.emergency && !m.truncated && wide_ok && high_ok
}
