//! The renderer core of the edge renderer.
//!
//! Input is a validated spec (built by the edge layer, which owns every error);
//! output is a [`Pixmap`], an SVG string or a text-art string. Nothing here can
//! fail: every function clamps its inputs into range instead of returning an
//! error, so the edge layer's validation is the only gate.
//!
//! The crate is `#![no_std]` (`core` + `alloc`): no I/O, no clock, no platform
//! types. Transcendental maths goes through `libm` on every target, so the same
//! spec renders to the same pixels natively and in WebAssembly.
//!
//! Features: `std` (default) or `libm` picks the float backend (exactly one
//! is needed); `serde` adds `serde::Serialize` to the spec types and what
//! they hold ([`HeartSpec`], [`Style`], [`Curve`], [`ArtSpec`], [`Charset`],
//! [`TextSpec`], [`Align`], [`VAlign`], [`Wrap`], [`Rgba`]), for the edge
//! layer's canonical request forms: enums serialize as their query-string
//! names (`name()`), colours as `#rrggbbaa`, structs field by field.
//!
//! Cold start: V8 compiles a wasm function on its first call, and a fresh
//! isolate's first request spends most of its time there (about 18 KB of
//! function body a millisecond on the benchmark machine). A path most
//! requests never take — right-to-left text, shaping, shadows, borders,
//! images, clips — is kept `#[inline(never)]` behind a cheap test, so that
//! its code is not compiled as part of a caller that every request runs.
//! `bench/first-code.sh` prints how much code a first request compiles.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::std_instead_of_core, clippy::std_instead_of_alloc)]

#[cfg(not(any(feature = "std", feature = "libm")))]
compile_error!("enable one of the features `std` or `libm` (tiny-skia needs a float backend)");

extern crate alloc;

mod art;
mod canvas;
mod color;
mod heart;
mod scene;
mod svg;
mod text;

#[cfg(all(test, feature = "serde"))]
mod serialize_tests;

pub use art::{render_art, ArtSpec, Charset};
pub use color::Rgba;
pub use heart::curves::Curve;
pub use heart::{beat_scale, render_heart, HeartSpec, Style};
pub use scene::{
    layout_scene, paint_scene, render_scene, taffy, Background, BackgroundSize, BoxRect, Content,
    Decoration, Image, ImageContent, Len, Node, ObjectFit, Paint, Placed, Scene, SceneLayout,
    Shadow, Stop, TextContent, Transform, MAX_SCENE_DEPTH,
};
pub use svg::{render_heart_svg, SvgLabel};
pub use text::{
    clean_text, count_missing, draw_layout, emoji_sequences, fontdue, layout_text, render_text,
    Align, Direction, FontSource, GlyphCache, Layout, Segment, ShapingFace, Span, TextSpec, VAlign,
    Wrap, MAX_TEXT_SIDE,
};
pub use tiny_skia::{ColorU8, Pixmap, PremultipliedColorU8};
