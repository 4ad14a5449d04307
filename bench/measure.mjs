// The measuring half of bench/run.sh: starts `wrangler dev` instances of the
// built worker and of bench/empty-worker, times them with curl and wrk,
// samples workerd's memory, and writes one JSON file.  run.sh has already
// built everything; this script only reads.  Configuration comes from the
// environment (run.sh sets it):
//
//   BENCH_OURS_DIR   clone of the repo with build/ in it (wrangler.toml there)
//   BENCH_EMPTY_DIR  directory holding the empty worker's wrangler.toml
//   BENCH_CLI        native release CLI binary
//   BENCH_LUA        bench/vary.lua
//   BENCH_OUT        where to write the JSON
//   BENCH_CASES      lines "name|path?query|param[|flags]" (param: the one varied per
//                    request; flags: noload = cold and warm only, no wrk; nocache = a
//                    worker started with `--var EDGE_CACHE:off`, no Cache API calls)
//   BENCH_COMPETITORS lines "name|dir|path?query|param": other workers (bench/competitors/*,
//                    set up in the clone), measured like our cases, each in its own wrangler dev
//   BENCH_FONT_PROBES lines "label|path?query": requested in order in each fresh instance;
//                    the `font;desc="file"` Server-Timing entry of each is recorded
//   BENCH_BIG        lines "name|path?query|param": the largest accepted requests
//   BENCH_SCENES     lines "name|ours or competitor|dir|path|tree file[|flags]": one scene,
//                    the same card in each worker, each in its own `wrangler dev`; the tree
//                    (a request body {width, height, element}) goes in the URL as
//                    path?tree=<base64url of its compact JSON>. flags: nocache
//   BENCH_SCENE_VARY the colour (#rrggbb) in the tree that warm and load requests replace,
//                    one new value per request (it must occur once in every tree)
//   BENCH_SCENE_CONNS load connections for the scene rows (default 8)
//   BENCH_ONLY       "scene": only the scene rows (no V8/start-up/font/largest/empty-worker
//                    measurements)
//   BENCH_TEMPLATE_URL  a template request (/og/<name>.png?…): with BENCH_TEMPLATE_TREE (a file
//                    holding the scene request JSON it expands to, from examples/template_cost.rs)
//                    two rows (issue 13) in one `wrangler dev` with EDGE_CACHE off: the template
//                    URL, and the very same card as a scene, GET /render.png?tree=<base64url>.
//                    Their cold answers must be the same PNG bytes (checked, or the run fails).
//   BENCH_TEMPLATE_VARY "param|#rrggbb": the template's colour parameter that warm and load
//                    requests set to a new value each, and its default; the scene row changes
//                    every occurrence of that colour in the tree to the same new value
//   RUNS WARM_REQS WARM_RUNS LOAD_SECS LOAD_CONNS LOAD_RUNS BIG_RUNS
//
// Every server started here runs in its own process group and is killed by
// group, on success, on error and on SIGINT/SIGTERM.
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, writeFileSync, appendFileSync, readdirSync, existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';

