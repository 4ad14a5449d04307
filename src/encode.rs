//! Pixmaps → PNG and APNG bytes, in the smallest faithful colour form.

use png::{BitDepth, ColorType, Compression, Encoder, Filter};
use render::Pixmap;

/// How pixels are laid out in the PNG.
#[derive(Debug)]
enum Form {
    /// ≤ 256 distinct colours: a palette (with `tRNS` if any is translucent).
    Indexed {
        palette: Vec<[u8; 4]>,
        indices: Vec<u8>,
    },
    /// Every pixel grey and opaque.
    Gray(Vec<u8>),
    /// Every pixel grey.
    GrayAlpha(Vec<u8>),
    /// Every pixel opaque.
    Rgb(Vec<u8>),
    /// Anything else.
    Rgba(Vec<u8>),
}

/// Straight-alpha RGBA pixels of a pixmap.
fn straight(pixmap: &Pixmap) -> impl Iterator<Item = [u8; 4]> + '_ {
    pixmap.pixels().iter().map(|p| {
        if p.alpha() == 255 {
            // Opaque pixels need no division.
            [p.red(), p.green(), p.blue(), 255]
        } else {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        }
    })
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

    /// The index of `key`, if present.
    fn find(&self, key: u32) -> Option<u8> {
        let mut slot = (key.wrapping_mul(0x9E37_79B9) >> 22) as usize;
        while self.used[slot] {
            if self.keys[slot] == key {
                return Some(self.values[slot]);
            }
            slot = (slot + 1) & 1023;
        }
        None
    }

    /// The index of `key`, inserting `next` if it is new.
    fn get_or_insert(&mut self, key: u32, next: u8) -> (u8, bool) {
        let mut slot = (key.wrapping_mul(0x9E37_79B9) >> 22) as usize;
        loop {
            if !self.used[slot] {
                self.used[slot] = true;
                self.keys[slot] = key;
                self.values[slot] = next;
                return (next, true);
            }
            if self.keys[slot] == key {
                return (self.values[slot], false);
            }
            slot = (slot + 1) & 1023;
        }
    }
}

/// Picks the smallest lossless form for the pixels.
fn analyse(pixmap: &Pixmap) -> Form {
    let n = pixmap.pixels().len();
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut map = PaletteMap::new();
    let mut indices = Vec::with_capacity(n);
    let (mut opaque, mut gray) = (true, true);
    let mut indexed = true;
    // Runs of one colour are the common case: remember the last lookup.
    let mut last: Option<(u32, u8)> = None;
    for px in straight(pixmap) {
        opaque &= px[3] == 255;
        gray &= px[0] == px[1] && px[1] == px[2];
        if indexed {
            let key = u32::from_le_bytes(px);
            match last {
                Some((k, i)) if k == key => indices.push(i),
                _ if palette.len() == 256 && map.find(key).is_none() => {
                    indexed = false;
                    indices = Vec::new();
                }
                _ => {
                    let (i, new) = map.get_or_insert(key, palette.len() as u8);
                    if new {
                        palette.push(px);
                    }
                    indices.push(i);
                    last = Some((key, i));
                }
            }
        } else if !opaque && !gray {
            break; // nothing left to learn: RGBA
        }
    }
    // A grey opaque image needs one byte per pixel without a palette; prefer
    // the palette otherwise.
    if indexed && !(gray && opaque) {
        return Form::Indexed { palette, indices };
    }
    let px = straight(pixmap);
    match (gray, opaque) {
        (true, true) => Form::Gray(px.map(|p| p[0]).collect()),
        (true, false) => Form::GrayAlpha(px.flat_map(|p| [p[0], p[3]]).collect()),
        (false, true) => Form::Rgb(px.flat_map(|p| [p[0], p[1], p[2]]).collect()),
        (false, false) => Form::Rgba(px.flatten().collect()),
    }
}

/// The compression level of still images, chosen by measurement (see
/// `compression_trade_off` below and BENCHMARKS.md).
const COMPRESSION: Compression = Compression::Balanced;

/// The row filter of non-palette images, chosen by measurement like
/// [`COMPRESSION`]. Palette images are never filtered (filters predict
/// values, and palette indices are not values).
const FILTER: Filter = Filter::Adaptive;

/// Encodes one image as PNG.
pub fn png(pixmap: &Pixmap) -> Vec<u8> {
    encode_with(pixmap, COMPRESSION, FILTER)
}

fn encode_with(pixmap: &Pixmap, level: Compression, filter: Filter) -> Vec<u8> {
    let mut out = Vec::new();
    let form = analyse(pixmap);
    let indexed = matches!(form, Form::Indexed { .. });
    let mut encoder = Encoder::new(&mut out, pixmap.width(), pixmap.height());
    let data = configure(&mut encoder, form);
    encoder.set_compression(level);
    if !indexed {
        encoder.set_filter(filter);
    }
    // Writing into a Vec cannot fail, and the data length matches the header
    // by construction.
    let mut writer = encoder.write_header().expect("png header into a Vec");
    writer.write_image_data(&data).expect("png data into a Vec");
    writer.finish().expect("png end into a Vec");
    out
}

