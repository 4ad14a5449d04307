//! `POST /sign`: signs a render URL for a page that holds a token but not
//! the key (the playground, opened as `/#token=…`). It exists only when
//! signing is on (`SIGNING_KEY`) and a `PLAYGROUND_TOKEN` is set; the
//! caller sends `Authorization: Bearer <PLAYGROUND_TOKEN>` and a JSON
//! object:
//!
//! - `url` (required): the render URL to sign, a path with its query
//!   (`/og/blog.png?title=Hi`) or an absolute `http(s)` URL; a `sig` or
//!   `exp` it already has is replaced;
//! - `body` (optional): the exact `POST` body the URL will be sent with
//!   (a scene for `/render`), which the signature covers;
//! - `ttl` (optional): seconds the URL stays good for (`exp=` now + ttl),
//!   1 to [`MAX_TTL`]; none: it does not expire.
//!
//! The answer is `{"url": <the signed URL>, "exp": <unix seconds or null>}`,
//! never cached.

use serde::Serialize;

use super::{find, Body, Caching, Input, Output, Route, RouteInfo};
use crate::error::ApiError;
use crate::params::{MAX_SCENE_BODY_BYTES, MAX_URL_BYTES};
use crate::serve::Timing;
use crate::sign;

/// The signing route.
pub struct Sign;

/// The longest `ttl`: a year.
pub const MAX_TTL: u32 = 365 * 24 * 3600;

static INFO: RouteInfo = RouteInfo {
    name: "sign",
    paths: &["/sign"],
    allow: "POST",
    body: Body::Fields,
    // A scene body, escaped inside a JSON string, and its URL.
    max_body: 2 * MAX_SCENE_BODY_BYTES + MAX_URL_BYTES,
    caching: Caching::NoStore,
    summary: "signs a render URL for the playground (only with SIGNING_KEY and PLAYGROUND_TOKEN set; Authorization: Bearer <PLAYGROUND_TOKEN>)",
    params: "POST body: url (a render URL), body (the POST body it will carry), ttl (seconds)",
    headers: &[],
    examples: &[],
    warm: &[],
};

const PARAMS: &[&str] = &["url", "body", "ttl"];

/// A signed URL: the answer.
#[derive(Debug, Serialize)]
pub struct Signed {
    url: String,
    exp: Option<u64>,
}

impl Route for Sign {
    type Spec = Signed;
    type Checked = Signed;

    fn info(&self) -> &RouteInfo {
        &INFO
    }

    /// 404 unless signing for pages is on, 401 without the token, then the
    /// fields (400 naming the one at fault).
    fn parse(&self, input: &Input) -> Result<Signed, ApiError> {
        let signing = input.signing;
        if !signing.signs_for_pages() {
            return Err(ApiError::Missing(
                "signing for pages is off: /sign needs both SIGNING_KEY and PLAYGROUND_TOKEN set (without SIGNING_KEY, URLs need no signature)".into(),
            ));
        }
        if !signing.playground_token_matches(input.authorization) {
            return Err(ApiError::Unauthorized);
        }
        let params = &input.params;
        params.only(PARAMS)?;
        let url = params
            .get("url")
            .ok_or_else(|| ApiError::bad("url", "url is required: the render URL to sign"))?;
        let (path, query) = path_and_query(url)
            .ok_or_else(|| ApiError::bad("url", "url must be a path (/og/blog.png?…) or an http(s) URL"))?;
        if url.len() > MAX_URL_BYTES {
            return Err(ApiError::bad(
                "url",
                format!("url is longer than {MAX_URL_BYTES} bytes"),
            ));
        }
        if !find(path).is_some_and(|r| r.info().caching == Caching::Immutable) {
            return Err(ApiError::bad(
                "url",
                format!(
                    "{} is not a render route: only renders are signed (see /docs)",
                    crate::scene::path::quote(path)
                ),
            ));
        }
        let body = params.get("body").unwrap_or("");
        if body.len() > MAX_SCENE_BODY_BYTES {
            return Err(ApiError::bad(
                "body",
                format!("body is longer than {MAX_SCENE_BODY_BYTES} bytes"),
            ));
        }
        let ttl = params.int("ttl", 0, 1, MAX_TTL)?;
        let exp = (ttl > 0).then(|| signing.now() + u64::from(ttl));
        // A signature or expiry it has is replaced, not added to.
        let (base, fragment) = url.split_once('#').map_or((url, None), |(b, f)| (b, Some(f)));
        let before_query = &base[..base.len() - query.len()];
        let mut unsigned = match sign::strip(query) {
            q if q.is_empty() => before_query.trim_end_matches('?').to_owned(),
            q => format!("{before_query}{q}"),
        };
        if let Some(fragment) = fragment {
            unsigned.push('#');
            unsigned.push_str(fragment);
        }
        let url = signing
            .sign(&unsigned, exp, body.as_bytes())
            .ok_or(ApiError::Internal)?;
        Ok(Signed { url, exp })
    }

