//! Events: dated lines on events-like slides, read into name, dates, place,
//! people and URLs.
//!
//! Which lines: a line with a date (see [`crate::dates`]) on a slide of an
//! events section or with an events title, or anywhere when the line, the
//! heading it stands under or its slide title has one of the profile's event
//! words; never a line that matches the profile's `exclude` patterns (release
//! dates, deadlines ...).
//!
//! How a line is read, for the two ways decks write events
//! (`NAME – CITY, DATE, who does what` and `DATE NAME in CITY (people) URL`):
//! the date, URLs, times, weekdays and parentheses come out first; the rest is
//! cut into segments at dashes, commas, colons and the date; the name is the
//! first run of segments that is not a place; the place is an `in X` phrase, a
//! known place, or a place-shaped segment right after the name. A name that
//! says nothing ("Save the date!", "Great event") is taken from the heading
//! the line stands under.

use std::rc::Rc;
use std::sync::LazyLock;

use chrono::NaiveDate;
use decktype_model::{Deck, Diagnostic, Event, SectionKind, Severity};
use regex::Regex;

use crate::codes;
use crate::dates::{DateProblem, find_dates};
use crate::lines::Line;
use crate::profile::Profile;
use crate::sections::Phrases;

/// Marks where the date (or a URL) was cut out of a line.
const CUT: char = '\u{1}';

/// The profile's event rules, prepared once.
#[derive(Debug)]
pub(crate) struct Rules {
    words: Phrases,
    /// The event words, lower-cased, for naming ("Meetup" under "Open Operations").
    word_list: Vec<String>,
    slide_words: Phrases,
    /// The profile's exclude patterns as one regex.
    exclude: Option<Regex>,
    prefixes: Vec<String>,
    online: Phrases,
    /// Lower-cased place → place as written in the profile.
    place_names: std::collections::HashMap<String, String>,
    /// Any known place, as whole words (group 1).
    place_in: Option<Regex>,
    /// `in` + a known place (group 1).
    in_place: Option<Regex>,
}

impl Rules {
    pub(crate) fn new(profile: &Profile) -> Self {
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
        let mut places: Vec<(String, String)> = profile
            .events
            .places
            .iter()
            .map(|p| (p.clone(), p.to_lowercase()))
            .collect();
        places.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let alternatives = places
            .iter()
            .map(|(p, _)| regex::escape(p))
            .collect::<Vec<_>>()
            .join("|");
        let edge = r"[^\p{Alphabetic}\p{N}]";
        let (place_in, in_place) = if places.is_empty() {
            (None, None)
        } else {
            (
                Regex::new(&format!(r"(?i)(?:^|{edge})(?:{alternatives})(?:$|{edge})")).ok(),
                Regex::new(&format!(
                    r"(?i)(?-u:\b)(?:in|im)\s+(?:{alternatives})(?:$|{edge})"
                ))
                .ok(),
            )
        };
        let place_names = places.iter().map(|(p, l)| (l.clone(), p.clone())).collect();
        Rules {
            words: Phrases::new(&profile.events.words),
            word_list: lower(&profile.events.words),
            slide_words: Phrases::new(&profile.sections.events),
            exclude: one_of(&profile.events.exclude),
            prefixes: profile.events.name_prefixes.clone(),
            online: Phrases::new(&profile.events.online),
            place_names,
            place_in,
            in_place,
        }
    }

    fn place(&self, text: &str) -> Option<&str> {
        self.place_names
            .get(&text.to_lowercase())
            .map(String::as_str)
    }

    /// The first known place in `text`, as a byte range and its name.
    fn place_in(&self, text: &str) -> Option<(std::ops::Range<usize>, &str)> {
        // `find` (no capture groups) keeps to the fast matcher; the match
        // includes the edge characters around the place, trimmed here.
        let m = self.place_in.as_ref()?.find(text)?;
        let (range, word) = trim_edges(text, m.range());
        Some((range, self.place(word)?))
    }

    /// A known place after `in` in `text`.
    fn in_place(&self, text: &str) -> Option<&str> {
        let m = self.in_place.as_ref()?.find(text)?;
        let (_, words) = trim_edges(text, m.range());
        let place = words.split_once(char::is_whitespace)?.1.trim_start();
        self.place(place)
    }

    fn is_online(&self, text: &str) -> bool {
        self.online.is_match(text)
    }
}

