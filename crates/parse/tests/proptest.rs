//! Property tests for `decktype_parse::parse`: whatever the input, it returns
//! (no panic, no hang), every span in the result — deck, slides, blocks,
//! inlines, notes, styles, diagnostics and their labels — is a valid byte range
//! of the source (`start <= end <= source.len()`, both ends on char
//! boundaries), and the deck survives the JSON round trip (serde_json reads at
//! most 128 levels, so this also bounds how deep the model may nest).
//!
//! Inputs: arbitrary Unicode, sequences of deck-ish fragments (separators,
//! line ends of every kind, front matter, comments, fences, lists, tables,
//! inline HTML, markdown-it extensions, notes markers, odd characters), and
//! deeply nested or long runs of openers.

use std::time::{Duration, Instant};

use decktype_model::{Block, Deck, Inline, Span};
use decktype_parse::{Options, Parsed, parse};
use proptest::prelude::*;
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------
// Span collection: walks the whole result.

/// Every span in `parsed`, with a description of where it was found.
fn all_spans(parsed: &Parsed) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let deck = &parsed.deck;
    if let Some(fm) = &deck.front_matter {
        out.push(("front_matter".to_owned(), fm.span));
    }
    for (i, style) in deck.styles.iter().enumerate() {
        out.push((format!("styles[{i}]"), style.span));
    }
    for (s, slide) in deck.slides.iter().enumerate() {
        let at = format!("slides[{s}]");
        out.push((at.clone(), slide.span));
        if let Some(sep) = &slide.separator {
            out.push((format!("{at}.separator"), sep.span));
        }
        if let Some(notes) = &slide.notes {
            out.push((format!("{at}.notes"), notes.span));
            block_spans(&format!("{at}.notes"), &notes.blocks, &mut out);
        }
        block_spans(&at, &slide.blocks, &mut out);
    }
    for (d, diagnostic) in parsed.diagnostics.iter().enumerate() {
        let at = format!("diagnostics[{d}] {}", diagnostic.code);
        out.push((at.clone(), diagnostic.span));
        for (l, label) in diagnostic.labels.iter().enumerate() {
            out.push((format!("{at}.labels[{l}]"), label.span));
        }
    }
    out
}

fn block_spans(at: &str, blocks: &[Block], out: &mut Vec<(String, Span)>) {
    for (b, block) in blocks.iter().enumerate() {
        let at = format!("{at}/{b}");
        out.push((at.clone(), block.span()));
        match block {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines, .. }
            | Block::Html { inlines, .. } => {
                inline_spans(&at, inlines, out);
            }
            Block::Image(image) => out.push((format!("{at}.image"), image.span)),
            Block::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    out.push((format!("{at}.items[{i}]"), item.span));
                    block_spans(&format!("{at}.items[{i}]"), &item.blocks, out);
                }
            }
            Block::Table { header, rows, .. } => {
                for (c, cell) in header.iter().enumerate() {
                    out.push((format!("{at}.header[{c}]"), cell.span));
                    inline_spans(&format!("{at}.header[{c}]"), &cell.inlines, out);
                }
                for (r, row) in rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate() {
                        out.push((format!("{at}.rows[{r}][{c}]"), cell.span));
                        inline_spans(&format!("{at}.rows[{r}][{c}]"), &cell.inlines, out);
                    }
                }
            }
            Block::Quote { blocks, .. }
            | Block::FootnoteDefinition { blocks, .. }
            | Block::Element { blocks, .. } => block_spans(&at, blocks, out),
            Block::DefinitionList { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{at}.items[{i}]");
                    out.push((at.clone(), item.span));
                    inline_spans(&format!("{at}.term"), &item.term, out);
                    for (d, definition) in item.definitions.iter().enumerate() {
                        block_spans(&format!("{at}.definitions[{d}]"), definition, out);
                    }
                }
            }
            // Rule and CodeBlock have only their own span (pushed above); the
            // enum is non-exhaustive.
            _ => {}
        }
    }
}

