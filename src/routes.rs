//! (method, path, query, headers, body) → [`Reply`]. Platform-neutral: the
//! worker shell and the CLI both come through here.

use render::{beat_scale, render_art, render_heart, render_heart_svg};

use crate::encode;
use crate::error::ApiError;
use crate::params::{parse_heart, HeartFormat, HeartRequest, Query, MAX_URL_BYTES};
use crate::reply::{etag, none_match, server_timing, Reply, CACHE_IMMUTABLE};
use crate::{index, BUILD_ID, VERSION};

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

fn route(req: &Request, env: &Env) -> Result<Reply, ApiError> {
    if req.path.len() + req.query.len() > MAX_URL_BYTES {
        return Err(ApiError::UriTooLong {
            limit: MAX_URL_BYTES,
        });
    }
    let heart_format = match req.path {
        "/heart" => Some(None),
        p => p.strip_prefix("/heart.").and_then(|ext| {
            HeartFormat::ALL
                .iter()
                .find(|(name, _)| *name == ext)
                .map(|&(_, f)| Some(f))
        }),
    };
    let allow = match (req.path, heart_format) {
        ("/" | "/health", _) | (_, Some(_)) => GET,
        _ => return Err(ApiError::NotFound(truncate(req.path, 200))),
    };
    if !allow.split(", ").any(|m| m == req.method) {
        return Err(ApiError::MethodNotAllowed { allow });
    }
    match (req.path, heart_format) {
        ("/", _) => Ok(
            Reply::ok("text/html; charset=utf-8", index::page().into_bytes())
                .with("cache-control", "public, max-age=300")
                .with(
                    "content-security-policy",
                    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                ),
        ),
        ("/health", _) => Ok(Reply::json(health())),
        (_, Some(format)) => heart(req, env, format),
        _ => Err(ApiError::NotFound(truncate(req.path, 200))),
    }
}

/// The `/health` body.
pub fn health() -> String {
    serde_json::json!({
        "status": "ok",
        "version": VERSION,
        "build": BUILD_ID,
        "fonts": [],
    })
    .to_string()
}

fn heart(req: &Request, env: &Env, format: Option<HeartFormat>) -> Result<Reply, ApiError> {
    let t0 = (env.clock)();
    let query = Query::parse(req.query)?;
    let request = parse_heart(format, &query)?;
    let tag = etag(BUILD_ID, &request.canonical());
    let t1 = (env.clock)();
    if req.if_none_match.is_some_and(|h| none_match(h, &tag)) {
        return Ok(Reply {
            status: 304,
            headers: vec![("etag", tag), ("cache-control", CACHE_IMMUTABLE.to_owned())],
            body: Vec::new(),
        });
    }
    let (content_type, body, t2) = render(&request, env.clock);
    let t3 = (env.clock)();
    let mut reply = Reply::ok(content_type, body)
        .with("cache-control", CACHE_IMMUTABLE)
        .with("etag", tag)
        .with(
            "server-timing",
            server_timing(&[("parse", t1 - t0), ("render", t2 - t1), ("encode", t3 - t2)]),
        );
    if content_type == SVG_TYPE {
        reply = reply.with("content-security-policy", SVG_CSP);
    }
    Ok(reply)
}

/// Renders and encodes a validated heart request; returns the content type,
/// the bytes, and the clock reading between rendering and encoding.
pub fn render(request: &HeartRequest, clock: &dyn Fn() -> f64) -> (&'static str, Vec<u8>, f64) {
    match request {
        HeartRequest::Still(HeartFormat::Svg, spec) => {
            let s = render_heart_svg(spec);
            (SVG_TYPE, s.into_bytes(), clock())
        }
        HeartRequest::Still(_, spec) => {
            let pixmap = render_heart(spec, 1.0);
            let t = clock();
            ("image/png", encode::png(&pixmap), t)
        }
        HeartRequest::Animated { spec, frames, fps } => {
            // Rendering and encoding interleave frame by frame; the whole is
            // reported as render.
            let first = render_heart(spec, beat_scale(0, *frames));
            let (w, h) = (first.width(), first.height());
            let mut first = Some(first);
            let bytes = encode::apng(w, h, *frames, *fps, spec.bg.a == 255, |i| {
                first
                    .take()
                    .unwrap_or_else(|| render_heart(spec, beat_scale(i, *frames)))
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
