//! Accuracy of the semantic pass against hand-written gold labels
//! (`fixtures/gold/*.json`, written by reading the decks, not the code).
//!
//! Scored per field, each its own row: precision, recall and F1 of the
//! extracted items, counted as multisets (two identical extracted items
//! against one gold item are one true and one false positive). The rows and
//! what their items are matched on (names compared in lower case with spaces
//! and dashes normalised):
//!
//! - `teams`, `sigs`: the canonical name;
//! - `tenders`: id + topic;
//! - `events`: name + start + end + location;
//! - `talks`: title + speakers;
//! - `team-topics`: team name + topic, one item per topic;
//! - `tender-status`: id + status (lower case, spaces collapsed, the Markdown
//!   marks `*`, `` ` `` and `_` and trailing punctuation left out);
//! - `event-people`: event name + person, one item per person;
//! - `event-urls`: event name + URL (a trailing slash left out), one item per
//!   URL.
//!
//! The last four read a part of an item (a team's topics, a tender's status,
//! an event's people or URLs). Labellers add those parts over time: a gold
//! item without the part's key is unlabelled for that row, and left out of
//! it together with the extracted item matched to it (same team name, tender
//! id or event name); the report says how many were left out. Extracted
//! items that match no gold item count as usual.
//!
//! A ratio with nothing to count is `n/a`, not 1.0: precision with no
//! extracted items, recall with no gold items, and all three for a row with
//! neither (not asserted). Extracted items where gold has none are false
//! positives: precision 0.
//!
//! Two sets: the development decks, which the rules were written against
//! (target F1 ≥ 0.95 per field, asserted), and held-out decks (`"held_out":
//! true`), labelled after the rules were written and never used to tune
//! them: their score is what to expect on new decks (printed, with a lower
//! floor asserted so a regression shows). Each row's two floors and where
//! they come from are in the comment `FLOORS` below.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use decktype_semantics::{Options, enrich};

#[path = "../../parse/tests/common/mod.rs"]
mod common;

/// A multiset of keys: how many items have each key.
type Keys = BTreeMap<String, usize>;

#[derive(Default, Debug)]
struct Score {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    /// Gold items without the row's part, left out.
    skipped_gold: usize,
    /// Extracted items matched to those, left out with them.
    skipped_extracted: usize,
    misses: Vec<String>,
}

impl Score {
    /// Counts one deck's extracted keys (`got`) against its gold keys (`want`).
    fn add(&mut self, deck: &str, got: &Keys, want: &Keys) {
        for (key, &g) in got {
            let w = want.get(key).copied().unwrap_or(0);
            self.true_positives += g.min(w);
            if g > w {
                self.false_positives += g - w;
                self.misses
                    .push(format!("{deck}: extra {key:?}{}", times(g - w)));
            }
        }
        for (key, &w) in want {
            let g = got.get(key).copied().unwrap_or(0);
            if w > g {
                self.false_negatives += w - g;
                self.misses
                    .push(format!("{deck}: missing {key:?}{}", times(w - g)));
            }
        }
    }

    /// Scores one row of one deck from its extracted and gold JSON.
    fn add_deck(&mut self, deck: &str, field: &Field, got: &Value, gold: &Value) {
        let items = field.items.keys(&got[field.array], &gold[field.array]);
        self.skipped_gold += items.skipped_gold;
        self.skipped_extracted += items.skipped_extracted;
        self.add(deck, &items.got, &items.want);
    }

