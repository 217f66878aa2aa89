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
//! ```
//!
//! * **Which files.** Every `*.md` under the folder (hidden folders and the
//!   site folder itself left out) whose front matter says `type: slide`
//!   (also when blank lines before it hide it from HedgeDoc: such a deck is
//!   built, with its warning). Other Markdown files are listed in the
//!   [`Summary`] and not built.
//! * **In parallel** on a rayon pool of [`Options::jobs`] threads
//!   (default: one per core), each taking the next deck; one deck's JSON,
//!   HTML and PDF are made by one thread, which reads each image once for
//!   both. typst's own parallel layout runs on the same pool.
//! * **Incremental.** A deck is not rebuilt when its bytes, the options
//!   that shape its outputs, the decktype version and every image it
//!   used (the file each image URL resolves to, with its size and
//!   modification time; an image that was missing and now exists counts as
//!   a change) are what the last build recorded, and its outputs are still
//!   there. The feeds are written only when their bytes change, so a build
//!   with no change writes nothing.
//! * **Fault-tolerant.** A deck with an error (unreadable, not UTF-8,
//!   invalid front matter, a PDF that typst cannot make ...) is reported
//!   with its diagnostics and skipped: none of its outputs is written (old
//!   ones are removed), it is not in the feeds, and the other decks build.
//!   Every file is written to a temporary file in its folder and renamed,
//!   so an interrupted build leaves whole old files or whole new ones, and
//!   the state file is written last. Temporary files a killed build left
//!   behind (`.tmp*` in the site folder) are removed by the next build.
//!
//! The crate reports progress through a callback and returns a [`Summary`];
//! rendering diagnostics and progress bars is the caller's job.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use decktype_archive::{Archive, ArchiveDeck, Counts, Outputs, SlideText};
use decktype_assets::{Fetch, Resolver};
use decktype_export_json::Envelope;
use decktype_model::{Diagnostic, Severity, Span};
use serde::{Deserialize, Serialize};

/// The version recorded in the state file; a different decktype rebuilds
/// everything.
const TOOL: &str = concat!("decktype ", env!("CARGO_PKG_VERSION"));

/// DT070: a deck could not be read or an output not written.
pub const IO_FAILED: &str = "DT070";

/// Where the build state lives, relative to the site folder.
pub const STATE_FILE: &str = ".decktype/build.json";

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
    /// The PDF.
    pub pdf: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            json: true,
            html: true,
            pdf: true,
        }
    }
}

/// PDF settings, as `decktype export --to pdf` takes them.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    /// Page shape; `None`: the deck's.
    pub page: Option<decktype_export_pdf::PageShape>,
    /// Speaker notes.
    pub notes: decktype_export_pdf::NotesMode,
    /// PDF standard.
    pub standard: decktype_export_pdf::Standard,
    /// A custom template's source.
    pub template: Option<String>,
    /// A creation timestamp (Unix seconds).
    pub timestamp: Option<i64>,
}

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Outputs per deck.
    pub formats: Formats,
    /// More folders images may come from.
    pub assets: Vec<PathBuf>,
    /// Download remote images without a local copy.
    pub fetch: Option<Fetch>,
    /// PDF settings.
    pub pdf: PdfSettings,
    /// The community profile.
    pub profile: decktype_semantics::Profile,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// Rebuild every deck even when unchanged.
    pub force: bool,
    /// The archive's title (index page, calendar name).
    pub title: String,
}

