//! Prewarming: render a representative set so code paths and allocations are
//! hot. The cron trigger and (later) `POST /warmup` both run [`run`].

use crate::params::{parse_heart, Query};
use crate::routes::render;
use crate::{BUILD_ID, VERSION};

/// The representative requests: every format and style, small sizes.
pub const SET: &[&str] = &[
    "heart.png?size=256",
    "heart.png?size=256&style=gradient&theme=dark",
    "heart.png?size=256&style=outline&curve=implicit",
    "heart.svg?size=256",
    "heart.txt?cols=40&rows=20",
    "heart.apng?size=128&frames=4",
];

/// Renders [`SET`] and returns one JSON line: what ran and how long it took.
pub fn run(trigger: &str, clock: &dyn Fn() -> f64) -> String {
    let start = clock();
    let mut renders = 0;
    let mut bytes = 0;
    let mut failed: Vec<&str> = Vec::new();
    for entry in SET {
        let (route, query) = entry.split_once('?').unwrap_or((entry, ""));
        let format = route
            .strip_prefix("heart.")
            .and_then(|ext| {
                crate::params::HeartFormat::ALL
                    .iter()
                    .find(|(n, _)| *n == ext)
            })
            .map(|&(_, f)| f);
        match Query::parse(query).and_then(|q| parse_heart(format, &q)) {
            Ok(request) => {
                let (_, body, _) = render(&request, clock);
                renders += 1;
                bytes += body.len();
            }
            Err(_) => failed.push(entry),
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
        assert_eq!(report["renders"], super::SET.len());
        assert_eq!(report["failed"].as_array().unwrap().len(), 0);
        assert!(report["bytes"].as_u64().unwrap() > 1000);
    }
}
