//! `decktype check`: validate decks for pull requests.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use decktype_check::Level;
use decktype_check::format::{FileReport, Summary, printable};
use decktype_check::run::{Configs, FixMode, Run};

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
    let fix = match (args.fix, args.dry_run) {
        (false, _) => FixMode::Off,
        (true, false) => FixMode::Write,
        (true, true) => FixMode::DryRun,
    };
    let Run {
        checked,
        failures,
        fix_notes,
        diffs,
    } = decktype_check::run::run(
        &args.paths,
        &options,
        &mut configs,
        fix,
        args.max_input_size,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for f in &failures {
        eprintln!("error: {}", printable(f));
    }
    if !fix_notes.is_empty() {
        eprint!("{}", printable(&fix_notes));
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
        emit(None, &diffs)?;
    } else {
        let text = match args.format {
            CheckFormat::Human => {
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
            CheckFormat::Short => decktype_check::format::short(&reports),
            CheckFormat::Json => decktype_check::format::json(&reports),
            CheckFormat::Github => decktype_check::format::github(&reports),
            CheckFormat::Sarif => {
                decktype_check::format::sarif(&reports, env!("CARGO_PKG_VERSION"))
            }
        };
        emit(None, &text)?;
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