    /// Correct of extracted; `None` when nothing was extracted.
    fn precision(&self) -> Option<f64> {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// Found of gold; `None` when gold has no items.
    fn recall(&self) -> Option<f64> {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// The harmonic mean of precision and recall, `2TP / (2TP + FP + FN)`:
    /// 0 when either side is empty and the other not, `None` when both are.
    fn f1(&self) -> Option<f64> {
        ratio(
            2 * self.true_positives,
            2 * self.true_positives + self.false_positives + self.false_negatives,
        )
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// ` (×n)` for a key counted more than once.
fn times(n: usize) -> String {
    if n == 1 {
        String::new()
    } else {
        format!(" (×{n})")
    }
}

/// A ratio as printed: three decimals, or `n/a`.
fn shown(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "n/a  ".to_owned(), |r| format!("{r:.3}"))
}

/// Lower case, spaces collapsed.
fn norm(s: Option<&str>) -> String {
    s.unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Normalises a name for comparison: lower case, one kind of dash, spaces
/// collapsed, and a trailing place that is also the location left out (the
/// labels write "Kubernetes Community Day Munich" in one deck and
/// "Kubernetes Community Day" with location Munich in another).
fn norm_name(name: &str, location: Option<&str>) -> String {
    let mut n = norm(Some(&name.replace(['–', '—'], "-")));
    if let Some(l) = location.map(str::to_lowercase)
        && n.len() > l.len()
        && n.ends_with(&format!(" {l}"))
    {
        n.truncate(n.len() - l.len() - 1);
    }
    n
}

/// Normalises a tender's status: lower case, spaces collapsed, Markdown marks
/// (`*`, `` ` ``, `_`) and trailing punctuation left out.
fn norm_status(status: Option<&str>) -> String {
    let unmarked: String = status
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '_'))
        .collect();
    norm(Some(&unmarked))
        .trim_end_matches(|c: char| ".,;:!?".contains(c) || c.is_whitespace())
        .to_owned()
}

// The keys items are matched on. Extracted items go through their JSON, so
// one function reads both sides.

/// Teams and SIGs: the canonical name.
fn group_key(g: &Value) -> String {
    g["name"].as_str().unwrap_or("").to_owned()
}

/// Tenders: id and topic.
fn tender_key(t: &Value) -> String {
    format!("{}|{}", norm(t["id"].as_str()), norm(t["topic"].as_str()))
}

/// Events: name, start, end and location.
fn event_key(e: &Value) -> String {
    let location = e["location"].as_str();
    format!(
        "{} | {} | {} | {}",
        event_name_key(e),
        e["start"].as_str().unwrap_or(""),
        e["end"].as_str().unwrap_or("-"),
        location.unwrap_or("-").to_lowercase()
    )
}

/// Lightning talks: title and speakers.
fn talk_key(t: &Value) -> String {
    let speakers: Vec<&str> = t["speakers"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    format!(
        "{} | {}",
        norm_name(t["title"].as_str().unwrap_or(""), None),
        speakers.join(", ")
    )
}

/// A tender's normalised id: what its status belongs to.
fn tender_id_key(t: &Value) -> String {
    norm(t["id"].as_str())
}

/// An event's normalised name: what its people and URLs belong to.
fn event_name_key(e: &Value) -> String {
    norm_name(e["name"].as_str().unwrap_or(""), e["location"].as_str())
}

/// The strings of the array `v[field]`.
fn strings<'a>(v: &'a Value, field: &str) -> impl Iterator<Item = &'a str> {
    v[field]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// A team's topics, normalised.
fn topics(g: &Value) -> Vec<String> {
    strings(g, "topics").map(|t| norm(Some(t))).collect()
}

/// A tender's status, normalised.
fn status(t: &Value) -> Vec<String> {
    vec![norm_status(t["status"].as_str())]
}

/// An event's people, normalised.
fn people(e: &Value) -> Vec<String> {
    strings(e, "people").map(|p| norm_name(p, None)).collect()
}

/// An event's URLs, a trailing slash left out.
fn urls(e: &Value) -> Vec<String> {
    strings(e, "urls")
        .map(|u| u.strip_suffix('/').unwrap_or(u).to_owned())
        .collect()
}

/// How a row reads its items from a deck's array (extracted or gold).
enum Items {
    /// One key per item.
    Whole(fn(&Value) -> String),
    /// One key per value of a part of each item: the key of the item it
    /// belongs to (`owner`) and the value. A gold item without the JSON key
    /// `part` is unlabelled for the row.
    Part {
        part: &'static str,
        owner: fn(&Value) -> String,
        values: fn(&Value) -> Vec<String>,
    },
}

/// A row's keys in one deck, and what was left out of it.
#[derive(Default, Debug)]
struct DeckKeys {
    got: Keys,
    want: Keys,
    skipped_gold: usize,
    skipped_extracted: usize,
}

impl Items {
    /// The keys of the extracted items `got` and the gold items `want` (two
    /// JSON arrays).
    fn keys(&self, got: &Value, want: &Value) -> DeckKeys {
        let items = |v: &Value| v.as_array().cloned().unwrap_or_default();
        let mut keys = DeckKeys::default();
        match *self {
            Items::Whole(key) => {
                keys.got = count(items(got).iter().map(key));
                keys.want = count(items(want).iter().map(key));
            }
            Items::Part {
                part,
                owner,
                values,
            } => {
                let keyed = |item: &Value| {
                    let owner = owner(item);
                    values(item)
                        .into_iter()
                        .map(move |v| format!("{owner} | {v}"))
                };
                // How many unlabelled gold items each owner key has: each
                // leaves out one extracted item with that key.
                let mut unlabelled = Keys::new();
                let mut labelled = Vec::new();
                for item in items(want) {
                    if item.get(part).is_some() {
                        labelled.extend(keyed(&item));
                    } else {
                        *unlabelled.entry(owner(&item)).or_default() += 1;
                        keys.skipped_gold += 1;
                    }
                }
                keys.want = count(labelled);
                let mut extracted = Vec::new();
                for item in items(got) {
                    match unlabelled.get_mut(&owner(&item)) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            keys.skipped_extracted += 1;
                        }
                        _ => extracted.extend(keyed(&item)),
                    }
                }
                keys.got = count(extracted);
            }
        }
        keys
    }
}

