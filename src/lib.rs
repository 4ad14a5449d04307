//! An edge image renderer: hearts and text cards as PNG, SVG,
//! APNG and terminal art, served by a Cloudflare Worker.
//!
//! Layers, outermost first:
//! - `worker` (wasm32 only): the only code touching `worker::*`;
//! - the edge layer: [`serve`] (the one serve path) over the [`routes`]
//!   table (one file per route), [`params`] (readers, colours, limits: the
//!   one place input is validated), [`encode`] and [`zlib`], [`reply`]
//!   headers and the [`error`] JSON;
//! - the renderer core, the `edge-render-core` crate (`no_std`, infallible).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod canonical;
pub mod crc32;
pub mod encode;
pub mod error;
pub mod fonts;
pub mod glyph_cache;
pub mod hash;
pub mod image;
pub mod num;
pub mod params;
pub mod render_log;
pub mod reply;
pub mod routes;
pub mod scene;
pub mod serve;
pub mod sign;
pub mod sort;
pub mod templates;
pub mod warm;
pub mod zlib;

#[cfg(target_arch = "wasm32")]
mod worker;

/// The worker's allocator: blocks of 1 MiB or more (pixmaps, PNG rows and
/// streams, decoded images) from talc, which grows wasm memory for them
/// alone; the rest from the default. Freed large blocks then stay whole
/// for the next large request (see `crates/split-alloc`).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[global_allocator]
static ALLOC: split_alloc::Split<std::alloc::System, split_alloc::wasm::Wasm<0>> =
    split_alloc::Split::new(std::alloc::System, split_alloc::wasm::new(), 0);

pub use error::ApiError;
pub use reply::Reply;
pub use serve::{handle, Env, Request};

/// The crate version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A hash of everything that shapes the output (sources, fonts, toolchain),
/// computed by `build.rs`; part of every ETag and cache key, so a new build
/// never serves an old build's bytes under the same tag.
pub const BUILD_ID: &str = env!("EDGE_RENDER_BUILD_ID");
