// End-to-end: signed URLs (SIGNING_KEY, SIGNING_KEY_PREVIOUS) and the one
// log line per render, in `wrangler dev`. The signer is the README's own
// JavaScript (its Signing section's block, extracted and run here), so the
// documentation cannot drift from the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startWorker } from './harness.mjs';

const KEY = 'e2e-key-' + process.pid;
const OLD = 'e2e-old-key';
// A client address the log must never show.
const CLIENT = '203.0.113.77';

// The README's signUrl, loaded as a module.
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const block = readme.match(/```js\n(\/\/ signUrl\([\s\S]*?)```/);
assert.ok(block, 'README.md has the signUrl block in its Signing section');
const { signUrl } = await import('data:text/javascript,' + encodeURIComponent(`${block[1]}\nexport { signUrl };`));

let worker;
// Every request that reached drawing (got past parsing and signing).
let renders = 0;

before(async () => {
  worker = await startWorker({ vars: { SIGNING_KEY: KEY, SIGNING_KEY_PREVIOUS: OLD } });
});
after(async () => { await worker?.stop(); });

const get = (path, init = {}) =>
  worker.get(path, { ...init, headers: { 'cf-connecting-ip': CLIENT, ...(init.headers || {}) } });
// signUrl wants an absolute URL; the harness wants a path.
const signed = async (path, key = KEY, opts = {}) => {
  const u = new URL(await signUrl(worker.base + path, key, opts));
  return u.pathname + u.search;
};
const code = (r) => JSON.parse(r.body.toString()).error.code;

test('the README signer agrees with the Rust one (the same vector as src/sign.rs)', async () => {
  const u = new URL(await signUrl('https://x.dev/text.png?text=hi&size=64', 'test-key'));
  assert.equal(u.searchParams.get('sig'), '26d10963b978447da182b4938aa24182b707174d0ecb26880ae4c42922e99ccb');
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  for (const [url, exp] of [['https://x.dev/text.png?size=64&text=caf%C3%A9+%26+cr%C3%A8me', 0], ['https://x.dev/heart.png', 1900000000]]) {
    const args = ['sign', url, '--key', KEY, ...(exp ? ['--exp', String(exp)] : [])];
    const fromCli = new URL(execFileSync(cli, args).toString().trim()).searchParams.get('sig');
    const fromJs = new URL(await signUrl(url, KEY, { exp })).searchParams.get('sig');
    assert.equal(fromJs, fromCli, url);
  }
});

test('without a signature a render is 401; pages stay public', async () => {
  for (const [path, init] of [
    ['/heart.png?size=64', {}],
    ['/text.png?text=hi', {}],
    ['/render.png?tree=e30', {}],
    ['/text.png', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' }],
  ]) {
    const r = await get(path, init);
    assert.equal(r.status, 401, path);
    assert.equal(code(r), 'signature_required', path);
    assert.match(r.headers.get('content-type'), /^application\/json/);
  }
  for (const path of ['/health', '/']) assert.equal((await get(path)).status, 200, path);
});

test('a signed URL draws; reordered, re-escaped or re-signed with exp it is the same cache entry', async () => {
  const url = await signed('/text.png?text=signed%20card&size=40&color=navy');
  const first = await get(url);
  renders++;
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('content-type'), 'image/png');
  assert.equal(first.headers.get('x-cache'), 'MISS');
  const sig = new URL(worker.base + url).searchParams.get('sig');
  // The same parameters in another order and spelling, the same sig.
  const reordered = `/text.png?sig=${sig}&color=navy&size=40&text=signed+card`;
  let again;
  for (let i = 0; i < 30; i++) { // the store runs after the answer
    again = await get(reordered);
    renders++;
    if (again.headers.get('x-cache') === 'HIT') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(again.status, 200);
  assert.equal(again.headers.get('x-cache'), 'HIT');
  assert.equal(again.headers.get('etag'), first.headers.get('etag'));
  assert.deepEqual(again.body, first.body);
  // Signed with an expiry, and in base64url: still the one entry.
  const withExp = await signed('/text.png?color=navy&text=signed%20card&size=40', KEY, { exp: Math.floor(Date.now() / 1000) + 600 });
  const r = await get(withExp);
  renders++;
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-cache'), 'HIT');
  const b64 = Buffer.from(sig, 'hex').toString('base64url');
  const r2 = await get(`/text.png?text=signed+card&size=40&color=navy&sig=${b64}`);
  renders++;
  assert.equal(r2.status, 200);
  assert.equal(r2.headers.get('etag'), first.headers.get('etag'));
  // The image is cached now; without a signature, with a wrong one or an
  // expired one it is still refused, never served from the cache.
  const unsigned = await get('/text.png?text=signed%20card&size=40&color=navy');
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.headers.get('x-cache'), null);
  const wrong = await get(`/text.png?text=signed%20card&size=40&color=navy&sig=${'0'.repeat(64)}`);
  assert.equal(wrong.status, 403);
  assert.equal(code(wrong), 'signature_invalid');
  const expired = await signed('/text.png?color=navy&text=signed%20card&size=40', KEY, { exp: Math.floor(Date.now() / 1000) - 10 });
  const old = await get(expired);
  assert.equal(old.status, 403);
  assert.equal(code(old), 'signature_expired');
});

