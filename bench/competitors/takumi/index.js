// Benchmark competitor: the card rendered by Takumi (@takumi-rs/wasm), the
// idiomatic way for workerd: the .wasm imported as a WebAssembly.Module and
// handed to init(), one Renderer per isolate, the font registered once from
// an ArrayBuffer. Everything is initialised lazily on the first render, so a
// cold first request pays module instantiation + font registration. (Ours
// differs: the workers-rs glue instantiates its wasm at script start-up, before
// any request — `wrangler check startup` in BENCHMARKS.md shows it — and only
// the font is parsed on the first request.)
//
//   GET /?color=RRGGBB   1200x630 PNG card (color: hex, '#' optional, default 000000)
//   GET /health          200 "ok" without touching the renderer
import init, { Renderer } from '@takumi-rs/wasm';
import wasmModule from '@takumi-rs/wasm/takumi_wasm_bg.wasm';
import { container, text } from '@takumi-rs/helpers';
import font from './NotoSans-Regular.ttf';

const HEX = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

let ready;
function renderer() {
  ready ??= (async () => {
    await init({ module_or_path: wasmModule });
    const r = new Renderer();
    await r.registerFont({ name: 'Noto Sans', data: font, weight: 400, style: 'normal' });
    return r;
  })().catch((e) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return new Response('ok');
    if (url.pathname !== '/') return new Response('not found', { status: 404 });
    const raw = url.searchParams.get('color') ?? '000000';
    const m = HEX.exec(raw);
    if (!m) return new Response('color must be hex, e.g. ff0000', { status: 400 });
    const color = `#${m[1]}`;

    const card = container({
      style: {
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        backgroundColor: '#ffffff',
        fontFamily: 'Noto Sans',
        color,
      },
      children: [
        text('Hello from the edge', { fontSize: 64 }),
        text('Rendered on demand', { fontSize: 32 }),
      ],
    });
    const png = await (await renderer()).render(card, { width: 1200, height: 630, format: 'png' });
    return new Response(png, { headers: { 'content-type': 'image/png' } });
  },
};
