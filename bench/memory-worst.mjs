// The worst sequence of accepted requests across every route, on one
// `wrangler dev` worker (edge cache off): what issue 12 asks to keep under
// 64 MB of wasm linear memory. Prints the linear memory (`/health`
// `memory_bytes`, which never shrinks) after each request.
//
//   node bench/memory-worst.mjs        (after scripts/build-worker.sh)
import { startWorker } from '../tests/e2e/harness.mjs';
import { SCENES } from './scene-memory.mjs';

const MiB = 1024 * 1024;
const TIERS = { 'zh-Hans': '我架汤浜渴炕煨瑛睢痫翕簋窀碹', 'zh-Hant': '望泰池滋烘琦灶甥琇矜痤珖籯穋', ja: 'ァ更汚渋浩牌玖疽瞠痾渺挧緕閹', ko: '셔삽쉘뢸첬' };
// 2,000 characters of common Chinese (the embedded first tier).
const chinese = '你好，来自边缘。按需渲染的中文卡片，每一行都在边缘渲染。'.repeat(80).slice(0, 2000);
const q = encodeURIComponent;

export const STEPS = [
  ...Object.entries(TIERS).map(([lang, t]) => [`every ${lang} tier`, `/text.png?text=${q(t)}&lang=${lang}&size=48`]),
  ['2,000 Chinese characters fitted to 1,024² at dpr 2', '/text.png', { text: chinese, width: 1024, height: 1024, dpr: 2, fit: true, size: 512 }],
  ['heart 2,048 px', '/heart.png?size=2048&style=gradient'],
  ['APNG 60 frames of 373² (MAX_ANIMATION_PIXELS)', '/heart.apng?size=373&frames=60&fps=50&style=gradient'],
  ['scene: 10,000 hanzi at dpr 3', '/render', SCENES['text-cjk']],
  ['scene: translucent noise 2,048²', '/render', SCENES['noise-alpha']],
  ['scene: a 1,920² progressive 4:4:4 JPEG', '/render', SCENES['images-jpeg']],
  ['scene: 2,048² canvas + image', '/render', SCENES['canvas-image']],
  ['scene: opacity groups 2,048²', '/render', SCENES.opacity],
  ['text 2,048² at dpr 1, 2,000 chars', '/text.png', { text: 'Wg '.repeat(666), width: 2048, height: 2048, size: 200, fit: true }],
];

async function main() {
  const w = await startWorker({ vars: { EDGE_CACHE: 'off' } });
  const health = async () => JSON.parse((await w.get('/health')).body).memory_bytes;
  try {
    let peak = await health();
    console.log(`start ${(peak / MiB).toFixed(1)} MiB`);
    const order = process.argv[2] === 'reverse' ? [...STEPS].reverse() : STEPS;
    for (const [name, path, body] of order) {
      const t0 = performance.now();
      const r = body ? await w.get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) : await w.get(path);
      const m = await health();
      peak = Math.max(peak, m);
      console.log(`${r.status} ${(performance.now() - t0).toFixed(0).padStart(5)} ms  ${(m / MiB).toFixed(1).padStart(6)} MiB  ${name}${r.status !== 200 ? ' ' + r.body.toString().slice(0, 150) : ''}`);
    }
    console.log(`peak ${(peak / MiB).toFixed(1)} MiB`);
  } finally {
    await w.stop();
  }
}
if (import.meta.url === `file://${process.argv[1]}`) await main();
