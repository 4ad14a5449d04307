//! The one serve path: (method, path, query, headers, body) → [`Reply`].
//! Platform-neutral: the worker shell, the CLI, the warm-up and the tests
//! all come through here.
//!
//! In order, for every route of the [table](crate::routes::TABLE):
//! 1. URL limit (414), route (404), method from the raw string (405 with
//!    `Allow`);
//! 2. body: `Content-Type` (415), size against the route's limit (413),
//!    strict JSON (400): a [`Body::Fields`] body's fields join the query
//!    parameters, a [`Body::Json`] document goes to the route whole;
//! 3. for renders ([`Caching::Immutable`]): the signature when signing is
//!    on ([`crate::sign`]: 401/403, before any parsing), and `sig`/`exp`
//!    taken out of the parameters whether it is on or not;
//!    then parse → a validated spec (400), and its canonical form;
//! 4. for renders ([`Caching::Immutable`]): the edge cache may answer here
//!    ([`Render::hit`]) — a cached entry is only ever a valid request's;
//! 5. check (422: what needs fonts to validate), then `If-None-Match` → 304
//!    (so an invalid request never gets one), then draw;
//! 6. shared headers, `Server-Timing`, `HEAD` without a body.

use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::fonts;
use crate::params::{json, parse_query, parse_strict, MAX_URL_BYTES};
use crate::reply::{etag, none_match, server_timing, Reply, CACHE_IMMUTABLE};
use crate::routes::{allows, find, Body, Caching, Input, Job, Output, RouteInfo};
use crate::sign::{self, Signing};
use crate::BUILD_ID;

/// The parts of an HTTP request the routes look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request<'a> {
    /// The method exactly as received (`GET`, `HEAD`, `PROPFIND`, …).
    pub method: &'a str,
    /// The URL path, starting with `/`.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// The `If-None-Match` header.
    pub if_none_match: Option<&'a str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `Accept` header (a route may choose its format by it, and then
    /// says `Vary: Accept`).
    pub accept: Option<&'a str>,
    /// The `Authorization` header (for a token-guarded route: `/sign`).
    pub authorization: Option<&'a str>,
    /// The body (read only for routes that take one, up to the limit).
    pub body: &'a [u8],
    /// The body was longer than the route's limit
    /// ([`RouteInfo::max_body`], by default [`MAX_BODY_BYTES`](crate::params::MAX_BODY_BYTES)),
    /// and so was not read whole.
    pub body_too_large: bool,
}

impl<'a> Request<'a> {
    /// `GET url`, where `url` is a path with an optional `?query`.
    pub fn get(url: &'a str) -> Request<'a> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        Request {
            method: "GET",
            path,
            query,
            ..Request::default()
        }
    }

    /// `POST url` with a JSON body.
    pub fn post_json(url: &'a str, body: &'a [u8]) -> Request<'a> {
        Request {
            method: "POST",
            content_type: Some("application/json"),
            body,
            ..Request::get(url)
        }
    }

    /// The same request with another method.
    pub fn with_method(self, method: &'a str) -> Request<'a> {
        Request { method, ..self }
    }

    /// The same request with an `Authorization` header.
    pub fn with_authorization(self, value: &'a str) -> Request<'a> {
        Request {
            authorization: Some(value),
            ..self
        }
    }

    /// The same request with an `If-None-Match` header.
    pub fn with_if_none_match(self, tag: &'a str) -> Request<'a> {
        Request {
            if_none_match: Some(tag),
            ..self
        }
    }
}

/// What the platform lends the routes.
pub struct Env<'a> {
    /// Milliseconds from an arbitrary origin, for `Server-Timing`.
    pub clock: &'a dyn Fn() -> f64,
}

/// `Server-Timing` phases, each from the previous mark to now.
pub struct Timing<'a> {
    clock: &'a dyn Fn() -> f64,
    last: f64,
    phases: Vec<(String, f64)>,
}

impl<'a> Timing<'a> {
    /// Starts timing now.
    pub fn start(clock: &'a dyn Fn() -> f64) -> Timing<'a> {
        Timing {
            clock,
            last: clock(),
            phases: Vec::new(),
        }
    }

    /// Ends phase `name` (a `Server-Timing` metric name, possibly with a
    /// `;desc="…"`) now.
    pub fn mark(&mut self, name: impl Into<String>) {
        let now = (self.clock)();
        self.phases.push((name.into(), now - self.last));
        self.last = now;
    }

    /// The `Server-Timing` value.
    pub fn header(&self) -> String {
        let phases: Vec<(&str, f64)> = self.phases.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        server_timing(&phases)
    }
}

/// What [`prepare`] found.
pub enum Step<'a> {
    /// The answer is known: an error, a page, or `/health`.
    Answer(Reply),
    /// A valid render request, to be answered from the edge cache or drawn.
    Render(Render<'a>),
}

/// A parsed, valid render request.
pub struct Render<'a> {
    info: &'static RouteInfo,
    job: Job,
    etag: String,
    head: bool,
    post: bool,
    if_none_match: Option<&'a str>,
    timing: Timing<'a>,
}

/// `Cache-Control` of an image drawn without a face it needed (an asset
/// font that could not be fetched): no cache may keep it, so the next
/// request draws it whole.
pub const CACHE_DEGRADED: &str = "no-store";

