//! `GET /templates`: every template with its parameters (type, default,
//! limits), as JSON.

use super::{Caching, Output, RouteInfo, Static};

/// The template list.
pub static TEMPLATES: Static = Static {
    info: RouteInfo::document(
        "templates",
        &["/templates"],
        Caching::Page,
        "the templates of /og/<template>.png and their parameters, as JSON",
    ),
    draw,
};

fn draw() -> Output {
    Output {
        content_type: "application/json; charset=utf-8",
        body: crate::templates::list().to_string().into_bytes(),
        headers: Vec::new(),
    }
}
