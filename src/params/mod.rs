//! Request parameters: the query string's and a JSON body's, read one way.
//!
//! - [`limits`]: every limit, named;
//! - [`query`] and [`json`]: the two readers (each rejects a repeated key);
//! - [`color`]: CSS colours;
//! - [`base64url`]: a scene carried in a URL;
//! - [`Params`]: typed access (`int`, `float`, `choice`, …) whose errors name
//!   the parameter and the accepted range.
//!
//! A route's own parameters live beside it (`routes/<route>/params.rs`).

pub mod base64url;
pub mod color;
pub mod json;
pub mod limits;
pub mod query;

use render::Rgba;

pub use color::{invisible_as_transparent, parse_color};
pub use json::parse_strict;
pub use limits::*;
pub use query::parse_query;

use crate::error::ApiError;
use crate::num::F32;

/// Decoded `key=value` pairs of one request, each key at most once.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    /// Keys given as JSON `null`: absent, but still checked by [`Params::only`].
    absent: Vec<String>,
}

impl Params {
    /// Pairs whose keys are already known to be distinct.
    fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        Params {
            pairs,
            absent: Vec::new(),
        }
    }

    fn with_absent(self, absent: Vec<String>) -> Params {
        Params { absent, ..self }
    }

    /// Adds `other`'s pairs; a key in both is an error.
    pub fn merge(mut self, other: Params) -> Result<Params, ApiError> {
        let given = |p: &Params, k: &str| p.get(k).is_some() || p.absent.iter().any(|a| a == k);
        for k in other.pairs.iter().map(|(k, _)| k).chain(&other.absent) {
            if given(&self, k) {
                return Err(ApiError::bad(k, format!("{k} is given more than once")));
            }
        }
        self.pairs.extend(other.pairs);
        self.absent.extend(other.absent);
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
        let keys = self.pairs.iter().map(|(k, _)| k).chain(&self.absent);
        match keys.into_iter().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(ApiError::UnknownParam {
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
                format!(
                    "{key} must be a number between {} and {}",
                    F32(min),
                    F32(max)
                ),
            )
        };
        let v: f32 = raw.trim().parse().map_err(|_| err())?;
        if !v.is_finite() || v < min || v > max {
            return Err(err());
        }
        Ok(v)
    }

    /// A comma-separated list of 1 to `max_items` finite numbers, each in
    /// `min..=max` (parsed like [`Params::float`]), or `None` when absent.
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
                    "{key} must be a comma-separated list of 1 to {max_items} numbers between {} and {}",
                    F32(min),
                    F32(max)
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
        // The search and the message are one function for every `T`.
        let i = self.choice_index(key, choices.len(), &|i| choices[i].0)?;
        Ok(i.map_or(default, |i| choices[i].1))
    }

    /// Which of the `n` names (`name(i)`) `key` is, if given.
    #[inline(never)]
    fn choice_index<'a>(
        &self,
        key: &str,
        n: usize,
        name: &dyn Fn(usize) -> &'a str,
    ) -> Result<Option<usize>, ApiError> {
        let Some(raw) = self.get(key) else {
            return Ok(None);
        };
        match (0..n).find(|&i| name(i).eq_ignore_ascii_case(raw.trim())) {
            Some(i) => Ok(Some(i)),
            None => {
                let names: Vec<&str> = (0..n).map(name).collect();
                Err(ApiError::bad(
                    key,
                    format!("{key} must be one of: {}", names.join(", ")),
                ))
            }
        }
    }

    /// A CSS colour, if given.
    pub fn color(&self, key: &str) -> Result<Option<Rgba>, ApiError> {
        self.get(key).map(|raw| parse_color(key, raw)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_in_both_query_and_body_is_an_error() {
        let body = json::fields(parse_strict(br#"{"size":30}"#).unwrap()).unwrap();
        let e = parse_query("size=20").unwrap().merge(body).unwrap_err();
        assert_eq!((e.code(), e.param()), ("bad_param", Some("size")));
    }

    #[test]
    fn numbers_reject_junk_and_non_finite() {
        let p = parse_query("i=12&f=1e308&n=NaN&e=&x=1e3&neg=-1&big=99999999999999999999").unwrap();
        assert_eq!(p.int("i", 0, 0, 100).unwrap(), 12);
        for k in ["x", "neg", "big", "e", "n"] {
            assert_eq!(p.int(k, 0, 0, 100).unwrap_err().param(), Some(k), "{k}");
        }
        for k in ["f", "n", "e", "neg"] {
            assert_eq!(
                p.float(k, 0.0, 0.0, 10.0).unwrap_err().param(),
                Some(k),
                "{k}"
            );
        }
        assert_eq!(p.float("absent", 2.5, 0.0, 10.0).unwrap(), 2.5);
    }
}
