//! `decktype export`: self-contained HTML, PDF or JSON per deck.
//!
//! Decks are read, analysed and exported on `--jobs` threads (one per
//! core by default), each taking the next deck; what is said about each
//! deck (diagnostics, `wrote ...`, errors) is held until the decks before
//! it are done, so the messages come in the order the decks were given,
//! as with one thread.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Result, bail};
use decktype_check::format::printable;
#[cfg(feature = "pdf")]
use decktype_export_pdf::{TemplateError, TemplateFile};

use crate::args::{ExportArgs, ExportFormat};
use crate::input::{Name, Names, Said, analyse_one, names, options};
use crate::messages::Messages;
use crate::output::{emit, is_stdout};
#[cfg(feature = "pdf")]
use crate::render;

pub(crate) fn run(args: ExportArgs) -> Result<u8> {
    #[cfg(not(feature = "pdf"))]
    args.pdf.refuse(args.to == ExportFormat::Pdf)?;
    let mut messages = Messages::new(args.input.message_format, args.input.quiet);
    let Names {
        names,
        said: folder_notes,
        worst: folder_worst,
    } = names(&args.input)?;
    if args.output.is_some() && names.len() > 1 {
        bail!(
            "--output names one file, but {} decks were given (folders stand for the decks in them); use --out-dir",
            names.len()
        );
    }
    if args.out_dir.is_some() {
        same_targets(&args, &names)?;
    }
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    let images = args.images.images()?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", dir.display()))?;
    }
    let options = options(&args.input)?;
    for s in folder_notes {
        s.replay(&mut messages);
    }
    let ctx = Ctx {
        args: &args,
        options: &options,
        #[cfg(feature = "pdf")]
        color: crate::color::stderr(),
        #[cfg(feature = "pdf")]
        pdf: args
            .pdf
            .settings()?
            .with_image_cache(args.images.prepared_cache()),
        images,
    };
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, names.len().max(1));
    // Results wait in their slot until every deck before them is said.
    let order = Mutex::new(InOrder {
        next: 0,
        waiting: (0..names.len()).map(|_| None).collect(),
        worst: folder_worst,
        messages: &mut messages,
    });
    run_workers(workers, &names, |i, name| {
        let mut said = Vec::new();
        let code = ctx.export(name, &mut said);
        let mut order = order.lock().unwrap_or_else(|e| e.into_inner());
        order.waiting[i] = Some((said, code));
        order.flush();
    })?;
    let worst = order.into_inner().unwrap_or_else(|e| e.into_inner()).worst;
    messages.finish();
    Ok(worst)
}

/// The decks' results, said in input order.
struct InOrder<'m> {
    /// The first deck not said yet.
    next: usize,
    /// Per deck: what it says and its exit code, once done.
    waiting: Vec<Option<(Vec<Said>, u8)>>,
    worst: u8,
    messages: &'m mut Messages,
}

impl InOrder<'_> {
    /// Says every done deck whose predecessors are said.
    fn flush(&mut self) {
        while let Some(slot) = self.waiting.get_mut(self.next) {
            let Some((said, code)) = slot.take() else {
                break;
            };
            for s in said {
                s.replay(self.messages);
            }
            self.worst = self.worst.max(code);
            self.next += 1;
        }
    }
}

/// Runs `work` on every item with `workers` threads, each taking the next
/// item when done with one (as the build's pool does: each thread runs one
/// loop, so a thread waiting for typst's parallel layout only helps with
/// it and never starts another deck).
fn run_workers<T: Sync>(
    workers: usize,
    items: &[T],
    work: impl Fn(usize, &T) + Sync,
) -> Result<()> {
    if workers == 1 {
        for (i, item) in items.iter().enumerate() {
            work(i, item);
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("decktype-export-{i}"))
        .build()?;
    let next = AtomicUsize::new(0);
    pool.broadcast(|_| {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            work(i, item);
        }
    });
    Ok(())
}

/// What every deck's export shares.
struct Ctx<'a> {
    args: &'a ExportArgs,
    options: &'a decktype_pipeline::Options,
    #[cfg(feature = "pdf")]
    color: bool,
    #[cfg(feature = "pdf")]
    pdf: decktype_pipeline::PdfSettings,
    images: decktype_pipeline::Images,
}