test('tampered, expired, unknown-key signatures are 403; the previous key is accepted', async () => {
  const url = await signed('/heart.png?size=90');
  const tampered = url.replace('size=90', 'size=91');
  let r = await get(tampered);
  assert.equal(r.status, 403);
  assert.equal(code(r), 'signature_invalid');
  r = await get(await signed('/heart.png?size=90', 'not-the-key'));
  assert.equal(r.status, 403);
  assert.equal(code(r), 'signature_invalid');
  r = await get(await signed('/heart.png?size=90', KEY, { exp: Math.floor(Date.now() / 1000) - 10 }));
  assert.equal(r.status, 403);
  assert.equal(code(r), 'signature_expired');
  r = await get(await signed('/heart.png?size=90', OLD));
  renders++;
  assert.equal(r.status, 200);
  r = await get(await signed('/heart.png?size=92'), { method: 'HEAD' });
  renders++;
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 0);
});

test('a POST signs its body', async () => {
  const body = JSON.stringify({ text: 'posted', size: 30 });
  const url = await signed('/text.png', KEY, { body });
  const post = (b) => get(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b });
  const r = await post(body);
  renders++;
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  const other = await post(JSON.stringify({ text: 'posteD', size: 30 }));
  assert.equal(other.status, 403);
  assert.equal(code(other), 'signature_invalid');
});

test('one JSON log line per render, with the documented fields and no client address', async () => {
  // Lines reach the log shortly after the answers.
  let lines = [];
  for (let i = 0; i < 50; i++) {
    lines = worker.log().split('\n').filter((l) => l.includes('"event":"render"'));
    if (lines.length >= renders) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(lines.length, renders, lines.join('\n'));
  const fields = ['event', 'route', 'method', 'status', 'cache', 'phases', 'bytes', 'faces_parsed', 'font_bytes', 'memory_bytes'];
  const seen = new Set();
  for (const line of lines) {
    assert.ok(!line.includes(CLIENT), line);
    const v = JSON.parse(line.slice(line.indexOf('{')));
    assert.deepEqual(Object.keys(v).sort(), [...fields].sort(), line);
    assert.equal(v.event, 'render');
    assert.ok(['heart', 'text'].includes(v.route), line);
    assert.ok(['GET', 'HEAD', 'POST'].includes(v.method), line);
    assert.ok(['HIT', 'MISS'].includes(v.cache), line);
    assert.equal(typeof v.phases, 'object');
    for (const ms of Object.values(v.phases)) assert.equal(typeof ms, 'number');
    assert.ok(Number.isInteger(v.bytes) && v.bytes >= 0);
    assert.ok(Number.isInteger(v.faces_parsed) && Number.isInteger(v.font_bytes));
    assert.ok(v.memory_bytes > 1 << 20, line);
    seen.add(`${v.route} ${v.method} ${v.status} ${v.cache}`);
    if (v.cache === 'MISS' && v.method !== 'HEAD' && v.status === 200) {
      assert.ok('parse' in v.phases && 'encode' in v.phases, line);
      assert.ok(v.bytes > 0, line);
    }
  }
  for (const want of ['text GET 200 MISS', 'text GET 200 HIT', 'text POST 200 MISS', 'heart HEAD 200 MISS']) {
    assert.ok(seen.has(want), `${want} in ${[...seen]}`);
  }
});

test('RENDER_LOG=off prints no render line (the benchmarks run so)', async () => {
  const quiet = await startWorker({ vars: { RENDER_LOG: 'off', EDGE_CACHE: 'off' } });
  try {
    for (const path of ['/heart.png?size=64', '/text.png?text=quiet']) {
      const r = await quiet.get(path);
      assert.equal(r.status, 200, path);
    }
    // The lines of the other worker above arrived within a second of their
    // answers; give these as long.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!quiet.log().includes('"event":"render"'), quiet.log());
  } finally {
    await quiet.stop();
  }
});
