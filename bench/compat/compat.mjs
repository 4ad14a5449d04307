// Compatibility report: every example card in examples/scenes/ rendered three
// ways from the same tree — ours (the native CLI, byte-identical to the
// worker), satori + resvg (from `<card>.satori.json`) and Takumi (from
// `<card>.takumi.json`) — with the mean absolute pixel difference of ours
// against each, and a strip image per card (ours | satori | Takumi).
//
//   bash bench/compat/run.sh          # installs, builds, then runs this
//   node bench/compat/compat.mjs      # when the CLI is built and npm ci done
//
// Writes bench/compat/REPORT.md and bench/compat/strips/<card>.png. The notes
// on what differs and why are written by hand in notes.mjs (by looking at the
// strips) and copied into the report.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Resvg } from '@resvg/resvg-js';
import { Renderer } from '@takumi-rs/core';
import pngjs from 'pngjs';
import satori from 'satori';
// The last satori release that laid out with Yoga (0.63 moved to Taffy), for
// comparison: it is what @vercel/og 1.0.3 depends on.
import satoriYoga from 'satori-yoga';

import { notes } from './notes.mjs';

const { PNG } = pngjs;
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const scenes = join(root, 'examples', 'scenes');
const stripsDir = join(here, 'strips');
const cli = process.env.EDGE_RENDER ?? join(root, 'target', 'release', 'edge-render');
const version = (pkg) => JSON.parse(readFileSync(join(here, 'node_modules', pkg, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------- fonts
// The faces ours embeds (fonts/README.md), read from fonts/ by file name so
// that a face added there is compared too: every Noto Sans weight and
// italic, Noto Serif and Noto Sans Mono (the `-Core` cuts are subsets of
// these: left out), and the Noto Sans SC tiers (regular only) for Chinese.
const font = (f) => readFileSync(join(root, 'fonts', f));
const WEIGHTS = { Thin: 100, ExtraLight: 200, Light: 300, Regular: 400, Medium: 500, SemiBold: 600, Bold: 700, ExtraBold: 800, Black: 900 };
const FAMILIES = { NotoSans: ['Noto Sans', 'sans-serif'], NotoSerif: ['Noto Serif', 'serif'], NotoSansMono: ['Noto Sans Mono', 'monospace'] };
const latin = readdirSync(join(root, 'fonts'))
  .map((f) => f.match(/^(NotoSans|NotoSerif|NotoSansMono)-([A-Za-z]*?)(Italic)?\.ttf$/))
  .filter((m) => m && (m[2] in WEIGHTS || (m[2] === '' && m[3])))
  .map((m) => ({ file: m[0], family: FAMILIES[m[1]][0], generic: FAMILIES[m[1]][1],
    weight: WEIGHTS[m[2] || 'Regular'], style: m[3] ? 'italic' : 'normal', data: font(m[0]) }))
  // Noto Sans first: the default face of satori (its first font) and of Takumi.
  .sort((a, b) => (a.family !== 'Noto Sans') - (b.family !== 'Noto Sans') || a.family.localeCompare(b.family)
    || a.weight - b.weight || a.style.localeCompare(b.style));
const tiers = readdirSync(join(root, 'fonts'))
  .filter((f) => /^NotoSansSC-Tier\d+\.otf$/.test(f))
  .sort()
  .map((f) => ({ name: `Noto Sans SC ${f.match(/Tier(\d+)/)[1]}`, data: font(f) }));

// satori: the first font is the default (a family that matches no name, as
// satori's default `serif` does when no font has that name, falls to it, and
// a glyph missing from it is looked up in every other font, in this order).
// For a family, satori picks the one file that best fits the weight and
// style asked for: files under one name do not fall back to each other, so
// each CJK tier is its own family name. satori matches family names only,
// with no generic families: `genericToNames` rewrites the generic names in
// the cards' `fontFamily` (`serif`, `monospace`, `sans-serif`) to the
// embedded family they mean in ours, before satori sees the tree.
const satoriFonts = [
  ...latin.map(({ family, weight, style, data }) => ({ name: family, data, weight, style })),
  ...tiers.map(({ name, data }) => ({ name, data, weight: 400, style: 'normal' })),
];
const GENERIC = Object.fromEntries(latin.map((f) => [f.generic, f.family]));
function genericToNames(node) {
  if (!node || typeof node !== 'object') return node;
  const { style, children } = node.props ?? {};
  const family = style?.fontFamily;
  const mapped = typeof family === 'string'
    ? family.split(',').map((f) => GENERIC[f.trim().replace(/^["']|["']$/g, '')] ?? f.trim()).join(', ')
    : family;
  return {
    ...node,
    props: {
      ...node.props,
      ...(style ? { style: { ...style, ...(family === undefined ? {} : { fontFamily: mapped }) } } : {}),
      ...(children === undefined ? {} : { children: Array.isArray(children) ? children.map(genericToNames) : genericToNames(children) }),
    },
  };
}

// Takumi: the same faces, each under its family and generic name; the font
// stack (for glyph fallback) is Noto Sans, then the CJK tiers in order.
const takumi = new Renderer();
for (const { family, generic, weight, style, data } of latin) {
  await takumi.registerFont({ name: family, data, weight, style, generic });
}
for (const { name, data } of tiers) await takumi.registerFont({ name, data, weight: 400, style: 'normal' });
const takumiFamilies = ['Noto Sans', ...tiers.map((t) => t.name)];
const faceList = latin.map((f) => f.file.replace(/\.ttf$/, '')).join(', ');

// ---------------------------------------------------------------- renderers
const work = mkdtempSync(join(tmpdir(), 'edge-render-compat-'));

function renderOurs(file) {
  const out = join(work, 'ours.png');
  execFileSync(cli, ['render.png', '--body', file, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(out);
}

// What ours ignores or approximates in this card: the same body with
// "strict": true answers 400 unsupported_style listing it (the CLI prints no
// headers, so X-Unsupported-Style is read this way).
function oursUnsupported(body) {
  const file = join(work, 'strict.json');
  writeFileSync(file, JSON.stringify({ ...body, strict: true }));
  try {
    execFileSync(cli, ['render.png', '--body', file, '-o', join(work, 'strict.png')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return null;
  } catch (e) {
    const msg = String(e.stderr ?? e.message).trim();
    try {
      return JSON.parse(msg).error.message;
    } catch {
      return msg;
    }
  }
}

// satori ≥ 0.30 lays out with Taffy and, as browsers do, sizes boxes as
// content-box; ours and Takumi (like satori's earlier Yoga layout) size them as
// border-box. A second satori render with `boxSizing: border-box` written on
// every element that sets none tells that difference apart from the rest.
function borderBox(node) {
  if (!node || typeof node !== 'object') return node;
  const { style, children } = node.props ?? {};
  return {
    ...node,
    props: {
      ...node.props,
      style: { boxSizing: 'border-box', ...style },
      children: Array.isArray(children) ? children.map(borderBox) : borderBox(children),
    },
  };
}

async function renderSatori(body, engine = satori) {
  const svg = await engine(genericToNames(body.element), { width: body.width, height: body.height, fonts: satoriFonts });
  // satori draws text as paths: resvg needs no fonts.
  const resvg = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } });
  return resvg.render().asPng();
}

async function renderTakumi(body) {
  return takumi.render(body.element, {
    width: body.width,
    height: body.height,
    format: 'png',
    fontFamilies: takumiFamilies,
  });
}

// ---------------------------------------------------------------- pixels
// Decoded to RGB composited on white (all three are opaque here, but a
// transparent corner would otherwise compare as black).
function decode(buf) {
  const png = PNG.sync.read(buf);
  const { width, height, data } = png;
  const rgb = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    const a = data[i + 3] / 255;
    for (let c = 0; c < 3; c++) rgb[j + c] = data[i + c] * a + 255 * (1 - a);
  }
  return { width, height, rgb };
}

// Mean absolute difference over R, G, B of every pixel (0–255), and the share
// of pixels where some channel differs by more than 32.
function compare(a, b) {
  if (a.width !== b.width || a.height !== b.height) {
    return { error: `size ${a.width}×${a.height} vs ${b.width}×${b.height}` };
  }
  let sum = 0;
  let far = 0;
  for (let i = 0; i < a.rgb.length; i += 3) {
    let max = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(Math.round(a.rgb[i + c]) - Math.round(b.rgb[i + c]));
      sum += d;
      if (d > max) max = d;
    }
    if (max > 32) far++;
  }
  return { mad: sum / a.rgb.length, far: far / (a.width * a.height) };
}

// Area-averaging downscale of an RGB image to w×h.
function downscale(img, w, h) {
  const out = new Float32Array(w * h * 3);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < w; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      const acc = [0, 0, 0];
      let wsum = 0;
      for (let yy = Math.floor(y0); yy < Math.ceil(y1); yy++) {
        const wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
        for (let xx = Math.floor(x0); xx < Math.ceil(x1); xx++) {
          const wgt = wy * (Math.min(x1, xx + 1) - Math.max(x0, xx));
          const k = (yy * img.width + xx) * 3;
          for (let c = 0; c < 3; c++) acc[c] += img.rgb[k + c] * wgt;
          wsum += wgt;
        }
      }
      for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = acc[c] / wsum;
    }
  }
  return { width: w, height: h, rgb: out };
}

const STRIP_WIDTH = 1200;
const GAP = 6;

// ours | satori | Takumi side by side, 1200 px wide in all; a renderer that
// failed leaves its panel grey.
function strip(panels, aspect) {
  const pw = Math.floor((STRIP_WIDTH - 2 * GAP) / 3);
  const ph = Math.round(pw * aspect);
  const png = new PNG({ width: STRIP_WIDTH, height: ph, colorType: 2, inputColorType: 6 });
  png.data.fill(255);
  panels.forEach((img, p) => {
    const x0 = p * (pw + GAP) + (p === 2 ? STRIP_WIDTH - (3 * pw + 2 * GAP) : 0);
    const small = img ? downscale(img, pw, ph) : null;
    for (let y = 0; y < ph; y++) {
      for (let x = 0; x < pw; x++) {
        const o = (y * STRIP_WIDTH + x0 + x) * 4;
        for (let c = 0; c < 3; c++) {
          png.data[o + c] = small ? Math.round(small.rgb[(y * pw + x) * 3 + c]) : 200;
        }
      }
    }
  });
  return PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
}

// ---------------------------------------------------------------- run
const git = (...args) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
const commit = git('rev-parse', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'src', 'crates', 'fonts', 'Cargo.toml', 'Cargo.lock') !== '';

mkdirSync(stripsDir, { recursive: true });
const cards = readdirSync(scenes)
  .filter((f) => f.endsWith('.satori.json'))
  .map((f) => f.slice(0, -'.satori.json'.length))
  .sort();

const rows = [];
for (const card of cards) {
  const satoriFile = join(scenes, `${card}.satori.json`);
  const takumiFile = join(scenes, `${card}.takumi.json`);
  // `asset:NAME` is ours (images embedded at build time): the others get the
  // same file inlined as a data: URI — in image sources (`src`) and in
  // `url(…)` of style values only, not in text (a card may show the name).
  const dataUri = (name) =>
    `data:image/${name.endsWith('.png') ? 'png' : 'jpeg'};base64,${readFileSync(join(root, 'assets', name)).toString('base64')}`;
  const inlineAssets = (text) => JSON.stringify(JSON.parse(text), function (key, value) {
    if (typeof value !== 'string') return value;
    if (key === 'src') return value.replace(/^asset:([A-Za-z0-9._-]+)$/, (_, name) => dataUri(name));
    // A style value: `this` is the style object (satori: props.style; Takumi: style).
    if (this && this !== null && !Array.isArray(this) && key !== 'text' && key !== 'children' && /url\(/.test(value)) {
      return value.replace(/url\((['"]?)asset:([A-Za-z0-9._-]+)\1\)/g, (_, q, name) => `url(${q}${dataUri(name)}${q})`);
    }
    return value;
  });
  const satoriBody = JSON.parse(inlineAssets(readFileSync(satoriFile, 'utf8')));
  const row = { card, errors: {} };
  const attempt = async (who, fn) => {
    try {
      const png = await fn();
      // COMPAT_KEEP=DIR keeps the full-size renders, to look at closely.
      if (process.env.COMPAT_KEEP) {
        mkdirSync(process.env.COMPAT_KEEP, { recursive: true });
        writeFileSync(join(process.env.COMPAT_KEEP, `${card}.${who.toLowerCase()}.png`), png);
      }
      return decode(png);
    } catch (e) {
      const msg = String(e.stderr ?? e.message ?? e).trim().split('\n')[0];
      row.errors[who] = msg;
      return null;
    }
  };
  const ours = await attempt('ours', () => renderOurs(satoriFile));
  const sat = await attempt('satori', () => renderSatori(satoriBody));
  const tak = await attempt('Takumi', () => renderTakumi(JSON.parse(inlineAssets(readFileSync(takumiFile, 'utf8')))));
  // Diagnostics, in the table only: satori with every box border-box, and
  // the last Yoga-era satori.
  const satBB = await attempt('satori-bb', () => renderSatori({ ...satoriBody, element: borderBox(satoriBody.element) }));
  const satYoga = await attempt('satori-yoga', () => renderSatori(satoriBody, satoriYoga));
  row.unsupported = ours ? oursUnsupported(satoriBody) : null;
  const vs = (a, b) => (a && b ? compare(a, b) : null);
  row.vsSatori = vs(ours, sat);
  row.vsTakumi = vs(ours, tak);
  row.satoriVsTakumi = vs(sat, tak);
  row.vsSatoriBB = vs(ours, satBB);
  row.vsSatoriYoga = vs(ours, satYoga);
  writeFileSync(join(stripsDir, `${card}.png`), strip([ours, sat, tak], satoriBody.height / satoriBody.width));
  rows.push(row);
  const mad = (r) => (r?.mad ?? NaN).toFixed(2);
  console.log(
    card.padEnd(12),
    `ours vs satori ${mad(row.vsSatori)}, vs Takumi ${mad(row.vsTakumi)};`,
    `vs satori border-box ${mad(row.vsSatoriBB)}, vs satori ${version('satori-yoga')} ${mad(row.vsSatoriYoga)}`,
    Object.keys(row.errors).length ? JSON.stringify(row.errors) : '',
  );
}
rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------- report
const fmt = (r) => (!r ? '—' : r.error ? r.error : `${r.mad.toFixed(2)} (${(r.far * 100).toFixed(1)} %)`);
const lines = [
  '# Compatibility report: ours vs satori + resvg vs Takumi',
  '',
  `- Command: \`bash bench/compat/run.sh\` (dev-only, never run by CI)`,
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
  `- Commit measured: \`${commit}\`${dirty ? ' (with uncommitted changes to the renderer)' : ''}`,
  `- satori ${version('satori')} (and ${version('satori-yoga')}, the last with Yoga layout, in one column), @resvg/resvg-js ${version('@resvg/resvg-js')}, @takumi-rs/core ${version('@takumi-rs/core')} (native), Node ${process.version}`,
  `- Ours: \`target/release/edge-render render.png --body <card>.satori.json\` (the native CLI: the worker's bytes)`,
  '',
  'Each card in `examples/scenes/` is rendered from the same tree: ours and satori from',
  '`<card>.satori.json` (the element is what `JSON.stringify` of the JSX gives, passed to',
  'satori as is, its SVG rasterised by resvg), Takumi from `<card>.takumi.json` (its node',
  'shape, written by `examples/scenes/make.mjs` from the same cards). All three get the fonts',
  `ours embeds: ${faceList}, and the ${tiers.length} Noto Sans SC tier files (regular`,
  'only). satori keeps one file per family and weight, so each tier is registered as its own',
  'family and reached by satori\'s fallback through every loaded font; Takumi gets the same',
  'faces as its font stack in the same order. satori knows no generic families: the generic',
  'names in the cards\' `fontFamily` (`serif`, `monospace`, `sans-serif`) are rewritten to the',
  'embedded family each means in ours before satori sees the tree; Takumi gets each face with',
  'its generic name.',
  '',
  'Difference: the mean absolute difference over R, G and B of all 1200 × 630 pixels',
  '(0–255; images composited on white), and in brackets the share of pixels where some',
  'channel differs by more than 32. 0 is identical; text set a few pixels apart already',
  `gives 2–5. Strips: ours | satori ${version('satori')} | Takumi, each 396 px wide.`,
  '',
  'Two more columns tell apart where the satori difference comes from (no strip): *satori',
  'border-box* is satori again with `boxSizing: "border-box"` added to every element, and',
  `*satori ${version('satori-yoga')}* the last satori release that laid out with Yoga — the one`,
  '`@vercel/og` 1.0.3 depends on (`@cf-wasm/og` 0.4.1, in `bench/competitors/`, bundles 0.26.0,',
  'also Yoga). See *What differs everywhere*.',
  '',
  `| card | ours vs satori | ours vs Takumi | satori vs Takumi | ours vs satori border-box | ours vs satori ${version('satori-yoga')} | strip |`,
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.card} | ${fmt(r.vsSatori)} | ${fmt(r.vsTakumi)} | ${fmt(r.satoriVsTakumi)} | ${fmt(r.vsSatoriBB)} | ${fmt(r.vsSatoriYoga)} | [png](strips/${r.card}.png) |`,
  ),
  '',
];
const failures = rows.filter((r) => Object.keys(r.errors).length);
if (failures.length) {
  lines.push('## Errors', '');
  for (const r of failures) {
    for (const [who, msg] of Object.entries(r.errors)) lines.push(`- **${r.card}**, ${who}: \`${msg}\``);
  }
  lines.push('');
}
if (notes.general) lines.push('## What differs everywhere', '', notes.general.trim(), '');
lines.push('## Per card', '');
for (const r of rows) {
  lines.push(`### ${r.card}`, '', `![${r.card}: ours | satori | Takumi](strips/${r.card}.png)`, '');
  lines.push(
    `ours vs satori ${fmt(r.vsSatori)}, vs Takumi ${fmt(r.vsTakumi)}, vs satori border-box ${fmt(r.vsSatoriBB)}, vs satori ${version('satori-yoga')} ${fmt(r.vsSatoriYoga)}.`,
  );
  lines.push(
    r.unsupported
      ? `Ours reports (with \`"strict": true\`): ${r.unsupported.replace(/\n/g, ' ')}`
      : 'Ours reports no unsupported style for this card.',
  );
  lines.push('');
  if (notes[r.card]) lines.push(notes[r.card].trim(), '');
  else lines.push('_No note yet: look at the strip._', '');
}
if (notes.when) lines.push('---', '', `_Notes written by looking at the strips: ${notes.when}._`, '');
writeFileSync(join(here, 'REPORT.md'), lines.join('\n'));
console.log(`wrote ${relative(root, join(here, 'REPORT.md'))} and ${rows.length} strips`);
