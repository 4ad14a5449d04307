// Benchmark competitor: the card rendered by @cf-wasm/og (satori -> SVG ->
// resvg -> PNG), its documented workerd entry point. The font is passed
// explicitly as both `defaultFont` and `fonts` (the same ArrayBuffer, so
// satori parses it once per isolate), and `loadAdditionalAsset` answers []
// so nothing is ever fetched from Google Fonts (no internet here).
//
//   GET /?color=RRGGBB   1200x630 PNG card (color: hex, '#' optional, default 000000)
//   GET /scene?tree=B64  a scene: B64 is base64url of {"width","height","element"},
//                        the element in satori's (React element) shape
//                        (examples/scenes/<card>.satori.json), drawn with Noto
//                        Sans 400 and 700
//   GET /health          200 "ok" without touching the renderer
import { ImageResponse, CustomFont, cache } from '@cf-wasm/og/workerd';
import fontData from './NotoSans-Regular.ttf';
import boldData from './NotoSans-Bold.ttf';

const HEX = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const FONT = new CustomFont('Noto Sans', fontData, { weight: 400, style: 'normal' });
const BOLD = new CustomFont('Noto Sans', boldData, { weight: 700, style: 'normal' });
// @cf-wasm/og registers `defaultFont` under the family name "sans serif",
// which satori uses for text whose fontFamily names no loaded font (the
// example cards name none): the bold face joins that family too, or bold
// text there would be drawn regular.
const DEFAULT_BOLD = new CustomFont('sans serif', boldData, { weight: 700, style: 'normal' });

const el = (type, style, children) => ({ type, props: { style, children } });

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

function scene(url) {
  const body = fromBase64url(url.searchParams.get('tree') ?? '');
  if (!body || typeof body.element !== 'object') {
    return new Response('tree must be base64url of JSON {width, height, element}', { status: 400 });
  }
  return ImageResponse.async(body.element, {
    width: body.width,
    height: body.height,
    format: 'png',
    defaultFont: FONT,
    fonts: [FONT, BOLD, DEFAULT_BOLD],
    loadAdditionalAsset: () => [],
  });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return new Response('ok');
    if (url.pathname === '/scene') {
      cache.setExecutionContext(ctx);
      return scene(url);
    }
    if (url.pathname !== '/') return new Response('not found', { status: 404 });
    const raw = url.searchParams.get('color') ?? '000000';
    const m = HEX.exec(raw);
    if (!m) return new Response('color must be hex, e.g. ff0000', { status: 400 });
    const color = `#${m[1]}`;

    cache.setExecutionContext(ctx);
    const card = el(
      'div',
      {
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
      [
        el('div', { fontSize: 64 }, 'Hello from the edge'),
        el('div', { fontSize: 32 }, 'Rendered on demand'),
      ],
    );
    return ImageResponse.async(card, {
      width: 1200,
      height: 630,
      format: 'png',
      defaultFont: FONT,
      fonts: [FONT],
      loadAdditionalAsset: () => [],
    });
  },
};
