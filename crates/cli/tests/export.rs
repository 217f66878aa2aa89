//! `decktype export`: where the files go, what is refused, and that the
//! HTML is one self-contained file.

mod common;
use common::{decktype, decktype_in, stderr, stdout, workspace};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn deck_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("call.md"),
        "---\ntype: slide\ntitle: Call\n---\n\n# Call 2024-04-18\n\n![logo](logo.png)\n\n---\n\n# Two\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("logo.png"), PNG).unwrap();
    dir
}

#[test]
fn html_goes_next_to_the_deck_by_default_self_contained() {
    let dir = deck_dir();
    let out = decktype_in(dir.path(), &["export", "call.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote call.html"));
    let html = std::fs::read_to_string(dir.path().join("call.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<title>Call</title>"));
    assert!(html.contains("src=\"data:image/png;base64,"));
    // Nothing in the file points at the network.
    for needle in ["src=\"http", "href=\"http://fonts", "<link", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("call.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "a new export is world-readable like any file"
        );
    }
}

#[test]
fn output_file_out_dir_stdout_and_json() {
    let dir = deck_dir();
    let out = decktype_in(dir.path(), &["export", "call.md", "-o", "x/../page.html"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the folder x does not exist: {}",
        stderr(&out)
    );
    let out = decktype_in(dir.path(), &["export", "-q", "call.md", "-o", "page.html"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("page.html").is_file());
    let out = decktype_in(
        dir.path(),
        &[
            "export",
            "-q",
            "call.md",
            "--out-dir",
            "site",
            "--to",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("site/call.json")).unwrap())
            .unwrap();
    assert_eq!(json["format_version"], 1);
    let out = decktype_in(dir.path(), &["export", "-q", "call.md", "-o", "-"]);
    assert!(stdout(&out).starts_with("<!DOCTYPE html>"));
}

#[test]
fn the_sample_exports_to_stdout() {
    let out = decktype(&["export", "-q", "--sample"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.contains("id=\"decktype-data\""));
    assert!(html.contains("data-kind=\"team\""));
}

#[test]
fn refusals() {
    let dir = deck_dir();
    std::fs::copy(dir.path().join("call.md"), dir.path().join("two.md")).unwrap();
    let out = decktype_in(
        dir.path(),
        &["export", "call.md", "two.md", "-o", "one.html"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--out-dir"), "{}", stderr(&out));
    // A deck named .html is not overwritten by its own export.
    std::fs::copy(dir.path().join("call.md"), dir.path().join("deck.html")).unwrap();
    let out = decktype_in(dir.path(), &["export", "deck.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to overwrite"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_to_string(dir.path().join("deck.html"))
            .unwrap()
            .starts_with("---")
    );
    let out = decktype_in(dir.path(), &["export", "missing.md"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn images_outside_the_allowed_folders_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("deck")).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/shared.png"), PNG).unwrap();
    std::fs::write(
        dir.path().join("deck/d.md"),
        "---\ntype: slide\n---\n\n# D\n\n![a](../assets/shared.png) ![b](https://input.scs.community/uploads/shared.png) ![c](/etc/passwd)\n",
    )
    .unwrap();
    let out = decktype_in(dir.path(), &["export", "deck/d.md", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0));
    let html = stdout(&out);
    assert_eq!(
        html.matches("src=\"data:image/png").count(),
        0,
        "nothing read outside deck/"
    );
    assert_eq!(stderr(&out).matches("DT050").count(), 3, "{}", stderr(&out));
    let out = decktype_in(
        dir.path(),
        &["export", "deck/d.md", "-o", "-", "--assets", "assets"],
    );
    let html = stdout(&out);
    assert_eq!(
        html.matches("src=\"data:image/png").count(),
        2,
        "both forms found in --assets"
    );
    assert_eq!(stderr(&out).matches("DT050").count(), 1, "{}", stderr(&out));
    let _ = workspace();
}

#[test]
fn pdf_next_to_the_deck_and_failures_leave_no_file() {
    let dir = deck_dir();
    let out = decktype_in(dir.path(), &["export", "--to", "pdf", "call.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote call.pdf"), "{}", stderr(&out));
    // The logo is a broken PNG: a placeholder and a diagnostic, not a failure.
    assert!(stderr(&out).contains("DT050"), "{}", stderr(&out));
    let pdf = std::fs::read(dir.path().join("call.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // Same deck, same bytes.
    let out = decktype_in(
        dir.path(),
        &["export", "-q", "--to", "pdf", "call.md", "-o", "-"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == pdf, "stdout differs from the file");

    // A template that reads a file fails with a diagnostic and writes nothing.
    std::fs::write(dir.path().join("evil.typ"), "#read(\"/etc/passwd\")").unwrap();
    let out = decktype_in(
        dir.path(),
        &[
            "export",
            "--to",
            "pdf",
            "call.md",
            "--template",
            "evil.typ",
            "-o",
            "evil.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("error[DT064]"), "{}", stderr(&out));
    // typst's error, placed in the template file as given.
    assert!(
        stderr(&out).contains("\nevil.typ:1:7: failed to load file (access denied)\n"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("no PDF written"), "{}", stderr(&out));
    assert!(!dir.path().join("evil.pdf").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = decktype_in(
        dir.path(),
        &["export", "--to", "pdf", "call.md", "--template", "nope.typ"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the template `nope.typ`"),
        "{}",
        stderr(&out)
    );

    let out = decktype_in(
        dir.path(),
        &[
            "export",
            "--to",
            "pdf",
            "call.md",
            "--notes",
            "handout",
            "--page",
            "4:3",
            "--pdf-standard",
            "none",
            "-o",
            "h.pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("h.pdf").is_file());
}

#[test]
fn pdf_of_the_sample() {
    let out = decktype(&["export", "--sample", "--to", "pdf", "-q", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.starts_with(b"%PDF-"));
}
