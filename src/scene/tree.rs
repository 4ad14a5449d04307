//! The request's element tree (a strict-parsed JSON value) → an
//! [`Element`] tree, accepting both shapes users write, told apart by keys:
//!
//! - **satori / React element JSON**, what `JSON.stringify(<div …>…</div>)`
//!   gives: `{"type":"div","props":{"style":{…},"children":…}}`, where
//!   `children` is a string, a number, an element, or an array of those,
//!   `null`s and booleans (skipped, as React renders nothing for them) and
//!   nested arrays (flattened). `key`, `ref`, `$$typeof` and React's
//!   underscored keys (`_owner`, `_store`, `_self`, `_source`,
//!   `_debugInfo`, …) are ignored. An object without
//!   `props` whose `type` is an HTML tag is read the same way. `img` takes
//!   `src`, `width` and `height` in `props` and has no children.
//! - **Takumi nodes**: `{"type":"container"|"text"|"image","style":{…},
//!   "children":[…],"text":"…","src":"…","width":…,"height":…}`. The
//!   `text` nodes of a `display: block` container flow inline, as Takumi
//!   lays them out: they are read as `span`s (a flex container's are
//!   blocks, one paragraph each).
//! - A bare string is text.
//!
//! Limits are checked on the way down, before recursing: depth
//! ([`MAX_SCENE_DEPTH`]), nodes ([`MAX_SCENE_NODES`]) and text
//! ([`MAX_SCENE_TEXT_CHARS`]). Every error names its path.

use serde_json::{Map, Value};

use super::path::{self, quote};
use super::unsupported::Unsupported;
use crate::error::ApiError;
use crate::params::{MAX_SCENE_DEPTH, MAX_SCENE_NODES, MAX_SCENE_TEXT_CHARS};

/// An element type: the HTML tags satori knows, and Takumi's node types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// `div`, and Takumi's `container`.
    Div,
    /// `span`.
    Span,
    /// `p`.
    P,
    /// `h1` to `h6`.
    H(u8),
    /// `b`.
    B,
    /// `strong`.
    Strong,
    /// `i`.
    I,
    /// `em`.
    Em,
    /// `u`.
    U,
    /// `s`.
    S,
    /// `code`.
    Code,
    /// `pre`.
    Pre,
    /// `br`: a line break.
    Br,
    /// `hr`: a horizontal rule.
    Hr,
    /// Takumi's `text` node: a paragraph of its own.
    Text,
    /// `img`, and Takumi's `image`: a replaced element drawing its `src`.
    Img,
}

/// The satori tags, as written.
pub const TAGS: &[(&str, Tag)] = &[
    ("div", Tag::Div),
    ("span", Tag::Span),
    ("p", Tag::P),
    ("h1", Tag::H(1)),
    ("h2", Tag::H(2)),
    ("h3", Tag::H(3)),
    ("h4", Tag::H(4)),
    ("h5", Tag::H(5)),
    ("h6", Tag::H(6)),
    ("b", Tag::B),
    ("strong", Tag::Strong),
    ("i", Tag::I),
    ("em", Tag::Em),
    ("u", Tag::U),
    ("s", Tag::S),
    ("code", Tag::Code),
    ("pre", Tag::Pre),
    ("br", Tag::Br),
    ("hr", Tag::Hr),
    ("img", Tag::Img),
];

impl Tag {
    /// Whether the tag is inline: its text flows into its parent's
    /// paragraph (see [`super::lower`]).
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            Tag::Span
                | Tag::B
                | Tag::Strong
                | Tag::I
                | Tag::Em
                | Tag::U
                | Tag::S
                | Tag::Code
                | Tag::Br
        )
    }

    /// The tag's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Tag::Text => "text",
            tag => TAGS
                .iter()
                .find(|(_, t)| *t == tag)
                .map_or("div", |(n, _)| n),
        }
    }
}

