//! Whole scene requests: shapes, canonical forms, lowering, errors, limits.

use render::{Content, Rgba, Wrap};
use serde_json::{json, Value};

use super::*;
use crate::params::{parse_strict, MAX_SCENE_DEPTH, MAX_SCENE_NODES, MAX_SCENE_TEXT_CHARS};

fn request(element: Value) -> Value {
    json!({"width": 1200, "height": 630, "element": element})
}

/// A 1200×630 scene of `element`, read and its images decoded.
fn scene(element: Value) -> Result<SceneRequest, ApiError> {
    let mut r = read(&request(element))?;
    r.decode()?;
    Ok(r)
}

fn canonical(r: &SceneRequest) -> String {
    serde_json::to_string(r).unwrap()
}

/// The text of every text node, in node order.
fn texts(r: &SceneRequest) -> Vec<String> {
    r.scene
        .nodes
        .iter()
        .filter_map(|n| match &n.content {
            Content::Text(t) => Some(t.text.clone()),
            _ => None,
        })
        .collect()
}

fn text_node(r: &SceneRequest, i: usize) -> render::TextContent {
    r.scene
        .nodes
        .iter()
        .filter_map(|n| match &n.content {
            Content::Text(t) => Some(t.clone()),
            _ => None,
        })
        .nth(i)
        .expect("a text node")
}

const ROOT_STYLE: &str = r#"{"display":"flex","flexDirection":"column","width":"100%","height":"100%","padding":"48px 64px","backgroundImage":"linear-gradient(135deg, #0f172a, #1e3a8a 60%, #2563eb)","color":"white","borderRadius":"24px","boxShadow":"0 8px 24px rgba(0,0,0,.3)"}"#;

fn satori_card() -> Value {
    json!({
        "type": "div",
        "key": null,
        "props": {
            "style": serde_json::from_str::<Value>(ROOT_STYLE).unwrap(),
            "children": [
                {"type": "div", "props": {"style": {"fontSize": 64, "fontWeight": 700}, "children": "Hello from the edge"}},
                {"type": "div", "props": {"style": {"fontSize": "32px", "opacity": 0.8, "marginTop": 16}, "children": ["Rendered ", "on demand"]}},
                null,
                false
            ]
        },
        "_owner": null,
        "_store": {},
        "_debugInfo": null,
        "ref": null
    })
}

fn takumi_card() -> Value {
    json!({
        "type": "container",
        "style": serde_json::from_str::<Value>(ROOT_STYLE).unwrap(),
        "children": [
            {"type": "text", "text": "Hello from the edge", "style": {"fontSize": 64, "fontWeight": "bold"}},
            {"type": "text", "text": "Rendered on demand", "style": {"marginTop": "16px", "fontSize": 32, "opacity": "80%"}}
        ]
    })
}

#[test]
fn both_shapes_of_one_card_have_one_canonical_form() {
    let a = scene(satori_card()).unwrap();
    let b = scene(takumi_card()).unwrap();
    assert_eq!(canonical(&a), canonical(&b));
    assert_eq!(texts(&a), ["Hello from the edge", "Rendered on demand"]);
    assert_eq!(a.unsupported, None);
    // canvas, root, two paragraphs
    assert_eq!(a.scene.nodes.len(), 4);
    assert_eq!(a.scene.nodes[0].children, [1]);
    assert_eq!(a.scene.nodes[1].children, [2, 3]);
    let title = text_node(&a, 0);
    assert_eq!((title.size, title.color), (64.0, Rgba::rgb(0xffffff)));
    let bold = crate::fonts::face_of("sans", 700).unwrap();
    assert!(
        title.chain[0] == bold || crate::fonts::FACES[usize::from(title.chain[0])].weight == 700,
        "bold face (or its core)"
    );
}

#[test]
fn key_order_does_not_matter() {
    let a = canonical(&scene(satori_card()).unwrap());
    let reordered = r##"{"element":{"props":{"children":[{"props":{"children":"Hello from the edge","style":{"fontWeight":700,"fontSize":64}},"type":"div"},{"props":{"children":["Rendered ","on demand"],"style":{"marginTop":16,"opacity":0.8,"fontSize":"32px"}},"type":"div"}],"style":{"boxShadow":"0 8px 24px rgba(0,0,0,.3)","borderRadius":"24px","color":"white","backgroundImage":"linear-gradient(135deg, #0f172a, #1e3a8a 60%, #2563eb)","padding":"48px 64px","height":"100%","width":"100%","flexDirection":"column","display":"flex"}},"type":"div"},"height":630,"width":1200}"##;
    let b = read(&parse_strict(reordered.as_bytes()).unwrap()).unwrap();
    assert_eq!(a, canonical(&b));
    // And something that draws differently does not share it.
    let mut other = satori_card();
    other["props"]["children"][0]["props"]["style"]["fontSize"] = json!(63);
    assert_ne!(a, canonical(&scene(other).unwrap()));
}

#[test]
fn presets_and_inheritance_reach_the_text() {
    let r = scene(
        json!({"type": "div", "props": {"style": {"color": "#336699", "fontSize": 20}, "children": [
            {"type": "h1", "props": {"children": "Title"}},
            {"type": "div", "props": {"style": {"fontSize": "1.5em"}, "children": [
                {"type": "h2", "props": {"children": "Nested"}}
            ]}},
            {"type": "p", "props": {"children": "Body"}}
        ]}}),
    )
    .unwrap();
    let h1 = text_node(&r, 0);
    assert_eq!((h1.size, h1.color), (40.0, Rgba::rgb(0x336699)));
    let h2 = text_node(&r, 1);
    assert_eq!(h2.size, 45.0, "1.5 × 1.5 × 20: em compounds");
    let p = text_node(&r, 2);
    assert_eq!(p.size, 20.0);
    assert!(
        (p.line_height - 1.362).abs() < 0.001,
        "normal is the font's: Noto Sans' ascender - descender + gap, {}",
        p.line_height
    );
    // The root default: 16 px, black.
    let r = scene(json!({"type": "h1", "props": {"children": "x"}})).unwrap();
    let h1 = text_node(&r, 0);
    assert_eq!((h1.size, h1.color), (32.0, Rgba::rgb(0x000000)));
}

