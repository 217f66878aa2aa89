//! `decktype build` against decks that would take it down (issue 17): a
//! deck over its time or memory budget is stopped with DT071 while the
//! others build; a deck whose PDF fails keeps its JSON and HTML; a build
//! killed with SIGKILL resumes with the decks it finished. Every build runs
//! as a child process with a time limit of its own.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, workspace};

/// Runs `decktype ARGS` in `dir`; fails the test if it takes over `limit`.
fn decktype_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |mut from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "`decktype {}` took over {limit:?}: {}",
                args.join(" "),
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn seed() -> String {
    std::fs::read_to_string(workspace().join("fixtures/seed-community-call-2024-04-18.md")).unwrap()
}

const SMALL: &str = "---\ntype: slide\n---\n\n# Call 2024-04-25\n\n---\n\n# Team IaaS\n\n* done\n";

/// A one-slide deck with a table of `rows` rows.
fn big_table(rows: usize) -> String {
    let mut deck =
        String::from("---\ntype: slide\n---\n\n# A big table\n\n| n | a | b |\n|---|---|---|\n");
    for i in 0..rows {
        deck.push_str(&format!("| {i} | x{i} | y |\n"));
    }
    deck
}

fn read_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_deck_over_its_budget_is_stopped_and_the_others_build() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::write(decks.join("20240418.md"), seed()).unwrap();
    std::fs::write(decks.join("20240425.md"), SMALL).unwrap();
    // 200 000 rows: gigabytes in the PDF, hundreds of MB to parse.
    std::fs::write(decks.join("hostile.md"), big_table(200_000)).unwrap();
    let out = decktype_within(
        dir.path(),
        &[
            "build",
            "decks",
            "-o",
            "site",
            "--deck-memory",
            "300",
            "--deck-timeout",
            "20",
        ],
        Duration::from_secs(600),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("DT071"), "{err}");
    assert!(err.contains("FAILED hostile.md"), "{err}");
    assert!(err.contains("2 built, 0 unchanged, 1 failed"), "{err}");
    let site = dir.path().join("site");
    for deck in ["20240418", "20240425"] {
        for ext in ["json", "html", "pdf"] {
            assert!(
                site.join(format!("decks/{deck}.{ext}")).is_file(),
                "{deck}.{ext}: {err}"
            );
        }
    }
    assert!(!site.join("decks/hostile.pdf").exists());
    let lines = read_lines(&site.join("index.jsonl"));
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert!(!paths.contains(&"hostile.md"), "{paths:?}");
    assert_eq!(paths.len(), 2, "{paths:?}");
}

#[test]
fn a_template_that_never_ends_is_stopped_by_the_time_budget() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::write(decks.join("20240425.md"), SMALL).unwrap();
    std::fs::write(
        dir.path().join("loop.typ"),
        // (typst stops a `while` after 10 000 rounds, not these.)
        "#for i in range(100000) { for j in range(100000) { } }\n",
    )
    .unwrap();
    let args = [
        "build",
        "decks",
        "-o",
        "site",
        "--template",
        "loop.typ",
        "--deck-timeout",
        "3",
    ];
    let started = Instant::now();
    let out = decktype_within(dir.path(), &args, Duration::from_secs(300));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("DT071"), "{err}");
    assert!(err.contains("time budget (3 s)"), "{err}");
    // Stopped at the PDF: the JSON and HTML were made before it.
    assert!(err.contains("its JSON and HTML written"), "{err}");
    let site = dir.path().join("site");
    assert!(site.join("decks/20240425.json").is_file());
    assert!(site.join("decks/20240425.html").is_file());
    assert!(!site.join("decks/20240425.pdf").exists());
    assert!(started.elapsed() < Duration::from_secs(120));

    // The next build does not wait for the budget again: nothing changed.
    let again = decktype_within(dir.path(), &args, Duration::from_secs(300));
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(1), "{err}");
    assert!(err.contains("DT071"), "{err}");
    assert!(err.contains("time budget (3 s)"), "{err}");
    assert!(err.contains("not tried again"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert!(site.join("decks/20240425.json").is_file());
    assert!(site.join("decks/20240425.html").is_file());
    // --force, or another budget, tries it again (and it is stopped again).
    let forced = [&args[..], &["--force"]].concat();
    let other_budget = [&args[..6], &["--deck-timeout", "2"]].concat();
    for retry in [forced, other_budget] {
        let out = decktype_within(dir.path(), &retry, Duration::from_secs(300));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("DT071"), "{err}");
        assert!(!err.contains("not tried again"), "{retry:?}: {err}");
    }
    // A changed deck is tried again too.
    std::fs::write(
        decks.join("20240425.md"),
        format!("{SMALL}\nOne more line.\n"),
    )
    .unwrap();
    let out = decktype_within(dir.path(), &args, Duration::from_secs(300));
    let err = stderr(&out);
    assert!(err.contains("DT071"), "{err}");
    assert!(!err.contains("not tried again"), "{err}");
}

