//! `decktype build`: a folder of decks → a site folder.
//!
//! ```text
//! SITE/
//!   index.html            the archive's offline index page (decktype-export-site)
//!   archive.json          every deck's semantic data and the views across calls
//!   index.jsonl           one line per deck
//!   events.ics            every announced event (decktype-export-ics)
//!   decks/<path>.json     per deck, mirroring the folder: `2024/0418.md` →
//!   decks/<path>.html       `decks/2024/0418.{json,html,pdf}`
//!   decks/<path>.pdf
//!   .decktype/build.json  what the last build did, for incremental builds
//!   .decktype/images/     the PDF's prepared images, by content (decktype-images)
//! ```
//!
//! * **Which files.** Every `*.md` under the folder that the one walker
//!   takes ([`decktype_pipeline::discover::walk`], as `decktype check`
//!   does: hidden and `.gitignore`d files, and the site folder itself, left
//!   out) and the `[files]` of the nearest `decktype.toml` do not exclude,
//!   whose front matter says `type: slide` (also when blank lines before it
//!   hide it from HedgeDoc: such a deck is built, with its warning). Other
//!   Markdown files are listed in the [`Summary`] and not built. A deck's
//!   diagnostics have the levels they are emitted with, the same as in
//!   `decktype parse` and `decktype check` (a `decktype.toml`'s `[check]
//!   rules` are the pull request gate's: they do not change what builds).
//! * **In parallel** on a rayon pool of [`Options::jobs`] threads
//!   (default: one per core), each taking the next deck; one deck's JSON,
//!   HTML and PDF are made by one thread, which reads each image once for
//!   both. typst's own parallel layout runs on the same pool.
//! * **Incremental.** A deck is not rebuilt when its bytes, the options
//!   that shape its outputs (the PDF template among them, the built-in
//!   one too), the decktype version and every image it
//!   used (the file each image URL resolves to, with its size and
//!   modification time; an image that was missing and now exists counts as
//!   a change) are what the last build recorded, and its outputs are still
//!   there. The feeds are written only when their bytes change, so a build
//!   with no change writes nothing.
//! * **Fault-tolerant.** A deck with an error (unreadable, not UTF-8,
//!   invalid front matter ...) is reported with its diagnostics and
//!   skipped: none of its outputs is written (old ones are removed), it is
//!   not in the feeds, and the other decks build. A deck whose PDF fails
//!   (typst, a template, its budget) keeps its JSON and HTML: it is
//!   reported failed, is in the feeds without a PDF, and is tried again by
//!   the next build. Every file is written to a temporary file in its
//!   folder and renamed, so an interrupted build leaves whole old files or
//!   whole new ones. Temporary files a killed build left behind (`.tmp*`
//!   in the site folder) are removed by the next build.
//! * **Resumable.** Each deck is recorded as it finishes, before it is
//!   reported (one file per deck under [`JOURNAL_DIR`], written
//!   atomically); the state file is written at the end and the records
//!   removed. A build killed midway (even `kill -9`) leaves the decks it
//!   finished recorded, and the next build finds them unchanged.
//! * **Bounded.** With a [`Budget`], each deck is exported in a worker
//!   process ([`worker`]) that is killed when the deck takes too long and
//!   (Linux) cannot allocate more than its memory budget: one hostile deck
//!   gets a DT071 error instead of taking the build down.
//!
//! The crate reports progress through a callback and returns a [`Summary`];
//! rendering diagnostics and progress bars is the caller's job.
//!
//! The PDF is the default feature `pdf` (typst). Without it the crate
//! builds without typst: [`Formats::pdf`] is off by default and ignored
//! when set, so decks get their JSON and HTML and the site links no PDF.

mod deck;
mod isolate;
pub mod new;
mod site;
mod state;
pub mod worker;
mod workers;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use decktype_archive::{Archive, ArchiveDeck, Outputs, SlideText};
use decktype_model::{Diagnostic, Severity, Span};
use decktype_pipeline::Images;
#[cfg(feature = "pdf")]
use decktype_pipeline::PdfSettings;
use serde::Serialize;

