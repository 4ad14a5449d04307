//! The element tree → a [`render::Scene`]: one [`Node`] per element, text
//! as paragraphs, under a root node the size of the canvas.
//!
//! - `nodes[0]` is the canvas: a flex row of exactly `width × height`
//!   holding the tree's root element, as satori lays it out (so a root that
//!   should fill the card says `width: 100%, height: 100%`, as in satori).
//! - An element whose children are all text and inline elements (`span`,
//!   `b`, `i`, `br`, … whose own children are inline too) is ONE text leaf:
//!   one paragraph, each inline element's text a run in its own text style
//!   (font, size, weight, style, colour, line height, letter spacing,
//!   decoration, transform: [`render::TextSpec::spans`]), wrapped as one.
//!   An inline element's box properties (background, padding, border,
//!   margin, radius) are not drawn and are noted (`inline:backgroundColor`).
//!   One exception keeps the most common satori shape exact: an element
//!   whose only content is one inline element (plus collapsible white
//!   space) lowers that element as a node of its own, with its style.
//! - An element with both block children and text gets an anonymous text
//!   node (in the element's text style) for each run of text and inline
//!   elements between the blocks.
//! - An image element (`img`, Takumi `image`) is a node whose content is
//!   its image ([`Content::Image`]); its `width`/`height` props are its
//!   layout size where the style sets none, else the core measures the
//!   image (keeping its aspect ratio when one side is known).
//! - `display: none` drops the element and its subtree (still validated,
//!   images only checked: not decoded, not in the scene).
//! - White space is collapsed as `whiteSpace` says, `textTransform` applied,
//!   and the text cleaned ([`render::clean_text`]); a paragraph left empty
//!   is no text at all.

use render::{Content, Node, Paint, Scene, Span, TextContent, Wrap};
use serde_json::Value;

use super::images::Images;
use super::style::{self, match_weight, Computed, TextStyle, TextTransform, WhiteSpace};
use super::tree::{Child, Element, Tag};
use super::unsupported::Unsupported;
use crate::error::ApiError;
use crate::fonts;
use render::taffy;
use render::taffy::style::Dimension;

/// Lowers `root` onto a `width × height` canvas at `dpr` (all validated),
/// loading its images into `images` (which become [`Scene::images`]).
pub fn lower(
    root: &Child,
    width: u32,
    height: u32,
    dpr: f32,
    lang: Option<fonts::Lang>,
    images: Images,
    unsupported: &mut Unsupported,
) -> Result<Scene, ApiError> {
    let canvas = Node {
        layout: taffy::Style {
            size: taffy::geometry::Size {
                width: Dimension::length(width as f32),
                height: Dimension::length(height as f32),
            },
            ..style::element_layout()
        },
        paint: Paint::default(),
        content: Content::None,
        children: Vec::new(),
    };
    let mut lowering = Lowering {
        nodes: vec![canvas],
        images,
        unsupported,
    };
    let root_style = TextStyle {
        lang,
        ..TextStyle::root()
    };
    let child = match root {
        Child::Element(el) => lowering.element(el, &root_style)?,
        Child::Text(text) => {
            let piece = Piece {
                text: text.clone(),
                style: root_style.clone(),
                path: "element".into(),
            };
            lowering.anonymous(&[piece], &root_style, (None, false), "element")
        }
    };
    lowering.nodes[0].children.extend(child);
    Ok(Scene {
        width,
        height,
        dpr,
        nodes: lowering.nodes,
        images: lowering.images.into_vec(),
    })
}

struct Lowering<'u> {
    nodes: Vec<Node>,
    images: Images,
    unsupported: &'u mut Unsupported,
}

