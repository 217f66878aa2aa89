//! typst's errors about a `--template` point at the template's own file:
//! `PATH:LINE:COL: message`, with the path as given (README, "Your own
//! layout"); an error in the built-in library the template called names
//! the template's call; and a deck the PDF cannot take as written (nested
//! too deep, a heading longer than a PDF string) still gets its PDF.

mod common;

use common::{decktype_in, stderr, workspace};

fn robust(name: &str) -> std::path::PathBuf {
    workspace().join("fixtures/pdf/robust").join(name)
}

/// A folder with `deck.md` (a list nested too deep for the PDF) and
/// `tpl/broken.typ` (a bracket left open on line 4).
fn with_broken_template() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(robust("deep-list.md"), dir.path().join("deck.md")).unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::copy(
        robust("broken-template.typ"),
        dir.path().join("tpl/broken.typ"),
    )
    .unwrap();
    dir
}

/// `decktype export --to pdf deck.md --template TEMPLATE EXTRA...` in `dir`.
fn export_pdf(dir: &std::path::Path, template: &str, extra: &[&str]) -> std::process::Output {
    let args = [
        &["export", "--to", "pdf", "deck.md", "--template", template][..],
        extra,
    ]
    .concat();
    decktype_in(dir, &args)
}

#[test]
fn a_template_error_names_the_template_file_line_and_column() {
    let dir = with_broken_template();
    let out = export_pdf(dir.path(), "tpl/broken.typ", &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("DT064"), "{err}");
    // Line 4 of the template (`#let x = (1, 2` is not closed).
    let first = err
        .lines()
        .find(|l| l.starts_with("tpl/broken.typ:"))
        .unwrap_or_else(|| panic!("no line at the template: {err}"));
    assert!(first.starts_with("tpl/broken.typ:4:"), "{first}");
    assert!(!err.contains("template:4:"), "{err}");
    assert!(!dir.path().join("deck.pdf").exists());

    // An error inside the built-in library: placed there, with the call.
    std::fs::write(
        dir.path().join("tpl/call.typ"),
        "#import \"/decktype.typ\": *\n\n#deck-document(json(\"/deck.json\"), (:))\n",
    )
    .unwrap();
    let out = export_pdf(dir.path(), "tpl/call.typ", &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("<built-in>/decktype.typ:"), "{err}");
    assert!(
        err.contains("  note: called from tpl/call.typ:3:2"),
        "{err}"
    );
}

/// The JSON report in `err` (what else is said comes before or after it).
fn json_report(err: &str) -> serde_json::Value {
    let start = err
        .find("{\n")
        .unwrap_or_else(|| panic!("no report: {err}"));
    serde_json::Deserializer::from_str(&err[start..])
        .into_iter::<serde_json::Value>()
        .next()
        .unwrap()
        .unwrap()
}

/// (code, severity, line, column) of each diagnostic of `path` in `report`.
fn found(report: &serde_json::Value, path: &str) -> Vec<(String, String, u64, u64)> {
    let files = report["files"].as_array().unwrap();
    let file: Vec<_> = files.iter().filter(|f| f["path"] == path).collect();
    assert_eq!(file.len(), 1, "{path} once in {report:#}");
    file[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// In the machine formats typst's messages are diagnostics (DT064) of the
/// template file they point into, with its line and column, in the one
/// report: `export` and `build` (where a template error that fails every
/// deck is said once).
#[test]
fn template_errors_are_in_the_machine_formats() {
    let dir = with_broken_template();
    let expected = vec![
        ("DT064".to_owned(), "error".to_owned(), 4, 10),
        ("DT064".to_owned(), "error".to_owned(), 5, 1),
    ];
    let out = export_pdf(dir.path(), "tpl/broken.typ", &["--message-format", "json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Nothing in the human form: no `PATH:LINE:COL: message` line.
    assert!(!err.contains("tpl/broken.typ:4:10"), "{err}");
    let report = json_report(&err);
    assert_eq!(found(&report, "tpl/broken.typ"), expected);
    assert!(
        found(&report, "deck.md")
            .iter()
            .any(|d| d.0 == "DT064" && d.1 == "error"),
        "{report:#}"
    );
    let short = export_pdf(dir.path(), "tpl/broken.typ", &["--message-format", "short"]);
    assert!(
        stderr(&short).contains("tpl/broken.typ:4:10: error[DT064]: unclosed delimiter"),
        "{}",
        stderr(&short)
    );

    // A build of two decks: the template's errors once, in its file.
    std::fs::create_dir(dir.path().join("decks")).unwrap();
    for name in ["a.md", "b.md"] {
        std::fs::copy(robust("deep-list.md"), dir.path().join("decks").join(name)).unwrap();
    }
    let out = decktype_in(
        dir.path(),
        &[
            "build",
            "decks",
            "-o",
            "site",
            "--to",
            "pdf",
            "--template",
            "tpl/broken.typ",
            "--message-format",
            "json",
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("tpl/broken.typ:4:10"), "{err}");
    let report = json_report(&err);
    assert_eq!(found(&report, "tpl/broken.typ"), expected);
}

#[test]
fn a_deck_nested_too_deep_or_too_long_for_a_pdf_string_gets_its_pdf() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in [
        "fixtures/codes/DT066-nesting-flattened-in-pdf.md",
        "fixtures/codes/DT067-text-truncated-in-pdf.md",
    ] {
        std::fs::copy(workspace().join(fixture), dir.path().join("deck.md")).unwrap();
        let out = decktype_in(dir.path(), &["export", "--to", "pdf", "deck.md"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{fixture}: {err}");
        let code = &fixture["fixtures/codes/".len()..][..5];
        assert!(
            err.contains(&format!("warning[{code}]")),
            "{fixture}: {err}"
        );
        assert!(dir.path().join("deck.pdf").is_file(), "{fixture}");
        std::fs::remove_file(dir.path().join("deck.pdf")).unwrap();
    }
}
