//! CRC-32 (the ISO-HDLC polynomial, PNG's chunk checksum).
//!
//! In wasm, slicing by 16 as `crc32fast` does there (it has no
//! carry-less-multiply path for wasm), with the same 16 × 256 table built
//! on first use instead of stored: stored, the table is 16 KB of
//! incompressible data, 16.4 KB of the worker wasm's gzip; built, it costs
//! ~4,000 table steps once per isolate, and it lives in zeroed memory that
//! the module does not carry. A static table of atomics (relaxed loads are
//! plain loads) keeps its address a constant, so each lookup is one load as
//! with `crc32fast`'s: 100 KB in 24 µs against `crc32fast`'s 30 µs in Node's
//! V8 (a table behind a pointer took 37 µs; `crc32fast`'s four-fold unrolled
//! loop 29 µs). Natively, `crc32fast` with its carry-less-multiply path
//! (10× faster than slicing).

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::Once;

/// The CRC-32 of `bytes`.
#[cfg(not(target_arch = "wasm32"))]
pub fn hash(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// The CRC-32 of `bytes`.
#[cfg(target_arch = "wasm32")]
pub fn hash(bytes: &[u8]) -> u32 {
    sliced(bytes)
}

/// `TABLE[k][n]`: the CRC of byte `n` followed by `k` zero bytes.
static TABLE: [[AtomicU32; 256]; 16] = [const { [const { AtomicU32::new(0) }; 256] }; 16];
static BUILT: Once = Once::new();

fn build() {
    for (n, entry) in TABLE[0].iter().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
        entry.store(c, Relaxed);
    }
    for pair in TABLE.windows(2) {
        for (prev, next) in pair[0].iter().zip(&pair[1]) {
            let prev = prev.load(Relaxed);
            next.store((prev >> 8) ^ t(0, (prev & 0xff) as usize), Relaxed);
        }
    }
}

#[inline(always)]
fn t(k: usize, n: usize) -> u32 {
    TABLE[k][n].load(Relaxed)
}

/// The CRC-32 of `bytes`, sliced by 16.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn sliced(bytes: &[u8]) -> u32 {
    BUILT.call_once(build);
    let mut crc = !0u32;
    let mut blocks = bytes.chunks_exact(16);
    for b in &mut blocks {
        crc = fold(crc, b);
    }
    for &b in blocks.remainder() {
        crc = t(0, usize::from(crc as u8 ^ b)) ^ (crc >> 8);
    }
    !crc
}

/// Folds the 16 bytes of `b` into `crc`.
#[inline(always)]
fn fold(crc: u32, b: &[u8]) -> u32 {
    let w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) ^ crc;
    t(0x0, usize::from(b[15]))
        ^ t(0x1, usize::from(b[14]))
        ^ t(0x2, usize::from(b[13]))
        ^ t(0x3, usize::from(b[12]))
        ^ t(0x4, usize::from(b[11]))
        ^ t(0x5, usize::from(b[10]))
        ^ t(0x6, usize::from(b[9]))
        ^ t(0x7, usize::from(b[8]))
        ^ t(0x8, usize::from(b[7]))
        ^ t(0x9, usize::from(b[6]))
        ^ t(0xa, usize::from(b[5]))
        ^ t(0xb, usize::from(b[4]))
        ^ t(0xc, (w >> 24) as usize)
        ^ t(0xd, ((w >> 16) & 0xff) as usize)
        ^ t(0xe, ((w >> 8) & 0xff) as usize)
        ^ t(0xf, (w & 0xff) as usize)
}

#[cfg(test)]
mod tests {
    use super::sliced;

    #[test]
    fn slicing_matches_crc32fast() {
        assert_eq!(sliced(b""), 0);
        assert_eq!(sliced(b"123456789"), 0xcbf4_3926);
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 31 + i / 7) as u8).collect();
        for len in [
            0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 129, 999, 1000,
        ] {
            for start in [0, 1, 3] {
                let s = &data[start..len.max(start)];
                assert_eq!(sliced(s), crc32fast::hash(s), "{start}..{len}");
            }
        }
    }
}
