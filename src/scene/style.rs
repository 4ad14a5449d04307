//! The resolved style of one element: its tag's presets (as a browser and
//! satori give them) under its own `style`, with the inherited text
//! properties from its parent, lengths resolved (`em` against the element's
//! font size — the parent's for `fontSize` itself — `rem` against 16 px)
//! and shorthands expanded.
//!
//! Inherited, as in CSS: `color`, `fontFamily`, `fontSize`, `fontWeight`,
//! `fontStyle`, `lineHeight`, `letterSpacing`, `textAlign`,
//! `textTransform`, `whiteSpace`, `wordBreak`, `direction` (root: 16 px
//! sans, black, line height `normal` — the font's, as browsers, satori and
//! Takumi — `textAlign: start`, `direction: ltr`, CSS's initial values). `textDecoration` propagates to the
//! text inside. Everything else is the element's own.
//!
//! Declarations apply in an order that does not depend on how the object's
//! keys are ordered: presets first, then the element's own, shorthands
//! (`margin`) before their longhands (`marginTop`), so a longhand always
//! wins over its shorthand.

use crate::num::F32;
use render::taffy::geometry::{Point, Rect, Size};
use render::taffy::style::{
    AlignContent, AlignItems, BoxSizing, Dimension, Display, FlexDirection, FlexWrap,
    JustifyContent, LengthPercentage, LengthPercentageAuto, Overflow, Position,
};
use render::{
    taffy, Align, Background, BackgroundSize, Decoration, Direction, ImageContent, Len, ObjectFit,
    Paint, Rgba,
};
use serde_json::{Map, Value};

use super::css::{self, Accept, Ctx, Fault, Layer, Length, LineHeight, Raw, ROOT_FONT_SIZE};
use super::images::{self, Images, Loaded};
use super::path::{self, quote};
use super::tree::{Element, Tag};
use super::unsupported::Unsupported;
use crate::error::ApiError;
use crate::fonts;
use crate::params::{MAX_LINES, SCENE_FONT_SIZE};

/// `textTransform`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextTransform {
    /// As written.
    None,
    /// `uppercase`.
    Upper,
    /// `lowercase`.
    Lower,
    /// `capitalize`: the first letter of each word.
    Capitalize,
}

/// `whiteSpace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhiteSpace {
    /// Spaces and newlines collapse; lines wrap.
    Normal,
    /// Spaces and newlines collapse; no wrapping.
    NoWrap,
    /// Kept as written; no wrapping.
    Pre,
    /// Kept as written; lines wrap.
    PreWrap,
    /// Spaces collapse, newlines are kept; lines wrap.
    PreLine,
}

impl WhiteSpace {
    /// Whether runs of spaces collapse to one.
    pub fn collapses(self) -> bool {
        matches!(
            self,
            WhiteSpace::Normal | WhiteSpace::NoWrap | WhiteSpace::PreLine
        )
    }
}

/// The inherited text properties, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct TextStyle {
    /// `color`.
    pub color: Rgba,
    /// The embedded family's role: `sans`, `serif` or `mono`.
    pub family: &'static str,
    /// `fontSize`, CSS px.
    pub size: f32,
    /// `fontWeight` as asked (the face is chosen at the end).
    pub weight: u16,
    /// `fontStyle: italic` or `oblique` (drawn from an italic face; a
    /// family without one is drawn upright, noted when lowered).
    pub italic: bool,
    /// `lineHeight`: a multiple, or pixels.
    pub line_height: LineHeight,
    /// `letterSpacing`, CSS px.
    pub letter_spacing: f32,
    /// `textAlign`.
    pub align: Align,
    /// `direction`.
    pub direction: Direction,
    /// `textTransform`.
    pub transform: TextTransform,
    /// `whiteSpace`.
    pub white_space: WhiteSpace,
    /// `wordBreak: break-all`.
    pub break_all: bool,
    /// `textDecoration` lines, propagated from ancestors.
    pub decoration: Decoration,
    /// The `lang` prop (inherited): which regional forms Han characters
    /// take; `None` guesses from the text.
    pub lang: Option<crate::fonts::Lang>,
}

impl TextStyle {
    /// The root's: 16 px sans, black, line height `normal`, left.
    pub fn root() -> TextStyle {
        TextStyle {
            color: Rgba::rgb(0x000000),
            family: "sans",
            size: ROOT_FONT_SIZE,
            weight: 400,
            italic: false,
            line_height: LineHeight::Normal,
            letter_spacing: 0.0,
            // CSS's initial values: `start` in a left-to-right paragraph
            // is left.
            align: Align::Start,
            direction: Direction::Ltr,
            transform: TextTransform::None,
            white_space: WhiteSpace::Normal,
            break_all: false,
            decoration: Decoration::default(),
            lang: None,
        }
    }
}

/// One element's resolved style.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    /// The inherited text properties (what the children inherit).
    pub text: TextStyle,
    /// `display: none`: the element and its subtree are not drawn.
    pub hidden: bool,
    /// The layout style.
    pub layout: taffy::Style,
    /// The paint.
    pub paint: Paint,
    /// `lineClamp`.
    pub line_clamp: Option<u32>,
    /// `textOverflow: ellipsis`.
    pub ellipsis: bool,
    /// An image element's content (`objectFit`, `objectPosition`), when it
    /// is drawn.
    pub image: Option<ImageContent>,
}

/// Per-side border state until the end (a width counts only with a style).
#[derive(Clone, Copy)]
struct BorderSide {
    width: f32,
    style: &'static str,
    color: Option<Rgba>,
}

/// The tag presets, as declarations (applied before the element's own).
fn presets(tag: Tag) -> &'static [(&'static str, &'static str)] {
    match tag {
        Tag::H(1) => &[
            ("fontSize", "2em"),
            ("fontWeight", "bold"),
            ("marginTop", "0.67em"),
            ("marginBottom", "0.67em"),
        ],
        Tag::H(2) => &[
            ("fontSize", "1.5em"),
            ("fontWeight", "bold"),
            ("marginTop", "0.83em"),
            ("marginBottom", "0.83em"),
        ],
        Tag::H(3) => &[
            ("fontSize", "1.17em"),
            ("fontWeight", "bold"),
            ("marginTop", "1em"),
            ("marginBottom", "1em"),
        ],
        Tag::H(4) => &[
            ("fontSize", "1em"),
            ("fontWeight", "bold"),
            ("marginTop", "1.33em"),
            ("marginBottom", "1.33em"),
        ],
        Tag::H(5) => &[
            ("fontSize", "0.83em"),
            ("fontWeight", "bold"),
            ("marginTop", "1.67em"),
            ("marginBottom", "1.67em"),
        ],
        Tag::H(_) => &[
            ("fontSize", "0.67em"),
            ("fontWeight", "bold"),
            ("marginTop", "2.33em"),
            ("marginBottom", "2.33em"),
        ],
        Tag::P => &[("marginTop", "1em"), ("marginBottom", "1em")],
        Tag::B | Tag::Strong => &[("fontWeight", "bold")],
        Tag::I | Tag::Em => &[("fontStyle", "italic")],
        Tag::U => &[("textDecoration", "underline")],
        Tag::S => &[("textDecoration", "line-through")],
        Tag::Code => &[("fontFamily", "monospace")],
        Tag::Pre => &[("fontFamily", "monospace"), ("whiteSpace", "pre")],
        Tag::Hr => &[
            ("borderTop", "1px solid gray"),
            ("marginTop", "0.5em"),
            ("marginBottom", "0.5em"),
        ],
        Tag::Div | Tag::Span | Tag::Br | Tag::Text | Tag::Img => &[],
    }
}

