//! Font access: the caller's [`FontSource`] and the per-character face choice.

use fontdue::{Font, LineMetrics};

use super::shape::ShapingFace;

/// Font access supplied by the caller. The edge layer parses faces lazily, once
/// per isolate: the engine asks for a parsed face only when some character of the
/// text is drawn from it (plus the primary face, whose line metrics place the
/// baseline).
///
/// Face ids are the caller's; a [`GlyphCache`](crate::GlyphCache) must only be
/// used with sources that give the same font for the same id.
pub trait FontSource {
    /// Whether `face` has a glyph for `ch`. Must be cheap and must not parse the
    /// face (the caller has a build-time coverage table).
    fn covers(&self, face: u16, ch: char) -> bool;
    /// The parsed face. Called only for the primary face and for faces that
    /// [`covers`](FontSource::covers) said yes for.
    fn font(&self, face: u16) -> &Font;
    /// The face as the shaper reads it (its GSUB/GPOS), made by
    /// [`ShapingFace::parse`] from the same font file as
    /// [`font`](FontSource::font). Called for every face some character of
    /// a text is drawn from, once or more per layout: parse it once and
    /// keep it (the edge layer keeps one per face per isolate). `None` (the
    /// default): the face is never shaped, every character takes the
    /// per-character fast path (its cmap glyph, fontdue's advance, `kern`
    /// pairs), as for a face without layout tables.
    fn shaping(&self, face: u16) -> Option<&ShapingFace<'_>> {
        let _ = face;
        None
    }

    // Hook (colour emoji): the two methods below.

    /// The font file of `face`, for the tables fontdue does not read: a
    /// colour face's `COLR`, `CPAL` and `GSUB` (its emoji sequences) and its
    /// layer glyphs' outlines. Called only for faces
    /// [`font`](FontSource::font) may be called for. Default: `None`, which
    /// draws no face in colour.
    fn data(&self, face: u16) -> Option<&[u8]> {
        let _ = face;
        None
    }

    /// Whether `face` is a colour face (its file has a `COLR` table): it then
    /// draws emoji sequences (see `emoji.rs`), and its glyphs are painted
    /// layer by layer in their palette's colours. Called only for faces
    /// [`font`](FontSource::font) may be called for. Default: looks for the
    /// table in [`data`](FontSource::data)'s table directory (no parsing);
    /// a caller with a build-time flag may answer from it instead.
    fn is_color(&self, face: u16) -> bool {
        self.data(face).is_some_and(super::colr::has_colr)
    }
}

/// The first face of `chain` that covers `ch`, with its glyph index. A face
/// whose coverage table says yes but whose cmap has no glyph is skipped.
pub(crate) fn pick(ch: char, chain: &[u16], fonts: &dyn FontSource) -> Option<(u16, u16)> {
    chain.iter().find_map(|&face| {
        if !fonts.covers(face, ch) {
            return None;
        }
        let font = fonts.font(face);
        let glyph = font.lookup_glyph_index(ch);
        (glyph != 0 && glyph < font.glyph_count()).then_some((face, glyph))
    })
}

/// The face whose `.notdef` box stands for missing characters: the primary one
/// (none for an empty chain, or a face without glyphs).
pub(crate) fn notdef_face(chain: &[u16], fonts: &dyn FontSource) -> Option<u16> {
    let &face = chain.first()?;
    (fonts.font(face).glyph_count() > 0).then_some(face)
}

/// Ascent (positive, up) and descent (negative, down) of the primary face at
/// `px`, or a conventional 0.8 / −0.2 em when the face has no such metrics.
pub(crate) fn line_extents(chain: &[u16], fonts: &dyn FontSource, px: f32) -> (f32, f32) {
    let metrics: Option<LineMetrics> = chain
        .first()
        .and_then(|&face| fonts.font(face).horizontal_line_metrics(px));
    match metrics {
        Some(m) if m.ascent.is_finite() && m.descent.is_finite() && m.ascent > m.descent => {
            (m.ascent, m.descent)
        }
        _ => (px * 0.8, -px * 0.2),
    }
}

/// The advance of `glyph` of `face` at `px`, 0 when the glyph does not exist.
pub(crate) fn advance(fonts: &dyn FontSource, face: u16, glyph: u16, px: f32) -> f32 {
    let font = fonts.font(face);
    if glyph >= font.glyph_count() {
        return 0.0;
    }
    let adv = font.advance_width_indexed(glyph, px);
    if adv.is_finite() {
        adv
    } else {
        0.0
    }
}

/// The kerning between two glyphs of the same face at `px` (0 without a
/// legacy `kern` table, which is where fontdue reads kerning from).
pub(crate) fn kern(fonts: &dyn FontSource, face: u16, left: u16, right: u16, px: f32) -> f32 {
    match fonts.font(face).horizontal_kern_indexed(left, right, px) {
        Some(k) if k.is_finite() => k,
        _ => 0.0,
    }
}
