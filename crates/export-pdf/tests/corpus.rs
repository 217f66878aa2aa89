//! Every corpus deck exports to PDF: one page per slide, each slide's title
//! on its page, one outline entry per section and slide, links clickable.
//! Skips with a message when `../shared/corpus` (or `$DECKTYPE_CORPUS`) is
//! absent.

use std::path::PathBuf;

mod common;
use common::{normal, page_texts, poppler, xml};

fn corpus_decks() -> Option<Vec<PathBuf>> {
    let dir = decktype_test_support::corpus()?;
    let mut decks: Vec<PathBuf> = std::fs::read_dir(dir.join("scs-community-call"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.push(dir.join("seed-community-call-2023-08.md"));
    decks.push(dir.join("seed-community-call-2024-04-18.md"));
    decks.sort();
    Some(decks)
}

#[test]
fn corpus_decks_export() {
    let Some(decks) = corpus_decks() else { return };
    assert!(decks.len() >= 42, "{}", decks.len());
    let read_back = poppler();
    let mut titles = 0;
    for deck in &decks {
        let envelope = common::envelope(deck);
        let out = common::export(deck);
        let slides = &envelope.deck.slides;
        assert_eq!(out.pages, slides.len(), "{}", deck.display());
        let errors: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.severity == decktype_model::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", deck.display());
        if !read_back {
            continue;
        }
        let pages = page_texts(&out.pdf);
        assert_eq!(pages.len(), slides.len(), "{}", deck.display());
        for slide in slides {
            if let Some(title) = slide.title.as_deref().filter(|t| !t.trim().is_empty()) {
                titles += 1;
                assert!(
                    normal(&pages[slide.index]).contains(&normal(title)),
                    "{}: slide {} title {title:?} not on its page:\n{}",
                    deck.display(),
                    slide.index + 1,
                    pages[slide.index]
                );
            }
        }
        let xml = xml(&out.pdf);
        let sections = envelope.deck.sections.len();
        assert_eq!(
            xml.matches("<item").count(),
            sections + slides.len(),
            "{}: outline entries",
            deck.display()
        );
        let web_links = envelope
            .deck
            .links
            .iter()
            .filter(|l| l.url.starts_with("http"))
            .count();
        if web_links > 0 {
            assert!(
                xml.contains("<a href=\"http"),
                "{}: no link annotations",
                deck.display()
            );
        }
    }
    if read_back {
        assert!(titles > 500, "only {titles} titles checked");
        eprintln!(
            "{} decks, {titles} slide titles found on their pages",
            decks.len()
        );
    }
}