use deck::{Ctx, Runner};
use site::{io_error, lock_site, remove_temporary_files, write_if_changed};
use state::{State, clear_journal, options_key, record};

/// The version recorded in the state file; a different decktype rebuilds
/// everything.
pub(crate) const TOOL: &str = concat!("decktype ", env!("CARGO_PKG_VERSION"));

/// DT070: a deck could not be read or an output not written.
pub const IO_FAILED: &str = decktype_model::codes::BUILD_IO_FAILED;

/// DT071: a deck's export went over its time or memory budget (or its
/// worker process died) and was stopped.
pub const DECK_OVER_BUDGET: &str = decktype_model::codes::DECK_OVER_BUDGET;

/// Where the build state lives, relative to the site folder.
pub const STATE_FILE: &str = ".decktype/build.json";

/// Where a running build records each deck as it finishes, relative to the
/// site folder (removed when the build ends).
pub const JOURNAL_DIR: &str = state::JOURNAL_DIR;

/// The file a running build holds an exclusive lock on, so two builds never
/// write into the same site at once.
pub const LOCK_FILE: &str = ".decktype/build.lock";

/// Which outputs to write for each deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Formats {
    /// The decktype JSON.
    pub json: bool,
    /// The self-contained HTML.
    pub html: bool,
    /// The PDF (ignored without the crate's `pdf` feature).
    pub pdf: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            json: true,
            html: true,
            pdf: cfg!(feature = "pdf"),
        }
    }
}

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Outputs per deck.
    pub formats: Formats,
    /// Where images may come from besides each deck's folder.
    pub images: Images,
    /// PDF settings.
    #[cfg(feature = "pdf")]
    pub pdf: PdfSettings,
    /// The community profile.
    pub profile: decktype_semantics::Profile,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// Rebuild every deck even when unchanged.
    pub force: bool,
    /// The archive's title (index page, calendar name).
    pub title: String,
    /// Each deck's time and memory budget, in a worker process; `None`:
    /// decks are exported in the build's own threads, without limits.
    pub budget: Option<Budget>,
    /// The largest Markdown file read, in bytes; a larger one is not read
    /// past it and fails with DT022. `None`:
    /// [`decktype_pipeline::io::DEFAULT_MAX_INPUT`] (64 MiB).
    pub max_input_size: Option<u64>,
}

/// How much one deck may take, and the worker process that holds it to
/// that.
///
/// A deck is exported (analysed, JSON, HTML, PDF) in a worker process, one
/// per build thread, reused from deck to deck. The build kills a worker
/// whose deck takes longer than [`Budget::time`]; on Linux the worker
/// cannot allocate more than [`Budget::memory`] (`RLIMIT_DATA`: its heap
/// and anonymous mappings) and dies when it tries. Either way the deck gets
/// a DT071 error and the build goes on with a fresh worker; the JSON and
/// HTML it wrote before its PDF stay. typst cannot be stopped midway in a
/// thread, hence processes. Other systems: the time limit only.
#[derive(Debug, Clone)]
pub struct Budget {
    /// Wall-clock time per deck.
    pub time: Duration,
    /// Bytes a worker may allocate (Linux); `None`: no memory limit.
    pub memory: Option<u64>,
    /// How to start a worker.
    pub worker: WorkerCommand,
}

/// A command that starts a worker process: one that calls
/// [`worker::serve`] with the same [`Options`] as the build (the
/// `decktype` binary runs its hidden `__export-deck` command with the
/// build's arguments).
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
}

/// What happened to one deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Built (its outputs written).
    Built,
    /// Unchanged since the last build: nothing done.
    Unchanged,
    /// Had errors: skipped, no outputs; or only its PDF failed (or went
    /// over its budget): its JSON and HTML are written
    /// ([`DeckReport::written`]) and it is in the feeds without a PDF.
    Failed,
}

