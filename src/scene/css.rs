//! CSS values of the supported style properties: a JSON string or number →
//! a typed value. Lengths (`px` numbers, or strings in `px`, `%`, `em`,
//! `rem`, and `auto` where allowed), colours, gradients, the shorthands
//! (`border`, `borderRadius`, `margin`/`padding`/`inset`, `flex`, `gap`),
//! `boxShadow`, `transform`, `fontWeight`, `lineHeight`, `opacity`,
//! positions, background layers (`url()` sources are returned as written,
//! for the caller to load), `backgroundSize`, `backgroundRepeat` and
//! keywords.
//!
//! Numbers follow CSS syntax (no `NaN`, `Infinity`, hex or trailing junk)
//! and are bounded ([`MAX_SCENE_LENGTH`], [`MAX_SCENE_PERCENT`]); `calc()`,
//! `var()` and unknown units are errors. Valid CSS the renderer cannot
//! draw yet (an `inset` shadow, a `skew()`, a colour hint) is not an error:
//! it is returned as a note (`detail`) for the `X-Unsupported-Style` list.
//!
//! Errors are [`Fault`]s without a path; the caller adds it.

use render::{Background, BackgroundSize, Len, Rgba, Shadow, Stop, Transform};
use serde_json::Value;

use crate::params::{
    invisible_as_transparent, parse_color, MAX_GRADIENT_STOPS, MAX_SCENE_LAYERS, MAX_SCENE_LENGTH,
    MAX_SCENE_PERCENT, MAX_SHADOW_BLUR,
};

/// What is wrong with a value (the caller knows where it is).
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Malformed or out of range (400 `bad_scene`).
    Bad(String),
    /// Over a count limit (422 `too_large`).
    TooMany(String),
}

/// A value or a fault.
pub type Res<T> = Result<T, Fault>;

fn bad<T>(message: impl Into<String>) -> Res<T> {
    Err(Fault::Bad(message.into()))
}

/// What relative lengths are relative to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ctx {
    /// `1em`, CSS px: the element's font size (its parent's, for
    /// `fontSize` itself).
    pub em: f32,
    /// `1rem`, CSS px: the root font size.
    pub rem: f32,
}

/// The root font size, CSS px (`rem`).
pub const ROOT_FONT_SIZE: f32 = 16.0;

/// A style value as given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raw<'a> {
    /// A string, as CSS.
    Str(&'a str),
    /// A number: pixels for lengths, else the number.
    Num(f64),
}

impl<'a> Raw<'a> {
    /// A JSON style value; `None` for anything but a string or a number.
    pub fn from_json(value: &'a Value) -> Option<Raw<'a>> {
        match value {
            Value::String(s) => Some(Raw::Str(s.trim())),
            Value::Number(n) => n.as_f64().map(Raw::Num),
            _ => None,
        }
    }

    /// The value as CSS text (numbers as written: `12`, `1.5`).
    pub fn text(self) -> String {
        match self {
            Raw::Str(s) => s.to_owned(),
            Raw::Num(n) => format_number(n),
        }
    }
}

/// A number as CSS would print it (`3`, `1.5`).
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        crate::num::F64(n).to_string()
    }
}

/// A CSS `<number>` token at the start of `s`: the number and the rest
/// (the unit). `None` when `s` does not start with one.
fn split_number(s: &str) -> Option<(f64, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > frac_start {
            digits += j - frac_start;
            i = j;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            i = j;
        }
    }
    let n: f64 = s[..i].parse().ok()?;
    n.is_finite().then_some((n, &s[i..]))
}

/// A plain CSS number (no unit), as a JSON number or a string.
pub fn number(raw: Raw) -> Res<f64> {
    match raw {
        Raw::Num(n) if n.is_finite() => Ok(n),
        Raw::Str(s) => match split_number(s) {
            Some((n, "")) => Ok(n),
            _ => bad(format!("{} is not a number", super::path::quote(s))),
        },
        Raw::Num(_) => bad("not a finite number"),
    }
}

/// Splits `s` at top-level whitespace (not inside parentheses).
pub fn components(s: &str) -> Vec<&str> {
    split_top(s, |c| c.is_ascii_whitespace())
}

/// Splits `s` at top-level commas (not inside parentheses), trimmed.
pub fn comma_list(s: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                items.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(s[start..].trim());
    items
}

fn split_top(s: &str, sep: impl Fn(char) -> bool) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 && sep(c) {
            if let Some(st) = start.take() {
                items.push(&s[st..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        items.push(&s[st..]);
    }
    items
}

/// `name(args)` → (`name` lowercased, `args`), when `s` is exactly one
/// function call with balanced parentheses.
pub fn function(s: &str) -> Option<(String, &str)> {
    let open = s.find('(')?;
    let name = &s[..open];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || !s.ends_with(')')
    {
        return None;
    }
    let args = &s[open + 1..s.len() - 1];
    let mut depth = 0i32;
    for c in args.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    (depth == 0).then(|| (name.to_ascii_lowercase(), args))
}

/// A length before its use is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Length {
    /// CSS pixels (`em`, `rem` resolved).
    Px(f32),
    /// A fraction of the reference length (`50%` → 0.5).
    Percent(f32),
    /// `auto`.
    Auto,
}

/// What a property accepts besides non-negative pixel lengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accept {
    /// `auto`.
    pub auto: bool,
    /// Negative values.
    pub negative: bool,
    /// Percentages.
    pub percent: bool,
}

impl Accept {
    /// `width`, `height`, `min*`, `flexBasis`.
    pub const SIZE: Accept = Accept {
        auto: true,
        negative: false,
        percent: true,
    };
    /// `margin*`, `top`/`right`/`bottom`/`left`.
    pub const OFFSET: Accept = Accept {
        auto: true,
        negative: true,
        percent: true,
    };
    /// `padding*`, `gap`, radii.
    pub const SPACE: Accept = Accept {
        auto: false,
        negative: false,
        percent: true,
    };
    /// Border widths, blur radii, font sizes.
    pub const PX: Accept = Accept {
        auto: false,
        negative: false,
        percent: false,
    };
    /// Shadow offsets and spreads, `letterSpacing`.
    pub const PX_SIGNED: Accept = Accept {
        auto: false,
        negative: true,
        percent: false,
    };
    /// `translate()`, gradient stop positions.
    pub const SIGNED: Accept = Accept {
        auto: false,
        negative: true,
        percent: true,
    };
}

/// A length: a JSON number (pixels) or a string: `auto`, `0`, or a number
/// with `px`, `%`, `em` or `rem` (a unitless number is taken as pixels).
pub fn length(raw: Raw, ctx: Ctx, accept: Accept) -> Res<Length> {
    let what = || {
        let mut forms = vec!["px"];
        if accept.percent {
            forms.push("%");
        }
        forms.extend(["em", "rem"]);
        let auto = if accept.auto { " or auto" } else { "" };
        let sign = if accept.negative { "" } else { " non-negative" };
        format!("a{sign} length ({}){auto}", forms.join(", "))
    };
    let value = match raw {
        Raw::Num(n) => Length::Px(n as f32),
        Raw::Str(s) => {
            if s.eq_ignore_ascii_case("auto") {
                if accept.auto {
                    return Ok(Length::Auto);
                }
                return bad(format!("auto is not accepted here; expected {}", what()));
            }
            if let Some((name, _)) = function(s) {
                return bad(format!("{name}() is not supported; expected {}", what()));
            }
            let Some((n, unit)) = split_number(s) else {
                return bad(format!("{} is not {}", super::path::quote(s), what()));
            };
            let n = n as f32;
            match unit.to_ascii_lowercase().as_str() {
                "" | "px" => Length::Px(n),
                "%" if accept.percent => Length::Percent(n / 100.0),
                "em" => Length::Px(n * ctx.em),
                "rem" => Length::Px(n * ctx.rem),
                _ => {
                    return bad(format!(
                        "{} has an unsupported unit; expected {}",
                        super::path::quote(s),
                        what()
                    ))
                }
            }
        }
    };
    check(value, accept).map_err(|why| Fault::Bad(format!("{why}; expected {}", what())))
}

