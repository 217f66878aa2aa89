//! The `decktype` binary: output, exit codes, errors, atomic writes.

use std::io::Write;
use std::process::{Command, Stdio};

mod common;
use common::{decktype, stderr, stdout, workspace};

#[test]
fn parse_sample_prints_a_valid_envelope() {
    let out = decktype(&["parse", "--sample"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["deck"]["slides"].as_array().unwrap().len(), 27);
    assert_eq!(v["deck"]["slides"][0]["title"], "Sovereign Cloud Stack");
}

#[test]
fn parse_one_file_is_deterministic() {
    let a = decktype(&["parse", "fixtures/basic.md"]);
    let b = decktype(&["parse", "fixtures/basic.md"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["source"]["path"], "fixtures/basic.md");
    assert_eq!(
        v["source"]["bytes"],
        std::fs::metadata(workspace().join("fixtures/basic.md"))
            .unwrap()
            .len()
    );
}

#[test]
fn several_files_give_an_array_or_json_lines() {
    let out = decktype(&["parse", "-q", "fixtures/basic.md", "fixtures/notes.md"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let out = decktype(&[
        "parse",
        "-q",
        "--jsonl",
        "fixtures/basic.md",
        "fixtures/notes.md",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["format_version"], 1);
    }
    let out = decktype(&["parse", "--compact", "fixtures/basic.md"]);
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(["parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"---\ntype: slide\n---\n\n# From stdin\n\n---\n\n# Two\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["path"], serde_json::Value::Null);
    assert_eq!(v["deck"]["slides"][1]["title"], "Two");
}

#[test]
fn a_deck_with_errors_exits_1_with_file_line_col() {
    let out = decktype(&["parse", "fixtures/broken-yaml.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[DT002]"), "{err}");
    assert!(err.contains("fixtures/broken-yaml.md:"), "{err}");
    assert!(err.contains("help:"), "{err}");
    // The JSON is still written, diagnostics included.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["DT002"]);
    assert_eq!(v["deck"]["slides"][0]["title"], "Still parsed");
}

#[test]
fn io_failures_exit_2_with_a_clear_message() {
    let out = decktype(&["parse", "fixtures/does-not-exist.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `fixtures/does-not-exist.md`"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    // A folder stands for its decks (tests/cli_manners.rs); a missing one
    // cannot be read.
    let out = decktype(&["parse", "fixtures/no-such-folder/"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let out = decktype(&["parse", "--no-such-flag", "x.md"]);
    assert_eq!(out.status.code(), Some(2));
    let out = decktype(&["parse"]);
    assert_eq!(out.status.code(), Some(2));
    let out = decktype(&[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn non_utf8_input_is_a_diagnostic_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.md");
    std::fs::write(&path, b"---\ntype: slide\n---\n\n# Gr\xfc\xdfe\n").unwrap();
    let out = decktype(&["parse", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("line 5, column 5"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_empty_file_parses_with_a_warning() {
    let out = decktype(&["parse", "fixtures/empty.md"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("DT016"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["deck"]["slides"].as_array().unwrap().len(), 1);
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("deck.json");
    let out = decktype(&[
        "parse",
        "-q",
        "fixtures/basic.md",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&out_path).unwrap();
    assert_eq!(
        written,
        stdout(&decktype(&["parse", "-q", "fixtures/basic.md"]))
    );

    // A failing input leaves the existing output untouched and no temp files.
    let out = decktype(&[
        "parse",
        "fixtures/basic.md",
        "missing.md",
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), written);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "left-over files: {entries:?}");
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = decktype(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let committed =
        std::fs::read_to_string(workspace().join("schemas/deck.v1.schema.json")).unwrap();
    assert_eq!(stdout(&out), committed);
}

#[test]
fn help_and_version() {
    let out = decktype(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("decktype "));
    for args in [&["--help"][..], &["parse", "--help"], &["schema", "--help"]] {
        let out = decktype(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(stdout(&out).contains("Usage:"), "{args:?}");
    }
}

#[test]
fn rendered_diagnostics_of_broken_decks() {
    insta::glob!("../../../fixtures", "broken-*.md", |path| {
        let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
        let out = decktype(&["parse", &name]);
        insta::assert_snapshot!(format!(
            "exit code: {:?}\n\n{}",
            out.status.code(),
            stderr(&out)
        ));
    });
}

#[test]
fn a_custom_profile_changes_the_teams_and_a_bad_one_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("profile.toml");
    std::fs::write(
        &good,
        "name = \"test\"\n[teams]\nprefixes = [\"Team\"]\n[[teams.groups]]\nname = \"Identity\"\naliases = [\"IAM & Security\"]\n[sigs]\nprefixes = [\"SIG\"]\n",
    )
    .unwrap();
    let out = decktype(&[
        "parse",
        "-q",
        "--profile",
        good.to_str().unwrap(),
        "fixtures/seed-community-call-2024-04-18.md",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let teams: Vec<&str> = v["deck"]["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    // Known teams get the profile's canonical name; unknown ones keep theirs.
    assert_eq!(teams, ["Identity", "Ops", "Container"]);

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"x\"\n[teams]\nprefixes = \"Team\"\n").unwrap();
    let out = decktype(&[
        "parse",
        "--profile",
        bad.to_str().unwrap(),
        "fixtures/basic.md",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("invalid profile") && err.contains("line 3"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn events_prints_a_table_sorted_by_date() {
    let out = decktype(&["events", "-q", "fixtures/semantics.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("START"), "{text}");
    assert!(lines[0].contains("LOCATION") && !lines[0].contains("WHERE"));
    assert!(
        lines[1].starts_with("2025-03-18  2025-03-20  KubeCon EU") && lines[1].ends_with("London"),
        "{text}"
    );
    // The impossible date is reported, not listed.
    assert!(!text.contains("Impossible"), "{text}");
    let loud = decktype(&["events", "fixtures/semantics.md"]);
    assert!(stderr(&loud).contains("DT032"), "{}", stderr(&loud));
    assert!(stderr(&loud).contains("fixtures/semantics.md:23:1"));
}

#[test]
fn events_of_several_decks_say_where_and_json_has_the_fields() {
    let out = decktype(&[
        "events",
        "-q",
        "--json",
        "fixtures/semantics.md",
        "fixtures/seed-community-call-2024-04-18.md",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 10, "{rows:?}");
    let starts: Vec<&str> = rows.iter().map(|r| r["start"].as_str().unwrap()).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    let kubecon = rows.iter().find(|r| r["name"] == "KubeCon EU").unwrap();
    assert_eq!(kubecon["deck"], "fixtures/semantics.md");
    assert_eq!(kubecon["call_date"], "2025-03-13");
    assert_eq!(kubecon["line"], 20);
    assert_eq!(kubecon["end"], "2025-03-20");
    assert_eq!(kubecon["people"], serde_json::json!(["Jan", "@garloff"]));
    let table = decktype(&[
        "events",
        "-q",
        "fixtures/semantics.md",
        "fixtures/seed-community-call-2024-04-18.md",
    ]);
    assert!(
        stdout(&table).contains("fixtures/seed-community-call-2024-04-18.md:210"),
        "{}",
        stdout(&table)
    );
}

#[test]
fn events_of_a_missing_file_exit_2() {
    let out = decktype(&["events", "no/such/deck.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/deck.md"));
}
