//! A scene's images: every `img` `src` and background `url()` is loaded
//! through [`Images`], once per distinct source, against one
//! [`ImageBudget`] per scene; nodes refer to them by index into
//! [`render::Scene::images`].
//!
//! Also the geometry that turns a CSS position into the core's: the core
//! takes `objectPosition` and `backgroundPosition` as fractions of the free
//! space (the box's side less the drawn image's), as CSS percentages are.
//! A length (`10px`) is an offset from the left or top edge instead, which
//! is a fraction only once the box and the image's drawn size are known:
//! [`fraction`] converts it when the element's own style gives its size in
//! pixels, and the caller notes (and draws at the start edge) when it does
//! not.

use render::taffy;
use render::taffy::style::{BoxSizing, ExpandedDimension, ExpandedLengthPercentage};
use render::{BackgroundSize, Len, ObjectFit};

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

/// One axis of a position as a fraction of the free space `free` (CSS px;
/// `None` when unknown): a percentage is one already, `0` is `0`, and a
/// length `p` is `p / free`. `None` when a length cannot be converted (the
/// free space is unknown, or zero so that no fraction moves the image).
pub fn fraction(v: Len, free: Option<f32>) -> Option<f32> {
    match v {
        Len::Percent(f) => Some(f),
        Len::Px(0.0) => Some(0.0),
        Len::Px(p) => free.filter(|f| f.abs() >= 1e-3).map(|f| p / f + 0.0),
    }
}

/// The element's border-box size from its own style, when both sides are
/// in pixels (percentages, `auto` and flex sizing depend on the layout).
/// Taken as the laid-out size: a pixel size only changes if flex
/// shrinking or a min/max overrides it.
fn border_box(layout: &taffy::Style) -> Option<(f32, f32)> {
    let px = |d: taffy::style::Dimension| match d.expand() {
        ExpandedDimension::Length(v) => Some(v),
        _ => None,
    };
    Some((px(layout.size.width)?, px(layout.size.height)?))
}

/// Pixel values of four box sides (left + right, top + bottom), when all
/// are in pixels.
fn sides(rect: &taffy::geometry::Rect<taffy::style::LengthPercentage>) -> Option<(f32, f32)> {
    let px = |l: taffy::style::LengthPercentage| match l.expand() {
        ExpandedLengthPercentage::Length(v) => Some(v),
        _ => None,
    };
    Some((
        px(rect.left)? + px(rect.right)?,
        px(rect.top)? + px(rect.bottom)?,
    ))
}

/// The padding box's size (where backgrounds are painted), when the style
/// gives it in pixels.
pub fn padding_box(layout: &taffy::Style) -> Option<(f32, f32)> {
    let (w, h) = border_box(layout)?;
    match layout.box_sizing {
        BoxSizing::BorderBox => {
            let (bx, by) = sides(&layout.border)?;
            Some(((w - bx).max(0.0), (h - by).max(0.0)))
        }
        BoxSizing::ContentBox => {
            let (px, py) = sides(&layout.padding)?;
            Some((w + px, h + py))
        }
    }
}

/// The content box's size (where an `img` is drawn), when the style gives
/// it in pixels.
pub fn content_box(layout: &taffy::Style) -> Option<(f32, f32)> {
    let (w, h) = border_box(layout)?;
    match layout.box_sizing {
        BoxSizing::BorderBox => {
            let (bx, by) = sides(&layout.border)?;
            let (px, py) = sides(&layout.padding)?;
            Some(((w - bx - px).max(0.0), (h - by - py).max(0.0)))
        }
        BoxSizing::ContentBox => Some((w, h)),
    }
}

/// The size an `iw × ih` image is drawn at in a `cw × ch` content box by
/// `objectFit` (as the core draws it).
pub fn fit_size(fit: ObjectFit, (iw, ih): (f32, f32), (cw, ch): (f32, f32)) -> (f32, f32) {
    if !(iw > 0.0 && ih > 0.0) {
        return (0.0, 0.0);
    }
    let contain = (cw / iw).min(ch / ih);
    let s = match fit {
        ObjectFit::Fill => return (cw, ch),
        ObjectFit::Contain => contain,
        ObjectFit::Cover => (cw / iw).max(ch / ih),
        ObjectFit::None => 1.0,
        ObjectFit::ScaleDown => contain.min(1.0),
    };
    (iw * s, ih * s)
}

