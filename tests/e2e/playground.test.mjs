// The playground at / in a real browser: Debian's chromium driven by
// playwright-core (scripts/setup.sh installs both; `npx playwright install`
// cannot download here). Screenshots go to target/e2e-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startWorker } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const ARTIFACTS = new URL('../../target/e2e-artifacts/', import.meta.url).pathname;
const KEY = 'playground-e2e-key';
const TOKEN = 'playground-e2e-token';

let worker;
let browser;

before(async () => {
  // Loud, not skipped: CI must have the browser (setup.sh installs it).
  assert.ok(existsSync(CHROMIUM), `no chromium at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  // The edge cache off: a GET after the POST preview is drawn again, not a hit.
  worker = await startWorker({ vars: { EDGE_CACHE: 'off' } });
});

after(async () => {
  await browser?.close();
  await worker?.stop();
});

/** A page that records console errors and uncaught exceptions. */
async function open(base, path = '/', context = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...context });
  const page = await ctx.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto(base + path);
  return { ctx, page, errors, response };
}

/** Waits until both previews show a drawn image. */
async function previewsDrawn(page) {
  await page.waitForFunction(() => ['#tprev', '#sprev'].every((s) => {
    const img = document.querySelector(s);
    return img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0 && !img.classList.contains('busy');
  }));
}

/** The bytes behind a preview image (a blob: URL of the page). */
async function previewBytes(page, selector) {
  const b64 = await page.evaluate(async (sel) => {
    const r = await fetch(document.querySelector(sel).src);
    const bytes = new Uint8Array(await r.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }, selector);
  return Buffer.from(b64, 'base64');
}

/** Runs `action`, then waits for the preview `selector` to show a new image. */
async function newPreview(page, selector, action) {
  const old = await page.$eval(selector, (img) => img.src);
  await action();
  await page.waitForFunction(([sel, was]) => {
    const img = document.querySelector(sel);
    return img.src !== was && img.complete && img.naturalWidth > 0 && !img.classList.contains('busy');
  }, [selector, old]);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

test('the page loads whole, with no console errors, and both previews draw', async () => {
  const { ctx, page, errors, response } = await open(worker.base);
  assert.equal(response.status(), 200);
  const headers = response.headers();
  assert.match(headers['content-type'], /^text\/html/);
  assert.match(headers.etag, /^"[0-9a-f]{16}"$/);
  assert.match(headers['content-security-policy'], /script-src 'sha256-/);
  await previewsDrawn(page);
  const { templates } = JSON.parse((await worker.get('/templates')).body);
  assert.ok(templates.length >= 5);
  assert.deepEqual(await page.$$eval('#tpls button', (bs) => bs.map((b) => b.textContent)), templates.map((t) => t.name));
  // A form field for every parameter of the first template.
  const names = await page.$$eval('#tform [name]', (els) => els.map((e) => e.name));
  assert.deepEqual(names, templates[0].params.map((p) => p.name));
  assert.ok((await previewBytes(page, '#tprev')).subarray(0, 4).equals(PNG));
  assert.ok((await previewBytes(page, '#sprev')).subarray(0, 4).equals(PNG));
  // The editor holds an example card, the route docs are linked.
  assert.ok(JSON.parse(await page.inputValue('#src')).element);
  assert.ok(await page.$('a[href="/docs"]'));
  assert.equal((await worker.get('/docs')).status, 200);
  await page.screenshot({ path: `${ARTIFACTS}playground-desktop.png`, fullPage: true });
  assert.deepEqual(errors, [], 'no console errors');
  await ctx.close();
});

test('editing a template field redraws the preview; its GET URL gives the same bytes', async () => {
  const { ctx, page, errors } = await open(worker.base);
  await previewsDrawn(page);
  const before = await previewBytes(page, '#tprev');
  await newPreview(page, '#tprev', () => page.fill('#tform [name=title]', 'Edited in a real browser'));
  const edited = await previewBytes(page, '#tprev');
  assert.ok(!edited.equals(before), 'a new title, new bytes');
  const url = await page.inputValue('#turl');
  assert.ok(url.startsWith(`${worker.base}/og/`), url);
  assert.match(url, /title=Edited%20in%20a%20real%20browser/);
  const direct = Buffer.from(await (await fetch(url)).arrayBuffer());
  assert.ok(direct.equals(edited), 'the copied URL renders the preview\'s bytes');
  // An enum field too.
  await newPreview(page, '#tprev', () => page.selectOption('#tform [name=theme]', 'dark'));
  const dark = await previewBytes(page, '#tprev');
  assert.ok(!dark.equals(edited));
  assert.match(await page.inputValue('#turl'), /theme=dark/);
  // Another template: its own form.
  const second = await page.$eval('#tpls button:nth-child(2)', (b) => b.textContent);
  await newPreview(page, '#tprev', () => page.click('#tpls button:nth-child(2)'));
  assert.match(await page.inputValue('#turl'), new RegExp(`/og/${second}\\.png$`));
  // A bad value: the worker's message, the field marked.
  const colour = await page.$eval('#tform', (f) => [...f.elements].find((e) => e.name && e.name === 'accent')?.name);
  assert.equal(colour, 'accent');
  await page.fill('#tform [name=accent]', 'not-a-colour');
  await page.waitForSelector('#terr:not([hidden])');
  assert.match(await page.textContent('#terr'), /400 bad_param: .*accent/);
  assert.ok(await page.$('#tform [name=accent].bad'));
  // The copy button answers.
  await page.click('button[data-copy=turl]');
  await page.waitForFunction(() => document.querySelector('button[data-copy=turl]').textContent === 'Copied');
  const unexpected = errors.filter((e) => !/status of 400/.test(e));
  assert.deepEqual(unexpected, []);
  await ctx.close();
});

test('the scene editor: the GET URL renders the POST preview\'s bytes, in either shape', async () => {
  const { ctx, page, errors } = await open(worker.base);
  await previewsDrawn(page);
  const posted = await previewBytes(page, '#sprev');
  const url = await page.inputValue('#surl');
  assert.ok(url.startsWith(`${worker.base}/render.png?tree=`), url);
  const tree = new URL(url).searchParams.get('tree');
  assert.deepEqual(JSON.parse(Buffer.from(tree, 'base64url').toString()), JSON.parse(await page.inputValue('#src')));
  const direct = Buffer.from(await (await fetch(url)).arrayBuffer());
  assert.ok(direct.equals(posted), 'GET ?tree= draws the bytes the POST preview drew');
  // The same card as Takumi nodes: the same image.
  await newPreview(page, '#sprev', () => page.selectOption('#ex', '1'));
  assert.equal(JSON.parse(await page.inputValue('#src')).element.type, 'container');
  assert.ok((await previewBytes(page, '#sprev')).equals(posted), 'satori and Takumi shapes, one image');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an invalid scene shows its error and path, and selects the node in the editor', async () => {
  const { ctx, page, errors } = await open(worker.base);
  await previewsDrawn(page);
  const scene = {
    width: 600,
    height: 300,
    element: { type: 'div', props: { style: { display: 'flex' }, children: [
      { type: 'span', props: { children: 'fine' } },
      { type: 'div', props: { children: [{ type: 'p', props: { style: { color: 'red', fontSize: 'huge' }, children: 'bad' } }] } },
    ] } },
  };
  const text = JSON.stringify(scene, null, 2);
  await page.fill('#src', text);
  await page.waitForSelector('#serr:not([hidden]) code.path');
  const path = 'element.props.children[1].props.children[0].props.style.fontSize';
  assert.match(await page.textContent('#serr'), /400 bad_scene: /);
  assert.equal(await page.textContent('#serr code.path'), path);
  // The value at that path is marked in the editor…
  assert.equal(await page.textContent('#hl mark'), '"huge"');
  // …and selected when asked.
  await page.click('#serr button');
  const selected = await page.$eval('#src', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
  assert.equal(selected, '"huge"');
  assert.equal(await page.inputValue('#surl'), '', 'no GET URL for a scene that does not draw');
  await page.screenshot({ path: `${ARTIFACTS}playground-scene-error.png`, fullPage: true });
  // A JSON syntax error: the worker's line and column, marked.
  await page.fill('#src', '{\n  "width": 600,\n  "height": 300,,\n}');
  await page.waitForFunction(() => /bad_body/.test(document.querySelector('#serr').textContent));
  assert.match(await page.textContent('#serr'), /line 3 column/);
  assert.equal(await page.textContent('#hl mark'), ',');
  // A path into a Takumi tree, with a key that is not an identifier.
  await page.fill('#src', JSON.stringify({ width: 100, height: 100, element: { type: 'container', children: [{ type: 'text', text: 'x', style: { 'font-size': 'x', margin: '1q' } }] } }, null, 1));
  await page.waitForFunction(() => document.querySelector('#serr code.path')?.textContent === 'element.children[0].style.margin');
  assert.equal(await page.textContent('#hl mark'), '"1q"');
  const unexpected = errors.filter((e) => !/status of 400/.test(e));
  assert.deepEqual(unexpected, []);
  await ctx.close();
});

test('on a 390×844 phone the layout does not overflow sideways', async () => {
  const { ctx, page, errors } = await open(worker.base, '/', {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  await previewsDrawn(page);
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
  }));
  assert.equal(innerWidth, 390);
  assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
  // Nothing sticks out on the right, and the previews fit the screen.
  const wide = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((e) => e.tagName + (e.id ? '#' + e.id : '')));
  assert.deepEqual(wide, []);
  for (const sel of ['#tprev', '#sprev']) {
    const box = await page.$eval(sel, (i) => i.getBoundingClientRect().toJSON());
    assert.ok(box.width > 300 && box.right <= 390, `${sel}: ${JSON.stringify(box)}`);
  }
  await page.screenshot({ path: `${ARTIFACTS}playground-phone.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('POST /sign: off without SIGNING_KEY and PLAYGROUND_TOKEN', async () => {
  const r = await worker.get('/sign', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ url: '/heart.png' }),
  });
  assert.equal(r.status, 404);
  assert.equal(JSON.parse(r.body).error.code, 'not_found');
  assert.equal((await worker.get('/sign')).status, 405);
});

