//! The PDF export of the fixture decks, read back with poppler: pages, text,
//! outline, links, metadata, placeholders, glyphs, fitting, notes, templates
//! and the typst-syntax deck.

use std::path::{Path, PathBuf};

mod common;
use common::{export, export_with, info, normal, page_texts, poppler, root, xml, xmp};
use decktype_export_pdf::{
    CSS_NOT_MAPPED, IMAGE_NOT_EMBEDDED, MISSING_GLYPH, NOTES_LEFT_OUT, NotesMode, PageShape,
    SCALED_DOWN, Standard, TYPST_FAILED, TemplateFile, TemplateSpan,
};

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

fn codes(diagnostics: &[decktype_model::Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// Every fixture exports; one page per slide; a text dump per page is
/// snapshotted (never the bytes).
#[test]
fn fixtures_text_per_page() {
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .chain(std::fs::read_dir(root().join("fixtures/pdf")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.sort();
    assert!(decks.len() >= 20);
    let check_text = poppler();
    for deck in decks {
        let envelope = common::envelope(&deck);
        let out = export(&deck);
        let slides = envelope.deck.slides.len();
        assert_eq!(out.pages, slides.max(1), "{}", deck.display());
        if !check_text {
            continue;
        }
        let pages = page_texts(&out.pdf);
        assert_eq!(pages.len(), out.pages, "{}", deck.display());
        for slide in &envelope.deck.slides {
            if let Some(title) = &slide.title {
                assert!(
                    normal(&pages[slide.index]).contains(&normal(title)),
                    "{}: slide {} title {title:?} not on its page: {:?}",
                    deck.display(),
                    slide.index + 1,
                    pages[slide.index]
                );
            }
        }
        let name = deck.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(name, common::page_dump(&pages, &out.diagnostics));
    }
}

#[test]
fn same_deck_same_bytes() {
    let deck = fixture("seed-community-call-2024-04-18.md");
    let a = export(&deck);
    let b = export(&deck);
    assert!(a.pdf == b.pdf, "two exports of the same deck differ");
    assert!(a.pdf.starts_with(b"%PDF-"));
}

#[test]
fn typst_syntax_is_literal_text() {
    let deck = fixture("pdf/typst.md");
    let out = export_with(&deck, |o| o.notes = NotesMode::Pages).unwrap();
    assert!(
        !codes(&out.diagnostics).contains(&TYPST_FAILED),
        "{:?}",
        out.diagnostics
    );
    if !poppler() {
        return;
    }
    let text = page_texts(&out.pdf).join("\n");
    for literal in [
        r#"#import "/etc/hostname": *"#,
        "#let x = 1",
        "$x^2$ and \\ and ] and \" and // not a comment",
        "<label> and @ref and",
        r##"#eval("1+1")"##,
        r#"#include "/deck.json""#,
        "#panic(\"boom\")",
        "#show: none",
        "#let f() = f()",
        "#read(\"/etc/passwd\") in the notes",
        "| #table".trim_start_matches("| "),
        "}{)(",
    ] {
        assert!(
            text.contains(literal),
            "`{literal}` not shown as text:\n{text}"
        );
    }
    // Headings are set in capitals; the text is still the deck's.
    assert!(text.contains(r#"#READ("/ETC/PASSWD")"#), "{text}");
    assert!(!text.contains("root:"), "a file was read: {text}");
    assert_eq!(
        info(&out.pdf)["Title"],
        r#"#read("/etc/passwd") ] " // title"#
    );
}

#[test]
fn outline_links_and_metadata() {
    if !poppler() {
        return;
    }
    let deck = fixture("seed-community-call-2024-04-18.md");
    let envelope = common::envelope(&deck);
    let out = export(&deck);
    let xml = xml(&out.pdf);
    // One outline entry per section, its slides beneath.
    for section in &envelope.deck.sections {
        let title = section.title.replace('&', "&amp;");
        assert!(
            xml.contains(&format!(">{title}<")),
            "section {title:?} not in the outline:\n{xml}"
        );
    }
    let items = xml.matches("<item").count();
    assert_eq!(
        items,
        envelope.deck.sections.len() + envelope.deck.slides.len(),
        "{xml}"
    );
    // Each entry leads to its slide's page: in order, every page once at
    // least (a section's entry shares its first slide's page).
    let pages: Vec<usize> = xml
        .split("<item page=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(pages.len(), items, "{xml}");
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    for page in 1..=envelope.deck.slides.len() {
        assert!(
            pages.contains(&page),
            "no outline entry for page {page}: {pages:?}"
        );
    }
    // Links are annotations.
    let links = envelope
        .deck
        .links
        .iter()
        .filter(|l| l.url.starts_with("https://"))
        .count();
    assert!(links > 5);
    assert!(
        xml.matches("<a href=\"https://").count() >= links / 2,
        "{xml}"
    );
    let info = info(&out.pdf);
    assert_eq!(info["Title"], "SCS Community Call");
    assert_eq!(info["Keywords"], "presentation");
    assert_eq!(info["Creator"], "decktype 0.1.0 (typst 0.15.1)");
    // Dated with the call date, not the time of the export.
    assert_eq!(info["CreationDate"], "Thu Apr 18 00:00:00 2024 UTC");
    assert_eq!(info["Tagged"], "yes");
    assert_eq!(info["Pages"], envelope.deck.slides.len().to_string());
    let xmp = xmp(&out.pdf);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(
        xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{xmp}"
    );
}

#[test]
fn features_deck() {
    let deck = fixture("pdf/features.md");
    let out = export(&deck);
    let codes = codes(&out.diagnostics);
    // The missing image, the CSS that has no effect, the private-use
    // character, the long slide and the notes left out are all reported.
    for code in [
        IMAGE_NOT_EMBEDDED,
        CSS_NOT_MAPPED,
        MISSING_GLYPH,
        SCALED_DOWN,
        NOTES_LEFT_OUT,
    ] {
        assert!(
            codes.contains(&code),
            "{code} missing: {:?}",
            out.diagnostics
        );
    }
    let glyph = out
        .diagnostics
        .iter()
        .find(|d| d.code == MISSING_GLYPH)
        .unwrap();
    assert!(glyph.message.contains("U+13000"), "{}", glyph.message);
    // Only the private-use character: emoji and everything else have glyphs.
    assert_eq!(codes.iter().filter(|c| **c == MISSING_GLYPH).count(), 1);
    if !poppler() {
        return;
    }
    let pages = page_texts(&out.pdf);
    assert_eq!(pages.len(), 4);
    assert!(pages[0].contains("Red text"), "{}", pages[0]);
    assert!(
        pages[2].contains("Image not embedded: Logo of nowhere"),
        "{}",
        pages[2]
    );
    assert!(pages[2].contains("missing-logo.png"), "{}", pages[2]);
    assert!(pages[2].contains("U+13000"), "{}", pages[2]);
    // The long slide is scaled, not cut: its last line is on its page.
    assert!(
        pages[3].contains("The last line of the long slide."),
        "{}",
        pages[3]
    );
    let info = info(&out.pdf);
    assert_eq!(info["Keywords"], "pdf, test");
    assert_eq!(info["Title"], "PDF features");
    // No call date: no document date, so not PDF/A (and a diagnostic says so).
    assert!(!info.contains_key("CreationDate"));
    assert!(!xmp(&out.pdf).contains("pdfaid:part"));
}

#[test]
fn notes_pages_and_handout() {
    let deck = fixture("pdf/features.md");
    let pages = export_with(&deck, |o| o.notes = NotesMode::Pages).unwrap();
    assert_eq!(
        pages.pages, 5,
        "one notes page for the one slide with notes"
    );
    assert!(!codes(&pages.diagnostics).contains(&NOTES_LEFT_OUT));
    let handout = export_with(&deck, |o| o.notes = NotesMode::Handout).unwrap();
    assert_eq!(handout.pages, 1, "four slides per A4 page");
    if !poppler() {
        return;
    }
    let text = page_texts(&pages.pdf);
    assert!(
        text[3].contains("Speaker notes for the missing image slide."),
        "{}",
        text[3]
    );
    assert!(info(&handout.pdf)["Page size"].contains("(A4)"));
    let text = page_texts(&handout.pdf).join("\n");
    assert!(
        text.contains("Speaker notes for the missing image slide."),
        "{text}"
    );
}

#[test]
fn page_shapes() {
    let deck = fixture("basic.md");
    let wide = export(&deck);
    let standard = export_with(&deck, |o| o.page = Some(PageShape::Standard)).unwrap();
    if !poppler() {
        return;
    }
    assert_eq!(info(&wide.pdf)["Page size"], "933 x 525 pts");
    assert_eq!(info(&standard.pdf)["Page size"], "780 x 585 pts");
}

#[test]
fn standards() {
    let deck = fixture("basic.md");
    for standard in [Standard::None, Standard::A2b, Standard::A3b] {
        let out = export_with(&deck, |o| o.standard = standard);
        assert!(out.is_ok(), "{standard:?}: {}", out.unwrap_err());
    }
    // PDF/UA-1: a deck with consecutive heading levels passes; one that
    // jumps from # to ### fails with typst's reason, and no PDF.
    let ua = export_with(&deck, |o| o.standard = Standard::Ua1);
    assert!(ua.is_ok(), "{}", ua.unwrap_err());
    let skipping = fixture("seed-community-call-2024-04-18.md");
    let failure = export_with(&skipping, |o| o.standard = Standard::Ua1).unwrap_err();
    assert!(
        failure
            .to_string()
            .contains("PDF/UA-1 error: skipped from heading level 1 to 3"),
        "{failure}"
    );
    if poppler() {
        assert!(xmp(&ua.unwrap().pdf).contains("<pdfuaid:part>1</pdfuaid:part>"));
        let out = export_with(&deck, |o| o.standard = Standard::A3b).unwrap();
        assert!(xmp(&out.pdf).contains("<pdfaid:part>3</pdfaid:part>"));
        let plain = export_with(&deck, |o| o.standard = Standard::None).unwrap();
        assert!(!xmp(&plain.pdf).contains("pdfaid"));
    }
}

#[test]
fn timestamp_only_when_asked() {
    let deck = fixture("basic.md");
    let plain = export(&deck);
    let stamped = export_with(&deck, |o| o.timestamp = Some(1_700_000_000)).unwrap();
    assert!(plain.pdf != stamped.pdf);
    if poppler() {
        assert_eq!(
            info(&plain.pdf)["CreationDate"],
            "Thu Apr 18 00:00:00 2024 UTC"
        );
        assert_eq!(
            info(&stamped.pdf)["CreationDate"],
            "Tue Nov 14 22:13:20 2023 UTC"
        );
    }
}

#[test]
fn custom_templates() {
    let deck = fixture("basic.md");
    // A template of its own, reusing the library's functions.
    let template = r#"
#import "/decktype.typ": render-blocks, px
#let deck = json("/deck.json")
#let view = json("/pdf.json")
#set page(width: 400pt, height: 300pt)
#for slide in deck.deck.slides [
  #text(size: 8pt)[Custom #str(slide.index + 1) of #deck.deck.slides.len()]
  #render-blocks(slide.blocks, (deck: deck.deck, view: view, link: blue))
  #pagebreak(weak: true)
]
"#;
    let out = export_with(&deck, |o| o.template = Some(template)).unwrap();
    assert_eq!(out.pages, common::envelope(&deck).deck.slides.len());
    if poppler() {
        assert!(page_texts(&out.pdf)[0].contains("Custom 1 of"));
    }
    // The README's example.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("```typ\n").unwrap() + "```typ\n".len();
    // `Options` borrows the template for as long as the resolver: leak it.
    let example: &'static str =
        String::leak(readme[start..start + readme[start..].find("```").unwrap()].to_owned());
    let out = export_with(&deck, |o| o.template = Some(example)).unwrap();
    assert_eq!(out.pages, common::envelope(&deck).deck.slides.len());
    if poppler() {
        assert!(page_texts(&out.pdf)[1].contains("SCS community call"));
    }
    // A template cannot read other files.
    for evil in [
        r#"#read("/etc/passwd")"#,
        r#"#read("../../../../etc/passwd")"#,
        r#"#image("/etc/hostname")"#,
        r#"#import "@preview/cetz:0.3.0": *"#,
    ] {
        let failure = export_with(&deck, |o| o.template = Some(evil)).unwrap_err();
        assert!(
            failure
                .diagnostics
                .iter()
                .any(|d| d.code == TYPST_FAILED && d.severity == decktype_model::Severity::Error),
            "{evil}: {failure}"
        );
    }
    // A template error says where, as data.
    let failure = export_with(&deck, |o| o.template = Some("\n#let x = \n")).unwrap_err();
    assert!(failure.to_string().contains("template:2:"), "{failure}");
    let [error] = failure.template_errors.as_slice() else {
        panic!("one error: {failure}");
    };
    assert_eq!(
        error.at,
        Some(TemplateSpan {
            file: TemplateFile::Custom,
            line: 2,
            column: 9
        }),
        "{error}"
    );
    assert_eq!(error.to_string(), "template:2:9: expected expression");
    // An error in the library the template calls is placed there.
    let failure = export_with(&deck, |o| {
        o.template = Some("#import \"/decktype.typ\": *\n#deck-document(json(\"/deck.json\"), (:))")
    })
    .unwrap_err();
    let at = failure.template_errors[0].at.expect("placed");
    assert_eq!(at.file, TemplateFile::Builtin("decktype.typ"), "{failure}");
    assert!(
        at.to_string().starts_with("<built-in>/decktype.typ:"),
        "{at}"
    );
    // typst's warnings are data too.
    let out = export_with(&deck, |o| o.template = Some("#text(font: \"nope\")[x]")).unwrap();
    assert_eq!(
        out.template_warnings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["template:1:13: unknown font family: nope"]
    );
}

#[test]
fn every_slide_page_even_empty() {
    let deck = fixture("empty.md");
    let out = export(Path::new(&deck));
    assert_eq!(out.pages, 1);
}
