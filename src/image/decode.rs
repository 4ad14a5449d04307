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

/// A JPEG's size, from its frame header ([`jpeg_header`]).
fn jpeg_dimensions(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let f = jpeg_header(bytes)?;
    Ok((f.width as u32, f.height as u32))
}

/// What the markers before a JPEG's first scan say.
struct JpegFrame<'a> {
    /// A progressive frame (SOF2).
    progressive: bool,
    width: u64,
    height: u64,
    /// Per component: id, sampling factors (`H << 4 | V`), table.
    components: &'a [u8],
    /// How many components the first scan holds.
    first_scan: usize,
}

/// The markers before a JPEG's first scan, walked by hand (nothing is
/// allocated for a header that lies), and strictly, so that what is read
/// here is what zune-jpeg decodes: exactly one frame header, of a kind it
/// decodes (baseline, extended or progressive Huffman: SOF0–2; zune-jpeg
/// skips the others, so one of them before the real frame would be a
/// decoy); no standalone or stray markers; then a scan header.
fn jpeg_header(bytes: &[u8]) -> Result<JpegFrame<'_>, ImageError> {
    let bad = |m: &str| corrupt(Format::Jpeg, m);
    let mut frame: Option<JpegFrame<'_>> = None;
    let mut i = 2; // after SOI
    loop {
        // Markers may be preceded by fill bytes (0xFF).
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return Err(bad(if frame.is_some() {
                "no scan before the data ends"
            } else {
                "no frame header before the data ends"
            }));
        };
        i += 2;
        match marker {
            0xDA => {
                let Some(mut f) = frame else {
                    return Err(bad("no frame header before the first scan"));
                };
                let ns = bytes
                    .get(i + 2)
                    .ok_or_else(|| bad("the scan header is truncated"))?;
                f.first_scan = usize::from(*ns);
                return Ok(f);
            }
            0xD9 => {
                return Err(bad(if frame.is_some() {
                    "the image ends before its first scan"
                } else {
                    "no frame header before the first scan"
                }));
            }
            // Standalone markers (TEM, RSTn, SOI) and 0x00 do not belong
            // before the first scan.
            0x00 | 0x01 | 0xD0..=0xD8 => {
                return Err(bad("a stray marker before the first scan"));
            }
            _ => {}
        }
        let len = bytes
            .get(i..i + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            .ok_or_else(|| bad("a marker segment is truncated"))?;
        if len < 2 {
            return Err(bad("a marker segment has a bad length"));
        }
        match marker {
            0xC0..=0xC2 => {
                if frame.is_some() {
                    return Err(bad("more than one frame header"));
                }
                let sof = bytes
                    .get(i..i + 8)
                    .ok_or_else(|| bad("the frame header is truncated"))?;
                let n = usize::from(sof[7]);
                frame = Some(JpegFrame {
                    progressive: marker == 0xC2,
                    height: u64::from(u16::from_be_bytes([sof[3], sof[4]])),
                    width: u64::from(u16::from_be_bytes([sof[5], sof[6]])),
                    components: bytes
                        .get(i + 8..i + 8 + 3 * n)
                        .ok_or_else(|| bad("the frame header is truncated"))?,
                    first_scan: 0,
                });
            }
            // Lossless, hierarchical and arithmetic-coded frames (SOF3,
            // SOF5–7, SOF9–11, SOF13–15).
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(bad(
                    "a lossless, hierarchical or arithmetic-coded jpeg, which is not supported",
                ));
            }
            _ => {}
        }
        i += len;
    }
}

/// Bytes a decoder holds while it decodes `bytes` (whose header was read),
/// beside the pixels it writes: what a scene's memory check adds for the
/// image being decoded. zune-jpeg 0.5 keeps every DCT coefficient of every
/// component until the last scan when the image is progressive, or when
/// its first scan holds fewer components than the frame (a baseline file
/// coded a component at a time): two bytes a sample, in whole MCUs — 6
/// bytes a pixel at 4:4:4, 3 at 4:2:0 (a 2,048² 4:4:4 photo: 24 MiB on
/// top of its 16 MiB of pixels, `examples/peak_memory.rs`). Other JPEGs
/// and PNGs decode a few rows at a time: 0.
pub(super) fn working_bytes(format: Format, bytes: &[u8]) -> u64 {
    match format {
        Format::Png => 0,
        Format::Jpeg => jpeg_header(bytes).map_or(0, |f| f.coefficient_bytes()),
    }
}

impl JpegFrame<'_> {
    fn coefficient_bytes(&self) -> u64 {
        let count = self.components.len() / 3;
        if !self.progressive && self.first_scan >= count {
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
    // What zune-jpeg read must be what the memory check was told
    // (`jpeg_header`): the size, whether it is progressive, the components.
    let ours = jpeg_header(bytes)?;
    let agrees = decoder.info().is_some_and(|info| {
        info.sof.is_progressive() == ours.progressive
            && usize::from(info.components) == ours.components.len() / 3
    });
    if !agrees || decoder.dimensions() != Some((width as usize, height as usize)) {
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
