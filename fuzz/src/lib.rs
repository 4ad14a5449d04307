//! The fuzz targets' bodies, one function per target, shared by the
//! `cargo fuzz` targets (`fuzz/fuzz_targets/*.rs`, nightly) and the
//! regression replay `tests/fuzz_regressions.rs` (stable, in CI), which
//! includes this file as a module. Each body takes the fuzzer's bytes and
//! panics on a bug: a panic anywhere below, or an answer that is not a 2xx
//! or a 4xx ([`assert_answer`]).
//!
//! Inputs are kept small, so that one execution costs well under a
//! millisecond where the code allows: canvas and image sides, font sizes,
//! text lengths and pixel budgets are clamped here, before the code under
//! test sees them. What is hunted is panics, hangs, overflows and memory
//! blow-ups, not big images.

use edge_render::image::{self, ImageBudget};
use edge_render::params::{base64url, parse_color, parse_query, parse_strict};
use edge_render::scene::css::{self, Ctx, Raw};
use edge_render::serve::{handle, Env, Request};
use render::{Align, Direction, Rgba, Span, TextSpec, VAlign, Wrap};
use serde_json::{Map, Number, Value};

/// A target's body: the fuzzer's bytes in, a panic on a bug.
pub type Body = fn(&[u8]);

/// The fuzz targets: name and body, in the order `scripts/fuzz.sh` runs
/// them. The name is the `fuzz/fuzz_targets/<name>.rs` file and the
/// `fuzz/corpus/<name>/` folder.
pub const TARGETS: &[(&str, Body)] = &[
    ("query", query),
    ("json_body", json_body),
    ("scene", scene),
    ("css", css),
    ("color", color),
    ("text_layout", text_layout),
    ("image", image),
    ("render_get", render_get),
];

/// Largest canvas side (CSS px) a fuzzed render is allowed.
const SIDE: f64 = 64.0;
/// Largest font size (CSS px) a fuzzed render is allowed.
const FONT: f64 = 48.0;

fn clock() -> f64 {
    0.0
}

/// Panics unless `status` is a 2xx or a 4xx: every bad input is a clear
/// 4xx, never a 5xx.
pub fn assert_answer(status: u16, what: &str) {
    assert!(
        (200..300).contains(&status) || (400..500).contains(&status),
        "status {status} for {what}"
    );
}

/// Sends `req` through the serve path: the answer must be a 2xx or a 4xx,
/// and a rendered 200 must be the same bytes when the request comes again (same
/// request, same bytes: the glyph cache and the parsed faces it left
/// behind must not change the image).
fn send(req: &Request) -> u16 {
    let env = Env { clock: &clock };
    let reply = handle(req, &env);
    let what = || format!("{} {}?{}", req.method, req.path, req.query);
    assert_answer(reply.status, &what());
    // Renders only (they carry an ETag): `/health` is live state.
    if reply.status == 200 && reply.header("etag").is_some() {
        let again = handle(req, &env);
        assert!(
            again.body == reply.body,
            "a second {} answers other bytes",
            what()
        );
    }
    reply.status
}

/// The query reader (`src/params`): the bytes as a query string, then
/// every typed reader on the keys the routes use.
pub fn query(data: &[u8]) {
    let q = String::from_utf8_lossy(data);
    let Ok(params) = parse_query(&q) else { return };
    for key in [
        "size", "width", "height", "padding", "frames", "cols", "rows",
    ] {
        let _ = params.int(key, 10, 1, 2048);
    }
    for key in ["dpr", "stroke", "line_height", "size"] {
        let _ = params.float(key, 1.0, 0.5, 512.0);
    }
    let _ = params.floats("sizes", 6.0, 512.0, 16);
    for key in ["color", "bg", "text_color"] {
        let _ = params.color(key);
    }
    let _ = params.boolean("fit", false);
    let _ = params.choice("align", 0, &[("left", 0), ("center", 1), ("right", 2)]);
    let _ = params.only(&["size", "dpr", "color", "text"]);
    if let Some(tree) = params.get("tree") {
        let _ = base64url::decode(tree);
    }
}

