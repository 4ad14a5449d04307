//! Tests of the text engine with the real embedded fonts.

extern crate std;

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;
use core::cell::Cell;
use std::sync::OnceLock;

use fontdue::{Font, FontSettings};
use tiny_skia::Pixmap;

use super::breaks::{no_line_end, no_line_start, uax14};
use super::itemize::itemize;
use super::*;
use crate::Rgba;

const SANS: u16 = 0;
const SERIF: u16 = 2;
const SC1: u16 = 4;
const SC2: u16 = 5;
const SC3: u16 = 6;
/// Latin primary, then the first three CJK tiers.
const CHAIN: [u16; 4] = [SANS, SC1, SC2, SC3];

/// The font files of the faces above, in face order.
const FILES: [&[u8]; 7] = [
    include_bytes!("../../../../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../../../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../../../../fonts/NotoSerif-Regular.ttf"),
    include_bytes!("../../../../fonts/NotoSansMono-Regular.ttf"),
    include_bytes!("../../../../fonts/NotoSansSC-Tier01.otf"),
    include_bytes!("../../../../fonts/NotoSansSC-Tier02.otf"),
    include_bytes!("../../../../fonts/NotoSansSC-Tier03.otf"),
];

fn parsed() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        FILES
            .iter()
            .map(|bytes| Font::from_bytes(*bytes, FontSettings::default()).expect("font parses"))
            .collect()
    })
}

/// The fonts, parsed once per test binary; counts `font()` calls per face.
struct TestFonts {
    calls: [Cell<u32>; 7],
}

impl TestFonts {
    fn new() -> Self {
        TestFonts {
            calls: Default::default(),
        }
    }

    fn calls(&self, face: u16) -> u32 {
        self.calls[usize::from(face)].get()
    }
}

impl FontSource for TestFonts {
    fn covers(&self, face: u16, ch: char) -> bool {
        parsed()
            .get(usize::from(face))
            .is_some_and(|f| f.has_glyph(ch))
    }

    fn font(&self, face: u16) -> &Font {
        let i = usize::from(face).min(6);
        self.calls[i].set(self.calls[i].get() + 1);
        &parsed()[i]
    }
}

fn spec(text: &str) -> TextSpec {
    TextSpec {
        text: text.to_string(),
        chain: CHAIN.to_vec(),
        size: 20.0,
        ..TextSpec::default()
    }
}

fn lay(s: &TextSpec) -> Layout {
    layout_text(s, &TestFonts::new())
}

/// Width in device px of `text` on one line.
fn measure(text: &str, size: f32) -> f32 {
    let mut s = spec(text);
    s.size = size;
    s.wrap = Wrap::None;
    lay(&s).line_widths()[0]
}

fn render(s: &TextSpec, cache: &mut GlyphCache) -> Pixmap {
    let fonts = TestFonts::new();
    let layout = layout_text(s, &fonts);
    render_text(&layout, s, &fonts, cache)
}

#[test]
fn english_breaks_at_spaces_greedily() {
    let w = measure("The quick", 20.0);
    let width = libm::ceilf(w.max(measure("brown fox", 20.0))) + 1.0;
    assert!(measure("The quick brown", 20.0) > width);
    let mut s = spec("The quick brown fox");
    s.width = Some(width as u32);
    let l = lay(&s);
    assert_eq!(l.line_texts(), ["The quick", "brown fox"]);
    assert!(
        (l.line_widths()[0] - w).abs() < 0.01,
        "trailing space not measured"
    );

    // Narrower than "The quick": one word per line.
    s.width = Some(libm::ceilf(measure("quick", 20.0).max(measure("brown", 20.0))) as u32 + 1);
    assert_eq!(lay(&s).line_texts(), ["The", "quick", "brown", "fox"]);
}

#[test]
fn a_word_wider_than_the_box_breaks_between_characters() {
    let mut s = spec("Supercalifragilistic word");
    s.width = Some(60);
    let l = lay(&s);
    assert!(l.lines() > 2);
    assert_eq!(l.line_texts().concat(), "Supercalifragilisticword");
    assert!(l.line_widths().iter().all(|&w| w <= 60.0 + 0.01));
}

#[test]
fn trailing_spaces_hang_and_do_not_count_for_alignment() {
    let w = measure("Hello", 20.0);
    let mut s = spec("Hello      Hi");
    s.width = Some(libm::ceilf(w) as u32 + 2);
    s.align = Align::Right;
    let l = lay(&s);
    assert_eq!(l.line_texts(), ["Hello", "Hi"]);
    assert!((l.line_widths()[0] - w).abs() < 0.01);
    // Right-aligned: the first glyph starts at inner width − line width.
    let x0 = l.glyphs()[0].x;
    assert!((x0 - (s.width.unwrap() as f32 - w)).abs() < 0.01, "{x0}");
}

const CN: &str = "我们今天去公园，然后去吃饭。你呢？";

#[test]
fn chinese_char_wrap_keeps_punctuation_off_line_starts() {
    // Every CJK glyph here is one em wide, so a width of k em puts the naive
    // break right before character k.
    let mut s = spec(CN);
    s.wrap = Wrap::Char;
    for k in 2..=17u32 {
        s.width = Some(20 * k);
        let l = lay(&s);
        for line in l.line_texts() {
            let first = line.chars().next().unwrap();
            assert!(
                !no_line_start(first),
                "k={k}: line starts with {first}: {line}"
            );
        }
        assert_eq!(l.line_texts().concat(), CN);
    }
    // 7 em: "我们今天去公园" would leave "，" first; the break moves one earlier.
    s.width = Some(140);
    assert_eq!(l_texts(&s)[0], "我们今天去公");
    assert!(l_texts(&s)[1].starts_with("园，"));
    // 13 em: naive break before "。".
    s.width = Some(260);
    assert_eq!(l_texts(&s)[0], "我们今天去公园，然后去吃");
    assert_eq!(l_texts(&s)[1], "饭。你呢？");
}

fn l_texts(s: &TextSpec) -> Vec<String> {
    lay(s).line_texts()
}

#[test]
fn char_wrap_never_ends_a_line_with_an_opening_bracket() {
    let text = "他说「你好」（测试）【完】";
    let mut s = spec(text);
    s.wrap = Wrap::Char;
    // At 2 em, "【完】" cannot be split politely: the rule gives way there.
    for k in 3..=12u32 {
        s.width = Some(20 * k);
        let texts = l_texts(&s);
        for line in &texts {
            let last = line.chars().last().unwrap();
            let first = line.chars().next().unwrap();
            assert!(!no_line_end(last), "k={k}: {line} ends with {last}");
            assert!(!no_line_start(first), "k={k}: {line} starts with {first}");
        }
        assert_eq!(texts.concat(), text);
    }
    // 3 em: "他说「" must not end a line.
    s.width = Some(60);
    assert_eq!(l_texts(&s)[0], "他说");
}

#[test]
fn uax14_alone_keeps_cjk_closers_off_line_starts() {
    let fonts = TestFonts::new();
    let text = "我们今天去公园，然后去吃饭。你呢？「好的」他说：“走吧！”……ちょっとコーヒー（茶）";
    let items = itemize(text, &CHAIN, &fonts);
    let raw = uax14(&items);
    let chars: Vec<char> = text.chars().collect();
    let mut allowed = 0;
    for i in 1..chars.len() {
        if no_line_start(chars[i]) || no_line_end(chars[i - 1]) {
            assert!(!raw[i], "UAX #14 allows a break before {i} ({})", chars[i]);
        } else if raw[i] {
            allowed += 1;
        }
    }
    assert!(allowed > 10, "ideographs still break: {allowed}");

    // And word wrapping keeps them off line starts at every width that allows
    // it ("吧！”……" needs 5 em: four characters that cannot start a line).
    let mut s = spec(text);
    for k in 5..=20u32 {
        s.width = Some(20 * k);
        for line in l_texts(&s) {
            let first = line.chars().next().unwrap();
            let last = line.chars().last().unwrap();
            assert!(!no_line_start(first), "k={k}: {line}");
            assert!(!no_line_end(last), "k={k}: {line}");
        }
    }
}

#[test]
fn mixed_chinese_and_english() {
    let fonts = TestFonts::new();
    let mut s = spec("Hello 世界, this is 中文 mixed text");
    s.width = Some(120);
    let l = layout_text(&s, &fonts);
    assert!(l.lines() >= 3);
    assert_eq!(l.missing(), 0);
    assert_eq!(l.faces_used(), [SANS, SC1]);
    // Latin glyphs from the Latin face, hanzi from the CJK face.
    let faces: Vec<u16> = l.glyphs().iter().map(|g| g.face).collect();
    assert_eq!(faces[0], SANS);
    assert!(faces.contains(&SC1));
    assert_eq!(
        l.line_texts().concat().replace(' ', ""),
        "Hello世界,thisis中文mixedtext"
    );
    assert!(l.line_widths().iter().all(|&w| w <= 120.0 + 0.01));
    // Rarer hanzi come from later tiers (frequency ranks 500-999, 1000-1499).
    let l = layout_text(&spec("按"), &fonts);
    assert_eq!(l.faces_used(), [SC2]);
    let l = layout_text(&spec("签"), &fonts);
    assert_eq!(l.faces_used(), [SC3]);
}

