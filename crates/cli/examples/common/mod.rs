//! What the benches share: the corpus decks they time.

#![allow(dead_code)]

use std::path::PathBuf;

/// The community-call decks of the corpus named by the first argument
/// (default `../shared/corpus`): `(file name, text)`, sorted by name.
pub(crate) fn corpus_decks() -> Vec<(String, String)> {
    let dir = calls_dir();
    let mut decks: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    decks.sort();
    decks
}

/// The corpus's `scs-community-call` folder (first argument, default
/// `../shared/corpus`).
pub(crate) fn calls_dir() -> PathBuf {
    std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"))
        .join("scs-community-call")
}
