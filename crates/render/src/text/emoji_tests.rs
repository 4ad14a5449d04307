//! Colour emoji with the real Twemoji COLR font.
//!
//! The font is looked for at `$EDGE_RENDER_EMOJI_FONT`, then as the
//! repository's `fonts/*moji*.ttf` (the committed one, once there), then at
//! `/tmp/tw/twemoji.ttf` (npm `twemoji-colr-font` ships it as WOFF2:
//! `cd /tmp/tw && npm i twemoji-colr-font && python3 -c "from fontTools.ttLib
//! import TTFont; f = TTFont('node_modules/twemoji-colr-font/twemoji.woff2');
//! f.flavor = None; f.save('twemoji.ttf')"`, with `pip install fonttools
//! brotli`). Without it these tests print why and pass.

extern crate std;

use alloc::collections::BTreeSet;
use alloc::string::ToString;
use alloc::vec::Vec;
use std::sync::OnceLock;

use fontdue::{Font, FontSettings};
use tiny_skia::Pixmap;

use super::*;

const SANS: u16 = 0;
const EMOJI: u16 = 1;
/// A text face with a ❤ (DejaVu Sans, when the machine has it).
const DEJAVU: u16 = 2;

struct Face {
    data: &'static [u8],
    font: Font,
}

fn load(data: &'static [u8]) -> Face {
    let font = Font::from_bytes(data, FontSettings::default()).expect("font parses");
    Face { data, font }
}

fn read(path: impl AsRef<std::path::Path>) -> Option<&'static [u8]> {
    std::fs::read(path).ok().map(|v| &*v.leak())
}

/// Noto Sans, Twemoji and, if present, DejaVu Sans; `None` without Twemoji.
fn faces() -> Option<&'static [Option<Face>; 3]> {
    static FACES: OnceLock<Option<[Option<Face>; 3]>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let emoji = read(&emoji_font_path()?)?;
            let sans: &'static [u8] = include_bytes!("../../../../fonts/NotoSans-Regular.ttf");
            let dejavu = read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
            Some([Some(load(sans)), Some(load(emoji)), dejavu.map(load)])
        })
        .as_ref()
}

/// Where the emoji font is (see the module doc).
fn emoji_font_path() -> Option<std::path::PathBuf> {
    if let Ok(path) = std::env::var("EDGE_RENDER_EMOJI_FONT") {
        return Some(path.into());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    let mut committed: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase());
            name.is_some_and(|n| n.contains("moji") && n.ends_with(".ttf"))
        })
        .collect();
    committed.sort();
    committed
        .into_iter()
        .next()
        .or_else(|| Some("/tmp/tw/twemoji.ttf".into()))
}

