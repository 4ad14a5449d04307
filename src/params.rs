//! Query strings (and, later, JSON bodies) → validated render specs.
//!
//! Every limit is a named constant here and listed in the README. All
//! failures are [`ApiError`]s naming the parameter and the accepted range.

use std::fmt::Write;

use render::{Align, ArtSpec, Charset, Curve, HeartSpec, Rgba, Style, TextSpec, VAlign, Wrap};

use crate::error::ApiError;

/// Smallest image side, CSS pixels.
pub const MIN_SIZE: u32 = 16;
/// Largest image side, CSS pixels.
pub const MAX_SIZE: u32 = 2048;
/// Largest device pixel ratio.
pub const MAX_DPR: f32 = 3.0;
/// Most pixels in one raster image after `dpr` (2048 × 2048): 16 MiB of RGBA.
pub const MAX_PIXELS: u64 = 2048 * 2048;
/// Most frames in an animation.
pub const MAX_FRAMES: u32 = 60;
/// Highest animation frame rate.
pub const MAX_FPS: u32 = 50;
/// Most pixels summed over all frames of an animation (bounds CPU time).
pub const MAX_ANIMATION_PIXELS: u64 = 8 * 1024 * 1024;
/// Largest outline width, CSS pixels.
pub const MAX_STROKE: f32 = 64.0;
/// Text-art columns range.
pub const ART_COLS: (u32, u32) = (8, 240);
/// Text-art rows range.
pub const ART_ROWS: (u32, u32) = (4, 120);
/// Longest accepted URL (path + query), bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Largest accepted request body (`POST /text.png`), bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Most characters in `text`.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Most characters in a heart's `text` label.
pub const MAX_LABEL_CHARS: usize = 40;
/// Font size range, CSS pixels.
pub const FONT_SIZE: (f32, f32) = (6.0, 512.0);
/// Most font sizes in `sizes` (one per paragraph; later paragraphs take the last).
pub const MAX_SIZES: usize = 16;
/// Largest padding, CSS pixels.
pub const MAX_PADDING: u32 = 512;
/// Largest `max_lines`.
pub const MAX_LINES: u32 = 500;
/// Line height range, multiples of the font size.
pub const LINE_HEIGHT: (f32, f32) = (0.8, 3.0);

/// Parameters that take a list: a comma-separated string, or in JSON bodies
/// also an array of numbers.
const LIST_PARAMS: &[&str] = &["sizes"];

/// Decoded `key=value` pairs of one request, each key at most once.
#[derive(Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a query string (percent-decoding, `+` as space). A key given
    /// twice is an error: which one wins would be a guess.
    pub fn parse(query: &str) -> Result<Query, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if k.is_empty() {
                continue;
            }
            if pairs.iter().any(|(seen, _)| *seen == k) {
                return Err(ApiError::bad(&k, format!("{k} is given more than once")));
            }
            pairs.push((k.into_owned(), v.into_owned()));
        }
        Ok(Query { pairs })
    }

    /// The fields of a JSON object body, as if they were query parameters:
    /// strings as they are, numbers and booleans in their JSON spelling,
    /// `null` as absent; for list parameters (`sizes`), an array of numbers
    /// as their comma-separated list. Anything else is an error naming the
    /// field.
    pub fn from_json(body: &[u8]) -> Result<Query, ApiError> {
        let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
            ApiError::BadBody(format!(
                "body is not valid JSON: {} at line {} column {}",
                json_reason(&e),
                e.line(),
                e.column()
            ))
        })?;
        let serde_json::Value::Object(map) = value else {
            return Err(ApiError::BadBody(
                "body must be a JSON object, e.g. {\"text\":\"hello\"}".into(),
            ));
        };
        let mut pairs = Vec::with_capacity(map.len());
        for (k, v) in map {
            let v = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Array(items) if LIST_PARAMS.contains(&k.as_str()) => {
                    let mut joined = Vec::with_capacity(items.len());
                    for item in items {
                        let serde_json::Value::Number(n) = item else {
                            return Err(ApiError::bad(
                                &k,
                                format!("{k} must be a string or an array of numbers"),
                            ));
                        };
                        joined.push(n.to_string());
                    }
                    joined.join(",")
                }
                _ => {
                    return Err(ApiError::bad(
                        &k,
                        format!("{k} must be a string, number or boolean"),
                    ))
                }
            };
            pairs.push((k, v));
        }
        Ok(Query { pairs })
    }

    /// Adds `other`'s pairs; a key in both is an error.
    pub fn merge(mut self, other: Query) -> Result<Query, ApiError> {
        for (k, v) in other.pairs {
            if self.get(&k).is_some() {
                return Err(ApiError::bad(&k, format!("{k} is given more than once")));
            }
            self.pairs.push((k, v));
        }
        Ok(self)
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), or `default`.
    pub fn boolean(&self, key: &str, default: bool) -> Result<bool, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(default);
        };
        match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(true),
            "false" | "0" | "no" | "off" => Ok(false),
            _ => Err(ApiError::bad(key, format!("{key} must be true or false"))),
        }
    }

    /// Fails on the first parameter not in `allowed`.
    pub fn only(&self, allowed: &'static [&'static str]) -> Result<(), ApiError> {
        match self
            .pairs
            .iter()
            .find(|(k, _)| !allowed.contains(&k.as_str()))
        {
            Some((k, _)) => Err(ApiError::UnknownParam {
                param: k.clone(),
                allowed,
            }),
            None => Ok(()),
        }
    }

    /// The raw value of `key`, if given.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An integer in `min..=max`, or `default` when absent.
    pub fn int(&self, key: &str, default: u32, min: u32, max: u32) -> Result<u32, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(default);
        };
        let err = || {
            ApiError::bad(
                key,
                format!("{key} must be an integer between {min} and {max}"),
            )
        };
        let v: u64 = raw.trim().parse().map_err(|_| err())?;
        if v < u64::from(min) || v > u64::from(max) {
            return Err(err());
        }
        Ok(v as u32)
    }

    /// A finite number in `min..=max`, or `default` when absent.
    pub fn float(&self, key: &str, default: f32, min: f32, max: f32) -> Result<f32, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(default);
        };
        let err = || {
            ApiError::bad(
                key,
                format!("{key} must be a number between {min} and {max}"),
            )
        };
        let v: f32 = raw.trim().parse().map_err(|_| err())?;
        if !v.is_finite() || v < min || v > max {
            return Err(err());
        }
        Ok(v)
    }

    /// A comma-separated list of 1 to `max_items` finite numbers, each in
    /// `min..=max` (parsed like [`Query::float`]), or `None` when absent.
    pub fn floats(
        &self,
        key: &str,
        min: f32,
        max: f32,
        max_items: usize,
    ) -> Result<Option<Vec<f32>>, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(None);
        };
        let err = || {
            ApiError::bad(
                key,
                format!(
                    "{key} must be a comma-separated list of 1 to {max_items} numbers between {min} and {max}"
                ),
            )
        };
        if raw.split(',').count() > max_items {
            return Err(err());
        }
        raw.split(',')
            .map(|item| {
                let v: f32 = item.trim().parse().map_err(|_| err())?;
                if !v.is_finite() || v < min || v > max {
                    return Err(err());
                }
                Ok(v)
            })
            .collect::<Result<Vec<f32>, ApiError>>()
            .map(Some)
    }

    /// One of the named `choices`, or `default` when absent.
    pub fn choice<T: Copy>(
        &self,
        key: &str,
        default: T,
        choices: &[(&str, T)],
    ) -> Result<T, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(default);
        };
        choices
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(raw.trim()))
            .map(|&(_, v)| v)
            .ok_or_else(|| {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                ApiError::bad(key, format!("{key} must be one of: {}", names.join(", ")))
            })
    }

    /// A CSS colour, if given.
    pub fn color(&self, key: &str) -> Result<Option<Rgba>, ApiError> {
        self.get(key).map(|raw| parse_color(key, raw)).transpose()
    }
}

