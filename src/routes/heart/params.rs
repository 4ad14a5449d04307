//! The heart route's parameters → a validated [`HeartRequest`].

use render::{ArtSpec, Charset, Curve, HeartSpec, Rgba, Style};
use serde::Serialize;

use crate::error::ApiError;
use crate::params::{
    invisible_as_transparent, Params, ART_COLS, ART_ROWS, MAX_ANIMATION_PIXELS, MAX_DPR, MAX_FPS, MAX_FRAMES,
    MAX_LABEL_CHARS, MAX_PIXELS, MAX_SIZE, MAX_STROKE, MIN_SIZE,
};

/// The output forms of the heart route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeartFormat {
    /// `image/png`.
    Png,
    /// `image/svg+xml`.
    Svg,
    /// UTF-8 terminal art.
    Txt,
    /// Animated PNG.
    Apng,
}

impl HeartFormat {
    /// All formats with their names (the file extension).
    pub const ALL: [(&'static str, HeartFormat); 4] = [
        ("png", HeartFormat::Png),
        ("svg", HeartFormat::Svg),
        ("txt", HeartFormat::Txt),
        ("apng", HeartFormat::Apng),
    ];

    /// The name (and file extension).
    pub fn name(self) -> &'static str {
        match self {
            HeartFormat::Png => "png",
            HeartFormat::Svg => "svg",
            HeartFormat::Txt => "txt",
            HeartFormat::Apng => "apng",
        }
    }

    fn allowed(self) -> &'static [&'static str] {
        // One list, ordered so that each format's parameters are a prefix:
        // SVG takes the first 10, PNG adds `dpr`, APNG adds `frames`, `fps`.
        const ANIMATED: &[&str] = &[
            "size",
            "color",
            "bg",
            "style",
            "stroke",
            "theme",
            "curve",
            "text",
            "text_color",
            "format",
            "dpr",
            "frames",
            "fps",
        ];
        const COMMON: &[&str] = ANIMATED.split_at(10).0;
        const RASTER: &[&str] = ANIMATED.split_at(11).0;
        match self {
            HeartFormat::Png => RASTER,
            HeartFormat::Svg => COMMON,
            HeartFormat::Apng => ANIMATED,
            HeartFormat::Txt => &["cols", "rows", "charset", "curve", "format"],
        }
    }
}

/// A validated heart request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum HeartRequest {
    /// A still image (PNG or SVG).
    Still(HeartFormat, HeartSpec, Option<Label>),
    /// The beating animation.
    Animated {
        /// The heart at rest.
        spec: HeartSpec,
        /// Frames per beat.
        frames: u32,
        /// Frames per second.
        fps: u32,
        /// Text over the heart.
        label: Option<Label>,
    },
    /// Terminal art.
    Art(ArtSpec),
}

/// A text label over a heart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The text (1 to [`MAX_LABEL_CHARS`] characters).
    pub text: String,
    /// Its colour.
    pub color: Rgba,
}

/// Theme palettes: (heart colour, background).
pub const THEMES: [(&str, Rgba, Rgba); 3] = [
    ("light", Rgba::rgb(0xe0245e), Rgba::rgb(0xffffff)),
    ("dark", Rgba::rgb(0xff5c8a), Rgba::rgb(0x16161d)),
    ("contrast", Rgba::rgb(0xffffff), Rgba::rgb(0x000000)),
];

/// The heart colour without a theme.
pub const DEFAULT_COLOR: Rgba = Rgba::rgb(0xe0245e);

