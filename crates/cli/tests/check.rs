//! `decktype check`: every rule triggered by its fixture and not by its near
//! miss, snapshots of the human output, the CI formats (SARIF validated
//! against the OASIS schema), levels, exit codes and `--fix`.

mod common;
use common::{decktype, decktype_in, stderr, stdout, workspace};

/// The codes `decktype check FILE --format json` reports.
fn codes(file: &str) -> Vec<String> {
    let out = decktype(&["check", file, "--format", "json"]);
    assert_ne!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Rules that no deck file can trigger (DT040: the schema fails only on a
/// decktype bug; unit-tested in decktype-check), or none of a fixture's
/// size (DT022: over 64 MiB; tests/bounded.rs).
const NOT_FROM_A_FILE: &[&str] = &["DT040", "DT022"];

/// Whether `decktype check` can report `code`: the exports' and the build's
/// codes are rules too (for `--list-rules` and SARIF) but come from
/// `export` and `build`; crates/cli/tests/codes.rs triggers them.
fn emitted_by_a_check(code: &str) -> bool {
    use decktype_model::codes::{Stage, info};
    info(code).is_some_and(|c| matches!(c.stage, Stage::Parse | Stage::Semantics | Stage::Check))
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_its_near_miss() {
    let dir = workspace().join("fixtures/check");
    let mut missing = Vec::new();
    for rule in decktype_check::RULES {
        if NOT_FROM_A_FILE.contains(&rule.code) || !emitted_by_a_check(rule.code) {
            continue;
        }
        let trigger = format!("fixtures/check/{}.md", rule.code);
        let near_miss = format!("fixtures/check/{}.ok.md", rule.code);
        if !dir.join(format!("{}.md", rule.code)).is_file()
            || !dir.join(format!("{}.ok.md", rule.code)).is_file()
        {
            missing.push(rule.code);
            continue;
        }
        let got = codes(&trigger);
        assert!(
            got.iter().any(|c| c == rule.code),
            "{trigger} does not trigger {}: {got:?}",
            rule.code
        );
        let got = codes(&near_miss);
        assert!(
            !got.iter().any(|c| c == rule.code),
            "{near_miss} triggers {}: {got:?}",
            rule.code
        );
    }
    assert!(
        missing.is_empty(),
        "rules without a fixture pair: {missing:?}"
    );
}

#[test]
fn human_output_of_each_rule() {
    insta::glob!("../../../fixtures/check", "DT*.md", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".ok.md") {
            return;
        }
        let rel = format!("fixtures/check/{name}");
        let out = decktype(&["check", &rel]);
        insta::assert_snapshot!(stdout(&out));
    });
}

#[test]
fn exit_codes_levels_and_flags() {
    // A warning only: exit 0, 1 with --deny warnings, 1 with --deny CODE.
    let w = "fixtures/check/DT004.md";
    assert!(codes(w).contains(&"DT004".to_owned()));
    assert_eq!(decktype(&["check", w]).status.code(), Some(0));
    assert_eq!(
        decktype(&["check", w, "--deny", "warnings"]).status.code(),
        Some(1)
    );
    assert_eq!(
        decktype(&["check", w, "--deny", "DT004"]).status.code(),
        Some(1)
    );
    let allowed = decktype(&["check", w, "--allow", "DT004", "--format", "short"]);
    assert!(!stdout(&allowed).contains("DT004"), "{}", stdout(&allowed));
    // An error: exit 1, 0 when allowed.
    let e = "fixtures/check/DT002.md";
    assert_eq!(decktype(&["check", e]).status.code(), Some(1));
    assert_eq!(
        decktype(&["check", e, "--warn", "DT002"]).status.code(),
        Some(0)
    );
    // Usage and I/O failures: 2.
    let bad = decktype(&["check", w, "--deny", "DT04"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("did you mean `DT004`"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(
        decktype(&["check", "no/such/deck.md"]).status.code(),
        Some(2)
    );
}

#[test]
fn folders_are_searched_and_decktype_toml_sets_levels() {
    let tmp = tempfile::tempdir().unwrap();
    let decks = tmp.path().join("decks/2024");
    std::fs::create_dir_all(&decks).unwrap();
    let deck = std::fs::read_to_string(workspace().join("fixtures/check/DT004.md")).unwrap();
    std::fs::write(decks.join("a.md"), &deck).unwrap();
    std::fs::write(decks.join("notes.txt"), "not a deck").unwrap();
    std::fs::create_dir_all(tmp.path().join(".git")).unwrap();
    std::fs::write(tmp.path().join(".git/x.md"), "").unwrap();
    let out = decktype_in(tmp.path(), &["check", ".", "--format", "short"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("decks/2024/a.md:") && text.contains("DT004"),
        "{text}"
    );
    assert!(!text.contains(".git"), "{text}");
    // The nearest decktype.toml above the deck.
    std::fs::write(
        tmp.path().join("decktype.toml"),
        "[check]\nrules = { DT004 = \"error\" }\n",
    )
    .unwrap();
    let out = decktype_in(tmp.path(), &["check", "decks"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // Flags win over the file.
    let out = decktype_in(tmp.path(), &["check", "decks", "--allow", "DT004"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // A broken file is a usage error that names it.
    std::fs::write(
        tmp.path().join("decktype.toml"),
        "[check]\nrules = { DT004 = \"loud\" }\n",
    )
    .unwrap();
    let out = decktype_in(tmp.path(), &["check", "decks"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("decktype.toml"), "{}", stderr(&out));
}

#[test]
fn a_pre_commit_run_on_a_readme_and_an_excluded_template_passes() {
    // pre-commit names each changed Markdown file.
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::create_dir_all(t.join(".git")).unwrap();
    std::fs::write(
        t.join("decktype.toml"),
        "[files]\nexclude = [\"template.md\"]\n",
    )
    .unwrap();
    let template = std::fs::read_to_string(workspace().join("fixtures/check/DT002.md")).unwrap();
    std::fs::write(t.join("template.md"), template).unwrap();
    std::fs::write(t.join("README.md"), "# Our decks\n\n---\n\nText.\n").unwrap();
    let out = decktype_in(
        t,
        &["check", "--format", "short", "README.md", "template.md"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        stdout(&out).trim_end(),
        "README.md:1:1: warning[DT006]: the document has no front matter with `type: slide`: HedgeDoc shows it as a document, not as slides"
    );
    assert!(
        stderr(&out)
            .contains("1 file excluded by `[files]` in decktype.toml not checked: template.md"),
        "{}",
        stderr(&out)
    );
    // The folder: the README is listed, not checked.
    let out = decktype_in(t, &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("checked 0 files"), "{}", stdout(&out));
    assert!(
        stderr(&out)
            .contains("1 Markdown file without `type: slide` front matter not checked: README.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn github_format_gives_workflow_commands() {
    let out = decktype(&[
        "check",
        "fixtures/check/DT002.md",
        "fixtures/check/DT004.md",
        "--format",
        "github",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::error file=fixtures/check/DT002.md,line=")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=fixtures/check/DT004.md,line=")),
        "{text}"
    );
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
}

#[test]
fn json_format_is_documented_shape() {
    let out = decktype(&["check", "fixtures/check/DT004.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["version"], 1);
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DT004")
        .unwrap();
    let source = std::fs::read_to_string(workspace().join("fixtures/check/DT004.md")).unwrap();
    let line = d["line"].as_u64().unwrap() as usize;
    let start = d["span"][0].as_u64().unwrap() as usize;
    assert_eq!(source[..start].matches('\n').count() + 1, line);
    assert!(source.lines().nth(line - 1).unwrap().contains("---"));
    assert_eq!(v["summary"]["files"], 1);
}

/// The JSON report has a committed schema (`decktype schema --check-report`)
/// that matches the types, and a real report over every check fixture
/// validates against its strict variant.
#[test]
fn json_report_has_a_schema_and_follows_it() {
    let committed =
        std::fs::read_to_string(workspace().join("schemas/check-report.v1.schema.json"))
            .unwrap_or_default();
    assert!(
        committed == decktype_check::report::schema_json(),
        "schemas/check-report.v1.schema.json is out of date; regenerate it with\n    cargo run -p decktype -- schema --check-report -o schemas/check-report.v1.schema.json"
    );
    let strict: serde_json::Value =
        serde_json::from_str(&decktype_check::report::strict_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&strict).unwrap();
    let out = decktype(&["check", "fixtures/check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["summary"]["files"].as_u64().unwrap() > 5);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `parse`, `export` and `build` write their diagnostics in the five formats
/// too (`--message-format`), to standard error.
#[test]
fn every_command_speaks_the_five_formats() {
    let deck = "fixtures/check/DT004.md";
    for (format, expect) in [
        ("short", "DT004.md:"),
        ("github", "::"),
        ("json", "\"version\": 1"),
        ("sarif", "\"$schema\""),
    ] {
        let out = decktype(&["parse", deck, "--message-format", format]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(expect),
            "parse --message-format {format}: {err}"
        );
        assert!(err.contains("DT004"), "{format}: {err}");
        assert!(stdout(&out).contains("\"format_version\""));
    }
    let out = decktype(&["parse", deck, "--message-format", "json"]);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("one JSON report on stderr");
    assert_eq!(report["files"][0]["path"], deck);
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("d.html");
    let out = decktype(&[
        "export",
        deck,
        "-o",
        html.to_str().unwrap(),
        "--message-format",
        "short",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(": warning[DT004]"));
    std::fs::create_dir(tmp.path().join("decks")).unwrap();
    std::fs::copy(workspace().join(deck), tmp.path().join("decks/20240418.md")).unwrap();
    let out = decktype_in(
        tmp.path(),
        &[
            "build",
            "decks",
            "-o",
            "site",
            "--to",
            "json",
            "--message-format",
            "json",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let start = err.find('{').expect("a JSON report on stderr");
    let end = err.rfind('}').unwrap();
    let report: serde_json::Value = serde_json::from_str(&err[start..=end]).unwrap();
    assert_eq!(report["files"][0]["path"], "decks/20240418.md", "{err}");
    assert!(
        report["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "DT004"),
        "{err}"
    );
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("schemas/vendor/sarif-2.1.0.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let out = decktype(&["check", "fixtures/check", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() > 30);
    assert!(results.iter().all(|r| r["ruleIndex"].is_u64()));
    // The validator is not a rubber stamp.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn fix_rewrites_atomically_and_dry_run_only_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let deck = tmp.path().join("deck.md");
    let text = "\n---\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\ntext\n---\n\n# B\n\n----  \n\n# C\n";
    std::fs::write(&deck, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&deck, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    // DT001 and DT004 fixes change what HedgeDoc shows: unsafe fixes.
    let dry = decktype_in(
        tmp.path(),
        &["check", "deck.md", "--fix", "--unsafe-fixes", "--dry-run"],
    );
    assert_eq!(
        std::fs::read_to_string(&deck).unwrap(),
        text,
        "dry run wrote"
    );
    let diff = stdout(&dry);
    assert!(
        diff.contains("--- a/deck.md") && diff.contains("+++ b/deck.md"),
        "{diff}"
    );
    assert!(
        stderr(&dry).contains("would fix deck.md:1:"),
        "{}",
        stderr(&dry)
    );
    let out = decktype_in(tmp.path(), &["check", "deck.md", "--fix", "--unsafe-fixes"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let fixed = std::fs::read_to_string(&deck).unwrap();
    assert_eq!(
        fixed,
        "---\ntype: slide\n---\n\n# SCS Community Call 2024-04-18\ntext\n\n---\n\n# B\n\n----\n\n# C\n"
    );
    assert!(
        stderr(&out).contains("fixed deck.md:8:"),
        "{}",
        stderr(&out)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&deck).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
    // Nothing left to fix, no temporary files left behind.
    let again = decktype_in(tmp.path(), &["check", "deck.md", "--fix", "--unsafe-fixes"]);
    assert!(!stderr(&again).contains("fixed"), "{}", stderr(&again));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn the_corpus_reports_its_known_problems_and_no_false_errors() {
    let Some(corpus) = decktype_test_support::corpus() else {
        return;
    };
    let dir = corpus.join("scs-community-call");
    let out = decktype(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut errors = Vec::new();
    let has = |file: &str, code: &str, line: u64| {
        v["files"].as_array().unwrap().iter().any(|f| {
            f["path"].as_str().unwrap().ends_with(file)
                && f["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == code && d["line"] == line)
        })
    };
    assert!(
        has("20240201.md", "DT001", 2),
        "late front matter not reported"
    );
    assert!(
        has("20241121.md", "DT004", 167),
        "the last-line separator not reported"
    );
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            if d["severity"] == "error" {
                errors.push(format!("{}:{} {}", f["path"], d["line"], d["code"]));
            }
        }
    }
    // HedgeDoc renders every deck but 20240201.md as intended, and its
    // late front matter is a warning, as `decktype parse` and `build` say
    // (`--fix` or `DT001 = "error"` in decktype.toml for a stricter gate).
    assert!(errors.is_empty(), "{errors:#?}");
}

/// DT043 follows the exports' rules (decktype-assets): a symlink that
/// points out of the deck's folder is outside, like `../`.
#[cfg(unix)]
#[test]
fn dt043_sees_symlinks_out_as_the_exports_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("deck")).unwrap();
    std::fs::write(dir.path().join("secret.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(dir.path().join("deck/in.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.png"),
        dir.path().join("deck/out.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deck/d.md"),
        "---\ntype: slide\n---\n\n# D 2024-04-18\n\n![in](in.png) ![out](out.png) ![up](../secret.png) ![gone](gone.png)\n",
    )
    .unwrap();
    let out = decktype_in(dir.path(), &["check", "deck/d.md", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let messages: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "DT043")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "the image `out.png` is outside the deck's folder",
            "the image `../secret.png` is outside the deck's folder",
            "the image file `gone.png` does not exist"
        ]
    );
}
