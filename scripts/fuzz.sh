#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets/*.rs) with cargo fuzz, one at a
# time, each for SECONDS (default 60), and prints executions and crashes
# per target. FUZZING.md has the results and what each target feeds.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Needs the nightly toolchain (libFuzzer's sanitizer-coverage flags) and
# cargo-fuzz; both are installed here when missing. Nightly is used only by
# this script: the README's two commands and CI stay on the pinned stable,
# and replay the committed corpus and crashers there
# (tests/fuzz_regressions.rs).
#
# Builds without a sanitizer (`-s none`): our code and the core forbid
# `unsafe`, and AddressSanitizer roughly halves the executions; overflow
# checks and debug assertions stay on (cargo fuzz's default). Runs under
# `nice -n 19`, one libFuzzer process per target. New inputs go to
# fuzz/corpus/<target>/ (minimised with `cargo fuzz cmin` after the run),
# crashers to fuzz/artifacts/<target>/ (not committed: each one found is
# kept, after its fix, in fuzz/regressions/<target>/). Env: RSS_MB (default
# 1024), TIMEOUT (seconds per input, default 5), CMIN=0 to skip the
# minimisation.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi
rss=${RSS_MB:-1024}
timeout=${TIMEOUT:-5}

# Nightly without touching the pinned toolchain; cargo-fuzz when missing.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

python3 fuzz/seeds.py
cd fuzz
nice -n 19 cargo +nightly fuzz build -s none

# The longest input each target is given: short enough that one execution
# stays well under a millisecond where the code allows.
max_len() {
    case "$1" in
        color) echo 128 ;;
        css) echo 256 ;;
        query | text_layout) echo 512 ;;
        render_get) echo 1024 ;;
        # JSON documents: 2 KB holds a small card, and keeps the corpus
        # (and its replay in cargo test) small.
        json_body | scene) echo 2048 ;;
        *) echo 4096 ;;
    esac
}

summary=()
total=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t" logs
    cp -n "seeds/$t"/* "corpus/$t/" 2>/dev/null || true
    before=$(find "artifacts/$t" -type f | wc -l)
    log="logs/$t.log"
    echo "== $t: ${seconds}s"
    set +e
    nice -n 19 cargo +nightly fuzz run -s none "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
        -timeout="$timeout" -max_len="$(max_len "$t")" -print_final_stats=1 \
        >"$log" 2>&1
    status=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
    if [ -z "$execs" ]; then
        # A crash ends the run before the final stats: the last status line.
        execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)
    fi
    execs=${execs:-0}
    crashes=$(( $(find "artifacts/$t" -type f | wc -l) - before ))
    total=$((total + execs))
    line=$(printf '%-12s %12s execs  %3s crashes  (exit %s)' "$t" "$execs" "$crashes" "$status")
    echo "$line"
    [ "$crashes" -gt 0 ] && grep -m 1 -E "panicked at|ERROR: libFuzzer" "$log" || true
    summary+=("$line")
    if [ "${CMIN:-1}" = 1 ]; then
        nice -n 19 cargo +nightly fuzz cmin -s none "$t" "corpus/$t" -- \
            -rss_limit_mb="$rss" -timeout="$timeout" >"logs/$t.cmin.log" 2>&1 || echo "cmin of $t failed: fuzz/logs/$t.cmin.log"
    fi
done

echo
echo "== $(date -u +%Y-%m-%dT%H:%MZ), ${seconds}s per target"
printf '%s\n' "${summary[@]}"
echo "total: $total executions"
