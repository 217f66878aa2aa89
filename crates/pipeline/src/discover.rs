//! Deck discovery: the one folder walker of `check`, `build` (and every
//! command that takes folders), with one rule for ignored and hidden files
//! and symlinks, the `[files]` filter of a `decktype.toml` ([`Filter`]),
//! and the parser's own test of "is this a deck?"
//! ([`decktype_parse::is_slide_deck`]).
//!
//! The rules of [`walk`] (built on the `ignore` crate, ripgrep's walker):
//! - every `*.md` below the folder, sorted by path, is a candidate;
//! - what git ignores is skipped: `.gitignore` files in the folder, below
//!   it and above it up to the repository root (the folder holding `.git`),
//!   and the repository's `.git/info/exclude`. A `.gitignore` counts even
//!   where there is no repository (a downloaded archive of a repository is
//!   walked as its checkout is; a `.gitignore` above the repository root
//!   does not count). The user's global git excludes
//!   (`core.excludesFile`) and ripgrep's `.ignore` files do not count: the
//!   same folder finds the same decks on every machine, and a deck
//!   repository says what is not a deck in its `decktype.toml`;
//! - hidden files and folders (a name starting with `.`) are skipped;
//! - a symlinked file is followed only when its target lies inside the
//!   folder walked (the image policy's rule: nothing outside the folders the
//!   user named is read); one pointing outside is [`Skipped`], with a reason;
//! - symlinked folders are not followed (no cycles, nothing outside);
//! - folders passed in `exclude` (a build's site folder) are skipped.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A Markdown file found by [`walk`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path relative to the folder walked, `/`-separated (`a/b.md`).
    pub rel: String,
    /// The path to read: the folder walked joined with `rel`.
    pub file: PathBuf,
}

/// A file [`walk`] did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path relative to the folder walked, `/`-separated.
    pub rel: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The `*.md` files, sorted by `rel`.
    pub found: Vec<Found>,
    /// Symlinks not followed because they lead outside the folder.
    pub skipped: Vec<Skipped>,
    /// Folders that could not be read: `(folder, error)`.
    pub errors: Vec<(PathBuf, std::io::Error)>,
}

/// Walks `dir` for `*.md` files (see the module docs for the rules),
/// skipping the folders in `exclude` (compared by canonical path).
pub fn walk(dir: &Path, exclude: &[PathBuf]) -> Walk {
    let mut out = Walk::default();
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    // In a repository, git's rules stop at its root (`require_git`: the
    // walker then sees the `.git` and looks no higher); outside one, every
    // `.gitignore` counts, as git would once the folder is a repository.
    let in_repository = root.ancestors().any(|a| a.join(".git").exists());
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(true)
        .parents(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(false)
        .require_git(in_repository)
        .follow_links(false)
        .filter_entry(move |entry| {
            // The folders excluded, by canonical path (a symlinked folder is
            // not followed anyway).
            exclude.is_empty()
                || entry.depth() == 0
                || !entry.file_type().is_some_and(|t| t.is_dir())
                || !entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| exclude.contains(&real))
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let (folder, error) = walk_error(e, dir);
                out.errors.push((folder, error));
                continue;
            }
        };
        // `entry.error()`: a line of a `.gitignore` that is not a valid
        // pattern; git ignores such a line, and so does the walk.
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if entry.depth() == 0 || kind.is_dir() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") {
            continue;
        }
        let rel = relative(path, dir);
        if kind.is_symlink() {
            match path.canonicalize() {
                Ok(real) if real.starts_with(&root) && real.is_file() => {}
                Ok(real) if real.is_file() => {
                    out.skipped.push(Skipped {
                        rel,
                        reason: format!(
                            "a symlink to `{}`, outside the folder; decks are read only below the folders given",
                            real.display()
                        ),
                    });
                    continue;
                }
                // A broken link, or a link to a folder.
                _ => continue,
            }
        } else if !kind.is_file() {
            continue;
        }
        out.found.push(Found {
            // The entry's own path: `rel` is for showing (lossy for a name
            // that is not UTF-8).
            file: path.to_owned(),
            rel,
        });
    }
    out.found.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