/// Validates a heart request for `format` (the extension, which wins over a
/// `format=` parameter).
pub fn parse_heart(format: Option<HeartFormat>, q: &Params) -> Result<HeartRequest, ApiError> {
    let format = match format {
        Some(f) => f,
        None => q.choice("format", HeartFormat::Png, &HeartFormat::ALL)?,
    };
    if format.allowed().contains(&"format") {
        // Validate it even when the extension wins, so typos are reported.
        q.choice("format", format, &HeartFormat::ALL)?;
    }
    q.only(format.allowed())?;
    let curve_default = if format == HeartFormat::Txt {
        Curve::Implicit
    } else {
        Curve::Parametric
    };
    let curve = q.choice(
        "curve",
        curve_default,
        &[
            ("parametric", Curve::Parametric),
            ("implicit", Curve::Implicit),
        ],
    )?;
    if format == HeartFormat::Txt {
        return Ok(HeartRequest::Art(ArtSpec {
            cols: q.int("cols", 40, ART_COLS.0, ART_COLS.1)?,
            rows: q.int("rows", 20, ART_ROWS.0, ART_ROWS.1)?,
            charset: q.choice(
                "charset",
                Charset::Blocks,
                &[("blocks", Charset::Blocks), ("ascii", Charset::Ascii)],
            )?,
            curve,
        }));
    }

    let size = q.int("size", 256, MIN_SIZE, MAX_SIZE)?;
    let dpr = q.float("dpr", 1.0, 1.0, MAX_DPR)?;
    let themes: Vec<(&str, Option<(Rgba, Rgba)>)> =
        THEMES.iter().map(|&(n, c, b)| (n, Some((c, b)))).collect();
    let theme = q.choice("theme", None, &themes)?;
    let (theme_color, theme_bg) = theme.unwrap_or((DEFAULT_COLOR, Rgba::TRANSPARENT));
    let spec = HeartSpec {
        size,
        dpr,
        color: q.color("color")?.unwrap_or(theme_color),
        bg: invisible_as_transparent(q.color("bg")?.unwrap_or(theme_bg)),
        style: q.choice(
            "style",
            Style::Filled,
            &[
                ("filled", Style::Filled),
                ("outline", Style::Outline),
                ("gradient", Style::Gradient),
            ],
        )?,
        stroke: q.float("stroke", default_stroke(size), 1.0, MAX_STROKE)?,
        curve,
    };
    // The stroke draws nothing but outlines: one canonical form for the rest.
    let spec = if spec.style == Style::Outline {
        spec
    } else {
        HeartSpec {
            stroke: default_stroke(size),
            ..spec
        }
    };
    let label = match q.get("text") {
        None => None,
        Some(text) => {
            // Counted as given and after NFC, which can triple a text
            // (U+FB2C is three code points decomposed).
            let n = text
                .chars()
                .count()
                .max(render::clean_text(text).chars().count());
            if n == 0 || n > MAX_LABEL_CHARS {
                return Err(ApiError::bad(
                    "text",
                    format!("text must be 1 to {MAX_LABEL_CHARS} characters long (got {n})"),
                ));
            }
            let auto = if spec.style == Style::Outline {
                spec.color
            } else {
                contrasting(spec.color)
            };
            Some(Label {
                text: render::clean_text(text),
                color: q.color("text_color")?.unwrap_or(auto),
            })
        }
    };
    if label.is_none() && q.get("text_color").is_some() {
        return Err(ApiError::bad("text_color", "text_color needs text"));
    }
    let px = pixels(&spec);
    if px > MAX_PIXELS {
        return Err(ApiError::TooLarge {
            param: "dpr",
            message: format!(
                "size × dpr gives {px} pixels; the limit is {MAX_PIXELS} (e.g. size 2048 at dpr 1, 1024 at dpr 2)"
            ),
        });
    }
    if format != HeartFormat::Apng {
        return Ok(HeartRequest::Still(format, spec, label));
    }
    let frames = q.int("frames", 12, 2, MAX_FRAMES)?;
    let fps = q.int("fps", 12, 1, MAX_FPS)?;
    if px * u64::from(frames) > MAX_ANIMATION_PIXELS {
        return Err(ApiError::TooLarge {
            param: "frames",
            message: format!(
                "frames × size² × dpr² is {}; the limit is {MAX_ANIMATION_PIXELS} (e.g. 32 frames at size 512)",
                px * u64::from(frames)
            ),
        });
    }
    Ok(HeartRequest::Animated {
        spec,
        frames,
        fps,
        label,
    })
}

/// White or near-black, whichever reads better on `c` (WCAG relative luminance).
fn contrasting(c: Rgba) -> Rgba {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    if l > 0.4 {
        Rgba::rgb(0x111111)
    } else {
        Rgba::rgb(0xffffff)
    }
}

/// Default outline width: thin for small hearts, thicker for large ones.
fn default_stroke(size: u32) -> f32 {
    ((size as f32 / 24.0).round()).clamp(1.0, MAX_STROKE)
}

