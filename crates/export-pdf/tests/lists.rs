//! Lists as reveal.js places them: an inline-block, centred as a whole and
//! left-aligned inside. A short list is as wide as its widest item, so it
//! sits in the middle; a list with an item that wraps is as wide as the
//! content (in Chromium with reveal.js 3.9's white theme, a list of a
//! 200-character item on a 960 px slide is 804 px wide, the slide less the
//! list's 1 em margin, while its widest line is 737 px). typst's box would
//! shrink such a list to its widest line and centre that.

use std::path::Path;

mod common;
use common::{export, poppler, words};

/// An item far wider than a 960 px slide at any theme's text size.
const LONG: &str = "Internationalisation considerations notwithstanding, the \
    standardisation working group recommends comprehensive documentation of \
    interoperability requirements before implementation begins across \
    participating organisations";

/// The left edge (pt) of `word`'s first appearance on `page`.
fn left_of(pdf: &[u8], page: usize, word: &str) -> f64 {
    words(pdf)
        .into_iter()
        .find(|(p, _, _, w)| *p == page && w == word)
        .unwrap_or_else(|| panic!("{word} not on page {page}"))
        .1
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Where reveal.js starts a spanning list's text: the content's left edge
/// (the 1244 px page less the 960 px content, halved: 142 px), the list's
/// 1 em margin (42 px, the white theme's text size) and a browser's 40 px
/// list padding, in points. Chromium with reveal.js 3.9 puts the first
/// word of such a list (by default, a wrapping one, and with the SCS decks'
/// `.slides ul { display: block!important }` any one) at 82.0 px from the
/// content's edge.
const SPANNING_TEXT: f64 = (142.0 + 42.0 + 40.0) * 0.75;

#[test]
fn a_list_that_wraps_spans_the_content_and_a_short_one_is_centred() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let slides = format!("- {LONG}\n- two\n\n---\n\n- one\n- two\n\n---\n\n1. one\n2. two\n");
    let centred = export(&write(dir.path(), "centred.md", &slides)).pdf;
    // Lists made blocks by the deck's CSS, as every SCS deck does.
    let blocks = export(&write(
        dir.path(),
        "blocks.md",
        &format!(
            "<style>\n.slides ul, .slides ol {{ display: block!important; }}\n</style>\n\n{slides}"
        ),
    ))
    .pdf;
    for (pdf, what) in [(&centred, "a wrapping list"), (&blocks, "a block list")] {
        let x = left_of(pdf, 0, "Internationalisation");
        assert!(
            (x - SPANNING_TEXT).abs() < 1.0,
            "{what}'s text starts at {x} pt, not {SPANNING_TEXT} pt"
        );
    }
    // Short lists: centred as a whole by default, spanning when the CSS
    // says so.
    for page in [1, 2] {
        assert_centred(&centred, page, ["one", "two"]);
        let block = left_of(&blocks, page, "one");
        assert!(
            (block - SPANNING_TEXT).abs() < 1.0,
            "a short block list starts at {block} pt"
        );
    }
}

#[test]
fn a_list_that_fits_on_a_line_is_centred_however_long_its_text() {
    if !poppler() {
        return;
    }
    // Long enough to be measured (over 10 em), short enough to fit (about 17
    // em of 42 px text on a 960 px slide): it stays a centred box.
    let dir = tempfile::tempdir().unwrap();
    let deck = write(
        dir.path(),
        "fits.md",
        "- A list item of some thirty-five chars\n- two\n",
    );
    let pdf = export(&deck).pdf;
    let x = left_of(&pdf, 0, "A");
    assert!(x > 140.0, "a list that fits starts at {x} pt: not centred");
}

#[test]
fn a_list_in_an_item_starts_80_px_past_its_items_text() {
    if !poppler() {
        return;
    }
    // reveal.js: `.reveal ul ul { display: block; margin-left: 40px }`, and
    // a browser's 40 px padding; Chromium puts "Nested" 80.0 px past "Outer"
    // (20 px list text, with the SCS decks' CSS, and without it).
    let dir = tempfile::tempdir().unwrap();
    let lists = "- Outer\n  - Nested\n    - Deeper\n\n---\n\n1. Outer\n   1. Nested\n";
    for (name, css) in [
        ("centred.md", ""),
        (
            "blocks.md",
            "<style>\n.slides li { font-size: 20px; }\n.slides ul, .slides ol { display: block!important; }\n</style>\n\n",
        ),
    ] {
        let pdf = export(&write(dir.path(), name, &format!("{css}{lists}"))).pdf;
        for page in [0, 1] {
            let outer = left_of(&pdf, page, "Outer");
            let nested = left_of(&pdf, page, "Nested");
            assert!(
                (nested - outer - 60.0).abs() < 1.0,
                "{name} page {page}: \"Nested\" at {nested} pt, \"Outer\" at {outer} pt"
            );
        }
        let pdf_words = words(&pdf);
        let deeper = pdf_words.iter().find(|w| w.3 == "Deeper").unwrap().1;
        let nested = left_of(&pdf, 0, "Nested");
        assert!(
            (deeper - nested - 60.0).abs() < 1.0,
            "{name}: {deeper} {nested}"
        );
    }
}

