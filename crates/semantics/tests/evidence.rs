//! Section kinds need evidence (issue 16, point 10): a word in a title only
//! proposes a kind. `fixtures/semantics-evidence.md` is a lecture, not a
//! community call, whose titles have the profile's section words; the other
//! tests show the evidence that does give each kind.

use decktype_model::{Deck, SectionKind};
use decktype_semantics::{Options, codes, enrich};

fn enriched(name: &str, source: &str) -> (Deck, Vec<decktype_model::Diagnostic>) {
    let mut parsed = decktype_parse::parse(source, &Default::default());
    let diagnostics = enrich(&mut parsed.deck, &Options::new(Some(name), None));
    (parsed.deck, diagnostics)
}

/// Each section's kind and title.
fn kinds(deck: &Deck) -> Vec<(SectionKind, &str)> {
    deck.sections
        .iter()
        .map(|s| (s.kind, s.title.as_str()))
        .collect()
}

#[test]
fn title_words_alone_give_a_lecture_no_community_kinds() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/semantics-evidence.md"
    );
    let (deck, diagnostics) = enriched(
        "semantics-evidence.md",
        &std::fs::read_to_string(path).unwrap(),
    );
    use SectionKind::*;
    assert_eq!(
        kinds(&deck),
        [
            // The title slide, and the deck's opening.
            (Welcome, "Software Architecture, Lecture 7"),
            (Welcome, "Welcome back!"),
            // "event": its lines were read (a date, "1000 events"), no event found.
            (Other, "Event Sourcing"),
            // A date and no event word: not read, not an event.
            (Other, "Registration for the Workshop"),
            // "conference": its one date is a deadline.
            (Other, "Conference Paper"),
            // "general" inside a longer title, in a deck that is no community call.
            (Other, "General Relativity"),
            // A book: "Topologies" is no team of the profile.
            (Other, "Team Topologies"),
            // "tender": no tender item on it.
            (Other, "Tender Offer Saga"),
            // "users": adoption's word, inside a longer title.
            (Other, "Users and Roles"),
            // No talk named on it.
            (Other, "Lightning Talks"),
            // One of general's phrases, the whole title.
            (General, "Announcements"),
            // An event read from it.
            (Events, "Events this spring"),
            // A welcome word at the end of the deck.
            (Other, "Welcome to the Q&A"),
        ]
    );
    // Nothing invented: one event, from the events slide; no tender, no talk.
    let events: Vec<(&str, &str, usize)> = deck
        .events
        .iter()
        .map(|e| (e.name.as_str(), e.start.as_str(), e.slide))
        .collect();
    assert_eq!(events, [("ICSA 2025", "2025-03-31", 11)]);
    assert!(deck.tenders.is_empty(), "{:?}", deck.tenders);
    assert!(
        deck.lightning_talks.is_empty(),
        "{:?}",
        deck.lightning_talks
    );
    // A heading written like a team's still gets its report under the name
    // as written (the CLI's profile test relies on that), and DT034.
    let teams: Vec<&str> = deck.teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(teams, ["Topologies"]);
    assert!(deck.sigs.is_empty());
    let unknown: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.code == codes::UNKNOWN_GROUP)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unknown, ["`Topologies` is not a team the profile knows"]);
}

#[test]
fn the_community_call_keeps_its_words_where_they_hold() {
    let (deck, _) = enriched(
        "20250313.md",
        "# SCS Community Call\n\n---\n\n# Any newcomers? Welcome!\n\n---\n\n\
         # Team IaaS\n\n* Networking\n\n---\n\n# Towards R9\n\n* Planning\n\n---\n\n\
         # Adoption & Visibility\n\n* A new provider\n\n---\n\n\
         # Upcoming Events\n\n* KubeCon EU – London, 1.-4.4.2025\n\n---\n\n\
         # KubeCon Summit\n\n* KubeCon EU on 1.-4.4.2025: our booth\n\n---\n\n\
         # Events\n\n![calendar](calendar.png)\n\n---\n\n\
         # SCS Tenders\n\n* VP04 (Network): decision in April\n\n---\n\n\
         # Lightning Talk\n\n## Status Page\n\n### Jan\n\n---\n\n\
         # EOF Community Meeting\n\n* Save the date: 2025-09-05 in Berlin\n",
    );
    use SectionKind::*;
    assert_eq!(
        kinds(&deck),
        [
            (Welcome, "SCS Community Call"),
            (Welcome, "Any newcomers? Welcome!"),
            (Team, "IaaS"),
            // The deck names a profile group: the profile's words count
            // inside longer titles.
            (General, "Towards R9"),
            (Adoption, "Adoption & Visibility"),
            (Events, "Upcoming Events"),
            // Its event is the one above (listed once), read here too.
            (Events, "KubeCon Summit"),
            // A picture of the calendar: nothing read.
            (Other, "Events"),
            (Tenders, "SCS Tenders"),
            (LightningTalk, "Lightning Talk"),
            // Welcome words after the opening; its event does not make it an
            // events section (no events word in the title).
            (Other, "EOF Community Meeting"),
        ]
    );
    assert_eq!(
        deck.events.iter().map(|e| e.slide).collect::<Vec<_>>(),
        [5, 10]
    );
}

#[test]
fn the_first_section_falls_back_to_welcome() {
    let (deck, _) = enriched(
        "x.md",
        "# Event Sourcing in Practice\n\n---\n\n# Welcome\n\n---\n\n# Welcome\n",
    );
    assert_eq!(
        kinds(&deck),
        [
            (SectionKind::Welcome, "Event Sourcing in Practice"),
            (SectionKind::Welcome, "Welcome"),
            (SectionKind::Welcome, "Welcome"),
        ]
    );
}
