//! A whole `decktype check` run: which files, which configuration for each
//! (the nearest `decktype.toml`, or one given, with the command line's
//! levels on top), `--fix`, and the check of each file. The caller only
//! formats the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_model::{Diagnostic, codes};

use crate::{Config, ConfigError, Level};

/// What `--fix` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// No fixing: the fixes available are only reported, with each
    /// diagnostic they fix ([`Checked::fixes`]).
    #[default]
    Off,
    /// Rewrite the files (atomically, keeping their permissions; standard
    /// input's fixed deck goes to [`Run::stdout`]), then check the fixed
    /// text.
    Write,
    /// Compute the fixes and their diff ([`Run::diffs`]), write nothing,
    /// check the fixed text (`--fix --diff`).
    Diff,
}

/// Which fixes a run makes, and what becomes of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fixing {
    /// Off, write or diff.
    pub mode: FixMode,
    /// Unsafe fixes too (`--unsafe-fixes`), not only safe ones (see
    /// [`crate::fix`]).
    pub unsafe_fixes: bool,
}

/// The name of `-` (standard input) without `--stdin-filename`.
pub const STDIN_NAME: &str = "<stdin>";

/// The configuration of each file: one given file, or the nearest
/// `decktype.toml` above each deck (read once per folder); the command
/// line's levels (`--allow`, `--warn`, `--deny`) on top of either.
#[derive(Debug, Clone, Default)]
pub struct Configs {
    fixed: Option<Config>,
    overrides: Vec<(String, Level)>,
    cache: BTreeMap<PathBuf, Config>,
}

impl Configs {
    /// `overrides` apply in order (later wins). With `file`, that
    /// configuration is used for every deck instead of discovery. Fails on
    /// an unknown code or an unreadable or invalid file, before any deck
    /// is read.
    pub fn new(file: Option<&Path>, overrides: Vec<(String, Level)>) -> Result<Self, ConfigError> {
        let mut configs = Configs {
            fixed: None,
            overrides,
            cache: BTreeMap::new(),
        };
        let mut base = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Read {
                    path: path.to_owned(),
                    error,
                })?;
                Config::from_toml(&text, path)?
            }
            None => Config::default(),
        };
        configs.apply_overrides(&mut base)?;
        if file.is_some() {
            configs.fixed = Some(base);
        }
        Ok(configs)
    }

    fn apply_overrides(&self, config: &mut Config) -> Result<(), ConfigError> {
        for (code, level) in &self.overrides {
            config.set(code, *level)?;
        }
        Ok(())
    }

    /// The configuration for the deck at `file`.
    pub fn for_file(&mut self, file: &Path) -> Result<Config, ConfigError> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let dir = file.parent().map(Path::to_owned).unwrap_or_default();
        if let Some(c) = self.cache.get(&dir) {
            return Ok(c.clone());
        }
        let mut c = Config::discover(file)?;
        self.apply_overrides(&mut c)?;
        self.cache.insert(dir, c.clone());
        Ok(c)
    }
}

/// One file's results.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The path as shown (`./a.md` is shown as `a.md`).
    pub display: String,
    /// The text checked (after fixes).
    pub source: String,
    /// What the check found, at the configured levels, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The fixes still available on [`Checked::source`] (not applied by
    /// this run) for those diagnostics, in source order.
    pub fixes: Vec<crate::fix::Fix>,
    /// What `--fix` changed (or, with [`FixMode::Diff`], would change).
    pub changes: Vec<crate::fix::Change>,
}

/// The results of a run.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Each file checked, in order.
    pub checked: Vec<Checked>,
    /// Files and folders that could not be read or written, as sentences.
    pub failures: Vec<String>,
    /// What `--fix` changed (or would change), one line per change.
    pub fix_notes: String,
    /// With [`FixMode::Diff`]: the unified diff of every fix.
    pub diffs: String,
    /// With [`FixMode::Write`] and standard input (`-`): the deck, fixed
    /// (or as read, when there was nothing to fix), for standard output.
    pub stdout: Option<String>,
    /// Markdown files found in the folders given that are not slide decks
    /// (no `type: slide` front matter), as shown: not checked, as `build`
    /// does not build them.
    pub not_decks: Vec<String>,
    /// Files named explicitly that the `[files] exclude` of their
    /// `decktype.toml` excludes, as shown: not checked. (Files a folder's
    /// walk does not take are not listed.)
    pub excluded: Vec<String>,
}

