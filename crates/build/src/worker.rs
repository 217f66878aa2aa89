//! One deck's export work, and the worker process that does it for a build
//! with a budget ([`crate::Budget`]).
//!
//! The work (`export_deck`: analyse, JSON, HTML, PDF, write them) is the
//! same in the build's own threads (no budget) and in a worker process. A
//! worker process is the `decktype` binary started by the build
//! ([`crate::WorkerCommand`]), which calls [`serve`]. It reads JSON lines
//! on standard input, a `Hello` first (its memory limit), then one
//! `Request` per deck, and answers each with JSON lines on standard
//! output: a `Reply::Checkpoint` once the deck's JSON and HTML are
//! written (what the deck is if its PDF never finishes), then
//! `Reply::Done`. It writes the deck's files itself, atomically, so no
//! bytes of output cross the pipe.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use decktype_archive::{ArchiveDeck, Counts, Outputs};
#[cfg(feature = "pdf")]
use decktype_export_pdf::{TemplateError, TemplateFile, TemplateSpan};
use decktype_model::{Diagnostic, Severity, Span};
use serde::{Deserialize, Serialize};

use crate::site::write_site_file;
use crate::state::{DeckState, image_dep};
use crate::{IO_FAILED, Options, output_list, output_paths};

/// Where the PDF export keeps prepared images, in the site folder (see
/// `decktype_images::Cache`).
#[cfg(feature = "pdf")]
pub(crate) const IMAGE_CACHE_DIR: &str = ".decktype/images";

/// The first line a worker process reads.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Hello {
    /// The most memory the process may allocate, in bytes (Linux:
    /// `RLIMIT_DATA`).
    pub(crate) memory: Option<u64>,
    /// Threads for typst's parallel layout.
    pub(crate) threads: usize,
    /// The build's process id: the worker stops when the build is gone.
    pub(crate) parent: u32,
}

/// One deck to export.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    /// The deck's path relative to the folder built.
    pub(crate) rel: String,
    /// The deck's folder, where its images are.
    pub(crate) deck_dir: PathBuf,
    /// The site folder.
    pub(crate) site: PathBuf,
    /// The key of its inputs, for the state.
    pub(crate) key: String,
    /// The SHA-256 of its bytes.
    pub(crate) sha: String,
    /// Its text.
    pub(crate) text: String,
}

/// What a worker says about a deck.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Reply {
    /// The JSON and HTML are written, the PDF is next.
    Checkpoint(Outcome),
    /// The deck is done.
    Done(Outcome),
}

/// A deck's export, so far.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Outcome {
    /// Its diagnostics, sorted by position.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// typst's errors when the PDF failed.
    pub(crate) template_errors: Vec<WireTemplateError>,
    /// typst's warnings.
    pub(crate) template_warnings: Vec<WireTemplateError>,
    /// Its slides.
    pub(crate) slides: usize,
    /// The outputs written, relative to the site folder.
    pub(crate) written: Vec<String>,
    /// The deck in the site: `Some` when its outputs (all, or the JSON and
    /// HTML without the PDF) are written.
    pub(crate) state: Option<DeckState>,
}

/// typst's `TemplateError` as a worker sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct WireTemplateError {
    at: Option<WireSpan>,
    message: String,
    hints: Vec<String>,
    called_from: Option<WireSpan>,
}

/// typst's `TemplateSpan` as a worker sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct WireSpan {
    /// `None`: the caller's template; else the built-in file's name.
    builtin: Option<String>,
    line: usize,
    column: usize,
}

#[cfg(feature = "pdf")]
impl From<TemplateSpan> for WireSpan {
    fn from(at: TemplateSpan) -> Self {
        WireSpan {
            builtin: match at.file {
                TemplateFile::Custom => None,
                TemplateFile::Builtin(name) => Some(name.to_owned()),
            },
            line: at.line,
            column: at.column,
        }
    }
}

