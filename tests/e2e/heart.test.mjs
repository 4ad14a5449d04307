// End-to-end: the heart renderer in `wrangler dev` (workerd), over HTTP.
// The worker runs with the edge cache off, so every answer here is a fresh
// render (the cache has its own tests in cache.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './harness.mjs';

let worker;
const get = (path, init) => worker.get(path, init);

before(async () => { worker = await startWorker({ vars: { EDGE_CACHE: 'off' } }); });
after(async () => { await worker?.stop(); });

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunks(buf) {
  const out = [];
  for (let i = 8; i + 8 <= buf.length;) {
    const len = buf.readUInt32BE(i);
    out.push(buf.toString('latin1', i + 4, i + 8));
    i += 12 + len;
  }
  return out;
}

test('health answers JSON with version and fonts', async () => {
  const r = await get('/health');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const h = JSON.parse(r.body);
  assert.equal(h.status, 'ok');
  assert.match(h.version, /^\d+\.\d+\.\d+$/);
  assert.ok(Array.isArray(h.fonts));
});

test('/docs lists routes and its example images all render', async () => {
  const r = await get('/docs');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const html = r.body.toString();
  const srcs = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(srcs.length >= 4, 'has example images');
  for (const src of srcs) {
    const img = await get(src);
    assert.equal(img.status, 200, src);
    assert.match(img.headers.get('content-type'), /^image\//, src);
  }
});

test('every heart format: type, headers, and a real body', async () => {
  const cases = [
    ['/heart.png?size=128', 'image/png'],
    ['/heart?size=128', 'image/png'],
    ['/heart?format=svg&size=128', 'image/svg+xml'],
    ['/heart.svg?size=128&style=gradient', 'image/svg+xml'],
    ['/heart.txt?cols=40&rows=20', 'text/plain; charset=utf-8'],
    ['/heart.apng?size=64&frames=6&fps=12', 'image/apng'],
  ];
  for (const [path, type] of cases) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), type, path);
    assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.match(r.headers.get('etag'), /^"[0-9a-f]{16}"$/, path);
    assert.equal(r.headers.get('x-cache'), null, 'the cache is off');
    assert.match(r.headers.get('server-timing'), /^parse;dur=[\d.]+, font;dur=[\d.]+, render;dur=[\d.]+, encode;dur=[\d.]+$/, path);
    if (type === 'image/svg+xml') {
      assert.match(r.headers.get('content-security-policy'), /default-src 'none'/);
      const svg = r.body.toString();
      assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<path d="M[^"]+Z".*<\/svg>$/s);
      assert.doesNotMatch(svg, /<script|<image/);
    }
    if (type.startsWith('image/png') || type === 'image/apng') {
      assert.deepEqual(r.body.subarray(0, 8), PNG_SIGNATURE, path);
      const c = chunks(r.body);
      assert.equal(c.at(-1), 'IEND', path);
      if (type === 'image/apng') {
        assert.ok(c.includes('acTL'), 'animated');
        assert.equal(c.filter((n) => n === 'fcTL').length, 6, 'one fcTL per frame');
      } else {
        assert.ok(!c.includes('acTL'), 'still');
      }
    }
    if (type.startsWith('text/plain')) {
      const lines = r.body.toString('utf8').split('\n').filter((l) => l.length);
      assert.equal(lines.length, 20);
      assert.ok(lines.every((l) => [...l].length === 40));
      assert.ok(lines[8].includes('█'), 'filled middle');
      assert.ok(!lines[0].startsWith('█'), 'empty corner');
    }
  }
});

test('HEAD answers headers without a body', async () => {
  const g = await get('/heart.png?size=100');
  const h = await get('/heart.png?size=100', { method: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal(h.body.length, 0);
  assert.equal(h.headers.get('etag'), g.headers.get('etag'));
  assert.equal(h.headers.get('content-type'), 'image/png');
  const missing = await get('/missing', { method: 'HEAD' });
  assert.equal(missing.status, 404);
});

test('ETag: canonical, and If-None-Match gives 304', async () => {
  const a = await get('/heart.png?size=120&theme=dark&style=outline');
  const b = await get('/heart.png?style=outline&theme=dark&size=120&dpr=1');
  assert.equal(a.headers.get('etag'), b.headers.get('etag'));
  assert.deepEqual(a.body, b.body);
  const c = await get('/heart.png?size=121&theme=dark&style=outline');
  assert.notEqual(a.headers.get('etag'), c.headers.get('etag'));
  const tag = a.headers.get('etag');
  for (const inm of [tag, `W/${tag}`, `"x", ${tag}`, '*']) {
    const r = await get('/heart.png?size=120&theme=dark&style=outline', { headers: { 'if-none-match': inm } });
    assert.equal(r.status, 304, inm);
    assert.equal(r.body.length, 0);
    assert.equal(r.headers.get('etag'), tag);
  }
  const miss = await get('/heart.png?size=120&theme=dark&style=outline', { headers: { 'if-none-match': '"0000"' } });
  assert.equal(miss.status, 200);
});

test('same request, same bytes — in the worker and from the native CLI', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'edge-render-'));
  const cases = [
    'heart.png?size=200&style=gradient&theme=dark',
    'heart.png?size=96&dpr=2&style=outline&curve=implicit&color=rgba(0,128,255,0.6)',
    'heart.svg?size=150&style=outline',
    'heart.txt?cols=30&rows=14&charset=ascii',
    'heart.apng?size=64&frames=8',
  ];
  for (const c of cases) {
    const one = await get('/' + c);
    const two = await get('/' + c);
    assert.equal(one.status, 200, c);
    assert.equal(two.headers.get('x-cache'), null, 'two fresh renders, not a cache hit');
    assert.deepEqual(one.body, two.body, `worker is deterministic: ${c}`);
    const out = join(dir, 'out');
    const run = spawnSync(cli, [c, '-o', out]);
    assert.equal(run.status, 0, run.stderr?.toString());
    assert.deepEqual(readFileSync(out), one.body, `CLI and worker agree: ${c}`);
  }
});

