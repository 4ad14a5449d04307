//! Our PNG reader against the `png` crate's decoder (the reader it
//! replaced, as it was called): generated images of every colour type,
//! depth, palette and tRNS, interlaced or not, with random filters and
//! IDAT splits; the repository's PNGs; and mutilated files, which both must
//! refuse (or both read alike).

use super::decode::premultiply;
use super::png_reader::decode;

/// The `png` crate's reading, as `decode::decode_png` did it before
/// `src/image/png_reader.rs`: normalised to 8-bit samples, widened to
/// premultiplied RGBA.
fn reference(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let limits = png::Limits { bytes: 4 << 20 };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    decoder.set_ignore_text_chunk(true);
    decoder.set_ignore_iccp_chunk(true);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    let channels = match reader.output_color_type() {
        (png::ColorType::Grayscale, png::BitDepth::Eight) => 1,
        (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => 2,
        (png::ColorType::Rgb, png::BitDepth::Eight) => 3,
        (png::ColorType::Rgba, png::BitDepth::Eight) => 4,
        other => return Err(format!("{other:?}")),
    };
    let mut buf = vec![0; reader.output_buffer_size().ok_or("size")?];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(frame.buffer_size());
    assert_eq!(buf.len(), w as usize * h as usize * channels);
    let rgba = buf
        .chunks_exact(channels)
        .flat_map(|p| {
            let (r, g, b, a) = match *p {
                [v] => (v, v, v, 255),
                [v, a] => (v, v, v, a),
                [r, g, b] => (r, g, b, 255),
                [r, g, b, a] => (r, g, b, a),
                _ => unreachable!(),
            };
            [premultiply(r, a), premultiply(g, a), premultiply(b, a), a]
        })
        .collect();
    Ok((w, h, rgba))
}

/// Ours, given the size the header gives (as `decode::dimensions` reads it).
fn ours(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let ihdr = bytes.get(16..24).ok_or("short")?;
    let w = u32::from_be_bytes(ihdr[..4].try_into().unwrap());
    let h = u32::from_be_bytes(ihdr[4..].try_into().unwrap());
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > 1 << 22 {
        return Err("size".into());
    }
    let mut out = vec![0; 4 * w as usize * h as usize];
    decode(bytes, w, h, &mut out)?;
    Ok((w, h, out))
}

/// Both agree: the same pixels, or both refuse.
fn agree(bytes: &[u8], what: &str) -> bool {
    match (ours(bytes), reference(bytes)) {
        (Ok(a), Ok(b)) => {
            assert!(a == b, "{what}: pixels differ");
            true
        }
        (Err(_), Err(_)) => false,
        (a, b) => panic!(
            "{what}: ours {:?}, png's {:?}",
            a.map(|_| "ok"),
            b.map(|_| "ok")
        ),
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let crc = crc32fast::hash(&c[4..]);
    c.extend_from_slice(&crc.to_be_bytes());
    c
}

/// A PNG as chunks, written by hand so that anything can be put in it.
struct Spec {
    width: u32,
    height: u32,
    depth: u8,
    colour: u8,
    interlaced: bool,
    palette: Option<Vec<u8>>,
    trns: Option<Vec<u8>>,
    /// The filtered scanlines (filter bytes included), before deflate.
    raw: Vec<u8>,
}

const PASSES: [(u32, u32, u32, u32); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

fn channels(colour: u8) -> u32 {
    match colour {
        2 => 3,
        4 => 2,
        6 => 4,
        _ => 1,
    }
}

impl Spec {
    /// Random scanlines: random filter bytes (0–4) over random samples,
    /// which is as valid a PNG as any; `sample` draws each byte.
    fn random(
        rng: &mut Rng,
        width: u32,
        height: u32,
        colour: u8,
        depth: u8,
        interlaced: bool,
    ) -> Spec {
        let bits = u32::from(depth) * channels(colour);
        let passes: Vec<_> = if interlaced {
            PASSES.to_vec()
        } else {
            vec![(0, 0, 1, 1)]
        };
        let mut raw = Vec::new();
        for (x0, y0, dx, dy) in passes {
            let pw = width.saturating_sub(x0).div_ceil(dx);
            let ph = height.saturating_sub(y0).div_ceil(dy);
            if pw == 0 || ph == 0 {
                continue;
            }
            for _ in 0..ph {
                raw.push(rng.below(5) as u8);
                // Few distinct values, so that colour keys match.
                let few = rng.below(2) == 0;
                for _ in 0..(pw * bits).div_ceil(8) {
                    raw.push(if few {
                        [0, 1, 255, 128][rng.below(4)]
                    } else {
                        rng.next() as u8
                    });
                }
            }
        }
        Spec {
            width,
            height,
            depth,
            colour,
            interlaced,
            palette: None,
            trns: None,
            raw,
        }
    }

    fn ihdr(&self) -> Vec<u8> {
        let mut ihdr = self.width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&self.height.to_be_bytes());
        ihdr.extend_from_slice(&[self.depth, self.colour, 0, 0, u8::from(self.interlaced)]);
        ihdr
    }

    /// The file, with the zlib stream cut into IDATs at `splits` (offsets).
    fn bytes(&self, splits: &[usize]) -> Vec<u8> {
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&self.raw, 6);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        out.extend(chunk(b"IHDR", &self.ihdr()));
        out.extend(chunk(b"gAMA", &45455u32.to_be_bytes()));
        if let Some(p) = &self.palette {
            out.extend(chunk(b"PLTE", p));
        }
        if let Some(t) = &self.trns {
            out.extend(chunk(b"tRNS", t));
        }
        let mut cuts: Vec<usize> = splits.iter().map(|&s| s.min(z.len())).collect();
        cuts.sort_unstable();
        let mut start = 0;
        for cut in cuts.into_iter().chain([z.len()]) {
            out.extend(chunk(b"IDAT", &z[start..cut]));
            start = cut;
        }
        out.extend(chunk(b"tEXt", b"Comment\0after the data"));
        out.extend(chunk(b"IEND", b""));
        out
    }
}

const TYPES: [(u8, &[u8]); 5] = [
    (0, &[1, 2, 4, 8, 16]),
    (2, &[8, 16]),
    (3, &[1, 2, 4, 8]),
    (4, &[8, 16]),
    (6, &[8, 16]),
];

#[test]
fn every_type_and_depth_matches_png() {
    let mut rng = Rng(1);
    let (mut decoded, mut keyed) = (0, 0);
    for round in 0..24 {
        for (colour, depths) in TYPES {
            for &depth in depths {
                for interlaced in [false, true] {
                    // Sizes around the Adam7 pass edges, and larger ones.
                    let (w, h) = if round < 12 {
                        (1 + rng.below(9) as u32, 1 + rng.below(9) as u32)
                    } else {
                        (1 + rng.below(70) as u32, 1 + rng.below(40) as u32)
                    };
                    let mut spec = Spec::random(&mut rng, w, h, colour, depth, interlaced);
                    let samples = 1usize << depth.min(8);
                    if colour == 3 {
                        // Palettes shorter than the index range too.
                        let n = 1 + rng.below(samples);
                        spec.palette = Some(rng.bytes(3 * n));
                    } else if rng.below(4) == 0 {
                        // A suggested palette (ignored) on other types.
                        let n = 1 + rng.below(256);
                        spec.palette = Some(rng.bytes(3 * n));
                    }
                    spec.trns = match (colour, rng.below(3)) {
                        (_, 0) => None,
                        // Alphas, sometimes more than the palette has.
                        (3, _) => {
                            let n = 1 + rng.below(samples + 2).min(255);
                            Some(rng.bytes(n))
                        }
                        // A key that often matches (16 bits: 0x0000,
                        // 0x0101, 0xFFFF…), or a random one.
                        (0 | 2, k) => {
                            let n = if colour == 0 { 2 } else { 6 };
                            let v = [0u8, 1, 255, 128][rng.below(4)];
                            let mut t = if k == 1 {
                                (0..n)
                                    .map(|i| if i % 2 == 0 && depth < 16 { 0 } else { v })
                                    .collect()
                            } else {
                                rng.bytes(n)
                            };
                            if depth < 8 && k == 1 {
                                t[1] = rng.below(samples) as u8;
                            }
                            // Sometimes too long, too short or with the
                            // high byte set.
                            match rng.below(8) {
                                0 => t.push(7),
                                1 => t.truncate(n - 1),
                                2 => t[0] = 1,
                                _ => {}
                            }
                            Some(t)
                        }
                        // On a type with alpha: ignored.
                        _ => Some(rng.bytes(2)),
                    };
                    let z_len = miniz_oxide::deflate::compress_to_vec_zlib(&spec.raw, 6).len();
                    let splits: Vec<usize> =
                        (0..rng.below(4)).map(|_| rng.below(z_len + 1)).collect();
                    let what = format!("type {colour} depth {depth} {w}×{h} i{interlaced}");
                    let bytes = spec.bytes(&splits);
                    assert!(agree(&bytes, &what), "{what}: refused");
                    decoded += 1;
                    let (_, _, px) = ours(&bytes).unwrap();
                    if matches!(colour, 0 | 2) && px.chunks(4).any(|p| p[3] == 0) {
                        keyed += 1;
                    }
                }
            }
        }
    }
    assert_eq!(decoded, 24 * 15 * 2);
    // Colour keys were hit (grey and RGB are 7 of the 15 types).
    assert!(keyed > 40, "{keyed}");
}

#[test]
fn png_encoder_output_matches_png() {
    // The `png` crate's own encoder: adaptive filters, every type.
    use png::{BitDepth, ColorType};
    let mut rng = Rng(2);
    for (colour, depth) in [
        (ColorType::Grayscale, BitDepth::One),
        (ColorType::Grayscale, BitDepth::Four),
        (ColorType::Grayscale, BitDepth::Eight),
        (ColorType::Grayscale, BitDepth::Sixteen),
        (ColorType::Rgb, BitDepth::Eight),
        (ColorType::Rgb, BitDepth::Sixteen),
        (ColorType::Indexed, BitDepth::Two),
        (ColorType::Indexed, BitDepth::Eight),
        (ColorType::GrayscaleAlpha, BitDepth::Eight),
        (ColorType::GrayscaleAlpha, BitDepth::Sixteen),
        (ColorType::Rgba, BitDepth::Eight),
        (ColorType::Rgba, BitDepth::Sixteen),
    ] {
        let (w, h) = (37, 23);
        let bits = depth as usize * colour.samples();
        // Smooth gradients with noise, as photos and renders are.
        let row_bytes = (w * bits).div_ceil(8);
        let data: Vec<u8> = (0..h * row_bytes)
            .map(|i| ((i % row_bytes) * 3 + i / row_bytes * 5 + rng.below(9)) as u8)
            .collect();
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w as u32, h as u32);
        e.set_color(colour);
        e.set_depth(depth);
        if colour == ColorType::Indexed {
            e.set_palette(rng.bytes(3 * 256));
            e.set_trns(rng.bytes(100));
        }
        let mut writer = e.write_header().unwrap();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        assert!(agree(&out, &format!("{colour:?} {depth:?}")));
    }
}

