//! Replays the fuzz corpus and every crasher the fuzzers found, on stable,
//! through the very bodies the `cargo fuzz` targets run
//! (`fuzz/src/lib.rs`, included here): `fuzz/corpus/<target>/*` (the
//! minimised corpus) and `fuzz/regressions/<target>/*` (each crasher,
//! kept after its fix). A body panics on a bug: a panic below it, or an
//! answer through the serve path that is not a 2xx or a 4xx. FUZZING.md
//! says how the corpus was made.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod bodies;

use bodies::TARGETS;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.expect("a directory entry").path())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.retain(|p| p.is_file());
    out.sort();
    out
}

/// Runs every file of `folder/<target>/` through its target's body; the
/// names of those that panicked, and how many ran.
fn replay(folder: &str) -> (Vec<String>, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut failed = Vec::new();
    let mut ran = 0;
    for &(name, body) in TARGETS {
        for file in files(&root.join(name)) {
            let data = std::fs::read(&file).expect("a readable input");
            ran += 1;
            if std::panic::catch_unwind(|| body(&data)).is_err() {
                failed.push(format!("{name}: {}", file.display()));
            }
        }
    }
    (failed, ran)
}

#[test]
fn every_corpus_input_answers_without_a_panic() {
    let (failed, ran) = replay("corpus");
    assert!(
        failed.is_empty(),
        "{} of {ran} inputs failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    // Every target has a committed corpus: an empty folder would make this
    // test pass without replaying anything.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for &(name, _) in TARGETS {
        assert!(!files(&root.join(name)).is_empty(), "no corpus for {name}");
    }
}

#[test]
fn every_crasher_found_answers_without_a_panic() {
    let (failed, _) = replay("regressions");
    assert!(
        failed.is_empty(),
        "{} crashers fail again:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// Every target has a `cargo fuzz` file calling its body, and no file
/// calls a body missing from the list the replay walks.
#[test]
fn the_replay_covers_every_fuzz_target() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = files(&dir)
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
#[should_panic(expected = "status 500")]
fn a_server_error_fails_a_body() {
    bodies::assert_answer(500, "GET /");
}

#[test]
fn a_clamped_url_keeps_what_it_does_not_size() {
    assert_eq!(
        bodies::clamp_url("/heart.png?size=2048&color=red&dpr=3"),
        "/heart.png?size=48&color=red&dpr=1.5"
    );
    assert_eq!(bodies::clamp_url("/text?text=a%26b"), "/text?text=a%26b");
}
