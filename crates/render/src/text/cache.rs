//! The glyph cache: coverage bitmaps and their placement, per isolate.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::fonts::FontSource;

/// The default budget of [`GlyphCache::default`]: 4 MiB of bitmaps.
const DEFAULT_CACHE_BUDGET: usize = 4 << 20;

/// Bytes charged per entry on top of its bitmap (key, placement, map node).
const ENTRY_OVERHEAD: usize = 64;

/// (face, glyph index, device px size as bits).
type Key = (u16, u16, u32);

/// An entry's last use and key, as eviction orders them.
type Use = (u64, Key);

/// A glyph's coverage bitmap and where it sits relative to its origin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Raster {
    /// Left edge of the bitmap relative to the pen, in pixels.
    pub xmin: i32,
    /// Bottom edge of the bitmap relative to the baseline, in pixels, up positive.
    pub ymin: i32,
    pub width: usize,
    pub height: usize,
    /// `width × height` coverage values, rows top to bottom.
    pub coverage: Vec<u8>,
}

impl Raster {
    fn cost(&self) -> usize {
        self.coverage.len().saturating_add(ENTRY_OVERHEAD)
    }
}

#[derive(Debug)]
struct Entry {
    raster: Raster,
    last_used: u64,
}

/// Glyph rasters and metrics keyed by (face, glyph, size), bounded by a byte
/// budget. When an insert would exceed the budget, the least recently used
/// entries go until a quarter of the budget is free (ties are impossible: every
/// use gets a new counter value), so eviction is deterministic; and since a
/// raster depends only on its key, eviction never changes a pixel.
///
/// One cache belongs with one [`FontSource`]: face ids are its keys.
#[derive(Debug)]
pub struct GlyphCache {
    map: BTreeMap<Key, Entry>,
    /// A raster larger than the whole budget, kept only until the next lookup.
    oversized: Raster,
    budget: usize,
    bytes: usize,
    clock: u64,
    hits: u64,
    misses: u64,
}

impl Default for GlyphCache {
    /// A cache with a budget of 4 MiB of bitmaps.
    fn default() -> Self {
        GlyphCache::new(DEFAULT_CACHE_BUDGET)
    }
}

impl GlyphCache {
    /// An empty cache holding at most about `budget_bytes` of glyph data.
    pub fn new(budget_bytes: usize) -> Self {
        GlyphCache {
            map: BTreeMap::new(),
            oversized: Raster::default(),
            budget: budget_bytes,
            bytes: 0,
            clock: 0,
            hits: 0,
            misses: 0,
        }
    }

    /// Number of cached glyphs.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no glyph is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Bytes charged against the budget (bitmaps plus a fixed overhead each).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The budget given to [`GlyphCache::new`].
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// Lookups answered from the cache.
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// Lookups that had to rasterise.
    pub fn misses(&self) -> u64 {
        self.misses
    }

    /// Drops every glyph (the counters stay).
    pub fn clear(&mut self) {
        self.map.clear();
        self.bytes = 0;
    }

    /// The raster of `glyph` of `face` at `px` device pixels.
    pub(crate) fn raster(
        &mut self,
        face: u16,
        glyph: u16,
        px: f32,
        fonts: &dyn FontSource,
    ) -> &Raster {
        self.clock += 1;
        let key = (face, glyph, px.to_bits());
        if self.map.contains_key(&key) {
            self.hits += 1;
            let entry = self.map.entry(key).or_insert_with(|| Entry {
                raster: Raster::default(),
                last_used: 0,
            });
            entry.last_used = self.clock;
            return &entry.raster;
        }
        self.misses += 1;
        let raster = rasterize(fonts, face, glyph, px);
        let cost = raster.cost();
        if cost > self.budget {
            self.oversized = raster;
            return &self.oversized;
        }
        if self.bytes.saturating_add(cost) > self.budget {
            self.evict(cost);
        }
        self.bytes = self.bytes.saturating_add(cost);
        let entry = self.map.entry(key).or_insert(Entry {
            raster,
            last_used: self.clock,
        });
        &entry.raster
    }

    /// Drops least recently used entries until `incoming` fits with a quarter
    /// of the budget to spare (or the cache is empty).
    fn evict(&mut self, incoming: usize) {
        let target = self.budget - self.budget / 4;
        let mut order: Vec<Use> = self.map.iter().map(|(k, e)| (e.last_used, *k)).collect();
        sort_by_use(&mut order);
        for (_, key) in order {
            if self.bytes.saturating_add(incoming) <= target {
                break;
            }
            if let Some(e) = self.map.remove(&key) {
                self.bytes = self.bytes.saturating_sub(e.raster.cost());
            }
        }
    }
}