/// The size of one background tile of an `iw × ih` image in a `w × h`
/// padding box by `backgroundSize` (as the core draws it).
pub fn tile_size(size: BackgroundSize, (iw, ih): (f32, f32), (w, h): (f32, f32)) -> (f32, f32) {
    let ratio = |a: f32, b: f32| if b > 0.0 { a / b } else { 0.0 };
    let len = |l: Len, of: f32| match l {
        Len::Px(p) => p.max(0.0),
        Len::Percent(f) => (f * of).max(0.0),
    };
    match size {
        BackgroundSize::Cover | BackgroundSize::Contain if iw > 0.0 && ih > 0.0 => {
            let (sx, sy) = (w / iw, h / ih);
            let s = if size == BackgroundSize::Cover {
                sx.max(sy)
            } else {
                sx.min(sy)
            };
            (iw * s, ih * s)
        }
        BackgroundSize::Cover | BackgroundSize::Contain => (0.0, 0.0),
        BackgroundSize::Explicit(x, y) => match (x.map(|x| len(x, w)), y.map(|y| len(y, h))) {
            (Some(x), Some(y)) => (x, y),
            (Some(x), None) => (x, x * ratio(ih, iw)),
            (None, Some(y)) => (y * ratio(iw, ih), y),
            (None, None) => (iw, ih),
        },
    }
}

/// A position (x, y) as fractions of the free space between a box of
/// `area` and an image drawn at `drawn` (either unknown: `None`); `None`
/// for an axis that cannot be converted, which the caller draws at the
/// start edge (0) and notes.
pub fn position(
    (x, y): (Len, Len),
    area: Option<(f32, f32)>,
    drawn: Option<(f32, f32)>,
) -> (Option<f32>, Option<f32>) {
    let free = area.zip(drawn).map(|(a, d)| (a.0 - d.0, a.1 - d.1));
    (
        fraction(x, free.map(|f| f.0)),
        fraction(y, free.map(|f| f.1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_become_fractions_of_the_free_space() {
        assert_eq!(fraction(Len::Percent(0.25), None), Some(0.25));
        assert_eq!(fraction(Len::Px(0.0), None), Some(0.0));
        assert_eq!(fraction(Len::Px(10.0), None), None);
        assert_eq!(fraction(Len::Px(10.0), Some(40.0)), Some(0.25));
        // An image larger than its box (cover): the free space is negative.
        assert_eq!(fraction(Len::Px(-10.0), Some(-40.0)), Some(0.25));
        assert_eq!(fraction(Len::Px(10.0), Some(0.0)), None);
        let at = (Len::Px(20.0), Len::Percent(1.0));
        assert_eq!(
            position(at, Some((200.0, 100.0)), Some((100.0, 50.0))),
            (Some(0.2), Some(1.0))
        );
        assert_eq!(position(at, None, Some((1.0, 1.0))), (None, Some(1.0)));
    }

    #[test]
    fn boxes_from_pixel_styles() {
        use render::taffy::geometry::{Rect, Size};
        use render::taffy::style::{Dimension, LengthPercentage};
        let mut s = taffy::Style {
            size: Size {
                width: Dimension::length(200.0),
                height: Dimension::length(100.0),
            },
            border: Rect::length(4.0),
            padding: Rect::length(10.0),
            ..taffy::Style::default()
        };
        assert_eq!(padding_box(&s), Some((192.0, 92.0)));
        assert_eq!(content_box(&s), Some((172.0, 72.0)));
        s.box_sizing = BoxSizing::ContentBox;
        assert_eq!(padding_box(&s), Some((220.0, 120.0)));
        assert_eq!(content_box(&s), Some((200.0, 100.0)));
        s.padding.left = LengthPercentage::percent(0.1);
        assert_eq!(padding_box(&s), None);
        s.size.height = Dimension::percent(1.0);
        assert_eq!(content_box(&s), None);
    }

    #[test]
    fn drawn_sizes_match_the_core() {
        let img = (100.0, 50.0);
        let area = (200.0, 200.0);
        assert_eq!(fit_size(ObjectFit::Fill, img, area), (200.0, 200.0));
        assert_eq!(fit_size(ObjectFit::Contain, img, area), (200.0, 100.0));
        assert_eq!(fit_size(ObjectFit::Cover, img, area), (400.0, 200.0));
        assert_eq!(fit_size(ObjectFit::None, img, area), (100.0, 50.0));
        assert_eq!(fit_size(ObjectFit::ScaleDown, img, area), (100.0, 50.0));
        assert_eq!(tile_size(BackgroundSize::Cover, img, area), (400.0, 200.0));
        assert_eq!(
            tile_size(BackgroundSize::Contain, img, area),
            (200.0, 100.0)
        );
        let auto = BackgroundSize::Explicit(None, None);
        assert_eq!(tile_size(auto, img, area), (100.0, 50.0));
        let half = BackgroundSize::Explicit(Some(Len::Percent(0.5)), None);
        assert_eq!(tile_size(half, img, area), (100.0, 50.0));
        let h = BackgroundSize::Explicit(None, Some(Len::Px(10.0)));
        assert_eq!(tile_size(h, img, area), (20.0, 10.0));
    }
}