/// The POST routes' paths (and two that take no body), one picked by the
/// first byte.
const POST_PATHS: &[&str] = &[
    "/text.png",
    "/text",
    "/render",
    "/render.png",
    "/heart.png",
    "/health",
];

/// JSON bodies of every route through the serve path: the first byte picks
/// the path, the rest is the body (numbers that size the image clamped).
pub fn json_body(data: &[u8]) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let path = POST_PATHS[usize::from(pick) % POST_PATHS.len()];
    let body = clamp_json_body(body);
    send(&Request::post_json(path, &body));
}

/// A scene tree (`/render`'s `element`) through the serve path, on a small
/// canvas: the bytes are the element's JSON as written.
pub fn scene(data: &[u8]) {
    let Some((&pick, element)) = data.split_first() else {
        return;
    };
    let (w, h) = (16 + u32::from(pick & 0x1f), 16 + u32::from(pick >> 5) * 6);
    let mut body = format!("{{\"width\":{w},\"height\":{h},\"element\":").into_bytes();
    body.extend_from_slice(element);
    body.push(b'}');
    send(&Request::post_json("/render", &body));
}

/// Style properties `css` picks from (every property `src/scene/style.rs`
/// reads, and a few it does not).
const PROPERTIES: &[&str] = &[
    "alignContent",
    "alignItems",
    "alignSelf",
    "aspectRatio",
    "background",
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "border",
    "borderBottom",
    "borderColor",
    "borderLeft",
    "borderRadius",
    "borderRight",
    "borderStyle",
    "borderTop",
    "borderWidth",
    "bottom",
    "boxShadow",
    "boxSizing",
    "color",
    "columnGap",
    "direction",
    "display",
    "flex",
    "flexBasis",
    "flexDirection",
    "flexFlow",
    "flexGrow",
    "flexShrink",
    "flexWrap",
    "fontFamily",
    "fontSize",
    "fontStyle",
    "fontWeight",
    "gap",
    "height",
    "inset",
    "justifyContent",
    "left",
    "letterSpacing",
    "lineClamp",
    "lineHeight",
    "margin",
    "marginTop",
    "maxHeight",
    "maxWidth",
    "minHeight",
    "minWidth",
    "objectFit",
    "objectPosition",
    "opacity",
    "overflow",
    "overflowWrap",
    "padding",
    "paddingLeft",
    "position",
    "right",
    "rowGap",
    "textAlign",
    "textDecoration",
    "textDecorationLine",
    "textOverflow",
    "textTransform",
    "top",
    "transform",
    "transformOrigin",
    "whiteSpace",
    "width",
    "wordBreak",
    "borderTopLeftRadius",
];

