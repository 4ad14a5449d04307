#!/usr/bin/env bash
# Development-time only (NOT run in CI): regenerate the embedded subset fonts.
#
#   bash scripts/subset-fonts.sh
#
# Produces, in fonts/:
#   NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSerif-Regular.ttf
#   NotoSansMono-Regular.ttf                      Latin subset (charsets.py: latin)
#   NotoSans-Light.ttf -Medium -SemiBold -ExtraBold -Black (300 500 600 800 900)
#   NotoSans-Italic.ttf NotoSans-BoldItalic.ttf   (italic 400 and 700), same subset
#   <each of the above>-Core.ttf                  its core (charsets.py: latin-core)
#   NotoSansSC-Tier01.otf                         CJK punctuation, kana, symbols and the
#                                                 500 most frequent GB2312 hanzi
#   NotoSansSC-Tier02.otf … NotoSansSC-Tier14.otf the next 500 hanzi by frequency each
#                                                 (all 6,763 GB2312 hanzi in all)
#   OFL.txt LICENSES.tsv LICENSES.md              licence text and mapping
#
# Sources:
#   Debian fonts-noto-core  (NotoSans-Regular/Bold/Italic/BoldItalic, NotoSerif-*:
#                            static TrueType, no instancing needed)
#   Debian fonts-noto-extra (NotoSans-Light/Medium/SemiBold/ExtraBold/Black: the other
#                            weights are not in fonts-noto-core; static TrueType
#                            instances too, no fvar, so no varLib.instancer step)
#   Debian fonts-noto-mono  (NotoSansMono-Regular; it is not in fonts-noto-core)
#   Debian fonts-noto-cjk   (NotoSansCJK-Regular.ttc, CFF; the "Noto Sans CJK SC" face
#                            is looked up by name, it is face 2 in 1:20220127+repack1-1)
#   OFL.txt: the SIL OFL 1.1 text from /usr/share/doc/fonts-noto-cjk/copyright
#   Character lists: scripts/charsets.py. GB2312 membership from Python's gb2312
#   codec; hanzi frequency from the word list bundled in PyPI jieba (jieba/dict.txt,
#   summed per character). Nothing is hand-typed.
#
# Latin faces: fontdue (the renderer's rasteriser) reads kerning only from a legacy
# 'kern' table, so scripts/gpos-to-kern.py flattens the subset's GPOS 'kern' pair
# lookups into a format-0 'kern' table and removes GPOS/GDEF (nothing reads them).
#
# Deterministic: pyftsubset keeps the source head.modified (--no-recalc-timestamp) and
# SOURCE_DATE_EPOCH is pinned in case anything asks fontTools for "now"; two runs give
# byte-identical files with the same source packages and tool versions.
set -euo pipefail

FONTTOOLS_VERSION=4.68.0   # versions used for the committed files
JIEBA_VERSION=0.42.1
HANZI_PER_TIER=500

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/fonts"
PYTHON="${PYTHON:-python3}"
export SOURCE_DATE_EPOCH=0
export LC_ALL=C.UTF-8 PYTHONHASHSEED=0

NOTO=/usr/share/fonts/truetype/noto
CJK_TTC=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# --- 1. system packages ------------------------------------------------------
need_pkgs=()
for p in fonts-noto-core fonts-noto-extra fonts-noto-mono fonts-noto-cjk; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    need_pkgs+=("$p")
  fi
