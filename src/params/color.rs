//! CSS colours.

use render::Rgba;

use crate::error::ApiError;

/// Parses a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (the `#` may
/// be left out, since it must be escaped in URLs), `rgb()`/`rgba()`,
/// `hsl()`, the CSS named colours and `transparent`. `key` names the
/// parameter in the error.
pub fn parse_color(key: &str, raw: &str) -> Result<Rgba, ApiError> {
    let s = raw.trim();
    let bare_hex = matches!(s.len(), 3 | 4 | 6 | 8) && s.bytes().all(|b| b.is_ascii_hexdigit());
    let parsed = if bare_hex {
        csscolorparser::parse(&format!("#{s}"))
    } else if s.len() > 64 {
        // Nothing valid is this long; don't feed the parser huge strings.
        return Err(bad_color(key));
    } else {
        csscolorparser::parse(s)
    };
    let c = parsed.map_err(|_| bad_color(key))?;
    let [r, g, b, a] = c.to_rgba8();
    Ok(Rgba::new(r, g, b, a))
}

/// Any colour with alpha 0 draws nothing: one spelling for all of them.
pub fn invisible_as_transparent(c: Rgba) -> Rgba {
    if c.a == 0 {
        Rgba::TRANSPARENT
    } else {
        c
    }
}

fn bad_color(key: &str) -> ApiError {
    ApiError::bad(
        key,
        format!(
            "{key} must be a CSS colour: #rgb, #rrggbb, #rrggbbaa, rgb(), rgba() or a colour name"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours() {
        let c = |s: &str| parse_color("color", s);
        assert_eq!(c("#f00").unwrap(), Rgba::rgb(0xff0000));
        assert_eq!(c("f00").unwrap(), Rgba::rgb(0xff0000));
        assert_eq!(c("#00ff0080").unwrap(), Rgba::new(0, 255, 0, 128));
        assert_eq!(c("00ff0080").unwrap(), Rgba::new(0, 255, 0, 128));
        assert_eq!(c("#123456").unwrap(), Rgba::rgb(0x123456));
        assert_eq!(c("rgb(1, 2, 3)").unwrap(), Rgba::rgb(0x010203));
        assert_eq!(c("rgba(255,0,0,0.5)").unwrap(), Rgba::new(255, 0, 0, 128));
        assert_eq!(c("rebeccapurple").unwrap(), Rgba::rgb(0x663399));
        assert_eq!(c("HotPink").unwrap(), Rgba::rgb(0xff69b4));
        assert_eq!(c("transparent").unwrap(), Rgba::TRANSPARENT);
        for bad in [
            "",
            "#12",
            "#1234567",
            "nope",
            "rgb(1,2)",
            "#ggg",
            &"a".repeat(100),
        ] {
            let e = c(bad).unwrap_err();
            assert_eq!(e.param(), Some("color"), "{bad}");
            assert!(e.to_string().starts_with("color must be a CSS colour"));
        }
    }
}
