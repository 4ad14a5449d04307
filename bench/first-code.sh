#!/usr/bin/env bash
# How much wasm a fresh isolate compiles for its first request.
#
# V8 compiles a wasm function on its first call (Liftoff), so the first
# request of an isolate pays for every function body it touches, at roughly
# 18 KB a millisecond here. This prints, for a few first requests, the
# functions compiled and the sum of their body sizes, and with TOP=N the N
# largest: a deterministic number (no clock in it) that a change to the cold
# path can be judged by, before a noisy wall-clock benchmark.
#
#   bash bench/first-code.sh            # build examples/first_request for wasm32-wasip1, then measure
#   TOP=20 bash bench/first-code.sh     # and list the 20 largest bodies of each
#   NOBUILD=1 bash bench/first-code.sh  # measure the last build
#
# Each request runs in a fresh Node (V8 with --liftoff-only, so that tier-up
# compiles do not count) through bench/wasi.mjs; the example answers it twice,
# and the second compiles nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
WASM=target/wasm32-wasip1/release/examples/first_request.wasm
if [ -z "${NOBUILD:-}" ]; then
  RUSTFLAGS="-C target-feature=+simd128" \
    cargo build --release --locked --example first_request --target wasm32-wasip1 >&2
fi
tree=$(node -e 'const j = JSON.parse(require("fs").readFileSync("examples/scenes/blog-post.satori.json"));
  process.stdout.write(Buffer.from(JSON.stringify(j)).toString("base64url"))')
card="text=Hello%20from%20the%20edge%0ARendered%20on%20demand&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=000000"
measure() { # label path query
  node --no-warnings --liftoff-only --trace-wasm-compilation-times bench/wasi.mjs "$WASM" "$2" "$3" |
    node bench/first-code.mjs "$1" "$WASM"
}
measure "blog-post scene" /render.png "tree=$tree"
measure "Latin card" /text.png "$card"
measure "Chinese card" /text.png "text=%E4%BD%A0%E5%A5%BD%EF%BC%8C%E6%9D%A5%E8%87%AA%E8%BE%B9%E7%BC%98&size=64&width=1200&height=630"
measure "heart 400 px" /heart.png "size=400"