impl Lowering<'_> {
    /// Lowers an element; `None` when it is not drawn (`display: none`).
    fn element(&mut self, el: &Element, parent: &TextStyle) -> Result<Option<u32>, ApiError> {
        let mut notes = Unsupported::default();
        let computed = style::compute(el, parent, &mut notes, Some(&mut self.images))?;
        if computed.hidden {
            // Still validated, but nothing is drawn, so nothing is noted.
            validate(&el.children, &computed.text, &mut notes)?;
            return Ok(None);
        }
        self.unsupported.absorb(notes);
        let index = self.push(Node {
            layout: computed.layout.clone(),
            paint: computed.paint.clone(),
            content: computed.image.map_or(Content::None, Content::Image),
            children: Vec::new(),
        });
        let children = &el.children;
        let collapses = computed.text.white_space.collapses();
        let blank =
            |c: &Child| matches!(c, Child::Text(t) if collapses && t.chars().all(is_css_space));
        let mut kids: Vec<u32> = Vec::new();
        // The children of an element that asks for `display: flex` are flex
        // items (CSS "blockification"): each element is its own box, and
        // each run of text an anonymous one (aligned like any item, and
        // keeping the container's `lineClamp` / `textOverflow`, as satori
        // does). Elsewhere (no `display`, or `block`), text and inline
        // elements flow as one paragraph.
        let flex = asks_for_flex(el);
        let flows = |c: &Child| {
            if flex {
                matches!(c, Child::Text(_))
            } else {
                is_inline(c)
            }
        };
        if !flex && children.iter().all(is_inline) {
            let elements: Vec<&Element> = children
                .iter()
                .filter_map(|c| match c {
                    Child::Element(e) => Some(e),
                    Child::Text(_) => None,
                })
                .collect();
            let only_element = elements.len() == 1
                && elements[0].tag != Tag::Br
                && children
                    .iter()
                    .all(|c| matches!(c, Child::Element(_)) || blank(c));
            if only_element {
                kids.extend(self.element(elements[0], &computed.text)?);
            } else if !children.is_empty() {
                let pieces = self.run(children, &computed.text, &el.path)?;
                self.nodes[index as usize].content = self.content(&pieces, &computed, &el.path);
            }
        } else {
            let mut i = 0;
            while i < children.len() {
                if let Child::Element(e) = &children[i] {
                    if !flows(&children[i]) {
                        kids.extend(self.element(e, &computed.text)?);
                        i += 1;
                        continue;
                    }
                }
                let start = i;
                while i < children.len() && flows(&children[i]) {
                    i += 1;
                }
                let pieces = self.run(&children[start..i], &computed.text, &el.path)?;
                let clip = if flex {
                    (computed.line_clamp, computed.ellipsis)
                } else {
                    (None, false)
                };
                if let Some(node) = self.anonymous(&pieces, &computed.text, clip, &el.path) {
                    kids.push(node);
                }
            }
        }
        self.nodes[index as usize].children = kids;
        Ok(Some(index))
    }

    fn push(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    /// An anonymous node holding a run of text in `style`; `None` when the
    /// run is empty once white space is processed.
    /// An anonymous box for a run of text, with the container's
    /// `(lineClamp, textOverflow: ellipsis)` when it is a flex item.
    fn anonymous(
        &mut self,
        pieces: &[Piece],
        style: &TextStyle,
        (line_clamp, ellipsis): (Option<u32>, bool),
        path: &str,
    ) -> Option<u32> {
        let mut layout = style::element_layout();
        if ellipsis {
            // Free to shrink below its one unbroken line, so that it can
            // end in `…` instead of overflowing.
            layout.min_size.width = taffy::style::LengthPercentageAuto::length(0.0);
        }
        let computed = Computed {
            text: style.clone(),
            hidden: false,
            layout,
            paint: Paint::default(),
            line_clamp,
            ellipsis,
            image: None,
        };
        match self.content(pieces, &computed, path) {
            Content::None => None,
            content => Some(self.push(Node {
                layout: computed.layout,
                paint: Paint::default(),
                content,
                children: Vec::new(),
            })),
        }
    }

    /// The pieces of a run of children: strings in `parent`'s style,
    /// `<br>` as a line break, inline elements by their text in their own
    /// style. Their box properties are noted: not drawn.
    fn run(
        &mut self,
        items: &[Child],
        parent: &TextStyle,
        path: &str,
    ) -> Result<Vec<Piece>, ApiError> {
        let mut pieces = Vec::new();
        self.collect(items, parent, path, &mut pieces)?;
        Ok(pieces)
    }

    fn collect(
        &mut self,
        items: &[Child],
        parent: &TextStyle,
        path: &str,
        out: &mut Vec<Piece>,
    ) -> Result<(), ApiError> {
        let push = |out: &mut Vec<Piece>, text: &str, style: &TextStyle, path: &str| match out
            .last_mut()
        {
            Some(last) if last.style == *style => last.text.push_str(text),
            _ => out.push(Piece {
                text: text.to_owned(),
                style: style.clone(),
                path: path.to_owned(),
            }),
        };
        for item in items {
            match item {
                Child::Text(t) => push(out, t, parent, path),
                Child::Element(e) => {
                    let mut notes = Unsupported::default();
                    let computed = style::compute(e, parent, &mut notes, None)?;
                    if computed.hidden {
                        validate(&e.children, &computed.text, &mut notes)?;
                        continue;
                    }
                    self.unsupported.absorb(notes);
                    if e.tag == Tag::Br {
                        push(out, "\u{2028}", parent, path);
                        continue;
                    }
                    // How an inline element's own text wraps is the box's.
                    if computed.text.white_space != parent.white_space {
                        self.unsupported.add("inline:whiteSpace", &e.path);
                    }
                    if computed.text.break_all != parent.break_all {
                        self.unsupported.add("inline:wordBreak", &e.path);
                    }
                    if let Some((map, style_path)) = &e.style {
                        let boxed = map
                            .keys()
                            .filter(|k| !map[k.as_str()].is_null() && !style::is_text_key(k));
                        for key in boxed {
                            let at = super::path::key(style_path, key);
                            self.unsupported.add(&format!("inline:{key}"), &at);
                        }
                    }
                    self.collect(&e.children, &computed.text, &e.path, out)?;
                }
            }
        }
        Ok(())
    }

    /// A paragraph made of `pieces` as the content of a box in `computed`'s
    /// style (the box's element at `path`): white space processed across
    /// the pieces as one text, each piece transformed in its own style, and
    /// a span per piece unless they all share the box's style.
    fn content(&mut self, pieces: &[Piece], computed: &Computed, path: &str) -> Content {
        let style = &computed.text;
        let mut chars = white_space(pieces, style.white_space);
        // A break that ends a paragraph starts no line of its own (CSS:
        // `a<br>` is one line, `a<br><br>` two).
        if chars.last().is_some_and(|&(c, _)| c == LINE_BREAK) {
            chars.pop();
        }
        // Runs of one piece, transformed and cleaned in its style
        // (`capitalize` knows whether the run before ended mid-word).
        let mut runs: Vec<(String, usize)> = Vec::new();
        let mut word_start = true;
        let mut i = 0;
        while i < chars.len() {
            let piece = chars[i].1;
            let start = i;
            while i < chars.len() && chars[i].1 == piece {
                i += 1;
            }
            let raw: String = chars[start..i].iter().map(|&(c, _)| c).collect();
            let how = pieces[piece].style.transform;
            let text = render::clean_text(&transform(&raw, how, &mut word_start));
            if !text.is_empty() {
                runs.push((text, piece));
            }
        }
        let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
        if text.is_empty() {
            return Content::None;
        }
        let wrap = match (style.white_space, style.break_all) {
            (WhiteSpace::NoWrap | WhiteSpace::Pre, _) => Wrap::None,
            (_, true) => Wrap::Char,
            _ => Wrap::Word,
        };
        let max_lines = computed
            .line_clamp
            .or((computed.ellipsis && wrap == Wrap::None).then_some(1));
        let plain = runs
            .iter()
            .all(|&(_, p)| same_look(&pieces[p].style, style));
        // With spans the box's own style is only the strut: what it would
        // draw is not drawn, so not noted.
        let own = self.run_style(&text, style, path, plain);
        let spans = if plain {
            Vec::new()
        } else {
            let mut end = 0usize;
            runs.iter()
                .map(|(t, p)| {
                    end += t.len();
                    let piece = &pieces[*p];
                    let look = self.run_style(t, &piece.style, &piece.path, true);
                    Span {
                        end: end as u32,
                        chain: look.chain,
                        size: piece.style.size,
                        line_height: look.line_height,
                        color: piece.style.color,
                        letter_spacing: piece.style.letter_spacing,
                        decoration: piece.style.decoration,
                    }
                })
                .collect()
        };
        Content::Text(TextContent {
            chain: own.chain,
            text,
            size: style.size,
            line_height: own.line_height,
            color: style.color,
            align: style.align,
            dir: style.direction,
            wrap,
            max_lines,
            decoration: style.decoration,
            letter_spacing: style.letter_spacing,
            spans,
        })
    }

    /// The face chain and line height (a multiple of the size) `text`
    /// gets in `style`; with `note`, a weight or style drawn from a face of
    /// another is noted at `path`.
    fn run_style(&mut self, text: &str, style: &TextStyle, path: &str, note: bool) -> RunLook {
        let (primary, weight) = primary_face(style);
        // The weight a family with all nine would draw: 550 is drawn at 600
        // by CSS font matching, which is no fallback.
        let ideal = match_weight(style.weight, &ALL_WEIGHTS).unwrap_or(400);
        if note && (weight >= 600) != (ideal >= 600) {
            // A bold asked of a family without one (or the reverse).
            self.unsupported
                .add(&format!("fontWeight:{}", style.weight), path);
        }
        let chain = fonts::chain(primary, text, style.lang);
        let drawn_from: Vec<&fonts::FaceInfo> = fonts::faces_needed(text, &chain)
            .iter()
            .filter_map(|&f| fonts::FACES.get(usize::from(f)))
            .collect();
        if note && weight >= 600 && ideal >= 600 && drawn_from.iter().any(|f| f.weight < 600) {
            // Characters drawn from a fallback face without a bold (the CJK
            // faces): drawn regular, not emboldened.
            self.unsupported
                .add(&format!("fontWeight:{}:fallback", style.weight), path);
        }
        if note && style.italic && drawn_from.iter().any(|f| !f.italic) {
            // Characters drawn upright: a family without an italic (serif,
            // mono; `primary_face` fell back to its upright faces) or a
            // fallback face without one (the CJK faces).
            self.unsupported.add("fontStyle:italic:fallback", path);
        }
        let line_height = match style.line_height {
            super::css::LineHeight::Normal => fonts::normal_line_height(text, &chain),
            super::css::LineHeight::Factor(f) => f,
            super::css::LineHeight::Px(px) => px / style.size,
        };
        RunLook {
            chain,
            line_height: line_height + 0.0,
        }
    }
}