/// Sets colour type, palette, filter and compression; returns the pixel bytes.
fn configure<W: std::io::Write>(encoder: &mut Encoder<'_, W>, form: Form) -> Vec<u8> {
    encoder.set_depth(BitDepth::Eight);
    match form {
        Form::Indexed { palette, indices } => {
            encoder.set_color(ColorType::Indexed);
            encoder.set_filter(Filter::NoFilter);
            encoder.set_palette(
                palette
                    .iter()
                    .flat_map(|c| [c[0], c[1], c[2]])
                    .collect::<Vec<u8>>(),
            );
            if palette.iter().any(|c| c[3] != 255) {
                // tRNS may stop after the last translucent entry.
                let last = palette.iter().rposition(|c| c[3] != 255).unwrap_or(0);
                encoder.set_trns(palette[..=last].iter().map(|c| c[3]).collect::<Vec<u8>>());
            }
            indices
        }
        Form::Gray(d) => {
            encoder.set_color(ColorType::Grayscale);
            encoder.set_filter(Filter::Paeth);
            d
        }
        Form::GrayAlpha(d) => {
            encoder.set_color(ColorType::GrayscaleAlpha);
            encoder.set_filter(Filter::Paeth);
            d
        }
        Form::Rgb(d) => {
            encoder.set_color(ColorType::Rgb);
            encoder.set_filter(Filter::Paeth);
            d
        }
        Form::Rgba(d) => {
            encoder.set_color(ColorType::Rgba);
            encoder.set_filter(Filter::Paeth);
            d
        }
    }
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
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, width, height);
    encoder.set_depth(BitDepth::Eight);
    encoder.set_compression(Compression::Balanced);
    encoder.set_filter(Filter::Paeth);
    encoder.set_color(if opaque {
        ColorType::Rgb
    } else {
        ColorType::Rgba
    });
    let frames = frames.max(1);
    // 0 plays = loop forever. Frame counts and delays are validated upstream,
    // so these calls cannot fail.
    encoder.set_animated(frames, 0).expect("frames ≥ 1");
    encoder
        .set_frame_delay(1, fps.clamp(1, 1000) as u16)
        .expect("valid delay");
    let mut writer = encoder.write_header().expect("apng header into a Vec");
    for i in 0..frames {
        let p = frame(i);
        let data: Vec<u8> = if opaque {
            straight(&p).flat_map(|c| [c[0], c[1], c[2]]).collect()
        } else {
            straight(&p).flatten().collect()
        };
        writer
            .write_image_data(&data)
            .expect("apng frame into a Vec");
    }
    writer.finish().expect("apng end into a Vec");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let bytes = png(&pixmap(colours));
        let raw = png::Decoder::new(std::io::Cursor::new(&bytes))
            .read_info()
            .unwrap()
            .info()
            .color_type;
        assert_eq!(raw, expect);
        let (_, px) = decode(&bytes);
        let want: Vec<u8> = straight(&pixmap(colours)).flatten().collect();
        assert_eq!(px, want);
    }

    /// Times and sizes of the compression settings on real renders; run with
    /// `cargo test --release --lib encode::tests::compression_trade_off -- --ignored --nocapture`.
    #[test]
    #[ignore = "measurement, not a check"]
    fn compression_trade_off() {
        use crate::routes::{handle, Env, Request};
        let clock = || 0.0;
        for (path, query) in [
            ("/heart.png", "size=400"),
            ("/heart.png", "size=400&bg=white&style=gradient"),
            (
                "/text.png",
                "text=Hello%20from%20the%20edge&width=1200&height=630&size=64",
            ),
            (
                "/text.png",
                "text=Hello&width=1200&height=630&size=64&color=red&bg=%23eef",
            ),
            (
                "/text.png",
                "text=Hello%20from%20the%20edge%0ARendered%20on%20demand&width=1200&height=630&size=64&padding=80",
            ),
        ] {
            let req = Request {
                method: "GET",
                path,
                query,
                ..Request::default()
            };
            let png_bytes = handle(&req, &Env { clock: &clock }).body;
            let mut d = png::Decoder::new(std::io::Cursor::new(&png_bytes));
            d.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
            let mut r = d.read_info().unwrap();
            let mut buf = vec![0; r.output_buffer_size().unwrap()];
            let info = r.next_frame(&mut buf).unwrap();
            let mut pixmap = Pixmap::new(info.width, info.height).unwrap();
            for (px, c) in pixmap.pixels_mut().iter_mut().zip(buf.chunks(
                if info.color_type == ColorType::Rgba {
                    4
                } else {
                    2
                },
            )) {
                let rgba = if c.len() == 4 {
                    [c[0], c[1], c[2], c[3]]
                } else {
                    [c[0], c[0], c[0], c[1]]
                };
                *px = render::ColorU8::from_rgba(rgba[0], rgba[1], rgba[2], rgba[3]).premultiply();
            }
            for level in [Compression::Fast, Compression::Balanced, Compression::High] {
                for filter in [Filter::NoFilter, Filter::Sub, Filter::Up, Filter::Paeth, Filter::Adaptive] {
                    let t = std::time::Instant::now();
                    let mut out = Vec::new();
                    for _ in 0..10 {
                        out = encode_with(&pixmap, level, filter);
                    }
                    let ms = t.elapsed().as_secs_f64() * 100.0;
                    println!("{path}?{query} {level:?} {filter:?}: {} bytes, {ms:.2} ms", out.len());
                }
            }
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
