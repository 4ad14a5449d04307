//! `/api/?name=…`: initials avatars in ui-avatars' URL grammar (query
//! parameters, or the path-segment form
//! `/api/{name}/{size}/{background}/{color}/{length}/{font-size}/{rounded}/{uppercase}/{bold}/{format}`),
//! as PNG (drawn as a scene: a box, centred text) or SVG (chosen by
//! `format=svg`, or without `format` by `Accept: image/svg+xml`).

use serde::Serialize;
use serde_json::json;

use super::placeholder::svg_box;
use super::render::Render;
use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::error::ApiError;
use crate::params::{parse_color, parse_query, Params};
use crate::scene::{self, SceneRequest};
use crate::serve::{Timing, SVG_TYPE};

/// The avatar route.
pub struct Avatar;

/// Its parameters, in the order of the path-segment form.
const PARAMS: &[&str] = &[
    "name",
    "size",
    "background",
    "color",
    "length",
    "font-size",
    "rounded",
    "uppercase",
    "bold",
    "format",
];

static INFO: RouteInfo = RouteInfo {
    name: "avatar",
    paths: &["/api/", "/api"],
    allow: "GET, HEAD",
    body: Body::None,
    max_body: crate::params::MAX_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "an initials avatar in ui-avatars' grammar (query or /api/{name}/{size}/{background}/…), PNG or SVG (format=, else Accept)",
    params: "name, size (16–512: clamped, as ui-avatars does), background (hex, CSS, or random), color, length (≥ 1), font-size (× size, at most 1), rounded, uppercase, bold, format=png|svg (else by Accept)",
    headers: &["x-missing-glyphs", "x-unsupported-style", "vary"],
    examples: &[("/api/?name=John+Doe&size=160&background=random", "avatar, ui-avatars URL")],
    warm: &[],
};

// ui-avatars' defaults, as its code (`Utils/Input.php` of
// github.com/LasseRafn/ui-avatars) and its page (ui-avatars.com) give them.
/// `name`.
const DEFAULT_NAME: &str = "John Doe";
/// `background`: `ddd`.
const DEFAULT_BG: &str = "#dddddd";
/// `color`: `222`.
const DEFAULT_FG: &str = "#222222";
/// `font-size`: 0.4375 in the code since January 2021 (commit 34ea1bc);
/// the page still says 0.5. The code is what the service draws.
const DEFAULT_FONT_SIZE: f32 = 0.4375;
/// `bold`: the weight of ui-avatars' SVG text (its PNG uses a bold face;
/// ours is 700).
const SVG_BOLD: u16 = 600;

/// What is drawn.
#[derive(Debug, Serialize)]
pub enum AvatarSpec {
    /// A PNG: the avatar as a scene, and whether the format came from
    /// `Accept` (the answer then says `Vary`).
    Png(SceneRequest, bool),
    /// An SVG.
    Svg(SvgAvatar),
}

/// An SVG avatar's facts.
#[derive(Debug, Serialize)]
pub struct SvgAvatar {
    size: u32,
    bg: render::Rgba,
    color: render::Rgba,
    rounded: bool,
    font_px: f32,
    bold: bool,
    initials: String,
    /// Whether the format came from `Accept` (the answer says `Vary`).
    negotiated: bool,
}

/// What checking leaves.
pub enum Checked {
    /// A laid-out scene, and whether the format came from `Accept`.
    Png(<Render as Route>::Checked, bool),
    /// An SVG.
    Svg(SvgAvatar),
}

impl Route for Avatar {
    type Spec = AvatarSpec;
    type Checked = Checked;

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    fn matches(&self, path: &str) -> bool {
        path == "/api"
            || path
                .strip_prefix("/api/")
                .is_some_and(|rest| rest.split('/').count() <= PARAMS.len())
    }