/// What happened to one deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Built (its outputs written).
    Built,
    /// Unchanged since the last build: nothing done.
    Unchanged,
    /// Had errors: skipped, no outputs.
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
    /// Files written (outputs and feeds), relative to the site folder.
    pub written: Vec<String>,
    /// Stale outputs removed, relative to the site folder.
    pub removed: Vec<String>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a build could not run at all (a deck's own problems are not
/// errors of the build: they are in its [`DeckReport`]).
#[derive(Debug)]
pub struct BuildError(String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// Takes the site's build lock, or says that another build holds it.
fn lock_site(site: &Path) -> Result<std::fs::File, BuildError> {
    let path = site.join(LOCK_FILE);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("cannot create", parent, e))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error("cannot open", &path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(BuildError(format!(
            "another `decktype build` is writing to `{}`; wait for it to finish, or build into another folder",
            site.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(io_error("cannot lock", &path, e)),
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> BuildError {
    BuildError(format!("{what} `{}`: {e}", path.display()))
}

/// The recorded state of the last build.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    tool: String,
    decks: BTreeMap<String, DeckState>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DeckState {
    /// Hash of the tool, the options and the source.
    key: String,
    /// The images the deck used and what they resolved to.
    images: Vec<ImageDep>,
    /// Output files, relative to the site folder.
    outputs: Vec<String>,
    /// The archive entry.
    entry: ArchiveDeck,
    /// The slides' text, for search.
    texts: Vec<SlideText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ImageDep {
    url: String,
    /// The file, its size and modification time (ns); `None` when the URL
    /// resolved to no file (missing, or a `data:` URI).
    file: Option<(PathBuf, u64, u128)>,
}

fn stamp(path: &Path) -> Option<(PathBuf, u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Some((path.to_owned(), meta.len(), mtime))
}

fn image_dep(resolver: &Resolver, url: &str) -> ImageDep {
    ImageDep {
        url: url.to_owned(),
        file: resolver.which(url).ok().flatten().and_then(|p| stamp(&p)),
    }
}

/// A Markdown file found under the folder.
struct Found {
    rel: String,
    file: PathBuf,
}

/// Every `*.md` under `dir`, sorted, leaving out hidden folders and `site`.
fn find_markdown(dir: &Path, site: Option<&Path>) -> Result<Vec<Found>, BuildError> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_owned(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| io_error("cannot read", &folder, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error("cannot read", &folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let rel = format!("{prefix}{name}");
            if kind.is_dir() {
                let real = path.canonicalize().ok();
                if site.is_some_and(|s| real.as_deref() == Some(s)) {
                    continue;
                }
                stack.push((path, format!("{rel}/")));
            } else if name.ends_with(".md") && (kind.is_file() || path.is_file()) {
                out.push(Found { rel, file: path });
            }
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// Whether `text` is a slide deck: its front matter says `type: slide`,
/// also when blank lines before it hide it from HedgeDoc.
fn is_deck(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim_end).skip_while(|l| l.is_empty());
    if lines.next() != Some("---") {
        return false;
    }
    for line in lines {
        if line == "---" || line == "..." {
            return false;
        }
        if let Some(value) = line.strip_prefix("type:") {
            return value.trim().trim_matches(['"', '\'']) == "slide";
        }
    }
    false
}

fn sha256_hex(bytes: &[u8]) -> String {
    decktype_export_json::sha256_hex(bytes)
}

/// The part of the options that shapes a deck's outputs, hashed.
fn options_key(options: &Options) -> String {
    // Debug output: the profile holds only strings, lists and structs.
    let profile = format!("{:?}", options.profile);
    let text = format!(
        "{TOOL}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{}\n{:?}\n{}\n{profile}",
        options.formats,
        options.pdf.page,
        options.pdf.notes,
        options.pdf.standard,
        options.pdf.timestamp,
        options
            .pdf
            .template
            .as_deref()
            .map_or_else(String::new, |t| sha256_hex(t.as_bytes())),
        options.assets,
        options.fetch.is_some(),
    );
    sha256_hex(text.as_bytes())
}

/// The site folder's output paths for a deck at `rel` (`a/b.md`).
fn output_paths(rel: &str, formats: Formats) -> Outputs {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let path = |ext: &str, on: bool| on.then(|| format!("decks/{stem}.{ext}"));
    Outputs {
        json: path("json", formats.json),
        html: path("html", formats.html),
        pdf: path("pdf", formats.pdf),
    }
}

fn output_list(outputs: &Outputs) -> Vec<String> {
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
        return Err(BuildError(format!(
            "`{}` is not a folder; pass the folder that holds the decks",
            dir.display()
        )));
    }
    std::fs::create_dir_all(site).map_err(|e| io_error("cannot create", site, e))?;
    let site_real = site
        .canonicalize()
        .map_err(|e| io_error("cannot open", site, e))?;
    let dir_real = dir
        .canonicalize()
        .map_err(|e| io_error("cannot open", dir, e))?;
    if dir_real.starts_with(&site_real) {
        return Err(BuildError(format!(
            "the site folder `{}` contains the decks' folder; choose another output folder",
            site.display()
        )));
    }
    // Held until the build returns; the OS releases it if the process dies.
    let _lock = lock_site(site)?;
    let state_path = site.join(STATE_FILE);
    remove_temporary_files(site);
    let old: State = std::fs::read_to_string(&state_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(|s: &State| s.tool == TOOL)
        .unwrap_or_default();
    let markdown = find_markdown(dir, Some(&site_real))?;
    let key = options_key(options);

    // Read every file once; keep the decks.
    let mut summary = Summary::default();
    let mut jobs = Vec::new();
    let mut unreadable = Vec::new();
    for f in markdown {
        match std::fs::read(&f.file) {
            Ok(bytes) => {
                let deck = match std::str::from_utf8(&bytes) {
                    Ok(text) => is_deck(text),
                    // Not UTF-8: a broken deck if it looks like one.
                    Err(_) => is_deck(&String::from_utf8_lossy(&bytes)),
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
    };
    let workers = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .clamp(1, jobs.len().max(1));
    let mut results = run_workers(workers, &jobs, |(f, bytes)| {
        let t = Instant::now();
        let (mut report, state) = ctx.deck(f, bytes);
        report.elapsed = t.elapsed();
        progress(Progress::Deck(&report));
        (report, state)
    })?;
    for (f, e) in unreadable {
        let report = DeckReport {
            path: f.rel.clone(),
            file: f.file.clone(),
            status: Status::Failed,
            source: Some(Arc::from("")),
            diagnostics: vec![Diagnostic::new(
                Severity::Error,
                IO_FAILED,
                format!("cannot read the deck: {e}"),
                Span::empty(0),
            )],
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
    };
    for (report, deck_state) in results {
        summary.warnings += report.warnings;
        summary.errors += report.errors;
        match report.status {
            Status::Built => summary.built += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Failed => summary.failed.push(report.path.clone()),
        }
        if report.status == Status::Built {
            summary.written.extend(
                deck_state
                    .as_ref()
                    .map(|s| s.outputs.clone())
                    .unwrap_or_default(),
            );
        }
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
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Runs `work` on every item with `workers` threads, each taking the next
/// item when done with one; results in item order.
///
/// The threads are a rayon pool, but the items are not rayon jobs: each
/// thread runs one loop ([`rayon::ThreadPool::broadcast`]) that takes the
/// next item from a counter. typst lays out pages with rayon's parallel
/// iterators, which then run on this pool; had the decks been rayon jobs
/// (`par_iter`), a thread waiting for typst's parallel work would steal and
/// start other decks, holding several decks' images and layouts at once
/// (measured on the corpus: 1 GB peak instead of 0.35 GB, and slower). This
/// way a waiting thread can only help with typst's work in progress.
fn run_workers<T: Sync, R: Send>(
    workers: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, BuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("decktype-build-{i}"))
        .build()
        .map_err(|e| BuildError(format!("cannot start worker threads: {e}")))?;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    pool.broadcast(|_| {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = work(item);
            done.lock().unwrap_or_else(|e| e.into_inner()).push((i, r));
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().map(|(_, r)| r).collect())
}

struct Ctx<'a> {
    dir: &'a Path,
    site: &'a Path,
    options: &'a Options,
    key: &'a str,
    old: &'a State,
}

impl Ctx<'_> {
    fn resolver(&self, file: &Path) -> Resolver {
        let deck_dir = file.parent().unwrap_or(self.dir);
        let mut r = Resolver::new(Some(deck_dir), &self.options.assets);
        if let Some(fetch) = &self.options.fetch {
            r = r.with_fetch(fetch.clone());
        }
        r
    }

    /// Builds one deck (or finds it unchanged).
    fn deck(&self, f: &Found, bytes: &[u8]) -> (DeckReport, Option<DeckState>) {
        let mut report = DeckReport {
            path: f.rel.clone(),
            file: f.file.clone(),
            status: Status::Failed,
            source: None,
            diagnostics: Vec::new(),
            slides: 0,
            warnings: 0,
            errors: 0,
            elapsed: Duration::ZERO,
        };
        let sha = sha256_hex(bytes);
        let key = sha256_hex(format!("{}\n{sha}", self.key).as_bytes());
        let resolver = self.resolver(&f.file);
        if !self.options.force
            && let Some(old) = self.old.decks.get(&f.rel)
            && old.key == key
            && old
                .images
                .iter()
                .all(|dep| image_dep(&resolver, &dep.url) == *dep)
            && old.outputs.iter().all(|o| self.site.join(o).is_file())
        {
            report.status = Status::Unchanged;
            report.slides = old.entry.summary.counts.slides;
            report.warnings = old.entry.summary.counts.warnings;
            return (report, Some(old.clone()));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let valid = String::from_utf8_lossy(&bytes[..at]).into_owned();
                report
                    .diagnostics
                    .push(decktype_parse::not_utf8_diagnostic(bytes, at));
                report.errors = 1;
                report.source = Some(Arc::from(valid));
                return (report, None);
            }
        };
        let mut parsed = decktype_parse::parse(text, &decktype_parse::Options::default());
        let file_name = f.file.file_name().map(|n| n.to_string_lossy().into_owned());
        let semantic = decktype_semantics::Options::new(file_name.as_deref(), None)
            .with_profile(self.options.profile.clone());
        let more = decktype_semantics::enrich(&mut parsed.deck, &semantic);
        parsed.diagnostics.extend(more);
        let mut diagnostics = parsed.diagnostics.clone();
        let slides = parsed.deck.slides.len();
        let envelope = Envelope::new(Some(&f.rel), text, parsed.deck, &parsed.diagnostics);
        let outputs = output_paths(&f.rel, self.options.formats);
        let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
        let has_errors = |d: &[Diagnostic]| d.iter().any(|d| d.severity == Severity::Error);
        if !has_errors(&diagnostics) {
            if let Some(p) = &outputs.json {
                files.push((p, envelope.to_json_pretty().into_bytes()));
            }
            if let Some(p) = &outputs.html {
                let export = decktype_export_html::export(
                    &envelope,
                    &decktype_export_html::Options {
                        resolver: &resolver,
                    },
                );
                diagnostics.extend(export.diagnostics);
                files.push((p, export.html.into_bytes()));
            }
            if let Some(p) = &outputs.pdf {
                let mut o = decktype_export_pdf::Options::new(&resolver);
                o.page = self.options.pdf.page;
                o.notes = self.options.pdf.notes;
                o.standard = self.options.pdf.standard;
                o.template = self.options.pdf.template.as_deref();
                o.timestamp = self.options.pdf.timestamp;
                match decktype_export_pdf::export(&envelope, &o) {
                    Ok(export) => {
                        diagnostics.extend(export.diagnostics);
                        files.push((p, export.pdf));
                    }
                    Err(failure) => diagnostics.extend(failure.diagnostics),
                }
            }
        }
        diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        report.slides = slides;
        report.warnings = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        report.errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if !diagnostics.is_empty() {
            report.source = Some(Arc::from(text));
        }
        report.diagnostics = diagnostics;
        if report.errors > 0 {
            return (report, None);
        }
        for (rel, bytes) in &files {
            if let Err(e) = write_site_file(&self.site.join(rel), bytes) {
                report.diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    IO_FAILED,
                    e.to_string(),
                    Span::empty(0),
                ));
                report.errors += 1;
                report.source.get_or_insert_with(|| Arc::from(text));
                return (report, None);
            }
        }
        report.status = Status::Built;
        let counts = Counts {
            warnings: report.warnings,
            errors: report.errors,
            ..Counts::default()
        };
        let entry = ArchiveDeck::new(&f.rel, &sha, &envelope.deck, outputs.clone(), counts);
        let images = resolver
            .requested()
            .iter()
            .map(|u| image_dep(&resolver, u))
            .collect();
        let state = DeckState {
            key,
            images,
            outputs: output_list(&outputs),
            entry,
            texts: decktype_archive::slide_texts(&envelope.deck),
        };
        (report, Some(state))
    }
}

/// Removes the temporary files (`.tmp*`) an earlier build left in the site
/// folder when it was killed between writing a file and renaming it.
fn remove_temporary_files(site: &Path) {
    let mut stack = vec![site.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() && entry.file_name().to_string_lossy().starts_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `bytes` to `path` atomically unless it already holds them.
/// Returns whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_site_file(path, bytes)?;
    Ok(true)
}

/// Writes a site file: creates its folder, then [`write_atomically`].
fn write_site_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error("cannot create", dir, e))?;
    }
    write_atomically(path, bytes, None)
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// folder, synced, then renamed over it, so readers never see a
/// half-written file. The new file gets `permissions`, else those of the
/// file it replaces, else 0644. The folder must exist.
pub fn write_atomically(
    path: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(), BuildError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| io_error("cannot create a temporary file in", dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| {
            // The temporary file is private (0600).
            match permissions.or_else(|| std::fs::metadata(path).ok().map(|m| m.permissions())) {
                Some(p) => tmp.as_file().set_permissions(p),
                #[cfg(unix)]
                None => {
                    use std::os::unix::fs::PermissionsExt;
                    tmp.as_file()
                        .set_permissions(std::fs::Permissions::from_mode(0o644))
                }
                #[cfg(not(unix))]
                None => Ok(()),
            }
        })
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_error("cannot write", path, e))?;
    tmp.persist(path)
        .map_err(|e| io_error("cannot write", path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decks_are_recognised_by_their_front_matter() {
        assert!(is_deck("---\ntype: slide\n---\n# x"));
        assert!(is_deck("\n\n---\ntitle: a\ntype: 'slide'\n---\n"));
        assert!(is_deck("---\r\ntype: slide\r\n---\r\n"));
        assert!(!is_deck("# minutes\n\ntype: slide\n"));
        assert!(!is_deck("---\ntitle: a\n---\ntype: slide\n"));
        assert!(!is_deck("---\ntype: note\n---\n"));
        assert!(!is_deck(""));
    }

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
