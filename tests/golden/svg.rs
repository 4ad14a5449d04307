//! The SVG route: a safe, well-formed document that rasterises (with resvg)
//! to the PNG of the same request.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use crate::fetch;
use crate::image::{channel_diff, Image};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// No pixel may differ by more than this (anti-aliasing of the same path by
/// two rasterisers, coordinates rounded to 0.01 px in the SVG).
const COARSE: u8 = 24;
/// Pixels differing by at most this count as the same…
const FINE: u8 = 2;
/// …and at least this fraction of the pixels must be the same.
const FINE_FRACTION: f64 = 0.99;

/// Checks the SVG of `query` and that it rasterises to the PNG of `query`.
fn svg_matches_png(query: &str) {
    let svg = fetch("/heart.svg", query, "image/svg+xml");
    let text = std::str::from_utf8(&svg).expect("SVG is UTF-8");
    check_document(text);
    let png = Image::decode(&fetch("/heart.png", query, "image/png"));
    if let Err(e) = compare(&rasterise(&svg, 0.0), &png) {
        panic!("{query}: the rasterised SVG does not match the PNG: {e}");
    }
}

/// Well-formed XML; an `svg` root in the SVG namespace whose size matches
/// its view box; a closed `path`; nothing that runs code or loads anything.
fn check_document(text: &str) {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some(SVG_NS));
    let (w, h) = (root.attribute("width"), root.attribute("height"));
    assert!(w.is_some() && w == h, "square width/height: {w:?} {h:?}");
    assert_eq!(
        root.attribute("viewBox").map(str::to_owned),
        w.map(|w| format!("0 0 {w} {w}"))
    );
    let paths: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SVG_NS, "path")))
        .collect();
    assert!(!paths.is_empty(), "no path in {text}");
    for p in paths {
        let d = p.attribute("d").expect("a path has d").trim();
        assert!(d.starts_with('M') && d.ends_with('Z'), "open path d={d}");
    }
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        assert!(
            !["script", "image", "foreignObject", "iframe", "use", "a"].contains(&name),
            "<{name}> in a served SVG"
        );
        for attr in node.attributes() {
            let n = attr.name().to_ascii_lowercase();
            assert!(
                n != "href" && !n.starts_with("on") && n != "style",
                "attribute {n} in a served SVG"
            );
        }
    }
    let lower = text.to_ascii_lowercase();
    for bad in [
        "<script",
        "<image",
        "data:",
        "javascript:",
        "<!doctype",
        "<!entity",
    ] {
        assert!(!lower.contains(bad), "{bad} in a served SVG");
    }
}

/// Rasterises `svg` at its own size, moved right by `shift` pixels, as
/// straight RGBA.
fn rasterise(svg: &[u8], shift: f32) -> Image {
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).expect("usvg parses it");
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("non-empty SVG");
    resvg::render(
        &tree,
        Transform::from_translate(shift, 0.0),
        &mut pixmap.as_mut(),
    );
    Image {
        width: size.width(),
        height: size.height(),
        rgba: pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect(),
    }
}

/// `Ok` when the images have the same size, no pixel differs by more than
/// [`COARSE`], and at least [`FINE_FRACTION`] differ by at most [`FINE`].
///
/// Pixels are compared premultiplied: the two rasterisers may disagree by
/// one anti-aliasing step (alpha ±16) on an edge pixel, and a faint edge
/// pixel's straight colour means little (alpha 16 vs 0 would be a
/// difference of 223 in red).
fn compare(svg: &Image, png: &Image) -> Result<(), String> {
    if (svg.width, svg.height) != (png.width, png.height) {
        return Err(format!(
            "size {}×{} vs {}×{}",
            svg.width, svg.height, png.width, png.height
        ));
    }
    let (mut fine, mut worst, mut total) = (0usize, 0u8, 0usize);
    for (a, b) in svg.pixels().zip(png.pixels()) {
        let d = channel_diff(premultiplied(a), premultiplied(b));
        worst = worst.max(d);
        fine += usize::from(d <= FINE);
        total += 1;
    }
    let fraction = fine as f64 / total as f64;
    if worst > COARSE || fraction < FINE_FRACTION {
        return Err(format!(
            "max channel difference {worst} (limit {COARSE}), {:.2}% of pixels within {FINE} (need {:.0}%)",
            fraction * 100.0,
            FINE_FRACTION * 100.0
        ));
    }
    Ok(())
}

/// `p` with its colour multiplied by its alpha (rounded).
fn premultiplied([r, g, b, a]: [u8; 4]) -> [u8; 4] {
    let m = |c: u8| ((u32::from(c) * u32::from(a) + 127) / 255) as u8;
    [m(r), m(g), m(b), a]
}

#[test]
fn filled_light() {
    svg_matches_png("size=96&theme=light");
}

#[test]
fn filled_transparent() {
    svg_matches_png("size=96");
}

#[test]
fn outline() {
    svg_matches_png("size=96&theme=light&style=outline&stroke=4");
}

#[test]
fn gradient() {
    svg_matches_png("size=96&theme=light&style=gradient");
}

#[test]
fn gradient_transparent() {
    svg_matches_png("size=96&style=gradient");
}

#[test]
fn translucent() {
    svg_matches_png("size=96&color=%23ff000080");
}

#[test]
fn implicit_filled() {
    svg_matches_png("size=96&theme=light&curve=implicit");
}

#[test]
fn implicit_outline() {
    svg_matches_png("size=96&theme=dark&curve=implicit&style=outline&stroke=3");
}

/// The thresholds catch real mistakes: a wrong colour, or a 2 px shift.
#[test]
fn comparison_catches_mismatches() {
    let svg = |q: &str| fetch("/heart.svg", q, "image/svg+xml");
    let png = |q: &str| Image::decode(&fetch("/heart.png", q, "image/png"));

    let red = rasterise(&svg("size=96&color=red"), 0.0);
    assert!(compare(&red, &png("size=96&color=red")).is_ok());
    assert!(compare(&red, &png("size=96&color=blue")).is_err());

    for query in [
        "size=96&theme=light",
        "size=96",
        "size=96&theme=light&style=outline&stroke=4",
        "size=96&theme=light&style=gradient",
    ] {
        let shifted = rasterise(&svg(query), 2.0);
        let e = compare(&shifted, &png(query));
        assert!(e.is_err(), "{query}: a 2 px shift passed");
    }
    // A slightly different colour (one step of 4 in red) is caught too.
    let near = rasterise(&svg("size=96&color=%23e4245e"), 0.0);
    assert!(compare(&near, &png("size=96&color=%23e0245e")).is_err());
}
