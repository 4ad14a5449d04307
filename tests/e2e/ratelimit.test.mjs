// End-to-end: the render rate limit (the Workers Rate Limiting binding,
// emulated in memory by `wrangler dev`). The worker runs a copy of
// wrangler.toml whose [[ratelimits]] block allows 3 renders a period, so
// the real block (name, namespace, shape) is what is tested.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from './harness.mjs';

const LIMIT = 3;
const root = fileURLToPath(new URL('../..', import.meta.url));
let worker;
let dir;

function limitedConfig() {
  let toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
  const block = /(\[\[ratelimits\]\]\nname = "RENDER_LIMITER"\n[^[]*?simple = \{ limit = )\d+(, period = 60 \})/;
  assert.match(toml, block, 'wrangler.toml has the RENDER_LIMITER block');
  toml = toml.replace(block, `$1${LIMIT}$2`)
    // Paths as absolute ones (the copy lives in a temporary folder); the
    // worker is prebuilt, so no [build] step.
    .replace(/^main = "(.*)"$/m, (_, p) => `main = ${JSON.stringify(join(root, p))}`)
    .replace(/^directory = "(.*)"$/m, (_, p) => `directory = ${JSON.stringify(join(root, p))}`)
    .replace(/^\[build\]\n(?:[^[\n].*\n|\n)*/m, '');
  dir = mkdtempSync(join(tmpdir(), 'edge-render-ratelimit-'));
  writeFileSync(join(dir, 'wrangler.toml'), toml);
  return join(dir, 'wrangler.toml');
}

before(async () => {
  worker = await startWorker({ args: ['-c', limitedConfig()] });
});
after(async () => {
  await worker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const from = (ip) => ({ headers: { 'cf-connecting-ip': ip } });

// The store runs after the answer (waitUntil): until the entry is there.
async function untilCached(path, init) {
  for (let i = 0; i < 30; i++) {
    const r = await worker.get(path, { ...init, method: 'HEAD' });
    if (r.headers.get('x-cache') === 'HIT') return;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail(`${path} never reached the cache`);
}

test(`after ${LIMIT} cache misses a client gets 429 with Retry-After; hits and 304s are not counted`, async () => {
  const client = from('198.51.100.1');
  const first = await worker.get('/heart.png?size=100', client);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('x-cache'), 'MISS');
  await untilCached('/heart.png?size=100', client); // a HIT: not counted
  // Hits and 304s of the same image, many more than the limit.
  for (let i = 0; i < LIMIT + 2; i++) {
    const hit = await worker.get('/heart.png?size=100', client);
    assert.equal(hit.status, 200);
    assert.equal(hit.headers.get('x-cache'), 'HIT');
  }
  // A 304 on a miss (an image not cached yet) only checks: not counted either.
  for (let i = 0; i < LIMIT + 2; i++) {
    const nm = await worker.get(`/heart.png?size=${200 + i}`, { headers: { ...client.headers, 'if-none-match': '*' } });
    assert.equal(nm.status, 304);
    assert.equal(nm.headers.get('x-cache'), 'MISS');
  }
  // Misses 2 and 3 are drawn, the 4th is refused.
  for (let i = 2; i <= LIMIT; i++) {
    const r = await worker.get(`/heart.png?size=${100 + i}`, client);
    assert.equal(r.status, 200, `miss ${i}`);
  }
  const over = await worker.get('/heart.png?size=150', client);
  assert.equal(over.status, 429);
  assert.equal(over.headers.get('retry-after'), '60');
  assert.match(over.headers.get('content-type'), /^application\/json/);
  assert.equal(JSON.parse(over.body.toString()).error.code, 'rate_limited');
  assert.equal(over.headers.get('cache-control'), 'no-store');
  // HEAD too, without a body; POST too.
  const head = await worker.get('/heart.png?size=151', { ...client, method: 'HEAD' });
  assert.equal(head.status, 429);
  assert.equal(head.body.length, 0);
  const post = await worker.get('/text.png', {
    method: 'POST', headers: { ...client.headers, 'content-type': 'application/json' }, body: '{"text":"over"}',
  });
  assert.equal(post.status, 429);
  // What is cached is still served to the limited client.
  const hit = await worker.get('/heart.png?size=100', client);
  assert.equal(hit.status, 200);
  assert.equal(hit.headers.get('x-cache'), 'HIT');
  // Errors found while parsing are answered as before.
  assert.equal((await worker.get('/heart.png?size=huge', client)).status, 400);
  // Another client has its own count.
  const other = await worker.get('/heart.png?size=150', from('198.51.100.2'));
  assert.equal(other.status, 200);
  // The 429s are logged as renders, without the address.
  const lines = worker.log().split('\n').filter((l) => l.includes('"event":"render"') && l.includes('"status":429'));
  assert.ok(lines.length >= 3, worker.log());
  assert.ok(!worker.log().includes('198.51.100.1'));
});
