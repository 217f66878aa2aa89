//! Reading a line, its date cut out, into name, place, people and URLs, in
//! steps: URLs come out, then e-mail addresses, times and weekdays, then
//! parentheses (people, or online) and `@handles`; the rest is cut into
//! segments and walked for the name and the place; then the name is
//! finished (prefixes, venue, a place inside it) and an event without a
//! place that says it is online is online.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::names::{strip_prefixes, without_venue};
use super::people::{PARENS, people_in, take_handles, take_urls};
use super::segments::{segments, walk};
use super::{CUT, Rules};

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").expect("valid"));
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
/// `via https://...`: a video call.
static VIA_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)via\s+(?:https?://|www\.)").expect("valid"));

/// What a line says about its event, besides the date.
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub(super) name: String,
    pub(super) location: Option<String>,
    pub(super) people: Vec<String>,
    pub(super) urls: Vec<String>,
}

/// Reads name, place, people and URLs from `text`, in which the date has
/// been replaced by [`CUT`].
pub(super) fn read(text: &str, rules: &Rules) -> Reading {
    let mut r = Reading::default();
    let s = take_urls(text, &mut r.urls);
    let s = without_noise(s);
    let (s, online) = take_parentheses(s, rules, &mut r.people);
    let s = take_handles(s, &mut r.people);
    let walked = walk(&segments(&s), rules, &mut r);
    let name = strip_prefixes(&walked.name.unwrap_or_default(), &rules.prefixes);
    let mut name = without_venue(name);
    if r.location.is_none() {
        let (rest, place) = rules.places.in_name(name);
        name = rest;
        r.location = place;
    }
    if r.location.is_none()
        && (online || walked.online || rules.is_online(text) || VIA_URL.is_match(text))
    {
        r.location = Some("online".to_owned());
    }
    r.name = name;
    r
}

/// Applies a rewrite that may leave the text as it is (a regex replacement),
/// keeping `s` (and its borrow) when it does.
pub(super) fn rewrite<'a>(s: Cow<'a, str>, f: impl FnOnce(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    let changed = match f(&s) {
        Cow::Borrowed(_) => None,
        Cow::Owned(changed) => Some(changed),
    };
    changed.map_or(s, Cow::Owned)
}

/// `s` without e-mail addresses (cut, like URLs), times and weekdays.
fn without_noise(s: Cow<'_, str>) -> Cow<'_, str> {
    let s = if s.contains('@') {
        rewrite(s, |s| EMAIL.replace_all(s, CUT.to_string()))
    } else {
        s
    };
    let s = if s.bytes().any(|b| b.is_ascii_digit()) {
        rewrite(s, |s| TIME.replace_all(s, " "))
    } else {
        s
    };
    rewrite(s, |s| WEEKDAY.replace_all(s, " "))
}

/// `s` without its parentheses, and whether one said online; the people in
/// the others go to `people`. The date's own parenthesis ("Digital X OTC
/// warming (Köln, 19.9.2023)") is part of the line: only its brackets go.
fn take_parentheses<'a>(
    s: Cow<'a, str>,
    rules: &Rules,
    people: &mut Vec<String>,
) -> (Cow<'a, str>, bool) {
    if !s.contains('(') {
        return (s, false);
    }
    let mut online = false;
    let s = PARENS
        .replace_all(&s, |c: &regex::Captures<'_>| {
            let inner = &c[1];
            if inner.contains(CUT) {
                return format!(", {inner}");
            }
            if rules.is_online(inner) {
                online = true;
            } else {
                people_in(inner, rules, people);
            }
            " ".to_owned()
        })
        .into_owned();
    (Cow::Owned(s), online)
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    for re in [&EMAIL, &TIME, &WEEKDAY, &VIA_URL] {
        LazyLock::force(re);
    }
}
