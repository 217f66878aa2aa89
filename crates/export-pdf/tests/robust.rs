//! Never a failure for content: decks that once failed the whole PDF
//! (issue 17) export, with a diagnostic where the deck has what the PDF
//! changed. Lists, quotes and elements nested deeper than typst lays out
//! are flattened (DT066); a heading, title, alt text or tag list longer
//! than a PDF/A string is shortened and a URL that long is no link
//! (DT067); an SVG that links another image is a placeholder (DT050).
//! A custom template's errors point at its own lines.

mod common;

use std::path::{Path, PathBuf};

use common::{export_with, normal, page_texts, poppler, root};
use decktype_export_pdf::{Export, NotesMode, Standard, TemplateFile};
use decktype_model::Severity;
use decktype_model::codes::{IMAGE_NOT_EMBEDDED, NESTING_FLATTENED_IN_PDF, TEXT_TRUNCATED_IN_PDF};

fn robust(name: &str) -> PathBuf {
    root().join("fixtures/pdf/robust").join(name)
}

fn exported(path: &Path, configure: impl FnOnce(&mut decktype_export_pdf::Options<'_>)) -> Export {
    export_with(path, configure).unwrap_or_else(|f| panic!("{}: {f}", path.display()))
}

/// The source line of `d`'s start.
fn line_of<'a>(source: &'a str, d: &decktype_model::Diagnostic) -> &'a str {
    let start = source[..d.span.start].rfind('\n').map_or(0, |i| i + 1);
    source[start..].lines().next().unwrap_or("")
}

fn with_code<'a>(out: &'a Export, code: &str) -> Vec<&'a decktype_model::Diagnostic> {
    out.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// All the PDF's text, normalised (see [`normal`]).
fn text(out: &Export) -> String {
    normal(&page_texts(&out.pdf).concat())
}

#[test]
fn a_list_nested_fourteen_levels_deep_is_in_the_pdf() {
    let path = robust("deep-list.md");
    let source = std::fs::read_to_string(&path).unwrap();
    // PDF/A (the deck has a date) and plain PDF.
    for standard in [Standard::A2b, Standard::None] {
        let out = exported(&path, |o| o.standard = standard);
        let flattened = with_code(&out, NESTING_FLATTENED_IN_PDF);
        let [d] = flattened.as_slice() else {
            panic!("one DT066: {:?}", out.diagnostics);
        };
        assert_eq!(d.severity, Severity::Warning);
        // On the first list the PDF flattens: the tenth.
        assert_eq!(line_of(&source, d).trim(), "- level 10", "{d:?}");
        if poppler() {
            let text = text(&out);
            for n in 1..=14 {
                assert!(
                    text.contains(&normal(&format!("level {n}"))),
                    "level {n}: {text}"
                );
            }
            assert!(text.contains("innermostoffourteen"), "{text}");
            assert!(text.contains("afterthelist"), "{text}");
        }
    }
    // The JSON keeps the nesting (only the PDF's copy is flattened).
    let json = common::envelope(&path).to_json_line();
    assert_eq!(
        json.matches("\"type\":\"list\"").count(),
        12,
        "the parser keeps 12"
    );
}