/// One case-insensitive regex matching any of `patterns` (each already
/// validated by the profile), or `None` for none.
fn one_of(patterns: &[String]) -> Option<Regex> {
    let valid: Vec<String> = patterns
        .iter()
        .filter(|p| Regex::new(p).is_ok())
        .map(|p| format!("(?:{p})"))
        .collect();
    if valid.is_empty() {
        return None;
    }
    Regex::new(&format!("(?i){}", valid.join("|"))).ok()
}

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>()]+").expect("valid"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid"));
static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(,])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?-u:\b)").expect("valid")
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)(?:at|um|from)\s+)?(?-u:\b)\d{1,2}(?::\d{2})?\s*(?:[-–]\s*\d{1,2}(?::\d{2})?\s*)?(?:CES?T|MES?Z|UTC|GMT|Uhr|h)(?-u:\b)|(?-u:\b)\d{1,2}:\d{2}(?-u:\b)",
    )
    .expect("valid")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:on\s+)?(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?(?-u:\b)\.?,?|(?-u:\b)(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(?-u:\b),?")
        .expect("valid")
});
/// A parenthesis, with one level of nesting.
static PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)").expect("valid"));
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\x01|\s+[-–—]{1,2}>?\s+|:(?:\s+|$)|,\s*|;\s*|[!?]+(?:\s+|$)|\s+\|\s+")
        .expect("valid")
});
/// `in X` at the end of a segment: X one capitalised word, maybe with `/Y`.
static IN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(?-u:\b)(?:in|im|near)\s+(\p{Lu}[\p{L}'.-]*(?:/\p{Lu}?[\p{L}'.-]+)?)((?:\s+\p{Lu}[\p{L}'.-]*){0,2})$")
        .expect("valid")
});
static VENUE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+at\s+\p{Lu}\S*$").expect("valid"));
/// A day given relative to the call.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:today|tomorrow|heute|morgen)(?-u:\b)").expect("valid")
});
/// Whether `text` has one of [`RELATIVE`]'s words, as an ASCII word (what
/// `(?-u:\b)` means): the same answer without a regex search per line. The
/// words are found with Aho-Corasick (which skips ahead with SIMD), then
/// checked for word edges.
fn has_relative_day(text: &str) -> bool {
    static WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["today", "tomorrow", "heute", "morgen"])
            .expect("valid")
    });
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    WORDS.find_overlapping_iter(text).any(|m| {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        !before.is_some_and(word) && !bytes.get(m.end()).is_some_and(|&b| word(b))
    })
}

/// Whether `text` has an ASCII digit (a branch-free fold, vectorised).
fn has_digit(text: &str) -> bool {
    text.bytes().fold(false, |any, b| any | b.is_ascii_digit())
}

/// `via https://...`: a video call.
static VIA_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)via\s+(?:https?://|www\.)").expect("valid"));
/// Quoted text, inside which separators do not cut.
/// Something shaped like a numeric date (`5/9/2023`, `2023.9.05`), for
/// lines where no date pattern matched.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}(?-u:\b)").expect("valid")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"]*"|“[^”]*”|„[^“”]*[“”]"#).expect("valid"));
static LOCATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:location|where|venue|ort)\s*:\s*(\p{Lu}[\p{L}'./-]*)").expect("valid")
});

const STOP: &[&str] = &[
    "at", "the", "on", "of", "in", "from", "by", "and", "with", "to", "a", "an", "am", "um", "&",
];

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

/// The range without non-alphanumeric characters at its ends, and its text.
fn trim_edges(text: &str, range: std::ops::Range<usize>) -> (std::ops::Range<usize>, &str) {
    let slice = &text[range.clone()];
    let start = range.start
        + (slice.len()
            - slice
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len());
    let end =
        range.end - (slice.len() - slice.trim_end_matches(|c: char| !c.is_alphanumeric()).len());
    let end = end.max(start);
    (start..end, &text[start..end])
}

/// Month names, which are not places (`in May`).
fn is_month(word: &str) -> bool {
    let w = word.to_lowercase();
    [
        "jan", "feb", "mar", "mär", "apr", "may", "mai", "jun", "jul", "aug", "sep", "oct", "okt",
        "nov", "dec", "dez",
    ]
    .iter()
    .any(|m| w.starts_with(m))
        && w.chars().count() <= 9
        && !w.contains('/')
}

fn is_generic(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        w.is_empty() || GENERIC.contains(&w.as_str())
    })
}

