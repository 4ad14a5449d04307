// Hand-written notes for REPORT.md: what differs in each card and why, from
// looking at the strips and the full-size renders (COMPAT_KEEP=DIR) and
// measuring offsets with shift.mjs. compat.mjs copies them into the report;
// rewrite them when the renderer or the cards change.
export const notes = {
  when: 'satori 0.63.2 / 0.33.5, Takumi 2.16.3, ours at the commit above (branch compat-2, from b91555c); every Noto Sans weight (300–900) and italic (400, 700) given to all three',

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

**2. \`alignItems: "baseline"\` — fixed.** In a flex row of text of two sizes (a price and
its struck-through old price, a salary and its small print) satori 0.63 and Takumi line up the
texts' first baselines, as CSS says. Ours used to line up the bottoms of the boxes (its text
measure gave taffy no baseline); a text leaf now tells taffy its first baseline, and the rows
agree: shop-price 2.06 → 1.04, pricing 3.60 → 2.73, job-posting 2.42 → 1.98 against Takumi.

**3. Text box heights — fixed.** Ours used to round every text box's height up to a whole
CSS pixel (a 28 px line of Noto Sans, \`lineHeight: normal\`, 38.14 px, was 39 px), and the
rounding added up down a column; text boxes are now as tall as their line boxes, unrounded,
as in browsers (changelog 2.83 → 0.98, github-repo 2.70 → 1.47 against Takumi). A shrink-to-fit
text box's width is still rounded up to a whole pixel (a row of text items can spread a
pixel wider), and glyph origins round to whole device pixels in ours, so text of the same
layout still lands up to 1 px apart now and then: most of the small remaining *ours vs
Takumi* numbers.

**4. Synthetic bold for Chinese — ours draws it regular (reported).** The Chinese faces are
regular only. For \`fontWeight\` 600 and more on Chinese text satori 0.63 and Takumi embolden
the regular outlines (\`font-synthesis: weight\`, as browsers do); ours (and satori 0.33.5)
draw it regular, and ours says so (\`fontWeight:700:fallback\`, …): cjk-article, cjk-event,
the Chinese half of multilingual's title and label. Ours differs from a browser here, by a
documented limit (README: \`X-Unsupported-Style\`), not silently.

**5. Synthetic italic for serif — ours draws it upright (reported).** Noto Serif has no
italic face. For \`fontStyle: "italic"\` on serif text (newsletter's tagline) satori 0.63 and
Takumi slant the regular outlines (synthetic oblique, as browsers do); ours draws it upright
and reports \`fontStyle:italic:fallback\`. Sans italics are real faces now (400 and 700) and
agree in all three (speaker).

**6. Paint order of positioned boxes — written around in the cards.** Browsers, satori 0.63
and Takumi paint a \`position: absolute\` box above the in-flow boxes that are not positioned,
wherever it comes in the tree; ours (like satori 0.33.5) paints in tree order. The cards put
their decorations (rings, glows, a rotated square, a huge faint "2.4") first and give the
content after them \`position: "relative"\`, so all three paint the content on top. A card that
relies on the absolute box being painted last draws differently in ours.

**7. Kerning — satori only.** The embedded Latin faces keep their kerning as a legacy \`kern\`
table (\`fonts/README.md\`; they have no GPOS). satori's shaping ignores it and sets Latin
text unkerned, slightly wider: the end of blog-post's 68 px title line is 3 px further right
in satori border-box than in ours; ours and Takumi kern identically (offset 0). This comes
from our font files: with the stock Noto Sans (GPOS kerning) satori would kern too.

**8. Yoga-era satori refuses inline paragraphs.** satori 0.33.5 accepts only \`display: flex\`
(or \`none\`/\`contents\`) on an element with more than one child, so the four cards with
inline runs (article, github-repo, product-launch, testimonial) fail there (*Errors* above).
In satori 0.63 and Takumi a \`display: flex\` parent would make "Hello " and the span two flex
items side by side, which is why the cards say \`display: "block"\`. Ours reads such text as
one paragraph whatever the parent's display.

**What agrees.** Inline runs — \`Hello <span style={{color}}>world</span>\` — are one
paragraph, wrapped the same way, each run in its own colour and weight in all three
(article's orange "ourselves", github-repo's light/bold name, product-launch's white bold
"$249", testimonial's blue mention and hashtag and bold counts). Every weight the cards use
(300, 500, 600, 700, 800, 900) is drawn from its own Noto Sans face in all three, and sans
italic from the italic face. \`lineHeight: normal\` (the font's ascender − descender + gap,
1.362 for Noto Sans, 1.448 on a line with Chinese) is the same in all three but for ours'
rounding (point 3). Line breaks are the same wherever the widths are, Chinese included
(kinsoku: no line starts with "，" or "。"), and so is \`lineClamp\` with its ellipsis
(article). Linear gradients at any angle and \`to right\` (event), radial gradients, rounded
corners and \`50%\` circles, per-side borders (the drawn check marks, the double rule),
transforms (rotated squares and stickers), opacity, \`rgba\` fills, blurred and spread
shadows, flex wrap, absolute positioning, background images with \`backgroundSize\` and a
\`backgroundPosition\` past 100 % (avatar-card), images (\`asset:\` PNGs with alpha, inlined for
the others as \`data:\` URIs) with \`borderRadius\` clipping: probed pixels are identical or
within a few levels. Glyph edges are anti-aliased a little differently (a few levels on edge
pixels), and glyphs land on a different sub-pixel now and then: a card of pure text in the
same place still scores 0.4–2 against Takumi.
`,

  'avatar-card': `
- **Takumi:** agrees, the background disc included: \`backgroundPosition: "0 0, 118% 40%"\`
  puts the 520 px image at x = 118 % × (1200 − 520) = 802, as CSS does, so the disc runs
  off the right edge in both (an earlier note here called this a bug in ours; it was not).
- **satori:** content-box (point 1): the root is 1420 px wide, so the same 118 % puts the
  disc 260 px further right, mostly off the card; the avatar's 10 px ring adds to its 260 px
  (280 across) and the text column moves right. satori 0.33.5 draws the disc twice, at other
  places (its 9.39).
`,

  'blog-post': `
- **satori:** content-box (point 1): the footer ("Ada Lovelace", the date) falls below the
  canvas and the title wraps at 1200 px instead of 1056.
- **Takumi:** the same layout and gradient; the title and subtitle may sit a pixel apart (point 3).
  (This is the benchmark card: BENCHMARKS.md, *Scenes*.)
`,

  quote: `
- **satori:** content-box: the root is 1360 × 790 (padding 80), so the centred card moves
  80 px right and 80 px down.
- **Takumi:** agrees within a pixel; the \`0 20px 50px\` shadow matches within 1–3 levels, and
  the 12 px amber left border follows the 32 px corners the same way in all three.
`,

  product: `
- **"$89" and "$119"** (\`alignItems: "baseline"\`) share one baseline in all three (point 2).
- **satori:** content-box: the text column is \`width: 60%\` plus 144 px of padding, so
  "Aurora Desk Lamp" fits on one line and the gradient panel is narrower.
- **Takumi:** agrees otherwise. The radial gradient and the rotated square with its \`rgba\`
  fill and border are identical in all three.
`,

  event: `
- **satori:** content-box: the bottom block (\`marginTop: auto\`) falls off the canvas.
- **Takumi:** agrees within a pixel; the \`linear-gradient(to right, …)\` is identical in all
  three.
`,

  profile: `
- **satori:** content-box: everything, centred on the cross axis, moves 96 px down.
- **Takumi:** agrees within a pixel, the avatar's two ring shadows included.
`,

  'cjk-article': `
- **satori 0.63 and Takumi draw the label and the title bold** (point 4): the visible
  difference and most of the number. Ours draws them regular and reports it
  (\`fontWeight:700:fallback\`).
- **satori:** content-box: the title fits on one line and the paragraph runs off the right.
- Line breaks agree wherever the width is the same (ours, Takumi, satori border-box, satori
  0.33.5).
`,

  article: `
- **Takumi:** agrees: the serif title with its orange inline "ourselves", the clamped
  two-line excerpt with its ellipsis, the avatar and the "Aa" panel with its translucent
  circles; the title may sit a pixel apart (point 3).
- **satori 0.63** agrees too (the text column has no set width, so content-box changes
  little); satori 0.33.5 refuses the inline title (point 8).
`,

  changelog: `
- **Takumi:** the same card; the rows no longer drift (point 3). The labels' 2 px borders
  with 8 px radius, the monospace version pill and the faint Black-weight "2.4" under the
  content match.
- **satori:** content-box: the date runs off the right edge and the faint "2.4" moves.
`,

  'cjk-event': `
- **satori 0.63 and Takumi embolden the Chinese of the title, the date and the button** (point 4);
  ours draws them regular and reports \`fontWeight:700:fallback\`. The title breaks after
  "都在" in all three (\`maxWidth: 780\`).
- The translucent rings, the tags' borders and the pill agree in all three.
`,

  'docs-header': `
- **Takumi:** agrees; the radial glow and the three 1 px rings at the corner, the monospace
  code block (\`whiteSpace: pre\`) and its shadow match. Ours' breadcrumb spreads 1–2 px
  wider and the paragraph under the title may sit a pixel or two apart (point 3).
- **satori:** close too (2.8): the column has no set width, so content-box changes little.
`,

  'github-repo': `
- **The repository name** is two runs in all three: "edge-render/" in light grey (weight 300,
  the Light face) and "edge-render" in bold black.
- **The description** is cut with an ellipsis on one line in all three, but where differs:
  ours and satori border-box end it "… Cloudflare W…" (the last character that fits, as
  \`textOverflow: ellipsis\` does in a browser); Takumi ends it "… Cloudflare…", a word
  earlier. satori 0.63's line is wider (content-box) and ends "tiny-…".
- **satori:** content-box: the logo is pushed to the right edge, and the legend and the
  language bar (\`marginTop: auto\`) fall below the canvas. Takumi agrees with ours otherwise.
`,

  'job-posting': `
- **"plus equity · apply at edgeworks.dev/jobs"** sits on the 40 px salary's baseline in all
  three (\`alignItems: "baseline"\`, point 2).
- **Takumi:** agrees otherwise (the circles under the content, see point 6).
- **satori:** content-box: the footer (\`marginTop: auto\`) falls below the canvas and the
  ring moves down.
`,

  multilingual: `
- **The Chinese half of the title and of the top label** are emboldened by satori 0.63 and
  Takumi (point 4); ours draws them regular (reported). The Latin half ("Hello, world.",
  weight 800) agrees. Line breaking in the mixed paragraph agrees: the break falls before
  "knows" in all three, and no Chinese punctuation starts a line.
- **satori:** content-box pushes the chips (\`marginTop: auto\`) down: only one row shows.
  The chips wrap the same way (6 + 4) in ours, Takumi and satori border-box.
`,

  newsletter: `
- **The tagline** is slanted in satori and Takumi, upright in ours (point 5: Noto Serif has
  no italic; ours reports \`fontStyle:italic:fallback\`): the visible difference and most of
  the number.
- **Takumi:** agrees otherwise: the serif masthead, the double rule drawn as one 7 px box
  with two borders, the three numbered columns (the middle headline wraps to three lines in
  both).
- **satori:** content-box widens the columns past the right edge; the middle headline wraps
  to two lines there.
`,

  podcast: `
- **Takumi:** agrees (1.0): the cover's gradient, its translucent ring, the 48-bar waveform,
  the Light and Black weights.
- **satori:** content-box: the 380 px cover grows by its 72 px of padding, the title column
  is pushed right (the title wraps differently, the end time falls off the edge).
`,

  pricing: `
- **"/month"** sits on the price's baseline in all three (point 2). The raised
  tier's badge, gradient, shadow and the drawn check marks agree.
- **satori:** content-box: each tier is wider by its padding, so the row overflows the right
  edge and the Team tier is cut.
`,

  'product-launch': `
- **Takumi:** agrees: "$249" white and bold inside the lavender sentence, the Light subtitle,
  the radial glow under the image, the image, and the rotated "NEW" sticker with its shadow.
- **satori:** content-box widens the text column; satori 0.33.5 refuses the inline sentence
  (point 8).
`,

  'shop-price': `
- **"$299"**, struck through, sits on "$249"'s baseline in all three (point 2).
- **Takumi:** agrees otherwise: the image panel, the -17 % pill over it, the stars (★ drawn
  from the Chinese face, which has them), the line-through, the ring shadows of the swatches.
- **satori:** content-box: the image panel grows and the text column is pushed right.
`,

  speaker: `
- **Takumi:** agrees: the talk title is drawn from the Noto Sans Italic face in all three (no
  longer upright in ours), the rotated square behind the gradient frame (point 6), the framed
  portrait with its shadow.
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
- **Takumi:** agrees: the mention and the hashtag blue and the counts bold in all three (no
  longer one style in ours), the post wrapped the same way, the drawn check in the badge.
- **satori:** content-box makes the 960 px card 1064 px wide, so the post wraps differently;
  satori 0.33.5 refuses the inline paragraphs (point 8).
`,
};
