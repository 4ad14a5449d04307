#!/usr/bin/env python3
"""Write the code-point lists used by scripts/subset-fonts.sh.

Usage: charsets.py OUTDIR [TIER1_HANZI]

Writes four pyftsubset --unicodes-file lists (one "U+XXXX  # c" per line):
  OUTDIR/latin.txt      Latin faces (sans, serif, mono)
  OUTDIR/cjk-tier1.txt  CJK punctuation/kana + the TIER1_HANZI (default 1000)
                        most frequent GB2312 hanzi
  OUTDIR/cjk-tier2.txt  the rest of GB2312 level 1 (rows 0xB0-0xD7)
  OUTDIR/cjk-tier3.txt  the rest of GB2312 level 2 (rows 0xD8-0xF7)
The three CJK lists are disjoint; tiers 1+2+3 cover all 6,763 GB2312 hanzi.

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

# --- CJK tier 1 non-hanzi ---------------------------------------------------
CJK_TIER1_RANGES = [
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x309F),  # Hiragana
    (0x30A0, 0x30FF),  # Katakana
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
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
    n_tier1 = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    os.makedirs(outdir, exist_ok=True)

    latin = sorted(set(expand(LATIN_RANGES)))

    gb = gb2312_hanzi()
    assert len(gb) == 6763, len(gb)
    level1 = set(gb2312_hanzi(range(0xB0, 0xD8)))
    level2 = set(gb2312_hanzi(range(0xD8, 0xF8)))
    assert len(level1) == 3755 and len(level2) == 3008 and not level1 & level2
    counts = jieba_char_counts()
    ranked = sorted(gb, key=lambda c: (-counts.get(c, 0), ord(c)))
    tier1_hanzi = set(ranked[:n_tier1])
    tier2_hanzi = level1 - tier1_hanzi
    tier3_hanzi = level2 - tier1_hanzi

    tier1 = sorted(set(expand(CJK_TIER1_RANGES)) | set(CJK_TIER1_EXTRA)
                   | {ord(c) for c in tier1_hanzi})
    tier2 = sorted(ord(c) for c in tier2_hanzi)
    tier3 = sorted(ord(c) for c in tier3_hanzi)

    write_list(os.path.join(outdir, "latin.txt"), latin)
    write_list(os.path.join(outdir, "cjk-tier1.txt"), tier1)
    write_list(os.path.join(outdir, "cjk-tier2.txt"), tier2)
    write_list(os.path.join(outdir, "cjk-tier3.txt"), tier3)
    zero = sum(1 for c in gb if counts.get(c, 0) == 0)
    print(f"latin: {len(latin)} code points; cjk tier1: {len(tier1)} "
          f"({len(tier1_hanzi)} hanzi, {len(tier1_hanzi & level2)} of them level 2); "
          f"cjk tier2: {len(tier2)} hanzi; cjk tier3: {len(tier3)} hanzi; "
          f"GB2312 hanzi absent from jieba dict: {zero}; "
          f"top 20: {''.join(ranked[:20])}; "
          f"last of tier1: {''.join(ranked[n_tier1-5:n_tier1])}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
