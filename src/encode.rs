//! Pixmaps → PNG and APNG bytes, in the smallest faithful colour form.

use std::collections::HashMap;

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
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    })
}

/// Picks the smallest lossless form for the pixels.
fn analyse(pixmap: &Pixmap) -> Form {
    let n = pixmap.pixels().len();
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut lookup: HashMap<[u8; 4], u8> = HashMap::new();
    let mut indices = Vec::with_capacity(n);
    let (mut opaque, mut gray) = (true, true);
    let mut indexed = true;
    for px in straight(pixmap) {
        opaque &= px[3] == 255;
        gray &= px[0] == px[1] && px[1] == px[2];
        if indexed {
            let next = palette.len();
            match lookup.get(&px) {
                Some(&i) => indices.push(i),
                None if next < 256 => {
                    lookup.insert(px, next as u8);
                    palette.push(px);
                    indices.push(next as u8);
                }
                None => indexed = false,
            }
        }
    }
    // A grey image needs 1–2 bytes per pixel without a palette; prefer the
    // palette only when it is not larger.
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

/// Encodes one image as PNG.
pub fn png(pixmap: &Pixmap) -> Vec<u8> {
    let mut out = Vec::new();
    let form = analyse(pixmap);
    let mut encoder = Encoder::new(&mut out, pixmap.width(), pixmap.height());
    let data = configure(&mut encoder, form);
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
    encoder.set_compression(Compression::Balanced);
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
