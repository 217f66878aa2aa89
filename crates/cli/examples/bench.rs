//! Benchmark: parse + JSON of the corpus, and scaling to large decks.
//!
//! ```text
//! cargo run --release -p decktype --example bench -- [CORPUS_DIR]
//! ```
//!
//! Reports the per-deck median of parse + JSON serialisation over every deck in
//! `CORPUS_DIR/scs-community-call` (default `../shared/corpus`), then the time
//! for synthetic decks of 0.1, 1, 4 and 10 MB built by concatenating the corpus
//! decks as vertical slides, and the peak resident memory. Not a test: numbers
//! go to stdout for BENCHMARKS.md.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use decktype_format::Envelope;

fn parse_and_json(source: &str) -> usize {
    let parsed = decktype_parse::parse(source, &Default::default());
    let envelope = Envelope::new(Some("deck.md"), source, parsed.deck, &parsed.diagnostics);
    envelope.to_json_line().len()
}

/// Parse, semantic pass, JSON: what `decktype parse` does.
fn parse_semantics_and_json(source: &str, options: &decktype_semantics::Options) -> usize {
    let mut parsed = decktype_parse::parse(source, &Default::default());
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, options));
    let envelope = Envelope::new(Some("deck.md"), source, parsed.deck, &parsed.diagnostics);
    envelope.to_json_line().len()
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let decks = common::corpus_decks();
    // Warm up.
    for (_, d) in &decks {
        black_box(parse_and_json(d));
    }
    let mut per_deck: Vec<(Duration, usize, &str)> = decks
        .iter()
        .map(|(name, d)| {
            (
                median(51, || {
                    black_box(parse_and_json(d));
                }),
                d.len(),
                name.as_str(),
            )
        })
        .collect();
    per_deck.sort();
    let total_bytes: usize = decks.iter().map(|(_, d)| d.len()).sum();
    let total_time: Duration = per_deck.iter().map(|t| t.0).sum();
    let med = per_deck[per_deck.len() / 2];
    println!("corpus: {} decks, {} KiB", decks.len(), total_bytes / 1024);
    println!(
        "parse+JSON per deck: median {:.3} ms ({} bytes, {}), min {:.3} ms, max {:.3} ms ({} bytes, {})",
        med.0.as_secs_f64() * 1e3,
        med.1,
        med.2,
        per_deck[0].0.as_secs_f64() * 1e3,
        per_deck.last().unwrap().0.as_secs_f64() * 1e3,
        per_deck.last().unwrap().1,
        per_deck.last().unwrap().2
    );
    // The semantic pass is measured interleaved with parse+JSON, deck by
    // deck (A B A B ...), so that both see the same machine state: on a
    // shared machine, two separate runs differ by more than the pass costs.
    let mut without_total = Duration::ZERO;
    let mut with: Vec<Duration> = Vec::new();
    for (name, d) in &decks {
        // Each deck with its own file name, as `decktype parse` reads it.
        let options = decktype_semantics::Options::new(Some(name), None);
        let mut a = Vec::with_capacity(51);
        let mut b = Vec::with_capacity(51);
        for _ in 0..51 {
            let t = Instant::now();
            black_box(parse_and_json(d));
            a.push(t.elapsed());
            let t = Instant::now();
            black_box(parse_semantics_and_json(d, &options));
            b.push(t.elapsed());
        }
        a.sort();
        b.sort();
        without_total += a[a.len() / 2];
        with.push(b[b.len() / 2]);
    }
    with.sort();
    let with_total: Duration = with.iter().sum();
    println!(
        "with the semantic pass: median {:.3} ms per deck; whole corpus {:.2} ms, +{:.0}% over parse+JSON",
        with[with.len() / 2].as_secs_f64() * 1e3,
        with_total.as_secs_f64() * 1e3,
        (with_total.as_secs_f64() / without_total.as_secs_f64() - 1.0) * 100.0
    );
    println!(
        "whole corpus, one after another: {:.2} ms ({:.1} MB/s)",
        total_time.as_secs_f64() * 1e3,
        total_bytes as f64 / total_time.as_secs_f64() / 1e6
    );

    // Scaling: concatenate corpus decks (as vertical slides) up to the size.
    println!("\nscaling (one deck of the given size):");
    println!(
        "{:>10} {:>8} {:>12} {:>10}",
        "size", "slides", "time", "MB/s"
    );
    for target in [100_000usize, 1_000_000, 4_000_000, 10_000_000] {
        let mut big = String::from("---\ntype: slide\n---\n\n");
        'fill: loop {
            for (_, d) in &decks {
                let body = d.split_once("\n---\n").map_or(d.as_str(), |(_, rest)| rest);
                big.push_str(body);
                big.push_str("\n\n----\n\n");
                if big.len() >= target {
                    break 'fill;
                }
            }
        }
        let runs = if target >= 4_000_000 { 5 } else { 11 };
        let slides = decktype_parse::parse(&big, &Default::default())
            .deck
            .slides
            .len();
        let t = median(runs, || {
            black_box(parse_and_json(&big));
        });
        println!(
            "{:>8.1}MB {:>8} {:>10.1}ms {:>10.1}",
            big.len() as f64 / 1e6,
            slides,
            t.as_secs_f64() * 1e3,
            big.len() as f64 / t.as_secs_f64() / 1e6
        );
    }
    if let Some(kib) = peak_rss_kib() {
        println!("\npeak resident memory: {} MiB", kib / 1024);
    }
}
