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

/// An empty box in `style` (sizes default to 96 × 96).
fn bx(style: Value) -> Value {
    let mut st = json!({"width": 96, "height": 96});
    for (k, v) in style.as_object().unwrap() {
        st[k] = v.clone();
    }
    el("div", st, json!([]))
}

fn row() -> Value {
    json!({"flexDirection": "row", "gap": 16, "alignItems": "center"})
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
    inline_weights_and_italics: json!({}), p(json!([el("span", json!({"fontWeight": 300}), json!("Light ")), el("i", json!({}), json!("italic ")), el("span", json!({"fontWeight": 600}), json!("semibold ")), el("em", json!({"fontWeight": 700}), json!("bold italic ")), el("span", json!({"fontWeight": 900}), json!("black"))]));
    inline_decorations: json!({}), p(json!([el("u", json!({}), json!("underlined")), ", ", el("s", json!({}), json!("struck")), " and ", el("span", json!({"textDecoration": "underline", "color": "#16a34a"}), json!("green underline"))]));
    inline_mono_code: json!({}), p(json!(["Run ", el("code", json!({"color": "#9333ea"}), json!("cargo test")), " first."]));
    inline_ellipsis: json!({}), el("p", json!({"margin": 0, "lineClamp": 2}), json!(["Clamped to two lines, ", el("b", json!({}), json!("the last ending in an ellipsis")), " in the style of the run it cuts, however long the text runs on and on."]));
    letter_spacing: json!({"gap": 8}), json!([el("div", json!({"letterSpacing": 4}), json!("SPACED OUT 4px")), el("div", json!({"letterSpacing": "-0.05em"}), json!("Tight -0.05em")), el("div", json!({"letterSpacing": "0.2em", "fontSize": 14, "textTransform": "uppercase"}), json!("overline label"))]);
    linear_gradients: row(), json!([bx(json!({"backgroundImage": "linear-gradient(90deg, #f43f5e, #6366f1)"})), bx(json!({"backgroundImage": "linear-gradient(135deg, #fde68a 0%, #f97316 50%, #7c2d12 100%)"})), bx(json!({"width": 200, "backgroundImage": "linear-gradient(to bottom, rgba(0,0,0,0), rgba(0,0,0,0.8)), linear-gradient(to right, #10b981, #3b82f6)"}))]);
    linear_gradient_to_a_corner: row(), json!([bx(json!({"width": 300, "backgroundImage": "linear-gradient(to top right, #f43f5e 0%, #f43f5e 50%, #6366f1 50%, #6366f1 100%)"})), bx(json!({"backgroundImage": "linear-gradient(to bottom left, #10b981, #1e3a8a)"}))]);
    radial_gradients: row(), json!([bx(json!({"backgroundImage": "radial-gradient(circle at 30% 40%, #fde68a, #f97316 60%, #7c2d12)"})), bx(json!({"width": 200, "backgroundImage": "radial-gradient(#a5b4fc, #312e81)"}))]);
    border_radii: row(), json!([bx(json!({"backgroundColor": "#6366f1", "borderRadius": "24px 0 48px 8px"})), bx(json!({"backgroundColor": "#f43f5e", "borderRadius": "50%"})), bx(json!({"width": 160, "backgroundColor": "#10b981", "borderRadius": "48px / 24px"}))]);
    borders: row(), json!([bx(json!({"border": "4px solid #111"})), bx(json!({"borderLeft": "12px solid #e11d48", "borderTop": "4px solid #2563eb", "backgroundColor": "#f1f5f9"})), bx(json!({"border": "6px solid #f59e0b", "borderRadius": 24})), bx(json!({"borderWidth": 8, "borderColor": "#ef4444 #22c55e #3b82f6 #eab308", "borderStyle": "solid", "borderRadius": "50%"}))]);
    box_shadows: json!({"flexDirection": "row", "gap": 40, "padding": 32, "backgroundColor": "#f1f5f9"}), json!([bx(json!({"width": 80, "height": 80, "backgroundColor": "white", "borderRadius": 12, "boxShadow": "0 8px 24px rgba(15,23,42,0.25)"})), bx(json!({"width": 80, "height": 80, "backgroundColor": "white", "boxShadow": "4px 4px 0 #111"})), bx(json!({"width": 80, "height": 80, "backgroundColor": "#6366f1", "borderRadius": "50%", "boxShadow": "0 0 0 6px #c7d2fe, 0 12px 20px -4px rgba(99,102,241,0.6)"}))]);
    opacity_groups: row(), json!([bx(json!({"backgroundColor": "#e11d48", "opacity": 0.5})), el("div", json!({"display": "flex", "opacity": 0.6, "backgroundColor": "#0f172a", "padding": 12, "borderRadius": 12}), json!([bx(json!({"width": 64, "height": 64, "backgroundColor": "#facc15"}))])), bx(json!({"backgroundImage": "linear-gradient(#22c55e, #3b82f6)", "opacity": 0.25}))]);
    transforms: json!({"flexDirection": "row", "gap": 40, "padding": 32}), json!([bx(json!({"width": 80, "height": 80, "backgroundColor": "#6366f1", "transform": "rotate(15deg)"})), bx(json!({"width": 80, "height": 80, "backgroundColor": "#f43f5e", "transform": "scale(0.7)"})), bx(json!({"width": 80, "height": 80, "backgroundColor": "#10b981", "transform": "translate(20px, 10px) rotate(-30deg)"}))]);
    overflow_clips_to_rounded_corners: row(), json!([el("div", json!({"display": "flex", "width": 128, "height": 96, "borderRadius": 32, "overflow": "hidden", "backgroundColor": "#e2e8f0"}), json!([bx(json!({"width": 64, "height": 128, "backgroundColor": "#f97316"})), bx(json!({"width": 64, "height": 128, "backgroundColor": "#0ea5e9"}))])), el("div", json!({"display": "flex", "width": 96, "height": 96, "borderRadius": "50%", "overflow": "hidden"}), json!([json!({"type": "img", "props": {"src": "asset:sample.png", "width": 120, "height": 120}})]))]);
    object_fit: json!({"flexDirection": "row", "gap": 16, "backgroundColor": "#e2e8f0"}), json!([{"type": "img", "props": {"src": "asset:sample.png", "style": {"width": 128, "height": 64, "objectFit": "cover"}}}, {"type": "img", "props": {"src": "asset:sample.png", "style": {"width": 128, "height": 64, "objectFit": "contain", "backgroundColor": "white"}}}, {"type": "img", "props": {"src": "asset:sample.png", "style": {"width": 128, "height": 64}}}]);
    background_images: row(), json!([bx(json!({"width": 128, "backgroundImage": "url(asset:sample.png)", "backgroundSize": "32px 32px"})), bx(json!({"width": 128, "backgroundImage": "url(asset:sample.png)", "backgroundSize": "contain", "backgroundRepeat": "no-repeat", "backgroundPosition": "center", "backgroundColor": "#fef3c7"})), bx(json!({"width": 128, "backgroundImage": "url(asset:sample.png)", "backgroundSize": "cover", "backgroundPosition": "0% 0%"}))]);
    absolute_position: json!({"position": "relative", "backgroundColor": "#0f172a", "color": "white"}), json!(["A card with a badge", el("div", json!({"position": "absolute", "top": 12, "right": 12, "backgroundColor": "#f43f5e", "borderRadius": 999, "padding": "4px 12px", "fontSize": 14}), json!("NEW")), el("div", json!({"position": "absolute", "left": 16, "bottom": 12, "fontSize": 14, "color": "#94a3b8"}), json!("bottom left"))]);
    flex_wrap_and_gap: json!({"flexDirection": "row", "flexWrap": "wrap", "gap": "8px 8px", "alignContent": "flex-start", "fontSize": 16}), json!(["rust", "webassembly", "cloudflare", "workers", "tiny-skia", "fontdue", "taffy", "flexbox", "images", "edge"].iter().map(|t| el("div", json!({"backgroundColor": "#e0e7ff", "color": "#3730a3", "borderRadius": 8, "padding": "4px 10px"}), json!(t))).collect::<Vec<_>>());
    align_items_baseline: json!({"flexDirection": "row", "alignItems": "baseline", "gap": 12}), json!([el("div", json!({"fontSize": 56, "fontWeight": 800}), json!("$249")), el("div", json!({"fontSize": 20, "color": "#64748b", "textDecoration": "line-through"}), json!("$299")), el("div", json!({"fontSize": 14, "padding": "4px 8px", "backgroundColor": "#dcfce7", "color": "#166534", "borderRadius": 6}), json!("-17%"))]);
    flex_grow_and_justify: json!({"gap": 12}), json!([el("div", json!({"display": "flex", "justifyContent": "space-between", "backgroundColor": "#f1f5f9", "padding": 8}), json!([bx(json!({"width": 40, "height": 24, "backgroundColor": "#f43f5e"})), bx(json!({"width": 40, "height": 24, "backgroundColor": "#6366f1"})), bx(json!({"width": 40, "height": 24, "backgroundColor": "#10b981"}))])), el("div", json!({"display": "flex", "gap": 8}), json!([bx(json!({"height": 24, "flexGrow": 1, "backgroundColor": "#f59e0b"})), bx(json!({"height": 24, "flexGrow": 2, "backgroundColor": "#0ea5e9"})), bx(json!({"width": 60, "height": 24, "backgroundColor": "#111"}))]))]);
    units_percent_em_rem: json!({}), json!([el("div", json!({"width": "50%", "backgroundColor": "#fde68a", "padding": "0.5em", "fontSize": "1.25rem"}), json!("50% wide, 0.5em padding")), el("div", json!({"width": "75%", "marginTop": "0.5em", "backgroundColor": "#bae6fd", "fontSize": "0.75em", "padding": "0.5em"}), json!("75% wide, 0.75em text"))]);
    text_transform_and_white_space: json!({"fontSize": 18}), json!([el("div", json!({"textTransform": "uppercase"}), json!("uppercase text")), el("div", json!({"textTransform": "capitalize"}), json!("capitalize every word")), el("div", json!({"whiteSpace": "pre", "fontFamily": "monospace"}), json!("pre:   kept   spaces"))]);
    ellipsis_and_line_clamp: json!({"fontSize": 18, "gap": 8}), json!([el("div", json!({"whiteSpace": "nowrap", "overflow": "hidden", "textOverflow": "ellipsis"}), json!("One line that is far too long for its box ends in an ellipsis here")), el("div", json!({"lineClamp": 2, "color": "#475569"}), json!("Two lines at most: this paragraph is long enough to need a third line, so the second one ends with an ellipsis instead."))]);
    cjk_wraps_with_kinsoku: json!({"fontSize": 20}), p(json!("春天来了，公园里的花都开了。孩子们在草地上奔跑，老人们坐在长椅上聊天。“你好！”她说。"));
    font_families: json!({"gap": 6}), json!([el("div", json!({"fontFamily": "sans-serif"}), json!("Sans: Noto Sans")), el("div", json!({"fontFamily": "Georgia, serif"}), json!("Serif: Noto Serif")), el("div", json!({"fontFamily": "ui-monospace, monospace"}), json!("Mono: Noto Sans Mono"))]);
    heading_presets: json!({"padding": 8}), json!([el("h1", json!({"margin": 0}), json!("h1 heading")), el("h3", json!({"margin": 0}), json!("h3 heading")), el("p", json!({"margin": 0}), json!(["p with ", el("u", json!({}), json!("u")), " and ", el("strong", json!({}), json!("strong"))]))]);
    justify: json!({"fontSize": 18, "textAlign": "justify"}), p(json!("Justified text spreads each wrapped line to the full width of its box by widening the spaces; the last line of the paragraph stays left."));
}

#[test]
fn every_case_has_a_reference() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/images/features");
    let src = include_str!("features.rs");
    let cases = src
        .lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .filter_map(|l| l.trim_start().split_once(": ").map(|(n, _)| n))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .count();
    let files = std::fs::read_dir(&dir).map_or(0, |d| d.count());
    assert!(
        crate::bless() || files == cases,
        "{files} references for {cases} cases"
    );
}
