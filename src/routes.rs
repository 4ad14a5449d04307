//! (method, path, query, headers, body) → [`Reply`]. Platform-neutral: the
//! worker shell and the CLI both come through here.

use render::{
    beat_scale, layout_text, render_art, render_heart, render_heart_svg, render_text, MAX_TEXT_SIDE,
};

use crate::encode;
use crate::error::ApiError;
use crate::fonts::{self, Embedded};
use crate::params::{
    parse_heart, parse_text, HeartFormat, HeartRequest, Query, MAX_BODY_BYTES, MAX_PIXELS,
    MAX_URL_BYTES,
};
use crate::reply::{etag, none_match, server_timing, Reply, CACHE_IMMUTABLE};
use crate::{glyphs, index, label, BUILD_ID, VERSION};

/// The parts of an HTTP request the routes look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    /// `GET`, `HEAD`, …
    pub method: &'a str,
    /// The URL path, starting with `/`.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// The `If-None-Match` header.
    pub if_none_match: Option<&'a str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The body (read only for routes that take one, up to the limit).
    pub body: &'a [u8],
    /// The body was longer than [`MAX_BODY_BYTES`] (and so was not read).
    pub body_too_large: bool,
}

/// What the platform lends the routes.
pub struct Env<'a> {
    /// Milliseconds from an arbitrary origin, for `Server-Timing`.
    pub clock: &'a dyn Fn() -> f64,
}

/// Content type of SVG answers.
pub const SVG_TYPE: &str = "image/svg+xml";
/// Scripts and external loads are forbidden in served SVG.
pub const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const GET: &str = "GET, HEAD";
const GET_POST: &str = "GET, HEAD, POST";

/// Whether a route reads the request body (the shell reads it only then).
pub fn takes_body(method: &str, path: &str) -> bool {
    method == "POST" && path == "/text.png"
}

/// Answers one request. Never panics on any input.
pub fn handle(req: &Request, env: &Env) -> Reply {
    let reply = match route(req, env) {
        Ok(r) => r,
        Err(e) => Reply::error(&e),
    };
    if req.method == "HEAD" {
        Reply {
            body: Vec::new(),
            ..reply
        }
    } else {
        reply
    }
}

#[derive(Clone, Copy)]
enum Route {
    Index,
    Health,
    Heart(Option<HeartFormat>),
    Text,
}

fn find(path: &str) -> Option<Route> {
    match path {
        "/" => Some(Route::Index),
        "/health" => Some(Route::Health),
        "/heart" => Some(Route::Heart(None)),
        "/text.png" | "/text" => Some(Route::Text),
        p => p.strip_prefix("/heart.").and_then(|ext| {
            HeartFormat::ALL
                .iter()
                .find(|(name, _)| *name == ext)
                .map(|&(_, f)| Route::Heart(Some(f)))
        }),
    }
}

fn route(req: &Request, env: &Env) -> Result<Reply, ApiError> {
    if req.path.len() + req.query.len() > MAX_URL_BYTES {
        return Err(ApiError::UriTooLong {
            limit: MAX_URL_BYTES,
        });
    }
    let Some(route) = find(req.path) else {
        return Err(ApiError::NotFound(truncate(req.path, 200)));
    };
    let allow = if matches!(route, Route::Text) {
        GET_POST
    } else {
        GET
    };
    if !allow.split(", ").any(|m| m == req.method) {
        return Err(ApiError::MethodNotAllowed { allow });
    }
    match route {
        Route::Index => Ok(
            Reply::ok("text/html; charset=utf-8", index::page().into_bytes())
                .with("cache-control", "public, max-age=300")
                .with(
                    "content-security-policy",
                    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                ),
        ),
        Route::Health => Ok(Reply::json(health())),
        Route::Heart(format) => heart(req, env, format),
        Route::Text => text(req, env),
    }
}

/// Host part of edge-cache keys. The Cache API wants URLs; this host is
/// never fetched.
const CACHE_ORIGIN: &str = "https://edge-render.cache/";

