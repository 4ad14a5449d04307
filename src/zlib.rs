//! The zlib stream of a PNG's scanlines.
//!
//! Rendered images are mostly background: most rows equal the row above,
//! and under PNG's `Up` filter such a row is its filter byte followed by
//! zeros. Deflating those bytes one by one is where a general compressor
//! spends its time on a card, so runs of such rows are written here as
//! deflate blocks of their own, built directly (so are palette rows of the
//! background colour, which are zeros unfiltered). The rows between them go
//! through our own matcher ([`Deflater::Rows`], what the renders use) or,
//! for measurements, through `miniz_oxide` ([`Deflater::Miniz`]). The
//! matcher looks for matches where rendered rows repeat themselves — the pixel to the left, the row above and one pixel either
//! side of it, the distances used just before and in the row above — plus
//! a short hash chain, nearest first (the cheapest distance code) — and
//! writes dynamic Huffman blocks. On a card with a gradient (every row
//! differs, but a diagonal one is the row above shifted by a pixel) that is
//! 2–4× faster than miniz at level 4 (see [`Deflater::Rows`]). The stream
//! stays one standard zlib stream.

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
    /// Bytes per pixel (1–4).
    pub bpp: usize,
    /// The runs, in order: offset in `data` where the run goes, number of
    /// rows, filter byte.
    pub repeats: Vec<(usize, usize, u8)>,
}

/// How the written rows (those between runs of repeated rows) are
/// deflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deflater {
    /// `miniz_oxide` at this level (1–9).
    Miniz(u8),
    /// Our row matcher (see the module doc). Against miniz at level 4 on
    /// the colour renders of `examples/encode_levels.rs` (the six example
    /// cards, RGB 1200×630, and two gradient hearts): 2–4× faster, and
    /// from 15 % smaller (a 135° gradient) to 10 % larger (a radial one,
    /// whose rows are shifted by varying amounts); flat cards with text
    /// −3 % to +6 %.
    Rows,
}

/// Compresses the scanlines into one zlib stream.
pub fn zlib(rows: &Scanlines, deflater: Deflater) -> Vec<u8> {
    match deflater {
        Deflater::Rows => zlib_rows(rows),
        Deflater::Miniz(level) => {
            // Raw deflate (no zlib framing) per segment: the framing is ours.
            let flags = create_comp_flags_from_zip_params(level.into(), -15, 0);
            let mut out = Vec::new();
            stream(
                rows,
                &mut Miniz(Box::new(CompressorOxide::new(flags))),
                &mut out,
            );
            out
        }
    }
}

/// [`zlib`] with [`Deflater::Rows`], what the renders use: called by name,
/// so that miniz's deflate is not linked where only this is.
pub fn zlib_rows(rows: &Scanlines) -> Vec<u8> {
    let mut out = Vec::new();
    zlib_rows_into(rows, &mut out);
    out
}

/// [`zlib_rows`] appended to `out` (a PNG being written: the stream goes
/// straight into its chunk, never copied, which for an incompressible
/// 2,048² image was 16 MiB more at once).
pub fn zlib_rows_into(rows: &Scanlines, out: &mut Vec<u8>) {
    stream(rows, &mut None::<Matcher>, out)
}

/// Deflates the written rows between two runs.
trait Segment {
    /// Deflates `rows.data[range]` into `out`, ending on a byte boundary.
    fn segment(&mut self, out: &mut Vec<u8>, rows: &Scanlines, range: core::ops::Range<usize>);
}

/// The row matcher, made at the first segment.
impl Segment for Option<Matcher> {
    #[inline(always)]
    fn segment(&mut self, out: &mut Vec<u8>, rows: &Scanlines, range: core::ops::Range<usize>) {
        let m = self.get_or_insert_with(Matcher::new);
        m.segment(out, &rows.data, range, rows.stride, rows.bpp);
    }
}

/// miniz, reset for each segment.
struct Miniz(Box<CompressorOxide>);

impl Segment for Miniz {
    fn segment(&mut self, out: &mut Vec<u8>, rows: &Scanlines, range: core::ops::Range<usize>) {
        self.0.reset();
        // A sync flush ends on a byte boundary, ready for the next block.
        deflate(&mut self.0, &rows.data[range], TDEFLFlush::Sync, out);
    }
}

