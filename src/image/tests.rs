//! Every source form, format and colour type, and every refusal.

use super::decode::premultiply;
use super::*;

// ---- fixtures ----------------------------------------------------------

/// A PNG from the `png` crate's encoder.
fn png(
    width: u32,
    height: u32,
    color: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<&[u8]>,
    trns: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, width, height);
    e.set_color(color);
    e.set_depth(depth);
    if let Some(p) = palette {
        e.set_palette(p.to_vec());
    }
    if let Some(t) = trns {
        e.set_trns(t.to_vec());
    }
    let mut w = e.write_header().unwrap();
    w.write_image_data(data).unwrap();
    w.finish().unwrap();
    out
}

fn rgba8(width: u32, height: u32, data: &[u8]) -> Vec<u8> {
    png(
        width,
        height,
        png::ColorType::Rgba,
        png::BitDepth::Eight,
        data,
        None,
        None,
    )
}

/// A PNG chunk.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let crc = crc32fast::hash(&c[4..]);
    c.extend_from_slice(&crc.to_be_bytes());
    c
}

/// A PNG built by hand: signature, IHDR (8-bit, `color` type, `interlace`)
/// and one IDAT of `raw` (filter bytes included) deflated.
fn png_by_hand(width: u32, height: u32, color: u8, interlace: u8, raw: &[u8]) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, color, 0, 0, interlace]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    out.extend(chunk(
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(raw, 6),
    ));
    out.extend(chunk(b"IEND", b""));
    out
}

/// Only the signature and an IHDR claiming `width × height`, then an IDAT
/// of a few bytes: what a decompression bomb's header looks like.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    png_by_hand(width, height, 6, 0, &[0, 0, 0, 0, 0])
}

/// A JPEG fixture from `tests/fixtures/images/`.
fn jpeg(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/images/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Standard base64 with padding.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = c
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", b64(bytes))
}

fn load1(src: &str) -> Result<render::Image, ImageError> {
    load(src, &mut ImageBudget::new())
}

fn load_png(bytes: &[u8]) -> render::Image {
    load1(&data_uri("image/png", bytes)).unwrap()
}

fn px(img: &render::Image, x: u32, y: u32) -> [u8; 4] {
    let i = 4 * (y * img.width + x) as usize;
    img.pixels[i..i + 4].try_into().unwrap()
}

fn assert_near(got: [u8; 4], want: [u8; 4], tolerance: u8, what: &str) {
    let ok = got
        .iter()
        .zip(want)
        .all(|(&g, w)| g.abs_diff(w) <= tolerance);
    assert!(ok, "{what}: got {got:?}, want {want:?} ± {tolerance}");
}

// ---- PNG colour types --------------------------------------------------

#[test]
fn png_rgba_is_premultiplied() {
    let img = load_png(&rgba8(
        3,
        1,
        &[200, 100, 50, 128, 10, 20, 30, 255, 99, 99, 99, 0],
    ));
    assert_eq!((img.width, img.height), (3, 1));
    assert_eq!(img.pixels, [100, 50, 25, 128, 10, 20, 30, 255, 0, 0, 0, 0]);
}

#[test]
fn png_rgb_grey_and_grey_alpha() {
    use png::{BitDepth::Eight, ColorType::*};
    let rgb = load_png(&png(2, 1, Rgb, Eight, &[1, 2, 3, 250, 128, 0], None, None));
    assert_eq!(rgb.pixels, [1, 2, 3, 255, 250, 128, 0, 255]);
    let grey = load_png(&png(2, 1, Grayscale, Eight, &[7, 200], None, None));
    assert_eq!(grey.pixels, [7, 7, 7, 255, 200, 200, 200, 255]);
    let ga = load_png(&png(
        2,
        1,
        GrayscaleAlpha,
        Eight,
        &[200, 128, 50, 255],
        None,
        None,
    ));
    assert_eq!(ga.pixels, [100, 100, 100, 128, 50, 50, 50, 255]);
}

#[test]
fn png_low_bit_grey_is_scaled() {
    use png::{BitDepth::*, ColorType::Grayscale};
    // 1 bit: 1 0 1 1 → 255 0 255 255.
    let one = load_png(&png(4, 1, Grayscale, One, &[0b1011_0000], None, None));
    assert_eq!(
        one.pixels.chunks(4).map(|p| p[0]).collect::<Vec<_>>(),
        [255, 0, 255, 255]
    );
    // 2 bits: 0 1 2 3 → 0 85 170 255.
    let two = load_png(&png(4, 1, Grayscale, Two, &[0b0001_1011], None, None));
    assert_eq!(
        two.pixels.chunks(4).map(|p| p[0]).collect::<Vec<_>>(),
        [0, 85, 170, 255]
    );
    // 4 bits: 0x3 0xC → 51 204.
    let four = load_png(&png(2, 1, Grayscale, Four, &[0x3C], None, None));
    assert_eq!(four.pixels, [51, 51, 51, 255, 204, 204, 204, 255]);
}

