//! Shaping: runs of items that need it turned into clusters of glyphs by
//! rustybuzz (HarfBuzz's algorithm) from the face's GSUB/GPOS; every other
//! item keeps the per-character fast path.
//!
//! A *run* is a maximal stretch of items drawn from one face, in one size
//! slot (a span boundary is a shaping boundary), at one bidi level and in
//! one script (Common and Inherited characters take their neighbours').
//! A run is shaped when its face has a [`ShapingFace`] and any of:
//! - one of its characters is of a script that needs shaping: anything
//!   but Latin, Greek, Cyrillic, Han, kana, Bopomofo, Hangul and the
//!   Common and Inherited characters (so Arabic, Hebrew, Devanagari, Thai,
//!   …; a space between Arabic words from the Latin face is not shaped);
//! - its level is odd (right to left) and it has a character that mirrors
//!   (brackets, quotes, `<`: the shaper draws the mirrored glyph);
//! - it holds a combining mark (General_Category M) that NFC left on its
//!   base: positioned by the face's GPOS `mark`/`mkmk`, or, without them,
//!   by HarfBuzz's fallback (the mark centred over its base's ink);
//! - its face has GSUB/GPOS features other than `kern` (a colour-emoji face
//!   with ZWJ ligatures, say: whatever the script).
//!
//! The rest — today's Latin and CJK faces, whose only layout feature is
//! kerning (Latin's flattened into a legacy `kern` table, the CJK tiers'
//! left in GPOS) — stays on the fast path: each character's cmap glyph,
//! fontdue's advance and the `kern` table's pairs, so their images are
//! unchanged. Shaping them too would cost (the `shaping_cost` example of
//! this crate: one line laid out from the same embedded face with and
//! without rustybuzz, best of 5 × 200 layouts; natively in release, and as
//! wasm32-wasip1 in V8 through `bench/wasi.mjs`, three runs on a loaded
//! 2-core machine):
//!
//! | line, one face | native fast path | native shaped | wasm fast path | wasm shaped |
//! |---|---|---|---|---|
//! | Latin, 63 characters (Noto Sans) | 7.4 µs | 20.5 µs (2.8×) | 80–130 µs | 210–295 µs (2.3–2.9×) |
//! | Chinese, 55 characters (SC tier 1) | 10.6 µs | 22.8 µs (2.1×) | 17–89 µs | 67–107 µs (1.7–6×) |
//!
//! for little gain with today's faces: their only layout feature is
//! kerning, which the fast path applies for Latin from the same data (the
//! CJK tiers' GPOS `kern` pairs stay unapplied, as before). So they stay
//! on the fast path; a face that wants its GPOS kerning can ask for
//! [`ShapingFace::shape_every_run`]. Reading a face for the shaper
//! ([`ShapingFace::parse`]) costs ~5 µs natively, ~50 µs in wasm, once
//! per face per isolate.
//!
//! Shaping is size-independent: it happens once per layout (in font units),
//! and `fit` measures every trial size from the same clusters. Shape plans
//! are built once per (face, script, direction) per layout.
//!
//! Line breaks only fall between clusters. A run is not shaped again at
//! a line break: a break inside a word of a joining script (only an
//! emergency break, when one word is wider than the box) keeps the joined
//! forms on both sides.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use rustybuzz::ttf_parser::opentype_layout::LayoutTable;
use rustybuzz::ttf_parser::Tag;
use rustybuzz::{BufferFlags, ShapePlan, UnicodeBuffer};
use unicode_script::{Script, UnicodeScript};

use super::fonts::FontSource;
use super::itemize::{Item, Kind};

/// A face parsed for the shaper: its cmap, GSUB, GPOS, GDEF and `kern`
/// tables (rustybuzz reads the file in place; nothing is copied).
pub struct ShapingFace<'a> {
    face: rustybuzz::Face<'a>,
    /// It has GSUB or GPOS features other than `kern`: all its runs are shaped.
    always: bool,
}

impl fmt::Debug for ShapingFace<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShapingFace")
            .field("glyphs", &self.face.number_of_glyphs())
            .field("always", &self.always)
            .finish()
    }
}