/// Parses a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (the `#` may
/// be left out, since it must be escaped in URLs), `rgb()`/`rgba()`,
/// `hsl()`, the CSS named colours and `transparent`.
pub fn parse_color(key: &str, raw: &str) -> Result<Rgba, ApiError> {
    let s = raw.trim();
    let bare_hex = matches!(s.len(), 3 | 4 | 6 | 8) && s.bytes().all(|b| b.is_ascii_hexdigit());
    let parsed = if bare_hex {
        csscolorparser::parse(&format!("#{s}"))
    } else if s.len() > 64 {
        // Nothing valid is this long; don't feed the parser huge strings.
        return Err(bad_color(key));
    } else {
        csscolorparser::parse(s)
    };
    let c = parsed.map_err(|_| bad_color(key))?;
    let [r, g, b, a] = c.to_rgba8();
    Ok(Rgba::new(r, g, b, a))
}

/// serde_json's message without its own " at line … column …" suffix.
fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

fn bad_color(key: &str) -> ApiError {
    ApiError::bad(
        key,
        format!(
            "{key} must be a CSS colour: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba() or a colour name"
        ),
    )
}

/// The output forms of the heart route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeartFormat {
    /// `image/png`.
    Png,
    /// `image/svg+xml`.
    Svg,
    /// UTF-8 terminal art.
    Txt,
    /// Animated PNG.
    Apng,
}

impl HeartFormat {
    /// All formats with their names (the file extension).
    pub const ALL: [(&'static str, HeartFormat); 4] = [
        ("png", HeartFormat::Png),
        ("svg", HeartFormat::Svg),
        ("txt", HeartFormat::Txt),
        ("apng", HeartFormat::Apng),
    ];

    /// The name (and file extension).
    pub fn name(self) -> &'static str {
        match self {
            HeartFormat::Png => "png",
            HeartFormat::Svg => "svg",
            HeartFormat::Txt => "txt",
            HeartFormat::Apng => "apng",
        }
    }

    fn allowed(self) -> &'static [&'static str] {
        // One list, ordered so that each format's parameters are a prefix:
        // SVG takes the first 10, PNG adds `dpr`, APNG adds `frames`, `fps`.
        const ANIMATED: &[&str] = &[
            "size",
            "color",
            "bg",
            "style",
            "stroke",
            "theme",
            "curve",
            "text",
            "text_color",
            "format",
            "dpr",
            "frames",
            "fps",
        ];
        const COMMON: &[&str] = ANIMATED.split_at(10).0;
        const RASTER: &[&str] = ANIMATED.split_at(11).0;
        match self {
            HeartFormat::Png => RASTER,
            HeartFormat::Svg => COMMON,
            HeartFormat::Apng => ANIMATED,
            HeartFormat::Txt => &["cols", "rows", "charset", "curve", "format"],
        }
    }
}

/// A validated heart request.
#[derive(Clone, Debug, PartialEq)]
pub enum HeartRequest {
    /// A still image (PNG or SVG).
    Still(HeartFormat, HeartSpec, Option<Label>),
    /// The beating animation.
    Animated {
        /// The heart at rest.
        spec: HeartSpec,
        /// Frames per beat.
        frames: u32,
        /// Frames per second.
        fps: u32,
        /// Text over the heart.
        label: Option<Label>,
    },
    /// Terminal art.
    Art(ArtSpec),
}

