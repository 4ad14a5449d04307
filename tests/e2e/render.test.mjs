// End-to-end: scenes (/render) in `wrangler dev` (workerd), over HTTP, with
// the edge cache off so that every answer is a fresh render.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from './harness.mjs';
import { png } from './png.mjs';

const scenes = join(dirname(fileURLToPath(import.meta.url)), '../../examples/scenes');
let worker;
const get = (path, init) => worker.get(path, init);
const post = (body, path = '/render') =>
  get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
const b64url = (s) => Buffer.from(s).toString('base64url');

before(async () => { worker = await startWorker({ vars: { EDGE_CACHE: 'off' } }); });
after(async () => { await worker?.stop(); });

function pngSize(buf) {
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('every example card: both shapes, GET and POST, the worker and the CLI give one image', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const cards = readdirSync(scenes).filter((f) => f.endsWith('.satori.json')).map((f) => f.replace('.satori.json', ''));
  assert.ok(cards.length >= 20, cards.join());
  let viaGet = 0;
  for (const card of cards) {
    const satori = readFileSync(join(scenes, `${card}.satori.json`), 'utf8');
    const takumi = readFileSync(join(scenes, `${card}.takumi.json`), 'utf8');
    const a = await post(satori);
    assert.equal(a.status, 200, `${card}: ${a.body}`);
    assert.equal(a.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(a.body), [1200, 630], card);
    assert.match(a.headers.get('server-timing'), /^parse;dur=[\d.]+, (asset;desc="[^"]*";dur=[\d.]+, )?font(;desc="[^"]+")?;dur=[\d.]+, layout;dur=[\d.]+, decode;dur=[\d.]+, raster;dur=[\d.]+, encode;dur=[\d.]+$/);
    assert.equal(a.headers.get('x-missing-glyphs'), '0', card);
    const b = await post(takumi);
    assert.equal(b.headers.get('etag'), a.headers.get('etag'), `${card}: one canonical form for both shapes`);
    assert.deepEqual(b.body, a.body, `${card}: both shapes draw the same bytes`);
    const again = await post(satori);
    assert.deepEqual(again.body, a.body, `${card}: deterministic`);
    // A GET carries the tree in the URL: a card whose URL is over
    // MAX_URL_BYTES (path + query, 8192) is a 414 there, and a POST only.
    const url = '/render.png?tree=' + b64url(JSON.stringify(JSON.parse(satori)));
    const g = await get(url);
    if (url.length - 1 <= 8192) {
      assert.equal(g.status, 200, card);
      assert.deepEqual(g.body, a.body, `${card}: GET ?tree= is the POST`);
      viaGet++;
    } else {
      assert.equal(g.status, 414, `${card}: ${url.length} bytes of URL`);
      assert.equal(JSON.parse(g.body).error.code, 'uri_too_long');
    }
    const run = spawnSync(cli, ['render.png', '--body', join(scenes, `${card}.takumi.json`)], { maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr?.toString());
    assert.deepEqual(run.stdout, a.body, `${card}: CLI and worker agree`);
  }
  assert.ok(viaGet >= cards.length - 5, `${viaGet} of ${cards.length} cards fit a GET URL`);
});

test('mixed inline children are drawn as runs of their own style, as the CLI draws them', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  const para = (kids) => JSON.stringify({ width: 480, height: 120, element: { type: 'div', props: {
    style: { display: 'flex', width: '100%', height: '100%', padding: 16, backgroundColor: 'white', fontSize: 24 },
    children: [{ type: 'p', props: { style: { margin: 0, letterSpacing: 1, textAlign: 'justify' }, children: kids } }] } } });
  const mixed = para(['Plain, ', { type: 'b', props: { children: 'bold' } }, ' and ',
    { type: 'span', props: { style: { color: '#e11d48', fontSize: 40 }, children: 'red' } }, ' in one paragraph that wraps.']);
  const a = await post(mixed);
  assert.equal(a.status, 200, a.body.toString());
  assert.equal(a.headers.get('x-unsupported-style'), null, 'every run is drawn as asked');
  const plain = await post(para(['Plain, bold and red in one paragraph that wraps.']));
  assert.equal(plain.status, 200);
  assert.notDeepEqual(plain.body, a.body, 'the runs\' styles change the image');
  const run = spawnSync(cli, ['render.png', '--body', '-'], { input: mixed, maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr?.toString());
  assert.deepEqual(run.stdout, a.body, 'CLI and worker agree');
  const boxed = await post(para(['a ', { type: 'span', props: { style: { backgroundColor: 'red', color: 'blue' }, children: 'b' } }]));
  assert.equal(boxed.status, 200);
  assert.equal(boxed.headers.get('x-unsupported-style'), 'inline:backgroundColor');
});

test('keys reordered and spellings changed: one ETag', async () => {
  const a = await post(JSON.stringify({ width: 300, height: 200, element: { type: 'div', props: { style: { backgroundColor: 'red', width: '100%', height: '100%' } } } }));
  const b = await post(JSON.stringify({ element: { props: { style: { height: '100%', width: '100%', backgroundColor: '#ff0000' } }, type: 'div' }, height: 200, width: 300, dpr: 1 }));
  assert.equal(a.status, 200, a.body.toString());
  assert.equal(b.headers.get('etag'), a.headers.get('etag'));
  assert.deepEqual(b.body, a.body);
});

test('errors point into the tree; remote images are refused; strict names unknown properties', async () => {
  const tree = (element, extra = {}) => JSON.stringify({ width: 400, height: 200, element, ...extra });
  const bad = await post(tree({ type: 'div', props: { children: [{ type: 'div', props: { style: { fontSize: 'huge' } } }] } }));
  assert.equal(bad.status, 400);
  const e = JSON.parse(bad.body).error;
  assert.equal(e.code, 'bad_scene');
  assert.equal(e.path, 'element.props.children[0].props.style.fontSize');
  const remote = await post(tree({ type: 'img', props: { src: 'https://example.com/a.png', width: 10, height: 10 } }));
  assert.equal(remote.status, 400);
  assert.equal(JSON.parse(remote.body).error.code, 'remote_image');
  assert.equal(JSON.parse(remote.body).error.path, 'element.props.src');
  const unknown = await post(tree({ type: 'div', props: { style: { fontVariantCaps: 'small-caps', width: 10 } } }));
  assert.equal(unknown.status, 200);
  assert.match(unknown.headers.get('x-unsupported-style'), /fontVariantCaps/);
  const strict = await post(tree({ type: 'div', props: { style: { fontVariantCaps: 'small-caps' } } }, { strict: true }));
  assert.equal(strict.status, 400);
  assert.match(JSON.parse(strict.body).error.message, /fontVariantCaps/);
  const tag = await post(tree({ type: 'marquee', props: {} }));
  assert.equal(tag.status, 400);
  assert.equal(JSON.parse(tag.body).error.path, 'element.type');
  const badTree = await get('/render.png?tree=%%%');
  assert.equal(badTree.status, 400);
  assert.equal(JSON.parse(badTree.body).error.param, 'tree');
});

test('weights and italics: 900 italic is Bold Italic, nothing reported, only the faces used parsed; serif italic is drawn upright and reported', async () => {
  const scene = (style, children = 'Hamburgefonstiv', extra = {}) =>
    JSON.stringify({ width: 400, height: 100, ...extra, element: { type: 'div', props: { style: { fontSize: 40, ...style }, children } } });
  // A worker of its own: which faces are parsed must not depend on the
  // tests before (the example cards use these weights).
  const fresh = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  const get = (path, init) => fresh.get(path, init);
  const post = (body) =>
    get('/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  try {
    const parsedFaces = async () =>
      Object.fromEntries(JSON.parse((await get('/health')).body).fonts.map((f) => [f.file, f.parsed]));
    // Each face is parsed by the first request that draws from it, and named
    // in that request's font phase.
    const drawsFrom = async (body, file) => {
      assert.equal((await parsedFaces())[file], false, `${file} parsed before it was used`);
      const r = await post(body);
      assert.equal(r.status, 200, r.body.toString());
      assert.equal(r.headers.get('x-unsupported-style'), null);
      const timing = r.headers.get('server-timing');
      assert.match(timing, new RegExp(`font;desc="${file.replace(/\./g, '\\.')}";dur=`), timing);
      return r;
    };
    // CSS font matching: italic first, then the nearer weight (900 → 700).
    const italic = await drawsFrom(scene({ fontWeight: 900, fontStyle: 'italic' }), 'NotoSans-BoldItalic-Core.ttf');
    const black = await drawsFrom(scene({ fontWeight: 900 }), 'NotoSans-Black-Core.ttf');
    assert.notDeepEqual(black.body, italic.body);
    await drawsFrom(scene({}, [{ type: 'em', props: { children: 'Hamburgefonstiv' } }]), 'NotoSans-Italic-Core.ttf');
    // The weights no request used are still unparsed (lazy, per face).
    const parsed = await parsedFaces();
    for (const w of ['Light', 'Medium', 'SemiBold', 'ExtraBold']) {
      for (const file of [`NotoSans-${w}.ttf`, `NotoSans-${w}-Core.ttf`]) {
        assert.equal(parsed[file], false, `${file} was parsed though no request used it`);
      }
    }
    // A family without an italic: upright, and said so (strict: a 400).
    const serif = await post(scene({ fontFamily: 'serif', fontStyle: 'italic' }));
    assert.equal(serif.status, 200);
    assert.equal(serif.headers.get('x-unsupported-style'), 'fontStyle:italic:fallback');
    const upright = await post(scene({ fontFamily: 'serif' }));
    assert.deepEqual(serif.body, upright.body);
    const strict = await post(scene({ fontFamily: 'serif', fontStyle: 'italic' }, 'x', { strict: true }));
    assert.equal(strict.status, 400);
    assert.equal(JSON.parse(strict.body).error.code, 'unsupported_style');
    assert.match(JSON.parse(strict.body).error.message, /fontStyle:italic:fallback/);
  } finally {
    await fresh.stop();
  }
});

test('images: a data: PNG img and asset: images in both shapes give one image; a lying data: URI is a 400 bad_image with its path', async () => {
  const red = 'data:image/png;base64,' + png(4, 4, [220, 30, 40, 255]).toString('base64');
  const background = 'linear-gradient(rgba(0, 0, 0, 0.3), transparent), url(asset:sample.png)';
  const satori = { width: 400, height: 200, element: { type: 'div', props: {
    style: { display: 'flex', alignItems: 'center', gap: 24, width: '100%', height: '100%', padding: 24, backgroundImage: background, backgroundSize: 'auto, 50px' },
    children: [
      { type: 'img', props: { src: red, width: 120, height: 120, style: { borderRadius: '50%' } } },
      { type: 'img', props: { src: 'asset:sample.png', width: 64, height: 64, style: { objectFit: 'contain' } } },
    ] } } };
  const takumi = { width: 400, height: 200, element: { type: 'container',
    style: satori.element.props.style,
    children: [
      { type: 'image', src: red, width: 120, height: 120, style: { borderRadius: '50%' } },
      { type: 'image', src: 'asset:sample.png', width: 64, height: 64, style: { objectFit: 'contain' } },
    ] } };
  const a = await post(JSON.stringify(satori));
  assert.equal(a.status, 200, a.body.toString());
  assert.equal(a.headers.get('content-type'), 'image/png');
  assert.deepEqual(pngSize(a.body), [400, 200]);
  // Decoding is its own phase, after the layout (and the limits it
  // checks), before painting.
  const phases = a.headers.get('server-timing').split(', ').map((p) => p.split(';')[0]);
  assert.deepEqual(phases, ['parse', 'font', 'layout', 'decode', 'raster', 'encode']);
  assert.equal(a.headers.get('x-unsupported-style'), null);
  const b = await post(JSON.stringify(takumi));
  assert.equal(b.status, 200, b.body.toString());
  assert.equal(b.headers.get('etag'), a.headers.get('etag'), 'one canonical form for both shapes');
  assert.deepEqual(b.body, a.body, 'both shapes draw the same bytes');
  const g = await get('/render.png?tree=' + b64url(JSON.stringify(satori)));
  assert.deepEqual(g.body, a.body, 'GET ?tree= is the POST');
  // The bytes of a JPEG announced as a PNG.
  const jpeg = readFileSync(join(scenes, '../../tests/fixtures/images/rgb.jpg')).toString('base64');
  satori.element.props.children[1].props.src = 'data:image/png;base64,' + jpeg;
  const lying = await post(JSON.stringify(satori));
  assert.equal(lying.status, 400);
  const e = JSON.parse(lying.body).error;
  assert.equal(e.code, 'bad_image');
  assert.equal(e.path, 'element.props.children[1].props.src');
  assert.match(e.message, /says image\/png but its data is a jpeg image/);
  const bg = await post(JSON.stringify({ ...takumi, element: { ...takumi.element, style: { backgroundImage: 'url("data:image/jpeg;base64,iVBORw0KGgo=")' } } }));
  assert.equal(bg.status, 400);
  assert.deepEqual([JSON.parse(bg.body).error.code, JSON.parse(bg.body).error.path], ['bad_image', 'element.style.backgroundImage']);
});

// The hostile trees of issue 10, each answered with its JSON error — the
// status, the code and the path into the tree (`null`: an error of the
// body or of a request field, which has none) — or, for a legal shape that
// only looks alarming, a 200; never a 5xx, a hang or a blown memory limit.
test('hostile trees: each a JSON 4xx with its code and path (a 200 when legal), and memory stays under 64 MiB', async (t) => {
  const doc = (element, extra = {}) => JSON.stringify({ width: 200, height: 100, element, ...extra });
  const div = (style, children) => ({ type: 'div', props: { style, children } });
  const chain = (depth, style, inner = 'x') => {
    let el = inner;
    for (let i = 0; i < depth; i++) el = div({ display: 'flex', width: '100%', height: '100%', ...style }, el);
    return el;
  };
  const big = (element) => JSON.stringify({ width: 2048, height: 2048, element });
  const dataUri = (mime, bytes) => `data:${mime};base64,${bytes.toString('base64')}`;
  const ihdrOnly = (w, h) => {
    const full = png(1, 1, [0, 0, 0, 0]);
    const head = Buffer.from(full.subarray(0, 33)); // signature + IHDR chunk
    head.writeUInt32BE(w, 16);
    head.writeUInt32BE(h, 20);
    return head; // the CRC no longer matches: the header is read, not checked
  };
  const jpeg = readFileSync(join(scenes, '../../tests/fixtures/images/rgb.jpg'));
  const red = png(8, 8, [220, 30, 40, 255]);
  const tree = (d) => (d === 0 ? { type: 'div', props: {} } : { type: 'div', props: { children: [tree(d - 1), tree(d - 1)] } });
  const open = (n, s) => s.repeat(n);
  const style = (key) => `element.props.style.${key}`;
  const cases = [
    // Depth: 10,000 levels of children arrays, 7,000 satori elements (the
    // JSON reader stops at 128 levels: no path, the line and column), and
    // one element past MAX_SCENE_DEPTH (with its path).
    ['10,000 nested arrays', `{"width":100,"height":100,"element":{"type":"div","props":{"children":${open(10000, '[')}${open(10000, ']')}}}}`, 400, 'bad_body', null, /recursion limit/],
    ['7,000 nested elements', `{"width":100,"height":100,"element":${open(7000, '{"type":"div","props":{"children":')}"x"${open(7000, '}}')}}`, 400, 'bad_body', null, /recursion limit/],
    ['33 nested elements', doc(chain(33, {})), 422, 'too_large', `element${'.props.children'.repeat(32)}`, /deeper than 32/],
    // Width: 100,000 children, and a complete binary tree of 2,047.
    ['100,000 children', doc({ type: 'div', props: { children: Array(100000).fill(1) } }), 422, 'too_large', 'element.props.children[1999]', /more than 2000 nodes/],
    ['a binary tree of 2,047 nodes', doc(tree(10)), 422, 'too_large', /^element(\.props\.children\[[01]\])+$/, /more than 2000 nodes/],
    ['10,001 characters', doc(div({}, 'a'.repeat(10001))), 422, 'too_large', 'element.props.children', /10000/],
    // Images: a 1 × 100,000 strip (from its header), a data: URI that lies
    // about its type, one of another type, data that breaks after its header.
    ['a 1 × 100,000 image', doc({ type: 'img', props: { src: dataUri('image/png', ihdrOnly(1, 100000)) } }), 422, 'too_large', 'element.props.src', /8192 per side/],
    ['a JPEG said to be a PNG', doc({ type: 'img', props: { src: dataUri('image/png', jpeg) } }), 400, 'bad_image', 'element.props.src', /says image\/png but its data is a jpeg/],
    ['a PNG said to be a JPEG', doc(div({ backgroundImage: `url(${dataUri('image/jpeg', red)})` }, [])), 400, 'bad_image', style('backgroundImage'), /says image\/jpeg but its data is a png/],
    ['an SVG', doc({ type: 'image', src: 'data:image/svg+xml,<svg onload="x"/>' }), 400, 'bad_image', 'element.src', /svg images are not supported/],
    ['a truncated PNG', doc({ type: 'img', props: { src: dataUri('image/png', red.subarray(0, red.length - 20)), width: 8, height: 8 } }), 400, 'bad_image', 'element.props.src', /corrupt/],
    ['a remote image', doc({ type: 'img', props: { src: 'https://example.com/a.png' } }), 400, 'remote_image', 'element.props.src', /no remote fetch/],
    // Lengths: NaN, negative, huge; calc() and var(); unknown units.
    ...[
      ['width', 'NaN'], ['width', 'NaNpx'], ['width', -5], ['height', 1e308], ['width', '1e40px'], ['margin', '-1e9px'],
      ['padding', '-4px'], ['fontSize', '1e-9px'], ['fontSize', 0], ['borderRadius', '-3px'], ['top', 'Infinity'], ['opacity', 'NaN'],
      ['width', 'calc(100% - 10px)'], ['color', 'var(--brand)'], ['width', '10vw'], ['width', '10furlongs'], ['fontSize', '2ch'],
      ['transform', 'rotate(1e40deg)'], ['boxShadow', '0 0 1e6px red'], ['flexGrow', -1], ['lineHeight', -2],
    ].map(([key, value]) => [`${key}: ${JSON.stringify(value)}`, doc(div({ [key]: value }, [])), 400, 'bad_scene', style(key), null]),
    // What painting would cost, from the layout: nested canvas-sized
    // groups and clips, thousands of canvas-sized groups, two 2,048²
    // images on a 2,048² canvas.
    ['31 nested opacity groups', big(chain(31, { opacity: 0.97 })), 422, 'too_large', 'element', /MAX_SCENE_MEMORY_BYTES/],
    ['31 nested clips', big(chain(31, { overflow: 'hidden', borderRadius: 64 })), 422, 'too_large', 'element', /MAX_SCENE_MEMORY_BYTES/],
    ['1,999 canvas-sized groups', big({ type: 'container', style: { display: 'flex', width: '100%', height: '100%' }, children: Array.from({ length: 1999 }, () => ({ type: 'container', style: { position: 'absolute', inset: 0, opacity: 0.5, background: 'red' } })) }), 422, 'too_large', 'element', /MAX_SCENE_PAINT_PIXELS/],
    ['two 2,048² images on 2,048²', big(div({ display: 'flex', width: '100%', height: '100%' }, [
      { type: 'img', props: { src: dataUri('image/png', png(2048, 2048, [1, 2, 3, 255])), width: 10, height: 10 } },
      { type: 'img', props: { src: dataUri('image/png', png(2048, 2048, [3, 2, 1, 255])), width: 10, height: 10 } },
    ])), 422, 'too_large', 'element', /MAX_SCENE_MEMORY_BYTES/],
    // Request fields: no canvas, one over the pixel limit.
    ['a 0 px canvas', JSON.stringify({ width: 0, height: 100, element: 'x' }), 400, 'bad_param', null, /width/],
    ['2,048² at dpr 3', JSON.stringify({ width: 2048, height: 2048, dpr: 3, element: 'x' }), 422, 'too_large', null, /dpr/],
    // Shapes that look circular but are legal: React's internals carrying
    // copies of the parent (ignored), one subtree 500 times, 1,023 nodes.
    ['React internals holding the parent', doc((() => {
      let el = div({ display: 'flex', width: '100%', height: '100%', backgroundColor: '#0af' }, 'x');
      for (let i = 0; i < 6; i++) {
        el = { type: 'div', key: 'k', ref: null, $$typeof: 'Symbol(react.element)', _store: { validated: true }, _owner: { type: 'div', props: { children: el } }, props: { style: { display: 'flex', width: '100%', height: '100%' }, children: el } };
      }
      return el;
    })()), 200, null, null, null],
    ['one subtree 500 times', doc(div({ display: 'flex', flexWrap: 'wrap', width: '100%', height: '100%' }, Array(500).fill(div({ width: 4, height: 4, backgroundColor: 'red', borderRadius: '50%' }, [])))), 200, null, null, null],
    ['a binary tree of 1,023 nodes', doc(tree(9)), 200, null, null, null],
  ];
  const slowest = [0, ''];
  for (const [name, body, status, code, path, message] of cases) {
    const started = performance.now();
    const r = await post(body);
    const ms = performance.now() - started;
    if (ms > slowest[0]) slowest.splice(0, 2, ms, name);
    assert.equal(r.status, status, `${name}: ${r.body.toString().slice(0, 300)}`);
    if (status === 200) {
      assert.equal(r.headers.get('content-type'), 'image/png', name);
      continue;
    }
    assert.match(r.headers.get('content-type'), /^application\/json/, name);
    const e = JSON.parse(r.body).error;
    assert.equal(e.code, code, `${name}: ${e.message}`);
    if (path instanceof RegExp) assert.match(e.path, path, name);
    else assert.equal(e.path, path ?? undefined, `${name}: ${e.message}`);
    if (message) assert.match(e.message, message, name);
  }
  // The deep tree in a URL: too long for one.
  const g = await get('/render.png?tree=' + b64url(`{"width":100,"height":100,"element":${open(3000, '{"type":"div","props":{"children":')}"x"${open(3000, '}}')}}`));
  assert.equal(g.status, 414);
  // After every hostile tree (and everything before it in this file), the
  // worker's linear memory.
  const memory = JSON.parse((await get('/health')).body).memory_bytes;
  // Reported, not asserted: times depend on the machine.
  t.diagnostic(`${cases.length} cases; slowest ${slowest[1]}: ${slowest[0].toFixed(0)} ms; linear memory after: ${(memory / 1048576).toFixed(1)} MiB`);
  assert.ok(memory > 0 && memory <= 64 * 1024 * 1024, `linear memory ${memory} bytes`);
});

test('the body limit is the route\'s own: 20 KB is fine, 300 KB is a 413', async () => {
  const text = '字'.repeat(6000); // 18 KB of UTF-8, within the scene's 10,000 characters
  const ok = await post(JSON.stringify({ width: 600, height: 400, element: { type: 'div', props: { style: { fontSize: 6 }, children: text } } }));
  assert.equal(ok.status, 200, ok.body.toString());
  const big = await post(JSON.stringify({ width: 600, height: 400, element: { type: 'div', props: { children: 'x'.repeat(300 * 1024) } } }));
  assert.equal(big.status, 413);
  const textRoute = await post(JSON.stringify({ text: 'x'.repeat(20000) }), '/text.png');
  assert.equal(textRoute.status, 413, 'the text route keeps its 16 KB');
});

test('no request in this run was answered with a 5xx', () => {
  assert.deepEqual(worker.statuses.filter(([, s]) => s >= 500), []);
});
