//! Pixmaps → PNG and APNG bytes, in the smallest faithful colour form.
//!
//! The container is written here (signature, chunks, CRC) and the pixel data
//! is deflated by [`crate::zlib`] (our row matcher; `miniz_oxide` only for
//! measurements): that gives control over row filtering and the deflate
//! parameters, which is where encoding time goes.

use crate::zlib::{zlib, zlib_rows, zlib_rows_into, Deflater, Scanlines};
use render::{Pixmap, PremultipliedColorU8};

/// How pixels are stored in the PNG.
enum Form {
    /// ≤ 256 distinct colours: a palette (with `tRNS` if any is translucent),
    /// and the map from premultiplied pixel to index.
    Indexed {
        palette: Vec<[u8; 4]>,
        map: Box<PaletteMap>,
    },
    /// Every pixel grey and opaque.
    Gray,
    /// Every pixel grey.
    GrayAlpha,
    /// Every pixel opaque.
    Rgb,
    /// Anything else.
    Rgba,
}

impl Form {
    /// PNG colour type and bytes per pixel.
    fn layout(&self) -> (u8, usize) {
        match self {
            Form::Indexed { .. } => (3, 1),
            Form::Gray => (0, 1),
            Form::GrayAlpha => (4, 2),
            Form::Rgb => (2, 3),
            Form::Rgba => (6, 4),
        }
    }

    /// Writes one row of premultiplied RGBA pixels, `bytes`, in this form
    /// into `out`.
    fn convert(&self, bytes: &[u8], out: &mut [u8]) {
        match self {
            Form::Indexed { map, .. } => {
                let mut last: Option<(u32, u8)> = None;
                for (p, o) in bytes.chunks_exact(4).zip(out.iter_mut()) {
                    let k = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                    *o = match last {
                        Some((q, i)) if q == k => i,
                        _ => {
                            // Every pixel was indexed by `analyse`.
                            let i = map.find(k).unwrap_or(0);
                            last = Some((k, i));
                            i
                        }
                    };
                }
            }
            Form::Gray => {
                for (p, o) in bytes.chunks_exact(4).zip(out.iter_mut()) {
                    *o = p[0];
                }
            }
            Form::GrayAlpha => {
                for (p, o) in bytes.chunks_exact(4).zip(out.chunks_exact_mut(2)) {
                    let c = demultiply(pixel(p));
                    o.copy_from_slice(&[c[0], c[3]]);
                }
            }
            Form::Rgb => {
                // Two pixels a step: their eight bytes as one u64, alpha
                // bytes squeezed out. In V8 0.32 ms for 1200×630 against
                // 0.55 a pixel at a time (natively 0.21 against 0.18).
                let mut pairs = bytes.chunks_exact(8);
                let mut outs = out.chunks_exact_mut(6);
                for (two, o) in (&mut pairs).zip(&mut outs) {
                    let v = u64::from_le_bytes(two.try_into().unwrap_or_default());
                    let rgb = (v & 0x00ff_ffff) | ((v >> 8) & 0xffff_ff00_0000);
                    o.copy_from_slice(&rgb.to_le_bytes()[..6]);
                }
                let rest = pairs.remainder().chunks_exact(4);
                for (p, o) in rest.zip(outs.into_remainder().chunks_exact_mut(3)) {
                    o.copy_from_slice(&p[..3]);
                }
            }
            Form::Rgba => {
                for (p, o) in bytes.chunks_exact(4).zip(out.chunks_exact_mut(4)) {
                    o.copy_from_slice(&demultiply(pixel(p)));
                }
            }
        }
    }
}

/// The premultiplied pixel of four bytes of a pixmap (which are one).
fn pixel(p: &[u8]) -> PremultipliedColorU8 {
    PremultipliedColorU8::from_rgba(p[0], p[1], p[2], p[3])
        .unwrap_or(PremultipliedColorU8::TRANSPARENT)
}

