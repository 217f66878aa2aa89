//! `/pdf.json`, the template's data besides the deck's JSON: its committed
//! schema is current, and the view of every fixture validates against it.

use std::path::PathBuf;

mod common;
use common::root;

#[test]
fn committed_view_schema_matches_the_types() {
    let committed = std::fs::read_to_string(root().join("schemas/pdf-view.v1.schema.json"))
        .expect("schemas/pdf-view.v1.schema.json is committed");
    assert!(
        committed == decktype_export_pdf::view_schema_json(),
        "schemas/pdf-view.v1.schema.json is out of date.\nRegenerate it with:\n\n    cargo run -p decktype -- schema --pdf-view -o schemas/pdf-view.v1.schema.json\n"
    );
}

#[test]
fn every_fixture_view_validates() {
    let schema: serde_json::Value =
        serde_json::from_str(&decktype_export_pdf::view_schema_json()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .chain(std::fs::read_dir(root().join("fixtures/pdf")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.sort();
    for deck in decks {
        let envelope = common::envelope(&deck);
        let resolver = decktype_assets::Resolver::new(deck.parent(), &[]);
        let (view, _) =
            decktype_export_pdf::view(&envelope, &decktype_export_pdf::Options::new(&resolver));
        let json = serde_json::to_value(&view).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", deck.display());
        // Every slide is in exactly one section.
        let mut seen: Vec<usize> = view
            .sections
            .iter()
            .flat_map(|s| s.slides.clone())
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..envelope.deck.slides.len()).collect::<Vec<_>>());
    }
    // A view that breaks the contract does not validate.
    let mut bad = serde_json::to_value(
        decktype_export_pdf::view(
            &common::envelope(&root().join("fixtures/basic.md")),
            &decktype_export_pdf::Options::new(&decktype_assets::Resolver::none()),
        )
        .0,
    )
    .unwrap();
    bad["page"]["width"] = serde_json::json!("wide");
    assert!(!validator.is_valid(&bad));
}