/// A piece of a paragraph: text in one inline element's style.
struct Piece {
    text: String,
    style: TextStyle,
    /// The element it comes from.
    path: String,
}

/// How a run is drawn, beyond its style's own values.
struct RunLook {
    chain: Vec<u16>,
    line_height: f32,
}

/// Whether text in `a` looks as text in `b` does (what a span would change).
fn same_look(a: &TextStyle, b: &TextStyle) -> bool {
    a.color == b.color
        && a.family == b.family
        && a.size == b.size
        && a.weight == b.weight
        && a.italic == b.italic
        && a.line_height == b.line_height
        && a.letter_spacing == b.letter_spacing
        && a.decoration == b.decoration
}

/// A forced line break (`<br>`) inside a paragraph until white space is
/// processed: U+2028, which [`render::clean_text`] turns into `\n`.
const LINE_BREAK: char = '\u{2028}';

/// CSS document white space: space, tab, line feed, carriage return, form feed.
fn is_css_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// Whether the element's own style says `display: flex` (or `inline-flex`).
fn asks_for_flex(el: &Element) -> bool {
    el.style.as_ref().is_some_and(|(map, _)| {
        map.get("display").and_then(Value::as_str).is_some_and(|d| {
            matches!(
                d.trim().to_ascii_lowercase().as_str(),
                "flex" | "inline-flex"
            )
        })
    })
}

