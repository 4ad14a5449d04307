//! Prewarming: render a representative set through the normal routes, so the
//! fonts are parsed, the glyph cache is filled and the hot code has run. The
//! cron trigger runs [`run`].

use crate::routes::{handle, Env, Request};
use crate::{BUILD_ID, VERSION};

/// The representative requests: every heart format and style, and text in
/// Latin and Chinese (which parses the Latin faces and the first CJK tier).
pub const SET: &[&str] = &[
    "/heart.png?size=256",
    "/heart.png?size=256&style=gradient&theme=dark",
    "/heart.png?size=256&style=outline&curve=implicit",
    "/heart.svg?size=256",
    "/heart.txt?cols=40&rows=20",
    "/heart.apng?size=128&frames=4",
    "/text.png?text=Hello%20from%20the%20edge&width=1200&height=630&size=64",
    "/text.png?text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C&width=1200&height=630&size=64",
];

/// Renders [`SET`] and returns one JSON line: what ran and how long it took.
pub fn run(trigger: &str, clock: &dyn Fn() -> f64) -> String {
    let start = clock();
    let mut renders = 0;
    let mut bytes = 0;
    let mut failed: Vec<String> = Vec::new();
    for url in SET {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let reply = handle(
            &Request {
                method: "GET",
                path,
                query,
                ..Request::default()
            },
            &Env { clock },
        );
        if reply.status == 200 {
            renders += 1;
            bytes += reply.body.len();
        } else {
            failed.push(format!("{url} → {}", reply.status));
        }
    }
    serde_json::json!({
        "event": "prewarm",
        "trigger": trigger,
        "version": VERSION,
        "build": BUILD_ID,
        "renders": renders,
        "bytes": bytes,
        "failed": failed,
        "ms": clock() - start,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_the_whole_set() {
        let report: serde_json::Value = serde_json::from_str(&super::run("test", &|| 0.0)).unwrap();
        assert_eq!(report["event"], "prewarm");
        assert_eq!(report["failed"].as_array().unwrap().len(), 0, "{report}");
        assert_eq!(report["renders"], super::SET.len());
        assert!(report["bytes"].as_u64().unwrap() > 1000);
    }
}
