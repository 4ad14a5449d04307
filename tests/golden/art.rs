//! Text-art golden files: references in `tests/art/<case>.txt`, compared
//! exactly, plus checks that the text is a well-formed, recognisable heart.

use crate::{fetch, tests_dir};

/// Renders `/heart.txt?query`, checks its shape, and compares it with the
/// reference of `case` (or writes it with `BLESS=1`).
fn art(case: &str, query: &str, cols: usize, rows: usize, full: char) {
    let body = fetch("/heart.txt", query, "text/plain; charset=utf-8");
    let text = String::from_utf8(body).expect("text art is UTF-8");
    check_shape(&text, cols, rows, full);
    let reference = tests_dir("art").join(format!("{case}.txt"));
    let Some(stored) =
        crate::reference(case, &reference, text.as_bytes(), |s| s == text.as_bytes())
    else {
        return;
    };
    let stored = String::from_utf8_lossy(&stored);
    assert!(
        stored == text,
        "{case}: differs from {}\n--- expected\n{stored}--- actual\n{text}",
        reference.display()
    );
}

/// `rows` lines of exactly `cols` characters, each ending in `\n`; the
/// fullest character in the middle, blank top corners, a dip between the
/// lobes, a tip narrower than the lobes.
fn check_shape(text: &str, cols: usize, rows: usize, full: char) {
    assert!(text.ends_with('\n'), "no final newline:\n{text}");
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    assert_eq!(lines.len(), rows, "rows:\n{text}");
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l.len(), cols, "line {i} width:\n{text}");
    }
    assert_eq!(
        lines[rows / 2][cols / 2],
        full,
        "the centre is not full:\n{text}"
    );
    for corner in [lines[0][0], lines[0][cols - 1]] {
        assert_eq!(corner, ' ', "a top corner is not blank:\n{text}");
    }
    let width = |l: &Vec<char>| l.iter().filter(|&&c| c != ' ').count();
    let widest_upper = lines[..rows / 2].iter().map(width).max().unwrap_or(0);
    let bottom = lines.iter().rev().find(|l| width(l) > 0).expect("some ink");
    assert!(
        width(bottom) < widest_upper,
        "the bottom ({}) is not narrower than the lobes ({widest_upper}):\n{text}",
        width(bottom)
    );
    // The lobes: the top inked row is not full in the middle (the dip).
    let top = lines.iter().find(|l| width(l) > 0).expect("some ink");
    assert_ne!(top[cols / 2], full, "no dip between the lobes:\n{text}");
}

#[test]
fn blocks_implicit_default() {
    art("blocks-implicit-40x20", "", 40, 20, '█');
}

#[test]
fn blocks_parametric() {
    art(
        "blocks-parametric-32x16",
        "cols=32&rows=16&curve=parametric",
        32,
        16,
        '█',
    );
}

#[test]
fn ascii_implicit() {
    art(
        "ascii-implicit-32x16",
        "cols=32&rows=16&charset=ascii",
        32,
        16,
        '@',
    );
}

#[test]
fn ascii_parametric() {
    art(
        "ascii-parametric-40x20",
        "charset=ascii&curve=parametric",
        40,
        20,
        '@',
    );
}

#[test]
fn ascii_wide() {
    art(
        "ascii-implicit-60x12",
        "cols=60&rows=12&charset=ascii",
        60,
        12,
        '@',
    );
}

#[test]
fn blocks_small() {
    art("blocks-implicit-16x8", "cols=16&rows=8", 16, 8, '█');
}
