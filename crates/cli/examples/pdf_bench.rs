//! Benchmark: PDF export.
//!
//! ```text
//! cargo run --release -p decktype --example pdf_bench -- [CORPUS_DIR] [DECK] [--only deck|corpus]
//! ```
//!
//! 1. One deck (default `20240418.md`), images next to it, from the parsed
//!    deck: median of 21 exports, each with typst's caches cleared first
//!    (only the fonts stay loaded), and median of 21 warm repeats.
//! 2. The whole corpus (41 decks), one process, each deck once: read, parse,
//!    semantics, PDF with images; with 1 and with 2 worker threads, five
//!    runs each (min and median), with the CPU time they took.
//! 3. Peak resident memory of the process (`VmHWM`). `--only deck` or
//!    `--only corpus` runs one part, so each part's peak can be read from a
//!    fresh process (`scripts/bench-pdf.sh` does that).
//!
//! With `IMAGE_CACHE=DIR` the corpus keeps its prepared images in `DIR`
//! (as `decktype build` keeps them under `.decktype/`): warm from the
//! second run on.
//!
//! Not a test: numbers go to stdout.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use decktype_assets::Resolver;
use decktype_format::Envelope;

/// The deck as `decktype parse` reads it (the pipeline facade).
fn envelope(name: &str, text: &str) -> Envelope {
    decktype_pipeline::analyse(Some(name), text, &Default::default()).envelope
}

fn pdf(path: &Path) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    let e = envelope(&name, &text);
    let resolver = Resolver::new(path.parent(), &[]);
    let settings = decktype_export_pdf::Settings {
        image_cache: std::env::var_os("IMAGE_CACHE").map(PathBuf::from),
        ..decktype_export_pdf::Settings::default()
    };
    let options = decktype_export_pdf::Options::with_settings(&resolver, &settings);
    let out = decktype_export_pdf::export(&e, &options)
        .unwrap_or_else(|f| panic!("{}: {f}", path.display()));
    (out.pages, out.pdf.len())
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// CPU time (user + system) of the process so far.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line, in ticks.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn corpus(decks: &[PathBuf], threads: usize) -> (Duration, usize, usize) {
    decktype_export_pdf::clear_caches();
    let next = AtomicUsize::new(0);
    let pages = AtomicUsize::new(0);
    let bytes = AtomicUsize::new(0);
    let t = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(deck) = decks.get(i) else { break };
                    let (p, b) = pdf(deck);
                    pages.fetch_add(p, Ordering::Relaxed);
                    bytes.fetch_add(b, Ordering::Relaxed);
                }
            });
        }
    });
    (t.elapsed(), pages.into_inner(), bytes.into_inner())
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let only = match args.iter().position(|a| a == "--only") {
        Some(i) => {
            let what = args.get(i + 1).cloned().unwrap_or_default();
            args.drain(i..(i + 2).min(args.len()));
            what
        }
        None => String::new(),
    };
    let corpus_dir = args
        .first()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let deck_name = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "20240418.md".to_owned());
    let dir = corpus_dir.join("scs-community-call");
    let mut decks: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.sort();

    let t = Instant::now();
    let _ = pdf(&dir.join("template.md"));
    println!(
        "first export in the process (loads the fonts): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    if only != "corpus" {
        one_deck(&dir, &deck_name);
    }
    if only != "deck" {
        for threads in [1, 2] {
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            let (mut pages, mut bytes) = (0, 0);
            for _ in 0..5 {
                let before = cpu_time();
                let (time, p, b) = corpus(&decks, threads);
                cpu.push(cpu_time() - before);
                times.push(time);
                (pages, bytes) = (p, b);
            }
            let min = times.iter().min().copied().unwrap_or_default();
            println!(
                "whole corpus ({} decks, {pages} pages, {} MiB of PDF), {threads} thread(s): min {:.0} ms, median {:.0} ms of 5 runs (CPU time median {:.0} ms)",
                decks.len(),
                bytes / (1024 * 1024),
                min.as_secs_f64() * 1e3,
                median(times),
                median(cpu),
            );
            println!("peak resident memory so far: {:.0} MiB", peak_rss_mib());
        }
    }
}

fn one_deck(dir: &Path, deck_name: &str) {
    let path = dir.join(deck_name);
    let text = std::fs::read_to_string(&path).unwrap();
    let e = envelope(deck_name, &text);
    let resolver = Resolver::new(Some(dir), &[]);
    let options = decktype_export_pdf::Options::new(&resolver);
    let run = |clear: bool| {
        (0..21)
            .map(|_| {
                if clear {
                    decktype_export_pdf::clear_caches();
                }
                let t = Instant::now();
                let out = decktype_export_pdf::export(&e, &options).unwrap();
                std::hint::black_box(out.pdf.len());
                t.elapsed()
            })
            .collect::<Vec<_>>()
    };
    let out = decktype_export_pdf::export(&e, &options).unwrap();
    let images = std::fs::read_dir(dir)
        .unwrap()
        .filter(|f| {
            let name = f.as_ref().unwrap().file_name();
            text.contains(name.to_string_lossy().as_ref())
        })
        .count();
    println!(
        "{deck_name}: {} pages, {} local images, {} KiB of PDF",
        out.pages,
        images,
        out.pdf.len() / 1024
    );
    println!(
        "  export, typst caches cleared each time (fonts loaded): median {:.1} ms",
        median(run(true))
    );
    println!(
        "  export, warm (same deck again, typst's memoisation hits): median {:.1} ms",
        median(run(false))
    );
    let none = Resolver::none();
    let text_only = decktype_export_pdf::Options::new(&none);
    let aside: Vec<Duration> = (0..21)
        .map(|_| {
            decktype_export_pdf::clear_caches();
            let t = Instant::now();
            std::hint::black_box(
                decktype_export_pdf::export(&e, &text_only)
                    .unwrap()
                    .pdf
                    .len(),
            );
            t.elapsed()
        })
        .collect();
    println!(
        "  export with images aside (placeholders), caches cleared: median {:.1} ms",
        median(aside)
    );
    let with_parse: Vec<Duration> = (0..21)
        .map(|_| {
            decktype_export_pdf::clear_caches();
            let t = Instant::now();
            std::hint::black_box(pdf(&path));
            t.elapsed()
        })
        .collect();
    println!(
        "  read + parse + semantics + export, caches cleared: median {:.1} ms",
        median(with_parse)
    );

    println!("peak resident memory so far: {:.0} MiB", peak_rss_mib());
}
