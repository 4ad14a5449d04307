use serde_json::{json, Value};

use super::def::{self, check_refs, fit_size, parse, width_units};
use super::TEMPLATES;
use crate::reply::Reply;
use crate::serve::{handle, Env, Request};

fn send(req: &Request) -> Reply {
    handle(req, &Env { clock: &|| 0.0 })
}

fn get(url: &str) -> Reply {
    send(&Request::get(url))
}

fn error(r: &Reply) -> Value {
    serde_json::from_slice::<Value>(&r.body).unwrap()["error"].clone()
}

/// The families build.rs checks against: those of the font registry.
fn families() -> Vec<&'static str> {
    crate::fonts::FACES.iter().map(|f| f.family).collect()
}

/// What build.rs does to a template document.
fn build_check(doc: &Value) -> Result<def::Def, String> {
    let def = parse(doc)?;
    check_refs(&def, &crate::image::assets::names(), &families())?;
    Ok(def)
}

/// One way to break a template.
type Edit = Box<dyn FnOnce(&mut Value)>;

/// A small valid template; `edit` breaks it one way.
fn template(edit: impl FnOnce(&mut Value)) -> Result<def::Def, String> {
    let mut doc = json!({
        "description": "t",
        "params": [
            {"name": "title", "type": "text", "default": "Hi", "maxLength": 20, "fit": [[5, 40], [20, 20]]},
            {"name": "logo", "type": "image", "default": "logo.png"},
            {"name": "theme", "type": "enum", "default": "light", "values": {"light": {"bg": "#fff"}, "dark": {"bg": "#000"}}}
        ],
        "scene": {"width": 200, "height": 100, "element": {"type": "div", "props": {
            "style": {"display": "flex", "backgroundColor": "{{theme.bg}}", "fontFamily": "Noto Serif, serif"},
            "children": [
                {"type": "span", "props": {"style": {"fontSize": "{{title.size}}px"}, "children": "{{title}}"}},
                {"$if": "logo", "type": "img", "props": {"src": "{{logo}}", "width": 10, "height": 10}}
            ]}}}
    });
    edit(&mut doc);
    build_check(&doc)
}

#[test]
fn every_template_passes_the_build_check_and_has_a_theme() {
    assert!(TEMPLATES.len() >= 5);
    for t in TEMPLATES {
        let file = format!("{}/templates/{}.json", env!("CARGO_MANIFEST_DIR"), t.name);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let def = build_check(&doc).unwrap_or_else(|e| panic!("{}: {e}", t.name));
        let names: Vec<&str> = def.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, t.names, "{}", t.name);
        // The static tables build.rs wrote are the definition.
        assert_eq!(serde_json::from_str::<Value>(t.scene).unwrap(), def.scene);
        assert_eq!(t.description, def.description);
        for (p, q) in def.params.iter().zip(t.params) {
            assert_eq!(
                (p.name.as_str(), p.kind, p.default.as_str(), p.max_length),
                (q.name, q.kind, q.default, q.max_length)
            );
            assert_eq!(p.fit, q.fit);
            let values: Vec<(String, Vec<(String, String)>)> = q
                .values
                .iter()
                .map(|(v, vars)| {
                    (
                        (*v).to_owned(),
                        vars.iter()
                            .map(|(k, t)| ((*k).to_owned(), (*t).to_owned()))
                            .collect(),
                    )
                })
                .collect();
            assert_eq!(p.values, values);
            assert_eq!((p.min, p.max), (q.min, q.max));
        }
        let theme = def
            .params
            .iter()
            .find(|p| p.name == "theme")
            .expect("a theme");
        let values: Vec<&str> = theme.values.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["dark", "light"], "{}", t.name);
    }
}

#[test]
fn generic_families_are_the_ones_scenes_know() {
    for name in def::GENERIC_FAMILIES {
        assert!(crate::scene::style::family_role(name).is_some(), "{name}");
    }
}

