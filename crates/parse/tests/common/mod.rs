//! Shared helpers for tests that use the real corpus in `../shared/corpus`.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

/// The corpus folder: `$DECKTYPE_CORPUS`, or `../shared/corpus` beside the
/// workspace. `None` (and a message on stderr) when it is absent, so tests that
/// need it can skip.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("DECKTYPE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    if dir.join("hedgedoc-structure.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: corpus not found at {} (set DECKTYPE_CORPUS to run the corpus tests)",
            dir.display()
        );
        None
    }
}

/// Path of a deck named as in `hedgedoc-structure.json`.
pub fn deck_path(corpus: &std::path::Path, name: &str) -> PathBuf {
    if name.starts_with("seed-") {
        corpus.join(name)
    } else {
        corpus.join("scs-community-call").join(name)
    }
}

/// All `*.md` files in a folder of the corpus, sorted.
pub fn markdown_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus folder is readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}
