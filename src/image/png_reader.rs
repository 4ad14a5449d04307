//! A PNG reader over `miniz_oxide`'s inflate: the chunk walk (every CRC
//! checked), IHDR, PLTE, tRNS, IDAT and IEND; every colour type and bit
//! depth, Adam7 interlacing and the five filters. It writes premultiplied RGBA straight into the image,
//! row by row as the data inflates: nothing else pixel-sized is held.
//!
//! Output and acceptance follow the `png` crate's decoder with
//! `normalize_to_color8` (which this replaced, 37 KB gzip smaller in the
//! worker; the tests compare the two on generated images):
//! - samples are 8 bits: 16-bit ones keep their high byte, 1-, 2- and
//!   4-bit greys are scaled (× 255, 85, 17), palettes are looked up
//!   (indices past the palette are opaque black);
//! - tRNS: palette alphas (ignored if longer than the palette), or a grey
//!   or RGB colour key compared with the samples as stored (the key's low
//!   byte below 16 bits, all of it at 16); a tRNS that is malformed, after
//!   the image data or on a type with alpha is ignored, as ancillary
//!   chunks are;
//! - the zlib stream is read until the image is complete: its checksum
//!   (redundant with the chunks' CRCs) and anything after the last row are
//!   not checked, as libpng and the `png` crate do;
//! - gamma, colour profiles, text and every other ancillary chunk are
//!   skipped (samples are sRGB); an APNG gives its default image.
//!
//! Refused, with a lowercase reason: a truncated file (a chunk cut short, no
//! IEND, image data that ends early), a CRC mismatch, chunks out of order
//! (IHDR not first, PLTE after the data, IDAT chunks not consecutive), an
//! unknown critical chunk, a bad IHDR, a palette image without PLTE,
//! corrupt deflate data and an unknown filter type.

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use super::decode::premultiply;

/// Why a PNG cannot be decoded: a lowercase reason.
type Error = &'static str;

/// Decodes a PNG whose IHDR says `width × height` into `out`
/// (`width × height × 4` bytes): premultiplied RGBA.
pub(super) fn decode(bytes: &[u8], width: u32, height: u32, out: &mut [u8]) -> Result<(), Error> {
    let png = read_chunks(bytes)?;
    if (png.width, png.height) != (width, height)
        || out.len() != 4 * width as usize * height as usize
    {
        return Err("the header changed while decoding");
    }
    let table = png.lookup_table()?;
    let key = png.colour_key();
    let bits = usize::from(png.depth) * png.channels();
    let (w, h) = (width as usize, height as usize);
    let mut inflater = Inflater::new(&png.idat);
    // The previous and the current row, each with its filter byte.
    let stride = 1 + (w * bits).div_ceil(8);
    let mut rows = vec![0u8; 2 * stride];
    // An interlaced pass's row, in RGBA, before it is spread out.
    let mut spread = vec![0u8; if png.interlaced { 4 * w.div_ceil(2) } else { 0 }];
    let passes: &[Pass] = if png.interlaced {
        &ADAM7
    } else {
        &[(0, 0, 1, 1)]
    };
    for &(x0, y0, dx, dy) in passes {
        let pw = w.saturating_sub(x0).div_ceil(dx);
        let ph = h.saturating_sub(y0).div_ceil(dy);
        if pw == 0 || ph == 0 {
            continue;
        }
        let len = 1 + (pw * bits).div_ceil(8);
        let (prev, cur) = rows.split_at_mut(stride);
        // The row above the first of a pass is zeros.
        prev[..len].fill(0);
        let (mut prev, mut cur) = (&mut prev[..len], &mut cur[..len]);
        for y in (y0..h).step_by(dy) {
            inflater.fill(cur)?;
            unfilter(cur[0], bits.div_ceil(8), &prev[1..], &mut cur[1..])?;
            let line = &mut out[4 * y * w..4 * (y + 1) * w];
            if dx == 1 {
                png.emit(&cur[1..], &table, key.as_deref(), line);
            } else {
                let pixels = &mut spread[..4 * pw];
                png.emit(&cur[1..], &table, key.as_deref(), pixels);
                for (to, from) in line[4 * x0..]
                    .chunks_mut(4 * dx)
                    .zip(pixels.chunks_exact(4))
                {
                    to[..4].copy_from_slice(from);
                }
            }
            std::mem::swap(&mut prev, &mut cur);
        }
    }
    Ok(())
}

/// An Adam7 pass: first column and row, column and row steps.
type Pass = (usize, usize, usize, usize);

