//! `events.ics`: the events announced in a folder of calls as one iCalendar
//! file ([RFC 5545]), for calendar programs to import or subscribe to.
//!
//! [`calendar`] takes an [`Archive`] and nothing else: its
//! [`Archive::events`] are already deduplicated across calls, and each
//! becomes one all-day `VEVENT`, in archive order.
//!
//! # The calendar
//!
//! | property | value |
//! | --- | --- |
//! | `VERSION` | `2.0`, the iCalendar version |
//! | `PRODID` | `-//decktype//decktype <version>//EN`: the program that wrote the file |
//! | `CALSCALE` | `GREGORIAN` |
//! | `METHOD` | `PUBLISH`: a published calendar, no invitations |
//! | `NAME`, `X-WR-CALNAME` | the display name given to [`calendar`] ([RFC 7986]'s property and the older one most programs read); left out when the name is blank |
//!
//! # Each event
//!
//! | property | value |
//! | --- | --- |
//! | `UID` | [`CalendarEvent::uid`]: stable while later calls add details, so a subscribed calendar updates the event instead of adding a copy |
//! | `DTSTAMP` | the date of the newest call that announced the event, at `T000000Z`; the start date when no call has a date |
//! | `LAST-MODIFIED` | the same as `DTSTAMP`: the last call that said something about the event |
//! | `DTSTART;VALUE=DATE` | the first day (`YYYYMMDD`) |
//! | `DTEND;VALUE=DATE` | the day *after* the last day: iCalendar's end of an all-day event is exclusive, the archive's [`CalendarEvent::end`] is inclusive. For a one-day event, the day after the start |
//! | `SUMMARY` | the name |
//! | `LOCATION` | the place, when an announcement says (the city as written, or `online`) |
//! | `DESCRIPTION` | the announcement's text, then every URL on a line of its own, then which calls announced it: `Announced in the calls of 2023-08-31 (20230831-slides.md), 2023-09-14 (20230914.md).` |
//! | `URL` | the first `http`/`https` URL of the event that has no whitespace or control character (characters outside ASCII percent-encoded); left out when there is none |
//! | `TRANSP` | `TRANSPARENT`: an announced event does not make the subscriber busy |
//!
//! # Choices
//!
//! * **Deterministic.** The same archive gives the same bytes: nothing reads
//!   the clock (hence `DTSTAMP` from the calls' dates), and events keep the
//!   archive's order.
//! * **Always a valid file.** No input makes [`calendar`] panic or write an
//!   invalid file. An event is *skipped* when its start or end is not a valid
//!   `YYYY-MM-DD` date (years 0000 to 9999), when it ends before it starts,
//!   when its day after the end would be past 9999-12-31, when its UID is
//!   blank, or when an earlier event has the same UID. An archive without
//!   events gives a calendar without `VEVENT`.
//! * **Text.** TEXT values (`SUMMARY`, `LOCATION`, `DESCRIPTION`, `UID`,
//!   the calendar name) are escaped: `\` as `\\`, `;` as `\;`, `,` as `\,`
//!   and a line break (`CRLF`, `LF` or `CR`) as `\n`. Other control
//!   characters are dropped, except the tab, which TEXT allows.
//! * **Lines.** Every line ends with `CRLF`. Content lines longer than 75
//!   octets are folded: the rest goes on continuation lines that start with
//!   one space, each at most 75 octets with that space, and no UTF-8
//!   character is split across lines.
//!
//! [RFC 5545]: https://datatracker.ietf.org/doc/html/rfc5545
//! [RFC 7986]: https://datatracker.ietf.org/doc/html/rfc7986

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use decktype_archive::{Archive, CalendarEvent};

/// The most octets of one physical line, `CRLF` excluded (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The `PRODID` of every file.
const PRODID: &str = concat!("-//decktype//decktype ", env!("CARGO_PKG_VERSION"), "//EN");

