//! Scene layout and painting, with the real embedded Latin font.

extern crate std;

use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;
use std::sync::OnceLock;

use fontdue::{Font, FontSettings};
use taffy::prelude::{
    auto, length, percent, AlignItems, FlexDirection, JustifyContent, LengthPercentage,
    LengthPercentageAuto, Position, Rect, Size, Style,
};

use super::*;
use crate::text::{layout_text, FontSource, Wrap};

fn sans() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| {
        Font::from_bytes(
            include_bytes!("../../../../fonts/NotoSans-Regular.ttf") as &[u8],
            FontSettings::default(),
        )
        .expect("font parses")
    })
}

/// Face 0 is Noto Sans, whatever the id.
struct Fonts;

impl FontSource for Fonts {
    fn covers(&self, _face: u16, ch: char) -> bool {
        sans().has_glyph(ch)
    }

    fn font(&self, _face: u16) -> &Font {
        sans()
    }
}

fn node(layout: Style) -> Node {
    Node {
        layout,
        paint: Paint::default(),
        content: Content::None,
        children: Vec::new(),
    }
}

fn with_kids(mut n: Node, kids: &[u32]) -> Node {
    n.children = kids.to_vec();
    n
}

fn scene(width: u32, height: u32, nodes: Vec<Node>) -> Scene {
    Scene {
        width,
        height,
        dpr: 1.0,
        nodes,
        images: Vec::new(),
    }
}

fn sized(w: f32, h: f32) -> Style {
    Style {
        size: Size {
            width: length(w),
            height: length(h),
        },
        ..Style::default()
    }
}

fn all(v: f32) -> Rect<LengthPercentage> {
    Rect {
        left: length(v),
        right: length(v),
        top: length(v),
        bottom: length(v),
    }
}

fn text(s: &str, size: f32, line_height: f32) -> TextContent {
    TextContent {
        text: s.to_string(),
        chain: vec![0],
        size,
        line_height,
        color: Rgba::rgb(0x000000),
        align: Align::Left,
        dir: crate::Direction::Ltr,
        wrap: Wrap::Word,
        max_lines: None,
        decoration: Decoration::default(),
        letter_spacing: 0.0,
        spans: Vec::new(),
    }
}

fn rect(x: f32, y: f32, width: f32, height: f32) -> BoxRect {
    BoxRect {
        x,
        y,
        width,
        height,
    }
}

fn boxes(s: &Scene) -> Vec<BoxRect> {
    layout_scene(s, &Fonts)
        .nodes
        .iter()
        .map(|p| p.border_box)
        .collect()
}

/// The width of `s` on one line at `size`, CSS px (dpr 1).
fn one_line(s: &str, size: f32) -> f32 {
    let mut spec = layout::text_spec(&text(s, size, 1.0), None, 1.0);
    spec.wrap = Wrap::None;
    layout_text(&spec, &Fonts).line_widths()[0]
}

#[test]
fn row_with_gap_padding_and_grow() {
    let root = Style {
        padding: all(10.0),
        gap: Size {
            width: length(20.0),
            height: length(0.0),
        },
        ..Style::default()
    };
    let grow = Style {
        flex_grow: 1.0,
        ..Style::default()
    };
    let s = scene(
        400,
        200,
        vec![
            with_kids(node(root), &[1, 2, 3]),
            node(sized(50.0, 40.0)),
            node(grow),
            node(Style {
                size: Size {
                    width: length(30.0),
                    height: auto(),
                },
                ..Style::default()
            }),
        ],
    );
    let l = layout_scene(&s, &Fonts);
    assert_eq!(l.nodes[0].border_box, rect(0.0, 0.0, 400.0, 200.0));
    assert_eq!(l.nodes[0].content_box, rect(10.0, 10.0, 380.0, 180.0));
    assert_eq!(l.nodes[1].border_box, rect(10.0, 10.0, 50.0, 40.0));
    // 380 − 50 − 30 − 2 × 20 = 260 for the growing item; stretched to 180.
    assert_eq!(l.nodes[2].border_box, rect(80.0, 10.0, 260.0, 180.0));
    assert_eq!(l.nodes[3].border_box, rect(360.0, 10.0, 30.0, 180.0));
    assert!(l.nodes.iter().all(|p| p.shown));
}

#[test]
fn borders_and_padding_make_the_inner_boxes() {
    let mut st = sized(100.0, 60.0);
    st.border = Rect {
        left: length(1.0),
        right: length(2.0),
        top: length(3.0),
        bottom: length(4.0),
    };
    st.padding = all(5.0);
    let s = scene(
        200,
        100,
        vec![with_kids(node(Style::default()), &[1]), node(st)],
    );
    let p = layout_scene(&s, &Fonts).nodes[1];
    assert_eq!(p.border_box, rect(0.0, 0.0, 100.0, 60.0));
    assert_eq!(p.padding_box, rect(1.0, 3.0, 97.0, 53.0));
    assert_eq!(p.content_box, rect(6.0, 8.0, 87.0, 43.0));
    assert_eq!(p.border_widths(), [3.0, 2.0, 4.0, 1.0]);
}

#[test]
fn a_text_leaf_is_measured_by_the_text_engine() {
    let column = Style {
        flex_direction: FlexDirection::Column,
        align_items: AlignItems::FLEX_START,
        ..Style::default()
    };
    let words = "The quick brown fox jumps over the lazy dog again and again";
    let mut short = node(Style::default());
    short.content = Content::Text(text("Hello", 20.0, 1.5));
    let mut long = node(Style {
        size: Size {
            width: length(150.0),
            height: auto(),
        },
        ..Style::default()
    });
    long.content = Content::Text(text(words, 20.0, 1.5));
    let s = scene(
        300,
        400,
        vec![with_kids(node(column), &[1, 2]), short, long],
    );
    let l = layout_scene(&s, &Fonts);
    let hello = l.nodes[1].border_box;
    assert_eq!(hello.width, libm::ceilf(one_line("Hello", 20.0)));
    assert_eq!(hello.height, 30.0, "one line of 20 × 1.5");
    let para = l.nodes[2].border_box;
    assert_eq!((para.x, para.y, para.width), (0.0, 30.0, 150.0));
    let lines = layout_text(
        &layout::text_spec(&text(words, 20.0, 1.5), Some(150), 1.0),
        &Fonts,
    )
    .lines();
    assert!(lines >= 3, "{lines}");
    assert_eq!(para.height, lines as f32 * 30.0);
    assert_eq!(l.text_width(2), Some(150));
    assert_eq!(l.text_width(0), None);
}