#[test]
fn the_repository_pngs_match_png() {
    // Our encoder's output (the goldens, RGBA and palette ones) and the
    // sample asset.
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = vec![format!("{root}/assets/sample.png")];
    for dir in [
        "tests/images/heart",
        "tests/images/text",
        "tests/images/scenes",
    ] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "png") {
                files.push(path.display().to_string());
            }
        }
    }
    assert!(files.len() > 40, "{}", files.len());
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        if bytes.get(8..16) == Some(b"\0\0\0\x0dIHDR") {
            assert!(agree(&bytes, &f), "{f}: refused");
        }
    }
}

/// A small valid file to mutilate: RGBA, interlaced, three IDATs.
fn small() -> Vec<u8> {
    let mut rng = Rng(3);
    let spec = Spec::random(&mut rng, 9, 7, 6, 8, true);
    spec.bytes(&[20, 40])
}

#[test]
fn every_truncation_is_refused() {
    // (The `png` crate accepts a file cut after its image data; we want
    // IEND.)
    let bytes = small();
    assert!(agree(&bytes, "whole"));
    for cut in 24..bytes.len() {
        assert!(ours(&bytes[..cut]).is_err(), "{cut}");
    }
}

/// Rounds of the random tests (more when looking for trouble).
const ROUNDS: usize = 400;