/// Whether `key` is a property an inline element's run draws (or that has
/// no effect on an inline box, as in CSS): the inherited text properties,
/// `textDecoration` and how the element flows. The others (background,
/// padding, border, …) would need an inline box of its own: not drawn.
pub fn is_text_key(key: &str) -> bool {
    INHERITED.contains(&key)
        || matches!(
            key,
            "textDecoration" | "textDecorationLine" | "display" | "position"
        )
}

/// Shorthands apply before the properties they set (0, then 1, then 2).
fn level(name: &str) -> u8 {
    match name {
        "margin" | "padding" | "inset" | "border" | "borderRadius" | "background" | "flex"
        | "flexFlow" | "gap" | "textDecoration" | "overflow" => 0,
        "borderTop" | "borderRight" | "borderBottom" | "borderLeft" | "borderWidth"
        | "borderStyle" | "borderColor" => 1,
        _ => 2,
    }
}

/// A declaration: property, value, where it is (`None` for a preset).
type Decl<'a> = (&'a str, Raw<'a>, Option<String>);

/// Resolves `element`'s style under `parent`. Unknown properties and
/// values that cannot be drawn yet are noted in `unsupported`; malformed
/// values are errors at their path.
///
/// Images (an `img`'s `src`, background `url()`s) are loaded into
/// `images`, or only checked ([`Images::check`]) when `images` is `None`
/// or the element is `display: none`: what is not drawn is validated but
/// neither decoded nor part of the scene.
pub fn compute(
    element: &Element,
    parent: &TextStyle,
    unsupported: &mut Unsupported,
    images: Option<&mut Images>,
) -> Result<Computed, ApiError> {
    let mut decls: Vec<Decl> = presets(element.tag)
        .iter()
        .map(|&(n, v)| (n, Raw::Str(v), None))
        .collect();
    // An image's `width` and `height` props size it when its style does
    // not (satori): declarations before the element's own.
    if let Some(img) = &element.image {
        for (name, side) in [("width", &img.width), ("height", &img.height)] {
            if let Some((value, at)) = side {
                if let Some(raw) = Raw::from_json(value) {
                    decls.push((name, raw, Some(at.clone())));
                }
            }
        }
    }
    let mut own: Vec<Decl> = Vec::new();
    if let Some((map, style_path)) = &element.style {
        own = declarations(map, style_path)?;
    }
    crate::sort::sort_vec_by(&mut own, |a, b| (level(a.0), a.0) < (level(b.0), b.0));
    decls.extend(own);

    let mut text = parent.clone();
    if let Some(lang) = element.lang {
        text.lang = lang;
    }
    let mut s = Resolver {
        text,
        parent,
        hidden: false,
        layout: element_layout(),
        paint: Paint::default(),
        line_clamp: None,
        ellipsis: false,
        borders: [BorderSide {
            width: 3.0,
            style: "none",
            color: None,
        }; 4],
        layers: BackgroundLayers::default(),
        object_fit: ObjectFit::Fill,
        object_position: (Len::Percent(0.5), Len::Percent(0.5)),
        element_path: &element.path,
        unsupported,
    };
    // Font size first (em in every other length), then colour
    // (currentColor); the last declaration of each wins.
    for name in ["fontSize", "color"] {
        if let Some(decl) = decls.iter().rev().find(|d| d.0 == name) {
            s.apply(decl)?;
        }
    }
    for decl in &decls {
        if decl.0 != "fontSize" && decl.0 != "color" {
            s.apply(decl)?;
        }
    }
    s.finish(element, images)
}

/// The element's own declarations: JSON strings and numbers; `null` is
/// absent.
fn declarations<'a>(
    map: &'a Map<String, Value>,
    style_path: &str,
) -> Result<Vec<Decl<'a>>, ApiError> {
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let at = path::key(style_path, name);
        if value.is_null() {
            continue;
        }
        let Some(raw) = Raw::from_json(value) else {
            return Err(ApiError::scene(
                at,
                format!("{name}: must be a string or a number"),
            ));
        };
        out.push((name.as_str(), raw, Some(at)));
    }
    Ok(out)
}

struct Resolver<'p, 'u> {
    text: TextStyle,
    parent: &'p TextStyle,
    hidden: bool,
    layout: taffy::Style,
    paint: Paint,
    line_clamp: Option<u32>,
    ellipsis: bool,
    borders: [BorderSide; 4],
    layers: BackgroundLayers,
    object_fit: ObjectFit,
    /// `objectPosition`.
    object_position: (Len, Len),
    element_path: &'p str,
    unsupported: &'u mut Unsupported,
}

/// The background layers and their per-layer properties, until the
/// images are loaded (at the end, when `display` is known).
#[derive(Default)]
struct BackgroundLayers {
    /// `backgroundImage` (or `background`), first on top.
    images: Vec<Layer>,
    /// The path of the declaration that set them (for an image's error).
    images_path: Option<String>,
    /// `backgroundSize` per layer, repeated as CSS repeats the list;
    /// empty: `auto`.
    size: Vec<BackgroundSize>,
    /// `backgroundPosition` per layer; empty: `0% 0%`.
    position: Vec<(Len, Len)>,
    /// `backgroundRepeat` per layer; empty: `repeat`.
    repeat: Vec<bool>,
}

/// Sides in the order CSS lists them: top, right, bottom, left.
const SIDES: [&str; 4] = ["Top", "Right", "Bottom", "Left"];
/// Corners in the order CSS lists them.
const CORNERS: [&str; 4] = ["TopLeft", "TopRight", "BottomRight", "BottomLeft"];

/// Properties inherited by default.
const INHERITED: &[&str] = &[
    "color",
    "fontFamily",
    "fontSize",
    "fontWeight",
    "fontStyle",
    "lineHeight",
    "letterSpacing",
    "textAlign",
    "textTransform",
    "whiteSpace",
    "wordBreak",
    "direction",
];

impl Resolver<'_, '_> {
    fn ctx(&self) -> Ctx {
        Ctx {
            em: self.text.size,
            rem: ROOT_FONT_SIZE,
        }
    }

    fn note(&mut self, entry: &str, path: &Option<String>) {
        let at = path.clone().unwrap_or_else(|| self.element_path.to_owned());
        self.unsupported.add(entry, &at);
    }