#[test]
fn inline_children_make_one_paragraph_with_a_span_per_style() {
    let r = scene(json!({"type": "p", "props": {"style": {"color": "red"}, "children": [
        "Hello ", {"type": "b", "props": {"children": "bold"}}, " and ",
        {"type": "span", "props": {"style": {"color": "blue"}, "children": ["blue", {"type": "br", "props": {}}, "next"]}},
        " end  "
    ]}}))
    .unwrap();
    assert_eq!(texts(&r), ["Hello bold and blue\nnext end"]);
    let t = text_node(&r, 0);
    assert_eq!(t.color, Rgba::rgb(0xff0000), "the block's style");
    let ends: Vec<u32> = t.spans.iter().map(|s| s.end).collect();
    assert_eq!(
        ends,
        [6, 10, 15, 24, 28],
        "one span per run, the break in its span"
    );
    let colors: Vec<Rgba> = t.spans.iter().map(|s| s.color).collect();
    let (red, blue) = (Rgba::rgb(0xff0000), Rgba::rgb(0x0000ff));
    assert_eq!(colors, [red, red, red, blue, red]);
    let weight = |face: u16| crate::fonts::FACES[usize::from(face)].weight;
    let weights: Vec<u16> = t.spans.iter().map(|s| weight(s.chain[0])).collect();
    assert_eq!(weights, [400, 700, 400, 400, 400], "<b> is bold");
    assert_eq!(r.unsupported, None, "every run's look is drawn");
    // One style throughout: no spans.
    let r = scene(json!({"type": "p", "props": {"children": [
        "Hello ", {"type": "span", "props": {"style": {"textAlign": "right"}, "children": "world"}}
    ]}}))
    .unwrap();
    assert!(text_node(&r, 0).spans.is_empty());
    // An inline box's own box is not drawn: noted.
    let r = scene(json!({"type": "p", "props": {"children": [
        "a ", {"type": "span", "props": {"style": {"backgroundColor": "red", "padding": 4, "color": "blue"}, "children": "b"}}
    ]}}))
    .unwrap();
    assert_eq!(
        r.unsupported.as_deref(),
        Some("inline:backgroundColor, inline:padding")
    );
    let r =
        scene(json!({"type": "div", "props": {"children": ["a", {"type": "br", "props": {}}]}}))
            .unwrap();
    assert_eq!(texts(&r), ["a"], "a trailing break makes no line");
    let br = || json!({"type": "br", "props": {}});
    let r = scene(json!({"type": "div", "props": {"children": [br(), "a", br(), br()]}})).unwrap();
    assert_eq!(texts(&r), ["\na\n"]);
    // A lone inline element keeps its own style (the usual satori shape).
    let r = scene(json!({"type": "div", "props": {"children":
        {"type": "span", "props": {"style": {"fontSize": 40, "color": "blue"}, "children": "Title"}}}}))
    .unwrap();
    let t = text_node(&r, 0);
    assert_eq!((t.size, t.color), (40.0, Rgba::rgb(0x0000ff)));
    assert_eq!(r.unsupported, None);
}

#[test]
fn takumi_text_nodes_in_a_block_container_flow_inline() {
    let satori = json!({"type": "div", "props": {"style": {"display": "block", "fontSize": 40}, "children": [
        "edge-render/", {"type": "span", "props": {"style": {"color": "#1f2328", "fontWeight": 700}, "children": "edge-render"}}
    ]}});
    let takumi = |display: &str| {
        json!({"type": "container", "style": {"display": display, "fontSize": 40}, "children": [
            {"type": "text", "text": "edge-render/"},
            {"type": "text", "text": "edge-render", "style": {"color": "#1f2328", "fontWeight": 700}}
        ]})
    };
    let a = scene(satori).unwrap();
    let b = scene(takumi("Block")).unwrap();
    assert_eq!(texts(&b), ["edge-render/edge-render"], "one paragraph");
    assert_eq!(canonical(&a), canonical(&b), "as satori's span");
    assert_eq!(a.unsupported, b.unsupported);
    // A flex container makes each text node a flex item: a paragraph each.
    let c = scene(takumi("flex")).unwrap();
    assert_eq!(texts(&c), ["edge-render/", "edge-render"]);
    // A text node that is a block of its own stays one.
    let mut d = takumi("block");
    d["children"][1]["style"]["display"] = json!("block");
    assert_eq!(texts(&scene(d).unwrap()), ["edge-render/", "edge-render"]);
}

#[test]
fn mixed_children_get_anonymous_paragraphs() {
    let r = scene(json!({"type": "div", "props": {"children": [
        "  before ", {"type": "div", "props": {"children": "block"}}, "\n  ", {"type": "span", "props": {"children": "after"}}
    ]}}))
    .unwrap();
    assert_eq!(texts(&r), ["before", "block", "after"]);
    // canvas, div, "before", block, "after"
    assert_eq!(r.scene.nodes[1].children.len(), 3);
    // Blank runs between blocks vanish; `display: none` drops a subtree.
    let r = scene(json!({"type": "div", "props": {"children": [
        {"type": "div", "props": {"children": "a"}}, " \n ",
        {"type": "div", "props": {"style": {"display": "none"}, "children": "hidden"}},
        {"type": "div", "props": {"children": "b"}}
    ]}}))
    .unwrap();
    assert_eq!(texts(&r), ["a", "b"]);
    assert_eq!(r.scene.nodes[1].children.len(), 2);
    let r = scene(
        json!({"type": "div", "props": {"style": {"display": "none", "zIndex": 1}, "children":
        {"type": "div", "props": {"style": {"filter": "none"}}}}}),
    )
    .unwrap();
    assert_eq!(
        (r.scene.nodes[0].children.len(), r.unsupported),
        (0, None),
        "nothing drawn, nothing noted"
    );
    // A hidden subtree is still validated.
    let e = scene(
        json!({"type": "div", "props": {"style": {"display": "none"}, "children":
        {"type": "div", "props": {"style": {"width": "wide"}}}}}),
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("element.props.children.props.style.width"));
}

#[test]
fn white_space_transform_and_wrapping() {
    let t = |style: Value, text: &str| {
        let r = scene(json!({"type": "div", "props": {"style": style, "children": text}})).unwrap();
        r.scene.nodes.iter().find_map(|n| match &n.content {
            Content::Text(t) => Some(t.clone()),
            _ => None,
        })
    };
    let normal = t(json!({}), "  a \n\t b  ").unwrap();
    assert_eq!((normal.text.as_str(), normal.wrap), ("a b", Wrap::Word));
    let pre = t(json!({"whiteSpace": "pre"}), " a \n b").unwrap();
    assert_eq!((pre.text.as_str(), pre.wrap), (" a \n b", Wrap::None));
    let line = t(json!({"whiteSpace": "pre-line"}), " a  \n  b ").unwrap();
    assert_eq!(line.text, "a\nb");
    let nowrap = t(
        json!({"whiteSpace": "nowrap", "textOverflow": "ellipsis"}),
        "x",
    )
    .unwrap();
    assert_eq!((nowrap.wrap, nowrap.max_lines), (Wrap::None, Some(1)));
    let clamp = t(json!({"lineClamp": 2, "wordBreak": "break-all"}), "x").unwrap();
    assert_eq!((clamp.wrap, clamp.max_lines), (Wrap::Char, Some(2)));
    assert_eq!(
        t(json!({"textTransform": "uppercase"}), "straße")
            .unwrap()
            .text,
        "STRASSE"
    );
    assert_eq!(
        t(
            json!({"textTransform": "capitalize"}),
            "hello wide-world it's"
        )
        .unwrap()
        .text,
        "Hello Wide-World It's"
    );
    assert_eq!(
        t(json!({"textTransform": "lowercase"}), "ÀB").unwrap().text,
        "àb"
    );
    assert!(t(json!({}), "   ").is_none(), "blank text is no text");
    let deco = t(json!({"textDecoration": "underline line-through"}), "x").unwrap();
    assert!(deco.decoration.underline && deco.decoration.line_through);
    let line_px = t(json!({"fontSize": 20, "lineHeight": "30px"}), "x").unwrap();
    assert_eq!(line_px.line_height, 1.5);
    // A bare string is a whole tree.
    let r = scene(json!("just text")).unwrap();
    assert_eq!(texts(&r), ["just text"]);
    let r = scene(json!(42)).unwrap();
    assert_eq!(texts(&r), ["42"]);
}

