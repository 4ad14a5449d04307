// End-to-end: what a hostile client sends (issue 12's list), in `wrangler dev`
// (workerd). Every answer must be a 2xx, or a 4xx whose body is the JSON
// error (`{"error":{"code":…}}`) — never a 5xx, a dropped connection or a
// hang. A request that takes longer than HANG_MS fails as a hang; the
// slowest answer of the run is printed (a number for the benchmark, not an
// assertion: the machines are shared).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startWorker } from './harness.mjs';

const HANG_MS = 10_000;
let worker;
const slowest = { ms: 0, what: '' };

before(async () => { worker = await startWorker(); });
after(async () => {
  console.log(`# hostile: slowest answer ${slowest.ms.toFixed(0)} ms (${slowest.what.slice(0, 100)})`);
  await worker?.stop();
});

/** Any request, sent as written (method, raw path, headers, body). */
function send(method, path, { headers = {}, body } = {}) {
  const url = new URL(worker.base);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method, headers, timeout: HANG_MS },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => {
          const ms = performance.now() - t0;
          if (ms > slowest.ms) Object.assign(slowest, { ms, what: `${method} ${path}` });
          worker.statuses.push([`${method} ${path}`, res.statusCode]);
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${HANG_MS} ms: ${method} ${path.slice(0, 200)}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The answer is a 2xx, or a 4xx (in `allowed`, when given) with a JSON error code. */
function acceptable(r, what, allowed) {
  assert.ok(r.status < 500, `${what}: HTTP ${r.status} ${r.body.toString().slice(0, 200)}`);
  if (r.status >= 400) {
    if (allowed) assert.ok(allowed.includes(r.status), `${what}: HTTP ${r.status}, expected one of ${allowed}`);
    if (r.status === 404 || r.status === 405 || r.status === 304) return;
    let json;
    assert.doesNotThrow(() => { json = JSON.parse(r.body.toString()); }, `${what}: not JSON: ${r.body.toString().slice(0, 100)}`);
    assert.equal(typeof json.error?.code, 'string', `${what}: no error code in ${r.body.toString().slice(0, 200)}`);
  }
}

/** A 4xx with a JSON error code (the request is refused, not drawn). */
function refused(r, what) {
  assert.ok(r.status >= 400 && r.status < 500, `${what}: HTTP ${r.status}, expected a 4xx`);
  acceptable(r, what);
}

const enc = encodeURIComponent;
const BAD_NUMBERS = ['', '-1', '-0', 'NaN', 'nan', 'Infinity', '-Infinity', '1e308', '-1e308', '1e-308',
  '99999999999999999999999999', '0x10', '1_000', '12px', ' 12', '12 ', '1.5.5', '+', '٣', '１２'];

const NUMERIC = [
  ['/heart.png', ['size', 'dpr', 'stroke']],
  ['/heart.apng', ['frames', 'fps']],
  ['/heart.txt', ['cols', 'rows']],
  ['/text.png?text=hi', ['size', 'sizes', 'width', 'height', 'padding', 'line_height', 'max_lines', 'dpr']],
];

test('every numeric parameter: huge, negative, NaN, 1e308, empty, malformed and repeated values', async () => {
  for (const [route, params] of NUMERIC) {
    const join = route.includes('?') ? '&' : '?';
    for (const p of params) {
      for (const v of BAD_NUMBERS) {
        const path = `${route}${join}${p}=${enc(v)}`;
        const r = await send('GET', path);
        // '+' decodes to a space; a few forms are numbers to a lenient
        // reader. What matters: an answer, and a JSON 4xx when refused.
        acceptable(r, path, [400, 422]);
      }
      for (const v of ['NaN', '-1', '1e308', '']) {
        const path = `${route}${join}${p}=${enc(v)}`;
        refused(await send('GET', path), path);
      }
      const repeated = `${route}${join}${p}=2&${p}=2`;
      const r = await send('GET', repeated);
      refused(r, repeated);
      assert.equal(r.status, 400, repeated);
    }
  }
});

test('bad percent-escapes, invalid UTF-8, control characters and NUL in the query', async () => {
  const texts = ['%', '%z', '%zz', '%4', '%FF', '%C0%80', '%ED%A0%80', '%F4%90%80%80', '%00', '%01%02%1B[31m',
    '%E2%80%AE', 'a%0Db%0Ac%09d', '%25%25%25', `${'%41'.repeat(2000)}`];
  for (const t of texts) {
    for (const route of ['/text.png?text=', '/heart.png?text=', '/text.png?text=hi&color=']) {
      const path = route + t;
      acceptable(await send('GET', path), path, [400, 414, 422]);
    }
  }
  // A parameter name that is itself garbage.
  for (const q of ['%FF=1', '=1', '&&&', '?', 'text', 'text=hi&=&=', `${'a'.repeat(3000)}=1`]) {
    acceptable(await send('GET', `/text.png?${q}`), q, [400, 414, 422]);
  }
});

test('long texts: 10,000 characters, 2,000 combining marks, bidi overrides, ZWJ chains', async () => {
  const cases = {
    'ten thousand letters': 'a'.repeat(10_000),
    'two thousand hanzi': '字'.repeat(2000),
    'two thousand marks on one base': `e${'\u0301'.repeat(2000)}`,
    'marks alone': '\u0301\u0308\u0327'.repeat(600),
    'bidi overrides nested': '\u202E\u202D'.repeat(500) + 'abc',
    'isolates unclosed': '\u2067\u2066\u2068'.repeat(600),
    'ZWJ chain': '👨\u200D'.repeat(600),
    'regional indicators': '🇫'.repeat(1500),
    'variation selectors': `a${'\uFE0F'.repeat(1900)}`,
    'tag characters': `🏴${'\u{E0067}'.repeat(900)}`,
    'lone surrogate escapes as text': '\\uD800'.repeat(300),
    'newlines only': '\n'.repeat(1999),
  };
  for (const [name, text] of Object.entries(cases)) {
    for (const extra of ['', '&width=300&fit=true', '&max_lines=2&width=200']) {
      const path = `/text.png?text=${enc(text)}${extra}`;
      const r = await send(path.length > 8000 ? 'POST' : 'GET', path.length > 8000 ? '/text.png' : path,
        path.length > 8000
          ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text, ...(extra ? Object.fromEntries(new URLSearchParams(extra.slice(1))) : {}) }) }
          : {});
      acceptable(r, `${name}${extra}`, [400, 413, 414, 422]);
    }
  }
});