impl<'a> ShapingFace<'a> {
    /// Face `index` of the font file `data` (0 unless it is a collection),
    /// read for the shaper; `None` when it is not a font. Reads the table
    /// directory and the layout tables' lookup lists, in place: cheap, but
    /// a [`FontSource`] should still keep the result (one per face).
    pub fn parse(data: &'a [u8], index: u32) -> Option<Self> {
        let face = rustybuzz::Face::from_slice(data, index)?;
        let kern = Tag::from_bytes(b"kern");
        let more = |t: Option<LayoutTable<'_>>| {
            t.is_some_and(|t| {
                t.features
                    .into_iter()
                    .any(|f| f.tag != kern && !f.lookup_indices.is_empty())
            })
        };
        let always = more(face.tables().gsub) || more(face.tables().gpos);
        Some(ShapingFace { face, always })
    }

    /// Whether every run of this face is shaped, whatever its script (it
    /// has layout features other than kerning, or
    /// [`shape_every_run`](ShapingFace::shape_every_run) said so).
    pub fn shapes_every_run(&self) -> bool {
        self.always
    }

    /// The same face with every run shaped, whatever its script: for a
    /// face whose kerning is only in GPOS (the fast path reads the legacy
    /// `kern` table only), at the cost measured in the module doc.
    pub fn shape_every_run(mut self) -> Self {
        self.always = true;
        self
    }
}

/// How one item is measured and drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cluster {
    /// The fast path: its own cmap glyph, fontdue's advance, `kern` pairs
    /// with its neighbours.
    Plain,
    /// It starts a shaped cluster: [`Shaped::glyphs`]`[first..first + len]`,
    /// in visual order, whose advances add up to the cluster's.
    Start { first: u32, len: u32 },
    /// Inside a shaped cluster an earlier item starts: no glyph, no advance,
    /// no break before it.
    Inside,
}

/// One glyph from the shaper, in font units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ShapedGlyph {
    pub(super) id: u16,
    pub(super) advance: i32,
    /// Offset of the glyph from the pen (x right, y up).
    pub(super) dx: i32,
    pub(super) dy: i32,
}

/// The shaping of a text's items.
#[derive(Debug, Default)]
pub(super) struct Shaped {
    /// Per item.
    pub(super) clusters: Vec<Cluster>,
    pub(super) glyphs: Vec<ShapedGlyph>,
    /// Per item: it belongs to a cursive script (letter spacing skips it).
    pub(super) cursive: Vec<bool>,
}

/// Scripts drawn well character by character: no shaping needed.
fn simple(script: Script) -> bool {
    matches!(
        script,
        Script::Latin
            | Script::Greek
            | Script::Cyrillic
            | Script::Han
            | Script::Hiragana
            | Script::Katakana
            | Script::Bopomofo
            | Script::Hangul
            | Script::Common
            | Script::Inherited
            | Script::Unknown
    )
}

/// Scripts whose letters join: letter spacing would break them apart.
fn cursive(script: Script) -> bool {
    matches!(
        script,
        Script::Arabic
            | Script::Syriac
            | Script::Nko
            | Script::Mongolian
            | Script::Mandaic
            | Script::Hanifi_Rohingya
            | Script::Phags_Pa
    )
}

/// Each item's script, Common and Inherited characters taking the script
/// before them (the first real one for those at the start).
fn scripts(items: &[Item]) -> Vec<Script> {
    let neutral = |s: Script| matches!(s, Script::Common | Script::Inherited | Script::Unknown);
    let mut out: Vec<Script> = items.iter().map(|it| it.ch.script()).collect();
    let first = out.iter().copied().find(|&s| !neutral(s));
    let mut last = first.unwrap_or(Script::Common);
    for s in &mut out {
        if neutral(*s) {
            *s = last;
        } else {
            last = *s;
        }
    }
    out
}

/// What makes items one run: face, size slot, level, script.
type RunKey = (u16, usize, u8, Script);