const run = promisify(execFile);
const env = process.env;
const int = (name, dflt) => {
  const v = Number.parseInt(env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const cfg = {
  ours: env.BENCH_OURS_DIR,
  empty: env.BENCH_EMPTY_DIR,
  cli: env.BENCH_CLI,
  lua: env.BENCH_LUA,
  out: env.BENCH_OUT,
  runs: int('RUNS', 5),
  warmReqs: int('WARM_REQS', 200),
  warmRuns: int('WARM_RUNS', 3),
  loadSecs: int('LOAD_SECS', 10),
  loadRuns: int('LOAD_RUNS', 1),
  loadConns: (env.LOAD_CONNS ?? '1 8 32').split(/\s+/).filter(Boolean).map(Number),
  bigRuns: int('BIG_RUNS', 3),
  only: env.BENCH_ONLY || null,
};
const parseCases = (s) => (s ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [name, raw, param = 'color', flags = ''] = l.split('|');
    // Percent-encode what the line leaves raw (spaces, non-ASCII); %0A etc. stay as written.
    const u = new URL(raw, 'http://x');
    const path = u.pathname + u.search;
    return { name, path, param, dir: cfg.ours, who: 'ours', load: !/\bnoload\b/.test(flags),
      noCache: /\bnocache\b/.test(flags), varyPath: withoutParam(path, param) };
  });
// The path without `param` (the cold request keeps the case's own value, e.g.
// color=000000; warm and load requests get a new one each).
function withoutParam(path, param) {
  const [p, q] = path.split('?');
  if (q === undefined) return p;
  const kept = q.split('&').filter((kv) => kv.split('=')[0] !== param);
  return kept.length ? `${p}?${kept.join('&')}` : p;
}
const COMPETITORS = (env.BENCH_COMPETITORS ?? '').split('\n').map((l) => l.trim()).filter(Boolean)
  .map((l) => {
    const [name, dir, path, param = 'color'] = l.split('|');
    return { name, path, param, dir, who: 'competitor', load: true, varyPath: withoutParam(path, param) };
  });
// Scenes: the tree in the URL. Warm and load requests replace the six hex
// digits of one colour (BENCH_SCENE_VARY) with a new value each; the cold
// request sends the tree as it is. Base64 encodes 3 bytes as 4 characters, so
// the JSON is cut at 3-byte boundaries around those digits: prefix + the
// varied window + suffix encode separately and join into the whole's
// base64url (vary.lua does the same with the window).
const b64url = (s) => Buffer.from(s).toString('base64url');
const SCENE_CONNS = (env.BENCH_SCENE_CONNS ?? '8').split(/\s+/).filter(Boolean).map(Number);
const SCENES = (env.BENCH_SCENES ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [name, who, dir, path, file, flags = ''] = l.split('|');
    const json = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
    const vary = (env.BENCH_SCENE_VARY ?? '').toLowerCase();
    const at = json.toLowerCase().indexOf(vary);
    if (!/^#[0-9a-f]{6}$/.test(vary) || at < 0 || json.toLowerCase().indexOf(vary, at + 1) >= 0) {
      throw new Error(`scene ${name}: BENCH_SCENE_VARY=${vary} must be a #rrggbb colour found exactly once in ${file}`);
    }
    const digits = at + 1;
    const a = Math.floor(digits / 3) * 3;
    const b = Math.ceil((digits + 6) / 3) * 3;
    const prefix = `${path}?tree=${b64url(json.slice(0, a))}`;
    const splice = { prefix, head: json.slice(a, digits), tail: json.slice(digits + 6, b), suffix: b64url(json.slice(b)) };
    const cold = `${path}?tree=${b64url(json)}`;
    if (`${prefix}${b64url(splice.head + json.slice(digits, digits + 6) + splice.tail)}${splice.suffix}` !== cold) {
      throw new Error(`scene ${name}: the spliced URL does not reproduce the tree's`);
    }
    const file0 = file.split('/').pop();
    return { name, who, dir, path: cold, treeFile: file0, displayPath: `${path}?tree=<base64url of ${file0}: ${json.length} bytes of JSON, URL ${cold.length} bytes>`,
      param: 'tree', splice, scene: true, own: true, load: true, conns: SCENE_CONNS, noCache: /\bnocache\b/.test(flags),
      treeBytes: json.length, urlBytes: cold.length };
  });
// The template rows (issue 13): the template URL, varying its colour parameter,
// and the tree it expands to, varying every occurrence of that colour (the
// window spliced per request spans them all; vary.lua puts the colour at each
// newline of TAIL). One instance (`inst`) serves both, Cache API off.
const TEMPLATES = [];
if (env.BENCH_TEMPLATE_URL && env.BENCH_TEMPLATE_TREE) {
  const [tparam, tdefault] = (env.BENCH_TEMPLATE_VARY ?? 'accent|#6366f1').split('|');
  const u = new URL(env.BENCH_TEMPLATE_URL, 'http://x');
  const tpath = u.pathname + u.search;
  const json = JSON.stringify(JSON.parse(readFileSync(env.BENCH_TEMPLATE_TREE, 'utf8')));
  const vary = tdefault.toLowerCase();
  const lower = json.toLowerCase();
  const ats = [];
  for (let at = lower.indexOf(vary); at >= 0; at = lower.indexOf(vary, at + 1)) ats.push(at + 1);
  if (!/^#[0-9a-f]{6}$/.test(vary) || !ats.length) {
    throw new Error(`template rows: BENCH_TEMPLATE_VARY colour ${vary} is not in the expanded tree`);
  }
  if (new URLSearchParams(u.search).has(tparam)) {
    throw new Error(`template rows: leave ${tparam} out of BENCH_TEMPLATE_URL (its default ${vary} is the cold request's)`);
  }
  const a = Math.floor(ats[0] / 3) * 3;
  const b = Math.ceil((ats[ats.length - 1] + 6) / 3) * 3;
  const mids = ats.slice(1).map((at, i) => json.slice(ats[i] + 6, at));
  const spath = '/render.png';
  const prefix = `${spath}?tree=${b64url(json.slice(0, a))}`;
  const splice = { prefix, head: json.slice(a, ats[0]), tail: [...mids, json.slice(ats[ats.length - 1] + 6, b)].join('\n'),
    suffix: b64url(json.slice(b)) };
  const cold = `${spath}?tree=${b64url(json)}`;
  if (`${prefix}${b64url(splice.head + vary.slice(1) + splice.tail.split('\n').join(vary.slice(1)))}${splice.suffix}` !== cold) {
    throw new Error('template rows: the spliced URL does not reproduce the tree\'s');
  }
  const common = { who: 'ours', dir: cfg.ours, template: true, own: true, inst: 'template', load: true,
    conns: SCENE_CONNS, noCache: true };
  TEMPLATES.push(
    { ...common, name: `ours, template: GET ${u.pathname}`, path: tpath, displayPath: decodeURIComponent(tpath),
      param: tparam, varyPath: tpath, urlBytes: tpath.length },
    { ...common, name: 'ours, the same card as a scene: GET /render.png?tree=', path: cold,
      displayPath: `${spath}?tree=<base64url of the ${json.length} B of JSON ${u.pathname} expands to; URL ${cold.length} B>`,
      param: 'tree', splice, treeBytes: json.length, urlBytes: cold.length, varyCount: ats.length },
  );
}
const CASES = [...parseCases(env.BENCH_CASES), ...COMPETITORS, ...SCENES, ...TEMPLATES];
const BIG = parseCases(env.BENCH_BIG);
const FONT_PROBES = (env.BENCH_FONT_PROBES ?? '').split('\n').map((l) => l.trim()).filter(Boolean)
  .map((l) => {
    const [label, raw] = l.split('|');
    const u = new URL(raw, 'http://x');
    return { label, path: u.pathname + u.search };
  });
