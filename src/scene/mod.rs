//! Scenes (`/render`): a request document —
//! `{"width":1200,"height":630,"dpr":1,"element":TREE,"strict":false}` —
//! validated into a [`render::Scene`], the renderer core's input.
//!
//! - [`css`]: CSS values (lengths, colours, gradients, shorthands, shadows,
//!   transforms, …) → typed values;
//! - [`path`]: error paths into the document.

pub mod css;
pub mod path;