#[test]
fn fonts_by_name_and_weight() {
    let face = |style: Value| {
        let r = scene(json!({"type": "div", "props": {"style": style, "children": "Hé"}})).unwrap();
        (text_node(&r, 0).chain[0], r.unsupported)
    };
    let f = |role, w| crate::fonts::face_of(role, w).unwrap();
    assert_eq!(face(json!({})).0, f("sans", 400));
    // Every weight of sans is embedded: CSS font matching finds each one,
    // and picks between them as CSS says for the others.
    for w in [300, 400, 500, 600, 700, 800, 900] {
        assert_eq!(face(json!({"fontWeight": w})), (f("sans", w), None), "{w}");
    }
    for (asked, got) in [
        (100, 300),
        (250, 300),
        (350, 300),
        (450, 500),
        (550, 600),
        (650, 700),
        (950, 900),
    ] {
        assert_eq!(
            face(json!({"fontWeight": asked})),
            (f("sans", got), None),
            "{asked}"
        );
    }
    assert_eq!(face(json!({"fontWeight": "bold"})).0, f("sans", 700));
    assert_eq!(face(json!({"fontWeight": "lighter"})).0, f("sans", 300));
    assert_eq!(
        face(json!({"fontFamily": "Georgia, serif"})).0,
        f("serif", 400)
    );
    assert_eq!(face(json!({"fontFamily": "monospace"})).0, f("mono", 400));
    let (id, notes) = face(json!({"fontFamily": "serif", "fontWeight": "bold"}));
    assert_eq!(id, f("serif", 400));
    assert_eq!(notes.as_deref(), Some("fontWeight:700"));
    let (id, notes) = face(json!({"fontFamily": "Comic Sans MS"}));
    assert_eq!(id, f("sans", 400));
    assert_eq!(notes.as_deref(), Some("fontFamily:Comic Sans MS"));
    let r = scene(json!({"type": "code", "props": {"children": "x"}})).unwrap();
    assert_eq!(
        crate::fonts::FACES[usize::from(text_node(&r, 0).chain[0])].role,
        "mono"
    );
}

#[test]
fn italics_by_css_font_matching() {
    use crate::fonts::{styled_face, FACES};
    let face = |el: Value| {
        let r = scene(el).unwrap();
        (text_node(&r, 0).chain[0], r.unsupported)
    };
    let styled =
        |style: Value| face(json!({"type": "div", "props": {"style": style, "children": "Hé"}}));
    let italic = |w| styled_face("sans", w, true).unwrap();
    // Style narrows the faces before weight: an italic at any weight is the
    // nearer of the two italics; oblique falls back to italic.
    assert_eq!(styled(json!({"fontStyle": "italic"})), (italic(400), None));
    assert_eq!(styled(json!({"fontStyle": "oblique"})), (italic(400), None));
    for (w, got) in [
        (100, 400),
        (300, 400),
        (500, 400),
        (600, 700),
        (700, 700),
        (900, 700),
    ] {
        assert_eq!(
            styled(json!({"fontStyle": "italic", "fontWeight": w})),
            (italic(got), None),
            "{w}"
        );
    }
    assert_eq!(
        styled(json!({"fontStyle": "normal"})).0,
        crate::fonts::face_of("sans", 400).unwrap()
    );
    // The presets: <i> and <em> are italic, and a style can undo it.
    for tag in ["i", "em"] {
        assert_eq!(
            face(json!({"type": tag, "props": {"children": "Hé"}})),
            (italic(400), None),
            "{tag}"
        );
    }
    assert_eq!(
        face(json!({"type": "em", "props": {"style": {"fontStyle": "normal"}, "children": "Hé"}}))
            .0,
        crate::fonts::face_of("sans", 400).unwrap()
    );
    let bold_em =
        json!({"type": "b", "props": {"children": {"type": "em", "props": {"children": "Hé"}}}});
    assert_eq!(face(bold_em), (italic(700), None));
    // ASCII text takes the italic's core, as upright text takes its face's.
    let (id, _) = face(json!({"type": "em", "props": {"children": "Hi"}}));
    let core = &FACES[usize::from(id)];
    assert!(
        core.italic && core.tier == 0 && core.weight == 400,
        "{}",
        core.file
    );
    // Families without an italic are drawn upright, and say so.
    for (family, role) in [("serif", "serif"), ("monospace", "mono")] {
        assert_eq!(
            styled(json!({"fontFamily": family, "fontStyle": "italic"})),
            (
                crate::fonts::face_of(role, 400).unwrap(),
                Some("fontStyle:italic:fallback".to_owned())
            ),
            "{family}"
        );
    }
    // So are characters drawn from a fallback face without one.
    let (id, notes) = face(json!({"type": "i", "props": {"children": "Hé 你好"}}));
    assert_eq!(id, italic(400));
    assert_eq!(notes.as_deref(), Some("fontStyle:italic:fallback"));
}

#[test]
fn unknown_properties_are_a_header_or_a_strict_400() {
    let el = json!({"type": "div", "props": {"style": {"zIndex": 1, "filter": "blur(1px)"}, "tw": "p-4", "className": "x", "children": [
        {"type": "div", "props": {"style": {"zIndex": 2, "boxShadow": "inset 0 0 1px red"}}}
    ]}});
    let r = scene(el.clone()).unwrap();
    assert_eq!(
        r.unsupported.as_deref(),
        Some("boxShadow:inset, filter, tw, zIndex")
    );
    let strict =
        read(&json!({"width": 100, "height": 100, "strict": true, "element": el})).unwrap_err();
    assert_eq!((strict.status(), strict.code()), (400, "unsupported_style"));
    assert_eq!(
        strict.path(),
        Some("element.props.tw"),
        "the first in tree order"
    );
    let msg = strict.to_string();
    for name in ["boxShadow:inset", "filter", "tw", "zIndex"] {
        assert!(msg.contains(name), "{msg}");
    }
    // Strict and clean: the same answer as without strict.
    let clean = json!({"type": "div", "props": {"style": {"color": "red"}}});
    let a = read(&json!({"width": 100, "height": 100, "strict": true, "element": clean})).unwrap();
    let b = read(&json!({"width": 100, "height": 100, "element": clean})).unwrap();
    assert_eq!(canonical(&a), canonical(&b));
    // The header is part of the canonical form.
    let noted = read(&json!({"width": 100, "height": 100, "element": {"type": "div", "props": {"style": {"color": "red", "zIndex": 1}}}})).unwrap();
    assert_ne!(canonical(&noted), canonical(&b));
}

#[test]
fn errors_point_into_the_tree() {
    for (element, path, code) in [
        (
            json!({"type": "div", "props": {"children": [{"type": "p"}, "x", {"type": "div", "props": {"style": {"fontSize": "huge"}}}]}}),
            "element.props.children[2].props.style.fontSize",
            "bad_scene",
        ),
        (
            json!({"type": "container", "children": [{"type": "text", "text": "a", "style": {"margin": "1px 2px 3px 4px 5px"}}]}),
            "element.children[0].style.margin",
            "bad_scene",
        ),
        (
            json!({"type": "section", "props": {}}),
            "element.type",
            "bad_scene",
        ),
        (
            json!({"type": "div", "props": {"children": {"type": "marquee", "props": {}}}}),
            "element.props.children.type",
            "bad_scene",
        ),
        (json!({"props": {}}), "element", "bad_scene"),
        (
            json!({"type": "div", "style": {}, "props": {}}),
            "element.style",
            "bad_scene",
        ),
        (
            json!({"type": "div", "props": {"style": "color: red"}}),
            "element.props.style",
            "bad_scene",
        ),
        (
            json!({"type": "container", "children": "text"}),
            "element.children",
            "bad_scene",
        ),
        (
            json!({"type": "div", "props": {"children": [[["a", {"type": "b", "props": {"style": {"color": 1}}}]]]}}),
            "element.props.children[0][0][1].props.style.color",
            "bad_scene",
        ),
        (
            json!({"type": "img", "props": {"src": "https://example.com/a.png"}}),
            "element.props.src",
            "remote_image",
        ),
        (
            json!({"type": "image", "src": "http://example.com/a.png"}),
            "element.src",
            "remote_image",
        ),
        (
            json!({"type": "img", "props": {"src": "data:image/png;base64,AAAA"}}),
            "element.props.src",
            "bad_image",
        ),
        (
            json!({"type": "img", "props": {"width": 10}}),
            "element.props.src",
            "bad_scene",
        ),
        (
            json!({"type": "image", "src": 3}),
            "element.src",
            "bad_scene",
        ),
        (
            json!({"type": "img", "props": {"src": "asset:sample.png", "children": "x"}}),
            "element.props.children",
            "bad_scene",
        ),
        (
            json!({"type": "image", "src": "asset:sample.png", "children": []}),
            "element.children",
            "bad_scene",
        ),
        (
            json!({"type": "img", "props": {"src": "asset:sample.png", "width": true}}),
            "element.props.width",
            "bad_scene",
        ),
        (
            json!({"type": "img", "props": {"src": "asset:sample.png", "height": "tall"}}),
            "element.props.height",
            "bad_scene",
        ),
        (
            json!({"type": "img", "props": {"src": "asset:nope.png"}}),
            "element.props.src",
            "bad_image",
        ),
        (
            json!({"type": "div", "props": {"style": {"backgroundImage": "url(https://x.test/bg.png)"}}}),
            "element.props.style.backgroundImage",
            "remote_image",
        ),
        (
            json!({"type": "br", "props": {"children": "x"}}),
            "element.props.children",
            "bad_scene",
        ),
        (
            json!({"type": "div", "props": {"src": "x"}}),
            "element.props.src",
            "bad_scene",
        ),
        (json!([1]), "element", "bad_scene"),
        (json!(null), "element", "bad_scene"),
    ] {
        let e = scene(element.clone()).unwrap_err();
        assert_eq!((e.code(), e.path()), (code, Some(path)), "{element}: {e}");
        assert_eq!(e.status(), 400);
        let body: Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(body["error"]["path"], path);
    }
    let e = scene(json!({"type": "section", "props": {}})).unwrap_err();
    assert!(e.to_string().contains("`section`"), "{e}");
    let e =
        scene(json!({"type": "img", "props": {"src": "data:image/png;base64,AAAA"}})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the data is not a png image (it does not start with a png signature)"
    );
}