test('with signing on: the page signs through /sign with its token, and only with it', async () => {
  const signed = await startWorker({ vars: { EDGE_CACHE: 'off', SIGNING_KEY: KEY, PLAYGROUND_TOKEN: TOKEN } });
  try {
    // The endpoint itself.
    const sign = (body, auth = `Bearer ${TOKEN}`) => signed.get('/sign', {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body),
    });
    assert.equal((await sign({ url: '/heart.png?size=64' }, 'Bearer wrong')).status, 401);
    assert.equal((await sign({ url: '/heart.png?size=64' }, '')).status, 401);
    assert.equal((await sign({ url: '/health' })).status, 400);
    const one = await sign({ url: '/heart.png?size=64', ttl: 600 });
    assert.equal(one.status, 200);
    const { url, exp } = JSON.parse(one.body);
    assert.ok(exp > Date.now() / 1000 && exp <= Date.now() / 1000 + 601, String(exp));
    assert.equal((await signed.get(url)).status, 200);
    assert.equal((await signed.get('/heart.png?size=64')).status, 401);

    // The page without the token: it says how to get previews, shows no signed URL.
    {
      const { ctx, page } = await open(signed.base);
      await page.waitForSelector('#signnote:not([hidden])');
      assert.match(await page.textContent('#signnote'), /#token=/);
      assert.match(await page.textContent('#terr'), /signature_required/);
      assert.equal(await page.isHidden('#tsignrow'), true);
      await ctx.close();
    }
    // A wrong token: refused, said so.
    {
      const { ctx, page } = await open(signed.base, '/#token=wrong');
      await page.waitForFunction(() => /refused/.test(document.querySelector('#signnote').textContent));
      assert.equal(await page.isHidden('#tsignrow'), true);
      await ctx.close();
    }
    // With the token: previews draw, signed URLs shown, the token out of the address bar.
    const { ctx, page, errors } = await open(signed.base, `/#token=${TOKEN}`);
    await previewsDrawn(page);
    assert.equal(await page.evaluate(() => location.hash), '');
    await page.waitForSelector('#tsignrow:not([hidden])');
    const tSigned = await page.inputValue('#tsigned');
    assert.match(tSigned, /[?&]sig=[0-9a-f]{64}$/);
    const tPreview = await previewBytes(page, '#tprev');
    const tDirect = await fetch(tSigned);
    assert.equal(tDirect.status, 200);
    assert.ok(Buffer.from(await tDirect.arrayBuffer()).equals(tPreview));
    assert.equal((await fetch(await page.inputValue('#turl'))).status, 401, 'the unsigned URL is refused');
    // Edit a field: a new signature for the new URL.
    await newPreview(page, '#tprev', () => page.fill('#tform [name=title]', 'Signed and edited'));
    await page.waitForFunction((old) => document.querySelector('#tsigned').value !== old, tSigned);
    const edited = await page.inputValue('#tsigned');
    assert.match(edited, /title=Signed%20and%20edited&sig=/);
    assert.ok(Buffer.from(await (await fetch(edited)).arrayBuffer()).equals(await previewBytes(page, '#tprev')));
    // The scene: its POST preview was signed, its GET URL is.
    await page.waitForSelector('#ssignrow:not([hidden])');
    const sSigned = await page.inputValue('#ssigned');
    assert.match(sSigned, /\/render\.png\?tree=[^&]+&sig=[0-9a-f]{64}$/);
    const sDirect = await fetch(sSigned);
    assert.equal(sDirect.status, 200);
    assert.ok(Buffer.from(await sDirect.arrayBuffer()).equals(await previewBytes(page, '#sprev')));
    await page.screenshot({ path: `${ARTIFACTS}playground-signed.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  } finally {
    await signed.stop();
  }
});

test('the artefacts are written', () => {
  for (const f of ['playground-desktop.png', 'playground-phone.png', 'playground-scene-error.png', 'playground-signed.png']) {
    assert.ok(existsSync(ARTIFACTS + f), f);
  }
  writeFileSync(`${ARTIFACTS}README.txt`, 'Screenshots of tests/e2e/playground.test.mjs (desktop, phone 390x844, a scene error, signing on).\n');
});
