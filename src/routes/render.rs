//! `POST /render` (and `/render.png`): a scene — a satori or Takumi element
//! tree laid out with flexbox — as PNG; `GET /render.png?tree=<base64url>`
//! carries the same JSON in the URL (for an `og:image`).

use render::{layout_scene, paint_scene, Scene, SceneLayout};

use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::encode;
use crate::error::ApiError;
use crate::fonts;
use crate::glyph_cache;
use crate::params::{base64url, parse_strict, MAX_SCENE_BODY_BYTES};
use crate::scene::{self, budget, SceneRequest};
use crate::serve::Timing;

/// The scene route.
pub struct Render;

static INFO: RouteInfo = RouteInfo {
    name: "render",
    paths: &["/render.png", "/render"],
    allow: "GET, HEAD, POST",
    body: Body::Json,
    max_body: MAX_SCENE_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "a scene: a satori or Takumi element tree (flexbox, CSS styles) as PNG; POST the JSON, or GET with tree=<base64url of the same JSON>",
    params: "POST body: width, height (16–2048), dpr (1–3), element (the tree), strict; GET: tree",
    headers: &["x-unsupported-style", "x-missing-glyphs"],
    // A 160 px badge: a gradient, a radius, centred bold text.
    examples: &[(
        "/render.png?tree=eyJ3aWR0aCI6MTYwLCJoZWlnaHQiOjE2MCwiZWxlbWVudCI6eyJ0eXBlIjoiZGl2IiwicHJvcHMiOnsic3R5bGUiOnsiZGlzcGxheSI6ImZsZXgiLCJhbGlnbkl0ZW1zIjoiY2VudGVyIiwianVzdGlmeUNvbnRlbnQiOiJjZW50ZXIiLCJ3aWR0aCI6IjEwMCUiLCJoZWlnaHQiOiIxMDAlIiwiYmFja2dyb3VuZEltYWdlIjoibGluZWFyLWdyYWRpZW50KDEzNWRlZywgIzYzNjZmMSwgI2VjNDg5OSkiLCJib3JkZXJSYWRpdXMiOjI0LCJjb2xvciI6IndoaXRlIiwiZm9udFNpemUiOjMwLCJmb250V2VpZ2h0Ijo3MDB9LCJjaGlsZHJlbiI6IlNjZW5lIn19fQ",
        "scene: gradient badge",
    )],
    // The blog-post example card (examples/scenes/blog-post.satori.json).
    warm: &["/render.png?tree=eyJ3aWR0aCI6MTIwMCwiaGVpZ2h0Ijo2MzAsImVsZW1lbnQiOnsidHlwZSI6ImRpdiIsInByb3BzIjp7InN0eWxlIjp7ImRpc3BsYXkiOiJmbGV4IiwiZmxleERpcmVjdGlvbiI6ImNvbHVtbiIsImp1c3RpZnlDb250ZW50Ijoic3BhY2UtYmV0d2VlbiIsIndpZHRoIjoiMTAwJSIsImhlaWdodCI6IjEwMCUiLCJwYWRkaW5nIjo3MiwiYmFja2dyb3VuZEltYWdlIjoibGluZWFyLWdyYWRpZW50KDEzNWRlZywgIzBmMTcyYSAwJSwgIzFlM2E4YSAxMDAlKSIsImNvbG9yIjoiI2Y4ZmFmYyJ9LCJjaGlsZHJlbiI6W3sidHlwZSI6ImRpdiIsInByb3BzIjp7InN0eWxlIjp7ImRpc3BsYXkiOiJmbGV4IiwiYWxpZ25JdGVtcyI6ImNlbnRlciIsImdhcCI6MTZ9LCJjaGlsZHJlbiI6W3sidHlwZSI6ImRpdiIsInByb3BzIjp7InN0eWxlIjp7IndpZHRoIjo0OCwiaGVpZ2h0Ijo0OCwiYm9yZGVyUmFkaXVzIjoiNTAlIiwiYmFja2dyb3VuZENvbG9yIjoiIzM4YmRmOCJ9LCJjaGlsZHJlbiI6W119fSx7InR5cGUiOiJzcGFuIiwicHJvcHMiOnsic3R5bGUiOnsiZm9udFNpemUiOjI4LCJjb2xvciI6IiNiYWU2ZmQifSwiY2hpbGRyZW4iOiJlZGdlLXJlbmRlci5kZXYgLyBibG9nIn19XX19LHsidHlwZSI6ImRpdiIsInByb3BzIjp7InN0eWxlIjp7ImRpc3BsYXkiOiJmbGV4IiwiZmxleERpcmVjdGlvbiI6ImNvbHVtbiIsImdhcCI6MjB9LCJjaGlsZHJlbiI6W3sidHlwZSI6ImgxIiwicHJvcHMiOnsic3R5bGUiOnsiZm9udFNpemUiOjY4LCJmb250V2VpZ2h0Ijo3MDAsImxpbmVIZWlnaHQiOjEuMSwibWFyZ2luIjowfSwiY2hpbGRyZW4iOiJSZW5kZXJpbmcgc2hhcmUgY2FyZHMgYXQgdGhlIGVkZ2UgaW4gdHdvIG1pbGxpc2Vjb25kcyJ9fSx7InR5cGUiOiJwIiwicHJvcHMiOnsic3R5bGUiOnsiZm9udFNpemUiOjMwLCJjb2xvciI6IiNjYmQ1ZTEiLCJtYXJnaW4iOjB9LCJjaGlsZHJlbiI6IkZsZXhib3gsIGdyYWRpZW50cyBhbmQgdGV4dCBpbiBhbnkgbGFuZ3VhZ2UgXHUyMDE0IG5vdGhpbmcgZmV0Y2hlZC4ifX1dfX0seyJ0eXBlIjoiZGl2IiwicHJvcHMiOnsic3R5bGUiOnsiZGlzcGxheSI6ImZsZXgiLCJqdXN0aWZ5Q29udGVudCI6InNwYWNlLWJldHdlZW4iLCJmb250U2l6ZSI6MjYsImNvbG9yIjoiIzk0YTNiOCJ9LCJjaGlsZHJlbiI6W3sidHlwZSI6InNwYW4iLCJwcm9wcyI6eyJzdHlsZSI6e30sImNoaWxkcmVuIjoiQWRhIExvdmVsYWNlIn19LHsidHlwZSI6InNwYW4iLCJwcm9wcyI6eyJzdHlsZSI6e30sImNoaWxkcmVuIjoiRGVjZW1iZXIgMSwgMjAyNiJ9fV19fV19fX0"],
};

