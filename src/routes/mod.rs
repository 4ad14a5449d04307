//! The route table: every route is one [`Route`] in its own file, listed
//! once in [`TABLE`]. Everything routes share — URL limit, methods, bodies,
//! validation order, ETag/304, HEAD, the edge-cache key, kept headers,
//! `Server-Timing` — is in [`crate::serve`]; the shell's body reading, the
//! warm-up defaults, the route list (`/docs`) and `/health` all read this table.
//!
//! Adding a route: a file here with a unit struct implementing [`Route`],
//! and one entry in the `table!` below (which declares the module too).

use serde::Serialize;

use crate::error::ApiError;
use crate::params::{Params, MAX_BODY_BYTES};
use crate::serve::Timing;
use crate::sign::Signing;

/// Declares each route's module and lists its route in [`TABLE`].
macro_rules! table {
    ($($module:ident::$route:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// Every route, in the order `/docs` lists them. Paths are
        /// matched in this order.
        pub static TABLE: &[&dyn Endpoint] = &[$(&$module::$route),*];
    };
}

table! {
    playground::PLAYGROUND,
    docs::DOCS,
    health::HEALTH,
    heart::Heart,
    text::Text,
    render::Render,
    og::Og,
    templates::TEMPLATES,
    placeholder::Placeholder,
    avatar::Avatar,
    sign::Sign,
}

/// What a request body is to a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// The route takes no body (GET and HEAD only).
    None,
    /// `POST` with a JSON object whose fields are the route's parameters,
    /// exactly as in the query string (a key in both is an error).
    Fields,
    /// `POST` with a JSON document the route reads itself ([`Input::body`]),
    /// parsed strictly (a repeated key is an error) but not flattened.
    Json,
}

/// How an answer may be cached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caching {
    /// A render: a pure function of the canonical request and the build.
    /// Strong `ETag`, `If-None-Match` → 304, immutable `Cache-Control`, and
    /// the edge cache.
    Immutable,
    /// A page that changes only with the build: cached briefly, no ETag.
    Page,
    /// Live state (`/health`): never cached.
    NoStore,
}

/// The facts of a route, all in one place.
#[derive(Debug)]
pub struct RouteInfo {
    /// Short name; it starts the canonical form of every request.
    pub name: &'static str,
    /// The paths it answers, as documented (`/docs` lists them).
    pub paths: &'static [&'static str],
    /// The `Allow` header: the methods it answers (`HEAD` wherever `GET`).
    pub allow: &'static str,
    /// What a `POST` body is.
    pub body: Body,
    /// The largest `POST` body, bytes ([`MAX_BODY_BYTES`] unless the route
    /// needs more); a longer one is a 413 and is not read past the limit.
    pub max_body: usize,
    /// How answers may be cached.
    pub caching: Caching,
    /// One line for `/docs`.
    pub summary: &'static str,
    /// Its parameters, for `/docs`.
    pub params: &'static str,
    /// Headers of its own that an answer carries (kept on an edge-cache hit).
    pub headers: &'static [&'static str],
    /// Example URLs with a caption: shown (and so tested) on `/docs`.
    pub examples: &'static [(&'static str, &'static str)],
    /// URLs the default warm-up renders.
    pub warm: &'static [&'static str],
}

/// What a request gives a route to parse.
#[derive(Debug)]
pub struct Input<'a> {
    /// The path (a route may read a format from it).
    pub path: &'a str,
    /// The query parameters, plus a [`Body::Fields`] body's fields.
    pub params: Params,
    /// A [`Body::Json`] route's `POST` body, parsed strictly; `None` for
    /// every other request (GET, HEAD, and [`Body::Fields`] routes).
    pub body: Option<serde_json::Value>,
    /// The `Accept` header, for a route that negotiates its format.
    pub accept: Option<&'a str>,
    /// The `Authorization` header, for a token-guarded route.
    pub authorization: Option<&'a str>,
    /// The signing configuration (keys, time, the playground token), for
    /// the route that signs for pages.
    pub signing: &'a Signing,
}