test('unknown paths are 404 JSON, other methods 405 with Allow', async () => {
  for (const p of ['/nope', '/heart.gif', '/heart.png/extra', '/HEALTH']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.equal(JSON.parse(r.body).error.code, 'not_found');
  }
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const r = await get('/heart.png', { method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
    assert.equal(JSON.parse(r.body).error.code, 'method_not_allowed');
  }
});

test('bad parameters are 400 JSON naming the parameter', async () => {
  const cases = [
    ['/heart.png?size=15', 'size', /between 16 and 2048/],
    ['/heart.png?size=2049', 'size', /between 16 and 2048/],
    ['/heart.png?size=abc', 'size', /integer/],
    ['/heart.png?dpr=4', 'dpr', /between 1 and 3/],
    ['/heart.png?color=nope', 'color', /CSS colou?r/],
    ['/heart.png?bg=%23ggg', 'bg', /CSS colou?r/],
    ['/heart.png?style=dotted', 'style', /filled, outline, gradient/],
    ['/heart.png?theme=neon', 'theme', /light, dark, contrast/],
    ['/heart.png?curve=circle', 'curve', /parametric, implicit/],
    ['/heart.png?stroke=0', 'stroke', /between 1 and 64/],
    ['/heart.png?sise=100', 'sise', /accepts/],
    ['/heart.png?size=100&size=200', 'size', /more than once/],
    ['/heart.svg?dpr=2', 'dpr', /accepts/],
    ['/heart.txt?cols=500', 'cols', /between 8 and 240/],
    ['/heart.txt?rows=2', 'rows', /between 4 and 120/],
    ['/heart.txt?charset=emoji', 'charset', /blocks, ascii/],
    ['/heart.apng?frames=61', 'frames', /between 2 and 60/],
    ['/heart.apng?fps=0', 'fps', /between 1 and 50/],
    ['/heart?format=gif', 'format', /png, svg, txt, apng/],
  ];
  for (const [path, param, message] of cases) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    const e = JSON.parse(r.body).error;
    assert.equal(e.param, param, path);
    assert.match(e.message, message, path);
  }
});

test('limits: 414 for long URLs, 422 over the pixel budgets', async () => {
  const long = await get('/heart.png?color=' + 'a'.repeat(9000));
  assert.equal(long.status, 414);
  assert.equal(JSON.parse(long.body).error.code, 'uri_too_long');
  const big = await get('/heart.png?size=2048&dpr=3');
  assert.equal(big.status, 422);
  assert.equal(JSON.parse(big.body).error.param, 'dpr');
  const anim = await get('/heart.apng?size=512&frames=60');
  assert.equal(anim.status, 422);
  assert.equal(JSON.parse(anim.body).error.param, 'frames');
  // The largest accepted still image renders.
  const max = await get('/heart.png?size=2048');
  assert.equal(max.status, 200);
});

test('junk input never yields a 5xx', async () => {
  // A fixed pseudo-random walk over keys and hostile values.
  const keys = ['size', 'color', 'bg', 'style', 'stroke', 'theme', 'dpr', 'curve', 'frames', 'fps', 'cols', 'rows', 'charset', 'format', '', '%', 'x'];
  const values = ['', '-1', '0', '1e309', 'NaN', '%00', '%ZZ', '%E2%82', '<script>', '"}', '#fff', 'rgb(1,2,3,4,5)', '9'.repeat(40), 'hsl(400,200%,-5%)', '∞', '🙂'];
  const paths = ['/heart.png', '/heart.svg', '/heart.txt', '/heart.apng', '/heart', '/', '/health', '/x%00y', '/%ff'];
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 120; i++) {
    const q = Array.from({ length: 1 + rnd(3) }, () => `${keys[rnd(keys.length)]}=${values[rnd(values.length)]}`).join('&');
    const path = `${paths[rnd(paths.length)]}?${q}`;
    const r = await get(path);
    assert.ok(r.status < 500, `${path} → ${r.status}`);
    if (r.status >= 400) assert.ok(JSON.parse(r.body).error.code, path);
  }
});

test('the scheduled handler prewarms and logs one JSON line', async () => {
  const r = await get('/__scheduled?cron=*/15+*+*+*+*');
  assert.equal(r.status, 200);
  let line;
  for (let i = 0; i < 50 && !line; i++) {
    line = worker.log().split('\n').find((l) => l.includes('"event":"prewarm"'));
    if (!line) await new Promise((res) => setTimeout(res, 100));
  }
  assert.ok(line, `prewarm line in the log:\n${worker.log()}`);
  const report = JSON.parse(line.slice(line.indexOf('{')));
  assert.equal(report.trigger, 'cron:*/15 * * * *');
  assert.ok(report.renders >= 6);
  assert.deepEqual(report.failed, []);
  assert.equal(typeof report.ms, 'number');
});

test('no request in this run was answered with a 5xx', () => {
  const bad = worker.statuses.filter(([, s]) => s >= 500);
  assert.deepEqual(bad, []);
  assert.ok(worker.statuses.length > 100);
});