/// Bounds and sign of a length; `-0` becomes `0` (one canonical form).
fn check(value: Length, accept: Accept) -> Result<Length, String> {
    let (n, max, unit) = match value {
        Length::Auto => return Ok(value),
        Length::Px(n) => (n, MAX_SCENE_LENGTH, "px"),
        Length::Percent(f) => (f * 100.0, MAX_SCENE_PERCENT, "%"),
    };
    if !n.is_finite() || n.abs() > max {
        return Err(format!(
            "the length is out of range (±{}{unit})",
            crate::num::F32(max)
        ));
    }
    if n < 0.0 && !accept.negative {
        return Err("the length is negative".into());
    }
    Ok(match value {
        Length::Px(n) => Length::Px(n + 0.0),
        Length::Percent(f) => Length::Percent(f + 0.0),
        Length::Auto => Length::Auto,
    })
}

/// A length as a [`Len`] (no `auto`).
pub fn len(raw: Raw, ctx: Ctx, accept: Accept) -> Res<Len> {
    match length(raw, ctx, accept)? {
        Length::Px(n) => Ok(Len::Px(n)),
        Length::Percent(f) => Ok(Len::Percent(f)),
        Length::Auto => bad("auto is not accepted here"),
    }
}

/// Pixels only (`em`/`rem` resolved).
pub fn px(raw: Raw, ctx: Ctx, accept: Accept) -> Res<f32> {
    match length(raw, ctx, accept)? {
        Length::Px(n) => Ok(n),
        _ => bad("expected a length in px, em or rem"),
    }
}

/// 1 to 4 values for top, right, bottom, left, expanded as CSS does
/// (`a` → all; `a b` → vertical, horizontal; `a b c` → top, horizontal,
/// bottom).
pub fn four<T: Copy>(items: &[T]) -> Option<[T; 4]> {
    match *items {
        [a] => Some([a, a, a, a]),
        [a, b] => Some([a, b, a, b]),
        [a, b, c] => Some([a, b, c, b]),
        [a, b, c, d] => Some([a, b, c, d]),
        _ => None,
    }
}

/// A `margin`/`padding`/`inset`-style shorthand: 1 to 4 lengths.
pub fn sides(raw: Raw, ctx: Ctx, accept: Accept) -> Res<[Length; 4]> {
    let values = match raw {
        Raw::Num(_) => vec![length(raw, ctx, accept)?],
        Raw::Str(s) => components(s)
            .into_iter()
            .map(|c| length(Raw::Str(c), ctx, accept))
            .collect::<Res<Vec<_>>>()?,
    };
    four(&values).ok_or_else(|| Fault::Bad("expected 1 to 4 lengths".into()))
}

/// A colour: [`parse_color`]'s forms (hex only with `#` here) and
/// `currentColor` (the element's `color`, `current`).
pub fn color(raw: Raw, current: Rgba) -> Res<Rgba> {
    let Raw::Str(s) = raw else {
        return bad("expected a CSS colour string");
    };
    if s.eq_ignore_ascii_case("currentcolor") {
        return Ok(current);
    }
    let bare_hex = !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if bare_hex {
        return bad(format!(
            "{} is not a colour (hex colours start with #)",
            super::path::quote(s)
        ));
    }
    parse_color("color", s).map(invisible_as_transparent).map_err(|_| {
        Fault::Bad(format!(
            "{} is not a CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), a name, transparent or currentColor)",
            super::path::quote(s)
        ))
    })
}

/// One of `choices` (case-insensitive).
pub fn keyword<T: Copy>(raw: Raw, choices: &[(&str, T)]) -> Res<T> {
    // The search and the message are one function for every `T`.
    let i = keyword_index(raw, choices.len(), &|i| choices[i].0)?;
    Ok(choices[i].1)
}

/// Which of the `n` names (`name(i)`) `raw` is, case-insensitive.
#[inline(never)]
fn keyword_index<'a>(raw: Raw, n: usize, name: &dyn Fn(usize) -> &'a str) -> Res<usize> {
    if let Raw::Str(s) = raw {
        if let Some(i) = (0..n).find(|&i| name(i).eq_ignore_ascii_case(s)) {
            return Ok(i);
        }
    }
    let names: Vec<&str> = (0..n).map(name).collect();
    bad(format!(
        "{} is not one of: {}",
        super::path::quote(&raw.text()),
        names.join(", ")
    ))
}

/// An angle in degrees: `deg`, `grad`, `rad`, `turn`, or a unitless `0`.
pub fn angle(s: &str) -> Option<f32> {
    let (n, unit) = split_number(s)?;
    let deg = match unit.to_ascii_lowercase().as_str() {
        "deg" => n,
        "grad" => n * 0.9,
        "rad" => n.to_degrees(),
        "turn" => n * 360.0,
        "" if n == 0.0 => 0.0,
        _ => return None,
    };
    let deg = deg as f32;
    (deg.is_finite() && deg.abs() <= 360.0 * 1000.0).then_some(deg + 0.0)
}

/// `fontWeight`: `normal` (400), `bold` (700), a number 1–1000, or
/// `bolder`/`lighter` relative to the parent's weight (the CSS table).
pub fn font_weight(raw: Raw, parent: u16) -> Res<u16> {
    if let Raw::Str(s) = raw {
        match s.to_ascii_lowercase().as_str() {
            "normal" => return Ok(400),
            "bold" => return Ok(700),
            "bolder" => {
                return Ok(match parent {
                    0..=349 => 400,
                    350..=549 => 700,
                    _ => 900,
                })
            }
            "lighter" => {
                return Ok(match parent {
                    0..=549 => 100,
                    550..=749 => 400,
                    _ => 700,
                })
            }
            _ => {}
        }
    }
    match number(raw) {
        Ok(n) if (1.0..=1000.0).contains(&n) => Ok(n.round() as u16),
        _ => bad("expected normal, bold, bolder, lighter or a number from 1 to 1000"),
    }
}

/// A `lineHeight`, before inheritance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LineHeight {
    /// `normal`: the font's own (ascender − descender + line gap of the
    /// tallest face the text is drawn from), resolved when the text is known.
    Normal,
    /// A multiple of the font size (unitless; inherited as a multiple).
    Factor(f32),
    /// CSS pixels (lengths and percentages; inherited as pixels).
    Px(f32),
}

/// Largest `lineHeight` multiple.
const MAX_LINE_FACTOR: f32 = 10.0;

/// `lineHeight`: `normal` (the font's, as browsers, satori and Takumi), a unitless multiple, a length
/// or a percentage of the element's font size (`ctx.em`).
pub fn line_height(raw: Raw, ctx: Ctx) -> Res<LineHeight> {
    let expected = "expected normal, a multiple of the font size (0–10), a length or a percentage";
    if let Raw::Str(s) = raw {
        if s.eq_ignore_ascii_case("normal") {
            return Ok(LineHeight::Normal);
        }
        if let Some((n, unit)) = split_number(s) {
            let n = n as f32;
            match unit.to_ascii_lowercase().as_str() {
                "" => {}
                "%" => {
                    if !(0.0..=MAX_LINE_FACTOR * 100.0).contains(&n) {
                        return bad(expected);
                    }
                    return Ok(LineHeight::Px(n / 100.0 * ctx.em));
                }
                _ => {
                    return px(raw, ctx, Accept::PX)
                        .map(LineHeight::Px)
                        .map_err(|_| Fault::Bad(expected.into()))
                }
            }
        }
    }
    match number(raw) {
        Ok(n) if (0.0..=f64::from(MAX_LINE_FACTOR)).contains(&n) => {
            Ok(LineHeight::Factor(n as f32 + 0.0))
        }
        _ => bad(expected),
    }
}

/// `opacity`: a number or a percentage, clamped to 0–1 as CSS does.
pub fn opacity(raw: Raw) -> Res<f32> {
    let n = match raw {
        Raw::Str(s) if s.ends_with('%') => number(Raw::Str(&s[..s.len() - 1])).map(|n| n / 100.0),
        _ => number(raw),
    }
    .map_err(|_| Fault::Bad("expected a number from 0 to 1 or a percentage".into()))?;
    Ok((n as f32).clamp(0.0, 1.0) + 0.0)
}

