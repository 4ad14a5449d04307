//! PNG golden images of the text route (`/text.png`), one test per case:
//! references in `tests/images/text/<case>.png`, compared as decoded pixels
//! like the hearts, plus cheap checks of the `X-Text-Lines`, `X-Font-Size`
//! and `X-Missing-Glyphs` headers.

use edge_render::{Reply, Request};

use crate::image::{channel_diff, golden_png, Image};
use crate::{bless, get, tests_dir};

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// Largest reference width and height in device pixels: 400×200 CSS px at
/// dpr 1 (or 200×100 at dpr 2). References stay small so they can be reviewed.
const MAX_WIDTH: u32 = 400;
/// See [`MAX_WIDTH`].
const MAX_HEIGHT: u32 = 200;
/// Largest reference file, bytes.
const MAX_BYTES: usize = 32 * 1024;
/// Largest sum of all text references, bytes.
const MAX_TOTAL_BYTES: u64 = 400 * 1024;
/// Limits of an Open Graph card reference ([`golden_card`]): the card's real
/// 1200×630 CSS px at dpr 1, since the point is the layout of a full card.
const CARD_MAX: (u32, u32, usize) = (1200, 630, 48 * 1024);

/// `query` as a browser sends it: spaces and non-ASCII bytes
/// percent-encoded, so the cases below can be written readably.
fn encode(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for b in query.bytes() {
        if b == b' ' || !b.is_ascii() {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// The reply to `GET /text.png?query` (encoded by [`encode`]), after
/// checking the status, the content type and that a second request gives the
/// very same bytes.
fn fetch_text(query: &str) -> Reply {
    let query = encode(query);
    let reply = get("/text.png", &query);
    assert_eq!(
        reply.status,
        200,
        "/text.png?{query}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.header("content-type"), Some("image/png"), "{query}");
    let again = get("/text.png", &query);
    assert!(
        again.body == reply.body,
        "/text.png?{query}: two renders gave different bytes"
    );
    reply
}

/// Renders `/text.png?query` and compares it with the reference of `case`;
/// with `BLESS=1`, writes the reference instead (only when the pixels
/// changed). Returns the reply, for header checks.
fn golden_text(case: &str, query: &str) -> Reply {
    let reply = fetch_text(query);
    compare(case, &reply.body);
    reply
}

/// Like [`golden_text`] for a full-size card (limits [`CARD_MAX`]).
fn golden_card(case: &str, query: &str) -> Reply {
    let reply = fetch_text(query);
    compare_within(case, &reply.body, CARD_MAX);
    reply
}

/// Compares PNG `body` with the reference of `case` (or writes it, blessing).
fn compare(case: &str, body: &[u8]) {
    compare_within(case, body, (MAX_WIDTH, MAX_HEIGHT, MAX_BYTES));
}

/// [`compare`] with other size limits: (width, height, bytes).
fn compare_within(case: &str, body: &[u8], limits: (u32, u32, usize)) {
    golden_png("text", case, body, limits, TOLERANCE);
}

/// A header of `reply`, parsed as a number.
fn number(reply: &Reply, name: &str) -> f32 {
    let raw = reply
        .header(name)
        .unwrap_or_else(|| panic!("no {name} header"));
    raw.parse()
        .unwrap_or_else(|_| panic!("{name}: {raw:?} is not a number"))
}

/// The `X-Text-Lines` header.
fn lines(reply: &Reply) -> Option<&str> {
    reply.header("x-text-lines")
}

/// The width in pixels of the auto-sized, unpadded image of `text`.
fn auto_width(text: &str) -> u32 {
    let reply = fetch_text(&format!("text={text}&size=192&padding=0"));
    Image::decode(&reply.body).width
}

// Latin: word wrap, kerning, families.

const LATIN_WRAP: &str =
    "text=AVATAR Wave To the quick brown fox, AVATAR Wave To you.&size=28&width=300&color=%231a4d8f";

#[test]
fn latin_wrap() {
    let r = golden_text("latin-wrap", LATIN_WRAP);
    assert_eq!(lines(&r), Some("4"));
}

#[test]
fn latin_wrap_post_gives_the_get_bytes() {
    let body = br##"{"text":"AVATAR Wave To the quick brown fox, AVATAR Wave To you.","size":28,"width":300,"color":"#1a4d8f"}"##;
    let post = crate::send(&Request::post_json("/text.png", body));
    assert_eq!(post.status, 200, "{}", String::from_utf8_lossy(&post.body));
    assert_eq!(post.header("content-type"), Some("image/png"));
    let get = fetch_text(LATIN_WRAP);
    assert!(post.body == get.body, "POST and GET gave different bytes");
    assert_eq!(post.header("etag"), get.header("etag"));
}

/// Kerning pairs are tighter than their letters side by side (at size 192,
/// AV by about 8 px and To by about 14).
#[test]
fn kerning_narrows_pairs() {
    for (pair, a, b) in [("AV", "A", "V"), ("To", "T", "o")] {
        let (w, wa, wb) = (auto_width(pair), auto_width(a), auto_width(b));
        assert!(
            w + 4 < wa + wb,
            "{pair} is {w} px, {a} + {b} is {wa} + {wb} px: no kerning?"
        );
    }
}

#[test]
fn serif() {
    golden_text(
        "serif",
        "text=AVATAR Wave To%0ASerif fig. 1&font=serif&size=28",
    );
}

#[test]
fn mono() {
    golden_text(
        "mono",
        "text=fn main() { 0O1lI }%0Aiiii WWWW&font=mono&size=24&color=%23006064&bg=%23e0f7fa",
    );
}

#[test]
fn bold() {
    golden_text("bold", "text=AVATAR Wave To%0ABold 700&weight=bold&size=28");
}

// Chinese and Japanese.

/// 7 hanzi fit a line at size 24 in 204 px (172 px inside the padding); the
/// 8th character of lines 1 and 3 is `，` and `！`, which must not start a line.
const ZH: &str = "text=我们一起去公园，看见了很多花。天气真好啊！大家都很开心。&size=24&width=204";

#[test]
fn chinese_wrap_word() {
    let r = golden_text("zh-wrap-word", &format!("{ZH}&wrap=word"));
    assert_eq!(lines(&r), Some("5"));
}

#[test]
fn chinese_wrap_char() {
    let r = golden_text("zh-wrap-char", &format!("{ZH}&wrap=char"));
    assert_eq!(lines(&r), Some("5"));
}

/// 5 kana fit a line at size 24 in 156 px: line 3 would be `ちょっと待`,
/// leaving the small `っ` to start line 4, so `待` moves down with it.
#[test]
fn japanese_kana() {
    let r = golden_text(
        "ja-kana",
        "text=ひらがな カタカナ。ちょっと待ってください。&size=24&width=156&wrap=char&color=%234a148c",
    );
    assert_eq!(lines(&r), Some("5"));
}

/// `wrap=word` keeps `Cloudflare` whole; `wrap=char` splits it.
#[test]
fn mixed_chinese_english_word() {
    let r = golden_text(
        "zh-en-mixed-word",
        "text=我喜欢用Rust写代码，也喜欢Cloudflare Workers。&size=24&width=260&color=%23b71c1c",
    );
    assert_eq!(lines(&r), Some("4"));
}

#[test]
fn mixed_chinese_english_char() {
    let r = golden_text(
        "zh-en-mixed-char",
        "text=我喜欢用Rust写代码，也喜欢Cloudflare Workers。&size=24&width=260&color=%23b71c1c&wrap=char",
    );
    assert_eq!(lines(&r), Some("3"));
}

// Alignment: 3 × 3 small boxes, two lines of different widths.

#[test]
fn align_left_top() {
    golden_text(
        "align-left-top",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=left&valign=top",
    );
}

#[test]
fn align_center_top() {
    golden_text(
        "align-center-top",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=center&valign=top",
    );
}

#[test]
fn align_right_top() {
    golden_text(
        "align-right-top",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=right&valign=top",
    );
}

#[test]
fn align_left_middle() {
    golden_text(
        "align-left-middle",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=left&valign=middle",
    );
}

#[test]
fn align_center_middle() {
    golden_text(
        "align-center-middle",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=center&valign=middle",
    );
}

#[test]
fn align_right_middle() {
    golden_text(
        "align-right-middle",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=right&valign=middle",
    );
}

#[test]
fn align_left_bottom() {
    golden_text(
        "align-left-bottom",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=left&valign=bottom",
    );
}

#[test]
fn align_center_bottom() {
    golden_text(
        "align-center-bottom",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=center&valign=bottom",
    );
}

#[test]
fn align_right_bottom() {
    golden_text(
        "align-right-bottom",
        "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align=right&valign=bottom",
    );
}

/// The ink of an image: where pixels differ from the corner's colour,
/// as `(left, top, right, bottom)`, inclusive.
fn ink_box(img: &Image) -> (u32, u32, u32, u32) {
    let bg = img.pixel(0, 0);
    let (mut x0, mut y0, mut x1, mut y1) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..img.height {
        for x in 0..img.width {
            if channel_diff(img.pixel(x, y), bg) > 64 {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
    }
    assert!(x0 <= x1, "no ink");
    (x0, y0, x1, y1)
}

#[test]
fn alignment_moves_the_ink() {
    // The box is 120 × 90 with padding 8: the text area is x 8..112, y 8..82;
    // the two lines are 2 × 25 px tall, so the block moves down by
    // (74 - 50) / 2 = 12 px for middle and 24 px for bottom.
    let mut tops = Vec::new();
    for valign in ["top", "middle", "bottom"] {
        for align in ["left", "center", "right"] {
            let r = fetch_text(&format!(
                "text=Ab%0Acdefgh&size=20&width=120&height=90&padding=8&color=%23283593&bg=%23e8eaf6&align={align}&valign={valign}"
            ));
            let (x0, y0, x1, y1) = ink_box(&Image::decode(&r.body));
            let case = format!("{align}-{valign}: ink {x0},{y0}..{x1},{y1}");
            match align {
                "left" => assert!((8..=10).contains(&x0), "{case}"),
                "right" => assert!((108..=111).contains(&x1), "{case}"),
                _ => assert!((x0 + x1).abs_diff(120) <= 3, "{case}"),
            }
            assert!(y0 >= 8 && y1 < 82, "{case}");
            tops.push((align, valign, y0));
        }
    }
    let top = tops[0].2;
    for (align, valign, y0) in tops {
        let shift = match valign {
            "top" => 0,
            "middle" => 12,
            _ => 24,
        };
        assert!(
            y0.abs_diff(top + shift) <= 1,
            "{align}-{valign}: ink starts at y {y0}, expected {}",
            top + shift
        );
    }
}

// Boxes: max_lines, fit, padding, line height.

#[test]
fn max_lines_ellipsis() {
    let r = golden_text(
        "max-lines",
        "text=The quick brown fox jumps over the lazy dog and keeps running far away.&size=24&width=300&max_lines=2",
    );
    assert_eq!(lines(&r), Some("2"));
}

#[test]
fn fit_shrinks_into_the_box() {
    let r = golden_text(
        "fit",
        "text=Shrink this long sentence until every single word fits inside the box.&size=48&width=300&height=100&fit=true&color=%235d4037&bg=%23fff8e1",
    );
    let size = number(&r, "x-font-size");
    let n = number(&r, "x-text-lines");
    assert!(size < 48.0, "fit kept size {size}");
    assert!(
        n * size * 1.25 <= 100.0 - 2.0 * 16.0 + 0.5,
        "{n} lines of {size} px do not fit 68 px"
    );
}

#[test]
fn padding() {
    let r = golden_text(
        "padding",
        "text=Padded&size=24&padding=40&color=%23ffca28&bg=%23263238",
    );
    let img = Image::decode(&r.body);
    assert_eq!(img.height, 40 + 30 + 40, "one line of 1.25 × 24 px");
    let (x0, y0, x1, y1) = ink_box(&img);
    assert!(
        x0 >= 40 && y0 >= 40 && x1 < img.width - 40 && y1 < 80,
        "ink {x0},{y0}..{x1},{y1}"
    );
}

#[test]
fn line_height() {
    let r = golden_text(
        "line-height",
        "text=Line one%0ALine two%0ALine three&size=20&line_height=2",
    );
    assert_eq!(lines(&r), Some("3"));
    let img = Image::decode(&r.body);
    assert_eq!(img.height, 16 + 3 * 40 + 16, "3 lines of 2 × 20 px");
}

#[test]
fn newline_and_tab() {
    let r = golden_text(
        "newline-tab",
        "text=Name:%09Value%0Ax%09y%0A%09indented&font=mono&size=20",
    );
    assert_eq!(lines(&r), Some("3"));
}

// Per-paragraph sizes.

/// The Open Graph card of the README: a 64 px title over a 32 px subtitle.
const OG_CARD: &str = "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&sizes=64,32&width=1200&height=630&padding=80";

/// The ink box of the rows `y0..y1` of `img` (see [`ink_box`]).
fn ink_box_in(img: &Image, y0: u32, y1: u32) -> (u32, u32, u32, u32) {
    let mut band = Image::new(img.width, y1 - y0, img.pixel(0, 0));
    for y in y0..y1 {
        let row = (y * img.width * 4) as usize..((y + 1) * img.width * 4) as usize;
        let to = ((y - y0) * img.width * 4) as usize;
        band.rgba[to..to + row.len()].copy_from_slice(&img.rgba[row]);
    }
    let (x0, t, x1, b) = ink_box(&band);
    (x0, t + y0, x1, b + y0)
}

/// The height in pixels of the first glyph's ink in rows `y0..y1` of `img`:
/// the rows with ink between its first inked column and the next blank one.
fn first_glyph_height(img: &Image, y0: u32, y1: u32) -> u32 {
    let bg = img.pixel(0, 0);
    let inked = |x: u32, y: u32| channel_diff(img.pixel(x, y), bg) > 64;
    let column = |x: u32| (y0..y1).any(|y| inked(x, y));
    let start = (0..img.width).find(|&x| column(x)).expect("ink");
    let end = (start..img.width)
        .find(|&x| !column(x))
        .unwrap_or(img.width);
    let rows: Vec<u32> = (y0..y1)
        .filter(|&y| (start..end).any(|x| inked(x, y)))
        .collect();
    rows[rows.len() - 1] - rows[0] + 1
}

#[test]
fn og_card_with_sizes() {
    let r = golden_card("og-card-sizes", OG_CARD);
    assert_eq!(lines(&r), Some("2"));
    assert_eq!(r.header("x-font-size"), Some("64"), "the title's size");
    let img = Image::decode(&r.body);
    assert_eq!((img.width, img.height), (1200, 630));
    // Line boxes: the title 80 px tall from y 80, the subtitle 40 px below
    // it. The title's `g` reaches just past 160 and the subtitle's ascenders
    // start below 164, so the ink splits there.
    let title = ink_box_in(&img, 80, 164);
    let sub = ink_box_in(&img, 164, 200);
    let (x0, y0, x1, y1) = ink_box(&img);
    assert!(
        x0 >= 80 && y0 >= 80 && x1 < 1200 - 80 && y1 < 200,
        "nothing outside the padding and the two line boxes: ink {x0},{y0}..{x1},{y1}"
    );
    assert_eq!((y0, y1), (title.1, sub.3));
    // The title's glyphs are twice the subtitle's: the cap heights of `H`
    // and `R`, and the line widths ("Hello from the edge" is about 0.92
    // times as wide as "Rendered on demand" at one size, so 1.84 times at
    // twice the size).
    let (th, sh) = (
        first_glyph_height(&img, 80, 164),
        first_glyph_height(&img, 164, 200),
    );
    assert!(th.abs_diff(2 * sh) <= 2, "H is {th} px tall, R {sh} px");
    let (tw, sw) = (title.2 - title.0 + 1, sub.2 - sub.0 + 1);
    assert!(
        tw * 2 > sw * 3 && tw < sw * 2,
        "title {tw} px wide, subtitle {sw} px"
    );
    // The same card from size=64 alone has a 64 px second line: different.
    let same_size = fetch_text(&OG_CARD.replace("sizes=64,32", "size=64"));
    assert!(same_size.body != r.body);
    assert_ne!(same_size.header("etag"), r.header("etag"));
}

// Pixels: dpr, transparency, missing glyphs.

#[test]
fn dpr_2() {
    let r = golden_text(
        "dpr-2",
        "text=Sharp at 2×&size=28&width=200&height=100&align=center&valign=middle&dpr=2",
    );
    let img = Image::decode(&r.body);
    assert_eq!((img.width, img.height), (400, 200), "twice the CSS box");
    assert_eq!(
        r.header("x-font-size"),
        Some("28"),
        "the size stays in CSS px"
    );
}

#[test]
fn transparent_background() {
    let r = golden_text(
        "transparent",
        "text=Soft edges&size=40&bg=transparent&color=%230b6e4f",
    );
    let img = Image::decode(&r.body);
    assert_eq!(img.pixel(0, 0)[3], 0, "the corner is not transparent");
    let edges: Vec<[u8; 4]> = img.pixels().filter(|p| p[3] > 0 && p[3] < 255).collect();
    assert!(edges.len() > 100, "only {} soft edge pixels", edges.len());
    assert!(img.pixels().any(|p| p[3] == 255), "no solid pixel");
    // Straight alpha: edges keep the text colour (no dark or light halo),
    // up to 8-bit rounding at low alpha.
    for p in img.pixels().filter(|p| p[3] >= 64) {
        let [r, g, b, _] = p;
        assert!(
            channel_diff([r, g, b, 255], [0x0b, 0x6e, 0x4f, 255]) <= 3,
            "edge pixel {p:?} is not #0b6e4f"
        );
    }
}

#[test]
fn missing_glyphs_runes() {
    // Runic: no embedded face has it.
    let r = golden_text("missing-runes", "text=ᚠᚢᚦ Runes&size=32");
    assert_eq!(r.header("x-missing-glyphs"), Some("3"));
}

/// Text of the world drawn from the faces of its script, none missing:
/// one line per case (the shaped scripts — Arabic, Hebrew, Devanagari,
/// Thai — have goldens of their own with the shaper).
#[test]
fn scripts_of_the_world() {
    for (case, query) in [
        ("korean", "text=안녕하세요 세계&size=32"),
        ("greek-cyrillic", "text=Ελληνικά Русский&size=32"),
        ("vietnamese", "text=Tiếng Việt: Đà Nẵng&size=32"),
        ("romanian", "text=Știință și țară&size=32"),
        ("traditional", "text=繁體中文：臺灣與香港&size=32"),
        ("japanese", "text=日本語の文章&size=32"),
        ("bold-cyrillic", "text=Привет, мир&size=32&weight=700"),
        (
            "pinyin-transliteration",
            "text=nǐ hǎo lǜ · ḍ ṣ ṭ ṃ · ǹ ẍ&size=28",
        ),
    ] {
        let r = golden_text(case, query);
        assert_eq!(r.header("x-missing-glyphs"), Some("0"), "{case}");
    }
}

/// Scripts shaped from their fonts' GSUB/GPOS (rustybuzz) and laid out
/// by UAX #9: joined Arabic, Persian with a ZWNJ, pointed Hebrew,
/// Devanagari conjuncts, Thai marks, a mixed right-to-left and
/// left-to-right line, a right-to-left paragraph aligned to its start
/// (the right), and decomposed accents drawn as the composed ones.
#[test]
fn shaped_scripts() {
    for (case, query) in [
        ("arabic", "text=مرحبا بالعالم&size=32"),
        ("persian", "text=می‌خواهم فارسی بنویسم&size=32"),
        ("urdu", "text=اردو زبان&size=32"),
        ("hebrew", "text=שָׁלוֹם עולם&size=32"),
        ("hindi", "text=नमस्ते दुनिया, क्षत्रिय&size=32"),
        ("thai", "text=สวัสดีชาวโลก น้ำ&size=32"),
        ("mixed-rtl-ltr", "text=Hello עולם 123!&size=32"),
        (
            "rtl-start",
            "text=مرحبا بالعالم&size=24&width=320&align=start",
        ),
        ("arabic-bold", "text=مرحبا بالعالم&size=32&weight=700"),
    ] {
        let r = golden_text(case, query);
        assert_eq!(r.header("x-missing-glyphs"), Some("0"), "{case}");
    }
    // Decomposed input (macOS file names, many keyboards) is the composed
    // request: the same image and ETag; a Vietnamese letter with two marks
    // has no single code point for its decomposed form's order and still
    // draws as one.
    let composed = golden_text("composed-accents", "text=Café Tiếng Ελληνικά&size=32");
    let decomposed = fetch_text("text=Cafe\u{301} Tie\u{302}\u{301}ng Ελληνικα\u{301}&size=32");
    assert_eq!(decomposed.body, composed.body);
    assert_eq!(decomposed.header("etag"), composed.header("etag"));
}

/// Colour emoji from Twemoji's COLR layers: singles, a heart among text
/// (in its own red, the text black), a ZWJ family, a skin tone, a flag, a
/// keycap, and © as text (VS15) and as emoji (VS16).
#[test]
fn emoji() {
    for (case, query) in [
        ("emoji-singles", "text=😀❤🎉👍🔥🐻🌈&size=40"),
        ("emoji-heart-label", "text=I ❤ Rust&size=40"),
        ("emoji-sequences", "text=👨‍👩‍👧 👍🏽 🇫🇷 1️⃣&size=40"),
        ("emoji-presentation", "text=©︎ ©️&size=40"),
    ] {
        let r = golden_text(case, query);
        assert_eq!(r.header("x-missing-glyphs"), Some("0"), "{case}");
    }
}

/// The same Han text in Japanese and in Simplified Chinese forms: `lang`
/// picks the regional face, and the images differ (直, 骨, 角 have other
/// strokes in Japan).
#[test]
fn lang_picks_the_regional_han_forms() {
    let text = "text=直骨角海&size=48";
    let ja = golden_text("han-ja", &format!("{text}&lang=ja"));
    let zh = golden_text("han-zh", &format!("{text}&lang=zh-Hans"));
    let tw = golden_text("han-tw", &format!("{text}&lang=zh-Hant"));
    assert_ne!(ja.body, zh.body);
    assert_ne!(zh.body, tw.body);
    assert_ne!(ja.header("etag"), zh.header("etag"));
    for r in [&ja, &zh, &tw] {
        assert_eq!(r.header("x-missing-glyphs"), Some("0"));
    }
}

#[test]
fn references_stay_small() {
    if bless() {
        return;
    }
    let dir = tests_dir("images/text");
    let total: u64 = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("a directory entry")
                .metadata()
                .expect("metadata")
                .len()
        })
        .sum();
    assert!(
        total <= MAX_TOTAL_BYTES,
        "text references total {total} bytes"
    );
}
