//! `GET /docs`: the page listing every route of the table with its live
//! examples (the playground at `/` links here).

use super::{Caching, Output, RouteInfo, Static, TABLE};

/// The route list.
pub static DOCS: Static = Static {
    info: RouteInfo::document(
        "docs",
        &["/docs"],
        Caching::Page,
        "this list of routes, with live examples",
    ),
    draw,
};

fn draw() -> Output {
    Output {
        content_type: "text/html; charset=utf-8",
        body: html().into_bytes(),
        headers: vec![(
            "content-security-policy",
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_owned(),
        )],
    }
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The HTML page: a table of routes, then every route's examples.
pub fn html() -> String {
    let mut rows = String::new();
    let mut cards = String::new();
    for route in TABLE {
        let info = route.info();
        let methods = info.allow.replace(", HEAD", "");
        let paths: Vec<String> = info
            .paths
            .iter()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .collect();
        rows.push_str(&format!(
            "<tr id=\"{}\"><td>{}<br><small>{}</small></td><td>{}{}</td></tr>\n",
            esc(info.name),
            paths.join(" "),
            esc(&methods),
            esc(info.summary),
            if info.params.is_empty() {
                String::new()
            } else {
                format!("<br><small>{}</small>", esc(info.params))
            }
        ));
        for (url, what) in info.examples {
            let url = esc(url);
            let what = esc(what);
            cards.push_str(&format!(
                "<figure><a href=\"{url}\"><img src=\"{url}\" width=\"160\" height=\"160\" alt=\"{what}\"></a><figcaption><code>{url}</code><br>{what}</figcaption></figure>\n"
            ));
        }
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edge-render: routes</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
figure{{display:inline-block;margin:.5rem;vertical-align:top;width:14rem}}img{{background:#eee;border-radius:8px}}
code{{font-size:.75rem;word-break:break-all}}td{{padding:.2rem .6rem;vertical-align:top}}</style></head>
<body><p><a href="/">← playground</a></p><h1>edge-render: routes</h1>
<p>Images rendered on demand at the edge. Every parameter is in the query string (or a JSON body where a route takes <code>POST</code>); the README has every parameter, limit and error. <code>HEAD</code> works wherever <code>GET</code> does.</p>
<table>
{rows}</table>
<p>Try <a href="/heart.txt?cols=48&amp;rows=20"><code>/heart.txt</code></a>.</p>
{cards}</body></html>
"#
    )
}
