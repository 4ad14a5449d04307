// End-to-end: drop-in URLs in `wrangler dev` (workerd) — placehold.co's
// grammar (/{W}x{H}…) and ui-avatars' (/api/…), with URLs as those
// services' docs write them (placehold.co's as mirrored in public repos,
// ui-avatars' from ui-avatars.com's page, index.html of
// github.com/LasseRafn/ui-avatars); the worker's bytes are the CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startWorker } from './harness.mjs';

let worker;
const get = (path, init) => worker.get(path, init);

before(async () => { worker = await startWorker({ vars: { EDGE_CACHE: 'off' } }); });
after(async () => { await worker?.stop(); });

function cli(route) {
  const bin = process.env.EDGE_RENDER_CLI;
  assert.ok(bin, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const run = spawnSync(bin, [route], { maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr?.toString());
  return run.stdout;
}

function pngSize(buf) {
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('placehold.co URLs: SVG by default, PNG by /png or .png, the CLI\'s bytes', async () => {
  const cases = [
    ['/600x400', 'image/svg+xml', null],
    ['/600x400/png', 'image/png', [600, 400]],
    ['/600x400.png', 'image/png', [600, 400]],
    ['/600x400@2x.png', 'image/png', [1200, 800]],
    ['/600x400/000000/FFFFFF', 'image/svg+xml', null],
    ['/600x400/000000/FFFFFF/png', 'image/png', [600, 400]],
    ['/600x400/orange/white/png', 'image/png', [600, 400]],
    ['/600x400/png?text=Hello+World', 'image/png', [600, 400]],
    ['/600x400/png?text=Hello\\nWorld', 'image/png', [600, 400]],
    ['/600x400/png?font=lora', 'image/png', [600, 400]],
    ['/600x400/svg?font=roboto&text=Hi', 'image/svg+xml', null],
    ['/400', 'image/svg+xml', null],
    ['/600x400/transparent/F00', 'image/svg+xml', null],
    ['/600x400/000000/FFFFFF.png', 'image/png', [600, 400]],
    ['/800?text=Hello+World&font=roboto', 'image/svg+xml', null],
    ['/1200x400@2x.png?text=Hero+Banner&font=montserrat', 'image/png', [2400, 800]],
  ];
  for (const [url, type, size] of cases) {
    const r = await get(url);
    assert.equal(r.status, 200, `${url}: ${r.body}`);
    assert.equal(r.headers.get('content-type'), type, url);
    assert.ok(r.headers.get('etag'), url);
    if (size) assert.deepEqual(pngSize(r.body), size, url);
    else assert.match(r.headers.get('content-security-policy'), /default-src 'none'/, url);
    assert.deepEqual(r.body, cli(url.slice(1)), `${url}: worker and CLI agree`);
  }
  // placehold.co's defaults: "W × H" in #999999 on #DDDDDD.
  const svg = String((await get('/600x400')).body);
  assert.ok(svg.includes('>600 × 400</tspan>'), svg);
  assert.ok(svg.includes('<rect width="600" height="400" fill="#dddddd"/>'), svg);
  assert.ok(svg.includes('fill="#999999"'), svg);
});

test('ui-avatars URLs: PNG, SVG by format or Accept, the CLI\'s bytes', async () => {
  const cases = [
    '/api/?name=John+Doe',
    '/api/?background=0D8ABC&color=fff',
    '/api/?name=John+Doe&background=random',
    '/api/?name=John+Doe&size=128&rounded=true&bold=true',
    '/api/?name=John+Doe&length=1&font-size=0.33&uppercase=false',
    '/api/John+Doe/128/0D8ABC/fff/2/0.33/true/true/true/png',
    '/api/?name=%E7%8E%8B%E5%B0%8F%E6%98%8E',
    '/api/?name=%EA%B9%80%EB%AF%BC%EC%A4%80&background=random',
    // The rest of ui-avatars.com's examples, as its page writes them.
    '/api/?background=random',
    '/api/?size=128',
    '/api/?font-size=0.33',
    '/api/?length=1',
    '/api/?name=Elon+Musk',
    '/api/?rounded=true',
    '/api/?bold=true',
    '/api/?background=a0a0a0',
    '/api/?color=ff0000',
    '/api/?uppercase=false&name=different+Case',
    '/api/Lasse+Rafn/128',
  ];
  for (const url of cases) {
    const r = await get(url);
    assert.equal(r.status, 200, `${url}: ${r.body}`);
    assert.equal(r.headers.get('content-type'), 'image/png', url);
    assert.equal(r.headers.get('x-missing-glyphs'), '0', url);
    assert.deepEqual(r.body, cli(url.slice(1)), `${url}: worker and CLI agree`);
  }
  const svg = await get('/api/?name=John+Doe&format=svg');
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  assert.ok(String(svg.body).includes('>JD</tspan>'));
  // ui-avatars' defaults: 222 on ddd, font-size 0.4375 × 64 = 28.
  for (const part of ['fill="#dddddd"', 'fill="#222222"', 'font-size="28"']) {
    assert.ok(String(svg.body).includes(part), `${part} in ${svg.body}`);
  }
  // Numbers out of range are brought in range, an unknown format is chosen
  // by Accept, as ui-avatars does.
  assert.deepEqual(pngSize((await get('/api/?name=a&size=4000')).body), [512, 512]);
  assert.deepEqual(pngSize((await get('/api/?name=a&size=8')).body), [16, 16]);
  const gif = await get('/api/?name=a&format=gif');
  assert.equal(gif.headers.get('content-type'), 'image/png');
  assert.equal(gif.headers.get('vary'), 'Accept');
  const negotiated = await get('/api/?name=John+Doe', { headers: { accept: 'image/svg+xml' } });
  assert.equal(negotiated.headers.get('content-type'), 'image/svg+xml');
  assert.equal(negotiated.headers.get('vary'), 'Accept');
  assert.deepEqual(negotiated.body, svg.body);
  const png = await get('/api/?name=John+Doe', { headers: { accept: 'image/png' } });
  assert.equal(png.headers.get('content-type'), 'image/png');
  assert.equal(png.headers.get('vary'), 'Accept');
  const a = await get('/api/?name=Ada&background=random&format=svg');
  const b = await get('/api/?name=Ada&background=random&format=svg');
  assert.deepEqual(a.body, b.body, 'random is deterministic per name');
});

test('limits and bad input: JSON 4xx naming the parameter', async () => {
  const cases = [
    ['/3000x400', 400, 'size'],
    ['/2048x2048@3x', 422, 'size'],
    ['/800@3x.png', 422, 'size'],
    ['/600x400/jpeg', 400, 'format'],
    ['/600x400?font=comic-sans', 400, 'font'],
    ['/600x400/zzz/fff', 400, 'bg'],
    ['/api/?name=a&size=big', 400, 'size'],
    ['/api/?name=a&font-size=half', 400, 'font-size'],
    ['/api/?name=a&background=nope', 400, 'background'],
    ['/api/?name=' + 'x'.repeat(201), 400, 'name'],
  ];
  for (const [url, status, param] of cases) {
    const r = await get(url);
    assert.equal(r.status, status, url);
    const { error } = JSON.parse(r.body);
    assert.equal(error.param, param, url);
  }
});
