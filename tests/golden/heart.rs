//! PNG golden images of the heart, one test per variant: references in
//! `tests/images/heart/<case>.png`, compared as decoded pixels.

use crate::fetch;
use crate::image::golden_png;

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// Largest reference side in device pixels: 128 CSS px at dpr 2. References
/// stay small so they can be reviewed.
const MAX_SIDE: u32 = 256;
/// Largest reference file, bytes.
const MAX_BYTES: usize = 24 * 1024;

/// Renders `path?query` and compares it with the reference of `case`.
fn golden(case: &str, path: &str, query: &str) {
    let body = fetch(path, query, "image/png");
    golden_png(
        "heart",
        case,
        &body,
        (MAX_SIDE, MAX_SIDE, MAX_BYTES),
        TOLERANCE,
    );
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

#[test]
fn label_latin() {
    golden(
        "label-latin",
        "/heart.png",
        "size=128&text=I%20%E2%99%A5%20U",
    );
}

#[test]
fn label_two_lines_dark() {
    golden(
        "label-two-lines-dark",
        "/heart.png",
        "size=128&theme=dark&text=Happy%20birthday%20Anna",
    );
}

#[test]
fn label_outline() {
    golden(
        "label-outline",
        "/heart.png",
        "size=128&style=outline&stroke=4&text=Hi",
    );
}

#[test]
fn label_chinese() {
    golden(
        "label-chinese",
        "/heart.png",
        "size=128&text=%E6%88%91%E7%88%B1%E4%BD%A0",
    );
}

#[test]
fn label_dpr_2() {
    golden("label-dpr-2", "/heart.png", "size=96&dpr=2&text=Love");
}