/// CSS value parsing: the first byte picks a property, the rest is its
/// value (a string; a JSON number when it reads as one and the top bit is
/// set). The value goes through the scene reader as one element's style
/// (the real dispatch: presets, shorthands, inheritance), and through the
/// value parsers of `src/scene/css.rs` directly.
pub fn css(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let property = PROPERTIES[usize::from(pick & 0x7f) % PROPERTIES.len()];
    let text = String::from_utf8_lossy(rest);
    let value = match text.trim().parse::<f64>().ok().and_then(Number::from_f64) {
        Some(n) if pick & 0x80 != 0 => Value::Number(n),
        _ => Value::String(text.clone().into_owned()),
    };
    let mut style = Map::new();
    style.insert(property.to_owned(), value.clone());
    let element = serde_json::json!({
        "type": "div",
        "props": { "style": Value::Object(style), "children": "Ab" },
    });
    let doc = serde_json::json!({ "width": 32, "height": 32, "element": element });
    let _ = edge_render::scene::read(&doc);

    let Some(raw) = Raw::from_json(&value) else {
        return;
    };
    let ctx = Ctx {
        em: 16.0,
        rem: 16.0,
    };
    let current = Rgba::rgb(0x336699);
    let mut notes = Vec::new();
    let _ = css::number(raw);
    let _ = css::length(raw, ctx, css::Accept::SIZE);
    let _ = css::sides(raw, ctx, css::Accept::OFFSET);
    let _ = css::color(raw, current);
    let _ = css::font_weight(raw, 400);
    let _ = css::line_height(raw, ctx);
    let _ = css::opacity(raw);
    let _ = css::background_size(raw, ctx);
    let _ = css::background_repeat(raw);
    let _ = css::border(raw, ctx, current);
    let _ = css::border_radius(raw, ctx);
    let _ = css::flex(raw, ctx);
    let _ = css::box_shadow(raw, ctx, current, &mut notes);
    let _ = css::transform(raw, ctx, &mut notes);
    let _ = css::aspect_ratio(raw);
    if let Raw::Str(s) = raw {
        let _ = css::angle(s);
        let _ = css::position(s, ctx);
        let _ = css::background_image(s, ctx, current, &mut notes);
        let _ = css::linear_gradient(s, ctx, current, &mut notes);
        let _ = css::radial_gradient(s, ctx, current, &mut notes);
        let _ = css::function(s);
    }
}

/// Colour parsing: the query parameters' reader and the scene's (with
/// `currentColor`).
pub fn color(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = parse_color("color", &text);
    let _ = css::color(Raw::Str(text.trim()), Rgba::rgb(0x102030));
}

/// A cursor over the fuzzer's bytes: numbers first, the rest as text.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    /// Any `f32` bit pattern (NaN and infinities included) when the tag
    /// byte's low bit is set, else a small number.
    fn f32(&mut self, small: f32) -> f32 {
        if self.u8() & 1 == 1 {
            f32::from_bits(u32::from_le_bytes([
                self.u8(),
                self.u8(),
                self.u8(),
                self.u8(),
            ]))
        } else {
            f32::from(self.u8()) / 255.0 * small
        }
    }
}

/// Text layout in the core (`render::layout_text`) on an arbitrary string
/// and sizes: the spec's numbers come from the first bytes (any float bit
/// pattern: the core clamps), the text is the rest. The faces the text
/// needs are parsed as the text route does; the layout is painted when its
/// box is small.
pub fn text_layout(data: &[u8]) {
    let mut b = Bytes(data);
    let flags = b.u8();
    let primary = b.u8();
    let mut spec = TextSpec {
        size: below(b.f32(FONT as f32), FONT as f32),
        line_height: b.f32(3.0),
        letter_spacing: b.f32(8.0) - 4.0,
        dpr: b.f32(3.0),
        width: (flags & 1 == 1).then(|| u32::from(b.u8())),
        height: (flags & 2 == 2).then(|| u32::from(b.u8())),
        padding: u32::from(b.u8() % 16),
        max_lines: (flags & 4 == 4).then(|| u32::from(b.u8() % 8)),
        fit: flags & 8 == 8,
        align: [
            Align::Left,
            Align::Center,
            Align::Right,
            Align::Justify,
            Align::Start,
            Align::End,
        ][usize::from(b.u8()) % 6],
        valign: [VAlign::Top, VAlign::Middle, VAlign::Bottom][usize::from(b.u8()) % 3],
        wrap: [Wrap::Word, Wrap::Char, Wrap::None][usize::from(b.u8()) % 3],
        dir: [Direction::Auto, Direction::Ltr, Direction::Rtl][usize::from(b.u8()) % 3],
        ..TextSpec::default()
    };
    let spans = usize::from(flags >> 4) % 4;
    let sizes = usize::from(b.u8() % 4);
    for _ in 0..sizes {
        spec.sizes.push(below(b.f32(FONT as f32), FONT as f32));
    }
    let mut span_ends = Vec::new();
    for _ in 0..spans {
        span_ends.push((
            u32::from(b.u16()),
            below(b.f32(FONT as f32), FONT as f32),
            b.u8(),
        ));
    }
    let text: String = String::from_utf8_lossy(b.0).chars().take(256).collect();
    spec.text = render::clean_text(&text);
    spec.chain = edge_render::fonts::chain(face(primary), &spec.text, None);
    for (end, size, style) in span_ends {
        spec.spans.push(Span {
            end,
            chain: edge_render::fonts::chain(face(style), &spec.text, None),
            size,
            line_height: 1.0 + f32::from(style & 3),
            color: Rgba::rgb(u32::from(style) * 0x010101),
            letter_spacing: 0.0,
            decoration: render::Decoration {
                underline: style & 4 == 4,
                line_through: style & 8 == 8,
            },
        });
    }
    let mut runs: Vec<(&str, &[u16])> = vec![(spec.text.as_str(), spec.chain.as_slice())];
    runs.extend(
        spec.spans
            .iter()
            .map(|s| (spec.text.as_str(), s.chain.as_slice())),
    );
    edge_render::fonts::load(runs);
    let fonts = edge_render::fonts::Fonts::new();
    let layout = render::layout_text(&spec, &fonts);
    let _ = (
        layout.lines(),
        layout.missing(),
        layout.line_texts(),
        layout.baselines(),
    );
    let _ = layout.glyph_origins().count();
    if u64::from(layout.width()) * u64::from(layout.height()) <= 128 * 128 {
        edge_render::glyph_cache::with_cache(|cache| {
            render::render_text(&layout, &spec, &fonts, cache)
        });
    }
}