#[test]
fn text_in_a_row_shrinks_to_fit_and_wraps() {
    // Two long paragraphs side by side in 300 px: each gets a share and wraps.
    let words = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
    let mut a = node(Style::default());
    a.content = Content::Text(text(words, 16.0, 1.25));
    let b = a.clone();
    let s = scene(
        300,
        200,
        vec![
            with_kids(
                node(Style {
                    align_items: AlignItems::FLEX_START,
                    ..Style::default()
                }),
                &[1, 2],
            ),
            a,
            b,
        ],
    );
    let l = layout_scene(&s, &Fonts);
    let (a, b) = (l.nodes[1].border_box, l.nodes[2].border_box);
    assert_eq!(a.width, b.width);
    assert!(a.width <= 150.0 && a.width > 100.0, "{a:?}");
    assert_eq!(b.x, a.width);
    assert!(a.height >= 40.0, "wrapped onto several 20 px lines: {a:?}");
    assert_eq!(a.height % 20.0, 0.0);
    // The minimum is the widest word: an unbreakable word never shrinks away.
    let mut one = node(sized(10.0, 10.0));
    one.content = Content::Text(text("incomprehensibilities", 16.0, 1.25));
    one.layout.size.width = auto();
    let s = scene(40, 100, vec![with_kids(node(Style::default()), &[1]), one]);
    let w = layout_scene(&s, &Fonts).nodes[1].border_box.width;
    assert_eq!(w, libm::ceilf(one_line("incomprehensibilities", 16.0)));
}

#[test]
fn centring_with_justify_and_align() {
    let root = Style {
        justify_content: JustifyContent::CENTER,
        align_items: AlignItems::CENTER,
        ..Style::default()
    };
    let s = scene(
        400,
        200,
        vec![with_kids(node(root), &[1]), node(sized(100.0, 50.0))],
    );
    assert_eq!(boxes(&s)[1], rect(150.0, 75.0, 100.0, 50.0));
}

#[test]
fn absolute_boxes_are_placed_in_their_containing_block() {
    let inset = |l: f32, t: f32| Rect {
        left: length(l),
        top: length(t),
        right: auto(),
        bottom: auto(),
    };
    let abs = |l: f32, t: f32| Style {
        position: Position::Absolute,
        inset: inset(l, t),
        size: Size {
            width: length(30.0),
            height: length(40.0),
        },
        ..Style::default()
    };
    let mut container = sized(200.0, 100.0);
    container.position = Position::Relative;
    container.margin = Rect {
        left: length(50.0),
        top: length(50.0),
        right: length(0.0),
        bottom: length(0.0),
    };
    // node 2 is static (no containing block): node 3 inside it is placed
    // in the relative container, node 1.
    let s = scene(
        400,
        300,
        vec![
            with_kids(node(Style::default()), &[1]),
            with_kids(node(container), &[2, 4]),
            with_kids(
                node(Style {
                    margin: Rect {
                        left: length(20.0),
                        top: length(0.0),
                        right: length(0.0),
                        bottom: length(0.0),
                    },
                    ..sized(50.0, 50.0)
                }),
                &[3],
            ),
            node(abs(10.0, 20.0)),
            node(abs(0.0, 0.0)),
        ],
    );
    let b = boxes(&s);
    assert_eq!(b[1], rect(50.0, 50.0, 200.0, 100.0));
    assert_eq!(b[2], rect(70.0, 50.0, 50.0, 50.0));
    assert_eq!(b[3], rect(60.0, 70.0, 30.0, 40.0));
    assert_eq!(b[4], rect(50.0, 50.0, 30.0, 40.0));
}

#[test]
fn percentages_resolve_against_the_parent() {
    let child = Style {
        size: Size {
            width: percent(0.5),
            height: percent(0.25),
        },
        margin: Rect {
            left: LengthPercentageAuto::percent(0.1),
            top: length(0.0),
            right: length(0.0),
            bottom: length(0.0),
        },
        ..Style::default()
    };
    let s = scene(
        400,
        200,
        vec![with_kids(node(Style::default()), &[1]), node(child)],
    );
    assert_eq!(boxes(&s)[1], rect(40.0, 0.0, 200.0, 50.0));
}

fn image(width: u32, height: u32, color: [u8; 4]) -> Image {
    Image {
        width,
        height,
        pixels: color.repeat((width * height) as usize),
        digest: [0; 32],
    }
}

#[test]
fn images_keep_their_aspect_ratio() {
    let img = |style: Style| {
        let mut n = node(style);
        n.content = Content::Image(ImageContent {
            image: 0,
            fit: ObjectFit::Fill,
            position: (Len::Percent(0.5), Len::Percent(0.5)),
        });
        n
    };
    let mut s = scene(
        400,
        300,
        vec![
            with_kids(
                node(Style {
                    align_items: AlignItems::FLEX_START,
                    ..Style::default()
                }),
                &[1, 2, 3],
            ),
            img(Style::default()),
            img(Style {
                size: Size {
                    width: length(40.0),
                    height: auto(),
                },
                ..Style::default()
            }),
            img(Style {
                size: Size {
                    width: auto(),
                    height: length(10.0),
                },
                ..Style::default()
            }),
        ],
    );
    s.images.push(image(80, 20, [255, 0, 0, 255]));
    let b = boxes(&s);
    assert_eq!((b[1].width, b[1].height), (80.0, 20.0), "natural size");
    assert_eq!((b[2].width, b[2].height), (40.0, 10.0), "width given");
    assert_eq!((b[3].width, b[3].height), (40.0, 10.0), "height given");
}

#[test]
fn odd_trees_are_clamped_not_fatal() {
    let none = Style {
        display: taffy::Display::None,
        ..sized(10.0, 10.0)
    };
    let s = scene(
        100,
        100,
        vec![
            // 7 is out of range, 0 is a cycle, 1 appears twice.
            with_kids(node(Style::default()), &[1, 7, 0, 1, 2]),
            node(sized(10.0, 10.0)),
            with_kids(node(none), &[3]),
            node(sized(5.0, 5.0)),
            node(sized(5.0, 5.0)), // unreachable
        ],
    );
    let l = layout_scene(&s, &Fonts);
    let shown: Vec<bool> = l.nodes.iter().map(|p| p.shown).collect();
    assert_eq!(shown, [true, true, false, false, false]);
    assert_eq!(l.nodes[1].border_box, rect(0.0, 0.0, 10.0, 10.0));

    // Empty scenes and zero-sized canvases.
    assert!(layout_scene(&scene(0, 0, Vec::new()), &Fonts)
        .nodes
        .is_empty());
    let tiny = layout_scene(&scene(0, 0, vec![node(Style::default())]), &Fonts);
    assert_eq!(tiny.nodes[0].border_box, rect(0.0, 0.0, 1.0, 1.0));
}