/// A `style` object and its path.
pub type StyleObject<'a> = (&'a Map<String, Value>, String);

/// One element of the tree, borrowing from the request document.
#[derive(Clone, Debug, PartialEq)]
pub struct Element<'a> {
    /// Its type.
    pub tag: Tag,
    /// Where it is in the document.
    pub path: String,
    /// Its `style` object and that object's path.
    pub style: Option<StyleObject<'a>>,
    /// Its children, in order.
    pub children: Vec<Child<'a>>,
    /// An image's `src`, `width` and `height` (`img` and Takumi `image`).
    pub image: Option<ImageProps<'a>>,
    /// The `lang` prop (HTML's attribute, inherited): `Some(None)` for a
    /// language without a Han preference.
    pub lang: Option<Option<crate::fonts::Lang>>,
}

/// A JSON value and its path.
pub type Located<'a> = (&'a Value, String);

/// The props of an image element.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageProps<'a> {
    /// `src`, as written, and its path.
    pub src: (&'a str, String),
    /// `width` (CSS px, or any CSS length), the layout width when the
    /// style sets none, as in satori.
    pub width: Option<Located<'a>>,
    /// `height`, likewise.
    pub height: Option<Located<'a>>,
}

/// A child: an element or a run of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Child<'a> {
    /// An element.
    Element(Element<'a>),
    /// Text as given (numbers in their JavaScript spelling).
    Text(String),
}

/// What the walk has seen so far, against the limits.
struct Walk<'u> {
    nodes: usize,
    chars: usize,
    unsupported: &'u mut Unsupported,
}

/// Reads the tree at `value` (found at `path`, `element` in a request).
/// Props and keys that have no effect in a picture (`className`, `id`,
/// `alt`, `aria-*`, `data-*`, …) are ignored; other unknown props are noted
/// in `unsupported`.
pub fn parse<'a>(
    value: &'a Value,
    path: &str,
    unsupported: &mut Unsupported,
) -> Result<Child<'a>, ApiError> {
    let mut walk = Walk {
        nodes: 0,
        chars: 0,
        unsupported,
    };
    match value {
        Value::Object(_) | Value::String(_) | Value::Number(_) => {
            walk.child(value, path.to_owned(), 1)
        }
        _ => Err(ApiError::scene(
            path,
            "the element must be an element object (satori or Takumi) or a string",
        )),
    }
}

/// A `lang` prop: a BCP 47 tag ([`crate::fonts::Lang::parse`]).
pub fn lang(value: &Value, at: &str) -> Result<Option<crate::fonts::Lang>, ApiError> {
    value
        .as_str()
        .and_then(crate::fonts::Lang::parse)
        .ok_or_else(|| {
            ApiError::scene(
                at,
                "lang must be a BCP 47 language tag such as ja, ko, zh-Hans or zh-Hant",
            )
        })
}

/// Keys of a React element that do not affect the picture.
const REACT_KEYS: &[&str] = &[
    "key", "ref", "_owner", "_store", "$$typeof", "_self", "_source",
];
/// Props with no effect on a picture, ignored silently.
const SILENT_PROPS: &[&str] = &[
    "key",
    "ref",
    "className",
    "class",
    "id",
    "alt",
    "title",
    "dir",
    "role",
    "href",
    "target",
    "rel",
];
/// Takumi's node types.
const TAKUMI_TYPES: &[&str] = &["container", "text", "image"];