/// The straight-alpha colour of one premultiplied pixel.
fn demultiply(p: PremultipliedColorU8) -> [u8; 4] {
    if p.alpha() == 255 {
        // Opaque pixels need no division.
        [p.red(), p.green(), p.blue(), 255]
    } else {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    }
}

/// The palette key of a pixel: its premultiplied value. Premultiplied →
/// straight is a function, so distinct straight colours have distinct keys
/// (two keys may share a colour, which is exact, only a redundant entry).
fn key(p: PremultipliedColorU8) -> u32 {
    u32::from_le_bytes([p.red(), p.green(), p.blue(), p.alpha()])
}

/// A colour → palette index map for at most 256 colours: open addressing
/// over 1024 slots keyed by the packed RGBA value (much faster per pixel than
/// a general-purpose hash map).
struct PaletteMap {
    keys: [u32; 1024],
    values: [u8; 1024],
    used: [bool; 1024],
}

impl PaletteMap {
    fn new() -> Box<PaletteMap> {
        Box::new(PaletteMap {
            keys: [0; 1024],
            values: [0; 1024],
            used: [false; 1024],
        })
    }

    fn slot(key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9) >> 22) as usize
    }

    /// The index of `key`, if present.
    fn find(&self, key: u32) -> Option<u8> {
        let mut slot = Self::slot(key);
        while self.used[slot] {
            if self.keys[slot] == key {
                return Some(self.values[slot]);
            }
            slot = (slot + 1) & 1023;
        }
        None
    }

    /// Inserts `key` → `value`; `key` must be absent.
    fn insert(&mut self, key: u32, value: u8) {
        let mut slot = Self::slot(key);
        while self.used[slot] {
            slot = (slot + 1) & 1023;
        }
        self.used[slot] = true;
        self.keys[slot] = key;
        self.values[slot] = value;
    }
}

/// The rows of a pixmap, as pixels and as bytes (compared with `memcmp`).
fn rows(pixmap: &Pixmap) -> impl Iterator<Item = (&[PremultipliedColorU8], &[u8])> {
    let w = pixmap.width() as usize;
    pixmap
        .pixels()
        .chunks_exact(w)
        .zip(pixmap.data().chunks_exact(w * 4))
}

/// Whether two rows of bytes are equal (`==` on slices is a byte-by-byte loop
/// in wasm's `memcmp`): 64 bytes per step, the XORs of their eight words
/// ORed together and one branch per step, which LLVM turns into SIMD.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    const STEP: usize = 64;
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().unwrap_or_default());
    let (mut xs, mut ys) = (a.chunks_exact(STEP), b.chunks_exact(STEP));
    for (x, y) in (&mut xs).zip(&mut ys) {
        let diff = (0..STEP)
            .step_by(8)
            .fold(0, |d, i| d | (word(x, i) ^ word(y, i)));
        if diff != 0 {
            return false;
        }
    }
    xs.remainder() == ys.remainder()
}

/// Whether every pixel of a row (as bytes) is `p`.
fn uniform(row: &[u8], p: PremultipliedColorU8) -> bool {
    let one = key(p).to_le_bytes();
    let two = u64::from_le_bytes([
        one[0], one[1], one[2], one[3], one[0], one[1], one[2], one[3],
    ]);
    let mut chunks = row.chunks_exact(8);
    chunks.all(|x| u64::from_le_bytes(x.try_into().unwrap_or_default()) == two)
        && chunks.remainder().chunks_exact(4).all(|x| x == one)
}

/// For each row, whether it equals the row above.
fn repeated_rows(pixmap: &Pixmap) -> Vec<bool> {
    let mut above: &[u8] = &[];
    rows(pixmap)
        .map(|(_, bytes)| {
            let again = same_bytes(bytes, above);
            above = bytes;
            again
        })
        .collect()
}