    fn check(&self, signed: Signed, _: &mut Timing) -> Result<Signed, ApiError> {
        Ok(signed)
    }

    fn draw(&self, signed: Signed, _: &mut Timing) -> Output {
        Output {
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(&signed).unwrap_or_default(),
            headers: Vec::new(),
        }
    }
}

/// Path and query of a path (`/x?q`) or an `http(s)` URL, without the
/// fragment; `None` for anything else (`//host`, another scheme, a
/// relative path).
fn path_and_query(url: &str) -> Option<(&str, &str)> {
    let url = url.split_once('#').map_or(url, |(u, _)| u);
    let rest = match url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        Some(after) => &after[after.find('/')?..],
        None if url.starts_with('/') && !url.starts_with("//") => url,
        None => return None,
    };
    Some(rest.split_once('?').unwrap_or((rest, "")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::{handle, Env, Request};
    use crate::sign::Signing;

    const KEY: &str = "sign-key";
    const TOKEN: &str = "pg-token";
    const NOW: u64 = 1_800_000_000;

    fn on() -> Signing {
        Signing::new(Some(KEY), None, NOW).with_playground_token(Some(TOKEN))
    }

    fn send(signing: &Signing, auth: Option<&str>, body: &str) -> (u16, serde_json::Value) {
        let mut req = Request::post_json("/sign", body.as_bytes());
        req.authorization = auth;
        let reply = match crate::serve::prepare_signed(&req, &|| 0.0, signing) {
            crate::serve::Step::Answer(r) => r,
            crate::serve::Step::Render(_) => panic!("/sign is not a render"),
        };
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let json = serde_json::from_slice(&reply.body).unwrap();
        (reply.status, json)
    }

    fn bearer() -> Option<&'static str> {
        Some("Bearer pg-token")
    }

    /// What the render routes answer a URL (and body) under `signing`.
    fn render(signing: &Signing, url: &str, body: Option<&str>) -> u16 {
        let req = match body {
            Some(b) => Request::post_json(url, b.as_bytes()),
            None => Request::get(url),
        };
        match crate::serve::prepare_signed(&req, &|| 0.0, signing) {
            crate::serve::Step::Answer(r) => r.status,
            crate::serve::Step::Render(r) => r.render().status,
        }
    }

    #[test]
    fn signs_a_get_url_that_the_render_routes_accept() {
        let s = on();
        let (status, json) = send(&s, bearer(), r#"{"url":"/og/blog.png?title=Hi&theme=dark"}"#);
        assert_eq!(status, 200, "{json}");
        let url = json["url"].as_str().unwrap();
        assert!(url.starts_with("/og/blog.png?title=Hi&theme=dark&sig="), "{url}");
        assert_eq!(json["exp"], serde_json::Value::Null);
        assert_eq!(url, sign::sign_url(KEY.as_bytes(), "/og/blog.png?title=Hi&theme=dark", None, b""));
        assert_eq!(render(&s, url, None), 200);
        assert_eq!(render(&s, "/og/blog.png?title=Hi&theme=dark", None), 401);
        assert_eq!(render(&s, &url.replace("Hi", "Ho"), None), 403);
    }

    #[test]
    fn signs_a_post_body_and_an_expiry() {
        let s = on();
        let scene = r#"{"width":64,"height":32,"element":{"type":"div","props":{"children":"hi"}}}"#;
        let req = serde_json::json!({"url": "/render", "body": scene, "ttl": 60}).to_string();
        let (status, json) = send(&s, bearer(), &req);
        assert_eq!(status, 200, "{json}");
        assert_eq!(json["exp"], NOW + 60);
        let url = json["url"].as_str().unwrap();
        assert!(url.starts_with(&format!("/render?exp={}&sig=", NOW + 60)), "{url}");
        assert_eq!(render(&s, url, Some(scene)), 200);
        assert_eq!(render(&s, url, Some(&scene.replace("hi", "ho"))), 403);
    }

    #[test]
    fn an_old_signature_or_expiry_is_replaced_and_absolute_urls_keep_their_host() {
        let s = on();
        let (_, first) = send(&s, bearer(), r#"{"url":"/heart.png?size=64"}"#);
        let first = first["url"].as_str().unwrap().to_owned();
        let again = serde_json::json!({"url": format!("{first}&exp=5")}).to_string();
        let (status, json) = send(&s, bearer(), &again);
        assert_eq!((status, json["url"].as_str()), (200, Some(first.as_str())));
        let (status, json) = send(&s, bearer(), r#"{"url":"/heart.png?sig=00"}"#);
        assert_eq!(status, 200);
        assert_eq!(json["url"].as_str().unwrap().matches("sig=").count(), 1);
        assert!(!json["url"].as_str().unwrap().contains("?&"));
        let (status, json) = send(&s, bearer(), r#"{"url":"https://img.example.com/heart.png?size=64#top"}"#);
        assert_eq!(status, 200);
        let url = json["url"].as_str().unwrap();
        assert!(url.starts_with("https://img.example.com/heart.png?size=64&sig="), "{url}");
        assert!(url.ends_with("#top"), "{url}");
    }

    #[test]
    fn off_without_a_key_or_a_token_and_401_without_the_token() {
        let body = r#"{"url":"/heart.png"}"#;
        for signing in [
            Signing::off(),
            Signing::off().with_playground_token(Some(TOKEN)),
            Signing::new(Some(KEY), None, NOW),
            Signing::new(Some(KEY), None, NOW).with_playground_token(Some("")),
        ] {
            let (status, json) = send(&signing, bearer(), body);
            assert_eq!((status, json["error"]["code"].as_str()), (404, Some("not_found")));
        }
        let s = on();
        for auth in [None, Some("Bearer"), Some("Bearer pg-toke"), Some("Bearer pg-token2"), Some("Basic pg-token"), Some("pg-token")] {
            let (status, json) = send(&s, auth, body);
            assert_eq!((status, json["error"]["code"].as_str()), (401, Some("unauthorized")), "{auth:?}");
        }
        // Only POST; GET /sign is a 405 naming it.
        let r = handle(&Request::get("/sign"), &Env { clock: &|| 0.0 });
        assert_eq!((r.status, r.header("allow")), (405, Some("POST")));
    }

    #[test]
    fn bad_fields_are_400s_naming_the_field() {
        let s = on();
        let long = format!("/heart.png?text={}", "a".repeat(MAX_URL_BYTES));
        let huge = "x".repeat(MAX_SCENE_BODY_BYTES + 1);
        for (body, param) in [
            (r#"{}"#.to_owned(), "url"),
            (r#"{"url":"heart.png"}"#.to_owned(), "url"),
            (r#"{"url":"//evil.example/heart.png"}"#.to_owned(), "url"),
            (r#"{"url":"javascript:alert(1)"}"#.to_owned(), "url"),
            (r#"{"url":"https://host-without-path"}"#.to_owned(), "url"),
            (r#"{"url":"/health"}"#.to_owned(), "url"),
            (r#"{"url":"/sign"}"#.to_owned(), "url"),
            (r#"{"url":"/nope.png"}"#.to_owned(), "url"),
            (serde_json::json!({ "url": long }).to_string(), "url"),
            (serde_json::json!({"url": "/render", "body": huge}).to_string(), "body"),
            (r#"{"url":"/heart.png","ttl":0}"#.to_owned(), "ttl"),
            (r#"{"url":"/heart.png","ttl":-5}"#.to_owned(), "ttl"),
            (r#"{"url":"/heart.png","ttl":"soon"}"#.to_owned(), "ttl"),
            (r#"{"url":"/heart.png","ttl":31536001}"#.to_owned(), "ttl"),
            (r#"{"url":"/heart.png","extra":1}"#.to_owned(), "extra"),
            (r#"{"url":["/heart.png"]}"#.to_owned(), "url"),
        ] {
            let (status, json) = send(&s, bearer(), &body);
            assert_eq!(status, 400, "{body}: {json}");
            assert_eq!(json["error"]["param"], param, "{body}: {json}");
        }
        let (status, json) = send(&s, bearer(), "not json");
        assert_eq!((status, json["error"]["code"].as_str()), (400, Some("bad_body")));
        let (status, _) = send(&s, bearer(), r#"{"url":"/heart.png","ttl":31536000}"#);
        assert_eq!(status, 200);
    }
}
