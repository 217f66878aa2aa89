//! The parsed structure of every corpus deck equals what HedgeDoc 1.12 itself
//! produces, as recorded in `../shared/corpus/hedgedoc-structure.json`.
//!
//! The model keeps source text; HedgeDoc's markdown-it applies typographic
//! replacements, so titles are compared after `typographer` (like with like).

mod common;

use decktype_model::LineIndex;
use decktype_parse::typography::typographer;
use decktype_parse::{Options, codes, parse};
use serde_json::{Value, json};

fn structure_of(source: &str) -> Value {
    let parsed = parse(source, &Options::default());
    let deck = &parsed.deck;
    let mut vertical = vec![0u64; deck.columns()];
    for s in &deck.slides {
        vertical[s.h] += 1;
    }
    let slides: Vec<Value> = deck
        .slides
        .iter()
        .map(|s| json!([s.h, s.v, s.title.as_deref().map(typographer), s.level]))
        .collect();
    let attrs: Vec<Value> = deck
        .slides
        .iter()
        .filter(|s| !s.attributes.is_empty())
        .map(|s| json!([s.h, s.v, s.attributes]))
        .collect();
    let notes: Vec<Value> = deck
        .slides
        .iter()
        .filter(|s| s.notes.is_some())
        .map(|s| json!([s.h, s.v]))
        .collect();
    let index = LineIndex::new(source);
    let not_split: Vec<usize> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::SEPARATOR_NOT_SPLIT)
        .map(|d| index.line_col(d.span.start).line)
        .collect();
    json!({
        "horizontal": deck.columns(),
        "vertical": vertical,
        "total": deck.slides.len(),
        "front_matter_recognized": deck.front_matter.is_some(),
        "title": deck.meta.title,
        "slides": slides,
        "notes": notes,
        "attrs": attrs,
        "separator_like_lines_not_split": not_split,
    })
}

#[test]
fn every_corpus_deck_splits_exactly_as_hedgedoc() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("hedgedoc-structure.json")).unwrap(),
    )
    .unwrap();
    let decks = reference["decks"].as_object().expect("decks object");
    assert_eq!(
        decks.len(),
        43,
        "the reference covers 40 decks, the template and 2 seeds"
    );
    let mut failures = Vec::new();
    for (name, expected) in decks {
        let source = std::fs::read_to_string(common::deck_path(&corpus, name)).unwrap();
        let got = structure_of(&source);
        for key in [
            "horizontal",
            "vertical",
            "total",
            "front_matter_recognized",
            "title",
            "slides",
            "notes",
            "attrs",
            "separator_like_lines_not_split",
        ] {
            let want = expected.get(key).cloned().unwrap_or(Value::Null);
            let want = if key == "notes" {
                // The reference lists slides as [h, v, ...]; compare positions.
                Value::Array(
                    want.as_array()
                        .map(|a| a.iter().map(|n| json!([n[0], n[1]])).collect())
                        .unwrap_or_default(),
                )
            } else {
                want
            };
            if got[key] != want {
                if key == "slides" {
                    for (g, w) in got[key]
                        .as_array()
                        .unwrap()
                        .iter()
                        .zip(want.as_array().unwrap())
                    {
                        if g != w {
                            failures.push(format!("{name}: slide {g} != HedgeDoc {w}"));
                        }
                    }
                } else {
                    failures.push(format!(
                        "{name}: {key}: decktype {} != HedgeDoc {}",
                        got[key], want
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn minutes_documents_parse_without_errors_and_are_flagged_as_not_slides() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let files = common::markdown_files(&corpus.join("scs-tech-weekly"));
    assert_eq!(files.len(), 42, "the corpus has 42 minutes documents");
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let parsed = parse(&source, &Options::default());
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == decktype_model::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.code == codes::NOT_A_SLIDE_DECK),
            "{}: not flagged as a non-slide document",
            path.display()
        );
        assert!(!parsed.deck.slides.is_empty());
    }
}
