//! Every limit of the edge layer, in one place (the README lists them).
//!
//! Each is chosen so that the worst accepted request stays well inside the
//! platform's 128 MB and CPU limits; `BENCHMARKS.md` has the measurements.

/// Smallest heart side, CSS pixels.
pub const MIN_SIZE: u32 = 16;
/// Largest heart side and text box side, CSS pixels.
pub const MAX_SIZE: u32 = 2048;
/// Largest device pixel ratio.
pub const MAX_DPR: f32 = 3.0;
/// Most pixels in one raster image after `dpr` (2048 × 2048): 16 MiB of RGBA.
pub const MAX_PIXELS: u64 = 2048 * 2048;
/// Most frames in an animation.
pub const MAX_FRAMES: u32 = 60;
/// Highest animation frame rate.
pub const MAX_FPS: u32 = 50;
/// Most pixels summed over all frames of an animation (bounds CPU time).
pub const MAX_ANIMATION_PIXELS: u64 = 8 * 1024 * 1024;
/// Largest outline width, CSS pixels.
pub const MAX_STROKE: f32 = 64.0;
/// Text-art columns range.
pub const ART_COLS: (u32, u32) = (8, 240);
/// Text-art rows range.
pub const ART_ROWS: (u32, u32) = (4, 120);
/// Longest accepted URL (path + query), bytes.
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Largest accepted request body, bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Most characters in `text`.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Most characters in a heart's `text` label.
pub const MAX_LABEL_CHARS: usize = 40;
/// Font size range, CSS pixels (`fit` never shrinks below the smallest).
pub const FONT_SIZE: (f32, f32) = (6.0, 512.0);
/// Most font sizes in `sizes` (one per paragraph; later paragraphs take the last).
pub const MAX_SIZES: usize = 16;
/// Largest padding, CSS pixels.
pub const MAX_PADDING: u32 = 512;
/// Largest `max_lines`.
pub const MAX_LINES: u32 = 500;
/// Line height range, multiples of the font size.
pub const LINE_HEIGHT: (f32, f32) = (0.8, 3.0);
/// Largest side of a text image, device pixels (a width or height times
/// `dpr`, or what an auto-sized side needs).
pub const MAX_TEXT_SIDE: u32 = render::MAX_TEXT_SIDE;

/// Largest `POST /render` body, bytes. Scenes are larger than the text
/// route's fields (a card is typically 2–8 KB of JSON), and the next step
/// (images) inlines `data:` URIs, whose base64 is 4/3 of the image: 256 KiB
/// holds a few logos and avatars. The body is parsed into a tree of about
/// 10× its size at most, so the worst accepted body stays a few MB.
pub const MAX_SCENE_BODY_BYTES: usize = 256 * 1024;
/// Most nodes (elements and text strings) in a scene: each is a layout
/// node and at least one paint, so this bounds layout and paint work.
pub const MAX_SCENE_NODES: usize = 2000;
/// Deepest element nesting in a scene (the root element is depth 1). The
/// JSON reader refuses documents nested deeper than 128 levels, and a
/// satori element takes three (element, `props`, `children`): 32 keeps
/// this limit, with its path, the one a tree meets first in either shape,
/// and is far deeper than real cards (rarely past 10).
pub const MAX_SCENE_DEPTH: usize = 32;
/// Most characters of text in a whole scene, counted as given.
pub const MAX_SCENE_TEXT_CHARS: usize = 10_000;
/// Largest absolute length in a scene style, CSS pixels (after `em`/`rem`
/// are resolved): 8× the largest canvas side leaves room for offsets and
/// overflow without the huge numbers that would only cost layout time.
pub const MAX_SCENE_LENGTH: f32 = 16_384.0;
/// Largest absolute percentage in a scene style, in percent.
pub const MAX_SCENE_PERCENT: f32 = 1000.0;
/// Font size range in a scene, CSS pixels, after `em` compounding.
pub const SCENE_FONT_SIZE: (f32, f32) = (1.0, 512.0);
/// Most layers per element of each kind: background layers, box shadows,
/// transform functions. Each background layer and shadow is a paint over
/// the whole box (a shadow also a blur), so this bounds paint work per node.
pub const MAX_SCENE_LAYERS: usize = 8;
/// Most colour stops in one gradient.
pub const MAX_GRADIENT_STOPS: usize = 32;
/// Largest `boxShadow` blur radius, CSS pixels (blur work grows with it).
pub const MAX_SHADOW_BLUR: f32 = 256.0;

/// Largest encoded image, bytes: a `data:` URI's payload once decoded (its
/// base64 is a third longer), or an embedded asset. Checked while decoding
/// the base64, so a larger payload is never held decoded.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// Most pixels in one decoded image (2048 × 2048): 16 MiB of RGBA. Read
/// from the PNG or JPEG header and refused before any pixel is decoded.
pub const MAX_IMAGE_PIXELS: u64 = 2048 * 2048;
/// Longest side of a decoded image, pixels (a 1 × 100,000 strip is under
/// the pixel limit but no canvas can use it). Also read from the header.
pub const MAX_IMAGE_SIDE: u32 = 8192;
/// Most decoded image pixels summed over one scene: 32 MiB of RGBA, the
/// images a scene holds while it is painted.
pub const MAX_SCENE_IMAGE_PIXELS: u64 = 8 * 1024 * 1024;
/// Most working memory a scene may need while it is painted, estimated
/// from its layout before any image is decoded or pixel painted
/// ([`crate::scene::budget`]): the canvas and the decoded images (4 bytes
/// a pixel each), plus the most that nested opacity groups (an RGBA layer
/// as large as what the group paints) and overflow clips (a mask as large
/// as the canvas or layer it clips) hold open at once, and a shadow's
/// masks; and, while the images decode one by one before painting, the
/// images plus what a progressive JPEG's decoder holds. Without it 31
/// nested canvas-sized opacity groups at 2,048² took 517 MiB of linear
/// memory and 31 nested clips 150 MiB (`bench/scene-memory.mjs`). 36 MiB
/// holds a 2,048² canvas with a 2,048² image and a group over a quarter of
/// it, a 1,200×630 card at dpr 2 with a 2,400×1,260 photo and a
/// canvas-sized overlay group, or a card with a 1,920² progressive 4:4:4
/// JPEG (2,048² is over: 16 MiB of pixels and 24 of coefficients). With
/// 40 MiB a sequence of the heaviest scenes reached 67.8 MiB of linear
/// memory; `tests/e2e/memory.test.mjs` holds them at 64.
pub const MAX_SCENE_MEMORY_BYTES: u64 = 36 * 1024 * 1024;
/// Most paint work in a scene, in device pixels touched, estimated from
/// its layout ([`crate::scene::budget`]): each background colour, layer,
/// border, shadow, text and image over its area, each opacity group 5×
/// its layer (allocated, painted, composited), each clip twice the mask.
/// Without it, 1,999 canvas-sized opacity groups at 2,048² painted for
/// 247 s, and as many radial gradients for 53 s. 64 canvases of 2,048²:
/// about 1.7 s of gradients in V8 here (6 ns a pixel).
pub const MAX_SCENE_PAINT_PIXELS: u64 = 64 * MAX_PIXELS;
