//! Golden images of the drop-in URLs: placehold.co's grammar (`/{W}x{H}…`)
//! and ui-avatars' (`/api/…`), as PNG, one line per case; references in
//! `tests/images/dropin/`. The SVG forms are checked for well-formed XML.

use crate::image::golden_png;
use crate::{fetch, get};

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
const LIMITS: (u32, u32, usize) = (1200, 1200, 64 * 1024);

macro_rules! cases {
    ($($test:ident: $path:literal $query:literal;)*) => {
        $(
            #[test]
            fn $test() {
                let body = fetch($path, $query, "image/png");
                golden_png("dropin", &stringify!($test).replace('_', "-"), &body, LIMITS, TOLERANCE);
            }
        )*
    };
}

cases! {
    placeholder_default: "/600x400/png" "";
    placeholder_retina: "/300x200@2x.png" "";
    placeholder_colours: "/600x400/000000/FFFFFF/png" "";
    placeholder_named_colours: "/400x300/orange/white.png" "";
    placeholder_text_lines: "/600x400.png" "text=Hello\\nWorld&font=playfair-display";
    placeholder_long_text: "/320x100/png" "text=A+long+placeholder+caption+that+must+shrink";
    placeholder_cjk: "/400x200/png" "text=%E5%8D%A0%E4%BD%8D%E5%9B%BE";
    avatar_default: "/api/" "name=John+Doe";
    avatar_blue: "/api/" "name=John+Doe&background=0D8ABC&color=fff&size=128";
    avatar_random_rounded_bold: "/api/" "name=Ada+Lovelace&background=random&rounded=true&bold=true&size=128";
    avatar_path_form: "/api/John+Doe/128/0D8ABC/fff/2/0.33/true/true/true/png" "";
    avatar_chinese: "/api/" "name=%E7%8E%8B%E5%B0%8F%E6%98%8E&size=128&rounded=true&background=random";
    avatar_korean: "/api/" "name=%EA%B9%80%EB%AF%BC%EC%A4%80&size=128&length=1&background=random";
    avatar_lowercase_one: "/api/" "name=elon&length=1&uppercase=false&font-size=0.7&size=96";
}

/// The SVG forms are well-formed XML with the text escaped.
#[test]
fn svgs_are_well_formed() {
    for (path, query) in [
        ("/600x400", "text=%3Cscript%3E%26"),
        ("/600x400/svg", ""),
        ("/api/", "name=%3Cb%3E+%26&format=svg&rounded=true"),
    ] {
        let reply = get(path, query);
        assert_eq!(
            reply.header("content-type"),
            Some("image/svg+xml"),
            "{path}?{query}"
        );
        let text = String::from_utf8(reply.body).expect("UTF-8");
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{path}?{query}: {e}\n{text}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(!text.contains("<script"), "{text}");
    }
}