/// Shapes the runs of `items` that need it (see the module doc). `slot` is
/// each item's size slot, `levels` each item's bidi level (empty: all 0).
pub(super) fn shape(
    items: &[Item],
    slot: &[usize],
    levels: &[u8],
    fonts: &dyn FontSource,
) -> Shaped {
    let n = items.len();
    let out = Shaped {
        clusters: alloc::vec![Cluster::Plain; n],
        glyphs: Vec::new(),
        cursive: alloc::vec![false; n],
    };
    // Text at level 0 (nothing to mirror) of simple scripts only, without
    // combining marks — Latin-1, typographic punctuation, CJK — has no run
    // that [`shape_runs`] would shape, and no cursive letter. It is shaped
    // only when one of its faces shapes every run.
    let plain_text = levels.is_empty()
        && items.iter().all(|it| {
            it.ch < '\u{300}'
                || (simple(it.ch.script())
                    && !unicode_normalization::char::is_combining_mark(it.ch))
        });
    if plain_text {
        let mut faces: Vec<u16> = Vec::new();
        for f in items.iter().filter_map(|it| it.face) {
            if !faces.contains(&f) {
                faces.push(f);
            }
        }
        let any = faces
            .iter()
            .any(|&f| shaper(fonts, f).is_some_and(|s| s.always));
        if !any {
            return out;
        }
    }
    shape_runs(items, slot, levels, fonts, out)
}

/// [`shape`] past its fast path, out of line: text of simple scripts never
/// calls it, so a fresh isolate never compiles it (nor the shaper under it: wasm
/// functions are compiled on their first call).
#[inline(never)]
fn shape_runs(
    items: &[Item],
    slot: &[usize],
    levels: &[u8],
    fonts: &dyn FontSource,
    mut out: Shaped,
) -> Shaped {
    let n = items.len();
    let level = |i: usize| levels.get(i).copied().unwrap_or(0);
    let own: Vec<Script> = items.iter().map(|it| it.ch.script()).collect();
    let scripts = scripts(items);
    for (c, (it, &s)) in out.cursive.iter_mut().zip(items.iter().zip(&scripts)) {
        *c = it.kind != Kind::Space && cursive(s);
    }
    let key = |i: usize| -> Option<RunKey> {
        let it = &items[i];
        let face = it.face?;
        let ok = matches!(it.kind, Kind::Glyph | Kind::Space) && !it.missing;
        ok.then(|| (face, slot[i], level(i), scripts[i]))
    };
    let mut plans: Vec<(RunKey, ShapePlan)> = Vec::new();
    let mut i = 0;
    while i < n {
        let Some(k) = key(i) else {
            i += 1;
            continue;
        };
        // The run: items of the same key, and ignorables (joiners, variation
        // selectors) between or after them, which the shaper must see.
        let mut j = i + 1;
        while j < n
            && (key(j) == Some(k)
                || (items[j].kind == Kind::Ignorable && slot[j] == k.1 && level(j) == k.2))
        {
            j += 1;
        }
        let (face, _, lvl, _) = k;
        if let Some(sf) = shaper(fonts, face) {
            let run = &items[i..j];
            let complex = own[i..j].iter().any(|&s| !simple(s));
            let mirrored = lvl % 2 == 1
                && run
                    .iter()
                    .any(|it| unicode_bidi_mirroring::get_mirrored(it.ch).is_some());
            let marks = run
                .iter()
                .any(|it| unicode_normalization::char::is_combining_mark(it.ch));
            if sf.always || complex || mirrored || marks {
                shape_run(items, i..j, k, sf, &mut plans, &mut out);
            }
        }
        i = j;
    }
    out
}

/// The face's shaper tables, unless it is a colour face: emoji sequences
/// are `emoji.rs`'s (its own ligature matching, which also finds those
/// typed without their VS16s), and rustybuzz would replace its glyphs.
fn shaper<'f>(fonts: &'f dyn FontSource, face: u16) -> Option<&'f ShapingFace<'f>> {
    if fonts.is_color(face) {
        return None;
    }
    fonts.shaping(face)
}

/// The rustybuzz script for `script` (by its ISO 15924 code).
fn hb_script(script: Script) -> Option<rustybuzz::Script> {
    let name = script.short_name().as_bytes();
    let tag: [u8; 4] = name.try_into().ok()?;
    rustybuzz::Script::from_iso15924_tag(Tag::from_bytes(&tag))
}

