//! Decoded straight-alpha RGBA images: PNG/APNG decoding into one form
//! whatever the colour type, tolerant comparison, and diff strips.

use std::io::Cursor;
use std::path::Path;

use crate::tests_dir;

use png::{AnimationControl, ColorType, FrameControl, Transformations};

/// An 8-bit straight-alpha RGBA image.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// `width × height × 4` bytes, row by row.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image({}×{})", self.width, self.height)
    }
}

impl Image {
    /// A `width × height` image filled with `fill`.
    pub fn new(width: u32, height: u32, fill: [u8; 4]) -> Image {
        Image {
            width,
            height,
            rgba: fill.repeat((width * height) as usize),
        }
    }

    /// The pixel at `(x, y)`, or transparent outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        if x >= self.width || y >= self.height {
            return [0; 4];
        }
        let i = ((y * self.width + x) * 4) as usize;
        self.rgba[i..i + 4].try_into().expect("4 bytes")
    }

    fn set(&mut self, x: u32, y: u32, px: [u8; 4]) {
        let i = ((y * self.width + x) * 4) as usize;
        self.rgba[i..i + 4].copy_from_slice(&px);
    }

    /// Pixels as `[r, g, b, a]`.
    pub fn pixels(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.rgba
            .chunks_exact(4)
            .map(|p| p.try_into().expect("4 bytes"))
    }

    /// The only (or first) image of a PNG.
    pub fn decode(bytes: &[u8]) -> Image {
        let mut decoded = decode(bytes);
        assert!(!decoded.frames.is_empty(), "a PNG without image data");
        decoded.frames.swap_remove(0).1
    }

    /// A plain RGBA PNG of the image (for diff strips).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("png header");
        writer.write_image_data(&self.rgba).expect("png data");
        writer.finish().expect("png end");
        out
    }
}

/// A decoded PNG or APNG: the animation chunk, if any, and every frame with
/// its `fcTL` (none for a still image).
pub struct Decoded {
    pub animation: Option<AnimationControl>,
    pub frames: Vec<(Option<FrameControl>, Image)>,
}

/// Decodes every frame of `bytes` into RGBA, whatever the colour type
/// (palette and `tRNS` through `EXPAND`, grey expanded here).
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let animation = reader.info().animation_control().copied();
    let count = animation.map_or(1, |a| a.num_frames);
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane size")];
    let mut frames = Vec::new();
    for i in 0..count {
        let out = reader
            .next_frame(&mut buf)
            .unwrap_or_else(|e| panic!("frame {i} of {count}: {e}"));
        let control = reader.info().frame_control().copied();
        let rgba = to_rgba(out.color_type, &buf[..out.buffer_size()]);
        frames.push((
            control,
            Image {
                width: out.width,
                height: out.height,
                rgba,
            },
        ));
    }
    Decoded { animation, frames }
}

/// 8-bit samples of `color_type` (after `EXPAND`) as RGBA.
fn to_rgba(color_type: ColorType, data: &[u8]) -> Vec<u8> {
    match color_type {
        ColorType::Rgba => data.to_vec(),
        ColorType::Rgb => data
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        ColorType::Indexed => panic!("EXPAND left a palette image"),
    }
}

/// Where two images differ by more than a per-channel tolerance.
pub struct Diff {
    pub width: u32,
    pub height: u32,
    /// Row-major over `width × height`: whether the pixel differs.
    pub mask: Vec<bool>,
    /// Number of differing pixels.
    pub count: usize,
    /// Largest channel difference anywhere.
    pub max: u8,
}

impl Diff {
    /// Pixels compared (the larger of the two sizes).
    pub fn total(&self) -> usize {
        self.mask.len()
    }
}