/// One deck's result, as reported to the progress callback.
#[derive(Debug, Clone)]
pub struct DeckReport {
    /// The deck's path relative to the folder built (`/` separators).
    pub path: String,
    /// The deck's path as given on disk (for messages).
    pub file: PathBuf,
    /// What happened.
    pub status: Status,
    /// The deck's source, when there are diagnostics to show with it.
    pub source: Option<Arc<str>>,
    /// Diagnostics of this build (empty for unchanged decks).
    pub diagnostics: Vec<Diagnostic>,
    /// typst's errors when the PDF failed (a `DT064` error in
    /// [`DeckReport::diagnostics`] says so), placed in the template.
    #[cfg(feature = "pdf")]
    pub template_errors: Vec<decktype_export_pdf::TemplateError>,
    /// typst's warnings about the template.
    #[cfg(feature = "pdf")]
    pub template_warnings: Vec<decktype_export_pdf::TemplateError>,
    /// Outputs written by this build, relative to the site folder (for a
    /// failed deck: its JSON and HTML when only its PDF failed).
    pub written: Vec<String>,
    /// Slides (0 when failed before parsing).
    pub slides: usize,
    /// Warnings, also for an unchanged deck (from the last build).
    pub warnings: usize,
    /// Errors.
    pub errors: usize,
    /// Time spent on the deck.
    pub elapsed: Duration,
}

/// Progress of a build.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The decks were found; `total` will be reported.
    Found {
        /// Number of decks.
        total: usize,
    },
    /// One deck is done.
    Deck(&'a DeckReport),
}