/// A position (`objectPosition`, a radial gradient's `at …`): one or two
/// of `left`/`center`/`right`/`top`/`bottom` or lengths, as (x, y).
pub fn position(s: &str, ctx: Ctx) -> Res<(Len, Len)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Axis {
        X,
        Y,
        Either,
    }
    let part = |c: &str| -> Res<(Axis, Len)> {
        Ok(match c.to_ascii_lowercase().as_str() {
            "left" => (Axis::X, Len::Percent(0.0)),
            "right" => (Axis::X, Len::Percent(1.0)),
            "top" => (Axis::Y, Len::Percent(0.0)),
            "bottom" => (Axis::Y, Len::Percent(1.0)),
            "center" => (Axis::Either, Len::Percent(0.5)),
            _ => (Axis::Either, len(Raw::Str(c), ctx, Accept::SIGNED)?),
        })
    };
    let parts = components(s);
    let center = Len::Percent(0.5);
    match parts.as_slice() {
        [one] => {
            let (axis, v) = part(one)?;
            Ok(if axis == Axis::Y {
                (center, v)
            } else {
                (v, center)
            })
        }
        [a, b] => {
            let (a, b) = (part(a)?, part(b)?);
            match (a.0, b.0) {
                (Axis::Y, Axis::Y) | (Axis::X, Axis::X) => {
                    bad("a position needs one horizontal and one vertical value")
                }
                (Axis::Y, _) | (_, Axis::X) => Ok((b.1, a.1)),
                _ => Ok((a.1, b.1)),
            }
        }
        _ => bad("expected a position: one or two of left, center, right, top, bottom or lengths"),
    }
}

/// One `backgroundImage` layer as written: a gradient, or the source of a
/// `url()` (which the caller loads).
#[derive(Clone, Debug, PartialEq)]
pub enum Layer {
    /// A gradient.
    Paint(Background),
    /// `url(…)`: the image source, unquoted.
    Url(String),
    /// Valid CSS the renderer does not draw (a conic gradient, …; noted):
    /// kept so that the per-layer lists (`backgroundSize`, …) stay aligned.
    Skipped,
}

/// `backgroundImage` (or the image layers of `background`): `none` or a
/// comma-separated list of gradients and `url()`s. Notes go to `notes`.
pub fn background_image(
    s: &str,
    ctx: Ctx,
    current: Rgba,
    notes: &mut Vec<String>,
) -> Res<Vec<Layer>> {
    if s.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let layers = comma_list(s);
    if layers.len() > MAX_SCENE_LAYERS {
        return Err(Fault::TooMany(format!(
            "more than {MAX_SCENE_LAYERS} background layers"
        )));
    }
    layers
        .into_iter()
        .map(|layer| background_layer(layer, ctx, current, notes))
        .collect()
}

/// One image layer.
fn background_layer(s: &str, ctx: Ctx, current: Rgba, notes: &mut Vec<String>) -> Res<Layer> {
    let Some((name, args)) = function(s) else {
        return bad(format!(
            "{} is not a gradient (linear-gradient(…), radial-gradient(…)), url(…) or none",
            super::path::quote(s)
        ));
    };
    let paint = |b: Res<Background>| b.map(Layer::Paint);
    match name.as_str() {
        "linear-gradient" => paint(linear_gradient(args, ctx, current, notes)),
        "radial-gradient" => paint(radial_gradient(args, ctx, current, notes)),
        "repeating-linear-gradient"
        | "repeating-radial-gradient"
        | "conic-gradient"
        | "repeating-conic-gradient" => {
            notes.push(name);
            Ok(Layer::Skipped)
        }
        "url" => Ok(Layer::Url(url(args).to_owned())),
        _ => bad(format!("{name}() is not a supported background image")),
    }
}

/// The source inside `url(…)`: unquoted, or in single or double quotes
/// (escapes are not processed: image sources do not need them).
pub fn url(args: &str) -> &str {
    let a = args.trim_matches(|c: char| c.is_ascii_whitespace());
    for q in ['"', '\''] {
        if a.len() >= 2 && a.starts_with(q) && a.ends_with(q) {
            return &a[1..a.len() - 1];
        }
    }
    a
}

/// One `backgroundSize` value: `cover`, `contain`, or one or two
/// non-negative lengths or `auto` (width, then height; one value leaves
/// the height `auto`).
pub fn background_size(raw: Raw, ctx: Ctx) -> Res<BackgroundSize> {
    let side = |r: Raw| -> Res<Option<Len>> {
        Ok(match length(r, ctx, Accept::SIZE)? {
            Length::Px(p) => Some(Len::Px(p)),
            Length::Percent(f) => Some(Len::Percent(f)),
            Length::Auto => None,
        })
    };
    let s = match raw {
        Raw::Num(_) => return Ok(BackgroundSize::Explicit(side(raw)?, None)),
        Raw::Str(s) => s,
    };
    match components(s).as_slice() {
        [k] if k.eq_ignore_ascii_case("cover") => Ok(BackgroundSize::Cover),
        [k] if k.eq_ignore_ascii_case("contain") => Ok(BackgroundSize::Contain),
        [w] => Ok(BackgroundSize::Explicit(side(Raw::Str(w))?, None)),
        [w, h] => Ok(BackgroundSize::Explicit(
            side(Raw::Str(w))?,
            side(Raw::Str(h))?,
        )),
        _ => bad("expected cover, contain, or one or two lengths or auto"),
    }
}

/// One `backgroundRepeat` value: whether the image tiles, and a note for a
/// value drawn approximately (`repeat-x`, `repeat-y` and a mixed pair tile
/// both ways; `space` and `round` tile without spacing or rescaling).
pub fn background_repeat(raw: Raw) -> Res<(bool, Option<String>)> {
    const WORDS: &[(&str, bool)] = &[
        ("repeat", true),
        ("no-repeat", false),
        ("space", true),
        ("round", true),
    ];
    let err = || {
        Fault::Bad(
            "expected repeat, no-repeat, repeat-x, repeat-y, space or round (one or two)".into(),
        )
    };
    let Raw::Str(s) = raw else {
        return Err(err());
    };
    let parts = components(s);
    let word = |w: &str| {
        WORDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(w))
            .map(|&(n, r)| (n, r))
    };
    let note = || Some(format!("backgroundRepeat:{}", s.to_ascii_lowercase()));
    match parts.as_slice() {
        [w] if w.eq_ignore_ascii_case("repeat-x") || w.eq_ignore_ascii_case("repeat-y") => {
            Ok((true, note()))
        }
        [w] => {
            let (n, r) = word(w).ok_or_else(err)?;
            Ok((r, matches!(n, "space" | "round").then(note).flatten()))
        }
        [a, b] => {
            let ((na, ra), (nb, rb)) = (word(a).ok_or_else(err)?, word(b).ok_or_else(err)?);
            let exact =
                ra == rb && !matches!(na, "space" | "round") && !matches!(nb, "space" | "round");
            Ok((ra || rb, if exact { None } else { note() }))
        }
        _ => Err(err()),
    }
}

/// `linear-gradient([<angle> | to <side or corner>,] <stops>)`. A corner
/// (`to bottom right`) is taken as the diagonal of a square (135°): the
/// scene keeps one angle, and CSS's corner angle depends on the box's
/// aspect ratio.
pub fn linear_gradient(
    args: &str,
    ctx: Ctx,
    current: Rgba,
    notes: &mut Vec<String>,
) -> Res<Background> {
    let items = comma_list(args);
    let first = items.first().copied().unwrap_or("");
    let lower = first.to_ascii_lowercase();
    let (angle, stops) = if let Some(dir) = lower.strip_prefix("to ") {
        let mut words: Vec<&str> = dir.split_ascii_whitespace().collect();
        crate::sort::sort_by(&mut words, |a, b| a < b);
        let corner = |right: bool, bottom: bool| Some((right, bottom));
        let (angle, corner) = match words.as_slice() {
            ["top"] => (0.0, None),
            ["right"] => (90.0, None),
            ["bottom"] => (180.0, None),
            ["left"] => (270.0, None),
            ["right", "top"] => (45.0, corner(true, false)),
            ["bottom", "right"] => (135.0, corner(true, true)),
            ["bottom", "left"] => (225.0, corner(false, true)),
            ["left", "top"] => (315.0, corner(false, false)),
            _ => {
                return bad(format!(
                    "{} is not a direction (to top, to right, to bottom left, …)",
                    super::path::quote(first)
                ))
            }
        };
        if let Some((right, bottom)) = corner {
            return Ok(Background::LinearToCorner {
                right,
                bottom,
                stops: stops_of(&items[1..], ctx, current, notes)?,
            });
        }
        (angle, &items[1..])
    } else if let Some(a) = angle(first) {
        (a, &items[1..])
    } else {
        (180.0, &items[..])
    };
    Ok(Background::Linear {
        angle,
        stops: stops_of(stops, ctx, current, notes)?,
    })
}

