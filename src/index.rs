//! The `GET /` page: the routes, each with a live example.

/// Example requests shown on the index page: (route, query, what it shows).
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "/heart.png",
        "size=160&theme=light",
        "filled heart, light theme",
    ),
    (
        "/heart.png",
        "size=160&style=gradient&color=%23ff6b6b",
        "gradient",
    ),
    (
        "/heart.png",
        "size=160&style=outline&stroke=6&theme=dark",
        "outline, dark theme",
    ),
    (
        "/heart.png",
        "size=160&curve=implicit&color=rebeccapurple",
        "implicit curve",
    ),
    ("/heart.svg", "size=160&style=gradient", "vector SVG"),
    ("/heart.apng", "size=160&frames=16&fps=16", "beating APNG"),
    ("/heart.png", "size=160&text=I%20%E2%99%A5%20U", "heart with a label"),
    ("/text.png", "text=Hello%2C%20edge&size=28&width=160&height=160&align=center&valign=middle&bg=%23fde68a", "text, English"),
    ("/text.png", "text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E4%B8%96%E7%95%8C%EF%BC%81&size=28&width=160&height=160&align=center&valign=middle&wrap=char", "text, Chinese"),
    ("/text.png", "text=The%20quick%20brown%20fox%20jumps%20over%20the%20lazy%20dog&width=160&height=160&size=40&fit=true&font=serif", "fit into a box"),
];

/// The HTML page.
pub fn page() -> String {
    let mut cards = String::new();
    for (route, query, what) in EXAMPLES {
        let url = format!("{route}?{query}").replace('&', "&amp;");
        cards.push_str(&format!(
            "<figure><a href=\"{url}\"><img src=\"{url}\" width=\"160\" height=\"160\" alt=\"{what}\"></a><figcaption><code>{url}</code><br>{what}</figcaption></figure>\n"
        ));
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>edge-render</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
figure{{display:inline-block;margin:.5rem;vertical-align:top;width:14rem}}img{{background:#eee;border-radius:8px}}
code{{font-size:.75rem;word-break:break-all}}td{{padding:.2rem .6rem;vertical-align:top}}</style></head>
<body><h1>edge-render</h1>
<p>Images rendered on demand at the edge. Every parameter is in the query string; see the README for limits.</p>
<table>
<tr><td><code>GET /heart.png</code></td><td>size, color, bg, style=filled|outline|gradient, stroke, theme=light|dark|contrast, dpr, curve=parametric|implicit, text (a label), text_color</td></tr>
<tr><td><code>GET /heart.svg</code></td><td>the same, as a vector (no dpr)</td></tr>
<tr><td><code>GET /heart.txt</code></td><td>terminal art: cols, rows, charset=blocks|ascii, curve</td></tr>
<tr><td><code>GET /heart.apng</code></td><td>a beating heart: the PNG parameters plus frames, fps</td></tr>
<tr><td><code>GET /text.png</code>, <code>POST /text.png</code></td><td>text (required), font=sans|serif|mono, weight, size, color, bg, width, height, padding, align, valign, line_height, wrap=word|char|none, max_lines, fit, dpr — POST takes the same fields as a JSON object</td></tr>
<tr><td><code>GET /health</code></td><td>status, version, fonts</td></tr>
</table>
<p>Try <a href="/heart.txt?cols=48&amp;rows=20"><code>/heart.txt</code></a>.</p>
{cards}</body></html>
"#
    )
}