/// Up to this many characters either side of a run are given to the shaper
/// as context (HarfBuzz keeps five).
const CONTEXT: usize = 5;

/// Shapes `items[run]` (all of key `k`) into `out`.
fn shape_run(
    items: &[Item],
    run: core::ops::Range<usize>,
    k: RunKey,
    sf: &ShapingFace<'_>,
    plans: &mut Vec<(RunKey, ShapePlan)>,
    out: &mut Shaped,
) {
    let (a, b) = (run.start, run.end);
    let rtl = k.2 % 2 == 1;
    let mut text = String::with_capacity(b - a);
    let mut offsets: Vec<u32> = Vec::with_capacity(b - a);
    for it in &items[a..b] {
        offsets.push(text.len() as u32);
        text.push(it.ch);
    }
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&text);
    let direction = if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    };
    buffer.set_direction(direction);
    let script = hb_script(k.3);
    if let Some(s) = script {
        buffer.set_script(s);
    }
    // The neighbours in the paragraph, for joining and syllable context.
    let para = |it: &&Item| it.kind != Kind::Newline;
    let pre: String = items[a.saturating_sub(CONTEXT)..a]
        .iter()
        .rev()
        .take_while(para)
        .map(|it| it.ch)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    let post: String = items[b..(b + CONTEXT).min(items.len())]
        .iter()
        .take_while(para)
        .map(|it| it.ch)
        .collect();
    buffer.set_pre_context(&pre);
    buffer.set_post_context(&post);
    let mut flags = BufferFlags::empty();
    if a == 0 || items[a - 1].kind == Kind::Newline {
        flags |= BufferFlags::BEGINNING_OF_TEXT;
    }
    if b == items.len() || items[b].kind == Kind::Newline {
        flags |= BufferFlags::END_OF_TEXT;
    }
    buffer.set_flags(flags);
    buffer.guess_segment_properties();
    let plan = match plans
        .iter()
        .position(|(pk, _)| (pk.0, pk.2 % 2, pk.3) == (k.0, k.2 % 2, k.3))
    {
        Some(p) => &plans[p].1,
        None => {
            let plan = ShapePlan::new(&sf.face, direction, Some(buffer.script()), None, &[]);
            plans.push((k, plan));
            &plans[plans.len() - 1].1
        }
    };
    let shaped = rustybuzz::shape_with_plan(&sf.face, plan, buffer);
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let item_of = |cluster: u32| a + offsets.partition_point(|&o| o <= cluster).max(1) - 1;
    // Groups of consecutive glyphs with one cluster value: (item, glyphs).
    let mut groups: Vec<(usize, core::ops::Range<usize>)> = Vec::new();
    for (g, info) in infos.iter().enumerate() {
        let item = item_of(info.cluster);
        match groups.last_mut() {
            Some((last, range)) if *last == item => range.end = g + 1,
            _ => groups.push((item, g..g + 1)),
        }
    }
    // Clusters come in visual order: ascending items left to right,
    // descending right to left. Anything else (not seen with HarfBuzz's
    // default cluster level) makes the run one cluster.
    let monotone = groups.windows(2).all(|w| {
        if rtl {
            w[0].0 > w[1].0
        } else {
            w[0].0 < w[1].0
        }
    });
    if !monotone {
        groups = alloc::vec![(a, 0..infos.len())];
    }
    for c in &mut out.clusters[a..b] {
        *c = Cluster::Inside;
    }
    for (item, range) in groups {
        let first = out.glyphs.len() as u32;
        for g in range.clone() {
            let (info, pos) = (&infos[g], &positions[g]);
            out.glyphs.push(ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                dx: pos.x_offset,
                dy: pos.y_offset,
            });
        }
        out.clusters[item] = Cluster::Start {
            first,
            len: range.len() as u32,
        };
    }
    if out.clusters[a] == Cluster::Inside {
        out.clusters[a] = Cluster::Start {
            first: out.glyphs.len() as u32,
            len: 0,
        };
    }
}
