//! Bidirectional text (UAX #9, by `unicode-bidi`): each item's embedding
//! level and each paragraph's direction, resolved once per layout over the
//! whole text (spans included); lines are broken in logical order, then
//! each line is put in visual order (rules L1–L2).
//!
//! Text with no right-to-left character in a paragraph that is not asked
//! to be right to left (all of today's Latin and CJK) skips the algorithm:
//! every level is 0 and lines stay in logical order.

use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};

use super::itemize::{Item, Kind};
use super::Direction;

/// What rule L1 does with an item at the end of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reset {
    /// Whitespace, isolate and embedding controls: back to the paragraph
    /// level before a separator or at the end of the line.
    Trailing,
    /// A segment separator (tab): always the paragraph level.
    Separator,
    No,
}

/// The levels of a text's items.
#[derive(Debug, Default)]
pub(super) struct Bidi {
    /// Per item: its resolved embedding level; empty when all are 0.
    pub(super) levels: Vec<u8>,
    /// Per item: what L1 does with it (empty with `levels`).
    reset: Vec<Reset>,
    /// Per paragraph (text between newlines): right to left.
    rtl: Vec<bool>,
    /// The direction asked for.
    dir: Direction,
}

/// Whether `ch` could make a level odd: a right-to-left letter, an Arabic
/// number, or a right-to-left embedding, override or isolate.
fn rtl_class(ch: char) -> bool {
    ch >= '\u{590}'
        && matches!(
            bidi_class(ch),
            BidiClass::R
                | BidiClass::AL
                | BidiClass::AN
                | BidiClass::RLE
                | BidiClass::RLO
                | BidiClass::RLI
        )
}

impl Bidi {
    /// Resolves the levels of `items` with paragraphs in direction `dir`.
    pub(super) fn new(items: &[Item], dir: Direction) -> Bidi {
        let mut bidi = Bidi {
            dir,
            ..Bidi::default()
        };
        if dir != Direction::Rtl && !items.iter().any(|it| rtl_class(it.ch)) {
            return bidi;
        }
        bidi.resolve(items);
        bidi
    }

    /// The algorithm proper, out of line: a text with nothing right to left
    /// never calls it, so a fresh isolate never compiles it (wasm functions
    /// are compiled on their first call).
    #[inline(never)]
    fn resolve(&mut self, items: &[Item]) {
        let dir = self.dir;
        let bidi = self;
        let mut text = String::with_capacity(items.len());
        let mut at = Vec::with_capacity(items.len());
        for it in items {
            at.push(text.len());
            text.push(it.ch);
        }
        let level = match dir {
            Direction::Auto => None,
            Direction::Ltr => Some(Level::ltr()),
            Direction::Rtl => Some(Level::rtl()),
        };
        let info = BidiInfo::new(&text, level);
        // `\n` is the only paragraph separator left in cleaned text, so
        // the algorithm's paragraphs are the engine's.
        bidi.rtl = info.paragraphs.iter().map(|p| p.level.is_rtl()).collect();
        bidi.levels = at.iter().map(|&b| info.levels[b].number()).collect();
        bidi.reset = at
            .iter()
            .map(|&b| match info.original_classes[b] {
                BidiClass::S | BidiClass::B => Reset::Separator,
                BidiClass::WS
                | BidiClass::BN
                | BidiClass::FSI
                | BidiClass::LRI
                | BidiClass::RLI
                | BidiClass::PDI
                | BidiClass::LRE
                | BidiClass::RLE
                | BidiClass::LRO
                | BidiClass::RLO
                | BidiClass::PDF => Reset::Trailing,
                _ => Reset::No,
            })
            .collect();
        if bidi.levels.iter().all(|&l| l == 0) {
            bidi.levels.clear();
            bidi.reset.clear();
        }
    }

    /// Whether paragraph `p` (0-based, counted at newlines) is right to left.
    pub(super) fn rtl(&self, p: usize) -> bool {
        match self.rtl.get(p) {
            Some(&rtl) => rtl,
            // A paragraph the algorithm did not see (the empty one after a
            // final newline, or any when it was skipped).
            None => self.dir == Direction::Rtl,
        }
    }

    /// The items of `line` (a range of `items`) in visual order, left to
    /// right; `None` when that is their logical order. `rtl` is the line's
    /// paragraph direction.
    pub(super) fn visual(
        &self,
        items: &[Item],
        line: Range<usize>,
        rtl: bool,
    ) -> Option<Vec<usize>> {
        if self.levels.is_empty() || line.is_empty() {
            return None;
        }
        let base = u8::from(rtl);
        let mut levels: Vec<u8> = self.levels[line.clone()].to_vec();
        let reset = &self.reset[line.clone()];
        // L1: separators, and whitespace before them or at the line's end,
        // go back to the paragraph level. (Newlines end lines; they are
        // separators too.)
        let mut trailing = true;
        for k in (0..levels.len()).rev() {
            let newline = items[line.start + k].kind == Kind::Newline;
            match reset[k] {
                Reset::Separator => {
                    levels[k] = base;
                    trailing = true;
                }
                Reset::Trailing if trailing => levels[k] = base,
                _ if newline => levels[k] = base,
                _ => trailing = false,
            }
        }
        if levels.iter().all(|&l| l == 0) {
            return None;
        }
        let levels: Vec<Level> = levels
            .into_iter()
            .map(|l| Level::new(l).unwrap_or(Level::ltr()))
            .collect();
        let order = BidiInfo::reorder_visual(&levels);
        Some(order.into_iter().map(|k| line.start + k).collect())
    }
}
