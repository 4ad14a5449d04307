//! `/text.png` (and `/text`): a block of text, from the query or a JSON body.

pub mod params;

use render::{layout_text, render_text, Layout, TextSpec};

pub use params::{parse_text, TextRequest, TEXT_PARAMS};

use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::encode;
use crate::error::ApiError;
use crate::fonts::{self, Fonts};
use crate::glyph_cache;
use crate::num::F32;
use crate::params::{FONT_SIZE, MAX_BODY_BYTES, MAX_PIXELS, MAX_TEXT_SIDE};
use crate::serve::Timing;

/// The text route.
pub struct Text;

static INFO: RouteInfo = RouteInfo {
    name: "text",
    paths: &["/text.png", "/text"],
    allow: "GET, HEAD, POST",
    body: Body::Fields,
    max_body: MAX_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "a block of text as PNG; POST takes the same fields as a JSON object",
    params: "text (required), font=sans|serif|mono, weight, style=normal|italic, size, sizes, color, bg, width, height, padding, align, valign, line_height, wrap=word|char|none, max_lines, fit, dpr, dir=auto|ltr|rtl",
    headers: &["x-missing-glyphs", "x-text-lines", "x-font-size"],
    examples: &[
        ("/text.png?text=Hello%2C%20edge&size=28&width=160&height=160&align=center&valign=middle&bg=%23fde68a", "text, English"),
        ("/text.png?text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C%EF%BC%81&size=28&width=160&height=160&align=center&valign=middle&wrap=char", "text, Chinese"),
        ("/text.png?text=The%20quick%20brown%20fox%20jumps%20over%20the%20lazy%20dog&width=160&height=160&size=40&fit=true&font=serif", "fit into a box"),
    ],
    // 1200×630 cards in Latin and Chinese: the regular sans' ASCII core and,
    // for the accents, its full Latin set; and the first CJK tier.
    warm: &[
        "/text.png?text=Hello%20from%20the%20edge&width=1200&height=630&size=64",
        "/text.png?text=Caf%C3%A9%20d%C3%A9j%C3%A0%20vu&width=1200&height=630&size=64",
        "/text.png?text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C&width=1200&height=630&size=64",
    ],
};

impl Route for Text {
    type Spec = TextRequest;
    type Checked = (TextSpec, Layout);

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    fn parse(&self, input: &Input) -> Result<TextRequest, ApiError> {
        parse_text(&input.params)
    }

    /// Parses the faces the text needs (`font`), lays it out (`layout`) and
    /// checks the result against the limits (422).
    fn check(&self, request: TextRequest, timing: &mut Timing) -> Result<Self::Checked, ApiError> {
        let spec = request.spec;
        let parsed = fonts::load([(spec.text.as_str(), spec.chain.as_slice())]);
        timing.mark(fonts::phase(&parsed));
        let layout = layout_text(&spec, &Fonts::new());
        timing.mark("layout");
        check_layout(&spec, &layout)?;
        Ok((spec, layout))
    }

    fn fonts_wanted(&self, request: &TextRequest, out: &mut Vec<u16>) {
        fonts::wanted(&request.spec.text, &request.spec.chain, out);
    }

    fn draw(&self, (spec, layout): Self::Checked, timing: &mut Timing) -> Output {
        let pixmap = glyph_cache::with_cache(|cache| render_text(&layout, &spec, &Fonts::new(), cache));
        timing.mark("raster");
        let body = encode::png(pixmap);
        timing.mark("encode");
        Output {
            content_type: "image/png",
            body,
            headers: vec![
                ("x-missing-glyphs", layout.missing().to_string()),
                ("x-text-lines", layout.lines().to_string()),
                ("x-font-size", F32(layout.size_used()).to_string()),
            ],
        }
    }
}

/// The limits only a layout can tell: `fit` found no size, or the box the
/// text needs is over a side or pixel limit. Messages give what the text
/// needs, not a clamped figure.
fn check_layout(spec: &TextSpec, layout: &Layout) -> Result<(), ApiError> {
    if !layout.fits() {
        let side = |v: Option<u32>| v.map_or_else(|| "auto".to_owned(), |v| v.to_string());
        return Err(ApiError::TooLarge {
            param: "text",
            message: format!(
                "the text does not fit {}×{} CSS px even at the smallest size ({} px); shorten it, enlarge the box or drop fit",
                side(spec.width),
                side(spec.height),
                F32(FONT_SIZE.0)
            ),
        });
    }
    let (w, h) = layout.needed();
    if w > u64::from(MAX_TEXT_SIDE) || h > u64::from(MAX_TEXT_SIDE) {
        return Err(ApiError::TooLarge {
            param: "text",
            message: format!("the text needs a box of {w}×{h} device pixels; the limit is {MAX_TEXT_SIDE} per side (set width to wrap it, or a smaller size or dpr)"),
        });
    }
    if w * h > MAX_PIXELS {
        return Err(ApiError::TooLarge {
            param: "text",
            message: format!("the text needs a box of {w}×{h} = {} pixels; the limit is {MAX_PIXELS} pixels (set width/height, size or dpr)", w * h),
        });
    }
    Ok(())
}
