#!/usr/bin/env bash
# Builds the release worker into build/ (wrangler's [build] command).
# EDGE_RENDER_PREBUILT=1 skips the build when the caller already built it.
set -euo pipefail
cd "$(dirname "$0")/.."
# (Several `wrangler dev` may start at once on a prebuilt worker, as the
# end-to-end tests do: they touch nothing here.)
if [ "${EDGE_RENDER_PREBUILT:-}" = 1 ] && [ -f build/index.js ] && [ -d build/assets/fonts ]; then
  exit 0
fi
# The fonts placed `asset` in fonts/LICENSES.tsv are not in the wasm: they are
# uploaded as Workers Static Assets (wrangler.toml [assets], binding ASSETS)
# and fetched on first use. Copied here (build/ is wrangler's to upload), the
# folder rebuilt each time so a font moved back to `embed` leaves no copy.
rm -rf build/assets && mkdir -p build/assets/fonts
awk -F'\t' 'NF >= 8 && $8 == "asset" { print $1 }' fonts/LICENSES.tsv |
  while read -r f; do cp "fonts/$f" "build/assets/fonts/$f"; done

export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen}"
"${CARGO_HOME:-$HOME/.cargo}/bin/worker-build" --release
# worker-build's own wasm-opt step always keeps the names section (it passes
# --debuginfo), which is 140 KB raw / 42 KB gzip of function names nobody
# reads in production. Binaryen from npm (node_modules, installed by
# scripts/setup.sh) strips it. Measured on this module (BENCHMARKS.md):
# stripping saves 42 KB gzip in 2 s; -O3/-Oz on top save 1-3 KB more for
# 10 s per build, so they are not run.
bash scripts/strip-wasm.sh build/index_bg.wasm build/index_bg.wasm.tmp
mv build/index_bg.wasm.tmp build/index_bg.wasm