/// The edge-cache key of a render request: the build id and the canonical
/// request (defaults filled, parameters sorted), so a GET and a POST of the
/// same image share an entry and a new build never serves old bytes. `None`
/// for anything that is not a valid render request (errors are not cached).
pub fn cache_key(req: &Request) -> Option<String> {
    if !matches!(req.method, "GET" | "HEAD" | "POST")
        || req.path.len() + req.query.len() > MAX_URL_BYTES
    {
        return None;
    }
    let canonical = match find(req.path)? {
        Route::Heart(format) if req.method != "POST" => {
            parse_heart(format, &Query::parse(req.query).ok()?)
                .ok()?
                .canonical()
        }
        Route::Text => parse_text(&text_query(req).ok()?).ok()?.canonical(),
        _ => return None,
    };
    let encoded: String = form_urlencoded::byte_serialize(canonical.as_bytes()).collect();
    Some(format!("{CACHE_ORIGIN}{BUILD_ID}?r={encoded}"))
}

/// Checks a `/warmup` call: 404 when no token is configured (the route is
/// off), 405 for anything but POST, 401 without `Authorization: Bearer <token>`.
pub fn warmup_auth(
    method: &str,
    authorization: Option<&str>,
    token: Option<&str>,
) -> Result<(), ApiError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(ApiError::NotFound("/warmup".into()));
    };
    if method != "POST" {
        return Err(ApiError::MethodNotAllowed { allow: "POST" });
    }
    let given = authorization
        .and_then(|a| a.trim().strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    // Compare in time independent of where the first difference is.
    let same = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// The `/health` body.
pub fn health() -> String {
    let (entries, bytes, hits, misses) = glyphs::stats();
    serde_json::json!({
        "status": "ok",
        "version": VERSION,
        "build": BUILD_ID,
        "fonts": fonts::describe(),
        "families": fonts::FAMILIES.iter().map(|f| serde_json::json!({
            "font": f.name,
            "family": fonts::FACES.iter().find(|x| x.role == f.role).map(|x| x.family),
            "weights": fonts::weights(f.role),
        })).collect::<Vec<_>>(),
        "glyph_cache": {"entries": entries, "bytes": bytes, "hits": hits, "misses": misses},
        "memory_bytes": memory_bytes(),
    })
    .to_string()
}

/// Size of the WebAssembly linear memory (it only ever grows, so a flat
/// value under load means no per-request growth); `null` natively.
fn memory_bytes() -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) * 65536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// A 304 for `tag`.
pub fn not_modified(tag: String) -> Reply {
    Reply {
        status: 304,
        headers: vec![("etag", tag), ("cache-control", CACHE_IMMUTABLE.to_owned())],
        body: Vec::new(),
    }
}

/// A successful image answer with the shared headers.
fn image(content_type: &'static str, body: Vec<u8>, tag: String, timing: &[(&str, f64)]) -> Reply {
    let mut reply = Reply::ok(content_type, body)
        .with("cache-control", CACHE_IMMUTABLE)
        .with("etag", tag)
        .with("server-timing", server_timing(timing));
    if content_type == SVG_TYPE {
        reply = reply.with("content-security-policy", SVG_CSP);
    }
    reply
}

/// Parses the faces `text` needs along `chain` that are not parsed yet;
/// returns their file names (for `Server-Timing`).
fn load_faces(text: &str, chain: &[u16]) -> Vec<&'static str> {
    let mut parsed = Vec::new();
    for id in fonts::faces_needed(text, chain) {
        if !fonts::is_parsed(id) {
            fonts::font(id);
            parsed.push(fonts::FACES[usize::from(id)].file);
        }
    }
    parsed
}

/// The `font` phase of `Server-Timing`, naming the faces parsed.
fn font_phase(parsed: &[&str]) -> String {
    if parsed.is_empty() {
        "font".to_owned()
    } else {
        format!("font;desc=\"{}\"", parsed.join(" "))
    }
}

