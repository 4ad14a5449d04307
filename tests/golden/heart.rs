//! PNG golden images of the heart, one test per variant: references in
//! `tests/images/heart/<case>.png`, compared as decoded pixels.

use crate::image::{check_reference, Image};
use crate::{fetch, tests_dir};

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// Largest reference side in device pixels: 128 CSS px at dpr 2. References
/// stay small so they can be reviewed.
const MAX_SIDE: u32 = 256;
/// Largest reference file, bytes.
const MAX_BYTES: usize = 24 * 1024;

/// Renders `path?query` and compares it with the reference of `case`; with
/// `BLESS=1`, writes the reference instead (only when the pixels changed,
/// so blessing an unchanged renderer touches no file).
fn golden(case: &str, path: &str, query: &str) {
    let body = fetch(path, query, "image/png");
    let actual = Image::decode(&body);
    assert!(
        actual.width <= MAX_SIDE && actual.height <= MAX_SIDE && body.len() <= MAX_BYTES,
        "{case}: {}×{} px, {} bytes is too big for a reference",
        actual.width,
        actual.height,
        body.len()
    );
    let reference = tests_dir("images/heart").join(format!("{case}.png"));
    let diff_path = tests_dir("diffs").join(format!("{case}.png"));
    check_reference(case, &body, &actual, &reference, &diff_path, TOLERANCE);
}

#[test]
fn filled_default() {
    golden("filled-default", "/heart.png", "size=96");
}

#[test]
fn filled_light() {
    golden("filled-light", "/heart.png", "size=96&theme=light");
}

#[test]
fn filled_dark() {
    golden("filled-dark", "/heart.png", "size=96&theme=dark");
}

#[test]
fn filled_contrast() {
    golden("filled-contrast", "/heart.png", "size=96&theme=contrast");
}

#[test]
fn filled_smallest() {
    golden("filled-smallest", "/heart.png", "size=16&theme=light");
}

#[test]
fn outline_light() {
    golden(
        "outline-light",
        "/heart.png",
        "size=96&theme=light&style=outline&stroke=4",
    );
}

#[test]
fn outline_default_stroke() {
    golden(
        "outline-default-stroke",
        "/heart.png",
        "size=96&style=outline",
    );
}

#[test]
fn outline_thick_dark() {
    golden(
        "outline-thick-dark",
        "/heart.png",
        "size=96&theme=dark&style=outline&stroke=10",
    );
}

#[test]
fn gradient_light() {
    golden(
        "gradient-light",
        "/heart.png",
        "size=96&theme=light&style=gradient",
    );
}

#[test]
fn gradient_default() {
    golden("gradient-default", "/heart.png", "size=96&style=gradient");
}

#[test]
fn implicit_filled() {
    golden(
        "implicit-filled",
        "/heart.png",
        "size=96&theme=light&curve=implicit",
    );
}

#[test]
fn implicit_outline() {
    golden(
        "implicit-outline",
        "/heart.png",
        "size=96&theme=dark&curve=implicit&style=outline&stroke=3",
    );
}

#[test]
fn dpr_2() {
    golden("dpr-2", "/heart.png", "size=64&theme=light&dpr=2");
}

#[test]
fn dpr_1_5() {
    golden("dpr-1.5", "/heart.png", "size=64&theme=dark&dpr=1.5");
}

#[test]
fn dpr_2_outline() {
    golden(
        "dpr-2-outline",
        "/heart.png",
        "size=64&theme=light&style=outline&stroke=2&dpr=2",
    );
}

#[test]
fn translucent() {
    golden("translucent", "/heart.png", "size=96&color=%23ff000080");
}

#[test]
fn translucent_on_white() {
    golden(
        "translucent-on-white",
        "/heart.png",
        "size=96&color=%23ff000080&bg=white",
    );
}

#[test]
fn named_colours() {
    golden(
        "named-colours",
        "/heart.png",
        "size=96&color=rebeccapurple&bg=gold",
    );
}

#[test]
fn rgb_colour() {
    golden(
        "rgb-colour",
        "/heart.png",
        "size=96&color=rgb(0,%20128,%20255)&bg=%23202020",
    );
}

#[test]
fn heart_route_without_extension() {
    golden("filled-light", "/heart", "size=96&theme=light");
}
