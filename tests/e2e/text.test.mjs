// End-to-end: the text renderer in `wrangler dev` (workerd), over HTTP.
// The worker runs with the edge cache off, so every answer is a fresh
// render; tests do not depend on their order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './harness.mjs';

let worker;
const get = (path, init) => worker.get(path, init);
const post = (path, body, type = 'application/json') =>
  get(path, { method: 'POST', headers: { 'content-type': type }, body });

before(async () => { worker = await startWorker({ vars: { EDGE_CACHE: 'off' } }); });
after(async () => { await worker?.stop(); });

function pngSize(buf) {
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

// On a worker of its own, so that nothing is parsed when it starts.
test('ASCII text parses only the Latin core; accents the full face; Chinese then a CJK tier', async () => {
  const fresh = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  try {
    await fontPhases(fresh);
  } finally {
    await fresh.stop();
  }
});

async function fontPhases(w) {
  const get = (path, init) => w.get(path, init);
  const parsedFaces = async () => {
    const h = JSON.parse((await get('/health')).body);
    return Object.fromEntries(h.fonts.map((f) => [f.file, f.parsed]));
  };
  const before = await parsedFaces();
  assert.ok(Object.values(before).every((p) => p === false), 'nothing parsed at start');
  const r = await get('/text.png?text=Hello%20from%20the%20edge&size=64');
  assert.equal(r.status, 200);
  const timing = r.headers.get('server-timing');
  assert.match(timing, /font;desc="NotoSans-Regular-Core\.ttf";dur=/, timing);
  assert.match(timing, /layout;dur=[\d.]+, raster;dur=[\d.]+, encode;dur=[\d.]+/);
  const after = await parsedFaces();
  assert.equal(after['NotoSans-Regular-Core.ttf'], true);
  for (const [file, parsed] of Object.entries(after)) {
    if (file !== 'NotoSans-Regular-Core.ttf') assert.equal(parsed, false, `${file} must not be parsed for ASCII text`);
  }
  // A character only the full Latin set has: the full face, for the whole text.
  const accent = await get('/text.png?text=' + encodeURIComponent('Café') + '&size=64');
  assert.equal(accent.status, 200);
  assert.match(accent.headers.get('server-timing'), /font;desc="NotoSans-Regular\.ttf";dur=/);
  assert.equal((await parsedFaces())['NotoSans-Regular.ttf'], true);
  const zh = await get('/text.png?text=' + encodeURIComponent('你好，世界') + '&size=64');
  assert.equal(zh.status, 200);
  assert.match(zh.headers.get('server-timing'), /font;desc="NotoSansSC-Tier01\.otf"/);
  assert.equal((await parsedFaces())['NotoSansSC-Tier01.otf'], true);
  // A second request parses nothing new.
  const again = await get('/text.png?text=' + encodeURIComponent('你好') + '&size=40');
  assert.match(again.headers.get('server-timing'), /(^|, )font;dur=/);
}

test('GET renders a PNG with the text headers', async () => {
  const r = await get('/text.png?text=Hello&size=48&padding=10');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  assert.equal(r.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-missing-glyphs'), '0');
  assert.equal(r.headers.get('x-text-lines'), '1');
  const [w, h] = pngSize(r.body);
  assert.ok(w > 100 && w < 200 && h > 50 && h < 100, `${w}x${h}`);
  const card = await get('/text.png?text=Hi&width=1200&height=630&dpr=2');
  assert.deepEqual(pngSize(card.body), [2400, 1260]);
});

test('POST JSON renders the same image as GET with the same fields', async () => {
  const q = 'text=' + encodeURIComponent('中文 and English') + '&size=40&width=300&align=center';
  const g = await get('/text.png?' + q);
  const p = await post('/text.png', JSON.stringify({ text: '中文 and English', size: 40, width: 300, align: 'center' }));
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('etag'), g.headers.get('etag'));
  assert.deepEqual(p.body, g.body);
  const inm = await get('/text.png?' + q, { headers: { 'if-none-match': g.headers.get('etag') } });
  assert.equal(inm.status, 304);
});

test('POST errors: 415, 413, 400 with a position, 400 for non-objects', async () => {
  const wrongType = await post('/text.png', 'text=hi', 'text/plain');
  assert.equal(wrongType.status, 415);
  assert.equal(JSON.parse(wrongType.body).error.code, 'unsupported_media_type');
  const noType = await get('/text.png', { method: 'POST', body: '{"text":"a"}', headers: { 'content-type': '' } });
  assert.equal(noType.status, 415);
  const big = await post('/text.png', JSON.stringify({ text: 'x'.repeat(20000) }));
  assert.equal(big.status, 413);
  assert.equal(JSON.parse(big.body).error.code, 'payload_too_large');
  const bad = await post('/text.png', '{"text": "a",\n "size": }');
  assert.equal(bad.status, 400);
  const e = JSON.parse(bad.body).error;
  assert.equal(e.code, 'bad_body');
  assert.match(e.message, /line 2 column \d+/);
  assert.equal((await post('/text.png', '[1,2]')).status, 400);
  assert.equal((await post('/text.png', '')).status, 400);
  const missing = await post('/text.png', '{"size":10}');
  assert.equal(missing.status, 400);
  assert.equal(JSON.parse(missing.body).error.param, 'text');
  const charset = await post('/text.png', JSON.stringify({ text: 'ok' }), 'application/json; charset=utf-8');
  assert.equal(charset.status, 200);
});

test('URL over the limit is 414; other methods 405', async () => {
  const r = await get('/text.png?text=' + 'a'.repeat(9000));
  assert.equal(r.status, 414);
  const d = await get('/text.png?text=a', { method: 'DELETE' });
  assert.equal(d.status, 405);
  assert.equal(d.headers.get('allow'), 'GET, HEAD, POST');
});

test('bad text parameters are 400 naming the parameter', async () => {
  const cases = [
    ['/text.png', 'text'],
    ['/text.png?text=', 'text'],
    ['/text.png?text=a&size=3', 'size'],
    ['/text.png?text=a&width=10', 'width'],
    ['/text.png?text=a&align=justified', 'align'],
    ['/text.png?text=a&valign=baseline', 'valign'],
    ['/text.png?text=a&wrap=hyphen', 'wrap'],
    ['/text.png?text=a&max_lines=0', 'max_lines'],
    ['/text.png?text=a&fit=true', 'fit'],
    ['/text.png?text=a&font=comic', 'font'],
    ['/text.png?text=a&font=serif&weight=700', 'weight'],
    ['/text.png?text=a&weight=250', 'weight'],
    ['/text.png?text=a&weight=100', 'weight'],
    ['/text.png?text=a&style=italic&weight=300', 'weight'],
    ['/text.png?text=a&font=serif&style=italic', 'style'],
    ['/text.png?text=a&style=oblique', 'style'],
    ['/text.png?text=a&color=nope', 'color'],
    ['/text.png?text=a&bogus=1', 'bogus'],
    ['/text.png?text=' + 'a'.repeat(2001), 'text'],
  ];
  for (const [path, param] of cases) {
    const r = await get(path);
    assert.equal(r.status, 400, path);
    assert.equal(JSON.parse(r.body).error.param, param, path);
  }
  const huge = await get('/text.png?text=' + 'W'.repeat(400) + '&size=200');
  assert.equal(huge.status, 422);
});

test('weight= and style= pick the sans faces: each its own image, GET and POST alike', async () => {
  const q = (extra) => '/text.png?text=Hamburgefonstiv&size=40&' + extra;
  const bodies = new Map();
  for (const [extra, face] of [
    ['weight=300', 'NotoSans-Light-Core'], ['weight=500', 'NotoSans-Medium-Core'],
    ['weight=semibold', 'NotoSans-SemiBold-Core'], ['weight=800', 'NotoSans-ExtraBold-Core'],
    ['weight=black', 'NotoSans-Black-Core'], ['style=italic', 'NotoSans-Italic-Core'],
    ['style=italic&weight=700', 'NotoSans-BoldItalic-Core'],
  ]) {
    const r = await get(q(extra));
    assert.equal(r.status, 200, `${extra}: ${r.body}`);
    // The first request for a face parses it, and only it.
    const timing = r.headers.get('server-timing');
    assert.match(timing, new RegExp(`font;desc="${face}\\.ttf";dur=`), `${extra}: ${timing}`);
    assert.ok(![...bodies.values()].some((b) => b.equals(r.body)), `${extra} draws like another weight`);
    bodies.set(extra, r.body);
  }
  const g = await get(q('weight=bold&style=italic'));
  const p = await post('/text.png', JSON.stringify({ text: 'Hamburgefonstiv', size: 40, weight: 700, style: 'italic' }));
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('etag'), g.headers.get('etag'));
  assert.deepEqual(p.body, bodies.get('style=italic&weight=700'));
  const serif = await get('/text.png?text=a&font=serif&style=italic');
  assert.equal(serif.status, 400);
  assert.equal(JSON.parse(serif.body).error.message, 'font serif has no italic');
  const light = await get('/text.png?text=a&style=italic&weight=light');
  assert.match(JSON.parse(light.body).error.message, /its italic weights: 400, 700$/);
});

