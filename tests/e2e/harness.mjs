// Starts the built worker in `wrangler dev` (real workerd) on a free
// loopback port and stops it again. The worker must already be built
// (scripts/test.sh builds it); EDGE_RENDER_PREBUILT=1 stops wrangler from
// rebuilding.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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

export async function startWorker({ vars = {} } = {}) {
  const port = await freePort();
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--test-scheduled',
    '--inspector-port', String(await freePort()), '--log-level', 'log'];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child = spawn('wrangler', args, {
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
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log}`);
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
  return {
    base,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await Promise.race([exited, sleep(5000)]);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    },
  };
}
