use serde_json::Value;

use super::initials;
use crate::reply::Reply;
use crate::serve::{handle, Env, Request};

fn send(req: &Request) -> Reply {
    handle(req, &Env { clock: &|| 0.0 })
}

fn get(url: &str) -> Reply {
    send(&Request::get(url))
}

fn png_size(r: &Reply) -> (u32, u32) {
    let b = &r.body;
    assert_eq!(&b[12..16], b"IHDR", "a PNG");
    let n = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (n(16), n(20))
}

#[test]
fn initials_of_names() {
    for (name, length, upper, expected) in [
        ("John Doe", 2, true, "JD"),
        ("john doe", 2, false, "jd"),
        ("John", 2, true, "JO"),
        ("John Ronald Reuel Tolkien", 2, true, "JT"),
        ("John Ronald Reuel Tolkien", 3, true, "JRT"),
        ("John Doe", 1, true, "J"),
        ("Élodie Ørsted", 2, true, "ÉØ"),
        ("E\u{301}lodie", 1, true, "E\u{301}"),
        ("王小明", 2, true, "小明"),
        ("王小明", 1, true, "王"),
        ("王明", 2, true, "王明"),
        ("김민준", 2, true, "민준"),
        ("김민준", 1, true, "김"),
        ("山田 太郎", 2, true, "山太"),
        ("  ", 2, true, ""),
    ] {
        assert_eq!(initials(name, length, upper), expected, "{name} {length}");
    }
}

/// URLs as ui-avatars' documentation writes them.
#[test]
fn the_documented_urls() {
    for (url, size) in [
        ("/api/?name=John+Doe", 64),
        ("/api/?background=0D8ABC&color=fff", 64),
        ("/api/?background=random", 64),
        ("/api/?name=Elon+Musk&size=128", 128),
        ("/api/?name=John+Doe&rounded=true", 64),
        ("/api/?name=John+Doe&bold=true", 64),
        ("/api/?name=John+Doe&length=1", 64),
        ("/api/?name=John+Doe&font-size=0.33", 64),
        ("/api/?name=john+doe&uppercase=false", 64),
        ("/api/?name=John+Doe&format=png", 64),
        ("/api/John+Doe/128/0D8ABC/fff/2/0.33/true/true/true/png", 128),
        ("/api/Elon+Musk/128/random", 128),
        ("/api?name=%E7%8E%8B%E5%B0%8F%E6%98%8E", 64),
        ("/api/?name=%EA%B9%80%EB%AF%BC%EC%A4%80&background=random", 64),
    ] {
        let r = get(url);
        assert_eq!(r.status, 200, "{url}: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("content-type"), Some("image/png"), "{url}");
        assert_eq!(png_size(&r), (size, size), "{url}");
        assert_eq!(r.header("x-missing-glyphs"), Some("0"), "{url}");
        assert_eq!(r.header("x-unsupported-style"), None, "{url}");
    }
}

#[test]
fn svg_by_format_or_accept() {
    let svg = get("/api/?name=John+Doe&format=svg");
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert_eq!(svg.header("vary"), None, "asked for by name");
    let text = String::from_utf8(svg.body.clone()).unwrap();
    assert!(text.contains(">JD</tspan>"), "{text}");
    // ui-avatars' defaults: background ddd, color 222, font-size 0.4375
    // of 64 px (28), regular.
    assert!(text.contains("fill=\"#dddddd\""), "{text}");
    assert!(text.contains("fill=\"#222222\""), "{text}");
    assert!(text.contains("font-size=\"28\""), "{text}");
    assert!(!text.contains("font-weight"), "{text}");
    let bold = String::from_utf8(get("/api/?name=John+Doe&format=svg&bold=true").body).unwrap();
    assert!(bold.contains("font-weight=\"600\""), "{bold}");
    let accept = |a: &'static str| {
        send(&Request {
            accept: Some(a),
            ..Request::get("/api/?name=John+Doe")
        })
    };
    let a = accept("image/svg+xml");
    assert_eq!((a.header("content-type"), a.header("vary")), (Some("image/svg+xml"), Some("Accept")));
    assert_eq!(a.body, svg.body);
    assert_ne!(a.header("etag"), svg.header("etag"), "the Vary header is part of the answer");
    let b = accept("image/png,image/svg+xml;q=0");
    assert_eq!((b.header("content-type"), b.header("vary")), (Some("image/png"), Some("Accept")));
    assert_eq!(get("/api/?name=John+Doe").header("vary"), Some("Accept"));
    // Markup in a name is text.
    let text = String::from_utf8(get("/api/?name=%3Cb%3E+%26&format=svg&uppercase=false").body).unwrap();
    assert!(text.contains(">&lt;&amp;</tspan>"), "{text}");
}

