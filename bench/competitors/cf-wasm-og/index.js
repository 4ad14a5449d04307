// Benchmark competitor: the card rendered by @cf-wasm/og (satori -> SVG ->
// resvg -> PNG), its documented workerd entry point. The font is passed
// explicitly as both `defaultFont` and `fonts` (the same ArrayBuffer, so
// satori parses it once per isolate), and `loadAdditionalAsset` answers []
// so nothing is ever fetched from Google Fonts (no internet here).
//
//   GET /?color=RRGGBB   1200x630 PNG card (color: hex, '#' optional, default 000000)
//   GET /health          200 "ok" without touching the renderer
import { ImageResponse, CustomFont, cache } from '@cf-wasm/og/workerd';
import fontData from './NotoSans-Regular.ttf';

const HEX = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;
const FONT = new CustomFont('Noto Sans', fontData, { weight: 400, style: 'normal' });

const el = (type, style, children) => ({ type, props: { style, children } });

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return new Response('ok');
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
