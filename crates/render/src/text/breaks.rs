//! Line-break opportunities: where a line may end when it is too wide.
//!
//! `breaks[i]` (for `0 < i < n`) says a line may end before item `i`. Newlines
//! are mandatory breaks and are handled by the line filler, not here.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use unicode_linebreak::{break_property, linebreaks, BreakClass};
use unicode_normalization::char::canonical_combining_class;

use super::itemize::{Item, Kind};
use super::Wrap;

/// The canonical combining class of viramas (Indic killers).
const VIRAMA: u8 = 9;

/// Characters that must not start a line (closing punctuation, small kana,
/// prolonged sound mark, iteration marks, ASCII closers).
pub(crate) fn no_line_start(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '、'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '〗'
            | '〙'
            | '〛'
            | '］'
            | '｝'
            | '｣'
            | '､'
            | '｡'
            | '’'
            | '”'
            | '…'
            | '‥'
            | 'ー'
            | '々'
            | '〻'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | '・'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// Characters that must not end a line (opening brackets and quotes).
pub(crate) fn no_line_end(ch: char) -> bool {
    matches!(
        ch,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '〖'
            | '〘'
            | '〚'
            | '［'
            | '｛'
            | '｢'
            | '‘'
            | '“'
            | '('
            | '['
            | '{'
    )
}

/// Whether item `i` continues the cluster of item `i - 1` (combining mark,
/// joiner, emoji modifier, anything after a joiner, or a letter after a
/// virama: an Indic conjunct, as grapheme clusters keep them since Unicode
/// 15.1): no break before it.
fn continues(items: &[Item], i: usize) -> bool {
    let Some(it) = items.get(i) else {
        return false;
    };
    let prev = i.checked_sub(1).and_then(|p| items.get(p)).map(|p| p.ch);
    let joined = prev == Some('\u{200D}');
    let conjunct = prev.is_some_and(|p| canonical_combining_class(p) == VIRAMA)
        && it.ch.is_alphabetic()
        && canonical_combining_class(it.ch) == 0;
    // Hook (colour emoji): `it.joined` marks the rest of an emoji sequence.
    it.joined
        || joined
        || conjunct
        || matches!(
            break_property(it.ch as u32),
            BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner | BreakClass::EmojiModifier
        )
}

/// `starts[i]`: item `i` starts a cluster (a break before it splits nothing).
pub(crate) fn cluster_starts(items: &[Item]) -> Vec<bool> {
    (0..items.len()).map(|i| !continues(items, i)).collect()
}

/// The UAX #14 opportunities alone (`wrap=word` before kinsoku is applied).
pub(crate) fn uax14(items: &[Item]) -> Vec<bool> {
    let n = items.len();
    let mut out = vec![false; n + 1];
    let text: String = items.iter().map(|it| it.ch).collect();
    // Walk the byte offsets the iterator reports against the item indices.
    let mut offsets = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for (byte, _) in linebreaks(&text) {
        while offsets.peek().is_some_and(|&(_, b)| b < byte) {
            offsets.next();
        }
        if let Some(&(i, b)) = offsets.peek() {
            if b == byte && i > 0 {
                out[i] = true;
            }
        }
    }
    out
}

/// Whether a break before item `i` obeys kinsoku (nothing forbidden starts the
/// next line or ends this one).
pub(crate) fn kinsoku_ok(items: &[Item], i: usize) -> bool {
    let next = items.get(i).map(|it| it.ch);
    let prev = i.checked_sub(1).and_then(|p| items.get(p)).map(|it| it.ch);
    !next.is_some_and(no_line_start) && !prev.is_some_and(no_line_end)
}

/// `breaks[i]` for `0 <= i <= n`: whether a line may end before item `i`.
pub(crate) fn opportunities(items: &[Item], wrap: Wrap) -> Vec<bool> {
    let n = items.len();
    match wrap {
        Wrap::None => vec![false; n + 1],
        Wrap::Word => {
            let mut out = uax14(items);
            // UAX #14 already keeps CJK closers off line starts; kinsoku on top
            // only ever removes opportunities, so it is a safety net.
            for (i, ok) in out.iter_mut().enumerate().take(n).skip(1) {
                // Hook (colour emoji): never inside an emoji sequence.
                *ok = *ok && kinsoku_ok(items, i) && !items[i].joined;
            }
            out
        }
        Wrap::Char => {
            let mut out = vec![false; n + 1];
            for (i, ok) in out.iter_mut().enumerate().take(n).skip(1) {
                let it = &items[i];
                // Whitespace hangs at the end of the line: break after it.
                *ok = !matches!(it.kind, Kind::Space | Kind::Tab)
                    && !continues(items, i)
                    && kinsoku_ok(items, i);
            }
            out
        }
    }
}