#[test]
fn the_build_check_refuses_bad_templates() {
    assert!(template(|_| {}).is_ok());
    let cases: Vec<(Edit, &str)> = vec![
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["children"][0]["props"]["children"] =
                    json!("{{subtitle}}")
            }),
            "slot {{subtitle}} is not a declared parameter",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["children"][0]["props"]["children"] = json!("x")
            }),
            "title is declared but never used",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["style"]["backgroundColor"] = json!("#fff")
            }),
            "theme.bg is declared but never used",
        ),
        (
            Box::new(|d| d["scene"]["element"]["props"]["style"]["color"] = json!("{{title}}")),
            "text slots fill text only",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["children"][0]["props"]["children"] =
                    json!("{{title")
            }),
            "an unclosed {{",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["children"][0]["props"]["children"] =
                    json!("{{Title}}")
            }),
            "is not a slot name",
        ),
        (
            Box::new(|d| d["params"][1]["default"] = json!("nope.png")),
            "the default image \"nope.png\" is not in assets/",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["style"]["backgroundImage"] =
                    json!("url(asset:missing.png)")
            }),
            "asset:missing.png is not in assets/",
        ),
        (
            Box::new(|d| {
                d["scene"]["element"]["props"]["style"]["fontFamily"] = json!("Inter, sans-serif")
            }),
            "font family \"Inter\" is not embedded",
        ),
        (
            Box::new(|d| d["params"][0]["default"] = json!("far longer than twenty characters")),
            "longer than maxLength",
        ),
        (
            Box::new(|d| d["params"][0]["type"] = json!("string")),
            "type \"string\"",
        ),
        (
            Box::new(|d| d["params"][2]["default"] = json!("blue")),
            "the default is not one of the values",
        ),
        (
            Box::new(|d| d["params"][2]["values"]["dark"] = json!({"fg": "#000"})),
            "defines other variables",
        ),
        (
            Box::new(|d| d["params"][2]["name"] = json!("title")),
            "title is declared twice",
        ),
        (
            Box::new(|d| d["scene"]["element"]["props"]["children"][1]["$if"] = json!("nothing")),
            "$if names \"nothing\"",
        ),
        (
            Box::new(|d| d["extra"] = json!(1)),
            "unknown field \"extra\"",
        ),
        (
            Box::new(|d| d["params"][0]["fit"] = json!([[20, 40], [5, 20]])),
            "fit steps must grow",
        ),
    ];
    for (edit, expected) in cases {
        let e = template(edit).map(|_| ()).unwrap_err();
        assert!(e.contains(expected), "{e:?} does not say {expected:?}");
    }
    assert!(parse(&json!([1])).is_err());
}

#[test]
fn slots_are_filled_with_text_never_structure() {
    let def = template(|_| {}).unwrap();
    let hostile = r#"{{theme.bg}}"}, "x": {"type": "img""#;
    let filled = def::fill(&def.scene, &|slot| match slot {
        "title" => hostile.to_owned(),
        "title.size" => "20".to_owned(),
        "theme.bg" => "#000".to_owned(),
        _ => String::new(),
    });
    let children = &filled["element"]["props"]["children"];
    assert_eq!(
        children[0]["props"]["children"],
        json!(hostile),
        "verbatim, not re-filled"
    );
    assert_eq!(children[0]["props"]["style"]["fontSize"], json!("20px"));
    assert_eq!(
        children.as_array().unwrap().len(),
        1,
        "the $if logo element is gone"
    );
    assert_eq!(
        filled["element"]["props"]["style"]["backgroundColor"],
        json!("#000")
    );
    assert!(filled.to_string().find("$if").is_none());
}

#[test]
fn fit_sizes_by_width_units() {
    assert_eq!(width_units("abc"), 3);
    assert_eq!(width_units("中文한글かな"), 12);
    let fit = [(10, 60), (20, 40)];
    assert_eq!(fit_size(&fit, 0), 60);
    assert_eq!(fit_size(&fit, 10), 60);
    assert_eq!(fit_size(&fit, 11), 40);
    assert_eq!(fit_size(&fit, 500), 40, "past the last step: its size");
}

/// Every template with its defaults, in both themes: drawn, with nothing
/// unsupported and no missing glyph.
#[test]
fn every_template_draws_with_its_defaults() {
    for t in TEMPLATES {
        for theme in ["light", "dark"] {
            let r = get(&format!("/og/{}.png?theme={theme}", t.name));
            assert_eq!(
                r.status,
                200,
                "{}: {}",
                t.name,
                String::from_utf8_lossy(&r.body)
            );
            assert_eq!(r.header("content-type"), Some("image/png"));
            assert_eq!(r.header("x-unsupported-style"), None, "{} {theme}", t.name);
            assert_eq!(
                r.header("x-missing-glyphs"),
                Some("0"),
                "{} {theme}",
                t.name
            );
        }
    }
}

