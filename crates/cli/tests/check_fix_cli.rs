//! `decktype check --fix` from the command line (issue 18): safe and unsafe
//! fixes, `--diff` (alias `--check`, `--dry-run`) and its exit codes, a deck
//! on standard input (`-`) named by `--stdin-filename`, and the
//! suggestions of unsafe fixes in every format.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{decktype_in, stderr, stdout};

/// A deck whose `---` under `Agenda` is a setext heading's underline: its
/// only fix is unsafe.
const SETEXT: &str =
    "---\ntype: slide\n---\n\n# Community Call 2024-04-18\n\nAgenda\n---\n\nText\n";
/// The same, fixed with `--unsafe-fixes`.
const SETEXT_SPLIT: &str =
    "---\ntype: slide\n---\n\n# Community Call 2024-04-18\n\nAgenda\n\n---\n\nText\n";
/// A deck whose separator splits only through the `\r` quirk: its fix is
/// safe.
const CR_QUIRK: &str = "---\r\ntype: slide\r\n---\r\n\r\n# Community Call 2024-04-18\r\n\r\ntext\r\n---\r\n# B\r\n\r\nmore\r\n";

/// Runs `decktype ARGS` in `dir` with `input` on standard input.
fn with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn deck_in(dir: &Path, text: &str) {
    std::fs::write(dir.join("deck.md"), text).unwrap();
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("deck.md")).unwrap()
}

#[test]
fn fix_leaves_a_setext_heading_and_unsafe_fixes_split_it() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(tmp.path()), SETEXT, "--fix changed a heading");
    let text = stdout(&out);
    assert!(
        text.contains("suggestion (unsafe fix, applied by `--fix --unsafe-fixes`)"),
        "{text}"
    );
    assert!(
        text.contains("1 fix available with --unsafe-fixes"),
        "{text}"
    );
    assert!(!stderr(&out).contains("fixed"), "{}", stderr(&out));

    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(tmp.path()), SETEXT_SPLIT);
    assert!(
        stderr(&out).contains("fixed deck.md:8: make `---` a slide separator")
            && stderr(&out).contains("(unsafe fix)"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("fix available"), "{}", stdout(&out));
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(read(tmp.path()), SETEXT);
}

#[test]
fn safe_fixes_are_applied_by_fix_alone() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), CR_QUIRK);
    let before = decktype_in(tmp.path(), &["check", "deck.md", "--format", "short"]);
    assert!(
        stdout(&before).contains("warning[DT015]") && stdout(&before).contains("[fix: --fix]"),
        "{}",
        stdout(&before)
    );
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        read(tmp.path()).contains("text\r\n\r\n---\r\n\r\n# B"),
        "{:?}",
        read(tmp.path())
    );
    assert!(
        stderr(&out).contains("fixed deck.md:8:"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("DT015"), "{}", stdout(&out));
}

#[test]
fn diff_writes_nothing_and_exits_1_when_something_would_change() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    // Nothing safe to fix: exit 0, nothing printed.
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    // With the unsafe fixes: the diff, exit 1, nothing written; the same
    // with each spelling of the flag.
    for flag in ["--diff", "--check", "--dry-run"] {
        let out = decktype_in(
            tmp.path(),
            &["check", "deck.md", "--fix", "--unsafe-fixes", flag],
        );
        assert_eq!(out.status.code(), Some(1), "{flag}: {}", stderr(&out));
        let diff = stdout(&out);
        assert!(
            diff.starts_with("--- a/deck.md\n+++ b/deck.md\n@@")
                && diff.contains("\n Agenda\n+\n ---\n"),
            "{flag}: {diff}"
        );
        assert!(
            stderr(&out).contains("would fix deck.md:8:"),
            "{}",
            stderr(&out)
        );
        assert_eq!(read(tmp.path()), SETEXT, "{flag} wrote");
    }
    // `--diff` alone is `--fix --diff`.
    let out = decktype_in(
        tmp.path(),
        &["check", "deck.md", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Machine-readable: the changes per file.
    let out = decktype_in(
        tmp.path(),
        &[
            "check",
            "deck.md",
            "--diff",
            "--unsafe-fixes",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["files"][0]["path"], "deck.md");
    let change = &v["files"][0]["changes"][0];
    assert_eq!(change["line"], 8);
    assert_eq!(change["code"], "DT004");
    assert_eq!(change["applicability"], "unsafe");
    assert_eq!(v["summary"]["changes"], 1);
    let out = decktype_in(
        tmp.path(),
        &[
            "check",
            "deck.md",
            "--diff",
            "--unsafe-fixes",
            "--format",
            "short",
        ],
    );
    assert_eq!(
        stdout(&out),
        "deck.md:8: would fix[DT004]: make `---` a slide separator: add an empty line before it (unsafe fix)\n"
    );
    // Once fixed, nothing would change: exit 0.
    deck_in(tmp.path(), SETEXT_SPLIT);
    let out = decktype_in(
        tmp.path(),
        &["check", "deck.md", "--diff", "--unsafe-fixes"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(stdout(&out), "");
    // A safe fix counts for `--fix --diff`.
    deck_in(tmp.path(), CR_QUIRK);
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(read(tmp.path()), CR_QUIRK);
}

#[test]
fn stdin_is_checked_under_its_name_with_the_config_of_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("decks")).unwrap();
    std::fs::write(
        tmp.path().join("decks/decktype.toml"),
        "[check]\nrules = { DT004 = \"error\" }\n",
    )
    .unwrap();
    let out = with_stdin(tmp.path(), &["check", "-", "--format", "short"], SETEXT);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("<stdin>:8:1: warning[DT004]"),
        "{}",
        stdout(&out)
    );
    let out = with_stdin(
        tmp.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "decks/20240418.md",
            "--format",
            "short",
        ],
        SETEXT,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("decks/20240418.md:8:1: error[DT004]"),
        "{}",
        stdout(&out)
    );
    // Relative images are resolved from the named path's folder.
    std::fs::write(tmp.path().join("decks/logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let deck = "---\ntype: slide\n---\n\n# Community Call 2024-04-18\n\n![logo](logo.png) ![gone](gone.png)\n";
    let out = with_stdin(
        tmp.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "decks/20240418.md",
            "--format",
            "json",
        ],
        deck,
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let missing: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "DT043")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["the image file `gone.png` does not exist"]);
}

