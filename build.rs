//! Build script:
//! - the build id: a hash of every file that shapes the output (for ETags);
//! - the font registry: every font in `fonts/` must be listed in
//!   `fonts/LICENSES.tsv` with an existing licence file; the embedded faces
//!   must fit the size budget; the generated `$OUT_DIR/fonts.rs` describes
//!   each face — family, weight, style, role, tier, place, size, hash and
//!   the Unicode ranges its cmap covers (so fallback needs no parsing at run
//!   time) — and embeds it with `include_bytes!`, except, in the wasm, a
//!   face placed `asset` (a Workers Static Asset fetched on first use);
//! - the asset registry: every image in `assets/` must be listed in
//!   `assets/LICENSES.tsv` with an existing open licence file, be a PNG or a
//!   JPEG by its bytes and its name, and fit the asset budget; the generated
//!   `$OUT_DIR/assets.rs` embeds each with `include_bytes!`, sorted by name;
//! - the template registry: every `templates/*.json` must parse and pass
//!   `src/templates/def.rs`'s checks (slots, parameters, assets, font
//!   families); `$OUT_DIR/templates.rs` holds each as static tables.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/hash.rs"]
mod hash;
#[allow(dead_code)]
#[path = "src/templates/def.rs"]
mod template_def;

/// Largest total of embedded font bytes (faces placed `embed`; the
/// `asset` ones are static assets, outside the script limit). Cloudflare's
/// free plan allows a 3 MB (gzip) upload, which `scripts/test.sh` checks on
/// the built worker; fonts barely compress, so this keeps room for code:
/// 1,751,452 bytes are embedded today (1,061,895 gzip -9), the worker's
/// wasm ~1.5 MB gzip. `EDGE_RENDER_FONT_BUDGET` raises it for the paid
/// plan's 10 MB (move faces from `asset` to `embed` in
/// `fonts/LICENSES.tsv`).
const DEFAULT_FONT_BUDGET: u64 = 1_900_000;

/// Largest total of embedded image bytes (`assets/`): they share the upload
/// with the fonts. `EDGE_RENDER_ASSET_BUDGET` raises it.
const DEFAULT_ASSET_BUDGET: u64 = 256 * 1024;

/// Headings of the licences an asset may have (its licence file must
/// contain one).
const ASSET_LICENCES: &[&str] = &[
    "CC0 1.0 Universal",
    "Creative Commons Attribution",
    "SIL OPEN FONT LICENSE",
    "Apache License",
    "MIT License",
];

fn main() {
    println!("cargo:rerun-if-env-changed=EDGE_RENDER_FONT_BUDGET");
    println!("cargo:rerun-if-env-changed=EDGE_RENDER_ASSET_BUDGET");
    build_id();
    let families = font_registry();
    let assets = asset_registry();
    template_registry(&assets, &families);
}

