// End-to-end: the edge cache (Cache API) and the two prewarm channels, in
// `wrangler dev` (workerd). Cache entries live in the local cache of this
// wrangler instance, so every run starts empty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';

const TOKEN = 'test-token-' + process.pid;
let worker;

const get = (path, init = {}, w = worker) => w.get(path, init);

// The store runs after the answer (waitUntil): asks again until a HIT
// (3 s at most), and answers the last reply.
async function untilHit(ask) {
  let reply;
  for (let i = 0; i < 30; i++) {
    reply = await ask();
    if (reply.headers.get('x-cache') === 'HIT') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return reply;
}

before(async () => {
  worker = await startWorker({
    vars: { WARMUP_TOKEN: TOKEN, WARMUP_URLS: '/heart.png?size=77 /text.png?text=warm&size=20' },
  });
});
after(async () => { await worker?.stop(); });

test('a render is a MISS, then a HIT with identical bytes and ETag', async () => {
  const url = '/heart.png?size=140&theme=dark';
  const miss = await get(url);
  assert.equal(miss.status, 200);
  assert.equal(miss.headers.get('x-cache'), 'MISS');
  const hit = await untilHit(() => get(url));
  assert.equal(hit.headers.get('x-cache'), 'HIT');
  assert.deepEqual(hit.body, miss.body);
  for (const h of ['etag', 'content-type', 'cache-control', 'x-content-type-options']) {
    assert.equal(hit.headers.get(h), miss.headers.get(h), h);
  }
  assert.match(hit.headers.get('server-timing'), /^cache;desc="hit";dur=/);
  // Same canonical request, other spelling: the same entry.
  const alias = await get('/heart.png?theme=dark&size=140&dpr=1');
  assert.equal(alias.headers.get('x-cache'), 'HIT');
  // 304 and HEAD from a hit.
  const nm = await get(url, { headers: { 'if-none-match': miss.headers.get('etag') } });
  assert.equal(nm.status, 304);
  assert.equal(nm.headers.get('etag'), miss.headers.get('etag'));
  const head = await get(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(head.headers.get('x-cache'), 'HIT');
});

test('a scene keeps its own headers on a HIT: X-Missing-Glyphs and X-Unsupported-Style', async () => {
  // Two characters no face has (runes) and a property
  // the renderer ignores; an image, so that the miss decodes one.
  const body = JSON.stringify({ width: 200, height: 100, element: { type: 'div', props: {
    style: { display: 'flex', width: '100%', height: '100%', background: 'url(asset:sample.png) center / contain no-repeat', zIndex: 2 },
    children: 'Hi ᚠ ᚢ' } } });
  const post = (init = {}) => get('/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init });
  const miss = await post();
  assert.equal(miss.status, 200, miss.body.toString());
  assert.equal(miss.headers.get('x-cache'), 'MISS');
  assert.equal(miss.headers.get('x-missing-glyphs'), '2');
  assert.equal(miss.headers.get('x-unsupported-style'), 'zIndex');
  assert.match(miss.headers.get('server-timing'), /^parse;dur=[\d.]+, cache;desc="miss";dur=[\d.]+, font(;desc="[^"]+")?;dur=[\d.]+, layout;dur=[\d.]+, decode;dur=/);
  const hit = await untilHit(post);
  assert.equal(hit.headers.get('x-cache'), 'HIT');
  assert.deepEqual(hit.body, miss.body);
  for (const h of ['etag', 'content-type', 'x-missing-glyphs', 'x-unsupported-style']) {
    assert.equal(hit.headers.get(h), miss.headers.get(h), h);
  }
  assert.match(hit.headers.get('server-timing'), /^cache;desc="hit";dur=[\d.]+$/, 'a hit decodes nothing');
});

test('a POST shares the cache entry of the same GET', async () => {
  const g = await get('/text.png?text=shared&size=30');
  assert.equal(g.headers.get('x-cache'), 'MISS');
  // The store runs after the answer (waitUntil): wait for it on the GET, so
  // that the POST's HIT can only come from the GET's entry.
  await untilHit(() => get('/text.png?text=shared&size=30', { method: 'HEAD' }));
  const p = await get('/text.png', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: 30, text: 'shared' }),
  });
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('x-cache'), 'HIT');
  assert.deepEqual(p.body, g.body);
});