/// `v`, or `max` when `v` is larger: NaN and -∞ pass (the core must
/// clamp them), +∞ and big sizes do not (they only cost time).
fn below(v: f32, max: f32) -> f32 {
    if v > max {
        max
    } else {
        v
    }
}

/// A primary face as the routes pick one: a family (sans, serif, mono), a
/// weight and a style, from one byte.
fn face(pick: u8) -> u16 {
    let role = ["sans", "serif", "mono"][usize::from(pick % 3)];
    let weight = 100 * (1 + u16::from(pick >> 2) % 9);
    edge_render::fonts::styled_face(role, weight, pick & 2 == 2)
        .or_else(|| edge_render::fonts::face_of(role, 400))
        .unwrap_or(0)
}

/// Image decoding (`src/image`): the first byte picks how the rest is
/// named — a base64 `data:` URI of PNG or JPEG type, a percent-encoded
/// one, or the rest as the whole `src` — and the loader decodes it within
/// a small pixel budget (so that a valid header of a big image is refused
/// before decoding, as a scene's budget does).
pub fn image(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mime = if pick & 1 == 0 {
        "image/png"
    } else {
        "image/jpeg"
    };
    let src = match (pick >> 1) % 4 {
        0 | 1 => format!("data:{mime};base64,{}", base64(rest)),
        2 => format!("data:{mime},{}", percent(rest)),
        _ => String::from_utf8_lossy(rest).into_owned(),
    };
    let _ = image::check(&src);
    let mut budget = ImageBudget::with_limit(256 * 256);
    if let Ok(img) = image::load(&src, &mut budget) {
        assert_eq!(
            img.pixels.len() as u64,
            u64::from(img.width) * u64::from(img.height) * 4,
            "decoded pixels for {}×{}",
            img.width,
            img.height
        );
    }
}

/// A whole render at small sizes: the bytes as a GET URL (path and query)
/// through the serve path, with the numbers that size the image clamped.
pub fn render_get(data: &[u8]) {
    let url = String::from_utf8_lossy(data);
    let url = clamp_url(&url);
    send(&Request::get(&url));
}

/// Query keys whose number sizes the work, and their largest fuzzed value.
const URL_CAPS: &[(&str, f64)] = &[
    ("size", FONT),
    ("width", SIDE),
    ("height", SIDE),
    ("padding", 8.0),
    ("dpr", 1.5),
    ("frames", 3.0),
    ("cols", 16.0),
    ("rows", 8.0),
    ("stroke", 4.0),
    ("max_lines", 4.0),
];