fn count(keys: impl IntoIterator<Item = String>) -> Keys {
    let mut counts = Keys::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    counts
}

/// A scored row.
struct Field {
    /// The JSON array the items are read from.
    array: &'static str,
    /// The row's name in the report.
    label: &'static str,
    items: Items,
    /// The F1 the development set must reach, and the held-out set's
    /// regression floor (see the comment `FLOORS`).
    floors: (f64, f64),
}

/// The scored rows.
static FIELDS: [Field; 9] = [
    Field {
        array: "teams",
        label: "teams",
        items: Items::Whole(group_key),
        floors: (0.95, 0.80),
    },
    Field {
        array: "sigs",
        label: "sigs",
        items: Items::Whole(group_key),
        floors: (0.95, 0.80),
    },
    Field {
        array: "tenders",
        label: "tenders",
        items: Items::Whole(tender_key),
        floors: (0.95, 0.80),
    },
    Field {
        array: "events",
        label: "events",
        items: Items::Whole(event_key),
        floors: (0.95, 0.80),
    },
    Field {
        array: "lightning_talks",
        label: "talks",
        items: Items::Whole(talk_key),
        floors: (0.95, 0.60),
    },
    Field {
        array: "teams",
        label: "team-topics",
        items: Items::Part {
            part: "topics",
            owner: group_key,
            values: topics,
        },
        floors: (0.90, 0.85),
    },
    Field {
        array: "tenders",
        label: "tender-status",
        items: Items::Part {
            part: "status",
            owner: tender_id_key,
            values: status,
        },
        floors: (0.65, 0.70),
    },
    Field {
        array: "events",
        label: "event-people",
        items: Items::Part {
            part: "people",
            owner: event_name_key,
            values: people,
        },
        floors: (0.70, 0.70),
    },
    Field {
        array: "events",
        label: "event-urls",
        items: Items::Part {
            part: "urls",
            owner: event_name_key,
            values: urls,
        },
        floors: (0.90, 0.80),
    },
];