#[test]
fn the_route_contract() {
    let url = "/og/blog.png?title=Hello%20there&theme=dark&avatar=portrait-1.png";
    let a = get(url);
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let tag = a.header("etag").unwrap().to_owned();
    let timing = a.header("server-timing").unwrap();
    assert!(timing.starts_with("parse;"), "{timing}");
    // POST with the same fields: the same image and tag.
    let body = br#"{"title":"Hello there","theme":"dark","avatar":"asset:portrait-1.png"}"#;
    let p = send(&Request::post_json("/og/blog.png", body));
    assert_eq!((p.status, p.header("etag")), (200, Some(tag.as_str())));
    assert_eq!(p.body, a.body);
    // Spelling and defaults collapse: the same tag.
    let same =
        get("/og/blog.png?theme=DARK&title=Hello%20there&avatar=portrait-1.png&accent=%236366f1");
    assert_eq!(same.header("etag"), Some(tag.as_str()));
    assert_eq!(
        send(&Request::get(url).with_if_none_match(&tag)).status,
        304
    );
    assert_eq!(get(url).body, a.body, "deterministic");
    // Another value, another image.
    assert_ne!(
        get("/og/blog.png?title=Hello").header("etag"),
        Some(tag.as_str())
    );
}

#[test]
fn errors_name_the_parameter() {
    for (url, status, code, param) in [
        ("/og/blog.png?nope=1", 400, "unknown_param", "nope"),
        ("/og/blog.png?theme=sepia", 400, "bad_param", "theme"),
        ("/og/blog.png?accent=notacolour", 400, "bad_param", "accent"),
        (
            "/og/blog.png?avatar=https://example.com/a.png",
            400,
            "bad_param",
            "avatar",
        ),
        ("/og/blog.png?title=a&title=b", 400, "bad_param", "title"),
    ] {
        let r = get(url);
        let e = error(&r);
        assert_eq!(
            (r.status, e["code"].as_str(), e["param"].as_str()),
            (status, Some(code), Some(param)),
            "{url}: {e}"
        );
    }
    let long = "x".repeat(161);
    let r = get(&format!("/og/blog.png?title={long}"));
    let e = error(&r);
    assert_eq!((r.status, e["param"].as_str()), (400, Some("title")));
    assert_eq!(
        e["message"],
        "title must be at most 160 characters (it has 161)"
    );
    let r = get("/og/nope.png");
    assert_eq!(
        (r.status, error(&r)["code"].as_str()),
        (404, Some("not_found"))
    );
    assert!(
        error(&r)["message"].as_str().unwrap().contains("blog"),
        "names the templates"
    );
    assert_eq!(get("/og/../x.png").status, 404);
    let r = send(&Request::post_json(
        "/og/blog.png",
        br#"{"title":{"type":"div"}}"#,
    ));
    assert_eq!(
        (r.status, error(&r)["param"].as_str()),
        (400, Some("title")),
        "structure is refused"
    );
}

#[test]
fn long_titles_shrink_and_clamp() {
    // A longer title is drawn smaller (the fit step), and one past the
    // last step is clamped to its lines: still a 200 with nothing missing.
    let short = get("/og/blog.png?title=Short");
    let long = get(&format!(
        "/og/blog.png?title={}",
        "A very long title that keeps going ".repeat(4).trim()
    ));
    assert_eq!((short.status, long.status), (200, 200));
    assert_ne!(short.body, long.body);
}

#[test]
fn the_list() {
    let r = get("/templates");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let v: Value = serde_json::from_slice(&r.body).unwrap();
    let items = v["templates"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for name in ["article-zh", "blog", "event", "product", "quote"] {
        assert!(names.contains(&name), "{name}");
    }
    let blog = items.iter().find(|t| t["name"] == "blog").unwrap();
    assert_eq!(blog["path"], "/og/blog.png");
    assert_eq!(blog["width"], 1200);
    let title = &blog["params"][0];
    assert_eq!(
        (
            title["name"].as_str(),
            title["type"].as_str(),
            title["maxLength"].as_u64()
        ),
        (Some("title"), Some("text"), Some(160))
    );
    let theme = blog["params"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "theme")
        .unwrap();
    assert_eq!(theme["values"], json!(["dark", "light"]));
}
