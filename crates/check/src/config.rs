//! A deck repository's `decktype.toml`, found by walking up from the deck
//! (no higher than the repository root): which Markdown files are decks
//! (`[files]`, for `check` and `build`), and rule levels for `check` (the
//! defaults, the file's, and `--deny`/`--warn`/`--allow` flags, later ones
//! winning).
//!
//! ```toml
//! [files]
//! exclude = ["template.md", "drafts/**"]
//!
//! [check]
//! rules = { DT004 = "allow", DT045 = "error" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_model::{Diagnostic, Severity};
use decktype_pipeline::discover::{Filter, GlobError};
use serde::Deserialize;

/// The level of a rule: reported as error, warning or info, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as information.
    Info,
    /// Reported as a warning (fails only with `--deny warnings`).
    Warning,
    /// Reported as an error: the check fails.
    Error,
}

impl Level {
    fn of(severity: Severity) -> Self {
        match severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Info => Level::Info,
        }
    }

    fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A problem with a `decktype.toml` or a level flag.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read `{}`: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The file is not valid TOML or not shaped like a configuration.
    #[error("invalid `{}`: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What the TOML reader said (with line and column).
        message: String,
    },
    /// A rule in `[check] rules` of the file is wrong.
    #[error("invalid `{}`: [check] rules: {error}", path.display())]
    Rule {
        /// The file.
        path: PathBuf,
        /// What is wrong with the rule.
        error: Box<ConfigError>,
    },
    /// A level was given for a code that is not a rule.
    #[error("`{code}` is not a decktype rule{} (`decktype check --list-rules` lists them)", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownRule {
        /// The code as given, in upper case.
        code: String,
        /// The nearest rule's code.
        suggestion: Option<String>,
    },
    /// `warnings` was given a level other than error.
    #[error("`warnings` can only be denied (`--deny warnings`)")]
    WarningsNotDenied,
    /// A glob in `[files]` of the file is wrong.
    #[error("invalid `{}`: [files] {key}: {error}", path.display())]
    Glob {
        /// The file.
        path: PathBuf,
        /// `include` or `exclude`.
        key: &'static str,
        /// What is wrong with the glob.
        error: GlobError,
    },
}

/// The file a community puts at the root of its deck repository.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    files: FilesSection,
    #[serde(default)]
    check: CheckSection,
}

/// `[files]`: globs relative to the folder holding the file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FilesSection {
    /// `None`: [`decktype_pipeline::discover::DEFAULT_INCLUDE`].
    include: Option<Vec<String>>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckSection {
    #[serde(default)]
    rules: BTreeMap<String, Level>,
}

/// The configuration in force for a deck: rule levels, and which files
/// are decks.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Per-code levels from the file and flags.
    levels: BTreeMap<String, Level>,
    /// `--deny warnings`: every warning is an error.
    deny_warnings: bool,
    /// `[files]`; `None`: every Markdown file, nothing excluded.
    files: Option<Filter>,
    /// The file the levels came from, if any.
    pub file: Option<PathBuf>,
}

/// The name of the configuration file.
pub const FILE_NAME: &str = "decktype.toml";