/// The faces as a [`FontSource`] (`is_color` left to its default, which
/// finds Twemoji's COLR table).
struct Fonts(&'static [Option<Face>; 3]);

impl Fonts {
    fn get() -> Option<Fonts> {
        match faces() {
            Some(f) => Some(Fonts(f)),
            None => {
                std::eprintln!(
                    "SKIPPED: no Twemoji COLR font (see crates/render/src/text/emoji_tests.rs)"
                );
                None
            }
        }
    }

    fn face(&self, face: u16) -> Option<&Face> {
        self.0.get(usize::from(face)).and_then(Option::as_ref)
    }
}

impl FontSource for Fonts {
    fn covers(&self, face: u16, ch: char) -> bool {
        self.face(face).is_some_and(|f| f.font.has_glyph(ch))
    }

    fn font(&self, face: u16) -> &Font {
        &self.face(face).or(self.face(SANS)).expect("sans").font
    }

    fn data(&self, face: u16) -> Option<&[u8]> {
        self.face(face).map(|f| f.data)
    }
}

fn spec(text: &str, px: f32) -> TextSpec {
    TextSpec {
        text: text.to_string(),
        chain: alloc::vec![SANS, EMOJI],
        size: px,
        bg: Rgba::TRANSPARENT,
        ..TextSpec::default()
    }
}

fn paint(fonts: &Fonts, s: &TextSpec) -> Pixmap {
    let layout = layout_text(s, fonts);
    render_text(&layout, s, fonts, &mut GlyphCache::default())
}

/// The distinct colours of a pixmap's opaque-enough pixels that are not
/// greys (a colour glyph's, not the black text's).
fn colours(p: &Pixmap) -> BTreeSet<[u8; 3]> {
    p.pixels()
        .iter()
        .filter(|c| c.alpha() > 200)
        .map(|c| [c.red(), c.green(), c.blue()])
        .filter(|[r, g, b]| r != g || g != b)
        .collect()
}

#[test]
fn emoji_draw_in_their_own_colours() {
    let Some(fonts) = Fonts::get() else { return };
    for e in ["😀", "❤", "🎉", "👍", "🔥", "🐻", "🌈"] {
        let s = spec(e, 64.0);
        let l = layout_text(&s, &fonts);
        assert_eq!(l.missing(), 0, "{e}");
        assert_eq!(l.glyphs().len(), 1, "{e}");
        assert_eq!(l.glyphs()[0].face, EMOJI, "{e}");
        let p = paint(&fonts, &s);
        let c = colours(&p);
        // ❤ is one red layer; the others have several colours.
        let want = if e == "❤" { 1 } else { 2 };
        assert!(c.len() >= want, "{e}: {} colours", c.len());
        // Not the text colour (black): most of the ink is coloured.
        let ink = p.pixels().iter().filter(|c| c.alpha() > 200).count();
        assert!(ink > 64 * 64 / 4, "{e}: {ink} pixels");
    }
    // Text next to emoji stays black; the heart is red.
    let p = paint(&fonts, &spec("I ❤ Rust", 64.0));
    assert!(colours(&p)
        .iter()
        .any(|&[r, g, b]| r > 180 && g < 80 && b < 80));
    assert!(p.pixels().iter().any(|c| c.alpha() == 255 && c.red() == 0));
}

#[test]
fn a_skin_tone_changes_the_glyph() {
    let Some(fonts) = Fonts::get() else { return };
    let plain = layout_text(&spec("👍", 64.0), &fonts);
    let toned = layout_text(&spec("👍🏽", 64.0), &fonts);
    assert_eq!(toned.glyphs().len(), 1);
    assert_eq!(toned.missing(), 0);
    assert_ne!(plain.glyphs()[0].glyph, toned.glyphs()[0].glyph);
    assert_eq!(plain.line_widths(), toned.line_widths());
    assert_eq!(toned.line_texts(), ["👍🏽"]);
    assert_ne!(
        paint(&fonts, &spec("👍", 64.0)).data(),
        paint(&fonts, &spec("👍🏽", 64.0)).data()
    );
}

#[test]
fn sequences_are_one_glyph_one_emoji_wide() {
    let Some(fonts) = Fonts::get() else { return };
    let one = layout_text(&spec("👨", 64.0), &fonts).line_widths()[0];
    let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
    let family = "👨\u{200D}👩\u{200D}👧";
    for seq in [family, "🇫🇷", "1\u{FE0F}\u{20E3}", scotland, "❤\u{FE0F}"] {
        let l = layout_text(&spec(seq, 64.0), &fonts);
        assert_eq!(l.glyphs().len(), 1, "{seq:?}");
        assert_eq!(l.glyphs()[0].face, EMOJI, "{seq:?}");
        assert_eq!(l.missing(), 0, "{seq:?}");
        assert!((l.line_widths()[0] - one).abs() < 0.01, "{seq:?}");
        assert_eq!(l.line_texts(), [seq]);
        assert!(
            colours(&paint(&fonts, &spec(seq, 64.0))).len() >= 2,
            "{seq:?}"
        );
    }
    // The family is not its three members side by side.
    let l = layout_text(&spec(family, 64.0), &fonts);
    let man = layout_text(&spec("👨", 64.0), &fonts);
    assert_ne!(l.glyphs()[0].glyph, man.glyphs()[0].glyph);
    // A keycap is not the digit.
    let digit = layout_text(&spec("1", 64.0), &fonts);
    assert_eq!(digit.glyphs()[0].face, SANS);
    // Two flags in a row: two glyphs.
    assert_eq!(layout_text(&spec("🇫🇷🇩🇪", 64.0), &fonts).glyphs().len(), 2);
    // A sequence the font does not have falls back to its parts (UTS #51):
    // here a man joined to a rainbow.
    let l = layout_text(&spec("👨\u{200D}🌈", 64.0), &fonts);
    assert_eq!((l.glyphs().len(), l.missing()), (2, 0));
}

#[test]
fn presentation_selectors_choose_the_face() {
    let Some(fonts) = Fonts::get() else { return };
    let face = |text: &str, chain: &[u16]| {
        let mut s = spec(text, 32.0);
        s.chain = chain.to_vec();
        let l = layout_text(&s, &fonts);
        assert_eq!((l.glyphs().len(), l.missing()), (1, 0), "{text:?}");
        l.glyphs()[0].face
    };
    // © is text by default, and Noto Sans has it.
    assert_eq!(face("©", &[SANS, EMOJI]), SANS);
    assert_eq!(face("©\u{FE0E}", &[SANS, EMOJI]), SANS);
    // VS16 prefers the colour face even though the text face comes first.
    assert_eq!(face("©\u{FE0F}", &[SANS, EMOJI]), EMOJI);
    // Emoji-presentation characters too, even with the colour face first…
    assert_eq!(face("😀", &[EMOJI, SANS]), EMOJI);
    // …and VS15 prefers a text face even when the colour face comes first.
    assert_eq!(face("©\u{FE0E}", &[EMOJI, SANS]), SANS);
    // No text face has ❤: text presentation still draws it, from the emoji face.
    assert_eq!(face("❤\u{FE0E}", &[SANS, EMOJI]), EMOJI);
    assert_eq!(face("❤", &[SANS, EMOJI]), EMOJI);
    if fonts.face(DEJAVU).is_some() {
        assert_eq!(face("❤", &[SANS, DEJAVU, EMOJI]), DEJAVU);
        assert_eq!(face("❤\u{FE0F}", &[SANS, DEJAVU, EMOJI]), EMOJI);
        let mut s = spec("❤\u{FE0E}", 64.0);
        s.chain = alloc::vec![SANS, DEJAVU, EMOJI];
        assert_eq!(layout_text(&s, &fonts).glyphs()[0].face, DEJAVU);
        // Drawn in the text colour, not in colour.
        let p = paint(&fonts, &s);
        assert!(colours(&p).is_empty());
        assert!(p.pixels().iter().any(|c| c.alpha() == 255));
    } else {
        std::eprintln!("no DejaVu Sans: ❤︎ from a text face not checked");
    }
}

#[test]
fn line_breaking_never_splits_a_sequence() {
    let Some(fonts) = Fonts::get() else { return };
    let family = "👨\u{200D}👩\u{200D}👧";
    let toned = "👍🏽";
    let text = [family, toned, "🇫🇷", family, "1\u{FE0F}\u{20E3}", family].concat();
    let one = layout_text(&spec("👨", 20.0), &fonts).line_widths()[0];
    for wrap in [Wrap::Word, Wrap::Char] {
        // Narrower than one emoji, then room for one, two, three.
        for w in [1.0, one, 2.0 * one + 1.0, 3.0 * one + 1.0] {
            let mut s = spec(&text, 20.0);
            s.wrap = wrap;
            s.width = Some(w as u32);
            let l = layout_text(&s, &fonts);
            assert_eq!(l.line_texts().concat(), text, "{wrap:?} {w}");
            let per_line = l.glyphs().len() as f32 / l.lines() as f32;
            assert_eq!(l.glyphs().len(), 6, "{wrap:?} {w}");
            for line in l.line_texts() {
                assert!(!line.starts_with('\u{200D}'), "{line:?}");
                assert!(!line.starts_with('\u{1F3FD}'), "{line:?}");
                assert!(!line.starts_with('\u{FE0F}'), "{line:?}");
                assert!(!line.starts_with('\u{20E3}'), "{line:?}");
                assert!(!line.starts_with('🇷'), "{line:?}");
            }
            if w >= one {
                assert!(per_line >= (w / one).floor() - 1.0, "{wrap:?} {w}");
            }
        }
    }
    // Letter spacing follows each sequence once.
    let mut s = spec(&[family, family].concat(), 20.0);
    s.letter_spacing = 3.0;
    let w = layout_text(&s, &fonts).line_widths()[0];
    assert!((w - 2.0 * (one + 3.0)).abs() < 0.01, "{w} vs {one}");
}

#[test]
fn missing_sequences_count_once() {
    let Some(fonts) = Fonts::get() else { return };
    // Without the colour face nothing draws them: one box per cluster's
    // missing part, counted once per cluster.
    let count = |text: &str| {
        let mut s = spec(text, 20.0);
        s.chain = alloc::vec![SANS];
        layout_text(&s, &fonts).missing()
    };
    assert_eq!(count("👨\u{200D}👩\u{200D}👧"), 1);
    assert_eq!(count("👍🏽 🇫🇷"), 2);
    assert_eq!(count("1\u{FE0F}\u{20E3}"), 1);
    assert_eq!(count("😀😀"), 2);
    // With it, none.
    let l = layout_text(&spec("👨\u{200D}👩\u{200D}👧 👍🏽 🇫🇷 ❤", 20.0), &fonts);
    assert_eq!(l.missing(), 0);
    // Emoji newer than the font's Unicode: a box each.
    assert_eq!(layout_text(&spec("\u{1FAE9}", 20.0), &fonts).missing(), 1);
}

#[test]
fn translucent_text_fades_emoji_as_a_whole() {
    let Some(fonts) = Fonts::get() else { return };
    let mut s = spec("😀", 64.0);
    let opaque = paint(&fonts, &s);
    s.color = Rgba {
        r: 255,
        g: 0,
        b: 0,
        a: 128,
    };
    let faded = paint(&fonts, &s);
    // Every pixel is the opaque one at half its alpha, its colour kept
    // (premultiplied channels halve too): no layer shows through another.
    for (a, b) in opaque.pixels().iter().zip(faded.pixels()) {
        let half = |v: u8| mul255(v, 128);
        for (x, y) in [
            (a.red(), b.red()),
            (a.green(), b.green()),
            (a.blue(), b.blue()),
            (a.alpha(), b.alpha()),
        ] {
            assert!(half(x).abs_diff(y) <= 1, "{a:?} {b:?}");
        }
    }
    // Clipped by the pixmap's edge: the same pixels where it shows.
    let l = layout_text(&s, &fonts);
    let (dx, dy) = (-20i32, -25i32);
    let mut part = Pixmap::new(40, 30).expect("pixmap");
    draw_layout(
        &mut part,
        &l,
        dx as f32,
        dy as f32,
        s.color,
        &fonts,
        &mut GlyphCache::default(),
    );
    for y in 0..30 {
        for x in 0..40 {
            let want = faded.pixel((x - dx) as u32, (y - dy) as u32);
            assert_eq!(part.pixel(x as u32, y as u32), want, "{x},{y}");
        }
    }
    // Opaque text in another colour: the emoji's pixels do not change.
    s.color = Rgba::rgb(0x3366ff);
    assert_eq!(paint(&fonts, &s).data(), opaque.data());
}

#[test]
fn repeated_emoji_hit_the_glyph_cache() {
    let Some(fonts) = Fonts::get() else { return };
    let s = spec("😀😀😀", 64.0);
    let l = layout_text(&s, &fonts);
    let mut cache = GlyphCache::default();
    let a = render_text(&l, &s, &fonts, &mut cache);
    // 😀 has three layers: rasterised once each.
    assert_eq!(cache.misses(), 3);
    let b = render_text(&l, &s, &fonts, &mut cache);
    assert_eq!(cache.misses(), 3);
    assert_eq!(a.data(), b.data());
    // A tiny cache gives the same pixels.
    let c = render_text(&l, &s, &fonts, &mut GlyphCache::new(1));
    assert_eq!(a.data(), c.data());
}

/// Prints the time nine emoji at 64 px take, cold and warm; asserts none.
#[test]
fn nine_emoji_at_64px_paint_fast() {
    let Some(fonts) = Fonts::get() else { return };
    use std::time::Instant;
    let s = spec("😀❤🎉👍🔥🐻🌈👨\u{200D}👩\u{200D}👧🇫🇷", 64.0);
    let l = layout_text(&s, &fonts);
    assert_eq!(l.glyphs().len(), 9);
    let t = Instant::now();
    let mut cache = GlyphCache::default();
    let _ = render_text(&l, &s, &fonts, &mut cache);
    let cold = t.elapsed();
    // Best of five batches: the machine may be busy.
    let runs = 40u32;
    let warm = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..runs {
                let l = layout_text(&s, &fonts);
                let _ = render_text(&l, &s, &fonts, &mut cache);
            }
            t.elapsed() / runs
        })
        .min()
        .unwrap_or_default();
    let t = Instant::now();
    for _ in 0..runs {
        let _ = layout_text(&s, &fonts);
    }
    let layout = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        let _ = render_text(&l, &s, &fonts, &mut GlyphCache::default());
    }
    let paint_cold = t.elapsed() / runs;
    std::println!(
        "nine emoji at 64 px: first render {cold:?} ({} layers); then layout {layout:?}, \
         paint with a cold cache {paint_cold:?}, layout + paint warm {warm:?}",
        cache.misses()
    );
}

