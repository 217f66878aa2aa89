//! `decktype build` (a folder of decks → a site) and `decktype new` (next
//! call's deck from the community's template).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Result, bail};
use decktype_build::{DeckReport, Progress, Status};
use decktype_model::{Diagnostic, Severity};

use crate::export::{ImageArgs, PdfArgs};
use crate::{load_profile, parse_date, render, write_atomically};

/// The SCS community's template for a new call (`decktype new` without
/// `--from`): `template.md` of SovereignCloudStack/minutes, community-call/.
const SCS_TEMPLATE: &str = include_str!("../../../fixtures/templates/scs-community-call.md");

#[derive(clap::Args, Debug)]
pub(crate) struct BuildArgs {
    /// The folder of decks (searched recursively for `*.md` with `type:
    /// slide` front matter).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The site folder to write (created when missing).
    #[arg(short, long, value_name = "SITE", default_value = "site")]
    output: PathBuf,
    /// Which outputs per deck, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "json,html,pdf"
    )]
    to: Vec<BuildFormat>,
    #[command(flatten)]
    images: ImageArgs,
    /// The community profile (TOML). Default: the built-in SCS profile.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Rebuild every deck, also the unchanged ones.
    #[arg(long)]
    force: bool,
    /// The archive's title, on the index page and in the calendar.
    #[arg(long, default_value = "SCS community call archive")]
    title: String,
    /// Print every diagnostic in full (by default only errors are, warnings
    /// are counted).
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Print only errors and the summary.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    pdf: PdfArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum BuildFormat {
    /// The decktype JSON.
    Json,
    /// Self-contained HTML.
    Html,
    /// PDF.
    Pdf,
}

/// How progress is shown: a bar on a terminal, plain lines otherwise.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    done: AtomicUsize,
    total: AtomicUsize,
    color: bool,
    verbose: bool,
    quiet: bool,
}

impl Reporter {
    fn println(&self, text: &str) {
        let text = text.trim_end_matches('\n');
        if text.is_empty() {
            return;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    fn report(&self, p: Progress<'_>) {
        match p {
            Progress::Found { total } => {
                self.total.store(total, Ordering::Relaxed);
                if let Some(bar) = &self.bar {
                    bar.set_length(total as u64);
                }
            }
            Progress::Deck(r) => self.deck(r),
        }
    }

    fn deck(&self, r: &DeckReport) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        let shown: Vec<Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || (self.verbose && !self.quiet))
            .cloned()
            .collect();
        if !shown.is_empty() {
            let source = r.source.as_deref().unwrap_or("");
            let display = r.file.display().to_string();
            self.println(&render::human(&display, source, &shown, self.color));
        }
        let what = match r.status {
            Status::Built => "built",
            Status::Unchanged => "unchanged",
            Status::Failed => "FAILED",
        };
        let mut line = format!("[{done}/{total}] {what} {}", r.path);
        if r.status != Status::Failed {
            line.push_str(&format!(" ({} slides", r.slides));
            if r.warnings > 0 {
                line.push_str(&format!(
                    ", {} warning{}",
                    r.warnings,
                    if r.warnings == 1 { "" } else { "s" }
                ));
            }
            if r.status == Status::Built {
                line.push_str(&format!(", {:.2} s", r.elapsed.as_secs_f64()));
            }
            line.push(')');
        } else {
            line.push_str(&format!(
                " ({} error{}; skipped, the other decks build)",
                r.errors,
                if r.errors == 1 { "" } else { "s" }
            ));
        }
        match &self.bar {
            Some(bar) => {
                if r.status == Status::Failed {
                    bar.println(&line);
                }
                bar.set_message(r.path.clone());
                bar.inc(1);
            }
            None if !self.quiet || r.status == Status::Failed => eprintln!("{line}"),
            None => {}
        }
    }
}