/// A text label over a heart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The text (1 to [`MAX_LABEL_CHARS`] characters).
    pub text: String,
    /// Its colour.
    pub color: Rgba,
}

/// Theme palettes: (heart colour, background).
pub const THEMES: [(&str, Rgba, Rgba); 3] = [
    ("light", Rgba::rgb(0xe0245e), Rgba::rgb(0xffffff)),
    ("dark", Rgba::rgb(0xff5c8a), Rgba::rgb(0x16161d)),
    ("contrast", Rgba::rgb(0xffffff), Rgba::rgb(0x000000)),
];

/// The heart colour without a theme.
pub const DEFAULT_COLOR: Rgba = Rgba::rgb(0xe0245e);

/// Validates a heart request for `format` (the extension, which wins over a
/// `format=` parameter).
pub fn parse_heart(format: Option<HeartFormat>, q: &Query) -> Result<HeartRequest, ApiError> {
    let format = match format {
        Some(f) => f,
        None => q.choice("format", HeartFormat::Png, &HeartFormat::ALL)?,
    };
    if format.allowed().contains(&"format") {
        // Validate it even when the extension wins, so typos are reported.
        q.choice("format", format, &HeartFormat::ALL)?;
    }
    q.only(format.allowed())?;
    let curve_default = if format == HeartFormat::Txt {
        Curve::Implicit
    } else {
        Curve::Parametric
    };
    let curve = q.choice(
        "curve",
        curve_default,
        &[
            ("parametric", Curve::Parametric),
            ("implicit", Curve::Implicit),
        ],
    )?;
    if format == HeartFormat::Txt {
        return Ok(HeartRequest::Art(ArtSpec {
            cols: q.int("cols", 40, ART_COLS.0, ART_COLS.1)?,
            rows: q.int("rows", 20, ART_ROWS.0, ART_ROWS.1)?,
            charset: q.choice(
                "charset",
                Charset::Blocks,
                &[("blocks", Charset::Blocks), ("ascii", Charset::Ascii)],
            )?,
            curve,
        }));
    }

    let size = q.int("size", 256, MIN_SIZE, MAX_SIZE)?;
    let dpr = q.float("dpr", 1.0, 1.0, MAX_DPR)?;
    let themes: Vec<(&str, Option<(Rgba, Rgba)>)> =
        THEMES.iter().map(|&(n, c, b)| (n, Some((c, b)))).collect();
    let theme = q.choice("theme", None, &themes)?;
    let (theme_color, theme_bg) = theme.unwrap_or((DEFAULT_COLOR, Rgba::TRANSPARENT));
    let spec = HeartSpec {
        size,
        dpr,
        color: q.color("color")?.unwrap_or(theme_color),
        bg: q.color("bg")?.unwrap_or(theme_bg),
        style: q.choice(
            "style",
            Style::Filled,
            &[
                ("filled", Style::Filled),
                ("outline", Style::Outline),
                ("gradient", Style::Gradient),
            ],
        )?,
        stroke: q.float("stroke", default_stroke(size), 1.0, MAX_STROKE)?,
        curve,
    };
    let label = match q.get("text") {
        None => None,
        Some(text) => {
            let n = text.chars().count();
            if n == 0 || n > MAX_LABEL_CHARS {
                return Err(ApiError::bad(
                    "text",
                    format!("text must be 1 to {MAX_LABEL_CHARS} characters long (got {n})"),
                ));
            }
            let auto = if spec.style == Style::Outline {
                spec.color
            } else {
                contrasting(spec.color)
            };
            Some(Label {
                text: text.to_owned(),
                color: q.color("text_color")?.unwrap_or(auto),
            })
        }
    };
    if label.is_none() && q.get("text_color").is_some() {
        return Err(ApiError::bad("text_color", "text_color needs text"));
    }
    let px = pixels(&spec);
    if px > MAX_PIXELS {
        return Err(ApiError::TooLarge {
            param: "dpr",
            message: format!(
                "size × dpr gives {px} pixels; the limit is {MAX_PIXELS} (e.g. size 2048 at dpr 1, 1024 at dpr 2)"
            ),
        });
    }
    if format != HeartFormat::Apng {
        return Ok(HeartRequest::Still(format, spec, label));
    }
    let frames = q.int("frames", 12, 2, MAX_FRAMES)?;
    let fps = q.int("fps", 12, 1, MAX_FPS)?;
    if px * u64::from(frames) > MAX_ANIMATION_PIXELS {
        return Err(ApiError::TooLarge {
            param: "frames",
            message: format!(
                "frames × size² × dpr² is {}; the limit is {MAX_ANIMATION_PIXELS} (e.g. 32 frames at size 512)",
                px * u64::from(frames)
            ),
        });
    }
    Ok(HeartRequest::Animated {
        spec,
        frames,
        fps,
        label,
    })
}

/// White or near-black, whichever reads better on `c` (WCAG relative luminance).
fn contrasting(c: Rgba) -> Rgba {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    if l > 0.4 {
        Rgba::rgb(0x111111)
    } else {
        Rgba::rgb(0xffffff)
    }
}

/// Default outline width: thin for small hearts, thicker for large ones.
fn default_stroke(size: u32) -> f32 {
    ((size as f32 / 24.0).round()).clamp(1.0, MAX_STROKE)
}

/// Pixels of one raster image of `spec`.
fn pixels(spec: &HeartSpec) -> u64 {
    let side = (spec.size as f32 * spec.dpr).round() as u64;
    side * side
}