#[test]
fn png_palette_with_trns() {
    use png::{BitDepth::*, ColorType::Indexed};
    let palette = [255, 0, 0, 0, 255, 0, 0, 0, 255];
    let trns = [255, 128, 0]; // blue fully transparent, green half
    let img = load_png(&png(
        3,
        1,
        Indexed,
        Eight,
        &[0, 1, 2],
        Some(&palette),
        Some(&trns),
    ));
    assert_eq!(img.pixels, [255, 0, 0, 255, 0, 128, 0, 128, 0, 0, 0, 0]);
    // 2-bit indices, no tRNS: opaque.
    let img = load_png(&png(
        3,
        1,
        Indexed,
        Two,
        &[0b1001_0000],
        Some(&palette),
        None,
    ));
    assert_eq!(img.pixels, [0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255]);
}

#[test]
fn png_colour_key_trns() {
    use png::{BitDepth::*, ColorType::*};
    // RGB with tRNS: that exact colour is transparent.
    let img = load_png(&png(
        2,
        1,
        Rgb,
        Eight,
        &[10, 20, 30, 10, 20, 31],
        None,
        Some(&[0, 10, 0, 20, 0, 30]),
    ));
    assert_eq!(img.pixels, [0, 0, 0, 0, 10, 20, 31, 255]);
    // Grey with tRNS.
    let img = load_png(&png(2, 1, Grayscale, Eight, &[9, 10], None, Some(&[0, 9])));
    assert_eq!(img.pixels, [0, 0, 0, 0, 10, 10, 10, 255]);
}

#[test]
fn png_16_bit_keeps_the_high_byte() {
    use png::{BitDepth::Sixteen, ColorType::*};
    let data = [0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF, 0x80, 0x00];
    let rgba = load_png(&png(1, 1, Rgba, Sixteen, &data, None, None));
    assert_eq!(
        rgba.pixels,
        [premultiply(0x12, 0x80), premultiply(0xAB, 0x80), 0x80, 0x80]
    );
    let grey = load_png(&png(
        2,
        1,
        Grayscale,
        Sixteen,
        &[0xC0, 0xFF, 0x01, 0x00],
        None,
        None,
    ));
    assert_eq!(grey.pixels, [0xC0, 0xC0, 0xC0, 255, 1, 1, 1, 255]);
    let rgb = load_png(&png(1, 1, Rgb, Sixteen, &data[..6], None, None));
    assert_eq!(rgb.pixels, [0x12, 0xAB, 0xFF, 255]);
    let ga = load_png(&png(
        1,
        1,
        GrayscaleAlpha,
        Sixteen,
        &[0xFF, 0, 0x40, 0],
        None,
        None,
    ));
    assert_eq!(ga.pixels, [0x40, 0x40, 0x40, 0x40]);
}

#[test]
fn png_interlaced_matches_plain() {
    let (w, h) = (5u32, 6u32);
    let pixel = |x: u32, y: u32| {
        [
            (x * 40) as u8,
            (y * 40) as u8,
            (x * y) as u8,
            255 - (x + y) as u8,
        ]
    };
    // Plain.
    let mut plain = Vec::new();
    for y in 0..h {
        plain.push(0);
        for x in 0..w {
            plain.extend(pixel(x, y));
        }
    }
    // Adam7: passes of (x0, y0, dx, dy), each row with its filter byte.
    let mut adam7 = Vec::new();
    for (x0, y0, dx, dy) in [
        (0, 0, 8, 8),
        (4, 0, 8, 8),
        (0, 4, 4, 8),
        (2, 0, 4, 4),
        (0, 2, 2, 4),
        (1, 0, 2, 2),
        (0, 1, 1, 2),
    ] {
        for y in (y0..h).step_by(dy) {
            if x0 >= w {
                continue;
            }
            adam7.push(0);
            for x in (x0..w).step_by(dx) {
                adam7.extend(pixel(x, y));
            }
        }
    }
    let a = load_png(&png_by_hand(w, h, 6, 0, &plain));
    let b = load_png(&png_by_hand(w, h, 6, 1, &adam7));
    assert_eq!(a.pixels, b.pixels);
    assert_eq!(
        px(&b, 4, 5),
        [
            premultiply(160, 246),
            premultiply(200, 246),
            premultiply(20, 246),
            246
        ]
    );
}

// ---- JPEG --------------------------------------------------------------

/// The four quadrant colours of the JPEG fixtures.
fn quadrants(img: &render::Image) -> [[u8; 4]; 4] {
    assert_eq!((img.width, img.height), (16, 16));
    [
        px(img, 3, 3),
        px(img, 12, 3),
        px(img, 3, 12),
        px(img, 12, 12),
    ]
}