test('JSON bodies: deep, wide, wrong types, duplicates, not JSON, lying Content-Type', async () => {
  const post = (path, body, type = 'application/json') =>
    send('POST', path, { headers: { 'content-type': type }, body });
  const deep = (n) => '['.repeat(n) + ']'.repeat(n);
  const deepObj = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const bodies = [
    deep(10_000), deepObj(5_000), deep(127), deepObj(129),
    `{"text":"hi",${Array.from({ length: 3000 }, (_, i) => `"k${i}":1`).join(',')}}`,
    JSON.stringify({ text: ['a', 'b'] }), JSON.stringify({ text: { a: 1 } }), JSON.stringify({ text: 12 }),
    JSON.stringify({ text: 'hi', size: 'big' }), JSON.stringify({ text: 'hi', size: [1, 2] }), JSON.stringify({ text: null }),
    JSON.stringify({ text: 'hi', size: 1e308 }), '{"text":"hi","size":1e999}', '{"text":"hi","size":-0}',
    '{"text":"hi","text":"ho"}', '{"text":"\\ud800"}', '{"text":"hi"', '"text"', 'null', '[]', '', ' ',
    '\u0000', '\uFEFF{"text":"hi"}', '{"text":"hi"}garbage', Buffer.from([0xff, 0xfe, 0x00]),
  ];
  for (const path of ['/text.png', '/render', '/heart.png']) {
    for (const body of bodies) acceptable(await post(path, body), `${path} ${String(body).slice(0, 40)}`, [400, 405, 413, 415, 422]);
    acceptable(await post(path, '{"text":"hi"}', 'text/plain'), `${path} text/plain`, [400, 405, 415]);
    acceptable(await post(path, '{"text":"hi"}', 'application/json; charset=latin1'), `${path} charset`, [400, 405, 415]);
  }
  // A declared length over the limit, and a body that really is over it.
  acceptable(await post('/text.png', 'x'.repeat(20_000)), 'long body', [400, 413]);
  acceptable(await post('/render', `{"element":"${'x'.repeat(300_000)}"}`), 'long scene body', [400, 413]);
});

