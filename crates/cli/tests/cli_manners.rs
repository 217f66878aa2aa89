//! The command line's manners (issue 18): `--color` and the colour
//! environment variables, shell completions and the manual page, `-o -`
//! for standard output, and folders given to `parse`, `events` and
//! `export`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::{stderr, stdout, workspace};

/// Runs `decktype ARGS` in `dir` with a clean colour environment (no
/// `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`; a colour `TERM`) plus `env`.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_decktype"));
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

/// Runs `decktype ARGS` in the workspace with a clean colour environment.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_env(&workspace(), args, env)
}

fn has_escape(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

/// A deck with a warning (DT030: no call date), so that every command has
/// a diagnostic to colour.
const WARNED: &str = "fixtures/notes.md";

#[test]
fn color_flag_and_environment_decide_for_check_report_on_stdout() {
    // (arguments before the deck, environment, colour expected)
    type Case = (
        &'static [&'static str],
        &'static [(&'static str, &'static str)],
        bool,
    );
    let cases: &[Case] = &[
        (&[], &[], false),
        (&["--color", "auto"], &[], false),
        (&["--color", "always"], &[], true),
        (&["--color=always"], &[], true),
        (&["--color", "never"], &[], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "0")], false),
        (&[], &[("CLICOLOR_FORCE", "")], false),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&[], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], false),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color", "always"], &[("CLICOLOR", "0")], true),
        (&[], &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")], true),
        (&[], &[("NO_COLOR", "")], false),
    ];
    for (flags, env, want) in cases {
        let mut args = vec!["check"];
        args.extend_from_slice(flags);
        args.push(WARNED);
        let out = run(&args, env);
        assert_eq!(out.status.code(), Some(0), "{args:?} {}", stderr(&out));
        assert!(stdout(&out).contains("DT030"), "{args:?}");
        assert_eq!(
            has_escape(&out.stdout),
            *want,
            "{args:?} {env:?}: {:?}",
            stdout(&out)
        );
        // The report goes to stdout; nothing coloured on stderr.
        assert!(!has_escape(&out.stderr), "{args:?}");
    }
}

#[test]
fn the_flag_is_global_before_or_after_the_command() {
    let before = run(&["--color", "always", "check", WARNED], &[]);
    let after = run(&["check", WARNED, "--color", "always"], &[]);
    assert!(has_escape(&before.stdout));
    assert_eq!(before.stdout, after.stdout);
    let bad = run(&["--color", "purple", "check", WARNED], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("purple"), "{}", stderr(&bad));
}

#[test]
fn diagnostics_on_stderr_follow_the_same_rules() {
    for (command, extra) in [
        ("parse", &[][..]),
        ("events", &[][..]),
        ("export", &["--to", "json", "-o", "-"][..]),
    ] {
        for (flags, env, want) in [
            (&["--color", "always"][..], &[][..], true),
            (
                &["--color", "never"][..],
                &[("CLICOLOR_FORCE", "1")][..],
                false,
            ),
            (&[][..], &[("CLICOLOR_FORCE", "1")][..], true),
            (
                &[][..],
                &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")][..],
                false,
            ),
            (&[][..], &[][..], false),
        ] {
            let mut args = vec![command, WARNED];
            args.extend_from_slice(extra);
            args.extend_from_slice(flags);
            let out = run(&args, env);
            assert_eq!(out.status.code(), Some(0), "{args:?} {}", stderr(&out));
            assert!(stderr(&out).contains("DT030"), "{args:?}");
            assert_eq!(has_escape(&out.stderr), want, "{args:?} {env:?}");
            // The product on stdout is never coloured.
            assert!(!has_escape(&out.stdout), "{args:?}");
        }
    }
}