/// Scores per field over the gold decks whose `held_out` flag is `held_out`.
fn score(corpus: &Path, held_out: bool) -> (usize, Vec<(&'static Field, Score)>) {
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/gold");
    let mut scores: Vec<(&Field, Score)> = FIELDS.iter().map(|f| (f, Score::default())).collect();
    let mut decks = 0;
    let mut files: Vec<_> = std::fs::read_dir(&gold_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if gold["held_out"].as_bool().unwrap_or(false) != held_out {
            continue;
        }
        let deck_name = gold["deck"].as_str().unwrap();
        let source =
            std::fs::read_to_string(corpus.join("scs-community-call").join(deck_name)).unwrap();
        let mut parsed = decktype_parse::parse(&source, &Default::default());
        enrich(&mut parsed.deck, &Options::new(Some(deck_name), None));
        let got = serde_json::to_value(&parsed.deck).unwrap();
        for (field, score) in &mut scores {
            score.add_deck(deck_name, field, &got, &gold);
        }
        assert_eq!(
            parsed.deck.meta.date.as_deref(),
            gold["date"].as_str(),
            "{deck_name}: call date"
        );
        decks += 1;
    }
    (decks, scores)
}

fn report(set: &str, decks: usize, scores: &[(&Field, Score)]) {
    for (field, score) in scores {
        let skipped = match field.items {
            Items::Whole(_) => String::new(),
            Items::Part { .. } => format!(
                ", skipped {} unlabelled gold items and {} extracted",
                score.skipped_gold, score.skipped_extracted
            ),
        };
        eprintln!(
            "{set}: {:13} precision {} recall {} F1 {} over {decks} decks{skipped}",
            field.label,
            shown(score.precision()),
            shown(score.recall()),
            shown(score.f1()),
        );
        for m in &score.misses {
            eprintln!("  {}: {m}", field.label);
        }
    }
}

/// Scores one set, prints it, and asserts its size and every applicable
/// field's F1 against the row's floor for the set.
fn check_set(held_out: bool, name: &str, min_decks: usize) {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (decks, scores) = score(&corpus, held_out);
    report(name, decks, &scores);
    assert!(
        decks >= min_decks,
        "at least {min_decks} {name} decks, found {decks}"
    );
    for (field, score) in &scores {
        let floor = if held_out {
            field.floors.1
        } else {
            field.floors.0
        };
        // No items on either side: nothing to measure.
        let Some(f1) = score.f1() else {
            continue;
        };
        assert!(
            f1 >= floor,
            "{name} {} F1 {f1:.3} < {floor}: {:#?}",
            field.label,
            score.misses
        );
    }
}

#[test]
fn extraction_matches_the_gold_labels() {
    check_set(false, "development", 18);
}

#[test]
fn extraction_generalises_to_held_out_decks() {
    check_set(true, "held-out", 22);
}

// FLOORS: the development set's five established rows keep their target
// (F1 >= 0.95, which the rules were tuned to). The four rows added with the
// full labelling (team topics, tender status, event people and URLs) were
// measured once the labels landed (development 0.952 / 0.696 / 0.751 /
// 0.930; held-out 0.919 / 0.786 / 0.779 / 0.875) and their floors sit a
// little below those figures: regression guards, not targets. The held-out
// set's established rows keep 0.80, except talks: only two held-out talks
// are labelled, one of them ("Moin Cluster", 20240502) announced in a shape
// the rules do not read (issue 16 covers talks in other shapes), so one miss
// is F1 0.667 and the floor is 0.60.

// The scorer itself, on hand-made JSON.

/// The score of `label`'s row for one deck.
fn score_of(label: &str, got: Value, gold: Value) -> Score {
    let field = FIELDS.iter().find(|f| f.label == label).expect("a row");
    let mut score = Score::default();
    score.add_deck("deck", field, &got, &gold);
    score
}

fn event(name: &str, start: &str) -> Value {
    json!({ "name": name, "start": start, "end": null, "location": null })
}

/// `event` with people and URLs.
fn event_with(name: &str, people: &[&str], urls: &[&str]) -> Value {
    let mut e = event(name, "2024-05-01");
    e["people"] = json!(people);
    e["urls"] = json!(urls);
    e
}

#[test]
fn duplicates_count_as_often_as_they_occur() {
    let a = event("CloudLand", "2024-06-18");
    let got = json!({ "events": [a, a] });
    let gold = json!({ "events": [a] });
    let score = score_of("events", got, gold);
    assert_eq!(
        (
            score.true_positives,
            score.false_positives,
            score.false_negatives
        ),
        (1, 1, 0)
    );
    assert_eq!(score.precision(), Some(0.5));
    assert_eq!(score.recall(), Some(1.0));

    // And the other way round: one extracted against two in gold.
    let score = score_of(
        "events",
        json!({ "events": [a] }),
        json!({ "events": [a, a] }),
    );
    assert_eq!(
        (
            score.true_positives,
            score.false_positives,
            score.false_negatives
        ),
        (1, 0, 1)
    );
    assert!(score.misses[0].contains("missing"), "{:?}", score.misses);
}

#[test]
fn empty_rows_are_not_applicable() {
    let none = score_of(
        "tenders",
        json!({ "tenders": [] }),
        json!({ "tenders": [] }),
    );
    assert_eq!(
        (none.precision(), none.recall(), none.f1()),
        (None, None, None)
    );
    assert_eq!(shown(none.f1()).trim(), "n/a");

    // Gold has none, extraction some: real false positives.
    let tender = json!({ "id": "VP04", "topic": "Network", "status": "open" });
    let extra = score_of(
        "tenders",
        json!({ "tenders": [tender] }),
        json!({ "tenders": [] }),
    );
    assert_eq!(
        (extra.precision(), extra.recall(), extra.f1()),
        (Some(0.0), None, Some(0.0))
    );

    // Gold has some, extraction none: nothing found.
    let missed = score_of(
        "tenders",
        json!({ "tenders": [] }),
        json!({ "tenders": [tender] }),
    );
    assert_eq!(
        (missed.precision(), missed.recall(), missed.f1()),
        (None, Some(0.0), Some(0.0))
    );
}

#[test]
fn gold_items_without_the_part_are_skipped_for_that_row_only() {
    let got = json!({ "events": [
        event_with("GXFS Connect", &["Alex"], &[]),
        event_with("StackConf", &["Kurt", "Jan"], &["https://stackconf.eu/"]),
        event_with("PlusCon", &["Ann"], &[]),
    ] });
    // GXFS Connect has no people and no URLs labelled yet.
    let gold = json!({ "events": [
        event("GXFS Connect", "2024-05-01"),
        event_with("StackConf", &["Kurt"], &["https://stackconf.eu"]),
    ] });

    let people = score_of("event-people", got.clone(), gold.clone());
    // Alex is left out; Jan is extra; Ann, on an event gold does not have,
    // counts as usual.
    assert_eq!((people.skipped_gold, people.skipped_extracted), (1, 1));
    assert_eq!(
        (
            people.true_positives,
            people.false_positives,
            people.false_negatives
        ),
        (1, 2, 0)
    );
    assert!(!people.misses.iter().any(|m| m.contains("alex")));

    let urls = score_of("event-urls", got.clone(), gold.clone());
    assert_eq!((urls.skipped_gold, urls.skipped_extracted), (1, 1));
    assert_eq!(
        (
            urls.true_positives,
            urls.false_positives,
            urls.false_negatives
        ),
        (1, 0, 0)
    );

    // The events row itself is unaffected: GXFS Connect is a true positive.
    let events = score_of("events", got, gold);
    assert_eq!(
        (
            events.true_positives,
            events.false_positives,
            events.false_negatives
        ),
        (2, 1, 0)
    );

    // A tender without a status label.
    let tender = json!({ "id": "VP04", "topic": "Network", "status": "open" });
    let unlabelled = json!({ "id": "VP04", "topic": "Network" });
    let status = score_of(
        "tender-status",
        json!({ "tenders": [tender] }),
        json!({ "tenders": [unlabelled] }),
    );
    assert_eq!((status.skipped_gold, status.skipped_extracted), (1, 1));
    assert_eq!(status.f1(), None);
}

#[test]
fn statuses_are_compared_without_markup_case_and_trailing_punctuation() {
    assert_eq!(
        norm_status(Some(
            "  **Waiting** for `release`  of the\nfunds_ by BMWK. "
        )),
        "waiting for release of the funds by bmwk"
    );
    assert_eq!(norm_status(Some("dito.")), "dito");
    assert_eq!(norm_status(Some("Done?!")), "done");
    assert_eq!(norm_status(None), "");
    let got =
        json!({ "tenders": [{ "id": "VP 18", "topic": "x", "status": "*Waiting* for  BMWK." }] });
    let gold =
        json!({ "tenders": [{ "id": "vp 18", "topic": "x", "status": "waiting for BMWK" }] });
    assert_eq!(score_of("tender-status", got, gold).f1(), Some(1.0));
}

#[test]
fn topics_are_one_item_each() {
    let got = json!({ "teams": [{ "name": "Ops", "topics": ["Roles", "IAM"] }] });
    let gold = json!({ "teams": [{ "name": "Ops", "topics": ["roles"] }] });
    let score = score_of("team-topics", got, gold);
    assert_eq!(
        (
            score.true_positives,
            score.false_positives,
            score.false_negatives
        ),
        (1, 1, 0)
    );
    assert_eq!(score.misses, ["deck: extra \"Ops | iam\""]);
}
