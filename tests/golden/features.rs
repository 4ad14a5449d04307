//! Golden images per scene feature, one line per case: a small satori
//! tree posted to `/render` at 480 × 160 (white, 16 px padding, unless the
//! case says otherwise) and compared with `tests/images/features/<case>.png`.
//! The example cards (`scene.rs`) show the features together; these show
//! each alone, so that a regression names its feature.

use edge_render::Request;
use serde_json::{json, Value};

use crate::image::golden_png;
use crate::send;

const TOLERANCE: u8 = 2;
const LIMITS: (u32, u32, usize) = (480, 160, 64 * 1024);

/// Renders `children` in a white 480 × 160 flex column with 16 px padding
/// and 24 px sans text; every property must be drawn (no
/// `X-Unsupported-Style`).
fn feature(case: &str, style: Value, children: Value) {
    let mut base = json!({"display": "flex", "flexDirection": "column", "width": "100%",
        "height": "100%", "padding": 16, "backgroundColor": "white", "fontSize": 24});
    for (k, v) in style.as_object().unwrap() {
        base[k] = v.clone();
    }
    let body = json!({"width": 480, "height": 160,
        "element": {"type": "div", "props": {"style": base, "children": children}}});
    let reply = send(&Request::post_json("/render", body.to_string().as_bytes()));
    let text = String::from_utf8_lossy(&reply.body);
    assert_eq!(reply.status, 200, "{case}: {text}");
    assert_eq!(
        reply.header("x-unsupported-style"),
        None,
        "{case}: not drawn"
    );
    golden_png("features", case, &reply.body, LIMITS, TOLERANCE);
}

fn el(tag: &str, style: Value, children: Value) -> Value {
    json!({"type": tag, "props": {"style": style, "children": children}})
}

fn p(children: Value) -> Value {
    el("p", json!({"margin": 0}), children)
}

/// One `#[test]` per line: `name: style of the frame, its children;`.
macro_rules! cases {
    ($($name:ident: $style:expr, $children:expr;)*) => {$(
        #[test]
        fn $name() {
            feature(&stringify!($name).replace('_', "-"), $style, $children);
        }
    )*};
}

cases! {
    inline_bold_colour: json!({}), p(json!(["Plain, ", el("b", json!({}), json!("bold")), " and ", el("span", json!({"color": "#e11d48"}), json!("red")), " in one line."]));
    inline_sizes_share_a_baseline: json!({}), p(json!(["small ", el("span", json!({"fontSize": 48}), json!("Big")), " and ", el("span", json!({"fontSize": 12}), json!("tiny")), " words"]));
    inline_runs_wrap_as_one: json!({}), p(json!(["A paragraph whose ", el("span", json!({"color": "#2563eb", "fontWeight": 700}), json!("blue bold words wrap")), " with the rest of the text, across lines."]));
    inline_decorations: json!({}), p(json!([el("u", json!({}), json!("underlined")), ", ", el("s", json!({}), json!("struck")), " and ", el("span", json!({"textDecoration": "underline", "color": "#16a34a"}), json!("green underline"))]));
    inline_mono_code: json!({}), p(json!(["Run ", el("code", json!({"color": "#9333ea"}), json!("cargo test")), " first."]));
    inline_ellipsis: json!({}), el("p", json!({"margin": 0, "lineClamp": 2}), json!(["Clamped to two lines, ", el("b", json!({}), json!("the last ending in an ellipsis")), " in the style of the run it cuts, however long the text runs on and on."]));
    letter_spacing: json!({"gap": 8}), json!([el("div", json!({"letterSpacing": 4}), json!("SPACED OUT 4px")), el("div", json!({"letterSpacing": "-0.05em"}), json!("Tight -0.05em")), el("div", json!({"letterSpacing": "0.2em", "fontSize": 14, "textTransform": "uppercase"}), json!("overline label"))]);
    justify: json!({"fontSize": 18, "textAlign": "justify"}), p(json!("Justified text spreads each wrapped line to the full width of its box by widening the spaces; the last line of the paragraph stays left."));
}

#[test]
fn every_case_has_a_reference() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images/features");
    let src = include_str!("features.rs");
    let cases = src
        .lines()
        .filter_map(|l| l.trim_start().split_once(": json!(").map(|(n, _)| n))
        .filter(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .count();
    let files = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert!(
        crate::bless() || files == cases,
        "{files} references for {cases} cases"
    );
}