fn build_id() {
    let mut files = Vec::new();
    for dir in ["src", "crates/render/src", "fonts", "assets", "templates"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    for f in [
        "Cargo.toml",
        "crates/render/Cargo.toml",
        "Cargo.lock",
        "rust-toolchain.toml",
    ] {
        println!("cargo:rerun-if-changed={f}");
        files.push(f.into());
    }
    files.sort();
    let contents: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            (
                f.to_string_lossy().into_owned(),
                fs::read(f).unwrap_or_default(),
            )
        })
        .collect();
    let h = hash::fnv1a(
        contents
            .iter()
            .flat_map(|(name, bytes)| [name.as_bytes(), bytes.as_slice()]),
    );
    println!("cargo:rustc-env=EDGE_RENDER_BUILD_ID={:012x}", h >> 16);
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Writes the font registry; returns the family names (for templates).
fn font_registry() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let table = fs::read_to_string(dir.join("LICENSES.tsv"))
        .unwrap_or_else(|e| panic!("fonts/LICENSES.tsv is required: {e}"));
    let budget: u64 = std::env::var("EDGE_RENDER_FONT_BUDGET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_FONT_BUDGET);

    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    // What parsing each face costs (heap bytes, measured by
    // examples/font_memory.rs; tests/font_memory.rs checks it stays true).
    // A face not measured yet is taken at 70× its size, the most any
    // measured one takes (the Arabic faces: ×67).
    let parse_table = fs::read_to_string(dir.join("parse-bytes.tsv")).unwrap_or_default();
    println!(
        "cargo:rerun-if-changed={}",
        dir.join("parse-bytes.tsv").display()
    );
    let parse_cost = |file: &str, size: usize| -> u64 {
        parse_table
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .find(|(f, _)| *f == file)
            .and_then(|(_, n)| n.trim().parse().ok())
            .unwrap_or_else(|| {
                println!("cargo:warning=fonts/parse-bytes.tsv has no {file}: run `cargo run --release --example font_memory -- --write`");
                size as u64 * 70
            })
    };
    let mut listed = Vec::new();
    let mut out =
        String::from("// Generated by build.rs from fonts/LICENSES.tsv. Do not edit.\n\n");
    out.push_str("/// Every embedded face, in registry order (face id = index).\npub static FACES: &[FaceInfo] = &[\n");
    let mut total = 0u64;
    let mut families: Vec<String> = Vec::new();
    for (n, line) in table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, licence, family, weight, role, tier, style, place) = match cols[..] {
            [a, b, c, d, e, f, g] => (a, b, c, d, e, f, g, "embed"),
            [a, b, c, d, e, f, g, h] => (a, b, c, d, e, f, g, h),
            _ => panic!(
                "fonts/LICENSES.tsv line {}: expected 8 tab-separated columns (file, licence, family, weight, role, tier, style, place)",
                n + 1
            ),
        };
        if !families.iter().any(|f| f == family) {
            families.push(family.to_owned());
        }
        let asset = match place {
            "embed" => false,
            "asset" => true,
            _ => panic!("font {file}: place {place:?} (embed or asset)"),
        };
        let path = dir.join(file);
        let licence_path = dir.join(licence);
        assert!(
            licence_path.is_file(),
            "font {file}: licence file fonts/{licence} is missing"
        );
        let licence_text = fs::read_to_string(&licence_path).unwrap_or_default();
        assert!(
            licence_text.contains("SIL OPEN FONT LICENSE")
                || licence_text.contains("Apache License"),
            "font {file}: fonts/{licence} is neither the OFL nor the Apache licence"
        );
        let data =
            fs::read(&path).unwrap_or_else(|e| panic!("font {file} listed but unreadable: {e}"));
        if !asset {
            total += data.len() as u64;
        }
        let face = ttf_parser::Face::parse(&data, 0).unwrap_or_else(|e| panic!("font {file}: {e}"));
        let ranges = coverage(&face);
        let weight: u16 = weight
            .parse()
            .unwrap_or_else(|_| panic!("font {file}: weight {weight:?}"));
        let tier: u8 = tier
            .parse()
            .unwrap_or_else(|_| panic!("font {file}: tier {tier:?}"));
        let italic = match style {
            "normal" => false,
            "italic" => true,
            _ => panic!("font {file}: style {style:?} (normal or italic)"),
        };
        // The table's weight and style are the font's own (OS/2 weight
        // class, fsSelection ITALIC): face matching trusts them.
        assert_eq!(
            face.weight().to_number(),
            weight,
            "font {file}: fonts/LICENSES.tsv says weight {weight}, the font's OS/2 says otherwise"
        );
        assert_eq!(
            face.is_italic(),
            italic,
            "font {file}: fonts/LICENSES.tsv says style {style}, the font says otherwise"
        );
        // CSS `line-height: normal`: the face's hhea ascender − descender +
        // line gap, in ems (what browsers, satori and Takumi use).
        let em = f32::from(face.units_per_em());
        let line_height = (f32::from(face.ascender()) - f32::from(face.descender())
            + f32::from(face.line_gap()))
            / em;
        let chars: u32 = ranges.iter().map(|(a, b)| b - a + 1).sum();
        let id = listed.len();
        // An asset face is left out of the worker (it is uploaded as a
        // static asset and fetched on first use); native builds (the CLI,
        // the tests) embed every face.
        let bytes = if asset && wasm {
            "&[]".to_owned()
        } else {
            format!("include_bytes!({:?})", path.display().to_string())
        };
        let _ = writeln!(
            out,
            "    FaceInfo {{ id: {id}, file: {file:?}, family: {family:?}, weight: {weight}, italic: {italic}, role: {role:?}, tier: {tier}, chars: {chars}, line_height: {line_height:?}, asset: {asset}, size: {}, parse_bytes: {}, hash: 0x{:016x}, data: {bytes}, ranges_coded: &{:?} }},",
            data.len(),
            parse_cost(file, data.len()),
            hash::fnv1a([data.as_slice()]),
            varint_ranges(&ranges)
        );
        println!("cargo:rerun-if-changed={}", path.display());
        listed.push(file.to_owned());
    }
    out.push_str("];\n");

    // Every font file in fonts/ must be listed (and so licensed).
    for e in fs::read_dir(&dir).expect("fonts/ exists").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let lower = name.to_ascii_lowercase();
        if [".ttf", ".otf", ".ttc", ".woff", ".woff2"]
            .iter()
            .any(|x| lower.ends_with(x))
        {
            assert!(
                listed.contains(&name),
                "fonts/{name} has no entry (and so no licence) in fonts/LICENSES.tsv"
            );
        }
    }
    assert!(
        total <= budget,
        "embedded fonts total {total} bytes, over the budget of {budget} (set EDGE_RENDER_FONT_BUDGET to raise it)"
    );
    let _ = writeln!(
        out,
        "\n/// Total bytes of the faces the worker embeds (`place` embed).\npub const FONT_BYTES: u64 = {total};"
    );
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("fonts.rs");
    fs::write(dest, out).expect("write fonts.rs");
    families
}