fn load_jpeg(name: &str) -> render::Image {
    load1(&data_uri("image/jpeg", &jpeg(name))).unwrap()
}

#[test]
fn jpeg_colour_spaces() {
    let rgb = [
        [220, 30, 40, 255],
        [20, 180, 60, 255],
        [30, 60, 200, 255],
        [250, 250, 250, 255],
    ];
    for (file, tolerance) in [
        ("rgb.jpg", 3),
        ("progressive.jpg", 3),
        ("rgb-420.jpg", 8),
        ("rgb-no-ycc.jpg", 3),
    ] {
        for (got, want) in quadrants(&load_jpeg(file)).into_iter().zip(rgb) {
            assert_near(got, want, tolerance, file);
        }
    }
    let grey = [
        [0, 0, 0, 255],
        [85, 85, 85, 255],
        [170, 170, 170, 255],
        [255, 255, 255, 255],
    ];
    for (got, want) in quadrants(&load_jpeg("grey.jpg")).into_iter().zip(grey) {
        assert_near(got, want, 2, "grey.jpg");
    }
    // Cyan, magenta, yellow, black.
    let cmyk = [
        [0, 255, 255, 255],
        [255, 0, 255, 255],
        [255, 255, 0, 255],
        [0, 0, 0, 255],
    ];
    for (got, want) in quadrants(&load_jpeg("cmyk.jpg")).into_iter().zip(cmyk) {
        assert_near(got, want, 4, "cmyk.jpg");
    }
}

#[test]
fn jpeg_every_pixel_is_opaque_and_decoding_is_deterministic() {
    let a = load_jpeg("rgb-420.jpg");
    assert!(a.pixels.chunks(4).all(|p| p[3] == 255));
    assert_eq!(a, load_jpeg("rgb-420.jpg"));
}

#[test]
fn jpg_is_jpeg() {
    let a = load1(&data_uri("image/jpg", &jpeg("rgb.jpg"))).unwrap();
    assert_eq!(a, load_jpeg("rgb.jpg"));
    let upper = format!("DATA:Image/JPEG;BASE64,{}", b64(&jpeg("rgb.jpg")));
    assert_eq!(load1(&upper).unwrap(), a);
}

// ---- digest ------------------------------------------------------------

#[test]
fn digest_is_sha256_of_the_encoded_bytes() {
    let bytes = rgba8(1, 1, &[1, 2, 3, 4]);
    let img = load_png(&bytes);
    let want: [u8; 32] = Sha256::digest(&bytes).into();
    assert_eq!(img.digest, want);
    // The same bytes written differently: the same digest.
    let spaced = format!(
        "data:image/png ; base64 ,{}",
        b64(&bytes).replace('A', "\nA")
    );
    let percent = format!(
        "data:image/png,{}",
        bytes
            .iter()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    assert_eq!(load1(&spaced).unwrap().digest, want);
    assert_eq!(load1(&percent).unwrap().digest, want);
    // An asset and its inlined bytes.
    let asset = assets::get("sample.png").unwrap();
    assert_eq!(
        load1("asset:sample.png").unwrap().digest,
        load_png(asset).digest
    );
}

// ---- data: URIs and base64 ---------------------------------------------

#[test]
fn base64_whitespace_and_missing_padding_are_accepted() {
    let bytes = rgba8(1, 1, &[9, 9, 9, 255]);
    let want = load_png(&bytes);
    let enc = b64(&bytes);
    let spaced: String = enc
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let sep = ["", " ", "\n", "\r\n", "\t"][i % 5];
            sep.chars().chain(std::iter::once(c))
        })
        .collect();
    assert_eq!(
        load1(&format!("data:image/png;base64,{spaced}\n")).unwrap(),
        want
    );
    let unpadded = enc.trim_end_matches('=');
    assert_eq!(
        load1(&format!("data:image/png;base64,{unpadded}")).unwrap(),
        want
    );
    // Percent-encoded base64 (`+` → %2B, `/` → %2F), as in a URL.
    let escaped = enc.replace('+', "%2B").replace('/', "%2f");
    assert_eq!(
        load1(&format!("data:image/png;base64,{escaped}")).unwrap(),
        want
    );
    // Parameters before ;base64 and surrounding whitespace.
    assert_eq!(
        load1(&format!("  data:image/png;name=x.png;base64,{enc}  ")).unwrap(),
        want
    );
}

