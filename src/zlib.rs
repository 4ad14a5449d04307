//! The zlib stream of a PNG's scanlines.
//!
//! Rendered images are mostly background: most rows equal the row above,
//! and under PNG's `Up` filter such a row is its filter byte followed by
//! zeros. Deflating those bytes one by one is where a general compressor
//! spends its time on a card, so runs of such rows are written here as
//! deflate blocks of their own, built directly (so are palette rows of the
//! background colour, which are zeros unfiltered); the rows between them go
//! through `miniz_oxide`. The stream stays one standard zlib stream.

use miniz_oxide::deflate::core::{
    compress, create_comp_flags_from_zip_params, CompressorOxide, TDEFLFlush, TDEFLStatus,
};

/// Filtered scanlines: rows written out, and runs of rows that are a
/// filter byte and zeros (a row equal to the row above, under `Up`), noted
/// rather than stored.
pub struct Scanlines {
    /// Each written row: filter type, then the filtered bytes.
    pub data: Vec<u8>,
    /// Bytes per row after the filter byte.
    pub stride: usize,
    /// The runs, in order: offset in `data` where the run goes, number of
    /// rows, filter byte.
    pub repeats: Vec<(usize, usize, u8)>,
}

/// Compresses the scanlines into one zlib stream at miniz `level` (1–9).
pub fn zlib(rows: &Scanlines, level: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.data.len() / 16 + 1024);
    // CMF: deflate, 32 KiB window; FLG: default level, no dictionary.
    out.extend_from_slice(&[0x78, 0x9c]);
    // Raw deflate (no zlib framing) per segment: the framing is ours.
    let flags = create_comp_flags_from_zip_params(level.into(), -15, 0);
    let mut compressor: Option<Box<CompressorOxide>> = None;
    let mut adler = adler2::Adler32::new();
    let mut from = 0;
    let tail = (rows.data.len(), 0, None);
    let runs = rows.repeats.iter().map(|&(at, n, f)| (at, n, Some(f)));
    for (at, n, filter) in runs.chain(std::iter::once(tail)) {
        if at > from {
            let part = &rows.data[from..at];
            let c = compressor.get_or_insert_with(|| Box::new(CompressorOxide::new(flags)));
            c.reset();
            // A sync flush ends on a byte boundary, ready for the next block.
            deflate(c, part, TDEFLFlush::Sync, &mut out);
            adler.write_slice(part);
            from = at;
        }
        if let Some(f) = filter {
            repeat_block(&mut out, rows.stride, n, f);
            adler = adler_of_run(adler, f, rows.stride, n);
        }
    }
    // An empty final block (fixed code: BFINAL, BTYPE 01, end of block).
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&adler.checksum().to_be_bytes());
    out
}

/// Adler-32 continued over `rows` rows of `[filter, 0 × stride]`, in
/// closed form: per row, `a` gains the filter byte and `b` gains `a` once
/// per byte.
fn adler_of_run(adler: adler2::Adler32, filter: u8, stride: usize, rows: usize) -> adler2::Adler32 {
    const MOD: u64 = 65521;
    let sum = u64::from(adler.checksum());
    let (mut a, mut b) = (sum & 0xffff, sum >> 16);
    let per_row = (stride as u64 + 1) % MOD;
    // One step per row: nothing next to deflating the row would have cost.
    for _ in 0..rows {
        a = (a + u64::from(filter)) % MOD;
        b = (b + a * per_row) % MOD;
    }
    adler2::Adler32::from_checksum(((b << 16) | a) as u32)
}

/// Feeds all of `input` to the compressor with `flush`, appending to `out`.
fn deflate(
    compressor: &mut CompressorOxide,
    mut input: &[u8],
    flush: TDEFLFlush,
    out: &mut Vec<u8>,
) {
    let mut buf = vec![0u8; input.len() / 8 + 4096];
    loop {
        let (status, read, written) = compress(compressor, input, &mut buf, flush);
        out.extend_from_slice(&buf[..written]);
        input = &input[read..];
        // The flush is complete once all input is in and the output did not
        // fill the buffer (which would mean more is waiting).
        let more = written == buf.len();
        if status != TDEFLStatus::Okay || (input.is_empty() && !more) {
            debug_assert!(
                status == TDEFLStatus::Okay,
                "deflate into memory: {status:?}"
            );
            break;
        }
    }
}

/// Bits packed least-significant first, as deflate wants them.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits<'_> {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code: sent most-significant bit first.
    fn code(&mut self, code: u16, len: u8) {
        let reversed = (code.reverse_bits() >> (16 - u32::from(len))) as u32;
        self.put(reversed, u32::from(len));
    }

    /// Pads to a byte boundary with zero bits.
    fn align(&mut self) {
        if self.n > 0 {
            self.put(0, 8 - self.n);
        }
    }
}

