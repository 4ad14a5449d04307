// Linear memory of the heaviest scenes `/render` accepts, in `wrangler dev`
// (workerd): for each scene a fresh worker (edge cache off) answers
// `/health`, the scene, `/health` again — the wasm linear memory
// (`memory_bytes`) only ever grows, so the second figure is the scene's
// high-water mark on top of a cold instance — and then every scene in turn
// on one worker (the worst accepted sequence). Prints a Markdown table.
//
//   node bench/scene-memory.mjs            (after scripts/build-worker.sh)
//   node bench/scene-memory.mjs nodes text  (only the scenes named)
//
// The scenes are built here, each at a limit of src/params/limits.rs:
// canvas pixels, nodes, depth, text characters, image pixels per scene
// (as PNG and as progressive 4:4:4 JPEG, whose decoder holds coefficients
// too), shadows and gradient layers, nested opacity groups and clips.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../tests/e2e/harness.mjs';
import { png } from '../tests/e2e/png.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;

// A width × height PNG of random RGBA from a fixed seed: alpha 40–167
// when `translucent`, else opaque.
function noise(width, height, translucent) {
  let seed = 7;
  const byte = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return png(width, height, () => [byte(), byte(), byte(), translucent ? 40 + (byte() >> 1) : 255]);
}

const uri = (mime, bytes) => `data:${mime};base64,${bytes.toString('base64')}`;
const div = (style, children) => ({ type: 'div', props: { style, children } });
const full = { display: 'flex', width: '100%', height: '100%' };
/** A chain of `depth` elements, each `style`, around `inner`. */
const chain = (depth, style, inner) => {
  let el = inner;
  for (let i = 0; i < depth; i++) el = div({ ...full, ...style }, el);
  return el;
};

// Progressive 4:4:4 JPEGs of one colour (tests/fixtures/images/README.md):
// 2,048² (over MAX_SCENE_MEMORY_BYTES while it decodes) and 1,920² (the
// accepted, near the most).
const jpeg2048 = uri('image/jpeg', readFileSync(join(root, 'tests/fixtures/images/flat-2048-progressive.jpg')));
const jpeg1920 = uri('image/jpeg', readFileSync(join(root, 'tests/fixtures/images/flat-1920-progressive.jpg')));
const photo = (src) => ({ type: 'img', props: { src, style: { width: '100%', height: '100%', objectFit: 'cover' } } });

const hanzi = () => {
  // Every CJK ideograph the embedded tiers hold is somewhere in U+4E00..U+9FA5.
  let s = '';
  for (let cp = 0x4e00; s.length < 10000; cp = cp >= 0x9fa5 ? 0x4e00 : cp + 1) s += String.fromCodePoint(cp);
  return s;
};

function imagesScene(a, b) {
  const img = (src) => ({ type: 'img', props: { src, style: { width: '50%', height: '100%', objectFit: 'cover' } } });
  return { width: 1200, height: 630, element: div(full, [img(a), img(b)]) };
}

function noiseScene(translucent) {
  const tile = uri('image/png', noise(160, 160, translucent));
  return {
    width: 2048, height: 2048,
    element: div(full, [div({ position: 'absolute', top: -600, left: -600, width: 3248, height: 3248, backgroundImage: `url(${tile})`, backgroundSize: '333px 333px', transform: 'rotate(7deg)' }, [])]),
  };
}

