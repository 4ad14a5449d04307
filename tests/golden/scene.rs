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

fn card(name: &str, expected: Option<&str>) {
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

/// One test per card: `test_name: "card" [=> "X-Unsupported-Style"]`. The
/// header is what the card asks for that is not drawn as asked — each
/// entry documented in the README: the CJK faces have no bold
/// (`fontWeight:700:fallback`), serif has no italic
/// (`fontStyle:italic:fallback`). When one becomes drawn, its entry goes
/// and the card's golden is blessed again.
macro_rules! cards {
    ($($test:ident: $name:literal $(=> $unsupported:literal)?;)*) => {
        $(
            #[test]
            fn $test() {
                card($name, cards!(@header $($unsupported)?));
            }
        )*
        /// Every card with a test above.
        const CARDS: &[&str] = &[$($name),*];
    };
    (@header) => { None };
    (@header $u:literal) => { Some($u) };
}

cards! {
    article: "article";
    avatar_card: "avatar-card";
    blog_post: "blog-post";
    changelog: "changelog";
    cjk_article: "cjk-article" => "fontWeight:700:fallback";
    cjk_event: "cjk-event" => "fontWeight:700:fallback";
    docs_header: "docs-header";
    event: "event";
    github_repo: "github-repo";
    job_posting: "job-posting";
    multilingual: "multilingual" => "fontWeight:700:fallback, fontWeight:800:fallback";
    newsletter: "newsletter" => "fontStyle:italic:fallback";
    podcast: "podcast";
    pricing: "pricing";
    product: "product";
    product_launch: "product-launch";
    profile: "profile";
    quote: "quote";
    shop_price: "shop-price";
    speaker: "speaker";
    stats_dashboard: "stats-dashboard";
    status_banner: "status-banner";
    testimonial: "testimonial";
}

/// Every embedded weight of sans and its italics, one line each: the faces
/// CSS font matching picks (`fontWeight` 300–900, `fontStyle: italic` at
/// 400 and 700, `<em>`, and `oblique` 900, drawn from Bold Italic 700).
#[test]
fn font_weights_and_italics() {
    let line = |style: serde_json::Value, text: &str| serde_json::json!({"type": "div", "props": {"style": style, "children": text}});
    let mut lines: Vec<serde_json::Value> = [300, 400, 500, 600, 700, 800, 900]
        .iter()
        .map(|w| {
            line(
                serde_json::json!({"fontWeight": w}),
                &format!("Hamburgefonstiv {w}"),
            )
        })
        .collect();
    lines.push(line(
        serde_json::json!({"fontStyle": "italic"}),
        "Hamburgefonstiv italic 400",
    ));
    lines.push(line(
        serde_json::json!({"fontStyle": "italic", "fontWeight": 700}),
        "Hamburgefonstiv italic 700",
    ));
    lines.push(line(
        serde_json::json!({"fontStyle": "oblique", "fontWeight": 900}),
        "Hamburgefonstiv oblique 900",
    ));
    lines.push(serde_json::json!({"type": "em", "props": {"children": "<em> café crème, naïve"}}));
    let scene = serde_json::json!({"width": 520, "height": 440, "element": {"type": "div", "props": {
        "style": {"display": "flex", "flexDirection": "column", "width": "100%", "height": "100%",
                  "padding": 14, "backgroundColor": "white", "color": "#111", "fontSize": 28,
                  "lineHeight": 1.3},
        "children": lines}}});
    let reply = send(&Request::post_json("/render", scene.to_string().as_bytes()));
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    // Every line is drawn as asked: nothing reported.
    assert_eq!(reply.header("x-unsupported-style"), None);
    golden_png(
        "scenes",
        "font-weights",
        &reply.body,
        (520, 440, 64 * 1024),
        TOLERANCE,
    );
}

/// Every card in `examples/scenes/` has a test above, and the other way round.
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
    let mut tested: Vec<&str> = CARDS.to_vec();
    tested.sort_unstable();
    assert_eq!(
        cards, tested,
        "examples/scenes/*.satori.json and the cards! table"
    );
    assert!(cards.len() >= 20);
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
