//! `decktype check`: validate decks for pull requests.

use std::io::Write;

use anyhow::Result;
use decktype_check::Level;
use decktype_check::fix::{Applicability, Change, Fix};
use decktype_check::format::{FileReport, Summary, printable};
use decktype_check::run::{Configs, FixMode, Fixing, Run};

use crate::args::{CheckArgs, CheckFormat};
use crate::config::load_profile;
use crate::output::emit;
use crate::render;

pub(crate) fn run(args: CheckArgs) -> Result<u8> {
    if args.list_rules {
        let mut s = String::new();
        for r in decktype_check::RULES {
            let level = r.default.map_or("as emitted", |l| match l {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "info",
                Level::Allow => "allow",
            });
            s.push_str(&format!(
                "{}  {:<10}  {:<30}  {}\n",
                r.code, level, r.name, r.summary
            ));
        }
        emit(None, &s)?;
        return Ok(0);
    }
    let profile = load_profile(args.profile.as_deref())?;
    let options = decktype_pipeline::Options::new(profile, args.date);
    options.warm_up_in_background();
    let overrides: Vec<(String, Level)> = [
        (&args.allow, Level::Allow),
        (&args.warn, Level::Warning),
        (&args.deny, Level::Error),
    ]
    .into_iter()
    .flat_map(|(codes, level)| codes.iter().map(move |c| (c.clone(), level)))
    .collect();
    let mut configs =
        Configs::new(args.config.as_deref(), overrides).map_err(|e| anyhow::anyhow!("{e}"))?;
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if args.stdin_filename.is_some() && !stdin {
        anyhow::bail!("--stdin-filename names standard input: give `-` among the paths");
    }
    let mode = if args.diff {
        FixMode::Diff
    } else if args.fix {
        FixMode::Write
    } else {
        FixMode::Off
    };
    let fixing = Fixing {
        mode,
        unsafe_fixes: args.unsafe_fixes,
    };
    let Run {
        checked,
        failures,
        fix_notes,
        diffs,
        not_decks,
        excluded,
        stdout,
    } = decktype_check::run::run(
        &args.paths,
        &options,
        &mut configs,
        fixing,
        args.max_input_size,
        args.stdin_filename.as_deref(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for f in &failures {
        eprintln!("error: {}", printable(f));
    }
    // As `decktype build` says it; neither fails the check.
    if !not_decks.is_empty() {
        eprintln!(
            "{} Markdown file{} without `type: slide` front matter not checked: {}",
            not_decks.len(),
            plural(not_decks.len()),
            printable(&not_decks.join(", "))
        );
    }
    if !excluded.is_empty() {
        eprintln!(
            "{} file{} excluded by `[files]` in decktype.toml not checked: {}",
            excluded.len(),
            plural(excluded.len()),
            printable(&excluded.join(", "))
        );
    }
    if !fix_notes.is_empty() {
        eprint!("{}", printable(&fix_notes));
    }
    let failed = !failures.is_empty();
    if mode == FixMode::Diff {
        // Like `cargo fmt --check`: what would change, and exit 1 if anything would.
        let changed: Vec<(&str, &[Change])> = checked
            .iter()
            .filter(|c| !c.changes.is_empty())
            .map(|c| (c.display.as_str(), c.changes.as_slice()))
            .collect();
        emit(None, diff_output(args.format, &changed, &diffs))?;
        let _ = std::io::stdout().flush();
        return Ok(if failed {
            2
        } else if changed.is_empty() {
            0
        } else {
            1
        });
    }
    // The fixes not applied, shown with their diagnostics: in the help
    // (human, GitHub, Markdown), after the message (short), as data (JSON,
    // SARIF).
    let fixes: Vec<&[Fix]> = checked.iter().map(|c| c.fixes.as_slice()).collect();
    let shown: Vec<Vec<decktype_model::Diagnostic>> = checked
        .iter()
        .map(|c| match args.format {
            CheckFormat::Short => short_with_fixes(&c.diagnostics, &c.fixes),
            CheckFormat::Json | CheckFormat::Sarif => c.diagnostics.clone(),
            _ => decktype_check::fix::with_suggestions(&c.diagnostics, &c.fixes),
        })
        .collect();
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .zip(&shown)
        .map(|(c, diagnostics)| FileReport {
            path: &c.display,
            source: &c.source,
            diagnostics,
        })
        .collect();
    let summary = Summary::of(&reports);
    let count = |a: Applicability| {
        checked
            .iter()
            .flat_map(|c| &c.fixes)
            .filter(|f| f.applicability == a)
            .count()
    };
    let (safe, unsafe_) = (count(Applicability::Safe), count(Applicability::Unsafe));
    let text = match args.format {
        CheckFormat::Human => {
            let color = crate::color::stdout();
            let mut s = String::new();
            for r in &reports {
                s.push_str(&render::human(r.path, r.source, r.diagnostics, color));
            }
            s.push_str(&format!(
                "checked {} file{}: {} error{}, {} warning{}, {} info\n",
                summary.files,
                plural(summary.files),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings),
                summary.infos
            ));
            s.push_str(&fixes_available(safe, unsafe_, args.fix));
            s
        }
        CheckFormat::Short => decktype_check::format::short(&reports),
        CheckFormat::Json => {
            let report = decktype_check::report::Report::with_fixes(&reports, &fixes);
            let mut s = serde_json::to_string_pretty(&report)?;
            s.push('\n');
            s
        }
        CheckFormat::Github => decktype_check::format::github(&reports),
        CheckFormat::Markdown => decktype_check::format::markdown(&reports),
        CheckFormat::Sarif => {
            decktype_check::format::sarif_with_fixes(&reports, &fixes, env!("CARGO_PKG_VERSION"))
        }
    };
    match stdout {
        // `check --fix -`: the deck goes to standard output (as `ruff
        // check --fix -` does), the report to standard error.
        Some(deck) => {
            std::io::stdout().write_all(deck.as_bytes())?;
            eprint!("{text}");
        }
        None => emit(None, &text)?,
    }
    let _ = std::io::stdout().flush();
    Ok(if failed {
        2
    } else if summary.errors > 0 {
        1
    } else {
        0
    })
}

/// The human summary's line about the fixes not applied (empty when none).
fn fixes_available(safe: usize, unsafe_: usize, fixing: bool) -> String {
    let fix = |n: usize| format!("{n} fix{}", if n == 1 { "" } else { "es" });
    match (safe, unsafe_) {
        (0, 0) => String::new(),
        (0, u) if fixing => format!("{} available with --unsafe-fixes\n", fix(u)),
        (0, u) => format!("{} available with --fix --unsafe-fixes\n", fix(u)),
        (s, 0) => format!("{} available with --fix\n", fix(s)),
        (s, u) => format!(
            "{} available with --fix ({} more with --fix --unsafe-fixes)\n",
            fix(s),
            u
        ),
    }
}

/// The short format's diagnostics: a fix not applied is named after the
/// message.
fn short_with_fixes(
    diagnostics: &[decktype_model::Diagnostic],
    fixes: &[Fix],
) -> Vec<decktype_model::Diagnostic> {
    let by = decktype_check::fix::by_diagnostic(fixes);
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(f) = by.get(&(d.code.as_str(), d.span.start)) {
                d.message.push_str(match f.applicability {
                    Applicability::Safe => " [fix: --fix]",
                    Applicability::Unsafe => " [unsafe fix: --fix --unsafe-fixes]",
                });
            }
            d
        })
        .collect()
}

