//! Encoded bytes → premultiplied RGBA: format sniffing, header dimensions
//! (read before anything is decoded), and the PNG and JPEG decoders.

use super::{Format, ImageError};

/// What the bytes are, by their signature: our two formats and the ones
/// people might send by mistake (named in the error).
pub(super) fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some("avif")
    } else if bytes.starts_with(b"BM") {
        Some("bmp")
    } else if bytes.starts_with(&[0, 0, 1, 0]) {
        Some("ico")
    } else if looks_like_svg(bytes) {
        Some("svg")
    } else {
        None
    }
}

/// An XML or `<svg` start after optional whitespace and a BOM.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let b = &b[start..];
    b.starts_with(b"<?xml") || b.starts_with(b"<svg")
}

/// Width and height from the header, without decoding anything else.
pub(super) fn dimensions(format: Format, bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let (w, h) = match format {
        Format::Png => png_dimensions(bytes)?,
        Format::Jpeg => jpeg_dimensions(bytes)?,
    };
    if w == 0 || h == 0 {
        return Err(corrupt(format, "the header gives a zero width or height"));
    }
    Ok((w, h))
}

/// A PNG's IHDR: it must be the first chunk, 13 bytes long.
fn png_dimensions(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let ihdr = bytes
        .get(8..24)
        .filter(|c| c[..8] == *b"\0\0\0\x0dIHDR")
        .ok_or_else(|| corrupt(Format::Png, "no ihdr chunk after the signature"))?;
    let be = |i: usize| u32::from_be_bytes([ihdr[i], ihdr[i + 1], ihdr[i + 2], ihdr[i + 3]]);
    Ok((be(8), be(12)))
}

/// A JPEG's frame header (SOF): the markers before the first scan are
/// walked by hand, so nothing is allocated for a header that lies.
fn jpeg_dimensions(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let mut i = 2; // after SOI
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err(corrupt(
                Format::Jpeg,
                "no frame header before the data ends",
            ));
        };
        i += 2;
        match marker {
            // Standalone markers: TEM, RSTn.
            0x01 | 0xD0..=0xD7 => continue,
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let sof = bytes
                    .get(i..i + 7)
                    .ok_or_else(|| corrupt(Format::Jpeg, "the frame header is truncated"))?;
                let h = u16::from_be_bytes([sof[3], sof[4]]);
                let w = u16::from_be_bytes([sof[5], sof[6]]);
                return Ok((u32::from(w), u32::from(h)));
            }
            0xDA | 0xD9 => {
                return Err(corrupt(
                    Format::Jpeg,
                    "no frame header before the first scan",
                ))
            }
            _ => {
                let len = bytes
                    .get(i..i + 2)
                    .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
                    .ok_or_else(|| corrupt(Format::Jpeg, "a marker segment is truncated"))?;
                if len < 2 {
                    return Err(corrupt(Format::Jpeg, "a marker segment has a bad length"));
                }
                i += len;
            }
        }
    }
}

/// Bytes a decoder holds while it decodes `bytes` (whose header was read),
/// beside the pixels it writes: what a scene's memory check adds for the
/// image being decoded. A progressive JPEG keeps every DCT coefficient of
/// every component until its last scan — two bytes a sample, in whole
/// MCUs, as zune-jpeg 0.5 lays them out: 6 bytes a pixel at 4:4:4, 3 at
/// 4:2:0 (a 2,048² 4:4:4 photo: 24 MiB on top of its 16 MiB of pixels,
/// `examples/peak_memory.rs`). Baseline JPEG and PNG decode a few rows at a
/// time: 0.
pub(super) fn working_bytes(format: Format, bytes: &[u8]) -> u64 {
    match format {
        Format::Png => 0,
        Format::Jpeg => jpeg_frame(bytes).map_or(0, |f| f.coefficient_bytes()),
    }
}

/// What [`working_bytes`] reads of a JPEG's frame header.
struct JpegFrame<'a> {
    progressive: bool,
    width: u64,
    height: u64,
    /// Per component: id, sampling factors (`H << 4 | V`), table.
    components: &'a [u8],
}

impl JpegFrame<'_> {
    fn coefficient_bytes(&self) -> u64 {
        if !self.progressive {
            return 0;
        }
        let sampling = self.components.chunks_exact(3).map(|c| {
            let (h, v) = (u64::from(c[1] >> 4), u64::from(c[1] & 15));
            (h.clamp(1, 4), v.clamp(1, 4))
        });
        let h_max = sampling.clone().map(|s| s.0).max().unwrap_or(1);
        let v_max = sampling.clone().map(|s| s.1).max().unwrap_or(1);
        let (mcu_x, mcu_y) = (
            self.width.div_ceil(8 * h_max),
            self.height.div_ceil(8 * v_max),
        );
        let interleaved = h_max != 1 || v_max != 1;
        let samples: u64 = sampling
            .map(|(h, v)| {
                if interleaved {
                    mcu_x * mcu_y * 64 * h * v
                } else {
                    mcu_x * mcu_y * 64
                }
            })
            .sum();
        2 * samples
    }
}

