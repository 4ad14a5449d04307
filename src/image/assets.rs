//! Images embedded at build time from `assets/` (`asset:NAME`): `build.rs`
//! embeds every file listed in `assets/LICENSES.tsv` (each with an open
//! licence) and refuses to build otherwise.

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The embedded image called `name`, exactly (case-sensitive).
pub fn get(name: &str) -> Option<&'static [u8]> {
    ASSETS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ASSETS[i].1)
}

/// The names of every embedded image, sorted.
pub fn names() -> Vec<&'static str> {
    ASSETS.iter().map(|(n, _)| *n).collect()
}