/// Whether `child` flows as inline text: a string, or an inline tag that
/// does not make itself a block (`display` other than `inline`, or
/// `position: absolute`) and holds only inline children.
fn is_inline(child: &Child) -> bool {
    match child {
        Child::Text(_) => true,
        Child::Element(e) => {
            if !e.tag.is_inline() {
                return false;
            }
            if let Some((map, _)) = &e.style {
                let says = |key: &str, ok: &[&str]| {
                    map.get(key)
                        .and_then(Value::as_str)
                        .is_some_and(|v| !ok.iter().any(|o| o.eq_ignore_ascii_case(v.trim())))
                };
                if says("display", &["inline", "none"]) || says("position", &["static", "relative"])
                {
                    return false;
                }
            }
            e.children.iter().all(is_inline)
        }
    }
}

/// Validates the styles of a subtree that is not drawn.
fn validate(
    children: &[Child],
    parent: &TextStyle,
    notes: &mut Unsupported,
) -> Result<(), ApiError> {
    for child in children {
        if let Child::Element(e) = child {
            let computed = style::compute(e, parent, notes, None)?;
            validate(&e.children, &computed.text, notes)?;
        }
    }
    Ok(())
}

/// White space as `whiteSpace` says, over the pieces' text as one: each
/// kept character with the index of its piece. `normal`/`nowrap` collapse
/// every run of spaces, tabs and newlines to one space (in the piece of the
/// run's first); `pre-line` keeps newlines; collapsing modes also drop
/// spaces at the start and end of the paragraph and around line breaks.
/// `pre`/`pre-wrap` keep everything.
fn white_space(pieces: &[Piece], mode: WhiteSpace) -> Vec<(char, usize)> {
    let all = pieces
        .iter()
        .enumerate()
        .flat_map(|(p, piece)| piece.text.chars().map(move |c| (c, p)));
    if !mode.collapses() {
        // `\r\n` and a lone `\r` are one newline even across pieces.
        let mut out: Vec<(char, usize)> = Vec::new();
        let mut after_cr = false;
        for (c, p) in all {
            match c {
                '\r' => out.push(('\n', p)),
                '\n' if after_cr => {}
                _ => out.push((c, p)),
            }
            after_cr = c == '\r';
        }
        return out;
    }
    let keep_newlines = mode == WhiteSpace::PreLine;
    let mut out: Vec<(char, usize)> = Vec::new();
    let mut pending_space = None;
    for (c, p) in all {
        let newline = c == LINE_BREAK || keep_newlines && (c == '\n' || c == '\r');
        if newline {
            // No space before a break; none after it either.
            pending_space = None;
            if c == '\r' {
                continue; // \r\n and lone \r: the \n (or nothing) follows
            }
            out.push((LINE_BREAK, p));
        } else if is_css_space(c) {
            let after_text = out.last().is_some_and(|&(l, _)| l != LINE_BREAK);
            if after_text && pending_space.is_none() {
                pending_space = Some(p);
            }
        } else {
            if let Some(sp) = pending_space.take() {
                out.push((' ', sp));
            }
            out.push((c, p));
        }
    }
    out
}