/// Whether every pixel of rows `y..` is opaque: their alpha bytes ANDed
/// eight bytes at a time.
fn opaque_from(pixmap: &Pixmap, y: usize) -> bool {
    const ALPHA: u64 = 0xff00_0000_ff00_0000;
    let w = pixmap.width() as usize * 4;
    let from = (y * w).min(pixmap.data().len());
    pixmap.data()[from..].chunks_exact(w).all(|row| {
        let mut words = row.chunks_exact(8);
        let and = (&mut words).fold(u64::MAX, |a, c| {
            a & u64::from_le_bytes(c.try_into().unwrap_or_default())
        });
        and & ALPHA == ALPHA && words.remainder().get(3).is_none_or(|&a| a == 255)
    })
}

/// Picks the smallest lossless form for the pixels. A row equal to the one
/// above adds nothing and is skipped whole; within a row, runs of one colour
/// cost one comparison per pixel. Once more than 256 colours and a
/// colour that is not grey have been seen, only opacity is left to learn,
/// which the rest of the pixels answer eight bytes at a time.
fn analyse(pixmap: &Pixmap, repeated: &[bool]) -> Form {
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut map = PaletteMap::new();
    let (mut opaque, mut gray, mut indexed) = (true, true, true);
    for (y, ((row, _), &again)) in rows(pixmap).zip(repeated).enumerate() {
        if again {
            continue;
        }
        if !indexed && !gray {
            // Opaque so far (else the loop below has returned).
            return if opaque_from(pixmap, y) {
                Form::Rgb
            } else {
                Form::Rgba
            };
        }
        let mut last = None;
        for &p in row {
            if last == Some(p) {
                continue;
            }
            last = Some(p);
            let c = demultiply(p);
            opaque &= c[3] == 255;
            gray &= c[0] == c[1] && c[1] == c[2];
            if indexed && map.find(key(p)).is_none() {
                if palette.len() == 256 {
                    indexed = false;
                } else {
                    map.insert(key(p), palette.len() as u8);
                    palette.push(c);
                }
            }
            if !indexed && !opaque && !gray {
                return Form::Rgba; // nothing left to learn
            }
        }
    }
    // A grey opaque image needs one byte per pixel without a palette; prefer
    // the palette otherwise.
    match (gray, opaque, indexed) {
        (true, true, _) => Form::Gray,
        (_, _, true) => Form::Indexed { palette, map },
        (true, false, _) => Form::GrayAlpha,
        (false, true, _) => Form::Rgb,
        (false, false, _) => Form::Rgba,
    }
}

/// How the rows of an image are deflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// What [`png`] does for every image: our row matcher
    /// ([`Deflater::Rows`]). On colour images (scenes, gradient hearts,
    /// APNG frames) it is 2–4× faster than miniz at level 4. On palette and
    /// grey ones (text cards, flat hearts), where miniz at level 4 was used
    /// before, its PNGs are 0.9–2.3 % larger (5,712 → 5,770 B for a line of
    /// text) and 1.75–2.6× faster in wasm (0.56 → 0.24 ms; natively
    /// 1.4–2.5×), by `examples/encode_levels.rs` — and with it alone the
    /// worker links no miniz deflate (−10.2 KB gzip).
    Rows,
    /// miniz at this level (1–9), for measurements only.
    Miniz(u8),
}

/// Encodes one image as PNG. Its rows are written over the pixmap's own
/// bytes ([`scanlines`]): an image that does not compress holds its rows
/// and its stream at once, and nothing else of that size (a 2,048² canvas:
/// 37.8 MiB of linear memory when the rows had a buffer of their own
/// beside the pixmap, `bench/scene-memory.mjs`).
pub fn png(pixmap: Pixmap) -> Vec<u8> {
    encode(pixmap, zlib_rows_into)
}

/// Encodes one image as PNG, its rows deflated as `method` says: for
/// measuring the choices behind [`png`].
pub fn png_with(pixmap: &Pixmap, method: Method) -> Vec<u8> {
    match method {
        Method::Rows => png(pixmap.clone()),
        Method::Miniz(level) => encode(pixmap.clone(), |rows, out| {
            out.extend_from_slice(&zlib(rows, Deflater::Miniz(level)))
        }),
    }
}

