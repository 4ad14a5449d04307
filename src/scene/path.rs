//! Paths into the request document, as a script would write them:
//! `element.props.children[2].props.style.fontSize`. Every scene error
//! carries one.

/// `base.key`, or `base["key"]` when `key` is not an identifier.
pub fn key(base: &str, key: &str) -> String {
    let ident = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", serde_json::Value::from(short(key)))
    }
}

/// `base[index]`.
pub fn index(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}

/// User input in a message: at most 48 characters, then `…`.
pub fn short(raw: &str) -> String {
    const MAX: usize = 48;
    match raw.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &raw[..end]),
        None => raw.to_owned(),
    }
}

/// User input quoted for a message: `` `value` ``, shortened.
pub fn quote(raw: &str) -> String {
    format!("`{}`", short(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_accessors() {
        assert_eq!(key("element.props", "style"), "element.props.style");
        assert_eq!(
            index("element.props.children", 2),
            "element.props.children[2]"
        );
        assert_eq!(key("s", "$$typeof"), "s.$$typeof");
        assert_eq!(key("s", "font-size"), r#"s["font-size"]"#);
        assert_eq!(key("s", "a\"b"), r#"s["a\"b"]"#);
        assert_eq!(key("s", ""), r#"s[""]"#);
        assert_eq!(key("s", "1a"), r#"s["1a"]"#);
        assert_eq!(short(&"x".repeat(100)).chars().count(), 49);
        assert_eq!(quote("red"), "`red`");
    }
}