    /// Applies one declaration.
    fn apply(&mut self, (name, raw, at): &Decl) -> Result<(), ApiError> {
        let (name, raw) = (*name, *raw);
        let fail = |fault: Fault| -> ApiError {
            let at = at.clone().unwrap_or_default();
            match fault {
                Fault::Bad(m) => ApiError::scene(at, format!("{name}: {m}")),
                Fault::TooMany(m) => ApiError::SceneTooLarge {
                    path: at,
                    message: format!("{name}: {m}"),
                },
            }
        };
        // CSS-wide keywords.
        if let Raw::Str(s) = raw {
            let s = s.to_ascii_lowercase();
            let inherited = INHERITED.contains(&name);
            match s.as_str() {
                "inherit" | "unset" if inherited => return Ok(()),
                "initial" | "unset" if !inherited => return Ok(()),
                "inherit" | "initial" => {
                    self.note(&format!("{name}:{s}"), at);
                    return Ok(());
                }
                _ => {}
            }
        }
        let ctx = self.ctx();
        let current = self.text.color;
        let mut notes: Vec<String> = Vec::new();
        let result: Result<(), Fault> = (|| {
            match name {
                // Text (inherited).
                "fontSize" => {
                    let parent = Ctx {
                        em: self.parent.size,
                        rem: ROOT_FONT_SIZE,
                    };
                    let size = match css::length(raw, parent, Accept::SPACE)? {
                        Length::Px(p) => p,
                        Length::Percent(f) => f * self.parent.size,
                        Length::Auto => self.parent.size,
                    };
                    if !(SCENE_FONT_SIZE.0..=SCENE_FONT_SIZE.1).contains(&size) {
                        return Err(Fault::Bad(format!(
                            "the font size is {} px; it must be {} to {} px",
                            F32(size),
                            F32(SCENE_FONT_SIZE.0),
                            F32(SCENE_FONT_SIZE.1)
                        )));
                    }
                    self.text.size = size;
                }
                "color" => {
                    self.text.color = css::color(raw, self.parent.color)?;
                }
                "fontFamily" => {
                    let (family, unknown) = font_family(raw)?;
                    self.text.family = family;
                    if let Some(u) = unknown {
                        notes.push(format!("fontFamily:{u}"));
                    }
                }
                "fontWeight" => self.text.weight = css::font_weight(raw, self.parent.weight)?,
                "fontStyle" => {
                    self.text.italic = css::keyword(
                        raw,
                        &[("normal", false), ("italic", true), ("oblique", true)],
                    )?;
                }
                "lineHeight" => self.text.line_height = css::line_height(raw, ctx)?,
                "letterSpacing" => {
                    self.text.letter_spacing = match raw {
                        Raw::Str(s) if s.eq_ignore_ascii_case("normal") => 0.0,
                        _ => css::px(raw, ctx, Accept::PX_SIGNED)?,
                    };
                }
                "textAlign" => {
                    self.text.align = css::keyword(
                        raw,
                        &[
                            ("left", Align::Left),
                            ("start", Align::Start),
                            ("center", Align::Center),
                            ("right", Align::Right),
                            ("end", Align::End),
                            ("justify", Align::Justify),
                        ],
                    )?;
                }
                "direction" => {
                    self.text.direction =
                        css::keyword(raw, &[("ltr", Direction::Ltr), ("rtl", Direction::Rtl)])?;
                }
                "textTransform" => {
                    self.text.transform = css::keyword(
                        raw,
                        &[
                            ("none", TextTransform::None),
                            ("uppercase", TextTransform::Upper),
                            ("lowercase", TextTransform::Lower),
                            ("capitalize", TextTransform::Capitalize),
                        ],
                    )?;
                }
                "whiteSpace" => {
                    self.text.white_space = css::keyword(
                        raw,
                        &[
                            ("normal", WhiteSpace::Normal),
                            ("nowrap", WhiteSpace::NoWrap),
                            ("pre", WhiteSpace::Pre),
                            ("pre-wrap", WhiteSpace::PreWrap),
                            ("pre-line", WhiteSpace::PreLine),
                            ("break-spaces", WhiteSpace::PreWrap),
                        ],
                    )?;
                }
                "wordBreak" => {
                    let (all, keep) = css::keyword(
                        raw,
                        &[
                            ("normal", (false, false)),
                            ("break-word", (false, false)),
                            ("break-all", (true, false)),
                            ("keep-all", (false, true)),
                        ],
                    )?;
                    self.text.break_all = all;
                    if keep {
                        notes.push("wordBreak:keep-all".into());
                    }
                }
                "overflowWrap" | "wordWrap" => {
                    // Long words break anyway (the text engine's
                    // emergency breaks), as with `break-word`.
                    css::keyword(raw, &[("normal", ()), ("break-word", ()), ("anywhere", ())])?;
                }
                "textDecoration" | "textDecorationLine" => {
                    let Raw::Str(s) = raw else {
                        return Err(Fault::Bad(
                            "expected none, underline or line-through".into(),
                        ));
                    };
                    for word in css::components(s) {
                        match word.to_ascii_lowercase().as_str() {
                            "none" => {}
                            "underline" => self.text.decoration.underline = true,
                            "line-through" => self.text.decoration.line_through = true,
                            "overline" | "solid" => notes.push(format!("{name}:{word}")),
                            _ if name == "textDecoration" => {
                                if css::color(Raw::Str(word), current).is_ok()
                                    || ["double", "dotted", "dashed", "wavy"]
                                        .contains(&word.to_ascii_lowercase().as_str())
                                {
                                    notes.push(format!("{name}:{word}"));
                                } else {
                                    return Err(Fault::Bad(format!(
                                        "{} is not a text decoration (none, underline, line-through)",
                                        quote(word)
                                    )));
                                }
                            }
                            _ => {
                                return Err(Fault::Bad(format!(
                                "{} is not a text decoration line (none, underline, line-through)",
                                quote(word)
                            )))
                            }
                        }
                    }
                }
                "textOverflow" => {
                    self.ellipsis = css::keyword(raw, &[("clip", false), ("ellipsis", true)])?;
                }
                "lineClamp" | "WebkitLineClamp" => {
                    self.line_clamp = match raw {
                        Raw::Str(s) if s.eq_ignore_ascii_case("none") => None,
                        _ => match css::number(raw) {
                            Ok(n)
                                if n.fract() == 0.0
                                    && (1.0..=f64::from(MAX_LINES)).contains(&n) =>
                            {
                                Some(n as u32)
                            }
                            _ => {
                                return Err(Fault::Bad(format!(
                                    "expected none or a whole number from 1 to {MAX_LINES}"
                                )))
                            }
                        },
                    };
                }

                // Layout.
                "display" => {
                    let (display, note) = css::keyword(
                        raw,
                        &[
                            ("flex", (Display::Flex, false)),
                            ("block", (Display::Block, false)),
                            ("none", (Display::None, false)),
                            ("inline", (Display::Flex, false)),
                            ("inline-block", (Display::Flex, true)),
                            ("inline-flex", (Display::Flex, true)),
                            ("grid", (Display::Flex, true)),
                            ("inline-grid", (Display::Flex, true)),
                            ("contents", (Display::Flex, true)),
                            ("list-item", (Display::Block, true)),
                            ("table", (Display::Flex, true)),
                        ],
                    )?;
                    self.hidden = display == Display::None;
                    self.layout.display = display;
                    if note {
                        notes.push(format!("display:{}", raw.text().to_ascii_lowercase()));
                    }
                }
                "position" => {
                    let (position, note) = css::keyword(
                        raw,
                        &[
                            ("static", (Position::Static, false)),
                            ("relative", (Position::Relative, false)),
                            ("absolute", (Position::Absolute, false)),
                            ("fixed", (Position::Absolute, true)),
                            ("sticky", (Position::Relative, true)),
                        ],
                    )?;
                    self.layout.position = position;
                    if note {
                        notes.push(format!("position:{}", raw.text().to_ascii_lowercase()));
                    }
                }
                "top" | "right" | "bottom" | "left" => {
                    let v = lpa(css::length(raw, ctx, Accept::OFFSET)?);
                    let inset = &mut self.layout.inset;
                    match name {
                        "top" => inset.top = v,
                        "right" => inset.right = v,
                        "bottom" => inset.bottom = v,
                        _ => inset.left = v,
                    }
                }
                "inset" => self.layout.inset = rect(css::sides(raw, ctx, Accept::OFFSET)?.map(lpa)),
                "width" => self.layout.size.width = dim(css::length(raw, ctx, Accept::SIZE)?),
                "height" => self.layout.size.height = dim(css::length(raw, ctx, Accept::SIZE)?),
                "minWidth" => {
                    self.layout.min_size.width = lpa(css::length(raw, ctx, Accept::SIZE)?)
                }
                "minHeight" => {
                    self.layout.min_size.height = lpa(css::length(raw, ctx, Accept::SIZE)?)
                }
                "maxWidth" | "maxHeight" => {
                    let v = match raw {
                        Raw::Str(s) if s.eq_ignore_ascii_case("none") => Length::Auto,
                        _ => css::length(
                            raw,
                            ctx,
                            Accept {
                                auto: false,
                                ..Accept::SIZE
                            },
                        )?,
                    };
                    if name == "maxWidth" {
                        self.layout.max_size.width = lpa(v);
                    } else {
                        self.layout.max_size.height = lpa(v);
                    }
                }
                "aspectRatio" => self.layout.aspect_ratio = css::aspect_ratio(raw)?,
                "margin" => {
                    self.layout.margin = rect(css::sides(raw, ctx, Accept::OFFSET)?.map(lpa))
                }
                "padding" => {
                    self.layout.padding = rect(css::sides(raw, ctx, Accept::SPACE)?.map(lp))
                }
                "gap" => {
                    let values = match raw {
                        Raw::Num(_) => vec![raw],
                        Raw::Str(s) => css::components(s).into_iter().map(Raw::Str).collect(),
                    };
                    let (row, column) = match values.as_slice() {
                        [a] => (*a, *a),
                        [a, b] => (*a, *b),
                        _ => {
                            return Err(Fault::Bad(
                                "expected one or two lengths (row, column)".into(),
                            ))
                        }
                    };
                    self.layout.gap = Size {
                        width: lp(css::length(column, ctx, Accept::SPACE)?),
                        height: lp(css::length(row, ctx, Accept::SPACE)?),
                    };
                }
                "rowGap" => self.layout.gap.height = lp(css::length(raw, ctx, Accept::SPACE)?),
                "columnGap" => self.layout.gap.width = lp(css::length(raw, ctx, Accept::SPACE)?),
                "flexDirection" => self.layout.flex_direction = flex_direction(raw)?,
                "flexWrap" => self.layout.flex_wrap = flex_wrap(raw)?,
                "flexFlow" => {
                    let Raw::Str(s) = raw else {
                        return Err(Fault::Bad("expected a direction and/or a wrap".into()));
                    };
                    for part in css::components(s) {
                        if let Ok(d) = flex_direction(Raw::Str(part)) {
                            self.layout.flex_direction = d;
                        } else {
                            self.layout.flex_wrap = flex_wrap(Raw::Str(part))?;
                        }
                    }
                }
                "flex" => {
                    let (grow, shrink, basis) = css::flex(raw, ctx)?;
                    self.layout.flex_grow = grow;
                    self.layout.flex_shrink = shrink;
                    self.layout.flex_basis = dim(basis);
                }
                "flexGrow" => self.layout.flex_grow = css::factor(raw)?,
                "flexShrink" => self.layout.flex_shrink = css::factor(raw)?,
                "flexBasis" => self.layout.flex_basis = dim(css::length(raw, ctx, Accept::SIZE)?),
                "alignItems" => self.layout.align_items = align_items(raw)?,
                "alignSelf" => {
                    self.layout.align_self = match raw {
                        Raw::Str(s) if s.eq_ignore_ascii_case("auto") => None,
                        _ => Some(align_items(raw)?),
                    };
                }
                "alignContent" => self.layout.align_content = align_content(raw)?,
                "justifyContent" => self.layout.justify_content = align_content(raw)?,
                "boxSizing" => {
                    self.layout.box_sizing = css::keyword(
                        raw,
                        &[
                            ("border-box", BoxSizing::BorderBox),
                            ("content-box", BoxSizing::ContentBox),
                        ],
                    )?;
                }
                "overflow" => {
                    let hidden = css::keyword(
                        raw,
                        &[
                            ("visible", false),
                            ("hidden", true),
                            ("clip", true),
                            ("scroll", true),
                            ("auto", true),
                        ],
                    )?;
                    let o = if hidden {
                        Overflow::Hidden
                    } else {
                        Overflow::Visible
                    };
                    self.layout.overflow = Point { x: o, y: o };
                    self.paint.clip = hidden;
                }

                // Paint.
                "backgroundColor" => self.paint.background_color = css::color(raw, current)?,
                "backgroundImage" => {
                    let Raw::Str(s) = raw else {
                        return Err(Fault::Bad("expected none, gradients or url()s".into()));
                    };
                    self.layers.images = css::background_image(s, ctx, current, &mut notes)?;
                    self.layers.images_path = at.clone();
                }
                "background" => {
                    let (layers, color) = background(raw, ctx, current, &mut notes)?;
                    self.layers = layers;
                    self.layers.images_path = at.clone();
                    self.paint.background_color = color;
                }
                "backgroundSize" => {
                    self.layers.size = per_layer(raw, |r| css::background_size(r, ctx))?;
                }
                "backgroundPosition" => {
                    self.layers.position = per_layer(raw, |r| match r {
                        Raw::Str(s) => css::position(s, ctx),
                        Raw::Num(_) => Err(Fault::Bad("expected a position".into())),
                    })?;
                }
                "backgroundRepeat" => {
                    let repeats = per_layer(raw, css::background_repeat)?;
                    self.layers.repeat = repeats.iter().map(|r| r.0).collect();
                    notes.extend(repeats.into_iter().filter_map(|r| r.1));
                }
                "opacity" => self.paint.opacity = css::opacity(raw)?,
                "boxShadow" => self.paint.shadows = css::box_shadow(raw, ctx, current, &mut notes)?,
                "transform" => self.paint.transform = css::transform(raw, ctx, &mut notes)?,
                "transformOrigin" => {
                    let Raw::Str(s) = raw else {
                        return Err(Fault::Bad("expected a position".into()));
                    };
                    let origin = css::position(s, ctx)?;
                    if origin != (Len::Percent(0.5), Len::Percent(0.5)) {
                        notes.push("transformOrigin".into());
                    }
                }
                "borderRadius" => self.paint.radii = css::border_radius(raw, ctx)?,
                "border" => {
                    let side = css::border(raw, ctx, current)?;
                    for i in 0..4 {
                        self.border_side(i, side, &mut notes);
                    }
                }
                "borderWidth" => {
                    let widths = four_of(raw, |r| css::border_width(r, ctx))?;
                    for (i, w) in widths.into_iter().enumerate() {
                        self.borders[i].width = w;
                    }
                }
                "borderStyle" => {
                    let styles = four_of(raw, css::border_style)?;
                    for (i, st) in styles.into_iter().enumerate() {
                        self.border_style(i, st, &mut notes);
                    }
                }
                "borderColor" => {
                    let colors = four_of(raw, |r| css::color(r, current))?;
                    for (i, c) in colors.into_iter().enumerate() {
                        self.borders[i].color = Some(c);
                    }
                }
                "objectFit" => {
                    self.object_fit = css::keyword(
                        raw,
                        &[
                            ("fill", ObjectFit::Fill),
                            ("contain", ObjectFit::Contain),
                            ("cover", ObjectFit::Cover),
                            ("none", ObjectFit::None),
                            ("scale-down", ObjectFit::ScaleDown),
                        ],
                    )?;
                }
                "objectPosition" => {
                    let Raw::Str(s) = raw else {
                        return Err(Fault::Bad("expected a position".into()));
                    };
                    self.object_position = css::position(s, ctx)?;
                }
                _ => return self.side_property(name, raw, ctx, current, &mut notes),
            }
            Ok(())
        })();
        result.map_err(fail)?;
        for n in notes {
            let entry = if n.contains(':') || n == name {
                n
            } else {
                format!("{name}:{n}")
            };
            self.note(&entry, at);
        }
        Ok(())
    }

