//! The beating animation: frame count, loop, sizes, timing, and the beat.

use png::{BlendOp, DisposeOp};

use crate::fetch;
use crate::image::{channel_diff, decode, diff, Decoded, Image};

/// The default heart colour (no theme), `#e0245e`.
const HEART: [u8; 4] = [0xe0, 0x24, 0x5e, 0xff];

/// Decodes `/heart.apng?query` and checks what every animation must be: it
/// loops forever, has `frames` full-size frames of `side` px shown for
/// `1/fps` s each, each frame replacing the previous one entirely.
fn animation(query: &str, frames: u32, fps: u16, side: u32) -> Vec<Image> {
    let body = fetch("/heart.apng", query, "image/apng");
    let Decoded {
        animation,
        frames: decoded,
    } = decode(&body);
    let actl = animation.unwrap_or_else(|| panic!("{query}: no acTL chunk"));
    assert_eq!(actl.num_frames, frames, "{query}: num_frames");
    assert_eq!(actl.num_plays, 0, "{query}: must loop forever");
    assert_eq!(decoded.len(), frames as usize);
    for (i, (control, image)) in decoded.iter().enumerate() {
        let fc = control.unwrap_or_else(|| panic!("{query}: frame {i} has no fcTL"));
        assert_eq!((fc.width, fc.height), (side, side), "{query}: frame {i}");
        assert_eq!((fc.x_offset, fc.y_offset), (0, 0), "{query}: frame {i}");
        assert_eq!(
            (image.width, image.height),
            (side, side),
            "{query}: frame {i}"
        );
        // 1/fps s, in whatever fraction it is written.
        assert_eq!(
            u32::from(fc.delay_num) * u32::from(fps),
            u32::from(fc.delay_den),
            "{query}: frame {i} delay {}/{}",
            fc.delay_num,
            fc.delay_den
        );
        // Full frames, possibly translucent: each must replace the canvas,
        // not be blended over the previous frame.
        assert!(
            fc.blend_op == BlendOp::Source || fc.dispose_op == DisposeOp::Background,
            "{query}: frame {i} would pile up on the previous one ({:?}, {:?})",
            fc.blend_op,
            fc.dispose_op
        );
    }
    decoded.into_iter().map(|(_, image)| image).collect()
}

/// Pixels within a small distance of the heart colour.
fn heart_pixels(image: &Image) -> usize {
    image
        .pixels()
        .filter(|&p| channel_diff(p, HEART) <= 8)
        .count()
}

#[test]
fn beats_and_loops() {
    let query = "size=64&frames=8&fps=16";
    let frames = animation(query, 8, 16, 64);
    for (i, pair) in frames.windows(2).enumerate() {
        assert!(pair[0] != pair[1], "frames {i} and {} are equal", i + 1);
    }
    // The beat swells in the middle and is symmetric, so the loop has no seam.
    let (rest, peak) = (heart_pixels(&frames[0]), heart_pixels(&frames[4]));
    assert!(rest > 500, "a heart at rest: {rest} heart pixels");
    assert!(
        peak as f64 > rest as f64 * 1.15,
        "the heart swells: {rest} → {peak} pixels"
    );
    for i in 1..4 {
        let d = diff(&frames[i], &frames[8 - i], 2);
        assert_eq!(d.count, 0, "frames {i} and {} differ", 8 - i);
        assert!(heart_pixels(&frames[i]) < heart_pixels(&frames[i + 1]));
    }
    // Frame 0 is the heart at rest: the still image.
    let still = Image::decode(&fetch("/heart.png", "size=64", "image/png"));
    let d = diff(&still, &frames[0], 2);
    assert_eq!(
        d.count, 0,
        "frame 0 differs from the still PNG (max {})",
        d.max
    );
}

#[test]
fn dpr_2_doubles_the_frames() {
    let frames = animation("size=64&frames=8&fps=16&dpr=2", 8, 16, 128);
    let still = Image::decode(&fetch("/heart.png", "size=64&dpr=2", "image/png"));
    assert_eq!(diff(&still, &frames[0], 2).count, 0);
}

#[test]
fn opaque_background_matches_the_still() {
    let frames = animation("size=64&frames=8&fps=16&theme=dark", 8, 16, 64);
    let still = Image::decode(&fetch("/heart.png", "size=64&theme=dark", "image/png"));
    assert_eq!(diff(&still, &frames[0], 2).count, 0);
    assert!(frames.iter().all(|f| f.pixels().all(|p| p[3] == 255)));
}

#[test]
fn two_frames() {
    let frames = animation("size=64&frames=2&fps=16", 2, 16, 64);
    assert!(frames[0] != frames[1]);
}

#[test]
fn sixty_frames() {
    let frames = animation("size=64&frames=60&fps=16", 60, 16, 64);
    assert!(heart_pixels(&frames[30]) > heart_pixels(&frames[0]));
}

#[test]
fn default_timing() {
    // 12 frames at 12 fps when not given.
    animation("size=32", 12, 12, 32);
}
