#!/usr/bin/env bash
# The benchmark: one command, `./bench/run.sh`, writes BENCHMARKS.md at the
# repo root.
#
# It measures exactly the committed HEAD: a local `git clone` of the repo into
# a scratch directory (the working tree and git state are never touched), the
# repo's scripts/setup.sh there, the release worker build, then:
#   sizes        wasm raw and gzip -9; wrangler deploy --dry-run "Total Upload"
#   start-up     V8 compile + instantiate of the wasm (Node 22), wrangler dev ready time
#   cold         first request to a fresh `wrangler dev` (restarted per case per run)
#   warm         sequential requests on one warm instance, varying colour per request
#   throughput   wrk at 1, 8, 32 connections, varying colour per request (bench/vary.lua)
#   memory       workerd RSS / VmHWM under that load; native CLI max RSS of the largest requests
# and the same for bench/empty-worker (the floor of `wrangler dev` here) and the
# competitors in bench/competitors (Takumi, @cf-wasm/og), in the same run; plus
#   fonts        per-face parse time in the worker (Server-Timing), fresh instance per run
#   before       wasm size of BEFORE_COMMIT (before the text renderer), built once, cached
#
# Knobs (environment): RUNS=5 (cold starts, V8 samples) WARM_REQS=200 WARM_RUNS=3
# LOAD_SECS=10 LOAD_CONNS="1 8 32" LOAD_RUNS=2 BIG_RUNS=3 QUIET_WAIT=60 KEEP=1 (keep scratch dir)
# SOAK_MIX_SECS=60 SOAK_HEAVY_SECS=20 (the soak, bench/soak.mjs; it and bench/cpu.mjs are not in ONLY=scene runs)
# OUT=path (default: BENCHMARKS.md at the repo root). SCENE_CARD=blog-post SCENE_VARY=#f8fafc
# SCENE_CONNS=8 (the scene rows, see SCENES). ONLY=scene: just the scene rows (ours, ours
# without the Cache API, Takumi, @cf-wasm/og: cold, warm, load at SCENE_CONNS, memory), no
# other case, no size/start-up/font/largest-request measurement; the report goes to
# target/bench/BENCHMARKS-scene.md unless OUT says otherwise, so BENCHMARKS.md is only ever
# written by a whole run. BENCH_WORK_DIR=dir (default /tmp/edge-render-bench) is the scratch
# clone: give each checkout its own when two may run at once.
# TEMPLATE_URL TEMPLATE_VARY: the template rows (issue 13, see TEMPLATE_URL below), in every
# run; ONLY=template measures just them (a few minutes) into target/bench/BENCHMARKS-template.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(git -C "$BENCH/.." rev-parse --show-toplevel)"
ONLY="${ONLY:-}"
case "$ONLY" in
  '') OUT="${OUT:-$REPO/BENCHMARKS.md}" ;;
  scene) OUT="${OUT:-$REPO/target/bench/BENCHMARKS-scene.md}"; LOAD_CONNS="${LOAD_CONNS:-${SCENE_CONNS:-8}}" ;;
  template) OUT="${OUT:-$REPO/target/bench/BENCHMARKS-template.md}"; LOAD_CONNS="${LOAD_CONNS:-${SCENE_CONNS:-8}}" ;;
  *) echo "ONLY=$ONLY: the partial runs are ONLY=scene and ONLY=template" >&2; exit 2 ;;
esac
export RUNS="${RUNS:-5}" WARM_REQS="${WARM_REQS:-200}" WARM_RUNS="${WARM_RUNS:-3}"
export LOAD_SECS="${LOAD_SECS:-10}" LOAD_CONNS="${LOAD_CONNS:-1 8 32}" LOAD_RUNS="${LOAD_RUNS:-2}"
export BIG_RUNS="${BIG_RUNS:-3}"

