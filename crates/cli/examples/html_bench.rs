//! Benchmark: HTML export of the corpus.
//!
//! ```text
//! cargo run --release -p decktype --example html_bench -- [CORPUS_DIR]
//! ```
//!
//! Per deck (median of 21): the HTML export alone, images aside (a resolver
//! that reads nothing), from an already parsed and enriched deck. Then the
//! whole corpus with images embedded, in one process, one deck after another:
//! read, parse, semantics, export (images read and base64-encoded), without
//! and with writing the files. Not a test: numbers go to stdout.

mod common;

use std::time::{Duration, Instant};

use decktype_assets::Resolver;
use decktype_format::Envelope;

/// The deck as `decktype parse` reads it (the pipeline facade).
fn envelope(name: &str, text: &str) -> Envelope {
    decktype_pipeline::analyse(Some(name), text, &Default::default()).envelope
}

fn main() {
    let dir = common::calls_dir();
    let decks = common::corpus_decks();
    let envelopes: Vec<Envelope> = decks.iter().map(|(n, t)| envelope(n, t)).collect();
    let none = Resolver::none();
    let mut per_deck: Vec<(Duration, usize, &str)> = envelopes
        .iter()
        .zip(&decks)
        .map(|(e, (name, _))| {
            let mut times: Vec<Duration> = (0..21)
                .map(|_| {
                    let t = Instant::now();
                    let out = decktype_export_html::export(
                        e,
                        &decktype_export_html::Options { resolver: &none },
                    );
                    std::hint::black_box(out.html.len());
                    t.elapsed()
                })
                .collect();
            times.sort();
            let len =
                decktype_export_html::export(e, &decktype_export_html::Options { resolver: &none })
                    .html
                    .len();
            (times[times.len() / 2], len, name.as_str())
        })
        .collect();
    per_deck.sort();
    let med = per_deck[per_deck.len() / 2];
    let max = per_deck.last().unwrap();
    println!(
        "HTML export per deck, images aside: median {:.2} ms ({} KiB of HTML, {}), min {:.2} ms, max {:.2} ms ({})",
        med.0.as_secs_f64() * 1e3,
        med.1 / 1024,
        med.2,
        per_deck[0].0.as_secs_f64() * 1e3,
        max.0.as_secs_f64() * 1e3,
        max.2
    );
    let out = tempfile::tempdir().unwrap();
    for write in [false, true] {
        let mut best = Duration::MAX;
        let mut bytes = 0;
        for _ in 0..5 {
            let t = Instant::now();
            bytes = 0;
            for (name, _) in &decks {
                let path = dir.join(name);
                let text = std::fs::read_to_string(&path).unwrap();
                let e = envelope(name, &text);
                let resolver = Resolver::new(Some(&dir), &[]);
                let html = decktype_export_html::export(
                    &e,
                    &decktype_export_html::Options {
                        resolver: &resolver,
                    },
                )
                .html;
                bytes += html.len();
                if write {
                    std::fs::write(out.path().join(format!("{name}.html")), &html).unwrap();
                }
            }
            best = best.min(t.elapsed());
        }
        println!(
            "whole corpus with images, read + parse + semantics + HTML{}: {:.0} ms (best of 5), {:.1} MiB of HTML",
            if write { " + write" } else { "" },
            best.as_secs_f64() * 1e3,
            bytes as f64 / 1048576.0
        );
    }
}
