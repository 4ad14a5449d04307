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

step "end-to-end tests in wrangler dev"
cargo build --bin edge-render --locked
EDGE_RENDER_CLI="$PWD/target/debug/edge-render" node --test --test-concurrency=1 "tests/e2e/*.test.mjs"