/// The frame header (SOF) of a JPEG whose header [`jpeg_dimensions`]
/// accepted, walked the same way; `None` if there is none.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame<'_>> {
    let mut i = 2;
    loop {
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let marker = *bytes.get(i + 1).filter(|_| bytes.get(i) == Some(&0xFF))?;
        i += 2;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let sof = bytes.get(i..i + 8)?;
                let n = usize::from(sof[7]);
                return Some(JpegFrame {
                    progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE),
                    height: u64::from(u16::from_be_bytes([sof[3], sof[4]])),
                    width: u64::from(u16::from_be_bytes([sof[5], sof[6]])),
                    components: bytes.get(i + 8..i + 8 + 3 * n)?,
                });
            }
            0xDA | 0xD9 => return None,
            _ => {
                let len = bytes.get(i..i + 2)?;
                i += usize::from(u16::from_be_bytes([len[0], len[1]])).max(2);
            }
        }
    }
}

/// Decodes `bytes` (whose header gave `width × height`) to premultiplied
/// RGBA, `width × height × 4` bytes: the only pixel-sized allocation.
pub(super) fn decode(
    format: Format,
    bytes: &[u8],
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ImageError> {
    let n = width as usize * height as usize;
    let mut pixels = vec![0u8; n * 4];
    match format {
        Format::Png => decode_png(bytes, width, height, &mut pixels)?,
        Format::Jpeg => decode_jpeg(bytes, width, height, &mut pixels)?,
    }
    Ok(pixels)
}

/// PNG through our reader over `miniz_oxide` (`super::png_reader`): every
/// colour type and depth, straight to premultiplied RGBA.
fn decode_png(bytes: &[u8], width: u32, height: u32, out: &mut [u8]) -> Result<(), ImageError> {
    super::png_reader::decode(bytes, width, height, out).map_err(|e| corrupt(Format::Png, e))
}

/// JPEG through `zune-jpeg` in strict mode (a truncated or corrupt file is
/// an error, not a half-grey image): grey, YCbCr, RGB, CMYK and YCCK all
/// come out as RGB at the start of `out`, widened to opaque RGBA in place.
/// (Not straight to RGBA: zune-jpeg 0.5.15 writes CMYK → RGBA with a
/// 3-byte stride, misplacing pixels and leaving alpha 0.) EXIF orientation
/// is ignored.
fn decode_jpeg(bytes: &[u8], width: u32, height: u32, out: &mut [u8]) -> Result<(), ImageError> {
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let fail =
        |e: zune_jpeg::errors::DecodeErrors| corrupt(Format::Jpeg, &lowercase(&e.to_string()));
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .set_max_width(usize::from(u16::MAX))
        .set_max_height(usize::from(u16::MAX))
        .jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(fail)?;
    if decoder.dimensions() != Some((width as usize, height as usize)) {
        return Err(corrupt(Format::Jpeg, "the header changed while decoding"));
    }
    if decoder.output_colorspace() != Some(ColorSpace::RGB) {
        return Err(corrupt(Format::Jpeg, "an unsupported colour space"));
    }
    let rgb = out.len() / 4 * 3;
    decoder.decode_into(&mut out[..rgb]).map_err(fail)?;
    widen_rgb(out);
    Ok(())
}

/// Widens the RGB samples at the start of `px` to opaque RGBA over the
/// whole of it, in place (back to front, so no sample is overwritten
/// before it is read).
fn widen_rgb(px: &mut [u8]) {
    for i in (0..px.len() / 4).rev() {
        let [r, g, b] = [px[3 * i], px[3 * i + 1], px[3 * i + 2]];
        px[4 * i..4 * i + 4].copy_from_slice(&[r, g, b, 255]);
    }
}

/// `c × a / 255`, rounded to nearest (exact for all 8-bit inputs; the
/// same rounding as tiny-skia's premultiplication).
pub(super) fn premultiply(c: u8, a: u8) -> u8 {
    let p = u32::from(c) * u32::from(a) + 128;
    ((p + (p >> 8)) >> 8) as u8
}

fn corrupt(format: Format, detail: &str) -> ImageError {
    ImageError::Corrupt {
        format,
        detail: detail.to_owned(),
    }
}

/// A decoder's message with a lowercase first letter, clipped to 200 bytes.
fn lowercase(message: &str) -> String {
    let message = super::data_uri::clip(message, 200);
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