/// `path` (below `dir`) relative to `dir`, `/`-separated.
fn relative(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder and the I/O error of a failed step of the walk.
fn walk_error(error: ignore::Error, dir: &Path) -> (PathBuf, std::io::Error) {
    fn path_of(error: &ignore::Error) -> Option<&Path> {
        match error {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let folder = path_of(&error).unwrap_or(dir).to_owned();
    let message = error.to_string();
    let error = error
        .into_io_error()
        .unwrap_or_else(|| std::io::Error::other(message));
    (folder, error)
}

/// The `include` a `decktype.toml` has when it says nothing: every
/// Markdown file.
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.md"];

/// The `[files]` section of a `decktype.toml`: which Markdown files are
/// decks, for `check` and `build`.
///
/// Globs are `/`-separated paths relative to the folder holding the
/// `decktype.toml` (the filter's base); `*` does not cross a `/`, `**`
/// does. As in a `.gitignore`, a glob without a `/` matches a name at any
/// depth (`template.md`, `*.draft.md`), one with a `/` is anchored at the
/// base (`drafts/**`, `/README.md`), and a folder that is excluded
/// excludes everything below it (`drafts`). A file outside the base is
/// neither included nor excluded by it.
#[derive(Debug, Clone)]
pub struct Filter {
    base: PathBuf,
    include: GlobSet,
    exclude: GlobSet,
}

/// A glob of a [`Filter`] that is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    /// The glob as written.
    pub glob: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for GlobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid glob `{}`: {}", self.glob, self.message)
    }
}

impl std::error::Error for GlobError {}

impl Filter {
    /// The filter of a `decktype.toml` in the folder `base`: a file is
    /// taken when it matches a glob of `include` and none of `exclude`.
    pub fn new<S: AsRef<str>>(
        base: &Path,
        include: &[S],
        exclude: &[S],
    ) -> Result<Self, GlobError> {
        Ok(Filter {
            base: real(base),
            include: glob_set(include)?,
            exclude: glob_set(exclude)?,
        })
    }

    /// The filter that takes every Markdown file ([`DEFAULT_INCLUDE`],
    /// nothing excluded), relative to `base`.
    pub fn everything(base: &Path) -> Self {
        Filter::new::<&str>(base, DEFAULT_INCLUDE, &[])
            .unwrap_or_else(|_| unreachable!("the default globs are valid"))
    }

    /// The folder the globs are relative to.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Whether a file found by walking a folder is a deck to take: it
    /// matches `include` and not `exclude`.
    pub fn takes(&self, file: &Path) -> bool {
        match self.relative(file) {
            None => true,
            Some(rel) => self.include.is_match(&rel) && !self.excluded(&rel),
        }
    }

    /// Whether `file` is excluded (for a file named explicitly: `include`
    /// says which files a folder's walk takes, `exclude` applies to every
    /// file, so a hook that passes each changed file skips `template.md`).
    pub fn excludes(&self, file: &Path) -> bool {
        self.relative(file).is_some_and(|rel| self.excluded(&rel))
    }

    /// The file or one of the folders it is in matches `exclude`.
    fn excluded(&self, rel: &str) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        rel.match_indices('/')
            .map(|(i, _)| &rel[..i])
            .chain([rel])
            .any(|prefix| self.exclude.is_match(prefix))
    }

    /// `file` relative to the base, `/`-separated; `None` outside it.
    fn relative(&self, file: &Path) -> Option<String> {
        let file = real_file(file);
        let rel = file.strip_prefix(&self.base).ok()?;
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        (!parts.is_empty()).then(|| parts.join("/"))
    }
}

/// `path` made absolute, symlinks and `..` resolved when it exists.
fn real(path: &Path) -> PathBuf {
    path.canonicalize()
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_owned()))
}

/// A file's path with its folder resolved ([`real`]) but not the file
/// itself: a symlinked deck is matched by the name it has in the folder.
fn real_file(file: &Path) -> PathBuf {
    match (file.parent(), file.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            real(parent).join(name)
        }
        _ => real(file),
    }
}

