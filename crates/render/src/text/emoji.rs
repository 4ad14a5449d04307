//! Emoji sequences (UTS #51): found among the items, each resolved as one
//! cluster — drawn from a colour face when it is presented as emoji, never
//! split by line breaking, and counted as missing at most once.
//!
//! What a sequence is (UTS #51 §1.4.9's grammar, as its "possible emoji"
//! regular expression reads it): elements joined by ZWJ (U+200D), where an
//! element is a regional-indicator pair (a flag), or an emoji character
//! (`Emoji` or `Extended_Pictographic`) followed by at most one of a
//! presentation selector (VS15 U+FE0E text, VS16 U+FE0F emoji), VS16 + the
//! combining keycap U+20E3 (after `0-9 # *`; the keycap alone there too), or
//! a skin-tone modifier (after
//! an `Emoji_Modifier_Base`); then optionally tag characters
//! (U+E0020–E007E) closed by the cancel tag U+E007F (subdivision flags).
//! The property tables are generated (`emoji_table.rs`).
//!
//! Presentation: a single element with VS15 is text (a face of the chain that
//! is not a colour face draws it when one covers it, else whatever covers
//! it); a sequence with VS16, a keycap, a modifier, tags, a regional
//! indicator or more than one element, or a lone `Emoji_Presentation`
//! character, is emoji: the first colour face of the chain (see
//! [`FontSource::is_color`]) that covers its first character draws it, even
//! when a text face earlier in the chain covers that character too. A lone
//! text-default character (`❤`, `©`, a digit) is ordinary text: the first
//! face that covers it draws it — the colour face only when no text face has it.
//!
//! Glyphs: the colour face's cmap maps each character, then its GSUB
//! ligatures (the `ccmp`, `liga` and `rlig` lookups, type 4, as emoji fonts
//! map sequences; see [`ligate`]) merge them. When that leaves more than one
//! glyph, the sequence's fully-qualified form (a VS16 after every
//! text-default base, as emoji-test.txt spells them and fonts ligate them)
//! is tried too: `👁‍🗨` typed without its VS16s is still one glyph.
//!
//! Why our own ligature matching and not `rustybuzz` (measured 2026-12-01,
//! Twemoji 15.0.3, native release): for all 3,655 fully-qualified sequences
//! of emoji-test.txt both give the same single glyph, and ours takes
//! ~1.2–1.6 µs a sequence (face parse included) against rustybuzz's
//! ~6–11 µs (face parsed once); as a wasm32 cdylib alone, ttf-parser's
//! GSUB reader plus this code is 22 KB gzip, rustybuzz 150 KB. Emoji fonts
//! put sequences in plain ligature lookups, so a shaper's generality buys
//! nothing here (and emoji runs need no shaping engine to be present). Characters merged into a
//! ligature, and default-ignorable ones left over (VS16, ZWJ, tags), are not
//! drawn; anything else left over is drawn as its own glyph (UTS #51's
//! fallback for a sequence the font does not have: its parts, side by side),
//! from the colour face or, if it lacks it, the chain.

use alloc::vec::Vec;
use core::ops::Range;

use ttf_parser::gsub::SubstitutionSubtable;
use ttf_parser::{GlyphId, Tag};

use super::emoji_table::{
    EMOJI, LENS, MODIFIER, MODIFIER_BASE, PICTOGRAPHIC, PRESENTATION, STARTS,
};
use super::fonts::FontSource;
use super::itemize::{is_ignorable, Item, Kind};

const ZWJ: char = '\u{200D}';
const VS15: char = '\u{FE0E}';
const VS16: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';
const CANCEL_TAG: char = '\u{E007F}';

/// The emoji property bits of `ch` (0 for most text).
pub(crate) fn props(ch: char) -> u8 {
    let cp = ch as u32;
    // Below U+0023 nothing has a property (a fast path for ASCII text).
    if cp < 0x23 {
        return 0;
    }
    let i = STARTS.partition_point(|&s| s >> 8 <= cp);
    match i.checked_sub(1) {
        Some(k) if cp - (STARTS[k] >> 8) <= u32::from(LENS[k]) => STARTS[k] as u8,
        _ => 0,
    }
}

