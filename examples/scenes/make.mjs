// The example cards, written once as element trees and saved in both input
// shapes the /render route takes: satori / React element JSON
// (`<name>.satori.json`) and Takumi nodes (`<name>.takumi.json`).
//
//   node examples/scenes/make.mjs      # rewrites every *.json here
//
// Each file is a whole request body: {"width","height","element"}.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

// h('div', {style…}, ...children): what JSX compiles to, JSON-ready.
const h = (type, style, ...children) => ({ type, style, children: children.flat() });
// img(src, width, height, {style…}): <img src={…} width={…} height={…} style={…} />.
const img = (src, width, height, style) => ({ type: 'img', src, width, height, style, children: [] });

const cards = {
  'blog-post': h('div', {
    display: 'flex', flexDirection: 'column', justifyContent: 'space-between', width: '100%', height: '100%',
    padding: 72, backgroundImage: 'linear-gradient(135deg, #0f172a 0%, #1e3a8a 100%)', color: '#f8fafc',
  },
    h('div', { display: 'flex', alignItems: 'center', gap: 16 },
      h('div', { width: 48, height: 48, borderRadius: '50%', backgroundColor: '#38bdf8' }),
      h('span', { fontSize: 28, color: '#bae6fd' }, 'edge-render.dev / blog')),
    h('div', { display: 'flex', flexDirection: 'column', gap: 20 },
      h('h1', { fontSize: 68, fontWeight: 700, lineHeight: 1.1, margin: 0 }, 'Rendering share cards at the edge in two milliseconds'),
      h('p', { fontSize: 30, color: '#cbd5e1', margin: 0 }, 'Flexbox, gradients and text in any language — nothing fetched.')),
    h('div', { display: 'flex', justifyContent: 'space-between', fontSize: 26, color: '#94a3b8' },
      h('span', {}, 'Ada Lovelace'), h('span', {}, 'December 1, 2026'))),

  'quote': h('div', {
    display: 'flex', alignItems: 'center', justifyContent: 'center', width: '100%', height: '100%',
    backgroundColor: '#fef3c7', padding: 80,
  },
    h('div', {
      display: 'flex', flexDirection: 'column', gap: 28, padding: 56, backgroundColor: '#ffffff',
      borderRadius: 32, boxShadow: '0 20px 50px rgba(120, 53, 15, 0.25)', borderLeft: '12px solid #f59e0b',
    },
      h('div', { fontSize: 44, lineHeight: 1.35, color: '#1c1917' }, '“Simplicity is prerequisite for reliability.”'),
      h('div', { fontSize: 28, color: '#92400e', fontWeight: 700 }, '— Edsger W. Dijkstra'))),

  'product': h('div', {
    display: 'flex', width: '100%', height: '100%', backgroundColor: '#f8fafc',
  },
    h('div', {
      display: 'flex', flexDirection: 'column', justifyContent: 'center', gap: 24, width: '60%', padding: 72,
    },
      h('div', { display: 'flex' },
        h('span', {
          fontSize: 22, fontWeight: 700, color: '#065f46', backgroundColor: '#d1fae5', padding: '8px 18px', borderRadius: 999,
        }, 'NEW')),
      h('div', { fontSize: 64, fontWeight: 700, color: '#0f172a', lineHeight: 1.1 }, 'Aurora Desk Lamp'),
      h('div', { fontSize: 30, color: '#475569' }, 'Warm light, zero flicker, a week on one charge.'),
      h('div', { display: 'flex', alignItems: 'baseline', gap: 16 },
        h('span', { fontSize: 56, fontWeight: 700, color: '#0f172a' }, '$89'),
        h('span', { fontSize: 30, color: '#94a3b8', textDecoration: 'line-through' }, '$119'))),
    h('div', {
      display: 'flex', alignItems: 'center', justifyContent: 'center', width: '40%',
      backgroundImage: 'radial-gradient(circle at 50% 40%, #fde68a 0%, #f59e0b 45%, #b45309 100%)',
    },
      h('div', { width: 220, height: 220, borderRadius: 40, backgroundColor: 'rgba(255,255,255,0.35)', border: '4px solid rgba(255,255,255,0.8)', transform: 'rotate(12deg)' }))),

  'event': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: 64, gap: 32,
    backgroundImage: 'linear-gradient(to right, #7c3aed, #db2777)', color: '#ffffff',
  },
    h('div', { display: 'flex', gap: 12 },
      ...['Workshop', 'Online', 'Free'].map((t) => h('span', {
        fontSize: 24, padding: '6px 16px', borderRadius: 8, border: '2px solid rgba(255,255,255,0.7)',
      }, t))),
    h('div', { fontSize: 72, fontWeight: 700, lineHeight: 1.05 }, 'Edge Rendering Summit 2027'),
    h('div', { display: 'flex', flexDirection: 'column', gap: 8, marginTop: 'auto', fontSize: 32 },
      h('span', {}, 'March 14 · 17:00 UTC'),
      h('span', { opacity: 0.8 }, 'Talks, demos and a live benchmark shoot-out'))),

  'profile': h('div', {
    display: 'flex', alignItems: 'center', gap: 56, width: '100%', height: '100%', padding: 96,
    backgroundColor: '#111827', color: '#f9fafb',
  },
    h('div', {
      display: 'flex', alignItems: 'center', justifyContent: 'center', width: 220, height: 220, borderRadius: '50%',
      backgroundImage: 'linear-gradient(180deg, #34d399, #059669)', fontSize: 96, fontWeight: 700,
      boxShadow: '0 0 0 10px #1f2937, 0 0 0 14px #34d399',
    }, 'GH'),
    h('div', { display: 'flex', flexDirection: 'column', gap: 16 },
      h('div', { fontSize: 64, fontWeight: 700 }, 'Grace Hopper'),
      h('div', { fontSize: 32, color: '#9ca3af' }, 'Rear admiral · compiler pioneer'),
      h('div', { display: 'flex', gap: 40, fontSize: 28, marginTop: 16 },
        h('span', {}, '1,204 posts'), h('span', {}, '98k followers')))),

  'cjk-article': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: 80, gap: 28,
    backgroundColor: '#fffbeb', borderTop: '16px solid #dc2626',
  },
    h('div', { fontSize: 28, color: '#b91c1c', fontWeight: 700 }, '技术 · 边缘计算'),
    h('div', { fontSize: 60, fontWeight: 700, color: '#1c1917', lineHeight: 1.25 }, '在边缘渲染分享卡片：毫秒级的中文排版'),
    h('div', { fontSize: 30, color: '#57534e', lineHeight: 1.6 }, '标点不出现在行首，括号不留在行尾。字体随构建嵌入，渲染时不需要任何网络请求。')),

  'avatar-card': h('div', {
    display: 'flex', alignItems: 'center', gap: 72, width: '100%', height: '100%', padding: '0 110px',
    color: '#f5f3ff', backgroundColor: '#1e1b4b',
    // The embedded sample image, large and off to the right, under a
    // translucent gradient.
    backgroundImage: 'linear-gradient(180deg, rgba(30, 27, 75, 0.6) 0%, rgba(30, 27, 75, 0.92) 100%), url(asset:sample.png)',
    backgroundSize: 'auto, 520px 520px', backgroundPosition: '0 0, 118% 40%', backgroundRepeat: 'no-repeat',
  },
    img('asset:sample.png', 260, 260, {
      borderRadius: '50%', border: '10px solid #c4b5fd', backgroundColor: '#ede9fe', objectFit: 'cover',
      boxShadow: '0 24px 60px rgba(0, 0, 0, 0.55)',
    }),
    h('div', { display: 'flex', flexDirection: 'column', gap: 14 },
      h('div', { fontSize: 68, fontWeight: 700, lineHeight: 1.1 }, 'Ada Lovelace'),
      h('div', { fontSize: 32, color: '#c4b5fd' }, '@ada · analytical engines'),
      h('div', { fontSize: 28, color: '#ddd6fe', lineHeight: 1.4, maxWidth: 560, marginTop: 8 },
        'Wrote the first program for a machine that did not exist yet.'),
      h('div', { display: 'flex', gap: 16, marginTop: 20 },
        ...['1843', 'Notes', 'Bernoulli'].map((t) => h('span', {
          fontSize: 24, padding: '8px 20px', borderRadius: 999, backgroundColor: 'rgba(196, 181, 253, 0.18)',
          border: '2px solid rgba(196, 181, 253, 0.6)',
        }, t))))),
};