/// The globs compiled ([`Filter`]'s rules).
fn glob_set<S: AsRef<str>>(globs: &[S]) -> Result<GlobSet, GlobError> {
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let written = glob.as_ref();
        let error = |message: String| GlobError {
            glob: written.to_owned(),
            message,
        };
        let trimmed = written.trim().trim_end_matches('/');
        let pattern = match trimmed.strip_prefix('/') {
            Some(anchored) => anchored.to_owned(),
            None if trimmed.contains('/') => trimmed.to_owned(),
            None => format!("**/{trimmed}"),
        };
        if pattern.is_empty() || pattern == "**/" {
            return Err(error("an empty glob matches nothing".to_owned()));
        }
        let compiled = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| error(e.kind().to_string()))?;
        set.add(compiled);
    }
    set.build().map_err(|e| GlobError {
        glob: e.glob().unwrap_or_default().to_owned(),
        message: e.kind().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(w: &Walk) -> Vec<&str> {
        w.found.iter().map(|f| f.rel.as_str()).collect()
    }

    fn write(d: &Path, files: &[&str]) {
        for f in files {
            let path = d.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
    }

    #[test]
    fn hidden_excluded_and_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        std::fs::create_dir_all(d.join(".git")).unwrap();
        std::fs::create_dir_all(d.join("site")).unwrap();
        for f in [
            "z.md",
            "a.md",
            "b/c/x.md",
            ".hidden.md",
            ".git/y.md",
            "site/s.md",
            "notes.txt",
        ] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let w = walk(d, &[d.join("site")]);
        assert_eq!(rels(&w), ["a.md", "b/c/x.md", "z.md"]);
        assert_eq!(w.found[1].file, d.join("b/c/x.md"));
        assert!(w.errors.is_empty());
    }

    #[test]
    fn hidden_folders_are_skipped_at_any_depth_but_a_hidden_root_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join(".decks");
        write(
            &d,
            &[
                "a.md",
                ".drafts/b.md",
                "sub/.cache/c.md",
                "sub/.d.md",
                "sub/e.md",
            ],
        );
        let w = walk(&d, &[]);
        assert_eq!(rels(&w), ["a.md", "sub/e.md"]);
    }

    #[test]
    fn gitignore_is_honoured_inside_and_outside_a_repository() {
        for with_git in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let d = dir.path();
            if with_git {
                std::fs::create_dir_all(d.join(".git/info")).unwrap();
                std::fs::write(d.join(".git/info/exclude"), "local.md\n").unwrap();
            }
            write(
                d,
                &[
                    "deck.md",
                    "local.md",
                    "build/out.md",
                    "sub/keep.md",
                    "sub/scratch.md",
                    "sub/tmp-1.md",
                    "sub/tmp-keep.md",
                ],
            );
            std::fs::write(d.join(".gitignore"), "/build/\ntmp-*.md\n!tmp-keep.md\n").unwrap();
            std::fs::write(d.join("sub/.gitignore"), "scratch.md\n[invalid\n").unwrap();
            let w = walk(d, &[]);
            let mut expected = vec!["deck.md", "sub/keep.md", "sub/tmp-keep.md"];
            if !with_git {
                expected.insert(1, "local.md");
            }
            assert_eq!(rels(&w), expected, "with .git: {with_git}");
            assert!(w.errors.is_empty(), "{:?}", w.errors);
            // Walking a subfolder: the `.gitignore` above it still counts.
            let w = walk(&d.join("sub"), &[]);
            assert_eq!(rels(&w), ["keep.md", "tmp-keep.md"]);
        }
    }

    #[test]
    fn a_gitignore_above_the_repository_root_does_not_count() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join(".gitignore"), "*.md\n").unwrap();
        std::fs::create_dir_all(d.join("repo/.git")).unwrap();
        write(d, &["repo/deck.md"]);
        assert_eq!(rels(&walk(&d.join("repo"), &[])), ["deck.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_by_one_rule() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("real.md"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("real.md"), d.join("inside.md")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), d.join("out.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), d.join("linked-folder")).unwrap();
        std::os::unix::fs::symlink(d.join("missing.md"), d.join("broken.md")).unwrap();
        let w = walk(d, &[]);
        assert_eq!(rels(&w), ["inside.md", "real.md"]);
        assert_eq!(w.skipped.len(), 1);
        assert_eq!(w.skipped[0].rel, "out.md");
        assert!(w.skipped[0].reason.contains("outside the folder"));
    }

    #[test]
    fn a_folder_that_cannot_be_read_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let w = walk(&missing, &[]);
        assert!(w.found.is_empty());
        assert_eq!(w.errors.len(), 1, "{:?}", w.errors);
        assert_eq!(w.errors[0].0, missing);
        assert_eq!(w.errors[0].1.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn filter_globs_are_relative_to_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            &[
                "template.md",
                "a/template.md",
                "drafts/x.md",
                "drafts/deep/y.md",
                "a/drafts/z.md",
                "2024/deck.md",
                "README.md",
                "sub/README.md",
                "notes.txt",
            ],
        );
        let f = Filter::new(d, &["**/*.md"], &["template.md", "drafts/**", "/README.md"]).unwrap();
        let takes = |rel: &str| f.takes(&d.join(rel));
        assert!(!takes("template.md"));
        assert!(
            !takes("a/template.md"),
            "a name without `/` matches at any depth"
        );
        assert!(!takes("drafts/x.md"));
        assert!(!takes("drafts/deep/y.md"));
        assert!(takes("a/drafts/z.md"), "a glob with `/` is anchored");
        assert!(takes("2024/deck.md"));
        assert!(!takes("README.md"));
        assert!(takes("sub/README.md"));
        assert!(!takes("notes.txt"), "not included");
        assert!(f.excludes(&d.join("template.md")));
        assert!(
            !f.excludes(&d.join("notes.txt")),
            "include is for walks only"
        );
        // A path given relative, with `..`, or outside the base.
        let outside = tempfile::tempdir().unwrap();
        assert!(f.takes(&outside.path().join("template.md")));
        assert!(!f.takes(&d.join("2024/../template.md")));

        // A folder name excludes what is below it; `*` stays in one folder.
        let f = Filter::new(d, &["2024/*.md"], &["drafts"]).unwrap();
        assert!(f.excludes(&d.join("drafts/deep/y.md")));
        assert!(f.excludes(&d.join("a/drafts/z.md")));
        assert!(f.takes(&d.join("2024/deck.md")));
        assert!(!f.takes(&d.join("2024/x/deck.md")));
        assert!(!f.takes(&d.join("a/template.md")));

        let everything = Filter::everything(d);
        assert!(everything.takes(&d.join("drafts/x.md")));
        assert_eq!(everything.base(), d.canonicalize().unwrap());
    }

    #[test]
    fn bad_globs_are_explained() {
        let e = Filter::new(Path::new("."), &["**/*.md"], &["drafts/[x"]).unwrap_err();
        assert_eq!(e.glob, "drafts/[x");
        assert!(e.to_string().contains("invalid glob `drafts/[x`"), "{e}");
        let e = Filter::new(Path::new("."), &[" "], &[]).unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }
}