/// Compares `expected` and `actual` channel by channel; pixels outside one of
/// the two images (when the sizes differ) count as differing.
pub fn diff(expected: &Image, actual: &Image, tolerance: u8) -> Diff {
    let width = expected.width.max(actual.width);
    let height = expected.height.max(actual.height);
    let mut mask = Vec::with_capacity((width * height) as usize);
    let (mut count, mut max) = (0, 0);
    for y in 0..height {
        for x in 0..width {
            let inside =
                x < expected.width.min(actual.width) && y < expected.height.min(actual.height);
            let d = if inside {
                channel_diff(expected.pixel(x, y), actual.pixel(x, y))
            } else {
                255
            };
            max = max.max(d);
            let differs = d > tolerance;
            count += usize::from(differs);
            mask.push(differs);
        }
    }
    Diff {
        width,
        height,
        mask,
        count,
        max,
    }
}

/// The largest per-channel difference of two pixels.
pub fn channel_diff(a: [u8; 4], b: [u8; 4]) -> u8 {
    a.iter()
        .zip(b)
        .map(|(&x, y)| x.abs_diff(y))
        .max()
        .unwrap_or(0)
}

/// Writes `expected | diff | actual` side by side to `path`: the diff panel
/// is red where pixels differ and a faint grey copy of `expected` elsewhere.
pub fn write_strip(expected: &Image, actual: &Image, diff: &Diff, path: &Path) {
    let gap = 4;
    let (w, h) = (diff.width, diff.height);
    let mut strip = Image::new(3 * w + 2 * gap, h, [255, 255, 255, 255]);
    for y in 0..h {
        for x in 0..w {
            if x < expected.width && y < expected.height {
                strip.set(x, y, expected.pixel(x, y));
            }
            if x < actual.width && y < actual.height {
                strip.set(2 * (w + gap) + x, y, actual.pixel(x, y));
            }
            let marker = if diff.mask[(y * w + x) as usize] {
                [255, 0, 0, 255]
            } else {
                let [r, g, b, a] = expected.pixel(x, y);
                let luma = (u32::from(r) * 3 + u32::from(g) * 6 + u32::from(b)) / 10;
                // Blend the grey over white by alpha, then fade it.
                let grey = 255 - (255 - luma) * u32::from(a) / 255;
                let faint = (200 + grey * 55 / 255) as u8;
                [faint, faint, faint, 255]
            };
            strip.set(w + gap + x, y, marker);
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the diffs folder");
    }
    std::fs::write(path, strip.encode()).expect("write the diff strip");
}

/// Limits of a reference image: (width, height, bytes). References stay
/// small so they can be reviewed.
pub type Limits = (u32, u32, usize);

/// The one golden check of a PNG answer: `body` within `limits`, compared
/// as decoded pixels (± `tolerance` per channel) with
/// `tests/images/<folder>/<case>.png`; a mismatch writes an
/// expected | diff | actual strip to `tests/diffs/<folder>-<case>.png`.
/// With `BLESS=1`, writes the reference instead (see [`crate::reference`]).
pub fn golden_png(folder: &str, case: &str, body: &[u8], limits: Limits, tolerance: u8) {
    let (max_w, max_h, max_bytes) = limits;
    let actual = Image::decode(body);
    assert!(
        actual.width <= max_w && actual.height <= max_h && body.len() <= max_bytes,
        "{case}: {}×{} px, {} bytes is too big for a reference",
        actual.width,
        actual.height,
        body.len()
    );
    let reference = tests_dir(&format!("images/{folder}")).join(format!("{case}.png"));
    let diff_path = tests_dir("diffs").join(format!("{folder}-{case}.png"));
    let same = |stored: &[u8]| diff(&Image::decode(stored), &actual, 0).count == 0;
    let Some(stored) = crate::reference(case, &reference, body, same) else {
        return;
    };
    let expected = Image::decode(&stored);
    let d = diff(&expected, &actual, tolerance);
    if d.count > 0 {
        write_strip(&expected, &actual, &d, &diff_path);
        panic!(
            "{case}: {} of {} pixels differ by more than {tolerance} (max {}; expected {}×{}, got {}×{}); \
             see {} (expected | diff | actual)",
            d.count,
            d.total(),
            d.max,
            expected.width,
            expected.height,
            actual.width,
            actual.height,
            diff_path.display()
        );
    }
}