impl Route for Render {
    type Spec = SceneRequest;
    type Checked = (SceneRequest, SceneLayout);

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    /// The JSON body of a POST, or the `tree` of a GET: one document, one
    /// source (no query parameters beside it).
    fn parse(&self, input: &Input) -> Result<SceneRequest, ApiError> {
        if let Some(doc) = &input.body {
            input.params.only(&[])?;
            return scene::read(doc);
        }
        input.params.only(&["tree"])?;
        let tree = input.params.get("tree").ok_or_else(|| {
            ApiError::bad(
                "tree",
                "tree is required: the scene's JSON in base64url (or POST the JSON)",
            )
        })?;
        let bytes = base64url::decode(tree.trim()).ok_or_else(|| {
            ApiError::bad(
                "tree",
                "tree must be base64url (A–Z, a–z, 0–9, - and _; = padding optional)",
            )
        })?;
        // What is the body's fault in a POST is the tree's in a GET.
        let as_tree = |e: ApiError| match e {
            ApiError::BadBody(m) => ApiError::bad("tree", m.replacen("body", "tree", 1)),
            e => e,
        };
        let doc = parse_strict(&bytes).map_err(as_tree)?;
        scene::read(&doc).map_err(as_tree)
    }

    /// Parses the faces the text needs (`font`), lays the scene out
    /// (`layout`), checks what painting it will cost (a 422 over a memory
    /// or paint limit, before anything is decoded or painted), then decodes
    /// the images (`decode`: a 400 for corrupt data).
    fn check(
        &self,
        mut request: SceneRequest,
        timing: &mut Timing,
    ) -> Result<Self::Checked, ApiError> {
        let parsed = fonts::load(crate::scene::text_runs(&request.scene));
        timing.mark(fonts::phase(&parsed));
        // Layout needs the images' sizes only, which their headers gave.
        let layout = layout_scene(&request.scene, &fonts::Fonts::new());
        timing.mark("layout");
        budget::check(&request.scene, &layout, request.decoding_bytes())?;
        request.decode()?;
        timing.mark("decode");
        Ok((request, layout))
    }