#[test]
fn base64_rejects_what_is_not_base64() {
    let enc = b64(&rgba8(1, 1, &[9, 9, 9, 255]));
    let bad = |payload: &str| match load1(&format!("data:image/png;base64,{payload}")) {
        Err(ImageError::BadBase64(m)) => m,
        other => panic!("{payload:?}: {other:?}"),
    };
    let m = bad(&format!("{}-{}", &enc[..8], &enc[8..]));
    assert!(
        m.contains("'-'") && m.contains("offset 8") && m.contains("base64url"),
        "{m}"
    );
    assert!(bad(&format!("{}*", &enc[..8])).contains("'*'"));
    assert!(bad(&format!("é{enc}")).contains("'é' at offset 0"));
    assert!(bad(&format!("{}%00{}", &enc[..4], &enc[4..])).contains("`%00`"));
    assert!(bad(&format!("{}=={}", &enc[..4], &enc[4..])).contains("padding"));
    assert!(bad("QUJD=").contains("padding"));
    assert!(bad("QUJDR").contains("5 characters"));
}

#[test]
fn base64_round_trips() {
    let decode = |payload: &str| {
        data_uri::decode(&data_uri::DataUri {
            mime: "image/png".into(),
            base64: true,
            payload,
        })
    };
    assert_eq!(decode("QQ==").unwrap(), b"A");
    assert_eq!(decode("QQ").unwrap(), b"A");
    assert_eq!(decode("QUI=").unwrap(), b"AB");
    assert_eq!(decode("QUJD").unwrap(), b"ABC");
    assert_eq!(decode(" Q U\nJ\tD Q\r\nQ = = ").unwrap(), b"ABCA");
    assert_eq!(decode("QU%4AD%51Q%3d%3D").unwrap(), b"ABCA");
    assert_eq!(decode("").unwrap(), b"");
    // Spare bits are dropped, as browsers do: QR== is also "A".
    assert_eq!(decode("QR==").unwrap(), b"A");
    for bad in ["Q", "QUJDQ", "QQ=", "QQ===", "QUJD====", "QQ==QQ==", "=QQQ"] {
        assert!(
            matches!(decode(bad), Err(ImageError::BadBase64(_))),
            "{bad}"
        );
    }
    // Every length and every split of whitespace agrees with an encoder.
    let mut seed = 7u32;
    for len in 0..70 {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) as u8
            })
            .collect();
        let enc = b64(&bytes);
        assert_eq!(decode(&enc).unwrap(), bytes, "{enc}");
        assert_eq!(decode(enc.trim_end_matches('=')).unwrap(), bytes);
        let spaced: String = enc
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                [c].into_iter()
                    .chain((i % (len % 5 + 1) == 0).then_some('\n'))
            })
            .collect();
        assert_eq!(decode(&spaced).unwrap(), bytes, "{spaced:?}");
    }
}

#[test]
fn base64_stops_at_the_byte_limit() {
    // Exactly the limit decodes (base64 only; it is no image).
    let uri = |n: usize| data_uri::DataUri {
        mime: "image/png".into(),
        base64: true,
        payload: Box::leak(b64(&vec![7u8; n]).into_boxed_str()),
    };
    assert_eq!(
        data_uri::decode(&uri(MAX_IMAGE_BYTES)).unwrap().len(),
        MAX_IMAGE_BYTES
    );
    assert_eq!(
        data_uri::decode(&uri(MAX_IMAGE_BYTES + 1)),
        Err(ImageError::TooManyBytes)
    );
    // The same through load, and for a percent-encoded payload.
    let big = format!(
        "data:image/png;base64,{}",
        b64(&vec![0u8; MAX_IMAGE_BYTES + 1])
    );
    assert_eq!(load1(&big), Err(ImageError::TooManyBytes));
    let big = format!("data:image/png,{}", "x".repeat(MAX_IMAGE_BYTES + 1));
    assert_eq!(load1(&big), Err(ImageError::TooManyBytes));
}

#[test]
fn malformed_data_uris() {
    assert_eq!(
        load1("data:image/png;base64"),
        Err(ImageError::BadDataUri("it has no `,` before its data"))
    );
    assert_eq!(
        load1("data:image/png;base64,"),
        Err(ImageError::BadDataUri("it has no data"))
    );
    assert_eq!(
        load1("data:image/png;base64,  \n"),
        Err(ImageError::BadDataUri("it has no data"))
    );
}

#[test]
fn unsupported_types_are_named() {
    let t = |src: &str| match load1(src) {
        Err(e @ ImageError::UnsupportedType { .. }) => e.to_string(),
        other => panic!("{src}: {other:?}"),
    };
    assert!(t("data:image/svg+xml;base64,PHN2Zy8+").starts_with("svg images are not supported"));
    assert!(t("data:image/svg+xml,<svg/>").starts_with("svg images are not supported"));
    assert!(t("data:image/webp;base64,UklGRg==").starts_with("webp images are not supported"));
    assert_eq!(
        t("data:image/gif;base64,R0lGODlh"),
        "unsupported image type `image/gif`; use image/png or image/jpeg"
    );
    assert!(t("data:,hello").contains("`text/plain`"));
    assert!(t("data:;base64,aGk=").contains("`text/plain`"));
}

