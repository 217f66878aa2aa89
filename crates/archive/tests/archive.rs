//! The archive of the fixture decks (and of the corpus when present): the
//! committed schemas are current, `archive.json` and every `index.jsonl` line
//! validate against them, and the cross-call views hold what the decks say.

use std::path::{Path, PathBuf};

use decktype_archive::{
    Archive, ArchiveDeck, Counts, INDEX_LINE_SCHEMA_FILE, Outputs, SCHEMA_FILE,
    index_line_schema_json, schema_json,
};

#[path = "../../parse/tests/common/mod.rs"]
mod common;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The archive entry of the deck at `path`, as `decktype build` makes it.
fn entry(path: &Path, name: &str) -> ArchiveDeck {
    let text = std::fs::read_to_string(path).unwrap();
    let mut parsed = decktype_parse::parse(&text, &decktype_parse::Options::default());
    let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
    decktype_semantics::enrich(
        &mut parsed.deck,
        &decktype_semantics::Options::new(Some(&file_name), None),
    );
    let sha = "0".repeat(64);
    ArchiveDeck::new(
        name,
        &sha,
        &parsed.deck,
        Outputs {
            json: Some(format!("{name}.json")),
            html: None,
            pdf: None,
        },
        Counts::default(),
    )
}

fn seeds() -> Archive {
    let fixtures = workspace().join("fixtures");
    Archive::new(vec![
        entry(
            &fixtures.join("seed-community-call-2024-04-18.md"),
            "seed-community-call-2024-04-18.md",
        ),
        entry(
            &fixtures.join("seed-community-call-2023-08.md"),
            "seed-community-call-2023-08.md",
        ),
        entry(&fixtures.join("semantics.md"), "semantics.md"),
    ])
}

/// The strict variant of the committed schema `file` (every object closed):
/// decktype's own output is held to it, consumers get the open one.
fn validator(file: &str) -> jsonschema::Validator {
    let text = if file == SCHEMA_FILE {
        decktype_archive::strict_schema_json()
    } else {
        decktype_archive::strict_index_line_schema_json()
    };
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid JSON Schema")
}

#[test]
fn committed_schemas_match_the_types() {
    for (file, generated) in [
        (SCHEMA_FILE, schema_json()),
        (INDEX_LINE_SCHEMA_FILE, index_line_schema_json()),
    ] {
        let committed =
            std::fs::read_to_string(workspace().join("schemas").join(file)).unwrap_or_default();
        assert!(
            committed == generated,
            "schemas/{file} is out of date with the archive types.\nRegenerate it with:\n\n    cargo run -p decktype -- schema --archive -o schemas/{SCHEMA_FILE}\n    cargo run -p decktype -- schema --index-line -o schemas/{INDEX_LINE_SCHEMA_FILE}\n"
        );
    }
}

fn assert_valid(archive: &Archive) {
    let json: serde_json::Value = serde_json::from_str(&archive.to_json_pretty()).unwrap();
    let v = validator(SCHEMA_FILE);
    let errors: Vec<String> = v.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "archive.json is invalid: {errors:#?}");
    let line = validator(INDEX_LINE_SCHEMA_FILE);
    let jsonl = archive.index_jsonl();
    assert_eq!(jsonl.lines().count(), archive.decks.len());
    for l in jsonl.lines() {
        let value: serde_json::Value = serde_json::from_str(l).unwrap();
        let errors: Vec<String> = line.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{l}: {errors:#?}");
    }
    // Reading archive.json back gives the same archive.
    let back: Archive = serde_json::from_str(&archive.to_json_pretty()).unwrap();
    assert_eq!(&back, archive);
}