/// A file to check, found by [`collect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The path to read.
    pub file: PathBuf,
    /// Named on the command line (`true`), or found by walking a folder.
    pub named: bool,
}

/// The files named by `paths`: files as given, folders walked by the one
/// walker ([`decktype_pipeline::discover::walk`]: `.gitignore`d and hidden
/// files skipped, each folder's files sorted). The `[files]` of each
/// file's `decktype.toml` ([`Config::takes`]) chooses among the files
/// found in folders; a file named explicitly is dropped only when its
/// `exclude` matches it ([`Config::excludes`]), and listed in
/// [`Run::excluded`]. Folders and files that cannot be read are
/// [`Run::failures`].
pub fn collect(
    paths: &[PathBuf],
    configs: &mut Configs,
    run: &mut Run,
) -> Result<Vec<Candidate>, ConfigError> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => run
                .failures
                .push(format!("cannot read `{}`: {e}", path.display())),
            Ok(m) if m.is_dir() => {
                let walk = decktype_pipeline::discover::walk(path, &[]);
                for (folder, e) in walk.errors {
                    run.failures
                        .push(format!("cannot read folder `{}`: {e}", folder.display()));
                }
                for s in walk.skipped {
                    let file = path.join(&s.rel);
                    if configs.for_file(&file)?.takes(&file) {
                        run.failures.push(format!(
                            "not checked `{}`: {}",
                            file.display(),
                            s.reason
                        ));
                    }
                }
                for found in walk.found {
                    if configs.for_file(&found.file)?.takes(&found.file) {
                        out.push(Candidate {
                            file: found.file,
                            named: false,
                        });
                    }
                }
            }
            Ok(_) => {
                if configs.for_file(path)?.excludes(path) {
                    run.excluded.push(shown(path));
                } else {
                    out.push(Candidate {
                        file: path.clone(),
                        named: true,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The path as shown: `decktype check .` finds `./a.md`, shown (and
/// annotated) as `a.md`.
fn shown(file: &Path) -> String {
    file.strip_prefix(".")
        .unwrap_or(file)
        .to_string_lossy()
        .into_owned()
}

/// The parser's findings that may be why a file is not a deck (its front
/// matter, or nothing at all): reported for a file named explicitly that
/// is not one.
const WHY_NOT_A_DECK: &[&str] = &[
    codes::FRONT_MATTER_NOT_AT_START,
    codes::YAML_INVALID,
    codes::YAML_NOT_MAPPING,
    codes::EMPTY_FILE,
];

/// What `check` says about a file named explicitly that is not a slide
/// deck: DT006 (from the parser, with its level), with a help that says
/// the file was not checked further, and what may be why
/// ([`WHY_NOT_A_DECK`]: a list where a mapping should be hides
/// `type: slide`); not the rules about slides.
fn not_a_deck(source: &str, file: &Path, analysis: &decktype_pipeline::Options) -> Vec<Diagnostic> {
    let name = file.to_string_lossy();
    let analysed = decktype_pipeline::analyse(Some(&name), source, analysis);
    let mut found: Vec<Diagnostic> = analysed
        .diagnostics
        .into_iter()
        .filter(|d| d.code == codes::NOT_A_SLIDE_DECK || WHY_NOT_A_DECK.contains(&d.code.as_str()))
        .collect();
    if found.is_empty() {
        // The parser says why when it can (late front matter, a YAML list);
        // otherwise, say what is missing.
        found.push(Diagnostic::new(
            decktype_model::Severity::Warning,
            codes::NOT_A_SLIDE_DECK,
            "the file has no front matter with `type: slide`: HedgeDoc shows it as a document, not as slides",
            decktype_model::Span::empty(0),
        ));
    }
    for d in found
        .iter_mut()
        .filter(|d| d.code == codes::NOT_A_SLIDE_DECK)
    {
        d.help = Some(
            "not checked further: add `type: slide` to the front matter if it is a deck, or exclude the file in `decktype.toml` (`[files] exclude`)"
                .to_owned(),
        );
    }
    // As a check sorts ([`crate::check`]).
    found.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    found
}

/// Checks the decks named by `paths` (see [`collect`]). `-` is standard
/// input, checked first: shown as `stdin_name` (`--stdin-filename`), its
/// `decktype.toml` found from that path's folder and its relative images
/// resolved from there, or else shown as [`STDIN_NAME`] with the
/// configuration of the current folder; with [`FixMode::Write`] its deck
/// goes to [`Run::stdout`]. A configuration error stops the
/// run; a file that cannot be read is a failure and the run goes on. A
/// file over `max_input` bytes is not read: it is checked as DT022
/// ([`decktype_pipeline::io::read_file`]).
pub fn run(
    paths: &[PathBuf],
    analysis: &decktype_pipeline::Options,
    configs: &mut Configs,
    fixing: Fixing,
    max_input: u64,
    stdin_name: Option<&Path>,
) -> Result<Run, ConfigError> {
    let mut run = Run::default();
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        if stdin.len() > 1 {
            run.failures
                .push("standard input (`-`) is named more than once; it is read once".to_owned());
        }
        let read = decktype_pipeline::io::read_limited(std::io::stdin().lock(), max_input);
        check_stdin(
            &mut run, read, stdin_name, analysis, configs, fixing, max_input,
        )?;
    }
    let files = collect(&paths, configs, &mut run)?;
    for Candidate { file, named } in &files {
        let display = shown(file);
        let config = configs.for_file(file)?;
        let bytes = match decktype_pipeline::io::read_file(file, max_input) {
            Ok(b) => b,
            Err(e) if decktype_pipeline::io::is_too_large(&e) => {
                run.checked.push(Checked {
                    display,
                    source: String::new(),
                    diagnostics: config
                        .apply(vec![decktype_pipeline::io::too_large_diagnostic(max_input)]),
                    fixes: Vec::new(),
                    changes: Vec::new(),
                });
                continue;
            }
            Err(e) => {
                run.failures.push(format!("cannot read `{display}`: {e}"));
                continue;
            }
        };
        // The one test of "is this a deck?" (`build`'s): a file found in a
        // folder that is not one is listed, not checked (nor fixed); one
        // named explicitly is told so (DT006, a warning by default: a
        // pre-commit hook names a changed README.md, and must not fail).
        let deck = decktype_pipeline::is_slide_deck(&String::from_utf8_lossy(&bytes));
        if !deck && !named {
            run.not_decks.push(display);
            continue;
        }
        let source = match decktype_pipeline::decode(bytes) {
            Ok(s) => s,
            Err(failure) => {
                run.checked.push(Checked {
                    display,
                    source: failure.valid,
                    diagnostics: config.apply(vec![failure.diagnostic]),
                    fixes: Vec::new(),
                    changes: Vec::new(),
                });
                continue;
            }
        };
        if !deck {
            let diagnostics = config.apply(not_a_deck(&source, file, analysis));
            run.checked.push(Checked {
                display,
                source,
                diagnostics,
                fixes: Vec::new(),
                changes: Vec::new(),
            });
            continue;
        }
        fix_and_check(
            &mut run,
            display,
            source,
            Some(file),
            Some(file),
            &config,
            analysis,
            fixing,
        );
    }
    Ok(run)
}

/// Checks standard input's deck (`-`), as read (`read`): named `name`
/// (`--stdin-filename`: shown so, its `decktype.toml` found from that
/// path's folder, its relative images resolved from there) or
/// [`STDIN_NAME`] (the configuration found from the current folder, local
/// images not checked). A deck named explicitly: not being one is DT006.
/// With [`FixMode::Write`], the deck (fixed or not) goes to [`Run::stdout`].
fn check_stdin(
    run: &mut Run,
    read: std::io::Result<Vec<u8>>,
    name: Option<&Path>,
    analysis: &decktype_pipeline::Options,
    configs: &mut Configs,
    fixing: Fixing,
    max_input: u64,
) -> Result<(), ConfigError> {
    let display = name.map_or_else(|| STDIN_NAME.to_owned(), shown);
    let config = configs.for_file(name.unwrap_or(Path::new("./<stdin>")))?;
    let checked = |source: String, diagnostics: Vec<Diagnostic>| Checked {
        display: display.clone(),
        source,
        diagnostics: config.apply(diagnostics),
        fixes: Vec::new(),
        changes: Vec::new(),
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) if decktype_pipeline::io::is_too_large(&e) => {
            let d = decktype_pipeline::io::too_large_diagnostic(max_input);
            run.checked.push(checked(String::new(), vec![d]));
            return Ok(());
        }
        Err(e) => {
            run.failures
                .push(format!("cannot read standard input: {e}"));
            return Ok(());
        }
    };
    let source = match decktype_pipeline::decode(bytes) {
        Ok(s) => s,
        Err(failure) => {
            if fixing.mode == FixMode::Write {
                // Nothing is fixed: what was read goes out as it came.
                run.stdout = Some(failure.valid.clone());
            }
            run.checked
                .push(checked(failure.valid, vec![failure.diagnostic]));
            return Ok(());
        }
    };
    if !decktype_pipeline::is_slide_deck(&source) {
        let file = name.unwrap_or(Path::new(STDIN_NAME));
        let found = not_a_deck(&source, file, analysis);
        if fixing.mode == FixMode::Write {
            run.stdout = Some(source.clone());
        }
        run.checked.push(checked(source, found));
        return Ok(());
    }
    fix_and_check(run, display, source, name, None, &config, analysis, fixing);
    Ok(())
}

/// Fixes `source` as `fixing` says (writing the fix to `file`, or for
/// standard input, `file` being `None`, to [`Run::stdout`]), checks the
/// result, and adds it to `run` with the fixes still available. `path`
/// resolves the deck's images.
#[allow(clippy::too_many_arguments)]
fn fix_and_check(
    run: &mut Run,
    display: String,
    mut source: String,
    path: Option<&Path>,
    file: Option<&Path>,
    config: &Config,
    analysis: &decktype_pipeline::Options,
    fixing: Fixing,
) {
    let mut changes = Vec::new();
    if fixing.mode != FixMode::Off
        && let Some(fixed) =
            crate::fix::fix_only(&source, fixing.unsafe_fixes, |code| enabled(config, code))
    {
        for change in &fixed.changes {
            run.fix_notes.push_str(&format!(
                "{}{display}:{}: {}{}\n",
                if fixing.mode == FixMode::Diff {
                    "would fix "
                } else {
                    "fixed "
                },
                change.line,
                change.description,
                match change.applicability {
                    crate::fix::Applicability::Safe => "",
                    crate::fix::Applicability::Unsafe => " (unsafe fix)",
                }
            ));
        }
        if fixing.mode == FixMode::Diff {
            run.diffs
                .push_str(&crate::fix::diff(&display, &source, &fixed.edits));
        } else if let Some(file) = file
            && let Err(e) = write_keeping_permissions(file, &fixed.text)
        {
            run.failures
                .push(format!("cannot write the fixed `{display}`: {e}"));
            return;
        }
        source = fixed.text;
        changes = fixed.changes;
    }
    if fixing.mode == FixMode::Write && file.is_none() {
        run.stdout = Some(source.clone());
    }
    let (_, diagnostics) = crate::check_source(&source, path, analysis, config);
    // Fixes are looked for only when a diagnostic they fix is reported.
    let fixable = [
        codes::FRONT_MATTER_NOT_AT_START,
        codes::SEPARATOR_NOT_SPLIT,
        codes::SEPARATOR_WITHOUT_BLANK_LINES,
    ];
    let fixes = if diagnostics
        .iter()
        .any(|d| fixable.contains(&d.code.as_str()))
    {
        let reported: std::collections::HashSet<(&str, usize)> = diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.span.start))
            .collect();
        crate::fix::available(&source)
            .into_iter()
            .filter(|f| reported.contains(&(f.code, f.at)))
            .collect()
    } else {
        Vec::new()
    };
    run.checked.push(Checked {
        display,
        source,
        diagnostics,
        fixes,
        changes,
    });
}

/// Whether `config` reports `code` at all: a rule set to `allow` is not
/// fixed either.
fn enabled(config: &Config, code: &str) -> bool {
    let probe = Diagnostic::new(
        decktype_model::Severity::Warning,
        code,
        "",
        decktype_model::Span::empty(0),
    );
    !config.apply(vec![probe]).is_empty()
}

/// Replaces `path` with `text` atomically, keeping the file's permissions.
fn write_keeping_permissions(path: &Path, text: &str) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    decktype_pipeline::io::write_atomically(path, text.as_bytes(), Some(permissions))
}