// ---- lies, truncation, garbage -----------------------------------------

#[test]
fn a_data_uri_that_lies_about_its_type() {
    let png_bytes = rgba8(1, 1, &[0, 0, 0, 255]);
    assert_eq!(
        load1(&data_uri("image/jpeg", &png_bytes)),
        Err(ImageError::Mismatch {
            declared: Format::Jpeg,
            actual: "png"
        })
    );
    let e = load1(&data_uri("image/png", &jpeg("rgb.jpg"))).unwrap_err();
    assert_eq!(
        e,
        ImageError::Mismatch {
            declared: Format::Png,
            actual: "jpeg"
        }
    );
    assert_eq!(
        e.to_string(),
        "the data: uri says image/png but its data is a jpeg image"
    );
    for (bytes, actual) in [
        (&b"GIF89a\x01\x00\x01\x00"[..], "gif"),
        (b"RIFF\x10\0\0\0WEBPVP8 ", "webp"),
        (b"  <svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        (b"<?xml version='1.0'?><svg/>", "svg"),
        (b"BM\x3a\0\0\0", "bmp"),
        (b"\0\0\0\x1cftypavif", "avif"),
    ] {
        assert_eq!(
            load1(&data_uri("image/png", bytes)),
            Err(ImageError::Mismatch {
                declared: Format::Png,
                actual
            })
        );
    }
}

#[test]
fn garbage_is_not_an_image() {
    let e = load1(&data_uri("image/png", b"hello, world")).unwrap_err();
    assert_eq!(
        e,
        ImageError::NotAnImage {
            declared: Format::Png
        }
    );
    assert_eq!(
        e.to_string(),
        "the data is not a png image (it does not start with a png signature)"
    );
    assert_eq!(
        load1(&data_uri("image/jpeg", &[0xFF, 0xD9])),
        Err(ImageError::NotAnImage {
            declared: Format::Jpeg
        })
    );
}

fn corrupt(src: &str) -> String {
    match load1(src) {
        Err(e @ ImageError::Corrupt { .. }) => {
            assert_eq!(e.status(), 400);
            e.to_string()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn truncated_and_corrupt_png() {
    let bytes = rgba8(8, 8, &[77; 256]);
    // Cut before the IHDR, inside the IHDR, inside the IDAT, before IEND.
    for cut in [8, 20, 40, bytes.len() - 30, bytes.len() - 12] {
        let m = corrupt(&data_uri("image/png", &bytes[..cut]));
        assert!(
            m.starts_with("the png data is corrupt, truncated or unsupported: "),
            "{cut}: {m}"
        );
    }
    // A flipped byte in the IDAT (the CRC catches it).
    let mut flipped = bytes.clone();
    flipped[45] ^= 0x55;
    corrupt(&data_uri("image/png", &flipped));
    // A zero width.
    let m = corrupt(&data_uri("image/png", &png_header_only(0, 5)));
    assert!(m.ends_with("zero width or height"), "{m}");
    // Garbage after a real signature.
    corrupt(&data_uri(
        "image/png",
        b"\x89PNG\r\n\x1a\nthis is not a chunk at all",
    ));
}

#[test]
fn truncated_and_corrupt_jpeg() {
    let bytes = jpeg("rgb.jpg");
    // A missing EOI is accepted (every pixel is there), and so may be the
    // last few bytes of the entropy-coded data (missing bits read as
    // zeros); anything shorter is refused.
    assert!(load1(&data_uri("image/jpeg", &bytes[..bytes.len() - 2])).is_ok());
    for cut in [3, 20, 200, bytes.len() / 2, bytes.len() - 20] {
        let m = corrupt(&data_uri("image/jpeg", &bytes[..cut]));
        assert!(
            m.starts_with("the jpeg data is corrupt, truncated or unsupported: "),
            "{cut}: {m}"
        );
    }
    let prog = jpeg("progressive.jpg");
    corrupt(&data_uri("image/jpeg", &prog[..prog.len() - 40]));
    corrupt(&data_uri(
        "image/jpeg",
        b"\xFF\xD8\xFF\xE0 garbage garbage garbage",
    ));
}

// ---- limits, before decoding -------------------------------------------

/// A JPEG that is only SOI, a SOF0 claiming `width × height` and EOI.
fn jpeg_header_only(width: u16, height: u16) -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8];
    j.extend_from_slice(&height.to_be_bytes());
    j.extend_from_slice(&width.to_be_bytes());
    // One component, then a scan header and the end.
    j.extend_from_slice(&[1, 1, 0x11, 0]);
    j.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0xFF, 0xD9]);
    j
}

