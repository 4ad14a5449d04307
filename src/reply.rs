//! A platform-neutral HTTP answer and the headers every answer carries.

use crate::error::ApiError;
use crate::hash::fnv1a;

/// `Cache-Control` of every successful render: renders are pure functions of
/// the URL and the build, so they never change.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A response: status, headers and body. The worker shell copies it out.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Header names and values, in order.
    pub headers: Vec<(&'static str, String)>,
    /// The body (empty for `HEAD` and 304).
    pub body: Vec<u8>,
}

impl Reply {
    /// A 200 with `content_type` and `body`, plus `nosniff`.
    pub fn ok(content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            headers: vec![
                ("content-type", content_type.to_owned()),
                ("x-content-type-options", "nosniff".to_owned()),
            ],
            body,
        }
    }

    /// A JSON 200 that must not be cached.
    pub fn json(body: String) -> Reply {
        Reply::ok("application/json; charset=utf-8", body.into_bytes())
            .with("cache-control", "no-store")
    }

    /// The JSON error answer for `e`.
    pub fn error(e: &ApiError) -> Reply {
        let mut r = Reply::ok("application/json; charset=utf-8", e.to_json().into_bytes())
            .with("cache-control", "no-store");
        r.status = e.status();
        if let ApiError::MethodNotAllowed { allow } = e {
            r = r.with("allow", *allow);
        }
        if let ApiError::RateLimited { retry_after } = e {
            r = r.with("retry-after", retry_after.to_string());
        }
        if let ApiError::Unauthorized = e {
            r = r.with("www-authenticate", "Bearer");
        }
        r
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The strong ETag of a canonical request under build `build`: a quoted
/// 64-bit FNV-1a hash, stable across platforms.
pub fn etag(build: &str, canonical: &[u8]) -> String {
    format!(
        "\"{:016x}\"",
        fnv1a([build.as_bytes(), &b"\n"[..], canonical])
    )
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison,
/// as RFC 9110 asks for `If-None-Match`; `*` matches anything).
pub fn none_match(header: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let want = bare(etag);
    header
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == want)
}

/// `Server-Timing` value from `(phase, milliseconds)` pairs.
pub fn server_timing(phases: &[(&str, f64)]) -> String {
    phases
        .iter()
        .map(|(name, ms)| {
            // Hundredths as an integer: `{:.2}` on a float goes through
            // core's exact float formatting, a slow path on a cold isolate.
            let h = (ms.max(0.0) * 100.0).round() as u64;
            format!("{name};dur={}.{:02}", h / 100, h % 100)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_is_quoted_stable_and_build_dependent() {
        let a = etag("b1", b"heart.png?size=1");
        assert_eq!(a, etag("b1", b"heart.png?size=1"));
        assert!(a.starts_with('"') && a.ends_with('"') && a.len() == 18);
        assert_ne!(a, etag("b2", b"heart.png?size=1"));
        assert_ne!(a, etag("b1", b"heart.png?size=2"));
        // Known FNV-1a 64 vector.
        assert_eq!(crate::hash::fnv1a([&b"a"[..]]), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn if_none_match_forms() {
        let t = "\"abc\"";
        assert!(none_match("\"abc\"", t));
        assert!(none_match("W/\"abc\"", t));
        assert!(none_match("\"x\", \"abc\"", t));
        assert!(none_match("*", t));
        assert!(!none_match("\"abd\"", t));
        assert!(!none_match("", t));
    }

    #[test]
    fn timing_header() {
        assert_eq!(
            server_timing(&[("parse", 0.123), ("render", 2.0), ("x", -1.0)]),
            "parse;dur=0.12, render;dur=2.00, x;dur=0.00"
        );
    }

    #[test]
    fn error_reply_headers() {
        let r = Reply::error(&ApiError::MethodNotAllowed { allow: "GET, HEAD" });
        assert_eq!(r.status, 405);
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json; charset=utf-8")
        );
    }
}
