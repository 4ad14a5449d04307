#!/usr/bin/env bash
# Builds the release worker into build/ (wrangler's [build] command).
# EDGE_RENDER_PREBUILT=1 skips the build when the caller already built it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${EDGE_RENDER_PREBUILT:-}" = 1 ] && [ -f build/index.js ]; then
  exit 0
fi
export WASM_BINDGEN_BIN="${WASM_BINDGEN_BIN:-$HOME/.cargo/bin/wasm-bindgen}"
exec "$HOME/.cargo/bin/worker-build" --release