/// The zlib stream of `rows` appended to `out`: the written rows between
/// the runs deflated by `segments`, the runs as blocks of their own.
fn stream(rows: &Scanlines, segments: &mut impl Segment, out: &mut Vec<u8>) {
    // Half the input at first: one doubling at most for an incompressible
    // image. Growing from a sixteenth, an incompressible translucent
    // 2,048² image left 15 MiB of outgrown buffers behind (1 + 2 + 4 + 8)
    // on top of its 16 MiB stream: linear memory went to 66.9 MiB, now
    // 59 (`bench/scene-memory.mjs`, `noise`).
    out.reserve(rows.data.len() / 2 + 1024);
    // CMF: deflate, 32 KiB window; FLG: default level, no dictionary.
    out.extend_from_slice(&[0x78, 0x9c]);
    let mut adler = 1u32;
    let mut from = 0;
    let tail = (rows.data.len(), 0, None);
    let runs = rows.repeats.iter().map(|&(at, n, f)| (at, n, Some(f)));
    for (at, n, filter) in runs.chain(std::iter::once(tail)) {
        if at > from {
            // (Sliced before the segment: sliced after it, the matcher
            // inlined here ran 6 % more instructions, by callgrind.)
            let part = &rows.data[from..at];
            segments.segment(out, rows, from..at);
            adler = adler32(adler, part);
            from = at;
        }
        if let Some(f) = filter {
            repeat_block(out, rows.stride, n, f);
            adler = adler_of_run(adler, f, rows.stride, n);
        }
    }
    // An empty final block (fixed code: BFINAL, BTYPE 01, end of block).
    out.extend_from_slice(&[0x03, 0x00]);
    out.extend_from_slice(&adler.to_be_bytes());
}

/// Adler-32's modulus.
const ADLER_MOD: u32 = 65_521;

/// Adler-32 (RFC 1950) continued over `data`, in 32 lanes that the
/// compiler turns into vector code (simd128 in wasm, SSE/AVX natively):
/// lane `i` sums the bytes at `32k + i` (`va`) and, block by block, those
/// sums so far (`vb`); a span of `32n` bytes then adds `Σ va` to `a`, and
/// `32n·a + Σ 32·(vb + va) − i·va` to `b` (byte `j` of the span counts
/// `32n − j` times in `b`). Spans of 5,536 bytes keep every sum within 32
/// bits, as zlib's NMAX (5,552) does. 2.27 MB in V8: 0.28 ms, against
/// 0.44 with 16 lanes and 0.55 with `adler2`; natively 0.22, 0.18, 0.28.
/// (Not inlined: inlined into [`zlib`], it made the matcher's loop
/// slower.)
#[inline(never)]
fn adler32(adler: u32, data: &[u8]) -> u32 {
    const LANES: usize = 32;
    const SPAN: usize = LANES * (5552 / LANES);
    let (mut a, mut b) = (adler & 0xffff, adler >> 16);
    for span in data.chunks(SPAN) {
        let mut blocks = span.chunks_exact(LANES);
        let (mut va, mut vb) = ([0u32; LANES], [0u32; LANES]);
        for block in &mut blocks {
            for i in 0..LANES {
                vb[i] += va[i];
                va[i] += u32::from(block[i]);
            }
        }
        let len = (span.len() / LANES * LANES) as u64;
        let (mut sa, mut sb) = (u64::from(a), u64::from(b) + len * u64::from(a));
        for i in 0..LANES {
            let (x, y) = (u64::from(va[i]), u64::from(vb[i]));
            sa += x;
            sb += LANES as u64 * (y + x) - i as u64 * x;
        }
        a = (sa % u64::from(ADLER_MOD)) as u32;
        b = (sb % u64::from(ADLER_MOD)) as u32;
        for &x in blocks.remainder() {
            a += u32::from(x);
            b += a;
        }
        a %= ADLER_MOD;
        b %= ADLER_MOD;
    }
    (b << 16) | a
}

/// Adler-32 continued over `rows` rows of `[filter, 0 × stride]`, in
/// closed form: per row, `a` gains the filter byte and `b` gains `a` once
/// per byte.
fn adler_of_run(adler: u32, filter: u8, stride: usize, rows: usize) -> u32 {
    const MOD: u64 = ADLER_MOD as u64;
    let sum = u64::from(adler);
    let (mut a, mut b) = (sum & 0xffff, sum >> 16);
    let per_row = (stride as u64 + 1) % MOD;
    // One step per row: nothing next to deflating the row would have cost.
    for _ in 0..rows {
        a = (a + u64::from(filter)) % MOD;
        b = (b + a * per_row) % MOD;
    }
    ((b << 16) | a) as u32
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
    /// Appends the low `count` (≤ 32) bits of `value` (nothing above them).
    /// Whole bytes reach `out` four at a time, and all of them at
    /// [`Bits::align`].
    #[inline]
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.n -= 32;
        }
    }

    /// A Huffman code: sent most-significant bit first.
    fn code(&mut self, code: u16, len: u8) {
        let reversed = (code.reverse_bits() >> (16 - u32::from(len))) as u32;
        self.put(reversed, u32::from(len));
    }

    /// Pads to a byte boundary with zero bits and writes out every byte.
    fn align(&mut self) {
        self.n = self.n.div_ceil(8) * 8;
        while self.n > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
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
            Symbol::Match(len) => {
                let (sym, extra, bits) = len_sym(usize::from(len));
                (sym as u16, extra, bits)
            }
        }
    }
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
    crate::sort::sort_by(&mut freq, |a, b| (b.1, a.0) < (a.1, b.0));
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

