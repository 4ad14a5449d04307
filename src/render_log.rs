//! The one structured log line per render: a JSON object the worker prints
//! with `console.log`, which `wrangler tail` and Workers Logs can filter
//! and query (`$.event = "render"`, `$.status`, `$.phases.draw`, …).
//!
//! Fields (the README's Observability section documents them):
//! `event` (`"render"`), `route` (the route's name), `method`, `status`,
//! `cache` (`HIT`, `MISS`, or `OFF` when `EDGE_CACHE=off`), `phases` (the
//! answer's `Server-Timing`, milliseconds by phase name), `bytes` (the
//! body sent), `faces_parsed` and `font_bytes` (the faces this isolate
//! holds parsed, and their measured heap bytes), `memory_bytes` (the wasm
//! linear memory; `null` natively). Nothing about the client (no IP, no
//! headers): the URL holds all a line can say about a request, and the
//! line holds less than the URL.

use crate::fonts;
use crate::reply::Reply;

/// The log line of `reply`, the answer to a `method` request of route
/// `route`, with edge-cache outcome `cache`.
pub fn line(route: &str, method: &str, cache: &str, reply: &Reply) -> String {
    let mut phases = serde_json::Map::new();
    for (name, ms) in reply
        .header("server-timing")
        .map(phases_of)
        .unwrap_or_default()
    {
        let sum = phases
            .get(&name)
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0)
            + ms;
        phases.insert(name, sum.into());
    }
    serde_json::json!({
        "event": "render",
        "route": route,
        "method": method,
        "status": reply.status,
        "cache": cache,
        "phases": phases,
        "bytes": reply.body.len(),
        "faces_parsed": fonts::parsed_count(),
        "font_bytes": fonts::parsed_bytes(),
        "memory_bytes": crate::routes::health::memory_bytes(),
    })
    .to_string()
}

/// `(name, milliseconds)` of each metric of a `Server-Timing` value
/// (`name;desc="…";dur=1.25, …`); a metric without `dur` counts 0.
pub fn phases_of(header: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    let bytes = header.as_bytes();
    for i in 0..=bytes.len() {
        match bytes.get(i) {
            Some(b'"') => {
                quoted = !quoted;
                continue;
            }
            Some(b',') if !quoted => {}
            None => {}
            Some(_) => continue,
        }
        let metric = header[start..i].trim();
        start = i + 1;
        if metric.is_empty() {
            continue;
        }
        let name = metric.split(';').next().unwrap_or("").trim().to_owned();
        let dur = metric
            .rsplit_once(";dur=")
            .and_then(|(_, d)| d.split(';').next()?.trim().parse().ok())
            .unwrap_or(0.0);
        out.push((name, dur));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::Request;

    #[test]
    fn server_timing_is_read_back() {
        assert_eq!(
            phases_of(
                r#"parse;dur=0.12, cache;desc="miss";dur=1.00, asset;desc="a, b.ttf";dur=3.5, draw"#
            ),
            vec![
                ("parse".to_owned(), 0.12),
                ("cache".to_owned(), 1.0),
                ("asset".to_owned(), 3.5),
                ("draw".to_owned(), 0.0)
            ]
        );
        assert!(phases_of("").is_empty());
    }

    #[test]
    fn one_line_with_every_field_and_nothing_of_the_client() {
        let reply = crate::handle(
            &Request::get("/heart.png?size=64"),
            &crate::Env { clock: &|| 0.0 },
        );
        let text = line("heart", "GET", "MISS", &reply);
        assert!(!text.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["event"], "render");
        assert_eq!(v["route"], "heart");
        assert_eq!(v["method"], "GET");
        assert_eq!(v["status"], 200);
        assert_eq!(v["cache"], "MISS");
        assert_eq!(v["bytes"], reply.body.len());
        let phases = v["phases"].as_object().unwrap();
        assert!(
            phases.contains_key("parse") && phases.contains_key("render"),
            "{phases:?}"
        );
        assert!(v["faces_parsed"].is_u64() && v["font_bytes"].is_u64());
        assert!(v["memory_bytes"].is_null()); // natively
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 10, "{keys:?}");
    }
}
