//! Deep inline HTML and control characters (issue 17, points 2 and 13): the
//! binary, run as a child process with a time limit, parses and exports
//! 100 000 nested tags in linear time with their text kept, and writes no
//! control character into the HTML.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What `decktype ARGS`, fed `input` on standard input, writes to standard
/// output and standard error; panics when it takes longer than `limit` (in a
/// debug build) or fails.
fn run_within(args: &[&str], input: &str, limit: Duration) -> (Vec<u8>, String) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        out.read_to_end(&mut buf).unwrap();
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        err.read_to_string(&mut buf).unwrap();
        buf
    });
    while child.try_wait().expect("wait for the child").is_none() {
        if started.elapsed() > limit {
            child.kill().expect("kill the child");
            child.wait().expect("reap the child");
            panic!("`decktype {}` took longer than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    writer.join().unwrap();
    let (out, err) = (reader.join().unwrap(), err_reader.join().unwrap());
    assert!(
        status.success(),
        "`decktype {}` failed: {err}",
        args.join(" ")
    );
    (out, err)
}

/// A debug build takes 5-12 s for each on an idle machine (most of it writing
/// the JSON of 200 000 raw tags); before the fix a release build took 31 s
/// for 16 000 nested `<span>`s and many minutes for 100 000.
const LIMIT: Duration = Duration::from_secs(30);

/// 100 000 nested tags on one line, in a paragraph and in an HTML block, and
/// 20 000 nested `<div>` blocks: before the fix every end tag beyond the nesting
/// cap was a diagnostic with a line and column counted along the line, and
/// `decktype parse` ran for many minutes.
#[test]
fn deeply_nested_html_parses_and_exports_in_linear_time() {
    let n = 100_000;
    let decks = [
        format!(
            "---\ntype: slide\n---\n\n# T\n\nx {}deep text{}\n",
            "<span>".repeat(n),
            "</span>".repeat(n)
        ),
        format!(
            "---\ntype: slide\n---\n\n# T\n\nx {}deep text\n",
            "<b><i>".repeat(n / 2)
        ),
        format!(
            "---\ntype: slide\n---\n\n# T\n\n<div>{}deep text{}</div>\n",
            "<span>".repeat(n),
            "</span>".repeat(n)
        ),
        format!(
            "---\ntype: slide\n---\n\n# T\n\n{}deep text\n\n{}",
            "<div>\n\n".repeat(n / 5),
            "</div>\n\n".repeat(n / 5)
        ),
    ];
    for deck in &decks {
        let (json, diagnostics) =
            run_within(&["parse", "--message-format", "short", "-"], deck, LIMIT);
        let json = String::from_utf8(json).unwrap();
        assert!(json.contains("\"text\": \"deep text\""), "the text is lost");
        assert!(diagnostics.contains("DT019"), "{diagnostics}");
        assert!(
            diagnostics.lines().count() < 10,
            "{} diagnostics",
            diagnostics.lines().count()
        );
        let (html, _) = run_within(
            &["export", "-q", "--to", "html", "-o", "-", "-"],
            deck,
            LIMIT,
        );
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("deep text"), "the text is not in the HTML");
    }
}

/// NUL, ESC, DEL and C1 controls reach no export: they become U+FFFD.
#[test]
fn control_characters_do_not_reach_the_html() {
    let deck = "---\ntype: slide\n---\n\n# A\u{0}B\n\nx\u{1b}[1my\u{7f} `c\u{0}d`\u{85}\n\n```\n\u{0}\n```\n";
    let (html, diagnostics) = run_within(
        &[
            "export",
            "--message-format",
            "short",
            "--to",
            "html",
            "-o",
            "-",
            "-",
        ],
        deck,
        LIMIT,
    );
    let html = String::from_utf8(html).unwrap();
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "a control character is in the HTML"
    );
    assert!(html.contains("A\u{fffd}B"));
    assert!(html.contains("c\u{fffd}d"));
    assert_eq!(diagnostics.matches("DT023").count(), 3, "{diagnostics}");
}