    fn parse(&self, input: &Input) -> Result<AvatarSpec, ApiError> {
        input.params.only(PARAMS)?;
        // The path-segment form: each segment is the parameter in its place.
        let mut q = form_urlencoded::Serializer::new(String::new());
        let segments = input.path.strip_prefix("/api").unwrap_or("").trim_matches('/');
        if !segments.is_empty() {
            for (key, seg) in PARAMS.iter().zip(segments.split('/')) {
                if !seg.is_empty() {
                    q.append_pair(key, &decode(seg));
                }
            }
        }
        let from_path = parse_query(&q.finish())?;
        let p = input_params(&input.params, from_path)?;
        let name = p.get("name").filter(|n| !n.trim().is_empty()).unwrap_or(DEFAULT_NAME);
        // Out-of-range numbers are brought in range, as ui-avatars does
        // (`fixInvalidInput`): size to 16–512, a length under 1 to 1, a
        // font-size of 0 or less to 0.5 and over 1 to 1. Text that is not
        // a number is a 400 (ui-avatars would read it as 0).
        let size = number(&p, "size")?.map_or(64, |v| v.trunc().clamp(16.0, 512.0) as u32);
        let length = number(&p, "length")?.map_or(2, |v| v.trunc().clamp(1.0, 200.0) as usize);
        let font_size = number(&p, "font-size")?.map_or(DEFAULT_FONT_SIZE, |v| {
            if v <= 0.0 {
                0.5
            } else {
                v.min(1.0) as f32
            }
        });
        let rounded = p.boolean("rounded", false)?;
        let uppercase = p.boolean("uppercase", true)?;
        let bold = p.boolean("bold", false)?;
        if name.chars().count() > 200 {
            return Err(ApiError::bad("name", "name must be at most 200 characters"));
        }
        let random = p.get("background").is_some_and(|b| b.trim().eq_ignore_ascii_case("random"));
        let bg = if random {
            random_color(name)
        } else {
            parse_color("background", &hex(p.get("background").unwrap_or(DEFAULT_BG)))?
        };
        // A given colour is still checked, but on a random background the
        // text is black or white by contrast whatever `color` says, as
        // ui-avatars sets it ("avoid passing color").
        let given = p.get("color").map(|c| parse_color("color", &hex(c))).transpose()?;
        let color = if random {
            contrast(bg)
        } else {
            given.map_or_else(|| parse_color("color", DEFAULT_FG), Ok)?
        };
        // `png` or `svg`; anything else (or nothing) is chosen by `Accept`,
        // as ui-avatars does.
        let (svg, negotiated) = match p.get("format").map(|f| f.trim().to_ascii_lowercase()).as_deref() {
            Some("png") => (false, false),
            Some("svg") => (true, false),
            _ => (input.accept.is_some_and(accepts_svg), true),
        };
        let initials = initials(name, length, uppercase);
        let font_px = (size as f32 * font_size).round().max(1.0);
        // The CJK faces have no bold: initials from them are drawn regular.
        let bold = bold && initials.chars().all(|c| u32::from(c) < 0x0590);
        if svg {
            return Ok(AvatarSpec::Svg(SvgAvatar {
                size,
                bg,
                color,
                rounded,
                font_px,
                bold,
                initials,
                negotiated,
            }));
        }
        let css = |c: render::Rgba| format!("rgba({}, {}, {}, {})", c.r, c.g, c.b, crate::num::F32(f32::from(c.a) / 255.0));
        let doc = json!({"width": size, "height": size, "element": {"type": "div", "props": {
            "style": {"display": "flex", "alignItems": "center", "justifyContent": "center",
                      "width": "100%", "height": "100%", "backgroundColor": css(bg), "color": css(color),
                      "borderRadius": if rounded { "50%" } else { "0" }, "fontSize": font_px,
                      "fontWeight": if bold { 700 } else { 400 }, "lineHeight": 1, "whiteSpace": "nowrap"},
            "children": initials}}});
        Ok(AvatarSpec::Png(scene::read(&doc)?, negotiated))
    }

    fn check(&self, spec: AvatarSpec, timing: &mut Timing) -> Result<Checked, ApiError> {
        Ok(match spec {
            AvatarSpec::Png(request, negotiated) => {
                Checked::Png(Render.check(request, timing)?, negotiated)
            }
            AvatarSpec::Svg(svg) => Checked::Svg(svg),
        })
    }

    fn fonts_wanted(&self, spec: &AvatarSpec, out: &mut Vec<u16>) {
        if let AvatarSpec::Png(request, _) = spec {
            Render.fonts_wanted(request, out);
        }
    }

    fn draw(&self, checked: Checked, timing: &mut Timing) -> Output {
        let (mut out, negotiated) = match checked {
            Checked::Png(c, negotiated) => (Render.draw(c, timing), negotiated),
            Checked::Svg(a) => {
                let body = svg_box(
                    (a.size, a.size),
                    a.bg,
                    a.rounded.then_some(a.size as f32 / 2.0),
                    (a.color, "'Noto Sans', sans-serif", a.font_px, if a.bold { SVG_BOLD } else { 400 }),
                    &a.initials,
                );
                timing.mark("raster");
                let out = Output {
                    content_type: SVG_TYPE,
                    body: body.into_bytes(),
                    headers: Vec::new(),
                };
                (out, a.negotiated)
            }
        };
        if negotiated {
            out.headers.push(("vary", "Accept".to_owned()));
        }
        out
    }
}