/// Content type of SVG answers.
pub const SVG_TYPE: &str = "image/svg+xml";
/// Scripts and external loads are forbidden in served SVG.
pub const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Host part of edge-cache keys. The Cache API wants URLs; this host is
/// never fetched.
const CACHE_ORIGIN: &str = "https://edge-render.cache/";

/// Headers every render answer carries, kept on an edge-cache hit together
/// with the route's own ([`RouteInfo::headers`]).
const RENDER_HEADERS: &[&str] = &[
    "content-type",
    "x-content-type-options",
    "cache-control",
    "etag",
    "content-security-policy",
];

/// The rate limit's key for a client address (`CF-Connecting-IP`): an
/// IPv4 address as it is; an IPv6 address by its /64 prefix, since one
/// subscriber's network is a /64 and a client could take a new address of
/// it for every request; anything else (absent, malformed) shares one key.
pub fn limit_key(client: Option<&str>) -> String {
    match client.map(str::trim).map(str::parse::<std::net::IpAddr>) {
        Some(Ok(std::net::IpAddr::V4(ip))) => ip.to_string(),
        Some(Ok(std::net::IpAddr::V6(ip))) => {
            let s = ip.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => "no-client-address".to_owned(),
    }
}

/// Answers one request. Never panics on any input.
pub fn handle(req: &Request, env: &Env) -> Reply {
    match prepare(req, env.clock) {
        Step::Answer(reply) => reply,
        Step::Render(render) => render.render(),
    }
}

/// Steps 1–3 of the serve path (see the module doc), signing off.
pub fn prepare<'a>(req: &Request<'a>, clock: &'a dyn Fn() -> f64) -> Step<'a> {
    prepare_signed(req, clock, &Signing::off())
}

/// Steps 1–3 of the serve path, render routes wanting a signature under
/// `signing` (when it [is on](Signing::is_on)).
pub fn prepare_signed<'a>(
    req: &Request<'a>,
    clock: &'a dyn Fn() -> f64,
    signing: &Signing,
) -> Step<'a> {
    let mut timing = Timing::start(clock);
    let head = req.method == "HEAD";
    let (info, job) = match parse(req, signing) {
        Ok(found) => found,
        Err(e) => return Step::Answer(strip(Reply::error(&e), head)),
    };
    timing.mark("parse");
    if info.caching != Caching::Immutable {
        let reply = match job.run(&mut timing, true) {
            Ok(Some(out)) => page(info, out, req.if_none_match),
            Ok(None) => Reply::error(&ApiError::Internal),
            Err(e) => Reply::error(&e),
        };
        return Step::Answer(strip(reply, head));
    }
    Step::Render(Render {
        info,
        etag: etag(BUILD_ID, &job.canonical),
        job,
        head,
        post: req.method == "POST",
        if_none_match: req.if_none_match,
        timing,
    })
}

/// Route, method, body and parameters → the route and its job.
fn parse(req: &Request, signing: &Signing) -> Result<(&'static RouteInfo, Job), ApiError> {
    if req.path.len() + req.query.len() > MAX_URL_BYTES {
        return Err(ApiError::UriTooLong {
            limit: MAX_URL_BYTES,
        });
    }
    let route = find(req.path).ok_or_else(|| ApiError::NotFound(truncate(req.path, 200)))?;
    let info = route.info();
    if !allows(info, req.method) {
        return Err(ApiError::MethodNotAllowed { allow: info.allow });
    }
    let posts = req.method == "POST" && info.body != Body::None;
    let stripped;
    let query = if info.caching == Caching::Immutable {
        // A body too large was not read whole: its 413 comes first.
        if !(posts && (req.body_too_large || req.body.len() > info.max_body)) {
            let body = if posts { req.body } else { &[] };
            signing.check(req.path, req.query, body)?;
        }
        stripped = sign::strip(req.query);
        stripped.as_str()
    } else {
        req.query
    };
    let mut params = parse_query(query)?;
    let mut body = None;
    if posts {
        let json = req
            .content_type
            .and_then(|c| c.split(';').next())
            .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::UnsupportedMediaType("application/json"));
        }
        if req.body_too_large || req.body.len() > info.max_body {
            return Err(ApiError::PayloadTooLarge {
                limit: info.max_body,
            });
        }
        let document = parse_strict(req.body)?;
        match info.body {
            Body::Fields => params = params.merge(json::fields(document)?)?,
            Body::Json => body = Some(document),
            Body::None => {}
        }
    }
    let input = Input {
        path: req.path,
        params,
        body,
        accept: req.accept,
        authorization: req.authorization,
        signing,
    };
    Ok((info, route.prepare(&input)?))
}

/// `Cache-Control` of a page (the playground, `/docs`, `/templates`).
pub const CACHE_PAGE: &str = "public, max-age=300";

/// A page or `/health` answer. A page ([`Caching::Page`]) has a strong
/// `ETag` of its bytes and the build, and `If-None-Match` → 304.
fn page(info: &RouteInfo, out: Output, if_none_match: Option<&str>) -> Reply {
    if info.caching != Caching::Page {
        let mut reply = Reply::ok(out.content_type, out.body).with("cache-control", "no-store");
        reply.headers.extend(out.headers);
        return reply;
    }
    let tag = etag(BUILD_ID, &out.body);
    if if_none_match.is_some_and(|h| none_match(h, &tag)) {
        return Reply {
            status: 304,
            headers: vec![("etag", tag), ("cache-control", CACHE_PAGE.to_owned())],
            body: Vec::new(),
        };
    }
    let mut reply = Reply::ok(out.content_type, out.body)
        .with("cache-control", CACHE_PAGE)
        .with("etag", tag);
    reply.headers.extend(out.headers);
    reply
}

