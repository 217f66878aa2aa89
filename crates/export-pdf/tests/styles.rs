//! Snapshots of the style decks (`fixtures/styles/*.md`: decks in other
//! communities' styles, themes, 4:3 sizes, columns, fragments, CJK, RTL,
//! Devanagari ...): per deck its JSON export, a digest of its HTML export's
//! structure, and the text of its PDF pages.
//!
//! * `styles__<deck>.json.snap`: the JSON export, as `decktype export --to
//!   json` writes it.
//! * `styles__<deck>.html.snap`: the HTML export normalised per slide by the
//!   HedgeDoc oracle's code (`tests/oracle/render.mjs decktype`), the same
//!   tree `crates/export-html/tests/oracle.rs` compares with HedgeDoc:
//!   attributes from `.slide` comments, one line per element or text, notes.
//!   Needs Node and `npm ci --prefix tests/oracle`: skips without them,
//!   unless `DECKTYPE_REQUIRE_ORACLE=1`.
//! * `styles__<deck>.pdf.snap`: each page's text as `pdftotext` reads it, and
//!   the export's diagnostics. Needs poppler and the machine's CJK and
//!   Devanagari fonts (the decks are in Chinese, Japanese, Korean and Hindi
//!   too): skips without them, unless `DECKTYPE_REQUIRE_POPPLER=1` /
//!   `DECKTYPE_REQUIRE_FONTS=1`.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{page_texts, poppler, root};

fn decks() -> Vec<PathBuf> {
    let decks = decktype_test_support::markdown_files(&root().join("fixtures/styles"));
    assert!(
        decks.len() >= 15,
        "fixtures/styles has {} decks",
        decks.len()
    );
    decks
}