#[test]
fn damaged_deflate_data_agrees_with_png() {
    // The zlib stream damaged, the CRCs right: both refuse or both read
    // the same pixels (a flip may still give a valid stream).
    let mut rng = Rng(5);
    let (mut read, mut refused) = (0, 0);
    for round in 0..ROUNDS {
        let colour = [0, 2, 3, 4, 6][round % 5];
        let depth = if colour == 3 { 8 } else { 8 << (round / 5 % 2) };
        let mut spec = Spec::random(&mut rng, 13, 11, colour, depth, round % 3 == 0);
        spec.palette = (colour == 3).then(|| rng.bytes(768));
        let mut z = miniz_oxide::deflate::compress_to_vec_zlib(&spec.raw, [1, 6, 9][round % 3]);
        for _ in 0..1 + rng.below(3) {
            let i = rng.below(z.len());
            z[i] ^= 1 << rng.below(8);
        }
        let file = |z: &[u8]| {
            let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
            out.extend(chunk(b"IHDR", &spec.ihdr()));
            if let Some(p) = &spec.palette {
                out.extend(chunk(b"PLTE", p));
            }
            out.extend(chunk(b"IDAT", z));
            out.extend(chunk(b"IEND", b""));
            out
        };
        let out = file(&z);
        match (ours(&out), reference(&out)) {
            (Ok(a), Ok(b)) => {
                assert!(a == b, "round {round}: pixels differ");
                read += 1;
            }
            (Err(_), Err(_)) => refused += 1,
            (Ok(a), Err(_)) => {
                // Damage after the last row (rare: 1 in ~20,000 here),
                // which we do not read and `png` does: the image is
                // complete. The same rows, deflated anew, read alike.
                let rows = match miniz_oxide::inflate::decompress_to_vec_zlib(&z) {
                    Ok(v) => v,
                    Err(e) => e.output,
                };
                assert!(rows.len() >= spec.raw.len(), "round {round}");
                let z = miniz_oxide::deflate::compress_to_vec_zlib(&rows[..spec.raw.len()], 6);
                assert!(reference(&file(&z)).unwrap() == a, "round {round}");
                read += 1;
            }
            (Err(e), Ok(_)) => panic!("round {round}: png reads it, we refuse: {e}"),
        }
    }
    assert!(read > 10 && refused > 100, "{read} {refused}");
}