const EMPTY_CASE = { name: 'empty worker', path: '/', varyPath: '/', param: 'color' };

const log = (...a) => process.stderr.write(`[bench] ${a.join(' ')}\n`);

// ---------------------------------------------------------------- helpers
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// Distinct 24-bit colours, never repeated within a run: colour index i maps to
// i * 1048573 mod 2^24 (odd, so one to one). curl requests take the next index;
// every wrk run reserves a block of WRK_BLOCK indices (see vary.lua).
let colourIndex = 1;
const WRK_BLOCK = 131072;
const nextColour = () => ((colourIndex++ * 1048573) % 16777216).toString(16).padStart(6, '0');
const withParam = (path, param) => `${path}${path.includes('?') ? '&' : '?'}${param}=%23${nextColour()}`;
// A case's next URL with a new colour: the `param` query parameter, or for a
// scene the tree's varied colour.
// (A template row's tail holds a newline wherever the colour occurs again.)
const varyUrl = (c) => {
  if (!c.splice) return withParam(c.varyPath, c.param);
  const col = nextColour();
  return `${c.splice.prefix}${b64url(c.splice.head + col + c.splice.tail.split('\n').join(col))}${c.splice.suffix}`;
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- servers
const live = new Set();
function killGroup(pid, sig) {
  try { process.kill(-pid, sig); } catch { /* gone */ }
}
function killAllNow() {
  for (const s of live) killGroup(s.pid, 'SIGKILL');
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killAllNow(); process.exit(130); });
}
process.on('exit', killAllNow);