#[cfg(feature = "pdf")]
impl From<WireSpan> for TemplateSpan {
    fn from(at: WireSpan) -> Self {
        let file = match at.builtin.as_deref() {
            None => TemplateFile::Custom,
            Some("main.typ") => TemplateFile::Builtin("main.typ"),
            Some("decktype.typ") => TemplateFile::Builtin("decktype.typ"),
            // A built-in file this list does not know yet: its name lives
            // as long as the build (one string per such message).
            Some(other) => TemplateFile::Builtin(Box::leak(other.to_owned().into_boxed_str())),
        };
        TemplateSpan {
            file,
            line: at.line,
            column: at.column,
        }
    }
}

#[cfg(feature = "pdf")]
impl From<&TemplateError> for WireTemplateError {
    fn from(e: &TemplateError) -> Self {
        WireTemplateError {
            at: e.at.map(Into::into),
            message: e.message.clone(),
            hints: e.hints.clone(),
            called_from: e.called_from.map(Into::into),
        }
    }
}

#[cfg(feature = "pdf")]
impl From<WireTemplateError> for TemplateError {
    fn from(e: WireTemplateError) -> Self {
        TemplateError {
            at: e.at.map(Into::into),
            message: e.message,
            hints: e.hints,
            called_from: e.called_from.map(Into::into),
        }
    }
}

fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

fn counts(diagnostics: &[Diagnostic]) -> Counts {
    Counts {
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
        errors: errors(diagnostics),
        ..Counts::default()
    }
}

/// Analyses one deck, writes its outputs (the JSON and HTML first, then
/// the PDF) and reports through `emit`: a checkpoint before the PDF, then
/// the outcome. The JSON and HTML are written when the deck has no error
/// of its own; a PDF that fails (typst, a template) leaves them, and the
/// deck's state says it is incomplete.
pub(crate) fn export_deck(
    options: &Options,
    analysis: &decktype_pipeline::Options,
    req: &Request,
    emit: &mut dyn FnMut(Reply),
) {
    let resolver = options.images.resolver(Some(&req.deck_dir));
    // The same pipeline as `decktype parse`: the deck's JSON here is the
    // JSON `decktype parse <rel>` writes from the folder built.
    let analysed = decktype_pipeline::analyse(Some(&req.rel), req.text.as_str(), analysis);
    let mut out = Outcome {
        diagnostics: analysed.diagnostics.clone(),
        slides: analysed.deck().slides.len(),
        ..Outcome::default()
    };
    let outputs = output_paths(&req.rel, options.formats);
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    if !analysed.has_errors() {
        if let Some(p) = &outputs.json {
            files.push((p, analysed.to_json().into_bytes()));
        }
        if let Some(p) = &outputs.html {
            let export = analysed.to_html(&resolver);
            out.diagnostics.extend(export.diagnostics);
            files.push((p, export.html.into_bytes()));
        }
    }
    let sort = |out: &mut Outcome| {
        out.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
    };
    sort(&mut out);
    if errors(&out.diagnostics) > 0 || !write(&req.site, &files, &mut out) {
        emit(Reply::Done(out));
        return;
    }
    let state = |out: &Outcome, pdf: bool| {
        let made = Outputs {
            pdf: outputs.pdf.clone().filter(|_| pdf),
            ..outputs.clone()
        };
        let entry = ArchiveDeck::new(
            &req.rel,
            &req.sha,
            analysed.deck(),
            made.clone(),
            counts(&out.diagnostics),
        );
        DeckState {
            key: req.key.clone(),
            complete: pdf || outputs.pdf.is_none(),
            images: resolver
                .requested()
                .iter()
                .map(|u| image_dep(&resolver, u))
                .collect(),
            outputs: output_list(&made),
            entry,
            texts: decktype_archive::slide_texts(analysed.deck()),
        }
    };
    out.state = Some(state(&out, false));
    // Without the `pdf` feature there is no PDF path (`output_paths`).
    #[cfg(feature = "pdf")]
    if let Some(pdf_path) = &outputs.pdf {
        emit(Reply::Checkpoint(out.clone()));
        // Prepared images are kept in the site, for every deck and build.
        let site_cache;
        let settings = if options.pdf.image_cache.is_none() {
            site_cache = options
                .pdf
                .clone()
                .with_image_cache(Some(req.site.join(IMAGE_CACHE_DIR)));
            &site_cache
        } else {
            &options.pdf
        };
        let made = match analysed.to_pdf(&resolver, settings) {
            Ok(export) => {
                out.diagnostics.extend(export.diagnostics);
                out.template_warnings = export.template_warnings.iter().map(Into::into).collect();
                write(&req.site, &[(pdf_path, export.pdf)], &mut out)
            }
            Err(failure) => {
                out.diagnostics.extend(failure.diagnostics);
                out.template_errors = failure.template_errors.iter().map(Into::into).collect();
                out.template_warnings = failure.template_warnings.iter().map(Into::into).collect();
                false
            }
        };
        sort(&mut out);
        out.state = Some(state(&out, made));
    }
    emit(Reply::Done(out));
}