/// The end of a build.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Decks found.
    pub decks: usize,
    /// Decks built this time.
    pub built: usize,
    /// Decks unchanged.
    pub unchanged: usize,
    /// Decks skipped because of errors.
    pub failed: Vec<String>,
    /// Slides in the decks that are in the archive.
    pub slides: usize,
    /// Warnings over all decks in the archive (unchanged ones included).
    pub warnings: usize,
    /// Errors over all decks.
    pub errors: usize,
    /// Markdown files that are not slide decks, relative paths.
    pub not_decks: Vec<String>,
    /// Files not read: `(relative path, why)` (a symlink that leads
    /// outside the folder).
    pub skipped: Vec<(String, String)>,
    /// Files written (outputs and feeds), relative to the site folder.
    pub written: Vec<String>,
    /// Stale outputs removed, relative to the site folder.
    pub removed: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a build could not run at all (a deck's own problems are not
/// errors of the build: they are in its [`DeckReport`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The decks' folder is not a folder.
    #[error("`{}` is not a folder; pass the folder that holds the decks", .0.display())]
    NotAFolder(PathBuf),
    /// The site folder would hold the decks' folder.
    #[error("the site folder `{}` contains the decks' folder; choose another output folder", .0.display())]
    SiteContainsDecks(PathBuf),
    /// Another build holds the site's lock.
    #[error("another `decktype build` is writing to `{}`; wait for it to finish, or build into another folder", .0.display())]
    Locked(PathBuf),
    /// A file or folder of the build could not be read or written.
    #[error("{what} `{}`: {error}", path.display())]
    Io {
        /// What was being done ("cannot read", "cannot create" ...).
        what: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The worker threads could not start.
    #[error("cannot start worker threads: {0}")]
    Workers(#[from] rayon::ThreadPoolBuildError),
    /// A `decktype.toml` above a deck cannot be read or is not valid.
    #[error("{0}")]
    Config(#[from] decktype_check::ConfigError),
}

/// The site folder's output paths for a deck at `rel` (`a/b.md`).
pub(crate) fn output_paths(rel: &str, formats: Formats) -> Outputs {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let path = |ext: &str, on: bool| on.then(|| format!("decks/{stem}.{ext}"));
    Outputs {
        json: path("json", formats.json),
        html: path("html", formats.html),
        pdf: path("pdf", formats.pdf && cfg!(feature = "pdf")),
    }
}

pub(crate) fn output_list(outputs: &Outputs) -> Vec<String> {
    [&outputs.json, &outputs.html, &outputs.pdf]
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

/// Builds the decks under `dir` into `site`. `progress` is called from the
/// worker threads.
pub fn build(
    dir: &Path,
    site: &Path,
    options: &Options,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<Summary, BuildError> {
    let started = Instant::now();
    if !dir.is_dir() {
        return Err(BuildError::NotAFolder(dir.to_owned()));
    }
    std::fs::create_dir_all(site).map_err(|e| io_error("cannot create", site, e))?;
    let site_real = site
        .canonicalize()
        .map_err(|e| io_error("cannot open", site, e))?;
    let dir_real = dir
        .canonicalize()
        .map_err(|e| io_error("cannot open", dir, e))?;
    if dir_real.starts_with(&site_real) {
        return Err(BuildError::SiteContainsDecks(site.to_owned()));
    }
    // Held until the build returns; the OS releases it if the process dies.
    let _lock = lock_site(site)?;
    let state_path = site.join(STATE_FILE);
    remove_temporary_files(site);
    let old = State::load(site);
    let mut walk = decktype_pipeline::discover::walk(dir, std::slice::from_ref(&site_real));
    if let Some((folder, e)) = walk.errors.into_iter().next() {
        return Err(io_error("cannot read", &folder, e));
    }
    // The `[files]` of each file's `decktype.toml`.
    let mut configs = decktype_check::run::Configs::default();
    let mut takes = |rel: &str| -> Result<bool, BuildError> {
        let file = dir.join(rel);
        Ok(configs.for_file(&file)?.takes(&file))
    };
    let mut markdown = Vec::with_capacity(walk.found.len());
    for f in walk.found {
        if takes(&f.rel)? {
            markdown.push(f);
        }
    }
    let mut skipped = Vec::with_capacity(walk.skipped.len());
    for s in walk.skipped {
        if takes(&s.rel)? {
            skipped.push(s);
        }
    }
    walk.skipped = skipped;
    let key = options_key(options);
    let analysis = decktype_pipeline::Options::new(options.profile.clone(), None);
    analysis.warm_up_in_background();

    // Read every file once; keep the decks.
    let mut summary = Summary {
        skipped: walk
            .skipped
            .into_iter()
            .map(|s| (s.rel, s.reason))
            .collect(),
        ..Summary::default()
    };
    let mut jobs = Vec::new();
    let mut unreadable = Vec::new();
    let max_input = options
        .max_input_size
        .unwrap_or(decktype_pipeline::io::DEFAULT_MAX_INPUT);
    for f in markdown {
        match decktype_pipeline::io::read_file(&f.file, max_input) {
            Ok(bytes) => {
                let deck = match std::str::from_utf8(&bytes) {
                    Ok(text) => decktype_pipeline::is_slide_deck(text),
                    // Not UTF-8: a broken deck if it looks like one.
                    Err(_) => decktype_pipeline::is_slide_deck(&String::from_utf8_lossy(&bytes)),
                };
                if deck {
                    jobs.push((f, bytes));
                } else {
                    summary.not_decks.push(f.rel);
                }
            }
            Err(e) => unreadable.push((f, e)),
        }
    }
    summary.decks = jobs.len() + unreadable.len();
    progress(Progress::Found {
        total: summary.decks,
    });

    let ctx = Ctx {
        dir: &dir_real,
        site,
        options,
        key: &key,
        old: &old,
        analysis: &analysis,
    };
    let workers = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, jobs.len().max(1));
    // Each worker process gives typst's parallel layout its share of the
    // cores.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = (cores / workers).max(1);
    let results = workers::run_workers(
        workers,
        &jobs,
        || match &options.budget {
            Some(budget) => Runner::Isolated(isolate::Isolated::new(budget, threads)),
            None => Runner::InProcess,
        },
        |runner, (f, bytes)| {
            let t = Instant::now();
            let (mut report, state, over_budget) = ctx.deck(f, bytes, runner);
            report.elapsed = t.elapsed();
            let mut removed = Vec::new();
            if report.status != Status::Unchanged {
                // Recorded before it is reported: a build killed after
                // reporting a deck does not redo it. Its old outputs that
                // it no longer has go now, before the record forgets them.
                if let (Some(new), Some(old)) = (&state, old.decks.get(&f.rel)) {
                    for out in old.outputs.iter().filter(|o| !new.outputs.contains(o)) {
                        if std::fs::remove_file(site.join(out)).is_ok() {
                            removed.push(out.clone());
                        }
                    }
                }
                if let Err(e) = record(site, &f.rel, state.as_ref(), over_budget.as_ref()) {
                    report.diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        IO_FAILED,
                        format!("cannot record the deck in the build state: {e}"),
                        Span::empty(0),
                    ));
                    report.warnings += 1;
                }
            }
            progress(Progress::Deck(&report));
            (report, state, removed, over_budget)
        },
    )?;
    let mut stopped = BTreeMap::new();
    let mut results: Vec<_> = results
        .into_iter()
        .map(|(report, state, removed, over_budget)| {
            summary.removed.extend(removed);
            if let Some(o) = over_budget {
                stopped.insert(report.path.clone(), o);
            }
            (report, state)
        })
        .collect();
    for (f, e) in unreadable {
        let report = DeckReport {
            path: f.rel.clone(),
            file: f.file.clone(),
            status: Status::Failed,
            source: Some(Arc::from("")),
            diagnostics: vec![if decktype_pipeline::io::is_too_large(&e) {
                decktype_pipeline::io::too_large_diagnostic(max_input)
            } else {
                Diagnostic::new(
                    Severity::Error,
                    IO_FAILED,
                    format!("cannot read the deck: {e}"),
                    Span::empty(0),
                )
            }],
            #[cfg(feature = "pdf")]
            template_errors: Vec::new(),
            #[cfg(feature = "pdf")]
            template_warnings: Vec::new(),
            written: Vec::new(),
            slides: 0,
            warnings: 0,
            errors: 1,
            elapsed: Duration::ZERO,
        };
        progress(Progress::Deck(&report));
        results.push((report, None));
    }

    // The new state; stale outputs of decks that are gone or failed.
    let mut state = State {
        tool: TOOL.to_owned(),
        decks: BTreeMap::new(),
        over_budget: stopped,
    };
    for (report, deck_state) in results {
        summary.warnings += report.warnings;
        summary.errors += report.errors;
        match report.status {
            Status::Built => summary.built += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Failed => summary.failed.push(report.path.clone()),
        }
        summary.written.extend(report.written);
        if let Some(s) = deck_state {
            summary.slides += s.entry.summary.counts.slides;
            state.decks.insert(report.path, s);
        }
    }
    summary.failed.sort();
    summary.written.sort();
    for (rel, old_deck) in &old.decks {
        let kept = state.decks.get(rel).map(|s| &s.outputs);
        for out in &old_deck.outputs {
            if kept.is_none_or(|k| !k.contains(out)) {
                let path = site.join(out);
                if path.is_file() && std::fs::remove_file(&path).is_ok() {
                    summary.removed.push(out.clone());
                }
            }
        }
    }

    // The feeds.
    // The state is serialised now (written last) so that its entries and
    // texts can move into the archive instead of being copied.
    let state_json = serde_json::to_string(&state).expect("the state serializes");
    let (entries, texts): (Vec<ArchiveDeck>, BTreeMap<String, Vec<SlideText>>) = state
        .decks
        .into_iter()
        .map(|(path, s)| (s.entry, (path, s.texts)))
        .unzip();
    let archive = Archive::new(entries);
    let title = if options.title.trim().is_empty() {
        "Call archive"
    } else {
        options.title.trim()
    };
    let feeds = [
        ("archive.json", archive.to_json_pretty()),
        ("index.jsonl", archive.index_jsonl()),
        ("events.ics", decktype_export_ics::calendar(&archive, title)),
        (
            "index.html",
            decktype_export_site::index_html(&archive, &texts, title),
        ),
    ];
    for (name, text) in feeds {
        if write_if_changed(&site.join(name), text.as_bytes())? {
            summary.written.push(name.to_owned());
        }
    }
    write_if_changed(&state_path, state_json.as_bytes())?;
    clear_journal(site);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_mirror_the_folder_under_decks() {
        let o = output_paths("2024/0418.md", Formats::default());
        assert_eq!(o.json.as_deref(), Some("decks/2024/0418.json"));
        assert_eq!(o.pdf.as_deref(), Some("decks/2024/0418.pdf"));
        let only_html = Formats {
            json: false,
            html: true,
            pdf: false,
        };
        assert_eq!(
            output_list(&output_paths("a.md", only_html)),
            ["decks/a.html"]
        );
    }
}
