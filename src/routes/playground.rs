//! `GET /`: the playground — a template gallery with live forms, a scene
//! editor with a live preview, and the URLs to copy (signed ones too, when
//! the page was opened with the playground token: [`super::sign`]).
//!
//! One self-contained page, `playground.html`, embedded at build time:
//! inline CSS and JS, no framework, nothing fetched but this worker's own
//! routes (`/templates`, `/og/…`, `/render`, `/sign`). The example scenes
//! of the editor are `examples/scenes/` files, put in at the
//! `{{EXAMPLES}}` mark. Its Content-Security-Policy allows exactly its
//! own inline script and style (by their SHA-256), images from this
//! worker and its own blobs, and requests to this worker.

use sha2::{Digest, Sha256};

use super::{Caching, Output, RouteInfo, Static};

/// The playground page.
pub static PLAYGROUND: Static = Static {
    info: RouteInfo::document(
        "playground",
        &["/"],
        Caching::Page,
        "the playground: templates with live forms, a scene editor with a live preview, URLs to copy",
    ),
    draw,
};

const PAGE: &str = include_str!("playground.html");

/// The editor's examples: (name, scene JSON), the first one loaded.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "Blog post (satori / React elements)",
        include_str!("../../examples/scenes/blog-post.satori.json"),
    ),
    (
        "Blog post (Takumi nodes)",
        include_str!("../../examples/scenes/blog-post.takumi.json"),
    ),
    (
        "Chinese article (satori)",
        include_str!("../../examples/scenes/cjk-article.satori.json"),
    ),
];

fn draw() -> Output {
    let body = html();
    let csp = format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'self' blob: data:; connect-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        hash_of(&body, "<script>"),
        hash_of(&body, "<style>"),
    );
    Output {
        content_type: "text/html; charset=utf-8",
        body: body.into_bytes(),
        headers: vec![("content-security-policy", csp)],
    }
}

/// The page with its examples in.
pub fn html() -> String {
    let mut list = String::from("[");
    for (i, (name, scene)) in EXAMPLES.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&format!(
            "{{\"name\":{},\"scene\":{}}}",
            serde_json::Value::from(*name),
            scene.trim()
        ));
    }
    list.push(']');
    // `</` cannot end the script element early: inside JSON it can only be
    // in a string, where `<\/` means the same.
    PAGE.replacen("{{EXAMPLES}}", &list.replace("</", "<\\/"), 1)
}

/// `sha256-<base64>` of the content of the first `open` element (`<script>`
/// or `<style>`, written without attributes) of `page`: the CSP source
/// that allows exactly that inline element.
fn hash_of(page: &str, open: &str) -> String {
    let close = format!("</{}", &open[1..]);
    let content = page
        .split_once(open)
        .and_then(|(_, rest)| rest.split_once(close.as_str()))
        .map_or("", |(content, _)| content);
    format!("sha256-{}", base64(&Sha256::digest(content.as_bytes())))
}

/// Standard base64 with padding (what CSP hashes are written in).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
            << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::{handle, Env, Request};

    fn get(req: Request) -> crate::reply::Reply {
        handle(&req, &Env { clock: &|| 0.0 })
    }

    #[test]
    fn base64_as_csp_writes_it() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            hash_of("<script>alert(1)</script>", "<script>"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn the_page_is_whole_self_contained_and_its_csp_allows_its_own_code() {
        let r = get(Request::get("/"));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("cache-control"), Some("public, max-age=300"));
        let page = String::from_utf8(r.body.clone()).unwrap();
        assert!(!page.contains("{{EXAMPLES}}"));
        // Nothing from elsewhere: no external script, style or image.
        for outside in ["http://", "https://", "src=\"//", "@import"] {
            assert!(!page.contains(outside), "{outside}");
        }
        // One inline script and style, each allowed by its hash.
        assert_eq!(page.matches("<script>").count(), 1);
        assert_eq!(page.matches("<style>").count(), 1);
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains(&format!("script-src '{}'", hash_of(&page, "<script>"))), "{csp}");
        assert!(csp.contains(&format!("style-src '{}'", hash_of(&page, "<style>"))), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        // The examples are JSON the page can parse, every scene renders.
        let start = page.find("id=\"examples\">").unwrap() + "id=\"examples\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let examples: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(examples.as_array().unwrap().len(), EXAMPLES.len());
        for ex in examples.as_array().unwrap() {
            let body = ex["scene"].to_string();
            let r = get(Request::post_json("/render", body.as_bytes()));
            assert_eq!(r.status, 200, "{}", ex["name"]);
        }
    }

    #[test]
    fn a_page_has_an_etag_and_answers_304() {
        for url in ["/", "/docs", "/templates"] {
            let r = get(Request::get(url));
            let tag = r.header("etag").expect("an etag").to_owned();
            assert!(tag.starts_with('"') && tag.len() == 18, "{url}: {tag}");
            assert_eq!(get(Request::get(url)).header("etag"), Some(tag.as_str()));
            let again = get(Request::get(url).with_if_none_match(&tag));
            assert_eq!((again.status, again.body.len()), (304, 0), "{url}");
            assert_eq!(again.header("etag"), Some(tag.as_str()));
            assert_eq!(again.header("cache-control"), Some("public, max-age=300"));
            let other = get(Request::get(url).with_if_none_match("\"0000000000000000\""));
            assert_eq!(other.status, 200, "{url}");
            let head = get(Request::get(url).with_method("HEAD"));
            assert_eq!((head.status, head.body.len()), (200, 0), "{url}");
            assert_eq!(head.header("etag"), Some(tag.as_str()));
        }
        // Live state has none.
        assert_eq!(get(Request::get("/health")).header("etag"), None);
    }
}
