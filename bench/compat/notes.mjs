// Hand-written notes for REPORT.md: what differs in each card and why, from
// looking at the strips and the full-size renders (COMPAT_KEEP=DIR) and
// measuring offsets with shift.mjs. compat.mjs copies them into the report;
// rewrite them when the renderer or the cards change.
export const notes = {
  when: 'satori 0.63.2 / 0.33.5, Takumi 2.16.3, ours at the commit above (branch cards, from 468dab1)',

  general: `
**1. Box sizing — satori 0.63 only.** satori 0.63 lays out with Taffy and, like a browser,
sizes boxes as \`content-box\` unless told otherwise. Almost every card gives its root
\`width: "100%", height: "100%"\` *and* a \`padding\`, which in satori 0.63 makes the root
bigger than the canvas — blog-post's root is 1344 × 774 — so content is pushed off the right
and bottom edges (a \`marginTop: auto\` footer falls off the card, a right-aligned date is cut),
centred content moves by the padding, and text wraps at a wider measure. Ours and Takumi size
every box as \`border-box\`, as satori did up to 0.33.5 (Yoga), the version \`@vercel/og\`
1.0.3 still ships. Give satori 0.63 \`boxSizing: "border-box"\` on every element (column
*satori border-box*) or use satori 0.33.5 (last column) and this difference goes. It is most
of every *ours vs satori* number. Not a bug in ours, but a choice (README: Scenes): a card
written for satori ≥ 0.63 with content-box sizing in mind lays out differently in ours.

**2. Inline runs — ours draws them in one style, for now.** \`Hello <span style={{color}}>world</span>\`
(article, github-repo, product-launch, testimonial: a \`display: block\` element whose text
and spans flow as one paragraph, in satori's shape; a block container of \`text\` nodes in
Takumi's) is one paragraph in all three, wrapped the same way, but satori and Takumi draw
each run in its own colour and weight, while ours draws the whole paragraph in the block's
style and says so (\`X-Unsupported-Style: inline:color, inline:fontWeight\`). Per-run styles
are being added to ours (issue 10); these cards' goldens get blessed again then.

**3. Italic — ours draws it upright, for now.** speaker and newsletter set \`fontStyle:
"italic"\`. No italic face is embedded yet, and ours draws the text upright and reports
\`fontStyle:italic\`; satori 0.63 and Takumi slant the regular face (synthetic oblique), as
browsers do when a family has no italic.

**4. Synthetic bold for Chinese — satori 0.63 and Takumi.** The Chinese faces are regular
only. For \`fontWeight\` 600 and more on Chinese text satori 0.63 and Takumi embolden the
regular outlines (\`font-synthesis: weight\`, as browsers do); ours and satori 0.33.5 draw it
regular, and ours reports it (\`fontWeight:700:fallback\`, …): cjk-article, cjk-event and the
Chinese half of multilingual's title.

**5. Paint order of positioned boxes — written around in the cards.** Browsers, satori 0.63
and Takumi paint a \`position: absolute\` box above the in-flow boxes that are not positioned,
wherever it comes in the tree; ours (like satori 0.33.5) takes every box as \`position:
relative\` and paints in tree order. The cards put their decorations (rings, glows, a rotated
square, a huge faint "2.4") first and give the content after them \`position: "relative"\`, so
all three paint the content on top; before that, satori 0.63 and Takumi drew job-posting's
ring over the last words of its footer and speaker's yellow square over the portrait. A card
that relies on tree order alone draws differently in ours.

**6. Kerning — satori only.** The embedded Latin faces keep their kerning as a legacy \`kern\`
table (\`fonts/README.md\`; they have no GPOS). satori's shaping ignores it and sets Latin
text unkerned, slightly wider: the end of blog-post's 68 px title line is 3 px further right
in satori border-box than in ours; ours and Takumi kern identically (offset 0). This comes
from our font files: with the stock Noto Sans (GPOS kerning) satori would kern too.

**7. Yoga-era satori refuses inline paragraphs.** satori 0.33.5 accepts only \`display: flex\`
(or \`none\`/\`contents\`) on an element with more than one child, so the four cards with inline
runs (point 2) fail there (*Errors* below). In satori 0.63 and Takumi a \`display: flex\` parent
would make "Hello " and the span two flex items side by side, which is why the cards say
\`display: "block"\`. Ours reads such text as one paragraph whatever the parent's display.

**What agrees.** \`lineHeight: normal\` (the font's ascender − descender + gap, 1.362 for Noto
Sans, 1.448 on a line with Chinese) is now the same in all three; text sits within 1 px
vertically of Takumi's in most cards (ours 1 px lower: rounding; 2 px in pricing). Line breaks are the same
wherever the widths are, Chinese included (kinsoku: no line starts with "，" or "。"), and so are
\`lineClamp\` and \`textOverflow: ellipsis\` (article, github-repo). Linear gradients at any
angle, radial gradients, rounded corners and \`50%\` circles, per-side borders (the drawn check
marks, the double rule), transforms (rotated squares and stickers), opacity, \`rgba\` fills,
blurred and spread shadows, flex wrap, absolute positioning, images (\`asset:\` PNGs with
alpha, inlined for the others as \`data:\` URIs) with \`borderRadius\` clipping: probed pixels
are identical or within a few levels. Weights 300, 500, 600, 800 and 900 are drawn from the
400 and 700 faces in all three (the nearest embedded weight, as CSS font matching picks).
Glyph edges are anti-aliased a little differently (a few levels on edge pixels), and
positions round to a different pixel now and then (≤ 1 px): a card of pure text in the same
place still scores 0.4–2 against Takumi.
`,

  'avatar-card': `
The avatar (\`asset:sample.png\`) in its ring, the shadow, the text and the tags agree. The
one visible difference: the large background disc (\`backgroundPosition: '0 0, 118% 40%'\` on a
520 px image) sits fully inside the card in ours and runs off its right edge in satori and
Takumi — **a bug in ours**: a position past 100 % is not honoured there yet.
`,

  'blog-post': `
- **satori:** content-box (point 1): the footer ("Ada Lovelace", the date) falls below the
  canvas and the title wraps at 1200 px instead of 1056.
- **Takumi:** the same layout; the title and subtitle sit 1 px higher. The gradient is
  identical. (This is the benchmark card: BENCHMARKS.md, *Scenes*.)
`,

  quote: `
- **satori:** content-box: the root is 1360 × 790 (padding 80), so the centred card moves
  80 px right and 80 px down.
- **Takumi:** agrees within a pixel; the \`0 20px 50px\` shadow matches within 1–3 levels, and
  the 12 px amber left border follows the 32 px corners the same way in all three.
`,

  product: `
- **satori:** content-box: the text column is \`width: 60%\` plus 144 px of padding, so
  "Aurora Desk Lamp" fits on one line and the gradient panel is narrower.
- **Takumi:** agrees (0.4). The radial gradient and the rotated square with its \`rgba\` fill
  and border are identical in all three.
`,

  event: `
- **satori:** content-box: the bottom block (\`marginTop: auto\`) falls off the canvas.
- **Takumi:** agrees within a pixel.
`,

  profile: `
- **satori:** content-box: everything, centred on the cross axis, moves 96 px down.
- **Takumi:** agrees within a pixel, the avatar's two ring shadows included.
`,

  'cjk-article': `
- **satori 0.63 and Takumi draw the label and the title bold** (point 4): the visible
  difference and most of the number. Ours reports it (\`fontWeight:700:fallback\`).
- **satori:** content-box: the title fits on one line and the paragraph runs off the right.
- Line breaks agree wherever the width is the same (ours, Takumi, satori border-box, satori
  0.33.5).
`,

  article: `
- **"ourselves"** is orange in satori and Takumi, the title's colour in ours (point 2). The
  serif title, the clamped two-line excerpt with its ellipsis, the avatar and the "Aa" panel
  with its translucent circles agree.
- **satori 0.63** agrees otherwise (the text column has no set width); satori 0.33.5
  refuses the inline title (point 7).
`,

  changelog: `
- **satori:** content-box: the date runs off the right edge and the faint "2.4" moves.
- **Takumi:** agrees; the labels' 2 px borders with 8 px radius, the monospace version pill
  and the faint number under the content match.
`,

  'cjk-event': `
- **satori 0.63 and Takumi embolden the Chinese title** (point 4); ours reports
  \`fontWeight:700:fallback\`. The title breaks after "都在" in all three (\`maxWidth: 780\`).
- The translucent rings, the tags' borders and the pill agree in all three.
`,

  'docs-header': `
- **Takumi:** agrees; the radial glow and the three 1 px rings at the corner, the monospace
  code block (\`whiteSpace: pre\`) and its shadow match.
- **satori:** close too (2.8): the column has no set width, so content-box changes little.
`,

  'github-repo': `
- **The repository name** is two runs: "edge-render/" light grey and "edge-render" bold black
  in satori and Takumi, one grey regular run in ours (point 2; weight 300 is drawn 400 by all).
- **The description** is cut with an ellipsis on one line in all three, at the width each
  gives it (satori 0.63's is wider: content-box).
- **satori:** content-box: the logo is pushed to the right edge, and the legend and the
  language bar (\`marginTop: auto\`) fall below the canvas. Takumi agrees with ours otherwise.
`,

  'job-posting': `
- **Takumi:** agrees (the circles under the content, see point 5).
- **satori:** content-box: the footer (\`marginTop: auto\`) falls below the canvas and the
  ring moves down.
`,

  multilingual: `
- **The Chinese half of the title and the top label** are emboldened by satori 0.63 and
  Takumi (point 4); ours draws them regular (reported). Line breaking in the mixed paragraph
  agrees: the break falls before "knows" in all three, and no Chinese punctuation starts a
  line.
- **satori:** content-box pushes the chips (\`marginTop: auto\`) down: only one row shows.
  The chips wrap the same way (6 + 4) in ours, Takumi and satori border-box.
`,

  newsletter: `
- **The tagline** is slanted in satori and Takumi, upright in ours (point 3).
- **Takumi:** agrees otherwise: the serif masthead, the double rule drawn as one 7 px box
  with two borders, the three numbered columns (the middle headline wraps to three lines in
  both).
- **satori:** content-box widens the columns past the right edge; the middle headline wraps
  to two lines there.
`,

  podcast: `
- **Takumi:** agrees (0.9): the cover's gradient, its translucent ring, the 48-bar waveform.
- **satori:** content-box: the 380 px cover grows by its 72 px of padding, the title column
  is pushed right (the title wraps differently, the end time falls off the edge).
`,

  pricing: `
- **Takumi:** the same layout, 1–2 px higher from the header down (the heading lines'
  heights round differently, and the offset carries into the tiers): glyph and box edges
  make the number. The raised tier's badge, gradient, shadow and the drawn check marks agree.
- **satori:** content-box: each tier is wider by its padding, so the row overflows the right
  edge and the Team tier is cut.
`,

  'product-launch': `
- **"$249"** is white and bold in satori and Takumi, the sentence's lavender in ours
  (point 2). The radial glow under the image, the image, and the rotated "NEW" sticker with
  its shadow agree.
- **satori:** content-box widens the text column; satori 0.33.5 refuses the inline sentence.
`,

  'shop-price': `
- **Takumi:** agrees: the image panel, the -17 % pill over it, the stars (★ drawn from the
  Chinese face, which has them), the line-through, the ring shadows of the swatches.
- **satori:** content-box: the image panel grows and the text column is pushed right.
`,

  speaker: `
- **The talk title** is slanted in satori and Takumi, upright in ours (point 3): most of the
  number.
- **Takumi:** agrees otherwise: the rotated square behind the gradient frame (point 5), the
  framed portrait with its shadow.
- **satori:** content-box widens the text column past the right edge.
`,

  'stats-dashboard': `
- **Takumi:** agrees (0.5): the bar chart (percentage heights in a flex row), the pill, the
  three small tiles.
- **satori:** content-box: the tiles overflow the bottom and the chart is taller.
`,

  'status-banner': `
- **Takumi:** agrees: the gradient strip, the status lights with their translucent ring
  shadows (\`0 0 0 5px\` in a \`#RRGGBBAA\` colour), the window box.
- **satori:** content-box: the text column is wider by its padding, so the title wraps one
  word earlier ("Database upgrade / in the EU region").
`,

  testimonial: `
- **The mention, the hashtag and the counts** are blue / bold in satori and Takumi, plain in
  ours (point 2). The post wraps the same way in ours and Takumi.
- **satori:** content-box makes the 960 px card 1064 px wide, so the post wraps differently;
  satori 0.33.5 refuses the inline paragraphs (point 7).
`,
};
