// The Worker's entry: the Rust worker (built into build/ by worker-build),
// with one JavaScript guard around it. A Rust panic aborts the wasm
// instance (`unreachable`); inside an async handler the trap surfaces as an
// uncaught error event, not as a rejection of the request's promise, so the
// guard listens for it and fails the requests in flight (the instance they
// ran on is gone) with the JSON 500 the rest of the API uses. The generated
// glue re-initialises the instance for the next request.
import RustWorker from '../build/index.js';

const INTERNAL = JSON.stringify({ error: { code: 'internal', message: 'internal error' } });
const inFlight = new Set();

function failAll(error) {
  for (const reject of inFlight) reject(error);
}
addEventListener('error', (event) => failAll(event.error));
addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof WebAssembly.RuntimeError) failAll(event.reason);
});

export default class Worker extends RustWorker {
  async fetch(request) {
    let reject;
    const trapped = new Promise((_, r) => { reject = r; });
    inFlight.add(reject);
    try {
      return await Promise.race([super.fetch(request), trapped]);
    } catch (e) {
      console.log(JSON.stringify({ event: 'panic', url: request.url, error: String((e && e.message) || e) }));
      return new Response(INTERNAL, {
        status: 500,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    } finally {
      inFlight.delete(reject);
    }
  }
}
