//! Prewarming: render a representative set through the normal routes, so the
//! fonts are parsed, the glyph cache is filled and the hot code has run; the
//! worker shell also stores each answer in the edge cache. Both channels —
//! the cron trigger and `POST /warmup` — use this module.

use crate::error::ApiError;
use crate::routes::TABLE;
use crate::serve::{handle, Env, Request};
use crate::{fonts, BUILD_ID, VERSION};

/// The default set: every route's [`warm`](crate::routes::RouteInfo::warm)
/// URLs, in table order (every heart format and style; Latin and Chinese
/// 1200×630 text cards).
pub fn default_urls() -> Vec<String> {
    TABLE
        .iter()
        .flat_map(|r| r.info().warm.iter().map(|u| (*u).to_owned()))
        .collect()
}

/// Most URLs one warm-up run takes from the configuration.
pub const MAX_WARM_URLS: usize = 64;

/// The URLs to warm: `config` (the `WARMUP_URLS` variable: paths with their
/// queries, separated by whitespace — not commas, which queries may contain),
/// or [`default_urls`] when it names none.
pub fn urls(config: Option<&str>) -> Vec<String> {
    let configured: Vec<String> = config
        .unwrap_or("")
        .split_whitespace()
        .filter(|u| u.starts_with('/'))
        .take(MAX_WARM_URLS)
        .map(str::to_owned)
        .collect();
    if configured.is_empty() {
        default_urls()
    } else {
        configured
    }
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
    if crate::sign::bearer_matches(authorization, token) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// What one warm-up run did, built up URL by URL.
#[derive(Debug, Default)]
pub struct Report {
    renders: usize,
    bytes: usize,
    cache_stored: usize,
    cache_present: usize,
    failed: Vec<String>,
}

/// What happened to one URL's answer in the edge cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cached {
    /// Not cacheable (or no cache: the CLI and tests).
    No,
    /// Stored now.
    Stored,
    /// Already there.
    Present,
}

impl Report {
    /// Records one URL's outcome.
    pub fn add(&mut self, url: &str, status: u16, bytes: usize, cached: Cached) {
        if status == 200 {
            self.renders += 1;
            self.bytes += bytes;
        } else {
            self.failed.push(format!("{url} → {status}"));
        }
        match cached {
            Cached::No => {}
            Cached::Stored => self.cache_stored += 1,
            Cached::Present => self.cache_present += 1,
        }
    }

    /// The one JSON line: what ran, what is cached, which faces are parsed,
    /// and how long it took.
    pub fn finish(self, trigger: &str, ms: f64) -> String {
        let parsed: Vec<&str> = fonts::FACES
            .iter()
            .enumerate()
            .filter(|(i, _)| fonts::is_parsed(*i as u16))
            .map(|(_, f)| f.file)
            .collect();
        serde_json::json!({
            "event": "prewarm",
            "trigger": trigger,
            "version": VERSION,
            "build": BUILD_ID,
            "renders": self.renders,
            "bytes": self.bytes,
            "cache": {"stored": self.cache_stored, "present": self.cache_present},
            "faces_parsed": parsed,
            "failed": self.failed,
            "ms": ms,
        })
        .to_string()
    }
}

/// Renders `urls` without an edge cache (the CLI and native tests) and
/// returns the report line.
pub fn run(trigger: &str, urls: &[String], clock: &dyn Fn() -> f64) -> String {
    let start = clock();
    let mut report = Report::default();
    for url in urls {
        let reply = handle(&Request::get(url), &Env { clock });
        report.add(url, reply.status, reply.body.len(), Cached::No);
    }
    report.finish(trigger, clock() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_whole_default_set() {
        let urls = urls(None);
        let report: serde_json::Value = serde_json::from_str(&run("test", &urls, &|| 0.0)).unwrap();
        assert_eq!(report["event"], "prewarm");
        assert_eq!(report["failed"].as_array().unwrap().len(), 0, "{report}");
        assert_eq!(report["renders"], urls.len());
        assert!(urls.len() >= 9, "every heart format and three text cards");
        assert!(report["bytes"].as_u64().unwrap() > 1000);
        let parsed = report["faces_parsed"].as_array().unwrap();
        assert!(
            parsed.iter().any(|f| f == "NotoSansSC-Tier01.otf"),
            "{report}"
        );
    }

    #[test]
    fn configured_urls() {
        assert_eq!(urls(Some("")), default_urls());
        assert_eq!(
            urls(Some("  /heart.png?size=64\n/text.png?text=a,b  x ")),
            vec!["/heart.png?size=64", "/text.png?text=a,b"]
        );
        let many = "/heart.png ".repeat(100);
        assert_eq!(urls(Some(&many)).len(), MAX_WARM_URLS);
        let report: serde_json::Value =
            serde_json::from_str(&run("t", &urls(Some("/heart.png?size=1 /nope")), &|| 0.0))
                .unwrap();
        assert_eq!(report["renders"], 0);
        assert_eq!(report["failed"].as_array().unwrap().len(), 2);
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
}