/// Encodes one image as PNG, its rows deflated by `deflate` (appending
/// the zlib stream to the PNG being written).
fn encode(pixmap: Pixmap, deflate: impl Fn(&Scanlines, &mut Vec<u8>)) -> Vec<u8> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let repeated = repeated_rows(&pixmap);
    let form = analyse(&pixmap, &repeated);
    let (color, _) = form.layout();
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(&SIGNATURE);
    chunk(&mut out, b"IHDR", &ihdr(width, height, color));
    if let Form::Indexed { palette, .. } = &form {
        let rgb: Vec<u8> = palette.iter().flat_map(|c| [c[0], c[1], c[2]]).collect();
        chunk(&mut out, b"PLTE", &rgb);
        // tRNS may stop after the last translucent entry.
        if let Some(last) = palette.iter().rposition(|c| c[3] != 255) {
            let alpha: Vec<u8> = palette[..=last].iter().map(|c| c[3]).collect();
            chunk(&mut out, b"tRNS", &alpha);
        }
    }
    // (The pixmap's memory becomes the rows'.)
    let rows = scanlines(pixmap, &form, &repeated);
    chunk_with(&mut out, b"IDAT", |out| deflate(&rows, out));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Repeated rows shorter than this stay in the block around them.
const MIN_RUN: usize = 8;

/// Converts and filters every row. A row equal to the one above becomes all
/// zeros under `Up`; so does a palette row of only the first colour,
/// unfiltered. Every other row is stored unfiltered: on what this renderer
/// draws (flat fills, anti-aliased edges and text, vertical gradients) that
/// deflates smaller than the PNG specification's per-row heuristic (smallest
/// sum of absolute values over the five filters) in every case measured —
/// 3.5 % over the golden images, up to 30 % on APNG frames — and costs
/// nothing (see bench/build-choices.md). The scene cards' gradients do not
/// change that: over the six example cards, issue 10's target card and
/// seven text and heart renders, with miniz at level 4, unfiltered rows
/// total 465,694 B against 601,731 (the heuristic), 615,610 (`Paeth`),
/// 623,418 (`Up`) and 660,562 (`Sub`), and None is the smallest on every
/// one at levels 4 and 6 (at level 2, where miniz searches little, a filter
/// wins on 7 of the 14): a diagonal gradient's row is the row above
/// shifted by a pixel, which the deflater matches whole, and a filter
/// turns it into residuals.
fn scanlines(pixmap: Pixmap, form: &Form, repeated: &[bool]) -> Scanlines {
    let (color, bpp) = form.layout();
    let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
    let stride = width * bpp;
    let source = width * 4;
    // In a palette image the first pixel has index 0, so a row of only that
    // colour is all zeros unfiltered: runs of such rows are one long run of
    // zeros, cheaper still than `Up` rows (whose filter bytes break it).
    let blank = pixmap.pixels().first().copied().filter(|_| color == 3);
    // The rows are written over the pixmap's own bytes, from the start:
    // after `y` rows at most `y` filtered rows are written, and a filtered
    // row of three bytes a pixel or fewer, with its filter byte, is no
    // longer than a pixmap row, so row `y` is converted before anything is
    // written over it. An RGBA row is a byte longer: the pixmap first moves
    // `height` bytes up to make room. A 2,048² image so never holds a
    // second 12–16 MiB buffer for its rows (`examples/peak_memory.rs`).
    let mut pixels = pixmap.take();
    let shift = if bpp == 4 { height } else { 0 };
    if shift > 0 {
        let len = pixels.len();
        pixels.reserve_exact(shift);
        pixels.resize(len + shift, 0);
        pixels.copy_within(0..len, shift);
    }
    let mut out = Rows(0);
    let mut repeats = Vec::new();
    // The open run of zero rows: filter byte and length. Long runs are not
    // stored, only noted; short ones are written out when they end.
    let mut run: Option<(u8, usize)> = None;
    let close =
        |run: Option<(u8, usize)>, out: &mut Rows, pixels: &mut [u8], repeats: &mut Vec<_>| {
            if let Some((f, n)) = run {
                if n >= MIN_RUN {
                    repeats.push((out.0, n, f));
                } else {
                    for _ in 0..n {
                        out.put(pixels, f, None, stride);
                    }
                }
            }
        };
    let mut cur = vec![0u8; stride];
    let mut above_blank = false;
    for (y, &same) in repeated.iter().enumerate().take(height) {
        let bytes = &pixels[shift + y * source..shift + (y + 1) * source];
        let is_blank = if same {
            above_blank
        } else {
            blank.is_some_and(|b| uniform(bytes, b))
        };
        above_blank = is_blank;
        let zero_filter = match (is_blank, same) {
            (true, _) => Some(0),
            (false, true) => Some(2),
            (false, false) => None,
        };
        if let Some(f) = zero_filter {
            match &mut run {
                Some((g, n)) if *g == f => *n += 1,
                _ => {
                    close(run, &mut out, &mut pixels, &mut repeats);
                    run = Some((f, 1));
                }
            }
            continue;
        }
        form.convert(bytes, &mut cur);
        close(run.take(), &mut out, &mut pixels, &mut repeats);
        out.put(&mut pixels, 0, Some(&cur), stride);
    }
    close(run, &mut out, &mut pixels, &mut repeats);
    pixels.truncate(out.0);
    Scanlines {
        data: pixels,
        stride,
        bpp,
        repeats,
    }
}

