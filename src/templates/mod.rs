//! Templates (`templates/*.json`): a scene with named slots, filled from a
//! request's parameters (`/og/<name>.png`). [`def`] reads and checks a
//! definition (in `build.rs`, which refuses a bad one and embeds each as
//! static tables and its scene as compact JSON) and fills slots; this
//! module validates each parameter's value (the errors name the
//! parameter) and gives the filled scene document to
//! [`crate::scene::read`], like any scene.

pub mod def;

use serde_json::Value;

use crate::error::ApiError;
use crate::params::{parse_color, Params};
use def::Kind;

/// An embedded template, checked at build time.
#[derive(Debug)]
pub struct Template {
    /// Its name: `/og/<name>.png`.
    pub name: &'static str,
    /// One line for `/templates`.
    pub description: &'static str,
    /// The scene request document with its slots, as JSON.
    pub scene: &'static str,
    /// Its parameters, in the template's order.
    pub params: &'static [ParamInfo],
    /// Their names (the route's accepted parameters).
    pub names: &'static [&'static str],
}

/// A parameter, as [`def::Param`] but static.
#[derive(Debug)]
pub struct ParamInfo {
    /// Its name (the query parameter).
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// One line for `/templates`.
    pub description: &'static str,
    /// The value when absent.
    pub default: &'static str,
    /// Text: the most characters.
    pub max_length: usize,
    /// Text: `(width units up to, font size)` ([`def::fit_size`]).
    pub fit: &'static [(u32, u32)],
    /// Enum: each value with its variables.
    pub values: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    /// Number: the range.
    pub min: f64,
    /// Number: the range.
    pub max: f64,
}

include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// The template called `name`.
pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

impl Template {
    /// The scene request document filled from `params` (each value
    /// validated: a 400 naming the parameter).
    pub fn fill(&self, params: &Params) -> Result<Value, ApiError> {
        params.only(self.names)?;
        // build.rs wrote this JSON from a parsed value: it parses; if it
        // ever did not, the request is a 500, not a panic.
        let scene: Value = serde_json::from_str(self.scene).map_err(|_| ApiError::Internal)?;
        let mut values: Vec<(String, String)> = Vec::new();
        for p in self.params {
            let raw = params.get(p.name).unwrap_or(p.default);
            let value = value(p, raw)?;
            if !p.fit.is_empty() {
                let size = def::fit_size(p.fit, def::width_units(&value));
                values.push((format!("{}.size", p.name), size.to_string()));
            }
            if let Some((_, vars)) = p.values.iter().find(|(v, _)| *v == value) {
                for (k, text) in *vars {
                    values.push((format!("{}.{k}", p.name), (*text).to_owned()));
                }
            }
            values.push((p.name.to_owned(), value));
        }
        let lookup = |slot: &str| {
            values
                .iter()
                .find(|(k, _)| k == slot)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Ok(def::fill(&scene, &lookup))
    }
}

/// The text a slot of `p` gets for `raw`, validated.
fn value(p: &ParamInfo, raw: &str) -> Result<String, ApiError> {
    let name = p.name;
    match p.kind {
        Kind::Text => {
            let n = raw.chars().count();
            if n > p.max_length {
                return Err(ApiError::bad(
                    name,
                    format!(
                        "{name} must be at most {} characters (it has {n})",
                        p.max_length
                    ),
                ));
            }
            Ok(raw.to_owned())
        }
        Kind::Colour => {
            let c = parse_color(name, raw)?;
            Ok(format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a))
        }
        Kind::Enum => p
            .values
            .iter()
            .find(|(v, _)| v.eq_ignore_ascii_case(raw.trim()))
            .map(|(v, _)| (*v).to_owned())
            .ok_or_else(|| {
                let names: Vec<&str> = p.values.iter().map(|(v, _)| *v).collect();
                ApiError::bad(name, format!("{name} must be one of: {}", names.join(", ")))
            }),
        Kind::Number => {
            let err = || {
                ApiError::bad(
                    name,
                    format!(
                        "{name} must be a number between {} and {}",
                        crate::num::F64(p.min),
                        crate::num::F64(p.max)
                    ),
                )
            };
            let v: f64 = raw.trim().parse().map_err(|_| err())?;
            if !v.is_finite() || v < p.min || v > p.max {
                return Err(err());
            }
            // At most two decimals: the text a card shows.
            let v = (v * 100.0).round() / 100.0;
            Ok(crate::num::F64(v).to_string())
        }
        Kind::Image => {
            let asset = raw.trim().trim_start_matches("asset:");
            if asset.is_empty() {
                return Ok(String::new());
            }
            if crate::image::assets::get(asset).is_none() {
                return Err(ApiError::bad(
                    name,
                    format!(
                        "{name} must be an embedded image: {}",
                        crate::image::assets::names().join(", ")
                    ),
                ));
            }
            Ok(format!("asset:{asset}"))
        }
    }
}

/// `GET /templates`: every template with its parameters, as JSON.
pub fn list() -> Value {
    let items: Vec<Value> = TEMPLATES
        .iter()
        .map(|t| {
            let scene: Value = serde_json::from_str(t.scene).unwrap_or_default();
            let params: Vec<Value> = t
                .params
                .iter()
                .map(|p| {
                    let mut o = serde_json::json!({
                        "name": p.name, "type": p.kind.name(), "description": p.description,
                        "default": p.default,
                    });
                    match p.kind {
                        Kind::Text => o["maxLength"] = p.max_length.into(),
                        Kind::Enum => o["values"] = p.values.iter().map(|(v, _)| *v).collect(),
                        Kind::Number => {
                            o["min"] = serde_json::json!(p.min);
                            o["max"] = serde_json::json!(p.max);
                        }
                        Kind::Image => {
                            o["values"] = crate::image::assets::names().into_iter().collect()
                        }
                        Kind::Colour => {}
                    }
                    o
                })
                .collect();
            serde_json::json!({
                "name": t.name,
                "path": format!("/og/{}.png", t.name),
                "description": t.description,
                "width": scene["width"], "height": scene["height"],
                "params": params,
            })
        })
        .collect();
    serde_json::json!({ "templates": items })
}

#[cfg(test)]
mod tests;