    /// `marginTop`, `paddingLeft`, `borderTop`, `borderTopWidth`,
    /// `borderTopLeftRadius`, …; anything else is unknown (noted).
    fn side_property(
        &mut self,
        name: &str,
        raw: Raw,
        ctx: Ctx,
        current: Rgba,
        notes: &mut Vec<String>,
    ) -> Result<(), Fault> {
        for (i, side) in SIDES.iter().enumerate() {
            let set_rect = |r: &mut Rect<LengthPercentageAuto>, v| match i {
                0 => r.top = v,
                1 => r.right = v,
                2 => r.bottom = v,
                _ => r.left = v,
            };
            if name.strip_prefix("margin") == Some(side) {
                set_rect(
                    &mut self.layout.margin,
                    lpa(css::length(raw, ctx, Accept::OFFSET)?),
                );
                return Ok(());
            }
            if name.strip_prefix("padding") == Some(side) {
                let v = lp(css::length(raw, ctx, Accept::SPACE)?);
                let p = &mut self.layout.padding;
                match i {
                    0 => p.top = v,
                    1 => p.right = v,
                    2 => p.bottom = v,
                    _ => p.left = v,
                }
                return Ok(());
            }
            let Some(rest) = name
                .strip_prefix("border")
                .and_then(|r| r.strip_prefix(side))
            else {
                continue;
            };
            match rest {
                "" => {
                    let b = css::border(raw, ctx, current)?;
                    self.border_side(i, b, notes);
                }
                "Width" => self.borders[i].width = css::border_width(raw, ctx)?,
                "Style" => {
                    let st = css::border_style(raw)?;
                    self.border_style(i, st, notes);
                }
                "Color" => self.borders[i].color = Some(css::color(raw, current)?),
                _ => continue,
            }
            return Ok(());
        }
        for (i, corner) in CORNERS.iter().enumerate() {
            if name
                .strip_prefix("border")
                .and_then(|r| r.strip_prefix(corner))
                == Some("Radius")
            {
                self.paint.radii[i] = css::corner_radius(raw, ctx)?;
                return Ok(());
            }
        }
        notes.push(name.to_owned());
        Ok(())
    }

