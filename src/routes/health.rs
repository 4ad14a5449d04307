//! `GET /health`: status, build, the route table, fonts, glyph cache, memory.

use super::{Caching, Output, RouteInfo, Static, TABLE};
use crate::{fonts, glyph_cache, BUILD_ID, VERSION};

/// The health route.
pub static HEALTH: Static = Static {
    info: RouteInfo::document("health", &["/health"], Caching::NoStore, "status, version, build, routes, fonts (and whether this isolate parsed each), glyph cache, wasm memory"),
    draw,
};

fn draw() -> Output {
    Output {
        content_type: "application/json; charset=utf-8",
        body: body().into_bytes(),
        headers: Vec::new(),
    }
}

/// The `/health` body.
pub fn body() -> String {
    let (entries, bytes, hits, misses) = glyph_cache::stats();
    serde_json::json!({
        "status": "ok",
        "version": VERSION,
        "build": BUILD_ID,
        "routes": TABLE.iter().map(|r| {
            let info = r.info();
            serde_json::json!({"name": info.name, "paths": info.paths, "methods": info.allow})
        }).collect::<Vec<_>>(),
        "fonts": fonts::describe(),
        "families": fonts::FAMILIES.iter().map(|f| serde_json::json!({
            "font": f.name,
            "family": fonts::FACES.iter().find(|x| x.role == f.role).map(|x| x.family),
            "weights": fonts::weights(f.role),
            "italic_weights": fonts::styled_weights(f.role, true),
        })).collect::<Vec<_>>(),
        "glyph_cache": {"entries": entries, "bytes": bytes, "hits": hits, "misses": misses},
        "memory_bytes": memory_bytes(),
        "big_heap": big_heap(),
    })
    .to_string()
}

/// The large-block allocator's memory (`crates/split-alloc`): bytes grown
/// and separate heaps; `null` natively.
fn big_heap() -> Option<(usize, usize)> {
    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    {
        Some(split_alloc::wasm::grown())
    }
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    {
        None
    }
}

/// Size of the WebAssembly linear memory (it only ever grows, so a flat
/// value under load means no per-request growth); `null` natively.
pub fn memory_bytes() -> Option<usize> {
    #[cfg(target_arch = "wasm32")]
    {
        Some(core::arch::wasm32::memory_size(0) * 65536)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}