const ADAM7: [Pass; 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

/// What the chunks say, and where the image data is.
struct Png<'a> {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
    palette: Option<&'a [u8]>,
    trns: Option<&'a [u8]>,
    idat: Vec<&'a [u8]>,
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Walks every chunk from the signature to IEND, checking each CRC and the
/// order of the critical chunks.
fn read_chunks(bytes: &[u8]) -> Result<Png<'_>, Error> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err("no png signature");
    }
    let mut png: Option<Png> = None;
    // Whether IDAT chunks have started, and whether another chunk followed.
    let (mut in_data, mut after_data) = (false, false);
    let mut pos = 8;
    loop {
        let head = bytes
            .get(pos..pos + 8)
            .ok_or("the data ends before the iend chunk")?;
        let len = be32(head) as usize;
        if len > i32::MAX as usize {
            return Err("a chunk length is over 2^31 - 1");
        }
        let end = pos + 8 + len;
        let crc = bytes
            .get(end..end + 4)
            .ok_or("the data ends inside a chunk")?;
        if crate::crc32::hash(&bytes[pos + 4..end]) != be32(crc) {
            return Err("a chunk's crc does not match its data");
        }
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        let data = &bytes[pos + 8..end];
        pos = end + 4;
        if kind != *b"IDAT" && in_data {
            after_data = true;
        }
        let Some(png) = png.as_mut() else {
            if kind != *b"IHDR" {
                return Err("the first chunk is not ihdr");
            }
            png = Some(ihdr(data)?);
            continue;
        };
        match &kind {
            b"IHDR" => return Err("a second ihdr chunk"),
            b"PLTE" => {
                if in_data {
                    return Err("a plte chunk after the image data");
                }
                if png.palette.is_some() {
                    return Err("a second plte chunk");
                }
                if len == 0 || len > 3 * 256 || !len.is_multiple_of(3) {
                    return Err("a plte chunk of a bad length");
                }
                png.palette = Some(data);
            }
            // Ancillary: one that is out of place or of a bad length is
            // ignored.
            b"tRNS"
                if !in_data
                    && png.trns.is_none()
                    && (1..=256).contains(&len)
                    && (png.colour != 3 || png.palette.is_some()) =>
            {
                png.trns = Some(data);
            }
            b"IDAT" => {
                if after_data {
                    return Err("the idat chunks are not consecutive");
                }
                in_data = true;
                png.idat.push(data);
            }
            b"IEND" => break,
            // Bit 5 of the first byte: ancillary (lowercase), skipped.
            _ if kind[0] & 0x20 == 0 => return Err("an unknown critical chunk"),
            _ => {}
        }
    }
    let png = png.ok_or("no ihdr chunk")?;
    if !in_data {
        return Err("no image data (idat chunk)");
    }
    Ok(png)
}

/// The IHDR chunk, checked.
fn ihdr(data: &[u8]) -> Result<Png<'_>, Error> {
    if data.len() != 13 {
        return Err("the ihdr chunk is not 13 bytes long");
    }
    let (depth, colour) = (data[8], data[9]);
    let valid = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => return Err("an unknown colour type"),
    };
    if !valid {
        return Err("a bit depth that the colour type does not allow");
    }
    if data[10] != 0 || data[11] != 0 {
        return Err("an unknown compression or filter method");
    }
    if data[12] > 1 {
        return Err("an unknown interlace method");
    }
    Ok(Png {
        width: be32(data),
        height: be32(&data[4..]),
        depth,
        colour,
        interlaced: data[12] == 1,
        palette: None,
        trns: None,
        idat: Vec::new(),
    })
}

