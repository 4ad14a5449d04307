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

/// Runs every file of `fuzz/<folder>/<target>/` through the target's
/// body; panics naming those that failed. Returns how many ran.
fn replay(folder: &str, target: &str) -> usize {
    let body = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|&(_, body)| body)
        .expect("a target in the list");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder)
        .join(target);
    let inputs = files(&dir);
    let mut failed = Vec::new();
    for file in &inputs {
        let data = std::fs::read(file).expect("a readable input");
        if std::panic::catch_unwind(|| body(&data)).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} inputs failed:\n{}",
        failed.len(),
        inputs.len(),
        failed.join("\n")
    );
    inputs.len()
}

/// One test per target (so that they run in parallel): its whole corpus,
/// which must not be empty (an empty folder would pass without replaying
/// anything), then its crashers.
macro_rules! replays {
    ($($target:ident),* $(,)?) => {
        $(
            #[test]
            fn $target() {
                assert!(replay("corpus", stringify!($target)) > 0, "no corpus");
                replay("regressions", stringify!($target));
            }
        )*

        /// The targets the tests above replay.
        const REPLAYED: &[&str] = &[$(stringify!($target)),*];
    };
}

replays!(
    query,
    json_body,
    scene,
    css,
    color,
    text_layout,
    image,
    render_get
);

/// Every target has a `cargo fuzz` file calling its body and a replay
/// test, and no file calls a body missing from the list.
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
    let mut replayed: Vec<String> = REPLAYED.iter().map(|n| (*n).to_owned()).collect();
    replayed.sort();
    assert_eq!(replayed, listed);
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
