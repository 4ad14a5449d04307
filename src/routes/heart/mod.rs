//! `/heart`, `/heart.png`, `.svg`, `.txt`, `.apng`: the heart, optionally
//! with a text label.

pub mod label;
pub mod params;

use render::{beat_scale, render_art, render_heart, render_heart_svg};

pub use params::{parse_heart, HeartFormat, HeartRequest, Label};

use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::encode;
use crate::error::ApiError;
use crate::fonts;
use crate::params::MAX_BODY_BYTES;
use crate::serve::{Timing, SVG_TYPE};

/// The heart route.
pub struct Heart;

static INFO: RouteInfo = RouteInfo {
    name: "heart",
    paths: &["/heart", "/heart.png", "/heart.svg", "/heart.txt", "/heart.apng"],
    allow: "GET, HEAD",
    body: Body::None,
    max_body: MAX_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "a heart: PNG, vector SVG, terminal art, or a beating APNG (`/heart?format=…`; the extension wins)",
    params: "size, color, bg, style=filled|outline|gradient, stroke, theme=light|dark|contrast, dpr, curve=parametric|implicit, text (a label), text_color; .apng adds frames, fps; .txt takes cols, rows, charset=blocks|ascii, curve",
    headers: &[],
    examples: &[
        ("/heart.png?size=160&theme=light", "filled heart, light theme"),
        ("/heart.png?size=160&style=gradient&color=%23ff6b6b", "gradient"),
        ("/heart.png?size=160&style=outline&stroke=6&theme=dark", "outline, dark theme"),
        ("/heart.png?size=160&curve=implicit&color=rebeccapurple", "implicit curve"),
        ("/heart.svg?size=160&style=gradient", "vector SVG"),
        ("/heart.apng?size=160&frames=16&fps=16", "beating APNG"),
        ("/heart.png?size=160&text=I%20%E2%99%A5%20U", "heart with a label"),
    ],
    warm: &[
        "/heart.png?size=256",
        "/heart.png?size=256&style=gradient&theme=dark",
        "/heart.png?size=256&style=outline&curve=implicit",
        "/heart.svg?size=256",
        "/heart.txt?cols=40&rows=20",
        "/heart.apng?size=128&frames=4",
    ],
};

impl Route for Heart {
    type Spec = HeartRequest;
    type Checked = HeartRequest;

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    fn parse(&self, input: &Input) -> Result<HeartRequest, ApiError> {
        let format = input
            .path
            .strip_prefix("/heart.")
            .and_then(|ext| HeartFormat::ALL.iter().find(|(name, _)| *name == ext))
            .map(|&(_, f)| f);
        parse_heart(format, &input.params)
    }

    /// Parses the faces a label needs (the `font` phase) and checks that it
    /// fits the heart: two lines, shrunk down to 6 px at the least (422).
    fn check(&self, request: HeartRequest, timing: &mut Timing) -> Result<HeartRequest, ApiError> {
        let (HeartRequest::Still(_, spec, Some(l))
        | HeartRequest::Animated {
            spec,
            label: Some(l),
            ..
        }) = &request
        else {
            timing.mark(fonts::phase(&[]));
            return Ok(request);
        };
        let chain = label::spec(l, spec.size, spec.dpr).chain;
        let parsed = fonts::load([(l.text.as_str(), chain.as_slice())]);
        timing.mark(fonts::phase(&parsed));
        if !label::layout(l, spec.size, spec.dpr).1.fits() {
            return Err(ApiError::TooLarge {
                param: "text",
                message: format!(
                    "the label does not fit two lines inside a {} px heart even at 6 px; shorten it or use a larger size",
                    spec.size
                ),
            });
        }
        Ok(request)
    }

    fn fonts_wanted(&self, request: &HeartRequest, out: &mut Vec<u16>) {
        if let HeartRequest::Still(_, spec, Some(l))
        | HeartRequest::Animated {
            spec,
            label: Some(l),
            ..
        } = request
        {
            fonts::wanted(&l.text, &label::spec(l, spec.size, spec.dpr).chain, out);
        }
    }

    fn draw(&self, request: HeartRequest, timing: &mut Timing) -> Output {
        let (content_type, body) = draw(&request, timing);
        Output {
            content_type,
            body,
            headers: Vec::new(),
        }
    }
}

/// Renders and encodes a validated heart request (`render` and `encode`
/// phases; an animation interleaves them and reports the whole as `render`).
fn draw(request: &HeartRequest, timing: &mut Timing) -> (&'static str, Vec<u8>) {
    let (content_type, body) = match request {
        HeartRequest::Still(HeartFormat::Svg, spec, l) => {
            let svg_label = l.as_ref().map(|l| label::svg(l, spec.size));
            let s = render_heart_svg(spec, svg_label.as_ref());
            (SVG_TYPE, s.into_bytes())
        }
        HeartRequest::Still(_, spec, l) => {
            let mut pixmap = render_heart(spec, 1.0);
            if let Some(l) = l {
                label::draw(&mut pixmap, l, spec.size, spec.dpr);
            }
            timing.mark("render");
            return ("image/png", encode_png(pixmap, timing));
        }
        HeartRequest::Animated {
            spec,
            frames,
            fps,
            label: l,
        } => {
            let frame = |i: u32| {
                let mut p = render_heart(spec, beat_scale(i, *frames));
                if let Some(l) = l {
                    label::draw(&mut p, l, spec.size, spec.dpr);
                }
                p
            };
            let first = frame(0);
            let (w, h) = (first.width(), first.height());
            let mut first = Some(first);
            let bytes = encode::apng(w, h, *frames, *fps, spec.bg.a == 255, |i| {
                first.take().unwrap_or_else(|| frame(i))
            });
            ("image/apng", bytes)
        }
        HeartRequest::Art(a) => ("text/plain; charset=utf-8", render_art(a).into_bytes()),
    };
    timing.mark("render");
    timing.mark("encode");
    (content_type, body)
}

fn encode_png(pixmap: render::Pixmap, timing: &mut Timing) -> Vec<u8> {
    let bytes = encode::png(pixmap);
    timing.mark("encode");
    bytes
}