/// A literal/length symbol of the repeat block: a literal byte, or a match
/// of `len` bytes at distance 1.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Symbol {
    Literal(u8),
    Match(u16),
    End,
}

impl Symbol {
    /// Deflate symbol number, extra bits and their count.
    fn code(self) -> (u16, u32, u32) {
        match self {
            Symbol::Literal(b) => (u16::from(b), 0, 0),
            Symbol::End => (256, 0, 0),
            Symbol::Match(len) => length_code(len),
        }
    }
}

/// The deflate length symbol of a match length (3–258), with its extra bits.
fn length_code(len: u16) -> (u16, u32, u32) {
    const BASE: [u16; 29] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
        131, 163, 195, 227, 258,
    ];
    const EXTRA: [u32; 29] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ];
    let i = BASE.iter().rposition(|&b| b <= len).unwrap_or(0);
    (257 + i as u16, u32::from(len - BASE[i]), EXTRA[i])
}

/// The symbols of `n` zero bytes that follow a literal zero: matches at
/// distance 1, and literals where fewer than 3 bytes are left.
fn zero_run(n: usize, s: &mut Vec<Symbol>) {
    let mut left = n;
    while left > 258 {
        // Never leave 1–2 bytes, which no match can cover.
        let take = if left - 258 >= 3 { 258 } else { left - 3 };
        s.push(Symbol::Match(take as u16));
        left -= take;
    }
    if left >= 3 {
        s.push(Symbol::Match(left as u16));
    } else {
        s.extend(std::iter::repeat_n(Symbol::Literal(0), left));
    }
}

/// Canonical Huffman codes (RFC 1951 §3.2.2) for the given code lengths.
fn canonical(lengths: &[u8]) -> Vec<u16> {
    let mut count = [0u16; 16];
    for &l in lengths {
        count[usize::from(l)] += 1;
    }
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lengths
        .iter()
        .map(|&l| {
            if l == 0 {
                0
            } else {
                let c = next[usize::from(l)];
                next[usize::from(l)] += 1;
                c
            }
        })
        .collect()
}