#[test]
fn explicit_newlines() {
    assert_eq!(l_texts(&spec("a\nb\r\nc\rd")), ["a", "b", "c", "d"]);
    assert_eq!(l_texts(&spec("a\n")), ["a", ""]);
    assert_eq!(l_texts(&spec("\n\n")), ["", "", ""]);
    assert_eq!(l_texts(&spec("")), [""]);
    assert_eq!(l_texts(&spec("a\u{2028}b")), ["a", "b"]);
    // Only newlines break with wrap=none, however narrow the box.
    let mut s = spec("one two three\nfour");
    s.wrap = Wrap::None;
    s.width = Some(10);
    assert_eq!(l_texts(&s), ["one two three", "four"]);
    // Without a width nothing wraps; the box grows to the longest line.
    let l = lay(&spec("short\na much longer line"));
    assert_eq!(l.lines(), 2);
    let w = measure("a much longer line", 20.0);
    assert_eq!(l.width(), libm::ceilf(w) as u32);
    // Height: lines × line box (20 px × 1.25) + padding.
    let mut s = spec("a\nb\nc");
    s.padding = 4;
    let l = lay(&s);
    assert_eq!(l.height(), 75 + 8);
}

#[test]
fn tabs_advance_to_multiples_of_four_spaces() {
    let space = measure("a b", 20.0) - measure("ab", 20.0);
    assert!(space > 1.0);
    let tab = 4.0 * space;
    let first_x = |text: &str, nth: usize| lay(&spec(text)).glyphs()[nth].x;
    assert!((first_x("\tb", 0) - tab).abs() < 0.01);
    assert!((first_x("a\tb", 1) - tab).abs() < 0.01);
    // Past the first stop: the next one.
    let long = "abcdefghij";
    assert!(measure(long, 20.0) > tab);
    let x = first_x("abcdefghij\tb", 10);
    let expected = libm::ceilf(measure(long, 20.0) / tab) * tab;
    assert!((x - expected).abs() < 0.01, "{x} vs {expected}");
    // Stops restart on each line.
    let l = lay(&spec("abcdefghij\n\tb"));
    assert!((l.glyphs().last().unwrap().x - tab).abs() < 0.01);
}

#[test]
fn control_characters_are_removed() {
    let l = lay(&spec("a\u{0}b\u{7}c\u{1b}[0m\u{7f}\u{85}d"));
    assert_eq!(l.line_texts(), ["abc[0md"]);
    assert_eq!(l.missing(), 0);
    assert_eq!(l.glyphs().len(), 7);
}

#[test]
fn max_lines_ends_with_an_ellipsis_that_fits() {
    let mut s = spec("The quick brown fox jumps over the lazy dog and keeps on running");
    s.width = Some(150);
    s.max_lines = Some(2);
    let l = lay(&s);
    assert_eq!(l.lines(), 2);
    assert!(l.truncated());
    let last = &l.line_texts()[1];
    assert!(last.ends_with('…'), "{last}");
    assert!(
        !last.ends_with(" …"),
        "no space before the ellipsis: {last}"
    );
    assert!(l.line_widths().iter().all(|&w| w <= 150.0 + 0.01));

    // Explicit lines: the ellipsis says that more follows.
    let mut s = spec("a\nb\nc");
    s.max_lines = Some(2);
    assert_eq!(l_texts(&s), ["a", "b…"]);
    s.max_lines = Some(0);
    assert_eq!(l_texts(&s), ["a…"]);
    s.max_lines = Some(3);
    assert!(!lay(&s).truncated());

    // wrap=none with a width: the kept line is cut to fit with its ellipsis.
    let mut s = spec("an unwrapped line far wider than the box\nsecond");
    s.wrap = Wrap::None;
    s.width = Some(100);
    s.max_lines = Some(1);
    let l = lay(&s);
    assert!(l.line_texts()[0].ends_with('…'));
    assert!(l.line_widths()[0] <= 100.0 + 0.01);

    // Narrower than the ellipsis itself: just the ellipsis.
    s.width = Some(1);
    assert_eq!(l_texts(&s), ["…"]);
}

#[test]
fn fit_shrinks_until_the_text_fits() {
    let mut s = spec("Shrink this rather long headline until it fits the box");
    s.size = 48.0;
    s.width = Some(300);
    s.height = Some(80);
    s.fit = true;
    let l = lay(&s);
    let used = l.size_used();
    assert!((6.0..48.0).contains(&used), "{used}");
    assert_eq!(used * 4.0, libm::floorf(used * 4.0), "quarter-pixel grid");
    assert!(l.lines() as f32 * used * 1.25 <= 80.0 + 0.01);
    assert!(l.line_widths().iter().all(|&w| w <= 300.0 + 0.01));
    assert!((l.px() - used).abs() < 1e-6);
    // The next grid step up would not fit.
    let mut bigger = s.clone();
    bigger.size = used + 0.25;
    bigger.fit = false;
    let b = lay(&bigger);
    let fits = b.lines() as f32 * bigger.size * 1.25 <= 80.0 + 0.01
        && b.line_widths().iter().all(|&w| w <= 300.0 + 0.01);
    assert!(!fits, "{used} is the largest size that fits");
    assert!(l.fits());
    // Deterministic.
    assert_eq!(lay(&s), l);
    // Already fits: the size is kept, never grown.
    s.text = "Hi".to_string();
    assert_eq!(lay(&s).size_used(), 48.0);
    assert!(lay(&s).fits());
    // Cannot fit: laid out at the floor, 6 px whatever the size, and the
    // layout says it does not fit.
    s.text = "word ".repeat(400);
    for size in [48.0, 96.0, 512.0] {
        s.size = size;
        let l = lay(&s);
        assert_eq!(l.size_used(), FIT_FLOOR, "size {size}");
        assert!(!l.fits(), "size {size}");
    }
    // Without fit, or without a fixed side, nothing is judged.
    s.fit = false;
    assert!(lay(&s).fits());
    s.fit = true;
    s.width = None;
    s.height = None;
    assert!(lay(&s).fits());
    // A size already at or below the floor is kept, and judged at that size.
    let mut s = spec(&"word ".repeat(1000));
    s.size = 4.0;
    s.width = Some(300);
    s.height = Some(80);
    s.fit = true;
    let l = lay(&s);
    assert_eq!(l.size_used(), 4.0);
    assert!(!l.fits());
    // fit with max_lines avoids truncation.
    let mut s = spec("one two three four five six");
    s.width = Some(100);
    s.max_lines = Some(1);
    s.fit = true;
    let l = lay(&s);
    assert!(!l.truncated());
    assert_eq!(l.lines(), 1);
}

#[test]
fn fit_shrinks_past_an_eighth_of_the_size() {
    // Size 512 in 300×100 with 16 px padding used to stop at 512 / 8 = 64 px:
    // one 80 px line box of "Hello" showed, the rest was clipped.
    let mut s = spec("Hello world this is long");
    s.size = 512.0;
    s.width = Some(300);
    s.height = Some(100);
    s.padding = 16;
    s.fit = true;
    let l = lay(&s);
    let used = l.size_used();
    assert!((FIT_FLOOR..64.0).contains(&used), "{used}");
    assert_eq!(used * 4.0, libm::floorf(used * 4.0), "quarter-pixel grid");
    assert_eq!(l.line_texts().join(" "), "Hello world this is long");
    assert!(!l.truncated());
    assert!(l.fits());
    // Inside 268 × 68: every line, and all of them stacked.
    assert!(l.line_widths().iter().all(|&w| w <= 268.0 + 0.01), "{l:?}");
    assert!(l.lines() as f32 * used * 1.25 <= 68.0 + 0.01, "{l:?}");
    let last = *l.baselines().last().unwrap();
    assert!(last < 100.0 - 16.0, "{last}");
    // The next grid step up does not fit.
    let mut bigger = s.clone();
    bigger.size = used + 0.25;
    bigger.fit = false;
    let b = lay(&bigger);
    assert!(
        b.lines() as f32 * bigger.size * 1.25 > 68.0 + 0.01
            || b.line_widths().iter().any(|&w| w > 268.0 + 0.01),
        "{used} is the largest size that fits"
    );
}