/// Writes `target/emoji-sample.ppm` for a look:
/// `cargo test -p edge-render-core emoji_sample -- --ignored`.
#[test]
#[ignore = "writes an image to look at"]
fn emoji_sample() {
    let Some(fonts) = Fonts::get() else { return };
    let mut s = spec(
        "I ❤ Rust 😀🎉👍👍🏽🔥🐻🌈\n👨\u{200D}👩\u{200D}👧 🇫🇷 1\u{FE0F}\u{20E3} ©\u{FE0F} ©",
        48.0,
    );
    s.bg = Rgba::rgb(0xffffff);
    s.padding = 8;
    let p = paint(&fonts, &s);
    // Binary PPM (opaque: the background is white).
    let mut v: Vec<u8> = alloc::format!("P6 {} {} 255\n", p.width(), p.height()).into_bytes();
    for c in p.pixels() {
        v.extend([c.red(), c.green(), c.blue()]);
    }
    std::fs::write("../../target/emoji-sample.ppm", v).expect("write");
}

/// The edge layer's coverage-only count agrees with the engine's.
#[test]
fn count_missing_agrees_with_the_layout() {
    let Some(fonts) = Fonts::get() else { return };
    let texts = [
        "I ❤ Rust",
        "👨\u{200D}👩\u{200D}👧 and 👍🏽",
        "🇫🇷🇩🇪🇫 1\u{FE0F}\u{20E3} #\u{FE0F}\u{20E3} 12",
        "©\u{FE0E} ©\u{FE0F} ❤\u{FE0E}",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 🏴",
        "\u{1FAE9}\u{200D}😀 \u{1FAE9}",
        "👨\u{200D}\u{1FAE9} 한국 e\u{301}",
        "😀\u{200D}\u{200D}a\u{FE0F}\tb\n😀",
    ];
    for chain in [&[SANS][..], &[SANS, EMOJI], &[EMOJI, SANS]] {
        for text in texts {
            let mut s = spec(text, 20.0);
            s.chain = chain.to_vec();
            let engine = layout_text(&s, &fonts).missing();
            let covered = |c: char| chain.iter().any(|&f| fonts.covers(f, c));
            assert_eq!(count_missing(text, covered), engine, "{text:?} {chain:?}");
        }
    }
    let seqs = emoji_sequences("I ❤ 👍🏽 ©\u{FE0E}!");
    assert_eq!(seqs, [(6..14, true), (15..20, false)]);
}

