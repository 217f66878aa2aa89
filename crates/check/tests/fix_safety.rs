//! `decktype check --fix` keeps what the author meant (issue 18).
//!
//! - A safe fix leaves the parsed deck as it was, byte spans aside: over
//!   every fixture and every corpus deck, `parse(before)` and
//!   `parse(fix(before, safe only))` give the same slides and blocks.
//! - An unsafe fix (a setext heading's `---` turned into a split) is never
//!   applied without `--unsafe-fixes`.
//! - No fix, safe or not, touches what is inside an HTML block, an HTML
//!   comment or a code block: the finds of the `check_fix` fuzz target
//!   (fuzz/finds/check_fix/) are regression tests here.
//!
//! The deck is compared through its JSON without `span` keys, read here
//! with the test's own code.

use std::path::{Path, PathBuf};

use decktype_check::fix::{Applicability, Fixed, available, diff, fix};
use decktype_test_support::{corpus, workspace};
use serde_json::Value;

fn parse(source: &str) -> decktype_parse::Parsed {
    decktype_parse::parse(source, &decktype_parse::Options::default())
}

/// The deck's JSON without spans.
fn shape(source: &str) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("span");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(&parse(source).deck).unwrap();
    strip(&mut v);
    v
}

/// The raw HTML blocks, code blocks and HTML elements of a deck, as text.
fn hidden(source: &str) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                match (m.get("type").and_then(Value::as_str), m.get("html")) {
                    (Some("html"), Some(html)) => out.push(format!("html {html}")),
                    (Some("code_block"), _) => out.push(format!("code {v}")),
                    (Some("element"), _) => out.push(format!("element {v}")),
                    _ => {}
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&shape(source), &mut out);
    out.sort();
    out
}

fn splits_in_code(source: &str) -> usize {
    parse(source)
        .diagnostics
        .iter()
        .filter(|d| d.code == decktype_model::codes::SEPARATOR_IN_CODE_OR_COMMENT)
        .count()
}

/// The fix's edits make its text from `source`, and `--diff` shows what
/// `similar`'s line diff of the two whole texts shows (built from the
/// edits, it diffs only the lines around them).
fn assert_edits_and_diff(name: &str, source: &str, fixed: &Fixed) {
    let mut text = String::new();
    let mut at = 0;
    for e in &fixed.edits {
        assert!(
            at <= e.span.start,
            "{name}: edits not sorted: {:?}",
            fixed.edits
        );
        text.push_str(&source[at..e.span.start]);
        text.push_str(&e.replacement);
        at = e.span.end;
    }
    text.push_str(&source[at..]);
    assert_eq!(text, fixed.text, "{name}: the edits do not make the text");
    let whole = similar::TextDiff::from_lines(source, &fixed.text)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    assert_eq!(diff(name, source, &fixed.edits), whole, "{name}");
}

/// Every property of the `check_fix` fuzz target, for `source`; the number
/// of changes the safe and the unsafe fixes make.
fn assert_fix_properties(name: &str, source: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    if let Some(safe) = fix(source, false) {
        assert_edits_and_diff(name, source, &safe);
        assert!(
            shape(source) == shape(&safe.text),
            "{name}: a safe fix changed the parsed deck: {:?}",
            safe.changes
        );
        assert!(
            safe.changes
                .iter()
                .all(|c| c.applicability == Applicability::Safe),
            "{name}: {:?}",
            safe.changes
        );
        assert_eq!(fix(&safe.text, false), None, "{name}: not idempotent");
        counts.0 = safe.changes.len();
    }
    if let Some(all) = fix(source, true) {
        assert!(!all.changes.is_empty(), "{name}");
        assert_edits_and_diff(name, source, &all);
        assert_eq!(fix(&all.text, true), None, "{name}: not idempotent");
        let content = |t: &str| -> Vec<String> {
            t.split('\n')
                .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'))
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(content(source), content(&all.text), "{name}");
        assert!(
            splits_in_code(&all.text) <= splits_in_code(source),
            "{name}: a split was put inside code or a comment:\n{}",
            all.text
        );
        let mut after = hidden(&all.text);
        for block in hidden(source) {
            let i = after.iter().position(|b| *b == block).unwrap_or_else(|| {
                panic!(
                    "{name}: a fix cut an HTML or code block: {block}\n--- fixed ---\n{}",
                    all.text
                )
            });
            after.remove(i);
        }
        counts.1 = all.changes.len();
    }
    counts
}

fn markdown_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            markdown_below(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

#[test]
fn a_setext_heading_is_left_alone_by_fix_and_split_by_unsafe_fixes() {
    let src = "---\ntype: slide\n---\n\n# Welcome\n\nAgenda\n---\n\nText\n";
    let before = parse(src);
    assert_eq!(before.deck.slides.len(), 1);
    let blocks = serde_json::to_value(&before.deck.slides[0].blocks).unwrap();
    assert_eq!(blocks[1]["type"], "heading", "{blocks}");
    assert_eq!(blocks[1]["level"], 2);

    // `--fix`: nothing safe to do.
    assert_eq!(fix(src, false), None);
    // The fix is offered, as unsafe, with what it changes.
    let offered = available(src);
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].code, "DT004");
    assert_eq!(offered[0].line, 8);
    assert_eq!(offered[0].applicability, Applicability::Unsafe);
    assert!(
        offered[0]
            .risk
            .as_deref()
            .is_some_and(|r| r.contains("heading underline")),
        "{offered:?}"
    );

    // `--fix --unsafe-fixes`: the split the author most likely meant.
    let fixed = fix(src, true).unwrap();
    assert_eq!(
        fixed.text,
        "---\ntype: slide\n---\n\n# Welcome\n\nAgenda\n\n---\n\nText\n"
    );
    assert_eq!(fixed.changes.len(), 1);
    assert_eq!(fixed.changes[0].line, 8);
    let after = parse(&fixed.text);
    assert_eq!(after.deck.slides.len(), 2);
    let first = serde_json::to_value(&after.deck.slides[0].blocks).unwrap();
    assert_eq!(first[1]["type"], "paragraph", "{first}");
}