fn is_ri(ch: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&ch)
}

fn is_tag(ch: char) -> bool {
    ('\u{E0020}'..='\u{E007E}').contains(&ch)
}

/// How a sequence is to be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Presentation {
    /// From a colour face, when one covers it.
    Emoji,
    /// From a text face, when one covers it (VS15).
    Text,
}

/// The element starting at `chars[0]`: its length, and whether it asks for
/// emoji presentation by itself (`Some(true)`), for text (`Some(false)`), or
/// neither (`None`). `None` when no element starts there.
fn element(chars: &[char]) -> Option<(usize, Option<bool>)> {
    let &first = chars.first()?;
    if is_ri(first) {
        let n = if chars.get(1).copied().is_some_and(is_ri) {
            2
        } else {
            1
        };
        return Some((n, Some(true)));
    }
    let p = props(first);
    if p & (EMOJI | PICTOGRAPHIC) == 0 {
        return None;
    }
    let mut n = 1;
    let mut emoji = (p & PRESENTATION != 0).then_some(true);
    match chars.get(1).copied() {
        Some(VS15) => {
            n = 2;
            emoji = Some(false);
        }
        Some(VS16) => {
            n = 2;
            emoji = Some(true);
            if chars.get(2) == Some(&KEYCAP) && matches!(first, '0'..='9' | '#' | '*') {
                n = 3;
            }
        }
        // A keycap typed without its VS16 (emoji-test.txt's unqualified form).
        Some(KEYCAP) if matches!(first, '0'..='9' | '#' | '*') => {
            n = 2;
            emoji = Some(true);
        }
        Some(m) if p & MODIFIER_BASE != 0 && props(m) & MODIFIER != 0 => {
            n = 2;
            emoji = Some(true);
        }
        _ => {}
    }
    // A tag sequence: tag characters closed by the cancel tag.
    let tags = chars[n..].iter().take_while(|&&c| is_tag(c)).count();
    if tags > 0 && chars.get(n + tags) == Some(&CANCEL_TAG) {
        n += tags + 1;
        emoji = Some(true);
    }
    Some((n, emoji))
}

/// The emoji sequence starting at `chars[0]`, if one does: its length in
/// characters and its presentation. A lone text-default character (no
/// selector) is not one.
pub(crate) fn sequence(chars: &[char]) -> Option<(usize, Presentation)> {
    let (mut n, own) = element(chars)?;
    let mut elements = 1;
    while chars.get(n) == Some(&ZWJ) {
        match element(&chars[n + 1..]) {
            Some((m, _)) => {
                n += 1 + m;
                elements += 1;
            }
            None => break,
        }
    }
    match (elements, own) {
        (1, Some(false)) => Some((n, Presentation::Text)),
        (1, None) => None,
        _ => Some((n, Presentation::Emoji)),
    }
}