/// `radial-gradient([circle | ellipse] [<size>] [at <position>], <stops>)`.
/// Only the default size (`farthest-corner`) is drawn; another is noted.
pub fn radial_gradient(
    args: &str,
    ctx: Ctx,
    current: Rgba,
    notes: &mut Vec<String>,
) -> Res<Background> {
    let items = comma_list(args);
    let first = items.first().copied().unwrap_or("");
    let words = components(first);
    let is_shape_word = |w: &str| {
        let w = w.to_ascii_lowercase();
        matches!(
            w.as_str(),
            "circle"
                | "ellipse"
                | "at"
                | "closest-side"
                | "closest-corner"
                | "farthest-side"
                | "farthest-corner"
        )
    };
    let mut circle = false;
    let mut center = (Len::Percent(0.5), Len::Percent(0.5));
    let stops = if words.iter().any(|w| is_shape_word(w)) {
        let at = words.iter().position(|w| w.eq_ignore_ascii_case("at"));
        let (shape, pos) = match at {
            Some(i) => (&words[..i], Some(words[i + 1..].join(" "))),
            None => (&words[..], None),
        };
        let mut lengths = 0;
        for w in shape {
            match w.to_ascii_lowercase().as_str() {
                "circle" => circle = true,
                "ellipse" => {}
                "farthest-corner" => {}
                "closest-side" | "closest-corner" | "farthest-side" => {
                    notes.push("radial-gradient size".into());
                }
                _ => {
                    len(Raw::Str(w), ctx, Accept::SPACE)?;
                    lengths += 1;
                }
            }
        }
        if lengths > 0 {
            if lengths == 1 && !shape.iter().any(|w| w.eq_ignore_ascii_case("ellipse")) {
                circle = true;
            }
            notes.push("radial-gradient size".into());
        }
        if let Some(pos) = pos {
            center = position(&pos, ctx)?;
        }
        &items[1..]
    } else {
        &items[..]
    };
    Ok(Background::Radial {
        circle,
        center,
        stops: stops_of(stops, ctx, current, notes)?,
    })
}

/// Colour stops, with missing positions filled as CSS does: the first at
/// 0 %, the last at 100 %, a position below an earlier one raised to it,
/// and runs without positions spread evenly between their neighbours
/// (which must then share a unit). Colour hints (a lone position) are
/// skipped and noted.
fn stops_of(items: &[&str], ctx: Ctx, current: Rgba, notes: &mut Vec<String>) -> Res<Vec<Stop>> {
    let mut stops: Vec<(Rgba, Option<Len>)> = Vec::new();
    for item in items {
        let parts = components(item);
        let (color_part, positions): (&str, &[&str]) = match parts.as_slice() {
            [] => return bad("a colour stop is empty"),
            [one] if len(Raw::Str(one), ctx, Accept::SIGNED).is_ok() => {
                notes.push("gradient colour hint".into());
                continue;
            }
            [c, rest @ ..] => (c, rest),
        };
        if positions.len() > 2 {
            return bad(format!(
                "{} is not a colour stop (a colour and up to two positions)",
                super::path::quote(item)
            ));
        }
        let c = color(Raw::Str(color_part), current)?;
        if positions.is_empty() {
            stops.push((c, None));
        }
        for p in positions {
            stops.push((c, Some(len(Raw::Str(p), ctx, Accept::SIGNED)?)));
        }
        if stops.len() > MAX_GRADIENT_STOPS {
            return Err(Fault::TooMany(format!(
                "more than {MAX_GRADIENT_STOPS} colour stops"
            )));
        }
    }
    if stops.len() < 2 {
        return bad("a gradient needs at least two colour stops");
    }
    let last = stops.len() - 1;
    stops[0].1.get_or_insert(Len::Percent(0.0));
    stops[last].1.get_or_insert(Len::Percent(1.0));
    // Never backwards (comparable only within one unit).
    let mut max: Option<Len> = None;
    for stop in &mut stops {
        let Some(at) = stop.1 else { continue };
        if let Some(m) = max {
            stop.1 = Some(match (m, at) {
                (Len::Px(m), Len::Px(a)) => Len::Px(a.max(m)),
                (Len::Percent(m), Len::Percent(a)) => Len::Percent(a.max(m)),
                _ => at,
            });
        }
        max = stop.1;
    }
    // Runs without a position: evenly between their neighbours.
    let mut i = 1;
    while i < last {
        if stops[i].1.is_some() {
            i += 1;
            continue;
        }
        let start = i - 1;
        let mut end = i;
        while stops[end].1.is_none() {
            end += 1;
        }
        let span = (end - start) as f32;
        let lerp = |a: f32, b: f32, k: usize| a + (b - a) * (k - start) as f32 / span;
        for k in i..end {
            stops[k].1 = Some(match (stops[start].1, stops[end].1) {
                (Some(Len::Px(a)), Some(Len::Px(b))) => Len::Px(lerp(a, b, k)),
                (Some(Len::Percent(a)), Some(Len::Percent(b))) => Len::Percent(lerp(a, b, k)),
                _ => {
                    return bad(
                        "a colour stop without a position lies between a px and a % stop; give it a position",
                    )
                }
            });
        }
        i = end;
    }
    Ok(stops
        .into_iter()
        .map(|(color, at)| Stop {
            color,
            at: at.unwrap_or(Len::ZERO),
        })
        .collect())
}

/// A `border`-style shorthand: width, style and colour in any order, each
/// optional.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BorderSide {
    /// Width, CSS px (`thin` 1, `medium` 3, `thick` 5).
    pub width: Option<f32>,
    /// Style keyword, lowercased.
    pub style: Option<&'static str>,
    /// Colour.
    pub color: Option<Rgba>,
}

/// The `borderStyle` keywords.
pub const BORDER_STYLES: &[&str] = &[
    "none", "hidden", "solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset",
];

/// A border width: a length in px/em/rem or `thin`/`medium`/`thick`.
pub fn border_width(raw: Raw, ctx: Ctx) -> Res<f32> {
    if let Raw::Str(s) = raw {
        match s.to_ascii_lowercase().as_str() {
            "thin" => return Ok(1.0),
            "medium" => return Ok(3.0),
            "thick" => return Ok(5.0),
            _ => {}
        }
    }
    px(raw, ctx, Accept::PX)
}

/// A border style keyword.
pub fn border_style(raw: Raw) -> Res<&'static str> {
    let choices: Vec<(&str, &'static str)> = BORDER_STYLES.iter().map(|s| (*s, *s)).collect();
    keyword(raw, &choices)
}

/// `border`, `borderTop`, …: `1px solid #ccc`, in any order.
pub fn border(raw: Raw, ctx: Ctx, current: Rgba) -> Res<BorderSide> {
    let mut side = BorderSide {
        width: None,
        style: None,
        color: None,
    };
    let parts = match raw {
        Raw::Num(_) => vec![raw],
        Raw::Str(s) if s.eq_ignore_ascii_case("none") => {
            side.style = Some("none");
            return Ok(side);
        }
        Raw::Str(s) => components(s).into_iter().map(Raw::Str).collect(),
    };
    if parts.is_empty() || parts.len() > 3 {
        return bad("expected a border: width, style and colour, e.g. 1px solid #ccc");
    }
    for part in parts {
        if side.width.is_none() {
            if let Ok(w) = border_width(part, ctx) {
                side.width = Some(w);
                continue;
            }
        }
        if side.style.is_none() {
            if let Ok(s) = border_style(part) {
                side.style = Some(s);
                continue;
            }
        }
        if side.color.is_none() {
            if let Ok(c) = color(part, current) {
                side.color = Some(c);
                continue;
            }
        }
        return bad(format!(
            "{} is not a border width, style or colour (e.g. 1px solid #ccc)",
            super::path::quote(&part.text())
        ));
    }
    Ok(side)
}

