// End-to-end: the request contract every route shares, in `wrangler dev`
// (workerd) with the edge cache on. Each finding of the route-table issue is
// a test here; none depends on another's order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './harness.mjs';

let worker;
const get = (path, init) => worker.get(path, init);
const post = (path, body) => get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

before(async () => { worker = await startWorker(); });
after(async () => { await worker?.stop(); });

// Any method string, as sent (fetch refuses some, and may normalise others).
function raw(method, path) {
  const url = new URL(worker.base + path);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        worker.statuses.push([`${method} ${path}`, res.statusCode]);
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(fn, what) {
  for (let i = 0; i < 30; i++) {
    const r = await fn();
    if (r) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail(what);
}

test('methods the platform does not know are 405 with Allow, never served as GET nor cached', async () => {
  const url = '/heart.png?size=133&theme=dark';
  // (A method workerd itself does not know, e.g. BREW, is answered 501 by
  // the runtime before the worker runs.)
  for (const method of ['PROPFIND', 'PURGE', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'QUERY', 'REPORT']) {
    const r = await raw(method, url);
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD', method);
    assert.equal(JSON.parse(r.body).error.code, 'method_not_allowed', method);
    const t = await raw(method, '/text.png?text=a');
    assert.equal(t.status, 405, method);
    assert.equal(t.headers.allow, 'GET, HEAD, POST', method);
  }
  await new Promise((res) => setTimeout(res, 200));
  const first = await get(url);
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('x-cache'), 'MISS', 'no odd method put this answer in the cache');
});

test('If-None-Match: * is a 304 only for a valid request', async () => {
  const invalid = '/text.png?size=512&text=WWWWWWWWWWWW';
  assert.equal((await get(invalid)).status, 422);
  const star = await get(invalid, { headers: { 'if-none-match': '*' } });
  assert.equal(star.status, 422);
  assert.equal(JSON.parse(star.body).error.code, 'too_large');
  const bad = await get('/heart.png?size=1', { headers: { 'if-none-match': '*' } });
  assert.equal(bad.status, 400);
  const ok = await get('/text.png?text=star-ok', { headers: { 'if-none-match': '*' } });
  assert.equal(ok.status, 304);
});

test('a key repeated in a JSON body is a 400, as in a query', async () => {
  const r = await post('/text.png', '{"text":"a","size":20,"size":30}');
  assert.equal(r.status, 400);
  const e = JSON.parse(r.body).error;
  assert.equal(e.code, 'bad_body');
  assert.match(e.message, /duplicate key `size` at line 1 column \d+/);
  const nested = await post('/text.png', '{"text":"a","text":"a"}');
  assert.equal(nested.status, 400);
  const q = await get('/text.png?text=a&size=20&size=30');
  assert.equal(q.status, 400);
  assert.equal(JSON.parse(q.body).error.param, 'size');
});

test('POST /text (the alias) reads its body like /text.png', async () => {
  const body = JSON.stringify({ text: 'alias', size: 30 });
  const a = await post('/text', body);
  const b = await post('/text.png', body);
  assert.equal(a.status, 200, a.body.toString());
  assert.equal(b.status, 200);
  assert.deepEqual(a.body, b.body);
  assert.equal(a.headers.get('etag'), b.headers.get('etag'));
});

test('fit shrinks until the whole text fits, or answers 422', async () => {
  const r = await get('/text.png?text=' + encodeURIComponent('Hello world this is long') + '&size=512&width=300&height=100&fit=true');
  assert.equal(r.status, 200);
  const size = Number(r.headers.get('x-font-size'));
  const lines = Number(r.headers.get('x-text-lines'));
  assert.ok(size < 64, `size ${size}: below the old floor of size/8`);
  assert.ok(lines * size * 1.25 <= 100 - 32 + 0.01, `${lines} lines of ${size} px fit 68 px`);
  const never = await get('/text.png?text=' + 'word%20'.repeat(300) + '&size=100&width=100&height=40&fit=true');
  assert.equal(never.status, 422);
  assert.match(JSON.parse(never.body).error.message, /smallest size \(6 px\)/);
});

test('a heart label that cannot fit two lines at 6 px is a 422, not clipped', async () => {
  const r = await get('/heart.png?size=16&text=hi');
  assert.equal(r.status, 422);
  assert.equal(JSON.parse(r.body).error.param, 'text');
  assert.equal((await get('/heart.png?size=64&text=' + encodeURIComponent('I love you'))).status, 200);
});

test('width × dpr over the side limit is a 422 naming it, never a narrower layout', async () => {
  const r = await get('/text.png?text=Hi&width=1500&height=60&dpr=3&align=right');
  assert.equal(r.status, 422);
  const e = JSON.parse(r.body).error;
  assert.equal(e.param, 'dpr');
  assert.match(e.message, /4500 device pixels; the limit is 4096 per side/);
  const ok = await get('/text.png?text=Hi&width=1365&height=60&dpr=3&align=right');
  assert.equal(ok.status, 200);
  assert.equal(ok.body.readUInt32BE(16), 4095);
});

test('a 422 for a tall text says the height it needs, not the clamp', async () => {
  const text = encodeURIComponent('Lorem ipsum dolor sit amet. '.repeat(70));
  const r = await get(`/text.png?size=64&width=1200&text=${text}`);
  assert.equal(r.status, 422);
  const m = JSON.parse(r.body).error.message.match(/box of (\d+)×(\d+) device pixels/);
  assert.ok(m, JSON.parse(r.body).error.message);
  assert.equal(Number(m[1]), 1200);
  assert.ok(Number(m[2]) > 4096, `needs ${m[2]} px`);
});

test('the CLI reproduces a POST byte for byte (--body FILE and --body -)', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const body = JSON.stringify({ text: 'A long POST\n' + '长文本。'.repeat(300), sizes: [40, 20], width: 900, fit: true, height: 1400 });
  assert.ok(Buffer.byteLength(body) > 3000);
  const r = await post('/text.png', body);
  assert.equal(r.status, 200, r.body.toString());
  const dir = mkdtempSync(join(tmpdir(), 'edge-render-'));
  const file = join(dir, 'body.json');
  writeFileSync(file, body);
  const out = join(dir, 'out.png');
  const fromFile = spawnSync(cli, ['text.png', '--body', file, '-o', out]);
  assert.equal(fromFile.status, 0, fromFile.stderr?.toString());
  assert.deepEqual(readFileSync(out), r.body, 'CLI --body FILE and worker agree');
  const fromStdin = spawnSync(cli, ['text.png', '--body', '-'], { input: body, maxBuffer: 1 << 26 });
  assert.equal(fromStdin.status, 0, fromStdin.stderr?.toString());
  assert.deepEqual(fromStdin.stdout, r.body, 'CLI --body - and worker agree');
  const dup = spawnSync(cli, ['text.png', '--body', '-'], { input: '{"text":"a","text":"b"}' });
  assert.equal(dup.status, 2);
  assert.match(dup.stderr.toString(), /duplicate key/);
});

