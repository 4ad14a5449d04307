#!/usr/bin/env bash
# strip-wasm.sh IN OUT: drops the wasm names and producers sections with
# binaryen's wasm-opt from npm (node_modules, installed by scripts/setup.sh),
# enabling exactly the features the worker's wasm uses. Run by
# scripts/build-worker.sh and bench/profile-ab.sh. EDGE_RENDER_WASM_OPT
# replaces the passes (e.g. "-O3 --strip-debug") for measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
features="--enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-bulk-memory --enable-multivalue --enable-reference-types --enable-exception-handling --enable-simd"
# shellcheck disable=SC2086
exec node_modules/.bin/wasm-opt $features ${EDGE_RENDER_WASM_OPT:---strip-debug --strip-producers} "$1" -o "$2"
