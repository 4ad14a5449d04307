// End-to-end: templates (/og/<name>.png, /templates) in `wrangler dev`
// (workerd), with the edge cache on: the same answer contract as the other
// render routes, and the native CLI's bytes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startWorker } from './harness.mjs';

let worker;
const get = (path, init) => worker.get(path, init);

before(async () => { worker = await startWorker(); });
after(async () => { await worker?.stop(); });

// The store runs after the answer (waitUntil): asks again until a HIT.
async function untilHit(ask) {
  let reply;
  for (let i = 0; i < 30; i++) {
    reply = await ask();
    if (reply.headers.get('x-cache') === 'HIT') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return reply;
}

function cli(route) {
  const bin = process.env.EDGE_RENDER_CLI;
  assert.ok(bin, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const run = spawnSync(bin, [route], { maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr?.toString());
  return run.stdout;
}

test('/templates lists every template with its parameters', async () => {
  const r = await get('/templates');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  const { templates } = JSON.parse(r.body);
  const names = templates.map((t) => t.name);
  for (const n of ['article-zh', 'blog', 'event', 'product', 'quote']) assert.ok(names.includes(n), n);
  for (const t of templates) {
    assert.equal(t.path, `/og/${t.name}.png`);
    const theme = t.params.find((p) => p.name === 'theme');
    assert.deepEqual(theme.values, ['dark', 'light'], t.name);
  }
});

test('every template in both themes: a PNG, the bytes the CLI writes', async () => {
  const { templates } = JSON.parse((await get('/templates')).body);
  for (const t of templates) {
    for (const theme of ['light', 'dark']) {
      const route = `og/${t.name}.png?theme=${theme}`;
      const r = await get('/' + route);
      assert.equal(r.status, 200, `${route}: ${r.body}`);
      assert.equal(r.headers.get('content-type'), 'image/png');
      assert.equal(r.headers.get('x-missing-glyphs'), '0', route);
      assert.equal(r.headers.get('x-unsupported-style'), null, route);
      assert.deepEqual(r.body, cli(route), `${route}: worker and CLI agree`);
    }
  }
});

test('the answer contract: MISS then HIT, ETag, 304, POST fields, Server-Timing', async () => {
  const url = '/og/blog.png?title=Hi%20from%20e2e&author=Grace%20Hopper&avatar=portrait-2.png&theme=dark';
  const miss = await get(url);
  assert.equal(miss.status, 200, String(miss.body));
  assert.equal(miss.headers.get('x-cache'), 'MISS');
  assert.match(miss.headers.get('server-timing'), /^parse;dur=[\d.]+, cache;desc="miss";dur=[\d.]+, .*font.*layout.*raster.*encode/);
  assert.equal(miss.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const tag = miss.headers.get('etag');
  assert.match(tag, /^"[0-9a-f]+"$/);
  const hit = await untilHit(() => get(url));
  assert.equal(hit.headers.get('x-cache'), 'HIT');
  assert.equal(hit.headers.get('etag'), tag);
  assert.deepEqual(hit.body, miss.body);
  const notModified = await get(url, { headers: { 'if-none-match': tag } });
  assert.equal(notModified.status, 304);
  const post = await get('/og/blog.png', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Hi from e2e', author: 'Grace Hopper', avatar: 'portrait-2.png', theme: 'dark' }),
  });
  assert.equal(post.status, 200);
  assert.equal(post.headers.get('etag'), tag, 'a POST of the same fields is the same image');
  assert.deepEqual(post.body, miss.body);
  assert.deepEqual(miss.body, cli(url.slice(1)), 'the CLI writes the same bytes');
  const head = await get(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
});

test('a slot value is text: a JSON-looking title draws as text', async () => {
  const title = '"}]},{"type":"img","props":{"src":"https://example.com/x.png"}}';
  const r = await get('/og/quote.png?quote=' + encodeURIComponent(title));
  assert.equal(r.status, 200, String(r.body));
  assert.equal(r.headers.get('x-missing-glyphs'), '0');
});

test('bad requests: JSON errors naming the parameter', async () => {
  const cases = [
    ['/og/blog.png?colour=red', 400, 'unknown_param', 'colour'],
    ['/og/blog.png?theme=neon', 400, 'bad_param', 'theme'],
    ['/og/blog.png?accent=%23zzz', 400, 'bad_param', 'accent'],
    ['/og/blog.png?avatar=nope.png', 400, 'bad_param', 'avatar'],
    ['/og/blog.png?title=' + 'x'.repeat(161), 400, 'bad_param', 'title'],
    ['/og/missing.png', 404, 'not_found', undefined],
  ];
  for (const [url, status, code, param] of cases) {
    const r = await get(url);
    assert.equal(r.status, status, url);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8', url);
    const { error } = JSON.parse(r.body);
    assert.equal(error.code, code, url);
    assert.equal(error.param, param, url);
  }
  const put = await get('/og/blog.png', { method: 'PUT' });
  assert.equal(put.status, 405);
});