    /// A `border` shorthand on side `i`: what it leaves out is reset.
    fn border_side(&mut self, i: usize, side: css::BorderSide, notes: &mut Vec<String>) {
        self.borders[i].width = side.width.unwrap_or(3.0);
        self.borders[i].color = side.color;
        self.border_style(i, side.style.unwrap_or("none"), notes);
    }

    fn border_style(&mut self, i: usize, style: &'static str, notes: &mut Vec<String>) {
        self.borders[i].style = style;
        if !matches!(style, "none" | "hidden" | "solid") {
            notes.push(format!("borderStyle:{style}"));
        }
    }

    fn finish(
        mut self,
        element: &Element,
        images: Option<&mut Images>,
    ) -> Result<Computed, ApiError> {
        let mut layout = std::mem::take(&mut self.layout);
        let mut paint = std::mem::take(&mut self.paint);
        let widths: Vec<f32> = self
            .borders
            .iter()
            .map(|b| {
                if matches!(b.style, "none" | "hidden") {
                    0.0
                } else {
                    b.width
                }
            })
            .collect();
        layout.border = Rect {
            top: LengthPercentage::length(widths[0]),
            right: LengthPercentage::length(widths[1]),
            bottom: LengthPercentage::length(widths[2]),
            left: LengthPercentage::length(widths[3]),
        };
        for (i, b) in self.borders.iter().enumerate() {
            // A side without a border has the default colour: boxes drawn
            // alike serialize alike, whatever their `color`.
            paint.border_colors[i] = if widths[i] == 0.0 {
                Paint::default().border_colors[i]
            } else {
                b.color.unwrap_or(self.text.color)
            };
        }
        // Images: loaded when drawn, else only checked.
        let mut images = images.filter(|_| !self.hidden);
        let drawn = images.is_some();
        let mut load = |src: &str, at: &str| -> Result<Loaded, ApiError> {
            match images.as_deref_mut() {
                Some(images) => images.load(src, at),
                None => Images::check(src),
            }
            .map_err(|e| ApiError::image(at, &e))
        };
        let layers = std::mem::take(&mut self.layers);
        let images_path = layers.images_path.as_deref().unwrap_or(self.element_path);
        for (i, layer) in layers.images.iter().enumerate() {
            let size = cycle(&layers.size, i).unwrap_or(BackgroundSize::Explicit(None, None));
            match layer {
                Layer::Skipped => {}
                Layer::Paint(gradient) => {
                    // A gradient has no size of its own: auto, cover and
                    // contain all give the whole box; another size tiles.
                    let whole = matches!(
                        size,
                        BackgroundSize::Explicit(None, None)
                            | BackgroundSize::Cover
                            | BackgroundSize::Contain
                    );
                    if drawn && !whole {
                        self.unsupported.add("backgroundSize:gradient", images_path);
                    }
                    paint.backgrounds.push(gradient.clone());
                }
                Layer::Url(src) => {
                    let img = load(src, images_path)?;
                    let at = cycle(&layers.position, i)
                        .unwrap_or((Len::Percent(0.0), Len::Percent(0.0)));
                    paint.backgrounds.push(Background::Image {
                        image: img.index,
                        size,
                        position: images::position_form(at),
                        repeat: cycle(&layers.repeat, i).unwrap_or(true),
                    });
                }
            }
        }
        let mut image = None;
        if let Some(props) = &element.image {
            let img = load(props.src.0, &props.src.1)?;
            // A filled box leaves no free space: every position draws alike.
            let at = match self.object_fit {
                ObjectFit::Fill => (Len::Percent(0.5), Len::Percent(0.5)),
                _ => self.object_position,
            };
            image = drawn.then_some(ImageContent {
                image: img.index,
                fit: self.object_fit,
                position: images::position_form(at),
            });
        }
        Ok(Computed {
            text: self.text,
            hidden: self.hidden,
            layout,
            paint,
            line_clamp: self.line_clamp,
            ellipsis: self.ellipsis,
            image,
        })
    }
}

/// The `i`th value of a per-layer list, repeated as CSS repeats it; `None`
/// for an empty list (the initial value).
fn cycle<T: Copy>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()])
}

/// A comma-separated per-layer list (`backgroundSize`, …): at most
/// [`crate::params::MAX_SCENE_LAYERS`] values.
fn per_layer<T>(raw: Raw, each: impl Fn(Raw) -> Result<T, Fault>) -> Result<Vec<T>, Fault> {
    layers(raw)?.into_iter().map(each).collect()
}

/// A per-layer value's layers: one number, or a comma list of at most
/// [`MAX_SCENE_LAYERS`](crate::params::MAX_SCENE_LAYERS) (not generic: one
/// copy for every [`per_layer`]).
#[inline(never)]
fn layers(raw: Raw) -> Result<Vec<Raw>, Fault> {
    let items = match raw {
        Raw::Num(_) => return Ok(vec![raw]),
        Raw::Str(s) => css::comma_list(s),
    };
    if items.len() > crate::params::MAX_SCENE_LAYERS {
        return Err(Fault::TooMany(format!(
            "more than {} background layers",
            crate::params::MAX_SCENE_LAYERS
        )));
    }
    Ok(items.into_iter().map(Raw::Str).collect())
}

/// The layout every element starts from: taffy's defaults (a flex row,
/// border-box sizing), but positioned `relative` as in satori (yoga) and
/// Takumi, so that an absolutely positioned child is placed in its parent
/// without the parent saying `position: relative`.
pub fn element_layout() -> taffy::Style {
    taffy::Style {
        position: Position::Relative,
        ..taffy::Style::default()
    }
}

/// A box-side [`Rect`] from top, right, bottom, left.
fn rect<T>([top, right, bottom, left]: [T; 4]) -> Rect<T> {
    Rect {
        left,
        right,
        top,
        bottom,
    }
}

fn lpa(l: Length) -> LengthPercentageAuto {
    match l {
        Length::Px(p) => LengthPercentageAuto::length(p),
        Length::Percent(f) => LengthPercentageAuto::percent(f),
        Length::Auto => LengthPercentageAuto::auto(),
    }
}

fn lp(l: Length) -> LengthPercentage {
    match l {
        Length::Px(p) => LengthPercentage::length(p),
        Length::Percent(f) => LengthPercentage::percent(f),
        Length::Auto => LengthPercentage::length(0.0),
    }
}

fn dim(l: Length) -> Dimension {
    match l {
        Length::Px(p) => Dimension::length(p),
        Length::Percent(f) => Dimension::percent(f),
        Length::Auto => Dimension::auto(),
    }
}

