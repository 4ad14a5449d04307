//! Scene images: an `img` `src` or a `url()` → a decoded [`render::Image`].
//!
//! ```text
//! src ─┬─ data:image/png;base64,… ─ percent-decode, forgiving base64 ─┐
//!      ├─ asset:name.png ─────────── embedded at build time (assets/) ─┤
//!      └─ http(s)://, //host/…, anything else: refused                 │
//!                                                                      ▼
//!   bytes (≤ MAX_IMAGE_BYTES) → signature = declared type? → header size
//!   (side, pixels, scene budget: refused here, before any pixel) →
//!   png_reader / zune-jpeg → premultiplied RGBA; digest = SHA-256 of bytes
//! ```
//!
//! Nothing is fetched: a remote URL is [`ImageError::Remote`], answered by
//! the route with a 400 `remote_image` saying how to inline or embed it.
//! `data:` URIs are read as browsers read them (percent-decoding, then the
//! fetch standard's forgiving base64: whitespace skipped, padding optional,
//! any other character an error); PNG and JPEG (`image/jpg` too) are
//! decoded, and the declared type must match the bytes' signature. SVG,
//! WebP (its pure-Rust decoder, `image-webp`, would add 57 KB gzip to the
//! worker, measured below), GIF and the rest are refused with a message
//! naming them.
//!
//! Decoding is deterministic (integer code only, the same bytes natively
//! and in wasm): PNG gamma and colour profiles are ignored (samples are
//! sRGB), 16-bit samples keep their high byte, JPEG EXIF orientation is
//! ignored. The digest of the encoded bytes is what a scene's canonical
//! form holds instead of the pixels.
//!
//! Every limit is read from the header before anything is decoded, so a
//! 1 × 100,000 strip, a 60,000² decompression bomb or a scene of many
//! large images is refused without allocating its pixels. The decoded
//! image is our only pixel-sized allocation: both decoders write 8-bit
//! samples at its start, widened to premultiplied RGBA in place.
//!
//! ## Measured
//!
//! **Wasm cost** (`gzip -9` of the release worker's `build/index_bg.wasm`,
//! measured with `load` called from a route before scenes called it, as
//! LTO drops what is not called; scenes (`src/scene/images.rs`) call it
//! now, so this is in the worker): this module without
//! decoders +9.1 KB (the 1.4 KB sample asset included), `png` +40.4 KB,
//! `zune-jpeg` +47.4 KB — **+96.9 KB gzip** in all (+248 KB raw), over
//! 2,007,122 bytes. `image-webp` would add 57.5 KB more, so WebP is not
//! decoded. (`jpeg-decoder` would be ~12 KB smaller than `zune-jpeg`, but
//! it is in maintenance mode, and slower on baseline JPEGs: 7.0 against
//! 4.5 ms for the 1200×630 card in wasm.) The `png` crate was then
//! replaced by our reader over the `miniz_oxide` already in the tree
//! (`png_reader.rs`, tested against `png` in `png_tests.rs`): the worker
//! went from 2,276,139 to 2,257,271 B gzip (−18.9 KB; −51 KB raw: `png`
//! and `fdeflate` out, `miniz_oxide`'s inflate and ~14 KB of ours in).
//! Its speed against `png` (median of 20 `load`s, natively / V8 wasm):
//! our 1200×630 scene goldens (RGBA) 1.35 / 2.4–2.6 ms against 1.6 /
//! 2.5–2.9; a noisy 1200×630 RGB 11.7 / 17 against 9.6 / 14.7 ms and a
//! 2048² RGBA 22 / 31 against 20 / 25 ms (natively, half of the noisy
//! image's time is `miniz_oxide`'s inflate, slower there than `fdeflate`).
//!
//! **Time and peak heap** of `load` for a base64 `data:` URI, median of 20
//! (`examples/image_decode.rs`; the PNG rows with the `png` crate, above):
//! natively (x86-64) and in V8's wasm (Node 20, `+simd128` as in the
//! worker). The SHA-256 digest is included: 0.5 ms
//! natively, 2.2 ms in wasm for the 1.1 MB PNG. A progressive JPEG holds
//! its coefficients while it decodes (2 bytes a sample), which a scene's
//! memory check counts ([`Opened::working_bytes`]): a 2048² 4:4:4
//! progressive JPEG would peak at 40 MiB and is refused; 1,920² (35 MiB)
//! is accepted (about 1,940² at most).
//!
//! | image | bytes | native | wasm | peak heap |
//! |---|---|---|---|---|
//! | 1200×630 JPEG, baseline 4:2:0, q85 | 109 KB | 4.1 ms | 5.2 ms | 3.2 MiB |
//! | 1200×630 JPEG, progressive 4:2:0 | 99 KB | 6.8 ms | 9.9 ms | 5.4 MiB |
//! | 1200×630 PNG, RGB | 1.1 MB | 8.7 ms | 14.1 ms | 4.3 MiB |
//! | 1200×630 PNG, RGBA | 1.2 MB | 9.2 ms | 14.8 ms | 4.4 MiB |
//! | 2048² JPEG, baseline 4:2:0 | 285 KB | 14.2 ms | 18.5 ms | 16.6 MiB |
//! | 2048² JPEG, progressive 4:4:4 | 353 KB | 45.4 ms | 60.6 ms | 40.4 MiB |
//! | 2048² PNG, RGBA | 133 KB | 16.9 ms | 20.2 ms | 16.5 MiB |