/// `url` with every capped key's number (see [`URL_CAPS`]) lowered to its
/// cap, `sizes` to at most three small sizes, and `tree` (a base64url
/// scene) clamped as a JSON body is. Anything it does not understand is
/// left as written.
pub fn clamp_url(url: &str) -> String {
    let Some((path, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(path);
    out.push('?');
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded: String = form_urlencoded::parse(key.as_bytes())
            .map(|(k, _)| k.into_owned())
            .next()
            .unwrap_or_default();
        let cap = URL_CAPS
            .iter()
            .find(|(k, _)| *k == decoded)
            .map(|&(_, c)| c);
        match (cap, value.parse::<f64>()) {
            (Some(cap), Ok(n)) if n > cap => out.push_str(&format!("{key}={cap}")),
            _ if decoded == "sizes" => {
                let sizes: Vec<&str> = value.split(',').take(3).collect();
                let small = sizes
                    .iter()
                    .map(|s| match s.parse::<f64>() {
                        Ok(n) if n > FONT => FONT.to_string(),
                        _ => (*s).to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join(",");
                out.push_str(&format!("{key}={small}"));
            }
            _ if decoded == "tree" => match base64url::decode(value) {
                Some(json) => {
                    let clamped = clamp_json_body(&json);
                    out.push_str(key);
                    out.push('=');
                    out.push_str(&base64url_encode(&clamped));
                }
                None => out.push_str(pair),
            },
            _ => out.push_str(pair),
        }
    }
    out
}

/// A JSON body with the numbers that size the image lowered: `width`,
/// `height`, `size`, `padding`, `dpr`, `sizes`, `fontSize` anywhere in the
/// document. A body that is not JSON, or needs no change, is kept byte for
/// byte (the strict reader's errors are fuzzed too); a changed one is
/// written anew.
pub fn clamp_json_body(body: &[u8]) -> Vec<u8> {
    let Ok(mut doc) = parse_strict(body) else {
        return body.to_vec();
    };
    if clamp_value(&mut doc, 0) {
        serde_json::to_vec(&doc).unwrap_or_else(|_| body.to_vec())
    } else {
        body.to_vec()
    }
}

fn clamp_value(v: &mut Value, depth: usize) -> bool {
    let mut changed = false;
    match v {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let cap = match key.as_str() {
                    "width" | "height" | "minWidth" | "minHeight" => Some(SIDE),
                    "size" | "fontSize" => Some(FONT),
                    "padding" => Some(8.0),
                    "dpr" => Some(1.5),
                    "max_lines" => Some(4.0),
                    _ => None,
                };
                if let (Some(cap), Some(n)) = (cap, item.as_f64()) {
                    if n > cap {
                        *item = Value::Number(Number::from_f64(cap).unwrap_or(Number::from(1)));
                        changed = true;
                        continue;
                    }
                }
                if key == "sizes" {
                    if let Value::Array(list) = item {
                        list.truncate(3);
                        for s in list.iter_mut() {
                            if s.as_f64().is_some_and(|n| n > FONT) {
                                *s = Value::from(FONT);
                            }
                        }
                        changed = true;
                        continue;
                    }
                }
                changed |= depth < 64 && clamp_value(item, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                changed |= depth < 64 && clamp_value(item, depth + 1);
            }
        }
        _ => {}
    }
    changed
}

/// Standard base64 with padding.
fn base64(data: &[u8]) -> String {
    encode64(
        data,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
        true,
    )
}

/// base64url without padding (the `tree` parameter's form).
fn base64url_encode(data: &[u8]) -> String {
    encode64(
        data,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        false,
    )
}

fn encode64(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let word = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= n {
                out.push(char::from(alphabet[((word >> (18 - 6 * i)) & 63) as usize]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Percent-encodes every byte outside printable ASCII (and `%`).
fn percent(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() * 3);
    for &b in data {
        if b.is_ascii_graphic() && b != b'%' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
