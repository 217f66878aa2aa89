//! Which files `decktype check` reads: the one walker (`.gitignore`,
//! hidden files), `[files]` in `decktype.toml`, Markdown files that are not
//! decks, and the search for `decktype.toml` stopping at the repository
//! root.

use std::path::{Path, PathBuf};

use decktype_check::run::{Configs, Fixing, Run, run};
use decktype_model::Severity;

const DECK: &str = "---\ntype: slide\ntitle: A deck\n---\n\n# A deck\n\nText.\n";
const README: &str = "# Minutes\n\nNot slides.\n\n---\n\nA rule, not a separator.\n";

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn check(paths: &[PathBuf]) -> Run {
    let mut configs = Configs::new(None, Vec::new()).unwrap();
    run(
        paths,
        &decktype_pipeline::Options::default(),
        &mut configs,
        Fixing::default(),
        decktype_pipeline::io::DEFAULT_MAX_INPUT,
        None,
    )
    .unwrap()
}

/// `dir/rel` as `check` shows it.
fn shown(dir: &Path, rel: &str) -> String {
    dir.join(rel).to_string_lossy().into_owned()
}

fn checked(run: &Run) -> Vec<&str> {
    run.checked.iter().map(|c| c.display.as_str()).collect()
}

/// A deck repository: a `.git`, a `decktype.toml` excluding the template
/// and the drafts, a `.gitignore`, a hidden folder, a README.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    write(
        d,
        &[
            (
                "decktype.toml",
                "[files]\nexclude = [\"template.md\", \"drafts/**\"]\n",
            ),
            (".gitignore", "/out/\n*.tmp.md\n"),
            ("2024/20240418.md", DECK),
            ("20240425.md", DECK),
            ("template.md", DECK),
            ("drafts/idea.md", DECK),
            ("out/copy.md", DECK),
            ("scratch.tmp.md", DECK),
            (".github/pr.md", DECK),
            ("README.md", README),
            ("2024/notes.md", README),
        ],
    );
    dir
}

#[test]
fn a_folder_is_walked_with_gitignore_hidden_files_and_files_section() {
    let dir = repository();
    let d = dir.path();
    let run = check(&[d.to_owned()]);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert_eq!(
        checked(&run),
        [shown(d, "2024/20240418.md"), shown(d, "20240425.md")]
    );
    // Not decks: listed, not checked, no diagnostic.
    assert_eq!(
        run.not_decks,
        [shown(d, "2024/notes.md"), shown(d, "README.md")]
    );
    // Files a walk does not take are not "excluded" explicitly.
    assert!(run.excluded.is_empty());
}

#[test]
fn files_named_explicitly_are_excluded_but_a_non_deck_is_only_warned_about() {
    // What pre-commit does: it names every changed Markdown file.
    let dir = repository();
    let d = dir.path();
    let run = check(&[
        d.join("template.md"),
        d.join("drafts/idea.md"),
        d.join("README.md"),
        d.join("20240425.md"),
    ]);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    assert_eq!(
        run.excluded,
        [shown(d, "template.md"), shown(d, "drafts/idea.md")]
    );
    assert_eq!(
        checked(&run),
        [shown(d, "README.md"), shown(d, "20240425.md")]
    );
    // The README: DT006 alone (not the separator rules), a warning, so the
    // hook does not fail.
    let readme = &run.checked[0];
    let found: Vec<(&str, Severity)> = readme
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity))
        .collect();
    assert_eq!(found, [("DT006", Severity::Warning)]);
    assert!(
        readme.diagnostics[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("[files] exclude")),
        "{:?}",
        readme.diagnostics[0].help
    );
    assert!(
        run.checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .all(|d| d.severity != Severity::Error),
        "{:?}",
        run.checked
    );
}

#[test]
fn a_level_from_decktype_toml_applies_to_an_explicit_non_deck() {
    let dir = repository();
    let d = dir.path();
    let toml = std::fs::read_to_string(d.join("decktype.toml")).unwrap();
    std::fs::write(
        d.join("decktype.toml"),
        format!("{toml}\n[check]\nrules = {{ DT006 = \"error\" }}\n"),
    )
    .unwrap();
    let run = check(&[d.join("README.md")]);
    assert_eq!(run.checked[0].diagnostics[0].severity, Severity::Error);
}

#[test]
fn a_decktype_toml_above_the_repository_does_not_apply() {
    let outer = tempfile::tempdir().unwrap();
    let o = outer.path();
    write(
        o,
        &[
            ("decktype.toml", "[files]\nexclude = [\"*.md\"]\n"),
            ("repo/deck.md", DECK),
        ],
    );
    // Without a repository, the file above applies ...
    let run = check(&[o.join("repo")]);
    assert!(run.checked.is_empty());
    // ... with one, the search stops at its root (`.git` a file: a
    // worktree or a submodule).
    std::fs::write(o.join("repo/.git"), "gitdir: ../.git/worktrees/repo\n").unwrap();
    let run = check(&[o.join("repo")]);
    assert_eq!(checked(&run), [shown(o, "repo/deck.md")]);
}

#[test]
fn an_unknown_key_in_files_stops_the_run_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        &[
            ("decktype.toml", "[files]\nexcludes = [\"template.md\"]\n"),
            ("deck.md", DECK),
        ],
    );
    let mut configs = Configs::new(None, Vec::new()).unwrap();
    let e = run(
        &[d.to_owned()],
        &decktype_pipeline::Options::default(),
        &mut configs,
        Fixing::default(),
        decktype_pipeline::io::DEFAULT_MAX_INPUT,
        None,
    )
    .unwrap_err();
    let message = e.to_string();
    assert!(message.contains("decktype.toml"), "{message}");
    assert!(message.contains("unknown field `excludes`"), "{message}");
    assert!(
        message.contains("expected `include` or `exclude`"),
        "{message}"
    );
}

#[test]
fn a_non_deck_found_in_a_folder_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A separator rule `--fix` would rewrite in a deck.
    let text = "# Notes\n\nSome text.\n---\nMore.\n";
    write(d, &[("notes.md", text)]);
    let mut configs = Configs::new(None, Vec::new()).unwrap();
    let run = run(
        &[d.to_owned()],
        &decktype_pipeline::Options::default(),
        &mut configs,
        Fixing {
            mode: decktype_check::run::FixMode::Write,
            ..Fixing::default()
        },
        decktype_pipeline::io::DEFAULT_MAX_INPUT,
        None,
    )
    .unwrap();
    assert_eq!(run.not_decks, [shown(d, "notes.md")]);
    assert_eq!(std::fs::read_to_string(d.join("notes.md")).unwrap(), text);
}
