//! Text → items: one per kept character, with the face and glyph it is drawn
//! from. Size-independent, so `fit` itemizes once and measures many times.

use alloc::vec::Vec;

use super::fonts::{notdef_face, pick, FontSource};

/// What an item does on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A drawn glyph (possibly the `.notdef` box of a missing character).
    Glyph,
    /// U+0020: drawn as nothing, hangs at a break.
    Space,
    /// `\t`: advances to the next tab stop, hangs at a break.
    Tab,
    /// A mandatory break; not drawn.
    Newline,
    /// A default-ignorable code point: zero width, never drawn. (Also a
    /// character of an emoji sequence merged into its cluster's glyph.)
    Ignorable,
}

/// One character of the text, resolved to a face and glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub ch: char,
    pub kind: Kind,
    /// The face the glyph comes from; `None` for items without a glyph
    /// (newlines, ignorables, and anything when the chain is empty).
    pub face: Option<u16>,
    pub glyph: u16,
    /// No face covers the character: `glyph` is the primary face's `.notdef`.
    pub missing: bool,
    /// Continues the cluster of the item before it (the rest of an emoji
    /// sequence, see `emoji.rs`): no line break before it, and it never
    /// hangs at a line's end.
    pub joined: bool,
}

impl Item {
    /// Whitespace that hangs past the end of a line instead of wrapping.
    pub fn hangs(&self) -> bool {
        matches!(self.kind, Kind::Space | Kind::Tab | Kind::Ignorable) && !self.joined
    }

    /// Whether painting draws this item.
    pub fn drawn(&self) -> bool {
        self.kind == Kind::Glyph && self.face.is_some()
    }
}

/// The kept characters of `text`: `\r\n` and `\r` (and U+2028/U+2029) become
/// `\n`; control characters other than `\n` and `\t` are removed.
pub(crate) fn clean(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = text.chars().peekable();
    core::iter::from_fn(move || loop {
        let ch = chars.next()?;
        match ch {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                return Some('\n');
            }
            '\u{2028}' | '\u{2029}' => return Some('\n'),
            '\n' | '\t' => return Some(ch),
            c if c.is_control() => continue,
            c => return Some(c),
        }
    })
}

/// Whether `ch` is a default-ignorable code point (Unicode's
/// Default_Ignorable_Code_Point, less the unassigned reserved ranges that
/// nobody types): drawn as nothing, whatever the fonts say.
pub(crate) fn is_ignorable(ch: char) -> bool {
    matches!(ch as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF)
}

/// Resolves one character to an item.
pub(crate) fn item(ch: char, chain: &[u16], fonts: &dyn FontSource) -> Item {
    let kind = match ch {
        '\n' => Kind::Newline,
        '\t' => Kind::Tab,
        ' ' => Kind::Space,
        c if is_ignorable(c) => Kind::Ignorable,
        _ => Kind::Glyph,
    };
    let mut it = Item {
        ch,
        kind,
        face: None,
        glyph: 0,
        missing: false,
        joined: false,
    };
    match kind {
        Kind::Newline | Kind::Ignorable => {}
        // The tab's width comes from the space; it has no glyph of its own.
        Kind::Tab => {}
        Kind::Space | Kind::Glyph => match pick(ch, chain, fonts) {
            Some((face, glyph)) => {
                it.face = Some(face);
                it.glyph = glyph;
            }
            None => {
                it.face = notdef_face(chain, fonts);
                it.missing = true;
            }
        },
    }
    it
}

/// The items of `text` (see [`clean`] and [`item`]). A combining mark
/// comes from its base's face when that face has it; a character no face
/// has whose canonical decomposition one face has whole (a precomposed
/// letter missing from a font that has its base and marks) becomes that
/// decomposition, as HarfBuzz draws it.
pub(crate) fn itemize(text: &str, chain: &[u16], fonts: &dyn FontSource) -> Vec<Item> {
    // Consecutive equal characters are common (spaces, repeated letters): reuse
    // the previous resolution instead of walking the chain again.
    let mut out: Vec<Item> = Vec::with_capacity(text.len());
    for ch in clean(text) {
        let it = resolve(ch, &out, chain, fonts);
        if it.missing && it.kind == Kind::Glyph {
            let mut parts: Vec<char> = Vec::new();
            unicode_normalization::char::decompose_canonical(ch, |c| parts.push(c));
            let whole = parts.len() > 1
                && pick(parts[0], chain, fonts).is_some_and(|(face, _)| {
                    parts[1..]
                        .iter()
                        .all(|&c| pick(c, &[face], fonts).is_some())
                });
            if whole {
                for c in parts {
                    let part = resolve(c, &out, chain, fonts);
                    out.push(part);
                }
                continue;
            }
        }
        out.push(it);
    }
    // Hook (colour emoji): emoji sequences become single clusters.
    super::emoji::resolve(&mut out, chain, fonts);
    out
}

/// `ch` resolved after the items `before`: a combining mark from its
/// base's face when that face has it (so the shaper sees them together and
/// can attach the mark, as browsers pick a cluster's font); anything else
/// as the last few equal characters were, or by [`item`].
fn resolve(ch: char, before: &[Item], chain: &[u16], fonts: &dyn FontSource) -> Item {
    if unicode_normalization::char::is_combining_mark(ch) && !is_ignorable(ch) {
        let base = before.last().filter(|p| p.drawn() && !p.missing);
        if let Some((face, glyph)) = base
            .and_then(|p| p.face)
            .and_then(|f| pick(ch, &[f], fonts))
        {
            return Item {
                ch,
                kind: Kind::Glyph,
                face: Some(face),
                glyph,
                missing: false,
                joined: false,
            };
        }
        return item(ch, chain, fonts);
    }
    match before.iter().rev().take(8).find(|it| it.ch == ch) {
        Some(prev) => *prev,
        None => item(ch, chain, fonts),
    }
}
