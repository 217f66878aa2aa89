//! Benchmark of prepared images (issue 19): one deck and the whole corpus,
//! with `--images original` and `prepared`, empty and warm image cache.
//!
//! ```text
//! cargo run --release -p decktype-export-pdf --example images_bench -- CORPUS/scs-community-call [DECK]
//! ```
//!
//! * one deck: median of 21 exports, typst's caches cleared before each
//!   (fonts loaded): original; prepared without a cache; prepared with an
//!   empty cache (a fresh folder each time); prepared with a warm cache;
//! * the corpus (every `.md` of the folder), one process, one thread, each
//!   deck once: the same four ways, min of 3, with the PDF bytes.
//!
//! `ROUNDS=N` sets the exports per way for the one deck; `DECK_ONLY=1`
//! leaves the corpus out; `WAY=warm` (any part of a way's name) measures
//! only the ways whose name has it (for a profiler).
//!
//! Not a test: numbers go to stdout.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use decktype_export_pdf::{ImageMode, Options, Settings, clear_caches, export};

mod common;

#[derive(Clone, Copy, PartialEq)]
enum Way {
    Original,
    NoCache,
    EmptyCache,
    WarmCache,
}

const WAYS: [(Way, &str); 4] = [
    (Way::Original, "original"),
    (Way::NoCache, "prepared, no cache"),
    (Way::EmptyCache, "prepared, empty cache"),
    (Way::WarmCache, "prepared, warm cache"),
];

fn settings(way: Way, cache: &Path, round: usize) -> Settings {
    Settings {
        images: if way == Way::Original {
            ImageMode::Original
        } else {
            ImageMode::Prepared
        },
        image_cache: match way {
            Way::EmptyCache => Some(cache.join(format!("empty-{round}"))),
            Way::WarmCache => Some(cache.join("warm")),
            _ => None,
        },
        ..Settings::default()
    }
}

/// Exports per way for the one deck: `ROUNDS`, default 21.
fn rounds() -> usize {
    std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(21)
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("corpus folder"));
    let deck = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "20240418.md".into());
    // Removed when the bench ends (every round's empty cache is in it).
    let folder = tempfile::Builder::new()
        .prefix("images-bench-")
        .tempdir()
        .unwrap();
    let cache = folder.path().to_path_buf();
    let path = dir.join(&deck).to_string_lossy().into_owned();
    let envelope = common::envelope(&path);
    let resolver = common::resolver(&path);
    // Fonts loaded, warm cache filled.
    let warm = settings(Way::WarmCache, &cache, 0);
    let _ = export(&envelope, &Options::with_settings(&resolver, &warm));
    println!("{deck}:");
    let only = std::env::var("WAY").unwrap_or_default();
    for (way, name) in WAYS.into_iter().filter(|(_, n)| n.contains(&only)) {
        let mut times = Vec::new();
        let mut bytes = 0;
        for round in 0..rounds() {
            let s = settings(way, &cache, round);
            clear_caches();
            let t = Instant::now();
            let out = export(&envelope, &Options::with_settings(&resolver, &s)).unwrap();
            times.push(t.elapsed());
            bytes = out.pdf.len();
        }
        println!(
            "  {name}: median {:.1} ms, {} KiB of PDF",
            median(times),
            bytes / 1024
        );
    }
    let none = decktype_assets::Resolver::none();
    let aside: Vec<_> = (0..rounds())
        .map(|_| {
            clear_caches();
            let t = Instant::now();
            let _ = export(&envelope, &Options::new(&none)).unwrap();
            t.elapsed()
        })
        .collect();
    println!(
        "  images aside (placeholders): median {:.1} ms",
        median(aside)
    );

    if std::env::var_os("DECK_ONLY").is_some() {
        return;
    }
    let mut decks: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "md").then(|| p.to_string_lossy().into_owned())
        })
        .collect();
    decks.sort();
    let parsed: Vec<_> = decks
        .iter()
        .map(|d| (common::envelope(d), common::resolver(d)))
        .collect();
    println!(
        "corpus ({} decks, one thread, each deck once, typst's caches cleared first):",
        decks.len()
    );
    for (way, name) in WAYS {
        let mut best = Duration::MAX;
        let mut bytes = 0;
        for round in 0..3 {
            let s = settings(way, &cache, 100 + round);
            clear_caches();
            let t = Instant::now();
            bytes = 0;
            for (e, r) in &parsed {
                if let Ok(out) = export(e, &Options::with_settings(r, &s)) {
                    bytes += out.pdf.len();
                }
            }
            best = best.min(t.elapsed());
        }
        println!(
            "  {name}: min {:.0} ms of 3, {:.1} MiB of PDF",
            best.as_secs_f64() * 1e3,
            bytes as f64 / 1048576.0
        );
    }
    let _ = std::fs::remove_dir_all(&cache);
}