export const SCENES = {
  // The largest canvas: 2,048² at dpr 1 (MAX_PIXELS), a gradient and a word.
  canvas: { width: 2048, height: 2048, element: div({ ...full, backgroundImage: 'linear-gradient(135deg, #0f172a, #1e3a8a)', color: 'white', fontSize: 200 }, 'Edge') },
  // MAX_SCENE_NODES − 1 boxes (the root is one) with a radius and a
  // shadow each, every other one a gradient too (Takumi's shape, the
  // shorter, to stay under MAX_SCENE_BODY_BYTES), in a 1,200×630 card.
  nodes: {
    width: 1200, height: 630,
    element: { type: 'container', style: { ...full, flexWrap: 'wrap', gap: 1 }, children: Array.from({ length: 1999 }, (_, i) => ({ type: 'container', style: { width: 22, height: 14, borderRadius: 4, boxShadow: '0 2px 4px red', ...(i % 2 ? { background: 'linear-gradient(red,tan)' } : {}) } })) },
  },
  // MAX_SCENE_TEXT_CHARS of Chinese at dpr 3 (every tier parsed), 14 px.
  'text-cjk': { width: 682, height: 682, dpr: 3, element: div({ ...full, fontSize: 14, lineHeight: 1 }, hanzi()) },
  // MAX_SCENE_TEXT_CHARS at 512 px and dpr 3: glyphs of 1,536 px.
  'text-huge': { width: 682, height: 682, dpr: 3, element: div({ ...full, fontSize: 512, flexWrap: 'wrap' }, 'Wg'.repeat(5000)) },
  // MAX_SCENE_IMAGE_PIXELS as two 2,048² PNGs on a 1,200×630 canvas
  // (with the largest canvas they are over MAX_SCENE_MEMORY_BYTES).
  'images-png': imagesScene(uri('image/png', png(2048, 2048, [200, 30, 40, 255])), uri('image/png', png(2048, 2048, [30, 40, 200, 128]))),
  // A progressive 4:4:4 JPEG (the decoder's worst case: it holds two bytes
  // of coefficients a sample until the last scan) on a card: 1,920² is
  // accepted, near the most (14.1 MiB of pixels + 21.1 of coefficients);
  // 2,048² (16 + 24) is a 422 before anything is decoded.
  'images-jpeg': { width: 1200, height: 630, element: div(full, [photo(jpeg1920)]) },
  'jpeg-over': { width: 1200, height: 630, element: div(full, [photo(jpeg2048)]) },
  // The largest canvas with that JPEG.
  'canvas-image': { width: 2048, height: 2048, element: photo(jpeg1920) },
  // The largest canvas covered by a noise tile, scaled and turned so that
  // no two rows repeat: the PNG encoder's worst case (incompressible), opaque
  // and translucent.
  noise: noiseScene(false),
  'noise-alpha': noiseScene(true),
  // MAX_SCENE_LAYERS shadows of MAX_SHADOW_BLUR on a canvas-sized box.
  shadows: { width: 2048, height: 2048, element: div({ ...full, margin: 200, width: 1648, height: 1648, backgroundColor: 'white', boxShadow: Array.from({ length: 8 }, (_, i) => `${i * 10}px ${i * 10}px 256px ${i * 20}px rgba(0,0,0,0.2)`).join(', ') }) },
  // MAX_SCENE_DEPTH nested opacity groups, each as large as the canvas.
  opacity: { width: 2048, height: 2048, element: chain(31, { opacity: 0.97, backgroundColor: 'rgba(255,0,0,0.05)' }, 'x') },
  // MAX_SCENE_DEPTH nested rounded clips, each as large as the canvas.
  clips: { width: 2048, height: 2048, element: chain(31, { overflow: 'hidden', borderRadius: 64, backgroundColor: 'rgba(0,0,255,0.05)' }, 'x') },
};

async function health(w) {
  return JSON.parse((await w.get('/health')).body).memory_bytes;
}

async function send(w, name) {
  const body = JSON.stringify(SCENES[name]);
  const t0 = performance.now();
  const r = await w.get('/render', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const ms = performance.now() - t0;
  return { status: r.status, ms, bytes: body.length, timing: r.headers.get('server-timing'), error: r.status === 200 ? null : r.body.toString().slice(0, 200) };
}

const mib = (b) => (b / MiB).toFixed(1);

async function main() {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCENES);
  const rows = [];
  for (const name of names) {
    const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
    try {
      const before = await health(w);
      const r = await send(w, name);
      const after = await health(w);
      rows.push({ name, before, after, ...r });
      console.error(`${name}: ${r.status} ${r.ms.toFixed(0)} ms, ${mib(before)} → ${mib(after)} MiB${r.error ? ' ' + r.error : ''}`);
    } finally {
      await w.stop();
    }
  }
  const seq = [];
  const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  try {
    seq.push(['start', await health(w)]);
    for (const name of names) {
      const r = await send(w, name);
      seq.push([`${name} (${r.status})`, await health(w)]);
    }
  } finally {
    await w.stop();
  }
  console.log('| scene | body | status | ms | linear memory: fresh → after | Server-Timing |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| \`${r.name}\` | ${(r.bytes / 1024).toFixed(0)} KB | ${r.status} | ${r.ms.toFixed(0)} | ${mib(r.before)} → **${mib(r.after)} MiB** | ${r.timing ?? r.error} |`);
  }
  console.log('\nIn sequence on one worker: ' + seq.map(([n, m]) => `${n} ${mib(m)}`).join(' → ') + ' MiB');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