/// What `check --fix --diff` prints: in the human format the unified
/// diff; otherwise each change, as `--format` says.
fn diff_output(format: CheckFormat, changed: &[(&str, &[Change])], diffs: &str) -> String {
    let each = || {
        changed
            .iter()
            .flat_map(|(path, changes)| changes.iter().map(move |c| (*path, c)))
    };
    match format {
        CheckFormat::Human => diffs.to_owned(),
        CheckFormat::Markdown => {
            if diffs.is_empty() {
                "decktype check --fix would change nothing.\n".to_owned()
            } else {
                format!("```diff\n{diffs}```\n")
            }
        }
        CheckFormat::Short => each()
            .map(|(path, c)| {
                format!(
                    "{}:{}: would fix[{}]: {}{}\n",
                    printable(path),
                    c.line,
                    c.code,
                    printable(&c.description),
                    unsafe_mark(c)
                )
            })
            .collect(),
        CheckFormat::Github => each()
            .map(|(path, c)| {
                format!(
                    "::notice file={},line={},title=decktype check --fix::{}\n",
                    gh_escape(&printable(path), true),
                    c.line,
                    gh_escape(
                        &format!("would fix {}: {}{}", c.code, c.description, unsafe_mark(c)),
                        false
                    )
                )
            })
            .collect(),
        CheckFormat::Json => {
            let files: Vec<_> = changed
                .iter()
                .map(|(path, changes)| {
                    serde_json::json!({
                        "path": path,
                        "changes": changes.iter().map(|c| serde_json::json!({
                            "line": c.line,
                            "code": c.code,
                            "description": c.description,
                            "applicability": c.applicability,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "version": 1,
                "files": files,
                "summary": {
                    "files_changed": changed.len(),
                    "changes": each().count(),
                },
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        CheckFormat::Sarif => {
            let results: Vec<_> = each()
                .map(|(path, c)| {
                    serde_json::json!({
                        "ruleId": c.code,
                        "level": "note",
                        "message": {"text": format!(
                            "decktype check --fix would change this line: {}{}",
                            c.description,
                            unsafe_mark(c)
                        )},
                        "locations": [{"physicalLocation": {
                            "artifactLocation": {"uri": path.replace('\\', "/")},
                            "region": {"startLine": c.line},
                        }}],
                    })
                })
                .collect();
            let log = serde_json::json!({
                "$schema": decktype_check::format::SARIF_SCHEMA,
                "version": "2.1.0",
                "runs": [{
                    "tool": {"driver": {
                        "name": "decktype",
                        "version": env!("CARGO_PKG_VERSION"),
                        "informationUri": "https://github.com/decktype/decktype",
                    }},
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }],
            });
            let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

fn unsafe_mark(c: &Change) -> &'static str {
    match c.applicability {
        Applicability::Safe => "",
        Applicability::Unsafe => " (unsafe fix)",
    }
}

/// Escapes a GitHub workflow command's message (`property`: a property
/// value, where `:` and `,` are escaped too).
fn gh_escape(s: &str, property: bool) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