#[test]
fn the_scs_css_spans_bulleted_lists_and_leaves_numbered_ones_centred() {
    if !poppler() {
        return;
    }
    // `.slides ul { display: block!important }` is all the SCS template
    // says: in HedgeDoc a numbered list stays an inline-block, centred.
    let dir = tempfile::tempdir().unwrap();
    let pdf = export(&write(
        dir.path(),
        "scs.md",
        "<style>\n.slides ul { display: block!important; }\n</style>\n\n- one\n- two\n\n---\n\n1. one\n2. two\n",
    ))
    .pdf;
    let bullets = left_of(&pdf, 0, "one");
    assert!((bullets - SPANNING_TEXT).abs() < 1.0, "{bullets}");
    assert_centred(&pdf, 1, ["one", "two"]);
}

/// Asserts that the short list of `words` on `page` is centred as
/// reveal.js centres it: its box, margin and padding included (the 1 em
/// margin, 42 px in the white theme, and the 40 px padding before the
/// text, and the text as wide as its widest line), has its middle at the
/// content's, 480 px. Chromium with reveal.js 3.9 puts `- one\n- two` at
/// 487.5..554.5 px (its margin box 405.5..554.5); the PDF's fonts are not
/// Chromium's, so the box is measured on the PDF's own words. A list that
/// is centred on its text and markers alone starts 16 px further left.
fn assert_centred<const N: usize>(pdf: &[u8], page: usize, words: [&str; N]) {
    assert_centred_box(pdf, page, &words, (82.0, 0.0));
}

/// Asserts that `words` on `page` are the text of a box `around` px wider
/// on the left and on the right, centred in the content.
fn assert_centred_box(pdf: &[u8], page: usize, words: &[&str], around: (f64, f64)) {
    let boxes: Vec<_> = common::word_boxes(pdf)
        .into_iter()
        .filter(|w| w.0 == page && words.contains(&w.4.as_str()))
        .map(|(_, left, right, _, _)| (left / 0.75 - 142.0, right / 0.75 - 142.0))
        .collect();
    assert_eq!(boxes.len(), words.len(), "{words:?} on page {page}");
    let text_left = boxes.iter().map(|b| b.0).fold(f64::INFINITY, f64::min);
    let text_right = boxes.iter().map(|b| b.1).fold(0.0, f64::max);
    let middle = (text_left - around.0 + text_right + around.1) / 2.0;
    assert!(
        (middle - 480.0).abs() < 1.0,
        "page {page}: the list's text at {text_left:.1}..{text_right:.1} px, its box's middle at {middle:.1} px, not 480"
    );
}

/// The words of `page` (left edge in px from the 960 px content's left
/// edge, and the word): the page is 1244 px wide, so the content starts at
/// 142 px.
fn px_words(pdf: &[u8], page: usize) -> Vec<(f64, String)> {
    words(pdf)
        .into_iter()
        .filter(|w| w.0 == page)
        .map(|(_, x, _, w)| (x / 0.75 - 142.0, w))
        .collect()
}