/// The type of the chunk byte `i` of a valid file is in.
fn chunk_at(bytes: &[u8], i: usize) -> [u8; 4] {
    let mut pos = 8;
    loop {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        if i < pos + 12 + len {
            return bytes[pos + 4..pos + 8].try_into().unwrap();
        }
        pos += 12 + len;
    }
}

#[test]
fn flipped_bytes_agree_with_png() {
    // Whatever the `png` crate refuses we refuse, and what both read they
    // read alike. We refuse more only where it does not look: a damaged
    // ancillary chunk (gAMA, tEXt), or any damage after the image data.
    let bytes = small();
    let mut rng = Rng(4);
    let mut stricter = 0;
    for i in 8..bytes.len() {
        for _ in 0..3 {
            let mut b = bytes.clone();
            b[i] ^= 1 << rng.below(8);
            match (ours(&b), reference(&b)) {
                (Ok(a), Ok(r)) => assert!(a == r, "byte {i}: pixels differ"),
                (Ok(_), Err(e)) => panic!("byte {i}: png refuses ({e}), we do not"),
                (Err(e), Ok(_)) => {
                    let kind = chunk_at(&bytes, i);
                    assert!(
                        matches!(&kind, b"gAMA" | b"tEXt" | b"IEND"),
                        "byte {i} ({}): {e}",
                        String::from_utf8_lossy(&kind)
                    );
                    stricter += 1;
                }
                (Err(_), Err(_)) => {}
            }
        }
    }
    assert!(stricter > 0);
}

/// A chunk's type and data.
type Chunk<'a> = (&'a [u8; 4], &'a [u8]);

/// A file from chunks given by hand, after the signature.
fn file(chunks: &[Chunk]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        out.extend(chunk(kind, data));
    }
    out
}

/// Our reason for refusing a 2×2 image.
fn err(bytes: &[u8]) -> String {
    decode(bytes, 2, 2, &mut [0; 16]).unwrap_err().to_owned()
}