/// How many bytes of filtered rows [`scanlines`] has written over the
/// pixmap's bytes.
struct Rows(usize);

impl Rows {
    /// Writes filter byte `filter` and `row` (`None`: `stride` zeros).
    fn put(&mut self, pixels: &mut [u8], filter: u8, row: Option<&[u8]>, stride: usize) {
        let at = self.0;
        pixels[at] = filter;
        let to = &mut pixels[at + 1..at + 1 + stride];
        match row {
            Some(row) => to.copy_from_slice(row),
            None => to.fill(0),
        }
        self.0 = at + 1 + stride;
    }
}

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Appends one chunk: length, type, data, CRC of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    chunk_with(out, kind, |out| out.extend_from_slice(data));
}

/// Appends a chunk of type `kind` whose data `write` appends to `out`: the
/// length is filled in after it.
fn chunk_with(out: &mut Vec<u8>, kind: &[u8; 4], write: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(kind);
    write(out);
    // Every chunk we write is far below PNG's 2³¹ − 1 limit: images are at
    // most 4096 × 4096 × 4 bytes before compression.
    let len = (out.len() - start - 8) as u32;
    out[start..start + 4].copy_from_slice(&len.to_be_bytes());
    let crc = crate::crc32::hash(&out[start + 4..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// `IHDR`: 8 bits per sample, deflate, adaptive filtering, no interlace.
fn ihdr(width: u32, height: u32, color: u8) -> [u8; 13] {
    let mut h = [0u8; 13];
    h[..4].copy_from_slice(&width.to_be_bytes());
    h[4..8].copy_from_slice(&height.to_be_bytes());
    h[8] = 8;
    h[9] = color;
    h
}

/// Encodes an animation that loops forever at `fps`, one frame at a time
/// (only one frame is in memory at once). Every frame must have the size of
/// the first. `opaque` promises every pixel of every frame is opaque, which
/// lets the frames be stored as RGB.
pub fn apng(
    width: u32,
    height: u32,
    frames: u32,
    fps: u32,
    opaque: bool,
    mut frame: impl FnMut(u32) -> Pixmap,
) -> Vec<u8> {
    let frames = frames.max(1);
    let form = if opaque { Form::Rgb } else { Form::Rgba };
    let (color, _) = form.layout();
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(&SIGNATURE);
    chunk(&mut out, b"IHDR", &ihdr(width, height, color));
    // acTL: frame count, 0 plays = loop forever.
    let mut actl = [0u8; 8];
    actl[..4].copy_from_slice(&frames.to_be_bytes());
    chunk(&mut out, b"acTL", &actl);
    // fcTL and fdAT share one sequence.
    let mut sequence = 0u32;
    let delay = fps.clamp(1, 1000) as u16;
    for i in 0..frames {
        let mut fctl = [0u8; 26];
        fctl[..4].copy_from_slice(&sequence.to_be_bytes());
        fctl[4..8].copy_from_slice(&width.to_be_bytes());
        fctl[8..12].copy_from_slice(&height.to_be_bytes());
        // x, y offsets 0; delay 1/fps s; dispose none, blend source.
        fctl[20..22].copy_from_slice(&1u16.to_be_bytes());
        fctl[22..24].copy_from_slice(&delay.to_be_bytes());
        chunk(&mut out, b"fcTL", &fctl);
        sequence += 1;
        let p = frame(i);
        let repeated = repeated_rows(&p);
        let z = zlib_rows(&scanlines(p, &form, &repeated));
        if i == 0 {
            chunk(&mut out, b"IDAT", &z);
        } else {
            let mut fdat = Vec::with_capacity(z.len() + 4);
            fdat.extend_from_slice(&sequence.to_be_bytes());
            fdat.extend_from_slice(&z);
            chunk(&mut out, b"fdAT", &fdat);
            sequence += 1;
        }
    }
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use png::ColorType;

    fn decode(bytes: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut d = png::Decoder::new(std::io::Cursor::new(bytes));
        d.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut r = d.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        buf.truncate(info.buffer_size());
        let rgba = match info.color_type {
            ColorType::Rgba => buf,
            ColorType::GrayscaleAlpha => buf
                .chunks(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
            other => panic!("EXPAND|ALPHA gave {other:?}"),
        };
        (info, rgba)
    }

    fn pixmap(colours: &[[u8; 4]]) -> Pixmap {
        let mut p = Pixmap::new(colours.len() as u32, 1).unwrap();
        for (i, c) in colours.iter().enumerate() {
            let col = tiny_skia_color(*c);
            p.pixels_mut()[i] = col;
        }
        p
    }

    fn tiny_skia_color(c: [u8; 4]) -> render::PremultipliedColorU8 {
        render::ColorU8::from_rgba(c[0], c[1], c[2], c[3]).premultiply()
    }

    fn roundtrip(colours: &[[u8; 4]], expect: ColorType) {
        let bytes = png(pixmap(colours));
        let raw = png::Decoder::new(std::io::Cursor::new(&bytes))
            .read_info()
            .unwrap()
            .info()
            .color_type;
        assert_eq!(raw, expect);
        let (_, px) = decode(&bytes);
        let want: Vec<u8> = pixmap(colours)
            .pixels()
            .iter()
            .flat_map(|&p| demultiply(p))
            .collect();
        assert_eq!(px, want);
    }

    /// A `w`×`h` image: background, with a few rows of "content" (varying
    /// pixels, some rows repeated) at `rows`, in the given colours.
    fn scene(w: u32, h: u32, bg: [u8; 4], ink: &[[u8; 4]], rows: &[u32]) -> Pixmap {
        let mut p = Pixmap::new(w, h).unwrap();
        for y in 0..h {
            for x in 0..w {
                let c = if rows.contains(&y) {
                    // Rows in a band repeat in groups of four.
                    ink[((x + y / 4 * 13) as usize) % ink.len()]
                } else {
                    bg
                };
                p.pixels_mut()[(y * w + x) as usize] = tiny_skia_color(c);
            }
        }
        p
    }

    #[test]
    fn repeated_and_background_rows_round_trip_in_every_form() {
        let grey = [[0, 0, 0, 255], [90, 90, 90, 255], [200, 200, 200, 255]];
        let colour = [[255, 0, 0, 255], [0, 0, 255, 128], [9, 200, 9, 0]];
        let many: Vec<[u8; 4]> = (0..300u32)
            .map(|i| [i as u8, (i / 256) as u8 * 99, 7, 255])
            .collect();
        // Nearly opaque, so premultiplying keeps > 256 distinct colours.
        let many_a: Vec<[u8; 4]> = (0..600u32)
            .map(|i| [i as u8, (i / 256) as u8 * 90, 7, 254 - (i % 2) as u8])
            .collect();
        let grey_a: Vec<[u8; 4]> = (0..600u32)
            .map(|i| [i as u8, i as u8, i as u8, 254 - (i / 256) as u8])
            .collect();
        let bands: Vec<u32> = (10..14).chain(30..31).chain(45..60).collect();
        for (bg, ink, form) in [
            ([255, 255, 255, 255], &grey[..], ColorType::Grayscale),
            ([238, 238, 255, 255], &colour[..], ColorType::Indexed),
            ([0, 0, 0, 0], &colour[..], ColorType::Indexed),
            ([255, 255, 255, 255], &many[..], ColorType::Rgb),
            ([0, 0, 0, 0], &many_a[..], ColorType::Rgba),
            ([9, 9, 9, 0], &grey_a[..], ColorType::GrayscaleAlpha),
        ] {
            // Widths around the 258-byte match length, and a tiny one.
            for w in [1, 3, 86, 87, 200] {
                let p = scene(w, 64, bg, ink, &bands);
                // The rows are written over the pixmap's bytes (RGBA
                // rows after `height` more bytes): no second buffer.
                let repeated = repeated_rows(&p);
                let form_of = analyse(&p, &repeated);
                let rows = scanlines(p.clone(), &form_of, &repeated);
                let more = if rows.bpp == 4 { 64 } else { 0 };
                assert_eq!(rows.data.capacity(), p.data().len() + more);
                let bytes = png(p.clone());
                let (info, px) = decode(&bytes);
                let raw = png::Decoder::new(std::io::Cursor::new(&bytes))
                    .read_info()
                    .unwrap()
                    .info()
                    .color_type;
                if w == 200 {
                    assert_eq!(raw, form, "bg {bg:?}, width {w}");
                }
                assert_eq!((info.width, info.height), (w, 64));
                let want: Vec<u8> = p.pixels().iter().flat_map(|&q| demultiply(q)).collect();
                assert!(px == want, "bg {bg:?}, width {w}: pixels differ");
                // The Adler-32 and CRCs check out under an independent inflater.
                let idat = bytes.windows(4).position(|c| c == b"IDAT").unwrap();
                let len = u32::from_be_bytes(bytes[idat - 4..idat].try_into().unwrap()) as usize;
                assert!(miniz_oxide::inflate::decompress_to_vec_zlib(
                    &bytes[idat + 4..idat + 4 + len]
                )
                .is_ok());
            }
        }
    }

    #[test]
    fn same_bytes_sees_every_difference() {
        for len in [0, 1, 7, 8, 63, 64, 65, 130, 4800] {
            let a: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            assert!(same_bytes(&a, &a.clone()), "{len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x10;
                assert!(!same_bytes(&a, &b), "{len} {at}");
            }
            assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    #[test]
    fn picks_the_smallest_form_losslessly() {
        roundtrip(
            &[[10, 10, 10, 255], [200, 200, 200, 255]],
            ColorType::Grayscale,
        );
        roundtrip(&[[255, 0, 0, 255], [0, 0, 255, 255]], ColorType::Indexed);
        roundtrip(
            &[[255, 0, 0, 128], [0, 0, 0, 0], [0, 0, 255, 255]],
            ColorType::Indexed,
        );
        let many: Vec<[u8; 4]> = (0..300u32)
            .map(|i| [i as u8, (i / 256) as u8, 7, 255])
            .collect();
        roundtrip(&many, ColorType::Rgb);
        let many_a: Vec<[u8; 4]> = (0..1000u32)
            .map(|i| [i as u8, (i / 4) as u8, 7, 128 + (i % 2) as u8 * 127])
            .collect();
        roundtrip(&many_a, ColorType::Rgba);
        let grey_a: Vec<[u8; 4]> = (0..1000u32)
            .map(|i| [i as u8, i as u8, i as u8, 200 + (i / 256) as u8 * 10])
            .collect();
        roundtrip(&grey_a, ColorType::GrayscaleAlpha);
    }
}
