//! `/{W}x{H}…`: placeholders in placehold.co's URL grammar — a box of one
//! colour with centred text ("W × H" by default) sized to fit, as SVG (the
//! default, as placehold.co's) or PNG. Drawn by the text engine: the text
//! route's spec with `fit`, so the PNG is what `/text.png` would draw.
//!
//! ```text
//! /600x400                 /600x400@2x.png         /600x400/png
//! /600x400/000000/ffffff   /600x400/orange/white/svg   /600x400.png?text=Hello\nWorld&font=lora
//! ```

use render::{layout_text, Layout, TextSpec};
use serde::Serialize;

use super::text::{parse_text, Text, TextRequest};
use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::error::ApiError;
use crate::fonts::{self, Fonts};
use crate::params::{parse_color, parse_query, MAX_PIXELS, MAX_SIZE, MAX_TEXT_SIDE, MIN_SIZE};
use crate::serve::{Timing, SVG_TYPE};

/// The placeholder route.
pub struct Placeholder;

static INFO: RouteInfo = RouteInfo {
    name: "placeholder",
    paths: &["/{W}x{H}"],
    allow: "GET, HEAD",
    body: Body::None,
    max_body: crate::params::MAX_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "a placeholder in placehold.co's grammar: /{W}x{H}[@2x|@3x][/{bg}/{fg}][/{format}] or .{format}, SVG by default, PNG",
    params: "text (\\n for a new line), font (placehold.co's: lato, lora, montserrat, noto-sans, open-sans, oswald, playfair-display, poppins, pt-sans, raleway, roboto, source-sans-pro; also sans, serif, mono, …)",
    headers: &["x-missing-glyphs", "x-text-lines", "x-font-size"],
    examples: &[("/160x160/png?text=Hello%5CnWorld", "placeholder, placehold.co URL")],
    warm: &[],
};

/// placehold.co's default background: its images are `#DDDDDD` (the
/// `<rect>` of the SVGs it serves; its documentation gives no colours).
const DEFAULT_BG: &str = "#dddddd";
/// placehold.co's default text colour, `#999999` (the same SVGs' text).
const DEFAULT_FG: &str = "#999999";

/// placehold.co's twelve font names (`lato`, its default, …
/// `source-sans-pro`), then ours and a few common others → our families.
const FONTS: &[(&str, &str)] = &[
    ("lato", "sans"),
    ("lora", "serif"),
    ("montserrat", "sans"),
    ("noto-sans", "sans"),
    ("open-sans", "sans"),
    ("oswald", "sans"),
    ("playfair-display", "serif"),
    ("poppins", "sans"),
    ("pt-sans", "sans"),
    ("raleway", "sans"),
    ("roboto", "sans"),
    ("source-sans-pro", "sans"),
    ("sans", "sans"),
    ("serif", "serif"),
    ("mono", "mono"),
    ("inter", "sans"),
    ("merriweather", "serif"),
    ("noto-serif", "serif"),
    ("pt-serif", "serif"),
    ("roboto-slab", "serif"),
    ("roboto-mono", "mono"),
    ("source-code-pro", "mono"),
    ("noto-sans-mono", "mono"),
];

/// A validated placeholder: the text route's request and the format.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceholderSpec {
    text: TextRequest,
    svg: bool,
}

/// `W`, `H` and the density of the first segment (`600x400`, `600x400@2x`,
/// `600`), if it is one.
fn size_segment(seg: &str) -> Option<(&str, &str, u32)> {
    let (size, dpr) = match seg.split_once('@') {
        Some((s, "2x")) => (s, 2),
        Some((s, "3x")) => (s, 3),
        Some((s, "1x")) => (s, 1),
        Some(_) => return None,
        None => (seg, 1),
    };
    let (w, h) = size.split_once('x').unwrap_or((size, size));
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    (digits(w) && digits(h)).then_some((w, h, dpr))
}

/// The path's segments after the size, its `.format` suffix split off the
/// last one.
fn split(path: &str) -> Option<(Vec<&str>, Option<&str>)> {
    let mut segs: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    if segs.len() > 1 && segs.last() == Some(&"") {
        segs.pop();
    }
    let mut suffix = None;
    if let Some(last) = segs.last_mut() {
        if let Some((stem, ext)) = last.rsplit_once('.') {
            if !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphabetic()) {
                suffix = Some(ext);
                *last = stem;
            }
        }
    }
    Some((segs, suffix))
}