/// Writes the asset registry; returns the asset names (for templates).
fn asset_registry() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let table = fs::read_to_string(dir.join("LICENSES.tsv"))
        .unwrap_or_else(|e| panic!("assets/LICENSES.tsv is required: {e}"));
    let budget: u64 = std::env::var("EDGE_RENDER_ASSET_BUDGET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ASSET_BUDGET);

    let mut assets: Vec<(String, PathBuf)> = Vec::new();
    let mut licences: Vec<String> = Vec::new();
    let mut total = 0u64;
    for (n, line) in table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, licence, source] = cols[..] else {
            panic!(
                "assets/LICENSES.tsv line {}: expected 3 tab-separated columns (file, licence file, source)",
                n + 1
            );
        };
        assert!(
            !source.trim().is_empty(),
            "asset {file}: assets/LICENSES.tsv names no source"
        );
        assert!(
            !file.is_empty() && !file.contains(['/', '\\', ':']) && !file.starts_with('.'),
            "asset {file:?}: the name must be a plain file name in assets/ (the folder is flat)"
        );
        assert!(
            !assets.iter().any(|(name, _)| name == file),
            "asset {file}: listed twice in assets/LICENSES.tsv"
        );
        let licence_text = fs::read_to_string(dir.join(licence))
            .unwrap_or_else(|e| panic!("asset {file}: licence file assets/{licence}: {e}"));
        assert!(
            ASSET_LICENCES.iter().any(|l| licence_text.contains(l)),
            "asset {file}: assets/{licence} is none of the accepted licences ({})",
            ASSET_LICENCES.join(", ")
        );
        let path = dir.join(file);
        let data =
            fs::read(&path).unwrap_or_else(|e| panic!("asset {file} listed but unreadable: {e}"));
        let lower = file.to_ascii_lowercase();
        let is_png = data.starts_with(b"\x89PNG\r\n\x1a\n");
        let is_jpeg = data.starts_with(&[0xFF, 0xD8, 0xFF]);
        if lower.ends_with(".png") {
            assert!(is_png, "asset {file}: named .png but is not a PNG");
        } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
            assert!(is_jpeg, "asset {file}: named .jpg/.jpeg but is not a JPEG");
        } else {
            panic!("asset {file}: only .png, .jpg and .jpeg images can be embedded");
        }
        total += data.len() as u64;
        println!("cargo:rerun-if-changed={}", path.display());
        assets.push((file.to_owned(), path));
        licences.push(licence.to_owned());
    }

    // Every file in assets/ must be accounted for: no unlicensed image.
    for e in fs::read_dir(&dir).expect("assets/ exists").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !e.path().is_dir(),
            "assets/{name}/: assets/ is flat, subfolders are not embedded"
        );
        assert!(
            name == "LICENSES.tsv"
                || name == "README.md"
                || licences.contains(&name)
                || assets.iter().any(|(a, _)| *a == name),
            "assets/{name} has no entry (and so no licence) in assets/LICENSES.tsv"
        );
    }
    assert!(
        total <= budget,
        "embedded assets total {total} bytes, over the budget of {budget} (set EDGE_RENDER_ASSET_BUDGET to raise it)"
    );

    assets.sort();
    let mut out =
        String::from("// Generated by build.rs from assets/LICENSES.tsv. Do not edit.\n\n");
    out.push_str(
        "/// Every embedded image as (name, bytes), sorted by name.\npub static ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &assets {
        let _ = writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "\n/// Total embedded image bytes.\npub const ASSET_BYTES: u64 = {total};"
    );
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("assets.rs");
    fs::write(dest, out).expect("write assets.rs");
    assets.into_iter().map(|(name, _)| name).collect()
}

