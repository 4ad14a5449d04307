#!/usr/bin/env bash
# README command 1: install what is missing, build the worker, serve it with
# wrangler dev (real workerd) on 127.0.0.1. PORT defaults to 8787.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
exec wrangler dev --ip 127.0.0.1 --port "${PORT:-8787}" --test-scheduled