#[test]
fn alignment_offsets() {
    let w = measure("Hello", 20.0);
    let mut s = spec("Hello");
    s.width = Some(300);
    s.height = Some(100);
    s.padding = 10;
    let x_for = |s: &TextSpec| lay(s).glyphs()[0].x;
    s.align = Align::Left;
    assert!((x_for(&s) - 10.0).abs() < 1e-3);
    s.align = Align::Center;
    assert!((x_for(&s) - (10.0 + (280.0 - w) / 2.0)).abs() < 1e-3);
    s.align = Align::Right;
    assert!((x_for(&s) - (10.0 + 280.0 - w)).abs() < 1e-3);

    // Vertical: one 25 px line box; the baseline sits at the same place in it.
    let y_for = |s: &TextSpec| lay(s).glyphs()[0].y;
    s.valign = VAlign::Top;
    let top = y_for(&s);
    assert!(top > 10.0 && top < 35.0);
    s.valign = VAlign::Middle;
    assert!((y_for(&s) - (top + (80.0 - 25.0) / 2.0)).abs() < 1e-3);
    s.valign = VAlign::Bottom;
    assert!((y_for(&s) - (top + 80.0 - 25.0)).abs() < 1e-3);
    assert_eq!(
        [
            Align::Left.name(),
            Align::Center.name(),
            Align::Right.name()
        ],
        ["left", "center", "right"]
    );
    assert_eq!(
        [
            VAlign::Top.name(),
            VAlign::Middle.name(),
            VAlign::Bottom.name()
        ],
        ["top", "middle", "bottom"]
    );
    assert_eq!(
        [Wrap::Word.name(), Wrap::Char.name(), Wrap::None.name()],
        ["word", "char", "none"]
    );
}

#[test]
fn fractional_advances_do_not_drift() {
    let fonts = TestFonts::new();
    let adv = parsed()[0].metrics('i', 20.0).advance_width;
    assert!(
        adv.fract() != 0.0,
        "the test needs a fractional advance: {adv}"
    );
    let l = layout_text(&spec(&"i".repeat(200)), &fonts);
    assert!((l.line_widths()[0] - 200.0 * adv).abs() < 1.0);
    let last = l.glyphs()[199].x;
    assert!((last - 199.0 * adv).abs() < 1.0, "{last}");
    assert_eq!(l.width(), libm::ceilf(200.0 * adv - 0.01) as u32);
}

#[test]
fn missing_glyphs_are_counted_and_drawn_as_notdef() {
    let fonts = TestFonts::new();
    let l = layout_text(&spec("A한B😀"), &fonts);
    assert_eq!(l.missing(), 2);
    let g = l.glyphs();
    assert_eq!(g.len(), 4);
    assert_eq!((g[1].face, g[1].glyph), (SANS, 0));
    assert_eq!((g[3].face, g[3].glyph), (SANS, 0));
    assert_eq!(
        fonts.calls(SC1) + fonts.calls(SC2),
        0,
        "nothing drawn from CJK"
    );
    // The box has ink.
    let mut s = spec("한");
    s.bg = Rgba::TRANSPARENT;
    let p = render(&s, &mut GlyphCache::default());
    assert!(p.pixels().iter().any(|c| c.alpha() > 0));
}

#[test]
fn combining_marks_joiners_and_emoji_do_not_panic() {
    let texts = [
        "e\u{301}e\u{301}\u{301}\u{301}",
        "\u{301}leading mark",
        "👨\u{200D}👩\u{200D}👧 family",
        "👍🏽 ok",
        "a\u{FE0F}b\u{FE0E}",
        "\u{200B}\u{200B}zero\u{200B}width\u{2060}joiner\u{200D}",
        "\u{202E}bidi\u{202C} \u{FEFF}bom \u{AD}soft",
        "🇫🇷🇩🇪",
        "\u{E0041}\u{E007F}\u{10FFFF}\u{FFFD}",
        "\u{200D}",
        "\u{301}",
    ];
    for text in texts {
        for wrap in [Wrap::Word, Wrap::Char, Wrap::None] {
            for width in [None, Some(1), Some(25), Some(400)] {
                for max_lines in [None, Some(1)] {
                    let mut s = spec(text);
                    s.wrap = wrap;
                    s.width = width;
                    s.max_lines = max_lines;
                    let _ = render(&s, &mut GlyphCache::new(1 << 16));
                }
            }
        }
    }
    // Joiners and selectors are not drawn and not missing; the emoji are
    // boxes, counted once for their sequence (no colour face here).
    let l = lay(&spec("👨\u{200D}👩\u{200D}👧"));
    assert_eq!((l.missing(), l.glyphs().len()), (1, 3));
    let l = lay(&spec("a\u{FE0F}\u{200B}b"));
    assert_eq!((l.missing(), l.glyphs().len()), (0, 2));
    // A combining mark no face has is a box, and never starts a line in char mode.
    let mut s = spec("éééééééééé".replace('é', "e\u{301}").as_str());
    s.wrap = Wrap::Char;
    s.width = Some(40);
    for line in l_texts(&s) {
        assert!(line.starts_with('e'), "{line:?}");
    }
}

#[test]
fn dpr_doubles_pixels_and_keeps_the_layout() {
    let mut s = spec("Retina text wraps the same way at dpr 2");
    s.width = Some(160);
    s.padding = 6;
    let one = lay(&s);
    s.dpr = 2.0;
    let two = lay(&s);
    assert_eq!(
        (two.width(), two.height()),
        (2 * one.width(), 2 * one.height())
    );
    assert_eq!(one.line_texts(), two.line_texts());
    assert_eq!(two.size_used(), 20.0);
    assert_eq!(two.px(), 40.0);
    for (a, b) in one.glyphs().iter().zip(two.glyphs()) {
        assert!((b.x - 2.0 * a.x).abs() < 0.01 && (b.y - 2.0 * a.y).abs() < 0.01);
    }
    // Auto size too.
    let mut s = spec("auto\nsized");
    s.padding = 3;
    let one = lay(&s);
    s.dpr = 2.0;
    let two = lay(&s);
    assert_eq!(
        (two.width(), two.height()),
        (2 * one.width(), 2 * one.height())
    );
    let p = render(&s, &mut GlyphCache::default());
    assert_eq!((p.width(), p.height()), (two.width(), two.height()));
}

#[test]
fn latin_text_never_parses_the_cjk_faces() {
    let fonts = TestFonts::new();
    let mut s = spec("Hello, world! Tabs\tand \"quotes\" — and … ellipsis, «guillemets» €5");
    s.width = Some(120);
    s.max_lines = Some(2);
    let l = layout_text(&s, &fonts);
    let _ = render_text(&l, &s, &fonts, &mut GlyphCache::default());
    assert!(l.truncated());
    assert_eq!(l.faces_used(), [SANS]);
    assert!(fonts.calls(SANS) > 0);
    assert_eq!((fonts.calls(SC1), fonts.calls(SC2)), (0, 0));
    // Hanzi do reach for the CJK face (and only the tier that has them).
    let fonts = TestFonts::new();
    let _ = layout_text(&spec("你好"), &fonts);
    assert!(fonts.calls(SC1) > 0);
    assert_eq!(fonts.calls(SC2), 0);
}

#[test]
fn glyph_cache_hits_on_rerender_and_tiny_budgets_give_the_same_pixels() {
    let mut s = spec("Cache me if you can 你好");
    s.width = Some(200);
    let mut cache = GlyphCache::default();
    let first = render(&s, &mut cache);
    let misses = cache.misses();
    assert!(misses > 0 && !cache.is_empty() && cache.bytes() > 0);
    let second = render(&s, &mut cache);
    assert_eq!(first, second);
    assert_eq!(cache.misses(), misses, "every glyph came from the cache");
    assert!(cache.hits() >= misses);
    for budget in [0, 100, 1000, 4000] {
        let mut tiny = GlyphCache::new(budget);
        assert_eq!(render(&s, &mut tiny), first, "budget {budget}");
        assert_eq!(render(&s, &mut tiny), first, "budget {budget}, warm");
        assert!(tiny.bytes() <= budget, "{} > {budget}", tiny.bytes());
    }
    cache.clear();
    assert_eq!((cache.len(), cache.bytes()), (0, 0));
}

#[test]
fn painting_blends_straight_alpha_with_correct_edges() {
    let mut s = spec("Il");
    s.size = 40.0;
    s.color = Rgba::new(255, 0, 0, 255);
    s.bg = Rgba::TRANSPARENT;
    let p = render(&s, &mut GlyphCache::default());
    let px = p.pixels();
    assert!(px.iter().any(|c| c.alpha() == 255));
    let edge = px
        .iter()
        .find(|c| c.alpha() > 0 && c.alpha() < 255)
        .unwrap();
    assert_eq!(edge.red(), edge.alpha(), "premultiplied red");
    assert_eq!((edge.green(), edge.blue()), (0, 0));

    // Half-transparent ink never exceeds its alpha.
    s.color = Rgba::new(0, 0, 255, 128);
    let p = render(&s, &mut GlyphCache::default());
    assert_eq!(p.pixels().iter().map(|c| c.alpha()).max(), Some(128));

    // On white: solid stems are the ink colour, the rest stays white.
    s.color = Rgba::rgb(0x102030);
    s.bg = Rgba::rgb(0xffffff);
    let p = render(&s, &mut GlyphCache::default());
    let c = p.pixels();
    assert!(c.iter().all(|c| c.alpha() == 255));
    assert!(c
        .iter()
        .any(|c| (c.red(), c.green(), c.blue()) == (0x10, 0x20, 0x30)));
    assert_eq!((c[0].red(), c[0].green(), c[0].blue()), (255, 255, 255));
}