#[test]
fn a_separator_with_trailing_spaces_is_an_unsafe_fix_too() {
    // HedgeDoc splits on `---` alone: with a trailing space it shows a rule.
    let src = "---\ntype: slide\n---\n\n# A\n\ntext\n\n--- \n\n# B\n\nmore\n";
    assert_eq!(parse(src).deck.slides.len(), 1);
    assert_eq!(fix(src, false), None);
    let fixed = fix(src, true).unwrap();
    assert_eq!(parse(&fixed.text).deck.slides.len(), 2);
    assert!(fixed.text.contains("\n\n---\n\n# B"), "{}", fixed.text);
}

#[test]
fn a_split_through_the_cr_quirk_is_fixed_safely() {
    // `\r\n---\r\n` with no empty lines splits in HedgeDoc (JavaScript's `^`
    // matches after the `\r`): adding the empty lines changes nothing shown.
    let src = "---\r\ntype: slide\r\n---\r\n\r\n# A\r\n\r\ntext\r\n---\r\n# B\r\n\r\nmore\r\n";
    assert_eq!(parse(src).deck.slides.len(), 2);
    let fixed = fix(src, false).expect("a safe fix");
    assert_eq!(
        fixed.changes[0].applicability,
        Applicability::Safe,
        "{fixed:?}"
    );
    assert!(
        fixed.text.contains("text\r\n\r\n---\r\n\r\n# B"),
        "{:?}",
        fixed.text
    );
    assert_eq!(shape(src), shape(&fixed.text));
    assert_fix_properties("cr quirk", src);
}

#[test]
fn nothing_inside_html_comments_or_code_is_touched() {
    let decks = [
        // An HTML comment on lines of its own.
        "---\ntype: slide\n---\n\n# A\n\n<!--\nhidden\n---\n\nstill hidden\n-->\n",
        // A fenced code block.
        "---\ntype: slide\n---\n\n# A\n\n```yaml\nkey: 1\n---  \nother: 2\n```\n",
        // An indented code block.
        "---\ntype: slide\n---\n\n# A\n\ntext\n\n    code\n    ---\n\nafter\n",
        // An unclosed <style>: an HTML block to the end (fuzz find).
        "---\ntype: slide\n---\n\n# A\n\n<style>\n.a { color: red }\n---\n# Hidden\n",
        // An HTML block that ends only at an empty line (fuzz find).
        "---\ntype: slide\n---\n \n#A\n\n<sKKKKKKKKtyle>\n.a { color: red }\n---\n# Hidden\n",
        // An element around Markdown: a split would cut it in two.
        "---\ntype: slide\n---\n\n# A\n\n<div style=\"display: none\">\n\nhidden\n\n--- \n\nhidden too\n\n</div>\n",
        "---\ntype: slide\n---\n\n# A\n\n<details>\n<summary>More</summary>\n\nLine\n---\n\nrest\n\n</details>\n",
    ];
    for src in decks {
        let dashes = src
            .lines()
            .skip(3)
            .any(|l| matches!(l.trim(), "---" | "----"));
        assert!(dashes, "the deck has a dash line: {src}");
        assert_eq!(fix(src, true), None, "{src}");
        assert!(available(src).is_empty(), "{src}: {:?}", available(src));
    }
}

#[test]
fn the_fuzz_finds_are_regression_tests() {
    let dir = workspace().join("fuzz/finds/check_fix");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let Ok(source) = String::from_utf8(bytes) else {
            continue; // the target skips what is not UTF-8
        };
        assert_fix_properties(&file.display().to_string(), &source);
    }
    // The two named finds: a split was put inside the HTML; now nothing is
    // fixed there at all.
    for name in ["find-split-in-style.md", "find-split-in-html-block.md"] {
        let source = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(fix(&source, true), None, "{name}");
    }
}

#[test]
fn safe_fixes_keep_every_fixture_as_it_parses() {
    let mut files = Vec::new();
    markdown_below(&workspace().join("fixtures"), &mut files);
    markdown_below(&workspace().join("fuzz/seeds/check_fix"), &mut files);
    assert!(files.len() > 50, "{} fixtures", files.len());
    let mut unsafe_changes = 0;
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let (_, u) = assert_fix_properties(&file.display().to_string(), &source);
        unsafe_changes += u;
    }
    // Some fixtures have separators to fix: the property is not vacuous.
    assert!(unsafe_changes > 0);
}

#[test]
fn safe_fixes_keep_every_corpus_deck_as_it_parses() {
    let Some(dir) = corpus() else {
        return;
    };
    let mut files = Vec::new();
    markdown_below(&dir, &mut files);
    assert!(!files.is_empty(), "no decks in {}", dir.display());
    let (mut safe, mut unsafe_) = (0, 0);
    for file in &files {
        let Ok(source) = std::fs::read_to_string(file) else {
            continue;
        };
        let (s, u) = assert_fix_properties(&file.display().to_string(), &source);
        safe += s;
        unsafe_ += u;
    }
    eprintln!(
        "{} corpus decks: {safe} safe and {unsafe_} safe-or-unsafe changes, all kept the properties",
        files.len()
    );
}