/// The query's parameters and the path's: a parameter in both is an error.
fn input_params(query: &Params, path: Params) -> Result<Params, ApiError> {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for key in PARAMS {
        if let Some(v) = query.get(key) {
            q.append_pair(key, v);
        }
    }
    parse_query(&q.finish())?.merge(path)
}

/// The number `key` gives, if any (a 400 when it is not a finite number).
fn number(p: &Params, key: &str) -> Result<Option<f64>, ApiError> {
    p.get(key)
        .map(|raw| {
            raw.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| ApiError::bad(key, format!("{key} must be a number")))
        })
        .transpose()
}

/// A path segment, percent-decoded, `+` as a space (as ui-avatars reads
/// `John+Doe`).
fn decode(seg: &str) -> String {
    form_urlencoded::parse(format!("v={}", seg.replace('&', "%26")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A bare hex colour (`0D8ABC`, `fff`) as CSS (`#0D8ABC`); anything else
/// as given.
fn hex(raw: &str) -> String {
    let t = raw.trim();
    if matches!(t.len(), 3 | 4 | 6 | 8) && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        format!("#{t}")
    } else {
        t.to_owned()
    }
}

/// Whether an `Accept` header asks for SVG (listed, and not with `q=0`).
fn accepts_svg(accept: &str) -> bool {
    accept.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts.next().is_some_and(|t| t.eq_ignore_ascii_case("image/svg+xml"))
            && !parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            })
    })
}

/// `background=random`: a colour from the name's hash (the same name,
/// the same colour): its hue, at 60 % saturation and 45 % lightness.
fn random_color(name: &str) -> render::Rgba {
    let h = (crate::hash::fnv1a([name.as_bytes()]) % 360) as f32;
    let (s, l) = (0.6f32, 0.45f32);
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let x = c * (1.0 - ((h / 60.0) % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 / 60 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    let byte = |v: f32| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    render::Rgba {
        r: byte(r),
        g: byte(g),
        b: byte(b),
        a: 255,
    }
}

/// White on a dark colour, black on a light one (ui-avatars' random
/// backgrounds come with text `FFFFFF` or `000000`).
fn contrast(bg: render::Rgba) -> render::Rgba {
    let luma = 0.299 * f32::from(bg.r) + 0.587 * f32::from(bg.g) + 0.114 * f32::from(bg.b);
    if luma < 150.0 {
        render::Rgba { r: 255, g: 255, b: 255, a: 255 }
    } else {
        render::Rgba { r: 0, g: 0, b: 0, a: 255 }
    }
}

/// Whether `c` is written in Han, kana or Hangul (names without spaces
/// between their parts).
fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Whether `c` joins the character before it (a combining mark, a joiner,
/// a variation selector): never split from it.
fn joins(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x3099..=0x309A | 0x1F3FB..=0x1F3FF | 0xE0100..=0xE01EF)
}

/// The characters of `word`, each with the marks that join it.
fn clusters(word: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices().skip(1) {
        if !joins(c) {
            out.push(&word[start..i]);
            start = i;
        }
    }
    if start < word.len() {
        out.push(&word[start..]);
    }
    out
}

/// The initials of `name`, at most `length` characters:
/// - several words: the first character of the first words and of the
///   last (`John Ronald Doe` → `JD` at length 2, `JRD` at 3);
/// - one word in Han, kana or Hangul (`王小明`, `김민준`): at length 1 its
///   first character (the family name), else its last two when it has
///   three or more (the given name: `小明`, `민준`), else the word;
/// - one other word: its first `length` characters (`John` → `JO`).
///
/// Always whole characters (a mark stays on its base), upper-cased when
/// `uppercase`.
pub fn initials(name: &str, length: usize, uppercase: bool) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let picked: Vec<&str> = match words.as_slice() {
        [] => Vec::new(),
        [word] => {
            let cs = clusters(word);
            let cjk = word.chars().next().is_some_and(is_cjk);
            if cjk && length >= 2 && cs.len() >= 3 {
                cs[cs.len() - 2..].to_vec()
            } else {
                cs.into_iter().take(length).collect()
            }
        }
        many => {
            let firsts: Vec<&str> = many.iter().filter_map(|w| clusters(w).first().copied()).collect();
            if firsts.len() <= length {
                firsts
            } else if length == 1 {
                firsts[..1].to_vec()
            } else {
                let mut p = firsts[..length - 1].to_vec();
                p.push(firsts[firsts.len() - 1]);
                p
            }
        }
    };
    let s: String = picked.concat();
    if uppercase {
        s.to_uppercase()
    } else {
        s
    }
}

#[cfg(test)]
mod tests;