#[test]
fn quotes_nested_thirty_deep_are_in_the_pdf() {
    let path = robust("deep-quotes.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let out = exported(&path, |_| {});
    let flattened = with_code(&out, NESTING_FLATTENED_IN_PDF);
    assert_eq!(flattened.len(), 1, "{:?}", out.diagnostics);
    assert!(line_of(&source, flattened[0]).starts_with("> > >"));
    if poppler() {
        let text = text(&out);
        assert!(text.contains("innermostofthirtyquotes"), "{text}");
        assert!(text.contains("afterthequotes"), "{text}");
    }
}

#[test]
fn elements_quotes_lists_and_inline_markup_nested_deep_are_in_the_pdf() {
    let path = robust("deep-mixed.md");
    for notes in [NotesMode::None, NotesMode::Pages, NotesMode::Handout] {
        let out = exported(&path, |o| o.notes = notes);
        assert!(
            !with_code(&out, NESTING_FLATTENED_IN_PDF).is_empty(),
            "{:?}",
            out.diagnostics
        );
        if poppler() {
            let text = text(&out);
            assert!(text.contains("innermostinline"), "{notes:?}: {text}");
            assert!(text.contains("deepestmixed"), "{notes:?}: {text}");
            if notes != NotesMode::None {
                assert!(text.contains("innermostoffourteen"), "{notes:?}: {text}");
            }
        }
    }
}

/// A template that nests more than the built-in one: the exporter
/// flattens further until typst lays the deck out.
#[test]
fn a_template_that_nests_deeper_gets_a_flatter_deck() {
    let template = r#"#import "/decktype.typ": *
#show list: it => block(block(block(block(it))))
#deck-document(json("/deck.json"), json("/pdf.json"))
"#;
    let out = exported(&robust("deep-list.md"), |o| o.template = Some(template));
    assert_eq!(
        with_code(&out, NESTING_FLATTENED_IN_PDF).len(),
        1,
        "{:?}",
        out.diagnostics
    );
    if poppler() {
        assert!(text(&out).contains("innermostoffourteen"));
    }
}

/// A deck with a 40 000-character title, heading, alt text, link URL and
/// tag list: PDF/A allows 32 767 bytes in a string.
fn long_deck(dir: &Path) -> PathBuf {
    let long = |start: &str| format!("{start} {}", "lorem ipsum ".repeat(3400));
    let tags: Vec<String> = (0..4000).map(|i| format!("tag{i:05}")).collect();
    let deck = format!(
        "---\ntitle: {}\ntags: {}\ntype: slide\n---\n\n# Call 2024-04-18\n\n---\n\n## {}\n\nText after the heading.\n\n---\n\n## Ünïcödé\n\n## {}\n\n![{}](pic.png)\n\n[a link](https://example.org/{})\n",
        long("Title start"),
        tags.join(", "),
        long("Heading start"),
        long("Ünïcödé heading").replace("lorem", "lörem"),
        long("Alt start"),
        "x".repeat(40_000),
    );
    let path = dir.join("long.md");
    std::fs::write(&path, deck).unwrap();
    path
}

#[test]
fn text_longer_than_a_pdf_string_is_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_deck(dir.path());
    let source = std::fs::read_to_string(&path).unwrap();
    for standard in [Standard::A2b, Standard::A3b, Standard::None] {
        let out = exported(&path, |o| o.standard = standard);
        let truncated = with_code(&out, TEXT_TRUNCATED_IN_PDF);
        let lines: Vec<&str> = truncated.iter().map(|d| line_of(&source, d)).collect();
        // The title, the tags, both headings, the alt text, the link.
        assert_eq!(truncated.len(), 6, "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("## Heading start")));
        assert!(lines.iter().any(|l| l.starts_with("## Ünïcödé heading")));
        assert!(lines.iter().any(|l| l.starts_with("![Alt start")));
        assert!(lines.iter().any(|l| l.starts_with("[a link]")));
        if poppler() {
            let text = text(&out);
            assert!(text.contains("headingstartloremipsum"), "{standard:?}");
            assert!(text.contains("textaftertheheading"), "{standard:?}");
            let info = common::info(&out.pdf);
            assert!(
                info["Title"].starts_with("Title start lorem"),
                "{:?}",
                info.get("Title")
            );
            assert!(info["Title"].len() < 32_767);
        }
    }
}

#[test]
fn an_svg_that_links_an_image_is_a_placeholder() {
    let path = robust("svg-links-image.md");
    let out = exported(&path, |_| {});
    let missing = with_code(&out, IMAGE_NOT_EMBEDDED);
    let [d] = missing.as_slice() else {
        panic!("one DT050: {:?}", out.diagnostics);
    };
    assert_eq!(d.severity, Severity::Warning);
    assert!(d.message.contains("links-image.svg"), "{}", d.message);
    assert!(
        d.message.contains("links another image (`other.png`)"),
        "{}",
        d.message
    );
    if poppler() {
        // The placeholder shows the alt text; the other two are images.
        let text = text(&out);
        assert!(text.contains("linkingsvg"), "{text}");
        assert!(!text.contains("plainsvg"), "{text}");
    }
}

#[test]
fn a_custom_templates_errors_point_at_its_lines() {
    // `Options` borrows the template for as long as the resolver: leak it.
    let template: &'static str =
        String::leak(std::fs::read_to_string(robust("broken-template.typ")).unwrap());
    let failure =
        export_with(&robust("deep-list.md"), |o| o.template = Some(template)).unwrap_err();
    let first = failure.template_errors.first().expect("an error");
    let at = first.at.expect("placed");
    assert_eq!(at.file, TemplateFile::Custom);
    assert_eq!(at.line, 4, "{failure}");
    assert!(
        template
            .lines()
            .nth(at.line - 1)
            .unwrap()
            .starts_with("#let x = (1, 2")
    );
}

#[test]
fn an_error_in_the_library_names_the_templates_call() {
    let template = "#import \"/decktype.typ\": *\n\n#deck-document(json(\"/deck.json\"), (:))\n";
    let failure =
        export_with(&robust("deep-list.md"), |o| o.template = Some(template)).unwrap_err();
    let error = &failure.template_errors[0];
    assert_eq!(
        error.at.expect("placed").file,
        TemplateFile::Builtin("decktype.typ")
    );
    let call = error.called_from.expect("the template's call");
    assert_eq!(
        (call.file, call.line, call.column),
        (TemplateFile::Custom, 3, 2),
        "{error}"
    );
    assert!(
        error.to_string().ends_with(" (called from template:3:2)"),
        "{error}"
    );
}