/// A drawn answer: the serve path adds the shared headers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    /// The exact `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub body: Vec<u8>,
    /// The route's own headers (named in [`RouteInfo::headers`]).
    pub headers: Vec<(&'static str, String)>,
}

/// One route. Parsing and checking are fallible; drawing is not.
pub trait Route: Sync + 'static {
    /// The validated request. Its serialization is the canonical form
    /// (ETag, edge-cache key): two requests that draw differently must
    /// serialize differently, and `parse` normalises what it can (defaults
    /// filled, spellings and no-op variants collapsed) so that requests
    /// drawn alike share one form.
    type Spec: Serialize;
    /// What checking leaves for drawing (the spec itself, or a layout).
    type Checked;

    /// The route's facts.
    fn info(&self) -> &RouteInfo;

    /// Whether the route answers `path`; by default, one of its paths.
    fn matches(&self, path: &str) -> bool {
        self.info().paths.contains(&path)
    }

    /// Validates the parameters (400).
    fn parse(&self, input: &Input) -> Result<Self::Spec, ApiError>;

    /// What validation needs the fonts for (measuring text: 422 when it
    /// cannot fit). Runs before any 304, so only a valid request gets one.
    fn check(&self, spec: Self::Spec, timing: &mut Timing) -> Result<Self::Checked, ApiError>;

    /// Draws and encodes. Cannot fail.
    fn draw(&self, checked: Self::Checked, timing: &mut Timing) -> Output;

    /// Adds to `out` the asset faces drawing `spec` would use that this
    /// isolate has not fetched ([`crate::fonts::wanted`]): the worker
    /// fetches them before [`check`](Route::check). None by default.
    fn fonts_wanted(&self, _spec: &Self::Spec, _out: &mut Vec<u16>) {}
}

/// A [`Route`] behind a trait object, so one table holds them all.
pub trait Endpoint: Sync {
    /// The route's facts.
    fn info(&self) -> &RouteInfo;
    /// Whether the route answers `path`.
    fn matches(&self, path: &str) -> bool;
    /// Parses `input` into a job and its canonical form.
    fn prepare(&'static self, input: &Input) -> Result<Job, ApiError>;
}

/// What is left to do for a parsed request: check, then draw if asked.
type Rest = Box<dyn FnOnce(&mut Timing, bool) -> Result<Option<Output>, ApiError>>;

/// A parsed request: its canonical form and what is left to do.
pub struct Job {
    /// The route name and the spec ([`crate::canonical`]).
    pub canonical: Vec<u8>,
    /// The spec as JSON (the canonical form before [`crate::canonical`]),
    /// for the test that compares the two.
    #[cfg(test)]
    pub json: String,
    /// Asset faces to fetch before running ([`Route::fonts_wanted`]).
    pub fonts: Vec<u16>,
    run: Rest,
}

impl Job {
    /// Checks the request, then draws it when `draw` (else only checks:
    /// for a 304).
    pub fn run(self, timing: &mut Timing, draw: bool) -> Result<Option<Output>, ApiError> {
        (self.run)(timing, draw)
    }
}

impl<R: Route> Endpoint for R {
    fn info(&self) -> &RouteInfo {
        Route::info(self)
    }

    fn matches(&self, path: &str) -> bool {
        Route::matches(self, path)
    }