/// Appends `rows` rows of `[filter, 0 × stride]` as one dynamic deflate
/// block, then an empty stored block to end on a byte boundary.
fn repeat_block(out: &mut Vec<u8>, stride: usize, rows: usize, filter: u8) {
    // The symbols of `unit`, sent `times` times.
    let mut unit = vec![Symbol::Literal(filter)];
    let times = if filter == 0 {
        // All zeros: one run through every row.
        zero_run(rows * (stride + 1) - 1, &mut unit);
        1
    } else {
        if stride > 0 {
            unit.push(Symbol::Literal(0));
            zero_run(stride - 1, &mut unit);
        }
        rows
    };
    // Distinct symbols, most frequent first (ties by symbol, so the bytes
    // are deterministic), get a "comb" code: lengths 1, 2, …, m−1, m−1 —
    // complete, and the common 258-byte match costs one bit.
    let mut freq: Vec<(Symbol, usize)> = Vec::new();
    for &s in unit.iter().chain([Symbol::End].iter()) {
        match freq.iter_mut().find(|(t, _)| *t == s) {
            Some((_, n)) => *n += 1,
            None => freq.push((s, 1)),
        }
    }
    freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let m = freq.len(); // ≥ 2: the filter byte and the end of block
    let mut lit_len = [0u8; 286];
    for (i, (s, _)) in freq.iter().enumerate() {
        let l = (i + 1).min(m - 1) as u8;
        lit_len[usize::from(s.code().0)] = l;
    }
    let nlit = lit_len
        .iter()
        .rposition(|&l| l > 0)
        .map_or(257, |i| i + 1)
        .max(257);
    let lit_codes = canonical(&lit_len[..nlit]);

    let mut bits = Bits { out, acc: 0, n: 0 };
    bits.put(0, 1); // not the final block
    bits.put(2, 2); // dynamic Huffman codes
    bits.put((nlit - 257) as u32, 5);
    bits.put(0, 5); // one distance code: distance 1, length 1
    bits.put(15, 4); // all 19 code-length code lengths follow
                     // The code-length code: 16 symbols of 4 bits each (complete):
                     // lengths 0–13 as themselves, 17 and 18 for runs of zeros.
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let mut cl_len = [0u8; 19];
    for s in (0..14).chain([17, 18]) {
        cl_len[s] = 4;
    }
    for &s in &ORDER {
        bits.put(u32::from(cl_len[s]), 3);
    }
    let cl_codes = canonical(&cl_len);
    let cl = |bits: &mut Bits, s: usize| bits.code(cl_codes[s], cl_len[s]);
    // Literal/length lengths, then the one distance length (1).
    let mut lengths: Vec<u8> = lit_len[..nlit].to_vec();
    lengths.push(1);
    let mut i = 0;
    while i < lengths.len() {
        let l = lengths[i];
        let run = lengths[i..].iter().take_while(|&&x| x == l).count();
        if l == 0 && run >= 11 {
            let n = run.min(138);
            cl(&mut bits, 18);
            bits.put((n - 11) as u32, 7);
            i += n;
        } else if l == 0 && run >= 3 {
            let n = run.min(10);
            cl(&mut bits, 17);
            bits.put((n - 3) as u32, 3);
            i += n;
        } else {
            cl(&mut bits, usize::from(l));
            i += 1;
        }
    }
    // The rows. The distance code (code 0: distance 1) is the single
    // one-bit code 0.
    for _ in 0..times {
        for &s in &unit {
            let (sym, extra, extra_bits) = s.code();
            bits.code(lit_codes[usize::from(sym)], lit_len[usize::from(sym)]);
            if let Symbol::Match(_) = s {
                bits.put(extra, extra_bits);
                bits.put(0, 1);
            }
        }
    }
    let (end, _, _) = Symbol::End.code();
    bits.code(lit_codes[usize::from(end)], lit_len[usize::from(end)]);
    // An empty stored block brings the stream to a byte boundary.
    bits.put(0, 3);
    bits.align();
    bits.out.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random-ish scanlines with runs of repeated rows at the given
    /// stride, and the bytes they stand for.
    fn sample(stride: usize, rows: usize, seed: u32) -> (Scanlines, Vec<u8>) {
        let mut data = Vec::new();
        let mut whole = Vec::new();
        let mut repeats = Vec::new();
        let mut x = seed;
        let mut y = 0;
        while y < rows {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            if x >> 28 < 6 {
                let n = ((x >> 16) as usize % 40 + 1).min(rows - y);
                let f = [0, 2, 4][(x >> 8) as usize % 3];
                repeats.push((data.len(), n, f));
                for _ in 0..n {
                    whole.push(f);
                    whole.extend(std::iter::repeat_n(0, stride));
                }
                y += n;
            } else {
                let start = data.len();
                data.push((x >> 8) as u8 % 5);
                for i in 0..stride {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    data.push(if x >> 29 == 0 {
                        (x >> 16) as u8
                    } else {
                        i as u8 / 7
                    });
                }
                whole.extend_from_slice(&data[start..]);
                y += 1;
            }
        }
        let rows = Scanlines {
            data,
            stride,
            repeats,
        };
        (rows, whole)
    }

    #[test]
    fn every_stride_round_trips() {
        // Strides around every boundary of the match splitting: 0–3 bytes,
        // one match, 258 ± 2, two and more matches.
        for stride in (0..12)
            .chain(255..265)
            .chain(512..520)
            .chain([1200, 4800, 16384])
        {
            for seed in 0..3 {
                let (rows, whole) = sample(stride, 60, seed + stride as u32);
                for level in [1, 6] {
                    let z = zlib(&rows, level);
                    // miniz checks the Adler-32 trailer too.
                    let back = miniz_oxide::inflate::decompress_to_vec_zlib(&z)
                        .unwrap_or_else(|e| panic!("stride {stride}, seed {seed}: {e:?}"));
                    assert!(back == whole, "stride {stride}, seed {seed}: data differs");
                }
            }
        }
    }

    #[test]
    fn repeated_rows_cost_a_few_bits_each() {
        let stride = 1200;
        for (filter, limit) in [
            // 600 rows × (2 literals + 5 matches) at 1–4 bits plus distance bits.
            (2u8, 600 * 3),
            // Zero filter bytes: one run of zeros, two bits per 258 bytes.
            (0, 600 * 1201 / 258 / 4 + 64),
        ] {
            let rows = Scanlines {
                data: Vec::new(),
                stride,
                repeats: vec![(0, 600, filter)],
            };
            let z = zlib(&rows, 6);
            assert!(z.len() < limit, "filter {filter}: {} bytes", z.len());
            let back = miniz_oxide::inflate::decompress_to_vec_zlib(&z).unwrap();
            let row: Vec<u8> = [filter].into_iter().chain([0; 1200]).collect();
            assert!(back == row.repeat(600));
        }
    }

    #[test]
    fn a_wrong_checksum_is_caught() {
        // The round-trip test relies on the inflater checking Adler-32.
        let (rows, _) = sample(100, 30, 7);
        let mut z = zlib(&rows, 6);
        let last = z.len() - 1;
        z[last] ^= 1;
        assert!(miniz_oxide::inflate::decompress_to_vec_zlib(&z).is_err());
    }

    #[test]
    fn length_codes_match_rfc_1951() {
        assert_eq!(length_code(3), (257, 0, 0));
        assert_eq!(length_code(10), (264, 0, 0));
        assert_eq!(length_code(12), (265, 1, 1));
        assert_eq!(length_code(130), (280, 15, 4));
        assert_eq!(length_code(257), (284, 30, 5));
        assert_eq!(length_code(258), (285, 0, 0));
    }
}
