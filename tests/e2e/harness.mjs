// Starts the built worker in `wrangler dev` (real workerd) on a free
// loopback port and stops it again. The worker must already be built
// (scripts/test.sh builds it); EDGE_RENDER_PREBUILT=1 stops wrangler from
// rebuilding.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// A free port can be taken by someone else between our probe and wrangler's
// bind; start again on new ports when that happens.
export async function startWorker(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e.message))) throw e;
    }
  }
}

async function startOnce({ vars = {}, args: extra = [], cwd } = {}) {
  const port = await freePort();
  // A fresh state directory per start: the local Cache API persists there,
  // and every run must begin with an empty cache.
  const state = mkdtempSync(join(tmpdir(), 'edge-render-state-'));
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--test-scheduled', '--persist-to', state,
    '--inspector-port', String(await freePort()), '--log-level', 'log'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  args.push(...extra);
  const child = spawn('wrangler', args, {
    cwd,
    env: { ...process.env, EDGE_RENDER_PREBUILT: '1', WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(state, { recursive: true, force: true });
      throw new Error(`wrangler dev exited early:\n${log}`);
    }
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      process.kill(-child.pid, 'SIGTERM');
      throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
    }
    await sleep(200);
  }
  const statuses = [];
  return {
    base,
    /** The process group of wrangler and its workerd processes. */
    pgid: child.pid,
    log: () => log,
    /** Every [path, status] this worker answered through get(). */
    statuses,
    /** fetch() with the body read into a Buffer; records the status. */
    async get(path, init = {}) {
      const r = await fetch(base + path, init);
      statuses.push([path, r.status]);
      const body = Buffer.from(await r.arrayBuffer());
      return { status: r.status, headers: r.headers, body };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await Promise.race([exited, sleep(5000)]);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      rmSync(state, { recursive: true, force: true });
    },
  };
}