test('MISS and HIT of every render route: same bytes, same headers but X-Cache and Server-Timing', async () => {
  const cases = [
    ['/heart.png?size=91&theme=dark'],
    ['/heart.svg?size=91&text=hit'],
    ['/heart.txt?cols=33&rows=11'],
    ['/heart.apng?size=48&frames=3'],
    ['/text.png?text=' + encodeURIComponent('Hit or miss, 你好') + '&size=41&fit=true&width=200'],
    ['/text.png', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'posted hit', size: 37 }) }],
  ];
  const strip = (h) => [...h.entries()].filter(([k]) => !['x-cache', 'server-timing', 'date'].includes(k)).sort();
  for (const [url, init] of cases) {
    const miss = await get(url, init);
    assert.equal(miss.status, 200, url);
    assert.equal(miss.headers.get('x-cache'), 'MISS', url);
    // The lookup of a miss is its own phase, not part of the next one.
    assert.match(miss.headers.get('server-timing'), /^parse;dur=[\d.]+, cache;desc="miss";dur=[\d.]+, font(;desc="[^"]+")?;dur=/, url);
    const hit = await until(async () => {
      const h = await get(url, init);
      return h.headers.get('x-cache') === 'HIT' && h;
    }, `${url} became a HIT`);
    assert.deepEqual(hit.body, miss.body, url);
    assert.deepEqual(strip(hit.headers), strip(miss.headers), url);
    if (url.startsWith('/text')) assert.ok(hit.headers.get('x-font-size'), 'X-Font-Size kept on a HIT');
  }
});

test('no request in this run was answered with a 5xx', () => {
  assert.deepEqual(worker.statuses.filter(([, s]) => s >= 500), []);
});

test('a request whose own faces and image cannot be held at once is a 422 naming MEMORY_CEILING', async () => {
  // One character from each Simplified Chinese tier: 31 MB of parsed faces.
  const tiers = encodeURIComponent('我架汤浜渴炕煨瑛睢痫翕簋窀碹');
  const big = await get(`/text.png?text=${tiers}&width=2048&height=2048&lang=zh-Hans`);
  assert.equal(big.status, 422, big.body.toString());
  const e = JSON.parse(big.body).error;
  assert.equal(e.code, 'too_large');
  assert.equal(e.param, 'text');
  assert.match(e.message, /MiB for the image and \d+ MiB of font faces.*MEMORY_CEILING/);
  const card = await get(`/text.png?text=${tiers}&width=1200&height=630&lang=zh-Hans`);
  assert.equal(card.status, 200, card.body.toString());
  assert.equal(card.headers.get('x-missing-glyphs'), '0');
});
