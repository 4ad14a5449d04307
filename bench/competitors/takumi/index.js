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
//   GET /scene?tree=B64  a scene: B64 is base64url of {"width","height","element"},
//                        the element in Takumi's node shape (examples/scenes/
//                        <card>.takumi.json), drawn with Noto Sans 400 and 700
//   GET /health          200 "ok" without touching the renderer
import init, { Renderer } from '@takumi-rs/wasm';
import wasmModule from '@takumi-rs/wasm/takumi_wasm_bg.wasm';
import { container, text } from '@takumi-rs/helpers';
import font from './NotoSans-Regular.ttf';
import bold from './NotoSans-Bold.ttf';

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

// The bold face, registered with the first scene (the text card needs none).
let sceneReady;
function sceneRenderer() {
  sceneReady ??= renderer().then(async (r) => {
    await r.registerFont({ name: 'Noto Sans', data: bold, weight: 700, style: 'normal' });
    return r;
  }).catch((e) => {
    sceneReady = undefined;
    throw e;
  });
  return sceneReady;
}

// base64url (padding optional) -> the JSON it holds, or null.
function fromBase64url(s) {
  try {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}

async function scene(url) {
  const body = fromBase64url(url.searchParams.get('tree') ?? '');
  if (!body || typeof body.element !== 'object') {
    return new Response('tree must be base64url of JSON {width, height, element}', { status: 400 });
  }
  const png = await (await sceneRenderer()).render(body.element, {
    width: body.width, height: body.height, format: 'png', fontFamilies: ['Noto Sans'],
  });
  return new Response(png, { headers: { 'content-type': 'image/png' } });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return new Response('ok');
    if (url.pathname === '/scene') return scene(url);
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
