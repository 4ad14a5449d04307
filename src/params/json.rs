//! JSON request bodies: parsed strictly (a key repeated in any object is an
//! error, as a repeated query parameter is), then, for routes whose body is
//! a set of parameters, flattened into [`Params`].

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::Params;
use crate::error::ApiError;

/// Parameters that take a list: a comma-separated string, or in JSON bodies
/// also an array of numbers.
const LIST_PARAMS: &[&str] = &["sizes"];

/// Parses a JSON document, rejecting a key repeated within one object (at
/// any depth) and anything after the document. Errors name the line and
/// column.
pub fn parse_strict(body: &[u8]) -> Result<Value, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = Strict
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| {
            ApiError::BadBody(format!(
                "body is not valid JSON: {} at line {} column {}",
                reason(&e),
                e.line(),
                e.column()
            ))
        })?;
    Ok(value)
}

/// The fields of a JSON object body as parameters: strings as they are,
/// numbers and booleans in their JSON spelling, `null` as absent; for list
/// parameters (`sizes`), an array of numbers as their comma-separated list.
/// Anything else is an error naming the field.
pub fn fields(value: Value) -> Result<Params, ApiError> {
    let Value::Object(map) = value else {
        return Err(ApiError::BadBody(
            "body must be a JSON object, e.g. {\"text\":\"hello\"}".into(),
        ));
    };
    let mut pairs = Vec::with_capacity(map.len());
    let mut absent = Vec::new();
    for (k, v) in map {
        let v = match v {
            Value::Null => {
                // Absent, but still a parameter the route must know.
                absent.push(k);
                continue;
            }
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => number(&n),
            Value::Array(items) if LIST_PARAMS.contains(&k.as_str()) => {
                let mut joined = Vec::with_capacity(items.len());
                for item in items {
                    let Value::Number(n) = item else {
                        return Err(ApiError::bad(
                            &k,
                            format!("{k} must be a string or an array of numbers"),
                        ));
                    };
                    joined.push(number(&n));
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
    Ok(Params::from_pairs(pairs).with_absent(absent))
}

/// A JSON number as a parameter: an integral float (`300.0`, as many JSON
/// writers spell whole numbers) as the integer, anything else as written.
fn number(n: &Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        _ => n.to_string(),
    }
}

/// serde_json's message without its own " at line … column …" suffix.
fn reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

/// Deserializes any JSON value, failing on a repeated object key.
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Strict)? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}`",
                    key.escape_debug()
                )));
            }
            let value = map.next_value_seed(Strict)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_errors_at_any_depth() {
        for (body, key) in [
            (r#"{"size":20,"size":30}"#, "size"),
            (r#"{"a":{"b":1,"b":2}}"#, "b"),
            (r#"[{"x":1},{"y":1,"y":1}]"#, "y"),
        ] {
            let e = parse_strict(body.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "bad_body", "{body}");
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("duplicate key `{key}`")) && msg.contains("line 1 column"),
                "{msg}"
            );
        }
        // Same key in different objects is fine.
        assert!(parse_strict(br#"[{"a":1},{"a":2}]"#).is_ok());
    }

    #[test]
    fn documents_parse_whole_or_not_at_all() {
        assert_eq!(
            parse_strict(br#"{"a":[1,2.5,"x",true,null,{}]}"#).unwrap(),
            serde_json::json!({"a":[1,2.5,"x",true,null,{}]})
        );
        for bad in [&b""[..], b"{", b"{} {}", b"{\"a\":}", b"nul", b"\xff"] {
            let e = parse_strict(bad).unwrap_err();
            assert_eq!(e.code(), "bad_body", "{bad:?}");
        }
        let deep = "[".repeat(10_000);
        assert_eq!(
            parse_strict(deep.as_bytes()).unwrap_err().code(),
            "bad_body"
        );
    }

    #[test]
    fn fields_flatten_scalars_and_lists() {
        let p = fields(
            parse_strict(br#"{"text":"hi","size":64,"fit":true,"x":null,"sizes":[64,32.5]}"#)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(p.get("text"), Some("hi"));
        assert_eq!(p.get("size"), Some("64"));
        assert_eq!(p.get("fit"), Some("true"));
        assert_eq!(p.get("x"), None);
        assert_eq!(p.get("sizes"), Some("64,32.5"));
        let p = fields(
            parse_strict(br#"{"width":300.0,"size":-0.0,"dpr":1.5,"sizes":[64.0,32]}"#).unwrap(),
        )
        .unwrap();
        assert_eq!(p.get("width"), Some("300"));
        assert_eq!(p.get("size"), Some("0"));
        assert_eq!(p.get("dpr"), Some("1.5"));
        assert_eq!(p.get("sizes"), Some("64,32"));
        // A null is absent, but still a parameter the route must know.
        let p = fields(parse_strict(br#"{"text":"a","bogus":null}"#).unwrap()).unwrap();
        assert_eq!(p.get("bogus"), None);
        assert_eq!(p.only(&["text"]).unwrap_err().param(), Some("bogus"));
        assert_eq!(
            fields(serde_json::json!([1])).unwrap_err().code(),
            "bad_body"
        );
        let e = fields(serde_json::json!({"text":["a"]})).unwrap_err();
        assert_eq!(e.param(), Some("text"));
        let e = fields(serde_json::json!({"sizes":[64,"32"]})).unwrap_err();
        assert_eq!(e.param(), Some("sizes"));
    }
}