#[test]
fn hostile_values_are_400s() {
    for style in [
        json!({"width": "NaN"}),
        json!({"width": "Infinity"}),
        json!({"width": "1e40px"}),
        json!({"height": -1}),
        json!({"width": 1e300}),
        json!({"margin": "-1e9px"}),
        json!({"width": "calc(100% - 10px)"}),
        json!({"width": "10vw"}),
        json!({"width": "10furlongs"}),
        json!({"fontSize": "1e-9px"}),
        json!({"padding": "-4px"}),
        json!({"opacity": "NaN"}),
        json!({"transform": "rotate(1e40deg)"}),
        json!({"boxShadow": "0 0 1e6px red"}),
        json!({"borderRadius": "-2px"}),
        json!({"fontWeight": 1e9}),
        json!({"lineHeight": -2}),
        json!({"flexGrow": -1}),
        json!({"top": {"px": 1}}),
        json!({"color": ["red"]}),
    ] {
        let e = scene(json!({"type": "div", "props": {"style": style}})).unwrap_err();
        assert_eq!((e.status(), e.code()), (400, "bad_scene"), "{style}: {e}");
        assert!(
            e.path().unwrap().starts_with("element.props.style."),
            "{style}"
        );
    }
}

#[test]
fn request_fields() {
    let el = json!("x");
    for (doc, param, status) in [
        (json!({"height": 630, "element": el}), "width", 400),
        (
            json!({"width": 15, "height": 630, "element": el}),
            "width",
            400,
        ),
        (
            json!({"width": 1200.5, "height": 630, "element": el}),
            "width",
            400,
        ),
        (
            json!({"width": "1200", "height": 630, "element": el}),
            "width",
            400,
        ),
        (
            json!({"width": 1200, "height": 2049, "element": el}),
            "height",
            400,
        ),
        (
            json!({"width": 1200, "height": 630, "dpr": 4, "element": el}),
            "dpr",
            400,
        ),
        (
            json!({"width": 1200, "height": 630, "dpr": 0.5, "element": el}),
            "dpr",
            400,
        ),
        (
            json!({"width": 1200, "height": 630, "strict": "yes", "element": el}),
            "strict",
            400,
        ),
        (
            json!({"width": 1200, "height": 630, "format": "png", "element": el}),
            "format",
            400,
        ),
        (
            json!({"width": 2048, "height": 2048, "dpr": 2, "element": el}),
            "dpr",
            422,
        ),
    ] {
        let e = read(&doc).unwrap_err();
        assert_eq!((e.param(), e.status()), (Some(param), status), "{doc}");
    }
    let e = read(&json!({"width": 1200, "height": 630})).unwrap_err();
    assert_eq!((e.code(), e.path()), ("bad_scene", Some("element")));
    assert_eq!(read(&json!([1])).unwrap_err().code(), "bad_body");
    let r = read(&json!({"width": 1200.0, "height": 630, "dpr": 2, "element": el})).unwrap();
    assert_eq!(
        (r.scene.width, r.scene.height, r.scene.dpr),
        (1200, 630, 2.0)
    );
    assert!(read(&json!({"width": 1365, "height": 1365, "dpr": 1.5, "element": el})).is_ok());
}

/// A satori chain `depth` elements deep, as JSON text.
fn satori_chain(depth: usize) -> String {
    let open = r#"{"type":"div","props":{"children":"#.repeat(depth);
    format!(
        r#"{{"width":100,"height":100,"element":{open}"x"{}}}"#,
        "}}".repeat(depth)
    )
}

/// A Takumi chain `depth` nodes deep, as JSON text.
fn takumi_chain(depth: usize) -> String {
    let open = r#"{"type":"container","children":["#.repeat(depth);
    format!(
        r#"{{"width":100,"height":100,"element":{open}"x"{}}}"#,
        "]}".repeat(depth)
    )
}

#[test]
fn depth_is_limited_before_recursing() {
    let ok = |doc: String| read(&parse_strict(doc.as_bytes()).unwrap());
    assert!(ok(satori_chain(MAX_SCENE_DEPTH)).is_ok());
    assert!(ok(takumi_chain(MAX_SCENE_DEPTH)).is_ok());
    for doc in [
        satori_chain(MAX_SCENE_DEPTH + 1),
        takumi_chain(MAX_SCENE_DEPTH + 1),
    ] {
        let e = ok(doc).unwrap_err();
        assert_eq!((e.status(), e.code()), (422, "too_large"), "{e}");
        assert!(e.path().unwrap().starts_with("element."), "{e:?}");
        assert!(e.to_string().contains("deeper than 32"), "{e}");
    }
    // 10,000 deep: the JSON reader refuses it (its nesting limit is 128),
    // quickly and without recursing that deep.
    for doc in [satori_chain(10_000), takumi_chain(10_000)] {
        let started = std::time::Instant::now();
        let e = parse_strict(doc.as_bytes()).unwrap_err();
        assert_eq!((e.status(), e.code()), (400, "bad_body"));
        assert!(started.elapsed().as_secs() < 2);
    }
}