impl Walk<'_> {
    /// A child at `depth` (the root element is 1): an element, a string or
    /// a number.
    fn child<'a>(
        &mut self,
        value: &'a Value,
        path: String,
        depth: usize,
    ) -> Result<Child<'a>, ApiError> {
        match value {
            Value::String(s) => self.text(s.clone(), &path),
            Value::Number(n) => self.text(js_number(n), &path),
            Value::Object(map) => {
                if depth > MAX_SCENE_DEPTH {
                    return Err(ApiError::SceneTooLarge {
                        path,
                        message: format!(
                            "the tree is nested deeper than {MAX_SCENE_DEPTH} elements"
                        ),
                    });
                }
                self.nodes += 1;
                if self.nodes > MAX_SCENE_NODES {
                    return Err(ApiError::SceneTooLarge {
                        path,
                        message: format!("the tree has more than {MAX_SCENE_NODES} nodes"),
                    });
                }
                let kind = map.get("type").and_then(Value::as_str);
                if map.contains_key("props") {
                    self.satori(map, path, depth)
                } else if kind.is_some_and(|k| TAKUMI_TYPES.contains(&k)) {
                    self.takumi(map, path, depth)
                } else if kind.is_some_and(|k| TAGS.iter().any(|(n, _)| *n == k)) {
                    self.satori(map, path, depth)
                } else {
                    let type_path = path::key(&path, "type");
                    Err(match map.get("type") {
                        None => ApiError::scene(
                            path,
                            "an element needs a type: `{\"type\":\"div\",\"props\":{…}}` (satori) or `{\"type\":\"container\",…}` (Takumi)",
                        ),
                        Some(Value::String(t)) => unknown_type(type_path, t),
                        Some(_) => ApiError::scene(type_path, "type must be a string"),
                    })
                }
            }
            _ => Err(ApiError::scene(
                path,
                "a child must be an element, a string or a number",
            )),
        }
    }

    /// A text child: counted against [`MAX_SCENE_TEXT_CHARS`] and nodes.
    fn text<'a>(&mut self, text: String, path: &str) -> Result<Child<'a>, ApiError> {
        self.nodes += 1;
        if self.nodes > MAX_SCENE_NODES {
            return Err(ApiError::SceneTooLarge {
                path: path.to_owned(),
                message: format!("the tree has more than {MAX_SCENE_NODES} nodes"),
            });
        }
        // As given and as drawn: NFC can triple a text (U+FB2C is three
        // code points decomposed).
        self.chars += text
            .chars()
            .count()
            .max(render::clean_text(&text).chars().count());
        if self.chars > MAX_SCENE_TEXT_CHARS {
            return Err(ApiError::SceneTooLarge {
                path: path.to_owned(),
                message: format!(
                    "the scene has more than {MAX_SCENE_TEXT_CHARS} characters of text"
                ),
            });
        }
        Ok(Child::Text(text))
    }

    /// A satori (React) element.
    fn satori<'a>(
        &mut self,
        map: &'a Map<String, Value>,
        path: String,
        depth: usize,
    ) -> Result<Child<'a>, ApiError> {
        for key in map.keys() {
            // React's own bookkeeping (`_owner`, `_store`, and in newer
            // versions `_debugInfo`, `_debugStack`, …) starts with `_`.
            if key == "type"
                || key == "props"
                || REACT_KEYS.contains(&key.as_str())
                || key.starts_with('_')
            {
                continue;
            }
            let hint = if ["style", "children", "text", "src"].contains(&key.as_str()) {
                " (a satori element keeps it in `props`; a Takumi node has no `props`)"
            } else {
                ""
            };
            return Err(ApiError::scene(
                path::key(&path, key),
                format!("unknown element key {}{hint}", quote(key)),
            ));
        }
        let type_path = path::key(&path, "type");
        let props_path = path::key(&path, "props");
        let empty: &'static Map<String, Value> = &EMPTY;
        let props = match map.get("props") {
            None | Some(Value::Null) => empty,
            Some(Value::Object(p)) => p,
            Some(_) => return Err(ApiError::scene(props_path, "props must be an object")),
        };
        let tag = match map.get("type") {
            Some(Value::String(t)) => TAGS
                .iter()
                .find(|(n, _)| *n == t)
                .map(|&(_, tag)| tag)
                .ok_or_else(|| unknown_type(type_path.clone(), t))?,
            Some(_) => return Err(ApiError::scene(type_path, "type must be a string")),
            None => return Err(ApiError::scene(path, "an element needs a type")),
        };
        if tag == Tag::Br || tag == Tag::Hr {
            // Void elements: children are an error in React as well.
            if props.get("children").is_some_and(|c| !c.is_null()) {
                return Err(ApiError::scene(
                    path::key(&props_path, "children"),
                    format!("<{}> cannot have children", tag.name()),
                ));
            }
        }
        let mut element = Element {
            tag,
            path: path.clone(),
            style: None,
            children: Vec::new(),
            image: None,
            lang: None,
        };
        let mut image = ImageKeys::default();
        for (key, value) in props {
            let at = path::key(&props_path, key);
            match key.as_str() {
                "style" => element.style = style(value, at)?,
                "children" if tag == Tag::Img => {
                    if !value.is_null() {
                        return Err(ApiError::scene(at, "<img> cannot have children"));
                    }
                }
                "children" => self.children(value, at, depth, &mut element.children, true)?,
                "lang" => element.lang = Some(lang(value, &at)?),
                "src" | "width" | "height" if tag == Tag::Img => image.set(key, value, at),
                "src" | "width" | "height" => {
                    return Err(ApiError::scene(
                        at,
                        format!("{key} is an image prop; <{}> is not an image", tag.name()),
                    ))
                }
                _ => self.ignore_prop(key, &at),
            }
        }
        if tag == Tag::Img {
            element.image = Some(image.finish(&props_path)?);
        }
        Ok(Child::Element(element))
    }

    /// A Takumi node.
    fn takumi<'a>(
        &mut self,
        map: &'a Map<String, Value>,
        path: String,
        depth: usize,
    ) -> Result<Child<'a>, ApiError> {
        let kind = map.get("type").and_then(Value::as_str).unwrap_or("");
        let tag = match kind {
            "text" => Tag::Text,
            "image" => Tag::Img,
            _ => Tag::Div,
        };
        let mut element = Element {
            tag,
            path: path.clone(),
            style: None,
            children: Vec::new(),
            image: None,
            lang: None,
        };
        let mut image = ImageKeys::default();
        for (key, value) in map {
            let at = path::key(&path, key);
            match (key.as_str(), tag) {
                ("type", _) => {}
                ("style", _) => element.style = style(value, at)?,
                ("lang", _) => element.lang = Some(lang(value, &at)?),
                ("src" | "width" | "height", Tag::Img) => image.set(key, value, at),
                ("children", Tag::Div) => {
                    self.children(value, at, depth, &mut element.children, false)?;
                }
                ("text", Tag::Text) => match value {
                    Value::String(s) => {
                        let text = self.text(s.clone(), &at)?;
                        element.children.push(text);
                    }
                    Value::Null => {}
                    _ => return Err(ApiError::scene(at, "text must be a string")),
                },
                ("children" | "text" | "src" | "width" | "height", _) => {
                    return Err(ApiError::scene(
                        at,
                        format!("a Takumi {kind} node has no {key}"),
                    ))
                }
                _ => self.ignore_prop(key, &at),
            }
        }
        if tag == Tag::Img {
            element.image = Some(image.finish(&path)?);
        }
        if display(&element) == Some("block") {
            // In a block container Takumi flows its text nodes inline, as
            // one paragraph (a flex container makes each a flex item): read
            // them as `span`s, as satori reads `Hello <span>world</span>`.
            for child in &mut element.children {
                if let Child::Element(e) = child {
                    if e.tag == Tag::Text && display(e).is_none_or(|d| d == "inline") {
                        e.tag = Tag::Span;
                    }
                }
            }
        }
        Ok(Child::Element(element))
    }

    /// `children`: one child or an array of them (satori arrays may hold
    /// `null`, booleans and nested arrays; Takumi's are flat lists).
    fn children<'a>(
        &mut self,
        value: &'a Value,
        path: String,
        depth: usize,
        out: &mut Vec<Child<'a>>,
        react: bool,
    ) -> Result<(), ApiError> {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = path::index(&path, i);
                    match item {
                        Value::Null | Value::Bool(_) if react => {}
                        Value::Array(_) if react => self.children(item, at, depth, out, react)?,
                        _ => out.push(self.child(item, at, depth + 1)?),
                    }
                }
            }
            Value::Null | Value::Bool(_) if react => {}
            Value::Null => {}
            _ if react => out.push(self.child(value, path, depth + 1)?),
            _ => return Err(ApiError::scene(path, "children must be an array")),
        }
        Ok(())
    }

    /// A prop or node key the renderer does not use: silent when it cannot
    /// change the picture, else noted.
    fn ignore_prop(&mut self, key: &str, path: &str) {
        if SILENT_PROPS.contains(&key) || key.starts_with("aria-") || key.starts_with("data-") {
            return;
        }
        self.unsupported.add(key, path);
    }
}

