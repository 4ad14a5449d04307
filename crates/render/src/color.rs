//! Straight-alpha 8-bit colours.

use alloc::string::String;
use core::fmt::Write;

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
    /// Alpha, 0 (transparent) – 255 (opaque).
    pub a: u8,
}

impl Rgba {
    /// Fully transparent black.
    pub const TRANSPARENT: Rgba = Rgba::new(0, 0, 0, 0);

    /// A colour from its four channels.
    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Rgba {
        Rgba { r, g, b, a }
    }

    /// An opaque colour from `0xRRGGBB`.
    pub const fn rgb(hex: u32) -> Rgba {
        Rgba::new((hex >> 16) as u8, (hex >> 8) as u8, hex as u8, 255)
    }

    /// Whether the colour is fully transparent.
    pub const fn is_transparent(self) -> bool {
        self.a == 0
    }

    /// Mixes `amount` (0–1) of `other` into `self`, channel by channel.
    pub fn mix(self, other: Rgba, amount: f32) -> Rgba {
        let t = amount.clamp(0.0, 1.0);
        let lerp = |a: u8, b: u8| -> u8 {
            let v = f32::from(a) + (f32::from(b) - f32::from(a)) * t;
            // Round half up; v is within 0..=255 by construction.
            (v + 0.5) as u8
        };
        Rgba::new(
            lerp(self.r, other.r),
            lerp(self.g, other.g),
            lerp(self.b, other.b),
            lerp(self.a, other.a),
        )
    }

    /// `#rrggbb` (alpha excluded), as SVG and CSS expect.
    pub fn hex_rgb(self) -> String {
        let mut s = String::with_capacity(7);
        let _ = write!(s, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b);
        s
    }

    /// `#rrggbbaa`, the canonical form used in cache keys.
    pub fn hex_rgba(self) -> String {
        let mut s = self.hex_rgb();
        let _ = write!(s, "{:02x}", self.a);
        s
    }

    pub(crate) fn to_skia(self) -> tiny_skia::Color {
        tiny_skia::Color::from_rgba8(self.r, self.g, self.b, self.a)
    }
}

/// As its `#rrggbbaa` string ([`Rgba::hex_rgba`]), so that canonical forms
/// built from it stay readable.
#[cfg(feature = "serde")]
impl serde::Serialize for Rgba {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex_rgba())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_forms() {
        let c = Rgba::new(0xe0, 0x24, 0x5e, 0x80);
        assert_eq!(c.hex_rgb(), "#e0245e");
        assert_eq!(c.hex_rgba(), "#e0245e80");
        assert_eq!(Rgba::rgb(0x0a0b0c), Rgba::new(10, 11, 12, 255));
    }

    #[test]
    fn mix_ends_and_middle() {
        let a = Rgba::rgb(0x000000);
        let b = Rgba::rgb(0xffffff);
        assert_eq!(a.mix(b, 0.0), a);
        assert_eq!(a.mix(b, 1.0), b);
        assert_eq!(a.mix(b, 0.5), Rgba::rgb(0x808080));
        assert_eq!(a.mix(b, 7.0), b, "amount is clamped");
    }
}