# The measured cases, one line each: "name|path?query|param varied per request[|flags]".
# Spaces and non-ASCII may be written raw (they are percent-encoded); write a
# newline as %0A. The cold request uses the path as written (color=000000); warm
# and load requests replace the varied param with a new value each. A case costs
# about 1.5 min of the run, or ~20 s with `noload` (cold + warm only, no wrk).
# The first text case is the competitor card (see COMPETITORS): same two lines,
# black on white, 64 px over 32 px (`sizes=64,32`). Flag `nocache`: the case runs
# in a worker started with `--var EDGE_CACHE:off`, which skips the Cache API
# lookup and store: the renderer alone, the work the competitors' workers do.
CASES=(
  "heart 400 px PNG|/heart.png?size=400|color"
  "Latin card 1200x630 (2 lines, the competitor card)|/text.png?text=Hello from the edge%0ARendered on demand&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=000000|color"
  "Latin card 1200x630 (3 lines)|/text.png?text=Hello from the edge%0ARendered on demand%0AServed from 300 cities&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=000000|color|noload"
  "Chinese card 1200x630 (3 lines)|/text.png?text=你好，来自边缘%0A按需渲染的中文卡片%0A每一行都在边缘渲染&size=64&width=1200&height=630&align=center&valign=middle&color=000000|color"
  "Latin card 1200x630 (2 lines, the competitor card), Cache API off|/text.png?text=Hello from the edge%0ARendered on demand&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=000000|color|nocache"
  "Chinese card 1200x630 (3 lines), Cache API off|/text.png?text=你好，来自边缘%0A按需渲染的中文卡片%0A每一行都在边缘渲染&size=64&width=1200&height=630&align=center&valign=middle&color=000000|color|noload nocache"
  "Korean card 1200x630 (2 lines)|/text.png?text=안녕하세요, 세계%0A엣지에서 그린 카드&size=64&width=1200&height=630&align=center&valign=middle&color=000000|color|noload"
  "Arabic card 1200x630 (2 lines, shaped, right to left)|/text.png?text=مرحبا بالعالم%0Aبطاقة من الحافة&size=64&width=1200&height=630&align=center&valign=middle&color=000000|color|noload"
  "emoji card 1200x630 (2 lines, Twemoji a static asset)|/text.png?text=I ❤ Rust 🎉%0A👍🏽 🇫🇷 👨‍👩‍👧 1️⃣&size=64&width=1200&height=630&align=center&valign=middle&color=000000|color|noload"
)
# Competitors (issue 4), "name|folder under bench/competitors|path?query|param": the
# same 1200x630 card, same font file, run in wrangler dev the same way (see
# bench/competitors/README.md); their npm packages are installed in the clone.
COMPETITORS=(
  "Takumi 2.16.3|takumi|/?color=000000|color"
  "@cf-wasm/og 0.4.1|cf-wasm-og|/?color=000000|color"
)
# Per-face parse time in the worker: requested in this order in each fresh
# instance, each needing exactly one face not yet parsed (CJK tiers by
# frequency rank, see fonts/README.md: 的 rank 26 → tier 1, 按 594 → tier 2,
# 渲 3906 → tier 8, 蝥 6600 → tier 14).
FONT_PROBES=(
  "sans regular (Latin only)|/text.png?text=A"
  "CJK tier 1 (的)|/text.png?text=的"
  "CJK tier 2 (按; a static asset, fetched first)|/text.png?text=按"
  "CJK tier 8 (渲; a static asset)|/text.png?text=渲"
  "CJK tier 14 (蝥; a static asset)|/text.png?text=蝥"
  "Korean tier 1 (한)|/text.png?text=한"
  "Japanese kana (の)|/text.png?text=の"
  "Arabic (م)|/text.png?text=م"
  "Devanagari (न)|/text.png?text=न"
  "emoji (😀; Twemoji, a static asset)|/text.png?text=😀"
  "serif|/text.png?text=A&font=serif"
  "mono|/text.png?text=A&font=mono"
  "sans bold|/text.png?text=A&weight=bold"
)
# The commit before the text renderer (issue 3): its wasm size is reported next
# to HEAD's. Built once in its own clone and target dir, cached in target/bench.
BEFORE_COMMIT="${BEFORE_COMMIT:-d556247}"

