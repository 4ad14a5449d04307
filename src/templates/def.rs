//! A template definition (`templates/<name>.json`): its parameters, the
//! scene with `{{slots}}`, and the two things done with it — checking it
//! (`build.rs` refuses to build a template that fails, and the unit tests
//! call the same code) and filling it.
//!
//! This file is compiled twice: into the crate, and into `build.rs`
//! (`#[path]`), so it needs nothing but `std` and `serde_json`.
//!
//! ```json
//! {"description": "…",
//!  "params": [
//!    {"name": "title", "type": "text", "default": "…", "maxLength": 140,
//!     "fit": [[24, 76], [48, 64], [80, 54], [140, 46]]},
//!    {"name": "theme", "type": "enum", "default": "light",
//!     "values": {"light": {"bg": "#ffffff"}, "dark": {"bg": "#0f172a"}}},
//!    {"name": "accent", "type": "colour", "default": "#2563eb"},
//!    {"name": "rating", "type": "number", "default": 4.8, "min": 0, "max": 5},
//!    {"name": "avatar", "type": "image", "default": ""}],
//!  "scene": {"width": 1200, "height": 630, "element": …}}
//! ```
//!
//! - A slot is `{{name}}` inside a string of the scene; a parameter with
//!   variables has slots `{{name.var}}`: an enum whose `values` map each
//!   value to variables (a theme's colours), a text with `fit` has
//!   `{{name.size}}` (the font size for its length, see [`fit_size`]).
//! - A slot is replaced by text inside the parsed tree's strings, so a value
//!   can never be structure; a `text` slot may not stand in a style value,
//!   `src`, `type` or `lang` (only colours, numbers, enum variables, sizes
//!   and images are style).
//! - An element (an object) with `"$if": "name"` is kept only when the
//!   parameter `name` is not empty (`"!name"`: only when it is); in an
//!   array it is removed, elsewhere replaced by `null`.
//! - Every parameter and variable is used, every slot is declared; assets
//!   (`asset:NAME`) and font families must exist ([`check_refs`]).

use serde_json::{Map, Value};

/// What a parameter holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text, drawn as given (at most `maxLength` characters).
    Text,
    /// A CSS colour.
    Colour,
    /// One of a few names.
    Enum,
    /// A number in `min..=max`.
    Number,
    /// An embedded image (`assets/`), by name; empty for none.
    Image,
}

impl Kind {
    /// The name a template and `/templates` use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Colour => "colour",
            Kind::Enum => "enum",
            Kind::Number => "number",
            Kind::Image => "image",
        }
    }
}

/// The most characters a text parameter may declare (`maxLength`).
pub const MAX_TEXT_LENGTH: usize = 500;

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// Its name (the query parameter).
    pub name: String,
    /// What it holds.
    pub kind: Kind,
    /// One line for `/templates`.
    pub description: String,
    /// The value when absent, as a string (a number in its JSON spelling).
    pub default: String,
    /// Text: the most characters.
    pub max_length: usize,
    /// Text: `(width units up to, font size)`, ascending ([`fit_size`]).
    pub fit: Vec<(u32, u32)>,
    /// Enum: each value with its variables (name, text).
    pub values: Vec<(String, Vec<(String, String)>)>,
    /// Number: the range.
    pub min: f64,
    /// Number: the range.
    pub max: f64,
}

/// A parsed template.
#[derive(Clone, Debug)]
pub struct Def {
    /// One line for `/templates`.
    pub description: String,
    /// The parameters, in the template's order.
    pub params: Vec<Param>,
    /// The scene request document with its slots.
    pub scene: Value,
}

/// Keys a template's text slot may not stand under.
const NOT_TEXT: &[&str] = &["style", "src", "type", "lang", "$if"];

/// CSS generic family names (and our short names) a template may use,
/// besides the families of `fonts/LICENSES.tsv`; the edge layer's
/// `family_role` maps each (a unit test checks it).
pub const GENERIC_FAMILIES: &[&str] = &[
    "sans",
    "sans-serif",
    "system-ui",
    "ui-sans-serif",
    "serif",
    "ui-serif",
    "mono",
    "monospace",
    "ui-monospace",
];

