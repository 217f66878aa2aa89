//! Regression tests for inputs that made `decktype_parse::parse` crash, break
//! its span invariants, produce a deck that does not survive the JSON round
//! trip, or take quadratic time. Each test is named after what it guards; the
//! inputs came from the property tests (`tests/proptest.rs`), from fuzzing
//! (`fuzz/`, target `parse_to_json`) and from timing repetitive inputs.
//!
//! Every test runs its body in a child process (the test binary re-run on that
//! one test), so a stack overflow, which aborts the process, fails only that
//! test instead of taking the whole binary down; the quadratic-time finds also
//! give the child a deadline, so they fail in seconds instead of hanging.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use decktype_model::{Block, Deck, Inline, Span};
use decktype_parse::{Options, Parsed, parse};

// ---------------------------------------------------------------------------
// Harness

/// Runs `body` in a child process running only the test `name`; fails with the
/// child's output when it does not exit successfully (panic or abort).
fn isolated(name: &str, body: impl FnOnce()) {
    isolated_within(name, Duration::from_secs(600), body);
}

/// Like [`isolated`], and fails (killing the child) when the child takes
/// longer than `limit`.
fn isolated_within(name: &str, limit: Duration, body: impl FnOnce()) {
    const CHILD: &str = "DECKTYPE_REGRESSION_CHILD";
    if std::env::var(CHILD).as_deref() == Ok(name) {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let mut child = Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the test binary");
    let started = Instant::now();
    while child.try_wait().expect("wait for the child").is_none() {
        if started.elapsed() > limit {
            child.kill().expect("kill the child");
            child.wait().expect("reap the child");
            panic!("`{name}` took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("child output");
    assert!(
        output.status.success(),
        "`{name}` failed in its child process ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Parses `source`, checks every span, and checks that the deck survives the
/// JSON round trip the way `decktype_format::Envelope::from_json` reads it
/// (through `serde_json::Value`, one object level above the deck).
fn check(source: &str) {
    let parsed = check_parse(source);
    let json = serde_json::to_string(&parsed.deck).expect("the deck serializes");
    let wrapped = format!("{{\"deck\":{json}}}");
    let value: serde_json::Value = match serde_json::from_str(&wrapped) {
        Ok(value) => value,
        Err(e) => panic!("the deck's JSON does not read back: {e}"),
    };
    let back: Deck = match serde_json::from_value(value["deck"].clone()) {
        Ok(deck) => deck,
        Err(e) => panic!("the deck's JSON does not deserialize: {e}"),
    };
    assert!(back == parsed.deck, "the deck read back from JSON differs");
    let again = serde_json::to_string(&back).expect("the deck serializes");
    assert!(
        again == json,
        "the deck's JSON is not byte-identical after a round trip"
    );
}

/// Parses `source` and checks every span (no JSON: for the timing tests,
/// where serializing hundreds of thousands of nodes would dominate).
fn check_parse(source: &str) -> Parsed {
    let parsed = parse(source, &Options::default());
    check_spans(source, &parsed);
    parsed
}

fn check_spans(source: &str, parsed: &Parsed) {
    let mut spans = Vec::new();
    let deck = &parsed.deck;
    spans.extend(deck.front_matter.iter().map(|f| ("front matter", f.span)));
    spans.extend(deck.styles.iter().map(|s| ("style", s.span)));
    for slide in &deck.slides {
        spans.push(("slide", slide.span));
        spans.extend(slide.separator.iter().map(|s| ("separator", s.span)));
        if let Some(notes) = &slide.notes {
            spans.push(("notes", notes.span));
            blocks(&notes.blocks, &mut spans);
        }
        blocks(&slide.blocks, &mut spans);
    }
    for d in &parsed.diagnostics {
        spans.push(("diagnostic", d.span));
        spans.extend(d.labels.iter().map(|l| ("diagnostic label", l.span)));
    }
    for (what, span) in spans {
        assert!(
            span.start <= span.end
                && span.end <= source.len()
                && source.is_char_boundary(span.start)
                && source.is_char_boundary(span.end),
            "{what}: bad span {span:?} (source is {} bytes)",
            source.len()
        );
    }
}

fn blocks(list: &[Block], spans: &mut Vec<(&'static str, Span)>) {
    for block in list {
        spans.push(("block", block.span()));
        match block {
            Block::Heading { inlines: i, .. }
            | Block::Paragraph { inlines: i, .. }
            | Block::Html { inlines: i, .. } => inlines(i, spans),
            Block::Image(image) => spans.push(("image block", image.span)),
            Block::List { items, .. } => {
                for item in items {
                    spans.push(("list item", item.span));
                    blocks(&item.blocks, spans);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    spans.push(("table cell", cell.span));
                    inlines(&cell.inlines, spans);
                }
            }
            Block::Quote { blocks: b, .. }
            | Block::FootnoteDefinition { blocks: b, .. }
            | Block::Element { blocks: b, .. } => blocks(b, spans),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    spans.push(("definition item", item.span));
                    inlines(&item.term, spans);
                    for definition in &item.definitions {
                        blocks(definition, spans);
                    }
                }
            }
            _ => {}
        }
    }
}

fn inlines(list: &[Inline], spans: &mut Vec<(&'static str, Span)>) {
    for inline in list {
        spans.push(("inline", inline.span()));
        if let Inline::Image(image) = inline {
            spans.push(("inline image", image.span));
        }
        inlines(inline.children(), spans);
    }
}

// ---------------------------------------------------------------------------
// Finds

/// Find 1 (proptest): `pair_delimiters` recursed once per `==`/`++` pair on the
/// rest of the paragraph, so a long flat run of pairs overflowed the stack
/// (1000 pairs in a debug test thread, 10 000 in release on an 8 MiB stack).
/// Fixed in 78d8d14 (iterative pairing).
#[test]
fn many_mark_and_insert_pairs_do_not_overflow_the_stack() {
    isolated(
        "many_mark_and_insert_pairs_do_not_overflow_the_stack",
        || {
            check(&"==a== ".repeat(5_000));
            check(&"++a++ ".repeat(5_000));
        },
    );
}

/// Find 2 (proptest): 2000 `*` around a word nest ~1000 strong/emphasis
/// nodes, and the recursive inline passes (`merge_texts`, `pair_html`,
/// `check_sub_sup`, `extend_text`, attribute walks) overflowed the stack; the
/// deep tree also broke the JSON round trip (serde_json reads at most 128
/// levels). Fixed in 78d8d14 (MAX_NESTING flattening).
#[test]
fn deeply_nested_emphasis_does_not_overflow_the_stack() {
    isolated("deeply_nested_emphasis_does_not_overflow_the_stack", || {
        let stars = "*".repeat(2000);
        check(&format!("{stars}a{stars}"));
        let underscores = "_".repeat(2000);
        check(&format!("{underscores}a{underscores}"));
    });
}

/// Find 3 (proptest): 2000 unclosed `<font>` tags were wrapped into 2000
/// nested HTML elements by `pair_html`, overflowing the stack in the passes
/// after it. Fixed in 78d8d14 (MAX_HTML_NESTING).
#[test]
fn unclosed_inline_html_elements_do_not_overflow_the_stack() {
    isolated(
        "unclosed_inline_html_elements_do_not_overflow_the_stack",
        || {
            check(&format!("{}x", "<font>".repeat(2000)));
            check(&format!("{}x", "<span><a href=y>".repeat(1000)));
        },
    );
}

/// Find 4: nested definition lists are not flattened by `MAX_NESTING` (only
/// quotes, lists, items and emphasis are), so their depth is unbounded: from
/// about 24 levels the deck's JSON is deeper than serde_json's limit of 128
/// and `Envelope::from_json` fails ("recursion limit exceeded").
#[test]
fn deeply_nested_definition_lists_round_trip_through_json() {
    isolated(
        "deeply_nested_definition_lists_round_trip_through_json",
        || {
            let source: String = (0..30)
                .map(|i| {
                    let indent = "  ".repeat(i);
                    format!("{indent}t\n{indent}: d\n\n")
                })
                .collect();
            check(&source);
        },
    );
}

/// Find 5: `==mark==` and `++ins++` pairing adds a `Mark` and an `Inserted`
/// level inside every emphasis level, on top of the 24 levels `MAX_NESTING`
/// allows, so 20 levels of `*x ++==` ... `==++ x*` (327 bytes) already give a
/// deck 128 JSON levels deep, which does not read back.
#[test]
fn emphasis_interleaved_with_mark_and_insert_round_trips_through_json() {
    isolated(
        "emphasis_interleaved_with_mark_and_insert_round_trips_through_json",
        || {
            check(&format!(
                "{}a{}",
                "*x ++==".repeat(20),
                "==++ x*".repeat(20)
            ));
        },
    );
}

/// Find 6: `MAX_HTML_NESTING` (8) applies per list of sibling inlines, and
/// `pair_html` runs again inside every emphasis level, so 8 unclosed `<font>`
/// tags per emphasis level nest 9 levels per level: 20 levels (about 1 KB)
/// give a deck 368 JSON levels deep, which does not read back.
#[test]
fn emphasis_interleaved_with_inline_html_round_trips_through_json() {
    isolated(
        "emphasis_interleaved_with_inline_html_round_trips_through_json",
        || {
            let opener = format!("{}*x", "<font>".repeat(8));
            check(&format!("{}a{}", opener.repeat(20), "x* ".repeat(20)));
        },
    );
}

// ---------------------------------------------------------------------------
// Quadratic time. With the fixes each test takes a second or two even in a
// debug build; without them each takes from 40 s to many minutes. The limit is
// generous so that a loaded machine does not make the tests flaky.

/// Generous time limit for the linear-time tests below (debug build).
const LINEAR: Duration = Duration::from_secs(20);

/// Find 7: `pair_delimiters` looked for the next `==`/`++` pair from scratch
/// after every pair (`delimiter_runs` over everything left), so a paragraph of
/// many pairs was quadratic: 100 KB of `==a== ` took 3 s in release, 1 MB
/// over a minute.
#[test]
fn many_mark_and_insert_pairs_parse_in_linear_time() {
    isolated_within(
        "many_mark_and_insert_pairs_parse_in_linear_time",
        LINEAR,
        || {
            check_parse(&"==a== ".repeat(16_000));
            check_parse(&"++a++ ".repeat(16_000));
        },
    );
}

/// Find 8: `piece`, which maps a byte range of a text node to a source span,
/// compared the node's whole text with the source on every call, and
/// `split_text` (sub/superscripts, emoji, sized images, bare links) and
/// `pair_delimiters` call it for every construct in the node: quadratic in
/// the number of constructs in one paragraph (1 MB of `x^2^ ` took 24 s in
/// release, of `:rocket: ` 7 s).
#[test]
fn many_inline_constructs_in_one_paragraph_parse_in_linear_time() {
    isolated_within(
        "many_inline_constructs_in_one_paragraph_parse_in_linear_time",
        LINEAR,
        || {
            // The quadratic part is a `memcmp`, fast even in debug builds:
            // it takes a megabyte and a half to stand out (50 s before the fix).
            check_parse(&"x^2^ ".repeat(300_000));
            check_parse(&"H~2~O ".repeat(16_000));
            check_parse(&":rocket: ".repeat(11_000));
            check_parse(&"![a](u =10x20) ".repeat(6_500));
        },
    );
}

/// Find 9: for `.slide:` (whose group must start with a non-space), the lazy
/// `\s*?` is tried at every position of the whitespace after the marker, and
/// `line_group` scanned to the end of the line before looking at the first
/// character: quadratic in the whitespace (100 KB of spaces took 6.5 s in
/// release).
#[test]
fn long_whitespace_in_slide_comment_parses_in_linear_time() {
    isolated_within(
        "long_whitespace_in_slide_comment_parses_in_linear_time",
        LINEAR,
        || {
            check_parse(&format!("<!-- .slide:{}ab -->", " ".repeat(100_000)));
        },
    );
}

/// Find 10: for every `.element` comment, `walk_inlines` searched back through
/// all earlier siblings for an element to attach to: quadratic in the number
/// of comments in one paragraph when there is none (1 MB took 1.4 s in
/// release, 4 MB 39 s).
#[test]
fn many_element_comments_parse_in_linear_time() {
    isolated_within("many_element_comments_parse_in_linear_time", LINEAR, || {
        // 2 MB: 43 s in a debug build before the fix.
        check_parse(&r#"<!-- .element: class="x" -->"#.repeat(72_000));
    });
}

/// Find 11: `sized_image` is tried at every `!` of a text and scanned ahead for
/// `]`, then for the whitespace ending the URL, to the end of the text when
/// there is none: quadratic in the number of `![` (1 MB of `![a ` took 7.7 s
/// in release, of `![a](x` over a minute).
#[test]
fn many_image_openers_parse_in_linear_time() {
    isolated_within("many_image_openers_parse_in_linear_time", LINEAR, || {
        check_parse(&"![a ".repeat(25_000));
        check_parse(&"![a](x".repeat(16_000));
    });
}

/// Find 12: inline HTML elements nest at most `MAX_HTML_NESTING` (8) deep and
/// HTML elements holding blocks `MAX_ELEMENT_DEPTH` (6); the start tags beyond
/// were left as they are, but their end tags then closed the open elements
/// (or nothing): every one of them was a DT014, each with a line and column
/// (counted from the start of its 700 KB line) and a rendered excerpt. 16 000
/// nested `<span>`s took 31 s to `decktype parse`, 100 000 many minutes. The
/// end tags of the elements beyond the cap now stay as they are too, with one
/// DT019 for them all.
#[test]
fn deep_inline_html_is_flattened_with_one_diagnostic() {
    isolated_within(
        "deep_inline_html_is_flattened_with_one_diagnostic",
        LINEAR,
        || {
            let n = 32_000;
            let shapes = [
                format!("x {}text{}", "<span>".repeat(n), "</span>".repeat(n)),
                format!(
                    "x {}text{}",
                    "<b><i>".repeat(n / 2),
                    "</i></b>".repeat(n / 2)
                ),
                format!("x {}text", "<span>".repeat(n)),
                format!(
                    "<div>{}text{}</div>",
                    "<span>".repeat(n),
                    "</span>".repeat(n)
                ),
                format!("{}\ntext\n", "<div>\n".repeat(n)),
                format!(
                    "{}text\n\n{}",
                    "<div>\n\n".repeat(n),
                    "</div>\n\n".repeat(n)
                ),
            ];
            for source in shapes {
                let parsed = check_parse(&source);
                let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
                let head = &source[..40];
                assert!(codes.len() <= 4, "{head}: {} diagnostics", codes.len());
                assert!(codes.contains(&"DT019"), "{head}: {codes:?}");
                assert!(!codes.contains(&"DT014"), "{head}: {codes:?}");
                let json = serde_json::to_string(&parsed.deck).expect("the deck serializes");
                assert!(json.contains(r#""text":"text"#), "{head}: the text is lost");
            }
            // Matching end tags beyond the cap close the deeper element, not
            // an open one: the ninth `</b>` closes the eighth `<b>`.
            let parsed = check_parse(&format!("{}x{} y", "<b>".repeat(9), "</b>".repeat(9)));
            let codes: Vec<&str> = parsed.diagnostics.iter().map(|d| d.code.as_str()).collect();
            assert_eq!(codes, ["DT006", "DT019"]);
        },
    );
}
