//! Shared by the site tests: archives of the fixture decks, of a hostile
//! synthetic deck and of the corpus, built as `decktype build` builds them.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use decktype_archive::{Archive, ArchiveDeck, Counts, Outputs, SlideText, slide_texts};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Slide texts by deck path, as `index_html` takes them.
pub type Texts = BTreeMap<String, Vec<SlideText>>;

/// The deck in `text`, parsed and enriched as `decktype` does it, as an
/// archive entry at `name` with all three outputs, and its slide texts.
pub fn entry_from_text(text: &str, name: &str) -> (ArchiveDeck, Vec<SlideText>) {
    let mut parsed = decktype_parse::parse(text, &decktype_parse::Options::default());
    let file_name = name.rsplit('/').next().unwrap_or(name);
    decktype_semantics::enrich(
        &mut parsed.deck,
        &decktype_semantics::Options::new(Some(file_name), None),
    );
    let entry = ArchiveDeck::new(
        name,
        &"0".repeat(64),
        &parsed.deck,
        Outputs {
            json: Some(format!("{name}.json")),
            html: Some(format!("{name}.html")),
            pdf: Some(format!("{name}.pdf")),
        },
        Counts::default(),
    );
    (entry, slide_texts(&parsed.deck))
}

/// The archive of `files` (deck paths), each named by its file name.
pub fn archive_of(files: &[PathBuf]) -> (Archive, Texts) {
    let mut decks = Vec::new();
    let mut texts = Texts::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (entry, t) = entry_from_text(&text, &name);
        texts.insert(name, t);
        decks.push(entry);
    }
    (Archive::new(decks), texts)
}

/// Every fixture deck (`fixtures/*.md` with `type: slide`).
pub fn fixture_decks() -> Vec<PathBuf> {
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            std::fs::read_to_string(p)
                .is_ok_and(|t| t.lines().take(40).any(|l| l.trim() == "type: slide"))
        })
        .collect();
    decks.sort();
    decks
}

/// The archive of the fixture decks.
pub fn fixture_archive() -> (Archive, Texts) {
    archive_of(&fixture_decks())
}

/// A deck whose every text tries to break out of the page.
pub const HOSTILE_NAME: &str = "hostile-2099-01-07.md";
/// Its source.
pub const HOSTILE: &str = r#"---
title: "Evil </script><script>alert(1)</script> call"
type: slide
---

# Community Call 2099-01-07

---

# Team IaaS - <img src=x onerror=alert(2)>

* `</script><script>alert(3)</script>` in code
* quux <b onmouseover=alert(4)>bold</b> zzyzx-needle

---

# SCS Tenders

* VP99 (</script><script>alert(5)</script>): awarded <svg onload=alert(6)>

---

# Events

* February 3 Future Summit in Atlantis (javascript:alert(7)) https://future.example/summit
"#;

/// URLs an event must never link: added to the hostile deck's first event.
pub const BAD_URLS: [&str; 3] = [
    "javascript:alert(8)",
    "data:text/html,<script>alert(9)</script>",
    " JAVASCRIPT:alert(10)",
];

/// The hostile deck's archive entry (with [`BAD_URLS`] added to its first
/// event), and its texts.
pub fn hostile() -> (ArchiveDeck, Vec<SlideText>) {
    let (mut entry, texts) = entry_from_text(HOSTILE, HOSTILE_NAME);
    let event = entry
        .events
        .first_mut()
        .expect("the hostile deck has an event");
    event.urls.extend(BAD_URLS.iter().map(|u| (*u).to_owned()));
    (entry, texts)
}

/// The fixture archive plus the hostile deck.
pub fn fixture_and_hostile_archive() -> (Archive, Texts) {
    let mut decks = Vec::new();
    let mut texts = Texts::new();
    for f in fixture_decks() {
        let text = std::fs::read_to_string(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (entry, t) = entry_from_text(&text, &name);
        texts.insert(name, t);
        decks.push(entry);
    }
    let (entry, t) = hostile();
    texts.insert(HOSTILE_NAME.to_owned(), t);
    decks.push(entry);
    (Archive::new(decks), texts)
}

/// `../shared/corpus/scs-community-call` (or `$DECKTYPE_CORPUS/...`), or
/// `None` after printing why the test skips.
pub fn corpus_decks(test: &str) -> Option<Vec<PathBuf>> {
    let _ = test;
    let dir = decktype_test_support::corpus()?.join("scs-community-call");
    let mut decks: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    decks.sort();
    Some(decks)
}

/// Text as maud escapes it in element content and attribute values.
pub fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `<section id="{id}">` element of `page` (sections do not nest).
pub fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section #{id}"));
    let rest = &page[start..];
    let end = rest.find("</section>").expect("the section closes");
    &rest[..end + "</section>".len()]
}

/// The content of the element that starts with `open` (up to `close`).
pub fn element<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
    let start = page
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in the page"))
        + open.len();
    let len = page[start..].find(close).expect("the element closes");
    &page[start..start + len]
}

/// The events section lists every archive event once (events with the same
/// name as often as the archive has them); returns the section.
pub fn assert_events_listed<'a>(page: &'a str, archive: &Archive) -> &'a str {
    let events = section(page, "events");
    assert_eq!(
        events.matches("<li class=\"event\"").count(),
        archive.events.len()
    );
    for e in &archive.events {
        let name = format!("<span class=\"event-name\">{}</span>", escaped(&e.name));
        let same = archive.events.iter().filter(|o| o.name == e.name).count();
        assert_eq!(events.matches(&name).count(), same, "{}", e.name);
    }
    events
}
