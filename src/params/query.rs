//! Query strings.

use super::Params;
use crate::error::ApiError;

/// Decodes a query string (percent-decoding, `+` as space; invalid UTF-8
/// becomes U+FFFD). A key given twice is an error: which one wins would be a
/// guess. Empty keys (`&&`, `=x`) are skipped.
pub fn parse_query(query: &str) -> Result<Params, ApiError> {
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
    Ok(Params::from_pairs(pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_rejects_repeats() {
        let p = parse_query("a=1&b=x+y%21&&=z&c").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("b"), Some("x y!"));
        assert_eq!(p.get("c"), Some(""));
        let e = parse_query("size=1&size=2").unwrap_err();
        assert_eq!((e.code(), e.param()), ("bad_param", Some("size")));
        assert_eq!(parse_query("t=%ff").unwrap().get("t"), Some("\u{fffd}"));
    }
}
