use serde_json::Value;

use crate::reply::Reply;
use crate::serve::{handle, Env, Request};

fn get(url: &str) -> Reply {
    handle(&Request::get(url), &Env { clock: &|| 0.0 })
}

fn png_size(r: &Reply) -> (u32, u32) {
    let b = &r.body;
    assert_eq!(&b[12..16], b"IHDR");
    let n = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (n(16), n(20))
}

/// URLs as placehold.co's documentation writes them.
#[test]
fn the_documented_urls() {
    for (url, svg, size) in [
        ("/400", true, (400, 400)),
        ("/600x400/transparent/F00", true, (600, 400)),
        ("/600x400/000000/FFF", true, (600, 400)),
        ("/600@3x.png", false, (1800, 1800)),
        ("/800?text=Hello+World&font=roboto", true, (800, 800)),
        ("/800?text=Hero+Image&font=montserrat", true, (800, 800)),
        ("/600x400", true, (600, 400)),
        ("/600x400/png", false, (600, 400)),
        ("/600x400/svg", true, (600, 400)),
        ("/600x400.png", false, (600, 400)),
        ("/600x400@2x.png", false, (1200, 800)),
        ("/600x400@3x/png", false, (1800, 1200)),
        ("/600x400/000000/FFFFFF", true, (600, 400)),
        ("/600x400/000000/FFFFFF/png", false, (600, 400)),
        ("/600x400/orange/white.png", false, (600, 400)),
        ("/600x400?text=Hello+World", true, (600, 400)),
        ("/600x400/png?text=Hello\\nWorld", false, (600, 400)),
        ("/600x400/png?font=roboto", false, (600, 400)),
        ("/600x400/png?font=playfair-display", false, (600, 400)),
        ("/400/", true, (400, 400)),
    ] {
        let r = get(url);
        assert_eq!(r.status, 200, "{url}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("x-missing-glyphs"), Some("0"), "{url}");
        if svg {
            assert_eq!(r.header("content-type"), Some("image/svg+xml"), "{url}");
            assert!(r.header("content-security-policy").is_some());
            let text = String::from_utf8(r.body.clone()).unwrap();
            assert!(text.contains(&format!("width=\"{}\" height=\"{}\"", size.0, size.1)), "{text}");
        } else {
            assert_eq!(r.header("content-type"), Some("image/png"), "{url}");
            assert_eq!(png_size(&r), size, "{url}");
        }
    }
}

#[test]
fn defaults_and_text() {
    let svg = String::from_utf8(get("/600x400").body).unwrap();
    assert!(svg.contains(">600 × 400</tspan>"), "{svg}");
    // placehold.co's defaults: #DDDDDD behind #999999 (its own SVGs).
    assert!(svg.contains("<rect width=\"600\" height=\"400\" fill=\"#dddddd\"/>"), "{svg}");
    assert!(svg.contains("fill=\"#999999\""), "{svg}");
    // At @2x the default text is still the CSS size.
    assert_eq!(get("/600x400@2x.png").header("x-text-lines"), Some("1"));
    let retina = String::from_utf8(get("/600x400@2x/svg").body).unwrap();
    assert!(retina.contains(">600 × 400</tspan>"), "{retina}");
    // \n is a new line; markup is escaped.
    let svg = String::from_utf8(get("/300x200?text=a%3Cb%3E\\n%26c").body).unwrap();
    assert!(svg.contains(">a&lt;b&gt;</tspan><tspan"), "{svg}");
    assert!(svg.contains(">&amp;c</tspan>"), "{svg}");
    assert_eq!(get("/300x200/png?text=one\\ntwo").header("x-text-lines"), Some("2"));
    // Spellings of one image share its tag: .png and /png, a colour's case.
    let a = get("/300x200/000000/ffffff/png");
    let b = get("/300x200/000/FFF.png");
    assert_eq!(a.header("etag"), b.header("etag"));
    assert_eq!(a.body, b.body);
    // A longer text is drawn smaller, and a text that cannot fit at all
    // is still drawn (clipped at the smallest size), not refused.
    let size = |r: &Reply| r.header("x-font-size").unwrap().parse::<f32>().unwrap();
    let short = get("/300x200/png?text=Hi");
    let long = get("/300x200/png?text=A+much+longer+placeholder+text");
    assert!(size(&long) < size(&short), "{} {}", size(&long), size(&short));
    assert_eq!(get(&format!("/16x16/png?text={}", "W".repeat(40))).status, 200);
}

/// Each of placehold.co's twelve `font` names is taken.
#[test]
fn placehold_co_fonts() {
    for font in [
        "lato", "lora", "montserrat", "noto-sans", "open-sans", "oswald", "playfair-display", "poppins", "pt-sans",
        "raleway", "roboto", "source-sans-pro",
    ] {
        let r = get(&format!("/300x200/png?font={font}"));
        assert_eq!(r.status, 200, "{font}: {}", String::from_utf8_lossy(&r.body));
    }
}

#[test]
fn errors() {
    for (url, status, param) in [
        ("/600x400/jpeg", 400, "format"),
        ("/600x400.webp", 400, "format"),
        ("/600x400/png.png", 400, "format"),
        ("/10x10", 400, "size"),
        ("/3000x400", 400, "size"),
        ("/2048x2048@2x", 422, "size"),
        // A documented placehold.co URL over our pixel budget (MAX_PIXELS).
        ("/800@3x.png", 422, "size"),
        ("/600x400?font=comic-sans", 400, "font"),
        ("/600x400?size=10", 400, "size"),
        ("/600x400/nocolour/fff", 400, "bg"),
        ("/600x400/fff/nocolour", 400, "fg"),
    ] {
        let r = get(url);
        let e: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!((r.status, e["error"]["param"].as_str()), (status, Some(param)), "{url}: {e}");
    }
    assert_eq!(get("/600x400@4x").status, 404);
    assert_eq!(get("/600x400/a/b/c/d").status, 404);
}