/// The matcher's hash table: 2^15 slots of the last position whose four
/// bytes hash there.
const HASH_BITS: u32 = 15;

/// Deflate's window: matches reach at most this far back.
const WINDOW: usize = 32_768;

/// Tokens per dynamic block: each block gets Huffman codes of its own.
const BLOCK_TOKENS: usize = 1 << 14;

/// Hash-chain positions tried after the row candidates. Measured on the
/// colour renders of `examples/encode_levels.rs` (bytes summed): 0 → 1
/// probe −21 % (−36 % on the radial card), 1 → 2 −1.6 %, 2 → 4 −0.6 %,
/// each within the timing noise (a few %); a lazy match (one position
/// on) −1–2 % for ~10 % more time: not taken.
const PROBES: usize = 2;

/// Positions inside a match after its first that go into the hash table
/// (so that a later match may start there): 0, 2 and 8 are within 0.2 %,
/// and a match of 258 bytes costs two inserts, not 258.
const INSERTS: usize = 2;

/// After `n` literal positions in a row, the matcher searches only every
/// `1 + ⌊n / 2^SKIP⌋` positions (at most [`STEP_MAX`]), the bytes between
/// being literals — LZ4's acceleration. On the example cards that changes
/// one byte (their literal runs are short), while where the search almost
/// never finds anything it saves most of it: 1200×630 of random bytes 62 →
/// 5.6 ms natively (+0.0 % bytes), two photographs scaled to 1200×630
/// 28 → 27 and 21 → 12 ms (+0.1 %, +0.4 %).
const SKIP: u32 = 6;

/// The largest step of a literal run.
const STEP_MAX: usize = 32;

/// The matcher's state, kept across the segments of one image.
struct Matcher {
    /// Last position (in the scanlines) whose hash is the slot.
    head: Vec<u32>,
    /// For each position (mod the window), the previous one of its hash.
    chain: Vec<u32>,
    /// For each byte of a row, the distance of the match that covered it in
    /// the row above, if it was not one of the row candidates.
    column: Vec<u16>,
    tokens: Vec<u32>,
}

/// A token of a block: a literal byte (`< 256`), or
/// `MATCH | (length − 3) << 16 | (distance − 1)`.
const MATCH: u32 = 1 << 31;

impl Matcher {
    fn new() -> Matcher {
        Matcher {
            head: vec![u32::MAX; 1 << HASH_BITS],
            chain: vec![u32::MAX; WINDOW],
            column: Vec::new(),
            tokens: Vec::with_capacity(BLOCK_TOKENS),
        }
    }

    /// Deflates `data[range]` (whole rows, after a repeat run or at the
    /// start) as dynamic blocks ending on a byte boundary. Matches reach
    /// no further back than `range.start`: what the inflater has before it
    /// is a run of repeated rows, not these bytes.
    fn segment(
        &mut self,
        out: &mut Vec<u8>,
        data: &[u8],
        range: core::ops::Range<usize>,
        stride: usize,
        bpp: usize,
    ) {
        let (from, to) = (range.start, range.end);
        let row = stride + 1;
        // (A zero distance is no candidate.)
        let rows = [bpp, row.saturating_sub(bpp), row, row + bpp];
        self.column.clear();
        self.column.resize(row, 0);
        let mut bits = Bits { out, acc: 0, n: 0 };
        let mut lit_freq = [0u32; 286];
        let mut dist_freq = [0u32; 30];
        self.tokens.clear();
        let mut p = from;
        // Literal positions since the last match.
        let mut misses = 0usize;
        // `p`'s byte in its row: (p − from) mod row, kept without dividing.
        let mut col = 0usize;
        let mut last = 0usize;
        while p < to {
            let cands = [rows[0], rows[1], rows[2], rows[3], last];
            let extra = usize::from(self.column[col]);
            let (len, d) = self.find(data, from, to, p, cands, extra);
            if len >= 4 {
                self.tokens
                    .push(MATCH | ((len as u32 - 3) << 16) | (d as u32 - 1));
                lit_freq[len_sym(len).0] += 1;
                dist_freq[dist_sym(d).0] += 1;
                last = d;
                if !rows.contains(&d) {
                    // Remember it for the bytes below in the next row.
                    let (mut i, mut left) = (col, len);
                    while left > 0 {
                        let n = left.min(row - i);
                        self.column[i..i + n].fill(d as u16);
                        left -= n;
                        i = 0;
                    }
                }
                for k in 1..len.min(INSERTS + 1) {
                    self.insert(data, to, p + k);
                }
                p += len;
                col += len;
                while col >= row {
                    col -= row;
                }
                misses = 0;
            } else {
                // After a long run of literals (a photograph, noise), search
                // only every `step` positions: the rest are literals.
                misses += 1;
                let step = (1 + (misses >> SKIP)).min(to - p).min(STEP_MAX);
                for &b in &data[p..p + step] {
                    self.tokens.push(u32::from(b));
                    lit_freq[usize::from(b)] += 1;
                }
                p += step;
                col += step;
                while col >= row {
                    col -= row;
                }
            }
            if self.tokens.len() >= BLOCK_TOKENS {
                write_block(&mut bits, &self.tokens, &mut lit_freq, &mut dist_freq);
                self.tokens.clear();
            }
        }
        if !self.tokens.is_empty() {
            write_block(&mut bits, &self.tokens, &mut lit_freq, &mut dist_freq);
        }
        // An empty stored block brings the stream to a byte boundary.
        bits.put(0, 3);
        bits.align();
        bits.out.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
    }

