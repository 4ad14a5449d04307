// Hand-written notes for REPORT.md: what differs in each card and why, from
// looking at the strips and the full-size renders (COMPAT_KEEP=DIR) and
// measuring offsets with shift.mjs. compat.mjs copies them into the report;
// rewrite them when the renderer or the cards change.
export const notes = {
  when: 'satori 0.63.2 / 0.33.5, Takumi 2.16.3, ours at 1a5f6c5',

  general: `
**1. Box sizing — satori 0.63 only.** satori 0.63 lays out with Taffy and, like a browser,
sizes boxes as \`content-box\` unless told otherwise. Every card here gives its root
\`width: "100%", height: "100%"\` *and* a \`padding\` (product: a \`width: "60%"\` column with
padding), which in satori 0.63 makes the root bigger than the canvas — blog-post's root is
1344 × 774 — so content is pushed off the right and bottom edges, centred content moves by
the padding, and text wraps at a wider measure. Ours and Takumi size every box as
\`border-box\`, as satori did up to 0.33.5 (Yoga), the version \`@vercel/og\` 1.0.3 still
ships. Give satori 0.63 \`boxSizing: "border-box"\` on every element and it agrees with ours about as closely as Takumi does (column *satori border-box*); satori 0.33.5
needs nothing (last column). This is most of every *ours vs satori* number. Not a bug in
ours, but a choice to make and document: a card written against satori ≥ 0.63 with
content-box sizing in mind lays out differently in ours.

**2. \`lineHeight: normal\` — ours differs from all three.** Ours takes \`normal\` as 1.2 × the
font size (\`src/scene/css.rs\`: "normal (1.2, as satori)"). satori 0.33.5, satori 0.63.2 and
Takumi all take it from the font, as browsers do: ascent + descent + line gap of the faces
used on the line — 1.362 for Noto Sans (hhea 1069 / −293 / 0 per 1000) and 1.448 for a line
holding Noto Sans SC glyphs (1160 / −288 / 0). Measured: a 100 px "Hxg" box is 136 px
tall in satori 0.33.5, satori 0.63.2 and Takumi, "中文" and "Hx中文" 145 px; ours makes each
120 px. So every text box that sets no \`lineHeight\` is 12 % (Latin) to 17 % (Chinese) shorter in ours; text in it sits higher,
and whatever is stacked below, centred or spread around it moves: 2–8 px per block in every
card. It is nearly all of *ours vs Takumi*: with \`lineHeight: 1.362\` put on the root of both
shapes, ours vs Takumi drops to 0.6–2.0 on the five Latin cards (from 2.1–7.3) and to 5.7 on
cjk-article (from 9.3; the rest there is point 4). **A bug in ours**: \`normal\` should be
the line's faces' ascent + descent + line gap (hhea), the largest of them on a line that
mixes faces.

**3. Kerning — satori only.** The embedded Latin faces keep their kerning as a legacy \`kern\`
table (\`fonts/README.md\`; they have no GPOS). satori's harfbuzzjs shaping, in 0.33.5 and
0.63.2 alike, ignores it: satori sets the Latin text unkerned, about 1 % wider (a 540 px line
ends 6 px further right; "AVAVAVAV" at 100 px is 496 px wide in satori, 468 px in Takumi).
Ours and Takumi kern identically. This comes from our font files: with the stock Noto Sans
(GPOS kerning) satori would kern too.

**4. Synthetic bold — satori 0.63 and Takumi.** The Chinese faces are regular only. For
\`fontWeight: 700\` on Chinese text satori 0.63 and Takumi embolden the regular outlines
(\`font-synthesis: weight\`, as browsers do); ours and satori 0.33.5 draw it regular. Only
cjk-article has bold Chinese text. Ours does not report it either: \`"strict": true\` lists
nothing for that card.

**What agrees.** Gradients (linear at 135° and \`to right\`, the radial
\`circle at 50% 40%\` with three stops), the rotated square with its translucent border,
rounded corners, the left border bending round a 32 px radius, \`borderRadius: 50%\` circles,
the \`0 20px 50px\` shadow and the two spread-only ring shadows: probed pixels are identical
in ours, satori (resvg) and Takumi, or within 1–3 levels in the blurred shadow. Line breaks
are the same wherever the widths are, Chinese included. Glyph edges are anti-aliased a little
differently (a few levels on edge pixels), and positions round to a different pixel now and
then (≤ 1 px).
`,

  'blog-post': `
- **satori:** content-box (point 1): the root is 1344 × 774, so \`space-between\` puts the
  footer ("Ada Lovelace", the date) below the canvas, the title wraps at 1200 px instead of
  1056 ("…at the edg|e" runs off the right edge) and the middle block sits 70 px lower.
- **Takumi:** the title is 5 px higher, the subtitle 3 px and the footer 2 px higher than in
  ours: the subtitle (30 px) and the footer (26 px) have normal line height, 40.9 and 35.4 px
  tall in Takumi against 36 and 31.2 in ours (point 2), and \`space-between\` spreads the
  difference. The gradient is identical.
- **satori 0.33.5 / border-box:** as Takumi, plus the unkerned, wider text (point 3).
`,

  quote: `
- **satori:** content-box: the root is 1360 × 790 (padding 80), so the centred card moves
  80 px right and 80 px down.
- **Takumi:** the card is 4.5 px taller — the attribution line (28 px, normal line height)
  is 38.1 px in Takumi, 33.6 in ours (point 2) — so its top edge is 2 px higher and its
  bottom 2 px lower; the quote itself (\`lineHeight: 1.35\`) agrees. The \`0 20px 50px\`
  shadow matches within 1–3 levels, and the 12 px amber left border follows the 32 px
  corners the same way in all three.
`,

  product: `
- **satori:** content-box: the text column is \`width: 60%\` plus 144 px of padding, shrunk to
  778 px, so "Aurora Desk Lamp" fits on one line and the gradient panel is 422 px wide
  instead of 480, its square moved right.
- **Takumi:** the text column is centred vertically and its normal-height lines are taller
  in Takumi (the NEW badge 30 px of text against 26.4, the two subtitle lines 40.9 against
  36 each, the \`$89\` row 76 against 67 px), so the badge and title sit 8 px higher and the
  price row 7 px lower than in ours (point 2). Baseline alignment of \`$89\` / \`$119\` and the
  line-through agree. The radial gradient and the rotated square with its \`rgba\` fill and
  border are identical in all three.
`,

  event: `
- **satori:** content-box: the root is 1328 × 758 (padding 64), so the bottom block
  (\`marginTop: auto\`) falls off the canvas — only the top of "March 14 · 17:00 UTC" shows —
  and the gradient is stretched over 1328 px.
- **Takumi:** the three tags are 4 px taller (24 px text, normal line height), which moves
  the title 3 px down; the bottom block's two 32 px lines are 5 px taller each, so the date
  sits 6 px and the last line 2 px higher than in ours (point 2). The \`to right\` gradient
  is identical and the tags' 2 px translucent borders with 8 px radius match.
`,

  profile: `
- **satori:** content-box: the root is 1392 × 822 (padding 96), so everything, centred on the
  cross axis, moves 96 px down.
- **Takumi:** the text column is centred on the avatar and its normal-height lines are
  taller, so the name is 4 px higher, the role line 3 px and the stats row 7 px lower than in
  ours (point 2). The avatar — gradient circle, "GH" centred in it, and the two ring shadows
  \`0 0 0 10px\` / \`0 0 0 14px\` — matches within a pixel.
`,

  'avatar-card': `
The avatar (\`asset:sample.png\`, inlined as a data: URI for satori and Takumi) in its ring,
the shadow, the text and the tags agree. The one visible difference: the large background
disc (\`backgroundPosition: '0 0, 118% 40%'\` on a 520 px image) sits fully inside the card
in ours and runs off its right edge in satori and Takumi — ours does not honour a position
past 100 % there yet (a bug to fix).
`,

  'cjk-article': `
- **All but ours and satori 0.33.5 draw the label and the title bold:** satori 0.63 and
  Takumi synthesise bold for the regular-only Chinese faces (point 4); ours draws them
  regular, and says nothing about it under \`"strict": true\`. This is the visible
  difference in the card and most of its number.
- **satori:** content-box: the root is 1360 × 790 (padding 80), so the title fits on one line
  and the paragraph runs off the right edge on a single line.
- **Takumi:** the 28 px label has normal line height, 40.5 px for a line of Chinese in
  Takumi (1.448, the SC face's metrics) against 33.6 in ours (point 2), so everything below
  it is 5 px lower than in ours. The title (\`lineHeight: 1.25\`) and the paragraph
  (\`lineHeight: 1.6\`) place their glyphs the same way inside their lines.
- **Line breaks** agree wherever the width is the same (ours, Takumi, satori border-box,
  satori 0.33.5): the title breaks before "版", the paragraph before "络请求。"; no line
  starts with "，" or "。". (satori 0.63 with border-box
  sets the Chinese glyphs 3–5 px lower in their lines than Takumi does.)
`,
};