#[test]
fn draw_layout_clips_at_any_offset() {
    let fonts = TestFonts::new();
    let s = spec("Label 标签");
    let l = layout_text(&s, &fonts);
    let mut cache = GlyphCache::default();
    let mut target = Pixmap::new(50, 30).unwrap();
    for (dx, dy) in [
        (0.0, 0.0),
        (-30.0, -10.0),
        (40.0, 25.0),
        (f32::NAN, f32::INFINITY),
        (-1e30, 1e30),
    ] {
        draw_layout(&mut target, &l, dx, dy, Rgba::rgb(0), &fonts, &mut cache);
    }
    assert!(target.pixels().iter().any(|c| c.alpha() > 0));
    // Transparent ink draws nothing.
    let mut empty = Pixmap::new(50, 30).unwrap();
    draw_layout(
        &mut empty,
        &l,
        0.0,
        0.0,
        Rgba::TRANSPARENT,
        &fonts,
        &mut cache,
    );
    assert!(empty.pixels().iter().all(|c| c.alpha() == 0));
}

#[test]
fn kerning_is_applied_when_the_face_has_it() {
    let font = &parsed()[usize::from(SANS)];
    let kern = font.horizontal_kern('A', 'V', 20.0).unwrap_or(0.0);
    let sum = font.metrics('A', 20.0).advance_width + font.metrics('V', 20.0).advance_width;
    assert!((measure("AV", 20.0) - (sum + kern)).abs() < 1e-3);
    // No kerning across faces or across a line start.
    let mut s = spec("A\nV");
    s.wrap = Wrap::None;
    let g = lay(&s).glyphs().to_vec();
    assert_eq!(g[1].x, g[0].x);
}

#[test]
fn out_of_range_specs_are_clamped() {
    let mut s = spec("clamp me 你好");
    s.size = f32::NAN;
    s.dpr = f32::INFINITY;
    s.line_height = -3.0;
    s.padding = u32::MAX;
    s.width = Some(u32::MAX);
    s.height = Some(0);
    s.max_lines = Some(u32::MAX);
    s.fit = true;
    let l = lay(&s);
    assert!(l.width() >= 1 && l.width() <= MAX_TEXT_SIDE);
    assert!(l.height() >= 1 && l.height() <= MAX_TEXT_SIDE);
    let _ = render(&s, &mut GlyphCache::new(0));

    // Huge auto-sized text is capped at the maximum side.
    let mut s = spec(&"W".repeat(5000));
    s.size = 1e9;
    let l = lay(&s);
    assert_eq!(l.width(), MAX_TEXT_SIDE);
    assert_eq!(l.size_used(), MAX_FONT_SIZE);

    // No faces at all: nothing to draw, but a layout all the same.
    let mut s = spec("abc");
    s.chain.clear();
    let l = lay(&s);
    assert_eq!((l.glyphs().len(), l.missing(), l.lines()), (0, 0, 1));
    let _ = render(&s, &mut GlyphCache::default());

    // Another primary face works the same.
    let mut s = spec("Serif");
    s.chain = vec![SERIF, SC1];
    assert_eq!(lay(&s).faces_used(), [SERIF]);
}

#[test]
fn needed_is_the_box_before_the_cap() {
    // 2000 characters at 64 px in 1200 px: far taller than the cap (one em
    // each, at most 18 a line: 118 lines of 80 px, as punctuation may not
    // start a line).
    let text: String = CN.repeat(120).chars().take(2000).collect();
    assert_eq!(text.chars().count(), 2000);
    let mut s = spec(&text);
    s.size = 64.0;
    s.width = Some(1200);
    let l = lay(&s);
    assert_eq!((l.width(), l.height()), (1200, MAX_TEXT_SIDE));
    let (w, h) = l.needed();
    assert_eq!(w, 1200, "a fixed side is the fixed side");
    // Every line box is 64 × 1.25 = 80 px, no padding.
    assert_eq!(h, 80 * l.lines() as u64);
    assert_eq!(h, 118 * 80);
    assert!(h > 2 * u64::from(MAX_TEXT_SIDE), "{h}");
    // Padding and dpr count as for the box itself.
    s.padding = 10;
    s.dpr = 2.0;
    let two = lay(&s);
    assert_eq!(two.lines(), l.lines());
    assert_eq!(two.needed(), (2400, 2 * (h + 20)));
    assert_eq!((two.width(), two.height()), (2400, MAX_TEXT_SIDE));

    // Within the cap, it is the box.
    let mut s = spec("fits easily\nin the box");
    s.padding = 5;
    for (width, height) in [(None, None), (Some(300), None), (Some(300), Some(40))] {
        s.width = width;
        s.height = height;
        let l = lay(&s);
        assert_eq!(
            l.needed(),
            (u64::from(l.width()), u64::from(l.height())),
            "{width:?} {height:?}"
        );
    }
    // A fixed side over the cap, as requested.
    s.width = Some(3000);
    s.height = Some(5000);
    s.dpr = 2.0;
    let l = lay(&s);
    assert_eq!((l.width(), l.height()), (MAX_TEXT_SIDE, MAX_TEXT_SIDE));
    assert_eq!(l.needed(), (6000, 10000));
    // An auto width over the cap; huge and out-of-range values saturate.
    let mut s = spec(&"W".repeat(5000));
    s.size = 1e9;
    let l = lay(&s);
    assert_eq!(l.width(), MAX_TEXT_SIDE);
    assert!(l.needed().0 > 1_000_000, "{:?}", l.needed());
    let mut s = spec("x");
    s.width = Some(u32::MAX);
    s.height = Some(0);
    s.dpr = 3.0;
    let (w, h) = lay(&s).needed();
    assert!(w >= 3 * u64::from(u32::MAX) - 1024, "{w}");
    assert_eq!(h, 1);
}

// Per-paragraph sizes.

/// `spec(text)` with one size per paragraph.
/// `l` with its size slots merged by size: paragraphs of one size laid out
/// as one slot or as several compare equal.
fn by_size(mut l: Layout) -> Layout {
    let mut sizes: Vec<f32> = Vec::new();
    for g in &mut l.glyphs {
        let px = l.slot_px[usize::from(g.slot)];
        let s = sizes.iter().position(|&p| p == px).unwrap_or_else(|| {
            sizes.push(px);
            sizes.len() - 1
        });
        g.slot = s as u16;
    }
    l.slot_px = sizes;
    l
}

fn sized(text: &str, sizes: &[f32]) -> TextSpec {
    let mut s = spec(text);
    s.sizes = sizes.to_vec();
    s
}

/// Where the baseline sits in a line box of `px` × 1.25 (the primary face's
/// ascent–descent box centred), computed from the font directly.
fn baseline_in_box(px: f32) -> f32 {
    let m = parsed()[usize::from(SANS)]
        .horizontal_line_metrics(px)
        .unwrap();
    (px * 1.25 - (m.ascent - m.descent)) / 2.0 + m.ascent
}

#[test]
fn sizes_set_each_paragraphs_glyphs_line_box_and_baseline() {
    let l = lay(&sized(
        "Title AV
sub AV",
        &[40.0, 20.0],
    ));
    assert_eq!(l.line_texts(), ["Title AV", "sub AV"]);
    assert_eq!(l.line_sizes(), [40.0, 20.0]);
    assert_eq!(
        (l.size_used(), l.px()),
        (40.0, 40.0),
        "the first paragraph's"
    );
    // Line boxes of 40 × 1.25 and 20 × 1.25 px stacked: 75 px, no padding.
    assert_eq!(l.height(), 75);
    let b = l.baselines();
    assert!((b[0] - baseline_in_box(40.0)).abs() < 1e-4, "{b:?}");
    assert!(
        (b[1] - (50.0 + baseline_in_box(20.0))).abs() < 1e-4,
        "{b:?}"
    );
    // Glyphs sit on their line's baseline; advances and kerning at its size.
    let g = l.glyphs();
    assert!(g[..7].iter().all(|g| g.y == b[0]));
    assert!(g[7..].iter().all(|g| g.y == b[1]));
    let w = l.line_widths();
    assert!((w[0] - measure("Title AV", 40.0)).abs() < 1e-3, "{w:?}");
    assert!((w[1] - measure("sub AV", 20.0)).abs() < 1e-3, "{w:?}");
    assert_eq!(l.width(), libm::ceilf(w[0] - 0.01) as u32);
    // Tab stops follow the line's size too.
    let l = lay(&sized(
        "x
	b",
        &[40.0, 20.0],
    ));
    let space = measure("a b", 20.0) - measure("ab", 20.0);
    assert!((l.glyphs()[1].x - 4.0 * space).abs() < 0.01);

    // Padding, valign and dpr keep working: a 75 px block, centred in 200 px.
    let mut s = sized(
        "Title
sub",
        &[40.0, 20.0],
    );
    s.height = Some(200);
    s.width = Some(300);
    s.padding = 10;
    s.valign = VAlign::Middle;
    let b = lay(&s).baselines();
    let top = 10.0 + (180.0 - 75.0) / 2.0;
    assert!((b[0] - (top + baseline_in_box(40.0))).abs() < 1e-3, "{b:?}");
    assert!((b[1] - (top + 50.0 + baseline_in_box(20.0))).abs() < 1e-3);
    s.valign = VAlign::Bottom;
    s.height = None;
    s.dpr = 2.0;
    let two = lay(&s);
    assert_eq!(two.height(), 2 * (75 + 20));
    assert_eq!(two.line_sizes(), [40.0, 20.0], "CSS px");
    assert_eq!(two.px(), 80.0);
}

