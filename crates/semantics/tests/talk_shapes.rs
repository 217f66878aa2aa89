//! Lightning talks in the shapes the corpus rarely shows (issue 16, point
//! 11), against gold cases written by hand for them
//! (`fixtures/talks-shapes.gold.json`, each with its reason): the speaker
//! and affiliation on one line and the title on the next, a heading that
//! only says when, a talk announced early and held at the end (one talk),
//! and a time that is no title.
//!
//! Talks are matched as in `gold.rs`: title (lower case, one kind of dash,
//! spaces collapsed) and speakers, as a multiset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// Title and speakers, normalised as `gold.rs` does.
fn talk_key(title: &str, speakers: &[&str]) -> String {
    let title = title
        .replace(['–', '—'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    format!("{title} | {}", speakers.join(", "))
}

/// How many talks have each key.
fn multiset(keys: impl IntoIterator<Item = String>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for k in keys {
        *out.entry(k).or_insert(0) += 1;
    }
    out
}

#[test]
fn talks_in_other_shapes_match_the_gold_cases() {
    let source = std::fs::read_to_string(fixtures().join("talks-shapes.md")).unwrap();
    let gold: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("talks-shapes.gold.json")).unwrap(),
    )
    .unwrap();

    let mut deck = decktype_parse::parse(&source, &Default::default()).deck;
    decktype_semantics::enrich(&mut deck, &Default::default());

    let got = multiset(deck.lightning_talks.iter().map(|t| {
        let speakers: Vec<&str> = t.speakers.iter().map(String::as_str).collect();
        talk_key(&t.title, &speakers)
    }));
    let want = multiset(gold["lightning_talks"].as_array().unwrap().iter().map(|t| {
        let speakers: Vec<&str> = t["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        talk_key(t["title"].as_str().unwrap(), &speakers)
    }));

    let mut misses = Vec::new();
    for (key, &g) in &got {
        let w = want.get(key).copied().unwrap_or(0);
        if g > w {
            misses.push(format!("extra {key:?} (×{})", g - w));
        }
    }
    for (key, &w) in &want {
        let g = got.get(key).copied().unwrap_or(0);
        if w > g {
            misses.push(format!("missing {key:?} (×{})", w - g));
        }
    }
    println!(
        "talk shapes: {} extracted, {} gold",
        got.values().sum::<usize>(),
        want.values().sum::<usize>()
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(
        misses.is_empty(),
        "talks differ from the gold cases: {misses:#?}"
    );
}

#[test]
fn an_announced_and_held_talk_keeps_the_held_slide() {
    let source = std::fs::read_to_string(fixtures().join("talks-shapes.md")).unwrap();
    let mut deck = decktype_parse::parse(&source, &Default::default()).deck;
    decktype_semantics::enrich(&mut deck, &Default::default());
    let held = deck.slides.len() - 1;
    let rust: Vec<_> = deck
        .lightning_talks
        .iter()
        .filter(|t| t.title == "Rust in the kernel")
        .collect();
    assert_eq!(rust.len(), 1, "{:#?}", deck.lightning_talks);
    assert_eq!(rust[0].slide, held);
}
