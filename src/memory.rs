//! What one request may take at once: its own font faces, the glyph
//! cache and its image, within [`WORKING_MEMORY`].
//!
//! A render route says what drawing and encoding its image needs
//! ([`image_bytes`]; a scene, its layers and images too), and [`check`]
//! refuses (422) a request whose own faces and image cannot fit together
//! — a 2,048² text drawn from every Chinese tier, say — before anything is
//! drawn. That bounds each request on a fresh isolate.
//!
//! It does not bound a sequence. Linear memory only grows, and an isolate
//! keeps the faces it parsed (up to
//! [`FONT_MEMORY_BUDGET`](crate::fonts::FONT_MEMORY_BUDGET)), the glyph
//! cache and the asset font files it fetched. Dropping parsed faces before
//! a large image was tried (this module's first form): their memory does
//! not come back as one stretch — the fetched files and the shaping
//! tables lie between the faces — so a 2,048² image after every CJK tier
//! still grew the memory by all it needed (50 → 102 MiB,
//! `bench/memory-worst.mjs`). Parsed faces that take tens of MB are
//! fontdue's (it parses every glyph of a face); see the README.

use crate::fonts;
use crate::glyph_cache::GLYPH_CACHE_BYTES;

/// The most wasm linear memory an isolate should reach (the platform's
/// limit is 128 MB with the JavaScript heap).
pub const MEMORY_CEILING: u64 = 64 << 20;

/// What the worker holds before any request: the embedded fonts and other
/// data, statics, the stack (3.4 MiB in `wrangler dev`), and room for the
/// allocator's own overhead.
pub const BASELINE: u64 = 4 << 20;

/// What kept faces, the glyph cache and one request's drawing share.
pub const WORKING_MEMORY: u64 = MEMORY_CEILING - BASELINE;

/// Working memory of drawing and encoding a `pixels`-pixel PNG, 10 bytes a
/// pixel at most: the RGBA pixmap and the PNG's filtered rows (up to 4 bytes
/// a pixel) while the rows are converted; then, the pixmap let go, the rows
/// and the zlib stream, reserved at half the rows and, for an image that
/// does not compress, grown once to their size (the old and the new buffer
/// held together for the copy).
pub const fn image_bytes(pixels: u64) -> u64 {
    10 * pixels
}

/// The 422 message when `faces` (parsed) and an image needing `need`
/// bytes cannot be drawn together within [`WORKING_MEMORY`].
pub fn check(faces: &[u16], need: u64) -> Result<(), String> {
    let fonts = fonts::bytes_of(faces);
    let total = fonts + need + GLYPH_CACHE_BYTES as u64;
    if total <= WORKING_MEMORY {
        return Ok(());
    }
    let mib = |b: u64| (b + (1 << 19)) >> 20;
    Err(format!(
        "drawing this takes about {} MiB at once: {} MiB for the image and {} MiB of font faces, with the glyph cache's {} MiB; \
         a request may take {} MiB ({} MiB of linear memory, MEMORY_CEILING, less what the worker itself holds): \
         draw a smaller image (width, height, dpr) or split the text",
        mib(total),
        mib(need),
        mib(fonts),
        mib(GLYPH_CACHE_BYTES as u64),
        mib(WORKING_MEMORY),
        mib(MEMORY_CEILING)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_image_fits_with_a_latin_face_not_with_every_cjk_tier() {
        let pixels = 2048 * 2048;
        let sans = fonts::face_of("sans", 400).expect("the sans face");
        let chain = fonts::chain(sans, "Hello", None);
        assert!(check(&chain[..1], image_bytes(pixels)).is_ok());
        let every: Vec<u16> = (0..fonts::FACES.len() as u16).collect();
        let e = check(&every, image_bytes(pixels)).unwrap_err();
        assert!(e.contains("MEMORY_CEILING"), "{e}");
        assert!(check(&[], image_bytes(pixels)).is_ok());
    }
}