#[test]
fn trees_deeper_than_the_limit_are_cut() {
    let n = MAX_SCENE_DEPTH + 5;
    let nodes: Vec<Node> = (0..n)
        .map(|i| {
            let kids: Vec<u32> = if i + 1 < n {
                vec![i as u32 + 1]
            } else {
                vec![]
            };
            with_kids(node(Style::default()), &kids)
        })
        .collect();
    let l = layout_scene(&scene(100, 100, nodes), &Fonts);
    assert!(l.nodes[..MAX_SCENE_DEPTH].iter().all(|p| p.shown));
    assert!(l.nodes[MAX_SCENE_DEPTH..].iter().all(|p| !p.shown));
}

#[test]
fn layout_is_deterministic() {
    let mut t = node(Style::default());
    t.content = Content::Text(text("Same boxes every time, on every target", 18.0, 1.2));
    let s = scene(
        200,
        200,
        vec![
            with_kids(node(Style::default()), &[1, 2]),
            t,
            node(sized(20.0, 20.0)),
        ],
    );
    assert_eq!(layout_scene(&s, &Fonts), layout_scene(&s, &Fonts));
}

// ---- painting ----

fn render(s: &Scene) -> tiny_skia::Pixmap {
    render_scene(s, &Fonts, &mut crate::GlyphCache::default())
}

