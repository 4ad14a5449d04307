// CPU time per request (issue 12: which Cloudflare plan each route needs).
// Cloudflare counts a request's CPU time, not its wall time; the free plan
// allows 10 ms, the paid 30 s by default (5 min at most). Locally the
// closest measure is the CPU the workerd processes of a `wrangler dev`
// worker spend (user + system, /proc/PID/stat) across a request, less what
// the empty worker (bench/empty-worker) spends on one: the runtime's own
// cost of receiving and answering it. Per case, a fresh worker (edge cache
// off, rate limit off) answers the first request (cold: lazy compilation,
// font parsing, first allocations) and then WARM requests that change one
// parameter each (warm: the median).
//
//   node bench/cpu.mjs [--warm 20] [--json FILE]    (after scripts/build-worker.sh)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../tests/e2e/harness.mjs';
import { SCENES } from './scene-memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const WARM = Number(arg('--warm', 20));
const TICK_MS = 1000 / 100; // USER_HZ: /proc times are in 1/100 s
const q = encodeURIComponent;
const hex = (i) => ((i * 1048573) % 0x1000000).toString(16).padStart(6, '0');
const post = (path, body) => [path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }];
const blog = JSON.parse(readFileSync(join(root, 'examples/scenes/blog-post.satori.json'), 'utf8'));
const recolour = (scene, i) => JSON.parse(JSON.stringify(scene).replace(/#[0-9a-fA-F]{6}\b/, `#${hex(i)}`));
const chinese = '你好，来自边缘。按需渲染的中文卡片，每一行都在边缘渲染。'.repeat(80).slice(0, 2000);

/** [route, kind, name, (i) => [path, init?]] */
export const CASES = [
  ['heart', 'typical', 'PNG, 400 px', (i) => [`/heart.png?size=400&color=%23${hex(i)}`]],
  ['heart', 'worst', 'PNG, 2,048 px gradient', (i) => [`/heart.png?size=2048&style=gradient&color=%23${hex(i)}`]],
  ['heart', 'worst', 'APNG, 60 frames of 373 px', (i) => [`/heart.apng?size=373&frames=60&fps=50&style=gradient&color=%23${hex(i)}`]],
  ['text', 'typical', 'Latin card 1,200×630', (i) => [`/text.png?text=${q('Hello from the edge\nRendered on demand')}&sizes=64,32&width=1200&height=630&align=center&valign=middle&color=%23${hex(i)}`]],
  ['text', 'typical', 'Chinese card 1,200×630', (i) => [`/text.png?text=${q('你好，来自边缘\n按需渲染的中文卡片')}&size=64&width=1200&height=630&color=%23${hex(i)}`]],
  ['text', 'worst', '2,000 Chinese characters fitted to 1,024² at dpr 2', (i) => post('/text.png', { text: chinese, width: 1024, height: 1024, dpr: 2, fit: true, size: 512, color: `#${hex(i)}` })],
  ['render', 'typical', 'blog-post card (GET, tree in the URL)', (i) => [`/render.png?tree=${Buffer.from(JSON.stringify(recolour(blog, i))).toString('base64url')}`]],
  ['render', 'worst', 'translucent noise on 2,048²', (i) => post('/render', { ...SCENES['noise-alpha'], element: { ...SCENES['noise-alpha'].element, props: { ...SCENES['noise-alpha'].element.props, style: { ...SCENES['noise-alpha'].element.props.style, backgroundColor: `#${hex(i)}` } } } })],
  ['render', 'worst', '1,999 boxes with shadows and gradients', (i) => post('/render', { ...SCENES.nodes, element: { ...SCENES.nodes.element, style: { ...SCENES.nodes.element.style, backgroundColor: `#${hex(i)}` } } })],
];

/** The workerd processes under the process group of `pgid` (also bench/soak.mjs's). */
export function workerdPids(pgid) {
  const pids = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid && comm.startsWith('workerd')) pids.push(p);
    } catch { /* gone */ }
  }
  return pids;
}

