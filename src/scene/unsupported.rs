//! What a scene asks for that the renderer ignores or approximates: unknown
//! style properties (by name), and known ones with a value it cannot honour
//! yet (`name:value`, e.g. `fontWeight:700`, `boxShadow:inset`). Listed in
//! the `X-Unsupported-Style` header; with `"strict": true`, a 400.

use crate::error::ApiError;

/// Most distinct entries kept (the header stays short whatever the scene).
const MAX_ENTRIES: usize = 32;
/// Longest entry kept, bytes.
const MAX_ENTRY: usize = 64;

/// The entries found while reading a scene, deduplicated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unsupported {
    /// Sorted, distinct (at most 32: a sorted `Vec`, smaller code than a
    /// `BTreeSet`).
    names: Vec<String>,
    /// Where the first entry was found (tree order), for the strict error.
    first: Option<String>,
    /// More distinct entries than [`MAX_ENTRIES`] were found.
    more: bool,
}

impl Unsupported {
    /// Notes `name` (made header-safe: printable ASCII other than `,`, at
    /// most 64 bytes) found at `path`.
    pub fn add(&mut self, name: &str, path: &str) {
        let mut clean: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != ',' || c == ' ' {
                    c
                } else {
                    '?'
                }
            })
            .collect();
        clean.truncate(MAX_ENTRY);
        let clean = clean.trim().to_owned();
        if self.first.is_none() {
            self.first = Some(path.to_owned());
        }
        self.insert(clean);
    }

    /// Keeps `name` among the first [`MAX_ENTRIES`] distinct entries, or
    /// notes that there were more.
    fn insert(&mut self, name: String) {
        match self.names.binary_search(&name) {
            Ok(_) => {}
            Err(at) if self.names.len() < MAX_ENTRIES => self.names.insert(at, name),
            Err(_) => self.more = true,
        }
    }

    /// Adds what `other` found (after what this one found).
    pub fn absorb(&mut self, other: Unsupported) {
        if self.first.is_none() {
            self.first = other.first;
        }
        for name in other.names {
            self.insert(name);
        }
        self.more |= other.more;
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The entries, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names = self.names.clone();
        if self.more {
            names.push("…".to_owned());
        }
        names
    }

    /// The `X-Unsupported-Style` value: the entries, sorted, comma-separated
    /// (`…` last when there were more than 32); `None` when there are none.
    pub fn header(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let mut names = self.names.clone();
        if self.more {
            names.push("...".to_owned());
        }
        Some(names.join(", "))
    }

    /// The strict-mode error, when anything was found.
    pub fn strict_error(&self) -> Option<ApiError> {
        let path = self.first.clone()?;
        Some(ApiError::UnsupportedStyle {
            path,
            names: self.names(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_deduplicated_and_header_safe() {
        let mut u = Unsupported::default();
        assert_eq!((u.header(), u.strict_error()), (None, None));
        u.add("zIndex", "element.props.style.zIndex");
        u.add("filter", "element.props.children[0].props.style.filter");
        u.add("zIndex", "element.props.children[1].props.style.zIndex");
        u.add("fontFamily:Comic Sans", "x");
        u.add("bad\r\nname,é", "y");
        assert_eq!(
            u.header().as_deref(),
            Some("bad??name??, filter, fontFamily:Comic Sans, zIndex")
        );
        let e = u.strict_error().unwrap();
        assert_eq!(
            e.path(),
            Some("element.props.style.zIndex"),
            "the first found"
        );
        assert!(e
            .to_string()
            .contains("filter, fontFamily:Comic Sans, zIndex"));
        for i in 0..100 {
            u.add(&format!("p{i}"), "z");
        }
        let header = u.header().unwrap();
        assert!(
            header.ends_with(", ...") && header.len() < 32 * 66,
            "{header}"
        );
        let mut a = Unsupported::default();
        let mut b = Unsupported::default();
        b.add("zIndex", "b.zIndex");
        b.add("filter", "b.filter");
        a.absorb(b);
        assert_eq!(a.names(), ["filter", "zIndex"]);
        assert_eq!(a.strict_error().unwrap().path(), Some("b.zIndex"));
    }
}