/// Every emoji of Unicode's emoji-test.txt (Debian `unicode-data`, when
/// present) is one cluster drawn as one glyph with nothing missing —
/// segmentation and the font's ligatures agree on all — except the five
/// unqualified text-default singles a text face draws (‼ ⁉ © ® ™).
#[test]
fn every_emoji_of_emoji_test_txt_is_one_glyph() {
    let Some(fonts) = Fonts::get() else { return };
    let Ok(list) = std::fs::read_to_string("/usr/share/unicode/emoji/emoji-test.txt") else {
        std::eprintln!("SKIPPED: no /usr/share/unicode/emoji/emoji-test.txt (Debian unicode-data)");
        return;
    };
    let mut text = alloc::string::String::new();
    let (mut n, mut bad) = (0, Vec::new());
    for line in list.lines() {
        let Some((cps, rest)) = line.split_once(';') else {
            continue;
        };
        let status = rest.trim_start();
        if line.starts_with('#') || status.starts_with("component") {
            continue;
        }
        let seq: alloc::string::String = cps
            .split_whitespace()
            .filter_map(|h| u32::from_str_radix(h, 16).ok().and_then(char::from_u32))
            .collect();
        let l = layout_text(&spec(&seq, 16.0), &fonts);
        n += 1;
        let face = if matches!(seq.as_str(), "‼" | "⁉" | "©" | "®" | "™") {
            SANS
        } else {
            EMOJI
        };
        if l.glyphs().len() != 1 || l.missing() != 0 || l.glyphs()[0].face != face {
            bad.push(seq.clone());
        }
        text.push_str(&seq);
    }
    assert!(n > 4500, "{n} sequences");
    assert!(
        bad.is_empty(),
        "{} of {n} not one glyph: {bad:?}",
        bad.len()
    );
    // All of them in one text: one glyph each, no break inside any.
    let mut s = spec(&text, 16.0);
    s.width = Some(100);
    let l = layout_text(&s, &fonts);
    assert_eq!((l.glyphs().len(), l.missing()), (n, 0));
    std::println!("{n} emoji, one glyph each, {} lines", l.lines());
}

