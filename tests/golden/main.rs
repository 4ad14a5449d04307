//! Golden tests of the heart renderer, through the public edge API
//! ([`edge_render::handle`]), so they test what users get: the served bytes.
//!
//! - [`heart`]: PNG references in `tests/images/heart/`, compared as decoded
//!   pixels with a tolerance of 2 per channel;
//! - [`svg`]: the SVG is safe, well-formed, and rasterises to the PNG;
//! - [`apng`]: the animation's frame count, sizes, timing and beat;
//! - [`art`]: text-art references in `tests/art/`, compared exactly.
//!
//! `BLESS=1 cargo test --test golden` (re)writes the references. A missing
//! reference is a failure otherwise. A failing image leaves an
//! expected | diff | actual strip in `tests/diffs/` (git-ignored).

mod apng;
mod art;
mod dropin;
mod features;
mod heart;
mod image;
mod scene;
mod svg;
mod templates;
mod text;

use std::path::PathBuf;

use edge_render::{handle, Env, Reply, Request};

/// `GET path?query` through the edge API, with a clock stuck at zero.
pub fn get(path: &str, query: &str) -> Reply {
    let url = format!("{path}?{query}");
    send(&Request::get(&url))
}

/// Any request through the edge API, with a clock stuck at zero.
pub fn send(req: &Request) -> Reply {
    let clock = || 0.0;
    handle(req, &Env { clock: &clock })
}

/// The body of `GET path?query`, after checking the status and content type
/// and that a second request gives the very same bytes (determinism).
pub fn fetch(path: &str, query: &str, content_type: &str) -> Vec<u8> {
    let reply = get(path, query);
    assert_eq!(
        reply.status,
        200,
        "{path}?{query}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        reply.header("content-type"),
        Some(content_type),
        "{path}?{query}"
    );
    let again = get(path, query);
    assert!(
        again.body == reply.body,
        "{path}?{query}: two renders gave different bytes"
    );
    reply.body
}

/// Whether references are being (re)written: `BLESS=1`.
pub fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The one bless rule of every golden file. With `BLESS=1`, writes
/// `actual` to `reference` unless the stored file is `same` (so blessing an
/// unchanged renderer touches no file) and returns `None`. Otherwise returns
/// the stored reference; a missing one fails the test.
pub fn reference(
    case: &str,
    reference: &std::path::Path,
    actual: &[u8],
    same: impl Fn(&[u8]) -> bool,
) -> Option<Vec<u8>> {
    let stored = std::fs::read(reference).ok();
    if bless() {
        if !stored.as_deref().is_some_and(same) {
            std::fs::create_dir_all(reference.parent().expect("a folder"))
                .expect("create the references folder");
            std::fs::write(reference, actual).expect("write the reference");
        }
        return None;
    }
    let Some(stored) = stored else {
        panic!(
            "{case}: no reference at {}; run `BLESS=1 cargo test --test golden` and review it",
            reference.display()
        );
    };
    Some(stored)
}

/// `tests/<rel>` in this package.
pub fn tests_dir(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}
