//! Golden images of the templates (`templates/*.json`, `/og/<name>.png`):
//! each in both themes with its defaults, long titles (shrunk, then
//! clamped), and the optional parts; one line per case, references in
//! `tests/images/templates/`.

use crate::image::golden_png;
use crate::{fetch, get};

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// A whole 1200×630 card.
const CARD_LIMITS: (u32, u32, usize) = (1200, 630, 160 * 1024);

/// `/og/<template>.png?<query>` against `tests/images/templates/<case>.png`;
/// nothing in it is reported unsupported or missing.
fn case(case: &str, template: &str, query: &str) {
    let path = format!("/og/{template}.png");
    let reply = get(&path, query);
    assert_eq!(reply.header("x-unsupported-style"), None, "{case}");
    assert_eq!(reply.header("x-missing-glyphs"), Some("0"), "{case}");
    let body = fetch(&path, query, "image/png");
    golden_png("templates", case, &body, CARD_LIMITS, TOLERANCE);
}

macro_rules! cases {
    ($($test:ident: $template:literal $query:literal;)*) => {
        $(
            #[test]
            fn $test() {
                case(&stringify!($test).replace('_', "-"), $template, $query);
            }
        )*
    };
}

cases! {
    blog_light: "blog" "";
    blog_dark: "blog" "theme=dark";
    blog_avatar: "blog" "avatar=portrait-1.png&accent=%23f97316&title=How%20we%20cut%20cold%20starts%20in%20half";
    blog_long_title: "blog" "theme=dark&title=A%20very%20long%20title%20about%20rendering%20share%20cards%20at%20the%20edge%2C%20with%20fonts%20for%20every%20script%20and%20nothing%20fetched%20at%20render%20time%20nor%20ever%20cached%20twice";
    product_light: "product" "";
    product_dark: "product" "theme=dark&badge=&was=&price=%2499%2Fmo&name=Edge%20Render%20Pro&tagline=Unlimited%20cards%2C%20every%20script%2C%20no%20cold%20starts.";
    quote_light: "quote" "";
    quote_dark: "quote" "theme=dark&avatar=portrait-2.png&role=";
    quote_long: "quote" "quote=The%20purpose%20of%20abstraction%20is%20not%20to%20be%20vague%2C%20but%20to%20create%20a%20new%20semantic%20level%20in%20which%20one%20can%20be%20absolutely%20precise.%20Computer%20science%20is%20no%20more%20about%20computers%20than%20astronomy%20is%20about%20telescopes%2C%20they%20say.";
    event_dark: "event" "";
    event_light: "event" "theme=light&accent=%237c3aed&place=&cta=";
    event_long_title: "event" "title=The%20annual%20gathering%20of%20people%20who%20render%20images%20at%20the%20edge%20of%20the%20network%2C%20now%20in%20its%20fifth%20year";
    article_zh_light: "article-zh" "";
    article_zh_dark: "article-zh" "theme=dark&summary=";
    article_zh_long_title: "article-zh" "title=%E5%9C%A8%E8%BE%B9%E7%BC%98%E6%B8%B2%E6%9F%93%E5%88%86%E4%BA%AB%E5%8D%A1%E7%89%87%EF%BC%9A%E6%AF%AB%E7%A7%92%E7%BA%A7%E7%9A%84%E4%B8%AD%E6%96%87%E6%8E%92%E7%89%88%EF%BC%8C%E6%A0%87%E7%82%B9%E4%B8%8D%E5%87%BA%E7%8E%B0%E5%9C%A8%E8%A1%8C%E9%A6%96%EF%BC%8C%E6%8B%AC%E5%8F%B7%E4%B8%8D%E7%95%99%E5%9C%A8%E8%A1%8C%E5%B0%BE%EF%BC%8C%E5%AD%97%E4%BD%93%E9%9A%8F%E6%9E%84%E5%BB%BA%E5%B5%8C%E5%85%A5%EF%BC%8C%E6%B8%B2%E6%9F%93%E6%97%B6%E4%B8%8D%E9%9C%80%E8%A6%81%E4%BB%BB%E4%BD%95%E7%BD%91%E7%BB%9C%E8%AF%B7%E6%B1%82";
}