pub(crate) fn run(args: BuildArgs) -> Result<u8> {
    let profile = load_profile(args.profile.as_deref())?;
    let options = decktype_build::Options {
        formats: decktype_build::Formats {
            json: args.to.contains(&BuildFormat::Json),
            html: args.to.contains(&BuildFormat::Html),
            pdf: args.to.contains(&BuildFormat::Pdf),
        },
        assets: args.images.assets.clone(),
        fetch: args.images.fetch(),
        pdf: args.pdf.settings()?,
        profile,
        jobs: args.jobs,
        force: args.force,
        title: args.title.clone(),
    };
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    let terminal = std::io::stderr().is_terminal();
    let bar = (terminal && !args.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} decks  {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let reporter = Reporter {
        bar,
        done: AtomicUsize::new(0),
        total: AtomicUsize::new(0),
        color: terminal,
        verbose: args.verbose,
        quiet: args.quiet,
    };
    let result = decktype_build::build(&args.dir, &args.output, &options, &|p| reporter.report(p));
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    let summary = result.map_err(|e| anyhow::anyhow!("{e}"))?;
    if !summary.not_decks.is_empty() && !args.quiet {
        eprintln!(
            "{} Markdown file{} without `type: slide` front matter not built: {}",
            summary.not_decks.len(),
            if summary.not_decks.len() == 1 {
                ""
            } else {
                "s"
            },
            summary.not_decks.join(", ")
        );
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "{}: {} built, {} unchanged, {} failed; {}, {}, {} in {:.1} s → {}",
        plural(summary.decks, "deck"),
        summary.built,
        summary.unchanged,
        summary.failed.len(),
        plural(summary.slides, "slide"),
        plural(summary.warnings, "warning"),
        plural(summary.errors, "error"),
        summary.elapsed.as_secs_f64(),
        args.output.display()
    );
    if summary.warnings > 0 && !args.verbose && !args.quiet {
        eprintln!("(warnings are counted; --verbose prints them, `decktype check` explains them)");
    }
    if !summary.failed.is_empty() {
        eprintln!("failed: {}", summary.failed.join(", "));
        return Ok(1);
    }
    Ok(0)
}

#[derive(clap::Args, Debug)]
pub(crate) struct NewArgs {
    /// The call's date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: chrono::NaiveDate,
    /// The template (default: the SCS community call template built into
    /// decktype). Its date placeholder (`202X-XX-XX`, `YYYY-MM-DD`) or,
    /// in a previous call's deck, the call's date is replaced.
    #[arg(long, value_name = "TEMPLATE.md")]
    from: Option<PathBuf>,
    /// The file to write. Default: `YYYYMMDD.md` (the community's naming)
    /// in the current folder.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

/// The placeholders a template may hold for the date.
const PLACEHOLDERS: [&str; 4] = ["202X-XX-XX", "20XX-XX-XX", "XXXX-XX-XX", "YYYY-MM-DD"];

/// `template` with its call date set to `date`; the number of places
/// changed. Placeholders first; without any, a previous deck's own call
/// date on its title slide and in its front matter.
pub(crate) fn fill_date(template: &str, date: &str) -> (String, usize) {
    let mut out = template.to_owned();
    let mut count = 0;
    for p in PLACEHOLDERS {
        count += out.matches(p).count();
        out = out.replace(p, date);
    }
    if count > 0 {
        return (out, count);
    }
    let mut parsed = decktype_parse::parse(template, &decktype_parse::Options::default());
    decktype_semantics::enrich(
        &mut parsed.deck,
        &decktype_semantics::Options::new(None, None),
    );
    let Some(old) = parsed.deck.meta.date.clone() else {
        return (out, 0);
    };
    // The title slide and the front matter: where the call date is written.
    let end = parsed
        .deck
        .slides
        .iter()
        .take(2)
        .map(|s| s.span.end)
        .max()
        .unwrap_or(0)
        .min(template.len());
    let head = &template[..end];
    count = head.matches(old.as_str()).count();
    out = format!("{}{}", head.replace(old.as_str(), date), &template[end..]);
    (out, count)
}

pub(crate) fn new(args: NewArgs) -> Result<u8> {
    let template = match &args.from {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the template `{}`: {e}", path.display()))?,
        None => SCS_TEMPLATE.to_owned(),
    };
    let date = args.date.format("%Y-%m-%d").to_string();
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.md", args.date.format("%Y%m%d"))));
    if target.exists() && !args.force {
        bail!(
            "`{}` exists; pass --force to replace it, or -o to write elsewhere",
            target.display()
        );
    }
    let (text, replaced) = fill_date(&template, &date);
    let mut code = 0;
    if replaced == 0 {
        eprintln!(
            "warning: the template has no date to fill in (no {} placeholder and no call date on its title slide); add the date to the title slide by hand",
            PLACEHOLDERS.join(" / ")
        );
        code = 1;
    }
    // Check the result the way `build` will read it.
    let file_name = target.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut parsed = decktype_parse::parse(&text, &decktype_parse::Options::default());
    decktype_semantics::enrich(
        &mut parsed.deck,
        &decktype_semantics::Options::new(file_name.as_deref(), None),
    );
    if parsed.deck.meta.date.as_deref() != Some(date.as_str()) {
        eprintln!(
            "warning: decktype reads the new deck's date as {}, not {date}",
            parsed.deck.meta.date.as_deref().unwrap_or("missing")
        );
        code = 1;
    }
    write_atomically(Path::new(&target), text.as_bytes(), None)?;
    eprintln!(
        "wrote {} (call of {date}, {} slides, from {})",
        target.display(),
        parsed.deck.slides.len(),
        args.from
            .as_ref()
            .map_or("the SCS community call template".to_owned(), |p| p
                .display()
                .to_string())
    );
    Ok(code)
}