#[test]
fn oversize_headers_are_refused_before_decoding() {
    // Each file is a few dozen bytes: decoding it would fail as truncated,
    // so a size error proves the header was read first and nothing else.
    let png_src = |w, h| data_uri("image/png", &png_header_only(w, h));
    let jpeg_src = |w, h| data_uri("image/jpeg", &jpeg_header_only(w, h));
    assert_eq!(
        load1(&png_src(1, 100_000)),
        Err(ImageError::SideTooLong {
            width: 1,
            height: 100_000
        })
    );
    assert_eq!(
        load1(&png_src(60_000, 60_000)),
        Err(ImageError::SideTooLong {
            width: 60_000,
            height: 60_000
        })
    );
    assert_eq!(
        load1(&png_src(u32::MAX, u32::MAX)),
        Err(ImageError::SideTooLong {
            width: u32::MAX,
            height: u32::MAX
        })
    );
    assert_eq!(
        load1(&png_src(4096, 2048)),
        Err(ImageError::TooManyPixels {
            width: 4096,
            height: 2048
        })
    );
    assert_eq!(
        load1(&jpeg_src(65535, 1)),
        Err(ImageError::SideTooLong {
            width: 65535,
            height: 1
        })
    );
    assert_eq!(
        load1(&jpeg_src(8192, 1024)),
        Err(ImageError::TooManyPixels {
            width: 8192,
            height: 1024
        })
    );
    // Just under the limits, the same headers reach the decoder (and fail
    // there: they have no pixels).
    assert!(matches!(
        load1(&png_src(8192, 512)),
        Err(ImageError::Corrupt { .. })
    ));
    assert!(matches!(
        load1(&jpeg_src(2048, 2048)),
        Err(ImageError::Corrupt { .. })
    ));
    let e = load1(&png_src(1, 100_000)).unwrap_err();
    assert_eq!((e.status(), e.code()), (422, "too_large"));
    assert_eq!(
        e.to_string(),
        "the image is 1×100000 pixels; the limit is 8192 per side"
    );
}

#[test]
fn jpeg_header_walk_skips_segments_and_fill_bytes() {
    // APP0 + COM + fill bytes before the SOF.
    let mut j = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0, 6, 1, 2, 3, 4, 0xFF, 0xFE, 0, 3, b'x', 0xFF, 0xFF,
    ];
    j.extend_from_slice(&[0xFF, 0xC2, 0, 11, 8, 0x30, 0x00, 0x00, 0x01, 1, 1, 0x11, 0]);
    let sos = [0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0];
    assert!(decode::dimensions(Format::Jpeg, &j)
        .unwrap_err()
        .to_string()
        .ends_with("no scan before the data ends"));
    j.extend_from_slice(&sos);
    assert_eq!(decode::dimensions(Format::Jpeg, &j), Ok((1, 0x3000)));
    // A scan before any frame header.
    let m = decode::dimensions(Format::Jpeg, &[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]).unwrap_err();
    assert!(m
        .to_string()
        .ends_with("no frame header before the first scan"));
}

#[test]
fn the_scene_budget_adds_up() {
    let src = data_uri("image/jpeg", &jpeg("rgb.jpg")); // 16×16 = 256 pixels
    let mut budget = ImageBudget::with_limit(600);
    load(&src, &mut budget).unwrap();
    load(&src, &mut budget).unwrap();
    assert_eq!(budget.used(), 512);
    let e = load(&src, &mut budget).unwrap_err();
    assert_eq!(
        e,
        ImageError::SceneBudget {
            width: 16,
            height: 16,
            used: 512
        }
    );
    assert_eq!(e.to_api().0, 422);
    assert!(
        e.to_string()
            .contains("to 768 decoded pixels; the limit is 8388608 per scene"),
        "{e}"
    );
    // A refused or failed image is not charged.
    assert_eq!(budget.used(), 512);
    let _ = load(
        &data_uri("image/jpeg", &jpeg_header_only(2048, 2048)),
        &mut ImageBudget::new(),
    );
    assert_eq!(ImageBudget::default().used(), 0);
    assert_eq!(
        ImageBudget::new(),
        ImageBudget::with_limit(MAX_SCENE_IMAGE_PIXELS)
    );
}

#[test]
fn an_image_at_the_pixel_limit_decodes() {
    // 2048 × 2048 grey, all one value: a 4 MiB budget is one image.
    let (w, h) = (2048u32, 2048u32);
    let raw: Vec<u8> = (0..h)
        .flat_map(|_| std::iter::once(0).chain(std::iter::repeat_n(90, w as usize)))
        .collect();
    let bytes = png_by_hand(w, h, 0, 0, &raw);
    let mut budget = ImageBudget::with_limit(MAX_IMAGE_PIXELS);
    let img = load(&data_uri("image/png", &bytes), &mut budget).unwrap();
    assert_eq!(img.pixels.len(), 4 * 2048 * 2048);
    assert_eq!(px(&img, 2047, 2047), [90, 90, 90, 255]);
    assert_eq!(budget.used(), MAX_IMAGE_PIXELS);
}