test('a 10-line CJK paragraph wraps with punctuation kept off line starts', async () => {
  const para = '春天来了，公园里的花都开了。孩子们在草地上奔跑，老人们坐在长椅上聊天。'.repeat(4);
  const r = await get('/text.png?text=' + encodeURIComponent(para) + '&size=32&width=400&line_height=1.4');
  assert.equal(r.status, 200);
  const lines = Number(r.headers.get('x-text-lines'));
  assert.ok(lines >= 10, `lines: ${lines}`);
  assert.equal(r.headers.get('x-missing-glyphs'), '0');
  const [w, h] = pngSize(r.body);
  assert.equal(w, 400);
  assert.ok(h >= lines * 32 * 1.4, `${h}`);
});

test('missing glyphs are drawn as boxes and counted', async () => {
  // Runes: no embedded face has them.
  const r = await get('/text.png?text=' + encodeURIComponent('Hi ᚠᚢ') + '&size=32');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-missing-glyphs'), '2');
  const emoji = await get('/text.png?text=' + encodeURIComponent('ok 👍🏽 e\u0301 👨‍👩‍👧') + '&size=32');
  assert.equal(emoji.status, 200, 'emoji and combining marks never crash');
});

test('heart labels render in PNG, APNG and escaped SVG', async () => {
  const plain = await get('/heart.png?size=200');
  const png = await get('/heart.png?size=200&text=' + encodeURIComponent('I ♥ U'));
  assert.equal(png.status, 200);
  assert.notDeepEqual(png.body, plain.body);
  const apng = await get('/heart.apng?size=100&frames=4&text=Hi');
  assert.equal(apng.status, 200);
  const svg = await get('/heart.svg?size=200&text=' + encodeURIComponent('<b>&"x"'));
  assert.equal(svg.status, 200);
  const s = svg.body.toString();
  assert.match(s, /<text [^>]*font-family="Noto Sans"[^>]*><tspan [^>]*>&lt;b&gt;&amp;&quot;x&quot;<\/tspan><\/text>/);
  assert.doesNotMatch(s, /<b>/);
  const cjk = await get('/heart.png?size=200&text=' + encodeURIComponent('我爱你'));
  assert.equal(cjk.status, 200);
});