done
if ((${#need_pkgs[@]})); then
  SUDO=; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  echo "installing ${need_pkgs[*]}" >&2
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${need_pkgs[@]}"
fi

# --- 2. Python tools ---------------------------------------------------------
if ! "$PYTHON" -c 'import fontTools.subset' 2>/dev/null; then
  "$PYTHON" -m pip install "fonttools==$FONTTOOLS_VERSION" || {
    echo "pip install failed (PEP 668?): set PYTHON=/path/to/venv/bin/python" >&2; exit 1; }
fi
if ! "$PYTHON" -c 'import jieba' 2>/dev/null; then
  "$PYTHON" -m pip install "jieba==$JIEBA_VERSION" || {
    echo "pip install failed (PEP 668?): set PYTHON=/path/to/venv/bin/python" >&2; exit 1; }
fi
have_ft=$("$PYTHON" -c 'import fontTools; print(fontTools.version)')
have_jb=$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("jieba"))')
[[ $have_ft == "$FONTTOOLS_VERSION" ]] || echo "warning: fonttools $have_ft (committed files made with $FONTTOOLS_VERSION); output bytes may differ" >&2
[[ $have_jb == "$JIEBA_VERSION" ]] || echo "warning: jieba $have_jb (committed files made with $JIEBA_VERSION); tier split may differ" >&2
if command -v pyftsubset >/dev/null 2>&1 && pyftsubset --help >/dev/null 2>&1; then
  PYFTSUBSET=(pyftsubset)
else
  PYFTSUBSET=("$PYTHON" -m fontTools.subset)   # same program, when the entry point is not on PATH
fi

# --- 3. character lists ------------------------------------------------------
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
TIERS=$("$PYTHON" "$ROOT/scripts/charsets.py" "$TMP" "$HANZI_PER_TIER")

# --- 4. subset ---------------------------------------------------------------
COMMON=(--layout-features=kern --no-hinting "--name-IDs=*" --no-recalc-timestamp)
mkdir -p "$OUT"

# Each Latin face twice: the full Latin set, and its core (ASCII and common
# marks) from the same source with the same options, so the core's glyphs,
# advances and kerning are the full face's. The order here is the registry's
# (fonts/LICENSES.tsv, written by font-metadata.py, which lists the same faces).
LATIN_FACES=(NotoSans-Regular NotoSans-Bold NotoSerif-Regular NotoSansMono-Regular
  NotoSans-Light NotoSans-Medium NotoSans-SemiBold NotoSans-ExtraBold NotoSans-Black
  NotoSans-Italic NotoSans-BoldItalic)
kerned=()
for f in "${LATIN_FACES[@]}"; do
  "${PYFTSUBSET[@]}" "$NOTO/$f.ttf" "${COMMON[@]}" \
    --unicodes-file="$TMP/latin.txt" --output-file="$OUT/$f.ttf"
  "${PYFTSUBSET[@]}" "$NOTO/$f.ttf" "${COMMON[@]}" \
    --unicodes-file="$TMP/latin-core.txt" --output-file="$OUT/$f-Core.ttf"
  kerned+=("$OUT/$f.ttf" "$OUT/$f-Core.ttf")
done
"$PYTHON" "$ROOT/scripts/gpos-to-kern.py" "${kerned[@]}"

# Find the Simplified Chinese face by its name table rather than trusting an index.
SC_FACE=$("$PYTHON" - "$CJK_TTC" <<'PY'
import sys
from fontTools.ttLib import TTCollection
c = TTCollection(sys.argv[1], lazy=True)
hits = [i for i, f in enumerate(c.fonts) if f["name"].getDebugName(1) == "Noto Sans CJK SC"]
assert len(hits) == 1, hits
print(hits[0])
PY
)
echo "Noto Sans CJK SC is face $SC_FACE of $CJK_TTC" >&2

rm -f "$OUT"/NotoSansSC-Tier*.otf
for t in $(seq 1 "$TIERS"); do
  "${PYFTSUBSET[@]}" "$CJK_TTC" --font-number="$SC_FACE" "${COMMON[@]}" \
    --unicodes-file="$TMP/cjk-tier$t.txt" --output-file="$OUT/NotoSansSC-Tier$(printf %02d "$t").otf"
done

# --- 5. licences, mapping, coverage report -----------------------------------
"$PYTHON" "$ROOT/scripts/font-metadata.py" "$OUT" "$TMP" "$TIERS"