/// 1 to 4 space-separated values (or one number), expanded to four sides.
fn four_of<T: Copy>(raw: Raw, each: impl Fn(Raw) -> Result<T, Fault>) -> Result<[T; 4], Fault> {
    let values = parts(raw)
        .into_iter()
        .map(each)
        .collect::<Result<Vec<_>, _>>()?;
    css::four(&values).ok_or_else(|| Fault::Bad("expected 1 to 4 values".into()))
}

/// A shorthand's space-separated parts (one number is one part).
#[inline(never)]
fn parts(raw: Raw) -> Vec<Raw> {
    match raw {
        Raw::Num(_) => vec![raw],
        Raw::Str(s) => css::components(s).into_iter().map(Raw::Str).collect(),
    }
}

fn flex_direction(raw: Raw) -> Result<FlexDirection, Fault> {
    css::keyword(
        raw,
        &[
            ("row", FlexDirection::Row),
            ("column", FlexDirection::Column),
            ("row-reverse", FlexDirection::RowReverse),
            ("column-reverse", FlexDirection::ColumnReverse),
        ],
    )
}

fn flex_wrap(raw: Raw) -> Result<FlexWrap, Fault> {
    css::keyword(
        raw,
        &[
            ("nowrap", FlexWrap::NoWrap),
            ("wrap", FlexWrap::Wrap),
            ("wrap-reverse", FlexWrap::WrapReverse),
        ],
    )
}

fn align_items(raw: Raw) -> Result<AlignItems, Fault> {
    css::keyword(
        raw,
        &[
            ("normal", AlignItems::NORMAL),
            ("stretch", AlignItems::STRETCH),
            ("flex-start", AlignItems::FLEX_START),
            ("flex-end", AlignItems::FLEX_END),
            ("start", AlignItems::START),
            ("end", AlignItems::END),
            ("self-start", AlignItems::SELF_START),
            ("self-end", AlignItems::SELF_END),
            ("center", AlignItems::CENTER),
            ("baseline", AlignItems::BASELINE),
        ],
    )
}

fn align_content(raw: Raw) -> Result<AlignContent, Fault> {
    css::keyword::<JustifyContent>(
        raw,
        &[
            ("normal", AlignContent::NORMAL),
            ("stretch", AlignContent::STRETCH),
            ("flex-start", AlignContent::FLEX_START),
            ("flex-end", AlignContent::FLEX_END),
            ("start", AlignContent::START),
            ("end", AlignContent::END),
            ("left", AlignContent::START),
            ("right", AlignContent::END),
            ("center", AlignContent::CENTER),
            ("space-between", AlignContent::SPACE_BETWEEN),
            ("space-around", AlignContent::SPACE_AROUND),
            ("space-evenly", AlignContent::SPACE_EVENLY),
        ],
    )
}

/// The `background` shorthand: layers separated by commas, each `[image]
/// [position [/ size]] [repeat]` in any order, the last of which may also
/// hold the colour (`transparent` when none is given, as the shorthand
/// resets it, and the size, position and repeat of every layer).
/// `background-attachment`, `-origin` and `-clip` words are noted and
/// skipped.
fn background(
    raw: Raw,
    ctx: Ctx,
    current: Rgba,
    notes: &mut Vec<String>,
) -> Result<(BackgroundLayers, Rgba), Fault> {
    let Raw::Str(s) = raw else {
        return Err(Fault::Bad("expected a colour, gradients or url()s".into()));
    };
    let layers = css::comma_list(s);
    if layers.len() > crate::params::MAX_SCENE_LAYERS {
        return Err(Fault::TooMany(format!(
            "more than {} background layers",
            crate::params::MAX_SCENE_LAYERS
        )));
    }
    let last = layers.len() - 1;
    let mut out = BackgroundLayers::default();
    let mut color = Rgba::TRANSPARENT;
    let is_position = |t: &str| {
        ["left", "right", "top", "bottom", "center"]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(t))
            || css::length(Raw::Str(t), ctx, Accept::SIGNED).is_ok()
    };
    let is_repeat = |t: &str| {
        [
            "repeat",
            "no-repeat",
            "repeat-x",
            "repeat-y",
            "space",
            "round",
        ]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(t))
    };
    for (i, layer) in layers.iter().enumerate() {
        // `center/cover` is three tokens.
        let mut tokens: Vec<&str> = Vec::new();
        for part in css::components(layer) {
            if css::function(part).is_some() {
                tokens.push(part);
                continue;
            }
            let mut rest = part;
            while let Some(k) = rest.find('/') {
                if k > 0 {
                    tokens.push(&rest[..k]);
                }
                tokens.push("/");
                rest = &rest[k + 1..];
            }
            if !rest.is_empty() {
                tokens.push(rest);
            }
        }
        let mut image: Option<&str> = None;
        let mut position: Vec<&str> = Vec::new();
        let mut size: Vec<&str> = Vec::new();
        let mut repeat: Vec<&str> = Vec::new();
        let mut t = 0;
        while t < tokens.len() {
            let tok = tokens[t];
            t += 1;
            if image.is_none()
                && (css::function(tok).is_some_and(|(n, _)| n.contains("gradient") || n == "url")
                    || tok.eq_ignore_ascii_case("none"))
            {
                image = Some(tok);
            } else if is_position(tok) && position.is_empty() {
                position.push(tok);
                while t < tokens.len() && is_position(tokens[t]) {
                    position.push(tokens[t]);
                    t += 1;
                }
                if tokens.get(t) == Some(&"/") {
                    t += 1;
                    while t < tokens.len()
                        && size.len() < 2
                        && (is_position(tokens[t])
                            || ["auto", "cover", "contain"]
                                .iter()
                                .any(|k| k.eq_ignore_ascii_case(tokens[t])))
                    {
                        size.push(tokens[t]);
                        t += 1;
                    }
                    if size.is_empty() {
                        return Err(Fault::Bad("expected a background size after `/`".into()));
                    }
                }
            } else if is_repeat(tok) && repeat.len() < 2 {
                repeat.push(tok);
            } else if i == last && css::color(Raw::Str(tok), current).is_ok() {
                color = css::color(Raw::Str(tok), current)?;
            } else if css::function(tok).is_some() || tok == "/" {
                return Err(Fault::Bad(format!("{} is not a background", quote(tok))));
            } else {
                notes.push(format!("background:{tok}"));
            }
        }
        let Some(image) = image.filter(|i| !i.eq_ignore_ascii_case("none")) else {
            continue;
        };
        out.images
            .extend(css::background_image(image, ctx, current, notes)?);
        out.size.push(if size.is_empty() {
            BackgroundSize::Explicit(None, None)
        } else {
            css::background_size(Raw::Str(&size.join(" ")), ctx)?
        });
        out.position.push(if position.is_empty() {
            (Len::Percent(0.0), Len::Percent(0.0))
        } else {
            css::position(&position.join(" "), ctx)?
        });
        out.repeat.push(if repeat.is_empty() {
            true
        } else {
            let (r, note) = css::background_repeat(Raw::Str(&repeat.join(" ")))?;
            notes.extend(note);
            r
        });
    }
    Ok((out, color))
}

/// `fontFamily`: the first family of the list that is embedded — by short
/// name (`sans`, `serif`, `mono`), family name (`Noto Serif`) or CSS generic
/// (`sans-serif`, `system-ui`, `serif`, `monospace`, `ui-monospace`, …) —
/// as a role; when none is, sans, with the first name (to note).
fn font_family(raw: Raw) -> Result<(&'static str, Option<String>), Fault> {
    let Raw::Str(s) = raw else {
        return Err(Fault::Bad("expected a list of font families".into()));
    };
    let names: Vec<String> = css::comma_list(s)
        .into_iter()
        .map(|n| n.trim_matches(|c| c == '"' || c == '\'').trim().to_owned())
        .collect();
    if names.iter().any(String::is_empty) {
        return Err(Fault::Bad(format!(
            "{} is not a list of font families",
            quote(s)
        )));
    }
    for name in &names {
        if let Some(role) = family_role(name) {
            return Ok((role, None));
        }
    }
    Ok(("sans", Some(names[0].clone())))
}