// Takumi's shape: container / text / image nodes, text in `text`.
function takumi(node) {
  if (typeof node === 'string') return { type: 'text', text: node };
  if (node.type === 'img') return { type: 'image', src: node.src, width: node.width, height: node.height, style: node.style };
  const kids = node.children.map(takumi);
  if (kids.length === 1 && kids[0].type === 'text' && !kids[0].style) {
    return { type: 'text', text: kids[0].text, style: node.style };
  }
  return { type: 'container', style: node.style, children: kids };
}
// Takumi applies no tag presets: the cards above spell out every style a
// tag's preset would give (h1: fontWeight, p: margin), so both shapes draw
// the same.

// satori's shape: React elements, children in props.
function satori(node) {
  if (typeof node === 'string') return node;
  if (node.type === 'img') return { type: 'img', props: { src: node.src, width: node.width, height: node.height, style: node.style } };
  const children = node.children.map(satori);
  return { type: node.type, props: { style: node.style, children: children.length === 1 ? children[0] : children } };
}

for (const [name, tree] of Object.entries(cards)) {
  const write = (shape, element) => writeFileSync(
    join(here, `${name}.${shape}.json`),
    JSON.stringify({ width: 1200, height: 630, element }, null, 1) + '\n',
  );
  write('satori', satori(tree));
  write('takumi', takumi(tree));
}
console.log(`wrote ${Object.keys(cards).length} cards × 2 shapes to ${here}`);