impl Config {
    /// Reads a configuration file's text; `path` is for messages, and its
    /// folder is the one `[files]` globs are relative to.
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let file: File = toml::from_str(text).map_err(|e| ConfigError::Invalid {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let mut config = Config {
            file: Some(path.to_owned()),
            ..Config::default()
        };
        let FilesSection { include, exclude } = file.files;
        if include.is_some() || !exclude.is_empty() {
            let base = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let include = include.unwrap_or_else(|| {
                decktype_pipeline::discover::DEFAULT_INCLUDE
                    .iter()
                    .map(|g| (*g).to_owned())
                    .collect()
            });
            let filter =
                Filter::new(base, &include, &exclude).map_err(|error| ConfigError::Glob {
                    path: path.to_owned(),
                    key: if include.contains(&error.glob) {
                        "include"
                    } else {
                        "exclude"
                    },
                    error,
                })?;
            config.files = Some(filter);
        }
        for (code, level) in file.check.rules {
            config.set(&code, level).map_err(|e| ConfigError::Rule {
                path: path.to_owned(),
                error: Box::new(e),
            })?;
        }
        Ok(config)
    }

    /// The `decktype.toml` in `start` or the nearest folder above it, read;
    /// the default configuration when there is none.
    pub fn discover(start: &Path) -> Result<Self, ConfigError> {
        match find(start) {
            None => Ok(Config::default()),
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|error| ConfigError::Read {
                    path: path.clone(),
                    error,
                })?;
                Config::from_toml(&text, &path)
            }
        }
    }

    /// Sets the level of `code` (`DT004`), or of all warnings for
    /// `warnings` with [`Level::Error`] (`--deny warnings`).
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), ConfigError> {
        if code == "warnings" {
            return match level {
                Level::Error => {
                    self.deny_warnings = true;
                    Ok(())
                }
                _ => Err(ConfigError::WarningsNotDenied),
            };
        }
        let code = code.to_ascii_uppercase();
        if crate::rule(&code).is_none() {
            let suggestion = crate::RULES
                .iter()
                .min_by_key(|r| strsim::levenshtein(r.code, &code))
                .map(|r| r.code.to_owned());
            return Err(ConfigError::UnknownRule { code, suggestion });
        }
        self.levels.insert(code, level);
        Ok(())
    }

    /// The level `code` is reported at, for a diagnostic emitted as `emitted`.
    pub fn level(&self, code: &str, emitted: Severity) -> Level {
        let level = self.levels.get(code).copied().unwrap_or_else(|| {
            crate::rule(code)
                .and_then(|r| r.default)
                .unwrap_or(Level::of(emitted))
        });
        if self.deny_warnings && level == Level::Warning {
            Level::Error
        } else {
            level
        }
    }

    /// Whether a Markdown file found by walking a folder is a deck to take
    /// (`[files]`: included and not excluded).
    pub fn takes(&self, file: &Path) -> bool {
        self.files.as_ref().is_none_or(|f| f.takes(file))
    }

    /// Whether `file` is excluded by `[files] exclude`; for a file named
    /// explicitly, which only `exclude` applies to (a pre-commit hook names
    /// every changed file, and an excluded `template.md` is not checked).
    pub fn excludes(&self, file: &Path) -> bool {
        self.files.as_ref().is_some_and(|f| f.excludes(file))
    }

    /// `diagnostics` at their configured levels; allowed ones are dropped.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                d.severity = self.level(&d.code, d.severity).severity()?;
                Some(d)
            })
            .collect()
    }
}