/// `borderRadius`: 1 to 4 horizontal radii, optionally `/` and 1 to 4
/// vertical ones; corners top-left, top-right, bottom-right, bottom-left.
pub fn border_radius(raw: Raw, ctx: Ctx) -> Res<[(Len, Len); 4]> {
    let list = |s: &str| -> Res<[Len; 4]> {
        let values = components(s)
            .into_iter()
            .map(|c| len(Raw::Str(c), ctx, Accept::SPACE))
            .collect::<Res<Vec<_>>>()?;
        four(&values).ok_or_else(|| Fault::Bad("expected 1 to 4 radii".into()))
    };
    let (h, v) = match raw {
        Raw::Num(_) => {
            let r = len(raw, ctx, Accept::SPACE)?;
            ([r; 4], [r; 4])
        }
        Raw::Str(s) => match s.split_once('/') {
            Some((h, v)) => (list(h)?, list(v)?),
            None => {
                let h = list(s)?;
                (h, h)
            }
        },
    };
    Ok([(h[0], v[0]), (h[1], v[1]), (h[2], v[2]), (h[3], v[3])])
}

/// One corner's radius: one value, or horizontal and vertical.
pub fn corner_radius(raw: Raw, ctx: Ctx) -> Res<(Len, Len)> {
    match raw {
        Raw::Str(s) => match components(s).as_slice() {
            [a] => {
                let r = len(Raw::Str(a), ctx, Accept::SPACE)?;
                Ok((r, r))
            }
            [a, b] => Ok((
                len(Raw::Str(a), ctx, Accept::SPACE)?,
                len(Raw::Str(b), ctx, Accept::SPACE)?,
            )),
            _ => bad("expected one or two radii"),
        },
        Raw::Num(_) => {
            let r = len(raw, ctx, Accept::SPACE)?;
            Ok((r, r))
        }
    }
}

/// `flex`: (grow, shrink, basis). `none` = 0 0 auto, `auto` = 1 1 auto,
/// `initial` = 0 1 auto; one number `n` = n 1 0; a lone basis = 1 1 basis.
pub fn flex(raw: Raw, ctx: Ctx) -> Res<(f32, f32, Length)> {
    let err = || {
        Fault::Bad("expected flex: none, auto, or [grow [shrink]] [basis], e.g. 1 or 1 1 0".into())
    };
    let parts: Vec<Raw> = match raw {
        Raw::Num(_) => vec![raw],
        Raw::Str(s) => match s.to_ascii_lowercase().as_str() {
            "none" => return Ok((0.0, 0.0, Length::Auto)),
            "auto" => return Ok((1.0, 1.0, Length::Auto)),
            "initial" => return Ok((0.0, 1.0, Length::Auto)),
            _ => components(s).into_iter().map(Raw::Str).collect(),
        },
    };
    let factor = |r: Raw| -> Option<f32> {
        let n = number(r).ok()?;
        (0.0..=1e6).contains(&n).then_some(n as f32 + 0.0)
    };
    let basis = |r: Raw| length(r, ctx, Accept::SIZE);
    let zero = Length::Px(0.0);
    match parts.as_slice() {
        [a] => match factor(*a) {
            Some(g) => Ok((g, 1.0, zero)),
            None => Ok((1.0, 1.0, basis(*a).map_err(|_| err())?)),
        },
        [a, b] => {
            let g = factor(*a).ok_or_else(err)?;
            match factor(*b) {
                Some(s) => Ok((g, s, zero)),
                None => Ok((g, 1.0, basis(*b).map_err(|_| err())?)),
            }
        }
        [a, b, c] => Ok((
            factor(*a).ok_or_else(err)?,
            factor(*b).ok_or_else(err)?,
            basis(*c).map_err(|_| err())?,
        )),
        _ => Err(err()),
    }
}

/// `flexGrow`/`flexShrink`: a non-negative number.
pub fn factor(raw: Raw) -> Res<f32> {
    match number(raw) {
        Ok(n) if (0.0..=1e6).contains(&n) => Ok(n as f32 + 0.0),
        _ => bad("expected a non-negative number"),
    }
}

/// `boxShadow`: `none` or a comma-separated list of
/// `[inset] x y [blur [spread]] [color]`. Inset shadows are skipped and
/// noted (`inset`).
pub fn box_shadow(raw: Raw, ctx: Ctx, current: Rgba, notes: &mut Vec<String>) -> Res<Vec<Shadow>> {
    let Raw::Str(s) = raw else {
        return bad("expected a box shadow, e.g. 0 4px 12px rgba(0,0,0,0.2)");
    };
    if s.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let items = comma_list(s);
    if items.len() > MAX_SCENE_LAYERS {
        return Err(Fault::TooMany(format!(
            "more than {MAX_SCENE_LAYERS} box shadows"
        )));
    }
    let mut out = Vec::new();
    for item in items {
        let mut inset = false;
        let mut lengths = Vec::new();
        let mut col = None;
        // The colour comes before or after the lengths, not between.
        let mut lengths_done = false;
        for part in components(item) {
            if part.eq_ignore_ascii_case("inset") && !inset {
                inset = true;
            } else if let Ok(v) = px(Raw::Str(part), ctx, Accept::PX_SIGNED) {
                if lengths.len() == 4 || lengths_done {
                    return bad(format!("{} is not a box shadow", super::path::quote(item)));
                }
                lengths.push(v);
            } else if col.is_none() {
                col = Some(color(Raw::Str(part), current)?);
                lengths_done = !lengths.is_empty();
            } else {
                return bad(format!("{} is not a box shadow", super::path::quote(item)));
            }
        }
        if lengths.len() < 2 {
            return bad(format!(
                "{} is not a box shadow: x and y offsets are needed, e.g. 0 4px 12px #0003",
                super::path::quote(item)
            ));
        }
        let blur = lengths.get(2).copied().unwrap_or(0.0);
        if !(0.0..=MAX_SHADOW_BLUR).contains(&blur) {
            return bad(format!(
                "a shadow's blur must be 0 to {} px",
                crate::num::F32(MAX_SHADOW_BLUR)
            ));
        }
        if inset {
            notes.push("inset".into());
            continue;
        }
        out.push(Shadow {
            x: lengths[0],
            y: lengths[1],
            blur,
            spread: lengths.get(3).copied().unwrap_or(0.0),
            color: col.unwrap_or(current),
        });
    }
    Ok(out)
}

/// `transform`: `none` or functions separated by spaces: `translate(x[, y])`,
/// `translateX()`, `translateY()`, `rotate(angle)`, `scale(s[, s])`,
/// `scaleX()`, `scaleY()`. Other valid 2D/3D functions are skipped and
/// noted by name.
pub fn transform(raw: Raw, ctx: Ctx, notes: &mut Vec<String>) -> Res<Vec<Transform>> {
    let Raw::Str(s) = raw else {
        return bad("expected transform functions, e.g. rotate(45deg) scale(1.2)");
    };
    if s.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let funcs = components(s);
    if funcs.len() > MAX_SCENE_LAYERS {
        return Err(Fault::TooMany(format!(
            "more than {MAX_SCENE_LAYERS} transform functions"
        )));
    }
    let mut out = Vec::new();
    for f in funcs {
        let Some((name, args)) = function(f) else {
            return bad(format!(
                "{} is not a transform function",
                super::path::quote(f)
            ));
        };
        let args = comma_list(args);
        let tr = |a: &str| len(Raw::Str(a), ctx, Accept::SIGNED);
        let scale = |a: &str| -> Res<f32> {
            let n = match a.strip_suffix('%') {
                Some(p) => number(Raw::Str(p))? / 100.0,
                None => number(Raw::Str(a))?,
            };
            if n.abs() > 1000.0 {
                return bad("a scale must be between -1000 and 1000");
            }
            Ok(n as f32 + 0.0)
        };
        let rot = |a: &str| {
            angle(a).ok_or_else(|| {
                Fault::Bad(format!(
                    "{} is not an angle (deg, rad, turn, grad)",
                    super::path::quote(a)
                ))
            })
        };
        let t = match (name.as_str(), args.as_slice()) {
            ("translate", [x]) => Transform::Translate(tr(x)?, Len::ZERO),
            ("translate", [x, y]) => Transform::Translate(tr(x)?, tr(y)?),
            ("translatex", [x]) => Transform::Translate(tr(x)?, Len::ZERO),
            ("translatey", [y]) => Transform::Translate(Len::ZERO, tr(y)?),
            ("rotate" | "rotatez", [a]) => Transform::Rotate(rot(a)?),
            ("scale", [s]) => {
                let s = scale(s)?;
                Transform::Scale(s, s)
            }
            ("scale", [x, y]) => Transform::Scale(scale(x)?, scale(y)?),
            ("scalex", [x]) => Transform::Scale(scale(x)?, 1.0),
            ("scaley", [y]) => Transform::Scale(1.0, scale(y)?),
            (
                "skew" | "skewx" | "skewy" | "matrix" | "matrix3d" | "translate3d" | "translatez"
                | "scale3d" | "scalez" | "rotate3d" | "rotatex" | "rotatey" | "perspective",
                _,
            ) => {
                notes.push(f[..f.find('(').unwrap_or(0)].to_owned());
                continue;
            }
            (
                "translate" | "translatex" | "translatey" | "rotate" | "rotatez" | "scale"
                | "scalex" | "scaley",
                _,
            ) => return bad(format!("{name}() has the wrong number of arguments")),
            _ => return bad(format!("{name}() is not a transform function")),
        };
        out.push(t);
    }
    Ok(out)
}