/// Issue 17, point 11: a PDF that fails (here a template error) leaves the
/// deck's JSON and HTML, with the PDF's diagnostic; the deck is in the feeds
/// without a PDF, its old PDF is removed, and the next build tries it again.
#[test]
fn a_deck_whose_pdf_fails_keeps_its_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    std::fs::write(decks.join("20240425.md"), SMALL).unwrap();
    std::fs::write(
        dir.path().join("bad.typ"),
        "#panic(\"this template fails\")\n",
    )
    .unwrap();
    let site = dir.path().join("site");
    let limit = Duration::from_secs(300);
    let first = decktype_within(dir.path(), &["build", "decks", "-o", "site"], limit);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(site.join("decks/20240425.pdf").is_file());
    let args = ["build", "decks", "-o", "site", "--template", "bad.typ"];
    for _ in 0..2 {
        let out = decktype_within(dir.path(), &args, limit);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("DT064"), "{err}");
        assert!(err.contains("this template fails"), "{err}");
        assert!(
            err.contains("FAILED 20240425.md (1 error; its JSON and HTML written"),
            "{err}"
        );
        assert!(site.join("decks/20240425.json").is_file());
        assert!(site.join("decks/20240425.html").is_file());
        assert!(!site.join("decks/20240425.pdf").exists());
        let lines = read_lines(&site.join("index.jsonl"));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["outputs"]["html"], "decks/20240425.html");
        assert!(lines[0]["outputs"]["pdf"].is_null(), "{}", lines[0]);
    }
    // Without a budget (in the build's own threads): the same.
    let mut no_budget = args.to_vec();
    no_budget.push("--no-budget");
    let out = decktype_within(dir.path(), &no_budget, limit);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("its JSON and HTML written"), "{err}");
    // Fixed: the next build makes the PDF.
    let out = decktype_within(dir.path(), &["build", "decks", "-o", "site"], limit);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.join("decks/20240425.pdf").is_file());
}

/// Issue 17, point 15: a build killed with SIGKILL after some decks finished
/// does not redo them: each deck is recorded as it finishes.
#[test]
fn a_build_killed_midway_resumes_with_the_decks_it_finished() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    let seed = seed();
    for i in 0..6 {
        std::fs::write(decks.join(format!("call-{i}.md")), &seed).unwrap();
    }
    let args = ["build", "decks", "-o", "site", "-j", "1"];
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(args)
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    let start = Instant::now();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let built = line.contains(" built ");
        seen.push(line);
        if built {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "{seen:?}");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // What it printed before it died.
    seen.extend(lines.map_while(Result::ok));
    let finished: Vec<String> = seen
        .iter()
        .filter(|l| l.contains(" built "))
        .map(|l| l.split_whitespace().nth(2).unwrap().to_owned())
        .collect();
    assert!(!finished.is_empty(), "{seen:?}");
    assert!(
        !seen.iter().any(|l| l.contains(" decks: ")),
        "the build finished before the kill: {seen:?}"
    );
    let out = decktype_within(dir.path(), &args, Duration::from_secs(600));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for deck in &finished {
        assert!(err.contains(&format!("unchanged {deck}")), "{deck}: {err}");
    }
    assert!(
        err.contains(&format!("{} unchanged", finished.len())),
        "{finished:?}: {err}"
    );
    let site = dir.path().join("site");
    for i in 0..6 {
        for ext in ["json", "html", "pdf"] {
            assert!(site.join(format!("decks/call-{i}.{ext}")).is_file());
        }
    }
    assert_eq!(read_lines(&site.join("index.jsonl")).len(), 6);
    // The journal is gone once the state file holds it.
    assert!(!site.join(".decktype/finished").exists());
}

/// In a worker process, a deck in a subfolder finds its images next to it,
/// as in the build's own threads, and a second build finds it unchanged.
#[test]
fn a_worker_finds_the_images_next_to_the_deck() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("decks/2024");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("20240502.md"),
        "---\ntype: slide\n---\n\n# Call 2024-05-02\n\n![logo](logo.png)\n",
    )
    .unwrap();
    std::fs::copy(
        workspace().join("fixtures/check/img/logo.png"),
        sub.join("logo.png"),
    )
    .unwrap();
    let args = ["build", "decks", "-o", "site", "--to", "json,html"];
    let limit = Duration::from_secs(300);
    let out = decktype_within(dir.path(), &args, limit);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.path().join("site/decks/2024/20240502.html")).unwrap();
    assert!(html.contains("data:image/png"));
    let out = decktype_within(dir.path(), &args, limit);
    assert!(
        stderr(&out).contains("unchanged 2024/20240502.md"),
        "{}",
        stderr(&out)
    );
}