#[test]
fn check_reads_the_header_and_refuses_what_load_refuses() {
    // The size, without decoding: a header-only PNG checks fine.
    assert_eq!(
        check(&data_uri("image/png", &png_header_only(300, 200))),
        Ok((300, 200))
    );
    assert_eq!(check("asset:sample.png"), Ok((64, 64)));
    assert_eq!(
        check(&data_uri("image/jpeg", &jpeg("rgb.jpg"))),
        Ok((16, 16))
    );
    for src in [
        data_uri("image/png", &png_header_only(1, 100_000)),
        data_uri("image/png", &png_header_only(4096, 2048)),
        data_uri("image/jpeg", &png_header_only(8, 8)),
        "https://example.com/a.png".to_owned(),
        "asset:missing.png".to_owned(),
        "data:image/png;base64,@@".to_owned(),
    ] {
        assert_eq!(
            check(&src).unwrap_err(),
            load1(&src).unwrap_err(),
            "{}",
            &src[..src.len().min(40)]
        );
    }
}

// ---- sources -----------------------------------------------------------

#[test]
fn assets_are_found_by_exact_name() {
    let img = load1("asset:sample.png").unwrap();
    assert_eq!((img.width, img.height), (64, 64));
    assert_eq!(px(&img, 0, 0), [0, 0, 0, 0]); // outside the disc
    assert_near(px(&img, 32, 32), [194, 84, 137, 255], 0, "centre");
    let edge = px(&img, 4, 32); // on the anti-aliased edge
    assert!(edge[3] < 255 && edge[0] <= edge[3], "{edge:?}");
    let names = assets::names();
    assert!(
        names.contains(&"sample.png") && names.is_sorted(),
        "{names:?}"
    );
}

#[test]
fn missing_assets_and_paths() {
    let e = load1("asset:Sample.png").unwrap_err();
    assert_eq!(
        e,
        ImageError::UnknownAsset {
            name: "Sample.png".into()
        }
    );
    let m = e.to_string();
    assert!(
        m.starts_with("no embedded asset named `Sample.png`; the assets are: "),
        "{m}"
    );
    assert!(m.contains("sample.png"), "{m}");
    assert_eq!((e.status(), e.code()), (400, "bad_image"));
    assert!(matches!(
        load1("asset:../fonts/OFL.txt"),
        Err(ImageError::UnknownAsset { .. })
    ));
    assert!(matches!(
        load1("asset:"),
        Err(ImageError::UnknownAsset { .. })
    ));
    let e = load1("/static/sample.png").unwrap_err();
    assert_eq!(
        e,
        ImageError::UnsupportedSource {
            scheme: None,
            suggestion: Some("sample.png")
        }
    );
    assert_eq!(
        e.to_string(),
        "an image source must be a data: uri (png or jpeg) or asset:name (did you mean asset:sample.png?)"
    );
    assert_eq!(
        load1(""),
        Err(ImageError::UnsupportedSource {
            scheme: None,
            suggestion: None
        })
    );
}

#[test]
fn remote_and_other_schemes() {
    for src in [
        "https://example.com/a.png",
        "http://x/y.jpg",
        "HTTPS://X",
        " //cdn.example.com/a.png",
    ] {
        let e = load1(src).unwrap_err();
        assert_eq!(e, ImageError::Remote, "{src}");
        assert_eq!((e.status(), e.code()), (400, "remote_image"));
        assert!(
            e.to_string().contains("data:image/png;base64,") && e.to_string().contains("assets/")
        );
    }
    let e = load1("FTP://example.com/a.png").unwrap_err();
    assert_eq!(
        e,
        ImageError::UnsupportedSource {
            scheme: Some("ftp".into()),
            suggestion: None
        }
    );
    assert_eq!(
        e.to_string(),
        "unsupported image source `ftp:`; use a data: uri (png or jpeg) or asset:name"
    );
    assert!(matches!(
        load1("blob:https://x/1"),
        Err(ImageError::UnsupportedSource { .. })
    ));
    assert!(matches!(
        load1("file:///etc/passwd"),
        Err(ImageError::UnsupportedSource { .. })
    ));
}

// ---- the error contract ------------------------------------------------

