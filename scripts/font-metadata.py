#!/usr/bin/env python3
"""Called by scripts/subset-fonts.sh: write fonts/OFL.txt, fonts/Twemoji-LICENSE.txt,
fonts/LICENSES.tsv and fonts/LICENSES.md, check every produced file, decide where
each lives (embedded in the worker or uploaded as a static asset) and print the
tables of fonts/README.md (one row per file; totals by place).

Usage: font-metadata.py FONTS_DIR WORK_DIR SC_TIERS TC_TIERS JP_TIERS KR_TIERS
(WORK_DIR: the character lists of charsets.py, and twemoji-package.json /
twemoji-LICENSE copied from the npm package)
"""
import json
import os
import subprocess
import sys

from fontTools.ttLib import TTFont

NOTO = "/usr/share/fonts/truetype/noto"
CJK_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OFL_SOURCE = "/usr/share/doc/fonts-noto-cjk/copyright"  # has the canonical OFL 1.1 text
LICENCE_FILE = "OFL.txt"
TWEMOJI_LICENCE_FILE = "Twemoji-LICENSE.txt"

# The gzip -9 budget of everything embedded. Cloudflare's free plan takes a 3 MB
# (gzip) upload, wasm and JS together; today's code is ~0.6 MB of it and shaping,
# bidi and emoji painting may add ~0.3 MB, so the embedded fonts get ~1.15 MB.
EMBED_GZIP_BUDGET = 1_150_000

# Latin faces, in registry order (face 0, the last resort, is the regular sans):
# file stem, Debian package, role. Same faces, same order as LATIN_FACES in
# subset-fonts.sh. Tier 1 is the full Latin set, tier 0 its core (ASCII and
# common marks), tier 2 its extension (Greek, Cyrillic, Vietnamese, …).
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
SCRIPTS = [("Arabic", "arabic"), ("Hebrew", "hebrew"), ("Devanagari", "devanagari"), ("Thai", "thai")]

# What is embedded (include_bytes in the worker); everything else is a static
# asset, fetched on first use. Value per byte, in this order, while the budget
# lasts: every Latin tier 0/1 face (as before: most text is Latin); the extension
# of the regular and bold sans (Greek/Cyrillic/Vietnamese in the default face);
# the first tier of every other script, so the most frequent text of each
# language the product lists needs no fetch: SC tier 1, Hebrew, Thai (8 and 10 KB),
# Arabic (Arabic, Persian, Urdu), Devanagari (Hindi, Marathi, Nepali), the Korean
# tier 1 (jamo and the 500 most frequent syllables), the Japanese kana tier and
# its 500 most frequent kanji, the Traditional Chinese tier 1. Not embedded: the
# other weights' extensions, the bold script faces, the other CJK tiers, the
# emoji font (639 KB gzip alone, over what is left; see fonts/README.md).
EMBED = (
    {f"{n}.ttf" for n, _, _ in LATIN} | {f"{n}-Core.ttf" for n, _, _ in LATIN}
    | {"NotoSans-Regular-Ext.ttf", "NotoSans-Bold-Ext.ttf"}
    | {"NotoSansSC-Tier01.otf", "NotoSansHebrew-Regular.ttf", "NotoSansThai-Regular.ttf",
       "NotoSansArabic-Regular.ttf", "NotoSansDevanagari-Regular.ttf", "NotoSansKR-Tier01.otf",
       "NotoSansJP-Tier01.otf", "NotoSansJP-Tier02.otf", "NotoSansTC-Tier01.otf"}
)


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


def font_version(name):
    """'2.004' from name ID 5 ('Version 2.004; ttfautohint …')."""
    v = (name.getDebugName(5) or "").split(";")[0].strip()
    return v[len("Version "):] if v.startswith("Version ") else v


def gzip9(path):
    out = subprocess.run(["gzip", "-9", "-n", "-c", path], check=True, capture_output=True).stdout
    return len(out)


