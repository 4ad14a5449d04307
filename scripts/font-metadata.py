#!/usr/bin/env python3
"""Called by scripts/subset-fonts.sh: write fonts/OFL.txt, fonts/LICENSES.tsv,
fonts/LICENSES.md and print a coverage/size table for fonts/README.md.

Usage: font-metadata.py FONTS_DIR CHARSET_DIR CJK_TIERS
"""
import os
import subprocess
import sys

from fontTools.ttLib import TTFont

NOTO = "/usr/share/fonts/truetype/noto"
CJK_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OFL_SOURCE = "/usr/share/doc/fonts-noto-cjk/copyright"  # has the canonical OFL 1.1 text

# file, source file, Debian package, role, tier, charset list. Latin faces: tier 1
# is the full Latin set, tier 0 its core (ASCII and common marks, same source).
# Same faces, same order as LATIN_FACES in subset-fonts.sh (the registry order:
# face 0, the last resort, is the regular sans).
LATIN = [
    ("NotoSans-Regular", "fonts-noto-core", "sans"),
    ("NotoSans-Bold", "fonts-noto-core", "sans"),
    ("NotoSerif-Regular", "fonts-noto-core", "serif"),
    ("NotoSansMono-Regular", "fonts-noto-mono", "mono"),
    ("NotoSans-Light", "fonts-noto-extra", "sans"),
    ("NotoSans-Medium", "fonts-noto-extra", "sans"),
    ("NotoSans-SemiBold", "fonts-noto-extra", "sans"),
    ("NotoSans-ExtraBold", "fonts-noto-extra", "sans"),
    ("NotoSans-Black", "fonts-noto-extra", "sans"),
    ("NotoSans-Italic", "fonts-noto-core", "sans"),
    ("NotoSans-BoldItalic", "fonts-noto-core", "sans"),
]
FONTS = [(f"{n}.ttf", f"{NOTO}/{n}.ttf", pkg, role, 1, "latin") for n, pkg, role in LATIN] + \
        [(f"{n}-Core.ttf", f"{NOTO}/{n}.ttf", pkg, role, 0, "latin-core") for n, pkg, role in LATIN]
# ...then the CJK tiers (their number comes from charsets.py).
LICENCE_FILE = "OFL.txt"


def pkg_version(pkg):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                          check=True, capture_output=True, text=True).stdout


