#!/usr/bin/env bash
# Installs what building, serving and testing need, checking versions first:
# a second run installs nothing. Everything comes from crates.io, the npm
# registry or rustup's distribution server, never GitHub: worker-build would
# download wasm-bindgen and wasm-opt from GitHub releases, so the wasm-bindgen
# CLI is installed below from crates.io and passed in WASM_BINDGEN_BIN,
# Cargo.toml turns worker-build's wasm-opt step off, and wasm-opt is binaryen
# from npm (scripts/strip-wasm.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

WORKER_BUILD_VERSION=0.8.7
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"   # where cargo install puts tools
log() { printf '[setup] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The Rust toolchain pinned in rust-toolchain.toml. rustup would install it on
# the first cargo call anyway; doing it here keeps the install in setup.
TOOLCHAIN=$(awk -F'"' '/^channel *= *"/ { print $2; exit }' rust-toolchain.toml)
[ -n "$TOOLCHAIN" ] || die "no channel = \"…\" in rust-toolchain.toml"
if ! rustup toolchain list | awk -v t="$TOOLCHAIN-" 'index($1, t) == 1 { found = 1 } END { exit !found }'; then
  log "installing rust toolchain $TOOLCHAIN (rust-toolchain.toml)"
  rustup toolchain install   # reads rust-toolchain.toml: components and targets too
fi

# Its components and targets (rust-toolchain.toml lists them too; checked here
# in case the toolchain was installed without them): clippy and rustfmt for
# scripts/test.sh, wasm32 for the worker, x86_64-unknown-none proves the core
# is no_std.
for component in clippy rustfmt; do
  if ! rustup component list --installed --toolchain "$TOOLCHAIN" | grep -q "^$component-"; then
    log "adding rust component $component to $TOOLCHAIN"
    rustup component add --toolchain "$TOOLCHAIN" "$component"
  fi
done
for target in wasm32-unknown-unknown x86_64-unknown-none; do
  if ! rustup target list --installed --toolchain "$TOOLCHAIN" | grep -qx "$target"; then
    log "adding rust target $target to $TOOLCHAIN"
    rustup target add --toolchain "$TOOLCHAIN" "$target"
  fi
done

# worker-build, pinned.
if ! "$CARGO_BIN/worker-build" --version 2>/dev/null | grep -qx "$WORKER_BUILD_VERSION"; then
  log "installing worker-build $WORKER_BUILD_VERSION"
  cargo install "worker-build@$WORKER_BUILD_VERSION" --locked --force
fi

# lock_version NAME: the version of package NAME in Cargo.lock. Reads the
# [[package]] blocks (paragraphs) whole, so the order of their lines does not
# matter; fails unless exactly one block is that package.
lock_version() {
  awk -v want="$1" '
    BEGIN { RS = "" }
    $1 == "[[package]]" {
      name = ""; version = ""
      n = split($0, line, "\n")
      for (i = 1; i <= n; i++) {
        if (line[i] ~ /^name = "/)    { name = line[i];    gsub(/^name = "|"$/, "", name) }
        if (line[i] ~ /^version = "/) { version = line[i]; gsub(/^version = "|"$/, "", version) }
      }
      if (name == want) { found++; print version }
    }
    END { exit found == 1 ? 0 : 1 }' Cargo.lock
}

# wasm-bindgen CLI: must equal the wasm-bindgen version in Cargo.lock.
# Installed without --locked: with it, installing 0.2.130 failed on a missing
# webpki-roots; without it cargo resolves the CLI's dependencies afresh and
# the build succeeds (~2 min).
if ! WASM_BINDGEN_VERSION=$(lock_version wasm-bindgen) || [ -z "$WASM_BINDGEN_VERSION" ]; then
  die "Cargo.lock must have exactly one [[package]] named \"wasm-bindgen\", with a version; found: $(echo ${WASM_BINDGEN_VERSION:-none})"
fi
if ! "$CARGO_BIN/wasm-bindgen" --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION" --force
fi

# Chromium for the playground's browser test (tests/e2e/playground.test.mjs,
# driven by npm playwright-core): Debian's package, since `npx playwright
# install` downloads browsers from elsewhere. The test fails without it.
if [ ! -x /usr/bin/chromium ]; then
  log "installing chromium (apt-get)"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium
fi

# npm packages: wrangler and Node 22 (wrangler 4 needs Node >= 22; the
# machine's node may be older, so node_modules/.bin/node is used first), and
# playwright-core for the browser test.
stamp=node_modules/.edge-render-lock
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || [ ! -x node_modules/.bin/wrangler ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
fi
log "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n1), rust $TOOLCHAIN, node $(node_modules/.bin/node --version), wrangler $(PATH="$PWD/node_modules/.bin:$PATH" wrangler --version 2>/dev/null | tail -n1), worker-build $WORKER_BUILD_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION"
