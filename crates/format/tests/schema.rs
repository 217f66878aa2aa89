//! The committed JSON Schema is current, every fixture and corpus deck's JSON
//! validates against it (with the independent `jsonschema` crate), and JSON →
//! model → JSON is byte-identical.

use std::path::{Path, PathBuf};

use decktype_format::{Envelope, schema_file_name, schema_json};

#[path = "../../parse/tests/common/mod.rs"]
mod common;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed_schema() -> String {
    std::fs::read_to_string(workspace().join("schemas").join(schema_file_name()))
        .expect("schema file is committed")
}

#[test]
fn committed_schema_matches_the_types() {
    let generated = schema_json();
    assert!(
        committed_schema() == generated,
        "schemas/{} is out of date with the model types.\nRegenerate it with:\n\n    cargo run -p decktype -- schema -o schemas/{}\n",
        schema_file_name(),
        schema_file_name()
    );
}

/// The strict variant (every object closed): what decktype's own output
/// is held to, so no field the schema does not describe slips in.
fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&decktype_format::strict_schema_json()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the committed schema is a valid JSON Schema")
}

fn check(validator: &jsonschema::Validator, path: &Path) {
    let source = std::fs::read_to_string(path).unwrap();
    let mut parsed = decktype_parse::parse(&source, &Default::default());
    let options = decktype_semantics::Options::new(path.file_name().and_then(|n| n.to_str()), None);
    parsed
        .diagnostics
        .extend(decktype_semantics::enrich(&mut parsed.deck, &options));
    let envelope = Envelope::new(
        Some(&path.to_string_lossy()),
        &source,
        parsed.deck,
        &parsed.diagnostics,
    );
    let pretty = envelope.to_json_pretty();
    let value: serde_json::Value = serde_json::from_str(&pretty).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not validate:\n{}",
        path.display(),
        errors.join("\n")
    );
    // JSON → model → JSON, pretty and compact.
    let back = Envelope::from_json(&pretty).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        back,
        envelope,
        "{}: model changed in the round trip",
        path.display()
    );
    assert_eq!(
        back.to_json_pretty(),
        pretty,
        "{}: pretty JSON changed",
        path.display()
    );
    let line = envelope.to_json_line();
    assert_eq!(
        Envelope::from_json(&line).unwrap().to_json_line(),
        line,
        "{}: compact JSON changed",
        path.display()
    );
}

/// The published schema accepts what a later 1.x may add: an unknown
/// property anywhere, which the strict variant refuses; and the types read
/// it (and drop it).
#[test]
fn the_published_schema_and_the_types_accept_additions() {
    let published: serde_json::Value = serde_json::from_str(&committed_schema()).unwrap();
    let published = jsonschema::options().build(&published).unwrap();
    let strict = validator();
    let source = std::fs::read_to_string(workspace().join("fixtures/basic.md")).unwrap();
    let parsed = decktype_parse::parse(&source, &Default::default());
    let envelope = Envelope::new(Some("basic.md"), &source, parsed.deck, &parsed.diagnostics);
    let mut value: serde_json::Value = serde_json::from_str(&envelope.to_json_pretty()).unwrap();
    value["added_later"] = serde_json::json!({"x": 1});
    value["deck"]["slides"][0]["added_later"] = serde_json::json!(true);
    assert!(published.is_valid(&value));
    assert!(!strict.is_valid(&value));
    let back = Envelope::from_json(&value.to_string()).unwrap();
    assert_eq!(back, envelope);
}

#[test]
fn fixtures_validate_and_round_trip() {
    let validator = validator();
    let files = common::markdown_files(&workspace().join("fixtures"));
    assert!(files.len() >= 2, "fixtures are missing");
    for f in files {
        check(&validator, &f);
    }
}

#[test]
fn corpus_decks_validate_and_round_trip() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let validator = validator();
    let mut files = common::markdown_files(&corpus.join("scs-community-call"));
    files.extend(common::markdown_files(&corpus.join("scs-tech-weekly")));
    files.extend(common::markdown_files(&corpus));
    assert!(files.len() >= 85);
    for f in files {
        check(&validator, &f);
    }
}

