//! Whole scene requests: shapes, canonical forms, lowering, errors, limits.

use render::{Content, Rgba, Wrap};
use serde_json::{json, Value};

use super::*;
use crate::params::{parse_strict, MAX_SCENE_DEPTH, MAX_SCENE_NODES, MAX_SCENE_TEXT_CHARS};

fn request(element: Value) -> Value {
    json!({"width": 1200, "height": 630, "element": element})
}

fn scene(element: Value) -> Result<SceneRequest, ApiError> {
    read(&request(element))
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
    assert_eq!(p.line_height, 1.2, "satori's normal");
    // The root default: 16 px, black.
    let r = scene(json!({"type": "h1", "props": {"children": "x"}})).unwrap();
    let h1 = text_node(&r, 0);
    assert_eq!((h1.size, h1.color), (32.0, Rgba::rgb(0x000000)));
}

#[test]
fn inline_children_make_one_paragraph_in_the_block_style() {
    let r = scene(json!({"type": "p", "props": {"style": {"color": "red"}, "children": [
        "Hello ", {"type": "b", "props": {"children": "bold"}}, " and ",
        {"type": "span", "props": {"style": {"color": "blue"}, "children": ["blue", {"type": "br", "props": {}}, "next"]}},
        " end  "
    ]}}))
    .unwrap();
    assert_eq!(texts(&r), ["Hello bold and blue\nnext end"]);
    assert_eq!(
        text_node(&r, 0).color,
        Rgba::rgb(0xff0000),
        "the block's style"
    );
    assert_eq!(
        r.unsupported.as_deref(),
        Some("inline:<b>, inline:color"),
        "the runs' own looks are noted"
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
    assert_eq!(face(json!({"fontWeight": 600})).0, f("sans", 700));
    assert_eq!(face(json!({"fontWeight": 500})).0, f("sans", 400));
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
            "bad_scene",
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
    assert_eq!(e.to_string(), "images are not supported yet");
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
}