/// Sorts entries by last use, oldest first (uses are unique, so this is
/// the order `sort_unstable` gave): an LSD radix sort, a byte at a time
/// over the bytes the largest use needs (3 or 4 for a cache's life).
/// Written for this one type: `slice::sort_unstable` here was ~5 KB of
/// worker wasm; this is as fast (20,000 entries: 0.2 ms natively).
fn sort_by_use(v: &mut [Use]) {
    let max = v.iter().map(|e| e.0).max().unwrap_or(0);
    let mut buf = v.to_vec();
    let mut in_buf = false;
    let mut shift = 0;
    while shift < 64 && max >> shift != 0 {
        let (src, dst): (&[Use], &mut [Use]) = if in_buf {
            (&buf, &mut *v)
        } else {
            (&*v, &mut buf)
        };
        let digit = |e: &Use| (e.0 >> shift) as u8 as usize;
        let mut at = [0usize; 256];
        for e in src {
            at[digit(e)] += 1;
        }
        let mut sum = 0;
        for slot in &mut at {
            (*slot, sum) = (sum, sum + *slot);
        }
        for e in src {
            let d = digit(e);
            dst[at[d]] = *e;
            at[d] += 1;
        }
        in_buf = !in_buf;
        shift += 8;
    }
    if in_buf {
        v.copy_from_slice(&buf);
    }
}

/// Rasterises one glyph with fontdue (an empty raster for an unknown glyph).
fn rasterize(fonts: &dyn FontSource, face: u16, glyph: u16, px: f32) -> Raster {
    let font = fonts.font(face);
    if glyph >= font.glyph_count() || px.is_nan() || px <= 0.0 {
        return Raster::default();
    }
    // Hook (colour emoji): a colour face's glyphs, the layers fontdue does
    // not load among them, are outlined from its file (see `colr.rs`).
    if glyph != 0 {
        if let Some(raster) = super::colr::raster(fonts, face, glyph, px) {
            return raster;
        }
    }
    let (metrics, coverage) = font.rasterize_indexed(glyph, px);
    if metrics.width.checked_mul(metrics.height) != Some(coverage.len()) {
        return Raster::default();
    }
    if glyph == 0 && coverage.iter().all(|&c| c == 0) {
        return notdef_box(metrics.advance_width, px);
    }
    Raster {
        xmin: metrics.xmin,
        ymin: metrics.ymin,
        width: metrics.width,
        height: metrics.height,
        coverage,
    }
}

/// A hollow box for a `.notdef` glyph without outline (font subsetters empty
/// it by default): 80 % of the advance wide, 0.7 em tall, sitting on the
/// baseline, strokes of about 1/16 em. Whole pixels, so it stays crisp.
fn notdef_box(advance: f32, px: f32) -> Raster {
    let advance = if advance.is_finite() && advance > 0.0 {
        advance
    } else {
        px * 0.6
    };
    let x0 = libm::roundf(advance * 0.1) as usize;
    let x1 = (libm::roundf(advance * 0.9) as usize).max(x0 + 2);
    let width = x1 - x0;
    let height = (libm::roundf(px * 0.7) as usize).max(2);
    let stroke = (libm::roundf(px / 16.0) as usize).clamp(1, width.min(height) / 2);
    let mut coverage = alloc::vec![0u8; width * height];
    for (y, row) in coverage.chunks_exact_mut(width).enumerate() {
        let edge_row = y < stroke || y >= height - stroke;
        for (x, c) in row.iter_mut().enumerate() {
            if edge_row || x < stroke || x >= width - stroke {
                *c = 255;
            }
        }
    }
    Raster {
        xmin: x0 as i32,
        ymin: 0,
        width,
        height,
        coverage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_use_sorts_like_sort_unstable() {
        let mut seed = 99u64;
        for len in (0..70).chain([129, 1000, 4097]) {
            let v: Vec<(u64, Key)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    // Unique uses, as the cache's counter gives.
                    ((seed >> 20) << 16 | i as u64, (i as u16, 7, seed as u32))
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            let mut got = v;
            sort_by_use(&mut got);
            assert_eq!(got, want, "{len}");
        }
    }
}
