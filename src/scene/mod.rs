//! Scenes (`/render`): a request document —
//! `{"width":1200,"height":630,"dpr":1,"element":TREE,"strict":false}` —
//! validated into a [`render::Scene`], the renderer core's input.
//!
//! - [`tree`]: the JSON tree → elements (satori or Takumi shape, told apart
//!   by keys), with the node, depth and text limits;
//! - [`css`]: CSS values (lengths, colours, gradients, shorthands, shadows,
//!   transforms, …) → typed values;
//! - [`style`]: an element's resolved style (presets, inheritance, `em`);
//! - [`lower`]: elements → scene nodes (text paragraphs, images,
//!   `display: none`);
//! - [`images`]: each distinct image source opened once per scene, within
//!   one [`crate::image::ImageBudget`], and decoded after parsing
//!   ([`SceneRequest::decode`]);
//! - [`budget`]: what the laid-out scene costs to paint (memory, pixels),
//!   checked before anything is decoded or painted;
//! - [`unsupported`]: what is ignored or approximated (`X-Unsupported-Style`);
//! - [`path`]: error paths into the document.
//!
//! Images: `img` (satori: `props.src`, `props.width`, `props.height`) and
//! Takumi `image` nodes draw their `src` as [`render::Content::Image`]
//! (`objectFit`, `objectPosition`); `backgroundImage: url(…)` (also in the
//! `background` shorthand, in one list with gradients) is a
//! [`render::Background::Image`] (`backgroundSize`, `backgroundPosition`,
//! `backgroundRepeat`). Sources are `data:` URIs (PNG, JPEG) and
//! `asset:NAME` ([`crate::image`]); an `http(s)` URL is a 400
//! `remote_image`, a bad source a 400 `bad_image`, one over a limit a 422
//! `too_large`, each with the path of its `src` or style key.
//!
//! Fonts: `fontFamily`, `fontWeight` and `fontStyle` choose an embedded
//! face by CSS font matching ([`lower::primary_face`]): style first (italic
//! faces for `italic`/`oblique` where the family has them), then weight.
//!
//! Not in this step: per-run styles in mixed inline text (see [`lower`]),
//! letter spacing.

pub mod budget;
pub mod css;
pub mod images;
pub mod lower;
pub mod path;
pub mod style;
pub mod tree;
pub mod unsupported;

use render::Scene;
use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::params::{MAX_DPR, MAX_PIXELS, MAX_SIZE, MIN_SIZE};
use unsupported::Unsupported;

/// The fields of a scene request.
pub const SCENE_FIELDS: &[&str] = &["width", "height", "dpr", "element", "strict", "lang"];

/// A validated scene request. Its serialization is the canonical form: the
/// scene (so the same scene in either input shape, or with its keys in
/// another order, has one form) and the `X-Unsupported-Style` value the
/// answer carries (two requests answered with different headers must not
/// share a cache entry). `strict` is not in it: a strict request that
/// passes is answered exactly as the same request without it.
///
/// Its images are opened, not decoded: [`SceneRequest::decode`] gives
/// them their pixels (a fault in an image's data is found only then).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SceneRequest {
    /// What the renderer draws (`scene.images` without pixels until
    /// [`SceneRequest::decode`]).
    pub scene: Scene,
    /// The `X-Unsupported-Style` value, if any.
    pub unsupported: Option<String>,
    /// The encoded images, index-aligned with `scene.images`.
    #[serde(skip)]
    undecoded: Vec<images::Undecoded>,
}

impl SceneRequest {
    /// Decodes the scene's images (400 `bad_image` for corrupt data, with
    /// the path of the image's first `src`).
    pub fn decode(&mut self) -> Result<(), ApiError> {
        let undecoded = std::mem::take(&mut self.undecoded);
        if undecoded.is_empty() {
            return Ok(());
        }
        images::decode(&mut self.scene.images, undecoded)
    }

    /// The most bytes a decoder will hold while decoding one of the
    /// scene's images, beside the pixels (they are decoded one by one).
    pub fn decoding_bytes(&self) -> u64 {
        self.undecoded
            .iter()
            .map(images::Undecoded::working_bytes)
            .max()
            .unwrap_or(0)
    }
}