/// Pixels of one raster image of `spec`.
fn pixels(spec: &HeartSpec) -> u64 {
    let side = (spec.size as f32 * spec.dpr).round() as u64;
    side * side
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::parse_query;

    fn heart(format: Option<HeartFormat>, q: &str) -> Result<HeartRequest, ApiError> {
        parse_heart(format, &parse_query(q)?)
    }

    fn spec(q: &str) -> HeartSpec {
        match heart(Some(HeartFormat::Png), q).unwrap() {
            HeartRequest::Still(_, s, _) => s,
            other => panic!("{other:?}"),
        }
    }

    fn err(format: HeartFormat, q: &str) -> ApiError {
        heart(Some(format), q).unwrap_err()
    }

    #[test]
    fn defaults() {
        let s = spec("");
        assert_eq!(s.size, 256);
        assert_eq!(s.dpr, 1.0);
        assert_eq!(s.color, DEFAULT_COLOR);
        assert_eq!(s.bg, Rgba::TRANSPARENT);
        assert_eq!(s.style, Style::Filled);
        assert_eq!(s.curve, Curve::Parametric);
        assert_eq!(s.stroke, 11.0);
        match heart(Some(HeartFormat::Txt), "").unwrap() {
            HeartRequest::Art(a) => {
                assert_eq!(
                    (a.cols, a.rows, a.charset, a.curve),
                    (40, 20, Charset::Blocks, Curve::Implicit)
                )
            }
            other => panic!("{other:?}"),
        }
        match heart(Some(HeartFormat::Apng), "").unwrap() {
            HeartRequest::Animated { frames, fps, .. } => assert_eq!((frames, fps), (12, 12)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn size_edges() {
        assert_eq!(spec("size=16").size, 16);
        assert_eq!(spec("size=2048").size, 2048);
        for bad in [
            "15",
            "2049",
            "0",
            "-1",
            "abc",
            "",
            "1e3",
            "256.5",
            "99999999999999999999",
        ] {
            let e = err(HeartFormat::Png, &format!("size={bad}"));
            assert_eq!(e.param(), Some("size"), "{bad}");
            assert_eq!(e.to_string(), "size must be an integer between 16 and 2048");
            assert_eq!(e.status(), 400);
        }
    }

    #[test]
    fn dpr_edges_and_pixel_budget() {
        assert_eq!(spec("dpr=3&size=512").dpr, 3.0);
        assert_eq!(spec("dpr=1.5").dpr, 1.5);
        for bad in ["0.99", "3.01", "NaN", "inf", "x"] {
            assert_eq!(
                err(HeartFormat::Png, &format!("dpr={bad}")).param(),
                Some("dpr"),
                "{bad}"
            );
        }
        assert_eq!(spec("size=1024&dpr=2").size, 1024);
        let e = err(HeartFormat::Png, "size=1025&dpr=2");
        assert_eq!((e.status(), e.param()), (422, Some("dpr")));
    }

    #[test]
    fn animation_limits() {
        assert!(heart(Some(HeartFormat::Apng), "frames=60&size=256").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "frames=2&fps=1").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "fps=50").is_ok());
        assert_eq!(err(HeartFormat::Apng, "frames=61").param(), Some("frames"));
        assert_eq!(err(HeartFormat::Apng, "frames=1").param(), Some("frames"));
        assert_eq!(err(HeartFormat::Apng, "fps=0").param(), Some("fps"));
        assert_eq!(err(HeartFormat::Apng, "fps=51").param(), Some("fps"));
        assert!(heart(Some(HeartFormat::Apng), "frames=32&size=512").is_ok());
        let e = err(HeartFormat::Apng, "frames=33&size=512");
        assert_eq!((e.status(), e.param()), (422, Some("frames")));
    }

    #[test]
    fn art_limits() {
        assert!(heart(Some(HeartFormat::Txt), "cols=8&rows=4").is_ok());
        assert!(heart(Some(HeartFormat::Txt), "cols=240&rows=120").is_ok());
        assert_eq!(err(HeartFormat::Txt, "cols=7").param(), Some("cols"));
        assert_eq!(err(HeartFormat::Txt, "cols=241").param(), Some("cols"));
        assert_eq!(err(HeartFormat::Txt, "rows=3").param(), Some("rows"));
        assert_eq!(err(HeartFormat::Txt, "rows=121").param(), Some("rows"));
        assert_eq!(
            err(HeartFormat::Txt, "charset=emoji").param(),
            Some("charset")
        );
        assert_eq!(err(HeartFormat::Txt, "size=100").code(), "unknown_param");
    }

    #[test]
    fn stroke_and_choices() {
        assert_eq!(spec("style=outline&stroke=1").stroke, 1.0);
        assert_eq!(spec("style=outline&stroke=64").stroke, 64.0);
        assert_eq!(spec("stroke=64").stroke, 11.0, "only outlines keep it");
        assert_eq!(err(HeartFormat::Png, "stroke=0.5").param(), Some("stroke"));
        assert_eq!(err(HeartFormat::Png, "stroke=65").param(), Some("stroke"));
        assert_eq!(spec("style=OUTLINE").style, Style::Outline);
        assert_eq!(spec("curve=implicit").curve, Curve::Implicit);
        let e = err(HeartFormat::Png, "style=dotted");
        assert_eq!(
            e.to_string(),
            "style must be one of: filled, outline, gradient"
        );
        assert_eq!(err(HeartFormat::Png, "curve=circle").param(), Some("curve"));
        assert_eq!(err(HeartFormat::Png, "theme=neon").param(), Some("theme"));
    }

    #[test]
    fn unknown_and_duplicate_params() {
        let e = err(HeartFormat::Png, "sise=100");
        assert_eq!((e.code(), e.param()), ("unknown_param", Some("sise")));
        assert!(e.to_string().contains("size, color"));
        assert_eq!(err(HeartFormat::Svg, "dpr=2").code(), "unknown_param");
        assert_eq!(err(HeartFormat::Png, "frames=3").code(), "unknown_param");
        let e = err(HeartFormat::Png, "size=100&size=200");
        assert_eq!((e.code(), e.param()), ("bad_param", Some("size")));
    }

    #[test]
    fn themes_and_overrides() {
        let dark = spec("theme=dark");
        assert_eq!(
            (dark.color, dark.bg),
            (Rgba::rgb(0xff5c8a), Rgba::rgb(0x16161d))
        );
        let mixed = spec("theme=dark&color=blue");
        assert_eq!(
            (mixed.color, mixed.bg),
            (Rgba::rgb(0x0000ff), Rgba::rgb(0x16161d))
        );
        assert_eq!(spec("bg=transparent").bg, Rgba::TRANSPARENT);
    }

    #[test]
    fn format_param_and_extension() {
        assert!(matches!(
            heart(None, "format=svg").unwrap(),
            HeartRequest::Still(HeartFormat::Svg, _, _)
        ));
        assert!(matches!(
            heart(None, "").unwrap(),
            HeartRequest::Still(HeartFormat::Png, _, _)
        ));
        // The extension wins over format=.
        assert!(matches!(
            heart(Some(HeartFormat::Png), "format=svg").unwrap(),
            HeartRequest::Still(HeartFormat::Png, _, _)
        ));
        assert_eq!(err(HeartFormat::Png, "format=gif").param(), Some("format"));
    }

    #[test]
    fn heart_labels() {
        let label = |q: &str| match heart(Some(HeartFormat::Png), q).unwrap() {
            HeartRequest::Still(_, _, l) => l,
            other => panic!("{other:?}"),
        };
        assert_eq!(label(""), None);
        let l = label("text=I%20%E2%9D%A4%20U").unwrap();
        assert_eq!((l.text.as_str(), l.color), ("I ❤ U", Rgba::rgb(0xffffff)));
        assert_eq!(
            label("text=hi&color=yellow").unwrap().color,
            Rgba::rgb(0x111111),
            "dark text on light hearts"
        );
        assert_eq!(label("text=hi&style=outline").unwrap().color, DEFAULT_COLOR);
        assert_eq!(
            label("text=hi&text_color=red").unwrap().color,
            Rgba::rgb(0xff0000)
        );
        assert_eq!(
            err(HeartFormat::Png, "text_color=red").param(),
            Some("text_color")
        );
        assert_eq!(
            err(HeartFormat::Png, &format!("text={}", "x".repeat(41))).param(),
            Some("text")
        );
        assert_eq!(err(HeartFormat::Txt, "text=hi").code(), "unknown_param");
        assert!(heart(Some(HeartFormat::Svg), "text=hi").is_ok());
        assert!(heart(Some(HeartFormat::Apng), "text=hi").is_ok());
        let c = canonical(&heart(Some(HeartFormat::Png), "text=a%26b").unwrap());
        assert!(c.contains(r##"{"text":"a&b","color":"#ffffffff"}"##), "{c}");
    }

    fn canonical(r: &HeartRequest) -> String {
        serde_json::to_string(r).unwrap()
    }

    #[test]
    fn canonical_ignores_order_and_spelling() {
        let a = heart(Some(HeartFormat::Png), "theme=light&size=300").unwrap();
        let b = heart(
            Some(HeartFormat::Png),
            "size=300&bg=white&color=%23e0245e&dpr=1&style=filled",
        )
        .unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        let c = heart(Some(HeartFormat::Png), "size=301&theme=light").unwrap();
        assert_ne!(canonical(&a), canonical(&c));
        // stroke only matters for outlines.
        let d = heart(Some(HeartFormat::Png), "theme=light&size=300&stroke=5").unwrap();
        assert_eq!(canonical(&a), canonical(&d));
        let e = heart(Some(HeartFormat::Png), "style=outline&stroke=5").unwrap();
        let f = heart(Some(HeartFormat::Png), "style=outline&stroke=6").unwrap();
        assert_ne!(canonical(&e), canonical(&f));
        // The format is part of it.
        let svg = heart(Some(HeartFormat::Svg), "theme=light&size=300").unwrap();
        assert_ne!(canonical(&a), canonical(&svg));
        let t = heart(Some(HeartFormat::Txt), "rows=10&cols=20").unwrap();
        let u = heart(Some(HeartFormat::Txt), "cols=20&rows=10&charset=blocks").unwrap();
        assert_eq!(canonical(&t), canonical(&u));
    }
}
