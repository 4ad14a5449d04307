//! The text route's parameters → a validated [`TextRequest`].

use render::{clean_text, Align, Direction, Rgba, TextSpec, VAlign, Wrap};
use serde::Serialize;

use crate::error::ApiError;
use crate::fonts;
use crate::params::{
    invisible_as_transparent, Params, FONT_SIZE, LINE_HEIGHT, MAX_DPR, MAX_LINES, MAX_PADDING, MAX_PIXELS, MAX_SIZE,
    MAX_SIZES, MAX_TEXT_CHARS, MAX_TEXT_SIDE, MIN_SIZE,
};

/// The sizes that change the drawing: one per paragraph at most, without
/// trailing repeats (later paragraphs take the last size anyway), and none
/// when one size is left (`size` is then that size).
fn drawn_sizes(mut sizes: Vec<f32>, paragraphs: usize) -> Vec<f32> {
    sizes.truncate(paragraphs.max(1));
    while sizes.len() > 1 && sizes[sizes.len() - 1] == sizes[sizes.len() - 2] {
        sizes.pop();
    }
    if sizes.len() == 1 {
        sizes.clear();
    }
    sizes
}

/// `css × dpr` rounded to device pixels, as the renderer rounds a side.
fn device_px(css: u32, dpr: f32) -> u64 {
    (css as f32 * dpr).round() as u64
}

/// The parameters of the text route.
pub const TEXT_PARAMS: &[&str] = &[
    "text",
    "font",
    "weight",
    "style",
    "size",
    "sizes",
    "color",
    "bg",
    "width",
    "height",
    "padding",
    "align",
    "valign",
    "line_height",
    "wrap",
    "max_lines",
    "fit",
    "dpr",
    "lang",
    "dir",
];

/// A validated text request: the spec plus the names it was chosen by.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextRequest {
    /// What the renderer draws.
    pub spec: TextSpec,
    /// Family short name (`sans`, `serif`, `mono`).
    pub font: &'static str,
    /// CSS weight.
    pub weight: u16,
    /// `style=italic`.
    pub italic: bool,
}

/// What `weight=` accepts: CSS weights and their usual names (a family
/// must have the weight asked: the text route draws no near match).
const WEIGHTS: &[(&str, u16)] = &[
    ("100", 100),
    ("thin", 100),
    ("200", 200),
    ("extralight", 200),
    ("300", 300),
    ("light", 300),
    ("400", 400),
    ("normal", 400),
    ("regular", 400),
    ("500", 500),
    ("medium", 500),
    ("600", 600),
    ("semibold", 600),
    ("700", 700),
    ("bold", 700),
    ("800", 800),
    ("extrabold", 800),
    ("900", 900),
    ("black", 900),
];

/// The 400 for a weight or style `family` does not have, saying what it has.
fn missing_face(family: fonts::Family, weight: u16, italic: bool) -> ApiError {
    let list = |weights: Vec<u16>| {
        let names: Vec<String> = weights.iter().map(u16::to_string).collect();
        names.join(", ")
    };
    let italics = fonts::styled_weights(family.role, true);
    let name = family.name;
    if italic && italics.is_empty() {
        ApiError::bad("style", format!("font {name} has no italic"))
    } else if italic {
        ApiError::bad(
            "weight",
            format!(
                "font {name} has no italic at weight {weight}; its italic weights: {}",
                list(italics)
            ),
        )
    } else {
        ApiError::bad(
            "weight",
            format!(
                "font {name} has no weight {weight}; it has: {}",
                list(fonts::weights(family.role))
            ),
        )
    }
}

/// `lang=`: a BCP 47 tag choosing the regional forms of Han characters
/// (`zh-Hans`, `zh-Hant`, `ja`, `ko`; another language: guessed from the
/// text, as without one). It reaches the canonical form only through the
/// chain it orders, so tags that draw alike share one ETag.
pub fn lang_param(q: &Params) -> Result<Option<fonts::Lang>, ApiError> {
    match q.get("lang") {
        None => Ok(None),
        Some(tag) => fonts::Lang::parse(tag).ok_or_else(|| {
            ApiError::bad(
                "lang",
                "lang must be a BCP 47 language tag such as ja, ko, zh-Hans or zh-Hant",
            )
        }),
    }
}

