//! `decktype check`: validate decks for pull requests.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use decktype_check::format::{FileReport, Summary};
use decktype_check::{Config, Level};
use decktype_model::Diagnostic;

use crate::render;

/// Output formats of `decktype check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// rustc-style: file:line:col, the source lines, carets and help.
    Human,
    /// One line per diagnostic: `file:line:col: level[CODE]: message`.
    Short,
    /// A JSON report (documented in the README), 1-based lines and columns.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    /// Decks and folders to check (folders: every `*.md` below them).
    #[arg(value_name = "PATHS", required_unless_present = "list_rules")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Report these rules as errors; `--deny warnings` makes every warning an error.
    #[arg(long, value_name = "CODE")]
    deny: Vec<String>,
    /// Report these rules as warnings.
    #[arg(long, value_name = "CODE")]
    warn: Vec<String>,
    /// Do not report these rules.
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// Rewrite what is mechanically safe (blank lines and spaces around
    /// separators, blank lines before front matter), atomically, then check.
    #[arg(long)]
    fix: bool,
    /// With --fix: print the changes as a diff and write nothing.
    #[arg(long, requires = "fix")]
    dry_run: bool,
    /// Use this configuration file instead of the nearest `decktype.toml`
    /// above each deck.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The community profile (TOML); default: the SCS profile built in.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// The call's date when a deck does not give one (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::parse_date)]
    date: Option<chrono::NaiveDate>,
    /// List the rules with their codes and default levels, and exit.
    #[arg(long)]
    list_rules: bool,
}

/// The decks named by `paths`: files as given, folders searched for `*.md`
/// (hidden folders skipped), sorted.
fn collect(paths: &[PathBuf], failures: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => failures.push(format!("cannot read `{}`: {e}", path.display())),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(path, &mut found, failures);
                found.sort();
                out.extend(found);
            }
            Ok(_) => out.push(path.clone()),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, failures: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(format!("cannot read folder `{}`: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        // Symlinks are not followed: a check reads only below the folders given.
        match entry.file_type() {
            Ok(t) if t.is_dir() && !hidden => walk(&path, out, failures),
            Ok(t) if t.is_file() && path.extension().is_some_and(|e| e == "md") => out.push(path),
            _ => {}
        }
    }
}

struct Checked {
    display: String,
    source: String,
    diagnostics: Vec<Diagnostic>,
}

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
        crate::emit(None, &s)?;
        return Ok(0);
    }
    let profile = crate::load_profile(args.profile.as_deref())?;
    let options = decktype_semantics::Options::new(None, args.date).with_profile(profile);
    let flags = |config: &mut Config| -> Result<()> {
        for (codes, level) in [
            (&args.allow, Level::Allow),
            (&args.warn, Level::Warning),
            (&args.deny, Level::Error),
        ] {
            for code in codes {
                config
                    .set(code, level)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            }
        }
        Ok(())
    };
    let fixed_config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let mut c = Config::from_toml(&text, path).map_err(|e| anyhow::anyhow!("{e}"))?;
            flags(&mut c)?;
            Some(c)
        }
        None => {
            // Check the flags once up front, so a typo is a usage error even
            // when no deck is found.
            flags(&mut Config::default())?;
            None
        }
    };
    let mut failures = Vec::new();
    let files = collect(&args.paths, &mut failures);
    let mut configs: BTreeMap<PathBuf, Config> = BTreeMap::new();
    let mut checked = Vec::new();
    let mut diffs = String::new();
    let mut fix_notes = String::new();
    for file in &files {
        // `decktype check .` finds `./a.md`: shown (and annotated) as `a.md`.
        let display = file
            .strip_prefix(".")
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        let config = match &fixed_config {
            Some(c) => c.clone(),
            None => {
                let dir = file.parent().map(Path::to_owned).unwrap_or_default();
                if let Some(c) = configs.get(&dir) {
                    c.clone()
                } else {
                    let mut c = Config::discover(file).map_err(|e| anyhow::anyhow!("{e}"))?;
                    flags(&mut c)?;
                    configs.insert(dir, c.clone());
                    c
                }
            }
        };
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                failures.push(format!("cannot read `{display}`: {e}"));
                continue;
            }
        };
        let mut source = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let d = decktype_parse::not_utf8_diagnostic(&bytes, at);
                let lossy = String::from_utf8_lossy(&bytes[..at]).into_owned();
                checked.push(Checked {
                    display,
                    source: lossy,
                    diagnostics: config.apply(vec![d]),
                });
                continue;
            }
        };
        if args.fix
            && let Some(fixed) = decktype_check::fix::fix(&source)
        {
            for change in &fixed.changes {
                fix_notes.push_str(&format!(
                    "{}{display}:{}: {}\n",
                    if args.dry_run { "would fix " } else { "fixed " },
                    change.line,
                    change.description
                ));
            }
            if args.dry_run {
                diffs.push_str(&decktype_check::fix::diff(&display, &source, &fixed.text));
            } else {
                write_keeping_permissions(file, &fixed.text)?;
            }
            source = fixed.text;
        }
        let (_, diagnostics) = decktype_check::check_source(&source, Some(file), &options, &config);
        checked.push(Checked {
            display,
            source,
            diagnostics,
        });
    }
    for f in &failures {
        eprintln!("error: {f}");
    }
    if !fix_notes.is_empty() {
        eprint!("{fix_notes}");
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport {
            path: &c.display,
            source: &c.source,
            diagnostics: &c.diagnostics,
        })
        .collect();
    let summary = Summary::of(&reports);
    if args.dry_run {
        crate::emit(None, &diffs)?;
    } else {
        let text = match args.format {
            Format::Human => {
                let color = std::io::stdout().is_terminal();
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
                s
            }
            Format::Short => decktype_check::format::short(&reports),
            Format::Json => decktype_check::format::json(&reports),
            Format::Github => decktype_check::format::github(&reports),
            Format::Sarif => decktype_check::format::sarif(&reports, env!("CARGO_PKG_VERSION")),
        };
        crate::emit(None, &text)?;
    }
    let _ = std::io::stdout().flush();
    Ok(if !failures.is_empty() {
        2
    } else if summary.errors > 0 {
        1
    } else {
        0
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Replaces `path` with `text` atomically, keeping the file's permissions.
fn write_keeping_permissions(path: &Path, text: &str) -> Result<()> {
    let permissions = std::fs::metadata(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?
        .permissions();
    crate::write_atomically(path, text, Some(permissions))
}
