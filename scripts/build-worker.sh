#!/usr/bin/env bash
# Builds the release worker into build/ (wrangler's [build] command).
# EDGE_RENDER_PREBUILT=1 skips the build when the caller already built it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${EDGE_RENDER_PREBUILT:-}" = 1 ] && [ -f build/index.js ]; then
  exit 0
fi
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