/// A right-to-left deck's lists, where Chromium puts them with reveal.js
/// 3.9's CSS (white theme, `<html dir="rtl">`, the SCS decks' `.slides ul
/// { display: block!important }`): the list's 1 em margin stays on the
/// left (`margin: 0 0 0 1em`) and its 40 px padding goes to the right
/// (`padding-inline-start`), the text stays left-aligned (`text-align:
/// left`), the markers are at the right. Measured there: the items' text
/// starts at 42.0 px from the content's left edge and their boxes end at
/// 920.0; a list in an item (`margin-left: 40px`) starts its text at 82.0
/// and its items end at 880.0, its markers in the 40 px beyond.
#[test]
fn a_right_to_left_block_list_keeps_its_margin_left_and_its_markers_right() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let deck = |dir_line: &str| {
        format!(
            "---\ntype: slide\nlang: ar\n{dir_line}---\n\n<style>\n.slides ul {{ display: block!important; }}\n</style>\n\n- نص قصير\n  - واحد\n- نتعلّم من مبرمجين ذوي خبرة حول العالم\n"
        )
    };
    for (name, dir_line) in [("rtl.md", "dir: rtl\n"), ("auto.md", "dir: auto\n")] {
        let pdf = export(&write(dir.path(), name, &deck(dir_line))).pdf;
        let page = px_words(&pdf, 0);
        let at = |word: &str| page.iter().find(|w| w.1 == word).unwrap().0;
        let text: Vec<f64> = page
            .iter()
            .filter(|w| !matches!(w.1.as_str(), "•" | "▪"))
            .map(|w| w.0)
            .collect();
        let leftmost = text.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(
            (leftmost - 42.0).abs() < 1.0,
            "{name}: the text starts at {leftmost} px, not 42"
        );
        // pdftotext gives the nested item's word in visual order.
        let nested = at("دحاو");
        assert!(
            (nested - 82.0).abs() < 1.0,
            "{name}: the nested text starts at {nested} px, not 82"
        );
        let (bullet, square) = (at("•"), at("▪"));
        assert!(
            bullet > 920.0 && bullet < 960.0,
            "{name}: the bullet at {bullet} px"
        );
        assert!(
            square > 880.0 && square < 920.0,
            "{name}: the nested marker at {square} px"
        );
    }
    // A short numbered list stays an inline-block, centred with its margin
    // on the left and its padding on the right: Chromium puts "اثنان" at
    // 441.2..520.8 px (its margin box 399.2..560.8).
    let pdf = export(&write(
        dir.path(),
        "centred.md",
        "---\ntype: slide\nlang: ar\ndir: rtl\n---\n\n1. اثنان\n",
    ))
    .pdf;
    // pdftotext gives the word in visual order.
    assert_centred_box(&pdf, 0, &["نانثا"], (42.0, 40.0));
    // `lang` alone does not turn a deck right-to-left, in a browser or in
    // the HTML export: the markers are at the left of the text.
    let pdf = export(&write(dir.path(), "lang.md", &deck(""))).pdf;
    let page = px_words(&pdf, 0);
    let bullet = page.iter().find(|w| w.1 == "•").unwrap().0;
    assert!(
        bullet < 82.0,
        "lang: ar without dir: the bullet at {bullet} px"
    );
}

/// Lists one after another are inline-blocks on one line in reveal.js, as
/// words are. Chromium with reveal.js 3.9 (white theme) puts `- one / -
/// two / - three` and then `1. alpha / 2. beta` side by side: the bulleted
/// list's text at 379.4..472.3 px, the numbered list's margin box from
/// 480.7 px (one space, 8.4 px, after it) and its text at 562.7..662.6,
/// their last lines on one baseline (`beta` beside `three`), the line
/// centred. Two lists too wide for one line wrap, each centred on its own.
/// With the SCS decks' `.slides ul { display: block }` a bulleted list is
/// a block, and the numbered list after it starts a line of its own.
#[test]
fn lists_one_after_another_share_a_line_as_in_reveal_js() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lists = "- one\n- two\n- three\n\n1. alpha\n2. beta\n\nAfter\n\n---\n\n\
        - a longer first list item here\n\n1. and a second list that is long too\n";
    let pdf = export(&write(dir.path(), "adjacent.md", lists)).pdf;
    let boxes = common::word_boxes(&pdf);
    let at = |page: usize, word: &str| {
        let b = boxes
            .iter()
            .find(|b| b.0 == page && b.4 == word)
            .unwrap_or_else(|| panic!("{word} not on page {page}"));
        // Left and right edge in px from the content's edge, top in pt.
        (b.1 / 0.75 - 142.0, b.2 / 0.75 - 142.0, b.3)
    };
    let (one, two, three) = (at(0, "one"), at(0, "two"), at(0, "three"));
    let (alpha, beta) = (at(0, "alpha"), at(0, "beta"));
    assert!(
        (alpha.2 - two.2).abs() < 1.0 && (beta.2 - three.2).abs() < 1.0,
        "the numbered list's lines are not beside the bulleted list's last two: {alpha:?} {beta:?} {two:?} {three:?}"
    );
    let first_right = [one.1, two.1, three.1].into_iter().fold(0.0, f64::max);
    let gap = alpha.0 - 82.0 - first_right;
    assert!(
        (4.0..14.0).contains(&gap),
        "a space between the lists, not {gap:.1} px"
    );
    let middle = (one.0 - 82.0 + alpha.1.max(beta.1)) / 2.0;
    assert!(
        (middle - 480.0).abs() < 1.0,
        "the line of lists is centred at {middle:.1} px"
    );
    assert!(at(0, "After").2 > three.2 + 10.0, "the paragraph after");
    // Too wide to share a line: the second list below the first.
    let (a, and) = (at(1, "longer"), at(1, "and"));
    assert!(and.2 > a.2 + 10.0, "{a:?} {and:?}");

    let scs = format!("<style>\n.slides ul {{ display: block!important; }}\n</style>\n\n{lists}");
    let pdf = export(&write(dir.path(), "scs.md", &scs)).pdf;
    let words = words(&pdf);
    let top = |word: &str| words.iter().find(|w| w.0 == 0 && w.3 == word).unwrap().2;
    assert!(
        top("alpha") > top("three") + 10.0,
        "a block list's next list starts a line of its own"
    );
}