impl HeartRequest {
    /// The canonical form of the request: route, then every parameter with
    /// its default filled, sorted by name. Two requests that render the same
    /// image have the same canonical form, whatever order or spelling
    /// (`theme=light` vs explicit colours) they used.
    pub fn canonical(&self) -> String {
        let mut s = String::new();
        match self {
            HeartRequest::Still(format, spec, label) => {
                let _ = write!(s, "heart.{}?", format.name());
                visual(&mut s, spec, *format == HeartFormat::Png, label.as_ref());
            }
            HeartRequest::Animated {
                spec,
                frames,
                fps,
                label,
            } => {
                s.push_str("heart.apng?");
                visual(&mut s, spec, true, label.as_ref());
                let _ = write!(s, "&fps={fps}&frames={frames}");
            }
            HeartRequest::Art(a) => {
                let _ = write!(
                    s,
                    "heart.txt?charset={}&cols={}&curve={}&rows={}",
                    a.charset.name(),
                    a.cols,
                    a.curve.name(),
                    a.rows
                );
            }
        }
        s
    }
}

fn visual(s: &mut String, spec: &HeartSpec, raster: bool, label: Option<&Label>) {
    let _ = write!(
        s,
        "bg={}&color={}&curve={}",
        spec.bg.hex_rgba(),
        spec.color.hex_rgba(),
        spec.curve.name()
    );
    if raster {
        let _ = write!(s, "&dpr={}", spec.dpr);
    }
    let _ = write!(s, "&size={}", spec.size);
    if spec.style == Style::Outline {
        let _ = write!(s, "&stroke={}", spec.stroke);
    }
    let _ = write!(s, "&style={}", spec.style.name());
    if let Some(label) = label {
        let text: String = form_urlencoded::byte_serialize(label.text.as_bytes()).collect();
        let _ = write!(s, "&text={text}&text_color={}", label.color.hex_rgba());
    }
}

/// The parameters of the text route.
pub const TEXT_PARAMS: &[&str] = &[
    "text",
    "font",
    "weight",
    "size",
    "sizes",
    "color",
    "bg",
    "width",
    "height",
    "padding",
    "align",
    "valign",
    "line_height",
    "wrap",
    "max_lines",
    "fit",
    "dpr",
];

/// A validated text request: the spec plus the names it was chosen by.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRequest {
    /// What the renderer draws.
    pub spec: TextSpec,
    /// Family short name (`sans`, `serif`, `mono`).
    pub font: &'static str,
    /// CSS weight.
    pub weight: u16,
}

/// Validates a text request (query parameters or JSON fields).
pub fn parse_text(q: &Query) -> Result<TextRequest, ApiError> {
    q.only(TEXT_PARAMS)?;
    let text = q
        .get("text")
        .ok_or_else(|| ApiError::bad("text", "text is required"))?
        .to_owned();
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_TEXT_CHARS {
        return Err(ApiError::bad(
            "text",
            format!("text must be 1 to {MAX_TEXT_CHARS} characters long (got {chars})"),
        ));
    }
    let families: Vec<(&str, crate::fonts::Family)> = crate::fonts::FAMILIES
        .iter()
        .map(|f| (f.name, *f))
        .collect();
    let family = q.choice("font", crate::fonts::FAMILIES[0], &families)?;
    let weight = q.choice(
        "weight",
        400u16,
        &[
            ("400", 400),
            ("normal", 400),
            ("regular", 400),
            ("700", 700),
            ("bold", 700),
        ],
    )?;
    let Some(primary) = crate::fonts::face_of(family.role, weight) else {
        let have: Vec<String> = crate::fonts::weights(family.role)
            .iter()
            .map(u16::to_string)
            .collect();
        return Err(ApiError::bad(
            "weight",
            format!(
                "font {} has no weight {weight}; it has: {}",
                family.name,
                have.join(", ")
            ),
        ));
    };
    let size = q.float("size", 48.0, FONT_SIZE.0, FONT_SIZE.1)?;
    // `sizes` wins over `size`; `size` then holds the first paragraph's, so
    // that specs (and canonical forms) that render alike compare alike.
    let sizes = q
        .floats("sizes", FONT_SIZE.0, FONT_SIZE.1, MAX_SIZES)?
        .unwrap_or_default();
    let size = sizes.first().copied().unwrap_or(size);
    let side = |key: &str| -> Result<Option<u32>, ApiError> {
        match q.get(key) {
            None => Ok(None),
            Some(_) => q.int(key, 0, MIN_SIZE, MAX_SIZE).map(Some),
        }
    };
    let chain = crate::fonts::chain(primary, &text);
    let spec = TextSpec {
        text,
        chain,
        size,
        sizes,
        color: q.color("color")?.unwrap_or(Rgba::rgb(0x111111)),
        bg: q.color("bg")?.unwrap_or(Rgba::rgb(0xffffff)),
        width: side("width")?,
        height: side("height")?,
        padding: q.int("padding", 16, 0, MAX_PADDING)?,
        align: q.choice(
            "align",
            Align::Left,
            &[
                ("left", Align::Left),
                ("center", Align::Center),
                ("centre", Align::Center),
                ("right", Align::Right),
            ],
        )?,
        valign: q.choice(
            "valign",
            VAlign::Top,
            &[
                ("top", VAlign::Top),
                ("middle", VAlign::Middle),
                ("center", VAlign::Middle),
                ("bottom", VAlign::Bottom),
            ],
        )?,
        line_height: q.float("line_height", 1.25, LINE_HEIGHT.0, LINE_HEIGHT.1)?,
        wrap: q.choice(
            "wrap",
            Wrap::Word,
            &[
                ("word", Wrap::Word),
                ("char", Wrap::Char),
                ("none", Wrap::None),
            ],
        )?,
        max_lines: match q.get("max_lines") {
            None => None,
            Some(_) => Some(q.int("max_lines", 0, 1, MAX_LINES)?),
        },
        fit: q.boolean("fit", false)?,
        dpr: q.float("dpr", 1.0, 1.0, MAX_DPR)?,
    };
    if spec.fit && spec.width.is_none() && spec.height.is_none() {
        return Err(ApiError::bad(
            "fit",
            "fit needs a width or a height to fit into",
        ));
    }
    Ok(TextRequest {
        spec,
        font: family.name,
        weight,
    })
}