test('scene trees: deep, wide, wrong types, hostile lengths and images', async () => {
  const render = (scene) => send('POST', '/render', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(scene) });
  const nest = (n) => {
    let el = 'x';
    for (let i = 0; i < n; i++) el = { type: 'div', props: { children: el } };
    return el;
  };
  const scenes = {
    'depth 10,000 (as text, past the JSON reader)': null,
    'depth 40': { width: 200, height: 100, element: nest(40) },
    'wide 100,000 nodes': null,
    'wide 2,001': { width: 200, height: 100, element: { type: 'div', props: { children: Array(2001).fill('a') } } },
    'NaN-like lengths': { width: 200, height: 100, element: { type: 'div', props: { style: { width: 'NaN', height: '1e308px', padding: -5 } } } },
    'calc()': { width: 200, height: 100, element: { type: 'div', props: { style: { width: 'calc(100% - 10px)' } } } },
    'unknown unit': { width: 200, height: 100, element: { type: 'div', props: { style: { width: '10furlongs' } } } },
    'huge canvas': { width: 1e9, height: 1e9, element: 'x' },
    'zero canvas': { width: 0, height: 0, element: 'x' },
    'wrong types': { width: '200', height: [1], element: { type: 7, props: 'no' } },
    'unknown tag': { width: 200, height: 100, element: { type: 'script', props: {} } },
    'remote image': { width: 200, height: 100, element: { type: 'img', props: { src: 'https://example.com/a.png', width: 10, height: 10 } } },
    'image lying about its type': { width: 200, height: 100, element: { type: 'img', props: { src: `data:image/png;base64,${Buffer.from('GIF89a not a png').toString('base64')}`, width: 10, height: 10 } } },
    'image 1 x 100,000 header': { width: 200, height: 100, element: { type: 'img', props: { src: `data:image/png;base64,${tallPngHeader().toString('base64')}`, width: 10, height: 10 } } },
    'broken base64': { width: 200, height: 100, element: { type: 'img', props: { src: 'data:image/png;base64,@@@@', width: 10, height: 10 } } },
    'missing asset': { width: 200, height: 100, element: { type: 'img', props: { src: 'asset:../../etc/passwd', width: 10, height: 10 } } },
    'circular-looking shape': { width: 200, height: 100, element: { type: 'div', props: { children: { type: 'div', props: { children: { type: 'div', props: { children: 'loop', key: 'a' } }, key: 'a' } } } } },
    'transform soup': { width: 200, height: 100, element: { type: 'div', props: { style: { transform: 'rotate(1e308deg) scale(1e30) translate(NaN)' } } } },
    'shadow soup': { width: 200, height: 100, element: { type: 'div', props: { style: { boxShadow: '0 0 1e9px 1e9px red', width: 50, height: 50 } } } },
  };
  for (const [name, scene] of Object.entries(scenes)) {
    if (!scene) continue;
    acceptable(await render(scene), name, [400, 413, 422]);
  }
  const deep = '{"type":"div","props":{"children":'.repeat(10_000) + '"x"' + '}}'.repeat(10_000);
  acceptable(await send('POST', '/render', { headers: { 'content-type': 'application/json' }, body: `{"width":200,"height":100,"element":${deep}}` }), 'depth 10,000', [400, 413]);
  const wide = `{"width":200,"height":100,"element":{"type":"div","props":{"children":[${Array(100_000).fill('"a"').join(',')}]}}}`;
  acceptable(await send('POST', '/render', { headers: { 'content-type': 'application/json' }, body: wide }), 'wide 100,000', [400, 413, 422]);
  // The same trees through the URL form.
  for (const name of ['calc()', 'huge canvas', 'remote image']) {
    const tree = Buffer.from(JSON.stringify(scenes[name])).toString('base64url');
    acceptable(await send('GET', `/render.png?tree=${tree}`), `GET ${name}`, [400, 422]);
  }
  for (const tree of ['', '!!!', 'e30', '%FF', 'A'.repeat(9000)]) {
    acceptable(await send('GET', `/render.png?tree=${tree}`), `tree=${tree.slice(0, 10)}`, [400, 414]);
  }
});

/** A PNG signature and IHDR claiming 1 × 100,000 pixels, and nothing else. */
function tallPngHeader() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), len, Buffer.from('IHDR'), ihdr, Buffer.alloc(4)]);
}

test('odd methods, paths and headers', async () => {
  // (A method token workerd does not know — `CONNECT_`, `XXXX…` — is
  // answered by the runtime itself, 501 "Unrecognized request method",
  // before any worker runs: not ours to test.)
  for (const method of ['PROPFIND', 'TRACE', 'MKCOL', 'DELETE', 'PATCH', 'OPTIONS', 'LOCK', 'SEARCH']) {
    acceptable(await send(method, '/text.png?text=hi'), method, [400, 405, 501]);
  }
  const paths = ['/../../etc/passwd', '/%2e%2e/%2e%2e', '//text.png?text=hi', '/text.png/../heart.png', '/heart.png;x=1',
    '/text.png%00', `/${'a'.repeat(9000)}`, '/text.png?' + 'text=a&'.repeat(1500), '/\u00e9', '/health/../health', '/favicon.ico'];
  for (const p of paths) acceptable(await send('GET', p.replace(/[^\x21-\x7e]/g, enc)), p.slice(0, 40), [400, 404, 405, 414]);
  const headers = {
    'if-none-match': '"x"'.repeat(2000),
    'content-type': 'application/json'.repeat(100),
    accept: '*/*,'.repeat(1000),
    'x-junk': 'y'.repeat(8000),
    'cf-connecting-ip': 'not an ip',
  };
  for (const [k, v] of Object.entries(headers)) {
    acceptable(await send('GET', '/text.png?text=hi', { headers: { [k]: v } }), `header ${k}`, [400, 413, 431]);
  }
  acceptable(await send('GET', '/heart.png', { headers: { 'if-none-match': '*' } }), 'If-None-Match *');
});

test('no request in this run was answered with a 5xx', () => {
  assert.ok(worker.statuses.length > 500, `only ${worker.statuses.length} requests were made`);
  assert.deepEqual(worker.statuses.filter(([, s]) => s >= 500), []);
});
