#!/usr/bin/env bash
# Compatibility report: every card in examples/scenes/ rendered by ours, by
# satori + resvg and by Takumi, with pixel differences and strip images, into
# bench/compat/REPORT.md and bench/compat/strips/. Dev-only and run by hand:
# CI never runs it (it needs the npm registry for its packages).
#
#   bash bench/compat/run.sh
#
# Idempotent: installs the pinned npm packages (npm ci, from the committed
# package-lock.json) only when node_modules is missing or older than the lock
# file, builds the native CLI (a no-op when it is up to date), then runs
# compat.mjs, which rewrites the report and the strips.
# NODE=/path/to/node picks the Node (20 or later) to run it with.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
node=${NODE:-node}

if [ ! -f "$here/node_modules/.package-lock.json" ] ||
  [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

(cd "$root" && cargo build --release --locked --bin edge-render)

"$node" "$here/compat.mjs"
