//! Golden images of the example cards (`examples/scenes/<card>.<shape>.json`,
//! written by `examples/scenes/make.mjs`): each card in both input shapes is
//! posted to `/render`; the two answers must be the same bytes and match
//! `tests/images/scenes/<card>.png`.

use edge_render::Request;

use crate::image::golden_png;
use crate::send;

/// Largest per-channel difference still counted as equal.
const TOLERANCE: u8 = 2;
/// A whole 1200×630 card; the largest (a full-canvas gradient) is ~100 KB.
const CARD_LIMITS: (u32, u32, usize) = (1200, 630, 128 * 1024);

fn card(name: &str, expected: Option<&str>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenes");
    let mut bodies = Vec::new();
    for shape in ["satori", "takumi"] {
        let body = std::fs::read(dir.join(format!("{name}.{shape}.json")))
            .unwrap_or_else(|e| panic!("{name}.{shape}.json: {e}"));
        let reply = send(&Request::post_json("/render", &body));
        assert_eq!(
            reply.status,
            200,
            "{name}.{shape}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.header("content-type"), Some("image/png"));
        assert_eq!(
            reply.header("x-unsupported-style"),
            expected,
            "{name}.{shape}: what is not drawn as asked"
        );
        let etag = reply.header("etag").map(str::to_owned);
        bodies.push((reply.body, etag));
    }
    assert!(bodies[0] == bodies[1], "{name}: the two shapes differ");
    golden_png("scenes", name, &bodies[0].0, CARD_LIMITS, TOLERANCE);
}

/// One test per card: `test_name: "card" [=> "X-Unsupported-Style"]`. The
/// header is what the card asks for that is not drawn as asked yet — each
/// entry documented in the README: the CJK faces have no bold
/// (`fontWeight:700:fallback`), italics are drawn upright
/// (`fontStyle:italic`), and inline runs are drawn in their block's style
/// (`inline:color`, `inline:fontWeight`). When one of them becomes drawn,
/// its entry goes and the card's golden is blessed again.
macro_rules! cards {
    ($($test:ident: $name:literal $(=> $unsupported:literal)?;)*) => {
        $(
            #[test]
            fn $test() {
                card($name, cards!(@header $($unsupported)?));
            }
        )*
        /// Every card with a test above.
        const CARDS: &[&str] = &[$($name),*];
    };
    (@header) => { None };
    (@header $u:literal) => { Some($u) };
}

cards! {
    article: "article" => "inline:color";
    avatar_card: "avatar-card";
    blog_post: "blog-post";
    changelog: "changelog";
    cjk_article: "cjk-article" => "fontWeight:700:fallback";
    cjk_event: "cjk-event" => "fontWeight:700:fallback";
    docs_header: "docs-header";
    event: "event";
    github_repo: "github-repo" => "inline:color, inline:fontWeight";
    job_posting: "job-posting";
    multilingual: "multilingual" => "fontWeight:700:fallback, fontWeight:800:fallback";
    newsletter: "newsletter" => "fontStyle:italic";
    podcast: "podcast";
    pricing: "pricing";
    product: "product";
    product_launch: "product-launch" => "inline:color, inline:fontWeight";
    profile: "profile";
    quote: "quote";
    shop_price: "shop-price";
    speaker: "speaker" => "fontStyle:italic";
    stats_dashboard: "stats-dashboard";
    status_banner: "status-banner";
    testimonial: "testimonial" => "inline:color, inline:fontWeight";
}

/// Every card in `examples/scenes/` has a test above, and the other way round.
#[test]
fn every_example_card_is_tested() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenes");
    let mut cards: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/scenes")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".satori.json").map(str::to_owned)
        })
        .collect();
    cards.sort();
    let mut tested: Vec<&str> = CARDS.to_vec();
    tested.sort_unstable();
    assert_eq!(
        cards, tested,
        "examples/scenes/*.satori.json and the cards! table"
    );
    assert!(cards.len() >= 20);
}