/// Prints a hash of emoji renders at several sizes and opacities, to compare
/// a native run with a wasm one (pixels must be the same on both):
/// `cargo test -p edge-render-core emoji_pixel_hash -- --ignored --nocapture`.
#[test]
#[ignore = "prints a hash to compare across targets"]
fn emoji_pixel_hash() {
    let Some(fonts) = Fonts::get() else { return };
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for px in [9.0, 16.0, 23.5, 64.0, 150.0] {
        for alpha in [255, 100] {
            let mut s = spec(
                "I ❤ Rust 😀🎉👍🏽🔥🐻🌈👨\u{200D}👩\u{200D}👧🇫🇷1\u{FE0F}\u{20E3}",
                px,
            );
            s.color.a = alpha;
            for &b in paint(&fonts, &s).data() {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    std::println!("emoji pixel hash {hash:016x}");
}

#[test]
fn an_ellipsis_never_cuts_a_sequence_and_spans_keep_emoji_colours() {
    let Some(fonts) = Fonts::get() else { return };
    let family = "👨\u{200D}👩\u{200D}👧";
    let text = [family, family, family, family].concat();
    let one = layout_text(&spec("👨", 20.0), &fonts).line_widths()[0];
    for w in [one * 1.5, one * 2.2, one * 3.1] {
        let mut s = spec(&text, 20.0);
        s.width = Some(w as u32);
        s.max_lines = Some(1);
        let l = layout_text(&s, &fonts);
        let line = &l.line_texts()[0];
        let kept = line.strip_suffix('…').expect("ellipsis");
        assert!(
            kept.is_empty() || kept.split(family).all(str::is_empty),
            "{line:?}"
        );
        assert!(l.line_widths()[0] <= w + 0.01, "{w}");
    }
    // A span in a translucent colour fades its emoji; the rest stay opaque.
    let mut s = spec("😀😀", 64.0);
    s.spans = alloc::vec![Span {
        end: "😀".len() as u32,
        chain: alloc::vec![SANS, EMOJI],
        size: 64.0,
        line_height: 1.25,
        color: Rgba {
            r: 0,
            g: 0,
            b: 0,
            a: 51,
        },
        letter_spacing: 0.0,
        decoration: Decoration::default(),
    }];
    let p = paint(&fonts, &s);
    let l = layout_text(&s, &fonts);
    let split = l.glyphs()[1].x as u32;
    let max_alpha = |x0: u32, x1: u32| {
        (0..p.height())
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .map(|(x, y)| p.pixel(x, y).map_or(0, |c| c.alpha()))
            .max()
            .unwrap_or(0)
    };
    assert!(max_alpha(0, split) <= 52, "{}", max_alpha(0, split));
    assert_eq!(max_alpha(split, p.width()), 255);
}