impl Png<'_> {
    /// Samples per pixel.
    fn channels(&self) -> usize {
        match self.colour {
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 1,
        }
    }

    /// For one-sample pixels of 8 bits or fewer (palette indices, greys):
    /// every sample value's premultiplied RGBA.
    fn lookup_table(&self) -> Result<[[u8; 4]; 256], Error> {
        let mut table = [[0, 0, 0, 255]; 256];
        if self.colour == 3 {
            let palette = self.palette.ok_or("a palette image without a plte chunk")?;
            let trns = self.trns.unwrap_or(&[]);
            let trns = if trns.len() <= palette.len() / 3 {
                trns
            } else {
                &[]
            };
            for (i, rgb) in palette.chunks_exact(3).enumerate() {
                let a = trns.get(i).copied().unwrap_or(255);
                let p = |c| premultiply(c, a);
                table[i] = [p(rgb[0]), p(rgb[1]), p(rgb[2]), a];
            }
        } else if self.colour == 0 && self.depth <= 8 {
            let scale = 255 / ((1u16 << self.depth) - 1) as u8;
            for (v, entry) in table.iter_mut().enumerate().take(1 << self.depth) {
                let g = v as u8 * scale;
                *entry = [g, g, g, 255];
            }
            // The key is the stored sample: the low byte of its 16 bits.
            if let Some(&[_, key, ..]) = self.trns {
                table[usize::from(key)] = [0; 4];
            }
        }
        Ok(table)
    }

    /// For grey and RGB pixels of 8 and 16 bits: the colour key that is
    /// transparent, as stored (its low bytes at 8 bits), if there is one.
    fn colour_key(&self) -> Option<Vec<u8>> {
        let trns = self.trns?;
        let n = match self.colour {
            0 => 1,
            2 => 3,
            _ => return None,
        };
        if trns.len() < 2 * n {
            return None;
        }
        Some(if self.depth == 16 {
            trns.to_vec()
        } else {
            (0..n).map(|i| trns[2 * i + 1]).collect()
        })
    }

    /// Writes the pixels of an unfiltered row to `out` (as many as it
    /// holds) as premultiplied RGBA.
    fn emit(&self, row: &[u8], table: &[[u8; 4]; 256], key: Option<&[u8]>, out: &mut [u8]) {
        let px = out.chunks_exact_mut(4);
        // Pixels of 8 and 16 bits, each through `f` (16-bit samples by
        // their high byte).
        let keyed = |p: &[u8], rgb: [u8; 3]| match key {
            Some(k) if k == p => [0; 4],
            _ => [rgb[0], rgb[1], rgb[2], 255],
        };
        match (self.colour, self.depth) {
            (0 | 3, 8) => {
                for (&v, px) in row.iter().zip(px) {
                    px.copy_from_slice(&table[usize::from(v)]);
                }
            }
            (0 | 3, 1 | 2 | 4) => {
                let depth = usize::from(self.depth);
                let mask = ((1u16 << depth) - 1) as u8;
                for (i, px) in px.enumerate() {
                    let bit = i * depth;
                    let v = (row[bit / 8] >> (8 - depth - bit % 8)) & mask;
                    px.copy_from_slice(&table[usize::from(v)]);
                }
            }
            (0, _) => each::<2>(row, px, |p| keyed(p, [p[0]; 3])),
            (2, 8) => each::<3>(row, px, |p| keyed(p, [p[0], p[1], p[2]])),
            (2, _) => each::<6>(row, px, |p| keyed(p, [p[0], p[2], p[4]])),
            (4, 8) => each::<2>(row, px, |p| grey_alpha(p[0], p[1])),
            (4, _) => each::<4>(row, px, |p| grey_alpha(p[0], p[2])),
            (_, 8) => each::<4>(row, px, |p| rgba(p[0], p[1], p[2], p[3])),
            _ => each::<8>(row, px, |p| rgba(p[0], p[2], p[4], p[6])),
        }
    }
}

/// Each `N`-byte pixel of `row` through `f` into `out`.
#[inline(always)]
fn each<'a, const N: usize>(
    row: &[u8],
    out: std::slice::ChunksExactMut<'a, u8>,
    f: impl Fn(&[u8]) -> [u8; 4],
) {
    for (p, px) in row.chunks_exact(N).zip(out) {
        px.copy_from_slice(&f(p));
    }
}

#[inline(always)]
fn grey_alpha(v: u8, a: u8) -> [u8; 4] {
    let v = premultiply(v, a);
    [v, v, v, a]
}

#[inline(always)]
fn rgba(r: u8, g: u8, b: u8, a: u8) -> [u8; 4] {
    if a == 255 {
        [r, g, b, a]
    } else {
        [premultiply(r, a), premultiply(g, a), premultiply(b, a), a]
    }
}

/// Reverses a row's filter in place: `row` (without its filter byte)
/// against `prev`, the unfiltered row above; `bpp` bytes per pixel
/// (rounded up: 1 below 8 bits), which the row's length is a multiple of.
fn unfilter(filter: u8, bpp: usize, prev: &[u8], row: &mut [u8]) -> Result<(), Error> {
    match (filter, bpp) {
        (0, _) => {}
        (2, _) => {
            for (r, &p) in row.iter_mut().zip(prev) {
                *r = r.wrapping_add(p);
            }
        }
        (1 | 3 | 4, 1) => unfilter_n::<1>(filter, prev, row),
        (1 | 3 | 4, 2) => unfilter_n::<2>(filter, prev, row),
        (1 | 3 | 4, 3) => unfilter_n::<3>(filter, prev, row),
        (1 | 3 | 4, 4) => unfilter_n::<4>(filter, prev, row),
        (1 | 3 | 4, 6) => unfilter_n::<6>(filter, prev, row),
        (1 | 3 | 4, _) => unfilter_n::<8>(filter, prev, row),
        _ => return Err("an unknown filter type"),
    }
    Ok(())
}