fn heart(req: &Request, env: &Env, format: Option<HeartFormat>) -> Result<Reply, ApiError> {
    let t0 = (env.clock)();
    let query = Query::parse(req.query)?;
    let request = parse_heart(format, &query)?;
    let tag = etag(BUILD_ID, &request.canonical());
    if req.if_none_match.is_some_and(|h| none_match(h, &tag)) {
        return Ok(not_modified(tag));
    }
    let t1 = (env.clock)();
    let parsed = match &request {
        HeartRequest::Still(_, spec, Some(l))
        | HeartRequest::Animated {
            spec,
            label: Some(l),
            ..
        } => load_faces(&l.text, &label::spec(l, spec.size, spec.dpr).chain),
        _ => Vec::new(),
    };
    let t2 = (env.clock)();
    let (content_type, body, t3) = render(&request, env.clock);
    let t4 = (env.clock)();
    let font = font_phase(&parsed);
    Ok(image(
        content_type,
        body,
        tag,
        &[
            ("parse", t1 - t0),
            (&font, t2 - t1),
            ("render", t3 - t2),
            ("encode", t4 - t3),
        ],
    ))
}

/// Renders and encodes a validated heart request; returns the content type,
/// the bytes, and the clock reading between rendering and encoding.
pub fn render(request: &HeartRequest, clock: &dyn Fn() -> f64) -> (&'static str, Vec<u8>, f64) {
    match request {
        HeartRequest::Still(HeartFormat::Svg, spec, l) => {
            let svg_label = l.as_ref().map(|l| label::svg(l, spec.size));
            let s = render_heart_svg(spec, svg_label.as_ref());
            (SVG_TYPE, s.into_bytes(), clock())
        }
        HeartRequest::Still(_, spec, l) => {
            let mut pixmap = render_heart(spec, 1.0);
            if let Some(l) = l {
                label::draw(&mut pixmap, l, spec.size, spec.dpr);
            }
            let t = clock();
            ("image/png", encode::png(&pixmap), t)
        }
        HeartRequest::Animated {
            spec,
            frames,
            fps,
            label: l,
        } => {
            // Rendering and encoding interleave frame by frame; the whole is
            // reported as render.
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
            let t = clock();
            ("image/apng", bytes, t)
        }
        HeartRequest::Art(a) => {
            let s = render_art(a);
            ("text/plain; charset=utf-8", s.into_bytes(), clock())
        }
    }
}

/// The query of a text request: the URL's, plus a POST's JSON fields.
fn text_query(req: &Request) -> Result<Query, ApiError> {
    let mut query = Query::parse(req.query)?;
    if req.method == "POST" {
        let json = req
            .content_type
            .and_then(|c| c.split(';').next())
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType("application/json"));
        }
        if req.body_too_large || req.body.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge {
                limit: MAX_BODY_BYTES,
            });
        }
        query = query.merge(Query::from_json(req.body)?)?;
    }
    Ok(query)
}