# The largest accepted requests (README limits): worker time and native peak memory.
BIG_CASES=(
  "heart 2048 px PNG|/heart.png?size=2048|color"
  "heart APNG 512 px x 32 frames|/heart.apng?size=512&frames=32|color"
  # One character from each tier of a CJK region (the font memory budget's
  # worst accepted texts), the four regions in turn: what linear memory
  # reaches when a text touches every face it may at once.
  "every Simplified Chinese tier|/text.png?text=我架汤浜渴炕煨瑛睢痫翕簋窀碹&lang=zh-Hans&size=48&color=000000|color"
  "every Traditional Chinese tier|/text.png?text=望泰池滋烘琦灶甥琇矜痤珖籯穋&lang=zh-Hant&size=48&color=000000|color"
  "every Japanese tier|/text.png?text=ァ更汚渋浩牌玖疽瞠痾渺挧緕閹&lang=ja&size=48&color=000000|color"
  "every Korean tier and the other scripts|/text.png?text=셔삽쉘뢸첬 مرحبا नमस्ते สวัสดี שלום 😀&lang=ko&size=48&color=000000|color"
)

# Scenes (issue 10), "name|worker|path|shape[|flags]": one example card
# (examples/scenes/$SCENE_CARD.<shape>.json, a whole request body) in ours and
# in the competitors, each in its own `wrangler dev`. Every worker gets the
# tree the same way, in the URL: path?tree=<base64url of the compact JSON> —
# ours `GET /render.png` (satori's shape, what a migrating user sends), the
# Takumi worker its node shape, the @cf-wasm/og worker satori's shape (their
# `/scene` route, bench/competitors/). Warm and load requests change one
# colour of the tree (SCENE_VARY, the title's), a new value every request
# (bench/vary.lua splices it into the base64url), so no cache answers and
# every request does the same work; the cold request is the card as written.
# Worker "ours" is this build; flag nocache = started with EDGE_CACHE off.
SCENE_CARD="${SCENE_CARD:-blog-post}"
SCENE_VARY="${SCENE_VARY:-#f8fafc}"
SCENE_CONNS="${SCENE_CONNS:-8}"
SCENES=(
  "ours ($SCENE_CARD scene)|ours|/render.png|satori"
  "ours, Cache API off ($SCENE_CARD scene)|ours|/render.png|satori|nocache"
  "Takumi 2.16.3 ($SCENE_CARD scene)|takumi|/scene|takumi"
  "@cf-wasm/og 0.4.1 ($SCENE_CARD scene)|cf-wasm-og|/scene|satori"
)
# Templates (issue 13): a template request and the very same card sent as a
# scene, in one `wrangler dev` (Cache API off: the renderer alone), in the same
# run: cold (a fresh instance per row per run), warm, req/s at SCENE_CONNS, PNG
# bytes. `examples/template_cost.rs expand` gives the scene request JSON the
# template fills for TEMPLATE_URL; the scene row sends it as
# GET /render.png?tree=<base64url>. measure.mjs stops the run unless both
# answer the same PNG bytes. Warm and load requests set TEMPLATE_VARY's
# parameter (the template's accent, default #6366f1) to a new colour each, and
# the scene row every occurrence of that colour in the tree to the same value.
# The template layer's own cost, free of HTTP noise: `template_cost time`
# (native, medians of many calls: the parse phase of both routes, the fill
# against the JSON parse it replaces), run once the CPUs are quiet.
TEMPLATE_URL="${TEMPLATE_URL:-/og/blog.png?title=Templates%3A%20one%20URL%20per%20card%2C%20drawn%20at%20the%20edge}"
TEMPLATE_VARY="${TEMPLATE_VARY:-accent|#6366f1}"
if [ "$ONLY" = scene ]; then
  CASES=(); BIG_CASES=(); FONT_PROBES=()
fi
if [ "$ONLY" = template ]; then
  CASES=(); BIG_CASES=(); FONT_PROBES=(); SCENES=()
fi

log() { printf '[bench] %s\n' "$*" >&2; }
T_START=$(date +%s)

# One run at a time (the scratch path is fixed): taken before the cleanup trap,
# so a refused second run cannot remove the first one's files.
mkdir -p "$REPO/target/bench"
exec 9>"$REPO/target/bench/.run.lock"
flock -n 9 || { log "another ./bench/run.sh is running (lock target/bench/.run.lock)"; exit 1; }