    fn fonts_wanted(&self, request: &SceneRequest, out: &mut Vec<u16>) {
        for (text, chain) in crate::scene::text_runs(&request.scene) {
            fonts::wanted(text, chain, out);
        }
    }

    fn draw(&self, (request, layout): Self::Checked, timing: &mut Timing) -> Output {
        let SceneRequest {
            scene, unsupported, ..
        } = request;
        let pixmap = glyph_cache::with_cache(|cache| paint_scene(&scene, &layout, &fonts::Fonts::new(), cache));
        timing.mark("raster");
        let mut headers = vec![("x-missing-glyphs", missing_glyphs(&scene).to_string())];
        headers.extend(unsupported.map(|u| ("x-unsupported-style", u)));
        // The images are not needed to encode: their memory is free for it.
        drop((scene, layout));
        let body = encode::png(pixmap);
        timing.mark("encode");
        Output {
            content_type: "image/png",
            body,
            headers,
        }
    }
}

/// `X-Missing-Glyphs`: the characters of the scene's text that no embedded
/// face covers (drawn as boxes), over every paragraph — those a
/// `lineClamp` or an ellipsis cuts off included.
fn missing_glyphs(scene: &Scene) -> u32 {
    crate::scene::text_runs(scene)
        .map(|(text, chain)| fonts::missing(text, chain))
        .fold(0, u32::saturating_add)
}