    /// Puts position `p` into the hash table.
    #[inline]
    fn insert(&mut self, data: &[u8], to: usize, p: usize) {
        if p + 4 <= to {
            let h = hash4(load4(data, p));
            self.chain[p % WINDOW] = self.head[h];
            self.head[h] = p as u32;
        }
    }

    /// The longest match at `p` (length ≥ 4 and distance, or length 0)
    /// among the distances `cands` and `extra` and [`PROBES`] positions of
    /// the hash chain, within `from..to`; inserts `p` into the hash table.
    #[inline]
    fn find(
        &mut self,
        data: &[u8],
        from: usize,
        to: usize,
        p: usize,
        cands: [usize; 5],
        extra: usize,
    ) -> (usize, usize) {
        let max = (to - p).min(258);
        if max < 4 {
            return (0, 0);
        }
        let back = (p - from).min(WINDOW);
        let key = load4(data, p);
        // Nearest first: of two matches as long, the nearer has the
        // cheaper distance code (a run of one colour matched a pixel back
        // costs no extra bits, a row back 10 or more). The row candidates
        // come in that order; the other two only win by being longer.
        let ds = [cands[0], cands[1], cands[2], cands[3], cands[4], extra];
        // Which distances share the first four bytes, without a branch each
        // (in literal runs they are unpredictable).
        let mut mask = 0u32;
        for (i, &d) in ds.iter().enumerate() {
            let ok = d.wrapping_sub(1) < back;
            let c = if ok { p - d } else { p };
            mask |= u32::from(ok & (load4(data, c) == key)) << i;
        }
        let h = hash4(key);
        let mut c = self.head[h] as usize;
        self.chain[p % WINDOW] = self.head[h];
        self.head[h] = p as u32;
        let (mut best, mut best_d) = (0usize, 0usize);
        while mask != 0 {
            let d = ds[mask.trailing_zeros() as usize];
            mask &= mask - 1;
            // The byte that would make it longer first.
            let probe = best.min(max - 1);
            if d == best_d || data[p - d + probe] != data[p + probe] {
                continue;
            }
            let len = 4 + common(data, p - d + 4, p + 4, max - 4);
            if len > best {
                (best, best_d) = (len, d);
                if len == max {
                    return (best, best_d);
                }
            }
        }
        for _ in 0..PROBES {
            if !(c >= from && c < p && p - c <= WINDOW) {
                break;
            }
            let probe = best.min(max - 1);
            if data[c + probe] == data[p + probe] && load4(data, c) == key {
                let len = 4 + common(data, c + 4, p + 4, max - 4);
                if len > best {
                    (best, best_d) = (len, p - c);
                    if len == max {
                        break;
                    }
                }
            }
            let next = self.chain[c % WINDOW] as usize;
            // A slot reused by a newer position ends the chain.
            if next >= c {
                break;
            }
            c = next;
        }
        (best, best_d)
    }
}

