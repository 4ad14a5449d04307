//! Golden images of the example cards (`examples/scenes/<card>.<shape>.json`,
//! written by `examples/scenes/make.mjs`): each card in both input shapes is
//! posted to `/render`; the two answers must be the same bytes and match
//! `tests/images/scenes/<card>.png`.

use edge_render::Request;

use crate::image::golden_png;
use crate::send;

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// A whole 1200×630 card; the largest (a full-canvas gradient) is ~100 KB.
const CARD_LIMITS: (u32, u32, usize) = (1200, 630, 128 * 1024);

fn card(name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenes");
    let mut bodies = Vec::new();
    for shape in ["satori", "takumi"] {
        let body = std::fs::read(dir.join(format!("{name}.{shape}.json")))
            .unwrap_or_else(|e| panic!("{name}.{shape}.json: {e}"));
        let reply = send(&Request::post_json("/render", &body));
        assert_eq!(
            reply.status,
            200,
            "{name}.{shape}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.header("content-type"), Some("image/png"));
        // Every property of the example cards is drawn, but for the bold
        // of the Chinese title: the CJK faces have no bold (not emboldened).
        let expected = (name == "cjk-article").then_some("fontWeight:700:fallback");
        assert_eq!(
            reply.header("x-unsupported-style"),
            expected,
            "{name}.{shape}: what is not drawn as asked"
        );
        let etag = reply.header("etag").map(str::to_owned);
        bodies.push((reply.body, etag));
    }
    assert!(bodies[0] == bodies[1], "{name}: the two shapes differ");
    golden_png("scenes", name, &bodies[0].0, CARD_LIMITS, TOLERANCE);
}

#[test]
fn blog_post() {
    card("blog-post");
}

#[test]
fn quote() {
    card("quote");
}

#[test]
fn product() {
    card("product");
}

#[test]
fn event() {
    card("event");
}

#[test]
fn profile() {
    card("profile");
}

#[test]
fn cjk_article() {
    card("cjk-article");
}

#[test]
fn avatar_card() {
    card("avatar-card");
}

/// Every card in `examples/scenes/` has a test above.
#[test]
fn every_example_card_is_tested() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenes");
    let mut cards: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/scenes")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".satori.json").map(str::to_owned)
        })
        .collect();
    cards.sort();
    let src = include_str!("scene.rs");
    for c in &cards {
        assert!(
            src.contains(&format!("card(\"{c}\")")),
            "{c} has no golden test"
        );
    }
    assert!(cards.len() >= 6);
}

// ---- one feature per case ----------------------------------------------

/// A feature case: 200×100 CSS px at dpr 1.
const CASE_LIMITS: (u32, u32, usize) = (200, 100, 16 * 1024);

/// `element` on a 200×100 white canvas, POSTed to `/render`, against
/// `tests/images/scenes/<case>.png`; nothing in it may be reported as
/// unsupported.
fn case(name: &str, element: serde_json::Value) {
    let doc = serde_json::json!({"width": 200, "height": 100, "element": {"type": "div", "props": {
        "style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "white"},
        "children": [element]}}});
    let body = serde_json::to_vec(&doc).expect("JSON");
    let reply = send(&Request::post_json("/render", &body));
    let text = String::from_utf8_lossy(&reply.body);
    assert_eq!(reply.status, 200, "{name}: {text}");
    assert_eq!(reply.header("x-unsupported-style"), None, "{name}");
    golden_png("scenes", name, &reply.body, CASE_LIMITS, TOLERANCE);
}

/// A box filling the canvas but for a 10 px margin (180×80, its size in
/// %: the layout gives it), the 64 px sample disc as a 40 px background
/// tile at `position`, once, over a pale outline of the box.
fn background_at(name: &str, position: &str) {
    case(
        name,
        serde_json::json!({"type": "div", "props": {"style": {"width": "100%", "margin": 10,
            "border": "1px solid #cbd5e1", "backgroundImage": "url(asset:sample.png)",
            "backgroundSize": "40px 40px", "backgroundRepeat": "no-repeat",
            "backgroundPosition": position}}}),
    );
}

/// The sample disc as a 150×80 `img` drawn at its 64 px (`objectFit:
/// none`: 86 × 16 px free) at `position`, clipped to its box.
fn object_at(name: &str, position: &str) {
    case(
        name,
        serde_json::json!({"type": "img", "props": {"src": "asset:sample.png", "width": 150, "height": 80,
            "style": {"margin": 10, "backgroundColor": "#e2e8f0", "objectFit": "none", "objectPosition": position}}}),
    );
}

#[test]
fn background_position_keywords() {
    background_at("bg-position-right-bottom", "right bottom");
}

#[test]
fn background_position_past_100_percent() {
    // 118 % of the 138 px free: 162.8 px in, cut by the box's edge.
    background_at("bg-position-118-40", "118% 40%");
}

#[test]
fn background_position_negative_percent() {
    background_at("bg-position-negative-percent", "-25% -50%");
}

#[test]
fn background_position_px_in_a_percent_box() {
    background_at("bg-position-px", "30px 10px");
}

#[test]
fn background_position_negative_px() {
    background_at("bg-position-negative-px", "-12px 30px");
}

#[test]
fn background_position_cover_past_100_percent() {
    // A cover tile of 180×180 in a 180×80 box: −100 px free, so 150 %
    // is 150 px up and the disc's bottom shows at the top.
    case(
        "bg-position-cover-150",
        serde_json::json!({"type": "div", "props": {"style": {"width": "100%", "margin": 10,
            "background": "url(asset:sample.png) 50% 150% / cover no-repeat"}}}),
    );
}

#[test]
fn object_position_past_100_and_negative() {
    // 130 % of 86 px: 111.8 px in, cut by the box; −50 % of 16: 8 px up.
    object_at("object-position-130-negative", "130% -50%");
}

#[test]
fn object_position_px() {
    object_at("object-position-px", "-20px 30px");
}
