//! CRC-32 (the ISO-HDLC polynomial, PNG's chunk checksum): slicing by 16,
//! as `crc32fast` does on targets without carry-less multiplication (wasm
//! among them), with the same 16 × 256 table built on first use instead of
//! stored. Stored, the table is 16 KB of incompressible data: 16.4 KB of the
//! worker wasm's gzip. Built, it costs ~4,000 table steps once per isolate.

use std::sync::OnceLock;

type Table = [[u32; 256]; 16];

static TABLE: OnceLock<Box<Table>> = OnceLock::new();

fn table() -> &'static Table {
    TABLE.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 16]);
        for (n, entry) in t[0].iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *entry = c;
        }
        for k in 1..16 {
            for n in 0..256 {
                let prev = t[k - 1][n];
                t[k][n] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        t
    })
}

/// The CRC-32 of `bytes`.
pub fn hash(bytes: &[u8]) -> u32 {
    let t = table();
    let mut crc = !0u32;
    let mut blocks = bytes.chunks_exact(16);
    for b in &mut blocks {
        let w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) ^ crc;
        crc = t[0x0][usize::from(b[15])]
            ^ t[0x1][usize::from(b[14])]
            ^ t[0x2][usize::from(b[13])]
            ^ t[0x3][usize::from(b[12])]
            ^ t[0x4][usize::from(b[11])]
            ^ t[0x5][usize::from(b[10])]
            ^ t[0x6][usize::from(b[9])]
            ^ t[0x7][usize::from(b[8])]
            ^ t[0x8][usize::from(b[7])]
            ^ t[0x9][usize::from(b[6])]
            ^ t[0xa][usize::from(b[5])]
            ^ t[0xb][usize::from(b[4])]
            ^ t[0xc][(w >> 24) as usize]
            ^ t[0xd][((w >> 16) & 0xff) as usize]
            ^ t[0xe][((w >> 8) & 0xff) as usize]
            ^ t[0xf][(w & 0xff) as usize];
    }
    for &b in blocks.remainder() {
        crc = t[0][usize::from(crc as u8 ^ b)] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn matches_crc32fast() {
        assert_eq!(hash(b""), 0);
        assert_eq!(hash(b"123456789"), 0xcbf4_3926);
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 31 + i / 7) as u8).collect();
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 999, 1000] {
            for start in [0, 1, 3] {
                let s = &data[start..len.max(start)];
                assert_eq!(hash(s), crc32fast::hash(s), "{start}..{len}");
            }
        }
    }
}