/// The template registry: every `templates/*.json` is parsed and checked
/// (`src/templates/def.rs`: parameters, slots, assets, font families) —
/// a template that fails stops the build with the reason — and written
/// into `$OUT_DIR/templates.rs` as static tables ([`template_static`]),
/// sorted by name.
fn template_registry(assets: &[String], families: &[String]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let assets: Vec<&str> = assets.iter().map(String::as_str).collect();
    let families: Vec<&str> = families.iter().map(String::as_str).collect();
    let mut found: Vec<(String, String)> = Vec::new();
    for e in fs::read_dir(&dir).expect("templates/ exists").flatten() {
        let path = e.path();
        let file = e.file_name().to_string_lossy().into_owned();
        println!("cargo:rerun-if-changed={}", path.display());
        let Some(name) = file.strip_suffix(".json") else {
            assert!(
                file == "README.md",
                "templates/{file}: only NAME.json templates (and README.md) belong here"
            );
            continue;
        };
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "templates/{file}: a template name is a–z, 0–9 and -"
        );
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("templates/{file}: {e}"));
        let doc: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("templates/{file} is not valid JSON: {e}"));
        let def = template_def::parse(&doc)
            .and_then(|def| template_def::check_refs(&def, &assets, &families).map(|()| def))
            .unwrap_or_else(|e| panic!("templates/{file}: {e}"));
        found.push((name.to_owned(), template_static(name, &def)));
    }
    found.sort();
    let mut out = String::from("// Generated by build.rs from templates/*.json. Do not edit.\n\n");
    out.push_str("/// Every template, sorted by name.\npub static TEMPLATES: &[Template] = &[\n");
    for (_, code) in &found {
        out.push_str(code);
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("templates.rs");
    fs::write(dest, out).expect("write templates.rs");
}

/// A checked template as a `Template` of `src/templates/mod.rs`: its
/// parameters as static tables and its scene as compact JSON, so the
/// worker neither parses nor checks a definition (the header's JSON is
/// not embedded at all).
fn template_static(name: &str, def: &template_def::Def) -> String {
    use template_def::Kind;
    let mut params = String::new();
    for p in &def.params {
        let kind = match p.kind {
            Kind::Text => "Text",
            Kind::Colour => "Colour",
            Kind::Enum => "Enum",
            Kind::Number => "Number",
            Kind::Image => "Image",
        };
        let values: Vec<String> = p
            .values
            .iter()
            .map(|(v, vars)| format!("({v:?}, &{vars:?})"))
            .collect();
        let _ = write!(
            params,
            "ParamInfo {{ name: {:?}, kind: Kind::{kind}, description: {:?}, default: {:?}, max_length: {}, fit: &{:?}, values: &[{}], min: {:?}, max: {:?} }}, ",
            p.name,
            p.description,
            p.default,
            p.max_length,
            p.fit,
            values.join(", "),
            p.min,
            p.max
        );
    }
    let names: Vec<&str> = def.params.iter().map(|p| p.name.as_str()).collect();
    format!(
        "    Template {{ name: {name:?}, description: {:?}, scene: {:?}, params: &[{params}], names: &{names:?} }},\n",
        def.description,
        def.scene.to_string()
    )
}

/// Sorted, disjoint inclusive ranges as `fonts::FaceInfo::ranges_coded`
/// stores them: per range, LEB128 varints of its start's distance past the
/// previous range's end plus one (the first: from 0) and of its length
/// minus one. 13.7 KB for the 6,555 ranges of the faces, where (u32, u32)
/// pairs were 52 KB (the worker: 6.7 KB less gzip).
fn varint_ranges(ranges: &[(u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next = 0;
    for &(lo, hi) in ranges {
        for mut v in [lo - next, hi - lo] {
            while v >= 0x80 {
                out.push(v as u8 | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
        }
        next = hi + 1;
    }
    out
}

/// The face's cmap as sorted, merged inclusive ranges of code points.
fn coverage(face: &ttf_parser::Face) -> Vec<(u32, u32)> {
    let mut cps: Vec<u32> = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            if sub.is_unicode() {
                sub.codepoints(|cp| {
                    if sub.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        cps.push(cp);
                    }
                });
            }
        }
    }
    cps.sort_unstable();
    cps.dedup();
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for cp in cps {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == cp => *end = cp,
            _ => ranges.push((cp, cp)),
        }
    }
    ranges
}
