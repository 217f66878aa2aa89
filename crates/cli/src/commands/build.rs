//! `decktype build`: a folder of decks into a site.

#[cfg(feature = "pdf")]
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Result, bail};
use decktype_build::{DeckReport, Progress, Status};
use decktype_check::format::printable;
use decktype_model::{Diagnostic, Severity};

#[cfg(feature = "pdf")]
use super::export::template_messages;
use crate::args::{BuildArgs, BuildFormat, CheckFormat};
use crate::config::load_profile;
use crate::messages;
use crate::render;

/// How progress is shown: a bar on a terminal, plain lines otherwise.
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    done: AtomicUsize,
    total: AtomicUsize,
    color: bool,
    verbose: bool,
    quiet: bool,
    /// The `--template` file, to name it in typst's messages.
    #[cfg(feature = "pdf")]
    template: Option<PathBuf>,
    /// With a machine `--message-format`: every deck's diagnostics, for one
    /// report after the build (shown path, source, diagnostics).
    collected: Option<Mutex<Vec<messages::Collected>>>,
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
        if let Some(collected) = &self.collected {
            let mut collected = collected.lock().unwrap_or_else(|e| e.into_inner());
            let display = r.file.display().to_string();
            let source = r.source.as_deref().unwrap_or("");
            collected.push((display.clone(), source.to_owned(), r.diagnostics.clone()));
            // typst's messages in the template files they point into.
            #[cfg(feature = "pdf")]
            collected.extend(super::export::template_diagnostics(
                &r.template_errors,
                &r.template_warnings,
                self.template.as_deref(),
                &display,
                source,
            ));
        }
        let shown: Vec<Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|_| self.collected.is_none())
            .filter(|d| d.severity == Severity::Error || (self.verbose && !self.quiet))
            .cloned()
            .collect();
        if !shown.is_empty() {
            let source = r.source.as_deref().unwrap_or("");
            let display = r.file.display().to_string();
            self.println(&render::human(&display, source, &shown, self.color));
        }
        #[cfg(feature = "pdf")]
        if self.collected.is_none() {
            let warnings: &[_] = if self.verbose && !self.quiet {
                &r.template_warnings
            } else {
                &[]
            };
            // Paths and messages from decks and templates are made printable:
            // an escape sequence in a file name must not drive the terminal.
            self.println(&printable(&template_messages(
                &r.template_errors,
                warnings,
                self.template.as_deref(),
            )));
        }
        let what = match r.status {
            Status::Built => "built",
            Status::Unchanged => "unchanged",
            Status::Failed => "FAILED",
        };
        let mut line = format!("[{done}/{total}] {what} {}", printable(&r.path));
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
        } else if r.written.is_empty() {
            line.push_str(&format!(
                " ({} error{}; skipped, the other decks build)",
                r.errors,
                if r.errors == 1 { "" } else { "s" }
            ));
        } else {
            line.push_str(&format!(
                " ({} error{}; its {} written, the other decks build)",
                r.errors,
                if r.errors == 1 { "" } else { "s" },
                written_formats(&r.written)
            ));
        }
        match &self.bar {
            Some(bar) => {
                if r.status == Status::Failed {
                    bar.println(&line);
                }
                bar.set_message(printable(&r.path).into_owned());
                bar.inc(1);
            }
            None if !self.quiet || r.status == Status::Failed => eprintln!("{line}"),
            None => {}
        }
    }
}

/// The build's options from its arguments, without the budget (also what
/// a worker process makes of the same arguments).
pub(crate) fn options(args: &BuildArgs) -> Result<decktype_build::Options> {
    #[cfg(not(feature = "pdf"))]
    args.pdf.refuse(args.to.contains(&BuildFormat::Pdf))?;
    Ok(decktype_build::Options {
        formats: decktype_build::Formats {
            json: args.to.contains(&BuildFormat::Json),
            html: args.to.contains(&BuildFormat::Html),
            pdf: args.to.contains(&BuildFormat::Pdf),
        },
        images: args.images.images()?,
        #[cfg(feature = "pdf")]
        pdf: args.pdf.settings()?,
        profile: load_profile(args.profile.as_deref())?,
        jobs: args.jobs,
        force: args.force,
        title: args.title.clone(),
        budget: None,
        max_input_size: Some(args.max_input_size),
    })
}

/// The per-deck budget: each deck in a worker process, this binary run as
/// `decktype __export-deck` with the build's own arguments.
fn budget(args: &BuildArgs) -> Result<Option<decktype_build::Budget>> {
    if args.no_budget {
        return Ok(None);
    }
    let Ok(time) = Duration::try_from_secs_f64(args.deck_timeout) else {
        bail!("--deck-timeout must be a number of seconds");
    };
    if time.is_zero() {
        bail!("--deck-timeout must be more than 0");
    }
    if args.deck_memory == 0 {
        bail!("--deck-memory must be at least 1 (MB)");
    }
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // Only global options (`--color WHEN`) can come before the command.
    let Some(command) = argv.iter().position(|a| a == "build") else {
        bail!("cannot pass the build's arguments to its worker processes; use --no-budget");
    };
    argv[command] = "__export-deck".into();
    let program = std::env::current_exe().map_err(|e| {
        anyhow::anyhow!(
            "cannot find the decktype binary for the worker processes ({e}); use --no-budget"
        )
    })?;
    Ok(Some(decktype_build::Budget {
        time,
        memory: Some(args.deck_memory.saturating_mul(1024 * 1024)),
        worker: decktype_build::WorkerCommand {
            program,
            args: argv,
        },
    }))
}

/// "JSON and HTML" for `decks/a.json`, `decks/a.html`.
fn written_formats(written: &[String]) -> String {
    let names: Vec<&str> = written
        .iter()
        .filter_map(|p| p.rsplit_once('.'))
        .map(|(_, ext)| match ext {
            "json" => "JSON",
            "html" => "HTML",
            "pdf" => "PDF",
            other => other,
        })
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn run(args: BuildArgs) -> Result<u8> {
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    let mut options = options(&args)?;
    options.budget = budget(&args)?;
    let bar = (crate::color::progress_bar() && !args.quiet).then(|| {
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
        color: crate::color::stderr(),
        verbose: args.verbose,
        quiet: args.quiet,
        #[cfg(feature = "pdf")]
        template: args.pdf.template.clone(),
        collected: (args.message_format != CheckFormat::Human).then(|| Mutex::new(Vec::new())),
    };
    let result = decktype_build::build(&args.dir, &args.output, &options, &|p| reporter.report(p));
    if let Some(bar) = &reporter.bar {
        bar.finish_and_clear();
    }
    if let Some(collected) = reporter.collected {
        let mut files = collected.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        // A template error that fails every deck is said once, in its file.
        files.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                for d in later.2.drain(..) {
                    if !first.2.contains(&d) {
                        first.2.push(d);
                    }
                }
            }
            same
        });
        eprint!("{}", messages::render_files(args.message_format, &files));
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
            printable(&summary.not_decks.join(", "))
        );
    }
    for (rel, why) in &summary.skipped {
        eprintln!("warning: {}", printable(&format!("{rel} not built: {why}")));
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
        printable(&args.output.display().to_string())
    );
    if summary.warnings > 0 && !args.verbose && !args.quiet {
        eprintln!("(warnings are counted; --verbose prints them, `decktype check` explains them)");
    }
    if !summary.failed.is_empty() {
        eprintln!("failed: {}", printable(&summary.failed.join(", ")));
        return Ok(1);
    }
    Ok(0)
}
