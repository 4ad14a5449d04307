// The soak (issue 12): one `wrangler dev` worker as deployed (edge cache on),
// 60 s at 8 connections over a mix of every route with fresh parameters
// (every request a cache miss), then 20 s at 4 connections of the heaviest
// requests the limits accept. Counts answers that are not 2xx and socket
// errors, reports p50/p99 per phase, and samples the wasm linear memory
// (`/health` `memory_bytes`) every 2 s: after the first 10 s (warm-up) it
// must stay flat through the mix, and the heavy phase's peak is reported.
//
//   node bench/soak.mjs [--mix-secs 60] [--heavy-secs 20] [--json FILE]
//   (after scripts/build-worker.sh; bench/run.sh runs it and puts it in BENCHMARKS.md)
//
// Exits 1 when an answer was not 2xx, a socket failed, or the memory grew
// after the warm-up of the mix phase.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../tests/e2e/harness.mjs';
import { SCENES } from './scene-memory.mjs';
import { workerdPids } from './cpu.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const MIX_SECS = Number(arg('--mix-secs', 60));
const HEAVY_SECS = Number(arg('--heavy-secs', 20));
const WARMUP_SECS = 10;
const MiB = 1024 * 1024;
const q = encodeURIComponent;

// A colour per request index: never the same twice in a run.
const hex = (i) => ((i * 1048573) % 0x1000000).toString(16).padStart(6, '0');
const card = (name) => JSON.parse(readFileSync(join(root, 'examples/scenes', `${name}.satori.json`), 'utf8'));
const cards = ['blog-post', 'product', 'quote', 'cjk-article', 'multilingual', 'profile'].map(card);
/** The card with its first colour replaced: a new tree each time. */
const recolour = (scene, i) => JSON.parse(JSON.stringify(scene).replace(/#[0-9a-fA-F]{6}\b/, `#${hex(i)}`));

/** The mix: [name, (i) => [path, init?]], one per route and form. */
const MIX = [
  ['heart png', (i) => [`/heart.png?size=400&color=%23${hex(i)}`]],
  ['heart svg', (i) => [`/heart.svg?size=300&style=gradient&color=%23${hex(i)}`]],
  ['heart txt', (i) => [`/heart.txt?cols=${8 + (i % 233)}&rows=${4 + (i % 117)}`]],
  ['heart apng', (i) => [`/heart.apng?size=160&frames=12&color=%23${hex(i)}`]],
  ['heart label', (i) => [`/heart.png?size=400&text=${q('I ❤ U')}&color=%23${hex(i)}`]],
  ['text Latin', (i) => [`/text.png?text=${q('Hello from the edge\nRendered on demand')}&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=%23${hex(i)}`]],
  ['text Chinese', (i) => [`/text.png?text=${q('你好，来自边缘\n按需渲染的中文卡片')}&size=64&width=1200&height=630&color=%23${hex(i)}`]],
  ['text Arabic', (i) => [`/text.png?text=${q('مرحبا بالعالم')}&size=64&color=%23${hex(i)}`]],
  ['text emoji', (i) => [`/text.png?text=${q('I ❤ Rust 🎉 👍🏽 🇫🇷')}&size=48&color=%23${hex(i)}`]],
  ['text POST', (i) => ['/text.png', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Posted', size: 40, color: `#${hex(i)}` }) }]],
  ['scene POST', (i) => ['/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(recolour(cards[i % cards.length], i)) }]],
  ['scene GET', (i) => [`/render.png?tree=${Buffer.from(JSON.stringify(recolour(cards[i % cards.length], i))).toString('base64url')}`]],
  ['health', () => ['/health']],
];

// 2,000 characters of common Chinese (the embedded first tier).
const chinese = '你好，来自边缘。按需渲染的中文卡片，每一行都在边缘渲染。'.repeat(80).slice(0, 2000);
/** The heaviest accepted requests (each at a limit). */
const HEAVY = [
  ['heart 2,048 px', (i) => [`/heart.png?size=2048&style=gradient&color=%23${hex(i)}`]],
  ['APNG 60 frames', (i) => [`/heart.apng?size=373&frames=60&fps=50&style=gradient&color=%23${hex(i)}`]],
  ['text 2,000 hanzi, fit, dpr 2', (i) => ['/text.png', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: chinese, width: 1024, height: 1024, dpr: 2, fit: true, size: 512, color: `#${hex(i)}` }) }]],
  ['scene: translucent noise 2,048²', (i) => ['/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...SCENES['noise-alpha'], element: { ...SCENES['noise-alpha'].element, props: { ...SCENES['noise-alpha'].element.props, style: { ...SCENES['noise-alpha'].element.props.style, backgroundColor: `#${hex(i)}` } } } }) }]],
  ['scene: 1,999 boxes', (i) => ['/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...SCENES.nodes, element: { ...SCENES.nodes.element, style: { ...SCENES.nodes.element.style, backgroundColor: `#${hex(i)}` } } }) }]],
];

/** RSS bytes of the workerd processes in process group `pgid`. */
function workerdRss(pgid) {
  let kib = 0;
  for (const p of workerdPids(pgid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch { /* gone */ }
  }
  return kib * 1024;
}

/** Samples `f()` every 2 s until the returned stop() is called. */
function sampler(t0, f) {
  const samples = [];
  let on = true;
  const done = (async () => {
    while (on) {
      try { samples.push([(Date.now() - t0) / 1000, await f()]); } catch { /* busy */ }
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  return { samples, stop: async () => { on = false; await done; return samples; } };
}

async function phase(w, name, list, conns, secs, base) {
  const stats = { name, conns, secs, requests: 0, non2xx: [], socketErrors: 0, times: [], perKind: {} };
  const end = Date.now() + secs * 1000;
  let i = base;
  const loop = async () => {
    while (Date.now() < end) {
      const n = i++;
      const [kind, make] = list[n % list.length];
      const [path, init] = make(n);
      const t0 = performance.now();
      try {
        const r = await fetch(w.base + path, init);
        await r.arrayBuffer();
        const ms = performance.now() - t0;
        stats.times.push(ms);
        (stats.perKind[kind] ??= []).push(ms);
        if (r.status < 200 || r.status >= 300) stats.non2xx.push(`${kind}: ${r.status}`);
      } catch (e) {
        stats.socketErrors++;
      }
      stats.requests++;
    }
  };
  await Promise.all(Array.from({ length: conns }, loop));
  return stats;
}

const pct = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))] : NaN;
};

async function main() {
  // As deployed, but without the per-client rate limit (one client here).
  const w = await startWorker({ vars: { RATE_LIMIT: 'off' } });
  const memory = [];
  const t0 = Date.now();
  const health = async () => JSON.parse((await (await fetch(`${w.base}/health`)).arrayBuffer().then((b) => Buffer.from(b)))).memory_bytes;
  const mem = sampler(t0, health);
  const rss = sampler(t0, () => workerdRss(w.pgid));
  let mix, heavy, emptyRss;
  try {
    mix = await phase(w, 'mix', MIX, 8, MIX_SECS, 1);
    const mixEnd = (Date.now() - t0) / 1000;
    const rssMix = Math.max(...rss.samples.map(([, b]) => b));
    heavy = await phase(w, 'heavy', HEAVY, 4, HEAVY_SECS, 1_000_000);
    memory.push(...(await mem.stop()));
    await rss.stop();
    memory.push([(Date.now() - t0) / 1000, await health()]);
    await w.stop();
    // The runtime's own share: the empty worker (bench/empty-worker) given
    // the same mix for as long, its workerd RSS sampled the same way.
    const e = await startWorker({ cwd: join(root, 'bench/empty-worker') });
    try {
      const et0 = Date.now();
      const ers = sampler(et0, () => workerdRss(e.pgid));
      const ep = await phase(e, 'mix (empty worker)', MIX, 8, MIX_SECS, 1);
      const s = await ers.stop();
      emptyRss = { start: s[0]?.[1], end: s.at(-1)?.[1], peak: Math.max(...s.map(([, b]) => b)), requests: ep.requests };
    } finally {
      await e.stop();
    }
    const ours = rss.samples;
    var rssResult = { start: ours[0]?.[1], mixPeak: rssMix, peak: Math.max(...ours.map(([, b]) => b)), end: ours.at(-1)?.[1], empty: emptyRss };
    const inMix = memory.filter(([t]) => t <= mixEnd);
    const afterWarm = inMix.filter(([t]) => t >= WARMUP_SECS).map(([, m]) => m);
    const result = {
      mixSecs: MIX_SECS, heavySecs: HEAVY_SECS, warmupSecs: WARMUP_SECS,
      phases: [mix, heavy].map((s) => ({
        name: s.name, conns: s.conns, secs: s.secs, requests: s.requests, rps: s.requests / s.secs,
        non2xx: s.non2xx.length, non2xxSample: s.non2xx.slice(0, 5), socketErrors: s.socketErrors,
        p50: pct(s.times, 0.5), p99: pct(s.times, 0.99), max: Math.max(...s.times),
        kinds: Object.fromEntries(Object.entries(s.perKind).map(([k, v]) => [k, { n: v.length, p50: pct(v, 0.5), p99: pct(v, 0.99) }])),
      })),
      memory: {
        start: memory[0]?.[1], warm: afterWarm[0], mixEnd: inMix.at(-1)?.[1], end: memory.at(-1)[1],
        flatAfterWarmup: afterWarm.length > 0 && afterWarm.every((m) => m === afterWarm[0]),
        samples: memory,
      },
      rss: rssResult,
    };
    const out = arg('--json');
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
    for (const p of result.phases) {
      console.log(`${p.name}: ${p.requests} requests at ${p.conns} connections in ${p.secs} s (${p.rps.toFixed(1)} req/s), non-2xx ${p.non2xx}, socket errors ${p.socketErrors}, p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${p.max.toFixed(0)} ms`);
      if (p.non2xx) console.log(`  e.g. ${p.non2xxSample.join('; ')}`);
    }
    const m = result.memory;
    console.log(`linear memory: start ${(m.start / MiB).toFixed(1)} MiB, after ${WARMUP_SECS} s ${(m.warm / MiB).toFixed(1)}, end of the mix ${(m.mixEnd / MiB).toFixed(1)} (${m.flatAfterWarmup ? 'flat' : 'GREW'} after the warm-up), after the heavy phase ${(m.end / MiB).toFixed(1)} MiB`);
    const r = result.rss;
    console.log(`workerd RSS (ours): ${(r.start / MiB).toFixed(0)} MiB at the start, ${(r.mixPeak / MiB).toFixed(0)} at most in the mix, ${(r.peak / MiB).toFixed(0)} at most in all; the empty worker given the same mix: ${(r.empty.start / MiB).toFixed(0)} → ${(r.empty.peak / MiB).toFixed(0)} MiB at most`);
    const ok = result.phases.every((p) => p.non2xx === 0 && p.socketErrors === 0) && m.flatAfterWarmup;
    process.exitCode = ok ? 0 : 1;
  } finally {
    await mem.stop();
    await rss.stop();
    await w.stop();
  }
}

await main();
