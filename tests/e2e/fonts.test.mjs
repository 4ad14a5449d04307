// End-to-end: fonts that live as Workers Static Assets (fonts/LICENSES.tsv,
// place `asset`) are fetched through the ASSETS binding on first use, in
// `wrangler dev` (workerd), and draw exactly what the native CLI (which
// embeds every face) draws; a missing upload degrades to missing glyphs,
// never to an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './harness.mjs';

const root = new URL('../../', import.meta.url).pathname;
const assetFaces = readFileSync(join(root, 'fonts/LICENSES.tsv'), 'utf8')
  .split('\n').map((l) => l.split('\t')).filter((c) => c[7] === 'asset').map((c) => c[0]);

// 编：字体需加， are in the first SC tier (embedded); 测试按载龙 in the
// second, 码凤呈祥 in the third (both assets while the SC tiers past the
// first are).
const TEXT = '编码测试：字体按需加载，龙凤呈祥';
const URL_ = '/text.png?text=' + encodeURIComponent(TEXT) + '&size=48&width=640&height=120';

const health = async (w) => JSON.parse((await w.get('/health')).body);

test('asset faces are fetched on first use, once, and draw what the CLI draws', async () => {
  assert.ok(assetFaces.length > 0, 'fonts/LICENSES.tsv places some faces as assets');
  const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  try {
    const before = await health(w);
    for (const f of before.fonts) {
      assert.equal(f.place, assetFaces.includes(f.file) ? 'asset' : 'embedded', f.file);
      assert.equal(f.loaded, f.place === 'embedded', `${f.file}: only embedded faces are there at start`);
    }
    const r = await w.get(URL_);
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers.get('x-missing-glyphs'), '0');
    const timing = r.headers.get('server-timing');
    const fetched = /asset;desc="([^"]*)"/.exec(timing)?.[1].split(' ') ?? [];
    assert.deepEqual(fetched.sort(), ['NotoSansSC-Tier02.otf', 'NotoSansSC-Tier03.otf'], timing);
    const after = await health(w);
    for (const f of after.fonts.filter((f) => f.place === 'asset')) {
      assert.equal(f.loaded, fetched.includes(f.file), `${f.file}: fetched only when the text needs it`);
    }
    // The second request fetches nothing and draws the same bytes.
    const again = await w.get(URL_);
    assert.doesNotMatch(again.headers.get('server-timing'), /asset;/);
    assert.deepEqual(again.body, r.body);
    // The native CLI embeds every face: the same image.
    const cli = process.env.EDGE_RENDER_CLI;
    assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
    const run = spawnSync(cli, [URL_.slice(1)], { maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr?.toString());
    assert.deepEqual(run.stdout, r.body, 'CLI and worker agree');
    // The files are the worker's, not public: the URL space is the routes'.
    const served = await w.get('/fonts/' + assetFaces[0]);
    assert.equal(served.status, 404);
    assert.equal(JSON.parse(served.body).error.code, 'not_found');
  } finally {
    await w.stop();
  }
});

test('a missing upload: the text is drawn without those faces, counted as missing, kept out of caches, logged, not retried at once', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'edge-render-no-assets-'));
  // The edge cache on: a degraded image must not be stored.
  const w = await startWorker({ args: ['--assets', empty] });
  try {
    const r = await w.get(URL_);
    assert.equal(r.status, 200, r.body.toString());
    assert.equal(r.headers.get('content-type'), 'image/png');
    // 测试按载龙 and 码凤呈祥: nine characters no face that is here has.
    assert.equal(r.headers.get('x-missing-glyphs'), '9');
    assert.match(r.headers.get('server-timing'), /asset;desc="";/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('etag'), null, 'not the image its tag names');
    assert.equal(r.headers.get('x-cache'), 'MISS');
    const again = await w.get(URL_);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('x-cache'), 'MISS', 'not stored in the edge cache');
    assert.doesNotMatch(again.headers.get('server-timing'), /asset;/, 'not asked for again at once');
    assert.deepEqual(again.body, r.body);
    assert.match(w.log(), /"event":"font_asset_failed"/);
    const h = await health(w);
    assert.ok(h.fonts.filter((f) => f.place === 'asset').every((f) => !f.loaded));
  } finally {
    await w.stop();
  }
});

test('lang= takes a BCP 47 tag; a malformed one is a 400 naming it; tags that draw alike share an ETag', async () => {
  const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  try {
    const base = '/text.png?text=' + encodeURIComponent('Hello') + '&size=32';
    const plain = await w.get(base);
    assert.equal(plain.status, 200);
    for (const tag of ['ja', 'zh-Hant', 'ko-KR', 'en']) {
      const r = await w.get(base + '&lang=' + tag);
      assert.equal(r.status, 200, tag);
      // No Han character: every preference draws the same image.
      assert.equal(r.headers.get('etag'), plain.headers.get('etag'), tag);
    }
    for (const bad of ['', 'x', '日本', 'ja--JP']) {
      const r = await w.get(base + '&lang=' + encodeURIComponent(bad));
      assert.equal(r.status, 400, bad);
      const e = JSON.parse(r.body).error;
      assert.equal(e.param, 'lang', bad);
      assert.match(e.message, /BCP 47/);
    }
  } finally {
    await w.stop();
  }
});

// One character from each tier of each CJK region, then all of them at once
// with every other script: every face of the registry parsed in one
// isolate. A parsed face holds its cmap and advances, not every glyph's
// outline (vendor/fontdue), so this draws and the isolate stays small.
const TIERS = {"cjk-sc": "我架汤浜渴炕煨瑛睢痫翕簋窀碹", "cjk-tc": "望泰池滋烘琦灶甥琇矜痤珖籯穋", "cjk-jp": "ァ更汚渋浩牌玖疽瞠痾渺挧緕閹", "cjk-kr": "셔삽쉘뢸첬"};
const EVERY_FACE = "Ņ→持架汤浜渴炕煨瑛睢痫翕簋窀碹ϡ結編織糾籠綻綴縛膾蓀禓璊縴緙ユ権歯渋疎渇癪簀粂糎悳憙粭鞁받삽쉘뢸첬ﰟכॐฬ📡";

test('font memory stays bounded: every tier of every region, then every face at once, draws; the isolate stays under 32 MiB', async () => {
  const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  try {
    for (const [region, lang] of [['cjk-sc', 'zh-Hans'], ['cjk-tc', 'zh-Hant'], ['cjk-jp', 'ja'], ['cjk-kr', 'ko']]) {
      const r = await w.get('/text.png?text=' + encodeURIComponent(TIERS[region]) + '&lang=' + lang + '&size=48');
      assert.equal(r.status, 200, `${region}: ${r.body}`);
      assert.equal(r.headers.get('x-missing-glyphs'), '0', region);
    }
    const all = await w.get('/text.png?text=' + encodeURIComponent(EVERY_FACE) + '&size=48');
    assert.equal(all.status, 200, all.body.toString());
    assert.equal(all.headers.get('x-missing-glyphs'), '0');
    const last = await health(w);
    // (Was 52.7 MB after the tiers alone, and every face at once a 422,
    // when a parsed face held all its glyphs' outlines.)
    assert.ok(last.memory_bytes <= 32 * 1024 * 1024, `linear memory ${last.memory_bytes} B with every face parsed`);
  } finally {
    await w.stop();
  }
});