/// Validates a text request (query parameters or JSON fields).
pub fn parse_text(q: &Params) -> Result<TextRequest, ApiError> {
    q.only(TEXT_PARAMS)?;
    let text = q
        .get("text")
        .ok_or_else(|| ApiError::bad("text", "text is required"))?
        .to_owned();
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_TEXT_CHARS {
        return Err(ApiError::bad(
            "text",
            format!("text must be 1 to {MAX_TEXT_CHARS} characters long (got {chars})"),
        ));
    }
    // As the engine reads it (one newline form, no control characters), so
    // that texts drawn alike have one canonical form.
    let text = clean_text(&text);
    // NFC can make a text longer (U+FB2C is three code points decomposed):
    // the limit holds for the text drawn too.
    let drawn = text.chars().count();
    if drawn > MAX_TEXT_CHARS {
        return Err(ApiError::bad(
            "text",
            format!("text must be 1 to {MAX_TEXT_CHARS} characters long (got {drawn} after Unicode normalisation)"),
        ));
    }
    let families: Vec<(&str, fonts::Family)> =
        fonts::FAMILIES.iter().map(|f| (f.name, *f)).collect();
    let family = q.choice("font", fonts::FAMILIES[0], &families)?;
    let weight = q.choice("weight", 400u16, WEIGHTS)?;
    let italic = q.choice("style", false, &[("normal", false), ("italic", true)])?;
    let Some(primary) = fonts::styled_face(family.role, weight, italic) else {
        return Err(missing_face(family, weight, italic));
    };
    let size = q.float("size", 48.0, FONT_SIZE.0, FONT_SIZE.1)?;
    // `sizes` wins over `size`; `size` then holds the first paragraph's, so
    // that specs (and canonical forms) that render alike compare alike.
    let sizes = q
        .floats("sizes", FONT_SIZE.0, FONT_SIZE.1, MAX_SIZES)?
        .unwrap_or_default();
    let size = sizes.first().copied().unwrap_or(size);
    let sizes = drawn_sizes(sizes, text.split('\n').count());
    let side = |key: &str| -> Result<Option<u32>, ApiError> {
        match q.get(key) {
            None => Ok(None),
            Some(_) => q.int(key, 0, MIN_SIZE, MAX_SIZE).map(Some),
        }
    };
    let chain = fonts::chain(primary, &text, lang_param(q)?);
    let spec = TextSpec {
        text,
        chain,
        size,
        sizes,
        color: invisible_as_transparent(q.color("color")?.unwrap_or(Rgba::rgb(0x111111))),
        bg: invisible_as_transparent(q.color("bg")?.unwrap_or(Rgba::rgb(0xffffff))),
        width: side("width")?,
        height: side("height")?,
        padding: q.int("padding", 16, 0, MAX_PADDING)?,
        align: q.choice(
            "align",
            Align::Left,
            &[
                ("left", Align::Left),
                ("center", Align::Center),
                ("centre", Align::Center),
                ("right", Align::Right),
                ("justify", Align::Justify),
                ("start", Align::Start),
                ("end", Align::End),
            ],
        )?,
        valign: q.choice(
            "valign",
            VAlign::Top,
            &[
                ("top", VAlign::Top),
                ("middle", VAlign::Middle),
                ("center", VAlign::Middle),
                ("bottom", VAlign::Bottom),
            ],
        )?,
        line_height: q.float("line_height", 1.25, LINE_HEIGHT.0, LINE_HEIGHT.1)?,
        wrap: q.choice(
            "wrap",
            Wrap::Word,
            &[
                ("word", Wrap::Word),
                ("char", Wrap::Char),
                ("none", Wrap::None),
            ],
        )?,
        max_lines: match q.get("max_lines") {
            None => None,
            Some(_) => Some(q.int("max_lines", 0, 1, MAX_LINES)?),
        },
        fit: q.boolean("fit", false)?,
        dpr: q.float("dpr", 1.0, 1.0, MAX_DPR)?,
        letter_spacing: 0.0,
        spans: Vec::new(),
        dir: q.choice(
            "dir",
            Direction::Auto,
            &[
                ("auto", Direction::Auto),
                ("ltr", Direction::Ltr),
                ("rtl", Direction::Rtl),
            ],
        )?,
    };
    if spec.fit && spec.width.is_none() && spec.height.is_none() {
        return Err(ApiError::bad(
            "fit",
            "fit needs a width or a height to fit into",
        ));
    }
    // A side is drawn as asked or not at all: never in a narrower box.
    for (key, side) in [("width", spec.width), ("height", spec.height)] {
        let Some(css) = side else { continue };
        let px = device_px(css, spec.dpr);
        if px > u64::from(MAX_TEXT_SIDE) {
            return Err(ApiError::TooLarge {
                param: "dpr",
                message: format!(
                    "{key} {css} × dpr {} is {px} device pixels; the limit is {MAX_TEXT_SIDE} per side",
                    crate::num::F32(spec.dpr)
                ),
            });
        }
    }
    if let (Some(w), Some(h)) = (spec.width, spec.height) {
        let px = device_px(w, spec.dpr) * device_px(h, spec.dpr);
        if px > MAX_PIXELS {
            return Err(ApiError::TooLarge {
                param: "dpr",
                message: format!(
                    "width × height × dpr² is {px} pixels; the limit is {MAX_PIXELS} (e.g. 2048×2048 at dpr 1, 1024×1024 at dpr 2)"
                ),
            });
        }
    }
    Ok(TextRequest {
        spec,
        font: family.name,
        weight,
        italic,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{json, parse_query, parse_strict};
    fn text(q: &str) -> Result<TextRequest, ApiError> {
        parse_text(&parse_query(q)?)
    }

    #[test]
    fn the_length_limit_holds_after_normalisation() {
        // U+FB2C (shin with dagesh and shin dot) is three code points in NFC.
        let ok = "\u{FB2C}".repeat(MAX_TEXT_CHARS / 3);
        assert!(text(&format!("text={ok}")).is_ok());
        let long = "\u{FB2C}".repeat(MAX_TEXT_CHARS / 3 + 1);
        let e = text(&format!("text={long}")).unwrap_err();
        assert_eq!(e.status(), 400);
        assert!(format!("{e:?}").contains("after Unicode normalisation"), "{e:?}");
    }

    fn body(b: &str) -> Result<Params, ApiError> {
        json::fields(parse_strict(b.as_bytes())?)
    }

    fn canonical(t: &TextRequest) -> String {
        serde_json::to_string(t).unwrap()
    }

    #[test]
    fn text_defaults_and_required() {
        let t = text("text=Hello").unwrap();
        assert_eq!(t.spec.text, "Hello");
        assert_eq!((t.font, t.weight), ("sans", 400));
        assert_eq!(t.spec.size, 48.0);
        assert_eq!(
            (t.spec.width, t.spec.height, t.spec.padding),
            (None, None, 16)
        );
        assert_eq!(
            (t.spec.align, t.spec.valign, t.spec.wrap),
            (Align::Left, VAlign::Top, Wrap::Word)
        );
        assert!(!t.spec.fit);
        assert!(t.spec.chain.len() >= 3, "primary, then CJK tiers");
        assert_eq!(text("").unwrap_err().param(), Some("text"));
        assert_eq!(text("text=").unwrap_err().param(), Some("text"));
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            text(&format!("text={long}")).unwrap_err().param(),
            Some("text")
        );
        assert!(
            text(&format!("text={}", "字".repeat(MAX_TEXT_CHARS))).is_ok(),
            "limit counts characters"
        );
    }

    #[test]
    fn text_limits_and_choices() {
        assert!(text("text=a&size=6").is_ok() && text("text=a&size=512").is_ok());
        for (query, param) in [
            ("size=5.9", "size"),
            ("size=513", "size"),
            ("width=15", "width"),
            ("height=2049", "height"),
            ("padding=513", "padding"),
            ("max_lines=0", "max_lines"),
            ("line_height=0.5", "line_height"),
            ("align=justified", "align"),
            ("wrap=hyphen", "wrap"),
            ("fit=maybe", "fit"),
            ("fit=true", "fit"), // fit needs a box
        ] {
            let e = text(&format!("text=a&{query}")).unwrap_err();
            assert_eq!(e.param(), Some(param), "{query}");
        }
        assert!(text("text=a&fit=1&width=300").unwrap().spec.fit);
        let justify = text("text=a&align=justify").unwrap().spec.align;
        assert_eq!(justify, Align::Justify);
        assert_eq!(text("text=a&font=comic").unwrap_err().param(), Some("font"));
        let e = text("text=a&font=serif&weight=bold").unwrap_err();
        assert_eq!(e.param(), Some("weight"));
        assert!(e.to_string().contains("has no weight 700"), "{e}");
        assert_eq!(text("text=a&font=sans&weight=bold").unwrap().weight, 700);
    }

    #[test]
    fn weights_and_italics() {
        let face = |q: &str| {
            let t = text(&format!("text=Hé&{q}")).unwrap();
            let f = &fonts::FACES[usize::from(t.spec.chain[0])];
            (t.weight, t.italic, f.file)
        };
        for (q, weight, file) in [
            ("weight=300", 300, "NotoSans-Light.ttf"),
            ("weight=light", 300, "NotoSans-Light.ttf"),
            ("weight=regular", 400, "NotoSans-Regular.ttf"),
            ("weight=Medium", 500, "NotoSans-Medium.ttf"),
            ("weight=600", 600, "NotoSans-SemiBold.ttf"),
            ("weight=800", 800, "NotoSans-ExtraBold.ttf"),
            ("weight=black", 900, "NotoSans-Black.ttf"),
        ] {
            assert_eq!(face(q), (weight, false, file), "{q}");
        }
        assert_eq!(face("style=italic"), (400, true, "NotoSans-Italic.ttf"));
        assert_eq!(
            face("style=italic&weight=bold"),
            (700, true, "NotoSans-BoldItalic.ttf")
        );
        assert!(!face("style=normal").1);
        // ASCII takes the italic's core.
        let t = text("text=Hi&style=italic").unwrap();
        let core = &fonts::FACES[usize::from(t.spec.chain[0])];
        assert_eq!(core.file, "NotoSans-Italic-Core.ttf");
        // Styles and weights a family does not have are errors that say
        // what it has (the text route draws no near match).
        for (q, param, says) in [
            ("weight=100", "weight", "font sans has no weight 100; it has: 300, 400, 500, 600, 700, 800, 900"),
            ("weight=450", "weight", "weight must be one of"),
            ("style=italic&weight=900", "weight", "font sans has no italic at weight 900; its italic weights: 400, 700"),
            ("font=serif&style=italic", "style", "font serif has no italic"),
            ("font=mono&weight=300", "weight", "font mono has no weight 300; it has: 400"),
            ("style=oblique", "style", "style must be one of: normal, italic"),
        ] {
            let e = text(&format!("text=a&{q}")).unwrap_err();
            assert_eq!(e.param(), Some(param), "{q}");
            assert!(e.to_string().contains(says), "{q}: {e}");
        }
        // A JSON body takes numbers.
        let t = parse_text(&body(r#"{"text":"a","weight":600,"style":"italic"}"#).unwrap());
        assert_eq!(t.unwrap_err().param(), Some("weight"));
        let t = parse_text(&body(r#"{"text":"a","weight":700.0,"style":"italic"}"#).unwrap()).unwrap();
        assert_eq!((t.weight, t.italic), (700, true));
        assert_eq!(
            text("text=a&colour=red").unwrap_err().code(),
            "unknown_param"
        );
    }

    #[test]
    fn json_bodies() {
        let q =
            body(r#"{"text":"你好","size":64,"fit":true,"width":300,"max_lines":null}"#).unwrap();
        let t = parse_text(&q).unwrap();
        assert_eq!(
            (t.spec.text.as_str(), t.spec.size, t.spec.fit, t.spec.width),
            ("你好", 64.0, true, Some(300))
        );
        assert_eq!(t.spec.max_lines, None);
        let e = body("{\"text\": \"a\",\n \"size\": }").unwrap_err();
        assert_eq!(e.code(), "bad_body");
        assert!(e.to_string().contains("line 2 column"), "{e}");
        assert_eq!(body("[1]").unwrap_err().code(), "bad_body");
        assert_eq!(body("").unwrap_err().code(), "bad_body");
        assert_eq!(body(r#"{"text":["a"]}"#).unwrap_err().param(), Some("text"));
        let e = body(r#"{"text":"a","size":20,"size":30}"#).unwrap_err();
        assert_eq!(e.code(), "bad_body");
        assert!(e.to_string().contains("duplicate key `size`"), "{e}");
    }

    const SIZES_ERROR: &str =
        "sizes must be a comma-separated list of 1 to 16 numbers between 6 and 512";

    #[test]
    fn text_sizes() {
        let t = text("text=Title%0Asub&sizes=64,32").unwrap();
        assert_eq!(t.spec.sizes, [64.0, 32.0]);
        assert_eq!(t.spec.size, 64.0, "size holds the first paragraph's");
        // sizes wins over size; items are trimmed and parsed like size.
        let t = text("text=a%0Ab%0Ac&size=20&sizes=%2064.0%20,%2032.5,1e1").unwrap();
        assert_eq!((t.spec.size, t.spec.sizes), (64.0, vec![64.0, 32.5, 10.0]));
        // One size left is `size`.
        let t = text("text=a&sizes=6").unwrap();
        assert_eq!((t.spec.size, t.spec.sizes), (6.0, vec![]));
        assert!(text("text=a&sizes=512,6").is_ok());
        let t = text("text=a").unwrap();
        assert!(t.spec.sizes.is_empty());
        assert_eq!(t.spec.size, 48.0);
        let sixteen = ["20"; MAX_SIZES].join(",");
        let sixteen_paragraphs = ["p"; MAX_SIZES].join("%0A");
        let distinct: Vec<String> = (0..MAX_SIZES).map(|i| (20 + i).to_string()).collect();
        assert_eq!(
            text(&format!(
                "text={sixteen_paragraphs}&sizes={}",
                distinct.join(",")
            ))
            .unwrap()
            .spec
            .sizes
            .len(),
            16
        );
        assert!(text(&format!("text=a&sizes={sixteen}")).is_ok());
        for bad in [
            "",
            " ",
            "64,",
            ",64",
            "64,,32",
            "abc",
            "64,x",
            "64;32",
            "64%2032",
            "5.9",
            "513",
            "64,5",
            "NaN",
            "inf",
            "-64",
            &format!("{sixteen},20"),
        ] {
            let e = text(&format!("text=a&sizes={bad}")).unwrap_err();
            assert_eq!(e.param(), Some("sizes"), "{bad:?}");
            assert_eq!(e.to_string(), SIZES_ERROR, "{bad:?}");
            assert_eq!((e.status(), e.code()), (400, "bad_param"), "{bad:?}");
        }
        // size is still validated when sizes is given.
        assert_eq!(
            text("text=a&size=3&sizes=64").unwrap_err().param(),
            Some("size")
        );
        assert_eq!(
            text("text=a&sizes=64&sizes=32").unwrap_err().param(),
            Some("sizes")
        );
    }

    #[test]
    fn text_sizes_in_json() {
        let json = |b: &str| body(b).and_then(|q| parse_text(&q));
        let array = json(r#"{"text":"a\nb","sizes":[64, 32.5]}"#).unwrap();
        let string = json(r#"{"text":"a\nb","sizes":"64,32.5"}"#).unwrap();
        let get = text("text=a%0Ab&sizes=64,32.5").unwrap();
        assert_eq!(array.spec.sizes, [64.0, 32.5]);
        assert_eq!(array, string);
        assert_eq!(array, get);
        assert_eq!(canonical(&array), canonical(&get));
        let one = json(r#"{"text":"a","sizes":[40]}"#).unwrap().spec;
        assert_eq!((one.size, one.sizes.len()), (40.0, 0));
        for bad in [
            r#"{"text":"a","sizes":[]}"#,
            r#"{"text":"a","sizes":[64,513]}"#,
            r#"{"text":"a","sizes":64.5e9}"#,
            r#"{"text":"a","sizes":true}"#,
            r#"{"text":"a","sizes":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}"#,
        ] {
            let e = json(bad).unwrap_err();
            assert_eq!((e.param(), e.status()), (Some("sizes"), 400), "{bad}");
            assert_eq!(e.to_string(), SIZES_ERROR, "{bad}");
        }
        for bad in [
            r#"{"text":"a","sizes":[64,"32"]}"#,
            r#"{"text":"a","sizes":[[64]]}"#,
            r#"{"text":"a","sizes":[null]}"#,
            r#"{"text":"a","sizes":{"a":1}}"#,
        ] {
            let e = json(bad).unwrap_err();
            assert_eq!((e.param(), e.status()), (Some("sizes"), 400), "{bad}");
        }
        // Arrays are for list parameters only.
        let e = json(r#"{"text":"a","size":[64]}"#).unwrap_err();
        assert_eq!(e.param(), Some("size"));
    }

    #[test]
    fn text_sizes_canonical() {
        let a = canonical(&text("text=Title%0Asub&sizes=64,32").unwrap());
        // Spelling, spacing and a losing size do not matter.
        let b = text("sizes=64.0,%2032&size=10&text=Title%0Asub").unwrap();
        assert_eq!(a, canonical(&b));
        // Anything that renders differently does.
        for other in [
            "text=Title%0Asub&sizes=64,31",
            "text=Title%0Asub&sizes=32,64",
            "text=Title%0Asub%0Amore&sizes=64,32,16",
            "text=Title%0Asub&sizes=64",
            "text=Title%0Asub&size=64",
        ] {
            assert_ne!(a, canonical(&text(other).unwrap()), "{other}");
        }
    }

    #[test]
    fn spellings_that_draw_alike_share_a_canonical_form() {
        for (a, b) in [
            ("text=a%0Ab&sizes=64,32", "text=a%0Ab&sizes=64,32,32,32"),
            ("text=a%0Ab&sizes=64,32", "text=a%0Ab&sizes=64,32,16"),
            ("text=a&size=64", "text=a&sizes=64,32"),
            ("text=a%0Ab&size=64", "text=a%0Ab&sizes=64,64"),
            ("text=a%0Ab", "text=a%0D%0Ab"),
            ("text=a%0Ab", "text=a%E2%80%A8b"),
            ("text=ab", "text=a%01b"),
            ("text=a&bg=transparent", "text=a&bg=%23ff000000"),
            ("text=a&color=%2300000000", "text=a&color=rgba(9,9,9,0)"),
        ] {
            assert_eq!(
                canonical(&text(a).unwrap()),
                canonical(&text(b).unwrap()),
                "{a} vs {b}"
            );
        }
        // Still different when they draw differently.
        assert_ne!(
            canonical(&text("text=a%0Ab&sizes=64,32").unwrap()),
            canonical(&text("text=a%0Ab&sizes=64").unwrap())
        );
    }

    #[test]
    fn text_canonical() {
        let a = text("text=Hi%20there&size=40&align=center").unwrap();
        let b = text("align=centre&size=40.0&text=Hi+there&font=sans&weight=normal").unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        assert_ne!(
            canonical(&a),
            canonical(&text("text=Hi%20there&size=41&align=center").unwrap())
        );
    }

    #[test]
    fn dir_and_start_end_alignment() {
        let t = text("text=a").unwrap();
        assert_eq!((t.spec.dir, t.spec.align), (Direction::Auto, Align::Left));
        let t = text("text=a&dir=RTL&align=start").unwrap();
        assert_eq!((t.spec.dir, t.spec.align), (Direction::Rtl, Align::Start));
        assert_eq!(text("text=a&dir=ltr&align=end").unwrap().spec.dir, Direction::Ltr);
        let e = text("text=a&dir=up").unwrap_err();
        assert_eq!((e.status(), e.param()), (400, Some("dir")));
        assert_eq!(e.to_string(), "dir must be one of: auto, ltr, rtl");
        assert_eq!(text("text=a&align=middle").unwrap_err().param(), Some("align"));
        // The default direction is left out of the canonical form; others are in.
        let auto = canonical(&text("text=a&dir=auto").unwrap());
        assert_eq!(auto, canonical(&text("text=a").unwrap()));
        assert!(!auto.contains("dir"));
        assert!(canonical(&text("text=a&dir=rtl").unwrap()).contains(r#""dir":"rtl""#));
    }

    #[test]
    fn composed_and_decomposed_text_is_one_request() {
        // "café" with U+00E9, and with "e" + U+0301: one canonical form (one
        // ETag), stored in NFC.
        let composed = text("text=caf%C3%A9").unwrap();
        let decomposed = text("text=cafe%CC%81").unwrap();
        assert_eq!(decomposed.spec.text, "café");
        assert_eq!(canonical(&composed), canonical(&decomposed));
        // Vietnamese stacked marks compose too.
        let t = text("text=Vie%CC%A3%CC%82t").unwrap();
        assert_eq!(t.spec.text, "Việt");
    }

    #[test]
    fn sides_times_dpr_over_the_limit_are_422_not_a_narrower_box() {
        // 1500 × 3 = 4500 device pixels: refused, naming the limit.
        let e = text("text=Hi&width=1500&height=60&dpr=3&align=right").unwrap_err();
        assert_eq!((e.status(), e.param()), (422, Some("dpr")));
        assert!(
            e.to_string().contains("4500") && e.to_string().contains("4096"),
            "{e}"
        );
        let e = text("text=Hi&height=1400&dpr=3").unwrap_err();
        assert_eq!(e.status(), 422, "{e}");
        // 1365 × 3 = 4095: drawn as asked.
        assert!(text("text=Hi&width=1365&height=60&dpr=3").is_ok());
        // Both sides fixed: the pixel budget is checked up front.
        let e = text("text=Hi&width=2048&height=2048&dpr=2").unwrap_err();
        assert_eq!(e.status(), 422, "{e}");
        assert!(text("text=Hi&width=2048&height=2048").is_ok());
    }
}