#[test]
fn nodes_and_text_are_limited() {
    let many: Vec<Value> = (0..100_000)
        .map(|_| json!({"type": "div", "props": {}}))
        .collect();
    let e = scene(json!({"type": "div", "props": {"children": many}})).unwrap_err();
    assert_eq!((e.status(), e.code()), (422, "too_large"));
    assert_eq!(
        e.path(),
        Some(format!("element.props.children[{}]", MAX_SCENE_NODES - 1).as_str())
    );
    let strings: Vec<Value> = (0..100_000).map(|_| json!("a")).collect();
    let e = scene(json!({"type": "container", "children": strings})).unwrap_err();
    assert_eq!(e.code(), "too_large");
    let fits: Vec<Value> = (0..MAX_SCENE_NODES - 1)
        .map(|_| json!({"type": "div", "props": {}}))
        .collect();
    assert!(scene(json!({"type": "div", "props": {"children": fits}})).is_ok());
    let long = "a".repeat(MAX_SCENE_TEXT_CHARS / 2 + 1);
    let e = scene(json!({"type": "div", "props": {"children": [long.clone(), long]}})).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        ("too_large", Some("element.props.children[1]"))
    );
    assert!(scene(
        json!({"type": "div", "props": {"children": "字".repeat(MAX_SCENE_TEXT_CHARS)}})
    )
    .is_ok());
    // Counted after NFC too: U+FB2C is three code points normalised.
    let wide = "\u{FB2C}".repeat(MAX_SCENE_TEXT_CHARS / 3 + 1);
    let e = scene(json!({"type": "div", "props": {"children": wide}})).unwrap_err();
    assert_eq!(e.code(), "too_large");
}

// ---- images ------------------------------------------------------------

/// Standard base64 with padding.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            s.push(if i <= c.len() {
                A[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    s
}

/// A `width × height` PNG of one RGBA colour, from the `png` crate.
fn png_bytes(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(png::ColorType::Rgba);
    e.set_depth(png::BitDepth::Eight);
    let mut w = e.write_header().unwrap();
    let data: Vec<u8> = (0..width * height).flat_map(|_| rgba).collect();
    w.write_image_data(&data).unwrap();
    w.finish().unwrap();
    out
}

fn png_uri(width: u32, height: u32, rgba: [u8; 4]) -> String {
    format!(
        "data:image/png;base64,{}",
        b64(&png_bytes(width, height, rgba))
    )
}

/// A 16×16 JPEG of four flat quadrants (`tests/fixtures/images/rgb.jpg`).
fn jpeg_uri() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images/rgb.jpg");
    format!(
        "data:image/jpeg;base64,{}",
        b64(&std::fs::read(path).unwrap())
    )
}

/// A PNG that is only a signature and an IHDR claiming `width × height`.
fn png_header_uri(width: u32, height: u32) -> String {
    let bytes = crate::image::testing::png_header(width, height);
    format!("data:image/png;base64,{}", b64(&bytes))
}

/// The image content of node `i`.
fn image_of(r: &SceneRequest, i: usize) -> render::ImageContent {
    match &r.scene.nodes[i].content {
        Content::Image(c) => *c,
        other => panic!("node {i} is not an image: {other:?}"),
    }
}

fn px_size(d: render::taffy::style::Dimension) -> Option<f32> {
    match d.expand() {
        render::taffy::style::ExpandedDimension::Length(v) => Some(v),
        _ => None,
    }
}

#[test]
fn img_draws_assets_and_data_uris() {
    use render::ObjectFit;
    // An asset at its intrinsic size: no layout size is set (the core
    // measures the image), fill, centred.
    let r = scene(json!({"type": "img", "props": {"src": "asset:sample.png", "alt": "a disc"}}))
        .unwrap();
    assert_eq!(r.scene.images.len(), 1);
    assert_eq!(
        (r.scene.images[0].width, r.scene.images[0].height),
        (64, 64)
    );
    let c = image_of(&r, 1);
    assert_eq!(
        (c.image, c.fit, c.position),
        (
            0,
            ObjectFit::Fill,
            (render::Len::Percent(0.5), render::Len::Percent(0.5))
        )
    );
    let l = &r.scene.nodes[1].layout;
    assert_eq!(
        (px_size(l.size.width), l.size.height.is_auto()),
        (None, true)
    );
    assert_eq!(r.unsupported, None);
    // A data: PNG and a data: JPEG, sized by their width and height props
    // (CSS px, as satori), which the style overrides.
    let png = png_uri(3, 2, [200, 0, 0, 255]);
    let r = scene(json!({"type": "div", "props": {"children": [
        {"type": "img", "props": {"src": png, "width": 30, "height": "20"}},
        {"type": "img", "props": {"src": jpeg_uri(), "width": 64, "height": 64, "style": {"width": 32}}},
        {"type": "img", "props": {"src": jpeg_uri(), "height": "2em"}},
    ]}}))
    .unwrap();
    let sizes: Vec<(u32, u32)> = r.scene.images.iter().map(|i| (i.width, i.height)).collect();
    assert_eq!(sizes, [(3, 2), (16, 16)], "the JPEG is loaded once");
    assert_eq!(r.scene.images[0].pixels[..4], [200, 0, 0, 255]);
    let size = |i: usize| {
        let l = &r.scene.nodes[i].layout;
        (px_size(l.size.width), px_size(l.size.height))
    };
    assert_eq!(size(2), (Some(30.0), Some(20.0)));
    assert_eq!(size(3), (Some(32.0), Some(64.0)));
    assert_eq!(size(4), (None, Some(32.0)), "2em of 16 px");
    assert_eq!(
        [
            image_of(&r, 2).image,
            image_of(&r, 3).image,
            image_of(&r, 4).image
        ],
        [0, 1, 1]
    );
    // Laid out: the props' size, and the aspect ratio for a missing side.
    let layout = render::layout_scene(&r.scene, &crate::fonts::Fonts::new());
    let b = |i: usize| {
        let p = &layout.nodes[i].border_box;
        (p.width, p.height)
    };
    assert_eq!(b(2), (30.0, 20.0));
    assert_eq!(b(4), (32.0, 32.0));
}

#[test]
fn both_shapes_of_an_image_have_one_canonical_form() {
    let src = png_uri(4, 4, [0, 90, 200, 255]);
    let style = json!({"objectFit": "cover", "borderRadius": "50%", "backgroundImage": "url(asset:sample.png)"});
    let a = scene(
        json!({"type": "img", "props": {"src": src, "width": 96, "height": 96, "style": style}}),
    )
    .unwrap();
    let b = scene(json!({"type": "image", "src": src, "width": 96, "height": 96, "style": style}))
        .unwrap();
    assert_eq!(canonical(&a), canonical(&b));
    // The canonical form holds the digest, not the pixels.
    let form = canonical(&a);
    assert!(form.contains("\"digest\""), "{form}");
    assert!(!form.contains("pixels"), "{form}");
    assert!(form.len() < 4000, "{} bytes", form.len());
    // Another image is another form.
    let c = scene(json!({"type": "image", "src": png_uri(4, 4, [0, 90, 201, 255]), "width": 96, "height": 96, "style": style})).unwrap();
    assert_ne!(canonical(&a), canonical(&c));
}