#[test]
fn a_wrapped_paragraph_keeps_its_size_on_every_line() {
    let body = "small words that wrap over several lines of this box";
    let mut s = sized(&format!("Big\n{body}"), &[40.0, 16.0]);
    s.width = Some(100);
    let l = lay(&s);
    assert!(l.lines() >= 4, "{:?}", l.line_texts());
    let sizes = l.line_sizes();
    assert_eq!(sizes[0], 40.0);
    assert!(sizes[1..].iter().all(|&z| z == 16.0), "{sizes:?}");
    // The same breaks as the paragraph alone at 16 px.
    let mut alone = spec(body);
    alone.size = 16.0;
    alone.width = Some(100);
    let a = lay(&alone);
    assert_eq!(l.line_texts()[1..], a.line_texts()[..]);
    assert_eq!(l.line_widths()[1..], a.line_widths()[..]);
    // Wrapped lines are 16 × 1.25 = 20 px apart, 50 px below the title's box.
    let b = l.baselines();
    for k in 2..b.len() {
        assert!((b[k] - b[k - 1] - 20.0).abs() < 1e-3, "{b:?}");
    }
    assert!((b[1] - (50.0 + baseline_in_box(16.0))).abs() < 1e-3);
    assert_eq!(l.height(), 50 + 20 * (l.lines() as u32 - 1));

    // max_lines: the ellipsis is measured at the cut line's size.
    s.max_lines = Some(2);
    let l = lay(&s);
    assert!(l.truncated());
    let last = &l.line_texts()[1];
    assert!(last.ends_with('…'), "{last}");
    assert_eq!(l.line_sizes(), [40.0, 16.0]);
    assert!((l.line_widths()[1] - measure(last, 16.0)).abs() < 1e-3);
    assert!(l.line_widths()[1] <= 100.0 + 0.01);
}

#[test]
fn paragraphs_past_the_list_take_the_last_size() {
    let l = lay(&sized("a\nb\nc\nd", &[30.0, 20.0]));
    assert_eq!(l.line_sizes(), [30.0, 20.0, 20.0, 20.0]);
    // 37.5 + 3 × 25 = 112.5 px, rounded up.
    assert_eq!(l.height(), 113);
    // Empty paragraphs count, a trailing newline opens one more.
    let l = lay(&sized("a\n\nb\n", &[30.0, 20.0, 10.0]));
    assert_eq!(l.line_sizes(), [30.0, 20.0, 10.0, 10.0]);
    // Sizes past the last paragraph are unused.
    let l = lay(&sized("a\nb", &[30.0, 20.0, 10.0]));
    assert_eq!(l.line_sizes(), [30.0, 20.0]);
    assert_eq!(l.height(), 63);
    // Out-of-range sizes are clamped one by one.
    let l = lay(&sized("a\nb\nc", &[f32::NAN, 1e9, -5.0]));
    assert_eq!(
        l.line_sizes(),
        [MIN_FONT_SIZE, MAX_FONT_SIZE, MIN_FONT_SIZE]
    );
}

#[test]
fn fit_scales_all_sizes_by_one_factor() {
    let mut s = sized(
        "A long headline that has to shrink\nand a subtitle under it",
        &[64.0, 32.0],
    );
    s.width = Some(300);
    s.height = Some(120);
    s.fit = true;
    let l = lay(&s);
    let used = l.size_used();
    assert!((8.0..64.0).contains(&used), "{used}");
    assert_eq!(used * 4.0, libm::floorf(used * 4.0), "quarter-pixel grid");
    let sizes = l.line_sizes();
    let title_lines = sizes.iter().filter(|&&z| z == used).count();
    assert!(title_lines >= 1);
    assert!(
        sizes[title_lines..].iter().all(|&z| z == used / 2.0),
        "ratio kept: {sizes:?}"
    );
    let height: f32 = sizes.iter().map(|z| z * 1.25).sum();
    assert!(height <= 120.0 + 0.01, "{sizes:?}");
    assert!(l.line_widths().iter().all(|&w| w <= 300.0 + 0.01));
    // The next grid step up, unfitted, would not fit.
    let mut bigger = s.clone();
    bigger.sizes = vec![used + 0.25, (used + 0.25) / 2.0];
    bigger.fit = false;
    let b = lay(&bigger);
    let height: f32 = b.line_sizes().iter().map(|z| z * 1.25).sum();
    assert!(
        height > 120.0 + 0.01 || b.line_widths().iter().any(|&w| w > 300.0 + 0.01),
        "{used} is the largest size that fits"
    );
    // Any ratio is kept (up to rounding).
    s.sizes = vec![60.0, 25.0, 45.0];
    s.text.push_str("\nthird");
    let l = lay(&s);
    let z = l.line_sizes();
    let ratio = |a: f32| a / l.size_used();
    assert!(z.iter().all(|&v| [1.0, 25.0 / 60.0, 0.75]
        .iter()
        .any(|&r| (ratio(v) - r).abs() < 1e-6)));
    assert!((ratio(*z.last().unwrap()) - 0.75).abs() < 1e-6, "{z:?}");
    // Already fits: every size is kept exactly.
    let mut s = sized("Hi\nthere", &[48.0, 20.0]);
    s.width = Some(300);
    s.fit = true;
    assert_eq!(lay(&s).line_sizes(), [48.0, 20.0]);
    // Cannot fit: the shrinking stops when the smallest paragraph reaches
    // the floor (6 px), so the title stops at 6 × 48 / 8 = 36.
    let mut s = sized(&format!("{}\nsub", "word ".repeat(200)), &[48.0, 8.0]);
    s.width = Some(100);
    s.height = Some(50);
    s.fit = true;
    let l = lay(&s);
    assert_eq!(l.size_used(), 36.0);
    assert_eq!(*l.line_sizes().last().unwrap(), FIT_FLOOR);
    assert!(!l.fits());
    // The floor holds whichever paragraph is the smallest.
    s.sizes = vec![8.0, 48.0];
    let l = lay(&s);
    assert_eq!(l.size_used(), FIT_FLOOR);
    assert_eq!(*l.line_sizes().last().unwrap(), 36.0);
}

#[test]
fn empty_sizes_is_the_single_size_layout() {
    let texts = [
        "The quick brown fox\njumps over the lazy dog",
        "我们今天去公园，然后去吃饭。\n\tTabbed",
        "Shrink this rather long headline until it fits the box",
        "",
    ];
    for text in texts {
        for (width, height, fit, max_lines) in [
            (None, None, false, None),
            (Some(120), None, false, Some(2)),
            (Some(200), Some(60), true, None),
        ] {
            let mut s = spec(text);
            s.size = 28.0;
            s.width = width;
            s.height = height;
            s.fit = fit;
            s.max_lines = max_lines;
            s.dpr = 1.5;
            let base = lay(&s);
            // Every line has `size` (after fit).
            assert!(base.line_sizes().iter().all(|&z| z == base.size_used()));
            for sizes in [vec![28.0], vec![28.0, 28.0, 28.0]] {
                let mut t = s.clone();
                t.sizes = sizes;
                let same = |l: Layout| by_size(l) == by_size(base.clone());
                assert!(same(lay(&t)), "{text:?} {width:?} {height:?}");
                // With sizes, `size` is ignored.
                t.size = 99.0;
                assert!(same(lay(&t)));
            }
            let mut other = s.clone();
            other.sizes = vec![28.0, 14.0];
            if text.contains('\n') && max_lines.is_none() {
                assert_ne!(lay(&other), base, "a second size changes the layout");
            }
        }
    }
}

#[test]
fn glyph_cache_keys_on_each_lines_size() {
    let fonts = TestFonts::new();
    let big_small = sized("AA\nAA", &[40.0, 20.0]);
    let small_big = sized("AA\nAA", &[20.0, 40.0]);
    let mut cache = GlyphCache::default();
    let l = layout_text(&big_small, &fonts);
    let first = render_text(&l, &big_small, &fonts, &mut cache);
    assert_eq!(
        (cache.len(), cache.misses()),
        (2, 2),
        "A at 40 px and A at 20 px"
    );
    // The same glyphs at swapped sizes, from the warm cache, draw the same
    // as from a cold one.
    let l2 = layout_text(&small_big, &fonts);
    let warm = render_text(&l2, &small_big, &fonts, &mut cache);
    assert_eq!(cache.misses(), 2, "both sizes came from the cache");
    let cold = render_text(&l2, &small_big, &fonts, &mut GlyphCache::default());
    assert_eq!(warm, cold);
    assert_ne!(first, warm);
    // The big line's ink is twice as tall as the small line's.
    let ink_rows = |p: &Pixmap, y0: u32, y1: u32| {
        (y0..y1)
            .filter(|&y| (0..p.width()).any(|x| p.pixel(x, y).unwrap().red() < 128))
            .count()
    };
    let (a, b) = (ink_rows(&first, 0, 50), ink_rows(&first, 50, 75));
    assert!(a.abs_diff(2 * b) <= 2, "{a} vs {b}");
}

