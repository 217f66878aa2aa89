//! `events.ics` of real decks, read back with a real iCalendar parser (the
//! `icalendar` crate): the fixtures' slide decks, and the corpus of
//! community calls when `../shared/corpus` (or `$DECKTYPE_CORPUS`) is there.
//!
//! Every event of the archive is one `VEVENT` whose UID, SUMMARY, DTSTART,
//! DTEND and LOCATION read back as the archive's values; UIDs are unique;
//! every physical line ends with CRLF and has at most 75 octets.

#[path = "../../parse/tests/common/mod.rs"]
mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use decktype_archive::{Archive, ArchiveDeck, CalendarEvent, Counts, Outputs};
use icalendar::{Component, DatePerhapsTime, EventLike};
use sha2::{Digest, Sha256};

/// The archive of the slide decks (front matter `type: slide`) among
/// `files`, with paths relative to their folder.
fn archive_of(files: &[PathBuf]) -> Archive {
    let mut decks = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        let mut parsed = decktype_parse::parse(&text, &decktype_parse::Options::default());
        if parsed.deck.meta.doc_type.as_deref() != Some("slide") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let options = decktype_semantics::Options::new(Some(&name), None);
        decktype_semantics::enrich(&mut parsed.deck, &options);
        let sha: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        decks.push(ArchiveDeck::new(
            &name,
            &sha,
            &parsed.deck,
            Outputs::default(),
            Counts::default(),
        ));
    }
    Archive::new(decks)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Checks the physical lines of `ics` and reads it back: one VEVENT per
/// archive event, in order, with the archive's values. Returns the parsed
/// calendar.
fn check(ics: &str, archive: &Archive, name: &str) -> icalendar::Calendar {
    // Physical lines: CRLF everywhere, at most 75 octets, no stray CR/LF.
    let body = ics.strip_suffix("\r\n").expect("the file ends with CRLF");
    for (i, line) in body.split("\r\n").enumerate() {
        assert!(
            line.len() <= 75,
            "line {} has {} octets: {line:?}",
            i + 1,
            line.len()
        );
        assert!(
            !line.contains(['\r', '\n']),
            "line {}: bare CR or LF",
            i + 1
        );
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\t'),
            "line {}: control character",
            i + 1
        );
    }

    // The parser's own tree: it must accept the whole file.
    let unfolded = icalendar::parser::unfold(ics);
    let raw = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar file");
    let prop = |key: &str| {
        raw.properties
            .iter()
            .find(|p| p.name == key)
            .map(|p| p.val.as_str().to_owned())
    };
    assert_eq!(prop("VERSION").as_deref(), Some("2.0"));
    assert_eq!(prop("CALSCALE").as_deref(), Some("GREGORIAN"));
    assert_eq!(prop("METHOD").as_deref(), Some("PUBLISH"));
    assert_eq!(prop("X-WR-CALNAME").as_deref(), Some(name));
    // icalendar 0.17 does not know RFC 7986's NAME as TEXT, so it keeps the
    // value escaped.
    let escaped = name
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n");
    assert_eq!(prop("NAME"), Some(escaped));
    assert_eq!(
        prop("PRODID"),
        Some(format!(
            "-//decktype//decktype {}//EN",
            env!("CARGO_PKG_VERSION")
        ))
    );
    assert!(raw.components.iter().all(|c| c.name == "VEVENT"));
    for c in &raw.components {
        for key in ["DTSTART", "DTEND"] {
            let p = c.find_prop(key).unwrap();
            let value = p.params.iter().find(|p| p.key == "VALUE").unwrap();
            assert_eq!(value.val.as_ref().map(|v| v.as_str()), Some("DATE"));
        }
    }

    // The typed calendar.
    let calendar = icalendar::Calendar::from_str(ics).expect("a valid iCalendar file");
    assert_eq!(calendar.property_value("X-WR-CALNAME"), Some(name));
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), archive.events.len(), "one VEVENT per event");
    let mut uids = BTreeSet::new();
    for (got, want) in events.iter().zip(&archive.events) {
        check_event(got, want);
        assert!(
            uids.insert(got.get_uid().unwrap().to_owned()),
            "duplicate UID"
        );
    }
    calendar
}