/// The props of an element written without any.
static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

/// A `style` value: an object, or `null` for none.
fn style(value: &Value, path: String) -> Result<Option<StyleObject<'_>>, ApiError> {
    match value {
        Value::Object(map) => Ok(Some((map, path))),
        Value::Null => Ok(None),
        _ => Err(ApiError::scene(path, "style must be an object")),
    }
}

/// An element's `display` as written in its style (trimmed, lower case
/// ASCII), if it is a string.
fn display<'a>(element: &Element<'a>) -> Option<&'a str> {
    let (map, _) = element.style.as_ref()?;
    let d = map.get("display")?.as_str()?.trim();
    ["block", "inline", "flex", "none"]
        .into_iter()
        .find(|k| d.eq_ignore_ascii_case(k))
        .or(Some("other"))
}

/// The error for an unknown `type`.
fn unknown_type(path: String, name: &str) -> ApiError {
    let tags: Vec<&str> = TAGS.iter().map(|(n, _)| *n).collect();
    ApiError::scene(
        path,
        format!(
            "unknown element type {}; supported: {} (satori), container, text, image (Takumi)",
            quote(name),
            tags.join(" ")
        ),
    )
}

/// An image element's `src`, `width` and `height` as they are found.
#[derive(Default)]
struct ImageKeys<'a> {
    src: Option<Located<'a>>,
    width: Option<Located<'a>>,
    height: Option<Located<'a>>,
}