/// The nearest `decktype.toml` at or above `start` (a file or a folder),
/// looking no higher than the repository root: the search stops after the
/// folder holding `.git` (a folder, or a file in a worktree or submodule),
/// so a `decktype.toml` outside the repository does not apply to it.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_owned()
    } else {
        match start.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        }
    };
    // Resolved, so `..` climbs the real folders.
    let start = start
        .canonicalize()
        .unwrap_or_else(|_| std::path::absolute(&start).unwrap_or(start));
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_model::Span;

    fn d(code: &str, severity: Severity) -> Diagnostic {
        Diagnostic::new(severity, code, "m", Span::new(0, 0))
    }

    #[test]
    fn defaults_flags_and_files() {
        let c = Config::default();
        // The parser's findings keep the level they are emitted with (the
        // same in `parse`, `check` and `build`); a check's own rules have
        // theirs.
        assert_eq!(c.level("DT001", Severity::Warning), Level::Warning);
        assert_eq!(c.level("DT045", Severity::Warning), Level::Warning);
        assert_eq!(c.level("DT043", Severity::Info), Level::Error);
        // DT010 keeps the parser's own distinction.
        assert_eq!(c.level("DT010", Severity::Info), Level::Info);
        assert_eq!(c.level("DT010", Severity::Warning), Level::Warning);

        let mut c = Config::from_toml(
            "[check]\nrules = { DT004 = \"allow\", dt045 = \"error\" }\n",
            Path::new("decktype.toml"),
        )
        .unwrap();
        assert_eq!(c.level("DT004", Severity::Warning), Level::Allow);
        assert_eq!(c.level("DT045", Severity::Warning), Level::Error);
        c.set("DT004", Level::Warning).unwrap();
        c.set("warnings", Level::Error).unwrap();
        assert_eq!(c.level("DT004", Severity::Warning), Level::Error);
        let kept = c.apply(vec![
            d("DT004", Severity::Warning),
            d("DT013", Severity::Info),
        ]);
        assert_eq!(kept[0].severity, Severity::Error);
        assert_eq!(kept[1].severity, Severity::Info);
        c.set("DT013", Level::Allow).unwrap();
        assert_eq!(c.apply(vec![d("DT013", Severity::Info)]).len(), 0);
    }

    #[test]
    fn bad_configuration_is_explained() {
        let e = Config::from_toml(
            "[check]\nrules = { DT04 = \"allow\" }\n",
            Path::new("x/decktype.toml"),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("`DT04` is not a decktype rule"),
            "{e}"
        );
        assert!(e.to_string().contains("x/decktype.toml"), "{e}");
        let e = Config::from_toml(
            "[check]\nrules = { DT004 = \"loud\" }\n",
            Path::new("decktype.toml"),
        )
        .unwrap_err();
        assert!(e.to_string().contains("loud"), "{e}");
        let e = Config::from_toml("[chek]\n", Path::new("decktype.toml")).unwrap_err();
        assert!(e.to_string().contains("chek"), "{e}");
        assert!(Config::default().set("warnings", Level::Allow).is_err());
    }

    #[test]
    fn the_nearest_file_above_the_deck_is_found() {
        let dir = std::env::temp_dir().join(format!("decktype-config-{}", std::process::id()));
        let deep = dir.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(
            dir.join(FILE_NAME),
            "[check]\nrules = { DT004 = \"allow\" }\n",
        )
        .unwrap();
        let found = find(&deep.join("deck.md")).unwrap();
        assert_eq!(found, dir.join(FILE_NAME).canonicalize().unwrap());
        // `..` climbs the real folders.
        let found = find(&deep.join("../../a/b/deck.md")).unwrap();
        assert_eq!(found, dir.join(FILE_NAME).canonicalize().unwrap());
        let c = Config::discover(&deep.join("deck.md")).unwrap();
        assert_eq!(c.level("DT004", Severity::Warning), Level::Allow);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_search_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join(FILE_NAME),
            "[check]\nrules = { DT004 = \"allow\" }\n",
        )
        .unwrap();
        let deck = d.join("repo/decks/deck.md");
        std::fs::create_dir_all(deck.parent().unwrap()).unwrap();
        assert!(
            find(&deck).is_some(),
            "no repository: the file above is used"
        );
        // `.git` a folder (a clone) or a file (a worktree, a submodule).
        for git_is_a_folder in [true, false] {
            let git = d.join("repo/.git");
            if git_is_a_folder {
                std::fs::create_dir(&git).unwrap();
            } else {
                std::fs::write(&git, "gitdir: ../.git/worktrees/repo\n").unwrap();
            }
            assert_eq!(find(&deck), None, ".git a folder: {git_is_a_folder}");
            let c = Config::discover(&deck).unwrap();
            assert_eq!(c.level("DT004", Severity::Warning), Level::Warning);
            assert_eq!(c.file, None);
            // The repository's own file, at its root, is found.
            std::fs::write(d.join("repo").join(FILE_NAME), "").unwrap();
            assert_eq!(
                find(&deck).unwrap(),
                d.join("repo").join(FILE_NAME).canonicalize().unwrap()
            );
            std::fs::remove_file(d.join("repo").join(FILE_NAME)).unwrap();
            if git_is_a_folder {
                std::fs::remove_dir(&git).unwrap();
            } else {
                std::fs::remove_file(&git).unwrap();
            }
        }
    }

    #[test]
    fn files_section_takes_and_excludes_relative_to_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let c = Config::from_toml(
            "[files]\nexclude = [\"template.md\", \"drafts/**\"]\n",
            &d.join(FILE_NAME),
        )
        .unwrap();
        assert!(!c.takes(&d.join("template.md")));
        assert!(!c.takes(&d.join("drafts/a.md")));
        assert!(c.takes(&d.join("2024/deck.md")));
        assert!(
            !c.takes(&d.join("notes.txt")),
            "the default include is `**/*.md`"
        );
        assert!(c.excludes(&d.join("sub/template.md")));
        assert!(!c.excludes(&d.join("notes.txt")));

        let c = Config::from_toml(
            "[files]\ninclude = [\"decks/**/*.md\"]\n",
            &d.join(FILE_NAME),
        )
        .unwrap();
        assert!(c.takes(&d.join("decks/2024/a.md")));
        assert!(!c.takes(&d.join("README.md")));
        assert!(!c.excludes(&d.join("README.md")));

        // No [files]: every Markdown file.
        let c = Config::default();
        assert!(c.takes(&d.join("template.md")));
        assert!(!c.excludes(&d.join("template.md")));
    }

    #[test]
    fn the_example_configuration_is_valid() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/decktype.toml"
        ));
        let text = std::fs::read_to_string(path).unwrap();
        let c = Config::from_toml(&text, path).unwrap();
        let base = path.parent().unwrap();
        assert!(!c.takes(&base.join("template.md")));
        assert!(c.takes(&base.join("2024/20240418.md")));
        assert_eq!(c.level("DT045", Severity::Warning), Level::Allow);
    }

    #[test]
    fn a_bad_files_section_is_explained() {
        let e = Config::from_toml(
            "[files]\nexlude = [\"x.md\"]\n",
            Path::new("r/decktype.toml"),
        )
        .unwrap_err();
        let message = e.to_string();
        assert!(message.contains("r/decktype.toml"), "{message}");
        assert!(message.contains("unknown field `exlude`"), "{message}");
        assert!(
            message.contains("expected `include` or `exclude`"),
            "{message}"
        );
        let e = Config::from_toml(
            "[files]\nexclude = [\"drafts/[x\"]\n",
            Path::new("decktype.toml"),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid `decktype.toml`: [files] exclude: invalid glob `drafts/[x`"),
            "{e}"
        );
        let e = Config::from_toml("[files]\ninclude = \"*.md\"\n", Path::new("decktype.toml"))
            .unwrap_err();
        assert!(e.to_string().contains("expected a sequence"), "{e}");
    }
}