/// Trims bullets, emoji, quotes that do not close, separators and stop words
/// from both ends.
fn tidy(s: &str) -> String {
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
fn is_name_shaped(s: &str) -> bool {
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

/// Removes the profile's name prefixes (`SCS @`, `Save the date:`) and an
/// announcement's lead-in (`We host the`, `Join us at`) from the start.
fn strip_prefixes(name: &str, rules: &Rules) -> String {
    let mut name = name.to_owned();
    for prefix in &rules.prefixes {
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

/// `Arnsberg/Neheim` is Arnsberg (a district after a known city);
/// `Frankfurt/Main`, a known place as a whole, stays.
fn known_part(rules: &Rules, place: String) -> String {
    if let Some(known) = rules.place(&place) {
        return known.to_owned();
    }
    match place.split_once('/') {
        Some((city, _)) if rules.place(city).is_some() => city.to_owned(),
        _ => place,
    }
}

/// What a line says about its event, besides the date.
#[derive(Debug, Default)]
struct Reading {
    name: String,
    location: Option<String>,
    people: Vec<String>,
    urls: Vec<String>,
}

fn people_in(text: &str, rules: &Rules, out: &mut Vec<String>) {
    for part in text.split([',', '+', '/', '&', ';']) {
        for part in part.split(" and ") {
            let p = part
                .split(" with ")
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('@');
            let p = PARENS.replace_all(p, "");
            let p = p.trim();
            let handle = part.trim().starts_with('@');
            if handle && !p.is_empty() && !p.contains(char::is_whitespace) {
                out.push(format!("@{p}"));
            } else if is_name_shaped(p)
                && p.split_whitespace().count() <= 2
                && rules.place(p).is_none()
                && !rules.is_online(p)
                && !p.eq_ignore_ascii_case("tbd")
            {
                out.push(p.to_owned());
            }
        }
    }
}

/// Reads name, place, people and URLs from `text`, in which the date has
/// been replaced by [`CUT`].
fn read(text: &str, rules: &Rules) -> Reading {
    let mut r = Reading::default();
    let mut online = false;
    let s = if !(text.contains("://") || text.contains("www.")) {
        std::borrow::Cow::Borrowed(text)
    } else {
        URL.replace_all(text, |c: &regex::Captures<'_>| {
            let url = c[0].trim_end_matches(['.', ',', ';', ':', '!', '?', '*']);
            r.urls.push(url.to_owned());
            CUT.to_string()
        })
    };
    let s = if s.contains('@') {
        EMAIL.replace_all(&s, CUT.to_string())
    } else {
        s
    };
    let s = if s.bytes().any(|b| b.is_ascii_digit()) {
        TIME.replace_all(&s, " ")
    } else {
        s
    };
    let s = WEEKDAY.replace_all(&s, " ");
    let s = if !s.contains('(') {
        s
    } else {
        PARENS
            .replace_all(&s, |c: &regex::Captures<'_>| {
                let inner = &c[1];
                if inner.contains(CUT) {
                    // "Digital X OTC warming (Köln, 19.9.2023)": the date's own
                    // parenthesis is part of the line.
                    return format!(", {inner}");
                }
                if rules.is_online(inner) {
                    online = true;
                } else {
                    people_in(inner, rules, &mut r.people);
                }
                " ".to_owned()
            })
            .into_owned()
            .into()
    };
    let s = if s.contains('@') {
        HANDLE.replace_all(&s, |c: &regex::Captures<'_>| {
            r.people.push(format!("@{}", &c[1]));
            " "
        })
    } else {
        std::borrow::Cow::Borrowed(&*s)
    };
    // Segments with the separator before each.
    let mut segments: Vec<(String, String)> = Vec::new();
    let mut last = 0;
    let mut sep = String::new();
    let quoted: Vec<_> = QUOTED.find_iter(&s).map(|m| m.range()).collect();
    for m in SEPARATOR
        .find_iter(&s)
        .filter(|m| !quoted.iter().any(|q| q.contains(&m.start())))
    {
        segments.push((sep, s[last..m.start()].to_owned()));
        sep = m.as_str().to_owned();
        last = m.end();
    }
    segments.push((sep, s[last..].to_owned()));

    let mut name: Option<String> = None;
    let mut name_words = 0;
    let mut name_open = false;
    let mut after_name = false;
    // Each segment tidied once (the look-ahead below reads them again).
    let tidied: Vec<String> = segments.iter().map(|(_, seg)| tidy(seg)).collect();
    for (i, (sep, seg)) in segments.iter().enumerate() {
        let boundary = sep.contains(CUT);
        let raw = seg.trim_matches(|c: char| c.is_whitespace() || c == CUT || c == '*');
        let mut seg = tidied[i].clone();
        if name.is_none() {
            seg = strip_prefixes(&seg, rules);
        }
        let has_in = [" in ", " im ", " near ", "in ", "im "]
            .iter()
            .any(|w| raw.contains(w));
        if let Some(c) = has_in.then(|| IN_PLACE.captures(raw)).flatten()
            && !is_month(&c[2])
        {
            // "in New York" is one place when known; "in Bratislava Agenda" is Bratislava.
            let whole = format!("{}{}", &c[2], &c[3]);
            let place = if c[3].is_empty() || rules.place(&whole).is_some() {
                whole
            } else {
                c[2].to_owned()
            };
            r.location.get_or_insert_with(|| known_part(rules, place));
            seg = tidy(&c[1]);
            if seg.is_empty() {
                after_name = name.is_some();
                name_open = false;
                continue;
            }
        }
        if seg.is_empty() {
            if boundary || !sep.trim().is_empty() {
                name_open &= !boundary;
            }
            continue;
        }
        // "16th April 2024 in Arnsberg/Neheim, NRW, Germany": region and
        // country after a place that opens the line.
        if name.is_none() && r.location.is_some() && sep.starts_with(',') && is_name_shaped(&seg) {
            continue;
        }
        if let Some(place) = rules.place(&seg) {
            r.location.get_or_insert(place.to_owned());
            after_name = name.is_some();
            name_open = false;
            continue;
        }
        if rules.is_online(&seg) && seg.split_whitespace().count() <= 2 {
            online = true;
            name_open = false;
            continue;
        }
        // Whether only separators and then the date follow this segment
        // (`NAME – City, DATE`).
        let mut next_is_end_or_cut = false;
        for ((sep, _), next) in segments[i + 1..].iter().zip(&tidied[i + 1..]) {
            if sep.contains(CUT) {
                next_is_end_or_cut = true;
                break;
            }
            if !next.is_empty() {
                next_is_end_or_cut = false;
                break;
            }
        }
        match &mut name {
            None => {
                name_words = seg.split_whitespace().count();
                name = Some(seg);
                name_open = true;
            }
            Some(n) => {
                let words = seg.split_whitespace().count();
                let starts_upper = seg
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                let dash = sep.trim().starts_with(['-', '–', '—']);
                let colon = sep.starts_with(':');
                let continues = name_open
                    && !boundary
                    && !(!colon
                        && is_name_shaped(&seg)
                        && next_is_end_or_cut
                        && r.location.is_none())
                    && ((dash && starts_upper) || (colon && (name_words == 1 || words <= 2)));
                if !continues && is_generic(n) && !is_name_shaped(&seg) {
                    // "Save the next day as well! We host the Open Ifra Day ...":
                    // a name that says nothing gives way to the next.
                    name_words = words;
                    *n = strip_prefixes(&seg, rules);
                    name_open = true;
                    continue;
                }
                if continues {
                    n.push_str(sep.trim_end());
                    n.push(' ');
                    n.push_str(&seg);
                    name_words += words;
                } else {
                    name_open = false;
                    if is_name_shaped(&seg) {
                        if !after_name
                            && r.location.is_none()
                            && !boundary
                            && !colon
                            && next_is_end_or_cut
                        {
                            // `NAME – City, DATE` (a known city is found anywhere)
                            r.location = Some(seg);
                        } else if boundary || after_name || r.location.is_some() {
                            people_in(&seg, rules, &mut r.people);
                        }
                    }
                    after_name = true;
                }
            }
        }
    }
    let mut name = strip_prefixes(&name.unwrap_or_default(), rules);
    // `4th SCS Hackathon at Gonicus`: the venue is not part of the name.
    if let Some(c) = VENUE.captures(&name) {
        let before = tidy(&c[1]);
        name = if WHO.contains(&before.to_lowercase().as_str()) {
            tidy(&name[c.get(1).expect("group").end()..].trim_start()[2..])
        } else {
            before
        };
    }
    // A known place inside the name: `Hannover Messe`, `ALASCA Summit Dresden`.
    if r.location.is_none()
        && let Some((range, place)) = rules.place_in(&name)
    {
        r.location = Some(place.to_owned());
        if range.end == name.len() && range.start > 0 {
            name = tidy(&name[..range.start]);
        }
    }
    if r.location.is_none() && (online || rules.is_online(text) || VIA_URL.is_match(text)) {
        r.location = Some("online".to_owned());
    }
    r.name = name;
    r
}

/// The event of `line` with its date at `range`, or `None` when the line has
/// nothing to name it by.
fn event_of(
    line: &Line,
    range: std::ops::Range<usize>,
    dates: crate::dates::DateRange,
    slide: usize,
    slide_title: Option<&str>,
    rules: &Rules,
) -> Option<Event> {
    let text = &line.text;
    let cut = format!("{}{CUT}{}", &text[..range.start], &text[range.end..]);
    let mut r = read(&cut, rules);
    for url in &line.urls {
        if !r.urls.contains(url) {
            r.urls.push(url.clone());
        }
    }
    // A name that says nothing comes from the heading above.
    if is_generic(&r.name) {
        let word = r.name.clone();
        let heading = line
            .context
            .as_deref()
            .or(slide_title)
            .map(|h| {
                let mut h = h.to_owned();
                for d in find_dates(&h, None).iter().rev() {
                    h.replace_range(d.range.clone(), &CUT.to_string());
                }
                read(&h, rules)
            })
            .filter(|h| !h.name.is_empty());
        // No heading to name it by: the line's own words, as written.
        let Some(h) = heading else {
            if r.name.is_empty() {
                r.name = tidy(&cut.replace(CUT, " "));
            }
            return (!r.name.is_empty()).then(|| event(line, dates, slide, r));
        };
        // "Meetup at the 9th" under "Open Operations": "Open Operations Meetup".
        let kind = word
            .split_whitespace()
            .map(|w| w.to_lowercase())
            .rfind(|w| !w.starts_with("event") && rules.word_list.contains(w));
        r.name = match kind {
            Some(kind) if !h.name.to_lowercase().contains(&kind) => {
                let written = word
                    .split_whitespace()
                    .find(|w| w.to_lowercase() == kind)
                    .unwrap_or(&kind);
                let mut chars = written.chars();
                let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
                format!("{} {}{}", h.name, first.unwrap_or_default(), chars.as_str())
            }
            _ => h.name,
        };
        if r.location.is_none() {
            r.location = h.location;
        }
    }
    if r.name.is_empty() {
        return None;
    }
    // No place in the line: the lines that follow it may say.
    if r.location.is_none() {
        for rest in line.rest.lines() {
            if let Some(c) = LOCATION_LINE.captures(rest) {
                r.location = Some(c[1].to_owned());
                break;
            }
            if let Some(place) = rules.in_place(rest) {
                r.location = Some(place.to_owned());
                break;
            }
        }
    }
    Some(event(line, dates, slide, r))
}

fn event(line: &Line, dates: crate::dates::DateRange, slide: usize, r: Reading) -> Event {
    Event {
        name: r.name,
        start: dates.start.to_string(),
        end: dates.end.map(|e| e.to_string()),
        location: r.location,
        people: r.people,
        urls: r.urls,
        text: line.text.to_string(),
        slide,
        span: line.span,
    }
}

/// Significant words of a name, for telling whether two lines name the same event.
fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}