fn name(deck: &Path) -> String {
    deck.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn json_export() {
    for deck in decks() {
        let envelope = common::envelope(&deck);
        insta::assert_snapshot!(
            format!("{}.json", name(&deck)),
            decktype_export_json::to_json(&envelope)
        );
    }
}

/// `node` and the oracle's packages, or `None` after skipping.
fn oracle() -> Option<(String, PathBuf)> {
    let node = std::env::var("DECKTYPE_NODE").unwrap_or_else(|_| "node".to_owned());
    let script = root().join("tests/oracle/render.mjs");
    let runs = Command::new(&node)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs {
        decktype_test_support::skip(
            "ORACLE",
            "node not found (install Node.js, then `npm ci --prefix tests/oracle`)",
        );
        return None;
    }
    if !root().join("tests/oracle/node_modules/jsdom").is_dir() {
        decktype_test_support::skip(
            "ORACLE",
            "tests/oracle/node_modules missing (run `npm ci --prefix tests/oracle`)",
        );
        return None;
    }
    Some((node, script))
}

/// The HTML export's slides as the oracle normalises them, as text.
fn html_digest(node: &str, script: &Path, deck: &Path) -> String {
    let envelope = common::envelope(deck);
    let resolver = decktype_assets::Resolver::new(deck.parent(), &[]);
    let html = decktype_export_html::export(
        &envelope,
        &decktype_export_html::Options {
            resolver: &resolver,
        },
    )
    .html;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deck.html");
    std::fs::write(&file, html).unwrap();
    let out = Command::new(node)
        .arg(script)
        .arg("decktype")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let slides: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut digest = String::new();
    for (i, slide) in slides.iter().enumerate() {
        digest.push_str(&format!(
            "--- slide {} ({}/{}) ---\n",
            i + 1,
            slide["h"],
            slide["v"]
        ));
        if let Some(attrs) = slide["attrs"].as_object() {
            for (k, v) in attrs {
                digest.push_str(&format!("@{k}={v}\n"));
            }
        }
        for part in ["content", "notes"] {
            let lines = slide[part].as_array().cloned().unwrap_or_default();
            if part == "notes" && !lines.is_empty() {
                digest.push_str("-- notes --\n");
            }
            for line in lines {
                digest.push_str(line.as_str().unwrap_or_default());
                digest.push('\n');
            }
        }
    }
    digest
}

#[test]
fn html_structure() {
    let Some((node, script)) = oracle() else {
        return;
    };
    for deck in decks() {
        insta::assert_snapshot!(
            format!("{}.html", name(&deck)),
            html_digest(&node, &script, &deck)
        );
    }
}

/// Whether the machine has fonts for Chinese, Japanese, Korean and Hindi
/// (the PDF's text of those decks depends on them); skips when not.
fn script_fonts() -> bool {
    for lang in ["zh", "ja", "ko", "hi"] {
        let found = Command::new("fc-list")
            .arg(format!(":lang={lang}"))
            .arg("family")
            .output()
            .is_ok_and(|o| !o.stdout.is_empty());
        if !found {
            decktype_test_support::skip(
                "FONTS",
                &format!(
                    "no font for `{lang}` on this machine (install fonts-noto-cjk and fonts-lohit-deva)"
                ),
            );
            return false;
        }
    }
    true
}

#[test]
fn pdf_text() {
    if !poppler() || !script_fonts() {
        return;
    }
    let mut failed = Vec::new();
    for deck in decks() {
        // A deck whose export fails is reported at the end; the others are
        // still snapshotted.
        let out = match common::export_with(&deck, |_| {}) {
            Ok(out) => out,
            Err(f) => {
                failed.push(format!("{}: {f}", deck.display()));
                continue;
            }
        };
        let pages = page_texts(&out.pdf);
        assert_eq!(pages.len(), out.pages, "{}", deck.display());
        insta::assert_snapshot!(
            format!("{}.pdf", name(&deck)),
            common::page_dump(&pages, &out.diagnostics)
        );
    }
    assert!(
        failed.is_empty(),
        "PDF export failed:\n{}",
        failed.join("\n")
    );
}

/// The PDF of the deck `text`, exported from a temporary folder.
fn pdf_of(text: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.md");
    std::fs::write(&path, text).unwrap();
    common::export(&path).pdf
}

/// The left edge, right edge and top (pt) of `word`'s first appearance on
/// `page`, as `pdftotext -bbox` reads them.
fn word_at(pdf: &[u8], page: usize, word: &str) -> (f64, f64, f64) {
    common::word_boxes(pdf)
        .into_iter()
        .find(|w| w.0 == page && w.4 == word)
        .map(|w| (w.1, w.2, w.3))
        .unwrap_or_else(|| panic!("{word} not on page {page}"))
}

/// Columns side by side start at the same height, whatever their lengths:
/// floated `<div>`s and the children of a flex or grid `<div>` are put at
/// the top of their row in a browser (`float`, and `align-items: stretch`).
/// The PDF centred a row's cells vertically against the tallest one, from
/// the slide body's `horizon` alignment, so a shorter column started lower.
#[test]
fn columns_start_at_the_top_of_their_row() {
    if !poppler() {
        return;
    }
    let left = "**Leftcol**\n\n- one\n";
    let right = "**Rightcol**\n\n- one\n- two\n- three\n- four\n- five\n";
    let deck = format!(
        "<div style=\"float:left;width:50%\">\n\n{left}\n</div>\n\
         <div style=\"float:left;width:50%\">\n\n{right}\n</div>\n\n---\n\n\
         <div style=\"display:flex\">\n<div>\n\n{left}\n</div>\n<div>\n\n{right}\n</div>\n</div>\n\n---\n\n\
         <div style=\"display:grid;grid-template-columns:1fr 1fr\">\n<div>\n\n{left}\n</div>\n<div>\n\n{right}\n</div>\n</div>\n"
    );
    let pdf = pdf_of(&deck);
    for (page, what) in [(0, "floated"), (1, "flex"), (2, "grid")] {
        let (l, r) = (
            word_at(&pdf, page, "Leftcol").2,
            word_at(&pdf, page, "Rightcol").2,
        );
        assert!(
            (l - r).abs() < 0.5,
            "{what} columns: the shorter starts at {l} pt, the longer at {r} pt"
        );
    }
}

/// A code block in a right-to-left deck keeps its lines at the left, as
/// reveal.js's `pre` does in Chromium with `<html dir="rtl">` (the
/// paragraph direction is right-to-left there too, so a line that starts
/// with punctuation shows it at the line's end, as in a browser). typst
/// aligns a raw block's lines at the text's start, the right, by default.
#[test]
fn code_in_a_right_to_left_deck_is_left_aligned() {
    if !poppler() {
        return;
    }
    let pdf = pdf_of(
        "---\ntype: slide\nlang: he\ndir: rtl\n---\n\n## קוד\n\n```text\nab\nalonger line of code\n```\n",
    );
    let (short, long) = (word_at(&pdf, 0, "ab").0, word_at(&pdf, 0, "alonger").0);
    assert!(
        (short - long).abs() < 0.5,
        "the code's lines start at {short} and {long} pt"
    );
}

/// A quotation's lines are centred, as reveal.js shows them: its
/// `blockquote` sets no `text-align`, so it keeps the slide's `center`
/// (Chromium with reveal.js 3.9.2's CSS: the lines of a three-line quote
/// at 163–797, 198–762 and 337–623 px of the 960 px content, a one-line
/// quote at 393–567). The PDF set them left. And a centred line ending in
/// a full stop is centred on its advances, as a browser centres it: typst
/// hung the stop into the margin (`overhang`), 3 pt off centre.
#[test]
fn a_quotation_is_centred_as_in_reveal_js() {
    if !poppler() {
        return;
    }
    let pdf = pdf_of("## Quote\n\n> Shortquote here.\n\n---\n\nPlainline here.\n");
    // The 1244 px page's middle, in points.
    let middle = 1244.0 * 0.75 / 2.0;
    for (page, first) in [(0, "Shortquote"), (1, "Plainline")] {
        let (left, right) = (word_at(&pdf, page, first).0, word_at(&pdf, page, "here.").1);
        assert!(
            ((left + right) / 2.0 - middle).abs() < 0.5,
            "{first}: the line spans {left}..{right} pt, not around {middle}"
        );
    }
}

/// Lines and blocks as far apart as reveal.js sets them: its `line-height:
/// 1.3` makes every line box 1.3 em tall (54.6 px of the white theme's 42
/// px text), with 20 px between blocks; a code block's lines are 1.2 of
/// its 0.55 em apart (27.72 px). Chromium with reveal.js 3.9.2 puts the
/// lines of this slide's paragraph 54.6 px apart, the next paragraph, the
/// list and the one after it 74.6 px (a line and 20 px) below the line
/// before, the list's items 54.6 px apart and the code's lines 27.7. The
/// PDF had 49 px within a paragraph and 50 px from block to block: its
/// pages were a quarter shorter than the browser's. (Measured between
/// words of one size, whose tops are as far apart as their lines.)
#[test]
fn lines_and_blocks_are_as_far_apart_as_in_reveal_js() {
    if !poppler() {
        return;
    }
    let pdf = pdf_of(
        "## Heading\n\nAlpha words that run long enough to wrap onto a second line of this slide for sure\n\n\
         Beta\n\n- Gamma\n- Delta\n- Epsilon\n\n```\ncodeone\ncodetwo\n```\n\nZeta\n",
    );
    let top = |word: &str| word_at(&pdf, 0, word).2 / 0.75;
    let second_line = common::word_boxes(&pdf)
        .into_iter()
        .filter(|w| w.0 == 0)
        .map(|w| w.3 / 0.75)
        .filter(|&y| y > top("Alpha") + 10.0 && y < top("Beta") - 10.0)
        .fold(f64::INFINITY, f64::min);
    for (what, from, to, px) in [
        ("a paragraph's lines", top("Alpha"), second_line, 54.6),
        ("paragraph to paragraph", second_line, top("Beta"), 74.6),
        ("paragraph to list", top("Beta"), top("Gamma"), 74.6),
        ("item to item", top("Gamma"), top("Delta"), 54.6),
        (
            "code line to code line",
            top("codeone"),
            top("codetwo"),
            27.72,
        ),
    ] {
        assert!(
            (to - from - px).abs() < 0.5,
            "{what}: {:.2} px apart, not {px}",
            to - from
        );
    }
    // Lists and `<div>`s have no margin: a list in an item starts right
    // below its item's text, the `<div>` after a list right below its last
    // item, and the next `<div>` right below that (a line break between
    // them in the HTML is no empty line). Chromium: 54.6 px each.
    let pdf = pdf_of(
        "- Outer
  - Nested

<div>Firstdiv</div>
<div>Seconddiv</div>
",
    );
    let top = |word: &str| word_at(&pdf, 0, word).2 / 0.75;
    for (from, to) in [
        ("Outer", "Nested"),
        ("Nested", "Firstdiv"),
        ("Firstdiv", "Seconddiv"),
    ] {
        let apart = top(to) - top(from);
        assert!(
            (apart - 54.6).abs() < 0.5,
            "{from} to {to}: {apart:.2} px apart, not 54.6"
        );
    }
}