#[test]
fn object_fit_and_position() {
    use render::ObjectFit;
    let img = |style: Value| {
        scene(json!({"type": "img", "props": {"src": "asset:sample.png", "width": 100, "height": 100, "style": style}}))
            .unwrap()
    };
    for (fit, want) in [
        ("fill", ObjectFit::Fill),
        ("contain", ObjectFit::Contain),
        ("cover", ObjectFit::Cover),
        ("none", ObjectFit::None),
        ("scale-down", ObjectFit::ScaleDown),
    ] {
        assert_eq!(image_of(&img(json!({"objectFit": fit})), 1).fit, want);
    }
    let pc = render::Len::Percent;
    let c = image_of(
        &img(json!({"objectFit": "cover", "objectPosition": "left bottom"})),
        1,
    );
    assert_eq!(c.position, (pc(0.0), pc(1.0)));
    let c = image_of(
        &img(json!({"objectFit": "contain", "objectPosition": "25% 75%"})),
        1,
    );
    assert_eq!(c.position, (pc(0.25), pc(0.75)));
    // Lengths, past 100 % and negative go to the core as written (it
    // places them in the laid-out box), in a box of any size; `0` is 0 %.
    for style in [
        json!({"objectFit": "none", "objectPosition": "18px -9px"}),
        json!({"width": "50%", "height": 100, "objectFit": "contain", "objectPosition": "18px -9px"}),
    ] {
        let r = scene(json!({"type": "img", "props": {"src": "asset:sample.png", "style": style}}))
            .unwrap();
        let px = render::Len::Px;
        assert_eq!(image_of(&r, 1).position, (px(18.0), px(-9.0)));
        assert_eq!(r.unsupported, None);
    }
    let r = img(json!({"objectFit": "none", "objectPosition": "0 -0%"}));
    assert_eq!(image_of(&r, 1).position, (pc(0.0), pc(0.0)));
    let r = img(json!({"objectFit": "cover", "objectPosition": "150% -20%"}));
    assert_eq!(image_of(&r, 1).position, (pc(1.5), pc(-0.2)));
    // With fill no position moves the image: one canonical form.
    let r = img(json!({"objectPosition": "10px 10px"}));
    assert_eq!(image_of(&r, 1).position, (pc(0.5), pc(0.5)));
    // objectFit on an element that is not an image: no effect.
    let r = scene(json!({"type": "div", "props": {"style": {"objectFit": "cover"}}})).unwrap();
    assert_eq!(r.scene.nodes[1].content, Content::None);
}

#[test]
fn a_rounded_clipped_avatar() {
    // A red image in a 100 px circle: on the img itself, and on a parent
    // that clips it (overflow hidden).
    let red = png_uri(8, 8, [220, 20, 20, 255]);
    for element in [
        json!({"type": "div", "props": {"style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "white"}, "children":
            {"type": "img", "props": {"src": red, "width": 100, "height": 100, "style": {"borderRadius": "50%", "objectFit": "cover"}}}}}),
        json!({"type": "div", "props": {"style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "white"}, "children":
            {"type": "div", "props": {"style": {"display": "flex", "width": 100, "height": 100, "borderRadius": "50%", "overflow": "hidden"}, "children":
                {"type": "img", "props": {"src": red, "style": {"width": "100%", "height": "100%"}}}}}}}),
    ] {
        let mut r = read(&json!({"width": 100, "height": 100, "element": element})).unwrap();
        r.decode().unwrap();
        assert_eq!(r.unsupported, None);
        let pixmap = crate::glyph_cache::with_cache(|cache| {
            render::render_scene(&r.scene, &crate::fonts::Fonts::new(), cache)
        });
        let at = |x: u32, y: u32| {
            let p = pixmap.pixel(x, y).unwrap();
            [p.red(), p.green(), p.blue(), p.alpha()]
        };
        assert_eq!(at(50, 50), [220, 20, 20, 255], "the centre is the image");
        assert_eq!(at(20, 50), [220, 20, 20, 255]);
        for (x, y) in [(2, 2), (97, 2), (2, 97), (97, 97), (12, 12)] {
            assert_eq!(
                at(x, y),
                [255, 255, 255, 255],
                "corner ({x}, {y}) is clipped"
            );
        }
    }
}

#[test]
fn background_urls_with_size_position_and_repeat() {
    use render::{Background, BackgroundSize, Len};
    let bg = |style: Value| {
        let mut style = style;
        style["width"] = json!(200);
        style["height"] = json!(100);
        scene(json!({"type": "div", "props": {"style": style}})).unwrap()
    };
    // CSS's initial values: auto size, top left, repeat.
    let r = bg(json!({"backgroundImage": "url(asset:sample.png)"}));
    assert_eq!(
        r.scene.nodes[1].paint.backgrounds,
        [Background::Image {
            image: 0,
            size: BackgroundSize::Explicit(None, None),
            position: (Len::Percent(0.0), Len::Percent(0.0)),
            repeat: true
        }]
    );
    // cover, centred, once; quoted or not.
    for url in [
        "url(asset:sample.png)",
        "url('asset:sample.png')",
        "url( \"asset:sample.png\" )",
    ] {
        let r = bg(
            json!({"backgroundImage": url, "backgroundSize": "cover", "backgroundPosition": "center", "backgroundRepeat": "no-repeat"}),
        );
        assert_eq!(
            r.scene.nodes[1].paint.backgrounds,
            [Background::Image {
                image: 0,
                size: BackgroundSize::Cover,
                position: (Len::Percent(0.5), Len::Percent(0.5)),
                repeat: false
            }],
            "{url}"
        );
        assert_eq!(r.unsupported, None);
    }
    // With gradients in one list, in order; per-layer values repeat.
    let r = bg(json!({
        "backgroundImage": "linear-gradient(rgba(0,0,0,.5), transparent), url(asset:sample.png), url(asset:sample.png)",
        "backgroundSize": "auto, contain",
        "backgroundPosition": "right bottom, 25% 75%",
        "backgroundRepeat": "no-repeat",
    }));
    let layers = &r.scene.nodes[1].paint.backgrounds;
    assert!(matches!(layers[0], Background::Linear { .. }));
    assert_eq!(
        layers[1..],
        [
            Background::Image {
                image: 0,
                size: BackgroundSize::Contain,
                position: (Len::Percent(0.25), Len::Percent(0.75)),
                repeat: false
            },
            Background::Image {
                image: 0,
                size: BackgroundSize::Explicit(None, None),
                position: (Len::Percent(1.0), Len::Percent(1.0)),
                repeat: false
            },
        ]
    );
    assert_eq!(r.scene.images.len(), 1);
    // Lengths, past 100 % and negative: as written, in a box of any size.
    for width in [json!(200), json!("100%")] {
        let r = scene(json!({"type": "div", "props": {"style": {"width": width, "height": 100,
            "backgroundImage": "url(asset:sample.png)", "backgroundPosition": "71px -21px, 118% 40%"}}}))
        .unwrap();
        assert!(
            matches!(r.scene.nodes[1].paint.backgrounds[0], Background::Image { position: (Len::Px(x), Len::Px(y)), .. } if x == 71.0 && y == -21.0)
        );
        assert_eq!(r.unsupported, None);
    }
    let r =
        bg(json!({"backgroundImage": "url(asset:sample.png)", "backgroundPosition": "-50% 118%"}));
    assert!(
        matches!(r.scene.nodes[1].paint.backgrounds[0], Background::Image { position: (Len::Percent(x), Len::Percent(y)), .. } if x == -0.5 && y == 1.18)
    );
    // Repeats drawn approximately, and a sized gradient, are noted.
    let r = bg(
        json!({"backgroundImage": "url(asset:sample.png), linear-gradient(red, blue)", "backgroundRepeat": "repeat-x", "backgroundSize": "20px"}),
    );
    assert_eq!(
        r.unsupported.as_deref(),
        Some("backgroundRepeat:repeat-x, backgroundSize:gradient")
    );
}