/// Every text of a scene, run by run, each with the chain it is drawn
/// from: a span's own (its weight, style and `lang`), and the paragraph's
/// for what follows the last span (an empty run still stands for the
/// paragraph's primary face, whose metrics place the baseline). What the
/// edge layer asks the font registry about — the faces to fetch, to parse
/// and the missing glyphs — must see the spans' chains as the engine does.
pub fn text_runs(scene: &Scene) -> impl Iterator<Item = (&str, &[u16])> {
    scene.nodes.iter().flat_map(|n| {
        let mut runs = Vec::new();
        if let render::Content::Text(t) = &n.content {
            let mut start = 0;
            for s in &t.spans {
                let mut end = (s.end as usize).clamp(start, t.text.len());
                while !t.text.is_char_boundary(end) {
                    end += 1;
                }
                runs.push((&t.text[start..end], s.chain.as_slice()));
                start = end;
            }
            runs.push((&t.text[start..], t.chain.as_slice()));
        }
        runs
    })
}

/// Reads a scene request document (its images opened, not decoded: see
/// [`SceneRequest::decode`]).
pub fn read(doc: &Value) -> Result<SceneRequest, ApiError> {
    let Value::Object(map) = doc else {
        return Err(ApiError::BadBody(
            "a scene must be a JSON object: {\"width\":1200,\"height\":630,\"element\":…}".into(),
        ));
    };
    if let Some(key) = map.keys().find(|k| !SCENE_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::UnknownParam {
            param: key.clone(),
            allowed: SCENE_FIELDS,
        });
    }
    let side = |key: &str| -> Result<u32, ApiError> {
        let err = || {
            ApiError::bad(
                key,
                format!("{key} must be an integer between {MIN_SIZE} and {MAX_SIZE} (CSS px)"),
            )
        };
        let n = map.get(key).and_then(Value::as_f64).ok_or_else(err)?;
        if n.fract() != 0.0 || n < f64::from(MIN_SIZE) || n > f64::from(MAX_SIZE) {
            return Err(err());
        }
        Ok(n as u32)
    };
    let (width, height) = (side("width")?, side("height")?);
    let dpr = match map.get("dpr") {
        None | Some(Value::Null) => 1.0,
        Some(v) => v
            .as_f64()
            .filter(|d| (1.0..=f64::from(MAX_DPR)).contains(d))
            .ok_or_else(|| {
                ApiError::bad(
                    "dpr",
                    format!(
                        "dpr must be a number between 1 and {}",
                        crate::num::F32(MAX_DPR)
                    ),
                )
            })? as f32,
    };
    let strict = match map.get("strict") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(ApiError::bad("strict", "strict must be true or false")),
    };
    let lang = match map.get("lang") {
        None | Some(Value::Null) => None,
        Some(v) => tree::lang(v, "lang")?,
    };
    let device = |css: u32| (css as f32 * dpr).round() as u64;
    let pixels = device(width) * device(height);
    if pixels > MAX_PIXELS {
        return Err(ApiError::TooLarge {
            param: "dpr",
            message: format!(
                "width × height × dpr² is {pixels} pixels; the limit is {MAX_PIXELS} (e.g. 2048×2048 at dpr 1, 1200×630 at dpr 3)"
            ),
        });
    }
    let element = map
        .get("element")
        .filter(|e| !e.is_null())
        .ok_or_else(|| ApiError::scene("element", "element is required: the tree to draw"))?;
    let mut unsupported = Unsupported::default();
    let root = tree::parse(element, "element", &mut unsupported)?;
    let images = images::Images::new();
    let pending = images.pending();
    let scene = lower::lower(&root, width, height, dpr, lang, images, &mut unsupported)?;
    if strict {
        if let Some(e) = unsupported.strict_error() {
            return Err(e);
        }
    }
    Ok(SceneRequest {
        scene,
        unsupported: unsupported.header(),
        undecoded: pending.take(),
    })
}

#[cfg(test)]
mod tests;