def font_list(tiers, npm):
    """(file, source, source description, package, version, role, tier, charset, kind)
    in registry order: the faces that were there keep their ids."""
    deb = {p: pkg_version(p) for p in ("fonts-noto-core", "fonts-noto-extra", "fonts-noto-mono",
                                        "fonts-noto-cjk")}
    out = []
    for n, pkg, role in LATIN:
        out.append((f"{n}.ttf", f"{NOTO}/{n}.ttf", "", pkg, deb[pkg], role, 1, "latin", "latin"))
    for n, pkg, role in LATIN:
        out.append((f"{n}-Core.ttf", f"{NOTO}/{n}.ttf", "", pkg, deb[pkg], role, 0, "latin-core", "latin"))
    cjk = "fonts-noto-cjk"
    for t in range(1, tiers["SC"] + 1):
        out.append((f"NotoSansSC-Tier{t:02d}.otf", CJK_TTC, 'face "Noto Sans CJK SC"', cjk, deb[cjk],
                    "cjk-sc", t, f"cjk-tier{t}", "cjk"))
    for n, pkg, role in LATIN:
        out.append((f"{n}-Ext.ttf", f"{NOTO}/{n}.ttf", "", pkg, deb[pkg], role, 2, "latin-ext", "latin"))
    for region, lst in (("TC", "tc"), ("JP", "jp"), ("KR", "kr")):
        for t in range(1, tiers[region] + 1):
            out.append((f"NotoSans{region}-Tier{t:02d}.otf", CJK_TTC, f'face "Noto Sans CJK {region}"', cjk,
                        deb[cjk], f"cjk-{region.lower()}", t, f"{lst}-tier{t}", "cjk"))
    for script, lst in SCRIPTS:
        for w in ("Regular", "Bold"):
            out.append((f"NotoSans{script}-{w}.ttf", f"{NOTO}/NotoSans{script}-{w}.ttf", "", "fonts-noto-core",
                        deb["fonts-noto-core"], lst, 1, lst, "shaped"))
    out.append(("Twemoji.ttf", "twemoji.woff2", "(WOFF2, decompressed)", "twemoji-colr-font (npm)",
                npm["version"], "emoji", 1, None, "emoji"))
    return out


def check(fname, kind, font):
    """What each kind of file must keep (or lose) after subsetting."""
    tables = set(font.keys())
    if kind == "latin":
        assert "GPOS" not in tables and "GDEF" not in tables, fname
    elif kind == "shaped":
        for t in ("GSUB", "GPOS", "GDEF"):
            assert t in tables, f"{fname}: {t} lost"
        assert font["GSUB"].table.LookupList.LookupCount > 0, fname
        assert font["GPOS"].table.LookupList.LookupCount > 0, fname
        assert "kern" not in tables, fname
    elif kind == "emoji":
        for t in ("COLR", "CPAL", "GSUB"):
            assert t in tables, f"{fname}: {t} lost"
        assert font["COLR"].version == 0, fname
        # every colour glyph's layers are in the font
        order = set(font.getGlyphOrder())
        for base, layers in font["COLR"].ColorLayers.items():
            assert base in order and all(lay.name in order for lay in layers), (fname, base)


