//! The index page of the whole corpus (`../shared/corpus/scs-community-call`,
//! or `$DECKTYPE_CORPUS/scs-community-call`): every call is listed, the
//! tender board shows exactly the statuses the decks report, and every
//! deduplicated event is in the calendar. Skips with a message when the
//! corpus is absent.

mod common;

use common::{element, escaped, section};
use decktype_export_site::index_html;

#[test]
fn the_corpus_index_shows_every_call_status_and_event() {
    let Some(decks) = common::corpus_decks("the_corpus_index_shows_every_call_status_and_event")
    else {
        return;
    };
    assert!(decks.len() >= 40, "{}", decks.len());
    let (archive, texts) = common::archive_of(&decks);
    let html = index_html(&archive, &texts, "SCS community calls");

    let calls = section(&html, "calls");
    assert_eq!(calls.matches("<tr>").count(), archive.decks.len() + 1);
    for d in &archive.decks {
        let s = &d.summary;
        assert!(
            calls.contains(&escaped(s.title.as_deref().unwrap_or(&s.path))),
            "{}",
            s.path
        );
        if let Some(date) = &s.date {
            assert!(calls.contains(&format!(">{date}</time>")), "{}", s.path);
        }
        let href = format!("href=\"{}\"", s.outputs.html.as_deref().unwrap());
        assert!(calls.contains(&href), "{href}");
    }

    // Exactly the statuses of the decks: each deck's are on the board, and
    // the board has no other.
    let board = section(&html, "tenders");
    let mut expected: Vec<String> = Vec::new();
    for d in &archive.decks {
        for t in &d.tenders {
            let status = escaped(&t.status);
            assert!(
                board.contains(&status),
                "{}: {:?}",
                d.summary.path,
                t.status
            );
            expected.push(status);
        }
    }
    let mut shown: Vec<String> = board
        .split("class=\"status-text\" href=\"")
        .skip(1)
        .map(|s| element(s, "\">", "</a>").to_owned())
        .collect();
    expected.sort();
    shown.sort();
    assert_eq!(shown, expected);
    assert!(!expected.is_empty());

    common::assert_events_listed(&html, &archive);
    assert!(archive.events.len() >= 20, "{}", archive.events.len());

    let json = element(
        &html,
        "<script type=\"application/json\" id=\"search-index\">",
        "</script>",
    );
    let index: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let slides: usize = archive.decks.iter().map(|d| d.summary.counts.slides).sum();
    assert_eq!(index.len(), slides);
    eprintln!(
        "corpus index: {} calls, {} slides, {} events, {} tenders, {} KiB",
        archive.decks.len(),
        slides,
        archive.events.len(),
        archive.tenders.len(),
        html.len() / 1024
    );
}