/// The emoji sequences of `text` as the engine finds them: each one's byte
/// range and whether it is presented as emoji (drawn from the chain's first
/// colour face that covers its first character, before any text face) or
/// as text (VS15). For decisions the edge layer makes from coverage tables
/// alone, such as which faces a text needs.
pub fn emoji_sequences(text: &str) -> Vec<(Range<usize>, bool)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let only: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < only.len() {
        match sequence(&only[i..]) {
            Some((n, how)) => {
                let end = chars.get(i + n).map_or(text.len(), |&(b, _)| b);
                out.push((chars[i].0..end, how == Presentation::Emoji));
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// What [`Layout::missing`](super::Layout::missing) counts for `text` (in
/// the form [`clean_text`](super::clean_text) gives) when `covered(ch)`
/// says whether some face of the chain covers `ch`, from coverage alone: a
/// character no face covers counts once, an emoji sequence with any such
/// character once in all; spaces, tabs, newlines and default-ignorable
/// characters never. (With spans, the engine finds sequences within each
/// span only.)
pub fn count_missing(text: &str, covered: impl Fn(char) -> bool) -> u32 {
    let counts = |c: char| {
        !matches!(c, ' ' | '\n' | '\t') && !c.is_control() && !is_ignorable(c) && !covered(c)
    };
    let chars: Vec<char> = text.chars().collect();
    let mut missing = 0u32;
    let mut i = 0;
    while i < chars.len() {
        let n = sequence(&chars[i..]).map_or(1, |(n, _)| n);
        if chars[i..i + n].iter().any(|&c| counts(c)) {
            missing = missing.saturating_add(1);
        }
        i += n;
    }
    missing
}

/// Resolves the emoji sequences among `items` (one run, drawn along
/// `chain`): see the module doc. Items keep their characters; a sequence's
/// items after its first are marked [`Item::joined`].
pub(crate) fn resolve(items: &mut [Item], chain: &[u16], fonts: &dyn FontSource) {
    let mut chars: Vec<char> = Vec::new();
    let mut gsub = Ligatures::default();
    let mut i = 0;
    while i < items.len() {
        // Cheap rejection first: most text has no emoji property at all.
        let ch = items[i].ch;
        if items[i].kind != Kind::Glyph || (props(ch) == 0 && !is_ri(ch)) {
            i += 1;
            continue;
        }
        if chars.is_empty() {
            chars = items.iter().map(|it| it.ch).collect();
        }
        let Some((n, how)) = sequence(&chars[i..]) else {
            i += 1;
            continue;
        };
        let run = &mut items[i..i + n];
        match how {
            Presentation::Text => text(run, chain, fonts),
            Presentation::Emoji => emoji(run, chain, fonts, &mut gsub),
        }
        for it in &mut run[1..] {
            it.joined = true;
        }
        // At most one missing glyph per cluster.
        let mut seen = false;
        for it in run.iter_mut().filter(|it| it.missing) {
            it.missing = !seen;
            seen = true;
        }
        i += n;
    }
}

/// VS15: the first text face (not a colour face) that covers the base.
fn text(run: &mut [Item], chain: &[u16], fonts: &dyn FontSource) {
    let base = &mut run[0];
    let found = chain.iter().find_map(|&face| {
        if !fonts.covers(face, base.ch) || fonts.is_color(face) {
            return None;
        }
        let font = fonts.font(face);
        let glyph = font.lookup_glyph_index(base.ch);
        (glyph != 0 && glyph < font.glyph_count()).then_some((face, glyph))
    });
    if let Some((face, glyph)) = found {
        (base.face, base.glyph, base.missing) = (Some(face), glyph, false);
    }
}

/// Emoji presentation: the first colour face covering the first character
/// draws what it can; the rest keep the chain's choice.
fn emoji(run: &mut [Item], chain: &[u16], fonts: &dyn FontSource, gsub: &mut Ligatures) {
    let first = run[0].ch;
    let Some(face) = chain
        .iter()
        .copied()
        .find(|&f| fonts.covers(f, first) && fonts.is_color(f))
    else {
        return;
    };
    let font = fonts.font(face);
    let mut glyphs = ligated(run, face, fonts, gsub, false);
    // Not one glyph as typed: try the fully-qualified form (emoji fonts
    // have ligatures for that form only; text often lacks its VS16s).
    if drawn_glyphs(run, &glyphs) > 1 && font.lookup_glyph_index(VS16) != 0 {
        let full = ligated(run, face, fonts, gsub, true);
        if drawn_glyphs(run, &full) < drawn_glyphs(run, &glyphs) {
            glyphs = full;
        }
    }
    let mut drawn = glyphs.iter().peekable();
    for (k, it) in run.iter_mut().enumerate() {
        match drawn.next_if(|&&(_, owner)| owner == k) {
            // A glyph of the colour face (a ligature or a part).
            Some(&(g, _)) if g != 0 && !is_ignorable(it.ch) => {
                (it.kind, it.face, it.glyph, it.missing) = (Kind::Glyph, Some(face), g, false);
            }
            // Not in the colour face: the chain's choice stands.
            Some(_) if !is_ignorable(it.ch) => {}
            // Merged into a ligature, or a leftover selector, joiner or tag.
            _ => {
                (it.kind, it.face, it.glyph, it.missing) = (Kind::Ignorable, None, 0, false);
            }
        }
    }
}

/// Marks a VS16 that [`ligated`] added: not an item's own.
const ADDED: usize = usize::MAX;

/// The glyphs of `run` in colour face `face`, ligated: (glyph, item) for
/// every character the face maps (unmapped default ignorables are left
/// out; unmapped others stay as glyph 0, which no ligature spans).
/// `fully`: in UTS #51's fully-qualified form — every element's base
/// without `Emoji_Presentation` (and no skin tone after it) followed by
/// one VS16, the typed ones dropped.
fn ligated(
    run: &[Item],
    face: u16,
    fonts: &dyn FontSource,
    gsub: &mut Ligatures,
    fully: bool,
) -> Vec<(u16, usize)> {
    let font = fonts.font(face);
    let glyph = |ch: char| {
        let g = font.lookup_glyph_index(ch);
        if g < font.glyph_count() {
            g
        } else {
            0
        }
    };
    let mut glyphs: Vec<(u16, usize)> = Vec::with_capacity(run.len() + 2);
    for (k, it) in run.iter().enumerate() {
        if fully && it.ch == VS16 {
            continue;
        }
        let g = glyph(it.ch);
        if g != 0 || !is_ignorable(it.ch) {
            glyphs.push((g, k));
        }
        let base = k == 0 || run[k - 1].ch == ZWJ;
        let next = run[k + 1..].iter().map(|it| it.ch).find(|&c| c != VS16);
        let p = props(it.ch);
        if fully
            && base
            && p & EMOJI != 0
            && p & PRESENTATION == 0
            && next.is_none_or(|c| props(c) & MODIFIER == 0)
        {
            glyphs.push((glyph(VS16), ADDED));
        }
    }
    if glyphs.len() > 1 {
        gsub.apply(face, fonts, &mut glyphs);
    }
    glyphs.retain(|&(_, owner)| owner != ADDED);
    glyphs
}

/// How many glyphs `glyphs` draws for `run`.
fn drawn_glyphs(run: &[Item], glyphs: &[(u16, usize)]) -> usize {
    glyphs
        .iter()
        .filter(|&&(g, k)| g != 0 && !is_ignorable(run[k].ch))
        .count()
}

/// The GSUB ligature lookups of the colour faces met in one run, read once.
#[derive(Default)]
struct Ligatures {
    /// Per face: its lookup indices (empty: no GSUB or no ligatures).
    faces: Vec<(u16, Vec<u16>)>,
}

/// Features whose ligatures emoji fonts put their sequences in.
const FEATURES: [Tag; 3] = [
    Tag::from_bytes(b"ccmp"),
    Tag::from_bytes(b"liga"),
    Tag::from_bytes(b"rlig"),
];

impl Ligatures {
    fn apply(&mut self, face: u16, fonts: &dyn FontSource, glyphs: &mut Vec<(u16, usize)>) {
        let Some(data) = fonts.data(face) else {
            return;
        };
        let Ok(parsed) = ttf_parser::Face::parse(data, 0) else {
            return;
        };
        let Some(gsub) = parsed.tables().gsub else {
            return;
        };
        let lookups = match self.faces.iter().position(|(f, _)| *f == face) {
            Some(k) => &self.faces[k].1,
            None => {
                let mut lookups: Vec<u16> = gsub
                    .features
                    .into_iter()
                    .filter(|f| FEATURES.contains(&f.tag))
                    .flat_map(|f| f.lookup_indices)
                    .collect();
                lookups.sort_unstable();
                lookups.dedup();
                self.faces.push((face, lookups));
                &self.faces[self.faces.len() - 1].1
            }
        };
        for &l in lookups {
            if let Some(lookup) = gsub.lookups.get(l) {
                for sub in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                    if let SubstitutionSubtable::Ligature(lig) = sub {
                        ligate(&lig, glyphs);
                    }
                }
            }
        }
    }
}

/// Applies one ligature subtable to `glyphs` left to right: at each glyph
/// its first matching ligature (the font orders them by preference)
/// replaces it and its components; the ligature keeps the first one's item.
/// Lookup flags are not applied (emoji fonts set none).
fn ligate(lig: &ttf_parser::gsub::LigatureSubstitution<'_>, glyphs: &mut Vec<(u16, usize)>) {
    let mut p = 0;
    while p < glyphs.len() {
        let set = lig
            .coverage
            .get(GlyphId(glyphs[p].0))
            .and_then(|k| lig.ligature_sets.get(k));
        let rest = &glyphs[p + 1..];
        let found = set.and_then(|set| {
            set.into_iter().find(|l| {
                let n = usize::from(l.components.len());
                n <= rest.len()
                    && l.components
                        .into_iter()
                        .zip(rest)
                        .all(|(c, &(g, _))| c.0 == g)
            })
        });
        if let Some(l) = found {
            let n = usize::from(l.components.len());
            glyphs[p].0 = l.glyph.0;
            glyphs.drain(p + 1..p + 1 + n);
        }
        p += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Option<(usize, Presentation)> {
        let chars: Vec<char> = s.chars().collect();
        sequence(&chars)
    }

    #[test]
    fn properties_come_from_the_table() {
        assert_eq!(props('a'), 0);
        assert_eq!(props(' '), 0);
        assert!(props('😀') & PRESENTATION != 0);
        assert!(props('❤') & EMOJI != 0 && props('❤') & PRESENTATION == 0);
        assert!(props('1') & EMOJI != 0 && props('1') & PICTOGRAPHIC == 0);
        assert!(props('👍') & MODIFIER_BASE != 0);
        assert!(props('\u{1F3FD}') & MODIFIER != 0);
        assert!(props('©') & PICTOGRAPHIC != 0);
        assert_eq!(props('\u{10FFFF}'), 0);
    }

    #[test]
    fn sequences_follow_uts51() {
        use Presentation::*;
        assert_eq!(seq("😀x"), Some((1, Emoji)));
        assert_eq!(seq("❤ Rust"), None);
        assert_eq!(seq("❤\u{FE0F}"), Some((2, Emoji)));
        assert_eq!(seq("❤\u{FE0E}"), Some((2, Text)));
        assert_eq!(seq("1"), None);
        assert_eq!(seq("12"), None);
        assert_eq!(seq("1\u{FE0F}\u{20E3}"), Some((3, Emoji)));
        assert_eq!(seq("#\u{20E3}"), Some((2, Emoji)));
        assert_eq!(seq("a\u{20E3}"), None);
        assert_eq!(seq("👍\u{1F3FD}"), Some((2, Emoji)));
        // A modifier after a character that takes none is its own emoji.
        assert_eq!(seq("❤\u{1F3FD}"), None);
        assert_eq!(seq("👨\u{200D}👩\u{200D}👧!"), Some((5, Emoji)));
        // A joiner to something that is not emoji ends the sequence there.
        assert_eq!(seq("😀\u{200D}a"), Some((1, Emoji)));
        assert_eq!(seq("🇫🇷🇩🇪"), Some((2, Emoji)));
        assert_eq!(seq("🇫"), Some((1, Emoji)));
        let scotland = "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(seq(scotland), Some((7, Emoji)));
        assert_eq!(seq("a😀"), None);
    }
}
