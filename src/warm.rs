//! Prewarming: render a representative set through the normal routes, so the
//! fonts are parsed, the glyph cache is filled and the hot code has run; the
//! worker shell also stores each answer in the edge cache. Both channels —
//! the cron trigger and `POST /warmup` — use this module.

use crate::routes::{handle, Env, Request};
use crate::{fonts, BUILD_ID, VERSION};

/// The default set: every heart format and style, and 1200×630 text cards in
/// Latin and Chinese (which parse the regular sans: its ASCII core and, for
/// the accents, its full Latin set; and the first CJK tier).
pub const DEFAULT_URLS: &[&str] = &[
    "/heart.png?size=256",
    "/heart.png?size=256&style=gradient&theme=dark",
    "/heart.png?size=256&style=outline&curve=implicit",
    "/heart.svg?size=256",
    "/heart.txt?cols=40&rows=20",
    "/heart.apng?size=128&frames=4",
    "/text.png?text=Hello%20from%20the%20edge&width=1200&height=630&size=64",
    "/text.png?text=Caf%C3%A9%20d%C3%A9j%C3%A0%20vu&width=1200&height=630&size=64",
    "/text.png?text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C&width=1200&height=630&size=64",
];

/// Most URLs one warm-up run takes from the configuration.
pub const MAX_WARM_URLS: usize = 64;

/// The URLs to warm: `config` (the `WARMUP_URLS` variable: paths with their
/// queries, separated by whitespace — not commas, which queries may contain),
/// or [`DEFAULT_URLS`] when it names none.
pub fn urls(config: Option<&str>) -> Vec<String> {
    let configured: Vec<String> = config
        .unwrap_or("")
        .split_whitespace()
        .filter(|u| u.starts_with('/'))
        .take(MAX_WARM_URLS)
        .map(str::to_owned)
        .collect();
    if configured.is_empty() {
        DEFAULT_URLS.iter().map(|u| (*u).to_owned()).collect()
    } else {
        configured
    }
}

/// A GET request for `url` (a path with an optional query).
pub fn request(url: &str) -> Request<'_> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    Request {
        method: "GET",
        path,
        query,
        ..Request::default()
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
        let reply = handle(&request(url), &Env { clock });
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
        assert_eq!(report["renders"], DEFAULT_URLS.len());
        assert!(report["bytes"].as_u64().unwrap() > 1000);
        let parsed = report["faces_parsed"].as_array().unwrap();
        assert!(
            parsed.iter().any(|f| f == "NotoSansSC-Tier01.otf"),
            "{report}"
        );
    }

    #[test]
    fn configured_urls() {
        assert_eq!(urls(Some("")).len(), DEFAULT_URLS.len());
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
}
