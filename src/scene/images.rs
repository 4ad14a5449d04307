//! A scene's images: every `img` `src` and background `url()` is loaded
//! through [`Images`], once per distinct source, against one
//! [`ImageBudget`] per scene; nodes refer to them by index into
//! [`render::Scene::images`].
//!
//! Positions (`objectPosition`, `backgroundPosition`) go to the core as
//! CSS gives them ([`position_form`]).

use render::Len;

use crate::image::{self, ImageBudget, ImageError};

/// The images of one scene being read.
#[derive(Debug, Default)]
pub struct Images {
    /// Source → index into `images`, sorted by source. (Not a `HashMap`:
    /// this was the worker's only std one, whose SipHash and table code
    /// cost more wasm than a binary search.)
    index: Vec<(String, u32)>,
    images: Vec<render::Image>,
    budget: ImageBudget,
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

    /// The image `src` names, decoded the first time the scene names it
    /// (the same source again is the same index, charged once).
    pub fn load(&mut self, src: &str) -> Result<Loaded, ImageError> {
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
        let img = image::load(src, &mut self.budget)?;
        let index = self.images.len() as u32;
        let loaded = Loaded {
            index,
            width: img.width,
            height: img.height,
        };
        self.images.push(img);
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

    /// The decoded images, by index.
    pub fn into_vec(self) -> Vec<render::Image> {
        self.images
    }
}

/// A CSS position as the scene holds it: `0` (in px or %) is `0%`, and
/// `-0` is `0`, so that positions drawn alike serialize alike.
pub fn position_form((x, y): (Len, Len)) -> (Len, Len) {
    let form = |l: Len| match l {
        Len::Px(p) if p == 0.0 => Len::Percent(0.0),
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
