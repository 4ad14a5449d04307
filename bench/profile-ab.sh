#!/usr/bin/env bash
# Release-profile A/B for the worker's wasm size: builds the library for
# wasm32 with one profile setting changed at a time (through CARGO_PROFILE_*
# environment overrides), runs wasm-bindgen and the names strip exactly as
# scripts/build-worker.sh does, and prints raw and gzip -9 bytes.
#
#   bash bench/profile-ab.sh            # ~1.5 min per variant on this machine
#
# Each variant has its own target dir under target/profile-ab, so reruns are
# incremental. Results are copied by hand into bench/build-choices.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
features="--enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int
  --enable-bulk-memory --enable-multivalue --enable-reference-types --enable-exception-handling --enable-simd"
variants=(
  "as committed|"
  "opt-level s|CARGO_PROFILE_RELEASE_OPT_LEVEL=s"
  "opt-level z|CARGO_PROFILE_RELEASE_OPT_LEVEL=z"
  "lto off|CARGO_PROFILE_RELEASE_LTO=false"
  "lto thin|CARGO_PROFILE_RELEASE_LTO=thin"
  "codegen-units 16|CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16"
  "panic unwind|CARGO_PROFILE_RELEASE_PANIC=unwind"
  "no simd128|CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="
)
printf '| variant | wasm bytes | gzip -9 |\n|---|---|---|\n'
for v in "${variants[@]}"; do
  name=${v%%|*}; env_set=${v#*|}
  dir="target/profile-ab/$(echo "$name" | tr ' ' '-')"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  if ! env $env_set CARGO_TARGET_DIR="$dir" cargo build --release --lib --target wasm32-unknown-unknown --locked -q 2>"$dir.err"; then
    printf '| %s | does not build: %s | |\n' "$name" "$(grep -m1 '^error' "$dir.err" || tail -n1 "$dir.err")"
    continue
  fi
  "$HOME/.cargo/bin/wasm-bindgen" --target module --out-dir "$dir/bindgen" \
    "$dir/wasm32-unknown-unknown/release/edge_render.wasm"
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt $features --strip-debug --strip-producers \
    "$dir/bindgen/edge_render_bg.wasm" -o "$dir/stripped.wasm"
  printf '| %s | %s | %s |\n' "$name" "$(stat -c %s "$dir/stripped.wasm")" "$(gzip -9 -c "$dir/stripped.wasm" | wc -c)"
done