// Starts `wrangler dev` in `dir`; resolves when "Ready on" appears in its
// output (no request is sent, so the isolate stays cold).
async function startWrangler(dir, label, { noCache = false } = {}) {
  const port = await freePort();
  // A fresh --persist-to per start: the worker's Cache API entries (and any
  // other local state) never carry over from one instance to the next.
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port),
    '--inspector-port', String(await freePort()),
    '--persist-to', `${env.BENCH_WORK}/state/${label}-${port}-${Date.now()}`,
    // RATE_LIMIT=off: the render limit (wrangler.toml [[ratelimits]]) would
    // refuse a load test's misses (our worker; the others ignore the var).
    '--var', 'RATE_LIMIT:off',
    // RENDER_LOG=off: in wrangler dev each render's log line goes through
    // the dev tool's console pipeline, 3-4 ms a request here (A/B, two
    // builds, 300 alternating requests); the competitors log nothing.
    '--var', 'RENDER_LOG:off',
    ...(noCache ? ['--var', 'EDGE_CACHE:off'] : [])];
  const t0 = performance.now();
  const child = spawn('wrangler', args, {
    cwd: dir,
    env: { ...env, EDGE_RENDER_PREBUILT: '1', WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const srv = { pid: child.pid, port, base: `http://127.0.0.1:${port}`, label, out: '' };
  live.add(srv);
  appendFileSync(`${env.BENCH_WORK}/pgids`, `${child.pid}\n`);
  const ready = new Promise((resolve, reject) => {
    const onData = (d) => {
      srv.out += d;
      if (/Ready on http/.test(srv.out)) resolve(performance.now() - t0);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wrangler dev (${label}) exited early (${code}):\n${srv.out}`)));
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`wrangler dev (${label}) not ready in 90 s:\n${srv.out}`)), 90_000);
  });
  try {
    srv.readyMs = await Promise.race([ready, timeout]);
  } catch (e) {
    await stopWrangler(srv, child);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  srv.child = child;
  return srv;
}

async function stopWrangler(srv, child = srv.child) {
  if (!live.has(srv)) return;
  const exited = child.exitCode !== null ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
  killGroup(srv.pid, 'SIGTERM');
  await Promise.race([exited, sleep(1000)]);
  // The group (workerd children included) must be gone, whatever wrangler did.
  killGroup(srv.pid, 'SIGKILL');
  for (let i = 0; i < 50 && groupAlive(srv.pid); i++) await sleep(100);
  live.delete(srv);
}

function groupAlive(pgid) {
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) return true;
    } catch { /* raced */ }
  }
  return false;
}

// workerd processes under a wrangler process tree. wrangler 4 runs two: the
// one with --inspector-addr runs the user worker, the other the entry proxy.
function workerdOf(rootPid) {
  const children = new Map();
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(p));
    } catch { /* raced */ }
  }
  const found = { worker: null, proxy: null };
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    for (const c of children.get(pid) ?? []) {
      stack.push(c);
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8').split('\0');
        if (!/workerd$/.test(cmd[0])) continue;
        if (cmd.some((a) => a.startsWith('--inspector-addr'))) found.worker = c; else found.proxy = c;
      } catch { /* raced */ }
    }
  }
  return found;
}

function memKiB(pid) {
  if (!pid) return null;
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => Number((s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
    return { rss: get('VmRSS'), hwm: get('VmHWM') };
  } catch { return null; }
}
function memOf(srv) {
  const p = workerdOf(srv.pid);
  return { worker: memKiB(p.worker), proxy: memKiB(p.proxy) };
}

// The worker's own WebAssembly linear memory, where /health reports it
// (`memory_bytes`); null for a commit (or the empty worker) without it.
async function wasmMemory(srv) {
  try {
    const { stdout } = await run('curl', ['-s', '--max-time', '10', `${srv.base}/health`]);
    const v = JSON.parse(stdout).memory_bytes;
    return typeof v === 'number' ? v : null;
  } catch { return null; }
}

// ---------------------------------------------------------------- clients
const CURL_FMT = '%{http_code}\\t%{time_total}\\t%{size_download}\\t%header{x-cache}\\t%header{server-timing}\\n';
function parseCurlLine(line) {
  const [code, t, size, cache = '', st = ''] = line.replace(/\n$/, '').split('\t');
  // Server-Timing entries: name[;desc="…"];dur=ms, in the order the worker sent them.
  const timing = {};
  const desc = {};
  for (const m of st.matchAll(/([\w-]+)(?:;desc="([^"]*)")?;dur=([\d.]+)/g)) {
    timing[m[1]] = Number(m[3]);
    if (m[2] !== undefined) desc[m[1]] = m[2];
  }
  return { code: Number(code), ms: Number(t) * 1000, bytes: Number(size), cache: cache.trim(), timing, desc };
}

// One curl process, one new connection, one request.
async function curlOnce(url) {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '--max-time', '120', '-w', CURL_FMT, url]);
  return parseCurlLine(stdout);
}

// One curl process, sequential requests over one kept-alive connection.
async function curlSeries(urls) {
  const file = `${env.BENCH_WORK}/curl-${process.pid}-${Date.now()}.cfg`;
  writeFileSync(file, urls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join(''));
  const { stdout } = await run('curl', ['-s', '--max-time', '600', '-w', CURL_FMT, '-K', file],
    { maxBuffer: 64 << 20 });
  return stdout.split('\n').filter((l) => l.trim()).map(parseCurlLine);
}

async function wrk(srv, c, conns, secs) {
  const threads = Math.min(2, conns);
  const args = c.splice ? [c.splice.prefix, String(colourIndex), c.splice.head, c.splice.tail, c.splice.suffix]
    : [c.varyPath, String(colourIndex), c.param];
  const { stdout } = await run('wrk', ['-t', String(threads), '-c', String(conns), '-d', `${secs}s`,
    '--timeout', '10s', '-s', cfg.lua, srv.base, '--', ...args], { maxBuffer: 16 << 20 });
  colourIndex += WRK_BLOCK;
  const j = JSON.parse(stdout.match(/^BENCH-JSON (.*)$/m)[1]);
  const rps = j.requests / (j.duration_us / 1e6);
  const errors = Object.values(j.errors).reduce((a, b) => a + b, 0);
  return {
    conns, threads, secs, requests: j.requests, rps,
    p50: j.latency_us.p50 / 1000, p90: j.latency_us.p90 / 1000, p99: j.latency_us.p99 / 1000,
    max: j.latency_us.max / 1000, errors, errorDetail: j.errors, cache: j.cache,
  };
}

// ---------------------------------------------------------------- phases
// `wrangler check startup`: wrangler bundles the worker, starts it in a local
// workerd and CPU-profiles the script's start-up (top-level evaluation, wasm
// instantiation), before any request. Its printed summary is parsed.
async function wranglerStartup() {
  const workers = [{ label: 'ours', dir: cfg.ours }, ...COMPETITORS.map((c) => ({ label: c.name, dir: c.dir })),
    { label: 'empty worker', dir: cfg.empty }];
  const res = Object.fromEntries(workers.map((w) => [w.label, []]));
  for (let i = 1; i <= cfg.runs; i++) {
    for (const w of workers) {
      const out = `${env.BENCH_WORK}/startup-${i}-${w.label.replace(/[^\w.-]+/g, '_')}.cpuprofile`;
      const { stdout, stderr } = await run('wrangler', ['check', 'startup', '--outfile', out], {
        cwd: w.dir, timeout: 180_000, maxBuffer: 1 << 24,
        env: { ...env, EDGE_RENDER_PREBUILT: '1', WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      });
      const text = stdout + stderr;
      const num = (re) => { const m = text.match(re); return m ? Number(m[1]) : null; };
      const rec = { windowMs: num(/Profile window:\s*([\d.]+)\s*ms/), activeMs: num(/Active:\s*([\d.]+)\s*ms/),
        samples: num(/Samples:\s*(\d+)/) };
      if (rec.windowMs === null || rec.activeMs === null) throw new Error(`wrangler check startup (${w.label}): no profile summary in\n${text}`);
      res[w.label].push(rec);
      log(`wrangler check startup ${i}/${cfg.runs} ${w.label}: window ${rec.windowMs} ms, active ${rec.activeMs} ms, ${rec.samples} samples`);
    }
  }
  return res;
}

async function v8Startup(wasmPath) {
  // Each sample in a fresh Node 22 (V8) process: V8 caches compiled modules
  // within a process.  Imports are stubs; instantiation runs no user code.
  const code = `
    const b = require('fs').readFileSync(${JSON.stringify(wasmPath)});
    let t = performance.now(); const m = new WebAssembly.Module(b); const compile = performance.now() - t;
    const imp = {};
    for (const i of WebAssembly.Module.imports(m)) {
      imp[i.module] ??= {};
      imp[i.module][i.name] = i.kind === 'function' ? () => { throw new Error('stub'); }
        : (WebAssembly.JSTag ?? new WebAssembly.Tag({ parameters: ['externref'] }));
    }
    t = performance.now(); new WebAssembly.Instance(m, imp); const inst = performance.now() - t;
    console.log(JSON.stringify({ compile, inst }));`;
  const res = { lazy: { compile: [], inst: [] }, eager: { compile: [], inst: [] } };
  for (let i = 0; i < cfg.runs; i++) {
    for (const [mode, flags] of [['lazy', []], ['eager', ['--no-wasm-lazy-compilation']]]) {
      const { stdout } = await run('node', [...flags, '-e', code]);
      const j = JSON.parse(stdout);
      res[mode].compile.push(j.compile);
      res[mode].inst.push(j.inst);
    }
  }
  return res;
}

async function coldStarts() {
  // For each run: every case against a fresh `wrangler dev` of ours, then the
  // empty worker, interleaved so drift hits both alike.
  const res = { ours: Object.fromEntries(CASES.map((c) => [c.name, []])), empty: [] };
  for (let r = 1; r <= cfg.runs; r++) {
    for (const c of [...CASES, ...(cfg.only ? [] : [null])]) {
      const srv = c ? await startWrangler(c.dir, c.who === 'ours' ? 'ours' : 'competitor', c)
        : await startWrangler(cfg.empty, 'empty');
      try {
        const path = c ? c.path : EMPTY_CASE.path;
        const first = await curlOnce(srv.base + path);
        const second = await curlOnce(srv.base + path);
        const rec = { readyMs: srv.readyMs, firstMs: first.ms, code: first.code, bytes: first.bytes,
          cache: first.cache, timing: first.timing, fontFiles: first.desc?.font, secondMs: second.ms, secondCache: second.cache };
        (c ? res.ours[c.name] : res.empty).push(rec);
        log(`cold run ${r}/${cfg.runs} ${c ? c.name : 'empty worker'}: ready ${srv.readyMs.toFixed(0)} ms,`
          + ` first request ${first.ms.toFixed(1)} ms (HTTP ${first.code}${first.cache ? `, ${first.cache}` : ''}), second ${second.ms.toFixed(1)} ms${second.cache ? ` (${second.cache})` : ''}`);
        if (first.code !== 200) throw new Error(`cold ${c ? c.name : 'empty'}: HTTP ${first.code}`);
      } finally {
        await stopWrangler(srv);
      }
    }
  }
  return res;
}

async function warmSeries(srv, c) {
  const rows = await curlSeries(Array.from({ length: cfg.warmReqs }, () => srv.base + varyUrl(c)));
  const bad = rows.filter((r) => r.code !== 200).length;
  if (bad) throw new Error(`warm ${c.name}: ${bad} non-200 answers`);
  const ms = rows.map((r) => r.ms);
  const phases = [...new Set(rows.flatMap((r) => Object.keys(r.timing)))];
  const cache = {};
  for (const r of rows) if (r.cache) cache[r.cache] = (cache[r.cache] ?? 0) + 1;
  return {
    cache,
    n: rows.length, p50: pct(ms, 50), p90: pct(ms, 90), p99: pct(ms, 99), min: Math.min(...ms), max: Math.max(...ms),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    bytesMedian: median(rows.map((r) => r.bytes)),
    timing: Object.fromEntries(phases.map((k) => [k, median(rows.map((r) => r.timing[k] ?? 0))])),
    // Means too: Server-Timing is whole milliseconds in the worker, so the
    // median of a sub-millisecond phase is 0; the mean of many readings is
    // a coarse estimate of it.
    timingMean: Object.fromEntries(phases.map((k) => [k, rows.reduce((a, r) => a + (r.timing[k] ?? 0), 0) / rows.length])),
  };
}

async function warmAndLoad() {
  // The shared instance of ours serves the cases that have no instance of
  // their own (and the largest requests); a partial run may need none.
  const shared = CASES.some((c) => c.who === 'ours' && !c.own && !c.noCache) || BIG.length > 0;
  const ours = shared ? await startWrangler(cfg.ours, 'ours') : null;
  // The nocache cases get their own instance of the same build.
  const oursNoCache = CASES.some((c) => c.noCache && !c.own) ? await startWrangler(cfg.ours, 'ours-nocache', { noCache: true }) : null;
  const empty = cfg.only ? null : await startWrangler(cfg.empty, 'empty');
  // One warm instance per competitor, started now, measured like ours.
  const comp = {};
  // Scene cases: one instance each (ours, ours without the Cache API, each
  // competitor), so each row's memory is its own; the two template rows
  // share one (`inst`), so they are measured in the very same worker.
  const own = {};
  const instOf = (c) => c.inst ?? c.name;
  const ownCases = [...new Map(CASES.filter((x) => x.own).map((c) => [instOf(c), c])).values()];
  const res = { mem: { ours: {}, empty: {}, comp: {}, scene: {} }, warm: { ours: {}, empty: [] }, load: { ours: {}, empty: [] }, big: {} };
  const srvOf = (c) => (c.own ? own[instOf(c)] : c.who === 'ours' ? (c.noCache ? oursNoCache : ours) : comp[c.name]);
  try {
    for (const c of COMPETITORS) {
      comp[c.name] = await startWrangler(c.dir, 'competitor');
      res.mem.comp[c.name] = { idle: memOf(comp[c.name]) };
    }
    for (const c of ownCases) {
      own[instOf(c)] = await startWrangler(c.dir, c.who === 'ours' ? 'ours-scene' : 'competitor-scene', c);
      res.mem.scene[instOf(c)] = { idle: memOf(own[instOf(c)]), peakRssKiB: 0 };
    }
    if (TEMPLATES.length) res.templateIdentity = await templateIdentity(own[instOf(TEMPLATES[0])]);
    if (ours) res.mem.ours.idle = memOf(ours);
    if (empty) res.mem.empty.idle = memOf(empty);
    res.mem.wasm = { first: ours ? await wasmMemory(ours) : null };
    log('warming every instance (50 requests per case)');
    const warmup = async (srv, c) => {
      const rows = await curlSeries(Array.from({ length: 50 }, () => srv.base + varyUrl(c)));
      const bad = rows.filter((r) => r.code !== 200);
      if (bad.length) throw new Error(`warm-up ${c.name}: HTTP ${bad[0].code}`);
    };
    for (const c of CASES) await warmup(srvOf(c), c);
    if (empty) await warmup(empty, EMPTY_CASE);
    for (const c of COMPETITORS) res.mem.comp[c.name].afterWarmup = memOf(comp[c.name]);
    for (const c of ownCases) res.mem.scene[instOf(c)].afterWarmup = memOf(own[instOf(c)]);
    if (ours) res.mem.ours.afterWarmup = memOf(ours);
    res.mem.wasm.afterWarmup = ours ? await wasmMemory(ours) : null;
    if (empty) res.mem.empty.afterWarmup = memOf(empty);

    for (let s = 1; s <= cfg.warmRuns; s++) {
      for (const c of CASES) {
        const w = await warmSeries(srvOf(c), c);
        (res.warm.ours[c.name] ??= []).push(w);
        log(`warm series ${s}/${cfg.warmRuns} ${c.name}: p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms`);
      }
      if (!empty) continue;
      const w = await warmSeries(empty, EMPTY_CASE);
      res.warm.empty.push(w);
      log(`warm series ${s}/${cfg.warmRuns} empty worker: p50 ${w.p50.toFixed(2)} ms, p99 ${w.p99.toFixed(2)} ms`);
    }

    // Load, with memory sampled every 100 ms (VmHWM covers what sampling misses).
    const peak = { ours: 0, oursProxy: 0, empty: 0 };
    const pidsOurs = ours ? workerdOf(ours.pid) : {};
    const pidsEmpty = empty ? workerdOf(empty.pid) : {};
    const pidsComp = Object.fromEntries(COMPETITORS.map((c) => [c.name, workerdOf(comp[c.name].pid)]));
    const pidsOwn = Object.fromEntries(ownCases.map((c) => [instOf(c), workerdOf(own[instOf(c)].pid)]));
    peak.comp = Object.fromEntries(COMPETITORS.map((c) => [c.name, 0]));
    const sampler = setInterval(() => {
      for (const c of COMPETITORS) peak.comp[c.name] = Math.max(peak.comp[c.name], memKiB(pidsComp[c.name].worker)?.rss ?? 0);
      for (const [name, p] of Object.entries(pidsOwn)) {
        res.mem.scene[name].peakRssKiB = Math.max(res.mem.scene[name].peakRssKiB, memKiB(p.worker)?.rss ?? 0);
      }
      peak.ours = Math.max(peak.ours, memKiB(pidsOurs.worker)?.rss ?? 0);
      peak.oursProxy = Math.max(peak.oursProxy, memKiB(pidsOurs.proxy)?.rss ?? 0);
      peak.empty = Math.max(peak.empty, memKiB(pidsEmpty.worker)?.rss ?? 0);
    }, 100);
    let oursRequests = 0;
    try {
      for (let r = 1; r <= cfg.loadRuns; r++) {
        for (const conns of cfg.loadConns) {
          for (const c of CASES.filter((x) => x.load && (!x.conns || x.conns.includes(conns)))) {
            const w = await wrk(srvOf(c), c, conns, cfg.loadSecs);
            if (c.who === 'ours') oursRequests += w.requests;
            ((res.load.ours[c.name] ??= {})[conns] ??= []).push(w);
            log(`load run ${r}/${cfg.loadRuns} ${c.name} c=${conns}: ${w.rps.toFixed(1)} req/s, p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms, errors ${w.errors}, X-Cache ${w.cache.MISS} MISS / ${w.cache.HIT} HIT`);
          }
          if (!empty) continue;
          const w = await wrk(empty, EMPTY_CASE, conns, cfg.loadSecs);
          res.load.empty.push(w);
          log(`load run ${r}/${cfg.loadRuns} empty worker c=${conns}: ${w.rps.toFixed(1)} req/s, p50 ${w.p50.toFixed(1)} ms, errors ${w.errors}`);
        }
      }
    } finally {
      clearInterval(sampler);
    }
    res.mem.sampledPeakRssKiB = peak;
    res.mem.loadRequestsOurs = oursRequests;
    if (ours) res.mem.ours.afterLoad = memOf(ours);
    res.mem.wasm.afterLoad = ours ? await wasmMemory(ours) : null;
    if (empty) res.mem.empty.afterLoad = memOf(empty);
    for (const c of COMPETITORS) res.mem.comp[c.name].afterLoad = memOf(comp[c.name]);
    for (const c of ownCases) {
      res.mem.scene[instOf(c)].afterLoad = memOf(own[instOf(c)]);
      if (c.who === 'ours') res.mem.scene[instOf(c)].wasmAfterLoad = await wasmMemory(own[instOf(c)]);
    }

    // The largest accepted requests, in the same (warm) worker.
    for (const c of BIG) {
      const rows = [];
      for (let i = 0; i < cfg.bigRuns; i++) {
        const r = await curlOnce(ours.base + varyUrl(c));
        if (r.code !== 200) throw new Error(`big ${c.name}: HTTP ${r.code}`);
        rows.push(r);
        log(`largest ${c.name} ${i + 1}/${cfg.bigRuns}: ${r.ms.toFixed(1)} ms, ${r.bytes} bytes`);
      }
      res.big[c.name] = { path: c.path, ms: rows.map((r) => r.ms), bytes: rows.map((r) => r.bytes),
        cache: rows.map((r) => r.cache), timing: rows.map((r) => r.timing) };
    }
    if (ours) {
      res.mem.ours.afterBig = memOf(ours);
      res.mem.wasm.afterBig = await wasmMemory(ours);
    }
  } finally {
    if (ours) await stopWrangler(ours);
    if (oursNoCache) await stopWrangler(oursNoCache);
    if (empty) await stopWrangler(empty);
    for (const s of Object.values(comp)) await stopWrangler(s);
    for (const s of Object.values(own)) await stopWrangler(s);
  }
  return res;
}

// The template rows' answers, from their one worker: the cold requests (the
// card as written) and one varied pair (the same new colour in both) must be
// the same PNG bytes, or the run stops here.
async function templateIdentity(srv) {
  const [t, s] = TEMPLATES;
  const get = async (path) => {
    const res = await fetch(srv.base + path);
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`template rows: ${path.slice(0, 80)}…: HTTP ${res.status} ${body.toString().slice(0, 300)}`);
    return body;
  };
  const sha = (b) => createHash('sha256').update(b).digest('hex');
  const pairs = [['cold (as written)', t.path, s.path]];
  const at = colourIndex;
  const tv = varyUrl(t);
  colourIndex = at;   // the same colour for the scene's splice
  pairs.push([`varied (${t.param} #${tv.split('%23').pop()})`, tv, varyUrl(s)]);
  const out = [];
  for (const [label, a, b] of pairs) {
    const [x, y] = [await get(a), await get(b)];
    const rec = { label, templateBytes: x.length, sceneBytes: y.length, templateSha256: sha(x), sceneSha256: sha(y), identical: x.equals(y) };
    log(`template rows, ${label}: ${t.name} ${x.length} B sha256 ${rec.templateSha256.slice(0, 16)}…, ${s.name} ${y.length} B sha256 ${rec.sceneSha256.slice(0, 16)}… — ${rec.identical ? 'IDENTICAL PNG bytes' : 'DIFFERENT PNG bytes'}`);
    if (!rec.identical) throw new Error(`template rows: the template and the same card as a scene gave different PNG bytes (${label})`);
    out.push(rec);
  }
  return out;
}

// Per-face parse time inside the worker: in each fresh instance, the probes in
// order (each needs one face not parsed yet); the worker names the faces it
// parsed for a request in Server-Timing `font;desc="file …";dur=ms`.
async function fontParse() {
  const runs = [];
  for (let r = 1; r <= cfg.runs; r++) {
    const srv = await startWrangler(cfg.ours, 'ours');
    try {
      const rows = [];
      for (const f of FONT_PROBES) {
        const x = await curlOnce(srv.base + f.path);
        if (x.code !== 200) throw new Error(`font probe ${f.label}: HTTP ${x.code}`);
        rows.push({ label: f.label, path: f.path, files: x.desc.font ?? '', fontMs: x.timing.font ?? null,
          ms: x.ms, timing: x.timing });
      }
      runs.push(rows);
      log(`font parse run ${r}/${cfg.runs}: ${rows.map((x) => `${x.files || '(none)'} ${x.fontMs}`).join(', ')}`);
    } finally {
      await stopWrangler(srv);
    }
  }
  return runs;
}

async function nativePeaks() {
  const res = {};
  if (!existsSync('/usr/bin/time')) return { skipped: '/usr/bin/time is missing' };
  for (const c of BIG) {
    const rows = [];
    for (let i = 0; i < cfg.bigRuns; i++) {
      const { stderr } = await run('/usr/bin/time', ['-v', cfg.cli, c.path.replace(/^\//, ''), '-o', '/dev/null']);
      const rss = Number(stderr.match(/Maximum resident set size \(kbytes\): (\d+)/)[1]);
      const wall = stderr.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/);
      const secs = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
      rows.push({ maxRssKiB: rss, wallMs: secs * 1000 });
    }
    res[c.name] = { path: c.path, rows };
    log(`native ${c.name}: max RSS ${rows.map((r) => r.maxRssKiB).join(', ')} KiB`);
  }
  return res;
}

// ---------------------------------------------------------------- main
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const result = { config: { ...cfg, cases: CASES, big: BIG, fontProbes: FONT_PROBES }, loadavgStart: loadavg(), loadavgSamples: [] };
const loadSampler = setInterval(() => result.loadavgSamples.push(Number(loadavg().split(' ')[0])), 5000);
try {
  if (!cfg.only) {
    log('V8 compile + instantiate of the wasm (fresh Node process per sample)');
    result.v8 = await v8Startup(`${cfg.ours}/build/index_bg.wasm`);
    log('wrangler check startup (start-up CPU profile in a local workerd)');
    result.wranglerStartup = await wranglerStartup();
  }
  log(`cold starts: ${cfg.runs} runs x (${CASES.length} case(s)${cfg.only ? '' : ' + empty worker'})`);
  result.cold = await coldStarts();
  log('warm latency, throughput and memory');
  Object.assign(result, await warmAndLoad());
  if (FONT_PROBES.length && !cfg.only) {
    log('per-face font parse time in fresh instances');
    result.fontParse = await fontParse();
  }
  if (!cfg.only) {
    log('native peak memory of the largest requests');
    result.native = await nativePeaks();
  }
  result.loadavgEnd = loadavg();
  writeFileSync(cfg.out, JSON.stringify(result, null, 2));
} finally {
  clearInterval(loadSampler);
  for (const s of [...live]) await stopWrangler(s);
}
