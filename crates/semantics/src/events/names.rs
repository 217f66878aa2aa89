//! Event names: tidying the ends of a segment, the profile's prefixes and an
//! announcement's lead-in, a venue after `at`, names that say nothing, and
//! segments shaped like a place or a person.

use std::sync::LazyLock;

use regex::Regex;

/// `NAME at Venue`.
static VENUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+at\s+\p{Lu}\S*$").expect("valid"));

/// Words trimmed from both ends of a name.
const STOP: &[&str] = &[
    "at", "the", "on", "of", "in", "from", "by", "and", "with", "to", "a", "an", "am", "um", "&",
];

/// Words that say nothing about which event it is.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "this",
    "next",
    "time",
    "first",
    "last",
    "great",
    "event",
    "events",
    "meetup",
    "meeting",
    "session",
    "date",
    "dates",
    "when",
    "where",
    "save",
    "it",
    "is",
    "was",
    "will",
    "be",
    "see",
    "you",
    "us",
    "we",
    "there",
    "on",
    "at",
    "in",
    "of",
    "successful",
    "upcoming",
    "join",
    "day",
    "und",
    "and",
    "via",
    "today",
    "tomorrow",
    "heute",
    "morgen",
    "as",
    "well",
    "planned",
    "planning",
];

/// Words that open an announcement rather than a name ("We host the ...").
const LEAD_IN_START: &[&str] = &["we", "i", "come", "join", "visit", "meet", "see", "attend"];
/// The words of such a lead-in.
const LEAD_IN: &[&str] = &[
    "we",
    "i",
    "you",
    "us",
    "our",
    "host",
    "hosts",
    "are",
    "will",
    "be",
    "at",
    "the",
    "to",
    "join",
    "visit",
    "meet",
    "see",
    "come",
    "attend",
    "attending",
    "organise",
    "organize",
];

/// Who-words before `at X`: "Anyone at CS3?" names the event X.
const WHO: &[&str] = &[
    "anyone", "anybody", "everyone", "who", "meet us", "see you", "join us", "find us", "visit us",
];

/// Whether `name` has only words that say nothing ("Save the date").
pub(super) fn is_generic(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        w.is_empty() || GENERIC.contains(&w.as_str())
    })
}

/// Trims bullets, emoji, quotes that do not close, separators and stop words
/// from both ends.
pub(super) fn tidy(s: &str) -> String {
    // Slices until the end: one allocation per call.
    let keep = |c: char| c.is_alphanumeric() || "\"'“„#()”&+".contains(c);
    let mut s = s.trim_matches(|c: char| !keep(c));
    loop {
        let before = s.len();
        for stop in STOP {
            if let Some(rest) = s.strip_suffix(stop)
                && rest.ends_with(' ')
            {
                s = rest.trim_end();
            }
            if let Some(rest) = s.strip_prefix(stop)
                && rest.starts_with(' ')
                && *stop != "a"
            {
                s = rest.trim_start();
            }
        }
        s = s.trim_matches(|c: char| !keep(c));
        if s.len() == before {
            break;
        }
    }
    if s.matches('(').count() != s.matches(')').count() {
        s.replace(['(', ')'], "")
    } else {
        s.to_owned()
    }
}

/// Whether a segment looks like a place or a person: one to three
/// capitalised words, no digits.
pub(super) fn is_name_shaped(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && s.len() <= 40
        && !s.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || ["am", "an", "der", "de", "la", "le", "upon", "on"].contains(w)
        })
}

/// Removes the profile's name `prefixes` (`SCS @`, `Save the date:`) and an
/// announcement's lead-in (`We host the`, `Join us at`) from the start.
pub(super) fn strip_prefixes(name: &str, prefixes: &[String]) -> String {
    let mut name = name.to_owned();
    for prefix in prefixes {
        if name.len() >= prefix.len()
            && name.is_char_boundary(prefix.len())
            && name[..prefix.len()].eq_ignore_ascii_case(prefix)
            && !name[prefix.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        {
            name = tidy(&name[prefix.len()..]);
        }
    }
    let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
    if LEAD_IN_START.contains(&first.as_str()) {
        let rest: Vec<&str> = name
            .split_whitespace()
            .skip_while(|w| LEAD_IN.contains(&w.to_lowercase().as_str()))
            .collect();
        if !rest.is_empty() {
            name = rest.join(" ");
        }
    }
    name
}

/// `4th SCS Hackathon at Gonicus`: the venue is not part of the name; but
/// in "Anyone at CS3" the event is what follows `at`.
pub(super) fn without_venue(name: String) -> String {
    let Some(c) = VENUE.captures(&name) else {
        return name;
    };
    let before = tidy(&c[1]);
    if WHO.contains(&before.to_lowercase().as_str()) {
        tidy(&name[c.get(1).expect("group").end()..].trim_start()[2..])
    } else {
        before
    }
}

/// The name of an event that says nothing (`generic`, as written), from the
/// name of the heading it stands under (`heading`), with the kind of event
/// when the heading lacks it: "Meetup at the 9th" under "Open Operations" is
/// "Open Operations Meetup". `event_words` are the profile's, lower-cased.
pub(super) fn under_heading(generic: &str, heading: String, event_words: &[String]) -> String {
    let kind = generic
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .rfind(|w| !w.starts_with("event") && event_words.contains(w));
    match kind {
        Some(kind) if !heading.to_lowercase().contains(&kind) => {
            let written = generic
                .split_whitespace()
                .find(|w| w.to_lowercase() == kind)
                .unwrap_or(&kind);
            let mut chars = written.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            format!(
                "{} {}{}",
                heading,
                first.unwrap_or_default(),
                chars.as_str()
            )
        }
        _ => heading,
    }
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    LazyLock::force(&VENUE);
}