/// The format named `name`: SVG (`true`) or PNG.
fn format(name: &str) -> Result<bool, ApiError> {
    match name.to_ascii_lowercase().as_str() {
        "svg" => Ok(true),
        "png" => Ok(false),
        other => Err(ApiError::bad(
            "format",
            format!("format {other} is not drawn here: png or svg"),
        )),
    }
}

impl Route for Placeholder {
    type Spec = PlaceholderSpec;
    type Checked = (TextSpec, Layout, bool);

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    fn matches(&self, path: &str) -> bool {
        split(path).is_some_and(|(segs, _)| {
            segs.len() <= 4 && (segs[0] == "{W}x{H}" || size_segment(segs[0]).is_some())
        })
    }

    fn parse(&self, input: &Input) -> Result<PlaceholderSpec, ApiError> {
        input.params.only(&["text", "font"])?;
        let (segs, suffix) = split(input.path).unwrap_or_default();
        let (w, h, dpr) = size_segment(segs.first().copied().unwrap_or("")).ok_or_else(|| {
            ApiError::bad("size", "the size is {W}x{H}, e.g. /600x400")
        })?;
        let side = |s: &str| -> Result<u32, ApiError> {
            s.parse::<u32>()
                .ok()
                .filter(|v| (MIN_SIZE..=MAX_SIZE).contains(v))
                .ok_or_else(|| {
                    ApiError::bad(
                        "size",
                        format!("width and height must be {MIN_SIZE}–{MAX_SIZE} px (got {w}x{h})"),
                    )
                })
        };
        let (width, height) = (side(w)?, side(h)?);
        let device = |v: u32| u64::from(v) * u64::from(dpr);
        if device(width) > u64::from(MAX_TEXT_SIDE)
            || device(height) > u64::from(MAX_TEXT_SIDE)
            || device(width) * device(height) > MAX_PIXELS
        {
            return Err(ApiError::TooLarge {
                param: "size",
                message: format!(
                    "{width}x{height}@{dpr}x is {}×{} pixels; the limit is {MAX_PIXELS} pixels, {MAX_TEXT_SIDE} a side",
                    device(width),
                    device(height)
                ),
            });
        }
        let (colors, mut svg) = match &segs[1..] {
            [] => ((DEFAULT_BG, DEFAULT_FG), None),
            [f] => ((DEFAULT_BG, DEFAULT_FG), Some(format(f)?)),
            [bg, fg] => ((*bg, *fg), None),
            [bg, fg, f] => ((*bg, *fg), Some(format(f)?)),
            _ => return Err(ApiError::bad("size", "the path is /{W}x{H}[/{bg}/{fg}][/{format}]")),
        };
        if let Some(ext) = suffix {
            if svg.is_some() {
                return Err(ApiError::bad("format", "give the format once: /png or .png"));
            }
            svg = Some(format(ext)?);
        }
        let svg = svg.unwrap_or(true);
        let bg = parse_color("bg", colors.0)?;
        let fg = parse_color("fg", colors.1)?;
        let font = match input.params.get("font") {
            None => "sans",
            Some(f) => FONTS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(f.trim()))
                .map(|(_, family)| *family)
                .ok_or_else(|| {
                    let names: Vec<&str> = FONTS.iter().map(|(n, _)| *n).collect();
                    ApiError::bad("font", format!("font must be one of: {}", names.join(", ")))
                })?,
        };
        let text = match input.params.get("text") {
            Some(t) if !t.is_empty() => t.replace("\\n", "\n"),
            _ => format!("{width} × {height}"),
        };
        // Start at a sixth of the shorter side and shrink to fit inside a
        // tenth of it all round.
        let short = width.min(height);
        let size = (short as f32 / 6.0).clamp(6.0, 512.0);
        let hex = |c: render::Rgba| format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a);
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("text", &text)
            .append_pair("font", font)
            .append_pair("width", &width.to_string())
            .append_pair("height", &height.to_string())
            .append_pair("dpr", &dpr.to_string())
            .append_pair("size", &crate::num::F32(size).to_string())
            .append_pair("padding", &(short / 10).to_string())
            .append_pair("align", "center")
            .append_pair("valign", "middle")
            .append_pair("wrap", "none")
            .append_pair("line_height", "1.2")
            .append_pair("fit", "true")
            .append_pair("bg", &hex(bg))
            .append_pair("color", &hex(fg));
        let text = parse_text(&parse_query(&q.finish())?)?;
        Ok(PlaceholderSpec { text, svg })
    }

    /// Lays the text out at the largest size that fits (`fit`); a text that
    /// does not fit even at 6 px is drawn at 6 px, clipped, not refused.
    fn check(&self, request: PlaceholderSpec, timing: &mut Timing) -> Result<Self::Checked, ApiError> {
        let mut spec = request.text.spec;
        let parsed = fonts::load([(spec.text.as_str(), spec.chain.as_slice())]);
        timing.mark(fonts::phase(&parsed));
        let mut layout = layout_text(&spec, &Fonts::new());
        if !layout.fits() {
            spec.fit = false;
            spec.size = crate::params::FONT_SIZE.0;
            layout = layout_text(&spec, &Fonts::new());
        }
        timing.mark("layout");
        Ok((spec, layout, request.svg))
    }

    fn fonts_wanted(&self, request: &PlaceholderSpec, out: &mut Vec<u16>) {
        fonts::wanted(&request.text.spec.text, &request.text.spec.chain, out);
    }

    fn draw(&self, (spec, layout, svg): Self::Checked, timing: &mut Timing) -> Output {
        if !svg {
            return Text.draw((spec, layout), timing);
        }
        let family = match fonts::FACES.get(usize::from(spec.chain[0])).map(|f| f.role) {
            Some("serif") => "'Noto Serif', serif",
            Some("mono") => "'Noto Sans Mono', monospace",
            _ => "'Noto Sans', sans-serif",
        };
        let body = svg_box(
            (spec.width.unwrap_or(0), spec.height.unwrap_or(0)),
            spec.bg,
            None,
            (spec.color, family, layout.size_used(), 400),
            &spec.text,
        );
        timing.mark("raster");
        Output {
            content_type: SVG_TYPE,
            body: body.into_bytes(),
            headers: vec![
                ("x-missing-glyphs", layout.missing().to_string()),
                ("x-text-lines", layout.lines().to_string()),
                ("x-font-size", crate::num::F32(layout.size_used()).to_string()),
            ],
        }
    }
}