/// `cargo test -p edge-render-core --release -- --ignored --nocapture card_bench`
#[test]
#[ignore = "benchmark; run in release"]
fn card_bench() {
    use std::time::Instant;
    let fonts = TestFonts::new();
    let _ = parsed();
    let mut s = spec(
        "Edge rendering at the speed of light: share cards, banners and avatars drawn on demand",
    );
    s.size = 64.0;
    s.width = Some(1200);
    s.height = Some(630);
    s.padding = 80;
    s.align = Align::Center;
    s.valign = VAlign::Middle;
    s.color = Rgba::rgb(0xffffff);
    s.bg = Rgba::rgb(0x1a1a2e);
    let l = layout_text(&s, &fonts);
    assert_eq!(l.lines(), 3, "{:?}", l.line_texts());

    let t = Instant::now();
    let mut cold = GlyphCache::default();
    let l = layout_text(&s, &fonts);
    let _ = render_text(&l, &s, &fonts, &mut cold);
    let first = t.elapsed();

    let mut cache = GlyphCache::default();
    let _ = render_text(&l, &s, &fonts, &mut cache);
    let runs = 200u32;
    let t = Instant::now();
    for _ in 0..runs {
        let l = layout_text(&s, &fonts);
        let p = render_text(&l, &s, &fonts, &mut cache);
        assert_eq!(p.width(), 1200);
    }
    let warm = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        let _ = layout_text(&s, &fonts);
    }
    let layout_only = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        let p = crate::canvas::canvas(1200, 630, s.bg);
        assert_eq!(p.width(), 1200);
    }
    let fill = t.elapsed() / runs;
    std::println!(
        "1200×630 card, 3 lines at 64 px: cold cache {first:?}, warm {warm:?} \
         (layout alone {layout_only:?}, background fill alone {fill:?}), {} glyphs",
        l.glyphs().len()
    );
}

#[test]
fn min_content_is_the_widest_unbreakable_run() {
    let fonts = TestFonts::new();
    let widest = measure("quick", 20.0).max(measure("brown", 20.0));
    let s = spec("The quick brown\nfox");
    assert!((min_content_width(&s, &fonts) - widest).abs() < 0.01);
    // Char wrap: the widest character; no wrap: the widest line.
    let mut c = spec("The quick brown\nfox");
    c.wrap = Wrap::Char;
    let w = min_content_width(&c, &fonts);
    assert!(w > 0.0 && w < measure("The", 20.0), "{w}");
    c.wrap = Wrap::None;
    assert!((min_content_width(&c, &fonts) - measure("The quick brown", 20.0)).abs() < 0.01);
    // CSS pixels at any dpr.
    let mut d = spec("The quick brown\nfox");
    d.dpr = 2.0;
    assert!((min_content_width(&d, &fonts) - widest).abs() < 0.05);
    assert_eq!(min_content_width(&spec(""), &fonts), 0.0);
}

fn span(end: usize, size: f32, color: u32) -> Span {
    Span {
        end: end as u32,
        chain: CHAIN.to_vec(),
        size,
        line_height: 1.25,
        color: Rgba::rgb(color),
        letter_spacing: 0.0,
        decoration: Decoration::default(),
    }
}

#[test]
fn spans_share_one_baseline_and_the_tallest_sets_the_line() {
    let mut s = spec("small BIG small");
    s.spans = vec![span(6, 20.0, 0x111111), span(9, 60.0, 0xff0000)];
    let l = lay(&s);
    assert_eq!(l.lines(), 1);
    let ys: Vec<f32> = l.glyphs().iter().map(|g| g.y).collect();
    assert!(ys.iter().all(|&y| y == ys[0]), "one baseline: {ys:?}");
    assert!(l.height() as f32 >= 60.0 * 1.25, "{}", l.height());
    let slots: Vec<u16> = l.glyphs().iter().map(|g| g.slot).collect();
    assert_eq!(slots, [1, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0, 0]);
    let px: Vec<f32> = l.painted().map(|(_, px, _)| px).collect();
    assert_eq!((px[0], px[5], px[8]), (20.0, 60.0, 20.0));
    let colors: Vec<Option<Rgba>> = l.painted().map(|(_, _, c)| c).collect();
    assert_eq!(colors[5], Some(Rgba::rgb(0xff0000)));
    assert_eq!(colors[8], None, "past the last span: the caller's colour");
    // The big run's glyphs are three times as wide as the same letters small.
    let big = l.segments()[1];
    assert_eq!(big.span, Some(1));
    assert!((big.width - measure("BIG", 60.0)).abs() < 0.01, "{big:?}");
}

#[test]
fn spans_in_the_specs_own_style_place_glyphs_as_without_spans() {
    let plain = spec("The quick brown fox jumps over the lazy dog");
    let mut spanned = plain.clone();
    spanned.spans = vec![span(10, 20.0, 0), span(25, 20.0, 0), span(99, 20.0, 0)];
    let xs = |l: &Layout| l.glyphs().iter().map(|g| g.x).collect::<Vec<f32>>();
    let (a, b) = (lay(&plain), lay(&spanned));
    // Kerning crosses spans of one face and size: every glyph where it was.
    assert_eq!(xs(&a), xs(&b));
    assert_eq!(a.line_widths(), b.line_widths());
    assert_eq!(a.height(), b.height());
}

#[test]
fn letter_spacing_adds_to_every_character() {
    let mut s = spec("abc d");
    s.wrap = Wrap::None;
    let base = lay(&s).line_widths()[0];
    s.letter_spacing = 3.0;
    s.dpr = 2.0;
    let spaced = lay(&s).line_widths()[0];
    assert!(
        (spaced - (base * 2.0 + 5.0 * 3.0 * 2.0)).abs() < 0.01,
        "{base} {spaced}"
    );
    // Clamped to ±size.
    s.letter_spacing = -1e9;
    assert!(lay(&s).line_widths()[0] <= 0.01);
}

#[test]
fn justify_fills_wrapped_lines_and_leaves_the_last() {
    let mut s = spec("Justified text spreads each wrapped line to the width of its box");
    s.width = Some(200);
    s.align = Align::Justify;
    let l = lay(&s);
    assert!(l.lines() >= 3);
    let segs = l.segments();
    for g in &segs[..segs.len() - 1] {
        assert!(
            (g.x + g.width - 200.0).abs() < 0.05,
            "wrapped lines reach the edge: {g:?}"
        );
    }
    let last = segs[segs.len() - 1];
    assert_eq!(last.x, 0.0);
    assert!((last.width - l.line_widths()[l.lines() - 1]).abs() < 0.01);
    // A lone word that wrapped has no space to widen: it stays left.
    let mut one = spec("Supercalifragilistic");
    one.width = Some(60);
    one.align = Align::Justify;
    assert!(lay(&one).segments().iter().all(|g| g.x == 0.0));
}

#[test]
fn an_ellipsis_takes_the_style_of_the_run_it_follows() {
    // The cut removes the big red run entirely: the ellipsis is small.
    for width in [90, 100, 110, 120, 130, 140] {
        let mut s = spec("Hello world");
        s.spans = vec![span(6, 20.0, 0x000000), span(11, 60.0, 0xff0000)];
        s.wrap = Wrap::Char;
        s.max_lines = Some(1);
        s.width = Some(width);
        let l = lay(&s);
        let texts = l.line_texts();
        let last = *l.glyphs().last().unwrap();
        let kept_red = texts[0].contains('w');
        assert_eq!(
            last.slot,
            if kept_red { 2 } else { 1 },
            "{width}: {texts:?}"
        );
        if !kept_red {
            assert!(l.height() < 40, "{width}: the removed run sets no height");
        }
    }
}

#[test]
fn a_newline_in_a_span_sets_its_lines_height() {
    let mut s = spec("a\n\nb");
    s.spans = vec![span(4, 60.0, 0)];
    let l = lay(&s);
    let b = l.baselines();
    // Three lines of 75 px each: the blank one is the span's too.
    assert!(
        (b[1] - b[0] - 75.0).abs() < 0.01 && (b[2] - b[1] - 75.0).abs() < 0.01,
        "{b:?}"
    );
}

#[test]
fn kerning_crosses_spans_of_one_face_and_size_and_spacing_follows_clusters() {
    let mut s = spec("AV");
    s.wrap = Wrap::None;
    let kerned = lay(&s).line_widths()[0];
    s.spans = vec![span(1, 20.0, 0xff0000), span(2, 20.0, 0x0000ff)];
    assert_eq!(
        lay(&s).line_widths()[0],
        kerned,
        "a colour change keeps the pair kerned"
    );
    s.spans = vec![span(1, 20.0, 0), span(2, 21.0, 0)];
    assert_ne!(lay(&s).line_widths()[0], kerned);
    // e + combining acute: one cluster, one spacing.
    let mut t = spec("e\u{301}x");
    t.wrap = Wrap::None;
    let base = lay(&t).line_widths()[0];
    t.letter_spacing = 10.0;
    assert!((lay(&t).line_widths()[0] - base - 20.0).abs() < 0.01);
}