/// Writes `files` into the site; on a failure, says so in `out` and
/// returns `false`.
fn write(site: &Path, files: &[(&str, Vec<u8>)], out: &mut Outcome) -> bool {
    for (rel, bytes) in files {
        if let Err(e) = write_site_file(&site.join(rel), bytes) {
            out.diagnostics.push(Diagnostic::new(
                Severity::Error,
                IO_FAILED,
                e.to_string(),
                Span::empty(0),
            ));
            return false;
        }
        out.written.push((*rel).to_owned());
    }
    true
}

/// Runs a worker process: exports the decks the build sends on standard
/// input with `options` (the build's own, made from the same command line),
/// answering on standard output, until standard input ends. Called by the
/// binary's hidden worker command; returns when the build closes the pipe.
pub fn serve(options: &Options) -> std::io::Result<()> {
    let mut lines = std::io::stdin().lock().lines();
    let Some(hello) = lines.next() else {
        return Ok(());
    };
    let hello: Hello = serde_json::from_str(&hello?)?;
    limit(&hello)?;
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(hello.threads.max(1))
        .build_global();
    let analysis = decktype_pipeline::Options::new(options.profile.clone(), None);
    let mut stdout = std::io::stdout().lock();
    for line in lines {
        let request: Request = serde_json::from_str(&line?)?;
        let mut failed = None;
        export_deck(options, &analysis, &request, &mut |reply| {
            if failed.is_some() {
                return;
            }
            let mut json = serde_json::to_vec(&reply).expect("a reply serializes");
            json.push(b'\n');
            if let Err(e) = stdout.write_all(&json).and_then(|()| stdout.flush()) {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            // The build is gone.
            return Err(e);
        }
    }
    Ok(())
}

/// Applies the memory limit, and (Linux) ties the worker's life to the
/// build's: it is killed when the build dies, even by `kill -9`.
#[cfg(target_os = "linux")]
fn limit(hello: &Hello) -> std::io::Result<()> {
    use rustix::process::{
        Resource, Rlimit, Signal, getppid, set_parent_process_death_signal, setrlimit,
    };
    set_parent_process_death_signal(Some(Signal::KILL))?;
    if getppid().map(|p| p.as_raw_nonzero().get()) != Some(hello.parent as i32) {
        // The build died before the line above.
        std::process::exit(1);
    }
    if let Some(bytes) = hello.memory {
        setrlimit(
            Resource::Data,
            Rlimit {
                current: Some(bytes),
                maximum: Some(bytes),
            },
        )?;
    }
    Ok(())
}

/// Other systems: no memory limit (the time limit still holds), and the
/// worker ends when the build closes its standard input.
#[cfg(not(target_os = "linux"))]
fn limit(_hello: &Hello) -> std::io::Result<()> {
    Ok(())
}