/// `aspectRatio`: `auto`, a number, or `w / h`.
pub fn aspect_ratio(raw: Raw) -> Res<Option<f32>> {
    let err = || Fault::Bad("expected auto, a number or a ratio like 16 / 9".into());
    let ratio = match raw {
        Raw::Str(s) if s.eq_ignore_ascii_case("auto") => return Ok(None),
        Raw::Str(s) => match s.split_once('/') {
            Some((w, h)) => {
                let (w, h) = (number(Raw::Str(w.trim()))?, number(Raw::Str(h.trim()))?);
                if h <= 0.0 {
                    return Err(err());
                }
                w / h
            }
            None => number(raw)?,
        },
        Raw::Num(n) => n,
    };
    if !(ratio > 0.0 && ratio <= 1e4) {
        return Err(err());
    }
    Ok(Some(ratio as f32))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: Ctx = Ctx {
        em: 20.0,
        rem: 16.0,
    };
    const BLACK: Rgba = Rgba::new(0, 0, 0, 255);

    fn s(v: &str) -> Raw<'_> {
        Raw::Str(v)
    }

    fn is_bad<T: std::fmt::Debug>(r: Res<T>) -> bool {
        matches!(r, Err(Fault::Bad(_)))
    }

    #[test]
    fn numbers_follow_css_syntax() {
        for (t, n, unit) in [
            ("12", 12.0, ""),
            ("-1.5px", -1.5, "px"),
            (".5em", 0.5, "em"),
            ("+3%", 3.0, "%"),
            ("1e2px", 100.0, "px"),
            ("1.px", 1.0, ".px"),
        ] {
            assert_eq!(split_number(t), Some((n, unit)), "{t}");
        }
        for t in [
            "", "px", "NaN", "inf", "Infinity", "-", ".", "e5", "1e999", "0x10",
        ] {
            assert!(split_number(t).is_none_or(|(_, u)| !u.is_empty()), "{t}");
        }
        assert_eq!(number(s("1e999")).ok(), None);
        assert_eq!(number(s("NaN")).ok(), None);
        assert_eq!(number(s("0x10")).ok(), None);
        assert_eq!(number(Raw::Num(2.5)), Ok(2.5));
    }

    #[test]
    fn lengths() {
        let l = |v: Raw, a| length(v, CTX, a);
        assert_eq!(l(Raw::Num(10.0), Accept::SIZE), Ok(Length::Px(10.0)));
        assert_eq!(l(s("10px"), Accept::SIZE), Ok(Length::Px(10.0)));
        assert_eq!(l(s("10PX"), Accept::SIZE), Ok(Length::Px(10.0)));
        assert_eq!(l(s("10"), Accept::SIZE), Ok(Length::Px(10.0)));
        assert_eq!(l(s("50%"), Accept::SIZE), Ok(Length::Percent(0.5)));
        assert_eq!(l(s("2em"), Accept::SIZE), Ok(Length::Px(40.0)));
        assert_eq!(l(s("2rem"), Accept::SIZE), Ok(Length::Px(32.0)));
        assert_eq!(l(s("auto"), Accept::SIZE), Ok(Length::Auto));
        assert_eq!(l(s("-0"), Accept::SIZE), Ok(Length::Px(0.0)));
        assert!(matches!(l(s("-0"), Accept::SIZE), Ok(Length::Px(z)) if z.is_sign_positive()));
        assert_eq!(l(s("-4px"), Accept::OFFSET), Ok(Length::Px(-4.0)));
        for (v, a) in [
            ("auto", Accept::SPACE),
            ("-4px", Accept::SIZE),
            ("50%", Accept::PX),
            ("10vw", Accept::SIZE),
            ("10pt", Accept::SIZE),
            ("calc(100% - 10px)", Accept::SIZE),
            ("var(--x)", Accept::SIZE),
            ("NaN", Accept::SIZE),
            ("Infinity", Accept::SIZE),
            ("1e9px", Accept::SIZE),
            ("99999px", Accept::OFFSET),
            ("100000%", Accept::SIZE),
            ("10 px", Accept::SIZE),
            ("", Accept::SIZE),
            ("px", Accept::SIZE),
        ] {
            assert!(is_bad(l(s(v), a)), "{v}");
        }
        assert!(is_bad(l(Raw::Num(1e9), Accept::SIZE)));
        assert!(is_bad(l(Raw::Num(-1.0), Accept::SIZE)));
        let Err(Fault::Bad(msg)) = l(s("calc(1px)"), Accept::SIZE) else {
            panic!()
        };
        assert!(msg.contains("calc() is not supported"), "{msg}");
    }

    #[test]
    fn shorthands_expand_like_css() {
        let p = |v| sides(s(v), CTX, Accept::OFFSET).unwrap();
        let px = Length::Px;
        assert_eq!(p("1px"), [px(1.0); 4]);
        assert_eq!(p("1px 2px"), [px(1.0), px(2.0), px(1.0), px(2.0)]);
        assert_eq!(p("1px 2px 3px"), [px(1.0), px(2.0), px(3.0), px(2.0)]);
        assert_eq!(p("1px 2px 3px 4px"), [px(1.0), px(2.0), px(3.0), px(4.0)]);
        assert_eq!(p("0 auto"), [px(0.0), Length::Auto, px(0.0), Length::Auto]);
        assert_eq!(
            sides(Raw::Num(8.0), CTX, Accept::SPACE).unwrap(),
            [px(8.0); 4]
        );
        assert!(is_bad(sides(s("1px 2px 3px 4px 5px"), CTX, Accept::OFFSET)));
        assert!(is_bad(sides(s(""), CTX, Accept::OFFSET)));
        assert!(is_bad(sides(s("auto"), CTX, Accept::SPACE)));
    }

    #[test]
    fn colours() {
        assert_eq!(color(s("#f00"), BLACK), Ok(Rgba::rgb(0xff0000)));
        assert_eq!(
            color(s("rgba(0, 0, 0, 0.5)"), BLACK),
            Ok(Rgba::new(0, 0, 0, 128))
        );
        assert_eq!(
            color(s("currentColor"), Rgba::rgb(0x123456)),
            Ok(Rgba::rgb(0x123456))
        );
        assert_eq!(color(s("transparent"), BLACK), Ok(Rgba::TRANSPARENT));
        for bad in ["f00", "red!", "#ggg", "", "rgb(1,2)"] {
            assert!(is_bad(color(s(bad), BLACK)), "{bad}");
        }
        assert!(is_bad(color(Raw::Num(255.0), BLACK)));
    }

    #[test]
    fn linear_gradients() {
        let g = |v: &str| {
            let mut notes = Vec::new();
            let (_, args) = function(v).unwrap();
            let b = linear_gradient(args, CTX, BLACK, &mut notes);
            (b, notes)
        };
        // Corners as (right, bottom) + 1000, to tell them from angles.
        let angle_of = |v: &str| match g(v).0.unwrap() {
            Background::Linear { angle, .. } => angle,
            Background::LinearToCorner { right, bottom, .. } => {
                1000.0 + f32::from(u8::from(right)) * 10.0 + f32::from(u8::from(bottom))
            }
            _ => unreachable!(),
        };
        assert_eq!(angle_of("linear-gradient(red, blue)"), 180.0);
        assert_eq!(angle_of("linear-gradient(to right, red, blue)"), 90.0);
        assert_eq!(angle_of("linear-gradient(to top, red, blue)"), 0.0);
        assert_eq!(angle_of("linear-gradient(to left, red, blue)"), 270.0);
        // To a corner: the angle depends on the box (painted by the core).
        let to = |v: &str| angle_of(&format!("linear-gradient(to {v}, red, blue)"));
        assert_eq!(to("bottom left"), 1001.0);
        assert_eq!(to("left bottom"), 1001.0);
        assert_eq!(to("top right"), 1010.0);
        assert_eq!(to("bottom right"), 1011.0);
        assert_eq!(to("top left"), 1000.0);
        assert_eq!(angle_of("linear-gradient(45deg, red, blue)"), 45.0);
        assert_eq!(angle_of("linear-gradient(0.25turn, red, blue)"), 90.0);
        assert_eq!(angle_of("linear-gradient(100grad, red, blue)"), 90.0);
        assert!((angle_of("linear-gradient(3.14159265rad, red, blue)") - 180.0).abs() < 1e-3);
        // Missing positions filled evenly; first 0 %, last 100 %.
        let Background::Linear { stops, .. } =
            g("linear-gradient(90deg, red, rgb(0, 255, 0), blue 80%, white)")
                .0
                .unwrap()
        else {
            unreachable!()
        };
        let at: Vec<Len> = stops.iter().map(|s| s.at).collect();
        assert_eq!(
            at,
            [
                Len::Percent(0.0),
                Len::Percent(0.4),
                Len::Percent(0.8),
                Len::Percent(1.0)
            ]
        );
        assert_eq!(stops[1].color, Rgba::rgb(0x00ff00));
        // Double positions, and a position below an earlier one raised.
        let Background::Linear { stops, .. } =
            g("linear-gradient(red 10% 20%, blue 5%)").0.unwrap()
        else {
            unreachable!()
        };
        let at: Vec<Len> = stops.iter().map(|s| s.at).collect();
        assert_eq!(
            at,
            [Len::Percent(0.1), Len::Percent(0.2), Len::Percent(0.2)]
        );
        // px positions; a run between px stops.
        let Background::Linear { stops, .. } =
            g("linear-gradient(red 0px, green, blue 100px)").0.unwrap()
        else {
            unreachable!()
        };
        assert_eq!(stops[1].at, Len::Px(50.0));
        // A colour hint is noted and skipped.
        let (b, notes) = g("linear-gradient(red, 30%, blue)");
        assert!(b.is_ok());
        assert_eq!(notes, ["gradient colour hint"]);
        for bad in [
            "linear-gradient(red)",
            "linear-gradient(to middle, red, blue)",
            "linear-gradient(45foo, red, blue)",
            "linear-gradient(red 0px, green, blue 100%)",
            "linear-gradient(red 1 2 3, blue)",
            "linear-gradient(to right, nocolour, blue)",
        ] {
            assert!(is_bad(g(bad).0), "{bad}");
        }
        let many = format!("linear-gradient({})", ["red"; 40].join(","));
        assert!(matches!(g(&many).0, Err(Fault::TooMany(_))));
    }

    #[test]
    fn radial_gradients_and_layers() {
        let mut notes = Vec::new();
        let r = background_image(
            "radial-gradient(circle at top left, #fff, #000), linear-gradient(red, blue)",
            CTX,
            BLACK,
            &mut notes,
        )
        .unwrap();
        assert_eq!(r.len(), 2);
        let Layer::Paint(Background::Radial {
            circle,
            center,
            stops,
        }) = &r[0]
        else {
            panic!()
        };
        assert!(*circle);
        assert_eq!(*center, (Len::Percent(0.0), Len::Percent(0.0)));
        assert_eq!(stops.len(), 2);
        let r = background_image("radial-gradient(red, blue)", CTX, BLACK, &mut notes).unwrap();
        assert!(matches!(
            r[0],
            Layer::Paint(Background::Radial { circle: false, center: (Len::Percent(c), Len::Percent(d)), .. }) if c == 0.5 && d == 0.5
        ));
        let r = background_image(
            "radial-gradient(ellipse at 30% 20px, red, blue)",
            CTX,
            BLACK,
            &mut notes,
        )
        .unwrap();
        assert!(matches!(
            r[0],
            Layer::Paint(Background::Radial { center: (Len::Percent(x), Len::Px(y)), .. }) if (x - 0.3).abs() < 1e-6 && y == 20.0
        ));
        assert!(notes.is_empty());
        background_image(
            "radial-gradient(closest-side, red, blue)",
            CTX,
            BLACK,
            &mut notes,
        )
        .unwrap();
        assert_eq!(notes, ["radial-gradient size"]);
        assert_eq!(background_image("none", CTX, BLACK, &mut notes), Ok(vec![]));
        // url() sources are returned as written (the caller loads them),
        // quoted or not; a data: URI's commas do not split the list.
        assert_eq!(
            background_image(
                "url(https://x.test/a.png), url( 'asset:a.png' ), url(\"data:image/png;base64,AA==\"), url(data:image/png;base64,AA==), linear-gradient(red, blue)",
                CTX,
                BLACK,
                &mut notes
            )
            .unwrap()[..4],
            [
                Layer::Url("https://x.test/a.png".into()),
                Layer::Url("asset:a.png".into()),
                Layer::Url("data:image/png;base64,AA==".into()),
                Layer::Url("data:image/png;base64,AA==".into()),
            ]
        );
        assert_eq!(url(" \"a b\" "), "a b");
        assert_eq!(url("'x"), "'x");
        assert_eq!(url(""), "");
        assert!(is_bad(background_image("red", CTX, BLACK, &mut notes)));
        assert!(is_bad(background_image(
            "radial-gradient(circle at nowhere, red, blue)",
            CTX,
            BLACK,
            &mut notes
        )));
        let many = ["linear-gradient(red, blue)"; 9].join(",");
        assert!(matches!(
            background_image(&many, CTX, BLACK, &mut notes),
            Err(Fault::TooMany(_))
        ));
    }

    #[test]
    fn background_sizes_and_repeats() {
        let size = |s: &str| background_size(Raw::Str(s), CTX);
        assert_eq!(size("cover"), Ok(BackgroundSize::Cover));
        assert_eq!(size("CONTAIN"), Ok(BackgroundSize::Contain));
        assert_eq!(size("auto"), Ok(BackgroundSize::Explicit(None, None)));
        assert_eq!(
            size("50%"),
            Ok(BackgroundSize::Explicit(Some(Len::Percent(0.5)), None))
        );
        assert_eq!(
            size("auto 2em"),
            Ok(BackgroundSize::Explicit(None, Some(Len::Px(40.0))))
        );
        assert_eq!(
            background_size(Raw::Num(40.0), CTX),
            Ok(BackgroundSize::Explicit(Some(Len::Px(40.0)), None))
        );
        for bad in [
            "cover cover",
            "-1px",
            "1px 2px 3px",
            "fill",
            "calc(1px)",
            "",
        ] {
            assert!(is_bad(size(bad)), "{bad}");
        }
        let repeat = |s: &str| background_repeat(Raw::Str(s));
        assert_eq!(repeat("repeat"), Ok((true, None)));
        assert_eq!(repeat("No-Repeat"), Ok((false, None)));
        assert_eq!(repeat("no-repeat no-repeat"), Ok((false, None)));
        assert_eq!(repeat("repeat repeat"), Ok((true, None)));
        assert_eq!(
            repeat("repeat-x"),
            Ok((true, Some("backgroundRepeat:repeat-x".into())))
        );
        assert_eq!(
            repeat("repeat no-repeat"),
            Ok((true, Some("backgroundRepeat:repeat no-repeat".into())))
        );
        assert_eq!(
            repeat("space"),
            Ok((true, Some("backgroundRepeat:space".into())))
        );
        for bad in ["tile", "repeat-x repeat", "repeat repeat repeat", ""] {
            assert!(is_bad(repeat(bad)), "{bad}");
        }
        assert!(is_bad(background_repeat(Raw::Num(1.0))));
    }

    #[test]
    fn borders_and_radii() {
        let b = border(s("1px solid #ccc"), CTX, BLACK).unwrap();
        assert_eq!(
            (b.width, b.style, b.color),
            (Some(1.0), Some("solid"), Some(Rgba::rgb(0xcccccc)))
        );
        let b = border(s("#ccc dashed thick"), CTX, BLACK).unwrap();
        assert_eq!((b.width, b.style), (Some(5.0), Some("dashed")));
        let b = border(s("solid"), CTX, BLACK).unwrap();
        assert_eq!((b.width, b.color), (None, None));
        assert_eq!(border(s("none"), CTX, BLACK).unwrap().style, Some("none"));
        for bad in [
            "1px 2px solid",
            "1px solid red blue",
            "wavy",
            "",
            "1px solid red 2px",
        ] {
            assert!(is_bad(border(s(bad), CTX, BLACK)), "{bad}");
        }
        let p = Len::Px;
        assert_eq!(
            border_radius(Raw::Num(8.0), CTX).unwrap(),
            [(p(8.0), p(8.0)); 4]
        );
        assert_eq!(
            border_radius(s("1px 2px"), CTX).unwrap(),
            [
                (p(1.0), p(1.0)),
                (p(2.0), p(2.0)),
                (p(1.0), p(1.0)),
                (p(2.0), p(2.0))
            ]
        );
        assert_eq!(
            border_radius(s("50%"), CTX).unwrap(),
            [(Len::Percent(0.5), Len::Percent(0.5)); 4]
        );
        assert_eq!(
            border_radius(s("10px / 20px"), CTX).unwrap(),
            [(p(10.0), p(20.0)); 4]
        );
        assert_eq!(
            border_radius(s("1px 2px 3px 4px"), CTX).unwrap()[2],
            (p(3.0), p(3.0))
        );
        assert!(is_bad(border_radius(s("-1px"), CTX)));
        assert!(is_bad(border_radius(s("1px 2px 3px 4px 5px"), CTX)));
        assert_eq!(corner_radius(s("1em 2px"), CTX).unwrap(), (p(20.0), p(2.0)));
    }

    #[test]
    fn flex_shorthand() {
        let f = |v: Raw| flex(v, CTX);
        let zero = Length::Px(0.0);
        assert_eq!(f(Raw::Num(1.0)), Ok((1.0, 1.0, zero)));
        assert_eq!(f(s("1")), Ok((1.0, 1.0, zero)));
        assert_eq!(f(s("1 1 0")), Ok((1.0, 1.0, zero)));
        assert_eq!(f(s("2 3")), Ok((2.0, 3.0, zero)));
        assert_eq!(f(s("1 100px")), Ok((1.0, 1.0, Length::Px(100.0))));
        assert_eq!(f(s("200px")), Ok((1.0, 1.0, Length::Px(200.0))));
        assert_eq!(f(s("none")), Ok((0.0, 0.0, Length::Auto)));
        assert_eq!(f(s("auto")), Ok((1.0, 1.0, Length::Auto)));
        assert_eq!(f(s("0 0 50%")), Ok((0.0, 0.0, Length::Percent(0.5))));
        for bad in ["-1", "1 1 1 1", "x", "1 x", ""] {
            assert!(is_bad(f(s(bad))), "{bad}");
        }
    }

    #[test]
    fn shadows() {
        let mut notes = Vec::new();
        let v = box_shadow(
            s("0 4px 12px rgba(0, 0, 0, 0.25), 1px 1px red, #00f 2px 3px 4px -1px"),
            CTX,
            BLACK,
            &mut notes,
        )
        .unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(
            (v[0].x, v[0].y, v[0].blur, v[0].spread),
            (0.0, 4.0, 12.0, 0.0)
        );
        assert_eq!(v[0].color, Rgba::new(0, 0, 0, 64));
        assert_eq!(v[1].color, Rgba::rgb(0xff0000));
        assert_eq!(
            (v[2].blur, v[2].spread, v[2].color),
            (4.0, -1.0, Rgba::rgb(0x0000ff))
        );
        let v = box_shadow(
            s("inset 0 0 4px red, 0 1px 2px"),
            CTX,
            Rgba::rgb(0x123456),
            &mut notes,
        )
        .unwrap();
        assert_eq!(v.len(), 1, "inset is skipped");
        assert_eq!(v[0].color, Rgba::rgb(0x123456), "currentColor by default");
        assert_eq!(notes, ["inset"]);
        assert_eq!(box_shadow(s("none"), CTX, BLACK, &mut notes), Ok(vec![]));
        for bad in [
            "1px",
            "1px 2px 3px 4px 5px",
            "1px 2px -3px",
            "red",
            "1px 2px red blue",
            "1px 2px 999px",
        ] {
            assert!(is_bad(box_shadow(s(bad), CTX, BLACK, &mut notes)), "{bad}");
        }
    }

    #[test]
    fn transforms() {
        let mut notes = Vec::new();
        let t = transform(
            s("translate(10px, 50%) rotate(45deg) scale(1.5) translateY(-1em) scaleX(2)"),
            CTX,
            &mut notes,
        )
        .unwrap();
        assert_eq!(
            t,
            [
                Transform::Translate(Len::Px(10.0), Len::Percent(0.5)),
                Transform::Rotate(45.0),
                Transform::Scale(1.5, 1.5),
                Transform::Translate(Len::ZERO, Len::Px(-20.0)),
                Transform::Scale(2.0, 1.0),
            ]
        );
        let t = transform(s("skewX(10deg) rotate(0.5turn)"), CTX, &mut notes).unwrap();
        assert_eq!(t, [Transform::Rotate(180.0)]);
        assert_eq!(notes, ["skewX"]);
        for bad in [
            "rotate(45)",
            "translate(1px, 2px, 3px)",
            "wobble(1)",
            "rotate",
            "scale(x)",
        ] {
            assert!(is_bad(transform(s(bad), CTX, &mut notes)), "{bad}");
        }
    }

    #[test]
    fn weights_line_heights_opacity_positions() {
        assert_eq!(font_weight(s("bold"), 400), Ok(700));
        assert_eq!(font_weight(Raw::Num(600.0), 400), Ok(600));
        assert_eq!(font_weight(s("300"), 400), Ok(300));
        assert_eq!(font_weight(s("bolder"), 400), Ok(700));
        assert_eq!(font_weight(s("lighter"), 700), Ok(400));
        for bad in ["heavy", "0", "1001", "NaN"] {
            assert!(is_bad(font_weight(s(bad), 400)), "{bad}");
        }
        assert_eq!(line_height(Raw::Num(1.5), CTX), Ok(LineHeight::Factor(1.5)));
        assert_eq!(line_height(s("1.5"), CTX), Ok(LineHeight::Factor(1.5)));
        assert_eq!(line_height(s("normal"), CTX), Ok(LineHeight::Normal));
        assert_eq!(line_height(s("24px"), CTX), Ok(LineHeight::Px(24.0)));
        assert_eq!(line_height(s("150%"), CTX), Ok(LineHeight::Px(30.0)));
        assert_eq!(line_height(s("2em"), CTX), Ok(LineHeight::Px(40.0)));
        for bad in ["-1", "tall", "11", "1.5vh"] {
            assert!(is_bad(line_height(s(bad), CTX)), "{bad}");
        }
        assert_eq!(opacity(Raw::Num(0.5)), Ok(0.5));
        assert_eq!(opacity(s("50%")), Ok(0.5));
        assert_eq!(opacity(Raw::Num(2.0)), Ok(1.0));
        assert!(is_bad(opacity(s("half"))));
        let pc = Len::Percent;
        assert_eq!(position("center", CTX), Ok((pc(0.5), pc(0.5))));
        assert_eq!(position("top", CTX), Ok((pc(0.5), pc(0.0))));
        assert_eq!(position("top right", CTX), Ok((pc(1.0), pc(0.0))));
        assert_eq!(position("right 10px", CTX), Ok((pc(1.0), Len::Px(10.0))));
        assert_eq!(position("25% 75%", CTX), Ok((pc(0.25), pc(0.75))));
        assert!(is_bad(position("left right", CTX)));
        assert!(is_bad(position("a b c", CTX)));
        assert_eq!(aspect_ratio(s("16 / 9")), Ok(Some(16.0 / 9.0)));
        assert_eq!(aspect_ratio(Raw::Num(1.5)), Ok(Some(1.5)));
        assert!(is_bad(aspect_ratio(s("1 / 0"))));
    }

    #[test]
    fn splitting_respects_parentheses() {
        assert_eq!(components(" a  b(c d)  e "), ["a", "b(c d)", "e"]);
        assert_eq!(
            comma_list("a, rgb(1, 2, 3) 10%, b"),
            ["a", "rgb(1, 2, 3) 10%", "b"]
        );
        assert_eq!(function("rgb(1, (2))"), Some(("rgb".into(), "1, (2)")));
        assert_eq!(function("a(b) c(d)"), None);
        assert_eq!(function("(x)"), None);
    }
}