pub mod assets;
mod data_uri;
mod decode;
mod error;
mod png_reader;

#[cfg(test)]
mod png_tests;
#[cfg(test)]
mod tests;

/// Test inputs the crate's tests share.
#[cfg(test)]
pub(crate) mod testing {
    /// A PNG signature and an IHDR claiming 8-bit RGBA `width × height`,
    /// nothing after: all that opening an image reads.
    pub fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32fast::hash(&ihdr).to_be_bytes());
        png
    }
}

use std::borrow::Cow;

use sha2::{Digest, Sha256};

pub use error::ImageError;

use crate::params::limits::{
    MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_SCENE_IMAGE_PIXELS,
};

/// The encoded formats that are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PNG: every colour type and bit depth, interlaced or not.
    Png,
    /// JPEG: baseline and progressive; grey, YCbCr, RGB, CMYK, YCCK.
    Jpeg,
}

impl Format {
    /// The short lowercase name (`png`, `jpeg`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
        }
    }

    /// The media type (`image/png`, `image/jpeg`).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }

    /// The format a `data:` URI's (lowercase) media type declares.
    fn from_mime(mime: &str) -> Option<Format> {
        match mime {
            "image/png" => Some(Format::Png),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }
}

/// The decoded pixels one scene may still use: [`MAX_SCENE_IMAGE_PIXELS`]
/// in all. One per scene, passed to every [`load`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageBudget {
    used: u64,
    limit: u64,
}

impl ImageBudget {
    /// A scene's budget: [`MAX_SCENE_IMAGE_PIXELS`].
    pub fn new() -> ImageBudget {
        ImageBudget::with_limit(MAX_SCENE_IMAGE_PIXELS)
    }

    /// A budget of `pixels` decoded pixels.
    pub fn with_limit(pixels: u64) -> ImageBudget {
        ImageBudget {
            used: 0,
            limit: pixels,
        }
    }

    /// Pixels used by the images loaded so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Charges a `width × height` image, or refuses it (nothing charged)
    /// when it would take the images past the limit.
    pub fn charge(&mut self, width: u32, height: u32) -> Result<(), ImageError> {
        let pixels = u64::from(width) * u64::from(height);
        if self.used + pixels > self.limit {
            return Err(ImageError::SceneBudget {
                width,
                height,
                used: self.used,
            });
        }
        self.used += pixels;
        Ok(())
    }
}

impl Default for ImageBudget {
    fn default() -> Self {
        ImageBudget::new()
    }
}

/// Decodes the image `src` names: a `data:` URI (PNG or JPEG) or
/// `asset:NAME` (an image embedded from `assets/`). Checks the byte, side
/// and pixel limits and the scene's `budget` before decoding, and charges
/// the budget for the decoded image ([`open`], then [`Opened::decode`]).
pub fn load(src: &str, budget: &mut ImageBudget) -> Result<render::Image, ImageError> {
    let opened = open(src)?;
    let mut charged = budget.clone();
    charged.charge(opened.width, opened.height)?;
    let pixels = opened.decode()?;
    *budget = charged;
    Ok(render::Image {
        width: opened.width,
        height: opened.height,
        pixels,
        digest: opened.digest(),
    })
}