/// Parses and checks a template document: its fields, every parameter
/// (type, default, limits), and its slots (each declared, each parameter
/// used, text slots only in text).
pub fn parse(doc: &Value) -> Result<Def, String> {
    let map = doc.as_object().ok_or("a template is a JSON object")?;
    for key in map.keys() {
        if !["description", "params", "scene"].contains(&key.as_str()) {
            return Err(format!(
                "unknown field \"{key}\" (description, params, scene)"
            ));
        }
    }
    let description = map
        .get("description")
        .and_then(Value::as_str)
        .ok_or("description (a string) is required")?
        .to_owned();
    let list = map
        .get("params")
        .and_then(Value::as_array)
        .ok_or("params (an array) is required")?;
    let mut params: Vec<Param> = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let param = parse_param(p).map_err(|e| format!("params[{i}]: {e}"))?;
        if params.iter().any(|q| q.name == param.name) {
            return Err(format!("params[{i}]: {} is declared twice", param.name));
        }
        params.push(param);
    }
    let scene = map.get("scene").ok_or("scene is required")?.clone();
    let s = scene.as_object().ok_or("scene is a scene request object")?;
    for key in ["width", "height", "element"] {
        if !s.contains_key(key) {
            return Err(format!("scene.{key} is required"));
        }
    }
    // Every slot declared, every declared name used.
    let declared = declared(&params);
    let mut used = vec![false; declared.len()];
    walk(&scene, "scene", false, &mut |path, text, in_style| {
        for slot in slots(text).map_err(|e| format!("{path}: {e}"))? {
            let i = declared
                .iter()
                .position(|(n, _)| n == slot)
                .ok_or_else(|| {
                    format!("{path}: slot {{{{{slot}}}}} is not a declared parameter")
                })?;
            if in_style && declared[i].1 {
                return Err(format!(
                    "{path}: the text slot {{{{{slot}}}}} stands in a style, src, type or lang value: text slots fill text only"
                ));
            }
            used[i] = true;
        }
        Ok(())
    })?;
    walk_ifs(&scene, "scene", &mut |path, cond| {
        let name = cond.strip_prefix('!').unwrap_or(cond);
        let i = declared
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| format!("{path}: $if names \"{name}\", not a declared parameter"))?;
        used[i] = true;
        Ok(())
    })?;
    for ((name, _), used) in declared.iter().zip(&used) {
        let enum_itself = params
            .iter()
            .any(|p| p.name == *name && p.kind == Kind::Enum && !p.values[0].1.is_empty());
        if !used && !enum_itself {
            return Err(format!("{name} is declared but never used"));
        }
    }
    Ok(Def {
        description,
        params,
        scene,
    })
}

/// Every slot name a template's parameters declare, with whether it is
/// text (which may stand only in text).
fn declared(params: &[Param]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for p in params {
        out.push((p.name.clone(), p.kind == Kind::Text));
        if !p.fit.is_empty() {
            out.push((format!("{}.size", p.name), false));
        }
        if let Some((_, vars)) = p.values.first() {
            for (v, _) in vars {
                out.push((format!("{}.{v}", p.name), false));
            }
        }
    }
    out
}

