#!/usr/bin/env python3
"""Called by scripts/subset-fonts.sh on the subset Latin faces: flatten GPOS pair
kerning into a legacy TrueType 'kern' table, then drop GPOS (and GDEF).

Usage: gpos-to-kern.py FONT.ttf [FONT.ttf ...]     (rewrites each file in place)

Why: the renderer uses fontdue, whose Font::horizontal_kern reads only the first
horizontal format-0 subtable of a legacy 'kern' table and ignores GPOS. Nothing else
reads GPOS, so after flattening it is removed (smaller files); GDEF only serves
GPOS/GSUB lookups, so it goes too when GSUB has no lookups.

What is flattened: the lookups of the GPOS 'kern' feature used by script 'latn'
(default language system; falling back to 'DFLT', then to every 'kern' feature),
applied in lookup-list order. Only PairPos (type 2, also inside Extension type 9),
format 1 (glyph pairs) and format 2 (class pairs); the value taken is XAdvance of the
first value record. Within one lookup the first subtable that applies to a pair wins,
as in HarfBuzz: a format-1 subtable applies only if the pair is listed; a format-2
subtable applies to every second glyph once the first glyph is in its coverage (class
0 included). Values of several lookups add up. Glyphs the lookup flag skips (marks,
ligatures, bases) get no pairs. Zero-valued pairs are dropped.

One format-0 subtable holds at most 10,920 pairs (its length field is 16 bits); if
there are more, the pairs with the largest |value| are kept, ties broken by glyph ID
(left, then right), so the output is deterministic.
"""
import sys

from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._k_e_r_n import KernTable_format_0

MAX_PAIRS = (0xFFFF - 6 - 8) // 6  # 10,920: subtable header 6 + format-0 header 8 + 6/pair


def kern_lookup_indices(gpos):
    feats = gpos.FeatureList.FeatureRecord
    for tag in ("latn", "DFLT"):
        for sr in gpos.ScriptList.ScriptRecord:
            if sr.ScriptTag == tag and sr.Script.DefaultLangSys is not None:
                idx = [i for i in sr.Script.DefaultLangSys.FeatureIndex
                       if feats[i].FeatureTag == "kern"]
                if idx:
                    return sorted({li for i in idx for li in feats[i].Feature.LookupListIndex})
    return sorted({li for fr in feats if fr.FeatureTag == "kern"
                   for li in fr.Feature.LookupListIndex})


def ignored_glyphs(font, flag):
    """Glyphs a lookup with this LookupFlag skips over (GDEF glyph classes)."""
    if "GDEF" not in font or font["GDEF"].table.GlyphClassDef is None:
        return set()
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    skip = set()
    if flag & 0x2:
        skip.add(1)  # IgnoreBaseGlyphs
    if flag & 0x4:
        skip.add(2)  # IgnoreLigatures
    if flag & 0x8:
        skip.add(3)  # IgnoreMarks
    out = {g for g, c in classes.items() if c in skip}
    if flag & 0xFF00 or flag & 0x10:
        # MarkAttachmentType / UseMarkFilteringSet: only mark glyphs are affected;
        # be conservative and give no pairs to any mark.
        out |= {g for g, c in classes.items() if c == 3}
    return out


def xadv(value_record):
    if value_record is None:
        return 0
    return getattr(value_record, "XAdvance", 0) or 0


def lookup_pairs(font, lookup, glyphs):
    """{(left, right): xadvance} for one PairPos lookup, first-subtable-wins."""
    skip = ignored_glyphs(font, lookup.LookupFlag)
    decided = {}  # (left, right) -> value; presence means some subtable applied
    for st in lookup.SubTable:
        if lookup.LookupType == 9:
            if st.ExtensionLookupType != 2:
                continue
            st = st.ExtSubTable
        elif lookup.LookupType != 2:
            continue
        if st.Format == 1:
            for left, pairset in zip(st.Coverage.glyphs, st.PairSet):
                if left in skip:
                    continue
                for rec in pairset.PairValueRecord:
                    key = (left, rec.SecondGlyph)
                    if rec.SecondGlyph not in skip and key not in decided:
                        decided[key] = xadv(rec.Value1)
        elif st.Format == 2:
            cd1 = st.ClassDef1.classDefs if st.ClassDef1 else {}
            cd2 = st.ClassDef2.classDefs if st.ClassDef2 else {}
            for left in st.Coverage.glyphs:
                if left in skip:
                    continue
                row = st.Class1Record[cd1.get(left, 0)].Class2Record
                for right in glyphs:
                    key = (left, right)
                    if right not in skip and key not in decided:
                        decided[key] = xadv(row[cd2.get(right, 0)].Value1)
    return decided


def flatten(font):
    gpos = font["GPOS"].table
    glyphs = font.getGlyphOrder()
    total = {}
    for li in kern_lookup_indices(gpos):
        lookup = gpos.LookupList.Lookup[li]
        kind = lookup.LookupType if lookup.LookupType != 9 else lookup.SubTable[0].ExtensionLookupType
        if kind != 2:
            print(f"  kern lookup {li} is type {kind}, not PairPos: ignored", file=sys.stderr)
            continue
        for key, v in lookup_pairs(font, lookup, glyphs).items():
            total[key] = total.get(key, 0) + v
    gid = font.getReverseGlyphMap()
    pairs = {k: max(-32768, min(32767, v)) for k, v in total.items() if v != 0}
    n_all = len(pairs)
    if n_all > MAX_PAIRS:
        keep = sorted(pairs, key=lambda k: (-abs(pairs[k]), gid[k[0]], gid[k[1]]))[:MAX_PAIRS]
        pairs = {k: pairs[k] for k in keep}
    return pairs, n_all


def main():
    for path in sys.argv[1:]:
        font = TTFont(path, recalcTimestamp=False)
        assert "kern" not in font, f"{path} already has a kern table"
        pairs, n_all = flatten(font) if "GPOS" in font else ({}, 0)
        if pairs:
            sub = KernTable_format_0()
            sub.version, sub.coverage, sub.format = 0, 1, 0  # OpenType, horizontal
            sub.kernTable = pairs
            kern = newTable("kern")
            kern.version = 0
            kern.kernTables = [sub]
            font["kern"] = kern
        if "GPOS" in font:
            del font["GPOS"]
        if "GDEF" in font and ("GSUB" not in font or not font["GSUB"].table.LookupList
                               or not font["GSUB"].table.LookupList.Lookup):
            del font["GDEF"]
        font.save(path)
        dropped = f" ({n_all - len(pairs)} smallest dropped)" if n_all > len(pairs) else ""
        what = f"kern table with {len(pairs)} pairs{dropped}" if pairs else "no kerning, no kern table"
        print(f"{path}: {what}; GPOS/GDEF removed", file=sys.stderr)


if __name__ == "__main__":
    main()
