//! The per-isolate glyph cache (rasters and metrics), bounded in memory.

use std::sync::Mutex;

use render::GlyphCache;

/// Bytes of glyph rasters kept per isolate.
pub const GLYPH_CACHE_BYTES: usize = 8 * 1024 * 1024;

static CACHE: Mutex<Option<GlyphCache>> = Mutex::new(None);

/// Runs `f` with the isolate's glyph cache.
pub fn with_cache<T>(f: impl FnOnce(&mut GlyphCache) -> T) -> T {
    // A poisoned lock only means an earlier render panicked mid-way; the
    // cache holds whole entries only, so it is still usable.
    let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(|| GlyphCache::new(GLYPH_CACHE_BYTES)))
}

/// (entries, bytes, hits, misses) of the cache.
pub fn stats() -> (usize, usize, u64, u64) {
    with_cache(|c| (c.len(), c.bytes(), c.hits(), c.misses()))
}
