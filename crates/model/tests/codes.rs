//! Crates emit diagnostic codes only through `decktype_model::codes`: no
//! `"DTnnn"` string literal in any crate's `src/` but the registry's.
//! Tests may use literals: `#[cfg(test)]` items, `src/**/tests.rs` files and
//! comments are not searched.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `line` holds a `"DT` + 3 digits + `"` literal.
fn has_code_literal(line: &str) -> bool {
    line.as_bytes().windows(7).any(|w| {
        w[0] == b'"' && &w[1..3] == b"DT" && w[3..6].iter().all(u8::is_ascii_digit) && w[6] == b'"'
    })
}

/// The 1-based numbers of the lines of `text` with a code literal, outside
/// comments and `#[cfg(test)]` items.
fn literal_lines(text: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // Inside a `#[cfg(test)]` item: the brace depth, once its body opened.
    let mut skipping: Option<Option<i64>> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(depth) = skipping {
            let opens = line.matches('{').count() as i64;
            let closes = line.matches('}').count() as i64;
            let depth = match depth {
                None if opens == 0 && trimmed.ends_with(';') => {
                    skipping = None;
                    continue;
                }
                None if opens == 0 => None,
                None => Some(opens - closes),
                Some(d) => Some(d + opens - closes),
            };
            skipping = match depth {
                Some(d) if d <= 0 => None,
                d => Some(d),
            };
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            skipping = Some(None);
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        if has_code_literal(line) {
            found.push(i + 1);
        }
    }
    found
}

#[test]
fn no_code_literal_outside_the_registry() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let registry = root.join("crates/model/src/codes.rs");
    let mut files = Vec::new();
    for krate in std::fs::read_dir(root.join("crates")).unwrap() {
        rust_files(&krate.unwrap().path().join("src"), &mut files);
    }
    assert!(files.len() > 20, "the crates' sources are found");
    let mut offenders = Vec::new();
    for file in files {
        if file == registry || file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .display()
            .to_string();
        for line in literal_lines(&text) {
            offenders.push(format!("{rel}:{line}"));
        }
    }
    assert!(
        offenders.is_empty(),
        "diagnostic code literals outside crates/model/src/codes.rs (use decktype_model::codes):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_search_finds_literals_and_skips_tests_and_comments() {
    let text = "\
const A: &str = \"DT001\";
// \"DT002\" in a comment
/// \"DT003\" in a doc comment
fn f() -> &'static str { \"DT004\" }
#[cfg(test)]
mod tests {
    fn g() {
        let _ = \"DT005\";
    }
}
#[cfg(test)]
mod more;
const B: &str = \"DT0060\";
const C: &str = \"DT007\";
";
    assert_eq!(literal_lines(text), vec![1, 4, 14]);
}
