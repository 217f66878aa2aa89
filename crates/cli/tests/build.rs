//! `decktype build` and `decktype new` from the command line: exit codes,
//! the summary, plain progress lines when not on a terminal, and the new
//! deck's date.

mod common;
use common::{decktype_in, stderr, workspace};

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("calls")).unwrap();
    std::fs::copy(
        workspace().join("fixtures/seed-community-call-2024-04-18.md"),
        dir.path().join("calls/20240418.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("calls/20240425.md"),
        "---\ntype: slide\n---\n\n# Call 2024-04-25\n\n---\n\n# Team IaaS\n\n* done\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("calls/notes.md"), "# not a deck\n").unwrap();
    dir
}

#[test]
fn build_writes_the_site_reports_and_is_incremental() {
    let dir = folder();
    let out = decktype_in(
        dir.path(),
        &["build", "calls", "-o", "site", "--to", "json,html"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("/2] built 20240418.md ("), "{err}");
    assert!(
        err.contains("2 decks: 2 built, 0 unchanged, 0 failed;"),
        "{err}"
    );
    assert!(
        err.contains("1 Markdown file without `type: slide` front matter not built: notes.md"),
        "{err}"
    );
    for f in [
        "index.html",
        "archive.json",
        "index.jsonl",
        "events.ics",
        "decks/20240425.html",
    ] {
        assert!(dir.path().join("site").join(f).is_file(), "{f}");
    }
    assert!(!dir.path().join("site/decks/20240425.pdf").exists());
    let out = decktype_in(
        dir.path(),
        &["build", "calls", "-o", "site", "--to", "json,html"],
    );
    assert!(
        stderr(&out).contains("2 decks: 0 built, 2 unchanged, 0 failed;"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_deck_fails_the_build_with_its_diagnostic_and_the_rest_builds() {
    let dir = folder();
    std::fs::write(
        dir.path().join("calls/broken.md"),
        "---\ntype: slide\ntitle: [unclosed\n---\n\n# Call\n",
    )
    .unwrap();
    let out = decktype_in(
        dir.path(),
        &["build", "calls", "-o", "site", "--to", "json"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[DT002]"), "{err}");
    assert!(err.contains("calls/broken.md:3:"), "file:line:col in {err}");
    assert!(err.contains("FAILED broken.md (1 error; skipped"), "{err}");
    assert!(
        err.contains("3 decks: 2 built, 0 unchanged, 1 failed;"),
        "{err}"
    );
    assert!(dir.path().join("site/decks/20240425.json").is_file());
    assert!(!dir.path().join("site/decks/broken.json").exists());
}

#[test]
fn build_usage_errors_exit_2() {
    let dir = folder();
    let out = decktype_in(dir.path(), &["build", "nope", "-o", "site"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`nope` is not a folder"),
        "{}",
        stderr(&out)
    );
    let out = decktype_in(dir.path(), &["build", "calls", "--to", "docx"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_fills_the_date_into_the_scs_template() {
    let dir = tempfile::tempdir().unwrap();
    let out = decktype_in(dir.path(), &["new", "--date", "2024-12-19"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("20241219.md")).unwrap();
    assert!(text.contains("Community Call</br> 2024-12-19"));
    assert!(!text.contains("202X-XX-XX"));
    let template =
        std::fs::read_to_string(workspace().join("fixtures/templates/scs-community-call.md"))
            .unwrap();
    assert_eq!(text, template.replace("202X-XX-XX", "2024-12-19"));
    // The deck reads back with that date.
    let out = decktype_in(dir.path(), &["parse", "20241219.md"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["deck"]["meta"]["date"], "2024-12-19");
    assert_eq!(json["deck"]["meta"]["date_source"], "title_slide");
    // An existing file is not replaced without --force.
    let out = decktype_in(dir.path(), &["new", "--date", "2024-12-19"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("exists; pass --force"));
    let out = decktype_in(dir.path(), &["new", "--date", "2024-12-19", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    // A bad date is a usage error.
    let out = decktype_in(dir.path(), &["new", "--date", "2024-13-01"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_from_last_weeks_deck_moves_its_call_date() {
    let dir = tempfile::tempdir().unwrap();
    let seed = workspace().join("fixtures/seed-community-call-2024-04-18.md");
    let out = decktype_in(
        dir.path(),
        &[
            "new",
            "--date",
            "2024-04-25",
            "--from",
            seed.to_str().unwrap(),
            "-o",
            "next.md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("next.md")).unwrap();
    let old = std::fs::read_to_string(&seed).unwrap();
    assert_ne!(text, old);
    let out = decktype_in(dir.path(), &["parse", "next.md"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["deck"]["meta"]["date"], "2024-04-25");
    // Only the call date changed: every other line is as it was.
    assert_eq!(text.lines().count(), old.lines().count());
    let changed: Vec<(&str, &str)> = old
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(!changed.is_empty());
    for (a, b) in changed {
        assert_eq!(a.replace("2024-04-18", "2024-04-25"), b);
    }
}

#[test]
fn new_warns_when_the_template_has_no_date() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.md"), "---\ntype: slide\n---\n\n# Call\n").unwrap();
    let out = decktype_in(
        dir.path(),
        &["new", "--date", "2024-04-25", "--from", "t.md"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no date to fill in"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("20240425.md").is_file());
}

/// Every file under `dir`, recursively.
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_killed_build_leaves_only_whole_files_and_the_next_build_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(workspace().join("fixtures/seed-community-call-2024-04-18.md"))
            .unwrap();
    std::fs::create_dir(dir.path().join("calls")).unwrap();
    for i in 0..12 {
        std::fs::write(dir.path().join(format!("calls/call-{i:02}.md")), &seed).unwrap();
    }
    let site = dir.path().join("site");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_decktype"))
        .args(["build", "calls", "-o", "site", "-q"])
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as the first PDF is there: mid-build.
    let start = std::time::Instant::now();
    while !site.join("decks").is_dir()
        || !files(&site.join("decks"))
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "pdf"))
    {
        assert!(start.elapsed().as_secs() < 300, "no PDF written");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended too early"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let check_whole = |p: &std::path::Path| {
        let bytes = std::fs::read(p).unwrap();
        let name = p.display().to_string();
        match p.extension().and_then(|e| e.to_str()) {
            Some("pdf") => assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name}"),
            Some("html") => assert!(bytes.trim_ascii_end().ends_with(b"</html>"), "{name}"),
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            _ => {}
        }
    };
    let mut visible = 0;
    for p in files(&site) {
        let hidden = p.file_name().unwrap().to_string_lossy().starts_with('.');
        if !hidden {
            check_whole(&p);
            visible += 1;
        }
    }
    assert!(visible > 0);
    // What a write cut between writing and renaming leaves (the kill above
    // may or may not have hit one).
    std::fs::write(site.join("decks/.tmpAbC123"), b"%PDF-1.7 half").unwrap();
    // The next build finishes the job and leaves no temporary file.
    let out = decktype_in(dir.path(), &["build", "calls", "-o", "site", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let all = files(&site);
    assert!(
        all.iter()
            .all(|p| !p.file_name().unwrap().to_string_lossy().starts_with(".tmp")),
        "{all:?}"
    );
    for i in 0..12 {
        for ext in ["json", "html", "pdf"] {
            let p = site.join(format!("decks/call-{i:02}.{ext}"));
            assert!(p.is_file(), "{}", p.display());
            check_whole(&p);
        }
    }
    for f in ["index.html", "archive.json", "index.jsonl", "events.ics"] {
        check_whole(&site.join(f));
    }
}

/// One pipeline: the JSON `build` writes for a deck is byte for byte what
/// `decktype parse` writes for it (given the same path, from the folder
/// built). Decks whose diagnostics come from several passes (parser and
/// semantic pass, out of source order) are among them, so the diagnostics'
/// order is compared too.
#[test]
fn the_site_json_is_what_parse_writes() {
    let dir = folder();
    let calls = dir.path().join("calls");
    for fixture in [
        "semantics.md",
        "attributes.md",
        "broken-20240425-copied-title.md",
    ] {
        std::fs::copy(
            workspace().join("fixtures").join(fixture),
            calls.join(fixture),
        )
        .unwrap();
    }
    let out = decktype_in(
        dir.path(),
        &["build", "calls", "-o", "site", "--to", "json"],
    );
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let mut compared = 0;
    for entry in std::fs::read_dir(&calls).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let built = dir
            .path()
            .join("site/decks")
            .join(name.replace(".md", ".json"));
        let Ok(built) = std::fs::read_to_string(&built) else {
            continue; // not a deck, or one with errors (no outputs)
        };
        let parsed = decktype_in(&calls, &["parse", &name, "-q"]);
        assert_eq!(
            String::from_utf8_lossy(&parsed.stdout),
            built,
            "{name}: build and parse disagree"
        );
        compared += 1;
    }
    assert!(compared >= 4, "only {compared} decks compared");
}