#[test]
fn the_seed_archive_is_sorted_valid_and_holds_the_decks_data() {
    let archive = seeds();
    assert_valid(&archive);
    let dates: Vec<Option<&str>> = archive
        .decks
        .iter()
        .map(|d| d.summary.date.as_deref())
        .collect();
    // Oldest first, the deck without a date (the 2023-08 seed) last.
    assert_eq!(
        dates,
        [Some("2024-04-18"), Some("2025-03-13"), None],
        "{dates:?}"
    );
    // index.jsonl is newest first.
    let first: serde_json::Value =
        serde_json::from_str(archive.index_jsonl().lines().next().unwrap()).unwrap();
    assert_eq!(
        first["date"],
        archive
            .decks
            .iter()
            .rev()
            .find_map(|d| d.summary.date.clone())
            .unwrap()
    );
    let d = &archive.decks[0];
    assert!(d.summary.counts.slides > 20);
    assert_eq!(d.summary.counts.tenders, d.tenders.len());
    assert!(d.summary.section_kinds.len() >= 3);
    // Every tender of every deck is in the board, once per call.
    for deck in &archive.decks {
        for t in &deck.tenders {
            let history = archive
                .tenders
                .iter()
                .find(|h| {
                    h.id.as_deref().map(str::to_ascii_uppercase)
                        == t.id.as_deref().map(str::to_ascii_uppercase)
                        && (t.id.is_some() || h.topic.is_some() == t.topic.is_some())
                })
                .unwrap_or_else(|| panic!("{t:?} not on the board"));
            assert!(
                history
                    .history
                    .iter()
                    .any(|s| s.status == t.status && s.at.deck == deck.summary.path),
                "{t:?}"
            );
        }
    }
    // Histories are newest first.
    for h in &archive.tenders {
        let dates: Vec<_> = h.history.iter().map(|s| s.at.date.clone()).collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| (a.is_none(), b).cmp(&(b.is_none(), a)));
        assert_eq!(dates, sorted, "{:?}", h.id);
    }
    // Every group report is on the timeline.
    for deck in &archive.decks {
        for g in deck.teams.iter().chain(&deck.sigs) {
            assert!(archive.groups.iter().any(|a| {
                a.name == g.name
                    && a.calls
                        .iter()
                        .any(|c| c.deck == deck.summary.path && c.slides == g.slides)
            }));
        }
    }
}

#[test]
fn events_announced_in_several_calls_are_one_event_with_the_first_uid() {
    let fixtures = workspace().join("fixtures");
    let deck = entry(&fixtures.join("seed-community-call-2024-04-18.md"), "a.md");
    assert!(!deck.events.is_empty());
    let mut later = deck.clone();
    later.summary.path = "b.md".to_owned();
    later.summary.date = Some("2099-01-01".to_owned());
    // The later call renames one event slightly and adds a location.
    later.events[0].name = format!("The {} 2099", later.events[0].name);
    later.events[0].location = Some("Somewhere".to_owned());
    let only_first = Archive::new(vec![deck.clone()]);
    let both = Archive::new(vec![later, deck.clone()]);
    assert_eq!(both.events.len(), only_first.events.len());
    let before = &only_first
        .events
        .iter()
        .find(|e| e.name == deck.events[0].name)
        .unwrap();
    let after = both.events.iter().find(|e| e.uid == before.uid).unwrap();
    assert!(
        after.name.starts_with("The "),
        "newest name wins: {after:?}"
    );
    assert_eq!(after.location.as_deref(), Some("Somewhere"));
    assert_eq!(after.announced_in.len(), 2);
    assert_eq!(after.announced_in[0].deck, "a.md", "oldest first");
    let uids: std::collections::BTreeSet<_> = both.events.iter().map(|e| &e.uid).collect();
    assert_eq!(uids.len(), both.events.len(), "UIDs are unique");
    // A different event on another day stays separate.
    let mut other = deck.clone();
    other.summary.path = "c.md".to_owned();
    other.events[0].start = "2099-12-31".to_owned();
    let three = Archive::new(vec![other, deck]);
    assert_eq!(three.events.len(), only_first.events.len() + 1);
}

#[test]
fn the_corpus_archive_is_valid_and_deduplicates_events() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("scs-community-call");
    let decks: Vec<ArchiveDeck> = common::markdown_files(&dir)
        .iter()
        .map(|p| entry(p, &p.file_name().unwrap().to_string_lossy()))
        .collect();
    let announcements: usize = decks.iter().map(|d| d.events.len()).sum();
    let archive = Archive::new(decks);
    assert_valid(&archive);
    assert_eq!(archive.decks.len(), 41);
    assert!(announcements > 200, "{announcements}");
    assert!(
        archive.events.len() < announcements / 2,
        "{} events from {announcements} announcements",
        archive.events.len()
    );
    let eclipse: Vec<_> = archive
        .events
        .iter()
        .filter(|e| e.name == "EclipseCon" && e.start == "2023-10-16")
        .collect();
    assert_eq!(eclipse.len(), 1);
    assert_eq!(eclipse[0].announced_in.len(), 6);
    let mentions: usize = archive.events.iter().map(|e| e.announced_in.len()).sum();
    assert_eq!(
        mentions, announcements,
        "every announcement is in one event"
    );
    let vp = archive
        .tenders
        .iter()
        .find(|t| t.id.as_deref() == Some("VP03"))
        .expect("VP03");
    assert_eq!(vp.history.len(), 5);
    assert!(
        archive
            .groups
            .iter()
            .any(|g| g.name == "IaaS" && g.calls.len() >= 39)
    );
}
