//! The heart as terminal art.

use alloc::string::String;

use crate::heart::curves::{implicit, Curve, Outline};

/// Characters used for the density levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "lowercase")
)]
pub enum Charset {
    /// `█` full, `▓` most, `·` a little.
    Blocks,
    /// `@` full, `*` most, `.` a little.
    Ascii,
}

impl Charset {
    /// The name used in query strings.
    pub const fn name(self) -> &'static str {
        match self {
            Charset::Blocks => "blocks",
            Charset::Ascii => "ascii",
        }
    }

    fn levels(self) -> [char; 4] {
        match self {
            Charset::Blocks => ['█', '▓', '·', ' '],
            Charset::Ascii => ['@', '*', '.', ' '],
        }
    }
}

/// A validated text-art request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ArtSpec {
    /// Characters per line.
    pub cols: u32,
    /// Lines.
    pub rows: u32,
    /// Density characters.
    pub charset: Charset,
    /// Which heart equation.
    pub curve: Curve,
}

/// Sub-samples per cell side: each cell's density is the fraction of
/// `SUB × SUB` sample points inside the heart.
const SUB: u32 = 4;

/// Renders `rows` lines of `cols` characters, each line ending in `\n`.
///
/// Terminal cells are about twice as tall as wide, so the heart is fitted
/// into a box `cols` wide and `2 × rows` tall (in cell widths) to keep its
/// proportions. The implicit curve is sampled through its inequality; the
/// parametric one through its polygon.
pub fn render_art(spec: &ArtSpec) -> String {
    let cols = spec.cols.clamp(1, 1000);
    let rows = spec.rows.clamp(1, 1000);
    let levels = spec.charset.levels();
    let outline = Outline::new(spec.curve, 720);
    // The box in "cell width" units, and the heart's square fitted inside it
    // with a one-cell margin where there is room.
    let (w, h) = (cols as f32, rows as f32 * 2.0);
    let side = (w.min(h) - 2.0).max(w.min(h) * 0.8);
    let (ox, oy) = ((w - side) / 2.0, (h - side) / 2.0);
    let mut out = String::with_capacity(((cols as usize) * 3 + 1) * rows as usize);
    for row in 0..rows {
        for col in 0..cols {
            let mut hits = 0;
            for sy in 0..SUB {
                for sx in 0..SUB {
                    let x = col as f32 + (sx as f32 + 0.5) / SUB as f32;
                    let y = (row as f32 + (sy as f32 + 0.5) / SUB as f32) * 2.0;
                    let (u, v) = ((x - ox) / side, (y - oy) / side);
                    if inside(&outline, spec.curve, u, v) {
                        hits += 1;
                    }
                }
            }
            let density = hits as f32 / (SUB * SUB) as f32;
            out.push(match density {
                d if d >= 0.75 => levels[0],
                d if d >= 0.35 => levels[1],
                d if d > 0.0 => levels[2],
                _ => levels[3],
            });
        }
        out.push('\n');
    }
    out
}

/// Whether unit-box point `(u, v)` is inside the heart: through the
/// inequality for the implicit curve, the polygon for the parametric one.
fn inside(outline: &Outline, curve: Curve, u: f32, v: f32) -> bool {
    if !(0.0..=1.0).contains(&u) || !(0.0..=1.0).contains(&v) {
        return false;
    }
    match curve {
        Curve::Parametric => outline.contains(u, v),
        Curve::Implicit => {
            let (x, y) = outline.to_curve(u, v);
            implicit(x, y) <= 0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(curve: Curve, charset: Charset) -> String {
        render_art(&ArtSpec {
            cols: 32,
            rows: 16,
            charset,
            curve,
        })
    }

    #[test]
    fn shape_and_size() {
        for curve in [Curve::Parametric, Curve::Implicit] {
            let a = art(curve, Charset::Ascii);
            let lines: alloc::vec::Vec<&str> = a.lines().collect();
            assert_eq!(lines.len(), 16);
            assert!(lines.iter().all(|l| l.chars().count() == 32));
            // Full in the middle, empty corners, the tip narrower than the lobes.
            assert_eq!(lines[7].chars().nth(16), Some('@'), "{curve:?}\n{a}");
            assert_eq!(lines[0].chars().next(), Some(' '));
            let width = |l: &str| l.chars().filter(|&c| c != ' ').count();
            assert!(
                width(lines[4]) > width(lines[12]) && width(lines[12]) > 0,
                "{a}"
            );
        }
    }

    #[test]
    fn blocks_use_block_characters() {
        let a = art(Curve::Implicit, Charset::Blocks);
        assert!(a.contains('█'));
        assert!(a.chars().all(|c| "█▓· \n".contains(c)));
    }
}
