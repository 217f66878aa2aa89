//! pre-commit installs decktype's hooks by itself (issue 18, point 7):
//! `pre-commit try-repo` of this repository, in a deck repository, builds
//! the repository root's package (`decktype-hook`, the light command line)
//! with `cargo install --path .` as for any `language: rust` hook, and runs
//! `decktype-check` and `decktype-fix` on the files it names. The binary it
//! installed is then run as the light build (no PDF, no downloads).
//!
//! Needs `pre-commit` (`pip install pre-commit`; `scripts/test.sh` installs
//! it and sets `DECKTYPE_REQUIRE_PRECOMMIT=1`), git and cargo. The hook's
//! build goes to `target/pre-commit` unoptimised (its speed does not
//! matter here; pre-commit's own install uses the release profile).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::workspace;

/// `pre-commit try-repo WORKSPACE HOOK --files FILES` in `repo`, with its
/// cache in `home`.
fn try_repo(repo: &Path, home: &Path, hook: &str, files: &[&str]) -> Output {
    Command::new("pre-commit")
        .args(["try-repo"])
        .arg(workspace())
        .args([hook, "--files"])
        .args(files)
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", workspace().join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_STRIP", "false")
        .output()
        .expect("pre-commit runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn pre_commit_installs_the_hooks_and_checks_the_decks_it_names() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        decktype_test_support::skip(
            "PRECOMMIT",
            "pre-commit is not installed (pip install pre-commit)",
        );
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let fixture = |name: &str| std::fs::read(workspace().join("fixtures").join(name)).unwrap();
    std::fs::write(repo.path().join("good.md"), fixture("basic.md")).unwrap();
    std::fs::write(repo.path().join("bad.md"), fixture("broken-yaml.md")).unwrap();
    std::fs::write(repo.path().join("README.md"), "# Our decks\n").unwrap();
    // A separator that splits only through the `\r` quirk: a safe fix.
    let quirk = "---\r\ntype: slide\r\n---\r\n\r\n# Community Call 2024-04-18\r\n\r\ntext\r\n---\r\n# B\r\n\r\nmore\r\n";
    std::fs::write(repo.path().join("quirk.md"), quirk).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);

    // A deck and a README (not a deck: a warning only) pass.
    let out = try_repo(
        repo.path(),
        home.path(),
        "decktype-check",
        &["good.md", "README.md"],
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("decktype check") && said.contains("Passed"),
        "{said}"
    );
    // A deck with an error fails the hook, with its code, file and line.
    let out = try_repo(
        repo.path(),
        home.path(),
        "decktype-check",
        &["bad.md", "good.md"],
    );
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("Failed"), "{said}");
    assert!(said.contains("bad.md:3:5: error[DT002]"), "{said}");
    // The fix hook applies the safe fix: the file changes, so the hook
    // fails (as pre-commit's fixers do), and passes once it is fixed.
    let out = try_repo(repo.path(), home.path(), "decktype-fix", &["quirk.md"]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("files were modified by this hook"), "{said}");
    let fixed = std::fs::read_to_string(repo.path().join("quirk.md")).unwrap();
    assert!(fixed.contains("text\r\n\r\n---\r\n\r\n# B"), "{fixed:?}");
    git(&["add", "quirk.md"]);
    let out = try_repo(repo.path(), home.path(), "decktype-fix", &["quirk.md"]);
    assert!(out.status.success(), "{}", text(&out));

    // What pre-commit installed is the light build: it checks and exports
    // JSON and HTML, and refuses the PDF and downloads, saying why.
    let hook = installed().expect("pre-commit built decktype-hook");
    let run = |args: &[&str]| {
        Command::new(&hook)
            .args(args)
            .current_dir(repo.path())
            .output()
            .expect("decktype-hook runs")
    };
    let out = run(&["export", "good.md", "--to", "html", "-o", "good.html"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(repo.path().join("good.html").is_file());
    for (args, says) in [
        (
            &["export", "good.md", "--to", "pdf", "-o", "good.pdf"][..],
            "this decktype was built without the PDF export",
        ),
        (
            &["export", "good.md", "--fetch-images", "-o", "good.json"][..],
            "this decktype was built without downloading images",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
    }
    assert!(!repo.path().join("good.pdf").exists());
}

/// The `decktype-hook` pre-commit built: try-repo's store is temporary,
/// but the build stays in its target folder (`CARGO_TARGET_DIR`, above).
fn installed() -> Option<std::path::PathBuf> {
    let built = workspace().join("target/pre-commit/release/decktype-hook");
    built.is_file().then_some(built)
}
