//! Deck discovery: the one folder walker of `check`, `build` (and every
//! command that takes folders), with one rule for hidden files and
//! symlinks, and the parser's own test of "is this a deck?"
//! ([`decktype_parse::is_slide_deck`]).
//!
//! The rules:
//! - every `*.md` below the folder, sorted by path, is a candidate;
//! - hidden files and folders (a name starting with `.`) are skipped;
//! - a symlinked file is followed only when its target lies inside the
//!   folder walked (the image policy's rule: nothing outside the folders the
//!   user named is read); one pointing outside is [`Skipped`], with a reason;
//! - symlinked folders are not followed (no cycles, nothing outside);
//! - folders passed in `exclude` (a build's site folder) are skipped.

use std::path::{Path, PathBuf};

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
    let mut stack = vec![(dir.to_owned(), String::new())];
    while let Some((folder, prefix)) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) => {
                out.errors.push((folder, e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.errors.push((folder.clone(), e));
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            let rel = format!("{prefix}{name}");
            if kind.is_dir() {
                let real = path.canonicalize().ok();
                if real.is_some_and(|r| exclude.contains(&r)) {
                    continue;
                }
                stack.push((path, format!("{rel}/")));
            } else if name.ends_with(".md") {
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
                out.found.push(Found { rel, file: path });
            }
        }
    }
    out.found.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.skipped.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let rels: Vec<&str> = w.found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.md", "b/c/x.md", "z.md"]);
        assert_eq!(w.found[1].file, d.join("b/c/x.md"));
        assert!(w.errors.is_empty());
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
        let rels: Vec<&str> = w.found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["inside.md", "real.md"]);
        assert_eq!(w.skipped.len(), 1);
        assert_eq!(w.skipped[0].rel, "out.md");
        assert!(w.skipped[0].reason.contains("outside the folder"));
    }
}
