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
VARIANTS_ONLY="${VARIANTS_ONLY:-}"   # a grep -E pattern: run only matching variants
cd "$(dirname "$0")/.."
source scripts/env.sh
# "name|environment|cargo --config values" (space-separated, no spaces inside one)
variants=(
  "as committed||"
  "opt-level s|CARGO_PROFILE_RELEASE_OPT_LEVEL=s|"
  "opt-level z|CARGO_PROFILE_RELEASE_OPT_LEVEL=z|"
  "dependencies z, miniz/tiny-skia/fontdue/ttf-parser 3||profile.release.package.\"*\".opt-level=\"z\" profile.release.package.miniz_oxide.opt-level=3 profile.release.package.tiny-skia.opt-level=3 profile.release.package.fontdue.opt-level=3 profile.release.package.ttf-parser.opt-level=3"
  "lto off|CARGO_PROFILE_RELEASE_LTO=false|"
  "lto thin|CARGO_PROFILE_RELEASE_LTO=thin|"
  "codegen-units 16|CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16|"
  "panic unwind|CARGO_PROFILE_RELEASE_PANIC=unwind|"
  "no simd128|RUSTFLAGS=-Ctarget-feature=-simd128|"
)
printf '| variant | wasm bytes | gzip -9 |\n|---|---|---|\n'
for v in "${variants[@]}"; do
  IFS='|' read -r name env_set configs <<<"$v"
  if [ -n "$VARIANTS_ONLY" ] && ! grep -qE "$VARIANTS_ONLY" <<<"$name"; then continue; fi
  cfg=(); for c in $configs; do cfg+=(--config "$c"); done
  dir="target/profile-ab/$(echo "$name" | tr -c 'a-z0-9\n' '-')"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  if ! env $env_set CARGO_TARGET_DIR="$dir" cargo build "${cfg[@]}" --release --lib --target wasm32-unknown-unknown --locked -q 2>"$dir.err"; then
    printf '| %s | does not build: %s | |\n' "$name" "$(grep -m1 '^error' "$dir.err" || tail -n1 "$dir.err")"
    continue
  fi
  "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen" --target module --out-dir "$dir/bindgen" \
    "$dir/wasm32-unknown-unknown/release/edge_render.wasm"
  bash scripts/strip-wasm.sh "$dir/bindgen/edge_render_bg.wasm" "$dir/stripped.wasm"
  printf '| %s | %s | %s |\n' "$name" "$(stat -c %s "$dir/stripped.wasm")" "$(gzip -9 -c "$dir/stripped.wasm" | wc -c)"
done
