#!/usr/bin/env bash
# Prepares the benchmark competitors (dev-only, never committed):
#   - npm install of each competitor's exact pinned packages (package.json +
#     package-lock.json in its folder) into its own node_modules/;
#   - copies of the card fonts, the very files our worker embeds (Noto Sans
#     regular, and bold for the /scene route), into each folder (wrangler
#     bundles them through a `[[rules]] type = "Data"` rule).
# Idempotent: skips the install when node_modules matches the lock, re-copies the
# font only when it differs. Needs npm (the registry) on the first run only.
#
#   bash bench/competitors/setup.sh            # font from <repo>/fonts/
#   CARD_FONT=/path/to/font.ttf bash bench/competitors/setup.sh   # the regular face
#   CARD_BOLD_FONT=/path/to/bold.ttf …                            # and the bold one
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FONT="${CARD_FONT:-$HERE/../../fonts/NotoSans-Regular.ttf}"
BOLD="${CARD_BOLD_FONT:-$HERE/../../fonts/NotoSans-Bold.ttf}"
COMPETITORS=(takumi cf-wasm-og)

log() { printf '[competitors] %s\n' "$*" >&2; }
[ -f "$FONT" ] || { log "font not found: $FONT"; exit 1; }
[ -f "$BOLD" ] || { log "font not found: $BOLD"; exit 1; }

for c in "${COMPETITORS[@]}"; do
  dir="$HERE/$c"
  # node_modules: (re)install when the lock changed since the last install.
  want=$(cat "$dir/package.json" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.bench-stamp" 2>/dev/null)" != "$want" ]; then
    log "$c: npm install"
    (cd "$dir" && npm install --no-audit --no-fund --prefer-offline >&2)
    want=$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)
    echo "$want" > "$dir/node_modules/.bench-stamp"
  fi
  # The fonts: the same bytes as ours.
  for pair in "$FONT:NotoSans-Regular.ttf" "$BOLD:NotoSans-Bold.ttf"; do
    src=${pair%%:*} dst=${pair##*:}
    if ! cmp -s "$src" "$dir/$dst"; then
      log "$c: copying $(basename "$src") as $dst"
      cp "$src" "$dir/$dst"
    fi
  done
done
log "ready: ${COMPETITORS[*]}"