/// Sub (1), Average (3) and Paeth (4), pixel by pixel for `N`-byte
/// pixels: `a` is the pixel to the left, `c` the one above it.
fn unfilter_n<const N: usize>(filter: u8, prev: &[u8], row: &mut [u8]) {
    let (mut a, mut c) = ([0u8; N], [0u8; N]);
    let pixels = row.chunks_exact_mut(N).zip(prev.chunks_exact(N));
    match filter {
        1 => {
            for (r, _) in pixels {
                for k in 0..N {
                    r[k] = r[k].wrapping_add(a[k]);
                    a[k] = r[k];
                }
            }
        }
        3 => {
            for (r, b) in pixels {
                for k in 0..N {
                    let avg = (u16::from(a[k]) + u16::from(b[k])) / 2;
                    r[k] = r[k].wrapping_add(avg as u8);
                    a[k] = r[k];
                }
            }
        }
        _ => {
            for (r, b) in pixels {
                for k in 0..N {
                    r[k] = r[k].wrapping_add(paeth(a[k], b[k], c[k]));
                    a[k] = r[k];
                    c[k] = b[k];
                }
            }
        }
    }
}

/// The Paeth predictor: whichever of left (`a`), above (`b`) and upper
/// left (`c`) is nearest to a + b - c, ties in that order.
#[inline(always)]
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (a16, b16, c16) = (i16::from(a), i16::from(b), i16::from(c));
    let pa = (b16 - c16).abs();
    let pb = (a16 - c16).abs();
    let pc = (a16 + b16 - 2 * c16).abs();
    let (mut best, mut min) = (a, pa);
    if pb < min {
        (best, min) = (b, pb);
    }
    if pc < min {
        best = c;
    }
    best
}

/// The zlib stream spread over the IDAT chunks, inflated on demand into a
/// buffer that slides: the last 32 KiB (the deflate window) move to its
/// start when it is full. It is not used as a ring (`miniz_oxide`'s
/// streaming mode), because only a flat buffer lets the inflater refuse a
/// match that reaches back before the start of the data.
struct Inflater<'a> {
    state: Box<DecompressorOxide>,
    chunks: std::slice::Iter<'a, &'a [u8]>,
    /// What is left of the current chunk.
    input: &'a [u8],
    buf: Vec<u8>,
    /// Inflated bytes not yet taken: `buf[start..end]`.
    start: usize,
    end: usize,
    /// Why nothing more comes, once the stream has ended or failed: the
    /// bytes inflated before are still good.
    stop: Option<Error>,
}

/// The deflate window, kept when the buffer slides.
const WINDOW: usize = 32 << 10;

impl<'a> Inflater<'a> {
    fn new(chunks: &'a [&'a [u8]]) -> Inflater<'a> {
        Inflater {
            state: Box::default(),
            chunks: chunks.iter(),
            input: &[],
            buf: vec![0; 4 * WINDOW],
            start: 0,
            end: 0,
            stop: None,
        }
    }

    /// Fills `out` with the next inflated bytes.
    fn fill(&mut self, out: &mut [u8]) -> Result<(), Error> {
        const EARLY: Error = "the image data ends early";
        let mut filled = 0;
        while filled < out.len() {
            if self.start < self.end {
                let n = (self.end - self.start).min(out.len() - filled);
                out[filled..filled + n].copy_from_slice(&self.buf[self.start..self.start + n]);
                self.start += n;
                filled += n;
                continue;
            }
            if let Some(why) = self.stop {
                return Err(why);
            }
            if self.input.is_empty() {
                self.input = self.chunks.next().ok_or(EARLY)?;
                continue;
            }
            if self.end == self.buf.len() {
                self.buf.copy_within(self.end - WINDOW.., 0);
                (self.start, self.end) = (WINDOW, WINDOW);
            }
            use inflate_flags::*;
            let (status, read, written) = decompress(
                &mut self.state,
                self.input,
                &mut self.buf,
                self.end,
                TINFL_FLAG_PARSE_ZLIB_HEADER
                    | TINFL_FLAG_IGNORE_ADLER32
                    | TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
                    | TINFL_FLAG_HAS_MORE_INPUT,
            );
            self.input = &self.input[read..];
            self.end += written;
            self.stop = match status {
                TINFLStatus::Done => Some(EARLY),
                // (No progress is never seen; a guard against a loop.)
                TINFLStatus::NeedsMoreInput | TINFLStatus::HasMoreOutput if read + written > 0 => {
                    None
                }
                _ => Some("the image data is not a valid zlib stream"),
            };
        }
        Ok(())
    }
}
