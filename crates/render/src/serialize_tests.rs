//! The `serde` feature: what the edge layer's canonical forms are built from.

use alloc::string::{String, ToString};
use alloc::vec;

use crate::{Align, ArtSpec, Charset, Curve, HeartSpec, Rgba, Style, TextSpec, VAlign, Wrap};

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serializes")
}

/// `"name"`, as JSON.
fn quoted(name: &str) -> String {
    alloc::format!("\"{name}\"")
}

#[test]
fn colours_are_their_hex_string() {
    assert_eq!(json(&Rgba::new(0xe0, 0x24, 0x5e, 0x80)), r##""#e0245e80""##);
    assert_eq!(json(&Rgba::TRANSPARENT), r##""#00000000""##);
    assert_eq!(json(&Rgba::rgb(0xffffff)), r##""#ffffffff""##);
}

#[test]
fn enums_are_their_query_names() {
    for v in [Align::Left, Align::Center, Align::Right] {
        assert_eq!(json(&v), quoted(v.name()));
    }
    for v in [VAlign::Top, VAlign::Middle, VAlign::Bottom] {
        assert_eq!(json(&v), quoted(v.name()));
    }
    for v in [Wrap::Word, Wrap::Char, Wrap::None] {
        assert_eq!(json(&v), quoted(v.name()));
    }
    for v in [Style::Filled, Style::Outline, Style::Gradient] {
        assert_eq!(json(&v), quoted(v.name()));
    }
    for v in [Curve::Parametric, Curve::Implicit] {
        assert_eq!(json(&v), quoted(v.name()));
    }
    for v in [Charset::Blocks, Charset::Ascii] {
        assert_eq!(json(&v), quoted(v.name()));
    }
}

#[test]
fn specs_serialize_field_by_field() {
    let heart = HeartSpec {
        size: 256,
        dpr: 2.0,
        color: Rgba::rgb(0xe0245e),
        bg: Rgba::TRANSPARENT,
        style: Style::Outline,
        stroke: 3.5,
        curve: Curve::Implicit,
    };
    assert_eq!(
        json(&heart),
        r##"{"size":256,"dpr":2.0,"color":"#e0245eff","bg":"#00000000","style":"outline","stroke":3.5,"curve":"implicit"}"##
    );
    let art = ArtSpec {
        cols: 40,
        rows: 20,
        charset: Charset::Ascii,
        curve: Curve::Parametric,
    };
    assert_eq!(
        json(&art),
        r#"{"cols":40,"rows":20,"charset":"ascii","curve":"parametric"}"#
    );
    let text = TextSpec {
        text: "Hi \"there\"\n你好".to_string(),
        chain: vec![0, 4],
        sizes: vec![48.0, 24.5],
        width: Some(300),
        max_lines: Some(2),
        fit: true,
        align: Align::Center,
        ..TextSpec::default()
    };
    assert_eq!(
        json(&text),
        r##"{"text":"Hi \"there\"\n你好","chain":[0,4],"size":32.0,"sizes":[48.0,24.5],"color":"#000000ff","bg":"#ffffffff","width":300,"height":null,"padding":0,"align":"center","valign":"top","line_height":1.25,"wrap":"word","max_lines":2,"fit":true,"dpr":1.0}"##
    );
}