def ofl_text():
    """The 'License: SIL-1.1' stanza of the Debian copyright file, un-folded."""
    lines, inside = [], False
    with open(OFL_SOURCE, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "License: SIL-1.1":  # first occurrence is the bare Files: * field
                inside, lines = True, []
                continue
            if inside:
                if not line.startswith(" "):
                    if lines:
                        break
                    inside = False
                    continue
                body = line[1:]
                lines.append("" if body == "." else body)
    text = "\n".join(lines).strip("\n") + "\n"
    for must in ("SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007", "PREAMBLE",
                 "DEFINITIONS", "PERMISSION & CONDITIONS", "5) The Font Software",
                 "TERMINATION", "DISCLAIMER", "OTHER DEALINGS IN THE FONT SOFTWARE."):
        assert must in text, f"OFL text from {OFL_SOURCE} lacks {must!r}"
    return text


def read_codepoints(path):
    cps = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                cps.append(int(line[2:], 16))
    return cps


def gzip9(path):
    out = subprocess.run(["gzip", "-9", "-n", "-c", path], check=True, capture_output=True).stdout
    return len(out)


def main():
    out, charsets, tiers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fonts = FONTS + [(f"NotoSansSC-Tier{t:02d}.otf", CJK_TTC, "fonts-noto-cjk", "cjk", t, f"cjk-tier{t}")
                     for t in range(1, tiers + 1)]
    rows, copyrights = [], []
    for fname, src, pkg, role, tier, cs in fonts:
        path = os.path.join(out, fname)
        font = TTFont(path)
        name = font["name"]
        family = name.getDebugName(16) or name.getDebugName(1)
        weight = font["OS/2"].usWeightClass
        assert weight in range(100, 1000, 100), (fname, weight)
        # OS/2 fsSelection bit 0 (ITALIC) and head.macStyle bit 1 agree in every
        # source; build.rs checks the column against the font again.
        italic = bool(font["OS/2"].fsSelection & 1)
        assert italic == bool(font["head"].macStyle & 2), fname
        assert "fvar" not in font, f"{fname}: a variable font; instance it first"
        cmap = font.getBestCmap()
        wanted = read_codepoints(os.path.join(charsets, cs + ".txt"))
        missing = [cp for cp in wanted if cp not in cmap]
        copyright_ = name.getDebugName(0)
        # LICENSES.md states there is no Reserved Font Name; fail loudly if that changes.
        for nid in (0, 13, 14):
            assert "reserved font name" not in (name.getDebugName(nid) or "").lower(), (fname, nid)
        if copyright_ not in copyrights:
            copyrights.append(copyright_)
        rows.append(dict(
            file=fname, src=src, pkg=pkg, ver=pkg_version(pkg), role=role, tier=tier,
            family=family, weight=weight, style="italic" if italic else "normal",
            copyright=copyright_,
            glyphs=font["maxp"].numGlyphs, chars=len(cmap), wanted=len(wanted),
            missing=missing, outlines="CFF" if "CFF " in font else "TrueType (glyf)",
            kern=len(font["kern"].kernTables[0].kernTable) if "kern" in font else 0,
            size=os.path.getsize(path), gz=gzip9(path)))

    with open(os.path.join(out, LICENCE_FILE), "w", encoding="utf-8", newline="\n") as f:
        for c in copyrights:
            f.write(c + "\n")
        f.write("\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
                "This license is copied below, and is also available with a FAQ at:\n"
                "https://openfontlicense.org\n\n")
        f.write(ofl_text())

    with open(os.path.join(out, "LICENSES.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join([r["file"], LICENCE_FILE, r["family"], str(r["weight"]),
                               r["role"], str(r["tier"]), r["style"]]) + "\n")

    with open(os.path.join(out, "LICENSES.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Font licences\n\n"
                "Generated by `bash scripts/subset-fonts.sh`; do not edit by hand.\n"
                "Every font here is a subset (a Modified Version under the OFL) of a Noto font\n"
                "from Debian, licensed under the SIL Open Font License 1.1, full text in\n"
                f"[`{LICENCE_FILE}`]({LICENCE_FILE}). None of these fonts declares a Reserved Font Name.\n\n"
                "Machine-readable mapping: `LICENSES.tsv`, one line per font:\n"
                "`<file>\\t<licence file>\\t<family name>\\t<weight>\\t<role>\\t<tier>\\t<style>`\n"
                "(weight: the OS/2 weight class, 100 to 900; style: `normal` or `italic`;\n"
                "Latin faces: tier 1 = the full Latin set, tier 0 = its core, ASCII and common marks;\n"
                f"CJK faces: tiers 1 to {tiers}, tier 1 is CJK and full-width punctuation, symbols\n"
                f"and the 500 most frequent GB2312 hanzi, tiers 2 to {tiers - 1} the next 500 by frequency each,\n"
                f"tier {tiers} kana and half-width forms).\n\n"
                "| file | licence | family | copyright holder (name ID 0) | source file | Debian package |\n"
                "|---|---|---|---|---|---|\n")
        for r in rows:
            src = f"`{r['src']}`" + (' face "Noto Sans CJK SC"' if r["role"] == "cjk" else "")
            f.write(f"| `{r['file']}` | [`{LICENCE_FILE}`]({LICENCE_FILE}) (OFL-1.1) | {r['family']} "
                    f"| {r['copyright']} | {src} | `{r['pkg']}` {r['ver']} |\n")

    print("| file | outlines | glyphs | chars in cmap | requested code points absent from source font | kern pairs | bytes | gzip -9 bytes |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        miss = r["missing"]
        if not miss:
            m = "0"
        else:
            m = f"{len(miss)}: " + " ".join(f"U+{c:04X}" for c in miss[:12]) + (" …" if len(miss) > 12 else "")
        print(f"| `{r['file']}` | {r['outlines']} | {r['glyphs']:,} | {r['chars']:,} of {r['wanted']:,} | {m} "
              f"| {r['kern']:,} | {r['size']:,} | {r['gz']:,} |")


if __name__ == "__main__":
    main()