#[test]
fn strict_structure() {
    // A 2×2 RGB image.
    let ihdr = [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0];
    let raw = [0u8, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12];
    let z = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
    let ok = file(&[(b"IHDR", &ihdr), (b"IDAT", &z), (b"IEND", b"")]);
    assert_eq!(
        ours(&ok).unwrap().2,
        [1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255]
    );
    let cases: &[(&[Chunk], &str)] = &[
        (&[(b"IHDR", &ihdr), (b"IDAT", &z)], "ends before the iend"),
        (&[(b"IHDR", &ihdr), (b"IEND", b"")], "no image data"),
        (
            &[
                (b"gAMA", &[0; 4]),
                (b"IHDR", &ihdr),
                (b"IDAT", &z),
                (b"IEND", b""),
            ],
            "first chunk is not ihdr",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"IDAT", &z[..5]),
                (b"tEXt", b"a\0b"),
                (b"IDAT", &z[5..]),
                (b"IEND", b""),
            ],
            "not consecutive",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"IDAT", &z),
                (b"PLTE", &[0; 3]),
                (b"IEND", b""),
            ],
            "plte chunk after",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"ABCD", b""),
                (b"IDAT", &z),
                (b"IEND", b""),
            ],
            "unknown critical chunk",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"IDAT", &z[..z.len() / 2]),
                (b"IEND", b""),
            ],
            "ends early",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"IDAT", &[0x78, 0x9c, 0xff, 0xff]),
                (b"IEND", b""),
            ],
            "not a valid zlib stream",
        ),
        (
            &[(b"IHDR", &ihdr[..12]), (b"IDAT", &z), (b"IEND", b"")],
            "not 13 bytes",
        ),
        (
            &[
                (b"IHDR", &ihdr),
                (b"PLTE", &[0; 4]),
                (b"IDAT", &z),
                (b"IEND", b""),
            ],
            "plte chunk of a bad length",
        ),
    ];
    for (chunks, want) in cases {
        let m = err(&file(chunks));
        assert!(m.contains(want), "{want}: {m}");
    }
    // Bad IHDRs.
    for (i, v, want) in [
        (8, 3, "bit depth"),
        (9, 5, "colour type"),
        (9, 3, "bit depth"), // palette at 8 is fine, so make it 16 below
        (10, 1, "compression"),
        (11, 1, "filter"),
        (12, 2, "interlace"),
    ] {
        let mut h = ihdr;
        h[i] = v;
        if want == "bit depth" && i == 9 {
            h[8] = 16;
        }
        let m = err(&file(&[(b"IHDR", &h), (b"IDAT", &z), (b"IEND", b"")]));
        assert!(m.contains(want), "{want}: {m}");
    }
    // A palette image without PLTE; an unknown filter type.
    let mut h = ihdr;
    h[9] = 3;
    assert!(err(&file(&[(b"IHDR", &h), (b"IDAT", &z), (b"IEND", b"")])).contains("without a plte"));
    let mut bad = raw;
    bad[7] = 5;
    let zb = miniz_oxide::deflate::compress_to_vec_zlib(&bad, 6);
    assert!(
        err(&file(&[(b"IHDR", &ihdr), (b"IDAT", &zb), (b"IEND", b"")])).contains("filter type")
    );
}

#[test]
fn lenient_where_png_and_libpng_are() {
    let ihdr = [0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0];
    let raw = [0u8, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12];
    let want = ours(&file(&[
        (b"IHDR", &ihdr),
        (
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6),
        ),
        (b"IEND", b""),
    ]))
    .unwrap();
    let check = |z: &[u8], what: &str| {
        let f = file(&[(b"IHDR", &ihdr), (b"IDAT", z), (b"IEND", b"")]);
        assert_eq!(ours(&f).unwrap(), want, "{what}");
        assert!(agree(&f, what), "{what}");
    };
    // Extra rows after the image, a wrong or missing checksum.
    let mut extra = raw.to_vec();
    extra.extend_from_slice(&[0; 70]);
    check(
        &miniz_oxide::deflate::compress_to_vec_zlib(&extra, 6),
        "extra data",
    );
    let mut z = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
    let n = z.len();
    z[n - 1] ^= 1;
    check(&z, "bad adler-32");
    check(&z[..n - 4], "no adler-32");
    // Empty IDATs, and data after IEND.
    let z = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
    let mut f = file(&[
        (b"IHDR", &ihdr),
        (b"IDAT", b""),
        (b"IDAT", &z[..3]),
        (b"IDAT", b""),
        (b"IDAT", &z[3..]),
        (b"IEND", b""),
    ]);
    f.extend_from_slice(b"trailing garbage");
    assert_eq!(ours(&f).unwrap(), want);
    assert!(agree(&f, "empty idats"));
}

#[test]
fn apng_gives_its_default_image() {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, 3, 2);
    e.set_color(png::ColorType::Rgb);
    e.set_depth(png::BitDepth::Eight);
    e.set_animated(2, 0).unwrap();
    let mut w = e.write_header().unwrap();
    w.write_image_data(&[9; 18]).unwrap();
    w.write_image_data(&[200; 18]).unwrap();
    w.finish().unwrap();
    assert!(agree(&out, "apng"));
    assert_eq!(ours(&out).unwrap().2, [9, 9, 9, 255].repeat(6));
}
