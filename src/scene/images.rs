//! A scene's images: every `img` `src` and background `url()` is opened
//! through [`Images`], once per distinct source, against one
//! [`ImageBudget`] per scene; nodes refer to them by index into
//! [`render::Scene::images`].
//!
//! Reading a scene only opens its images: the source, type, header and
//! limits are checked, the budget charged and the digest (what the
//! canonical form holds) taken, but nothing is decoded. The encoded
//! images wait in [`Pending`] until [`decode`] turns them into pixels
//! after parsing: its own `Server-Timing` phase, and no work at all for an
//! edge-cache hit. Positions (`objectPosition`, `backgroundPosition`) go
//! to the core as CSS gives them ([`position_form`]).

use std::cell::RefCell;
use std::rc::Rc;

use render::Len;

use crate::error::ApiError;
use crate::image::{self, ImageBudget, ImageError, Opened};

/// The images of one scene being read.
#[derive(Debug, Default)]
pub struct Images {
    /// Source → index into `images`, sorted by source. (Not a `HashMap`:
    /// this was the worker's only std one, whose SipHash and table code
    /// cost more wasm than a binary search.)
    index: Vec<(String, u32)>,
    /// The images, without pixels until [`decode`].
    images: Vec<render::Image>,
    /// Their encoded forms, index-aligned with `images`.
    pending: Pending,
    budget: ImageBudget,
}

/// The encoded images of a scene, index-aligned with its
/// [`render::Scene::images`], each with the path of its first `src`: shared
/// between the [`Images`] that the lowering owns (and turns into the
/// scene's images) and the reader of the scene, who takes them after
/// lowering for [`decode`].
#[derive(Clone, Debug, Default)]
pub struct Pending(Rc<RefCell<Vec<Undecoded>>>);

impl Pending {
    /// The images opened so far, leaving none.
    pub fn take(&self) -> Vec<Undecoded> {
        self.0.take()
    }
}

/// An image opened, not decoded, and where the scene first names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undecoded {
    image: Opened,
    path: String,
}

impl Undecoded {
    /// Bytes its decoder holds while decoding, beside the pixels.
    pub fn working_bytes(&self) -> u64 {
        self.image.working_bytes()
    }
}

/// An image as a node refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loaded {
    /// Index into [`render::Scene::images`] ([`u32::MAX`] for an image
    /// that is only checked, not drawn).
    pub index: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl Images {
    /// No images yet, and a scene's whole budget
    /// ([`crate::params::limits::MAX_SCENE_IMAGE_PIXELS`]).
    pub fn new() -> Images {
        Images::default()
    }

    /// No images yet, and `budget`.
    pub fn with_budget(budget: ImageBudget) -> Images {
        Images {
            budget,
            ..Images::default()
        }
    }

    /// The encoded images, as [`Images::load`] opens them (a handle that
    /// outlives `self`).
    pub fn pending(&self) -> Pending {
        self.pending.clone()
    }

    /// The image `src` (named at `path`) names, opened the first time the
    /// scene names it: checked up to its header and charged to the budget,
    /// not decoded (the same source again is the same index, charged once).
    pub fn load(&mut self, src: &str, path: &str) -> Result<Loaded, ImageError> {
        let slot = self.index.binary_search_by(|(s, _)| s.as_str().cmp(src));
        if let Ok(i) = slot {
            let index = self.index[i].1;
            let img = &self.images[index as usize];
            return Ok(Loaded {
                index,
                width: img.width,
                height: img.height,
            });
        }
        let opened = image::open(src)?;
        self.budget.charge(opened.width, opened.height)?;
        let index = self.images.len() as u32;
        let loaded = Loaded {
            index,
            width: opened.width,
            height: opened.height,
        };
        self.images.push(render::Image {
            width: opened.width,
            height: opened.height,
            pixels: Vec::new(),
            digest: opened.digest(),
        });
        self.pending.0.borrow_mut().push(Undecoded {
            image: opened,
            path: path.to_owned(),
        });
        self.index
            .insert(slot.unwrap_or_else(|at| at), (src.to_owned(), index));
        Ok(loaded)
    }

    /// Checks `src` without decoding it or charging the budget
    /// ([`image::check`]): for an image that is not drawn.
    pub fn check(src: &str) -> Result<Loaded, ImageError> {
        let (width, height) = image::check(src)?;
        Ok(Loaded {
            index: u32::MAX,
            width,
            height,
        })
    }

    /// The images, by index (without pixels until [`decode`]).
    pub fn into_vec(self) -> Vec<render::Image> {
        self.images
    }
}

/// Decodes `pending` into the pixels of `images` (index-aligned, as
/// [`Images`] made them), each encoded image dropped once decoded. A
/// fault in an image's data is a 400 `bad_image` at the path of its first
/// `src`.
/// Out of line: a scene without images never calls it, so a fresh isolate
/// never compiles the decoders (wasm functions are compiled on first call).
#[inline(never)]
pub fn decode(images: &mut [render::Image], pending: Vec<Undecoded>) -> Result<(), ApiError> {
    for (img, p) in images.iter_mut().zip(pending) {
        img.pixels = p.image.decode().map_err(|e| ApiError::image(&p.path, &e))?;
    }
    Ok(())
}

/// A CSS position as the scene holds it: `0` (in px or %) is `0%`, and
/// `-0` is `0`, so that positions drawn alike serialize alike.
pub fn position_form((x, y): (Len, Len)) -> (Len, Len) {
    let form = |l: Len| match l {
        Len::Px(0.0) => Len::Percent(0.0),
        Len::Px(p) => Len::Px(p),
        Len::Percent(f) => Len::Percent(f + 0.0),
    };
    (form(x), form(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_drawn_alike_serialize_alike() {
        let pc = Len::Percent;
        assert_eq!(
            position_form((Len::Px(0.0), Len::Px(-0.0))),
            (pc(0.0), pc(0.0))
        );
        let neg = position_form((pc(-0.0), Len::Px(-12.5)));
        assert_eq!(format!("{neg:?}"), "(Percent(0.0), Px(-12.5))");
        assert_eq!(position_form((pc(1.18), pc(-0.5))), (pc(1.18), pc(-0.5)));
    }
}