fn inline_spans(at: &str, inlines: &[Inline], out: &mut Vec<(String, Span)>) {
    for (i, inline) in inlines.iter().enumerate() {
        let at = format!("{at}/{i}");
        out.push((at.clone(), inline.span()));
        if let Inline::Image(image) = inline {
            out.push((format!("{at}.image"), image.span));
        }
        inline_spans(&at, inline.children(), out);
    }
}

/// Parses `source` (with each `breaks` default), checks every span, and checks
/// that the deck survives the JSON round trip.
fn check(source: &str) {
    for default_breaks in [None, Some(false)] {
        let mut options = Options::default();
        options.default_breaks = default_breaks;
        let parsed = parse(source, &options);
        for (at, span) in all_spans(&parsed) {
            assert!(
                span.start <= span.end && span.end <= source.len(),
                "{at}: span {span:?} out of bounds (source is {} bytes) for input {source:?}",
                source.len()
            );
            assert!(
                source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                "{at}: span {span:?} not on char boundaries for input {source:?}"
            );
        }
        json_round_trip(&parsed.deck, source);
    }
}

/// The deck reads back from its JSON as `decktype_format::Envelope::from_json`
/// reads it (through `serde_json::Value`, whose reader stops at 128 levels, one
/// object level above the deck), equal and byte-identical when written again.
fn json_round_trip(deck: &Deck, source: &str) {
    let json = serde_json::to_string(deck).expect("the deck serializes");
    let value: serde_json::Value = match serde_json::from_str(&format!("{{\"deck\":{json}}}")) {
        Ok(value) => value,
        Err(e) => panic!("the deck's JSON does not read back ({e}) for input {source:?}"),
    };
    let back: Deck = match serde_json::from_value(value["deck"].clone()) {
        Ok(back) => back,
        Err(e) => panic!("the deck's JSON does not deserialize ({e}) for input {source:?}"),
    };
    assert!(
        &back == deck,
        "the deck read back from JSON differs for input {source:?}"
    );
    let again = serde_json::to_string(&back).expect("the deck serializes");
    assert!(
        again == json,
        "the deck's JSON changed in a round trip for input {source:?}"
    );
}

/// Like [`check`], and fails when parsing takes longer than `limit`.
fn check_within(source: &str, limit: Duration) {
    let started = Instant::now();
    check(source);
    let took = started.elapsed();
    assert!(
        took <= limit,
        "parsing {} bytes took {took:?} (limit {limit:?}); input starts {:?}",
        source.len(),
        source.chars().take(80).collect::<String>()
    );
}

// ---------------------------------------------------------------------------
// Input generators.

