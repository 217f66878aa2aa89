//! People and URLs named with an event: URLs (taken out of the line),
//! `@handles`, and names in parentheses or after the name ("Alex, Kurt/Felix").

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::names::is_name_shaped;
use super::read::rewrite;
use super::{CUT, Rules};

static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>()]+").expect("valid"));
static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(,])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?-u:\b)").expect("valid")
});
/// A parenthesis, with one level of nesting.
pub(super) static PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)").expect("valid"));

/// `text` with its URLs replaced by [`CUT`]; the URLs, without trailing
/// punctuation, go to `urls`.
pub(super) fn take_urls<'a>(text: &'a str, urls: &mut Vec<String>) -> Cow<'a, str> {
    if !(text.contains("://") || text.contains("www.")) {
        return Cow::Borrowed(text);
    }
    URL.replace_all(text, |c: &regex::Captures<'_>| {
        let url = c[0].trim_end_matches(['.', ',', ';', ':', '!', '?', '*']);
        urls.push(url.to_owned());
        CUT.to_string()
    })
}

/// `s` without its `@handles`, which go to `people` (with their `@`).
pub(super) fn take_handles<'a>(s: Cow<'a, str>, people: &mut Vec<String>) -> Cow<'a, str> {
    if !s.contains('@') {
        return s;
    }
    rewrite(s, |s| {
        HANDLE.replace_all(s, |c: &regex::Captures<'_>| {
            people.push(format!("@{}", &c[1]));
            " "
        })
    })
}

/// Adds the people named in `text` ("Alex, Kurt/Felix", "@fkr and Jan with
/// talk") to `out`: handles, and names of one or two capitalised words that
/// are not a known place, online or "TBD".
pub(super) fn people_in(text: &str, rules: &Rules, out: &mut Vec<String>) {
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
                && rules.places.known(p).is_none()
                && !rules.is_online(p)
                && !p.eq_ignore_ascii_case("tbd")
            {
                out.push(p.to_owned());
            }
        }
    }
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    for re in [&URL, &HANDLE, &PARENS] {
        LazyLock::force(re);
    }
}