/// Checks `src` as [`load`] does, short of decoding it: the source, the
/// type and signature, and the byte, side and pixel limits read from the
/// header (not a scene budget: nothing is decoded or charged). The
/// image's size. For images that are validated but not drawn (a
/// `display: none` subtree).
pub fn check(src: &str) -> Result<(u32, u32), ImageError> {
    let h = open(src)?;
    Ok((h.width, h.height))
}

/// An image read and checked up to its header, not decoded: its encoded
/// bytes (borrowed for an asset), format and size. [`Opened::decode`]
/// makes the pixels; everything but a fault in the data itself has been
/// refused by then.
#[derive(Clone, PartialEq, Eq)]
pub struct Opened {
    format: Format,
    bytes: Cow<'static, [u8]>,
    /// Width in pixels, from the header (≤ [`MAX_IMAGE_SIDE`]).
    pub width: u32,
    /// Height in pixels, from the header (≤ [`MAX_IMAGE_SIDE`]).
    pub height: u32,
}

impl Opened {
    /// Bytes its decoder holds while decoding, beside the pixels (a
    /// progressive JPEG's coefficients; see `decode::working_bytes`).
    pub fn working_bytes(&self) -> u64 {
        decode::working_bytes(self.format, &self.bytes)
    }

    /// The SHA-256 of the encoded bytes: what a canonical form holds
    /// instead of the pixels.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(&self.bytes).into()
    }

    /// The pixels: `width × height × 4` bytes, premultiplied RGBA.
    pub fn decode(&self) -> Result<Vec<u8>, ImageError> {
        decode::decode(self.format, &self.bytes, self.width, self.height)
    }
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Opened({} {}×{}, {} bytes)",
            self.format.name(),
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// The image `src` names, read up to its header: its bytes, format and
/// size, within the byte, side and pixel limits.
pub fn open(src: &str) -> Result<Opened, ImageError> {
    let (format, bytes) = read(src)?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooManyBytes);
    }
    let (width, height) = decode::dimensions(format, &bytes)?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(ImageError::SideTooLong { width, height });
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        return Err(ImageError::TooManyPixels { width, height });
    }
    Ok(Opened {
        format,
        bytes,
        width,
        height,
    })
}

/// The encoded bytes `src` names and their format, checked against their
/// signature.
fn read(src: &str) -> Result<(Format, Cow<'static, [u8]>), ImageError> {
    let src = src.trim_matches(|c| matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' '));
    if src.starts_with("//") {
        return Err(ImageError::Remote);
    }
    let (scheme, rest) = match scheme(src) {
        Some(s) => (s.to_ascii_lowercase(), &src[s.len() + 1..]),
        None => {
            let file = src.rsplit(['/', '\\']).next().unwrap_or(src);
            return Err(ImageError::UnsupportedSource {
                scheme: None,
                suggestion: assets::names().into_iter().find(|n| *n == file),
            });
        }
    };
    match scheme.as_str() {
        "data" => {
            let uri = data_uri::parse(rest)?;
            let declared = Format::from_mime(&uri.mime).ok_or(ImageError::UnsupportedType {
                mime: uri.mime.clone(),
            })?;
            let bytes = data_uri::decode(&uri)?;
            if bytes.is_empty() {
                return Err(ImageError::BadDataUri("it has no data"));
            }
            match decode::sniff(&bytes) {
                Some(actual) if actual == declared.name() => Ok((declared, Cow::Owned(bytes))),
                Some(actual) => Err(ImageError::Mismatch { declared, actual }),
                None => Err(ImageError::NotAnImage { declared }),
            }
        }
        "asset" => {
            let bytes = assets::get(rest).ok_or_else(|| ImageError::UnknownAsset {
                name: data_uri::clip(rest, 64).to_owned(),
            })?;
            // build.rs checked that every asset is a PNG or a JPEG.
            let format = match decode::sniff(bytes) {
                Some("jpeg") => Format::Jpeg,
                _ => Format::Png,
            };
            Ok((format, Cow::Borrowed(bytes)))
        }
        "http" | "https" => Err(ImageError::Remote),
        _ => Err(ImageError::UnsupportedSource {
            scheme: Some(data_uri::clip(&scheme, 32).to_owned()),
            suggestion: None,
        }),
    }
}

/// The URI scheme `src` starts with (RFC 3986: a letter, then letters,
/// digits, `+`, `-`, `.`; then `:`), as written.
fn scheme(src: &str) -> Option<&str> {
    let (scheme, _) = src.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}