/// The events of `deck` (its sections must be set), and diagnostics for
/// event lines with impossible dates.
///
/// `is_group` tells a team's or SIG's name: their meetings are not events.
pub(crate) fn events(
    deck: &Deck,
    slide_lines: &[Vec<Line>],
    rules: &Rules,
    call: Option<NaiveDate>,
    is_group: &dyn Fn(&str) -> bool,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut kind_of = vec![SectionKind::Other; deck.slides.len()];
    for section in &deck.sections {
        for &i in &section.slides {
            kind_of[i] = section.kind;
        }
    }
    let mut out: Vec<Event> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut last_context: Option<(Rc<str>, bool)> = None;
    for slide in &deck.slides {
        let title = slide.title.as_deref();
        let kind = kind_of[slide.index];
        let on_events_slide =
            kind == SectionKind::Events || title.is_some_and(|t| rules.slide_words.is_match(t));
        // A team or SIG report names its own meetings and work with dates;
        // an event there has its own heading or lead-in ("KaaS Hackathon").
        let report = matches!(kind, SectionKind::Team | SectionKind::Sig);
        let title_has_word = !report && title.is_some_and(|t| rules.words.is_match(t));
        for line in &slide_lines[slide.index] {
            // No digit and no "today": no date, no event.
            if !has_digit(&line.text) && !has_relative_day(&line.text) {
                continue;
            }
            // Many lines share one context: match it once.
            let mut context_has_word = || match &line.context {
                None => false,
                Some(c) => match &last_context {
                    Some((seen, answer)) if Rc::ptr_eq(seen, c) => *answer,
                    _ => {
                        let answer = rules.words.is_match(c);
                        last_context = Some((Rc::clone(c), answer));
                        answer
                    }
                },
            };
            let eventish = if report {
                line.context.as_deref() != title && context_has_word()
            } else {
                on_events_slide
                    || title_has_word
                    || rules.words.is_match(&line.text)
                    || context_has_word()
            };
            if !eventish {
                continue;
            }
            let mut found = find_dates(&line.text, call);
            if found.is_empty()
                && let Some(call) = call
                && let Some(m) = RELATIVE.find(&line.text)
            {
                // "PaaS Mini Hackathon - today"
                let word = m.as_str().to_lowercase();
                let days = u64::from(word == "tomorrow" || word == "morgen");
                let day = call + chrono::Days::new(days);
                found.push(crate::dates::DateMatch {
                    range: m.range(),
                    value: Ok(crate::dates::DateRange {
                        start: day,
                        end: None,
                    }),
                });
            }
            let excluded = || {
                rules
                    .exclude
                    .as_ref()
                    .is_some_and(|re| re.is_match(&line.text))
            };
            if found.is_empty() {
                // (The exclude patterns are the slower search: asked last.)
                if let Some(m) = DATE_LIKE.find(&line.text)
                    && !excluded()
                {
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            codes::UNPARSED_DATE,
                            format!(
                                "`{}` on this event line looks like a date, but is not one decktype can read",
                                m.as_str()
                            ),
                            line.span,
                        )
                        .with_help("write the date as `13.09.2023`, `2023-09-13` or `Sep 13, 2023` (day before month with dots, ISO, or a month name)"),
                    );
                }
                continue;
            }
            if excluded() {
                continue;
            }
            let mut done = false;
            for m in found {
                match m.value {
                    Ok(dates) if !done => {
                        if let Some(event) =
                            event_of(line, m.range, dates, slide.index, title, rules)
                            && !is_group(&event.name)
                        {
                            push_unique(&mut out, event);
                        }
                        done = true;
                    }
                    Ok(_) => {}
                    Err(
                        problem @ (DateProblem::Impossible(_)
                        | DateProblem::Backwards
                        | DateProblem::FarYear(_)),
                    ) => {
                        let written = &line.text[m.range.clone()];
                        let mut d = Diagnostic::new(
                            Severity::Warning,
                            codes::IMPOSSIBLE_DATE,
                            format!("the event date `{written}` is impossible: {problem}"),
                            line.span,
                        );
                        d.help = Some(
                            "write a date that exists; the event is left out until then".to_owned(),
                        );
                        diagnostics.push(d);
                    }
                    Err(DateProblem::NoYear) => {}
                }
            }
        }
    }
    (out, diagnostics)
}