def main():
    out, work = sys.argv[1], sys.argv[2]
    tiers = dict(zip(("SC", "TC", "JP", "KR"), (int(a) for a in sys.argv[3:7])))
    with open(os.path.join(work, "twemoji-package.json"), encoding="utf-8") as f:
        npm = json.load(f)
    assert npm["name"] == "twemoji-colr-font" and npm["license"] == "OFL-1.1", npm

    rows, copyrights = [], []
    for fname, src, src_note, pkg, ver, role, tier, cs, kind in font_list(tiers, npm):
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
        check(fname, kind, font)
        cmap = font.getBestCmap()
        wanted = read_codepoints(os.path.join(work, cs + ".txt")) if cs else sorted(cmap)
        missing = [cp for cp in wanted if cp not in cmap]
        copyright_ = name.getDebugName(0)
        # LICENSES.md states there is no Reserved Font Name; fail loudly if that changes.
        for nid in (0, 13, 14):
            assert "reserved font name" not in (name.getDebugName(nid) or "").lower(), (fname, nid)
        if kind != "emoji" and copyright_ not in copyrights:
            copyrights.append(copyright_)
        gsub = "GSUB" in font and font["GSUB"].table.LookupList.LookupCount or 0
        gpos = "GPOS" in font and font["GPOS"].table.LookupList.LookupCount or 0
        rows.append(dict(
            file=fname, src=src, src_note=src_note, pkg=pkg, ver=ver, role=role, tier=tier, kind=kind,
            family=family, weight=weight, style="italic" if italic else "normal",
            copyright=copyright_, version=font_version(name), place="embed" if fname in EMBED else "asset",
            licence=TWEMOJI_LICENCE_FILE if kind == "emoji" else LICENCE_FILE,
            glyphs=font["maxp"].numGlyphs, chars=len(cmap), wanted=len(wanted),
            missing=missing, outlines="CFF" if "CFF " in font else "TrueType",
            kern=len(font["kern"].kernTables[0].kernTable) if "kern" in font else 0,
            gsub=gsub, gpos=gpos, colr=len(font["COLR"].ColorLayers) if "COLR" in font else 0,
            size=os.path.getsize(path), gz=gzip9(path)))
    assert EMBED <= {r["file"] for r in rows}, EMBED - {r["file"] for r in rows}
    listed = {r["file"] for r in rows}
    strays = [f for f in sorted(os.listdir(out))
              if f.lower().endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2")) and f not in listed]
    assert not strays, f"font files in {out} the registry does not list: {strays}"

    with open(os.path.join(out, LICENCE_FILE), "w", encoding="utf-8", newline="\n") as f:
        for c in copyrights:
            f.write(c + "\n")
        f.write("\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
                "This license is copied below, and is also available with a FAQ at:\n"
                "https://openfontlicense.org\n\n")
        f.write(ofl_text())

    with open(os.path.join(work, "twemoji-LICENSE"), encoding="utf-8") as f:
        twemoji_licence = f.read()
    assert "SIL OPEN FONT LICENSE" in twemoji_licence and "CC-BY-4.0" in twemoji_licence
    with open(os.path.join(out, TWEMOJI_LICENCE_FILE), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"Twemoji.ttf: a subset of twemoji.woff2 from the npm package twemoji-colr-font "
                f"{npm['version']}\n"
                "(Twemoji Mozilla, compiled by Mozilla's twemoji-colr), changed by this project:\n"
                "decompressed from WOFF2, hinting and the FFTM table dropped (scripts/subset-fonts.sh).\n\n"
                "Emoji artwork: Twemoji, Copyright Twitter, Inc and other contributors,\n"
                "licensed under CC-BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n"
                "The font software: SIL Open Font License 1.1.\n\n"
                "The package's LICENSE file follows, unchanged.\n\n")
        f.write(twemoji_licence)

    with open(os.path.join(out, "LICENSES.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join([r["file"], r["licence"], r["family"], str(r["weight"]),
                               r["role"], str(r["tier"]), r["style"], r["place"]]) + "\n")

    with open(os.path.join(out, "LICENSES.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Font licences\n\n"
                "Generated by `bash scripts/subset-fonts.sh`; do not edit by hand.\n\n"
                "**Noto fonts.** Every `Noto*` file here is a subset (a Modified Version under the OFL)\n"
                "of a Noto font from Debian, licensed under the SIL Open Font License 1.1, full text in\n"
                f"[`{LICENCE_FILE}`]({LICENCE_FILE}). None of these fonts declares a Reserved Font Name.\n\n"
                "**Twemoji.** `Twemoji.ttf` is a subset of `twemoji.woff2` from the npm package\n"
                f"`twemoji-colr-font` {npm['version']} (\"Twemoji Mozilla\", built by Mozilla's twemoji-colr).\n"
                "The font is licensed under the SIL Open Font License 1.1. **The emoji artwork is\n"
                "Twemoji by Twitter, Inc and other contributors, licensed under CC-BY 4.0**\n"
                "(<https://creativecommons.org/licenses/by/4.0/>). Changes made here: decompressed from\n"
                "WOFF2, TrueType hinting and FontForge's `FFTM` table dropped; outlines, colour layers,\n"
                "palette and ligatures unchanged. Both licence texts, as the package ships them, are in\n"
                f"[`{TWEMOJI_LICENCE_FILE}`]({TWEMOJI_LICENCE_FILE}). Anything that shows these emoji must\n"
                "credit Twemoji as above (the README and `/health` do).\n\n"
                "Machine-readable mapping: `LICENSES.tsv`, one line per font:\n"
                "`<file>\\t<licence file>\\t<family name>\\t<weight>\\t<role>\\t<tier>\\t<style>\\t<place>`\n"
                "(weight: the OS/2 weight class, 100 to 900; style: `normal` or `italic`;\n"
                "role: `sans`, `serif`, `mono`, `cjk-sc`, `cjk-tc`, `cjk-jp`, `cjk-kr`, `arabic`, `hebrew`,\n"
                "`devanagari`, `thai`, `emoji`; place: `embed` (compiled into the worker) or `asset`\n"
                "(uploaded as a Workers Static Asset, fetched on first use);\n"
                "Latin faces: tier 0 = the core (ASCII and common marks), 1 = the full Latin set,\n"
                "2 = the extension (Greek, Cyrillic, Vietnamese, Romanian ș ț, combining marks);\n"
                f"`cjk-sc`: tier 1 CJK and full-width punctuation, symbols and the 500 most frequent\n"
                f"GB2312 hanzi, tiers 2 to {tiers['SC'] - 1} the next 500 by frequency each, tier {tiers['SC']} kana\n"
                "and half-width forms; `cjk-tc`: tier 1 punctuation and the 500 most frequent Big5\n"
                f"hanzi, tiers 2 to {tiers['TC']} the next 500 each; `cjk-jp`: tier 1 kana, half-width forms and\n"
                f"punctuation, tiers 2 to {tiers['JP']} JIS X 0208 kanji, 500 each by frequency; `cjk-kr`: tier 1\n"
                "punctuation, compatibility jamo and the 500 most frequent KS X 1001 syllables, tiers\n"
                f"2 to {tiers['KR']} the next 500 each; the other scripts and the emoji: tier 1, one file each).\n\n"
                "| file | licence | family | copyright holder (name ID 0) | source | package |\n"
                "|---|---|---|---|---|---|\n")
        for r in rows:
            src = f"`{r['src']}`" + (f" {r['src_note']}" if r["src_note"] else "")
            pkg = f"`{r['pkg']}` {r['ver']}" if "npm" not in r["pkg"] else \
                f"npm `twemoji-colr-font` {r['ver']}"
            lic = f"[`{r['licence']}`]({r['licence']}) (OFL-1.1" + \
                  ("; artwork CC-BY-4.0)" if r["kind"] == "emoji" else ")")
            holder = r["copyright"] or "none in the font; artwork: Twitter, Inc and other contributors"
            f.write(f"| `{r['file']}` | {lic} | {r['family']} | {holder} | {src} | {pkg} |\n")

    # --- tables for fonts/README.md ------------------------------------------
    def layout(r):
        if r["kind"] == "latin":
            return f"kern {r['kern']:,}" if r["kern"] else "—"
        if r["kind"] == "emoji":
            return f"COLR {r['colr']:,} glyphs, GSUB {r['gsub']}"
        if r["gsub"] or r["gpos"]:
            return f"GSUB {r['gsub']} / GPOS {r['gpos']} lookups"
        return "—"

    def covers(r):
        t, role, last = r["tier"], r["role"], tiers.get(r["role"][4:].upper(), 0)
        lo, hi = (t - 2) * 500 + 1, (t - 1) * 500
        if r["kind"] == "latin":
            return {0: "Latin core ⁴", 1: "Latin set ¹", 2: "Latin extension ⁶"}[t]
        if role == "cjk-sc":
            return "tier 1 ²" if t == 1 else ("kana ⁵" if t == last else f"tier {t} ³")
        if role == "cjk-tc":
            return "punctuation, hanzi 1–500 ⁷" if t == 1 else f"hanzi {lo + 500:,}–{hi + 500:,} ⁷"
        if role == "cjk-jp":
            return "kana, punctuation ⁸" if t == 1 else f"kanji {lo:,}–{hi:,} ⁸"
        if role == "cjk-kr":
            return "punctuation, jamo, syllables 1–500 ⁹" if t == 1 else f"syllables {lo + 500:,}–{hi + 500:,} ⁹"
        if r["kind"] == "shaped":
            return f"{role.capitalize()} script ¹⁰"
        return "every Twemoji emoji ¹¹"

    print("| file | source | covers | place | outlines | glyphs | chars in cmap | kern pairs / layout kept "
          "| bytes | gzip -9 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| `{r['file']}` | {r['family']} {r['version']} ({r['pkg']} {r['ver']}) | {covers(r)} | {r['place']} "
              f"| {r['outlines']} | {r['glyphs']:,} | {r['chars']:,} | {layout(r)} | {r['size']:,} | {r['gz']:,} |")

    print()
    print("Requested code points absent from the source font (pyftsubset skips them):")
    print()
    seen = set()
    for r in rows:
        miss = r["missing"]
        key = (r["kind"], r["role"] if r["kind"] != "latin" else r["tier"], tuple(miss))
        if not miss or key in seen:
            continue
        seen.add(key)
        print(f"- `{r['file']}` (and its like): {len(miss)}: " + " ".join(f"U+{c:04X}" for c in miss[:16])
              + (" …" if len(miss) > 16 else ""))

    print()
    print("| place | files | bytes | gzip -9 (each file alone) |")
    print("|---|---|---|---|")
    for place in ("embed", "asset"):
        sel = [r for r in rows if r["place"] == place]
        print(f"| {place} | {len(sel)} | {sum(r['size'] for r in sel):,} | {sum(r['gz'] for r in sel):,} |")
    print(f"| all | {len(rows)} | {sum(r['size'] for r in rows):,} | {sum(r['gz'] for r in rows):,} |")
    print()
    print("| group | files | embed gzip -9 | asset gzip -9 |")
    print("|---|---|---|---|")
    groups = {}
    for r in rows:
        g = {"latin": f"Latin tier {r['tier']}", "cjk": r["role"], "shaped": r["role"], "emoji": "emoji"}[r["kind"]]
        e = groups.setdefault(g, [0, 0, 0])
        e[0] += 1
        e[1 if r["place"] == "embed" else 2] += r["gz"]
    for g, (n, emb, ast) in groups.items():
        print(f"| {g} | {n} | {emb:,} | {ast:,} |")

    embed_gz = sum(r["gz"] for r in rows if r["place"] == "embed")
    assert embed_gz <= EMBED_GZIP_BUDGET, \
        f"embedded fonts are {embed_gz:,} B gzip -9, over the budget of {EMBED_GZIP_BUDGET:,}"
    print(f"\nembedded: {embed_gz:,} B gzip -9 of a {EMBED_GZIP_BUDGET:,} B budget", file=sys.stderr)


if __name__ == "__main__":
    main()