    fn prepare(&'static self, input: &Input) -> Result<Job, ApiError> {
        let spec = self.parse(input)?;
        let mut fonts = Vec::new();
        if !crate::fonts::all_available() {
            self.fonts_wanted(&spec, &mut fonts);
        }
        Ok(Job {
            fonts,
            canonical: crate::canonical::encode(Route::info(self).name, &spec)
                .map_err(|_| ApiError::Internal)?,
            #[cfg(test)]
            json: format!(
                "{}:{}",
                Route::info(self).name,
                serde_json::to_string(&spec).unwrap()
            ),
            run: Box::new(move |timing, draw| {
                let checked = self.check(spec, timing)?;
                Ok(draw.then(|| self.draw(checked, timing)))
            }),
        })
    }
}

/// A route without parameters that answers a document of its own (the
/// playground, `/docs`, `/health`); its query is read (a malformed or repeated key
/// is still a 400) but not used.
pub struct Static {
    /// The route's facts.
    pub info: RouteInfo,
    /// Writes the document.
    pub draw: fn() -> Output,
}

impl RouteInfo {
    /// The facts of a [`Static`] route at `path` (GET and HEAD, no headers of
    /// its own, no examples, nothing to warm).
    pub const fn document(
        name: &'static str,
        path: &'static [&'static str],
        caching: Caching,
        summary: &'static str,
    ) -> RouteInfo {
        RouteInfo {
            name,
            paths: path,
            allow: "GET, HEAD",
            body: Body::None,
            max_body: MAX_BODY_BYTES,
            caching,
            summary,
            params: "",
            headers: &[],
            examples: &[],
            warm: &[],
        }
    }
}

impl Route for Static {
    type Spec = ();
    type Checked = ();

    fn info(&self) -> &RouteInfo {
        &self.info
    }

    fn parse(&self, _: &Input) -> Result<(), ApiError> {
        Ok(())
    }

    fn check(&self, (): (), _: &mut Timing) -> Result<(), ApiError> {
        Ok(())
    }

    fn draw(&self, (): (), _: &mut Timing) -> Output {
        (self.draw)()
    }
}

/// The route answering `path`.
pub fn find(path: &str) -> Option<&'static dyn Endpoint> {
    TABLE.iter().copied().find(|r| r.matches(path))
}

/// Whether `method` is one the route answers (from the raw method string:
/// methods are case-sensitive, and one the platform does not know is not
/// `GET`).
pub fn allows(info: &RouteInfo, method: &str) -> bool {
    info.allow.split(", ").any(|m| m == method)
}

/// Whether the shell must read the body of `method path` (the route takes
/// one and the method is `POST`), and if so, the most bytes it may read
/// ([`RouteInfo::max_body`]).
pub fn body_limit(method: &str, path: &str) -> Option<usize> {
    if method != "POST" {
        return None;
    }
    let info = find(path)?.info();
    (info.body != Body::None && allows(info, method)).then_some(info.max_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_finds_its_own_route() {
        for route in TABLE {
            let info = route.info();
            assert!(!info.paths.is_empty(), "{}", info.name);
            for path in info.paths {
                assert_eq!(find(path).map(|r| r.info().name), Some(info.name), "{path}");
            }
            // HEAD wherever GET; only /sign (a POST that signs) has no GET.
            assert_eq!(allows(info, "GET"), allows(info, "HEAD"), "{}", info.name);
            assert_eq!(allows(info, "GET"), info.name != "sign", "{}", info.name);
            assert_eq!(
                allows(info, "POST"),
                info.body != Body::None,
                "{}: POST exactly when a body is taken",
                info.name
            );
        }
        let names: Vec<&str> = TABLE.iter().map(|r| r.info().name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "route names are unique");
    }

    #[test]
    fn bodies_are_read_only_for_post_to_a_route_that_takes_one() {
        assert_eq!(body_limit("POST", "/text.png"), Some(MAX_BODY_BYTES));
        assert_eq!(body_limit("POST", "/text"), Some(MAX_BODY_BYTES));
        assert_eq!(body_limit("GET", "/text.png"), None);
        assert_eq!(body_limit("post", "/text.png"), None);
        assert_eq!(body_limit("POST", "/heart.png"), None);
        assert_eq!(body_limit("POST", "/nope"), None);
    }
}