#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::params::MAX_SCENE_BODY_BYTES;
    use crate::reply::Reply;
    use crate::serve::{handle, Env, Request};

    fn send(req: &Request) -> Reply {
        handle(req, &Env { clock: &|| 0.0 })
    }

    fn error(r: &Reply) -> Value {
        serde_json::from_slice::<Value>(&r.body).unwrap()["error"].clone()
    }

    fn base64url(bytes: &[u8]) -> String {
        const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            }
        }
        out
    }

    fn card() -> Value {
        json!({"width": 600, "height": 315, "dpr": 2, "element": {
            "type": "div",
            "props": {"style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "#1e3a8a", "color": "white", "fontSize": 48},
                      "children": "Hello, scene"}
        }})
    }

    /// A span's own chain (its weight, its `lang`) is what the registry
    /// is asked about: the faces to parse, to fetch and the budget.
    #[test]
    fn spans_are_drawn_from_their_own_chains() {
        let doc = json!({"width": 400, "height": 100, "element": {"type": "p", "props": {
            "children": ["مرحبا ", {"type": "b", "props": {"children": "عالم"}}]}}});
        let r = crate::scene::read(&doc).unwrap();
        let faces: Vec<&str> = crate::scene::text_runs(&r.scene)
            .flat_map(|(text, chain)| crate::fonts::faces_needed(text, chain))
            .map(|id| crate::fonts::FACES[usize::from(id)].file)
            .collect();
        assert!(faces.contains(&"NotoSansArabic-Bold.ttf"), "{faces:?}");
        assert!(faces.contains(&"NotoSansArabic-Regular.ttf"), "{faces:?}");
        // Spans in three regions, one Han character per tier each: every
        // face they touch is parsed and drawn from (once refused, when a
        // parsed face held every glyph's geometry).
        let span = |lang: &str, text: &str| json!({"type": "span", "props": {"lang": lang, "children": text}});
        let doc = json!({"width": 400, "height": 100, "lang": "zh-Hans", "element": {"type": "p", "props": {
            "children": ["中文", span("ja", "ァ更汚渋浩牌玖疽瞠痾渺挧緕閹我架汤浜渴炕煨瑛睢痫翕簋窀碹"), span("zh-Hant", "望泰池滋烘琦灶甥琇矜痤珖籯穋"), span("ko", "셔삽쉘뢸첬")]}}});
        let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("x-missing-glyphs"), Some("0"));
    }

    fn png_size(r: &Reply) -> (u32, u32) {
        let decoder = png::Decoder::new(std::io::Cursor::new(r.body.clone()));
        let info = decoder.read_info().unwrap();
        (info.info().width, info.info().height)
    }

    #[test]
    fn post_and_get_are_one_image() {
        let body = serde_json::to_vec(&card()).unwrap();
        let post = send(&Request::post_json("/render", &body));
        assert_eq!(post.status, 200, "{}", String::from_utf8_lossy(&post.body));
        assert_eq!(post.header("content-type"), Some("image/png"));
        assert_eq!(png_size(&post), (1200, 630), "width × dpr");
        let timing = post.header("server-timing").unwrap();
        let phases: Vec<&str> = timing.split(", ").map(|p| p.split(';').next().unwrap()).collect();
        assert_eq!(phases, ["parse", "font", "layout", "decode", "raster", "encode"]);
        assert_eq!(post.header("x-unsupported-style"), None);
        assert_eq!(post.header("x-missing-glyphs"), Some("0"));
        let url = format!("/render.png?tree={}", base64url(&body));
        let get = send(&Request::get(&url));
        assert_eq!(get.status, 200);
        assert_eq!(get.header("etag"), post.header("etag"));
        assert_eq!(get.body, post.body);
        let encoded = base64url(&body);
        assert_ne!(encoded.len() % 4, 0, "the test needs a padded form");
        let padded = format!("{url}{}", "=".repeat(4 - encoded.len() % 4));
        let again = send(&Request::get(&padded));
        assert_eq!(again.header("etag"), post.header("etag"), "padding is optional");
        // The alias, reordered keys and the other shape: the same tag.
        let takumi = json!({"dpr": 2, "element": {"type": "container", "children": ["Hello, scene"],
            "style": {"fontSize": "48px", "color": "#fff", "backgroundColor": "rgb(30, 58, 138)", "height": "100%", "width": "100%", "display": "flex"}},
            "height": 315, "width": 600});
        let other = send(&Request::post_json("/render.png", &serde_json::to_vec(&takumi).unwrap()));
        assert_eq!(other.header("etag"), post.header("etag"));
        // HEAD and 304.
        let head = send(&Request::get(&url).with_method("HEAD"));
        assert_eq!((head.status, head.body.len()), (200, 0));
        let tag = post.header("etag").unwrap();
        assert_eq!(send(&Request::get(&url).with_if_none_match(tag)).status, 304);
    }

    /// Characters no face covers (runes, hieroglyphs), over every text of
    /// the scene (a hidden one is not drawn: not counted).
    #[test]
    fn missing_glyphs_are_counted_over_the_scene() {
        let mut doc = card();
        doc["element"]["props"]["children"] = json!([
            "Hi ᚠᚢᚦ 𓀀",
            {"type": "p", "props": {"children": "中文 \u{200d}\u{fe0f} ok"}},
            {"type": "p", "props": {"style": {"lineClamp": 1}, "children": "cut ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ ᚠ"}},
            {"type": "span", "props": {"style": {"display": "none"}, "children": "ᚠ"}},
        ]);
        let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("x-missing-glyphs"), Some("31"), "4 + 0 + 27");
    }

    #[test]
    fn the_unsupported_header_and_strict() {
        let mut doc = card();
        doc["element"]["props"]["style"]["filter"] = json!("blur(2px)");
        doc["element"]["props"]["style"]["zIndex"] = json!(3);
        let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("x-unsupported-style"), Some("filter, zIndex"));
        doc["strict"] = json!(true);
        let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
        assert_eq!(r.status, 400);
        let e = error(&r);
        assert_eq!(e["code"], "unsupported_style");
        assert_eq!(e["path"], "element.props.style.filter");
    }

    #[test]
    fn errors() {
        for (url, param) in [
            ("/render.png", "tree"),
            ("/render.png?tree=%%%", "tree"),
            ("/render.png?tree=abc*", "tree"),
            ("/render.png?tree=Zg", "tree"),      // "f": not JSON
            ("/render.png?tree=WzFd", "tree"),    // [1]: not an object
            ("/render.png?tree=e30&width=5", "width"),
        ] {
            let r = send(&Request::get(url));
            assert_eq!(r.status, 400, "{url}");
            assert_eq!(error(&r)["param"], param, "{url}");
        }
        let e = error(&send(&Request::get("/render.png?tree=Zg")));
        assert!(e["message"].as_str().unwrap().starts_with("tree is not valid JSON"), "{e}");
        // Query parameters beside a POST body: one source only.
        let body = serde_json::to_vec(&card()).unwrap();
        let r = send(&Request::post_json("/render?width=10", &body));
        assert_eq!((r.status, error(&r)["code"].as_str()), (400, Some("unknown_param")));
        // A path into the tree, and the remote image code.
        let mut doc = card();
        doc["element"]["props"]["children"] = json!([{"type": "img", "props": {"src": "https://example.com/logo.png"}}]);
        let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
        let e = error(&r);
        assert_eq!((r.status, e["code"].as_str()), (400, Some("remote_image")));
        assert_eq!(e["path"], "element.props.children[0].props.src");
        assert!(e["message"].as_str().unwrap().contains("data: URI"));
        // Duplicate keys anywhere in the tree.
        let r = send(&Request::post_json(
            "/render",
            br#"{"width":100,"height":100,"element":{"type":"div","props":{"style":{"color":"red","color":"blue"}}}}"#,
        ));
        assert_eq!((r.status, error(&r)["code"].as_str()), (400, Some("bad_body")));
        // Too large together: a 422 naming dpr.
        let r = send(&Request::post_json(
            "/render",
            br#"{"width":2048,"height":2048,"dpr":3,"element":"x"}"#,
        ));
        assert_eq!((r.status, error(&r)["param"].as_str()), (422, Some("dpr")));
        // A deep tree (6,000 levels, 222 KB): a quick 400, no overflow.
        let deep = format!(
            r#"{{"width":100,"height":100,"element":{}"x"{}}}"#,
            r#"{"type":"div","props":{"children":"#.repeat(6_000),
            "}}".repeat(6_000)
        );
        assert!(deep.len() < MAX_SCENE_BODY_BYTES);
        let r = send(&Request::post_json("/render", deep.as_bytes()));
        assert_eq!((r.status, error(&r)["code"].as_str()), (400, Some("bad_body")));
        let r = send(&Request::get(&format!("/render.png?tree={}", base64url(deep.as_bytes()))));
        assert!(r.status == 400 || r.status == 414, "{}", r.status);
    }

    /// A `width × height` PNG of one colour, as a `data:` URI.
    fn png_uri(width: u32, height: u32, rgba: [u8; 4]) -> String {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, width, height);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        let mut w = e.write_header().unwrap();
        let data: Vec<u8> = (0..width * height).flat_map(|_| rgba).collect();
        w.write_image_data(&data).unwrap();
        w.finish().unwrap();
        format!("data:image/png;base64,{}", b64(&out))
    }

    /// Standard base64, unpadded.
    fn b64(bytes: &[u8]) -> String {
        base64url(bytes).replace('-', "+").replace('_', "/")
    }

    /// The RGBA pixel at (x, y) of a PNG answer.
    fn pixel(r: &Reply, x: u32, y: u32) -> [u8; 4] {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(r.body.clone()));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let i = (y as usize * info.width as usize + x as usize) * channels;
        match channels {
            4 => [buf[i], buf[i + 1], buf[i + 2], buf[i + 3]],
            2 => [buf[i], buf[i], buf[i], buf[i + 1]],
            _ => unreachable!("expanded with alpha"),
        }
    }

    #[test]
    fn images_in_both_shapes() {
        // A data: PNG img and an asset: background, in each shape.
        let green = png_uri(4, 4, [0, 160, 60, 255]);
        let satori = json!({"width": 200, "height": 100, "element": {"type": "div", "props": {
            "style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "white",
                      "background": "url(asset:sample.png) right center / contain no-repeat, white"},
            "children": [{"type": "img", "props": {"src": green, "width": 50, "height": 50, "style": {"borderRadius": 8}}}]}}});
        let takumi = json!({"width": 200, "height": 100, "element": {"type": "container",
            "style": {"display": "flex", "width": "100%", "height": "100%", "backgroundColor": "white",
                      "background": "url(asset:sample.png) right center / contain no-repeat, white"},
            "children": [{"type": "image", "src": green, "width": 50, "height": 50, "style": {"borderRadius": 8}}]}});
        let a = send(&Request::post_json("/render", &serde_json::to_vec(&satori).unwrap()));
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        assert_eq!(a.header("x-unsupported-style"), None);
        let b = send(&Request::post_json("/render", &serde_json::to_vec(&takumi).unwrap()));
        assert_eq!(b.header("etag"), a.header("etag"), "one canonical form");
        assert_eq!(b.body, a.body);
        let get = send(&Request::get(&format!(
            "/render.png?tree={}",
            base64url(&serde_json::to_vec(&satori).unwrap())
        )));
        assert_eq!((get.status, get.header("etag")), (200, a.header("etag")));
        // The image at its props' size, the asset's disc contained on the
        // right (a 100 px square whose centre is the disc's), white between.
        assert_eq!(pixel(&a, 25, 25), [0, 160, 60, 255]);
        assert_eq!(pixel(&a, 75, 25), [255, 255, 255, 255]);
        let disc = pixel(&a, 150, 50);
        assert!(disc[0] > 150 && disc[2] > 60 && disc[1] < 150, "{disc:?}");
        assert_eq!(pixel(&a, 102, 2), [255, 255, 255, 255], "outside the disc");
        // Another image is another ETag.
        let mut other = satori.clone();
        other["element"]["props"]["children"][0]["props"]["src"] = json!(png_uri(4, 4, [0, 160, 61, 255]));
        let c = send(&Request::post_json("/render", &serde_json::to_vec(&other).unwrap()));
        assert_ne!(c.header("etag"), a.header("etag"));
    }

    #[test]
    fn image_errors() {
        let post = |element: Value| {
            let doc = json!({"width": 100, "height": 100, "element": element});
            let r = send(&Request::post_json("/render", &serde_json::to_vec(&doc).unwrap()));
            let e = error(&r);
            (r.status, e["code"].as_str().unwrap().to_owned(), e["path"].as_str().unwrap().to_owned(), e["message"].as_str().unwrap().to_owned())
        };
        // A data: URI that lies about its type.
        let jpeg_as_png = png_uri(2, 2, [0; 4]).replace("image/png", "image/jpeg");
        let (status, code, path, message) = post(json!({"type": "div", "props": {"children": [{"type": "img", "props": {"src": jpeg_as_png}}]}}));
        assert_eq!((status, code.as_str(), path.as_str()), (400, "bad_image", "element.props.children[0].props.src"));
        assert_eq!(message, "the data: uri says image/jpeg but its data is a png image");
        let (status, code, path, _) = post(json!({"type": "container", "style": {"backgroundImage": "url(data:image/png;base64,R0lGODlhAQABAAAAACw=)"}}));
        assert_eq!((status, code.as_str(), path.as_str()), (400, "bad_image", "element.style.backgroundImage"));
        // A remote URL, in a background.
        let (status, code, path, message) = post(json!({"type": "div", "props": {"style": {"background": "url('https://example.com/bg.png') center / cover"}}}));
        assert_eq!((status, code.as_str(), path.as_str()), (400, "remote_image", "element.props.style.background"));
        assert!(message.contains("asset:NAME"), "{message}");
        // A 1 × 100,000 PNG header: refused from the header, nothing
        // allocated for its pixels.
        let strip = crate::image::testing::png_header(1, 100_000);
        let src = format!("data:image/png;base64,{}", b64(&strip));
        let (status, code, path, message) = post(json!({"type": "image", "src": src}));
        assert_eq!((status, code.as_str(), path.as_str()), (422, "too_large", "element.src"));
        assert_eq!(message, "the image is 1×100000 pixels; the limit is 8192 per side");
    }

    #[test]
    fn bodies_up_to_the_scene_limit() {
        // Over the text route's 16 KB, under the scene limit: read.
        let boxes: Vec<Value> = (0..600)
            .map(|i| json!({"type": "div", "props": {"style": {"width": 10, "height": 10, "backgroundColor": format!("#{:06x}", i * 999)}}}))
            .collect();
        let doc = json!({"width": 1200, "height": 630, "element": {"type": "div", "props": {"style": {"flexWrap": "wrap"}, "children": boxes}}});
        let body = serde_json::to_vec(&doc).unwrap();
        assert!(body.len() > crate::params::MAX_BODY_BYTES);
        assert_eq!(send(&Request::post_json("/render", &body)).status, 200);
        let big = vec![b' '; MAX_SCENE_BODY_BYTES + 1];
        let r = send(&Request::post_json("/render", &big));
        assert_eq!(r.status, 413);
        assert!(error(&r)["message"].as_str().unwrap().contains(&MAX_SCENE_BODY_BYTES.to_string()));
        assert_eq!(
            crate::routes::body_limit("POST", "/render"),
            Some(MAX_SCENE_BODY_BYTES)
        );
        let r = send(&Request {
            content_type: Some("text/plain"),
            ..Request::post_json("/render", &body)
        });
        assert_eq!(r.status, 415);
    }
}