impl<'a> ImageKeys<'a> {
    fn set(&mut self, key: &str, value: &'a Value, at: String) {
        let slot = match key {
            "src" => &mut self.src,
            "width" => &mut self.width,
            _ => &mut self.height,
        };
        *slot = (!value.is_null()).then_some((value, at));
    }

    /// The props, checked: `src` is a string; `width` and `height` are
    /// numbers or strings (their values are read with the style).
    fn finish(self, base: &str) -> Result<ImageProps<'a>, ApiError> {
        let src = match self.src {
            Some((Value::String(s), at)) => (s.as_str(), at),
            Some((_, at)) => {
                return Err(ApiError::scene(
                    at,
                    "src must be a string: a data: URI (PNG or JPEG) or asset:NAME",
                ))
            }
            None => {
                return Err(ApiError::scene(
                    path::key(base, "src"),
                    "an image needs a src: a data: URI (PNG or JPEG) or asset:NAME",
                ))
            }
        };
        for (key, side) in [("width", &self.width), ("height", &self.height)] {
            if let Some((v, at)) = side {
                if !(v.is_number() || v.is_string()) {
                    return Err(ApiError::scene(
                        at.clone(),
                        format!("{key} must be a number (CSS px) or a CSS length"),
                    ));
                }
            }
        }
        Ok(ImageProps {
            src,
            width: self.width,
            height: self.height,
        })
    }
}

/// A JSON number as JavaScript prints it in text: integers without a
/// fraction (`3`, also for `3.0`), others as written.
fn js_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}
