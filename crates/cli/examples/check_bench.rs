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

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    // Checked as files of that name, as `decktype check` sees them.
    let decks: Vec<(PathBuf, String)> = common::corpus_decks()
        .into_iter()
        .map(|(name, text)| (PathBuf::from(name), text))
        .collect();
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