fn parse_param(p: &Value) -> Result<Param, String> {
    let map = p.as_object().ok_or("a parameter is an object")?;
    let name = map
        .get("name")
        .and_then(Value::as_str)
        .ok_or("name (a string) is required")?
        .to_owned();
    if !is_name(&name) {
        return Err(format!(
            "name \"{name}\": a–z, 0–9, _ and -, starting with a letter"
        ));
    }
    let kind = match map.get("type").and_then(Value::as_str) {
        Some("text") => Kind::Text,
        Some("colour" | "color") => Kind::Colour,
        Some("enum") => Kind::Enum,
        Some("number") => Kind::Number,
        Some("image") => Kind::Image,
        t => {
            return Err(format!(
                "{name}: type \"{}\" (text, colour, enum, number, image)",
                t.unwrap_or("")
            ))
        }
    };
    let allowed: &[&str] = match kind {
        Kind::Text => &["name", "type", "description", "default", "maxLength", "fit"],
        Kind::Enum => &["name", "type", "description", "default", "values"],
        Kind::Number => &["name", "type", "description", "default", "min", "max"],
        Kind::Colour | Kind::Image => &["name", "type", "description", "default"],
    };
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!(
            "{name}: unknown field \"{k}\" for a {} ({})",
            kind.name(),
            allowed.join(", ")
        ));
    }
    let description = map
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let mut param = Param {
        name: name.clone(),
        kind,
        description,
        default: String::new(),
        max_length: 0,
        fit: Vec::new(),
        values: Vec::new(),
        min: 0.0,
        max: 0.0,
    };
    let default = map
        .get("default")
        .ok_or_else(|| format!("{name}: default is required"))?;
    let text_default = || {
        default
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("{name}: default must be a string"))
    };
    match kind {
        Kind::Text => {
            param.max_length = match map.get("maxLength") {
                None => 200,
                Some(v) => v
                    .as_u64()
                    .filter(|&n| (1..=MAX_TEXT_LENGTH as u64).contains(&n))
                    .ok_or_else(|| format!("{name}: maxLength must be 1–{MAX_TEXT_LENGTH}"))?
                    as usize,
            };
            param.default = text_default()?;
            if param.default.chars().count() > param.max_length {
                return Err(format!("{name}: the default is longer than maxLength"));
            }
            if let Some(fit) = map.get("fit") {
                let steps = fit.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
                    format!("{name}: fit is a list of [width units up to, font size]")
                })?;
                for step in steps {
                    let pair = step
                        .as_array()
                        .filter(|a| a.len() == 2)
                        .and_then(|a| Some((a[0].as_u64()?, a[1].as_u64()?)))
                        .filter(|&(u, s)| u > 0 && (1..=512).contains(&s))
                        .ok_or_else(|| {
                            format!("{name}: each fit step is [width units up to, font size 1–512]")
                        })?;
                    if param
                        .fit
                        .last()
                        .is_some_and(|&(u, _)| u64::from(u) >= pair.0)
                    {
                        return Err(format!("{name}: fit steps must grow in width units"));
                    }
                    param.fit.push((pair.0 as u32, pair.1 as u32));
                }
            }
        }
        Kind::Colour => param.default = text_default()?,
        Kind::Image => {
            param.default = text_default()?;
            if !param.default.is_empty() && param.default.contains(':') {
                return Err(format!(
                    "{name}: the default is an asset name (logo.png) or empty"
                ));
            }
        }
        Kind::Enum => {
            let values = map
                .get("values")
                .ok_or_else(|| format!("{name}: values is required"))?;
            match values {
                Value::Array(items) => {
                    for v in items {
                        let v = v
                            .as_str()
                            .ok_or_else(|| format!("{name}: values are strings"))?;
                        param.values.push((v.to_owned(), Vec::new()));
                    }
                }
                Value::Object(items) => {
                    for (v, vars) in items {
                        let vars = vars.as_object().ok_or_else(|| {
                            format!("{name}: values.{v} is an object of variables")
                        })?;
                        let mut list = Vec::new();
                        for (k, text) in vars {
                            if !is_name(k) {
                                return Err(format!("{name}: variable name \"{k}\""));
                            }
                            let text = text.as_str().ok_or_else(|| {
                                format!("{name}: values.{v}.{k} must be a string")
                            })?;
                            list.push((k.clone(), text.to_owned()));
                        }
                        param.values.push((v.clone(), list));
                    }
                }
                _ => return Err(format!("{name}: values is a list or an object")),
            }
            if param.values.is_empty() {
                return Err(format!("{name}: values is empty"));
            }
            let keys =
                |vars: &[(String, String)]| vars.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            let first = keys(&param.values[0].1);
            if let Some((v, _)) = param.values.iter().find(|(_, vars)| keys(vars) != first) {
                return Err(format!(
                    "{name}: values.{v} defines other variables than the first value"
                ));
            }
            param.default = text_default()?;
            if !param.values.iter().any(|(v, _)| *v == param.default) {
                return Err(format!("{name}: the default is not one of the values"));
            }
        }
        Kind::Number => {
            let num = |k: &str| {
                map.get(k)
                    .and_then(Value::as_f64)
                    .ok_or_else(|| format!("{name}: {k} (a number) is required"))
            };
            param.min = num("min")?;
            param.max = num("max")?;
            let d = default
                .as_f64()
                .ok_or_else(|| format!("{name}: default must be a number"))?;
            if !(param.min <= d && d <= param.max) {
                return Err(format!("{name}: the default is outside min..max"));
            }
            param.default = default.to_string();
        }
    }
    Ok(param)
}

/// A parameter or variable name: a–z first, then a–z, 0–9, `_`, `-`.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The slot names in `s` (`{{name}}`, `{{name.var}}`), in order.
pub fn slots(s: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("an unclosed {{{{ in \"{s}\""))?;
        let name = &after[..end];
        let ok = match name.split_once('.') {
            Some((a, b)) => is_name(a) && is_name(b),
            None => is_name(name),
        };
        if !ok {
            return Err(format!(
                "{{{{{name}}}}} is not a slot name (a–z, 0–9, _, -; name.var)"
            ));
        }
        out.push(name);
        rest = &after[end + 2..];
    }
    Ok(out)
}

/// Calls `f(path, string, in_style)` on every string value of `v` (keys
/// are never slots).
fn walk(
    v: &Value,
    path: &str,
    in_style: bool,
    f: &mut dyn FnMut(&str, &str, bool) -> Result<(), String>,
) -> Result<(), String> {
    match v {
        Value::String(s) => f(path, s, in_style),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), in_style, f)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                if k.contains("{{") {
                    return Err(format!("{path}.{k}: a key cannot hold a slot"));
                }
                let style = in_style || NOT_TEXT.contains(&k.as_str());
                walk(item, &format!("{path}.{k}"), style, f)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Calls `f(path, condition)` on every `$if` of `v`.
