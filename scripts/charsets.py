#!/usr/bin/env python3
"""Write the code-point lists used by scripts/subset-fonts.sh.

Usage: charsets.py OUTDIR [HANZI_PER_TIER]

Writes pyftsubset --unicodes-file lists (one "U+XXXX  # c" per line):
  OUTDIR/latin.txt       Latin faces (sans, serif, mono)
  OUTDIR/latin-core.txt  their cores: ASCII and the commonest typographic marks,
                         a subset of latin.txt (a core stands in for its full
                         face when a text needs nothing else from it, and
                         parses in a fraction of the time)
  OUTDIR/cjk-tier1.txt   CJK punctuation/kana/symbols + the HANZI_PER_TIER
                         (default 500) most frequent GB2312 hanzi
  OUTDIR/cjk-tierN.txt   the next HANZI_PER_TIER hanzi by frequency, N = 2, 3, ...
                         and, last, a tier of kana and half-width forms (Japanese
                         and half-width Korean; Chinese text needs none of them,
                         so they stay out of tier 1, which every Chinese text parses)
The CJK lists are disjoint and together cover all 6,763 GB2312 hanzi. fontdue
parses every glyph of a face when it loads it, so a face's parse time grows
with its glyph count: small frequency-ordered tiers mean a text parses only
the glyphs near the ones it uses (everyday text stays in the first tiers).

Sources (nothing is hand-typed):
  * GB2312 membership: Python's own 'gb2312' codec, rows 0xB0-0xF7 x cols
    0xA1-0xFE (6,763 hanzi; rows 0xB0-0xD7 are level 1, 0xD8-0xF7 level 2).
  * Character frequency: the word list bundled with the PyPI package jieba
    (jieba/dict.txt, lines "word count tag"). A character's frequency is the
    sum of the counts of every word that contains it (per occurrence).
    Ties are broken by code point, so the ranking is deterministic.
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

# --- CJK tier 1 non-hanzi ---------------------------------------------------
CJK_TIER1_RANGES = [
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFF60),  # Fullwidth ASCII variants, fullwidth brackets
    (0xFFE0, 0xFFE6),  # Fullwidth signs (cent, pound, yen, won, ...)
]
# --- the kana tier (the last one) -------------------------------------------
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


def jieba_char_counts():
    counts = {}
    dict_txt = resources.files("jieba").joinpath("dict.txt")
    with dict_txt.open("r", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, n = parts[0], int(parts[1])
            for c in word:
                counts[c] = counts.get(c, 0) + n
    return counts


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

    latin = sorted(set(expand(LATIN_RANGES)))
    core = sorted(set(expand(LATIN_CORE_RANGES)))
    assert set(core) <= set(latin)

    gb = gb2312_hanzi()
    assert len(gb) == 6763, len(gb)
    counts = jieba_char_counts()
    ranked = sorted(gb, key=lambda c: (-counts.get(c, 0), ord(c)))
    chunks = [ranked[i:i + per_tier] for i in range(0, len(ranked), per_tier)]
    tiers = [sorted(set(expand(CJK_TIER1_RANGES)) | set(CJK_TIER1_EXTRA)
                    | {ord(c) for c in chunks[0]})]
    tiers += [sorted(ord(c) for c in chunk) for chunk in chunks[1:]]
    tiers.append(sorted(set(expand(CJK_KANA_RANGES))))

    write_list(os.path.join(outdir, "latin.txt"), latin)
    write_list(os.path.join(outdir, "latin-core.txt"), core)
    for i, cps in enumerate(tiers, start=1):
        write_list(os.path.join(outdir, f"cjk-tier{i}.txt"), cps)
    zero = sum(1 for c in gb if counts.get(c, 0) == 0)
    print(f"latin: {len(latin)} code points (core {len(core)}); {len(tiers) - 1} cjk tiers of {per_tier} hanzi "
          f"and a kana tier of {len(tiers[-1])} code points "
          f"(tier 1 also {len(tiers[0]) - len(chunks[0])} punctuation/symbols); "
          f"GB2312 hanzi absent from jieba dict: {zero}; "
          f"top 20: {''.join(ranked[:20])}; last of tier 1: {''.join(chunks[0][-5:])}",
          file=sys.stderr)
    print(len(tiers))


if __name__ == "__main__":
    main()