/// Four bytes at `i`, little-endian (0 past the end).
#[inline]
fn load4(data: &[u8], i: usize) -> u32 {
    data.get(i..i + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The hash-table slot of four bytes.
#[inline]
fn hash4(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize
}

/// The length of the common prefix of `data[a..a + max]` and
/// `data[b..b + max]`, eight bytes a step.
#[inline]
fn common(data: &[u8], a: usize, b: usize, max: usize) -> usize {
    let (Some(x), Some(y)) = (data.get(a..a + max), data.get(b..b + max)) else {
        return 0;
    };
    let mut n = 0;
    for (cx, cy) in x.chunks_exact(8).zip(y.chunks_exact(8)) {
        let u = u64::from_le_bytes(cx.try_into().unwrap_or_default());
        let v = u64::from_le_bytes(cy.try_into().unwrap_or_default());
        if u != v {
            return n + ((u ^ v).trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + x[n..]
        .iter()
        .zip(&y[n..])
        .take_while(|(p, q)| p == q)
        .count()
}

/// The deflate length symbol (257–285) of a match length (3–258), with its
/// extra bits' value and count (RFC 1951 §3.2.5).
#[inline]
fn len_sym(len: usize) -> (usize, u32, u32) {
    let l = len - 3;
    if l < 8 {
        (257 + l, 0, 0)
    } else if l == 255 {
        (285, 0, 0)
    } else {
        // 4 symbols per power of two, `nb − 2` extra bits.
        let nb = usize::BITS - 1 - l.leading_zeros();
        let sym = 257 + 4 * (nb as usize - 1) + ((l >> (nb - 2)) & 3);
        (sym, (l & ((1 << (nb - 2)) - 1)) as u32, nb - 2)
    }
}

/// The deflate distance symbol (0–29) of a distance (1–32768), with its
/// extra bits' value and count.
#[inline]
fn dist_sym(dist: usize) -> (usize, u32, u32) {
    let d = dist - 1;
    if d < 4 {
        (d, 0, 0)
    } else {
        // 2 symbols per power of two, `nb − 1` extra bits.
        let nb = usize::BITS - 1 - d.leading_zeros();
        let sym = 2 * nb as usize + ((d >> (nb - 1)) & 1);
        (sym, (d & ((1 << (nb - 1)) - 1)) as u32, nb - 1)
    }
}

/// Huffman code lengths for the symbol frequencies `freq`, none longer
/// than `limit`: the minimum-redundancy lengths (Moffat and Katajainen's
/// in-place algorithm over the frequencies sorted, ties by symbol, so the
/// result is deterministic), then capped and the Kraft sum repaired as
/// zlib and miniz do. At least two symbols get a code (a one-code table
/// is incomplete), the extra one with frequency 0.
fn code_lengths(freq: &[u32], limit: u32) -> Vec<u8> {
    let mut syms: Vec<(u32, usize)> = freq
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f > 0)
        .map(|(i, &f)| (f, i))
        .collect();
    for (i, &f) in freq.iter().enumerate() {
        if syms.len() >= 2 {
            break;
        }
        if f == 0 {
            syms.push((0, i));
        }
    }
    sort_pairs(&mut syms);
    let n = syms.len();
    let mut lengths = vec![0u8; freq.len()];
    if n < 2 {
        return lengths;
    }
    let mut a: Vec<u32> = syms.iter().map(|s| s.0).collect();
    // Moffat–Katajainen: a[i] becomes the code length of the i-th least
    // frequent symbol.
    a[0] += a[1];
    let (mut root, mut leaf) = (0usize, 2usize);
    for next in 1..n - 1 {
        if leaf >= n || a[root] < a[leaf] {
            a[next] = a[root];
            a[root] = next as u32;
            root += 1;
        } else {
            a[next] = a[leaf];
            leaf += 1;
        }
        if leaf >= n || (root < next && a[root] < a[leaf]) {
            a[next] += a[root];
            a[root] = next as u32;
            root += 1;
        } else {
            a[next] += a[leaf];
            leaf += 1;
        }
    }
    a[n - 2] = 0;
    for next in (0..n - 2).rev() {
        a[next] = a[a[next] as usize] + 1;
    }
    let (mut avail, mut used, mut depth) = (1i64, 0i64, 0u32);
    let (mut root, mut next) = (n as i64 - 2, n as i64 - 1);
    while avail > 0 {
        while root >= 0 && a[root as usize] == depth {
            used += 1;
            root -= 1;
        }
        while avail > used {
            a[next as usize] = depth;
            next -= 1;
            avail -= 1;
        }
        avail = 2 * used;
        depth += 1;
        used = 0;
    }
    // Codes per length, those past the limit moved to it, then the Kraft
    // sum brought back to 1 by lengthening shorter codes.
    let lim = limit as usize;
    let mut count = [0u32; 33];
    for &l in &a {
        count[(l as usize).min(32)] += 1;
    }
    for i in lim + 1..33 {
        count[lim] += count[i];
        count[i] = 0;
    }
    let mut total: u64 = (1..=lim).map(|i| u64::from(count[i]) << (lim - i)).sum();
    while total > 1 << lim {
        count[lim] -= 1;
        if let Some(i) = (1..lim).rev().find(|&i| count[i] != 0) {
            count[i] -= 1;
            count[i + 1] += 2;
        }
        total -= 1;
    }
    // The shortest codes to the most frequent symbols.
    let mut j = n;
    for (len, &c) in count.iter().enumerate().take(lim + 1).skip(1) {
        for _ in 0..c {
            j -= 1;
            lengths[syms[j].1] = len as u8;
        }
    }
    lengths
}

/// Sorts (frequency, symbol) pairs, symbols below 2¹⁶ and all distinct, as
/// `sort_unstable` did: an LSD radix sort of `frequency << 16 | symbol`, a
/// byte at a time over the bytes the largest needs (3 for a block's ≤ 288
/// symbols). Core's ipnsort was ~9 KB of worker wasm for this one site;
/// the small comparison sort of `crate::sort` made encodes ~2 % slower.
#[inline(never)]
fn sort_pairs(pairs: &mut [(u32, usize)]) {
    let mut keys: Vec<u64> = pairs
        .iter()
        .map(|&(f, i)| u64::from(f) << 16 | i as u64)
        .collect();
    let max = keys.iter().copied().max().unwrap_or(0);
    let mut buf = vec![0u64; keys.len()];
    let mut shift = 0;
    while shift < 64 && max >> shift != 0 {
        let mut at = [0usize; 256];
        for &k in &keys {
            at[(k >> shift) as u8 as usize] += 1;
        }
        let mut sum = 0;
        for slot in &mut at {
            (*slot, sum) = (sum, sum + *slot);
        }
        for &k in &keys {
            let d = (k >> shift) as u8 as usize;
            buf[at[d]] = k;
            at[d] += 1;
        }
        std::mem::swap(&mut keys, &mut buf);
        shift += 8;
    }
    for (pair, k) in pairs.iter_mut().zip(keys) {
        *pair = ((k >> 16) as u32, (k & 0xffff) as usize);
    }
}

/// Canonical codes for `lengths`, bit-reversed for [`Bits::put`] (deflate
/// sends Huffman codes most significant bit first).
fn reversed_codes(lengths: &[u8]) -> Vec<u16> {
    canonical(lengths)
        .iter()
        .zip(lengths)
        .map(|(&c, &l)| {
            if l == 0 {
                0
            } else {
                c.reverse_bits() >> (16 - u32::from(l))
            }
        })
        .collect()
}

/// The order in which a dynamic block header sends the code-length code's
/// lengths (RFC 1951 §3.2.7).
const CL_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// `lengths` run-length coded as a dynamic block header sends them: code
/// length symbols 0–15, 16 (repeat the previous 3–6 times), 17 (3–10
/// zeros), 18 (11–138 zeros), each with its extra bits' value.
fn length_symbols(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let l = lengths[i];
        let run = lengths[i..].iter().take_while(|&&x| x == l).count();
        if l == 0 && run >= 11 {
            let n = run.min(138);
            out.push((18, (n - 11) as u8));
            i += n;
        } else if l == 0 && run >= 3 {
            let n = run.min(10);
            out.push((17, (n - 3) as u8));
            i += n;
        } else if l != 0 && run >= 4 {
            let n = (run - 1).min(6);
            out.push((l, 0));
            out.push((16, (n - 3) as u8));
            i += 1 + n;
        } else {
            out.push((l, 0));
            i += 1;
        }
    }
    out
}

/// Writes `tokens` as one dynamic-Huffman block (not the last), with codes
/// from the frequencies (the end-of-block symbol is added here), and
/// clears the frequencies.
fn write_block(
    bits: &mut Bits,
    tokens: &[u32],
    lit_freq: &mut [u32; 286],
    dist_freq: &mut [u32; 30],
) {
    lit_freq[256] += 1;
    let lit_len = code_lengths(lit_freq, 15);
    let dist_len = code_lengths(dist_freq, 15);
    let nlit = lit_len
        .iter()
        .rposition(|&l| l > 0)
        .map_or(257, |i| i + 1)
        .max(257);
    let ndist = dist_len.iter().rposition(|&l| l > 0).map_or(1, |i| i + 1);
    let all: Vec<u8> = lit_len[..nlit]
        .iter()
        .chain(&dist_len[..ndist])
        .copied()
        .collect();
    let cl_syms = length_symbols(&all);
    let mut cl_freq = [0u32; 19];
    for &(sym, _) in &cl_syms {
        cl_freq[usize::from(sym)] += 1;
    }
    let cl_len = code_lengths(&cl_freq, 7);
    let cl_code = reversed_codes(&cl_len);
    let ncl = CL_ORDER
        .iter()
        .rposition(|&s| cl_len[s] > 0)
        .map_or(4, |i| i + 1)
        .max(4);
    bits.put(0, 1); // not the final block
    bits.put(2, 2); // dynamic Huffman codes
    bits.put((nlit - 257) as u32, 5);
    bits.put((ndist - 1) as u32, 5);
    bits.put((ncl - 4) as u32, 4);
    for &s in &CL_ORDER[..ncl] {
        bits.put(u32::from(cl_len[s]), 3);
    }
    for &(sym, extra) in &cl_syms {
        let s = usize::from(sym);
        bits.put(u32::from(cl_code[s]), u32::from(cl_len[s]));
        match sym {
            16 => bits.put(u32::from(extra), 2),
            17 => bits.put(u32::from(extra), 3),
            18 => bits.put(u32::from(extra), 7),
            _ => {}
        }
    }
    let lit_code = reversed_codes(&lit_len);
    let dist_code = reversed_codes(&dist_len);
    // Each literal's code, and each match length's code with its extra
    // bits (≤ 20 bits), with their bit counts: one lookup a token.
    let literal: Vec<(u32, u32)> = (0..256)
        .map(|s| (u32::from(lit_code[s]), u32::from(lit_len[s])))
        .collect();
    let length: Vec<(u32, u32)> = (3..=258)
        .map(|len| {
            let (ls, extra, bits) = len_sym(len);
            let n = u32::from(lit_len[ls]);
            (u32::from(lit_code[ls]) | extra << n, n + bits)
        })
        .collect();
    bits.out.reserve(tokens.len() * 4 + 64);
    for &t in tokens {
        if t & MATCH == 0 {
            let (code, n) = literal[(t & 0xff) as usize];
            bits.put(code, n);
        } else {
            let (code, n) = length[((t >> 16) & 0xff) as usize];
            bits.put(code, n);
            // The distance's code with its extra bits (≤ 28 bits).
            let (ds, extra, nb) = dist_sym((t & 0xffff) as usize + 1);
            let n = u32::from(dist_len[ds]);
            bits.put(u32::from(dist_code[ds]) | extra << n, n + nb);
        }
    }
    bits.put(u32::from(lit_code[256]), u32::from(lit_len[256]));
    lit_freq.fill(0);
    dist_freq.fill(0);
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
            bpp: 1 + seed as usize % 4,
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
                for deflater in [Deflater::Miniz(1), Deflater::Miniz(6), Deflater::Rows] {
                    let z = zlib(&rows, deflater);
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
                bpp: 1,
                repeats: vec![(0, 600, filter)],
            };
            let z = zlib(&rows, Deflater::Miniz(6));
            assert!(z.len() < limit, "filter {filter}: {} bytes", z.len());
            let back = miniz_oxide::inflate::decompress_to_vec_zlib(&z).unwrap();
            let row: Vec<u8> = [filter].into_iter().chain([0; 1200]).collect();
            assert!(back == row.repeat(600));
        }
    }

    #[test]
    fn long_literal_runs_round_trip() {
        // Noise (the matcher's steps grow to STEP_MAX), then a stretch that
        // repeats (a match ends the run), then noise again.
        let (stride, rows) = (3 * 700, 40);
        let mut x = 99u32;
        let (mut data, mut noise) = (Vec::new(), 0);
        for y in 0..rows {
            data.push(0);
            for i in 0..stride {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                let noisy = !(15..25).contains(&y) || i % 500 < 7;
                noise += usize::from(noisy);
                data.push(if noisy {
                    (x >> 16) as u8
                } else {
                    (i % 9) as u8
                });
            }
        }
        let scan = Scanlines {
            data: data.clone(),
            stride,
            bpp: 3,
            repeats: Vec::new(),
        };
        let z = zlib(&scan, Deflater::Rows);
        let back = miniz_oxide::inflate::decompress_to_vec_zlib(&z).unwrap();
        assert!(back == data);
        // The repeating stretch (21,000 bytes) is still found.
        assert!(z.len() < noise + 2000, "{} for {noise} of noise", z.len());
    }

    #[test]
    fn adler32_is_adler2s() {
        let mut x = 7u32;
        let data: Vec<u8> = (0..40_000)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                // Runs of 255s too: the largest sums.
                if i % 9000 < 6000 {
                    255
                } else {
                    (x >> 16) as u8
                }
            })
            .collect();
        for len in [0, 1, 31, 32, 33, 5535, 5536, 5537, 11_072, 11_103, 40_000] {
            for start in [1u32, 0xffe0_fff0, 0x1234_5678] {
                let mut want = adler2::Adler32::from_checksum(start);
                want.write_slice(&data[..len]);
                assert_eq!(
                    adler32(start, &data[..len]),
                    want.checksum(),
                    "{len} {start:x}"
                );
            }
        }
    }

    #[test]
    fn a_wrong_checksum_is_caught() {
        // The round-trip test relies on the inflater checking Adler-32.
        let (rows, _) = sample(100, 30, 7);
        let mut z = zlib(&rows, Deflater::Rows);
        let last = z.len() - 1;
        z[last] ^= 1;
        assert!(miniz_oxide::inflate::decompress_to_vec_zlib(&z).is_err());
    }

    #[test]
    fn length_and_distance_symbols_match_rfc_1951() {
        assert_eq!(len_sym(3), (257, 0, 0));
        assert_eq!(len_sym(10), (264, 0, 0));
        assert_eq!(len_sym(12), (265, 1, 1));
        assert_eq!(len_sym(130), (280, 15, 4));
        assert_eq!(len_sym(257), (284, 30, 5));
        assert_eq!(len_sym(258), (285, 0, 0));
        // RFC 1951 §3.2.5: each symbol's base and extra bits.
        const LEN_BASE: [usize; 29] = [
            3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
            115, 131, 163, 195, 227, 258,
        ];
        for len in 3..=258 {
            let (sym, extra, bits) = len_sym(len);
            assert_eq!(LEN_BASE[sym - 257] + extra as usize, len, "{len}");
            if let Some(&next) = LEN_BASE.get(sym - 256).filter(|_| sym < 284) {
                assert_eq!(next - LEN_BASE[sym - 257], 1 << bits, "{len}");
            }
        }
        const DIST_BASE: [usize; 30] = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
            1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
        ];
        for dist in 1..=32768 {
            let (sym, extra, bits) = dist_sym(dist);
            assert_eq!(DIST_BASE[sym] + extra as usize, dist, "{dist}");
            let next = DIST_BASE.get(sym + 1).copied().unwrap_or(32769);
            assert_eq!(next - DIST_BASE[sym], 1 << bits, "{dist}");
        }
    }

    #[test]
    fn pairs_sort_as_sort_unstable_did() {
        let mut seed = 7u32;
        for n in [0, 1, 2, 19, 30, 286, 288] {
            for range in [1u32, 3, 300, 70_000, u32::MAX] {
                let mut pairs: Vec<(u32, usize)> = (0..n)
                    .map(|i| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        (seed % range, (i * 37) % 288)
                    })
                    .collect();
                pairs.dedup_by_key(|p| p.1);
                let mut want = pairs.clone();
                want.sort_unstable();
                sort_pairs(&mut pairs);
                assert_eq!(pairs, want, "{n} {range}");
            }
        }
    }

    #[test]
    fn code_lengths_are_complete_and_limited() {
        // Fibonacci frequencies make the deepest unlimited tree.
        let mut fib = vec![1u32, 1];
        while fib.len() < 30 {
            let n = fib.len();
            fib.push(fib[n - 1] + fib[n - 2]);
        }
        let spread: Vec<u32> = (0..286).map(|i| (i * 7919 % 1000) as u32).collect();
        for (freq, limit) in [
            (fib.clone(), 15),
            (fib, 7),
            (vec![5, 0, 0, 9, 1, 1, 0, 3], 15),
            (vec![0, 0, 7, 0], 15),
            (vec![0; 19], 7),
            (spread, 15),
        ] {
            let lengths = code_lengths(&freq, limit);
            let used: Vec<u8> = lengths.iter().copied().filter(|&l| l > 0).collect();
            assert!(used.len() >= 2, "{freq:?}");
            assert!(used.iter().all(|&l| u32::from(l) <= limit), "{lengths:?}");
            // Kraft: a complete code.
            let kraft: u64 = used.iter().map(|&l| 1u64 << (15 - l)).sum();
            assert_eq!(kraft, 1 << 15, "{lengths:?}");
            // Every symbol that occurs has a code; more frequent, not longer.
            for (i, &f) in freq.iter().enumerate() {
                assert!(f == 0 || lengths[i] > 0);
                for (j, &g) in freq.iter().enumerate() {
                    if f > g && g > 0 {
                        assert!(lengths[i] <= lengths[j], "{i} {j} {lengths:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn shifted_rows_cost_a_few_bytes_each() {
        // A diagonal gradient: each row is the row above one pixel over.
        let (w, h, bpp) = (400usize, 60usize, 3usize);
        let stride = w * bpp;
        let mut data = Vec::new();
        for y in 0..h {
            data.push(0);
            for x in 0..w {
                let v = ((x + y) / 3) as u8;
                data.extend_from_slice(&[v, v / 2, 255 - v]);
            }
        }
        let rows = Scanlines {
            data: data.clone(),
            stride,
            bpp,
            repeats: Vec::new(),
        };
        let z = zlib(&rows, Deflater::Rows);
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec_zlib(&z).unwrap(),
            data
        );
        // The first row, then per row a handful of 258-byte matches and a
        // new pixel.
        assert!(z.len() < stride + h * 24, "{} bytes", z.len());
    }
}