#[test]
fn the_background_shorthand_takes_images_and_their_layer_values() {
    use render::{Background, BackgroundSize, Len, Rgba};
    let r = scene(json!({"type": "div", "props": {"style": {"width": 200, "height": 100,
        "background": "url('asset:sample.png') center/cover no-repeat, linear-gradient(135deg, #0f172a, #1e3a8a) #eee"}}}))
    .unwrap();
    let p = &r.scene.nodes[1].paint;
    assert_eq!(p.background_color, Rgba::rgb(0xeeeeee));
    assert_eq!(
        p.backgrounds[0],
        Background::Image {
            image: 0,
            size: BackgroundSize::Cover,
            position: (Len::Percent(0.5), Len::Percent(0.5)),
            repeat: false
        }
    );
    assert!(matches!(p.backgrounds[1], Background::Linear { .. }));
    assert_eq!(r.unsupported, None);
    // `position / size` spaced out, a two-value size, a two-value repeat;
    // a longhand after the shorthand wins whatever the key order.
    let r = scene(json!({"type": "div", "props": {"style": {"backgroundRepeat": "repeat", "width": 200, "height": 100,
        "background": "left 50% / 10% auto no-repeat no-repeat url(asset:sample.png) padding-box"}}}))
    .unwrap();
    assert_eq!(
        r.scene.nodes[1].paint.backgrounds[0],
        Background::Image {
            image: 0,
            size: BackgroundSize::Explicit(Some(Len::Percent(0.1)), None),
            position: (Len::Percent(0.0), Len::Percent(0.5)),
            repeat: true
        }
    );
    assert_eq!(r.unsupported.as_deref(), Some("background:padding-box"));
    for bad in [
        "url(asset:sample.png) center /",
        "url(asset:sample.png) / cover",
        "url(asset:sample.png) calc(1px)",
    ] {
        let e = scene(json!({"type": "div", "props": {"style": {"background": bad}}})).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("bad_scene", Some("element.props.style.background")),
            "{bad}: {e}"
        );
    }
}

#[test]
fn each_distinct_source_is_loaded_once() {
    let png = png_uri(2, 2, [1, 2, 3, 255]);
    let r = scene(json!({"type": "div", "props": {"style": {"backgroundImage": format!("url({png}), url(\"{png}\")")}, "children": [
        {"type": "img", "props": {"src": png}},
        {"type": "img", "props": {"src": png, "style": {"background": format!("url('{png}')")}}},
    ]}}))
    .unwrap();
    assert_eq!(r.scene.images.len(), 1);
    assert_eq!(image_of(&r, 3).image, 0);
    // Two sources of the same image are two (each charged to the budget).
    let r = scene(json!({"type": "div", "props": {"children": [
        {"type": "img", "props": {"src": "asset:sample.png"}},
        {"type": "img", "props": {"src": " asset:sample.png"}},
        {"type": "img", "props": {"src": jpeg_uri()}},
    ]}}))
    .unwrap();
    assert_eq!(r.scene.images.len(), 3);
    assert_eq!(r.scene.images[0].digest, r.scene.images[1].digest);
    assert_eq!(
        [
            image_of(&r, 2).image,
            image_of(&r, 3).image,
            image_of(&r, 4).image
        ],
        [0, 1, 2]
    );
}

/// Reading a scene opens its images (header, limits, budget, digest);
/// their pixels come in [`SceneRequest::decode`], where a fault in the
/// data itself is found, at the path of the image's first `src`.
#[test]
fn images_are_opened_when_read_and_decoded_after() {
    let good = png_uri(4, 4, [0, 90, 200, 255]);
    let bytes = png_bytes(4, 4, [0, 90, 200, 255]);
    let cut = format!("data:image/png;base64,{}", b64(&bytes[..bytes.len() - 20]));
    let doc = |second: &str| {
        request(json!({"type": "div", "props": {"children": [
            {"type": "img", "props": {"src": good, "width": 4, "height": 4}},
            {"type": "div", "props": {"style": {"backgroundImage": format!("url({second})")}}},
            {"type": "img", "props": {"src": second, "width": 4, "height": 4}},
        ]}}))
    };
    let mut r = read(&doc(&good)).unwrap();
    assert!(r.scene.images.iter().all(|i| i.pixels.is_empty()));
    let form = canonical(&r);
    r.decode().unwrap();
    assert_eq!(r.scene.images.len(), 1);
    assert_eq!(r.scene.images[0].pixels[..4], [0, 90, 200, 255]);
    assert_eq!(
        canonical(&r),
        form,
        "decoding does not change the canonical form"
    );
    r.decode().unwrap();
    assert_eq!(r.scene.images[0].pixels.len(), 64, "decoded once");
    // A truncated PNG: its header reads, its data does not.
    let mut r = read(&doc(&cut)).unwrap();
    assert_eq!(r.scene.images.len(), 2);
    let e = r.decode().unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.path()),
        (
            400,
            "bad_image",
            Some("element.props.children[1].props.style.backgroundImage")
        )
    );
    assert!(e.to_string().contains("png data is corrupt"), "{e}");
}

#[test]
fn images_that_are_not_drawn_are_checked_not_loaded() {
    // display: none, on the image or an ancestor, and an inline element's
    // background (only its text is drawn): validated, not in the scene.
    let r = scene(json!({"type": "div", "props": {"children": [
        {"type": "img", "props": {"src": "asset:sample.png", "style": {"display": "none"}}},
        {"type": "div", "props": {"style": {"display": "none", "backgroundImage": "url(asset:sample.png)"}, "children":
            {"type": "image", "src": jpeg_uri()}}},
        {"type": "p", "props": {"children": ["a ", {"type": "span", "props": {"style": {"backgroundImage": "url(asset:sample.png)"}, "children": "b"}}]}},
    ]}}))
    .unwrap();
    assert!(r.scene.images.is_empty());
    // A hidden image is still an error when its source is, or when it is
    // over a limit its header shows.
    for (src, code) in [
        ("data:image/png;base64,/9j/4AAQ".to_owned(), "bad_image"),
        ("https://example.com/a.png".to_owned(), "remote_image"),
        (png_header_uri(1, 100_000), "too_large"),
    ] {
        let e = scene(json!({"type": "div", "props": {"style": {"display": "none"}, "children": {"type": "img", "props": {"src": src}}}})).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            (code, Some("element.props.children.props.src"))
        );
    }
}

#[test]
fn image_errors_carry_the_path_of_their_source() {
    let lying = format!(
        "data:image/png;base64,{}",
        b64(&std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/images/rgb.jpg"
        ))
        .unwrap())
    );
    for (element, path, status, code, message) in [
        (
            json!({"type": "div", "props": {"children": ["x", {"type": "img", "props": {"src": lying}}]}}),
            "element.props.children[1].props.src",
            400,
            "bad_image",
            "the data: uri says image/png but its data is a jpeg image",
        ),
        (
            json!({"type": "container", "children": [{"type": "image", "src": lying}]}),
            "element.children[0].src",
            400,
            "bad_image",
            "the data: uri says image/png but its data is a jpeg image",
        ),
        (
            json!({"type": "div", "props": {"style": {"backgroundImage": format!("linear-gradient(red, blue), url({lying})")}}}),
            "element.props.style.backgroundImage",
            400,
            "bad_image",
            "the data: uri says image/png but its data is a jpeg image",
        ),
        (
            json!({"type": "img", "props": {"src": "data:image/svg+xml,<svg/>"}}),
            "element.props.src",
            400,
            "bad_image",
            "svg images are not supported",
        ),
        (
            json!({"type": "img", "props": {"src": "logo.png"}}),
            "element.props.src",
            400,
            "bad_image",
            "an image source must be",
        ),
        (
            json!({"type": "img", "props": {"src": "https://example.com/a.png", "width": 10}}),
            "element.props.src",
            400,
            "remote_image",
            "no remote fetch",
        ),
        (
            json!({"type": "div", "props": {"style": {"background": "url(//cdn.example.com/a.png) center / cover"}}}),
            "element.props.style.background",
            400,
            "remote_image",
            "no remote fetch",
        ),
        (
            json!({"type": "image", "src": png_header_uri(1, 100_000)}),
            "element.src",
            422,
            "too_large",
            "the image is 1×100000 pixels; the limit is 8192 per side",
        ),
        (
            json!({"type": "image", "src": png_header_uri(4096, 2048)}),
            "element.src",
            422,
            "too_large",
            "the limit is 4194304 per image",
        ),
    ] {
        let e = scene(element.clone()).unwrap_err();
        assert_eq!(
            (e.status(), e.code(), e.path()),
            (status, code, Some(path)),
            "{e}"
        );
        assert!(e.to_string().contains(message), "{e}");
    }
}

