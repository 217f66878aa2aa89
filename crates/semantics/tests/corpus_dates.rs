//! Call dates of the real decks: every `YYYYMMDD*.md` deck of the corpus gets
//! the date its file name says, from the title slide where it has one, and no
//! deck reports conflicting dates.

#[path = "../../parse/tests/common/mod.rs"]
mod common;

use decktype_model::DateSource;
use decktype_semantics::{Options, codes, enrich};

#[test]
fn every_corpus_deck_gets_its_date() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("scs-community-call");
    let mut checked = 0;
    let mut from_title = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".md") || !name.starts_with("20") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut parsed = decktype_parse::parse(&source, &Default::default());
        let diagnostics = enrich(&mut parsed.deck, &Options::new(Some(&name), None));
        let expected = format!("{}-{}-{}", &name[0..4], &name[4..6], &name[6..8]);
        assert_eq!(
            parsed.deck.meta.date.as_deref(),
            Some(expected.as_str()),
            "{name}"
        );
        assert!(
            !diagnostics
                .iter()
                .any(|d| d.code == codes::CONFLICTING_CALL_DATES),
            "{name}: {diagnostics:#?}"
        );
        if parsed.deck.meta.date_source == Some(DateSource::TitleSlide) {
            from_title += 1;
        }
        checked += 1;
    }
    assert_eq!(checked, 40, "the corpus has 40 dated decks");
    // Only 20230831-slides.md has no date on its title slide.
    assert_eq!(from_title, 39);
}

#[test]
fn every_slide_is_in_exactly_one_section_in_order() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("scs-community-call");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let mut parsed = decktype_parse::parse(&source, &Default::default());
        enrich(&mut parsed.deck, &Options::new(Some(&name), None));
        let listed: Vec<usize> = parsed
            .deck
            .sections
            .iter()
            .flat_map(|s| s.slides.iter().copied())
            .collect();
        let all: Vec<usize> = (0..parsed.deck.slides.len()).collect();
        assert_eq!(
            listed, all,
            "{name}: sections must cover every slide once, in order"
        );
        // Every team report's slides lie in sections of kind team.
        for team in &parsed.deck.teams {
            for slide in &team.slides {
                let section = parsed
                    .deck
                    .sections
                    .iter()
                    .find(|s| s.slides.contains(slide))
                    .unwrap();
                assert_eq!(
                    section.kind,
                    decktype_model::SectionKind::Team,
                    "{name}: slide {slide}"
                );
            }
        }
    }
}