#[test]
fn fix_on_stdin_writes_the_deck_to_stdout_and_the_report_to_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let out = with_stdin(
        tmp.path(),
        &["check", "-", "--fix", "--unsafe-fixes"],
        SETEXT,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), SETEXT_SPLIT);
    assert!(
        stderr(&out).contains("fixed <stdin>:8:") && stderr(&out).contains("checked 1 file"),
        "{}",
        stderr(&out)
    );
    // Only the safe fixes: the deck comes out as it went in.
    let out = with_stdin(tmp.path(), &["check", "-", "--fix"], SETEXT);
    assert_eq!(stdout(&out), SETEXT);
    assert!(
        stderr(&out).contains("1 fix available with --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    // `--diff` on standard input: the diff, under the given name.
    let out = with_stdin(
        tmp.path(),
        &[
            "check",
            "-",
            "--diff",
            "--unsafe-fixes",
            "--stdin-filename",
            "d.md",
        ],
        SETEXT,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("--- a/d.md\n"), "{}", stdout(&out));
}

#[test]
fn stdin_filename_needs_a_dash() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    let out = decktype_in(
        tmp.path(),
        &["check", "deck.md", "--stdin-filename", "x.md"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--stdin-filename"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_format_shows_an_unsafe_fix_as_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    let run = |format: &str| {
        let out = decktype_in(tmp.path(), &["check", "deck.md", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        stdout(&out)
    };
    let human = run("human");
    assert!(
        human.contains("suggestion (unsafe fix, applied by `--fix --unsafe-fixes`): make `---` a slide separator: add an empty line before it"),
        "{human}"
    );
    assert!(
        human.contains("1 fix available with --fix --unsafe-fixes"),
        "{human}"
    );
    assert!(
        run("short").contains("deck.md:8:1: warning[DT004]: `---` looks like a slide separator but does not split the slide: the line before it is not empty [unsafe fix: --fix --unsafe-fixes]"),
    );
    let github = run("github");
    assert!(
        github.contains("%0Asuggestion (unsafe fix, applied by `--fix --unsafe-fixes`)"),
        "{github}"
    );
    let markdown = run("markdown");
    assert!(markdown.contains("DT004"), "{markdown}");

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let d = json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DT004")
        .unwrap();
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "\n---\n");
    assert_eq!(d["fix"]["edits"][0]["line"], 8);
    assert!(d["fix"]["risk"].as_str().unwrap().contains("heading"));
    assert_eq!(json["summary"]["unsafe_fixes"], 1);
    // A diagnostic without a fix has no `fix` field (the report is additive).
    assert!(
        json["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] != "DT004")
            .all(|d| d.get("fix").is_none())
    );

    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "DT004")
        .unwrap();
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "\n---\n");
    assert_eq!(replacement["deletedRegion"]["startLine"], 8);
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("suggestion (unsafe fix"),
    );
    // The log with `fixes` still validates against the OASIS schema.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            common::workspace().join("schemas/vendor/sarif-2.1.0.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_report_with_fixes_validates_against_the_strict_schema() {
    let tmp = tempfile::tempdir().unwrap();
    deck_in(tmp.path(), SETEXT);
    std::fs::write(tmp.path().join("cr.md"), CR_QUIRK).unwrap();
    let out = decktype_in(
        tmp.path(),
        &["check", "deck.md", "cr.md", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["safe_fixes"], 1, "{report}");
    assert_eq!(report["summary"]["unsafe_fixes"], 1, "{report}");
    let schema: serde_json::Value =
        serde_json::from_str(&decktype_check::report::strict_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
