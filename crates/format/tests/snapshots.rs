//! Snapshot of the JSON of every fixture deck in `fixtures/`.
//!
//! Review changes with `cargo insta review`; each accepted snapshot is part of
//! the format's documentation.

#[test]
fn fixture_json() {
    insta::glob!("../../../fixtures", "*.md", |path| {
        let source = std::fs::read_to_string(path).unwrap();
        let mut parsed = decktype_parse::parse(&source, &Default::default());
        let name = path.file_name().unwrap().to_string_lossy();
        let options = decktype_semantics::Options::new(Some(&name), None);
        parsed
            .diagnostics
            .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
        parsed
            .diagnostics
            .sort_by_key(|d| (d.span.start, d.span.end));
        let envelope = decktype_format::Envelope::new(
            Some(&format!("fixtures/{name}")),
            &source,
            parsed.deck,
            &parsed.diagnostics,
        );
        insta::assert_snapshot!(envelope.to_json_pretty());
    });
}
