//! The heart as a real vector SVG document.

use alloc::string::String;
use core::fmt::Write;

use crate::canvas::clampf;
use crate::heart::curves::{vertex_count, Outline};
use crate::heart::{fit, gradient_top, HeartSpec, Style};
use crate::Rgba;

/// Renders the heart as an SVG document `size` CSS pixels square.
///
/// The path is the same polygon the PNG renderer fills (at `dpr = 1`), so a
/// rasterised SVG matches the PNG of the same request. `dpr` does not apply:
/// vectors are resolution-independent. All text is generated here from
/// numbers and hex colours, so there is nothing to escape.
pub fn render_heart_svg(spec: &HeartSpec, label: Option<&SvgLabel>) -> String {
    let side = spec.size.clamp(1, crate::canvas::MAX_SIDE) as f32;
    let stroke = clampf(spec.stroke, 0.5, side / 4.0);
    let (offset, box_side) = fit(side, spec.style, stroke);
    let outline = Outline::new(spec.curve, vertex_count(box_side));

    let mut d = String::with_capacity(outline.points.len() * 16);
    for (i, &(x, y)) in outline.points.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        let _ = write!(
            d,
            "{cmd}{} {}",
            Num(offset + x * box_side),
            Num(offset + y * box_side)
        );
    }
    d.push('Z');

    let size = spec.size.clamp(1, crate::canvas::MAX_SIDE);
    let mut s = String::with_capacity(d.len() + 600);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}">"#
    );
    if !spec.bg.is_transparent() {
        let _ = write!(
            s,
            r#"<rect width="{size}" height="{size}"{}/>"#,
            Fill("fill", spec.bg)
        );
    }
    match spec.style {
        Style::Filled => {
            let _ = write!(s, r#"<path d="{d}"{}/>"#, Fill("fill", spec.color));
        }
        Style::Gradient => {
            let (mut top, mut bottom) = (f32::MAX, f32::MIN);
            for &(_, y) in &outline.points {
                top = top.min(offset + y * box_side);
                bottom = bottom.max(offset + y * box_side);
            }
            let _ = write!(
                s,
                r#"<defs><linearGradient id="g" gradientUnits="userSpaceOnUse" x1="0" y1="{}" x2="0" y2="{}"><stop offset="0" stop-color="{}" stop-opacity="{}"/><stop offset="1" stop-color="{}" stop-opacity="{}"/></linearGradient></defs><path d="{d}" fill="url(#g)"/>"#,
                Num(top),
                Num(bottom),
                gradient_top(spec.color).hex_rgb(),
                Num(f32::from(gradient_top(spec.color).a) / 255.0),
                spec.color.hex_rgb(),
                Num(f32::from(spec.color.a) / 255.0),
            );
        }
        Style::Outline => {
            let _ = write!(
                s,
                r#"<path d="{d}" fill="none"{} stroke-width="{}" stroke-linejoin="round"/>"#,
                Fill("stroke", spec.color),
                Num(stroke)
            );
        }
    }
    if let Some(label) = label {
        write_label(&mut s, side, label);
    }
    s.push_str("</svg>");
    s
}

/// A text label drawn over the heart: already broken into lines (by the
/// text engine, so the SVG and PNG break alike) and sized.
#[derive(Clone, Debug, PartialEq)]
pub struct SvgLabel {
    /// The lines, top to bottom.
    pub lines: alloc::vec::Vec<String>,
    /// Font size in CSS pixels.
    pub size: f32,
    /// Line advance as a multiple of `size`.
    pub line_height: f32,
    /// Vertical centre of the block, as a fraction of the image side.
    pub centre_y: f32,
    /// Fill colour.
    pub color: Rgba,
    /// CSS `font-family` value (trusted: from the font registry).
    pub family: &'static str,
    /// CSS `font-weight`.
    pub weight: u16,
}

fn write_label(s: &mut String, side: f32, label: &SvgLabel) {
    let n = label.lines.len().max(1) as f32;
    let advance = label.size * label.line_height;
    // Centre the block of lines on centre_y; each line's middle sits on its row.
    let first = side * label.centre_y - advance * (n - 1.0) / 2.0;
    let _ = write!(
        s,
        r#"<text x="{}" text-anchor="middle" dominant-baseline="central" font-family="{}" font-weight="{}" font-size="{}"{}>"#,
        Num(side / 2.0),
        label.family,
        label.weight,
        Num(label.size),
        Fill("fill", label.color)
    );
    for (i, line) in label.lines.iter().enumerate() {
        let _ = write!(
            s,
            r#"<tspan x="{}" y="{}">"#,
            Num(side / 2.0),
            Num(first + advance * i as f32)
        );
        escape_into(s, line);
        s.push_str("</tspan>");
    }
    s.push_str("</text>");
}

/// XML-escapes text content: `&`, `<`, `>`, quotes, and drops characters XML
/// 1.0 forbids (C0 controls other than tab/newline, U+FFFE, U+FFFF).
fn escape_into(s: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            '\t' | '\n' => s.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => s.push(c),
        }
    }
}

/// A number with at most two decimals and no trailing zeros.
struct Num(f32);

impl core::fmt::Display for Num {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let v = if self.0.is_finite() { self.0 } else { 0.0 };
        let hundredths = libm::roundf(v * 100.0) as i64;
        let (sign, abs) = if hundredths < 0 {
            ("-", -hundredths)
        } else {
            ("", hundredths)
        };
        let (int, frac) = (abs / 100, abs % 100);
        match frac {
            0 => write!(f, "{sign}{int}"),
            _ if frac % 10 == 0 => write!(f, "{sign}{int}.{}", frac / 10),
            _ => write!(f, "{sign}{int}.{frac:02}"),
        }
    }
}

/// ` fill="#rrggbb"` (or `stroke`) plus an opacity attribute when not opaque.
struct Fill(&'static str, Rgba);

impl core::fmt::Display for Fill {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let Fill(attr, c) = *self;
        write!(f, r#" {attr}="{}""#, c.hex_rgb())?;
        if c.a != 255 {
            write!(f, r#" {attr}-opacity="{}""#, Num(f32::from(c.a) / 255.0))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn label_text_is_escaped() {
        let mut s = String::new();
        escape_into(&mut s, "<b>&\"'\u{0}ok</b>");
        assert_eq!(s, "&lt;b&gt;&amp;&quot;&apos;ok&lt;/b&gt;");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(Num(1.0).to_string(), "1");
        assert_eq!(Num(1.5).to_string(), "1.5");
        assert_eq!(Num(1.256).to_string(), "1.26");
        assert_eq!(Num(-0.004).to_string(), "0");
        assert_eq!(Num(-2.05).to_string(), "-2.05");
        assert_eq!(Num(f32::NAN).to_string(), "0");
    }
}