/// Escapes text for SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `fill="#rrggbb"` and, when not opaque, its opacity.
fn paint(attr: &str, c: render::Rgba) -> String {
    let mut s = format!(" {attr}=\"#{:02x}{:02x}{:02x}\"", c.r, c.g, c.b);
    if c.a != 255 {
        s.push_str(&format!(
            " {attr}-opacity=\"{}\"",
            crate::num::F32(f32::from(c.a) / 255.0)
        ));
    }
    s
}

/// A `width × height` SVG: a background (a rect, or a circle when
/// `radius` is given for a rounded box of that corner radius) and the lines
/// of `text` centred, each on its own line box of 1.2 × `size`, in
/// `family` at `weight` (400: no `font-weight` attribute).
pub fn svg_box(
    (width, height): (u32, u32),
    bg: render::Rgba,
    radius: Option<f32>,
    (color, family, size, weight): (render::Rgba, &str, f32, u16),
    text: &str,
) -> String {
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
    );
    if bg.a != 0 {
        let r = radius.map_or_else(String::new, |r| {
            let r = crate::num::F32(r);
            format!(" rx=\"{r}\" ry=\"{r}\"")
        });
        s.push_str(&format!(
            "<rect width=\"{width}\" height=\"{height}\"{r}{}/>",
            paint("fill", bg)
        ));
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let step = size * 1.2;
    let first = height as f32 / 2.0 - step * (lines.len() as f32 - 1.0) / 2.0;
    s.push_str(&format!(
        "<text x=\"50%\" font-family=\"{family}\" font-size=\"{}\"{} text-anchor=\"middle\" dominant-baseline=\"central\"{}>",
        crate::num::F32(size),
        if weight == 400 { String::new() } else { format!(" font-weight=\"{weight}\"") },
        paint("fill", color)
    ));
    for (i, line) in lines.iter().enumerate() {
        let y = first + step * i as f32;
        s.push_str(&format!(
            "<tspan x=\"50%\" y=\"{}\">{}</tspan>",
            crate::num::F32((y * 100.0).round() / 100.0),
            escape(line)
        ));
    }
    s.push_str("</text></svg>\n");
    s
}

#[cfg(test)]
mod tests;
