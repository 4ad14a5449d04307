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


// Decorations placed with `position: 'absolute'` come first in a card and
// the content after them says `position: 'relative'`: browsers, satori 0.63
// and Takumi paint positioned boxes above in-flow ones, so content that
// should lie over a decoration is positioned too (ours paints in tree order,
// every box relative, and draws the same either way).

// Small pieces the cards share.
// A dot: status lights, legends, bullets.
const dot = (size, color, style = {}) => h('div', { width: size, height: size, borderRadius: '50%', backgroundColor: color, flexShrink: 0, ...style });
// A check mark drawn with two borders of a rotated box, in a circle.
const check = (size, color, bg) => h('div', {
  display: 'flex', alignItems: 'center', justifyContent: 'center', width: size, height: size, borderRadius: '50%',
  backgroundColor: bg, flexShrink: 0,
}, h('div', {
  width: size * 0.28, height: size * 0.5, marginTop: -size * 0.1, borderRight: `${Math.max(2, size * 0.11)}px solid ${color}`,
  borderBottom: `${Math.max(2, size * 0.11)}px solid ${color}`, transform: 'rotate(45deg)',
}));
// A pill-shaped label.
const pill = (text, style) => h('span', { padding: '6px 16px', borderRadius: 999, fontSize: 20, fontWeight: 600, ...style }, text);

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
  // Three tiers, the middle one raised and marked; check marks drawn with
  // borders, the badge placed absolutely over the card's top edge.
  'pricing': h('div', {
    display: 'flex', flexDirection: 'column', alignItems: 'center', width: '100%', height: '100%', padding: '44px 64px 0',
    backgroundColor: '#f8fafc', backgroundImage: 'radial-gradient(ellipse at 50% 0%, #e0e7ff 0%, #f8fafc 70%)',
  },
    h('div', { fontSize: 20, fontWeight: 700, color: '#4f46e5', textTransform: 'uppercase' }, 'Pricing'),
    h('div', { fontSize: 44, fontWeight: 800, color: '#0f172a', marginTop: 4, marginBottom: 36 }, 'Plans that scale with your traffic'),
    h('div', { display: 'flex', gap: 28, width: '100%', alignItems: 'flex-start' },
      ...[
        ['Hobby', '$0', 'For side projects', ['10k renders a month', 'Every embedded font', 'Community support'], false],
        ['Pro', '$29', 'For products in production', ['1M renders a month', 'Signed URLs', 'Email support'], true],
        ['Team', '$99', 'For busy sites and teams', ['10M renders a month', 'Custom fonts and assets', 'A 99.9% SLA'], false],
      ].map(([name, price, blurb, features, hot]) => h('div', {
        display: 'flex', flexDirection: 'column', flex: 1, padding: '30px 32px', borderRadius: 24, position: 'relative',
        backgroundColor: hot ? '#4f46e5' : '#ffffff', color: hot ? '#ffffff' : '#0f172a', marginTop: hot ? 0 : 20,
        ...(hot ? { backgroundImage: 'linear-gradient(160deg, #6366f1 0%, #4338ca 100%)' } : { border: '1px solid #e2e8f0' }),
        boxShadow: hot ? '0 24px 48px rgba(67, 56, 202, 0.35)' : '0 8px 24px rgba(15, 23, 42, 0.06)',
      },
        hot ? h('div', { position: 'absolute', top: -16, left: 0, right: 0, display: 'flex', justifyContent: 'center' },
          pill('Most popular', { backgroundColor: '#fbbf24', color: '#451a03', fontSize: 18, fontWeight: 700, padding: '5px 16px' })) : [],
        h('div', { fontSize: 24, fontWeight: 700 }, name),
        h('div', { display: 'flex', alignItems: 'baseline', gap: 6, marginTop: 8 },
          h('span', { fontSize: 56, fontWeight: 800, lineHeight: 1.1 }, price),
          h('span', { fontSize: 20, color: hot ? '#c7d2fe' : '#64748b' }, '/month')),
        h('div', { fontSize: 19, color: hot ? '#e0e7ff' : '#64748b', marginTop: 4, paddingBottom: 18,
          borderBottom: `1px solid ${hot ? 'rgba(255, 255, 255, 0.25)' : '#e2e8f0'}` }, blurb),
        h('div', { display: 'flex', flexDirection: 'column', gap: 12, marginTop: 18 },
          ...features.map((f) => h('div', { display: 'flex', alignItems: 'center', gap: 12, fontSize: 19 },
            check(24, hot ? '#4338ca' : '#ffffff', hot ? '#ffffff' : '#22c55e'), h('span', {}, f)))),
        h('div', {
          display: 'flex', justifyContent: 'center', marginTop: 26, padding: '12px 0', borderRadius: 12, fontSize: 19, fontWeight: 700,
          backgroundColor: hot ? '#ffffff' : '#f1f5f9', color: hot ? '#4338ca' : '#0f172a',
        }, hot ? 'Start a free trial' : 'Get started'))))),

  // A second article card: light, serif headline with one word set in the
  // accent colour (an inline span), an excerpt clamped to two lines.
  'article': h('div', {
    display: 'flex', width: '100%', height: '100%', backgroundColor: '#fffaf3', color: '#1c1917',
  },
    h('div', { display: 'flex', flexDirection: 'column', justifyContent: 'space-between', flex: 1, padding: '64px 56px 56px 72px' },
      h('div', { display: 'flex', alignItems: 'center', gap: 14, fontSize: 22, color: '#9a3412', fontWeight: 700, textTransform: 'uppercase' },
        h('div', { width: 36, height: 4, backgroundColor: '#ea580c', borderRadius: 2 }), 'Engineering'),
      h('div', { display: 'flex', flexDirection: 'column', gap: 22 },
        h('div', { display: 'block', fontFamily: 'serif', fontSize: 58, lineHeight: 1.12, fontWeight: 400 },
          'Why we draw every glyph ', h('span', { color: '#ea580c' }, 'ourselves')),
        h('div', { fontSize: 24, lineHeight: 1.5, color: '#57534e', lineClamp: 2 },
          'Shaping, fallback and line breaking for share cards in any language, inside a worker that starts in milliseconds and never fetches a font at render time.')),
      h('div', { display: 'flex', alignItems: 'center', gap: 18 },
        img('asset:portrait-1.png', 64, 64, { borderRadius: '50%', border: '3px solid #fed7aa' }),
        h('div', { display: 'flex', flexDirection: 'column', gap: 2 },
          h('div', { fontSize: 24, fontWeight: 700 }, 'Ada Lovelace'),
          h('div', { fontSize: 20, color: '#78716c' }, 'Dec 4, 2026 · 9 min read')))),
    h('div', {
      display: 'flex', alignItems: 'center', justifyContent: 'center', width: 380, position: 'relative', overflow: 'hidden',
      backgroundImage: 'linear-gradient(200deg, #fb923c 0%, #ea580c 55%, #9a3412 100%)',
    },
      h('div', { position: 'absolute', width: 420, height: 420, borderRadius: '50%', border: '2px solid rgba(255, 255, 255, 0.25)', top: -120, left: -60 }),
      h('div', { position: 'absolute', width: 260, height: 260, borderRadius: '50%', backgroundColor: 'rgba(255, 255, 255, 0.12)', bottom: -70, right: -50 }),
      h('div', { position: 'relative', fontFamily: 'serif', fontSize: 260, color: '#fff7ed', lineHeight: 1, opacity: 0.95 }, 'Aa'))),

  // A GitHub-style repository card: owner / name with the name in bold (an
  // inline span), a one-line description cut with an ellipsis, a stats
  // row and the language bar with its legend.
  'github-repo': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: '64px 72px 0', backgroundColor: '#ffffff', color: '#1f2328',
  },
    h('div', { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 48 },
      h('div', { display: 'flex', flexDirection: 'column', gap: 20, flex: 1, minWidth: 0 },
        h('div', { display: 'block', fontSize: 56, lineHeight: 1.2, color: '#59636e', fontWeight: 300 },
          'edge-render/', h('span', { color: '#1f2328', fontWeight: 700 }, 'edge-render')),
        h('div', { fontSize: 28, color: '#59636e', lineHeight: 1.4, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
          'Share cards, text banners and hearts rendered in a Cloudflare Worker: tiny-skia, fontdue and taffy compiled to WebAssembly.'),
        h('div', { display: 'flex', gap: 10 },
          ...['rust', 'webassembly', 'cloudflare-workers', 'og-image'].map((t) =>
            pill(t, { backgroundColor: '#ddf4ff', color: '#0969da', fontSize: 19, padding: '4px 14px' })))),
      img('asset:logo.png', 128, 128, { borderRadius: 28, boxShadow: '0 8px 24px rgba(31, 35, 40, 0.15)' })),
    h('div', { display: 'flex', gap: 72, marginTop: 48 },
      ...[['2.4k', 'Stars'], ['128', 'Forks'], ['37', 'Issues'], ['41', 'Contributors']].map(([n, label]) =>
        h('div', { display: 'flex', flexDirection: 'column', gap: 2 },
          h('span', { fontSize: 48, fontWeight: 700 }, n),
          h('span', { fontSize: 24, color: '#59636e' }, label)))),
    h('div', { display: 'flex', gap: 32, marginTop: 'auto', marginBottom: 28, fontSize: 20, color: '#59636e' },
      ...[['Rust', '78.4%', '#dea584'], ['JavaScript', '14.2%', '#f1e05a'], ['Shell', '5.1%', '#89e051'], ['Other', '2.3%', '#9198a1']].map(([lang, pct, c]) =>
        h('div', { display: 'flex', alignItems: 'center', gap: 10 }, dot(14, c), h('span', { color: '#1f2328', fontWeight: 600 }, lang), h('span', {}, pct)))),
    h('div', { display: 'flex', height: 14, marginLeft: -72, marginRight: -72 },
      ...[[78.4, '#dea584'], [14.2, '#f1e05a'], [5.1, '#89e051'], [2.3, '#9198a1']].map(([w, c]) => h('div', { width: `${w}%`, backgroundColor: c })))),

  // A podcast episode: cover art built from gradients and type, a waveform
  // of 48 bars (the played part in the accent colour), times under it.
  'podcast': h('div', {
    display: 'flex', alignItems: 'center', gap: 64, width: '100%', height: '100%', padding: '0 72px', color: '#f8fafc',
    backgroundColor: '#0b1020',
    backgroundImage: 'radial-gradient(circle at 90% 10%, rgba(244, 63, 94, 0.3) 0%, rgba(11, 16, 32, 0) 40%)',
  },
    h('div', {
      display: 'flex', flexDirection: 'column', justifyContent: 'flex-end', width: 380, height: 380, flexShrink: 0, padding: 36,
      borderRadius: 32, position: 'relative', overflow: 'hidden',
      backgroundImage: 'linear-gradient(145deg, #f43f5e 0%, #a855f7 60%, #6366f1 100%)', boxShadow: '0 30px 60px rgba(0, 0, 0, 0.5)',
    },
      h('div', { position: 'absolute', top: -90, right: -90, width: 300, height: 300, borderRadius: '50%', border: '36px solid rgba(255, 255, 255, 0.16)' }),
      h('div', { position: 'absolute', top: 36, left: 36, fontSize: 22, fontWeight: 700, color: 'rgba(255, 255, 255, 0.85)' }, 'EP 42'),
      h('div', { fontSize: 64, fontWeight: 900, lineHeight: 0.95, position: 'relative' }, 'THE'),
      h('div', { fontSize: 64, fontWeight: 900, lineHeight: 0.95, position: 'relative' }, 'EDGE'),
      h('div', { fontSize: 26, fontWeight: 300, marginTop: 10, color: 'rgba(255, 255, 255, 0.9)', position: 'relative' }, 'a podcast about the web')),
    h('div', { display: 'flex', flexDirection: 'column', flex: 1, gap: 22 },
      h('div', { display: 'flex', gap: 12 },
        pill('New episode', { backgroundColor: '#f43f5e', color: '#ffffff' }),
        pill('48 min', { backgroundColor: 'rgba(255, 255, 255, 0.1)', color: '#cbd5e1', fontWeight: 400 })),
      h('div', { fontSize: 50, fontWeight: 800, lineHeight: 1.12 }, 'Cold starts, warm caches and the two-millisecond card'),
      h('div', { display: 'flex', alignItems: 'center', gap: 14, fontSize: 24, color: '#94a3b8' },
        img('asset:portrait-2.png', 44, 44, { borderRadius: '50%' }), 'with Linus Ng, runtime engineer'),
      h('div', { display: 'flex', alignItems: 'center', gap: 5, height: 72, marginTop: 8 },
        ...Array.from({ length: 48 }, (_, i) => h('div', {
          width: 7, borderRadius: 4, backgroundColor: i < 19 ? '#f43f5e' : '#334155',
          height: Math.round(14 + 56 * Math.abs(Math.sin(i * 0.55) * Math.cos(i * 0.23))),
        }))),
      h('div', { display: 'flex', justifyContent: 'space-between', fontSize: 20, color: '#64748b' },
        h('span', {}, '19:12'), h('span', {}, '48:03')))),
  // A job posting: logo and company, the role, tags that wrap, the salary,
  // soft circles bleeding off the right edge (the root clips them).
  'job-posting': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: '64px 80px', position: 'relative',
    overflow: 'hidden', backgroundColor: '#ffffff', color: '#0f172a',
  },
    h('div', { position: 'absolute', width: 520, height: 520, borderRadius: '50%', backgroundColor: '#ecfdf5', top: -160, right: -140 }),
    h('div', { position: 'absolute', width: 300, height: 300, borderRadius: '50%', border: '40px solid #d1fae5', bottom: -120, right: 120 }),
    h('div', { display: 'flex', alignItems: 'center', gap: 20, position: 'relative' },
      img('asset:logo.png', 72, 72, {}),
      h('div', { display: 'flex', flexDirection: 'column' },
        h('span', { fontSize: 30, fontWeight: 700 }, 'Edgeworks'),
        h('span', { fontSize: 22, color: '#64748b' }, 'Lisbon · Remote')),
      pill("We're hiring", { marginLeft: 16, backgroundColor: '#10b981', color: '#ffffff', fontSize: 22, padding: '8px 20px' })),
    h('div', { fontSize: 70, fontWeight: 800, lineHeight: 1.08, marginTop: 48, maxWidth: 860, position: 'relative' }, 'Senior Rust Engineer, Rendering'),
    h('div', { display: 'flex', flexWrap: 'wrap', gap: 14, marginTop: 32, maxWidth: 820, position: 'relative' },
      ...['Full-time', 'Remote in EU or US', 'Rust', 'WebAssembly', 'Typography', 'Open source'].map((t) =>
        pill(t, { backgroundColor: '#f1f5f9', color: '#334155', fontSize: 24, fontWeight: 500, padding: '8px 20px', border: '1px solid #e2e8f0' }))),
    h('div', { display: 'flex', alignItems: 'baseline', gap: 14, marginTop: 'auto', position: 'relative' },
      h('span', { fontSize: 40, fontWeight: 800, color: '#047857' }, '€95k – €130k'),
      h('span', { fontSize: 24, color: '#64748b' }, 'plus equity · apply at edgeworks.dev/jobs'))),

  // A conference speaker: the portrait in a gradient frame over a rotated
  // square, name and talk, the talk title in italics.
  'speaker': h('div', {
    display: 'flex', alignItems: 'center', gap: 80, width: '100%', height: '100%', padding: '0 96px', color: '#ffffff',
    backgroundColor: '#042f2e', backgroundImage: 'linear-gradient(120deg, #042f2e 0%, #134e4a 100%)',
  },
    h('div', { display: 'flex', position: 'relative', width: 340, height: 340, flexShrink: 0 },
      h('div', { position: 'absolute', top: 24, left: 24, width: 320, height: 320, borderRadius: 48, backgroundColor: '#facc15', transform: 'rotate(8deg)' }),
      h('div', { display: 'flex', position: 'relative', padding: 10, borderRadius: 48, backgroundImage: 'linear-gradient(135deg, #5eead4, #2dd4bf 50%, #0d9488)', boxShadow: '0 20px 50px rgba(0, 0, 0, 0.4)' },
        img('asset:portrait-1.png', 320, 320, { borderRadius: 40 }))),
    h('div', { display: 'flex', flexDirection: 'column', flex: 1, gap: 18 },
      h('div', { display: 'flex', alignItems: 'center', gap: 14, fontSize: 22, fontWeight: 700, color: '#facc15', textTransform: 'uppercase' },
        dot(12, '#facc15'), 'Speaker · RustEdge 2027'),
      h('div', { fontSize: 72, fontWeight: 900, lineHeight: 1.05 }, 'Ada Lovelace'),
      h('div', { fontSize: 28, fontWeight: 300, color: '#99f6e4' }, 'Principal Engineer, Analytical Engines'),
      h('div', { fontSize: 36, fontStyle: 'italic', lineHeight: 1.3, marginTop: 14, paddingLeft: 24, borderLeft: '4px solid #2dd4bf' },
        '“Notes on the first program for a machine that did not exist”'),
      h('div', { display: 'flex', gap: 28, marginTop: 14, fontSize: 24, color: '#ccfbf1' },
        h('span', {}, 'May 20 · 14:30'), h('span', {}, 'Hall B, Lisbon')))),

  // Release notes: a version pill in monospace, four entries each with a
  // coloured label, the version number huge and faint behind.
  'changelog': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: '60px 80px', position: 'relative',
    overflow: 'hidden', backgroundColor: '#0f172a', color: '#e2e8f0',
  },
    h('div', { position: 'absolute', right: -20, bottom: -80, fontSize: 380, fontWeight: 900, color: '#ffffff', opacity: 0.05, lineHeight: 1 }, '2.4'),
    h('div', { display: 'flex', alignItems: 'center', gap: 18, position: 'relative' },
      img('asset:logo.png', 56, 56, { borderRadius: 14 }),
      h('span', { fontSize: 28, fontWeight: 700, color: '#ffffff' }, 'edge-render'),
      h('span', { fontFamily: 'monospace', fontSize: 24, color: '#a5b4fc', backgroundColor: 'rgba(99, 102, 241, 0.18)', border: '1px solid rgba(165, 180, 252, 0.4)', padding: '4px 14px', borderRadius: 8 }, 'v2.4.0'),
      h('span', { fontSize: 22, color: '#64748b', marginLeft: 'auto' }, 'December 4, 2026')),
    h('div', { fontSize: 60, fontWeight: 800, color: '#ffffff', marginTop: 36, marginBottom: 28, position: 'relative' }, 'What’s new in 2.4'),
    h('div', { display: 'flex', flexDirection: 'column', gap: 18, position: 'relative' },
      ...[
        ['Added', '#22c55e', 'Scenes from satori and Takumi trees, with images'],
        ['Added', '#22c55e', 'Noto Sans in nine weights, and italics'],
        ['Improved', '#38bdf8', 'Cold start: the first card in under 60 ms'],
        ['Fixed', '#f59e0b', 'Kinsoku at the end of a clamped CJK line'],
      ].map(([kind, c, text]) => h('div', { display: 'flex', alignItems: 'center', gap: 20, fontSize: 28 },
        h('span', { width: 132, textAlign: 'center', fontSize: 20, fontWeight: 700, color: c, border: `2px solid ${c}`, borderRadius: 8, padding: '3px 0' }, kind),
        h('span', {}, text))))),

  // A dashboard tile: the headline number with its change, a bar chart of
  // twelve months (the last one highlighted), two smaller tiles beside it.
  'stats-dashboard': h('div', {
    display: 'flex', gap: 28, width: '100%', height: '100%', padding: 48, backgroundColor: '#eef2ff', color: '#1e1b4b',
  },
    h('div', {
      display: 'flex', flexDirection: 'column', flex: 1, padding: '36px 40px', backgroundColor: '#ffffff', borderRadius: 28,
      boxShadow: '0 10px 30px rgba(30, 27, 75, 0.08)',
    },
      h('div', { display: 'flex', justifyContent: 'space-between', fontSize: 22, color: '#6b7280' },
        h('span', { fontWeight: 600, color: '#4338ca' }, 'Monthly recurring revenue'), h('span', {}, 'Last 12 months')),
      h('div', { display: 'flex', alignItems: 'center', gap: 20, marginTop: 8 },
        h('span', { fontSize: 84, fontWeight: 800 }, '$84,210'),
        pill('+12.4%', { backgroundColor: '#dcfce7', color: '#15803d', fontSize: 24, fontWeight: 700 })),
      h('div', { display: 'flex', alignItems: 'flex-end', gap: 14, flex: 1, marginTop: 20 },
        ...[38, 44, 41, 52, 49, 58, 61, 57, 66, 72, 78, 92].map((v, i) => h('div', { display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 8, flex: 1, height: '100%', justifyContent: 'flex-end' },
          h('div', { width: '100%', height: `${v}%`, borderRadius: 8, backgroundColor: i === 11 ? '#4f46e5' : '#c7d2fe' }),
          h('span', { fontSize: 16, color: '#9ca3af' }, 'JFMAMJJASOND'[i]))))),
    h('div', { display: 'flex', flexDirection: 'column', gap: 28, width: 300 },
      ...[['Active customers', '1,284', '+3.1%', '#15803d'], ['Churn', '1.9%', '-0.4 pt', '#15803d'], ['Avg. render', '1.8 ms', '-0.3 ms', '#15803d']].map(([label, v, d, c]) =>
        h('div', { display: 'flex', flexDirection: 'column', flex: 1, justifyContent: 'center', padding: '0 28px', backgroundColor: '#ffffff', borderRadius: 24, gap: 2 },
          h('span', { fontSize: 20, color: '#6b7280' }, label),
          h('span', { fontSize: 40, fontWeight: 800 }, v),
          h('span', { fontSize: 18, fontWeight: 700, color: c }, d))))),
  // A post quoted as a testimonial: avatar, name with a verified badge
  // (a check drawn with borders), the text with a mention and a hashtag in
  // the link colour (inline spans), counts under it.
  'testimonial': h('div', {
    display: 'flex', alignItems: 'center', justifyContent: 'center', width: '100%', height: '100%',
    backgroundImage: 'linear-gradient(160deg, #e0f2fe 0%, #f0f9ff 50%, #ede9fe 100%)',
  },
    h('div', {
      display: 'flex', flexDirection: 'column', gap: 26, width: 960, padding: '44px 52px', backgroundColor: '#ffffff', borderRadius: 32,
      boxShadow: '0 24px 60px rgba(15, 23, 42, 0.12)', color: '#0f1419',
    },
      h('div', { display: 'flex', alignItems: 'center', gap: 18 },
        img('asset:portrait-2.png', 76, 76, { borderRadius: '50%' }),
        h('div', { display: 'flex', flexDirection: 'column', gap: 2 },
          h('div', { display: 'flex', alignItems: 'center', gap: 8 },
            h('span', { fontSize: 28, fontWeight: 700 }, 'Linus Ng'), check(26, '#ffffff', '#1d9bf0')),
          h('span', { fontSize: 22, color: '#536471' }, '@linus_builds')),
        h('div', { marginLeft: 'auto', display: 'flex', alignItems: 'center', justifyContent: 'center', width: 56, height: 56, borderRadius: 16, backgroundColor: '#0f1419', color: '#ffffff', fontSize: 30, fontWeight: 800 }, 'e')),
      h('div', { display: 'block', fontSize: 38, lineHeight: 1.4 },
        'Moved our share cards from a headless browser to ', h('span', { color: '#1d9bf0' }, '@edgerender'),
        '. p50 went from 900 ms to 3 ms and the bill went to zero. ', h('span', { color: '#1d9bf0' }, '#rustlang')),
      h('div', { display: 'flex', gap: 36, fontSize: 22, color: '#536471', paddingTop: 20, borderTop: '1px solid #eff3f4' },
        h('span', {}, '9:41 AM · Dec 3, 2026'),
        h('span', { display: 'block' }, h('span', { color: '#0f1419', fontWeight: 700 }, '1,208'), ' Reposts'),
        h('span', { display: 'block' }, h('span', { color: '#0f1419', fontWeight: 700 }, '8,432'), ' Likes')))),

  // A documentation page header: breadcrumbs, the page title, and a code
  // block in monospace with a comment line; a glow and rings at the corner.
  'docs-header': h('div', {
    display: 'flex', width: '100%', height: '100%', backgroundColor: '#ffffff', color: '#0f172a', position: 'relative', overflow: 'hidden',
  },
    h('div', { position: 'absolute', top: -260, right: -220, width: 720, height: 720, borderRadius: '50%', backgroundImage: 'radial-gradient(circle, #e0e7ff 0%, #eef2ff 45%, rgba(255, 255, 255, 0) 70%)' }),
    ...[200, 300, 400].map((r) => h('div', { position: 'absolute', top: 100 - r, right: 140 - r, width: 2 * r, height: 2 * r, borderRadius: '50%', border: '1px solid #e0e7ff' })),
    h('div', { display: 'flex', flexDirection: 'column', width: '100%', padding: '56px 72px', position: 'relative' },
      h('div', { display: 'flex', alignItems: 'center', gap: 16 },
        img('asset:logo.png', 48, 48, { borderRadius: 12 }),
        h('span', { fontSize: 26, fontWeight: 700 }, 'edge-render'),
        h('span', { fontSize: 26, fontWeight: 300, color: '#64748b' }, 'docs')),
      h('div', { display: 'flex', gap: 12, fontSize: 22, color: '#64748b', marginTop: 44 },
        h('span', {}, 'Guides'), h('span', { color: '#cbd5e1' }, '/'), h('span', {}, 'Scenes'), h('span', { color: '#cbd5e1' }, '/'),
        h('span', { color: '#4f46e5', fontWeight: 600 }, 'Images')),
      h('div', { fontSize: 64, fontWeight: 800, marginTop: 12, lineHeight: 1.1 }, 'Embedding images in scenes'),
      h('div', { fontSize: 26, color: '#475569', marginTop: 14, maxWidth: 780, lineHeight: 1.45 },
        'Logos and photos ship inside the worker: no fetch at render time, no SSRF surface.'),
      h('div', {
        display: 'flex', flexDirection: 'column', gap: 6, marginTop: 'auto', padding: '22px 28px', borderRadius: 16,
        backgroundColor: '#0f172a', fontFamily: 'monospace', fontSize: 24, color: '#e2e8f0', boxShadow: '0 12px 30px rgba(15, 23, 42, 0.25)',
      },
        h('div', { color: '#64748b' }, '// any PNG or JPEG in assets/, embedded at build time'),
        h('div', { whiteSpace: 'pre' }, '{"type": "img", "props": {"src": "asset:logo.png"}}')))),

  // A newsletter issue in serif: the masthead between rules, an italic
  // tagline, a double rule (two borders of one thin box), three numbered
  // headlines in columns.
  'newsletter': h('div', {
    display: 'flex', flexDirection: 'column', alignItems: 'center', width: '100%', height: '100%', padding: '48px 72px',
    backgroundColor: '#fbf7f0', color: '#1c1917', fontFamily: 'serif',
  },
    h('div', { display: 'flex', justifyContent: 'space-between', width: '100%', fontFamily: 'sans-serif', fontSize: 18, fontWeight: 700, color: '#78716c', textTransform: 'uppercase', paddingBottom: 12, borderBottom: '1px solid #d6d3d1' },
      h('span', {}, 'Issue No. 128'), h('span', {}, 'December 2026'), h('span', {}, 'edge-render.dev/letter')),
    h('div', { fontSize: 100, lineHeight: 1.15, marginTop: 22 }, 'The Edge Letter'),
    h('div', { fontSize: 30, fontStyle: 'italic', color: '#57534e', marginTop: 4, marginBottom: 26 },
      'Notes on rendering, fonts and the smallest servers on the web'),
    h('div', { width: '100%', height: 7, borderTop: '2px solid #1c1917', borderBottom: '2px solid #1c1917' }),
    h('div', { display: 'flex', gap: 40, marginTop: 34, width: '100%' },
      ...[
        ['01', 'Why a comma never starts a line'],
        ['02', 'A deflate encoder that knows its rows repeat'],
        ['03', 'Reading satori and Takumi trees alike'],
      ].map(([n, t]) => h('div', { display: 'flex', flexDirection: 'column', gap: 10, flex: 1, paddingTop: 16, borderTop: '3px solid #b91c1c' },
        h('span', { fontSize: 26, color: '#b91c1c', fontFamily: 'sans-serif', fontWeight: 700 }, n),
        h('span', { fontSize: 32, lineHeight: 1.3 }, t))))),

  // A product launch: the product image on a radial glow, a rotated round
  // sticker over it, the name set heavy, price inline in the accent colour.
  'product-launch': h('div', {
    display: 'flex', alignItems: 'center', width: '100%', height: '100%', padding: '0 0 0 80px', color: '#ffffff',
    backgroundColor: '#17153b',
  },
    h('div', { display: 'flex', flexDirection: 'column', gap: 20, flex: 1 },
      h('div', { display: 'flex', alignItems: 'center', gap: 10, alignSelf: 'flex-start', padding: '8px 18px', borderRadius: 999, backgroundColor: 'rgba(251, 146, 60, 0.15)', border: '1px solid rgba(251, 146, 60, 0.5)', fontSize: 22, color: '#fdba74', fontWeight: 600 },
        dot(10, '#fb923c'), 'Launching today'),
      h('div', { fontSize: 100, fontWeight: 900, lineHeight: 1 }, 'Aurora Pro'),
      h('div', { fontSize: 34, fontWeight: 300, color: '#c7d2fe' }, 'Studio sound. Forty hours. No wires.'),
      h('div', { display: 'block', fontSize: 28, color: '#a5b4fc', marginTop: 6 },
        'Pre-order now for ', h('span', { color: '#ffffff', fontWeight: 700 }, '$249'), ', shipping in March'),
      h('div', { display: 'flex', gap: 16, marginTop: 18 },
        h('div', { padding: '14px 30px', borderRadius: 14, backgroundColor: '#ffffff', color: '#1e1b4b', fontSize: 24, fontWeight: 700 }, 'Pre-order'),
        h('div', { padding: '14px 30px', borderRadius: 14, border: '2px solid rgba(199, 210, 254, 0.5)', color: '#e0e7ff', fontSize: 24, fontWeight: 600 }, 'Watch the film'))),
    h('div', {
      display: 'flex', alignItems: 'center', justifyContent: 'center', width: 520, height: '100%', position: 'relative',
    },
      h('div', { position: 'absolute', width: 440, height: 440, borderRadius: '50%', backgroundImage: 'radial-gradient(circle, rgba(251, 146, 60, 0.5) 0%, rgba(251, 146, 60, 0) 70%)' }),
      img('asset:headphones.png', 420, 420, { position: 'relative' }),
      h('div', {
        position: 'absolute', top: 70, right: 60, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center',
        width: 128, height: 128, borderRadius: '50%', backgroundColor: '#facc15', color: '#1e1b4b', transform: 'rotate(-14deg)',
        boxShadow: '0 10px 24px rgba(0, 0, 0, 0.35)',
      },
        h('span', { fontSize: 34, fontWeight: 900, lineHeight: 1 }, 'NEW'),
        h('span', { fontSize: 16, fontWeight: 700 }, 'Gen 2')))),
  // Latin and Chinese side by side: a bilingual title on one line, greeting
  // chips in many languages that wrap, a bilingual footer.
  'multilingual': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', padding: '60px 72px', color: '#0f172a',
    backgroundColor: '#f0fdfa', backgroundImage: 'linear-gradient(180deg, #f0fdfa 0%, #ccfbf1 100%)',
  },
    h('div', { fontSize: 24, fontWeight: 700, color: '#0f766e', textTransform: 'uppercase' }, 'One renderer · 一个渲染器'),
    h('div', { fontSize: 80, fontWeight: 800, lineHeight: 1.2, marginTop: 18 }, 'Hello, world. 你好，世界。'),
    h('div', { fontSize: 34, color: '#334155', lineHeight: 1.5, marginTop: 16, maxWidth: 1000 },
      'Every script from embedded fonts, with line breaking that knows both: 标点不在行首，英文单词不被拆开。'),
    h('div', { display: 'flex', flexWrap: 'wrap', gap: 14, marginTop: 'auto' },
      ...[['Bonjour', 'fr'], ['Hola', 'es'], ['你好', 'zh'], ['Hallo', 'de'], ['Olá', 'pt'], ['Ciao', 'it'], ['Cześć', 'pl'], ['Xin chào', 'vi'],
        ['Merhaba', 'tr'], ['Dzień dobry', 'pl']].map(([word, lang]) =>
        h('div', { display: 'flex', alignItems: 'center', gap: 10, padding: '8px 20px 8px 8px', borderRadius: 999, backgroundColor: '#ffffff', border: '1px solid #99f6e4', fontSize: 28 },
          h('span', { fontSize: 16, fontWeight: 700, color: '#ffffff', backgroundColor: '#14b8a6', borderRadius: 999, padding: '3px 10px', textTransform: 'uppercase' }, lang),
          h('span', {}, word))))),

  // A second Chinese card: a conference announcement, red and gold, the
  // title set bold (the CJK faces have no bold: drawn regular, reported).
  'cjk-event': h('div', {
    display: 'flex', width: '100%', height: '100%', color: '#fff7ed', position: 'relative', overflow: 'hidden',
    backgroundColor: '#7f1d1d', backgroundImage: 'linear-gradient(160deg, #991b1b 0%, #7f1d1d 55%, #450a0a 100%)',
  },
    h('div', { position: 'absolute', right: -120, top: -120, width: 560, height: 560, borderRadius: '50%', border: '60px solid rgba(251, 191, 36, 0.16)' }),
    h('div', { position: 'absolute', right: 60, bottom: -150, width: 380, height: 380, borderRadius: '50%', backgroundColor: 'rgba(251, 191, 36, 0.12)' }),
    h('div', { display: 'flex', flexDirection: 'column', padding: '64px 80px', gap: 24, flex: 1, position: 'relative' },
      h('div', { display: 'flex', alignItems: 'center', gap: 14 },
        h('div', { width: 48, height: 6, backgroundColor: '#fbbf24', borderRadius: 3 }),
        h('span', { fontSize: 28, color: '#fcd34d' }, '2027 边缘开发者大会')),
      h('div', { fontSize: 76, fontWeight: 700, lineHeight: 1.25, maxWidth: 780 }, '让每一张分享卡片都在毫秒之间生成'),
      h('div', { display: 'flex', gap: 16 },
        ...['主题演讲', '动手实验', '开源论坛'].map((t) => h('span', { fontSize: 26, padding: '6px 20px', borderRadius: 8, backgroundColor: 'rgba(254, 243, 199, 0.14)', color: '#fef3c7', border: '1px solid rgba(254, 243, 199, 0.35)' }, t))),
      h('div', { display: 'flex', alignItems: 'center', gap: 28, marginTop: 'auto', fontSize: 30 },
        h('span', { fontWeight: 700, color: '#fbbf24' }, '3 月 14 日'),
        h('span', { color: '#fecaca' }, '上海 · 世博中心'),
        h('span', { marginLeft: 'auto', fontSize: 24, padding: '10px 24px', borderRadius: 999, backgroundColor: '#fbbf24', color: '#7f1d1d', fontWeight: 700 }, '免费报名')))),

  // An e-commerce price card: the product on a soft panel, a rating in
  // stars (drawn from the CJK face, which has them), price, discount and
  // colour swatches with the chosen one ringed.
  'shop-price': h('div', {
    display: 'flex', gap: 56, width: '100%', height: '100%', padding: 48, backgroundColor: '#ffffff', color: '#111827',
  },
    h('div', { display: 'flex', alignItems: 'center', justifyContent: 'center', width: 520, borderRadius: 32, backgroundColor: '#f3f4f6', position: 'relative' },
      img('asset:headphones.png', 400, 400, {}),
      pill('-17%', { position: 'absolute', top: 24, left: 24, backgroundColor: '#dc2626', color: '#ffffff', fontSize: 24, fontWeight: 800, padding: '6px 18px' })),
    h('div', { display: 'flex', flexDirection: 'column', flex: 1, paddingTop: 20 },
      h('div', { fontSize: 20, fontWeight: 700, color: '#6b7280', textTransform: 'uppercase' }, 'Aurora Audio'),
      h('div', { fontSize: 50, fontWeight: 800, lineHeight: 1.15, marginTop: 8 }, 'Aurora Pro Wireless Headphones'),
      h('div', { display: 'flex', alignItems: 'center', gap: 12, marginTop: 18, fontSize: 24, lineHeight: 1.3 },
        h('span', { color: '#f59e0b', fontSize: 26 }, '★★★★★'),
        h('span', { fontWeight: 700 }, '4.8'),
        h('span', { color: '#6b7280' }, '(2,113 reviews)')),
      h('div', { display: 'flex', alignItems: 'baseline', gap: 16, marginTop: 26 },
        h('span', { fontSize: 72, fontWeight: 800 }, '$249'),
        h('span', { fontSize: 32, color: '#9ca3af', textDecoration: 'line-through' }, '$299')),
      h('div', { display: 'flex', gap: 14, marginTop: 18 },
        ...[['#f97316', true], ['#111827', false], ['#e5e7eb', false], ['#0ea5e9', false]].map(([c, on]) =>
          h('div', { width: 44, height: 44, borderRadius: '50%', backgroundColor: c, border: '4px solid #ffffff', boxShadow: on ? '0 0 0 3px #f97316' : '0 0 0 1px #d1d5db' }))),
      h('div', { display: 'flex', alignItems: 'center', gap: 12, marginTop: 'auto', fontSize: 24, color: '#15803d', fontWeight: 600 },
        dot(12, '#22c55e'), 'In stock · free delivery by Friday'))),

  // A status banner: scheduled maintenance, the window, and each service
  // with its status light.
  'status-banner': h('div', {
    display: 'flex', flexDirection: 'column', width: '100%', height: '100%', backgroundColor: '#fffbeb', color: '#1c1917',
  },
    h('div', { display: 'flex', alignItems: 'center', gap: 16, padding: '22px 64px', backgroundImage: 'linear-gradient(90deg, #f59e0b, #fbbf24)', color: '#451a03', fontSize: 26, fontWeight: 700 },
      h('div', { display: 'flex', alignItems: 'center', justifyContent: 'center', width: 36, height: 36, borderRadius: '50%', backgroundColor: '#451a03', color: '#fbbf24', fontSize: 24, fontWeight: 900 }, '!'),
      'Scheduled maintenance',
      h('span', { marginLeft: 'auto', fontWeight: 500 }, 'status.edgeworks.dev')),
    h('div', { display: 'flex', flex: 1, padding: '48px 64px', gap: 64 },
      h('div', { display: 'flex', flexDirection: 'column', flex: 1, gap: 18 },
        h('div', { fontSize: 56, fontWeight: 800, lineHeight: 1.12 }, 'Database upgrade in the EU region'),
        h('div', { fontSize: 26, color: '#57534e', lineHeight: 1.5 }, 'Renders keep working from the edge cache; new uploads pause for up to 20 minutes.'),
        h('div', { display: 'flex', flexDirection: 'column', gap: 4, marginTop: 'auto', padding: '18px 24px', borderRadius: 16, backgroundColor: '#fef3c7', border: '1px solid #fcd34d' },
          h('span', { fontSize: 20, fontWeight: 700, color: '#92400e', textTransform: 'uppercase' }, 'Window'),
          h('span', { fontSize: 30, fontWeight: 700 }, 'Dec 14, 02:00 – 04:00 UTC'))),
      h('div', { display: 'flex', flexDirection: 'column', justifyContent: 'center', width: 400, padding: '8px 28px', backgroundColor: '#ffffff', borderRadius: 20, boxShadow: '0 8px 24px rgba(120, 53, 15, 0.08)' },
        ...[['Render API', 'Operational', '#22c55e'], ['Edge cache', 'Operational', '#22c55e'], ['Uploads', 'Maintenance', '#3b82f6'], ['Dashboard', 'Degraded', '#f59e0b'], ['Webhooks', 'Operational', '#22c55e']].map(([name, state, c], i) =>
          h('div', { display: 'flex', alignItems: 'center', gap: 14, padding: '20px 0', fontSize: 24, ...(i ? { borderTop: '1px solid #f5f5f4' } : {}) },
            dot(14, c, { boxShadow: `0 0 0 5px ${c}33` }), h('span', { fontWeight: 600 }, name), h('span', { marginLeft: 'auto', color: '#78716c', fontSize: 22 }, state)))))),
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
// the same. Mixed inline text (`Hello <span style={…}>world</span>`) is
// written on a `display: 'block'` element: satori flows its children as one
// paragraph, and Takumi flows the text nodes of a block container inline
// (a flex container would make each a flex item, in both).

// satori's shape: React elements, children in props.
function satori(node) {
  if (typeof node === 'string') return node;
  if (node.type === 'img') return { type: 'img', props: { src: node.src, width: node.width, height: node.height, style: node.style } };
  const children = node.children.map(satori);
  // An empty element has no children at all, as JSX gives it (Yoga-era
  // satori refuses `children: []` on a div without display: flex).
  if (!children.length) return { type: node.type, props: { style: node.style } };
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
