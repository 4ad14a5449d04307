//! `GET /og/<template>.png?…` (and `POST` with the same fields as JSON): a
//! scene from a named template ([`crate::templates`]) with its parameters;
//! drawn exactly as `/render` draws the filled scene.

use super::render::Render;
use super::{Body, Caching, Input, Output, Route, RouteInfo};
use crate::error::ApiError;
use crate::params::MAX_BODY_BYTES;
use crate::scene::{self, SceneRequest};
use crate::serve::Timing;
use crate::templates;

/// The template route.
pub struct Og;

static INFO: RouteInfo = RouteInfo {
    name: "og",
    paths: &["/og/{template}.png"],
    allow: "GET, HEAD, POST",
    body: Body::Fields,
    max_body: MAX_BODY_BYTES,
    caching: Caching::Immutable,
    summary: "a card from a named template (GET /templates lists them and their parameters) as PNG; POST takes the same fields as JSON",
    params: "the template's: e.g. /og/blog.png?title=…&author=…&theme=dark",
    headers: &["x-unsupported-style", "x-missing-glyphs"],
    examples: &[(
        "/og/blog.png?title=Hello%20from%20a%20template&theme=dark",
        "template: blog post, dark",
    )],
    warm: &[],
};

impl Route for Og {
    type Spec = SceneRequest;
    type Checked = <Render as Route>::Checked;

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    fn matches(&self, path: &str) -> bool {
        template_name(path).is_some()
    }

    fn parse(&self, input: &Input) -> Result<SceneRequest, ApiError> {
        let name = template_name(input.path).unwrap_or_default();
        let template = templates::find(name).ok_or_else(|| {
            let names: Vec<&str> = templates::TEMPLATES.iter().map(|t| t.name).collect();
            ApiError::Missing(format!(
                "no template \"{name}\"; the templates are {} (see /templates)",
                names.join(", ")
            ))
        })?;
        let doc = template.fill(&input.params)?;
        scene::read(&doc)
    }

    fn check(&self, spec: SceneRequest, timing: &mut Timing) -> Result<Self::Checked, ApiError> {
        Render.check(spec, timing)
    }

    fn fonts_wanted(&self, spec: &SceneRequest, out: &mut Vec<u16>) {
        Render.fonts_wanted(spec, out);
    }

    fn draw(&self, checked: Self::Checked, timing: &mut Timing) -> Output {
        Render.draw(checked, timing)
    }
}

/// `NAME` of `/og/NAME.png`: a–z, 0–9 and `-` (what `build.rs` allows a
/// template name), or `{template}` (the documented path).
fn template_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix("/og/")?.strip_suffix(".png")?;
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (plain || name == "{template}").then_some(name)
}
