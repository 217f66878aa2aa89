//! Bounded resources (issue 17): the binary, run as a child process with a
//! time limit (and an address-space limit), renders many diagnostics in
//! linear time, stops reading an endless or huge input at the size limit
//! with DT022, exports several decks on a pool in a deterministic order,
//! and never writes a deck's or a file name's escape sequences to the
//! terminal.

mod common;

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{stderr, stdout};

/// Runs `program ARGS` in `dir` with its output collected, killed after
/// `limit`; panics then.
fn run_within(dir: &Path, program: &str, args: &[&str], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Read the pipes on threads, so that a full pipe never stalls the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{program} {}` took longer than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = started.elapsed();
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (output, elapsed)
}

fn decktype_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    run_within(dir, env!("CARGO_BIN_EXE_decktype"), args, limit).0
}

/// A deck with `n` end tags that close nothing (one DT014 each).
fn deck_with_diagnostics(n: usize) -> String {
    let mut s = String::from("---\ntype: slide\n---\n\n# Many\n\n");
    for _ in 0..n {
        s.push_str("a </b>\n");
    }
    s
}

#[test]
fn twenty_thousand_diagnostics_render_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.md"), deck_with_diagnostics(20_000)).unwrap();
    // Before: 22.8 s in a release build; now well under a second there.
    // The limit allows for a debug build on a busy machine.
    let limit = Duration::from_secs(30);
    let out = decktype_within(dir.path(), &["check", "many.md"], limit);
    let text = stdout(&out);
    let full = text.matches("[DT014]").count();
    assert_eq!(full, 20, "{}", &text[..text.len().min(2000)]);
    assert!(
        text.contains("note: and 19 980 more DT014 in this file (many.md)"),
        "{}",
        &text[text.len().saturating_sub(2000)..]
    );
    // The count is the whole count: the summary has all of them.
    assert!(text.contains("20000 info"), "{}", &text[text.len() - 300..]);
    // The same for the other commands' human messages.
    let out = decktype_within(dir.path(), &["parse", "many.md", "-o", "many.json"], limit);
    let err = stderr(&out);
    assert_eq!(err.matches("[DT014]").count(), 20);
    assert!(
        err.contains("19 980 more DT014"),
        "{}",
        &err[err.len().saturating_sub(500)..]
    );
    // The machine formats keep every diagnostic.
    let out = decktype_within(
        dir.path(),
        &["check", "many.md", "--format", "short"],
        limit,
    );
    assert_eq!(stdout(&out).matches("[DT014]").count(), 20_000);
}

/// `sh -c 'ulimit -v KB; exec decktype ARGS'`: the binary with at most
/// 1.5 GB of address space (the binary maps a few hundred MB itself).
fn decktype_limited(dir: &Path, args: &[&str]) -> Output {
    let script = format!(
        "ulimit -v 1500000; exec \"$0\" {}",
        args.iter()
            .map(|a| format!("'{a}'"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    run_within(
        dir,
        "sh",
        &["-c", &script, env!("CARGO_BIN_EXE_decktype")],
        Duration::from_secs(30),
    )
    .0
}

#[test]
fn an_endless_input_stops_at_the_limit() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Before: 3 GB in 4 s, until the machine gave out.
    let out = decktype_limited(dir.path(), &["parse", "/dev/zero"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[DT022]"), "{err}");
    assert!(err.contains("64 MiB"), "{err}");
    // A lower limit, in the machine formats too.
    let out = decktype_limited(
        dir.path(),
        &[
            "parse",
            "/dev/zero",
            "--max-input-size",
            "1M",
            "--message-format",
            "short",
        ],
    );
    assert_eq!(
        stderr(&out),
        "/dev/zero:1:1: error[DT022]: the input is larger than 1 MiB, the input size limit: not read\n"
    );
}

#[test]
fn a_huge_file_is_refused_unread_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    // 100 MB, sparse: no disk used, and not read.
    let big = std::fs::File::create(decks.join("big.md")).unwrap();
    big.set_len(100_000_000).unwrap();
    std::fs::write(decks.join("small.md"), "---\ntype: slide\n---\n\n# Small\n").unwrap();
    let out = decktype_limited(dir.path(), &["check", "decks", "--format", "short"]);
    let text = stdout(&out);
    assert!(text.contains("decks/big.md:1:1: error[DT022]"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = decktype_limited(
        dir.path(),
        &[
            "build",
            "decks",
            "-o",
            "site",
            "--to",
            "json",
            "--no-budget",
        ],
    );
    let err = stderr(&out);
    assert!(err.contains("error[DT022]"), "{err}");
    assert!(err.contains("1 built") && err.contains("1 failed"), "{err}");
    // The limit can be raised (and lowered).
    let out = decktype_limited(
        dir.path(),
        &[
            "export",
            "decks/small.md",
            "--to",
            "json",
            "--max-input-size",
            "10",
        ],
    );
    assert!(
        stderr(&out).contains("larger than 10 bytes"),
        "{}",
        stderr(&out)
    );
    let out = decktype_limited(
        dir.path(),
        &["parse", "decks/small.md", "--max-input-size", "1K"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = decktype_limited(dir.path(), &["parse", "x.md", "--max-input-size", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a size"), "{}", stderr(&out));
}

#[test]
fn standard_input_is_limited_too() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(["parse", "-", "--max-input-size", "1K"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // More than the limit; the writer stops when the reader does.
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        let _ = stdin.write_all(&vec![b'a'; 1 << 20]);
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("<stdin>"), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[DT022]"), "{}", stderr(&out));
}

#[test]
fn export_of_many_decks_runs_on_a_pool_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..8 {
        let name = format!("d{i}.md");
        // Every other deck has a warning, one has an error.
        let body = match i {
            3 => "---\ntype: slide\ntitle: [broken\n---\n\n# Three\n".to_owned(),
            i if i % 2 == 0 => format!("---\ntype: slide\n---\n\n# Deck {i}\n\n<div>\n"),
            i => format!(
                "---\ntype: slide\ndate: 2024-04-{:02}\n---\n\n# Deck {i}\n",
                i + 10
            ),
        };
        std::fs::write(dir.path().join(&name), body).unwrap();
        names.push(name);
    }
    let limit = Duration::from_secs(60);
    let run = |jobs: &str| {
        let out_dir = format!("out{jobs}");
        let mut args = vec!["export", "--to", "html", "-j", jobs, "--out-dir", &out_dir];
        args.extend(names.iter().map(String::as_str));
        let out = decktype_within(dir.path(), &args, limit);
        (out.status.code(), stderr(&out).replace(&out_dir, "OUT"))
    };
    let (code1, one) = run("1");
    let (code4, four) = run("4");
    assert_eq!(code1, Some(1), "{one}");
    assert_eq!(code4, code1);
    // The same messages in the same order, whatever the number of threads.
    assert_eq!(four, one);
    let wrote: Vec<&str> = one.lines().filter(|l| l.starts_with("wrote ")).collect();
    assert_eq!(wrote.len(), 8, "{one}");
    let mut sorted = wrote.clone();
    sorted.sort();
    assert_eq!(wrote, sorted, "in the order given");
    for name in &names {
        let html = dir.path().join("out4").join(name.replace(".md", ".html"));
        assert!(html.is_file(), "{}", html.display());
    }
    let out = decktype_within(dir.path(), &["export", "-j", "0", "d0.md"], limit);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn escape_sequences_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let decks = dir.path().join("decks");
    std::fs::create_dir(&decks).unwrap();
    // A file name that would retitle the terminal, and a deck whose
    // diagnostics quote text with escapes.
    let name = "a\u{1b}]0;owned\u{7}.md";
    std::fs::write(
        decks.join(name),
        "---\ntype: slide\n---\n\n# Team Contaner\u{1b}[2J\n\ntext\n",
    )
    .unwrap();
    let file = format!("decks/{name}");
    let limit = Duration::from_secs(60);
    let outputs = [
        decktype_within(dir.path(), &["check", "decks", "--format", "short"], limit),
        decktype_within(dir.path(), &["check", "decks", "--format", "github"], limit),
        decktype_within(dir.path(), &["check", "decks"], limit),
        decktype_within(
            dir.path(),
            &["parse", &file, "--message-format", "short", "-o", "x.json"],
            limit,
        ),
        decktype_within(
            dir.path(),
            &["export", &file, "--to", "json", "--out-dir", "out"],
            limit,
        ),
        decktype_within(
            dir.path(),
            &[
                "build",
                "decks",
                "-o",
                "site",
                "--to",
                "json",
                "-v",
                "--no-budget",
            ],
            limit,
        ),
        decktype_within(dir.path(), &["parse", "decks/missing\u{1b}[2J.md"], limit),
    ];
    for out in outputs {
        for text in [stdout(&out), stderr(&out)] {
            assert!(!text.contains('\u{1b}'), "{text:?}");
            assert!(!text.contains('\u{7}'), "{text:?}");
        }
        let both = stdout(&out) + &stderr(&out);
        assert!(
            both.contains("a␛]0;owned␇.md") || both.contains("missing␛[2J"),
            "{both}"
        );
    }
    // JSON escapes them itself.
    let out = decktype_within(
        dir.path(),
        &["check", "decks", "--format", "json"],
        Duration::from_secs(60),
    );
    assert!(stdout(&out).contains("\\u001b"), "{}", stdout(&out));
}