impl TextRequest {
    /// The canonical form: every parameter, defaults filled, sorted by name.
    /// `sizes` appears only when given (as normalised numbers, e.g.
    /// `sizes=64,32`), so requests without it keep their cache keys; `size`
    /// is then the first of them.
    pub fn canonical(&self) -> String {
        let s = &self.spec;
        let opt = |v: Option<u32>| v.map_or_else(|| "auto".to_owned(), |v| v.to_string());
        let text: String = form_urlencoded::byte_serialize(s.text.as_bytes()).collect();
        let sizes = if s.sizes.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = s.sizes.iter().map(f32::to_string).collect();
            format!("&sizes={}", list.join(","))
        };
        format!(
            "text.png?align={}&bg={}&color={}&dpr={}&fit={}&font={}&height={}&line_height={}&max_lines={}&padding={}&size={}{sizes}&text={text}&valign={}&weight={}&width={}&wrap={}",
            s.align.name(),
            s.bg.hex_rgba(),
            s.color.hex_rgba(),
            s.dpr,
            s.fit,
            self.font,
            opt(s.height),
            s.line_height,
            opt(s.max_lines),
            s.padding,
            s.size,
            s.valign.name(),
            self.weight,
            opt(s.width),
            s.wrap.name(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heart(format: Option<HeartFormat>, q: &str) -> Result<HeartRequest, ApiError> {
        parse_heart(format, &Query::parse(q)?)
    }

    fn spec(q: &str) -> HeartSpec {
        match heart(Some(HeartFormat::Png), q).unwrap() {
            HeartRequest::Still(_, s, _) => s,
            other => panic!("{other:?}"),
        }
    }

    fn err(format: HeartFormat, q: &str) -> ApiError {
        heart(Some(format), q).unwrap_err()
    }

    #[test]
    fn defaults() {
        let s = spec("");
        assert_eq!(s.size, 256);
        assert_eq!(s.dpr, 1.0);
        assert_eq!(s.color, DEFAULT_COLOR);
        assert_eq!(s.bg, Rgba::TRANSPARENT);
        assert_eq!(s.style, Style::Filled);
        assert_eq!(s.curve, Curve::Parametric);
        assert_eq!(s.stroke, 11.0);
        match heart(Some(HeartFormat::Txt), "").unwrap() {
            HeartRequest::Art(a) => {
                assert_eq!(
                    (a.cols, a.rows, a.charset, a.curve),
                    (40, 20, Charset::Blocks, Curve::Implicit)
                )
            }
            other => panic!("{other:?}"),
        }
        match heart(Some(HeartFormat::Apng), "").unwrap() {
            HeartRequest::Animated { frames, fps, .. } => assert_eq!((frames, fps), (12, 12)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn size_edges() {
        assert_eq!(spec("size=16").size, 16);
        assert_eq!(spec("size=2048").size, 2048);
        for bad in [
            "15",
            "2049",
            "0",
            "-1",
            "abc",
            "",
            "1e3",
            "256.5",
            "99999999999999999999",
        ] {
            let e = err(HeartFormat::Png, &format!("size={bad}"));
            assert_eq!(e.param(), Some("size"), "{bad}");
            assert_eq!(e.to_string(), "size must be an integer between 16 and 2048");
            assert_eq!(e.status(), 400);
        }
    }

    #[test]
    fn dpr_edges_and_pixel_budget() {
        assert_eq!(spec("dpr=3&size=512").dpr, 3.0);
        assert_eq!(spec("dpr=1.5").dpr, 1.5);
        for bad in ["0.99", "3.01", "NaN", "inf", "x"] {
            assert_eq!(
                err(HeartFormat::Png, &format!("dpr={bad}")).param(),
                Some("dpr"),
                "{bad}"
            );
        }
        assert_eq!(spec("size=1024&dpr=2").size, 1024);
        let e = err(HeartFormat::Png, "size=1025&dpr=2");
        assert_eq!((e.status(), e.param()), (422, Some("dpr")));
    }

    #[test]
    fn animation_limits() {
        assert!(heart(Some(HeartFormat::Apng), "frames=60&size=256").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "frames=2&fps=1").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "fps=50").is_ok());
        assert_eq!(err(HeartFormat::Apng, "frames=61").param(), Some("frames"));
        assert_eq!(err(HeartFormat::Apng, "frames=1").param(), Some("frames"));
        assert_eq!(err(HeartFormat::Apng, "fps=0").param(), Some("fps"));
        assert_eq!(err(HeartFormat::Apng, "fps=51").param(), Some("fps"));
        assert!(heart(Some(HeartFormat::Apng), "frames=32&size=512").is_ok());
        let e = err(HeartFormat::Apng, "frames=33&size=512");
        assert_eq!((e.status(), e.param()), (422, Some("frames")));
    }

    #[test]
    fn art_limits() {
        assert!(heart(Some(HeartFormat::Txt), "cols=8&rows=4").is_ok());
        assert!(heart(Some(HeartFormat::Txt), "cols=240&rows=120").is_ok());
        assert_eq!(err(HeartFormat::Txt, "cols=7").param(), Some("cols"));
        assert_eq!(err(HeartFormat::Txt, "cols=241").param(), Some("cols"));
        assert_eq!(err(HeartFormat::Txt, "rows=3").param(), Some("rows"));
        assert_eq!(err(HeartFormat::Txt, "rows=121").param(), Some("rows"));
        assert_eq!(
            err(HeartFormat::Txt, "charset=emoji").param(),
            Some("charset")
        );
        assert_eq!(err(HeartFormat::Txt, "size=100").code(), "unknown_param");
    }

    #[test]
    fn stroke_and_choices() {
        assert_eq!(spec("stroke=1").stroke, 1.0);
        assert_eq!(spec("stroke=64").stroke, 64.0);
        assert_eq!(err(HeartFormat::Png, "stroke=0.5").param(), Some("stroke"));
        assert_eq!(err(HeartFormat::Png, "stroke=65").param(), Some("stroke"));
        assert_eq!(spec("style=OUTLINE").style, Style::Outline);
        assert_eq!(spec("curve=implicit").curve, Curve::Implicit);
        let e = err(HeartFormat::Png, "style=dotted");
        assert_eq!(
            e.to_string(),
            "style must be one of: filled, outline, gradient"
        );
        assert_eq!(err(HeartFormat::Png, "curve=circle").param(), Some("curve"));
        assert_eq!(err(HeartFormat::Png, "theme=neon").param(), Some("theme"));
    }

    #[test]
    fn unknown_and_duplicate_params() {
        let e = err(HeartFormat::Png, "sise=100");
        assert_eq!((e.code(), e.param()), ("unknown_param", Some("sise")));
        assert!(e.to_string().contains("size, color"));
        assert_eq!(err(HeartFormat::Svg, "dpr=2").code(), "unknown_param");
        assert_eq!(err(HeartFormat::Png, "frames=3").code(), "unknown_param");
        let e = err(HeartFormat::Png, "size=100&size=200");
        assert_eq!((e.code(), e.param()), ("bad_param", Some("size")));
    }

    #[test]
    fn themes_and_overrides() {
        let dark = spec("theme=dark");
        assert_eq!(
            (dark.color, dark.bg),
            (Rgba::rgb(0xff5c8a), Rgba::rgb(0x16161d))
        );
        let mixed = spec("theme=dark&color=blue");
        assert_eq!(
            (mixed.color, mixed.bg),
            (Rgba::rgb(0x0000ff), Rgba::rgb(0x16161d))
        );
        assert_eq!(spec("bg=transparent").bg, Rgba::TRANSPARENT);
    }

    #[test]
    fn colours() {
        let c = |s: &str| parse_color("color", s);
        assert_eq!(c("#f00").unwrap(), Rgba::rgb(0xff0000));
        assert_eq!(c("f00").unwrap(), Rgba::rgb(0xff0000));
        assert_eq!(c("#00ff0080").unwrap(), Rgba::new(0, 255, 0, 128));
        assert_eq!(c("00ff0080").unwrap(), Rgba::new(0, 255, 0, 128));
        assert_eq!(c("#123456").unwrap(), Rgba::rgb(0x123456));
        assert_eq!(c("rgb(1, 2, 3)").unwrap(), Rgba::rgb(0x010203));
        assert_eq!(c("rgba(255,0,0,0.5)").unwrap(), Rgba::new(255, 0, 0, 128));
        assert_eq!(c("rebeccapurple").unwrap(), Rgba::rgb(0x663399));
        assert_eq!(c("HotPink").unwrap(), Rgba::rgb(0xff69b4));
        assert_eq!(c("transparent").unwrap(), Rgba::TRANSPARENT);
        for bad in [
            "",
            "#12",
            "#1234567",
            "nope",
            "rgb(1,2)",
            "#ggg",
            &"a".repeat(100),
        ] {
            let e = c(bad).unwrap_err();
            assert_eq!(e.param(), Some("color"), "{bad}");
            assert!(e.to_string().starts_with("color must be a CSS colour"));
        }
    }

    #[test]
    fn format_param_and_extension() {
        assert!(matches!(
            heart(None, "format=svg").unwrap(),
            HeartRequest::Still(HeartFormat::Svg, _, _)
        ));
        assert!(matches!(
            heart(None, "").unwrap(),
            HeartRequest::Still(HeartFormat::Png, _, _)
        ));
        // The extension wins over format=.
        assert!(matches!(
            heart(Some(HeartFormat::Png), "format=svg").unwrap(),
            HeartRequest::Still(HeartFormat::Png, _, _)
        ));
        assert_eq!(err(HeartFormat::Png, "format=gif").param(), Some("format"));
    }

    #[test]
    fn heart_labels() {
        let label = |q: &str| match heart(Some(HeartFormat::Png), q).unwrap() {
            HeartRequest::Still(_, _, l) => l,
            other => panic!("{other:?}"),
        };
        assert_eq!(label(""), None);
        let l = label("text=I%20%E2%9D%A4%20U").unwrap();
        assert_eq!((l.text.as_str(), l.color), ("I ❤ U", Rgba::rgb(0xffffff)));
        assert_eq!(
            label("text=hi&color=yellow").unwrap().color,
            Rgba::rgb(0x111111),
            "dark text on light hearts"
        );
        assert_eq!(label("text=hi&style=outline").unwrap().color, DEFAULT_COLOR);
        assert_eq!(
            label("text=hi&text_color=red").unwrap().color,
            Rgba::rgb(0xff0000)
        );
        assert_eq!(
            err(HeartFormat::Png, "text_color=red").param(),
            Some("text_color")
        );
        assert_eq!(
            err(HeartFormat::Png, &format!("text={}", "x".repeat(41))).param(),
            Some("text")
        );
        assert_eq!(err(HeartFormat::Txt, "text=hi").code(), "unknown_param");
        assert!(heart(Some(HeartFormat::Svg), "text=hi").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "text=hi").is_ok());
        let c = heart(Some(HeartFormat::Png), "text=a%26b")
            .unwrap()
            .canonical();
        assert!(c.ends_with("&text=a%26b&text_color=#ffffffff"), "{c}");
    }

    #[test]
    fn canonical_ignores_order_and_spelling() {
        let a = heart(Some(HeartFormat::Png), "theme=light&size=300").unwrap();
        let b = heart(
            Some(HeartFormat::Png),
            "size=300&bg=white&color=%23e0245e&dpr=1&style=filled",
        )
        .unwrap();
        assert_eq!(a.canonical(), b.canonical());
        assert_eq!(
            a.canonical(),
            "heart.png?bg=#ffffffff&color=#e0245eff&curve=parametric&dpr=1&size=300&style=filled"
        );
        let c = heart(Some(HeartFormat::Png), "size=301&theme=light").unwrap();
        assert_ne!(a.canonical(), c.canonical());
        // stroke only matters for outlines.
        let d = heart(Some(HeartFormat::Png), "theme=light&size=300&stroke=5").unwrap();
        assert_eq!(a.canonical(), d.canonical());
        let e = heart(Some(HeartFormat::Png), "style=outline&stroke=5").unwrap();
        assert!(e.canonical().contains("&stroke=5&"));
        let t = heart(Some(HeartFormat::Txt), "rows=10&cols=20").unwrap();
        assert_eq!(
            t.canonical(),
            "heart.txt?charset=blocks&cols=20&curve=implicit&rows=10"
        );
    }

    fn text(q: &str) -> Result<TextRequest, ApiError> {
        parse_text(&Query::parse(q)?)
    }

    #[test]
    fn text_defaults_and_required() {
        let t = text("text=Hello").unwrap();
        assert_eq!(t.spec.text, "Hello");
        assert_eq!((t.font, t.weight), ("sans", 400));
        assert_eq!(t.spec.size, 48.0);
        assert_eq!(
            (t.spec.width, t.spec.height, t.spec.padding),
            (None, None, 16)
        );
        assert_eq!(
            (t.spec.align, t.spec.valign, t.spec.wrap),
            (Align::Left, VAlign::Top, Wrap::Word)
        );
        assert!(!t.spec.fit);
        assert!(t.spec.chain.len() >= 3, "primary, then CJK tiers");
        assert_eq!(text("").unwrap_err().param(), Some("text"));
        assert_eq!(text("text=").unwrap_err().param(), Some("text"));
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            text(&format!("text={long}")).unwrap_err().param(),
            Some("text")
        );
        assert!(
            text(&format!("text={}", "字".repeat(MAX_TEXT_CHARS))).is_ok(),
            "limit counts characters"
        );
    }

    #[test]
    fn text_limits_and_choices() {
        assert!(text("text=a&size=6").is_ok() && text("text=a&size=512").is_ok());
        for (query, param) in [
            ("size=5.9", "size"),
            ("size=513", "size"),
            ("width=15", "width"),
            ("height=2049", "height"),
            ("padding=513", "padding"),
            ("max_lines=0", "max_lines"),
            ("line_height=0.5", "line_height"),
            ("align=justify", "align"),
            ("wrap=hyphen", "wrap"),
            ("fit=maybe", "fit"),
            ("fit=true", "fit"), // fit needs a box
        ] {
            let e = text(&format!("text=a&{query}")).unwrap_err();
            assert_eq!(e.param(), Some(param), "{query}");
        }
        assert!(text("text=a&fit=1&width=300").unwrap().spec.fit);
        assert_eq!(text("text=a&font=comic").unwrap_err().param(), Some("font"));
        let e = text("text=a&font=serif&weight=bold").unwrap_err();
        assert_eq!(e.param(), Some("weight"));
        assert!(e.to_string().contains("has no weight 700"), "{e}");
        assert_eq!(text("text=a&font=sans&weight=bold").unwrap().weight, 700);
        assert_eq!(
            text("text=a&colour=red").unwrap_err().code(),
            "unknown_param"
        );
    }

    #[test]
    fn json_bodies() {
        let q = Query::from_json(
            r#"{"text":"你好","size":64,"fit":true,"width":300,"max_lines":null}"#.as_bytes(),
        )
        .unwrap();
        let t = parse_text(&q).unwrap();
        assert_eq!(
            (t.spec.text.as_str(), t.spec.size, t.spec.fit, t.spec.width),
            ("你好", 64.0, true, Some(300))
        );
        assert_eq!(t.spec.max_lines, None);
        let e = Query::from_json(b"{\"text\": \"a\",\n \"size\": }").unwrap_err();
        assert_eq!(e.code(), "bad_body");
        assert!(e.to_string().contains("line 2 column"), "{e}");
        assert_eq!(Query::from_json(b"[1]").unwrap_err().code(), "bad_body");
        assert_eq!(Query::from_json(b"").unwrap_err().code(), "bad_body");
        assert_eq!(
            Query::from_json(br#"{"text":["a"]}"#).unwrap_err().param(),
            Some("text")
        );
        let merged = Query::parse("size=20")
            .unwrap()
            .merge(Query::from_json(br#"{"size":30}"#).unwrap());
        assert_eq!(merged.unwrap_err().param(), Some("size"));
    }

    const SIZES_ERROR: &str =
        "sizes must be a comma-separated list of 1 to 16 numbers between 6 and 512";

    #[test]
    fn text_sizes() {
        let t = text("text=Title%0Asub&sizes=64,32").unwrap();
        assert_eq!(t.spec.sizes, [64.0, 32.0]);
        assert_eq!(t.spec.size, 64.0, "size holds the first paragraph's");
        // sizes wins over size; items are trimmed and parsed like size.
        let t = text("text=a&size=20&sizes=%2064.0%20,%2032.5,1e1").unwrap();
        assert_eq!((t.spec.size, t.spec.sizes), (64.0, vec![64.0, 32.5, 10.0]));
        let t = text("text=a&sizes=6").unwrap();
        assert_eq!((t.spec.size, t.spec.sizes), (6.0, vec![6.0]));
        assert!(text("text=a&sizes=512,6").is_ok());
        let t = text("text=a").unwrap();
        assert!(t.spec.sizes.is_empty());
        assert_eq!(t.spec.size, 48.0);
        let sixteen = ["20"; MAX_SIZES].join(",");
        assert_eq!(
            text(&format!("text=a&sizes={sixteen}"))
                .unwrap()
                .spec
                .sizes
                .len(),
            16
        );
        for bad in [
            "",
            " ",
            "64,",
            ",64",
            "64,,32",
            "abc",
            "64,x",
            "64;32",
            "64%2032",
            "5.9",
            "513",
            "64,5",
            "NaN",
            "inf",
            "-64",
            &format!("{sixteen},20"),
        ] {
            let e = text(&format!("text=a&sizes={bad}")).unwrap_err();
            assert_eq!(e.param(), Some("sizes"), "{bad:?}");
            assert_eq!(e.to_string(), SIZES_ERROR, "{bad:?}");
            assert_eq!((e.status(), e.code()), (400, "bad_param"), "{bad:?}");
        }
        // size is still validated when sizes is given.
        assert_eq!(
            text("text=a&size=3&sizes=64").unwrap_err().param(),
            Some("size")
        );
        assert_eq!(
            text("text=a&sizes=64&sizes=32").unwrap_err().param(),
            Some("sizes")
        );
    }

    #[test]
    fn text_sizes_in_json() {
        let json = |body: &str| Query::from_json(body.as_bytes()).and_then(|q| parse_text(&q));
        let array = json(r#"{"text":"a\nb","sizes":[64, 32.5]}"#).unwrap();
        let string = json(r#"{"text":"a\nb","sizes":"64,32.5"}"#).unwrap();
        let get = text("text=a%0Ab&sizes=64,32.5").unwrap();
        assert_eq!(array.spec.sizes, [64.0, 32.5]);
        assert_eq!(array, string);
        assert_eq!(array, get);
        assert_eq!(array.canonical(), get.canonical());
        assert_eq!(
            json(r#"{"text":"a","sizes":[40]}"#).unwrap().spec.sizes,
            [40.0]
        );
        for bad in [
            r#"{"text":"a","sizes":[]}"#,
            r#"{"text":"a","sizes":[64,513]}"#,
            r#"{"text":"a","sizes":64.5e9}"#,
            r#"{"text":"a","sizes":true}"#,
            r#"{"text":"a","sizes":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}"#,
        ] {
            let e = json(bad).unwrap_err();
            assert_eq!((e.param(), e.status()), (Some("sizes"), 400), "{bad}");
            assert_eq!(e.to_string(), SIZES_ERROR, "{bad}");
        }
        for bad in [
            r#"{"text":"a","sizes":[64,"32"]}"#,
            r#"{"text":"a","sizes":[[64]]}"#,
            r#"{"text":"a","sizes":[null]}"#,
            r#"{"text":"a","sizes":{"a":1}}"#,
        ] {
            let e = json(bad).unwrap_err();
            assert_eq!((e.param(), e.status()), (Some("sizes"), 400), "{bad}");
        }
        // Arrays are for list parameters only.
        let e = json(r#"{"text":"a","size":[64]}"#).unwrap_err();
        assert_eq!(e.param(), Some("size"));
    }

    #[test]
    fn text_sizes_canonical() {
        let a = text("text=Title%0Asub&sizes=64,32").unwrap().canonical();
        assert!(a.contains("&size=64&sizes=64,32&text=Title%0Asub&"), "{a}");
        // Spelling, spacing and a losing size do not matter.
        let b = text("sizes=64.0,%2032&size=10&text=Title%0Asub").unwrap();
        assert_eq!(a, b.canonical());
        // Anything that renders differently does.
        for other in [
            "text=Title%0Asub&sizes=64,31",
            "text=Title%0Asub&sizes=32,64",
            "text=Title%0Asub&sizes=64,32,16",
            "text=Title%0Asub&sizes=64",
            "text=Title%0Asub&size=64",
        ] {
            assert_ne!(a, text(other).unwrap().canonical(), "{other}");
        }
        // Without sizes the canonical form (and so every cache key and ETag)
        // is what it always was.
        assert_eq!(
            text("text=Hi").unwrap().canonical(),
            "text.png?align=left&bg=#ffffffff&color=#111111ff&dpr=1&fit=false&font=sans&height=auto&line_height=1.25&max_lines=auto&padding=16&size=48&text=Hi&valign=top&weight=400&width=auto&wrap=word"
        );
    }

    #[test]
    fn text_canonical() {
        let a = text("text=Hi%20there&size=40&align=center").unwrap();
        let b = text("align=centre&size=40.0&text=Hi+there&font=sans&weight=normal").unwrap();
        assert_eq!(a.canonical(), b.canonical());
        assert!(a.canonical().contains("&text=Hi+there&"));
        assert_ne!(
            a.canonical(),
            text("text=Hi%20there&size=41&align=center")
                .unwrap()
                .canonical()
        );
    }
}