/// Straight-alpha RGBA of a pixel.
fn px(p: &tiny_skia::Pixmap, x: u32, y: u32) -> [u8; 4] {
    let c = p.pixel(x, y).expect("inside").demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

fn alpha(p: &tiny_skia::Pixmap, x: u32, y: u32) -> u8 {
    p.pixel(x, y).expect("inside").alpha()
}

const RED: Rgba = Rgba::rgb(0xff0000);
const GREEN: Rgba = Rgba::rgb(0x00ff00);
const BLUE: Rgba = Rgba::rgb(0x0000ff);
const WHITE: Rgba = Rgba::rgb(0xffffff);

/// A root (no paint) holding one box of `style` painted with `paint`,
/// placed at `left`, `top`.
fn one_box(w: u32, h: u32, left: f32, top: f32, style: Style, paint: Paint) -> Scene {
    let mut b = node(Style {
        position: Position::Absolute,
        inset: Rect {
            left: length(left),
            top: length(top),
            right: auto(),
            bottom: auto(),
        },
        ..style
    });
    b.paint = paint;
    scene(w, h, vec![with_kids(node(Style::default()), &[1]), b])
}

fn filled(c: Rgba) -> Paint {
    Paint {
        background_color: c,
        ..Paint::default()
    }
}

#[test]
fn background_colour_fills_the_border_box() {
    let p = render(&one_box(
        100,
        60,
        10.0,
        10.0,
        sized(50.0, 30.0),
        filled(RED),
    ));
    assert_eq!((p.width(), p.height()), (100, 60));
    assert_eq!(px(&p, 10, 10), [255, 0, 0, 255]);
    assert_eq!(px(&p, 59, 39), [255, 0, 0, 255]);
    assert_eq!(alpha(&p, 60, 20), 0);
    assert_eq!(alpha(&p, 9, 20), 0, "transparent canvas");
}

#[test]
fn rounded_corners_leave_the_corner_transparent() {
    let mut paint = filled(BLUE);
    paint.radii = [(Len::Px(30.0), Len::Px(30.0)); 4];
    let p = render(&one_box(100, 100, 0.0, 0.0, sized(100.0, 100.0), paint));
    assert_eq!(alpha(&p, 1, 1), 0);
    assert_eq!(alpha(&p, 98, 98), 0);
    assert_eq!(px(&p, 50, 50), [0, 0, 255, 255]);
    assert_eq!(px(&p, 50, 1), [0, 0, 255, 255], "straight edges stay");
    // 50 % of a square is a circle: the corner of its inscribed square is in.
    let mut circle = filled(BLUE);
    circle.radii = [(Len::Percent(0.5), Len::Percent(0.5)); 4];
    let p = render(&one_box(100, 100, 0.0, 0.0, sized(100.0, 100.0), circle));
    assert_eq!(alpha(&p, 12, 12), 0);
    assert_eq!(alpha(&p, 20, 20), 255);
}

fn bordered(width: f32) -> Style {
    Style {
        border: all(width),
        ..sized(100.0, 100.0)
    }
}

#[test]
fn borders_have_their_colours_at_the_edges() {
    let mut paint = filled(WHITE);
    paint.border_colors = [RED; 4];
    let p = render(&one_box(100, 100, 0.0, 0.0, bordered(10.0), paint.clone()));
    assert_eq!(px(&p, 5, 50), [255, 0, 0, 255]);
    assert_eq!(px(&p, 50, 95), [255, 0, 0, 255]);
    assert_eq!(px(&p, 50, 50), [255, 255, 255, 255]);
    assert_eq!(px(&p, 11, 50), [255, 255, 255, 255]);

    // Per-side colours, square and rounded.
    paint.border_colors = [RED, BLUE, RED, GREEN];
    for radius in [0.0, 20.0] {
        paint.radii = [(Len::Px(radius), Len::Px(radius)); 4];
        let p = render(&one_box(100, 100, 0.0, 0.0, bordered(10.0), paint.clone()));
        assert_eq!(px(&p, 50, 4), [255, 0, 0, 255], "top, r={radius}");
        assert_eq!(px(&p, 95, 50), [0, 0, 255, 255], "right, r={radius}");
        assert_eq!(px(&p, 4, 50), [0, 255, 0, 255], "left, r={radius}");
        assert_eq!(px(&p, 50, 50), [255, 255, 255, 255]);
    }
    // A lone left border with rounded corners: only its own colour shows.
    let mut left = filled(Rgba::TRANSPARENT);
    left.border_colors = [
        Rgba::rgb(0x000000),
        Rgba::rgb(0x000000),
        Rgba::rgb(0x000000),
        GREEN,
    ];
    left.radii = [(Len::Px(8.0), Len::Px(8.0)); 4];
    let style = Style {
        border: Rect {
            left: length(6.0),
            right: length(0.0),
            top: length(0.0),
            bottom: length(0.0),
        },
        ..sized(100.0, 100.0)
    };
    let p = render(&one_box(100, 100, 0.0, 0.0, style, left));
    assert_eq!(px(&p, 3, 50), [0, 255, 0, 255]);
    assert_eq!(alpha(&p, 50, 1), 0);
}

fn with_background(layer: Background) -> Paint {
    Paint {
        backgrounds: vec![layer],
        ..Paint::default()
    }
}

fn stop(color: Rgba, at: f32) -> Stop {
    Stop {
        color,
        at: Len::Percent(at),
    }
}

#[test]
fn linear_gradient_at_90_degrees_runs_left_to_right() {
    let paint = with_background(Background::Linear {
        angle: 90.0,
        stops: vec![stop(RED, 0.0), stop(BLUE, 1.0)],
    });
    let p = render(&one_box(200, 50, 0.0, 0.0, sized(200.0, 50.0), paint));
    let left = px(&p, 0, 25);
    let right = px(&p, 199, 25);
    assert!(left[0] > 250 && left[2] < 5, "{left:?}");
    assert!(right[2] > 250 && right[0] < 5, "{right:?}");
    let mid = px(&p, 100, 25);
    assert!(
        (i32::from(mid[0]) - 127).abs() < 4 && (i32::from(mid[2]) - 127).abs() < 4,
        "{mid:?}"
    );
    // Along a column the colour does not change.
    assert_eq!(px(&p, 60, 0), px(&p, 60, 49));

    // 180° (the default) runs top to bottom; 45° puts the ends in the corners.
    let paint = with_background(Background::Linear {
        angle: 45.0,
        stops: vec![stop(RED, 0.0), stop(BLUE, 1.0)],
    });
    let p = render(&one_box(200, 50, 0.0, 0.0, sized(200.0, 50.0), paint));
    assert!(px(&p, 0, 49)[0] > 250, "bottom-left is the start");
    assert!(px(&p, 199, 0)[2] > 250, "top-right is the end");
}

#[test]
fn transparent_stops_fade_without_darkening() {
    let paint = with_background(Background::Linear {
        angle: 90.0,
        stops: vec![stop(WHITE, 0.0), stop(Rgba::TRANSPARENT, 1.0)],
    });
    let p = render(&one_box(100, 10, 0.0, 0.0, sized(100.0, 10.0), paint));
    let mid = px(&p, 50, 5);
    assert!(
        mid[0] > 250 && mid[1] > 250 && mid[2] > 250,
        "stays white: {mid:?}"
    );
    assert!((i32::from(mid[3]) - 127).abs() < 6, "{mid:?}");
}

#[test]
fn radial_gradient_has_the_first_colour_at_its_centre() {
    for circle in [true, false] {
        let paint = with_background(Background::Radial {
            circle,
            center: (Len::Percent(0.5), Len::Percent(0.5)),
            stops: vec![stop(WHITE, 0.0), stop(Rgba::rgb(0x000000), 1.0)],
        });
        let p = render(&one_box(200, 100, 0.0, 0.0, sized(200.0, 100.0), paint));
        let c = px(&p, 100, 50);
        assert!(c[0] > 245, "{circle}: {c:?}");
        let corner = px(&p, 0, 0);
        assert!(
            corner[0] < 10,
            "{circle}: farthest corner is the last stop {corner:?}"
        );
        if !circle {
            // The ellipse is as much wider as the box: the same colour at
            // the same fraction along either axis.
            let (h, v) = (px(&p, 150, 50)[0], px(&p, 100, 75)[0]);
            assert!((i32::from(h) - i32::from(v)).abs() <= 3, "{h} vs {v}");
        }
    }
}

fn shadowed(blur: f32, spread: f32) -> Paint {
    Paint {
        shadows: vec![Shadow {
            x: 0.0,
            y: 0.0,
            blur,
            spread,
            color: Rgba::rgb(0x000000),
        }],
        ..Paint::default()
    }
}

#[test]
fn shadow_blur_falls_off_softly_and_stops() {
    let p = render(&one_box(
        200,
        200,
        80.0,
        80.0,
        sized(40.0, 40.0),
        shadowed(10.0, 0.0),
    ));
    // Box 80..120; outer shadow only: nothing under the (transparent) box.
    assert_eq!(alpha(&p, 100, 100), 0);
    let near = alpha(&p, 120, 100);
    let mid = alpha(&p, 125, 100);
    let far = alpha(&p, 130, 100);
    // Half a pixel out: a little under half (Φ(−0.1) ≈ 0.46).
    assert!(near > 95 && near < 140, "about half at the edge: {near}");
    assert!(near > mid && mid > far, "{near} {mid} {far}");
    assert!(far < 16, "little left at blur distance: {far}");
    // The three box radii for σ = 5 reach 13 px: nothing past that.
    for x in 134..200 {
        assert_eq!(alpha(&p, x, 100), 0, "x={x}");
    }
    // Spread grows the shape before blurring.
    let p = render(&one_box(
        200,
        200,
        80.0,
        80.0,
        sized(40.0, 40.0),
        shadowed(10.0, 10.0),
    ));
    assert!(
        alpha(&p, 125, 100) > 200,
        "5 px inside the spread edge: Φ(1) ≈ 0.84"
    );
    assert_eq!(alpha(&p, 144, 100), 0);
    // Without blur: a hard edge.
    let p = render(&one_box(
        200,
        200,
        80.0,
        80.0,
        sized(40.0, 40.0),
        shadowed(0.0, 5.0),
    ));
    assert_eq!(alpha(&p, 124, 100), 255);
    assert_eq!(alpha(&p, 125, 100), 0);
}

#[test]
fn opacity_halves_alpha() {
    let mut paint = filled(RED);
    paint.opacity = 0.5;
    let p = render(&one_box(50, 50, 0.0, 0.0, sized(50.0, 50.0), paint));
    let a = alpha(&p, 25, 25);
    assert!((i32::from(a) - 128).abs() <= 1, "{a}");
    assert_eq!(px(&p, 25, 25)[0], 255);
    // 0 hides the subtree; the rest of the scene is untouched.
    let mut paint = filled(RED);
    paint.opacity = 0.0;
    let p = render(&one_box(50, 50, 0.0, 0.0, sized(50.0, 50.0), paint));
    assert!(p.data().iter().all(|&b| b == 0));
}

/// A 50 × 50 box at (10, 10) holding a 100 × 100 green child.
fn overflowing(clip: bool) -> Scene {
    let mut s = one_box(
        200,
        200,
        10.0,
        10.0,
        sized(50.0, 50.0),
        Paint {
            clip,
            ..filled(WHITE)
        },
    );
    s.nodes[1].children = vec![2];
    let mut child = node(Style {
        flex_shrink: 0.0,
        ..sized(100.0, 100.0)
    });
    child.paint = filled(GREEN);
    s.nodes.push(child);
    s
}

#[test]
fn clip_hides_an_overflowing_child() {
    let open = render(&overflowing(false));
    assert_eq!(px(&open, 30, 30), [0, 255, 0, 255]);
    assert_eq!(px(&open, 90, 90), [0, 255, 0, 255]);
    let clipped = render(&overflowing(true));
    assert_eq!(px(&clipped, 30, 30), [0, 255, 0, 255]);
    assert_eq!(alpha(&clipped, 90, 90), 0);
    assert_eq!(alpha(&clipped, 61, 30), 0);
    // Rounded clip: the child's corner goes too.
    let mut s = overflowing(true);
    s.nodes[1].paint.radii = [(Len::Px(20.0), Len::Px(20.0)); 4];
    let p = render(&s);
    assert_eq!(alpha(&p, 11, 11), 0);
    assert_eq!(px(&p, 35, 35), [0, 255, 0, 255]);
}

#[test]
fn rotate_90_swaps_a_bar() {
    let bar = |transform: Vec<Transform>| {
        let paint = Paint {
            transform,
            ..filled(RED)
        };
        render(&one_box(200, 200, 50.0, 90.0, sized(100.0, 20.0), paint))
    };
    let flat = bar(Vec::new());
    assert_eq!(alpha(&flat, 60, 100), 255);
    assert_eq!(alpha(&flat, 100, 60), 0);
    let turned = bar(vec![Transform::Rotate(90.0)]);
    assert_eq!(alpha(&turned, 60, 100), 0);
    assert_eq!(alpha(&turned, 100, 60), 255);
    assert_eq!(alpha(&turned, 100, 140), 255);
    // Translate by a percentage of the box, then scale about the centre.
    let moved = bar(vec![
        Transform::Translate(Len::Percent(0.5), Len::ZERO),
        Transform::Scale(0.5, 1.0),
    ]);
    // Centre (100, 100) + 50 → 150; half as wide: 125..175.
    assert_eq!(alpha(&moved, 124, 100), 0);
    assert_eq!(alpha(&moved, 126, 100), 255);
    assert_eq!(alpha(&moved, 174, 100), 255);
    assert_eq!(alpha(&moved, 176, 100), 0);
}

fn image_node(fit: ObjectFit) -> Scene {
    let mut s = one_box(100, 100, 10.0, 10.0, sized(40.0, 40.0), Paint::default());
    s.nodes[1].content = Content::Image(ImageContent {
        image: 0,
        fit,
        position: (Len::Percent(0.5), Len::Percent(0.5)),
    });
    s.images.push(image(20, 10, [255, 0, 0, 255]));
    s
}

#[test]
fn images_land_where_object_fit_says() {
    // contain: 40 × 20, centred: rows 20..40.
    let p = render(&image_node(ObjectFit::Contain));
    assert_eq!(alpha(&p, 30, 15), 0);
    assert_eq!(px(&p, 30, 21), [255, 0, 0, 255]);
    assert_eq!(px(&p, 11, 38), [255, 0, 0, 255]);
    assert_eq!(alpha(&p, 30, 45), 0);
    // cover: 80 × 40, centred, cut to the box.
    let p = render(&image_node(ObjectFit::Cover));
    assert_eq!(px(&p, 10, 10), [255, 0, 0, 255]);
    assert_eq!(px(&p, 49, 49), [255, 0, 0, 255]);
    assert_eq!(alpha(&p, 51, 30), 0);
    assert_eq!(alpha(&p, 8, 30), 0);
    // none: natural 20 × 10 in the middle.
    let p = render(&image_node(ObjectFit::None));
    assert_eq!(px(&p, 30, 30), [255, 0, 0, 255]);
    assert_eq!(alpha(&p, 30, 20), 0);
    // A missing image paints nothing.
    let mut s = image_node(ObjectFit::Fill);
    s.images.clear();
    assert!(render(&s).data().iter().all(|&b| b == 0));
}

#[test]
fn text_is_drawn_inside_its_content_box() {
    let style = Style {
        padding: all(12.0),
        ..Style::default()
    };
    let mut s = one_box(300, 100, 20.0, 10.0, style, Paint::default());
    let mut t = text("Hello, world", 24.0, 1.25);
    t.color = BLUE;
    s.nodes[1].content = Content::Text(t);
    let l = layout_scene(&s, &Fonts);
    let content = l.nodes[1].content_box;
    assert_eq!((content.x, content.y), (32.0, 22.0));
    let p = render(&s);
    let mut inked = 0;
    for y in 0..p.height() {
        for x in 0..p.width() {
            if alpha(&p, x, y) > 0 {
                inked += 1;
                let (fx, fy) = (x as f32, y as f32);
                assert!(
                    fx >= content.x - 1.0
                        && fx <= content.right() + 1.0
                        && fy >= content.y - 1.0
                        && fy <= content.bottom() + 1.0,
                    "ink at {x},{y} outside {content:?}"
                );
                assert_eq!(px(&p, x, y)[2], 255);
            }
        }
    }
    assert!(inked > 100, "{inked}");
}

#[test]
fn text_decorations_draw_bars_under_and_through() {
    let mut s = one_box(300, 100, 0.0, 0.0, Style::default(), Paint::default());
    let mut t = text("Hello", 32.0, 1.25);
    t.decoration.underline = true;
    s.nodes[1].content = Content::Text(t.clone());
    let l = layout_scene(&s, &Fonts);
    let b = l.nodes[1].border_box;
    let p = render(&s);
    // A full row of ink below the letters.
    let full_rows = (0..b.height as u32)
        .filter(|&y| (1..b.width as u32 - 1).all(|x| alpha(&p, x, y) == 255))
        .count();
    assert!(full_rows >= 1, "{full_rows}");
    t.decoration.underline = false;
    s.nodes[1].content = Content::Text(t);
    let plain = render(&s);
    let full_rows = (0..b.height as u32)
        .filter(|&y| (1..b.width as u32 - 1).all(|x| alpha(&plain, x, y) == 255))
        .count();
    assert_eq!(full_rows, 0);
}

#[test]
fn text_under_a_clip_or_rotation_is_still_drawn() {
    let mut s = one_box(
        200,
        200,
        50.0,
        80.0,
        sized(100.0, 40.0),
        Paint {
            clip: true,
            ..Paint::default()
        },
    );
    s.nodes[1].children = vec![2];
    let mut t = node(Style::default());
    let mut line = text("Clipped text runs past the box", 24.0, 1.25);
    line.wrap = Wrap::None;
    t.content = Content::Text(line);
    s.nodes.push(t);
    let p = render(&s);
    let ink = |p: &tiny_skia::Pixmap, x0: u32, x1: u32| {
        (x0..x1)
            .flat_map(|x| (0..200).map(move |y| (x, y)))
            .filter(|&(x, y)| alpha(p, x, y) > 0)
            .count()
    };
    assert!(ink(&p, 50, 150) > 50);
    assert_eq!(ink(&p, 150, 200), 0, "cut at the clip");
    s.nodes[1].paint.clip = false;
    s.nodes[1].paint.transform = vec![Transform::Rotate(90.0)];
    let turned = render(&s);
    // Now a column about x = 100: no ink far left or right of it.
    assert!(ink(&turned, 80, 120) > 50);
    assert_eq!(ink(&turned, 0, 60), 0);
}

#[test]
fn dpr_2_doubles_the_pixmap_and_the_layout() {
    let mut s = one_box(100, 50, 10.0, 10.0, sized(20.0, 20.0), filled(RED));
    s.dpr = 2.0;
    let p = render(&s);
    assert_eq!((p.width(), p.height()), (200, 100));
    assert_eq!(alpha(&p, 20, 20), 255);
    assert_eq!(alpha(&p, 59, 59), 255);
    assert_eq!(alpha(&p, 60, 40), 0);
    assert_eq!(alpha(&p, 19, 40), 0);
    s.dpr = f32::NAN;
    assert_eq!(render(&s).width(), 100);
    s.dpr = 9.0;
    assert_eq!(render(&s).width(), 300, "clamped to 3");
}

#[test]
fn background_images_cover_and_repeat() {
    // A 2 × 2 checker: red, green / blue, white.
    let mut checker = image(2, 2, [0; 4]);
    checker.pixels = [
        [255, 0, 0, 255],
        [0, 255, 0, 255],
        [0, 0, 255, 255],
        [255, 255, 255, 255],
    ]
    .concat();
    let layer = |size, repeat| {
        with_background(Background::Image {
            image: 0,
            size,
            position: (Len::ZERO, Len::ZERO),
            repeat,
        })
    };
    let mut s = one_box(
        100,
        100,
        0.0,
        0.0,
        sized(40.0, 40.0),
        layer(BackgroundSize::Cover, false),
    );
    s.images.push(checker);
    let p = render(&s);
    // Cover: each image pixel is a 20 × 20 square.
    assert_eq!(px(&p, 5, 5), [255, 0, 0, 255]);
    assert_eq!(px(&p, 35, 5), [0, 255, 0, 255]);
    assert_eq!(px(&p, 5, 35), [0, 0, 255, 255]);
    assert_eq!(px(&p, 35, 35), [255, 255, 255, 255]);
    assert_eq!(alpha(&p, 45, 5), 0);
    // 10 × 10 tiles, repeated: the pattern comes back every 10 px.
    s.nodes[1].paint = layer(BackgroundSize::Explicit(Some(Len::Px(10.0)), None), true);
    let p = render(&s);
    // (Pixel centres of the image, where bilinear filtering is exact.)
    assert_eq!(px(&p, 2, 2), [255, 0, 0, 255]);
    assert_eq!(px(&p, 12, 2), [255, 0, 0, 255]);
    assert_eq!(px(&p, 37, 37), [255, 255, 255, 255]);
    // Not repeated: one tile only.
    s.nodes[1].paint = layer(BackgroundSize::Explicit(Some(Len::Px(10.0)), None), false);
    let p = render(&s);
    assert_eq!(px(&p, 2, 2), [255, 0, 0, 255]);
    assert_eq!(alpha(&p, 12, 2), 0);
}

/// CSS positions are not clamped: p % puts p % of the image on p % of the
/// box, so past 100 % or below 0 it leaves the box; a length is an offset
/// from the start edge, whatever the box's size.
#[test]
fn positions_past_the_box_negative_and_in_px_are_honoured() {
    let red = [255, 0, 0, 255];
    // An `img` drawn at its 20 × 10 in a 40 × 40 content box at (10, 10):
    // 20 × 30 px of free space.
    let at = |x: Len, y: Len| {
        let mut s = image_node(ObjectFit::None);
        if let Content::Image(c) = &mut s.nodes[1].content {
            c.position = (x, y);
        }
        render(&s)
    };
    // 5 px from the left, centred: columns 15..35, rows 25..35.
    let p = at(Len::Px(5.0), Len::Percent(0.5));
    assert_eq!((alpha(&p, 14, 30), px(&p, 15, 30)), (0, red));
    assert_eq!((px(&p, 34, 30), alpha(&p, 35, 30)), (red, 0));
    assert_eq!((alpha(&p, 30, 24), px(&p, 30, 25)), (0, red));
    // 125 %: 25 px in, columns 35..55, cut by the box at 50; −25 %: −5,
    // columns 5..25 cut at 10; −3 px down: rows 7..17 cut at 10.
    let p = at(Len::Percent(1.25), Len::Px(-3.0));
    assert_eq!(
        (alpha(&p, 34, 12), px(&p, 35, 12), px(&p, 49, 12)),
        (0, red, red)
    );
    assert_eq!(
        (alpha(&p, 50, 12), alpha(&p, 40, 9), px(&p, 40, 10)),
        (0, 0, red)
    );
    assert_eq!((px(&p, 40, 16), alpha(&p, 40, 17)), (red, 0));
    let p = at(Len::Percent(-0.25), Len::Percent(0.0));
    assert_eq!(
        (alpha(&p, 9, 12), px(&p, 10, 12), px(&p, 24, 12)),
        (0, red, red)
    );
    assert_eq!(alpha(&p, 25, 12), 0);
    // A background tile of 10 × 10 in a 40 × 40 padding box at (0, 0):
    // 110 % is 33 px in (columns 33..40 show), −5 px up (rows 0..5 show).
    let tile = with_background(Background::Image {
        image: 0,
        size: BackgroundSize::Explicit(Some(Len::Px(10.0)), Some(Len::Px(10.0))),
        position: (Len::Percent(1.1), Len::Px(-5.0)),
        repeat: false,
    });
    let mut s = one_box(100, 100, 0.0, 0.0, sized(40.0, 40.0), tile);
    s.images.push(image(2, 2, red));
    let p = render(&s);
    assert_eq!(
        (alpha(&p, 32, 2), px(&p, 33, 2), px(&p, 39, 2)),
        (0, red, red)
    );
    assert_eq!(
        (alpha(&p, 40, 2), px(&p, 35, 4), alpha(&p, 35, 5)),
        (0, red, 0)
    );
}

/// A 1200 × 630 card: a gradient background, a rounded white panel with a
/// shadow, a title, a subtitle and a footer.
fn card(dpr: f32) -> Scene {
    let column = Style {
        flex_direction: FlexDirection::Column,
        justify_content: JustifyContent::CENTER,
        align_items: AlignItems::CENTER,
        ..Style::default()
    };
    let mut root = with_kids(node(column), &[1]);
    root.paint = with_background(Background::Linear {
        angle: 135.0,
        stops: vec![
            stop(Rgba::rgb(0x4f46e5), 0.0),
            stop(Rgba::rgb(0xdb2777), 1.0),
        ],
    });
    let mut panel = with_kids(
        node(Style {
            flex_direction: FlexDirection::Column,
            padding: all(48.0),
            gap: Size {
                width: length(0.0),
                height: length(16.0),
            },
            size: Size {
                width: length(960.0),
                height: auto(),
            },
            ..Style::default()
        }),
        &[2, 3, 4],
    );
    panel.paint = Paint {
        background_color: WHITE,
        radii: [(Len::Px(32.0), Len::Px(32.0)); 4],
        shadows: vec![Shadow {
            x: 0.0,
            y: 12.0,
            blur: 40.0,
            spread: 0.0,
            color: Rgba::new(0, 0, 0, 96),
        }],
        ..Paint::default()
    };
    let para = |s: &str, size: f32, color: u32| {
        let mut n = node(Style::default());
        let mut t = text(s, size, 1.2);
        t.color = Rgba::rgb(color);
        n.content = Content::Text(t);
        n
    };
    let mut s = scene(
        1200,
        630,
        vec![
            root,
            panel,
            para("Scenes: any card from a JSON element tree", 64.0, 0x111827),
            para(
                "Flexbox layout, gradients, shadows, borders, rounded corners and images, painted at the edge.",
                32.0,
                0x4b5563,
            ),
            para("edge-render · 2026", 24.0, 0x6b7280),
        ],
    );
    s.dpr = dpr;
    s
}

#[test]
fn rendering_is_deterministic() {
    let s = card(1.0);
    let a = render(&s);
    let b = render(&s);
    assert_eq!(a.data(), b.data());
    // The same bytes with a warm glyph cache as with a cold one.
    let mut cache = crate::GlyphCache::default();
    let warm1 = render_scene(&s, &Fonts, &mut cache);
    let warm2 = render_scene(&s, &Fonts, &mut cache);
    assert_eq!(warm1.data(), a.data());
    assert_eq!(warm2.data(), a.data());
    // The card is what it says: gradient corners, a white panel, text.
    assert!(px(&a, 2, 2)[2] > 200, "indigo corner {:?}", px(&a, 2, 2));
    assert!(
        px(&a, 1197, 627)[0] > 200,
        "pink corner {:?}",
        px(&a, 1197, 627)
    );
    let panel = layout_scene(&s, &Fonts).nodes[1].border_box;
    assert_eq!(panel.width, 960.0);
    assert_eq!(px(&a, 130, panel.y as u32 + 20), [255, 255, 255, 255]);
}

/// `cargo test --release -p edge-render-core card_timing -- --ignored --nocapture`
/// prints how long the card takes; with `SCENE_DUMP=path`, writes its
/// RGBA bytes (1200 × 630) there for a look.
#[test]
#[ignore]
fn card_timing() {
    let s = card(1.0);
    let mut cache = crate::GlyphCache::default();
    let p = render_scene(&s, &Fonts, &mut cache);
    if let Ok(path) = std::env::var("SCENE_DUMP") {
        std::fs::write(path, p.clone().take_demultiplied()).expect("dump written");
    }
    let runs = 50;
    let t = std::time::Instant::now();
    for _ in 0..runs {
        core::hint::black_box(layout_scene(&s, &Fonts));
    }
    let layout = t.elapsed() / runs;
    for dpr in [1.0, 2.0] {
        let s = card(dpr);
        let t = std::time::Instant::now();
        for _ in 0..runs {
            core::hint::black_box(render_scene(&s, &Fonts, &mut cache));
        }
        let warm = t.elapsed() / runs;
        let t = std::time::Instant::now();
        for _ in 0..runs {
            let mut cold = crate::GlyphCache::default();
            core::hint::black_box(render_scene(&s, &Fonts, &mut cold));
        }
        let cold = t.elapsed() / runs;
        std::println!(
            "card 1200×630 at dpr {dpr}: layout {layout:?}; layout + paint {warm:?} (warm glyph cache), {cold:?} (cold)"
        );
    }
}

#[test]
fn odd_paint_values_do_not_panic() {
    let nan = f32::NAN;
    let inf = f32::INFINITY;
    let mut paint = Paint {
        background_color: RED,
        backgrounds: vec![
            Background::Linear {
                angle: nan,
                stops: vec![stop(RED, nan), stop(BLUE, -inf)],
            },
            Background::Linear {
                angle: 0.0,
                stops: Vec::new(),
            },
            Background::Radial {
                circle: false,
                center: (Len::Px(inf), Len::Percent(nan)),
                stops: vec![stop(RED, 0.0)],
            },
            Background::Radial {
                circle: true,
                center: (Len::Px(0.0), Len::Px(0.0)),
                stops: vec![stop(RED, 0.0), stop(Rgba::TRANSPARENT, 0.0)],
            },
            Background::Image {
                image: 7,
                size: BackgroundSize::Cover,
                position: (Len::Percent(nan), Len::Px(inf)),
                repeat: true,
            },
            Background::Image {
                image: 0,
                size: BackgroundSize::Explicit(Some(Len::Px(0.0)), Some(Len::Px(-3.0))),
                position: (Len::Percent(nan), Len::Px(inf)),
                repeat: true,
            },
        ],
        border_colors: [RED, GREEN, BLUE, WHITE],
        radii: [
            (Len::Px(inf), Len::Percent(nan)),
            (Len::Px(1e30), Len::Px(1e30)),
            (Len::ZERO, Len::ZERO),
            (Len::Px(-1.0), Len::Px(5.0)),
        ],
        opacity: nan,
        shadows: vec![
            Shadow {
                x: nan,
                y: inf,
                blur: 1e9,
                spread: -1e9,
                color: RED,
            },
            Shadow {
                x: 1e7,
                y: -1e7,
                blur: 1e9,
                spread: 1e9,
                color: RED,
            },
            Shadow {
                x: 0.0,
                y: 0.0,
                blur: inf,
                spread: nan,
                color: RED,
            },
        ],
        clip: true,
        transform: vec![
            Transform::Scale(0.0, inf),
            Transform::Rotate(nan),
            Transform::Translate(Len::Px(inf), Len::Percent(nan)),
        ],
    };
    let mut s = one_box(50, 40, 5.0, 5.0, bordered(3.0), paint.clone());
    // Pixels that do not match the image's size.
    s.images.push(Image {
        width: 4,
        height: 4,
        pixels: vec![255; 7],
        digest: [0; 32],
    });
    let mut t = node(Style::default());
    let mut words = text("odd", nan, inf);
    words.max_lines = Some(0);
    words.decoration = Decoration {
        underline: true,
        line_through: true,
    };
    t.content = Content::Text(words);
    let mut img = node(Style::default());
    img.content = Content::Image(ImageContent {
        image: 0,
        fit: ObjectFit::ScaleDown,
        position: (Len::Px(nan), Len::Percent(-inf)),
    });
    s.nodes[1].children = vec![2, 3];
    s.nodes.push(t);
    s.nodes.push(img);
    let _ = render(&s);
    paint.transform = vec![Transform::Scale(1e30, 1e30)];
    paint.opacity = 0.5;
    s.nodes[1].paint = paint.clone();
    let _ = render(&s);
    paint.transform = vec![Transform::Rotate(33.0), Transform::Scale(3.0, 0.5)];
    s.nodes[1].paint = paint;
    s.dpr = 3.0;
    let _ = render(&s);
    // The largest transform still painted, on a box far away.
    for far in [0.0, 3e6] {
        let mut paint = paint_big();
        paint.transform = vec![Transform::Rotate(33.0), Transform::Scale(9e3, 7e3)];
        let mut s = one_box(50, 40, far, -far, bordered(3.0), paint);
        s.dpr = 3.0;
        let _ = render(&s);
    }
    // A scene whose layout is empty still gives a canvas.
    let empty = scene(7, 3, Vec::new());
    assert_eq!((render(&empty).width(), render(&empty).height()), (7, 3));
}

/// Every kind of paint at once, with per-side borders and rounded corners.
fn paint_big() -> Paint {
    Paint {
        background_color: RED,
        backgrounds: vec![Background::Radial {
            circle: false,
            center: (Len::Percent(0.3), Len::Percent(0.6)),
            stops: vec![stop(RED, 0.0), stop(BLUE, 1.0)],
        }],
        border_colors: [RED, GREEN, BLUE, WHITE],
        radii: [(Len::Px(9.0), Len::Px(9.0)); 4],
        opacity: 0.7,
        shadows: vec![Shadow {
            x: 3.0,
            y: 4.0,
            blur: 9.0,
            spread: 2.0,
            color: RED,
        }],
        clip: true,
        transform: Vec::new(),
    }
}

#[test]
fn opacity_layers_hold_everything_the_subtree_paints() {
    // A translucent box whose subtree reaches far outside it: a shadow, a
    // rotated absolute child with its own shadow, an overflowing line of
    // text, a clipping box. At opacity ½ every pixel has half the alpha it
    // has at 1: the layer cut nothing.
    let build = |opacity: f32, kids: &[u32]| {
        let mut s = one_box(
            400,
            300,
            40.0,
            40.0,
            sized(120.0, 80.0),
            Paint {
                opacity,
                ..paint_big()
            },
        );
        s.nodes[1].paint.clip = false;
        s.nodes[1].paint.transform = vec![Transform::Rotate(-10.0)];
        s.nodes[1].children = kids.to_vec();
        let mut far = node(Style {
            position: Position::Absolute,
            inset: Rect {
                left: length(200.0),
                top: length(120.0),
                right: auto(),
                bottom: auto(),
            },
            ..sized(60.0, 30.0)
        });
        far.paint = Paint {
            transform: vec![Transform::Rotate(30.0), Transform::Scale(1.5, 0.5)],
            shadows: vec![Shadow {
                x: 10.0,
                y: -6.0,
                blur: 16.0,
                spread: 3.0,
                color: BLUE,
            }],
            ..filled(GREEN)
        };
        let mut line = node(Style {
            flex_shrink: 0.0,
            ..sized(50.0, 25.0)
        });
        let mut t = text("A line far wider than its box", 20.0, 1.25);
        t.wrap = Wrap::None;
        t.decoration.underline = true;
        line.content = Content::Text(t);
        let mut clipper = with_kids(node(sized(30.0, 30.0)), &[5]);
        clipper.paint.clip = true;
        let mut big = node(Style {
            flex_shrink: 0.0,
            ..sized(90.0, 90.0)
        });
        big.paint = filled(WHITE);
        s.nodes.extend([far, line, clipper, big]);
        s
    };
    // All of it, and the line alone (the others' extents would hide a
    // text extent too small).
    for kids in [&[2, 3, 4][..], &[3]] {
        let full = render(&build(1.0, kids));
        let half = render(&build(0.5, kids));
        let mut painted = 0;
        for (f, h) in full.pixels().iter().zip(half.pixels()) {
            let want = u32::from(f.alpha()).div_ceil(2);
            assert!(
                (i64::from(h.alpha()) - i64::from(want)).abs() <= 1,
                "{kids:?}: {f:?} vs {h:?}"
            );
            painted += usize::from(f.alpha() > 0);
        }
        assert!(painted > 10_000, "{painted}");
    }
    // The line overflows its box by far.
    let l = layout_scene(&build(1.0, &[3]), &Fonts);
    assert_eq!(l.nodes[3].border_box.width, 50.0);
}

#[test]
fn gradients_to_a_corner_aim_at_the_diagonal_of_the_box() {
    use super::background::corner_angle;
    // A square: 45° multiples.
    assert!((corner_angle(true, false, 100.0, 100.0) - 45.0).abs() < 1e-4);
    assert!((corner_angle(true, true, 100.0, 100.0) - 135.0).abs() < 1e-4);
    assert!((corner_angle(false, true, 100.0, 100.0) - 225.0).abs() < 1e-4);
    assert!((corner_angle(false, false, 100.0, 100.0) - 315.0).abs() < 1e-4);
    // A wide card: `to top right` points nearly up (CSS: atan(h / w)).
    let a = corner_angle(true, false, 1200.0, 630.0);
    assert!(
        (a - libm::atan2f(630.0, 1200.0).to_degrees()).abs() < 1e-4,
        "{a}"
    );
    assert!(a < 30.0);
    // So the two corners beside the named one get the same colour: the
    // top-left and bottom-right corners project to the same point.
    let (w, h) = (1200.0f32, 630.0f32);
    let t = (180.0 - a).to_radians(); // to bottom right
    let b = corner_angle(true, true, w, h).to_radians();
    assert!((t - b).abs() < 1e-5);
    let dir = (libm::sinf(b), -libm::cosf(b));
    let proj = |x: f32, y: f32| x * dir.0 + y * dir.1;
    assert!((proj(w, 0.0) - proj(0.0, h)).abs() < 1e-2);
}