# Scratch space: a fixed path, so cargo's fingerprints of the workspace
# crates stay comparable between runs; wiped and re-cloned every time.
WORK="${BENCH_WORK_DIR:-/tmp/edge-render-bench}"
MEASURE_PID=
cleanup() {
  local rc=$?
  if [ -n "$MEASURE_PID" ] && kill -0 "$MEASURE_PID" 2>/dev/null; then
    kill -TERM "$MEASURE_PID" 2>/dev/null || true   # measure.mjs kills its servers by group
    wait "$MEASURE_PID" 2>/dev/null || true
  fi
  # Belt and braces: measure.mjs records the process group of every server it
  # starts; kill what is left of them, but only processes working in $WORK.
  local pg pid
  for pg in $(cat "$WORK/pgids" 2>/dev/null); do
    for pid in $(pgrep -g "$pg" 2>/dev/null); do
      case "$(readlink "/proc/$pid/cwd" 2>/dev/null)" in
        "$WORK"/*) kill -KILL "$pid" 2>/dev/null || true ;;
      esac
    done
  done
  [ "${KEEP:-}" = 1 ] || rm -rf "$WORK"
  [ $rc = 0 ] || log "FAILED (exit $rc) after $(( $(date +%s) - T_START )) s"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 0. tools ------------------------------------------------------------------
need_apt() {   # need_apt BINARY PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  log "$1 missing: apt-get install -y $2"
  local SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  { $SUDO apt-get install -y "$2" || { $SUDO apt-get update && $SUDO apt-get install -y "$2"; }; } >&2 \
    || log "could not install $2"
}
need_apt wrk wrk
[ -x /usr/bin/time ] || need_apt /usr/bin/time time
command -v wrk >/dev/null || { log "wrk is required for the throughput table"; exit 1; }

# --- 1. a clean copy of HEAD ------------------------------------------------------
rm -rf "$WORK"; mkdir -p "$WORK"
git clone --quiet "$REPO" "$WORK/src"
SRC="$WORK/src"
COMMIT=$(git -C "$SRC" rev-parse HEAD)
COMMIT_SUBJECT=$(git -C "$SRC" log -1 --format=%s)
log "measuring $COMMIT ($COMMIT_SUBJECT) in $SRC"
DIRTY=$(git -C "$REPO" status --porcelain --untracked-files=no | wc -l)

# node_modules: one install per package-lock.json, kept under target/bench/npm/
# (`npm ci` from the npm cache), symlinked into the clone. setup.sh sees its
# stamp and installs nothing.
export CARGO_TARGET_DIR="$REPO/target/bench"
LOCK_HASH=$(sha256sum "$SRC/package-lock.json" | cut -d' ' -f1)
NPM_DIR="$CARGO_TARGET_DIR/npm/${LOCK_HASH:0:16}"
if [ "$(cat "$NPM_DIR/node_modules/.edge-render-lock" 2>/dev/null)" != "$LOCK_HASH" ]; then
  log "npm ci for package-lock ${LOCK_HASH:0:16} into $NPM_DIR"
  rm -rf "$NPM_DIR"; mkdir -p "$NPM_DIR"
  cp "$SRC/package.json" "$SRC/package-lock.json" "$NPM_DIR/"
  (cd "$NPM_DIR" && npm ci --no-audit --no-fund --prefer-offline >&2)
  echo "$LOCK_HASH" > "$NPM_DIR/node_modules/.edge-render-lock"
fi
ln -s "$NPM_DIR/node_modules" "$SRC/node_modules"

cd "$SRC"
bash scripts/setup.sh
# shellcheck disable=SC1091
source scripts/env.sh

# --- 2. build and sizes ----------------------------------------------------------------
log "release worker build (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
t0=$(date +%s)
bash scripts/build-worker.sh >&2
BUILD_SECS=$(( $(date +%s) - t0 ))
WASM="$SRC/build/index_bg.wasm"
WASM_RAW=$(stat -c %s "$WASM")
WASM_GZ=$(gzip -9 -c "$WASM" | wc -c)
JS_RAW=$(stat -c %s "$SRC/build/index.js")
JS_GZ=$(gzip -9 -c "$SRC/build/index.js" | wc -c)

# Fonts inside the wasm: every file in fonts/ whose exact bytes occur in it.
FONT_RAW=0; FONT_GZ=0; FONT_LIST=
for p in $(node -e '
  const fs = require("fs"); const wasm = fs.readFileSync(process.argv[1]);
  for (const f of fs.readdirSync("fonts").filter((f) => /\.(ttf|otf|ttc|woff2?)$/.test(f)).sort())
    if (wasm.indexOf(fs.readFileSync("fonts/" + f)) >= 0) console.log("fonts/" + f);' "$WASM"); do
  FONT_RAW=$(( FONT_RAW + $(stat -c %s "$p") ))
  FONT_GZ=$(( FONT_GZ + $(gzip -9 -c "$p" | wc -c) ))
  FONT_LIST="$FONT_LIST ${p#fonts/}"
done

UPLOAD_LINE="(not measured: ONLY=$ONLY)"
if [ -z "$ONLY" ]; then
  log "wrangler deploy --dry-run"
  DRY_OUT=$(EDGE_RENDER_PREBUILT=1 CI=true NO_COLOR=1 timeout 120 wrangler deploy --dry-run --outdir "$WORK/dist" 2>&1) \
    && DRY_RC=0 || DRY_RC=$?
  UPLOAD_LINE=$(printf '%s\n' "$DRY_OUT" | grep -m1 'Total Upload' || true)
  if [ -z "$UPLOAD_LINE" ]; then
    UPLOAD_LINE="(wrangler deploy --dry-run failed offline, exit $DRY_RC: $(printf '%s' "$DRY_OUT" | tail -n 3 | tr '\n' ' '))"
  fi
  log "$UPLOAD_LINE"
fi

# Competitors: their pinned npm packages (node_modules cached per lock under
# target/bench/competitors/), the font copy, and their upload size.
upload_of() {   # upload_of DIR -> the "Total Upload" line of wrangler deploy --dry-run
  local o rc
  o=$(cd "$1" && CI=true NO_COLOR=1 timeout 120 wrangler deploy --dry-run --outdir "$WORK/dist-$(basename "$1")" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$o" | grep -m1 'Total Upload' || echo "(wrangler deploy --dry-run failed, exit $rc)"
}
REPORT_UPLOADS="ours|$UPLOAD_LINE"
COMP_LINES=
[ "$ONLY" != template ] || COMPETITORS=()   # no competitor row: nothing of theirs to set up
for c in "${COMPETITORS[@]}"; do
  IFS='|' read -r cname cdir cpath cparam <<<"$c"
  d="$SRC/bench/competitors/$cdir"
  h=$(cat "$d/package.json" "$d/package-lock.json" | sha256sum | cut -d' ' -f1)
  cache="$CARGO_TARGET_DIR/competitors/$cdir-${h:0:16}"
  if [ -d "$cache/node_modules" ] && [ ! -e "$d/node_modules" ]; then cp -a "$cache/node_modules" "$d/"; fi
done
[ "${#COMPETITORS[@]}" = 0 ] || bash "$SRC/bench/competitors/setup.sh" >&2
for c in "${COMPETITORS[@]}"; do
  IFS='|' read -r cname cdir cpath cparam <<<"$c"
  d="$SRC/bench/competitors/$cdir"
  h=$(cat "$d/package.json" "$d/package-lock.json" | sha256sum | cut -d' ' -f1)
  cache="$CARGO_TARGET_DIR/competitors/$cdir-${h:0:16}"
  if [ ! -d "$cache/node_modules" ]; then mkdir -p "$cache"; cp -a "$d/node_modules" "$cache/"; fi
  [ -n "$ONLY" ] && continue   # a partial run measures no upload size and no text-card row
  line=$(upload_of "$d")
  log "$cname: $line"
  REPORT_UPLOADS="$REPORT_UPLOADS"$'\n'"$cname|$line"
  COMP_LINES="$COMP_LINES$cname|$d|$cpath|$cparam"$'\n'
done
mkdir -p "$WORK/empty"
cp "$BENCH/empty-worker/index.js" "$BENCH/empty-worker/wrangler.toml" "$WORK/empty/"
[ -n "$ONLY" ] || REPORT_UPLOADS="$REPORT_UPLOADS"$'\n'"empty worker|$(upload_of "$WORK/empty")"
SCENE_LINES=
for sc in "${SCENES[@]}"; do
  IFS='|' read -r sname sworker spath sshape sflags <<<"$sc"
  if [ "$sworker" = ours ]; then swho=ours sdir="$SRC"; else swho=competitor sdir="$SRC/bench/competitors/$sworker"; fi
  SCENE_LINES="$SCENE_LINES$sname|$swho|$sdir|$spath|$SRC/examples/scenes/$SCENE_CARD.$sshape.json|$sflags"$'\n'
done

# Fonts: per file bytes, gzip -9, glyphs (fontTools, when python has it) and the
# native fontdue parse time quoted from fonts/README.md.
REPORT_FONTS='{}'
[ -n "$ONLY" ] || REPORT_FONTS=$(node -e '
  const fs = require("fs"); const cp = require("child_process");
  const readme = fs.existsSync("fonts/README.md") ? fs.readFileSync("fonts/README.md", "utf8") : "";
  const sec = readme.split(/^## /m).find((s) => /parse cost/i.test(s.split("\n")[0])) ?? "";
  const out = {};
  for (const f of fs.readdirSync("fonts").filter((f) => /\.(ttf|otf)$/.test(f)).sort()) {
    const bytes = fs.statSync("fonts/" + f).size;
    const gz = Number(cp.execSync(`gzip -9 -c fonts/${f} | wc -c`).toString().trim());
    let glyphs = null;
    try { glyphs = Number(cp.execSync(`python3 -c "import sys; from fontTools.ttLib import TTFont; print(len(TTFont(sys.argv[1]).getGlyphOrder()))" fonts/${f}`, { stdio: ["ignore", "pipe", "ignore"] }).toString()); } catch {}
    const row = sec.split("\n").find((l) => l.includes("`" + f + "`"));
    const nativeMs = row ? (row.split("|")[3] ?? "").trim() : null;
    out[f] = { bytes, gz, glyphs, nativeMs };
  }
  console.log(JSON.stringify(out));')

# The wasm before the text renderer: cached by commit.
BEFORE_CACHE="$CARGO_TARGET_DIR/before-$BEFORE_COMMIT.txt"
if [ ! -s "$BEFORE_CACHE" ] && [ -z "$ONLY" ]; then
  log "building $BEFORE_COMMIT (before the text renderer) once, for its wasm size"
  git clone --quiet --no-checkout "$REPO" "$WORK/before"
  git -C "$WORK/before" checkout --quiet "$BEFORE_COMMIT"
  if (cd "$WORK/before" && CARGO_TARGET_DIR="$CARGO_TARGET_DIR/before-$BEFORE_COMMIT" bash scripts/build-worker.sh >&2); then
    bw="$WORK/before/build/index_bg.wasm"
    echo "$(git -C "$WORK/before" rev-parse HEAD) $(stat -c %s "$bw") $(gzip -9 -c "$bw" | wc -c) $(git -C "$WORK/before" log -1 --format=%s)" > "$BEFORE_CACHE"
  else
    log "build of $BEFORE_COMMIT failed; the report leaves it out"
  fi
fi
REPORT_BEFORE=$(cat "$BEFORE_CACHE" 2>/dev/null || true)

log "native release CLI build"
cargo build --release --locked --bin edge-render >&2
CLI="$CARGO_TARGET_DIR/release/edge-render"

log "the template rows: examples/template_cost.rs expand $TEMPLATE_URL"
cargo build --release --locked --example template_cost >&2
TEMPLATE_COST="$CARGO_TARGET_DIR/release/examples/template_cost"
"$TEMPLATE_COST" expand "$TEMPLATE_URL" > "$WORK/template-tree.json"
# The same example in V8's wasm (the worker's engine, through Node's WASI),
# when the wasm32-wasip1 target is installed (the first build takes a few minutes).
TEMPLATE_COST_WASM=
if rustup target list --installed 2>/dev/null | grep -qx wasm32-wasip1; then
  log "the template layer cost in wasm: template_cost for wasm32-wasip1"
  CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-C target-feature=+simd128" \
    cargo build --release --locked --example template_cost --target wasm32-wasip1 >&2 \
    && TEMPLATE_COST_WASM="$CARGO_TARGET_DIR/wasm32-wasip1/release/examples/template_cost.wasm"
else
  log "no wasm32-wasip1 target (rustup target add wasm32-wasip1): the template layer cost is native only"
fi

# --- 3-6. measurements ---------------------------------------------------------------
# The machine is shared: wait (at most QUIET_WAIT s, default 60) until the CPUs are
# at least 85 % idle over 2 s, so a build that someone else just started is less
# likely to land in the numbers. The report says whether it was quiet.
cpu_busy_pct() {   # busy share of all CPUs over 2 s, from /proc/stat
  local u1 n1 s1 i1 w1 q1 r1 t1 u2 n2 s2 i2 w2 q2 r2 t2
  read -r _ u1 n1 s1 i1 w1 q1 r1 t1 _ < /proc/stat; sleep 2
  read -r _ u2 n2 s2 i2 w2 q2 r2 t2 _ < /proc/stat
  local busy=$(( (u2+n2+s2+q2+r2+t2) - (u1+n1+s1+q1+r1+t1) )) idle=$(( (i2+w2) - (i1+w1) ))
  echo $(( 100 * busy / (busy + idle + 1) ))
}
QUIET_WAIT="${QUIET_WAIT:-60}"; waited=0
while busy=$(cpu_busy_pct); [ "$busy" -gt 15 ] && [ "$waited" -lt "$QUIET_WAIT" ]; do
  [ "$waited" = 0 ] && log "CPUs ${busy} % busy with other work; waiting up to ${QUIET_WAIT} s for quiet"
  waited=$(( waited + 2 ))
done
export REPORT_QUIET="CPUs ${busy} % busy just before the measurements (after waiting ${waited} s of at most ${QUIET_WAIT} s for ≤ 15 %)"
log "$REPORT_QUIET"
# The template layer's own cost, natively (a few seconds; it also checks the
# three requests give the same PNG bytes).
log "template layer cost: template_cost time $TEMPLATE_URL"
"$TEMPLATE_COST" time "$TEMPLATE_URL" > "$WORK/template-cost.txt"
if [ -n "$TEMPLATE_COST_WASM" ]; then
  node --no-warnings "$SRC/bench/wasi.mjs" "$TEMPLATE_COST_WASM" time "$TEMPLATE_URL" >> "$WORK/template-cost.txt"
fi
cat "$WORK/template-cost.txt" >&2
sed -n 's/^TEMPLATE-COST-JSON //p' "$WORK/template-cost.txt" > "$WORK/template-cost.jsonl"
export BENCH_WORK="$WORK" BENCH_OURS_DIR="$SRC" BENCH_EMPTY_DIR="$WORK/empty" BENCH_CLI="$CLI"
export BENCH_LUA="$BENCH/vary.lua" BENCH_OUT="$WORK/results.json"
BENCH_CASES=$(printf '%s\n' "${CASES[@]}"); BENCH_BIG=$(printf '%s\n' "${BIG_CASES[@]}")
BENCH_FONT_PROBES=$(printf '%s\n' "${FONT_PROBES[@]}"); BENCH_COMPETITORS="$COMP_LINES"
BENCH_SCENES="$SCENE_LINES" BENCH_SCENE_VARY="$SCENE_VARY" BENCH_SCENE_CONNS="$SCENE_CONNS" BENCH_ONLY="$ONLY"
BENCH_TEMPLATE_URL="$TEMPLATE_URL" BENCH_TEMPLATE_TREE="$WORK/template-tree.json" BENCH_TEMPLATE_VARY="$TEMPLATE_VARY"
export BENCH_CASES BENCH_BIG BENCH_FONT_PROBES BENCH_COMPETITORS BENCH_SCENES BENCH_SCENE_VARY BENCH_SCENE_CONNS BENCH_ONLY
export BENCH_TEMPLATE_URL BENCH_TEMPLATE_TREE BENCH_TEMPLATE_VARY
export LOAD_CONNS
node "$BENCH/measure.mjs" &
MEASURE_PID=$!
wait "$MEASURE_PID"
MEASURE_PID=
node -e '
  const fs = require("fs"); const [f, s] = process.argv.slice(1);
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  for (const l of fs.readFileSync(s, "utf8").split("\n").filter(Boolean)) {
    const x = JSON.parse(l);
    r[x.engine === "wasm" ? "templateCostWasm" : "templateCost"] = x;
  }
  fs.writeFileSync(f, JSON.stringify(r, null, 2));' "$WORK/results.json" "$WORK/template-cost.jsonl"

# --- 6b. the soak (issue 12): its own worker, after every other measurement --------------
if [ -z "$ONLY" ]; then
  log "soak: ${SOAK_MIX_SECS:-60} s mix at 8 connections, ${SOAK_HEAVY_SECS:-20} s heaviest at 4"
  (cd "$SRC" && node bench/soak.mjs --mix-secs "${SOAK_MIX_SECS:-60}" --heavy-secs "${SOAK_HEAVY_SECS:-20}" \
    --json "$WORK/soak.json") >&2 || log "the soak failed its checks (see the Soak section)"
  node -e '
    const fs = require("fs"); const [f, s] = process.argv.slice(1);
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    if (fs.existsSync(s)) r.soak = JSON.parse(fs.readFileSync(s, "utf8"));
    fs.writeFileSync(f, JSON.stringify(r, null, 2));' "$WORK/results.json" "$WORK/soak.json"
  log "CPU per request: bench/cpu.mjs"
  (cd "$SRC" && node bench/cpu.mjs --json "$WORK/cpu.json") >&2 || log "bench/cpu.mjs failed"
  node -e '
    const fs = require("fs"); const [f, s] = process.argv.slice(1);
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    if (fs.existsSync(s)) r.cpu = JSON.parse(fs.readFileSync(s, "utf8"));
    fs.writeFileSync(f, JSON.stringify(r, null, 2));' "$WORK/results.json" "$WORK/cpu.json"
fi

# --- 7. the report ---------------------------------------------------------------------
export REPORT_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
export REPORT_NPROC="$(nproc)" REPORT_CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
export REPORT_FREE="$(free -g)" REPORT_KERNEL="$(uname -sr)"
export REPORT_COMMIT="$COMMIT" REPORT_SUBJECT="$COMMIT_SUBJECT" REPORT_DIRTY="$DIRTY"
export REPORT_WASM_RAW="$WASM_RAW" REPORT_WASM_GZ="$WASM_GZ" REPORT_JS_RAW="$JS_RAW" REPORT_JS_GZ="$JS_GZ"
export REPORT_FONT_RAW="$FONT_RAW" REPORT_FONT_GZ="$FONT_GZ" REPORT_FONT_LIST="${FONT_LIST# }"
export REPORT_UPLOAD="$UPLOAD_LINE" REPORT_BUILD_SECS="$BUILD_SECS" REPORT_ONLY="$ONLY"
export REPORT_UPLOADS REPORT_FONTS REPORT_BEFORE
export REPORT_VERSIONS="node $(node --version), wrangler $(wrangler --version 2>/dev/null | grep -m1 -oE '[0-9]+\.[0-9]+\.[0-9]+'), workerd $(workerd --version 2>/dev/null | awk '{print $2}'), $(wrk --version 2>&1 | head -n1 | awk '{print "wrk", $2}'), $(curl --version | head -n1 | awk '{print "curl", $2}'), $(rustc --version | awk '{print "rustc", $2}')"
export REPORT_SECS=$(( $(date +%s) - T_START ))
mkdir -p "$CARGO_TARGET_DIR"
# Keep the REPORT_* values with the numbers, so `node bench/report.mjs
# target/bench/last-results.json` can regenerate the report alone.
node -e '
  const fs = require("fs"); const f = process.argv[1]; const r = JSON.parse(fs.readFileSync(f, "utf8"));
  r.meta = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("REPORT_")));
  fs.writeFileSync(f, JSON.stringify(r, null, 2));' "$WORK/results.json"
cp "$WORK/results.json" "$CARGO_TARGET_DIR/last-results.json"
node "$BENCH/report.mjs" "$WORK/results.json" > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
log "wrote $OUT in $REPORT_SECS s (raw numbers: $CARGO_TARGET_DIR/last-results.json)"