fn walk_ifs(
    v: &Value,
    path: &str,
    f: &mut dyn FnMut(&str, &str) -> Result<(), String>,
) -> Result<(), String> {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_ifs(item, &format!("{path}[{i}]"), f)?;
            }
            Ok(())
        }
        Value::Object(map) => {
            for (k, item) in map {
                if k == "$if" {
                    let cond = item.as_str().ok_or_else(|| {
                        format!("{path}.$if: a parameter name (\"avatar\" or \"!avatar\")")
                    })?;
                    f(&format!("{path}.$if"), cond)?;
                } else {
                    walk_ifs(item, &format!("{path}.{k}"), f)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Checks what a template refers to outside itself: every `asset:NAME`
/// (in a `src`, a `url()`, or an image parameter's default) is one of
/// `assets`, and every name in a `fontFamily` list is one of `families`
/// (compared case-insensitively) or a [`GENERIC_FAMILIES`] name.
pub fn check_refs(def: &Def, assets: &[&str], families: &[&str]) -> Result<(), String> {
    for p in &def.params {
        if p.kind == Kind::Image && !p.default.is_empty() && !assets.contains(&p.default.as_str()) {
            return Err(format!(
                "{}: the default image {:?} is not in assets/",
                p.name, p.default
            ));
        }
    }
    let mut fault = Ok(());
    let mut check = |path: &str, key: &str, s: &str| {
        if fault.is_err() {
            return;
        }
        let mut rest = s;
        while let Some(i) = rest.find("asset:") {
            let name: String = rest[i + 6..]
                .chars()
                .take_while(|c| !matches!(c, ')' | '"' | '\'' | ' ' | ','))
                .collect();
            if !assets.contains(&name.as_str()) {
                fault = Err(format!("{path}: asset:{name} is not in assets/"));
                return;
            }
            rest = &rest[i + 6..];
        }
        if key == "fontFamily" {
            for family in s.split(',') {
                let family = family.trim().trim_matches(|c| c == '"' || c == '\'').trim();
                let lower = family.to_ascii_lowercase();
                let known = GENERIC_FAMILIES.contains(&lower.as_str())
                    || families.iter().any(|f| f.eq_ignore_ascii_case(family));
                if !known {
                    fault = Err(format!(
                        "{path}: font family \"{family}\" is not embedded ({}, or a family in fonts/LICENSES.tsv)",
                        GENERIC_FAMILIES.join(", ")
                    ));
                    return;
                }
            }
        }
    };
    visit_keys(&def.scene, "scene", "", &mut check);
    fault
}

/// Calls `f(path, key, string)` on every string value with the key it is
/// under.
fn visit_keys(v: &Value, path: &str, key: &str, f: &mut dyn FnMut(&str, &str, &str)) {
    match v {
        Value::String(s) => f(path, key, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                visit_keys(item, &format!("{path}[{i}]"), key, f);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                visit_keys(item, &format!("{path}.{k}"), k, f);
            }
        }
        _ => {}
    }
}

/// The width of `s` in units for [`Param::fit`]: 2 a wide character
/// (CJK, Hangul, kana, full-width forms), 1 any other.
pub fn width_units(s: &str) -> u32 {
    s.chars()
        .map(|c| {
            let cp = u32::from(c);
            let wide = matches!(cp, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// The font size `fit` gives a text of `units` width units: the first
/// step it is within, else the last step's.
pub fn fit_size(fit: &[(u32, u32)], units: u32) -> u32 {
    fit.iter()
        .find(|&&(up_to, _)| units <= up_to)
        .or(fit.last())
        .map_or(0, |&(_, size)| size)
}

/// The template's scene with its `$if`s decided and its slots replaced by
/// `value(slot)` (each slot's text, already validated).
pub fn fill(v: &Value, value: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(fill_str(s, value)),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|item| keep(item, value))
                .map(|item| fill(item, value))
                .collect(),
        ),
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, item) in map {
                if k == "$if" {
                    continue;
                }
                let filled = if keep(item, value) {
                    fill(item, value)
                } else {
                    Value::Null
                };
                out.insert(k.clone(), filled);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Whether `v` stays: it has no `$if`, or its condition holds.
fn keep(v: &Value, value: &dyn Fn(&str) -> String) -> bool {
    let Some(cond) = v.get("$if").and_then(Value::as_str) else {
        return true;
    };
    match cond.strip_prefix('!') {
        Some(name) => value(name).is_empty(),
        None => !value(cond).is_empty(),
    }
}

/// `s` with each `{{slot}}` replaced, in one pass (a value holding `{{x}}`
/// is not filled again).
fn fill_str(s: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&value(&rest[start + 2..start + 2 + end]));
        rest = &rest[start + 2 + end + 2..];
    }
    out.push_str(rest);
    out
}
