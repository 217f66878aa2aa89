//! A whole `decktype check` run: which files, which configuration for each
//! (the nearest `decktype.toml`, or one given, with the command line's
//! levels on top), `--fix`, and the check of each file. The caller only
//! formats the result.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_model::Diagnostic;

use crate::{Config, ConfigError, Level};

/// What `--fix` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// No fixing.
    #[default]
    Off,
    /// Rewrite the files (atomically, keeping their permissions), then
    /// check the fixed text.
    Write,
    /// Compute the fixes and their diff, write nothing, check the fixed
    /// text.
    DryRun,
}

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
    /// With [`FixMode::DryRun`]: the unified diff of every fix.
    pub diffs: String,
}

/// The decks named by `paths`: files as given, folders walked by the one
/// walker ([`decktype_pipeline::discover`]), each folder's files sorted.
pub fn collect(paths: &[PathBuf], failures: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => failures.push(format!("cannot read `{}`: {e}", path.display())),
            Ok(m) if m.is_dir() => {
                let walk = decktype_pipeline::discover::walk(path, &[]);
                for (folder, e) in walk.errors {
                    failures.push(format!("cannot read folder `{}`: {e}", folder.display()));
                }
                for s in walk.skipped {
                    failures.push(format!(
                        "not checked `{}`: {}",
                        path.join(&s.rel).display(),
                        s.reason
                    ));
                }
                out.extend(walk.found.into_iter().map(|f| f.file));
            }
            Ok(_) => out.push(path.clone()),
        }
    }
    out
}

/// Checks the decks named by `paths` (see [`collect`]). A configuration
/// error stops the run; a file that cannot be read is a failure and the
/// run goes on. A file over `max_input` bytes is not read: it is checked
/// as DT022 ([`decktype_pipeline::io::read_file`]).
pub fn run(
    paths: &[PathBuf],
    analysis: &decktype_pipeline::Options,
    configs: &mut Configs,
    fix: FixMode,
    max_input: u64,
) -> Result<Run, ConfigError> {
    let mut run = Run::default();
    let files = collect(paths, &mut run.failures);
    for file in &files {
        // `decktype check .` finds `./a.md`: shown (and annotated) as `a.md`.
        let display = file
            .strip_prefix(".")
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        let config = configs.for_file(file)?;
        let bytes = match decktype_pipeline::io::read_file(file, max_input) {
            Ok(b) => b,
            Err(e) if decktype_pipeline::io::is_too_large(&e) => {
                run.checked.push(Checked {
                    display,
                    source: String::new(),
                    diagnostics: config
                        .apply(vec![decktype_pipeline::io::too_large_diagnostic(max_input)]),
                });
                continue;
            }
            Err(e) => {
                run.failures.push(format!("cannot read `{display}`: {e}"));
                continue;
            }
        };
        let mut source = match decktype_pipeline::decode(bytes) {
            Ok(s) => s,
            Err(failure) => {
                run.checked.push(Checked {
                    display,
                    source: failure.valid,
                    diagnostics: config.apply(vec![failure.diagnostic]),
                });
                continue;
            }
        };
        if fix != FixMode::Off
            && let Some(fixed) = crate::fix::fix(&source)
        {
            for change in &fixed.changes {
                run.fix_notes.push_str(&format!(
                    "{}{display}:{}: {}\n",
                    if fix == FixMode::DryRun {
                        "would fix "
                    } else {
                        "fixed "
                    },
                    change.line,
                    change.description
                ));
            }
            if fix == FixMode::DryRun {
                run.diffs
                    .push_str(&crate::fix::diff(&display, &source, &fixed.text));
            } else if let Err(e) = write_keeping_permissions(file, &fixed.text) {
                run.failures
                    .push(format!("cannot write the fixed `{display}`: {e}"));
                continue;
            }
            source = fixed.text;
        }
        let (_, diagnostics) = crate::check_source(&source, Some(file), analysis, &config);
        run.checked.push(Checked {
            display,
            source,
            diagnostics,
        });
    }
    Ok(run)
}

/// Replaces `path` with `text` atomically, keeping the file's permissions.
fn write_keeping_permissions(path: &Path, text: &str) -> std::io::Result<()> {
    let permissions = std::fs::metadata(path)?.permissions();
    decktype_pipeline::io::write_atomically(path, text.as_bytes(), Some(permissions))
}
