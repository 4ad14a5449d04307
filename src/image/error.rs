//! Everything an image source can get wrong, and the answer the route gives.

use std::fmt;

use super::{assets, Format};
use crate::params::limits::{
    MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_SCENE_IMAGE_PIXELS,
};

/// Why an image source cannot be drawn. Each variant has a lowercase
/// message (`Display`) that says what to do instead, and maps to one HTTP
/// status and error code ([`ImageError::status`], [`ImageError::code`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// An `http:` or `https:` URL, or a scheme-relative `//host/…`: images
    /// are never fetched (400 `remote_image`).
    Remote,
    /// Neither a `data:` URI nor `asset:NAME`: another scheme, a bare path
    /// or nothing (400 `bad_image`).
    UnsupportedSource {
        /// The scheme (lowercase, at most 32 bytes), or `None` for a path.
        scheme: Option<String>,
        /// An embedded asset whose name the path ends with, if one does.
        suggestion: Option<&'static str>,
    },
    /// A `data:` URI of a media type that is not decoded: SVG, WebP, GIF,
    /// `text/plain`… (400 `bad_image`).
    UnsupportedType {
        /// The declared media type, lowercase (at most 64 bytes of it).
        mime: String,
    },
    /// A `data:` URI that is malformed (400 `bad_image`).
    BadDataUri(&'static str),
    /// A base64 payload with a character outside the standard alphabet,
    /// misplaced padding or an impossible length (400 `bad_image`).
    BadBase64(String),
    /// The declared media type and the bytes disagree (400 `bad_image`).
    Mismatch {
        /// What the `data:` URI says.
        declared: Format,
        /// What the bytes are (`"png"`, `"jpeg"`, `"webp"`, `"gif"`, …).
        actual: &'static str,
    },
    /// The bytes are no image format we know of (400 `bad_image`).
    NotAnImage {
        /// What the `data:` URI says.
        declared: Format,
    },
    /// The decoder refused the data: truncated, corrupt or a variant it
    /// does not support (400 `bad_image`).
    Corrupt {
        /// The format that failed.
        format: Format,
        /// The decoder's reason, lowercase.
        detail: String,
    },
    /// `asset:NAME` with no such embedded asset (400 `bad_image`).
    UnknownAsset {
        /// The requested name (at most 64 bytes of it).
        name: String,
    },
    /// More than [`MAX_IMAGE_BYTES`] of encoded image (422 `too_large`).
    TooManyBytes,
    /// A side over [`MAX_IMAGE_SIDE`], read from the header (422 `too_large`).
    SideTooLong {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// More than [`MAX_IMAGE_PIXELS`] pixels, read from the header (422
    /// `too_large`).
    TooManyPixels {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// This image would take the scene past [`MAX_SCENE_IMAGE_PIXELS`]
    /// (422 `too_large`).
    SceneBudget {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// Pixels the scene's earlier images already use.
        used: u64,
    },
}

impl ImageError {
    /// The HTTP status: 400 for a source that is wrong, 422 for one that is
    /// fine but over a limit.
    pub fn status(&self) -> u16 {
        match self {
            ImageError::TooManyBytes
            | ImageError::SideTooLong { .. }
            | ImageError::TooManyPixels { .. }
            | ImageError::SceneBudget { .. } => 422,
            _ => 400,
        }
    }

    /// The machine-readable code: `remote_image`, `too_large` or `bad_image`.
    pub fn code(&self) -> &'static str {
        match self {
            ImageError::Remote => "remote_image",
            _ if self.status() == 422 => "too_large",
            _ => "bad_image",
        }
    }

    /// `(status, code, message)`, for the route to answer with the JSON
    /// path of the image's `src` (the route owns the error shape that
    /// carries a path).
    pub fn to_api(&self) -> (u16, &'static str, String) {
        (self.status(), self.code(), self.to_string())
    }
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Remote => f.write_str(
                "remote images are not fetched: inline the image as a data: uri \
                 (data:image/png;base64,… or data:image/jpeg;base64,…) or embed it at \
                 build time in assets/ and use asset:name.png",
            ),
            ImageError::UnsupportedSource { scheme, suggestion } => {
                match scheme {
                    Some(s) => write!(
                        f,
                        "unsupported image source `{s}:`; use a data: uri (png or jpeg) or asset:name"
                    )?,
                    None => f.write_str(
                        "an image source must be a data: uri (png or jpeg) or asset:name",
                    )?,
                }
                if let Some(name) = suggestion {
                    write!(f, " (did you mean asset:{name}?)")?;
                }
                Ok(())
            }
            ImageError::UnsupportedType { mime } => match mime.as_str() {
                "image/svg+xml" => f.write_str(
                    "svg images are not supported; convert it to png (or draw it with boxes)",
                ),
                "image/webp" => f.write_str(
                    "webp images are not supported (the decoder would add ~65 kb gzip to the worker); convert it to png or jpeg",
                ),
                _ => write!(
                    f,
                    "unsupported image type `{mime}`; use image/png or image/jpeg"
                ),
            },
            ImageError::BadDataUri(why) => write!(f, "malformed data: uri: {why}"),
            ImageError::BadBase64(why) => write!(f, "invalid base64 in the data: uri: {why}"),
            ImageError::Mismatch { declared, actual } => write!(
                f,
                "the data: uri says {} but its data is a {actual} image",
                declared.mime()
            ),
            ImageError::NotAnImage { declared } => write!(
                f,
                "the data is not a {} image (it does not start with a {} signature)",
                declared.name(),
                declared.name()
            ),
            ImageError::Corrupt { format, detail } => write!(
                f,
                "the {} data is corrupt, truncated or unsupported: {detail}",
                format.name()
            ),
            ImageError::UnknownAsset { name } => {
                write!(f, "no embedded asset named `{name}`; the assets are: ")?;
                let names = assets::names();
                match names.len() {
                    0 => f.write_str("none"),
                    n @ ..=20 => f.write_str(&names[..n].join(", ")),
                    n => write!(f, "{}, … ({n} in all)", names[..20].join(", ")),
                }
            }
            ImageError::TooManyBytes => write!(
                f,
                "the encoded image is larger than the limit of {MAX_IMAGE_BYTES} bytes (recompress or scale it down)"
            ),
            ImageError::SideTooLong { width, height } => write!(
                f,
                "the image is {width}×{height} pixels; the limit is {MAX_IMAGE_SIDE} per side"
            ),
            ImageError::TooManyPixels { width, height } => write!(
                f,
                "the image is {width}×{height} = {} pixels; the limit is {MAX_IMAGE_PIXELS} per image (scale it down)",
                u64::from(*width) * u64::from(*height)
            ),
            ImageError::SceneBudget {
                width,
                height,
                used,
            } => write!(
                f,
                "this {width}×{height} image would bring the scene's images to {} decoded pixels; the limit is {MAX_SCENE_IMAGE_PIXELS} per scene (use smaller images)",
                used + u64::from(*width) * u64::from(*height)
            ),
        }
    }
}

impl std::error::Error for ImageError {}