#[test]
fn random_backgrounds_are_deterministic_per_name() {
    let a = get("/api/?name=Ada+Lovelace&background=random&format=svg");
    let b = get("/api/?name=Ada+Lovelace&background=random&format=svg");
    let c = get("/api/?name=Grace+Hopper&background=random&format=svg");
    assert_eq!(a.body, b.body);
    assert_ne!(a.body, c.body);
    // The path form is the same request as the query form.
    let q = get("/api/?name=Ada+Lovelace&size=128&background=random");
    let p = get("/api/Ada+Lovelace/128/random");
    assert_eq!(q.header("etag"), p.header("etag"));
    assert_eq!(q.body, p.body);
}

/// Out-of-range numbers are brought in range as ui-avatars does
/// (`fixInvalidInput`), an unknown format is chosen by `Accept`, and a
/// random background sets the text colour whatever `color` says.
#[test]
fn out_of_range_values_as_ui_avatars_reads_them() {
    let etag = |url: &str| {
        let r = get(url);
        assert_eq!(r.status, 200, "{url}: {}", String::from_utf8_lossy(&r.body));
        r.header("etag").unwrap().to_owned()
    };
    assert_eq!(png_size(&get("/api/?name=a&size=8")), (16, 16));
    assert_eq!(png_size(&get("/api/?name=a&size=4000")), (512, 512));
    assert_eq!(png_size(&get("/api/?name=a&size=100.9")), (100, 100));
    assert_eq!(etag("/api/?name=a&size=-3"), etag("/api/?name=a&size=16"));
    assert_eq!(etag("/api/?name=John&length=0"), etag("/api/?name=John&length=1"));
    assert_eq!(etag("/api/?name=a&font-size=2"), etag("/api/?name=a&font-size=1"));
    assert_eq!(etag("/api/?name=a&font-size=0"), etag("/api/?name=a&font-size=0.5"));
    assert_eq!(etag("/api/?name=a"), etag("/api/?name=a&font-size=0.4375"));
    // No upper bound on length: a one-word name gives that many letters.
    let five = String::from_utf8(get("/api/?name=Lasse&length=5&format=svg").body).unwrap();
    assert!(five.contains(">LASSE</tspan>"), "{five}");
    let gif = get("/api/?name=a&format=gif");
    assert_eq!((gif.header("content-type"), gif.header("vary")), (Some("image/png"), Some("Accept")));
    assert_eq!(gif.body, get("/api/?name=a").body);
    let random = get("/api/?name=Ada&background=random&format=svg");
    assert_eq!(random.body, get("/api/?name=Ada&background=random&color=ff0000&format=svg").body);
    let text = String::from_utf8(random.body).unwrap();
    assert!(text.contains("fill=\"#ffffff\"") || text.contains("fill=\"#000000\""), "{text}");
}

#[test]
fn errors() {
    for (url, param) in [
        ("/api/?name=a&size=big", "size"),
        ("/api/?name=a&length=two", "length"),
        ("/api/?name=a&font-size=half", "font-size"),
        ("/api/?name=a&size=inf", "size"),
        ("/api/?name=a&rounded=maybe", "rounded"),
        ("/api/?name=a&background=random&color=nothex", "color"),
        ("/api/?name=a&background=nothex", "background"),
        ("/api/?name=a&color=nothex", "color"),
        ("/api/?name=a&shape=circle", "shape"),
        ("/api/John/64?size=32", "size"),
    ] {
        let r = get(url);
        let e: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!((r.status, e["error"]["param"].as_str()), (400, Some(param)), "{url}: {e}");
    }
    assert_eq!(get("/api/a/64/fff/000/2/0.5/true/true/true/png/extra").status, 404);
}