#[test]
fn span_ends_off_a_character_boundary_or_out_of_order_are_clamped() {
    let mut s = spec("héllo wörld");
    s.spans = vec![span(2, 20.0, 1), span(1, 30.0, 2), span(999, 40.0, 3)];
    let l = lay(&s);
    // "hé" (é ends at byte 3), nothing, then the rest.
    let slots: Vec<u16> = l.glyphs().iter().map(|g| g.slot).collect();
    assert_eq!(&slots[..3], &[1, 1, 3]);
    assert_eq!(l.line_texts().concat(), "héllo wörld");
}

// ---------------------------------------------------------------------------
// World scripts: shaping, bidi, NFC — with the Debian Noto faces installed
// on this machine (`fonts-noto-core`); the committed subsets come later.

const NOTO: &str = "/usr/share/fonts/truetype/noto";
const W_LATIN: u16 = 0;
const W_ARABIC: u16 = 1;
const W_HEBREW: u16 = 2;
const W_DEVANAGARI: u16 = 3;
const W_THAI: u16 = 4;
/// Noto Mono: combining marks but no GPOS (fallback mark positioning).
const W_MONO: u16 = 5;
/// The embedded Latin face first (fast path, like production), then the
/// system faces for the other scripts.
const WORLD: [u16; 5] = [W_LATIN, W_ARABIC, W_HEBREW, W_DEVANAGARI, W_THAI];

/// Faces read from files once per test binary: fontdue and the shaper.
struct WorldFonts {
    faces: Vec<(Font, ShapingFace<'static>)>,
}

fn world() -> Option<&'static WorldFonts> {
    static WORLD_FONTS: OnceLock<Option<WorldFonts>> = OnceLock::new();
    WORLD_FONTS
        .get_or_init(|| {
            let mut files: Vec<&'static [u8]> =
                vec![include_bytes!("../../../../fonts/NotoSans-Regular.ttf")];
            for name in ["SansArabic", "SansHebrew", "SansDevanagari", "SansThai", "Mono"] {
                let path = format!("{NOTO}/Noto{name}-Regular.ttf");
                let Ok(bytes) = std::fs::read(&path) else {
                    std::eprintln!("SKIPPED world-script tests: {path} missing (apt-get install fonts-noto-core)");
                    return None;
                };
                files.push(bytes.leak());
            }
            let faces = files
                .into_iter()
                .map(|d| {
                    let font = Font::from_bytes(d, FontSettings::default()).expect("font");
                    (font, ShapingFace::parse(d, 0).expect("shaper reads it"))
                })
                .collect();
            Some(WorldFonts { faces })
        })
        .as_ref()
}

impl FontSource for WorldFonts {
    fn covers(&self, face: u16, ch: char) -> bool {
        self.faces
            .get(usize::from(face))
            .is_some_and(|f| f.0.has_glyph(ch))
    }

    fn font(&self, face: u16) -> &Font {
        &self.faces[usize::from(face).min(self.faces.len() - 1)].0
    }

    fn shaping(&self, face: u16) -> Option<&ShapingFace<'_>> {
        self.faces.get(usize::from(face)).map(|f| &f.1)
    }
}

fn wspec(text: &str) -> TextSpec {
    TextSpec {
        text: clean_text(text),
        chain: WORLD.to_vec(),
        size: 40.0,
        wrap: Wrap::None,
        ..TextSpec::default()
    }
}

/// (face, glyph, x) of every drawn glyph, left to right.
fn drawn(l: &Layout) -> Vec<(u16, u16, f32)> {
    l.glyph_origins().map(|(f, g, x, _)| (f, g, x)).collect()
}

fn cmap(w: &WorldFonts, face: u16, ch: char) -> u16 {
    w.font(face).lookup_glyph_index(ch)
}

#[test]
fn arabic_letters_join_and_run_right_to_left() {
    let Some(w) = world() else { return };
    // Kaf, teh, beh: three dual-joining letters (initial, medial, final).
    let text = "كتب";
    let l = layout_text(&wspec(text), w);
    let g = drawn(&l);
    assert!(g.iter().all(|&(f, _, _)| f == W_ARABIC), "{g:?}");
    assert_eq!(g.len(), 3, "{g:?}");
    // Joined forms, not the isolated glyphs the cmap gives.
    let isolated: Vec<u16> = text.chars().map(|c| cmap(w, W_ARABIC, c)).collect();
    let ids: Vec<u16> = g.iter().map(|&(_, id, _)| id).collect();
    let mut reversed = isolated.clone();
    reversed.reverse();
    assert_ne!(ids, reversed, "shaped: {ids:?}");
    // Right to left: glyphs left to right are the letters last to first;
    // the first letter's (initial) form is rightmost, and the auto
    // direction made the paragraph right to left (start = right).
    assert!(g.windows(2).all(|p| p[0].2 < p[1].2), "{g:?}");
    assert!(
        (0..3).all(|k| ids[2 - k] != isolated[k]),
        "{ids:?} {isolated:?}"
    );
    // "Salam": lam + alef is one ligature glyph.
    assert_eq!(drawn(&layout_text(&wspec("سلام"), w)).len(), 3);
    let mut s = wspec(text);
    s.width = Some(300);
    s.align = Align::Start;
    let right = layout_text(&s, w);
    let wdt = right.line_widths()[0];
    assert!((right.glyphs()[0].x - (300.0 - wdt)).abs() < 0.01);
    s.align = Align::End;
    assert!(layout_text(&s, w).glyphs()[0].x.abs() < 0.01);
    s.dir = Direction::Ltr;
    assert!((layout_text(&s, w).glyphs()[0].x - (300.0 - wdt)).abs() < 0.01);
}

#[test]
fn arabic_joins_across_a_span_boundary_and_skips_letter_spacing() {
    let Some(w) = world() else { return };
    let text = "كتب";
    let whole = layout_text(&wspec(text), w);
    let mut s = wspec(text);
    // The first letter in a span of its own (same look): the runs are
    // shaped apart, with each other as context, so the joins stay.
    s.spans = vec![Span {
        end: "ك".len() as u32,
        chain: WORLD.to_vec(),
        size: 40.0,
        line_height: 1.25,
        color: Rgba::rgb(0x000000),
        letter_spacing: 0.0,
        decoration: Decoration::default(),
    }];
    let split = layout_text(&s, w);
    let ids = |l: &Layout| drawn(l).iter().map(|g| g.1).collect::<Vec<u16>>();
    assert_eq!(ids(&split), ids(&whole), "context keeps the joins");
    // Letter spacing leaves the cursive word alone; Hebrew takes it.
    let mut s = wspec(text);
    s.letter_spacing = 10.0;
    assert_eq!(layout_text(&s, w).line_widths(), whole.line_widths());
    let hebrew = layout_text(&wspec("שלום"), w).line_widths()[0];
    let mut s = wspec("שלום");
    s.letter_spacing = 10.0;
    let spaced = layout_text(&s, w).line_widths()[0];
    assert!((spaced - hebrew - 40.0).abs() < 0.01, "{hebrew} {spaced}");
}

#[test]
fn mixed_directions_are_in_visual_order() {
    let Some(w) = world() else { return };
    let text = "Hello עולם 123";
    let x_of = |l: &Layout, face: u16, ch: char| {
        let id = cmap(w, face, ch);
        drawn(l)
            .iter()
            .find(|&&(f, g, _)| f == face && g == id)
            .map(|g| g.2)
            .unwrap_or_else(|| panic!("{ch} not drawn"))
    };
    // Left to right (the first strong letter is Latin): "Hello", then the
    // number, which follows the Hebrew word into its right-to-left run
    // (UAX #9 W7, N1: browsers draw "Hello 123 םלוע"), then the word read
    // right to left.
    let ltr = layout_text(&wspec(text), w);
    let (h, ayin, mem, one) = (
        x_of(&ltr, W_LATIN, 'H'),
        x_of(&ltr, W_HEBREW, 'ע'),
        x_of(&ltr, W_HEBREW, 'ם'),
        x_of(&ltr, W_LATIN, '1'),
    );
    assert!(h < one && one < mem && mem < ayin, "{h} {one} {mem} {ayin}");
    assert_eq!(ltr.line_texts(), [text]);
    // A right-to-left paragraph: 123, then the Hebrew word, then Hello.
    let mut s = wspec(text);
    s.dir = Direction::Rtl;
    let rtl = layout_text(&s, w);
    let (h, ayin, mem, one) = (
        x_of(&rtl, W_LATIN, 'H'),
        x_of(&rtl, W_HEBREW, 'ע'),
        x_of(&rtl, W_HEBREW, 'ם'),
        x_of(&rtl, W_LATIN, '1'),
    );
    assert!(
        one < mem && mem < ayin && ayin < h,
        "{one} {mem} {ayin} {h}"
    );
    // The same width either way, and logical text order in both.
    assert!((rtl.line_widths()[0] - ltr.line_widths()[0]).abs() < 0.01);
    assert_eq!(rtl.line_texts(), [text]);
    // "123" and "Hello" still read left to right.
    assert!(x_of(&rtl, W_LATIN, '1') < x_of(&rtl, W_LATIN, '3'));
    assert!(x_of(&rtl, W_LATIN, 'H') < x_of(&rtl, W_LATIN, 'o'));
}

