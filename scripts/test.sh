#!/usr/bin/env bash
# README command 2: the whole test suite. Installs what is missing, then:
# format and lint checks (native and wasm32), the no_std build of the core,
# unit + golden tests (native), the release worker build, and the
# end-to-end tests against that worker inside `wrangler dev` (workerd).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --workspace --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "renderer core builds for a no_std target"
cargo build -p edge-render-core --no-default-features --features libm --target x86_64-unknown-none --locked

step "unit and golden tests"
cargo test --workspace --locked

step "release worker build"
bash scripts/build-worker.sh
ls -l build/index_bg.wasm
# The default build must deploy on Cloudflare's free plan: the script (wasm
# and JS), gzip -9, at most 3 MB. Asset fonts (build/assets) do not count.
upload=$(( $(gzip -9 -c build/index_bg.wasm | wc -c) + $(gzip -9 -c build/index.js | wc -c) ))
echo "upload: $upload bytes gzip -9 (free plan limit 3,000,000)"
[ "$upload" -le 3000000 ] || { echo "the worker no longer fits the free plan's 3 MB" >&2; exit 1; }

step "end-to-end tests in wrangler dev"
cargo build --bin edge-render --locked
EDGE_RENDER_CLI="$PWD/target/debug/edge-render" node --test --test-concurrency=1 "tests/e2e/*.test.mjs"
