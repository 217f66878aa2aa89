//! Bounded resources (issue 17): inputs whose PDF once took time or memory
//! far beyond their size (a 20 000-row table 1.7 GB, a paragraph of 100 000
//! characters over ten minutes, a deck of 5 corpora quadratic time) export
//! in a child process held to an address-space and a CPU-time limit, and
//! within a wall-clock limit.
//!
//! The child is this test binary again, running [`child`] with the case
//! in `DECKTYPE_BOUNDED_CASE`; the limits are set by `sh`'s `ulimit` before
//! it starts. They are generous for a debug build on a loaded machine (the
//! template's typst is not optimised in tests; measured there: table 3 s
//! of CPU, the others 10-19 s, every case under 1 000 MiB of address
//! space), and still below what the earlier versions took in a release
//! build (the table 1.7 GB of memory, the paragraph and the footnotes more
//! than ten minutes).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use decktype_assets::Resolver;
use decktype_format::Envelope;

const CASE: &str = "DECKTYPE_BOUNDED_CASE";

/// The deck of `case`, or `None` when it needs the corpus and there is none.
fn deck(case: &str) -> Option<String> {
    Some(match case {
        "table" => {
            let rows: String = (0..20_000).map(|i| format!("| {} |\n", i % 100)).collect();
            format!("# Table\n\n| n |\n|---|\n{rows}")
        }
        "line" => format!("# Line\n\n{}\n", "word ".repeat(200_000)),
        "footnotes" => {
            let refs: String = (0..10_000).map(|i| format!("text[^f{i}] ")).collect();
            let defs: String = (0..10_000)
                .map(|i| format!("[^f{i}]: note {i}\n"))
                .collect();
            format!("# Notes\n\n{refs}\n\n{defs}")
        }
        "links" => {
            let refs: String = (0..10_000).map(|i| format!("[l{i}][r{i}] ")).collect();
            let defs: String = (0..10_000)
                .map(|i| format!("[r{i}]: https://example.org/{i}\n"))
                .collect();
            format!("# Links\n\n{refs}\n\n{defs}")
        }
        "corpus" => corpus_deck(5)?,
        _ => panic!("unknown case {case}"),
    })
}

/// The corpus's community-call decks joined into one deck, `copies` times:
/// the first deck's front matter, then every deck's slides.
fn corpus_deck(copies: usize) -> Option<String> {
    let dir = decktype_test_support::corpus()?.join("scs-community-call");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    let split = |text: &str| -> (String, String) {
        if let Some(rest) = text.strip_prefix("---\n")
            && let Some(end) = rest.find("\n---")
        {
            let after = &rest[end + 4..];
            let body = after.split_once('\n').map_or("", |(_, b)| b);
            return (text[..text.len() - body.len()].to_owned(), body.to_owned());
        }
        (String::new(), text.to_owned())
    };
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let front = split(texts.first()?).0;
    let bodies: Vec<String> = texts
        .iter()
        .map(|t| split(t).1.trim_matches('\n').to_owned())
        .collect();
    let all: Vec<&str> = (0..copies)
        .flat_map(|_| bodies.iter().map(String::as_str))
        .collect();
    Some(format!("{front}\n{}\n", all.join("\n\n---\n\n")))
}

/// The child: exports the case named in `DECKTYPE_BOUNDED_CASE` (and does
/// nothing in a normal test run).
#[test]
fn child() {
    let Ok(case) = std::env::var(CASE) else {
        return;
    };
    let text = deck(&case).expect("the parent checked the case has a deck");
    let parsed = decktype_parse::parse(&text, &Default::default());
    let envelope = Envelope::new(Some("bounded.md"), &text, parsed.deck, &parsed.diagnostics);
    let resolver = Resolver::none();
    let options = decktype_export_pdf::Options::new(&resolver);
    let export = decktype_export_pdf::export(&envelope, &options).expect("the deck exports");
    assert_eq!(export.pages, envelope.deck.slides.len());
    println!("{case}: {} pages, {} bytes", export.pages, export.pdf.len());
}

/// Exports `case` in a child process with at most `memory_mib` of address
/// space, `cpu_seconds` of CPU time and `wall_seconds` of wall time.
fn bounded(case: &str, memory_mib: u64, cpu_seconds: u64, wall_seconds: u64) {
    if deck(case).is_none() {
        eprintln!("skipped: no corpus");
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let script = format!(
        "ulimit -v {} && ulimit -t {cpu_seconds} && exec \"$0\" \"$@\"",
        memory_mib * 1024
    );
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .arg(exe)
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CASE, case)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(wall_seconds) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{case}: not done after {wall_seconds} s of wall time");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        status.success() && out.contains(&format!("{case}: ")),
        "{case}: over {memory_mib} MiB or {cpu_seconds} s of CPU ({status}, {:?} wall)\n{out}\n{err}",
        start.elapsed()
    );
}

#[test]
fn a_table_of_20_000_rows() {
    bounded("table", 1_500, 60, 1_800);
}

#[test]
fn a_paragraph_of_a_million_characters() {
    bounded("line", 1_500, 120, 1_800);
}

#[test]
fn ten_thousand_footnotes() {
    bounded("footnotes", 1_500, 180, 1_800);
}

#[test]
fn ten_thousand_reference_links() {
    bounded("links", 1_500, 180, 1_800);
}

#[test]
fn five_corpora_in_one_deck() {
    bounded("corpus", 4_000, 900, 2_400);
}