/// The role an embedded family name or CSS generic maps to.
pub fn family_role(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let generic = match lower.as_str() {
        "sans" | "sans-serif" | "system-ui" | "ui-sans-serif" => Some("sans"),
        "serif" | "ui-serif" => Some("serif"),
        "mono" | "monospace" | "ui-monospace" => Some("mono"),
        _ => None,
    };
    generic.or_else(|| {
        fonts::FACES
            .iter()
            .find(|f| f.family.eq_ignore_ascii_case(name))
            // A face of another script (a CJK, Arabic … family name) is
            // drawn in the sans, which falls back to it.
            .map(|f| {
                if fonts::FAMILIES.iter().any(|x| x.role == f.role) {
                    f.role
                } else {
                    "sans"
                }
            })
            .and_then(|role| {
                fonts::FAMILIES
                    .iter()
                    .find(|f| f.role == role)
                    .map(|f| f.role)
            })
    })
}

/// The embedded weight CSS font matching picks for `wanted` among
/// `available`: 400–500 look up to 500, then down, then up; below 400
/// down, then up; above 500 up, then down.
pub fn match_weight(wanted: u16, available: &[u16]) -> Option<u16> {
    let mut below: Vec<u16> = available.iter().copied().filter(|&w| w <= wanted).collect();
    let mut above: Vec<u16> = available.iter().copied().filter(|&w| w > wanted).collect();
    crate::sort::sort_by(&mut below, |a, b| a > b);
    crate::sort::sort_by(&mut above, |a, b| a < b);
    if available.contains(&wanted) {
        return Some(wanted);
    }
    if (400..=500).contains(&wanted) {
        if let Some(&w) = above.iter().find(|&&w| w <= 500) {
            return Some(w);
        }
        below.first().or(above.first()).copied()
    } else if wanted < 400 {
        below.first().or(above.first()).copied()
    } else {
        above.first().or(below.first()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::tree;

    fn computed(json: &str, parent: &TextStyle) -> Result<(Computed, Unsupported), ApiError> {
        let v: Value = serde_json::from_str(json).unwrap();
        let mut u = Unsupported::default();
        let tree::Child::Element(el) = tree::parse(&v, "element", &mut u)? else {
            panic!("an element")
        };
        let c = compute(&el, parent, &mut u, Some(&mut Images::new()))?;
        Ok((c, u))
    }

    fn style(s: &str) -> Result<(Computed, Unsupported), ApiError> {
        computed(
            &format!(r#"{{"type":"div","props":{{"style":{s}}}}}"#),
            &TextStyle::root(),
        )
    }

    #[test]
    fn presets_like_a_browser() {
        let root = TextStyle::root();
        let (h1, _) = computed(r#"{"type":"h1","props":{}}"#, &root).unwrap();
        assert_eq!((h1.text.size, h1.text.weight), (32.0, 700));
        assert_eq!(
            h1.layout.margin.top,
            LengthPercentageAuto::length(0.67 * 32.0)
        );
        let (h2, _) = computed(r#"{"type":"h2","props":{}}"#, &root).unwrap();
        assert_eq!(h2.text.size, 24.0);
        let (p, _) = computed(r#"{"type":"p","props":{}}"#, &root).unwrap();
        assert_eq!(p.layout.margin.top, LengthPercentageAuto::length(16.0));
        assert_eq!(p.layout.margin.left, LengthPercentageAuto::length(0.0));
        let (pre, _) = computed(r#"{"type":"pre","props":{}}"#, &root).unwrap();
        assert_eq!(
            (pre.text.family, pre.text.white_space),
            ("mono", WhiteSpace::Pre)
        );
        let (u, _) = computed(r#"{"type":"u","props":{}}"#, &root).unwrap();
        assert!(u.text.decoration.underline);
        let (hr, _) = computed(r#"{"type":"hr","props":{}}"#, &root).unwrap();
        assert_eq!(hr.layout.border.top, LengthPercentage::length(1.0));
        assert_eq!(hr.layout.border.left, LengthPercentage::length(0.0));
        assert_eq!(hr.paint.border_colors[0], Rgba::rgb(0x808080));
        let (em, notes) = computed(r#"{"type":"em","props":{}}"#, &root).unwrap();
        assert!(em.text.italic);
        assert!(notes.is_empty(), "{notes:?}");
        // The element's own style wins over the preset, whatever the key.
        let (h1, _) = computed(
            r#"{"type":"h1","props":{"style":{"margin":0,"fontSize":40}}}"#,
            &root,
        )
        .unwrap();
        assert_eq!(h1.text.size, 40.0);
        assert_eq!(h1.layout.margin.top, LengthPercentageAuto::length(0.0));
    }

    #[test]
    fn inheritance_and_em_compounding() {
        let (outer, _) =
            style(r##"{"color":"#123456","fontSize":"20px","lineHeight":"30px"}"##).unwrap();
        let (inner, _) = computed(
            r#"{"type":"div","props":{"style":{"fontSize":"1.5em","padding":"1em"}}}"#,
            &outer.text,
        )
        .unwrap();
        assert_eq!(inner.text.color, Rgba::rgb(0x123456), "colour flows down");
        assert_eq!(inner.text.size, 30.0, "em of the parent's size");
        assert_eq!(
            inner.layout.padding.top,
            LengthPercentage::length(30.0),
            "em of its own"
        );
        assert_eq!(
            inner.text.line_height,
            LineHeight::Px(30.0),
            "px line heights inherit as px"
        );
        let (innermost, _) = computed(
            r#"{"type":"h1","props":{"style":{"margin":"1rem"}}}"#,
            &inner.text,
        )
        .unwrap();
        assert_eq!(innermost.text.size, 60.0, "2em compounds");
        assert_eq!(
            innermost.layout.margin.top,
            LengthPercentageAuto::length(16.0),
            "rem is the root's"
        );
        let (pct, _) = computed(
            r#"{"type":"div","props":{"style":{"fontSize":"50%"}}}"#,
            &inner.text,
        )
        .unwrap();
        assert_eq!(pct.text.size, 15.0);
        let (b, _) = computed(
            r#"{"type":"b","props":{"style":{"color":"currentColor"}}}"#,
            &outer.text,
        )
        .unwrap();
        assert_eq!(b.text.color, Rgba::rgb(0x123456));
    }

    #[test]
    fn longhands_win_over_shorthands_whatever_the_order() {
        for s in [
            r#"{"padding":"1px","paddingTop":"5px"}"#,
            r#"{"paddingTop":"5px","padding":"1px"}"#,
        ] {
            let (c, _) = style(s).unwrap();
            assert_eq!(c.layout.padding.top, LengthPercentage::length(5.0), "{s}");
            assert_eq!(c.layout.padding.left, LengthPercentage::length(1.0), "{s}");
        }
        let (c, _) = style(r#"{"borderTopWidth":"4px","borderWidth":"2px","borderStyle":"solid","borderColor":"red"}"#).unwrap();
        assert_eq!(c.layout.border.top, LengthPercentage::length(4.0));
        assert_eq!(c.layout.border.left, LengthPercentage::length(2.0));
        assert_eq!(c.paint.border_colors, [Rgba::rgb(0xff0000); 4]);
    }

    #[test]
    fn borders_need_a_style_and_default_to_current_colour() {
        let (c, _) = style(r#"{"border":"2px solid","color":"blue"}"#).unwrap();
        assert_eq!(c.layout.border.bottom, LengthPercentage::length(2.0));
        assert_eq!(c.paint.border_colors[2], Rgba::rgb(0x0000ff));
        let (c, _) = style(r#"{"borderWidth":5}"#).unwrap();
        assert_eq!(
            c.layout.border.top,
            LengthPercentage::length(0.0),
            "no style, no border"
        );
        let (c, notes) = style(r#"{"borderLeft":"1px dashed red"}"#).unwrap();
        assert_eq!(c.layout.border.left, LengthPercentage::length(1.0));
        assert_eq!(notes.names(), ["borderStyle:dashed"]);
    }

    #[test]
    fn layout_properties() {
        let (c, _) = style(
            r#"{"display":"flex","flexDirection":"column","alignItems":"center","justifyContent":"space-between",
                "width":"50%","height":100,"position":"absolute","top":0,"left":"10px","flex":1,"gap":"8px 4px",
                "overflow":"hidden","maxWidth":"none","aspectRatio":"16 / 9"}"#,
        )
        .unwrap();
        let l = &c.layout;
        assert_eq!(l.flex_direction, FlexDirection::Column);
        assert_eq!(l.align_items, AlignItems::CENTER);
        assert_eq!(l.justify_content, JustifyContent::SPACE_BETWEEN);
        assert_eq!(l.size.width, Dimension::percent(0.5));
        assert_eq!(l.size.height, Dimension::length(100.0));
        assert_eq!(l.position, Position::Absolute);
        assert_eq!(l.inset.top, LengthPercentageAuto::length(0.0));
        assert_eq!(l.inset.right, LengthPercentageAuto::auto());
        assert_eq!(
            (l.flex_grow, l.flex_shrink, l.flex_basis),
            (1.0, 1.0, Dimension::length(0.0))
        );
        assert_eq!(l.gap.height, LengthPercentage::length(8.0));
        assert_eq!(l.gap.width, LengthPercentage::length(4.0));
        assert!(c.paint.clip);
        assert!(!c.hidden);
        let (c, _) = style(r#"{"display":"none"}"#).unwrap();
        assert!(c.hidden);
    }

    #[test]
    fn errors_name_the_property_path() {
        for (s, prop) in [
            (r#"{"fontSize":"big"}"#, "fontSize"),
            (r#"{"width":"calc(100% - 1px)"}"#, "width"),
            (r#"{"width":"10vw"}"#, "width"),
            (r#"{"width":-5}"#, "width"),
            (r#"{"margin":"1e9px"}"#, "margin"),
            (r#"{"color":"nope"}"#, "color"),
            (r#"{"color":true}"#, "color"),
            (r#"{"display":"flexy"}"#, "display"),
            (r#"{"fontSize":"1000px"}"#, "fontSize"),
            (r#"{"fontSize":0}"#, "fontSize"),
            (r#"{"lineClamp":0}"#, "lineClamp"),
        ] {
            let e = style(s).unwrap_err();
            assert_eq!(e.code(), "bad_scene", "{s}");
            assert_eq!(
                e.path(),
                Some(format!("element.props.style.{prop}").as_str()),
                "{s}"
            );
            assert!(e.to_string().starts_with(&format!("{prop}: ")), "{e}");
        }
        let e = style(r#"{"backgroundImage":"url(https://example.com/a.png)"}"#).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("remote_image", Some("element.props.style.backgroundImage"))
        );
        let e = style(r#"{"background":"url(data:image/png;base64,AA==) center"}"#).unwrap_err();
        assert_eq!(
            (e.code(), e.path()),
            ("bad_image", Some("element.props.style.background"))
        );
        assert!(e.to_string().contains("not a png image"), "{e}");
        let shadows = ["0 0 1px red"; 9].join(",");
        let e = style(&format!(r#"{{"boxShadow":"{shadows}"}}"#)).unwrap_err();
        assert_eq!((e.status(), e.code()), (422, "too_large"));
    }

    #[test]
    fn unknown_and_undrawable_are_noted() {
        let (_, notes) = style(
            r#"{"zIndex":2,"filter":"blur(2px)","fontFamily":"Inter","letterSpacing":"0.1em","textAlign":"justify",
                "boxShadow":"inset 0 0 2px red","transform":"skew(10deg)","fontStyle":"italic","color":null}"#,
        )
        .unwrap();
        assert_eq!(
            notes.names(),
            [
                "boxShadow:inset",
                "filter",
                "fontFamily:Inter",
                "transform:skew",
                "zIndex"
            ]
        );
        let (c, notes) =
            style(r#"{"fontFamily":"Inter, 'Noto Serif', sans-serif","letterSpacing":"normal"}"#)
                .unwrap();
        assert_eq!(c.text.family, "serif");
        assert!(notes.is_empty(), "{notes:?}");
        for (family, role) in [
            ("monospace", "mono"),
            ("ui-monospace", "mono"),
            ("system-ui", "sans"),
            ("serif", "serif"),
            ("\"Noto Sans Mono\"", "mono"),
        ] {
            let (c, _) = style(&format!(r#"{{"fontFamily":{}}}"#, Value::from(family))).unwrap();
            assert_eq!(c.text.family, role, "{family}");
        }
    }

    #[test]
    fn gradients_and_paint() {
        let (c, _) = style(
            r#"{"backgroundImage":"linear-gradient(to right, #000, #fff)","borderRadius":"8px 50%","opacity":0.5,
                "boxShadow":"0 2px 4px rgba(0,0,0,.5)","transform":"rotate(90deg)"}"#,
        )
        .unwrap();
        assert!(
            matches!(c.paint.backgrounds[0], render::Background::Linear { angle, .. } if angle == 90.0)
        );
        assert_eq!(c.paint.radii[1], (Len::Percent(0.5), Len::Percent(0.5)));
        assert_eq!(c.paint.opacity, 0.5);
        assert_eq!(c.paint.shadows.len(), 1);
        let (c, _) = style(r#"{"background":"linear-gradient(red, blue), #eee"}"#).unwrap();
        assert_eq!(c.paint.background_color, Rgba::rgb(0xeeeeee));
        assert_eq!(c.paint.backgrounds.len(), 1);
        let (c, _) = style(r##"{"background":"#fff"}"##).unwrap();
        assert_eq!(
            (c.paint.background_color, c.paint.backgrounds.len()),
            (Rgba::rgb(0xffffff), 0)
        );
    }

    #[test]
    fn weights_match_like_css() {
        let sans = [400, 700];
        for (want, got) in [
            (100, 400),
            (300, 400),
            (400, 400),
            (500, 400),
            (550, 700),
            (600, 700),
            (700, 700),
            (900, 700),
        ] {
            assert_eq!(match_weight(want, &sans), Some(got), "{want}");
        }
        // Noto Sans as embedded: 300 to 900 upright, 400 and 700 italic.
        let all = [300, 400, 500, 600, 700, 800, 900];
        for (want, got) in [
            (1, 300),
            (100, 300),
            (299, 300),
            (350, 300),
            (399, 300),
            (400, 400),
            (450, 500),
            (499, 500),
            (501, 600),
            (550, 600),
            (650, 700),
            (750, 800),
            (850, 900),
            (1000, 900),
        ] {
            assert_eq!(match_weight(want, &all), Some(got), "{want}");
        }
        let italic = [400, 700];
        for (want, got) in [(100, 400), (300, 400), (500, 400), (600, 700), (900, 700)] {
            assert_eq!(match_weight(want, &italic), Some(got), "italic {want}");
        }
        assert_eq!(match_weight(700, &[400]), Some(400));
        assert_eq!(match_weight(450, &[300, 500, 700]), Some(500));
        assert_eq!(match_weight(350, &[300, 500]), Some(300));
        assert_eq!(match_weight(400, &[]), None);
    }
}