fn check_event(got: &icalendar::Event, want: &CalendarEvent) {
    let uid = &want.uid;
    assert_eq!(got.get_uid(), Some(uid.as_str()));
    assert_eq!(got.get_summary(), Some(want.name.trim()), "{uid}");
    assert_eq!(
        got.get_location(),
        want.location.as_deref().map(str::trim),
        "{uid}"
    );
    let start = date(&want.start);
    let last = want.end.as_deref().map_or(start, date);
    assert_eq!(got.get_start(), Some(DatePerhapsTime::Date(start)), "{uid}");
    assert_eq!(
        got.get_end(),
        Some(DatePerhapsTime::Date(last.succ_opt().unwrap())),
        "{uid}"
    );
    let newest_call = want
        .announced_in
        .iter()
        .filter_map(|m| m.date.as_deref())
        .max()
        .map_or(start, date);
    let stamp = got.get_timestamp().unwrap();
    assert_eq!(stamp.date_naive(), newest_call, "{uid}");
    assert_eq!(got.get_last_modified(), Some(stamp), "{uid}");
    let description = got.get_description().unwrap();
    assert!(
        description.starts_with(want.text.trim()),
        "{uid}: {description}"
    );
    for url in &want.urls {
        assert!(
            description.contains(url.as_str()),
            "{uid}: {url} not in {description}"
        );
    }
    for m in &want.announced_in {
        assert!(
            description.contains(&m.deck),
            "{uid}: {} not in {description}",
            m.deck
        );
    }
    let first_web = want
        .urls
        .iter()
        .find(|u| u.starts_with("http://") || u.starts_with("https://"));
    if let Some(url) = first_web.filter(|u| u.is_ascii() && !u.contains(char::is_whitespace)) {
        assert_eq!(got.get_url(), Some(url.as_str()), "{uid}");
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn fixture_decks() {
    let files = common::markdown_files(&workspace().join("fixtures"));
    let archive = archive_of(&files);
    assert!(archive.decks.len() >= 10, "{}", archive.decks.len());
    // The two seed calls announce events; each is one VEVENT.
    let announcements: usize = archive.decks.iter().map(|d| d.events.len()).sum();
    assert!(archive.events.len() >= 2, "{:#?}", archive.events);
    assert!(archive.events.len() <= announcements);
    let ics = decktype_export_ics::calendar(&archive, "SCS Community Calls (fixtures)");
    check(&ics, &archive, "SCS Community Calls (fixtures)");
    assert_eq!(
        ics,
        decktype_export_ics::calendar(&archive, "SCS Community Calls (fixtures)")
    );
    // An archive without events is still a calendar.
    let mut empty = archive.clone();
    empty.events.clear();
    let ics = decktype_export_ics::calendar(&empty, "none");
    let calendar = check(&ics, &empty, "none");
    assert!(calendar.components.is_empty());
}

#[test]
fn corpus_decks() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut files = common::markdown_files(&corpus.join("scs-community-call"));
    files.push(corpus.join("seed-community-call-2023-08.md"));
    files.push(corpus.join("seed-community-call-2024-04-18.md"));
    let archive = archive_of(&files);
    assert!(archive.decks.len() >= 42, "{}", archive.decks.len());
    let announcements: usize = archive.decks.iter().map(|d| d.events.len()).sum();
    assert!(announcements > archive.events.len(), "calls repeat events");
    assert!(archive.events.len() > 50, "{}", archive.events.len());

    let ics = decktype_export_ics::calendar(&archive, "SCS Community Calls");
    eprintln!(
        "{} decks, {announcements} announcements, {} events",
        archive.decks.len(),
        archive.events.len()
    );
    if let Some(out) = std::env::var_os("DECKTYPE_ICS_OUT") {
        std::fs::write(out, &ics).unwrap();
    }
    let calendar = check(&ics, &archive, "SCS Community Calls");
    assert_eq!(
        ics.matches("\r\nBEGIN:VEVENT\r\n").count(),
        archive.events.len()
    );

    // EclipseCon, announced in several calls, is one event.
    let eclipsecon: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .filter(|e| e.get_summary().is_some_and(|s| s.contains("EclipseCon")))
        .filter(|e| e.get_start() == Some(DatePerhapsTime::Date(date("2023-10-16"))))
        .collect();
    assert_eq!(eclipsecon.len(), 1, "{eclipsecon:#?}");
    let announced = archive
        .decks
        .iter()
        .filter(|d| {
            d.events
                .iter()
                .any(|e| e.start == "2023-10-16" && e.name.contains("EclipseCon"))
        })
        .count();
    assert!(
        announced > 1,
        "EclipseCon is announced in {announced} calls"
    );
    let description = eclipsecon[0].get_description().unwrap();
    assert!(
        description.contains("Announced in the calls of"),
        "{description}"
    );
    assert!(ics.contains(&format!(
        "DTSTART;VALUE=DATE:{}",
        ics_date(date("2023-10-16"))
    )));
}

#[test]
fn escaped_text_reads_back() {
    let mut archive = archive_of(&[workspace().join("fixtures/seed-community-call-2024-04-18.md")]);
    assert!(!archive.events.is_empty());
    let template = archive.events[0].clone();
    let long = "Sovereign Cloud Stack – Köln; Düsseldorf, Zürich \\ 🎉 ".repeat(6);
    archive.events = vec![
        CalendarEvent {
            uid: "2024-12-31-a@decktype".to_owned(),
            name: "Hackathon; day one, day two \\ more".to_owned(),
            start: "2024-12-31".to_owned(),
            end: None,
            location: Some("Köln, Germany; Room \"A\"".to_owned()),
            text: "line one\nline two, with; all \\n of it".to_owned(),
            ..template.clone()
        },
        CalendarEvent {
            uid: "2024-02-28-b@decktype".to_owned(),
            name: long.clone(),
            start: "2024-02-28".to_owned(),
            end: Some("2024-02-29".to_owned()),
            location: Some(long),
            urls: vec!["https://example.org/a,b;c".to_owned()],
            ..template
        },
    ];
    let ics = decktype_export_ics::calendar(&archive, "Grüße, \"calls\"; all");
    check(&ics, &archive, "Grüße, \"calls\"; all");
    assert!(ics.contains("DTEND;VALUE=DATE:20250101\r\n"));
    assert!(ics.contains("DTEND;VALUE=DATE:20240301\r\n"));
}
