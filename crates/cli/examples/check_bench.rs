//! Benchmark: `decktype check` of the whole corpus in one process.
//!
//! ```text
//! cargo run --release -p decktype --example check_bench -- [CORPUS_DIR]
//! ```
//!
//! Reads every deck of `CORPUS_DIR/scs-community-call` (default
//! `../shared/corpus`) once, then times checking all of them (parse,
//! semantic pass, schema validation, structure rules, levels): the first
//! pass (which compiles the profile's and the schema's patterns) and the
//! median of 21 passes. Not a test: numbers go to BENCHMARKS.md.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let dir = corpus.join("scs-community-call");
    let mut decks: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    decks.sort();
    let config = decktype_check::Config::default();
    let pass = || {
        let options = decktype_pipeline::Options::default();
        let mut n = 0;
        for (path, text) in &decks {
            let (_, d) = decktype_check::check_source(text, Some(path), &options, &config);
            n += d.len();
        }
        n
    };
    let t = Instant::now();
    let found = black_box(pass());
    let first = t.elapsed();
    let mut times: Vec<Duration> = (0..21)
        .map(|_| {
            let t = Instant::now();
            black_box(pass());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "check of {} decks ({found} diagnostics): first pass {:.1} ms, median {:.1} ms (min {:.1}, max {:.1})",
        decks.len(),
        first.as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3
    );
}