#[test]
fn brackets_mirror_in_right_to_left_runs() {
    let Some(w) = world() else { return };
    // "(שלום)" in a right-to-left paragraph: the opening parenthesis
    // (logically first) is rightmost and mirrored to face the text, so
    // the line reads "(םולש)" left to right; unmirrored it would be
    // ")םולש(".
    let l = layout_text(&wspec("(שלום)"), w);
    let g = drawn(&l);
    let (first, last) = (g[0], g[g.len() - 1]);
    assert_eq!(
        (first.0, first.1),
        (W_LATIN, cmap(w, W_LATIN, '(')),
        "{g:?}"
    );
    assert_eq!((last.0, last.1), (W_LATIN, cmap(w, W_LATIN, ')')), "{g:?}");
}

#[test]
fn devanagari_conjuncts_are_one_cluster() {
    let Some(w) = world() else { return };
    let text = "नमस्ते दुनिया";
    let l = layout_text(&wspec(text), w);
    let ids: Vec<u16> = drawn(&l).iter().map(|g| g.1).collect();
    let cmapped: Vec<u16> = text
        .chars()
        .filter(|&c| c != ' ')
        .map(|c| cmap(w, W_DEVANAGARI, c))
        .collect();
    assert_ne!(ids, cmapped, "shaped");
    // Char wrapping breaks between clusters only: no line starts with a
    // vowel sign, virama or nukta, and "स्ते" stays whole.
    let mut s = wspec(text);
    s.wrap = Wrap::Char;
    for width in [20, 30, 45, 60] {
        s.width = Some(width);
        let lines = layout_text(&s, w).line_texts();
        for line in &lines {
            let first = line.chars().next().unwrap();
            assert!(
                !unicode_normalization::char::is_combining_mark(first),
                "{width}: {lines:?}"
            );
            assert!(!line.ends_with('्'), "{width}: {lines:?}");
        }
        assert_eq!(lines.concat(), text.replace(' ', ""), "{width}");
    }
}

/// Thai has no spaces between words and UAX #14 (without a dictionary)
/// gives no break inside a Thai run: lines break at spaces, and a phrase
/// wider than the box breaks between clusters (never before a vowel or
/// tone mark).
#[test]
fn thai_breaks_at_spaces_then_between_clusters() {
    let Some(w) = world() else { return };
    let text = "สวัสดีครับ ยินดีต้อนรับ";
    let one = layout_text(&wspec("สวัสดีครับ"), w).line_widths()[0];
    let two = layout_text(&wspec("ยินดีต้อนรับ"), w).line_widths()[0];
    let mut s = wspec(text);
    s.wrap = Wrap::Word;
    s.width = Some(libm::ceilf(one.max(two)) as u32 + 2);
    assert_eq!(layout_text(&s, w).line_texts(), ["สวัสดีครับ", "ยินดีต้อนรับ"]);
    for width in [30, 50, 70] {
        s.width = Some(width);
        let l = layout_text(&s, w);
        let lines = l.line_texts();
        assert!(lines.len() > 2, "{width}: {lines:?}");
        for line in &lines {
            let first = line.chars().next().unwrap();
            assert!(
                !unicode_normalization::char::is_combining_mark(first) && first != 'ั',
                "{width}: {lines:?}"
            );
        }
        assert_eq!(lines.concat(), text.replace(' ', ""));
        assert!(l.line_widths().iter().all(|&lw| lw <= width as f32 + 0.01));
    }
}

#[test]
fn nfc_composes_and_marks_sit_on_their_base() {
    // One canonical form: composed and decomposed texts are the same text.
    assert_eq!(clean_text("e\u{301}"), "é");
    assert_eq!(clean_text("Vie\u{302}\u{323}t"), "Việt");
    assert_eq!(clean_text("Ä\r\nb"), "Ä\nb");
    let Some(w) = world() else { return };
    let composed = layout_text(&wspec("Café"), w);
    let decomposed = layout_text(&wspec("Cafe\u{301}"), w);
    assert_eq!(drawn(&composed), drawn(&decomposed));
    // "q" + U+0303 has no precomposed form: NFC leaves the mark, which
    // comes from the base's face, Noto Mono: without GPOS, HarfBuzz's
    // fallback centres it over the base's ink and lifts it above.
    let mut s = wspec("q\u{303}");
    s.chain = vec![W_MONO, W_THAI];
    let l = layout_text(&s, w);
    assert_eq!(l.missing(), 0);
    let g: Vec<(u16, u16, f32, f32)> = l.glyph_origins().collect();
    assert_eq!(g.len(), 2, "{g:?}");
    assert!(g.iter().all(|g| g.0 == W_MONO), "{g:?}");
    let ink = |&(_, id, x, y): &(u16, u16, f32, f32)| {
        let m = w.font(W_MONO).metrics_indexed(id, 40.0);
        (x + m.xmin as f32 + m.width as f32 / 2.0, y - m.ymin as f32)
    };
    let ((base_x, base_top), (mark_x, mark_bottom)) = (ink(&g[0]), ink(&g[1]));
    let base_top = base_top - w.font(W_MONO).metrics_indexed(g[0].1, 40.0).height as f32;
    assert!(
        (base_x - mark_x).abs() <= 1.0,
        "base {base_x}, mark {mark_x}"
    );
    assert!(
        mark_bottom <= base_top + 1.0,
        "{mark_bottom} above {base_top}"
    );
    // Pointed Hebrew: GPOS attaches the points (same ink as HarfBuzz, see
    // scripts/check-shaping.py); the word is as wide as without them.
    let plain = layout_text(&wspec("שלום"), w).line_widths()[0];
    let pointed = layout_text(&wspec("שָׁלוֹם"), w);
    assert_eq!(pointed.missing(), 0);
    assert!((pointed.line_widths()[0] - plain).abs() < 0.01);
    assert!(pointed.glyphs().len() > 4);
}

#[test]
fn right_to_left_ellipsis_justify_and_segments() {
    let Some(w) = world() else { return };
    let text = "כל בני אדם נולדו בני חורין ושווים בערכם ובזכויותיהם";
    let mut s = wspec(text);
    s.wrap = Wrap::Word;
    s.width = Some(200);
    s.max_lines = Some(1);
    let l = layout_text(&s, w);
    assert!(l.truncated());
    // The ellipsis is at the end edge of a right-to-left line: leftmost.
    let ellipsis = cmap(w, W_LATIN, '…');
    let g = drawn(&l);
    assert_eq!((g[0].0, g[0].1), (W_LATIN, ellipsis), "{g:?}");
    assert!(l.line_texts()[0].ends_with('…'));
    // Justified: wrapped lines fill the width, the last one is at the start
    // edge (right).
    let mut s = wspec(text);
    s.wrap = Wrap::Word;
    s.width = Some(200);
    s.align = Align::Justify;
    let l = layout_text(&s, w);
    let segs = l.segments();
    assert!(segs.len() >= 3);
    // Every line reaches the right edge; the wrapped ones with an inner
    // space also the left one; the last does not.
    for (g, text) in segs.iter().zip(l.line_texts()) {
        assert!((g.x + g.width - 200.0).abs() < 0.05, "{g:?}");
        if text.contains(' ') && g.line + 1 < segs.len() {
            assert!(g.x.abs() < 0.05, "{g:?} {text}");
        }
    }
    assert!(segs[segs.len() - 1].x > 1.0);
}

#[test]
fn latin_and_cjk_take_the_fast_path() {
    // With the shaper available for every face, Latin and Chinese lines are
    // laid out exactly as without it.
    struct Shaping(TestFonts, Vec<ShapingFace<'static>>);
    impl FontSource for Shaping {
        fn covers(&self, face: u16, ch: char) -> bool {
            self.0.covers(face, ch)
        }
        fn font(&self, face: u16) -> &Font {
            self.0.font(face)
        }
        fn shaping(&self, face: u16) -> Option<&ShapingFace<'_>> {
            self.1.get(usize::from(face))
        }
    }
    let faces: Vec<ShapingFace<'static>> = FILES
        .iter()
        .map(|d| ShapingFace::parse(d, 0).unwrap())
        .collect();
    assert!(faces.iter().all(|f| !f.shapes_every_run()));
    let with = Shaping(TestFonts::new(), faces);
    for text in [
        "Hello, Wörld — “quoted” AV To",
        CN,
        "Mixed 中文 and English",
    ] {
        let mut s = spec(text);
        s.width = Some(120);
        let a = layout_text(&s, &TestFonts::new());
        let b = layout_text(&s, &with);
        assert_eq!(a, b, "{text}");
    }
}