test('a HEAD miss fills the cache for the GET that follows', async () => {
  const url = '/heart.png?size=151&style=gradient';
  const head = await get(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal(head.headers.get('x-cache'), 'MISS');
  const hit = await untilHit(() => get(url));
  assert.equal(hit.headers.get('x-cache'), 'HIT');
  assert.ok(hit.body.length > 100, 'the stored answer has its body');
  assert.equal(hit.headers.get('etag'), head.headers.get('etag'));
});

test('errors are never cached', async () => {
  const a = await get('/heart.png?size=1');
  const b = await get('/heart.png?size=1');
  assert.equal(a.status, 400);
  assert.equal(b.status, 400);
  assert.equal(b.headers.get('x-cache'), null);
});

test('POST /warmup: 401 without or with a wrong token, 405 for GET', async () => {
  assert.equal((await get('/warmup', { method: 'POST' })).status, 401);
  const wrong = await get('/warmup', { method: 'POST', headers: { authorization: 'Bearer nope' } });
  assert.equal(wrong.status, 401);
  assert.equal(JSON.parse(wrong.body).error.code, 'unauthorized');
  assert.equal((await get('/warmup', { headers: { authorization: `Bearer ${TOKEN}` } })).status, 405);
});

test('POST /warmup with the token renders the configured URLs into the cache', async () => {
  const r = await get('/warmup', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(r.status, 200);
  const report = JSON.parse(r.body);
  assert.equal(report.event, 'prewarm');
  assert.equal(report.trigger, 'http');
  assert.equal(report.renders, 2);
  assert.deepEqual(report.failed, []);
  assert.equal(report.cache.stored + report.cache.present, 2);
  assert.ok(report.faces_parsed.includes('NotoSans-Regular-Core.ttf'), report.faces_parsed);
  const warmed = await get('/heart.png?size=77');
  assert.equal(warmed.headers.get('x-cache'), 'HIT', 'the first request for a warmed URL is a hit');
  const again = await get('/warmup', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(JSON.parse(again.body).cache.present, 2);
});

test('the scheduled handler fills the cache too', async () => {
  // A URL set the HTTP warm-up has not touched: restart with another list.
  const other = await startWorker({ vars: { WARMUP_URLS: '/heart.svg?size=99' } });
  try {
    assert.equal((await get('/warmup', { method: 'POST' }, other)).status, 404, 'no token: the route is off');
    const r = await get('/__scheduled?cron=*/15+*+*+*+*', {}, other);
    assert.equal(r.status, 200);
    let line;
    for (let i = 0; i < 50 && !line; i++) {
      line = other.log().split('\n').find((l) => l.includes('"event":"prewarm"'));
      if (!line) await new Promise((res) => setTimeout(res, 100));
    }
    const report = JSON.parse(line.slice(line.indexOf('{')));
    assert.equal(report.cache.stored, 1);
    const hit = await get('/heart.svg?size=99', {}, other);
    assert.equal(hit.headers.get('x-cache'), 'HIT');
    assert.match(hit.headers.get('content-security-policy'), /default-src 'none'/);
  } finally {
    await other.stop();
  }
});

test('a panic is logged and answered as a JSON 500, and the worker recovers', async () => {
  const probe = await startWorker({ vars: { PANIC_PROBE: '1' } });
  try {
    const r = await get('/__panic', {}, probe);
    assert.equal(r.status, 500);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(JSON.parse(r.body), { error: { code: 'internal', message: 'internal error' } });
    const after = await get('/heart.png?size=64', {}, probe);
    assert.equal(after.status, 200, 'the next request is served');
    assert.ok(probe.log().includes('"event":"panic"'), probe.log());
    // Without the variable the probe route does not exist.
    assert.equal((await get('/__panic')).status, 404);
  } finally {
    await probe.stop();
  }
});