#[test]
fn the_schema_rejects_what_it_should() {
    let validator = validator();
    let source = "---\ntype: slide\n---\n\n# Hi\n";
    let parsed = decktype_parse::parse(source, &Default::default());
    let good = serde_json::to_value(Envelope::new(
        None,
        source,
        parsed.deck,
        &parsed.diagnostics,
    ))
    .unwrap();
    assert!(validator.is_valid(&good));
    let mut wrong_version = good.clone();
    wrong_version["format_version"] = 2.into();
    assert!(!validator.is_valid(&wrong_version));
    let mut extra_field = good.clone();
    extra_field["deck"]["surprise"] = true.into();
    assert!(!validator.is_valid(&extra_field));
    let mut bad_span = good.clone();
    bad_span["deck"]["slides"][0]["span"] = serde_json::json!([1, 2, 3]);
    assert!(!validator.is_valid(&bad_span));
    let mut bad_block = good.clone();
    bad_block["deck"]["slides"][0]["blocks"][0]["type"] = "marquee".into();
    assert!(!validator.is_valid(&bad_block));

    // The semantic fields: dates are dates, ids have no spaces, link kinds
    // and repositories have their shapes.
    let event = serde_json::json!({
        "name": "CloudExpo Europe", "start": "2024-05-22", "end": "2024-05-23",
        "location": "Frankfurt/Main", "people": ["Alex"], "urls": [],
        "text": "May 22-23 CloudExpo Europe in Frankfurt/Main (Alex)", "slide": 0, "span": [0, 5]
    });
    let with = |field: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v["deck"][field] = serde_json::json!([value]);
        v
    };
    assert!(validator.is_valid(&with("events", event.clone())));
    let mut bad_date = event.clone();
    bad_date["start"] = "2024-02-31".into();
    assert!(!validator.is_valid(&with("events", bad_date)));
    let mut bad_end = event;
    bad_end["end"] = "May 23".into();
    assert!(!validator.is_valid(&with("events", bad_end)));
    let tender = serde_json::json!({
        "id": "VP09b-2", "topic": "supply chain security", "status": "published",
        "slide": 0, "span": [0, 5]
    });
    assert!(validator.is_valid(&with("tenders", tender.clone())));
    let mut spaced = tender;
    spaced["id"] = "VP 09".into();
    assert!(!validator.is_valid(&with("tenders", spaced)));
    let link = serde_json::json!({
        "url": "https://github.com/o/r/pull/1", "text": "#1", "kind": "github_pull",
        "repo": "o/r", "number": 1, "slide": 0, "span": [0, 5]
    });
    assert!(validator.is_valid(&with("links", link.clone())));
    let mut bad_kind = link.clone();
    bad_kind["kind"] = "gitlab_merge".into();
    assert!(!validator.is_valid(&with("links", bad_kind)));
    let mut bad_repo = link;
    bad_repo["repo"] = "just-a-name".into();
    assert!(!validator.is_valid(&with("links", bad_repo)));
    let talk = serde_json::json!({"title": "Status Page", "speakers": [], "slide": 0});
    assert!(validator.is_valid(&with("lightning_talks", talk.clone())));
    let mut no_title = talk;
    no_title.as_object_mut().unwrap().remove("title");
    assert!(!validator.is_valid(&with("lightning_talks", no_title)));
}

#[test]
fn reading_checks_the_format_version() {
    let source = "# x\n";
    let parsed = decktype_parse::parse(source, &Default::default());
    let mut value = serde_json::to_value(Envelope::new(
        None,
        source,
        parsed.deck,
        &parsed.diagnostics,
    ))
    .unwrap();
    value["format_version"] = 99.into();
    let err = Envelope::from_json(&value.to_string()).unwrap_err();
    assert!(err.to_string().contains("99"), "{err}");
}

#[test]
fn deeply_nested_decks_round_trip_and_validate() {
    // 2000 nested quotes, lists and emphasis: the model flattens beyond its
    // nesting cap, so serde_json (depth limit 128) reads the JSON back.
    let validator = validator();
    let quotes = format!("{}deep\n", "> ".repeat(2000));
    let lists: String = (0..300)
        .map(|i| format!("{}* item {i}\n", "  ".repeat(i)))
        .collect();
    let emphasis = format!("{}x{}\n", "*a ".repeat(2000), " b*".repeat(2000));
    let fonts = format!(
        "{}x{}\n",
        "<font color=red>".repeat(500),
        "</font>".repeat(500)
    );
    for (source, must_keep) in [
        (quotes, "deep"),
        (lists, "item 299"),
        (emphasis, "x"),
        (fonts, "x"),
    ] {
        let parsed = decktype_parse::parse(&source, &Default::default());
        let text = decktype_model::text::slide(&parsed.deck.slides[0]);
        assert!(text.contains(must_keep), "flattening lost {must_keep:?}");
        if must_keep == "item 299" {
            assert!(
                (0..300).all(|i| text.contains(&format!("item {i}\n"))),
                "list items ran together: {text}"
            );
        }
        let envelope = Envelope::new(None, &source, parsed.deck, &parsed.diagnostics);
        let line = envelope.to_json_line();
        let back = Envelope::from_json(&line).expect("reads back despite the depth");
        assert_eq!(back.to_json_line(), line);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert!(validator.is_valid(&value));
    }
}

/// The README's promise to readers of older decktype versions: a block or
/// inline type holds its nested nodes in `blocks`, `inlines` or `children`,
/// so a reader that walks those fields of a type it does not know loses no
/// text. The types from before the promise that keep content elsewhere are
/// listed; a new type that does so fails here.
#[test]
fn nested_content_is_in_the_generic_fields() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
    let defs = &schema["$defs"];
    // Older types (format 1 from the start) with content in fields of their own.
    let grandfathered = [
        ("list", "items"),
        ("table", "header"),
        ("table", "rows"),
        ("definition_list", "items"),
    ];
    let mut checked = 0;
    for def in ["Block", "Inline"] {
        for variant in defs[def]["oneOf"].as_array().unwrap() {
            let name = variant["properties"]["type"]["const"].as_str().unwrap();
            for (field, spec) in variant["properties"].as_object().unwrap() {
                let text = spec.to_string();
                let nests = text.contains("#/$defs/Block")
                    || text.contains("#/$defs/Inline")
                    || text.contains("#/$defs/ListItem")
                    || text.contains("#/$defs/TableCell")
                    || text.contains("#/$defs/DefinitionItem");
                if !nests {
                    continue;
                }
                checked += 1;
                assert!(
                    matches!(field.as_str(), "blocks" | "inlines" | "children")
                        || grandfathered.contains(&(name, field.as_str())),
                    "`{name}` keeps nested content in `{field}`: use `blocks`, `inlines` or `children` (README, the JSON format)"
                );
            }
        }
    }
    assert!(
        checked >= 10,
        "the walk found the nested fields ({checked})"
    );
}