#[test]
fn clap_help_and_usage_errors_follow_the_same_rules() {
    let help = run(&["--help"], &[]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("completions"));
    assert!(!has_escape(&help.stdout));
    let help = run(&["--help"], &[("CLICOLOR_FORCE", "1")]);
    assert!(has_escape(&help.stdout), "{}", stdout(&help));
    let help = run(&["parse", "--help", "--color", "always"], &[]);
    assert_eq!(help.status.code(), Some(0));
    assert!(has_escape(&help.stdout));
    let help = run(&["--color", "never", "--help"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!has_escape(&help.stdout));

    let error = run(&["--color", "always", "parse", "--no-such-flag"], &[]);
    assert_eq!(error.status.code(), Some(2));
    assert!(has_escape(&error.stderr), "{}", stderr(&error));
    assert!(error.stdout.is_empty());
    let error = run(&["parse", "--no-such-flag"], &[("CLICOLOR_FORCE", "1")]);
    assert!(has_escape(&error.stderr));
    let error = run(
        &["parse", "--no-such-flag", "--color=never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(error.status.code(), Some(2));
    assert!(!has_escape(&error.stderr), "{}", stderr(&error));
    assert!(stderr(&error).contains("--no-such-flag"));
    let error = run(&["parse", "--no-such-flag"], &[]);
    assert!(!has_escape(&error.stderr));
}

/// On a terminal (a pseudo-terminal made by util-linux's `script`), auto
/// colours unless NO_COLOR, CLICOLOR=0 or TERM=dumb say otherwise.
#[test]
fn auto_colours_a_terminal_unless_told_not_to() {
    let script = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !script.is_ok_and(|s| s.success()) {
        eprintln!("skipped: util-linux `script` (for a pseudo-terminal) is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_decktype");
    for (flags, env, want) in [
        ("", &[][..], true),
        ("--color never", &[][..], false),
        ("", &[("NO_COLOR", "1")][..], false),
        ("", &[("CLICOLOR", "0")][..], false),
        ("", &[("TERM", "dumb")][..], false),
        ("--color always", &[("TERM", "dumb")][..], true),
    ] {
        let mut cmd = Command::new("script");
        cmd.args([
            "-qec",
            &format!("{bin} check {flags} {WARNED}"),
            "/dev/null",
        ])
        .current_dir(workspace())
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("DT030"), "{flags} {env:?}: {text:?}");
        assert_eq!(has_escape(&out.stdout), want, "{flags} {env:?}: {text:?}");
    }
}

/// A folder of decks: two `index.md` in subfolders, a top-level deck with
/// a warning, a note that is no deck, and a hidden folder.
fn decks() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("decks");
    for sub in ["a", "b", ".hidden"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
    }
    let basic = std::fs::read_to_string(workspace().join("fixtures/basic.md")).unwrap();
    std::fs::write(d.join("a/index.md"), &basic).unwrap();
    std::fs::write(d.join("b/index.md"), basic.replace("Welcome", "Greetings")).unwrap();
    std::fs::copy(workspace().join(WARNED), d.join("notes-deck.md")).unwrap();
    std::fs::write(d.join("readme.md"), "# Not a deck\n\nJust notes.\n").unwrap();
    std::fs::copy(
        workspace().join("fixtures/basic.md"),
        d.join(".hidden/x.md"),
    )
    .unwrap();
    dir
}

#[test]
fn build_colours_stderr_and_its_workers_get_the_global_flag() {
    let dir = decks();
    let out = run_env(
        dir.path(),
        &[
            "--color", "always", "build", "decks", "-o", "site", "--to", "json", "-v",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(has_escape(&out.stderr), "{}", stderr(&out));
    assert!(stderr(&out).contains("DT030"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("3 decks: 3 built"),
        "{}",
        stderr(&out)
    );
    for f in ["a/index.json", "b/index.json", "notes-deck.json"] {
        assert!(dir.path().join("site/decks").join(f).is_file(), "{f}");
    }
    // Not a terminal: plain progress lines, no bar.
    assert!(stderr(&out).contains("[1/3]"), "{}", stderr(&out));
    let out = run_env(
        dir.path(),
        &["build", "decks", "-o", "site2", "--to", "json", "-v"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("DT030"));
    assert!(!has_escape(&out.stderr), "{}", stderr(&out));
}

const SUBCOMMANDS: [&str; 9] = [
    "parse",
    "events",
    "check",
    "export",
    "build",
    "new",
    "schema",
    "completions",
    "man",
];

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell} lacks {name}");
        }
        // The global flag (fish spells it `-l color`).
        assert!(script.contains("color"), "{shell}");
        // The build's hidden worker is not offered.
        assert!(!script.contains("export-deck"), "{shell}");
    }
    let bash = run(&["completions", "bash"], &[]);
    let script = stdout(&bash);
    assert!(
        script.contains("parse events check export build new completions man schema"),
        "{script}"
    );
    let checked = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    match checked {
        Ok(mut child) => {
            use std::io::Write as _;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(script.as_bytes())
                .unwrap();
            let result = child.wait_with_output().unwrap();
            assert!(
                result.status.success(),
                "bash -n: {}",
                String::from_utf8_lossy(&result.stderr)
            );
        }
        Err(_) => eprintln!("skipped `bash -n`: no bash"),
    }
    let out = run(&["completions", "tcsh"], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_page_printed_or_one_per_command_in_a_folder() {
    let out = run(&["man"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH decktype 1"), "{page}");
    for name in SUBCOMMANDS {
        assert!(page.contains(name), "the page lacks {name}");
    }
    assert!(!page.contains("export-deck"));
    assert!(page.contains("NO_COLOR"));
    assert_eq!(run(&["man", "-o", "-"], &[]).stdout, out.stdout);

    let dir = tempfile::tempdir().unwrap();
    let out = run_env(dir.path(), &["man", "-o", "pages"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let main = std::fs::read_to_string(dir.path().join("pages/decktype.1")).unwrap();
    assert_eq!(main, page);
    for name in SUBCOMMANDS {
        let sub = std::fs::read_to_string(dir.path().join(format!("pages/decktype-{name}.1")))
            .unwrap_or_else(|e| panic!("decktype-{name}.1: {e}"));
        assert!(sub.contains(".TH decktype-"), "{name}");
    }
    let pages = std::fs::read_dir(dir.path().join("pages")).unwrap().count();
    assert_eq!(pages, SUBCOMMANDS.len() + 1);
}

#[test]
fn dash_output_is_standard_output_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let deck = workspace().join("fixtures/basic.md");
    let deck = deck.to_str().unwrap();
    let d = dir.path();
    let json = |out: &Output| -> serde_json::Value {
        assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
        serde_json::from_slice(&out.stdout).unwrap()
    };

    let parse = run_env(d, &["parse", "-q", deck, "-o", "-"], &[]);
    assert_eq!(json(&parse)["format_version"], 1);
    let schema = run_env(d, &["schema", "-o", "-"], &[]);
    assert!(json(&schema)["$id"].is_string());
    let exported = run_env(d, &["export", "-q", deck, "--to", "json", "-o", "-"], &[]);
    assert_eq!(json(&exported)["format_version"], 1);
    let html = run_env(d, &["export", "-q", deck, "--to", "html", "-o", "-"], &[]);
    assert_eq!(html.status.code(), Some(0), "{}", stderr(&html));
    assert!(stdout(&html).starts_with("<!DOCTYPE html>"));
    let pdf = run_env(d, &["export", "-q", deck, "--to", "pdf", "-o", "-"], &[]);
    assert_eq!(pdf.status.code(), Some(0), "{}", stderr(&pdf));
    assert!(pdf.stdout.starts_with(b"%PDF-"));
    let events = run_env(d, &["events", "-q", deck, "--json", "-o", "-"], &[]);
    assert!(json(&events).is_array());
    let new = run_env(d, &["new", "--date", "2026-01-08", "-o", "-"], &[]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    assert!(stdout(&new).contains("type: slide"), "{}", stdout(&new));
    assert!(stdout(&new).contains("2026-01-08"));
    assert!(!stderr(&new).contains("wrote"), "{}", stderr(&new));

    // Nothing named `-` was made, and no default file either.
    let left: Vec<_> = std::fs::read_dir(d).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");

    // `build -o` is a folder: `-` is a usage error, and no folder `-`.
    let build = run_env(d, &["build", ".", "-o", "-"], &[]);
    assert_eq!(build.status.code(), Some(2));
    assert!(stderr(&build).contains("`-`"), "{}", stderr(&build));
    assert!(!d.join("-").exists());

    // `events -o FILE` writes the file.
    let out = run_env(d, &["events", "-q", deck, "--json", "-o", "ev.json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("ev.json")).unwrap()).unwrap();
    assert!(written.is_array());
}

#[test]
fn parse_and_events_take_folders() {
    let dir = decks();
    let out = run_env(dir.path(), &["parse", "decks"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap())
        .collect();
    // Sorted, the note and the hidden folder skipped.
    assert_eq!(
        paths,
        [
            "decks/a/index.md",
            "decks/b/index.md",
            "decks/notes-deck.md"
        ]
    );
    let err = stderr(&out);
    assert!(err.contains("DT030"), "{err}");
    assert!(
        err.contains(
            "1 Markdown file in `decks` without `type: slide` front matter skipped: decks/readme.md"
        ),
        "{err}"
    );
    // -q drops the note.
    let quiet = run_env(dir.path(), &["parse", "-q", "decks"], &[]);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
    assert_eq!(quiet.stdout, out.stdout);

    // JSON Lines: one line per deck.
    let lines = run_env(dir.path(), &["parse", "-q", "--jsonl", "decks"], &[]);
    assert_eq!(stdout(&lines).lines().count(), 3);

    // A folder of one deck is still an array (its length is not known in
    // advance); `.` is shown without `./`.
    let one = run_env(&dir.path().join("decks/a"), &["parse", "-q", "."], &[]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["source"]["path"], "index.md");

    // A folder and a file together, in the order given.
    let mixed = run_env(
        dir.path(),
        &["parse", "-q", "decks/notes-deck.md", "decks/b"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&mixed.stdout).unwrap();
    assert_eq!(v[0]["source"]["path"], "decks/notes-deck.md");
    assert_eq!(v[1]["source"]["path"], "decks/b/index.md");

    // An empty folder: an empty array.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let empty = run_env(dir.path(), &["parse", "empty"], &[]);
    assert_eq!(empty.status.code(), Some(0));
    assert_eq!(stdout(&empty).trim(), "[]");

    let events = run_env(dir.path(), &["events", "-q", "--json", "decks"], &[]);
    assert_eq!(events.status.code(), Some(0), "{}", stderr(&events));
    assert!(
        serde_json::from_slice::<serde_json::Value>(&events.stdout)
            .unwrap()
            .is_array()
    );
}

#[test]
fn export_of_a_folder_keeps_subfolders_under_out_dir() {
    let dir = decks();
    let d = dir.path();
    let out = run_env(d, &["export", "decks", "--out-dir", "out"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let a = std::fs::read_to_string(d.join("out/a/index.html")).unwrap();
    let b = std::fs::read_to_string(d.join("out/b/index.html")).unwrap();
    assert!(a.contains("Welcome") && !a.contains("Greetings"));
    assert!(b.contains("Greetings"));
    assert!(d.join("out/notes-deck.html").is_file());
    assert!(!d.join("out/readme.html").exists());
    assert!(!d.join("out/.hidden").exists());
    let err = stderr(&out);
    assert!(err.contains("wrote out/a/index.html"), "{err}");

    // Without --out-dir: next to each deck.
    let out = run_env(d, &["export", "-q", "--to", "json", "decks"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in [
        "decks/a/index.json",
        "decks/b/index.json",
        "decks/notes-deck.json",
    ] {
        assert!(d.join(f).is_file(), "{f}");
    }
    assert!(!d.join("decks/readme.json").exists());

    // The same file names given as files would collide: refused up front.
    let out = run_env(
        d,
        &[
            "export",
            "decks/a/index.md",
            "decks/b/index.md",
            "--out-dir",
            "flat",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("would both be written to"),
        "{}",
        stderr(&out)
    );
    assert!(!d.join("flat/index.html").exists());
}

#[test]
fn export_of_a_folder_to_one_file_needs_one_deck() {
    let dir = decks();
    let d = dir.path();
    let out = run_env(d, &["export", "decks", "-o", "all.html"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("3 decks"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--out-dir"), "{}", stderr(&out));
    assert!(!d.join("all.html").exists());
    let out = run_env(d, &["export", "decks", "-o", "-"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let out = run_env(d, &["export", "-q", "decks/a", "-o", "one.html"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(d.join("one.html"))
            .unwrap()
            .contains("Welcome")
    );
}