/// Pieces decks are made of, including the awkward ones.
const FRAGMENTS: &[&str] = &[
    "---",
    "----",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "\n---\n",
    "\n\n---\n\n",
    "\n\n----\n\n",
    "\r---\r",
    "---\n",
    "---\ntype: slide\n---\n",
    "...\n",
    "title: x\n",
    "slideOptions:\n  width: 10\n",
    "<!--",
    "-->",
    "<!-- .slide: data-background=\"x\" -->",
    "<!-- .element: class=\"fragment\" -->",
    "```",
    "```rust\n",
    "~~~",
    "# h",
    "## h",
    "h\n===",
    "* item",
    "- item",
    "+ item",
    "1. item",
    "  * nested",
    "- [ ] task",
    "- [x] done",
    "> q",
    "| a | b |\n|---|---|",
    "| c | d |",
    "term\n: def",
    "<font color=\"red\">",
    "</font>",
    "<span style=\"color: blue\">",
    "</span>",
    "<br>",
    "</br>",
    "<br/>",
    "<img src=x>",
    "<a href=y>",
    "</a>",
    "<style>",
    "</style>",
    "<script>",
    "</p>",
    "<div>",
    "</div>",
    "==",
    "++",
    "~",
    "~~",
    "^",
    "*",
    "**",
    "_",
    "`",
    "[",
    "]",
    "(",
    ")",
    "!",
    ":",
    ":rocket:",
    ":smile:",
    "![a](u =10x20)",
    "![a](u)",
    "[l](u \"t\")",
    "<https://x.y>",
    "https://x.y/z",
    "a@b.c",
    "Note:",
    "note:",
    "Notes:",
    "  Note:",
    "[^1]",
    "[^1]: x",
    "\t",
    "    ",
    " ",
    "a",
    "word",
    "\\",
    "&amp;",
    "&#x1F680;",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\0",
    "é",
    "日",
    "🚀",
    "\u{301}",
    "$x$",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "[a-z \\-=+~^*_`<>!:\\[\\]()|#>\n\r\t]{1,6}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A deck-ish document: an optional front matter, then fragments.
fn deckish() -> impl Strategy<Value = String> {
    let front = prop_oneof![
        Just(String::new()),
        Just("---\ntype: slide\n---\n".to_owned()),
        Just("---\ntype: slide\nbreaks: false\n---\n".to_owned()),
        Just("---\n".to_owned()),
        Just("---\ntitle: [\n---\n".to_owned()),
        Just("---\n...\n".to_owned()),
    ];
    (front, proptest::collection::vec(fragment(), 0..48)).prop_map(|(f, parts)| f + &parts.concat())
}

/// `cases` cases, or `$PROPTEST_CASES` when set (for longer runs).
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // Do not write `proptest-regressions/` beside the tests; finds go into
        // `regressions.rs` by hand.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_unicode_never_panics_and_spans_stay_in_bounds(source in any::<String>()) {
        check(&source);
    }

    #[test]
    fn arbitrary_ascii_markup_never_panics_and_spans_stay_in_bounds(
        source in "[ -~\n\r\t]{0,200}"
    ) {
        check(&source);
    }

    #[test]
    fn deckish_fragments_never_panic_and_spans_stay_in_bounds(source in deckish()) {
        check(&source);
    }

    #[test]
    fn deckish_fragments_on_every_line_end_style(source in deckish(), ending in prop_oneof![
        Just("\n"), Just("\r\n"), Just("\r"), Just("\u{2028}"), Just("\u{2029}")
    ]) {
        check(&source.replace('\n', ending));
    }
}

/// Openers of everything that nests, with the closer that ends each.
const NESTING: &[(&str, &str)] = &[
    ("*x ", " x*"),
    ("**x ", " x**"),
    ("_x ", " x_"),
    ("~~x ", " x~~"),
    ("++", "++"),
    ("==", "=="),
    ("^", "^"),
    ("~", "~"),
    ("<font color=\"red\">", "</font>"),
    ("<span>", "</span>"),
    ("<a href=y>", "</a>"),
    ("[", "](u)"),
    ("![", "](u =1x2)"),
    ("<font>", ""),
    ("> ", ""),
    ("* ", ""),
    ("1. ", ""),
];

/// Random stacks of openers, some content, and the closers in reverse.
fn deep_nesting() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(NESTING), 0..120),
        fragment(),
    )
        .prop_map(|(stack, middle)| {
            let open: String = stack.iter().map(|(o, _)| *o).collect();
            let close: String = stack.iter().rev().map(|(_, c)| *c).collect();
            format!("{open}{middle}{close}")
        })
}

