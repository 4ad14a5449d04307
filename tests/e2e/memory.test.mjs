// Issue 12's memory ceiling: sequences of the heaviest accepted requests
// keep the isolate's wasm linear memory at most 64 MiB, each on a fresh
// worker. Linear memory never shrinks, so its size after the last request
// is the sequence's high-water mark. The sequences:
// - bench/memory-worst.mjs, across every route (every CJK tier, a 2,048²
//   heart and text, a 60-frame APNG, 10,000 hanzi at dpr 3, an
//   incompressible 2,048² scene, the largest progressive JPEG a card
//   takes, …), in both orders;
// - bench/scene-memory.mjs, every scene at a limit in turn, in both orders.
// Requests refused up front (422) are part of the sequences too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWorker } from './harness.mjs';
import { STEPS } from '../../bench/memory-worst.mjs';
import { SCENES } from '../../bench/scene-memory.mjs';

const MiB = 1024 * 1024;
/** Steps refused before anything is allocated: over a scene limit. */
const REFUSED = new Set(['scene: opacity groups 2,048²', 'opacity', 'clips', 'jpeg-over']);

async function sequence(steps) {
  const limit = 64;
  const w = await startWorker({ vars: { EDGE_CACHE: 'off', RENDER_LOG: 'off' } });
  try {
    for (const [name, path, body] of steps) {
      const r = body
        ? await w.get(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        : await w.get(path);
      assert.equal(r.status, REFUSED.has(name) ? 422 : 200, `${name}: ${r.body.toString().slice(0, 300)}`);
    }
    const memory = JSON.parse((await w.get('/health')).body).memory_bytes;
    assert.ok(memory <= limit * MiB, `linear memory ${(memory / MiB).toFixed(1)} MiB after the sequence (limit ${limit})`);
  } finally {
    await w.stop();
  }
}

test('the worst sequence of accepted requests stays within 64 MiB of linear memory', () => sequence(STEPS));
test('the worst sequence, in the reverse order, stays within 64 MiB', () => sequence([...STEPS].reverse()));
const SCENE_STEPS = Object.entries(SCENES).map(([name, scene]) => [name, '/render', scene]);
test('every scene at a limit in turn stays within 64 MiB', () => sequence(SCENE_STEPS));
test('every scene at a limit, in the reverse order, stays within 64 MiB', () => sequence([...SCENE_STEPS].reverse()));