/** CPU ms (user + system) of `pids` so far. */
function cpuMs(pids) {
  let ticks = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return ticks * TICK_MS;
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

/** Sum of the `Server-Timing` durations (ms) of an answer. */
const serverMs = (r) => (r.headers.get('server-timing') ?? '')
  .split(',').map((m) => /dur=([\d.]+)/.exec(m)?.[1]).filter(Boolean).reduce((a, b) => a + Number(b), 0);

async function send(w, [path, init]) {
  const r = await fetch(w.base + path, init);
  await r.arrayBuffer();
  return r;
}

async function measureCase(make, options = {}) {
  const w = await startWorker({ vars: { EDGE_CACHE: 'off', RATE_LIMIT: 'off' }, ...options });
  try {
    const pids = workerdPids(w.pgid);
    const settle = () => new Promise((res) => setTimeout(res, 30));
    let before = cpuMs(pids);
    const first = await send(w, make(0));
    await settle();
    const cold = { cpu: cpuMs(pids) - before, server: serverMs(first), status: first.status };
    // Warm-up (tier-up compiles in the background), then WARM requests one
    // at a time, CPU summed over all of them so that the 10 ms ticks of
    // /proc average out.
    for (let i = 1; i <= 10; i++) await send(w, make(i));
    await settle();
    before = cpuMs(pids);
    const server = [];
    let status = 200;
    for (let i = 11; i < 11 + WARM; i++) {
      const r = await send(w, make(i));
      server.push(serverMs(r));
      if (r.status !== 200) status = r.status;
    }
    await settle();
    return { cold, warm: { cpu: (cpuMs(pids) - before) / WARM, server: median(server), status } };
  } finally {
    await w.stop();
  }
}

async function main() {
  const rows = [];
  const empty = await measureCase((i) => [`/?x=${i}`], { cwd: join(root, 'bench/empty-worker') });
  console.error(`empty worker: cold ${empty.cold.cpu.toFixed(0)} ms, warm ${empty.warm.cpu.toFixed(1)} ms of CPU`);
  for (const [route, kind, name, make] of CASES) {
    const m = await measureCase(make);
    rows.push({ route, kind, name, ...m, coldNet: m.cold.cpu - empty.cold.cpu, warmNet: m.warm.cpu - empty.warm.cpu });
    console.error(`${route} ${kind} ${name}: cold ${m.cold.cpu.toFixed(0)} ms CPU, ${m.cold.server.toFixed(0)} ms in the worker (${m.cold.status}); warm ${m.warm.cpu.toFixed(1)} ms CPU, ${m.warm.server.toFixed(1)} ms in the worker (${m.warm.status})`);
  }
  const out = arg('--json');
  if (out) writeFileSync(out, JSON.stringify({ warm: WARM, empty, rows }, null, 2));
  // Cloudflare counts the isolate's CPU time: the worker's own time
  // (Server-Timing) is the closer figure for a synchronous render; the
  // process figure also holds V8's background compiles and the runtime.
  const plan = (r) => (r.cold.status !== 200 || r.warm.status !== 200
    ? `not measured: HTTP ${r.cold.status}/${r.warm.status}`
    : r.warm.server <= 10 ? 'free (10 ms)' : 'paid');
  console.log('| route | request | cold: in the worker / workerd CPU less the empty worker\'s, ms | warm: in the worker / workerd CPU less the empty worker\'s, ms | plan it needs (warm) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| \`${r.route}\` (${r.kind}) | ${r.name} | ${r.cold.server.toFixed(0)} / ${r.coldNet.toFixed(0)} | ${r.warm.server.toFixed(1)} / ${r.warmNet.toFixed(1)} | ${plan(r)} |`);
  }
  console.log(`\nThe empty worker: cold ${empty.cold.cpu.toFixed(0)} ms, warm ${empty.warm.cpu.toFixed(1)} ms of workerd CPU a request (subtracted above).`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