/// Nested definition lists and list items, `depth` levels, with a line of
/// `fill` in each.
fn nested_lines(depth: usize, fill: &str) -> String {
    (0..depth)
        .map(|i| {
            let indent = "  ".repeat(i);
            match i % 3 {
                0 => format!("{indent}t{fill}\n{indent}: d\n\n"),
                1 => format!("{indent}* {fill}\n"),
                _ => format!("{indent}> {fill}\n"),
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn random_deep_nesting_keeps_spans_valid_and_json_readable(source in deep_nesting()) {
        check(&source);
    }

    #[test]
    fn random_nested_blocks_keep_spans_valid_and_json_readable(
        depth in 0usize..80,
        fill in fragment(),
    ) {
        check(&nested_lines(depth, &fill));
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn repeated_fragment_runs_never_panic_and_spans_stay_in_bounds(
        parts in proptest::collection::vec((fragment(), 1usize..200), 1..6)
    ) {
        let source: String = parts.iter().map(|(f, n)| f.repeat(*n)).collect();
        check(&source);
    }
}

// ---------------------------------------------------------------------------
// Deep nesting and long runs of openers: no stack overflow, no blow-up.

/// Generous: these inputs are a few kilobytes and the crate is built without
/// optimisation in tests.
const DEEP_LIMIT: Duration = Duration::from_secs(20);

#[test]
fn deeply_nested_quotes_do_not_overflow() {
    let source = format!("{} deep\n", ">".repeat(500));
    check_within(&source, DEEP_LIMIT);
    let source: String = (0..500)
        .map(|i| format!("{} q{i}\n", ">".repeat(i + 1)))
        .collect();
    check_within(&source, DEEP_LIMIT);
}

#[test]
fn deeply_nested_lists_do_not_overflow() {
    let bullets: String = (0..500)
        .map(|i| format!("{}* item {i}\n", "  ".repeat(i)))
        .collect();
    check_within(&bullets, DEEP_LIMIT);
    let ordered: String = (0..500)
        .map(|i| format!("{}1. item {i}\n", "   ".repeat(i)))
        .collect();
    check_within(&ordered, DEEP_LIMIT);
    let inline_nested = format!("{}x\n", "* ".repeat(500));
    check_within(&inline_nested, DEEP_LIMIT);
    let mixed = format!("{}x\n", "> * 1. ".repeat(170));
    check_within(&mixed, DEEP_LIMIT);
}

#[test]
fn deeply_nested_definition_lists_do_not_overflow() {
    let source: String = (0..300)
        .map(|i| {
            let indent = "  ".repeat(i);
            format!("{indent}t{i}\n{indent}: d\n\n")
        })
        .collect();
    check_within(&source, DEEP_LIMIT);
}

#[test]
fn interleaved_inline_markup_does_not_nest_without_bound() {
    for source in [
        format!("{}a{}", "*x ++==".repeat(200), "==++ x*".repeat(200)),
        format!(
            "{}a{}",
            format!("{}*x", "<font>".repeat(8)).repeat(200),
            "x* ".repeat(200)
        ),
        format!("{}a{}", "*x <span>".repeat(300), "</span> x*".repeat(300)),
        format!("{}a", "> * <font>*x ".repeat(200)),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}

#[test]
fn long_runs_of_emphasis_openers_do_not_overflow() {
    for source in [
        format!("{}a", "*".repeat(2000)),
        format!("{}a{}", "*".repeat(2000), "*".repeat(2000)),
        "*a ".repeat(2000),
        format!("{}a{}", "*a ".repeat(1000), " a*".repeat(1000)),
        format!("{}a{}", "_".repeat(2000), "_".repeat(2000)),
        format!("{}a{}", "~~".repeat(1000), "~~".repeat(1000)),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}

#[test]
fn long_runs_of_link_openers_do_not_overflow() {
    for source in [
        "[".repeat(2000),
        format!("{}a{}", "[".repeat(2000), "](u)".repeat(2000)),
        format!("{}a{}", "![".repeat(1000), "](u)".repeat(1000)),
        "[a](".repeat(2000),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}

#[test]
fn long_runs_of_unclosed_html_elements_do_not_overflow() {
    for source in [
        format!("{}x", "<font>".repeat(2000)),
        format!(
            "{}x{}",
            "<font color=\"red\">".repeat(2000),
            "</font>".repeat(2000)
        ),
        format!("{}x", "<span><a href=y>".repeat(1000)),
        format!("a {}x", "<font>".repeat(2000)),
        format!("<div>\n{}x\n</div>\n", "<font>".repeat(2000)),
        "<".repeat(2000),
        "<!--".repeat(2000),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}

#[test]
fn long_runs_of_markdown_it_delimiters_do_not_blow_up() {
    for source in [
        "==".repeat(2000),
        "==a ".repeat(1000),
        "a== ".repeat(1000),
        "++a++ ".repeat(1000),
        "~a~ ".repeat(1000),
        "^a^".repeat(1000),
        ":rocket:".repeat(1000),
        "![a](u =10x20)".repeat(500),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}

#[test]
fn many_separators_and_notes_markers_do_not_blow_up() {
    for source in [
        "\n\n---\n\n".repeat(2000),
        "\r---\r".repeat(2000),
        "\n\n----\n\n".repeat(2000),
        "note:\n".repeat(2000),
        "---\n".repeat(2000),
    ] {
        check_within(&source, DEEP_LIMIT);
    }
}