/// Adds `event` unless the deck already lists it (same dates and a shared
/// word in the name: a teaser and its detail slide). Of the two, the one that
/// names a place is kept.
fn push_unique(out: &mut Vec<Event>, event: Event) {
    let words = words_of(&event.name);
    if let Some(same) = out.iter_mut().find(|e| {
        e.start == event.start
            && e.end == event.end
            && words_of(&e.name).iter().any(|w| words.contains(w))
    }) {
        if same.location.is_none() && event.location.is_some() {
            *same = event;
        }
        return;
    }
    out.push(event);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_days_are_ascii_words() {
        let re = &*RELATIVE;
        for text in [
            "today",
            "Today!",
            "x today",
            "todays",
            "_today",
            "ätoday",
            "today_",
            "TOMORROW 10:00",
            "heute",
            "morgens",
            "1morgen",
            "no",
        ] {
            assert_eq!(has_relative_day(text), re.is_match(text), "{text}");
        }
        assert!(has_digit("a 1") && !has_digit("ä b"));
    }

    fn one(line: &str, call: &str) -> (String, String, Option<String>, Option<String>) {
        let rules = Rules::new(&Profile::default());
        let call = NaiveDate::parse_from_str(call, "%Y-%m-%d").unwrap();
        let found = find_dates(line, Some(call));
        let m = found.into_iter().find(|m| m.value.is_ok()).expect("a date");
        let l = Line {
            text: line.into(),
            urls: Vec::new(),
            context: None,
            rest: Default::default(),
            heading: None,
            depth: None,
            span: decktype_model::Span::new(0, line.len()),
        };
        let e = event_of(&l, m.range, m.value.unwrap(), 0, None, &rules).unwrap();
        (e.name, e.start, e.end, e.location)
    }

    #[test]
    fn lines_as_real_decks_write_them() {
        let s = |v: &str| Some(v.to_owned());
        /// Line, call date, and the expected name, start, end and location.
        type Case = (
            &'static str,
            &'static str,
            (&'static str, &'static str, Option<String>, Option<String>),
        );
        let cases: &[Case] = &[
            (
                "Container Days – Hamburg, 11.-12.9.2023, Jan will participate in the conference",
                "2023-08-31",
                (
                    "Container Days",
                    "2023-09-11",
                    s("2023-09-12"),
                    s("Hamburg"),
                ),
            ),
            (
                "artcodix – SCS Launch Event, Rosenheim, 12.9.2023",
                "2023-08-31",
                (
                    "artcodix – SCS Launch Event",
                    "2023-09-12",
                    None,
                    s("Rosenheim"),
                ),
            ),
            (
                "May 22-23 CloudExpo Europe in Frankfurt/Main (Alex, Kurt/Felix)",
                "2024-04-18",
                (
                    "CloudExpo Europe",
                    "2024-05-22",
                    s("2024-05-23"),
                    s("Frankfurt/Main"),
                ),
            ),
            (
                "July 3 GeoWebTalk Geonetzwerk.metropoleRuhr (online) (Manuela with talk)",
                "2024-06-06",
                (
                    "GeoWebTalk Geonetzwerk.metropoleRuhr",
                    "2024-07-03",
                    None,
                    s("online"),
                ),
            ),
            (
                "SCS @ ALASCA Summit - 29./30. October in Dresden (Felix (talk), Artem)",
                "2024-10-24",
                ("ALASCA Summit", "2024-10-29", s("2024-10-30"), s("Dresden")),
            ),
            (
                "FOSDEM (and Open Src Policy Summit and ...): Feb 3+4, Brussels (@fkr, @garloff)",
                "2024-01-11",
                ("FOSDEM", "2024-02-03", s("2024-02-04"), s("Brussels")),
            ),
            (
                "July 9+10 UN Symposium OSPOs for Good, New York (Kurt)",
                "2024-06-06",
                (
                    "UN Symposium OSPOs for Good",
                    "2024-07-09",
                    s("2024-07-10"),
                    s("New York"),
                ),
            ),
            (
                "Feb, 23: ALASCA Tech Talk #13: Clouditor",
                "2024-02-22",
                ("ALASCA Tech Talk #13: Clouditor", "2024-02-23", None, None),
            ),
            (
                "June 3 OpenInfraDay Hungary: Eclipse xPanse Talk (Alex)",
                "2024-04-18",
                ("OpenInfraDay Hungary", "2024-06-03", None, None),
            ),
            (
                "October 29/30: ALASCA Summit Dresden",
                "2024-07-18",
                ("ALASCA Summit", "2024-10-29", s("2024-10-30"), s("Dresden")),
            ),
            (
                "🐱 OpenInfra Summit Europe 2025/10/17-19: https://summit2025.openinfra.org/",
                "2025-08-08",
                (
                    "OpenInfra Summit Europe",
                    "2025-10-17",
                    s("2025-10-19"),
                    None,
                ),
            ),
            (
                "2024-02-09 13:05 - 14:55 CET: Hacking Session to get pages - you are all invited",
                "2024-01-11",
                ("Hacking Session to get pages", "2024-02-09", None, None),
            ),
        ];
        let mut wrong = Vec::new();
        for (line, call, (name, start, end, location)) in cases {
            let want = (
                (*name).to_owned(),
                (*start).to_owned(),
                end.clone(),
                location.clone(),
            );
            let got = one(line, call);
            if got != want {
                wrong.push(format!("{line}\n   got  {got:?}\n   want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