impl Ctx<'_> {
    /// Reads, analyses and exports the input `name`, writing its file;
    /// returns its exit code (1: errors, 2: not read or not written).
    fn export(&self, name: &Name, said: &mut Vec<Said>) -> u8 {
        let args = self.args;
        let (deck, worst) = analyse_one(name, &args.input, self.options, said);
        let Some(a) = deck else { return worst };
        let display = &a.display;
        let a = a.analysed;
        let deck_path = a.path.as_deref().map(Path::new);
        let deck_dir = if args.input.sample {
            None
        } else {
            deck_path.map(decktype_pipeline::deck_dir)
        };
        let resolver = self.images.resolver(deck_dir);
        let bytes: Vec<u8> = match args.to {
            ExportFormat::Json => a.to_json().into_bytes(),
            // Refused before any deck is read (`PdfArgs::refuse`).
            #[cfg(not(feature = "pdf"))]
            ExportFormat::Pdf => {
                let e = crate::config::without_pdf("--to pdf");
                said.push(Said::Text(format!("error: {e}\n")));
                return 2;
            }
            #[cfg(feature = "pdf")]
            ExportFormat::Pdf => {
                let (bytes, diagnostics, errors, warnings) = match a.to_pdf(&resolver, &self.pdf) {
                    Ok(export) => (
                        Some(export.pdf),
                        export.diagnostics,
                        Vec::new(),
                        export.template_warnings,
                    ),
                    Err(failure) => (
                        None,
                        failure.diagnostics,
                        failure.template_errors,
                        failure.template_warnings,
                    ),
                };
                let template = args.pdf.template.as_deref();
                if args.input.message_format != crate::args::CheckFormat::Human {
                    // Every diagnostic in the report asked for, typst's
                    // own in the template files they point into.
                    said.push(Said::Diagnostics {
                        display: display.clone(),
                        source: a.source.clone(),
                        diagnostics,
                        force: false,
                    });
                    for (display, source, diagnostics) in
                        template_diagnostics(&errors, &warnings, template, display, &a.source)
                    {
                        said.push(Said::Diagnostics {
                            display,
                            source,
                            diagnostics,
                            force: false,
                        });
                    }
                } else if !args.input.quiet || bytes.is_none() {
                    said.push(Said::Text(render::human(
                        display,
                        &a.source,
                        &diagnostics,
                        self.color,
                    )));
                    // typst's own messages point into the template, not the deck.
                    said.push(Said::Text(
                        printable(&template_messages(&errors, &warnings, template)).into_owned(),
                    ));
                }
                match bytes {
                    Some(bytes) => bytes,
                    None => {
                        said.push(Said::Line(format!(
                            "error: no PDF written for {}",
                            printable(display)
                        )));
                        return worst.max(1);
                    }
                }
            }
            ExportFormat::Html => {
                let export = a.to_html(&resolver);
                said.push(Said::Diagnostics {
                    display: display.clone(),
                    source: a.source.clone(),
                    diagnostics: export.diagnostics,
                    force: false,
                });
                export.html.into_bytes()
            }
        };
        let target = target(args, deck_path, name.rel.as_deref());
        if let Some(t) = &target
            && deck_path.is_some_and(|p| p == t)
        {
            said.push(Said::Line(format!(
                "error: refusing to overwrite the deck `{}` with its export",
                printable(&t.display().to_string())
            )));
            return 2;
        }
        if target.is_none() && args.to == ExportFormat::Pdf && std::io::stdout().is_terminal() {
            said.push(Said::Line(
                "error: refusing to write a PDF to the terminal; pass -o FILE.pdf (or redirect)"
                    .to_owned(),
            ));
            return 2;
        }
        // A deck found in a subfolder keeps it under --out-dir.
        let made = match target.as_deref().and_then(Path::parent) {
            Some(parent) if name.rel.is_some() && !parent.as_os_str().is_empty() => {
                std::fs::create_dir_all(parent)
                    .map_err(|e| anyhow::anyhow!("cannot create `{}`: {e}", parent.display()))
            }
            _ => Ok(()),
        };
        if let Err(e) = made.and_then(|()| emit(target.as_deref(), &bytes)) {
            said.push(Said::Line(format!(
                "error: {}",
                printable(&format!("{e:#}"))
            )));
            return 2;
        }
        if let Some(t) = &target
            && !args.input.quiet
        {
            said.push(Said::Line(format!(
                "wrote {}",
                printable(&t.display().to_string())
            )));
        }
        worst
    }
}

/// Where `args` send the export of the deck at `deck_path` (`None`:
/// standard output); `rel` is its path below the folder argument it was
/// found in, kept under --out-dir.
fn target(args: &ExportArgs, deck_path: Option<&Path>, rel: Option<&str>) -> Option<PathBuf> {
    match (&args.output, &args.out_dir, deck_path) {
        (Some(o), _, _) if is_stdout(o) => None,
        (Some(o), _, _) => Some(o.clone()),
        (None, Some(dir), Some(p)) => Some(match rel {
            Some(rel) => dir.join(Path::new(rel).with_extension(args.to.extension())),
            None => dir.join(
                p.with_extension(args.to.extension())
                    .file_name()
                    .unwrap_or_default(),
            ),
        }),
        (None, Some(dir), None) => Some(dir.join(format!(
            "{}.{}",
            if args.input.sample { "sample" } else { "stdin" },
            args.to.extension()
        ))),
        (None, None, Some(p)) if !args.input.sample => Some(p.with_extension(args.to.extension())),
        (None, None, _) => None,
    }
}