fn text(req: &Request, env: &Env) -> Result<Reply, ApiError> {
    let t0 = (env.clock)();
    let request = parse_text(&text_query(req)?)?;
    let tag = etag(BUILD_ID, &request.canonical());
    if req.if_none_match.is_some_and(|h| none_match(h, &tag)) {
        return Ok(not_modified(tag));
    }
    let spec = &request.spec;
    let t1 = (env.clock)();
    let parsed = load_faces(&spec.text, &spec.chain);
    let t2 = (env.clock)();
    let layout = layout_text(spec, &Embedded);
    let (w, h) = (u64::from(layout.width()), u64::from(layout.height()));
    if w * h > MAX_PIXELS {
        return Err(ApiError::TooLarge {
            param: "text",
            message: format!("the text box is {w}×{h} pixels; the limit is {MAX_PIXELS} pixels (set width/height, size or dpr)"),
        });
    }
    if (spec.width.is_none() && w >= u64::from(MAX_TEXT_SIDE))
        || (spec.height.is_none() && h >= u64::from(MAX_TEXT_SIDE))
    {
        return Err(ApiError::TooLarge {
            param: "text",
            message: format!("the text needs a box over {MAX_TEXT_SIDE} pixels on a side; set width to wrap it or a smaller size"),
        });
    }
    let t3 = (env.clock)();
    let pixmap = glyphs::with_cache(|cache| render_text(&layout, spec, &Embedded, cache));
    let t4 = (env.clock)();
    let body = encode::png(&pixmap);
    let t5 = (env.clock)();
    let font = font_phase(&parsed);
    Ok(image(
        "image/png",
        body,
        tag,
        &[
            ("parse", t1 - t0),
            (&font, t2 - t1),
            ("layout", t3 - t2),
            ("raster", t4 - t3),
            ("encode", t5 - t4),
        ],
    )
    .with("x-missing-glyphs", layout.missing().to_string())
    .with("x-text-lines", layout.lines().to_string())
    .with("x-font-size", layout.size_used().to_string()))
}