/// `textTransform` of one run; `word_start` says whether the text before
/// it (in the paragraph's earlier runs) ended between words, and is left
/// saying so of this run's end.
fn transform(text: &str, how: TextTransform, word_start: &mut bool) -> String {
    let out = match how {
        TextTransform::None => text.to_owned(),
        TextTransform::Upper => text.to_uppercase(),
        TextTransform::Lower => text.to_lowercase(),
        TextTransform::Capitalize => {
            let mut out = String::with_capacity(text.len());
            let mut start = *word_start;
            for c in text.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                start = !in_word(c);
            }
            out
        }
    };
    if let Some(last) = text.chars().last() {
        *word_start = !in_word(last);
    }
    out
}

/// Whether `c` continues a word for `capitalize`.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// The CSS weights 100 to 900.
const ALL_WEIGHTS: [u16; 9] = [100, 200, 300, 400, 500, 600, 700, 800, 900];

/// The primary face for a text style, and its weight, by CSS font
/// matching: the style first — `italic` (and `oblique`, which falls back
/// to italic) takes the family's italic faces, or its upright ones when it
/// has none — then, among those, the weight [`match_weight`] picks.
pub fn primary_face(style: &TextStyle) -> (u16, u16) {
    let italic = style.italic && !fonts::styled_weights(style.family, true).is_empty();
    let weights = fonts::styled_weights(style.family, italic);
    let weight = match_weight(style.weight, &weights).unwrap_or(400);
    let face = fonts::styled_face(style.family, weight, italic)
        .or_else(|| fonts::face_of("sans", 400))
        .unwrap_or(0);
    (face, weight)
}