/// The whole `events.ics` of `archive`: a `VCALENDAR` named `name` with one
/// `VEVENT` per event (see the crate docs for the properties and for which
/// events are skipped).
pub fn calendar(archive: &Archive, name: &str) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, &format!("PRODID:{PRODID}"));
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    let name = text(name.trim());
    if !name.is_empty() {
        push_line(&mut out, &format!("NAME:{name}"));
        push_line(&mut out, &format!("X-WR-CALNAME:{name}"));
    }
    let mut uids = BTreeSet::new();
    for event in &archive.events {
        let Some(lines) = vevent(event) else { continue };
        if !uids.insert(lines.uid.clone()) {
            continue;
        }
        for line in &lines.lines {
            push_line(&mut out, line);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// One event's content lines (unfolded, without line ends) and its escaped
/// UID.
struct Vevent {
    uid: String,
    lines: Vec<String>,
}

/// The `VEVENT` of `event`, or `None` when it is skipped.
fn vevent(event: &CalendarEvent) -> Option<Vevent> {
    let uid = text(event.uid.trim());
    if uid.is_empty() {
        return None;
    }
    let start = parse_date(&event.start)?;
    let end = match &event.end {
        Some(end) => Some(parse_date(end)?),
        None => None,
    };
    let dtend = exclusive_end(start, end)?;
    let stamp = event
        .announced_in
        .iter()
        .filter_map(|m| m.date.as_deref().and_then(parse_date))
        .max()
        .unwrap_or(start);
    let stamp = format!("{}T000000Z", ics_date(stamp));

    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{stamp}"),
        format!("LAST-MODIFIED:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", ics_date(start)),
        format!("DTEND;VALUE=DATE:{}", ics_date(dtend)),
        format!("SUMMARY:{}", text(event.name.trim())),
    ];
    let location = text(event.location.as_deref().unwrap_or_default().trim());
    if !location.is_empty() {
        lines.push(format!("LOCATION:{location}"));
    }
    let description = text(&description(event));
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{description}"));
    }
    if let Some(url) = event.urls.iter().find_map(|u| uri(u)) {
        lines.push(format!("URL:{url}"));
    }
    lines.push("TRANSP:TRANSPARENT".to_owned());
    lines.push("END:VEVENT".to_owned());
    Some(Vevent { uid, lines })
}

/// The description, unescaped: the announcement's text, the URLs one a
/// line, and the calls that announced the event, separated by blank lines.
fn description(event: &CalendarEvent) -> String {
    let mut parts: Vec<String> = Vec::new();
    let announcement = event.text.trim();
    if !announcement.is_empty() {
        parts.push(announcement.to_owned());
    }
    let urls: Vec<&str> = event
        .urls
        .iter()
        .map(|u| u.trim())
        .filter(|u| !u.is_empty())
        .collect();
    if !urls.is_empty() {
        parts.push(urls.join("\n"));
    }
    let mut calls: Vec<String> = Vec::new();
    let mut decks = BTreeSet::new();
    for mention in &event.announced_in {
        if !decks.insert(mention.deck.as_str()) {
            continue;
        }
        calls.push(match &mention.date {
            Some(date) => format!("{date} ({})", mention.deck),
            None => mention.deck.clone(),
        });
    }
    match calls.len() {
        0 => {}
        1 => parts.push(format!("Announced in the call of {}.", calls[0])),
        _ => parts.push(format!("Announced in the calls of {}.", calls.join(", "))),
    }
    parts.join("\n\n")
}

/// A strict `YYYY-MM-DD` date (four-digit year).
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    let year = s[0..4].parse().ok()?;
    let month = s[5..7].parse().ok()?;
    let day = s[8..10].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The exclusive `DTEND` of an all-day event from `start` to the inclusive
/// `end` (`None`: one day). `None` when the end is before the start or the
/// day after it has no four-digit year.
fn exclusive_end(start: NaiveDate, end: Option<NaiveDate>) -> Option<NaiveDate> {
    let last = end.unwrap_or(start);
    if last < start {
        return None;
    }
    last.succ_opt().filter(|d| (0..=9999).contains(&d.year()))
}