/// Fails when two decks would be written to the same file under
/// --out-dir (`a/index.md` and `b/index.md` given as files; found in
/// a folder, each keeps its subfolder).
fn same_targets(args: &ExportArgs, names: &[Name]) -> Result<()> {
    let mut seen: std::collections::HashMap<PathBuf, &str> = std::collections::HashMap::new();
    for name in names.iter().filter(|n| !n.path.is_empty() && n.path != "-") {
        let Some(target) = target(args, Some(Path::new(&name.path)), name.rel.as_deref()) else {
            continue;
        };
        if let Some(first) = seen.insert(target.clone(), &name.path) {
            bail!(
                "`{}` and `{}` would both be written to `{}`; export them separately, or give their folder (decks found in a folder keep their subfolders under --out-dir)",
                printable(first),
                printable(&name.path),
                printable(&target.display().to_string())
            );
        }
    }
    Ok(())
}

/// A file's diagnostics for [`Messages::add`]: (shown path, text, diagnostics).
#[cfg(feature = "pdf")]
pub(crate) type FileDiagnostics = (String, String, Vec<decktype_model::Diagnostic>);

/// typst's messages about the PDF template as diagnostics (DT064, errors
/// and warnings) for the machine formats (`--message-format json` ...):
/// each in the file it points into, the `--template` file (`template`) or
/// a built-in one (`<built-in>/main.typ`, with its text, so that line and
/// column are the template's own), or in the deck (`deck`, its text
/// `deck_source`) when typst names no place (a PDF standard not met).
#[cfg(feature = "pdf")]
pub(crate) fn template_diagnostics(
    errors: &[TemplateError],
    warnings: &[TemplateError],
    template: Option<&Path>,
    deck: &str,
    deck_source: &str,
) -> Vec<FileDiagnostics> {
    use decktype_model::{Diagnostic, Severity, Span};
    let mut files: Vec<FileDiagnostics> = Vec::new();
    let marked = errors
        .iter()
        .map(|e| (e, Severity::Error))
        .chain(warnings.iter().map(|w| (w, Severity::Warning)));
    for (message, severity) in marked {
        let (display, source) = match (message.at.as_ref().map(|at| at.file), template) {
            (None, _) => (deck.to_owned(), deck_source.to_owned()),
            (Some(TemplateFile::Custom), Some(path)) => (
                path.display().to_string(),
                std::fs::read_to_string(path).unwrap_or_default(),
            ),
            (Some(file), _) => (
                file.to_string(),
                match file {
                    TemplateFile::Builtin("decktype.typ") => decktype_export_pdf::LIBRARY_TYP,
                    TemplateFile::Builtin(_) => decktype_export_pdf::MAIN_TYP,
                    TemplateFile::Custom => "",
                }
                .to_owned(),
            ),
        };
        let at = message
            .at
            .as_ref()
            .map_or(0, |at| offset(&source, at.line, at.column));
        let mut text = message.message.clone();
        if message.at.is_none() {
            text = format!("typst: {text}");
        }
        if let Some(call) = &message.called_from {
            let file = match (call.file, template) {
                (TemplateFile::Custom, Some(path)) => path.display().to_string(),
                (file, _) => file.to_string(),
            };
            text.push_str(&format!(
                " (called from {file}:{}:{})",
                call.line, call.column
            ));
        }
        let mut diagnostic = Diagnostic::new(
            severity,
            decktype_model::codes::TYPST_FAILED,
            text,
            Span::empty(at),
        );
        if !message.hints.is_empty() {
            diagnostic = diagnostic.with_help(message.hints.join("; "));
        }
        match files.iter_mut().find(|(d, _, _)| *d == display) {
            Some((_, _, found)) => found.push(diagnostic),
            None => files.push((display, source, vec![diagnostic])),
        }
    }
    files
}

/// The byte offset of 1-based `line` and `column` (in characters) in
/// `source`, kept inside it.
#[cfg(feature = "pdf")]
fn offset(source: &str, line: usize, column: usize) -> usize {
    let start = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = &source[start.min(source.len())..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + within).min(source.len())
}

/// typst's messages about the PDF template, one line each:
/// `TEMPLATE:LINE:COL: message` (`warning: ` before a warning's message),
/// then its hints. `template` is the `--template` file, if one was given; a
/// built-in file is named `<built-in>/NAME`.
#[cfg(feature = "pdf")]
pub(crate) fn template_messages(
    errors: &[TemplateError],
    warnings: &[TemplateError],
    template: Option<&Path>,
) -> String {
    let marked = errors
        .iter()
        .map(|e| (e, ""))
        .chain(warnings.iter().map(|w| (w, "warning: ")));
    let mut out = String::new();
    // The template's own path, line and column (the built-in files as
    // `<built-in>/NAME`).
    let place = |at: &decktype_export_pdf::TemplateSpan| {
        let file = match (at.file, template) {
            (TemplateFile::Custom, Some(path)) => path.display().to_string(),
            (file, _) => file.to_string(),
        };
        format!("{file}:{}:{}", at.line, at.column)
    };
    for (message, kind) in marked {
        let at = message
            .at
            .as_ref()
            .map_or_else(|| "typst".to_owned(), place);
        out.push_str(&format!("{at}: {kind}{}\n", message.message));
        if let Some(call) = &message.called_from {
            out.push_str(&format!("  note: called from {}\n", place(call)));
        }
        for hint in &message.hints {
            out.push_str(&format!("  hint: {hint}\n"));
        }
    }
    out
}