#[test]
fn the_scene_image_budget_is_a_422() {
    // Two 2048² images fill the scene's 8,388,608 pixels; a third, even a
    // tiny one, is refused (before it is decoded), at its path.
    let big = |grey: u8| {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 2048, 2048);
        e.set_color(png::ColorType::Grayscale);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().unwrap();
        w.write_image_data(&vec![grey; 2048 * 2048]).unwrap();
        w.finish().unwrap();
        format!("data:image/png;base64,{}", b64(&out))
    };
    let (a, b) = (big(10), big(20));
    let two = json!({"type": "div", "props": {"children": [
        {"type": "img", "props": {"src": a, "width": 10, "height": 10}},
        {"type": "img", "props": {"src": b, "width": 10, "height": 10}},
        {"type": "img", "props": {"src": a, "width": 10, "height": 10}},
    ]}});
    assert_eq!(scene(two.clone()).unwrap().scene.images.len(), 2);
    let mut three = two;
    three["props"]["children"][2]["props"]["src"] = json!("asset:sample.png");
    let e = scene(three).unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.path()),
        (
            422,
            "too_large",
            Some("element.props.children[2].props.src")
        )
    );
    assert!(
        e.to_string().contains("the limit is 8388608 per scene"),
        "{e}"
    );
}

#[test]
fn white_space_collapses_across_runs_and_transforms_each_in_its_style() {
    let b = |style: Value, text: &str| json!({"type": "span", "props": {"style": style, "children": text}});
    let r = scene(json!({"type": "p", "props": {"children": [
        "  one  ", b(json!({"color": "red"}), "  two "), b(json!({"textTransform": "uppercase", "color": "blue"}), " three"), "  "
    ]}}))
    .unwrap();
    assert_eq!(texts(&r), ["one two THREE"]);
    let t = text_node(&r, 0);
    let ends: Vec<u32> = t.spans.iter().map(|s| s.end).collect();
    // A collapsed run of spaces belongs to the run its first space is in.
    assert_eq!(ends, [4, 8, 13], "{:?}", t.spans);
    // The canonical form holds the spans: a colour change changes the ETag.
    let other = scene(json!({"type": "p", "props": {"children": [
        "  one  ", b(json!({"color": "green"}), "  two "), b(json!({"textTransform": "uppercase", "color": "blue"}), " three"), "  "
    ]}}))
    .unwrap();
    assert_ne!(canonical(&r), canonical(&other));
    // Letter spacing and size in em resolve per run.
    let r = scene(
        json!({"type": "p", "props": {"style": {"fontSize": 20}, "children": [
            "a ", b(json!({"fontSize": "2em", "letterSpacing": "0.1em"}), "b")
        ]}}),
    )
    .unwrap();
    let s = &text_node(&r, 0).spans[1];
    assert_eq!((s.size, s.letter_spacing), (40.0, 4.0));
}

#[test]
fn runs_keep_word_context_and_the_strut_notes_nothing() {
    let span = |style: Value, text: &str| json!({"type": "span", "props": {"style": style, "children": text}});
    let r = scene(
        json!({"type": "p", "props": {"style": {"textTransform": "capitalize"}, "children": [
            "foo", span(json!({"color": "red"}), "bar baz")
        ]}}),
    )
    .unwrap();
    assert_eq!(texts(&r), ["Foobar Baz"], "capitalize sees across runs");
    // Every character is in a regular span: the bold box draws nothing, so
    // its CJK bold fallback is not reported (and strict does not refuse).
    let tree = json!({"type": "p", "props": {"style": {"fontWeight": 700}, "children": [
        span(json!({"fontWeight": 400, "color": "blue"}), "你好"), span(json!({"fontWeight": 400}), "b")
    ]}});
    assert_eq!(scene(tree.clone()).unwrap().unsupported, None);
    let mut strict = request(tree);
    strict["strict"] = json!(true);
    assert!(read(&strict).is_ok());
    // How an inline element wraps is its box's: noted.
    let r = scene(json!({"type": "p", "props": {"children": [
        "Price:", span(json!({"whiteSpace": "pre"}), "   42")
    ]}}))
    .unwrap();
    assert_eq!(r.unsupported.as_deref(), Some("inline:whiteSpace"));
    // \r\n split across runs is one newline.
    let r = scene(
        json!({"type": "p", "props": {"style": {"whiteSpace": "pre"}, "children": [
            "a\r", span(json!({"color": "red"}), "\nb")
        ]}}),
    )
    .unwrap();
    assert_eq!(texts(&r), ["a\nb"]);
}

#[test]
fn lang_orders_the_cjk_faces_from_the_request_or_the_element() {
    let sans = crate::fonts::face_of("sans", 400).unwrap();
    let chain = |lang| crate::fonts::chain(sans, "中文", lang);
    let div = |lang: Value| json!({"type": "div", "props": {"lang": lang, "children": "中文"}});
    let ja = scene(div(json!("ja"))).unwrap();
    assert_eq!(text_node(&ja, 0).chain, chain(Some(crate::fonts::Lang::Ja)));
    // Inherited from the request, overridden by an element.
    let mut doc = request(json!({"type": "div", "props": {"children": [
        {"type": "div", "props": {"children": "中文"}},
        {"type": "div", "props": {"lang": "zh-Hans", "children": "中文"}},
    ]}}));
    doc["lang"] = json!("ko");
    let r = read(&doc).unwrap();
    assert_eq!(text_node(&r, 0).chain, chain(Some(crate::fonts::Lang::Ko)));
    assert_eq!(
        text_node(&r, 1).chain,
        chain(Some(crate::fonts::Lang::Hans))
    );
    // A language without a Han preference: the guess, as without one.
    let en = scene(div(json!("en-GB"))).unwrap();
    assert_eq!(text_node(&en, 0).chain, chain(None));
    // Takumi nodes take it too.
    let t = scene(json!({"type": "text", "lang": "ja", "text": "中文"})).unwrap();
    assert_eq!(text_node(&t, 0).chain, chain(Some(crate::fonts::Lang::Ja)));
    for bad in [json!("日本"), json!(3), json!("")] {
        let e = scene(div(bad.clone())).unwrap_err();
        assert_eq!(e.status(), 400, "{bad}");
        assert_eq!(e.path(), Some("element.props.lang"), "{bad}");
    }
    let mut doc = request(json!("中文"));
    doc["lang"] = json!("x");
    assert_eq!(read(&doc).unwrap_err().path(), Some("lang"));
}

#[test]
fn direction_is_inherited_and_text_align_start_end_follow_it() {
    use render::{Align, Direction};
    let r = scene(
        json!({"type": "div", "props": {"style": {"direction": "rtl", "textAlign": "end"},
        "children": [{"type": "div", "props": {"children": "שלום"}}]}}),
    )
    .unwrap();
    let t = text_node(&r, 0);
    assert_eq!((t.dir, t.align), (Direction::Rtl, Align::End));
    // CSS's initial values: ltr, start.
    let t = text_node(
        &scene(json!({"type": "div", "props": {"children": "Hi"}})).unwrap(),
        0,
    );
    assert_eq!((t.dir, t.align), (Direction::Ltr, Align::Start));
    let e =
        scene(json!({"type": "div", "props": {"style": {"direction": "auto"}, "children": "a"}}))
            .unwrap_err();
    assert_eq!(e.status(), 400, "{e}");
    // Decomposed text is stored composed.
    let t = text_node(
        &scene(json!({"type": "div", "props": {"children": "cafe\u{301}"}})).unwrap(),
        0,
    );
    assert_eq!(t.text, "café");
}