#[test]
fn every_message_is_lowercase_and_every_error_maps() {
    let all = [
        ImageError::Remote,
        ImageError::UnsupportedSource {
            scheme: Some("ftp".into()),
            suggestion: None,
        },
        ImageError::UnsupportedType {
            mime: "image/gif".into(),
        },
        ImageError::BadDataUri("it has no data"),
        ImageError::BadBase64("x".into()),
        ImageError::Mismatch {
            declared: Format::Png,
            actual: "gif",
        },
        ImageError::NotAnImage {
            declared: Format::Jpeg,
        },
        ImageError::Corrupt {
            format: Format::Png,
            detail: "x".into(),
        },
        ImageError::UnknownAsset { name: "x".into() },
        ImageError::TooManyBytes,
        ImageError::SideTooLong {
            width: 1,
            height: 9999,
        },
        ImageError::TooManyPixels {
            width: 4096,
            height: 4096,
        },
        ImageError::SceneBudget {
            width: 1,
            height: 1,
            used: 0,
        },
    ];
    for e in all {
        let (status, code, message) = e.to_api();
        assert!(
            message.starts_with(|c: char| !c.is_uppercase()),
            "{message}"
        );
        let want = match e {
            ImageError::Remote => (400, "remote_image"),
            ImageError::TooManyBytes
            | ImageError::SideTooLong { .. }
            | ImageError::TooManyPixels { .. }
            | ImageError::SceneBudget { .. } => (422, "too_large"),
            _ => (400, "bad_image"),
        };
        assert_eq!((status, code), want, "{e:?}");
    }
}

#[test]
fn premultiply_rounds_to_nearest() {
    for a in 0..=255u32 {
        for c in 0..=255u32 {
            let want = (2 * c * a + 255) / 510; // round(c·a/255), halves up
            assert_eq!(u32::from(premultiply(c as u8, a as u8)), want, "{c} {a}");
        }
    }
}

/// What a decoder holds beside the pixels: a progressive JPEG's
/// coefficients (two bytes a sample, whole MCUs), nothing for the rest.
#[test]
fn working_bytes_are_a_progressive_jpegs_coefficients() {
    let opened = |mime: &str, bytes: &[u8]| open(&data_uri(mime, bytes)).unwrap();
    let j = |name: &str| opened("image/jpeg", &jpeg(name)).working_bytes();
    assert_eq!(j("progressive.jpg"), 2 * 3 * 16 * 16);
    assert_eq!(j("flat-2048-progressive.jpg"), 6 * 2048 * 2048);
    for baseline in ["rgb.jpg", "rgb-420.jpg", "grey.jpg", "cmyk.jpg"] {
        assert_eq!(j(baseline), 0, "{baseline}");
    }
    assert_eq!(
        opened("image/png", &testing::png_header(300, 200)).working_bytes(),
        0
    );
}

/// The header walk reads what zune-jpeg decodes, or refuses the file: a
/// frame header zune-jpeg would skip (a decoy before the real one), a
/// second frame header, or a stray marker before the first scan, each of
/// which could hide a progressive frame from the memory check.
#[test]
fn jpeg_headers_that_could_hide_the_real_frame_are_refused() {
    let real = jpeg("flat-2048-progressive.jpg");
    let with = |insert: &[u8]| {
        let mut j = real[..2].to_vec();
        j.extend_from_slice(insert);
        j.extend_from_slice(&real[2..]);
        open(&data_uri("image/jpeg", &j)).map(|o| o.working_bytes())
    };
    assert_eq!(with(&[]), Ok(24 << 20));
    let decoy_sof3 = [
        0xFF, 0xC3, 0, 17, 8, 8, 0, 8, 0, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1,
    ];
    let decoy_sof0 = [
        0xFF, 0xC0, 0, 17, 8, 8, 0, 8, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    ];
    for (name, insert) in [
        ("sof3", &decoy_sof3[..]),
        ("second frame", &decoy_sof0[..]),
        ("tem", &[0xFF, 0x01][..]),
        ("rst", &[0xFF, 0xD3][..]),
        ("ff00", &[0xFF, 0x00][..]),
    ] {
        let e = with(insert).unwrap_err();
        assert_eq!((e.status(), e.code()), (400, "bad_image"), "{name}: {e}");
    }
}

/// A baseline JPEG whose first scan holds one of its three components is
/// decoded a component at a time: zune-jpeg keeps every coefficient, as
/// for a progressive one, and the memory check counts them.
#[test]
fn a_baseline_jpeg_coded_a_component_at_a_time_counts_its_coefficients() {
    // SOF0 2,048² with three 1×1 components, then a one-component scan.
    let mut j = vec![0xFF, 0xD8];
    j.extend_from_slice(&[
        0xFF, 0xC0, 0, 17, 8, 8, 0, 8, 0, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
    ]);
    j.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0xFF, 0xD9]);
    let o = open(&data_uri("image/jpeg", &j)).unwrap();
    assert_eq!(o.working_bytes(), 6 * 2048 * 2048);
    // All three in the first scan: decoded as it goes.
    let mut k = j[..21].to_vec();
    k.extend_from_slice(&[
        0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0, 0xFF, 0xD9,
    ]);
    assert_eq!(
        open(&data_uri("image/jpeg", &k)).unwrap().working_bytes(),
        0
    );
}