/// At most `max` bytes of `s`, cut on a character boundary.
fn truncate(s: &str, max: usize) -> String {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str, query: &str) -> Reply {
        call("GET", path, query, None)
    }

    fn call(method: &str, path: &str, query: &str, inm: Option<&str>) -> Reply {
        let clock = || 0.0;
        handle(
            &Request {
                method,
                path,
                query,
                if_none_match: inm,
                ..Request::default()
            },
            &Env { clock: &clock },
        )
    }

    fn json(r: &Reply) -> serde_json::Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn content_types_and_common_headers() {
        for (path, ct) in [
            ("/heart.png", "image/png"),
            ("/heart", "image/png"),
            ("/heart.svg", "image/svg+xml"),
            ("/heart.txt", "text/plain; charset=utf-8"),
            ("/heart.apng", "image/apng"),
        ] {
            let r = get(path, "size=64&frames=2");
            let r = if r.status == 400 { get(path, "") } else { r };
            assert_eq!(
                r.status,
                200,
                "{path}: {}",
                String::from_utf8_lossy(&r.body)
            );
            assert_eq!(r.header("content-type"), Some(ct), "{path}");
            assert_eq!(r.header("cache-control"), Some(CACHE_IMMUTABLE));
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
            assert!(r.header("etag").is_some());
            assert!(r.header("server-timing").unwrap().contains("render;dur="));
        }
        assert_eq!(
            get("/heart.svg", "").header("content-security-policy"),
            Some(SVG_CSP)
        );
        assert_eq!(
            get("/heart.png", "").header("content-security-policy"),
            None
        );
    }

    #[test]
    fn format_param_selects_and_extension_wins() {
        assert_eq!(
            get("/heart", "format=svg").header("content-type"),
            Some(SVG_TYPE)
        );
        assert_eq!(
            get("/heart.png", "format=svg").header("content-type"),
            Some("image/png")
        );
    }

    #[test]
    fn etag_304_and_head() {
        let r = get("/heart.png", "size=100&theme=dark");
        let tag = r.header("etag").unwrap().to_owned();
        // Same image, other order and spelling: same tag.
        let same = get("/heart.png", "theme=dark&size=100&dpr=1");
        assert_eq!(same.header("etag"), Some(tag.as_str()));
        assert_eq!(same.body, r.body);
        let nm = call("GET", "/heart.png", "size=100&theme=dark", Some(&tag));
        assert_eq!(nm.status, 304);
        assert!(nm.body.is_empty());
        assert_eq!(nm.header("etag"), Some(tag.as_str()));
        let other = call("GET", "/heart.png", "size=100&theme=dark", Some("\"nope\""));
        assert_eq!(other.status, 200);
        let head = call("HEAD", "/heart.png", "size=100&theme=dark", None);
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        assert_eq!(head.header("etag"), Some(tag.as_str()));
        assert_eq!(call("HEAD", "/nope", "", None).status, 404);
    }

    #[test]
    fn errors() {
        let r = get("/nope", "");
        assert_eq!(r.status, 404);
        assert_eq!(json(&r)["error"]["code"], "not_found");
        let r = call("POST", "/heart.png", "", None);
        assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
        let r = call("PUT", "/text.png", "text=a", None);
        assert_eq!(
            (r.status, r.header("allow")),
            (405, Some("GET, HEAD, POST"))
        );
        assert_eq!(call("DELETE", "/", "", None).status, 405);
        let r = get("/heart.png", "size=9");
        assert_eq!(r.status, 400);
        assert_eq!(json(&r)["error"]["param"], "size");
        assert_eq!(get("/heart.gif", "").status, 404);
        let long = "a".repeat(MAX_URL_BYTES);
        assert_eq!(get("/heart.png", &long).status, 414);
        let r = get("/heart.png", "size=2048&dpr=3");
        assert_eq!(r.status, 422);
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }

    #[test]
    fn cache_keys() {
        let req = |method, path, query| Request {
            method,
            path,
            query,
            ..Request::default()
        };
        let a = cache_key(&req("GET", "/heart.png", "theme=light&size=300")).unwrap();
        let b = cache_key(&req(
            "HEAD",
            "/heart.png",
            "size=300&bg=white&color=%23e0245e",
        ))
        .unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(CACHE_ORIGIN) && a.contains(BUILD_ID) && !a.contains('#'));
        assert_ne!(a, cache_key(&req("GET", "/heart.png", "size=301")).unwrap());
        assert_eq!(
            cache_key(&req("GET", "/heart.png", "size=1")),
            None,
            "errors are not cached"
        );
        assert_eq!(cache_key(&req("GET", "/health", "")), None);
        assert_eq!(cache_key(&req("POST", "/heart.png", "")), None);
        let get = cache_key(&req("GET", "/text.png", "text=hi&size=40")).unwrap();
        let post = cache_key(&Request {
            method: "POST",
            path: "/text.png",
            content_type: Some("application/json"),
            body: br#"{"text":"hi","size":40}"#,
            ..Request::default()
        });
        assert_eq!(
            post.as_deref(),
            Some(get.as_str()),
            "GET and POST share an entry"
        );
    }

    #[test]
    fn warmup_auth_rules() {
        assert_eq!(
            warmup_auth("POST", Some("Bearer s3cret"), None)
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(
            warmup_auth("POST", Some("Bearer "), Some(""))
                .unwrap_err()
                .status(),
            404
        );
        assert_eq!(
            warmup_auth("GET", Some("Bearer s3cret"), Some("s3cret"))
                .unwrap_err()
                .status(),
            405
        );
        assert_eq!(
            warmup_auth("POST", None, Some("s3cret"))
                .unwrap_err()
                .status(),
            401
        );
        assert_eq!(
            warmup_auth("POST", Some("Bearer s3cre"), Some("s3cret"))
                .unwrap_err()
                .status(),
            401
        );
        assert_eq!(
            warmup_auth("POST", Some("Basic s3cret"), Some("s3cret"))
                .unwrap_err()
                .status(),
            401
        );
        assert!(warmup_auth("POST", Some("Bearer s3cret"), Some("s3cret")).is_ok());
    }

    #[test]
    fn health_and_index() {
        let h = json(&get("/health", ""));
        assert_eq!(h["status"], "ok");
        assert_eq!(h["version"], VERSION);
        assert!(h["fonts"].is_array());
        let page = String::from_utf8(get("/", "").body).unwrap();
        assert!(page.contains("<img") && page.contains("/heart.png"));
    }

    #[test]
    fn deterministic() {
        for path in ["/heart.png", "/heart.svg", "/heart.txt", "/heart.apng"] {
            assert_eq!(get(path, "").body, get(path, "").body, "{path}");
        }
    }
}