/// `YYYYMMDD`.
fn ics_date(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// An escaped TEXT value (RFC 5545 §3.3.11): line breaks as `\n`, `\`, `;`
/// and `,` escaped, other control characters but the tab dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `url` as a `URL` value: an `http` or `https` URL without whitespace or
/// control characters, characters outside ASCII percent-encoded. `None`
/// for anything else.
fn uri(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let host_follows = url
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty());
    if !web || !host_follows || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// Appends the content line `line` (no line break in it), folded, and
/// `CRLF`.
fn push_line(out: &mut String, line: &str) {
    out.push_str(&fold(line));
    out.push_str("\r\n");
}

/// `line` folded into physical lines of at most 75 octets, joined by `CRLF`
/// and a space (no final line end). Splits only between characters.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3);
    // Octets on the current physical line, the continuation's space included.
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > MAX_LINE {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_archive::Mention;
    use proptest::prelude::*;

    /// Reverses [`fold`].
    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    /// Reverses [`text`] for values without dropped characters.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => panic!("trailing backslash in {s:?}"),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn assert_physical_lines(folded: &str) {
        for line in folded.split("\r\n") {
            assert!(line.len() <= MAX_LINE, "{} octets: {line:?}", line.len());
            assert!(!line.contains(['\r', '\n']), "{line:?}");
        }
    }

    fn event(uid: &str, start: &str, end: Option<&str>) -> CalendarEvent {
        CalendarEvent {
            uid: uid.to_owned(),
            name: "Event".to_owned(),
            start: start.to_owned(),
            end: end.map(str::to_owned),
            location: None,
            urls: Vec::new(),
            text: String::new(),
            announced_in: Vec::new(),
        }
    }

    fn archive_with(events: Vec<CalendarEvent>) -> Archive {
        let mut archive = Archive::new(Vec::new());
        archive.events = events;
        archive
    }

    fn mention(deck: &str, date: Option<&str>) -> Mention {
        Mention {
            deck: deck.to_owned(),
            date: date.map(str::to_owned),
            slide: 0,
            span: Default::default(),
        }
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold(""), "");
        let exactly = "x".repeat(75);
        assert_eq!(fold(&exactly), exactly);
    }

    #[test]
    fn long_lines_fold_at_75_octets() {
        let line = format!("SUMMARY:{}", "a".repeat(200));
        let folded = fold(&line);
        let physical: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(physical[0].len(), 75);
        assert_eq!(physical[1].len(), 75);
        assert!(physical[1].starts_with(' '));
        assert!(physical.iter().skip(1).all(|l| l.starts_with(' ')));
        assert_physical_lines(&folded);
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn folding_never_splits_a_character() {
        // Three-octet characters after an 8-octet prefix: 75 is not reached
        // at a character boundary, so the first line stops at 74 octets.
        let line = format!("SUMMARY:{}", "€".repeat(60));
        let folded = fold(&line);
        let physical: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(physical[0].len(), 8 + 22 * 3);
        assert!(physical.len() > 2);
        assert_physical_lines(&folded);
        assert_eq!(unfold(&folded), line);
        // Mixed widths: emoji (4 octets), umlauts (2), ASCII.
        let line = format!("DESCRIPTION:{}", "Grüße 🎉 aus Köln, ".repeat(20));
        let folded = fold(&line);
        assert_physical_lines(&folded);
        assert_eq!(unfold(&folded), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(text("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(
            text("bell\u{7}null\u{0}del\u{7f}c1\u{85}."),
            "bellnulldelc1."
        );
        assert_eq!(text("tab\tkept: colon"), "tab\tkept: colon");
        assert_eq!(text("Köln 🎉"), "Köln 🎉");
        assert_eq!(text(r"\n"), r"\\n");
        assert_eq!(unescape(&text("a;b,c\\d\ne")), "a;b,c\\d\ne");
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date("2023-10-16"),
            NaiveDate::from_ymd_opt(2023, 10, 16)
        );
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-1-01",
            "20231016",
            "+2023-10-16",
            "2023-10-16T00",
            "2023–10–16",
            "",
            "abcd-ef-gh",
            "2023-00-10",
            "2023-10-32",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn dtend_is_the_day_after_the_last_day() {
        fn d(s: &str) -> NaiveDate {
            parse_date(s).unwrap()
        }
        let end = |start, last: Option<&str>| exclusive_end(d(start), last.map(d)).map(ics_date);
        assert_eq!(end("2023-10-16", None).as_deref(), Some("20231017"));
        assert_eq!(
            end("2023-10-16", Some("2023-10-19")).as_deref(),
            Some("20231020")
        );
        assert_eq!(
            end("2023-10-16", Some("2023-10-16")).as_deref(),
            Some("20231017")
        );
        // Month, leap day and year ends.
        assert_eq!(end("2023-09-30", None).as_deref(), Some("20231001"));
        assert_eq!(
            end("2023-02-27", Some("2023-02-28")).as_deref(),
            Some("20230301")
        );
        assert_eq!(end("2024-02-28", None).as_deref(), Some("20240229"));
        assert_eq!(end("2024-02-29", None).as_deref(), Some("20240301"));
        assert_eq!(
            end("2023-12-30", Some("2023-12-31")).as_deref(),
            Some("20240101")
        );
        assert_eq!(end("2024-12-31", None).as_deref(), Some("20250101"));
        // Impossible: before the start, or past year 9999.
        assert_eq!(end("2023-10-16", Some("2023-10-15")), None);
        assert_eq!(end("9999-12-31", None), None);
        assert_eq!(ics_date(d("0001-01-02")), "00010102");
    }

    #[test]
    fn empty_archive_is_a_calendar_without_events() {
        let ics = calendar(&Archive::new(Vec::new()), "SCS community calls");
        let expected = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//decktype//decktype {}//EN\r\n\
             CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nNAME:SCS community calls\r\n\
             X-WR-CALNAME:SCS community calls\r\nEND:VCALENDAR\r\n",
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(ics, expected);
        let unnamed = calendar(&Archive::new(Vec::new()), " ");
        assert!(!unnamed.contains("CALNAME"));
        assert!(unnamed.ends_with("METHOD:PUBLISH\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn one_event_in_full() {
        let mut e = event(
            "2023-10-16-0011223344556677@decktype",
            "2023-10-16",
            Some("2023-10-19"),
        );
        e.name = "EclipseCon; Open Source, Europe".to_owned();
        e.location = Some("Ludwigsburg".to_owned());
        e.urls = vec![
            "mailto:x@example.org".to_owned(),
            "https://eclipsecon.org/2023".to_owned(),
        ];
        e.text = "EclipseCon 2023-10-16..19, Ludwigsburg".to_owned();
        e.announced_in = vec![
            mention("20230914.md", Some("2023-09-14")),
            mention("20231005.md", Some("2023-10-05")),
            mention("undated.md", None),
        ];
        let ics = calendar(&archive_with(vec![e]), "Calls");
        let body = unfold(&ics);
        let lines: Vec<&str> = body.split("\r\n").collect();
        let at = lines.iter().position(|l| *l == "BEGIN:VEVENT").unwrap();
        assert_eq!(
            &lines[at..],
            [
                "BEGIN:VEVENT",
                "UID:2023-10-16-0011223344556677@decktype",
                "DTSTAMP:20231005T000000Z",
                "LAST-MODIFIED:20231005T000000Z",
                "DTSTART;VALUE=DATE:20231016",
                "DTEND;VALUE=DATE:20231020",
                r"SUMMARY:EclipseCon\; Open Source\, Europe",
                "LOCATION:Ludwigsburg",
                r"DESCRIPTION:EclipseCon 2023-10-16..19\, Ludwigsburg\n\nmailto:x@example.org\nhttps://eclipsecon.org/2023\n\nAnnounced in the calls of 2023-09-14 (20230914.md)\, 2023-10-05 (20231005.md)\, undated.md.",
                "URL:https://eclipsecon.org/2023",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
                "END:VCALENDAR",
                "",
            ]
        );
        assert_physical_lines(ics.strip_suffix("\r\n").unwrap());
    }

    #[test]
    fn stamp_falls_back_to_the_start_and_one_call_is_singular() {
        let mut e = event("u@decktype", "2024-02-29", None);
        e.announced_in = vec![
            mention("deck.md", None),
            mention("deck.md", Some("not a date")),
        ];
        let ics = unfold(&calendar(&archive_with(vec![e]), "x"));
        assert!(ics.contains("\r\nDTSTAMP:20240229T000000Z\r\n"), "{ics}");
        assert!(ics.contains("\r\nDTEND;VALUE=DATE:20240301\r\n"), "{ics}");
        assert!(ics.contains("Announced in the call of deck.md."), "{ics}");
        assert!(!ics.contains("LOCATION"));
        assert!(!ics.contains("URL:"));
    }

    #[test]
    fn broken_events_are_skipped() {
        let good = event("good@decktype", "2023-10-16", None);
        let events = vec![
            event("a@decktype", "2023-02-30", None),
            event("b@decktype", "soon", None),
            event("c@decktype", "2023-10-16", Some("someday")),
            event("d@decktype", "2023-10-16", Some("2023-10-01")),
            event("e@decktype", "9999-12-31", None),
            event(" \u{1}", "2023-10-16", None),
            good.clone(),
            CalendarEvent {
                name: "copy".to_owned(),
                ..good
            },
        ];
        let ics = calendar(&archive_with(events), "x");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
        assert!(ics.contains("UID:good@decktype\r\n"));
        assert!(ics.contains("SUMMARY:Event\r\n"));
        assert_eq!(ics.matches("END:VEVENT").count(), 1);
    }

    #[test]
    fn urls() {
        assert_eq!(
            uri("https://scs.community/"),
            Some("https://scs.community/".to_owned())
        );
        assert_eq!(
            uri("HTTP://x.org/a,b;c"),
            Some("HTTP://x.org/a,b;c".to_owned())
        );
        assert_eq!(uri(" https://x.org/ "), Some("https://x.org/".to_owned()));
        assert_eq!(
            uri("https://de.wikipedia.org/wiki/Köln"),
            Some("https://de.wikipedia.org/wiki/K%C3%B6ln".to_owned())
        );
        assert_eq!(uri("https://x.org/a b"), None);
        assert_eq!(uri("https://x.org/a\u{7}"), None);
        assert_eq!(uri("https://"), None);
        assert_eq!(uri("ftp://x.org"), None);
        assert_eq!(uri("mailto:a@b.c"), None);
        assert_eq!(uri("@handle"), None);
        assert_eq!(uri(""), None);
    }

    #[test]
    fn hostile_text_stays_on_its_lines() {
        let mut e = event("x@decktype\r\nBEGIN:VEVENT", "2023-10-16", None);
        e.name = "name\r\nEND:VCALENDAR".to_owned();
        e.location = Some("\u{0}".to_owned());
        e.text = "line\rbreak".to_owned();
        let ics = calendar(&archive_with(vec![e]), "cal\nname");
        let body = unfold(&ics);
        assert_eq!(body.matches("\r\nBEGIN:VEVENT\r\n").count(), 1, "{body}");
        assert_eq!(body.matches("\r\nEND:VCALENDAR").count(), 1, "{body}");
        assert!(body.contains("\r\nUID:x@decktype\\nBEGIN:VEVENT\r\n"));
        assert!(body.contains("\r\nX-WR-CALNAME:cal\\nname\r\n"));
        assert!(!body.contains("LOCATION"));
        assert!(!body.replace("\r\n", "").contains(['\r', '\n']));
    }

    #[test]
    fn output_is_deterministic() {
        let mut e = event("u@decktype", "2023-10-16", None);
        e.announced_in = vec![mention("a.md", Some("2023-10-05"))];
        let archive = archive_with(vec![e.clone(), event("v@decktype", "2023-11-01", None)]);
        assert_eq!(calendar(&archive, "n"), calendar(&archive, "n"));
    }

    proptest! {
        #[test]
        fn any_line_folds_and_unfolds(s in "\\PC{0,300}") {
            let line = format!("DESCRIPTION:{}", text(&s));
            let folded = fold(&line);
            assert_physical_lines(&folded);
            prop_assert_eq!(unfold(&folded), line);
        }

        #[test]
        fn escaping_round_trips(s in "[\\PC\n\t]{0,200}") {
            let escaped = text(&s);
            prop_assert!(!escaped.contains(['\r', '\n']));
            prop_assert_eq!(unescape(&escaped), s);
        }

        #[test]
        fn any_event_gives_a_valid_calendar(
            uid in "\\PC{0,40}",
            name in ".{0,100}",
            start in "[0-9]{4}-[0-9]{2}-[0-9]{2}|.{0,12}",
            end in proptest::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}|.{0,12}"),
            location in proptest::option::of(".{0,40}"),
            urls in proptest::collection::vec(".{0,60}", 0..3),
        ) {
            let e = CalendarEvent { uid, name, start, end, location, urls, ..event("", "", None) };
            let ics = calendar(&archive_with(vec![e]), "n");
            prop_assert!(ics.ends_with("END:VCALENDAR\r\n"));
            assert_physical_lines(ics.strip_suffix("\r\n").unwrap());
            let events = ics.matches("\r\nBEGIN:VEVENT\r\n").count();
            prop_assert!(events <= 1);
            prop_assert_eq!(events, ics.matches("\r\nEND:VEVENT\r\n").count());
        }
    }
}