fn strip(mut reply: Reply, head: bool) -> Reply {
    if head {
        reply.body = Vec::new();
    }
    reply
}

impl Render<'_> {
    /// The edge-cache key: the build id, the route and the SHA-256 of the
    /// canonical request, so a GET and a POST of the same image share an
    /// entry, a new build never serves old bytes, and the key is short
    /// whatever the request (a 2,000-character text would otherwise make an
    /// 18 KB URL). A collision-resistant hash: two requests sharing a key
    /// would serve one's image for the other.
    pub fn cache_key(&self) -> String {
        let digest = Sha256::digest(&self.job.canonical);
        let mut key = format!("{CACHE_ORIGIN}{BUILD_ID}/{}/", self.info.name);
        for b in digest {
            key.push(char::from(HEX[usize::from(b >> 4)]));
            key.push(char::from(HEX[usize::from(b & 15)]));
        }
        key
    }

    /// The route's name ([`RouteInfo::name`]).
    pub fn route(&self) -> &'static str {
        self.info.name
    }

    /// The canonical form of the request (route name and validated spec,
    /// [`crate::canonical`]).
    pub fn canonical(&self) -> &[u8] {
        &self.job.canonical
    }

    /// Ends a phase of the shell's own (the edge-cache lookup of a miss) in
    /// `Server-Timing`, so that it is not counted in the next one.
    pub fn mark(&mut self, phase: &str) {
        self.timing.mark(phase);
    }

    /// Asset faces this request needs that are not fetched yet and may be
    /// asked for at `now` ([`fonts::may_fetch`]): the worker fetches them
    /// before [`miss`](Render::miss) or [`render`](Render::render).
    pub fn fonts_to_fetch(&self, now: f64) -> Vec<u16> {
        self.job
            .fonts
            .iter()
            .copied()
            .filter(|&id| !fonts::available(id) && fonts::may_fetch(id, now))
            .collect()
    }

    /// The headers an edge-cache hit keeps from the stored answer.
    pub fn kept_headers(&self) -> impl Iterator<Item = &'static str> {
        RENDER_HEADERS.iter().chain(self.info.headers).copied()
    }

    /// The answer from a stored one (`cached`: status 200 with the kept
    /// headers and the body), found in `lookup_ms`: 304 when
    /// `If-None-Match` matches, no body for `HEAD`, `X-Cache: HIT`.
    pub fn hit(self, cached: Reply, lookup_ms: f64) -> Reply {
        if self.post && self.matches_tag() {
            return Reply::error(&ApiError::PreconditionFailed);
        }
        let reply = if self.matches_tag() {
            not_modified(self.etag)
        } else {
            strip(cached, self.head)
        };
        reply.with("x-cache", "HIT").with(
            "server-timing",
            server_timing(&[("cache;desc=\"hit\"", lookup_ms)]),
        )
    }

    /// Checks and draws for the edge cache: the answer, marked
    /// `X-Cache: MISS`, and the whole answer to store when it is a 200 (for
    /// a `HEAD` too, whose answer then has no body).
    pub fn miss(self) -> (Reply, Option<Reply>) {
        let head = self.head;
        let full = self.full();
        match full.status {
            // Drawn without a face it needed (an asset that could not be
            // fetched): answered, but kept out of every cache.
            200 if full.header("cache-control") == Some(CACHE_DEGRADED) => {
                (strip(full, head).with("x-cache", "MISS"), None)
            }
            200 => (
                strip(full.clone(), head).with("x-cache", "MISS"),
                Some(full),
            ),
            304 => (full.with("x-cache", "MISS"), None),
            _ => (strip(full, head), None),
        }
    }

    /// The answer when the rate limit refuses to draw this request: 429
    /// with `Retry-After: retry_after` (no body for `HEAD`).
    pub fn limited(self, retry_after: u32) -> Reply {
        strip(
            Reply::error(&ApiError::RateLimited { retry_after }),
            self.head,
        )
    }

    /// Checks and draws (a 304 when `If-None-Match` matches a valid request).
    pub fn render(self) -> Reply {
        let head = self.head;
        strip(self.full(), head)
    }

    /// The answer with its body, even for `HEAD`.
    fn full(mut self) -> Reply {
        let fresh = self.matches_tag();
        if fresh && self.post {
            // RFC 9110 §13.1.2: a matching tag on other methods than GET
            // and HEAD is a failed precondition, after validation.
            return match self.job.run(&mut self.timing, false) {
                Err(e) => Reply::error(&e),
                Ok(_) => Reply::error(&ApiError::PreconditionFailed),
            };
        }
        let wanted = core::mem::take(&mut self.job.fonts);
        match self.job.run(&mut self.timing, !fresh) {
            Err(e) => Reply::error(&e),
            Ok(None) => not_modified(self.etag),
            Ok(Some(out)) => {
                let degraded = wanted.iter().any(|&id| !fonts::available(id));
                let cache = if degraded {
                    CACHE_DEGRADED
                } else {
                    CACHE_IMMUTABLE
                };
                let mut reply = Reply::ok(out.content_type, out.body).with("cache-control", cache);
                // A degraded image is not the one its tag names: no tag
                // (a client holding the whole one still gets its 304).
                if !degraded {
                    reply = reply.with("etag", self.etag);
                }
                if out.content_type == SVG_TYPE {
                    reply = reply.with("content-security-policy", SVG_CSP);
                }
                reply.headers.extend(out.headers);
                reply.with("server-timing", self.timing.header())
            }
        }
    }

    fn matches_tag(&self) -> bool {
        self.if_none_match
            .is_some_and(|h| none_match(h, &self.etag))
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
    #[test]
    fn the_rate_limit_key_is_the_ipv4_address_or_the_ipv6_slash_64() {
        use super::limit_key;
        assert_eq!(limit_key(Some("198.51.100.7")), "198.51.100.7");
        assert_eq!(limit_key(Some(" 198.51.100.7 ")), "198.51.100.7");
        let a = limit_key(Some("2001:db8:1:2::1"));
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_eq!(
            limit_key(Some("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")),
            a
        );
        assert_ne!(limit_key(Some("2001:db8:1:3::1")), a);
        assert_eq!(limit_key(Some("not an ip")), "no-client-address");
        assert_eq!(limit_key(None), "no-client-address");
    }

    use super::*;
    use crate::params::MAX_BODY_BYTES;

    fn send(req: &Request) -> Reply {
        handle(req, &Env { clock: &|| 0.0 })
    }

    fn get(url: &str) -> Reply {
        send(&Request::get(url))
    }

    fn json(r: &Reply) -> serde_json::Value {
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn content_types_and_common_headers() {
        for (url, ct) in [
            ("/heart.png?size=64", "image/png"),
            ("/heart?size=64", "image/png"),
            ("/heart.svg?size=64", "image/svg+xml"),
            ("/heart.txt", "text/plain; charset=utf-8"),
            ("/heart.apng?size=64&frames=2", "image/apng"),
            ("/text.png?text=hi", "image/png"),
            ("/text?text=hi", "image/png"),
        ] {
            let r = get(url);
            assert_eq!(r.status, 200, "{url}: {}", String::from_utf8_lossy(&r.body));
            assert_eq!(r.header("content-type"), Some(ct), "{url}");
            assert_eq!(r.header("cache-control"), Some(CACHE_IMMUTABLE));
            assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
            assert!(r.header("etag").is_some());
            assert!(r.header("server-timing").unwrap().starts_with("parse;dur="));
        }
        assert_eq!(
            get("/heart.svg").header("content-security-policy"),
            Some(SVG_CSP)
        );
        assert_eq!(get("/heart.png").header("content-security-policy"), None);
        assert_eq!(
            get("/heart?format=svg").header("content-type"),
            Some(SVG_TYPE)
        );
        assert_eq!(
            get("/heart.png?format=svg").header("content-type"),
            Some("image/png"),
            "the extension wins"
        );
    }

    #[test]
    fn etag_304_and_head() {
        let r = get("/heart.png?size=100&theme=dark");
        let tag = r.header("etag").unwrap().to_owned();
        // Same image, other order and spelling: same tag and bytes.
        let same = get("/heart.png?theme=dark&size=100&dpr=1");
        assert_eq!(same.header("etag"), Some(tag.as_str()));
        assert_eq!(same.body, r.body);
        let req = Request::get("/heart.png?size=100&theme=dark");
        let nm = send(&req.with_if_none_match(&tag));
        assert_eq!(nm.status, 304);
        assert!(nm.body.is_empty());
        assert_eq!(nm.header("etag"), Some(tag.as_str()));
        assert_eq!(send(&req.with_if_none_match("\"nope\"")).status, 200);
        let head = send(&req.with_method("HEAD"));
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        assert_eq!(head.header("etag"), Some(tag.as_str()));
        assert_eq!(send(&Request::get("/nope").with_method("HEAD")).status, 404);
    }

    #[test]
    fn errors() {
        let r = get("/nope");
        assert_eq!(r.status, 404);
        assert_eq!(json(&r)["error"]["code"], "not_found");
        let r = send(&Request::get("/heart.png").with_method("POST"));
        assert_eq!((r.status, r.header("allow")), (405, Some("GET, HEAD")));
        let r = send(&Request::get("/text.png?text=a").with_method("PUT"));
        assert_eq!(
            (r.status, r.header("allow")),
            (405, Some("GET, HEAD, POST"))
        );
        assert_eq!(send(&Request::get("/").with_method("DELETE")).status, 405);
        let r = get("/heart.png?size=9");
        assert_eq!(r.status, 400);
        assert_eq!(json(&r)["error"]["param"], "size");
        assert_eq!(get("/heart.gif").status, 404);
        let long = format!("/heart.png?{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(get(&long).status, 414);
        let r = get("/heart.png?size=2048&dpr=3");
        assert_eq!(r.status, 422);
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }

    /// Methods the platform's enum does not know were served as GET.
    #[test]
    fn unknown_methods_are_405_with_allow() {
        for method in [
            "PROPFIND", "PURGE", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "QUERY",
            "PATCH", "TRACE", "CONNECT", "OPTIONS", "get", "Get", "",
        ] {
            for url in ["/heart.png", "/text.png?text=a", "/", "/health"] {
                let r = send(&Request::get(url).with_method(method));
                assert_eq!(r.status, 405, "{method} {url}");
                assert!(r.header("allow").unwrap().starts_with("GET, HEAD"));
                assert_eq!(json(&r)["error"]["code"], "method_not_allowed");
            }
            assert!(!matches!(
                prepare(&Request::get("/heart.png").with_method(method), &|| 0.0),
                Step::Render(_)
            ));
        }
    }

    /// `If-None-Match: *` answered 304 before the text was measured.
    #[test]
    fn a_304_only_for_a_valid_request() {
        let invalid = Request::get("/text.png?size=512&text=WWWWWWWWWWWW");
        assert_eq!(send(&invalid).status, 422);
        let r = send(&invalid.with_if_none_match("*"));
        assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
        let bad = send(&Request::get("/heart.png?size=1").with_if_none_match("*"));
        assert_eq!(bad.status, 400);
        let ok = send(&Request::get("/text.png?text=W").with_if_none_match("*"));
        assert_eq!(ok.status, 304);
    }

    /// `POST /text` (the alias) never read its body.
    #[test]
    fn post_to_either_text_path_reads_the_body() {
        let body = br#"{"text":"alias","size":30}"#;
        let a = send(&Request::post_json("/text.png", body));
        let b = send(&Request::post_json("/text", body));
        assert_eq!((a.status, b.status), (200, 200));
        assert_eq!(a.body, b.body);
        assert_eq!(a.header("etag"), b.header("etag"));
        assert_eq!(a.body, get("/text.png?text=alias&size=30").body);
    }

    #[test]
    fn bodies_are_checked_against_the_route_limit_and_type() {
        let big = format!(r#"{{"text":"{}"}}"#, "a".repeat(MAX_BODY_BYTES));
        let r = send(&Request::post_json("/text.png", big.as_bytes()));
        assert_eq!(r.status, 413);
        assert!(json(&r)["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&MAX_BODY_BYTES.to_string()));
        let cut = Request {
            body_too_large: true,
            ..Request::post_json("/text.png", b"{}")
        };
        assert_eq!(send(&cut).status, 413, "the shell stopped reading");
        let r = send(&Request {
            content_type: Some("text/plain"),
            ..Request::post_json("/text.png", br#"{"text":"a"}"#)
        });
        assert_eq!(r.status, 415);
    }

    #[test]
    fn repeated_json_keys_are_400() {
        let r = send(&Request::post_json(
            "/text.png",
            br#"{"text":"a","size":20,"size":30}"#,
        ));
        assert_eq!(r.status, 400);
        let e = &json(&r)["error"];
        assert_eq!(e["code"], "bad_body");
        assert!(e["message"]
            .as_str()
            .unwrap()
            .contains("duplicate key `size`"));
    }

    /// `fit` stopped at size/8 and clipped: "Hello" at 64 px.
    #[test]
    fn fit_shrinks_until_everything_fits_or_answers_422() {
        let r = get("/text.png?text=Hello%20world%20this%20is%20long&size=512&width=300&height=100&fit=true");
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        let size: f32 = r.header("x-font-size").unwrap().parse().unwrap();
        assert!(size < 64.0, "{size}");
        let lines: f32 = r.header("x-text-lines").unwrap().parse().unwrap();
        assert!(
            lines * size * 1.25 <= 100.0 - 32.0 + 0.01,
            "{lines} × {size}"
        );
        let r = get(&format!(
            "/text.png?text={}&size=512&width=100&height=40&fit=true",
            "word%20".repeat(300)
        ));
        assert_eq!(r.status, 422);
        let e = &json(&r)["error"];
        assert_eq!(e["code"], "too_large");
        assert!(
            e["message"].as_str().unwrap().contains("smallest size"),
            "{e}"
        );
    }

    /// A heart label that cannot fit two lines at 6 px was drawn clipped.
    #[test]
    fn a_label_that_cannot_fit_is_422() {
        for url in [
            "/heart.png?size=16&text=hi",
            "/heart.svg?size=32&text=I%20love%20you",
            "/heart.apng?size=64&frames=2&text=abcdefghijabcdefghijabcdefghijabcdefghij",
        ] {
            let r = get(url);
            assert_eq!(r.status, 422, "{url}");
            assert_eq!(json(&r)["error"]["param"], "text", "{url}");
        }
        assert_eq!(get("/heart.png?size=64&text=I%20love%20you").status, 200);
        assert_eq!(
            get("/heart.png?size=256&text=Happy%20birthday%20to%20you%2C%20dear%20Anna%21").status,
            200
        );
    }

    /// A side over the limit was laid out in a narrower box.
    #[test]
    fn width_times_dpr_over_the_side_limit_is_422() {
        let r = get("/text.png?text=Hi&width=1500&height=60&dpr=3&align=right");
        assert_eq!(r.status, 422);
        let msg = json(&r)["error"]["message"].as_str().unwrap().to_owned();
        assert!(msg.contains("4500") && msg.contains("4096"), "{msg}");
        assert_eq!(
            get("/text.png?text=Hi&width=1365&height=60&dpr=3").status,
            200
        );
    }

    /// The 422 gave the clamp (4096), not what the text needs.
    #[test]
    fn a_422_says_what_the_text_needs() {
        let text = "Lorem ipsum dolor sit amet. ".repeat(70);
        let r = get(&format!(
            "/text.png?size=64&width=1200&text={}",
            text.replace(' ', "%20")
        ));
        assert_eq!(r.status, 422);
        let msg = json(&r)["error"]["message"].as_str().unwrap().to_owned();
        let needed: Vec<u64> = msg
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(needed.contains(&1200), "{msg}");
        assert!(
            needed.iter().any(|&n| n > 4096 && n < 1_000_000),
            "the needed height, not the clamp: {msg}"
        );
    }

    /// Renders want a signature under a key; pages do not; `sig` and
    /// `exp` change neither the ETag nor the cache key, key or no key.
    #[test]
    fn signed_urls() {
        const KEY: &str = "k1";
        let now = 1_800_000_000;
        let signing = Signing::new(Some(KEY), Some("k0"), now);
        let send = |req: &Request, signing: &Signing| match prepare_signed(req, &|| 0.0, signing) {
            Step::Answer(reply) => Err(reply),
            Step::Render(r) => Ok((r.cache_key(), r.etag.clone(), r.render())),
        };
        let code = |reply: Reply| -> (u16, String) {
            let code = json(&reply)["error"]["code"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            (reply.status, code)
        };
        // Unsigned: 401 for every render route and method, the pages stay public.
        for req in [
            Request::get("/heart.png?size=64"),
            Request::get("/heart.png?size=64").with_method("HEAD"),
            Request::get("/text.png?text=hi"),
            Request::post_json("/text.png", br#"{"text":"hi"}"#),
            Request::get("/render.png?tree=e30"),
        ] {
            let reply = send(&req, &signing).expect_err("an answer");
            assert_eq!(reply.status, 401, "{}", req.path);
            if req.method != "HEAD" {
                assert_eq!(code(reply), (401, "signature_required".to_owned()));
            }
        }
        for url in ["/health", "/"] {
            let Err(reply) = send(&Request::get(url), &signing) else {
                panic!("{url} is a page")
            };
            assert_eq!(reply.status, 200, "{url}");
        }
        // Signed (either key, with or without exp): drawn, one ETag and cache key.
        let plain = send(&Request::get("/heart.png?size=64"), &Signing::off())
            .ok()
            .unwrap();
        for (key, exp) in [(KEY, None), ("k0", None), (KEY, Some(now + 5))] {
            let url = sign::sign_url(key.as_bytes(), "/heart.png?size=64", exp, b"");
            let (cache_key, etag, reply) = send(&Request::get(&url), &signing).ok().unwrap();
            assert_eq!(reply.status, 200, "{url}");
            assert_eq!((&cache_key, &etag), (&plain.0, &plain.1), "{url}");
            assert_eq!(reply.body, plain.2.body);
            // Without a key, sig and exp are taken out all the same.
            let (cache_key, _, reply) = send(&Request::get(&url), &Signing::off()).ok().unwrap();
            assert_eq!((reply.status, cache_key), (200, plain.0.clone()), "{url}");
        }
        // Tampered, expired, wrong key.
        let url = sign::sign_url(KEY.as_bytes(), "/heart.png?size=64", None, b"");
        let tampered = url.replace("size=64", "size=65");
        let e = send(&Request::get(&tampered), &signing).err().unwrap();
        assert_eq!(code(e), (403, "signature_invalid".to_owned()));
        let old = sign::sign_url(KEY.as_bytes(), "/heart.png?size=64", Some(now - 1), b"");
        let e = send(&Request::get(&old), &signing).err().unwrap();
        assert_eq!(code(e), (403, "signature_expired".to_owned()));
        let other = sign::sign_url(b"other", "/heart.png?size=64", None, b"");
        let e = send(&Request::get(&other), &signing).err().unwrap();
        assert_eq!(code(e), (403, "signature_invalid".to_owned()));
        // A POST signs its body: the same image as the GET, one cache key.
        let body = br#"{"text":"hi","size":64}"#;
        let url = sign::sign_url(KEY.as_bytes(), "/text.png", None, body);
        let (post_key, _, reply) = send(&Request::post_json(&url, body), &signing)
            .ok()
            .unwrap();
        assert_eq!(reply.status, 200);
        let get = sign::sign_url(KEY.as_bytes(), "/text.png?text=hi&size=64", None, b"");
        let (get_key, _, _) = send(&Request::get(&get), &signing).ok().unwrap();
        assert_eq!(post_key, get_key);
        let e = send(
            &Request::post_json(&url, br#"{"text":"ho","size":64}"#),
            &signing,
        )
        .err()
        .unwrap();
        assert_eq!(code(e), (403, "signature_invalid".to_owned()));
        // A body over the limit is a 413 before the signature is looked at.
        let big = Request {
            body_too_large: true,
            ..Request::post_json("/text.png", b"")
        };
        assert_eq!(send(&big, &signing).err().unwrap().status, 413);
        // Bad input behind a good signature is still the route's 400.
        let url = sign::sign_url(KEY.as_bytes(), "/heart.png?size=huge", None, b"");
        let e = send(&Request::get(&url), &signing).err().unwrap();
        assert_eq!(code(e), (400, "bad_param".to_owned()));
    }

    #[test]
    fn cache_keys_and_canonical_forms() {
        let key = |req: &Request| match prepare(req, &|| 0.0) {
            Step::Render(r) => Some(r.cache_key()),
            Step::Answer(_) => None,
        };
        let a = key(&Request::get("/heart.png?theme=light&size=300")).unwrap();
        let b =
            key(&Request::get("/heart.png?size=300&bg=white&color=%23e0245e").with_method("HEAD"))
                .unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(CACHE_ORIGIN) && a.contains(BUILD_ID) && !a.contains('#'));
        assert_ne!(a, key(&Request::get("/heart.png?size=301")).unwrap());
        assert_eq!(
            key(&Request::get("/heart.png?size=1")),
            None,
            "errors are not cached"
        );
        assert_eq!(key(&Request::get("/health")), None);
        assert_eq!(key(&Request::get("/")), None);
        assert_eq!(key(&Request::get("/heart.png").with_method("POST")), None);
        let get = key(&Request::get("/text.png?text=hi&size=40")).unwrap();
        let post = key(&Request::post_json(
            "/text.png",
            br#"{"text":"hi","size":40}"#,
        ));
        assert_eq!(
            post.as_deref(),
            Some(get.as_str()),
            "GET and POST share an entry"
        );
        let alias = key(&Request::get("/text?size=40&text=hi"));
        assert_eq!(alias.as_deref(), Some(get.as_str()));
        // The route name is in the key: no two routes share one.
        assert!(a.contains("/heart/") && get.contains("/text/"), "{a} {get}");
    }

    /// The binary canonical form tells requests apart exactly as their
    /// JSON did (the canonical form before [`crate::canonical`]): over
    /// hearts, texts and every example scene, with variants of each.
    #[test]
    fn canonical_forms_tell_apart_what_json_did() {
        let mut urls: Vec<String> = Vec::new();
        for q in [
            "size=300",
            "size=300&theme=light",
            "size=301",
            "size=300&bg=white",
            "text=a%26b",
            "text=a%26b&size=300",
            "size=300&color=%23e0245e",
            "size=300&color=e0245e",
            "color=rgb(224,36,94)",
            "color=red",
            "color=%23ff0000",
            "bg=transparent",
            "bg=%2300000000",
            "text=hi&text_color=blue",
        ] {
            for path in ["/heart.png", "/heart.svg", "/heart.apng"] {
                urls.push(format!("{path}?{q}"));
            }
        }
        for q in [
            "text=hi&size=40",
            "size=40&text=hi",
            "text=hi&size=41",
            "text=hi&size=40.0",
            "text=hi&size=40.5",
            "text=hi&size=-0",
            "text=Hi",
            "text=hi%0Athere&sizes=64,32",
            "text=hi%0Athere&sizes=64",
            "text=hi&align=center",
            "text=hi&align=left",
            "text=hi&width=1200&height=630",
            "text=hi&color=000",
            "text=hi&color=000000",
            "text=%E4%BD%A0%E5%A5%BD",
        ] {
            urls.push(format!("/text.png?{q}"));
            urls.push(format!("/text.svg?{q}"));
        }
        let mut bodies: Vec<Vec<u8>> = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/scenes");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        assert!(files.len() >= 12, "{files:?}");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            bodies.push(text.clone().into_bytes());
            for (from, to) in [
                ("1200", "1201"),
                ("630", "631"),
                ("\"#", "\"#1"),
                ("700", "400"),
                ("center", "flex-end"),
                (" ", "  "),
                ("px", "em"),
                ("a", "b"),
                ("0.", "-0."),
                ("1", "1.5"),
            ] {
                bodies.push(text.replacen(from, to, 1).into_bytes());
            }
        }
        let mut forms: Vec<(String, Vec<u8>)> = Vec::new();
        let mut add = |req: Request| {
            if let Ok((_, job)) = parse(&req, &Signing::off()) {
                forms.push((job.json, job.canonical));
            }
        };
        for url in &urls {
            add(Request::get(url));
        }
        for body in &bodies {
            add(Request::post_json("/render", body));
        }
        assert!(forms.len() > 150, "{}", forms.len());
        let mut equal = 0;
        for (i, (json_a, a)) in forms.iter().enumerate() {
            for (json_b, b) in &forms[i + 1..] {
                assert_eq!(json_a == json_b, a == b, "{json_a}\n{json_b}");
                equal += usize::from(a == b);
            }
        }
        // Both kinds were compared: the two shapes of each scene, spellings.
        assert!(equal > 20, "{equal}");
    }

    #[test]
    fn a_hit_keeps_the_miss_headers_and_answers_304_and_head() {
        for url in [
            "/text.png?text=keep&size=30",
            "/heart.svg?size=64",
            "/heart.png",
            // {"width":64,"height":32,"element":{"type":"div","props":{"children":"a한",
            // "style":{"background":"url(asset:sample.png)"}}}}: X-Missing-Glyphs 1.
            "/render.png?tree=eyJ3aWR0aCI6NjQsImhlaWdodCI6MzIsImVsZW1lbnQiOnsidHlwZSI6ImRpdiIsInByb3BzIjp7ImNoaWxkcmVuIjoiYeGaoCIsInN0eWxlIjp7ImJhY2tncm91bmQiOiJ1cmwoYXNzZXQ6c2FtcGxlLnBuZykifX19fQ",
        ] {
            let Step::Render(render) = prepare(&Request::get(url), &|| 0.0) else {
                panic!("{url}");
            };
            let kept: Vec<&str> = render.kept_headers().collect();
            let (miss, stored) = render.miss();
            assert_eq!(stored.as_ref().map(|s| &s.body), Some(&miss.body));
            assert_eq!(miss.header("x-cache"), Some("MISS"));
            // What the shell stores and reads back: the kept headers.
            let cached = Reply {
                status: 200,
                headers: miss
                    .headers
                    .iter()
                    .filter(|(n, _)| kept.contains(n))
                    .cloned()
                    .collect(),
                body: miss.body.clone(),
            };
            let all_kept = miss
                .headers
                .iter()
                .all(|(n, _)| kept.contains(n) || *n == "x-cache" || *n == "server-timing");
            assert!(
                all_kept,
                "{url}: every header but x-cache and server-timing is kept"
            );
            let again = |req: Request| match prepare(&req, &|| 0.0) {
                Step::Render(r) => r.hit(cached.clone(), 0.5),
                Step::Answer(_) => panic!("{url}"),
            };
            let hit = again(Request::get(url));
            assert_eq!(hit.header("x-cache"), Some("HIT"));
            if url.starts_with("/render") {
                assert_eq!(hit.header("x-missing-glyphs"), Some("1"), "{url}");
            }
            assert_eq!(hit.body, miss.body);
            let strip = |r: &Reply| {
                let mut h: Vec<_> = r
                    .headers
                    .iter()
                    .filter(|(n, _)| *n != "x-cache" && *n != "server-timing")
                    .cloned()
                    .collect();
                h.sort();
                h
            };
            assert_eq!(strip(&hit), strip(&miss), "{url}");
            let tag = miss.header("etag").unwrap().to_owned();
            assert_eq!(
                again(Request::get(url).with_if_none_match(&tag)).status,
                304
            );
            let head = again(Request::get(url).with_method("HEAD"));
            assert_eq!((head.status, head.body.len()), (200, 0));
        }
    }

    #[test]
    fn a_head_miss_is_stored_whole_and_answered_without_a_body() {
        let Step::Render(render) =
            prepare(&Request::get("/heart.png").with_method("HEAD"), &|| 0.0)
        else {
            panic!("a render");
        };
        let (answer, stored) = render.miss();
        assert_eq!((answer.status, answer.body.len()), (200, 0));
        assert_eq!(answer.header("x-cache"), Some("MISS"));
        let stored = stored.expect("stored");
        assert_eq!(stored.body, get("/heart.png").body);
        assert_eq!(stored.header("x-cache"), None);
        let Step::Render(bad) = prepare(
            &Request::get("/text.png?text=WWWWWWWWWWWW&size=512"),
            &|| 0.0,
        ) else {
            panic!("parses");
        };
        let (answer, stored) = bad.miss();
        assert_eq!((answer.status, stored.is_none()), (422, true));
        assert_eq!(answer.header("x-cache"), None);
    }

    #[test]
    fn a_matching_tag_on_a_post_is_412_after_validation() {
        let body = br#"{"text":"tagged"}"#;
        let tag = send(&Request::post_json("/text.png", body))
            .header("etag")
            .unwrap()
            .to_owned();
        let r = send(&Request::post_json("/text.png", body).with_if_none_match(&tag));
        assert_eq!(r.status, 412);
        assert_eq!(json(&r)["error"]["code"], "precondition_failed");
        let r = send(&Request::get("/text.png?text=tagged").with_if_none_match(&tag));
        assert_eq!(r.status, 304, "GET: the same tag");
        let bad = br#"{"text":"WWWWWWWWWWWW","size":512}"#;
        let r = send(&Request::post_json("/text.png", bad).with_if_none_match("*"));
        assert_eq!(r.status, 422);
    }

    #[test]
    fn cache_keys_are_short_whatever_the_request() {
        let text = "长".repeat(2000);
        let url = format!("/text.png?width=1200&text={text}");
        let Step::Render(r) = prepare(&Request::get(&url), &|| 0.0) else {
            panic!("parses");
        };
        let key = r.cache_key();
        assert!(key.len() < 120, "{key}");
        assert!(key.ends_with(|c: char| c.is_ascii_hexdigit()));
    }

    #[test]
    fn health_and_page_come_from_the_table() {
        let h = json(&get("/health"));
        assert_eq!(h["status"], "ok");
        assert_eq!(h["version"], crate::VERSION);
        assert!(h["fonts"].is_array());
        let routes: Vec<&str> = h["routes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            routes,
            [
                "playground",
                "docs",
                "health",
                "heart",
                "text",
                "render",
                "og",
                "templates",
                "placeholder",
                "avatar",
                "sign"
            ]
        );
        let page = String::from_utf8(get("/docs").body).unwrap();
        for route in crate::routes::TABLE {
            for path in route.info().paths {
                assert!(page.contains(&format!("<code>{path}</code>")), "{path}");
            }
        }
        assert!(page.contains("<img src=\"/heart.png?size=160&amp;theme=light\""));
    }

    #[test]
    fn deterministic() {
        for url in [
            "/heart.png",
            "/heart.svg",
            "/heart.txt",
            "/heart.apng",
            "/text.png?text=d",
        ] {
            assert_eq!(get(url).body, get(url).body, "{url}");
        }
    }
}