test('wasm memory stays flat under repeated renders (no per-request growth)', async () => {
  const card = (i) => `/text.png?text=Hello%20${i % 7}&width=1200&height=630&size=64&color=%23${(i * 2654435761 % 0xffffff).toString(16).padStart(6, '0')}`;
  for (let i = 0; i < 40; i++) assert.equal((await get(card(i))).status, 200);
  const before = JSON.parse((await get('/health')).body).memory_bytes;
  assert.ok(before > 0, 'memory_bytes is reported by the worker');
  for (let i = 40; i < 240; i++) assert.equal((await get(card(i))).status, 200);
  const after = JSON.parse((await get('/health')).body).memory_bytes;
  assert.equal(after, before, `linear memory grew from ${before} to ${after} bytes over 200 renders`);
});

test('an OG card with per-paragraph sizes: GET, POST and the native CLI give the same bytes', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const c = 'text.png?text=Hello%20from%20the%20edge%0ARendered%20on%20demand&sizes=64,32&width=1200&height=630&padding=80';
  const r = await get('/' + c);
  assert.equal(r.status, 200, r.body.toString());
  assert.equal(r.headers.get('content-type'), 'image/png');
  assert.deepEqual(pngSize(r.body), [1200, 630]);
  assert.equal(r.headers.get('x-text-lines'), '2');
  assert.equal(r.headers.get('x-font-size'), '64');
  const again = await get('/' + c);
  assert.equal(again.headers.get('x-cache'), null, 'a fresh render, not a cache hit');
  assert.deepEqual(again.body, r.body, 'worker is deterministic');
  // A JSON array is the same request (same bytes, same ETag); one size is not.
  const p = await post('/text.png', JSON.stringify({
    text: 'Hello from the edge\nRendered on demand', sizes: [64, 32], width: 1200, height: 630, padding: 80,
  }));
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('etag'), r.headers.get('etag'));
  assert.deepEqual(p.body, r.body);
  const one = await get('/' + c.replace('sizes=64,32', 'size=64'));
  assert.equal(one.status, 200);
  assert.notEqual(one.headers.get('etag'), r.headers.get('etag'));
  assert.notDeepEqual(one.body, r.body);
  for (const bad of ['64,', '64,abc', '64,600', Array(17).fill(20).join(',')]) {
    const e = await get('/text.png?text=a&sizes=' + bad);
    assert.equal(e.status, 400, bad);
    const err = JSON.parse(e.body).error;
    assert.equal(err.param, 'sizes', bad);
    assert.match(err.message, /^sizes must be a comma-separated list of 1 to 16 numbers between 6 and 512$/);
  }
  const dir = mkdtempSync(join(tmpdir(), 'edge-render-'));
  const out = join(dir, 'card.png');
  const run = spawnSync(cli, [c, '-o', out]);
  assert.equal(run.status, 0, run.stderr?.toString());
  assert.deepEqual(readFileSync(out), r.body, 'CLI and worker agree');
});

test('no request in this run was answered with a 5xx', () => {
  assert.deepEqual(worker.statuses.filter(([, s]) => s >= 500), []);
});
