//! Places: the profile's known places (found as whole words, or after `in`),
//! `in X` phrases at the end of a segment, `Location: X` lines after an
//! event, and month names, which are not places (`in May`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::names::tidy;
use crate::lazy::LazyRegex;
use crate::lines::Line;

/// `in X` at the end of a segment: X one capitalised word, maybe with `/Y`.
static IN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(?-u:\b)(?:in|im|near)\s+(\p{Lu}[\p{L}'.-]*(?:/\p{Lu}?[\p{L}'.-]+)?)((?:\s+\p{Lu}[\p{L}'.-]*){0,2})$")
        .expect("valid")
});

/// `Location: X` (and its synonyms) on a line after an event.
static LOCATION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:location|where|venue|ort)\s*:\s*(\p{Lu}[\p{L}'./-]*)").expect("valid")
});

/// The profile's known places, prepared once.
#[derive(Debug)]
pub(super) struct Places {
    /// Lower-cased place → place as written in the profile.
    names: HashMap<String, String>,
    /// Any known place, as whole words (group 1); compiled when first used.
    any: LazyRegex,
    /// `in` + a known place (group 1); compiled when first used.
    after_in: LazyRegex,
}

impl Places {
    pub(super) fn new(places: &[String]) -> Self {
        let mut places: Vec<(String, String)> = places
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
        let (any, after_in) = if places.is_empty() {
            (LazyRegex::default(), LazyRegex::default())
        } else {
            (
                LazyRegex::new(Some(format!(
                    r"(?i)(?:^|{edge})(?:{alternatives})(?:$|{edge})"
                ))),
                LazyRegex::new(Some(format!(
                    r"(?i)(?-u:\b)(?:in|im)\s+(?:{alternatives})(?:$|{edge})"
                ))),
            )
        };
        let names = places.iter().map(|(p, l)| (l.clone(), p.clone())).collect();
        Places {
            names,
            any,
            after_in,
        }
    }

    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(super) fn is_compiled(&self) -> bool {
        self.any.is_compiled() || self.after_in.is_compiled()
    }

    /// Compiles the known places' patterns now (see `Options::warm_up`).
    pub(super) fn warm_up(&self) {
        self.any.get();
        self.after_in.get();
    }

    /// The known place `text` is, as written in the profile.
    pub(super) fn known(&self, text: &str) -> Option<&str> {
        self.names.get(&text.to_lowercase()).map(String::as_str)
    }

    /// The first known place in `text`, as a byte range and its name.
    pub(super) fn first_in(&self, text: &str) -> Option<(Range<usize>, &str)> {
        // `find` (no capture groups) keeps to the fast matcher; the match
        // includes the edge characters around the place, trimmed here.
        let m = self.any.get()?.find(text)?;
        let (range, word) = trim_edges(text, m.range());
        Some((range, self.known(word)?))
    }

    /// A known place after `in` in `text`.
    pub(super) fn after_in(&self, text: &str) -> Option<&str> {
        let m = self.after_in.get()?.find(text)?;
        let (_, words) = trim_edges(text, m.range());
        let place = words.split_once(char::is_whitespace)?.1.trim_start();
        self.known(place)
    }

    /// `Arnsberg/Neheim` is Arnsberg (a district after a known city);
    /// `Frankfurt/Main`, a known place as a whole, stays.
    fn known_part(&self, place: String) -> String {
        if let Some(known) = self.known(&place) {
            return known.to_owned();
        }
        match place.split_once('/') {
            Some((city, _)) if self.known(city).is_some() => city.to_owned(),
            _ => place,
        }
    }

    /// `NAME in PLACE` at the end of `raw` (a segment as written): the text
    /// before `in` and the place. "in New York" is one place when known; "in
    /// Bratislava Agenda" is Bratislava.
    pub(super) fn in_phrase<'a>(&self, raw: &'a str) -> Option<(&'a str, String)> {
        let has_in = [" in ", " im ", " near ", "in ", "im "]
            .iter()
            .any(|w| raw.contains(w));
        if !has_in {
            return None;
        }
        let c = IN_PLACE.captures(raw)?;
        if is_month(&c[2]) {
            return None;
        }
        let whole = format!("{}{}", &c[2], &c[3]);
        let place = if c[3].is_empty() || self.known(&whole).is_some() {
            whole
        } else {
            c[2].to_owned()
        };
        let before = c.get(1).expect("group").as_str();
        Some((before, self.known_part(place)))
    }

    /// A known place inside a name (`Hannover Messe`, `ALASCA Summit
    /// Dresden`) and the name without it when it ends the name.
    pub(super) fn in_name(&self, name: String) -> (String, Option<String>) {
        let Some((range, place)) = self.first_in(&name) else {
            return (name, None);
        };
        let place = place.to_owned();
        if range.end == name.len() && range.start > 0 {
            (tidy(&name[..range.start]), Some(place))
        } else {
            (name, Some(place))
        }
    }

    /// The place the lines after an event line give: `Location: X`, or `in`
    /// and a known place.
    pub(super) fn in_rest(&self, line: &Line) -> Option<String> {
        for rest in line.rest.lines() {
            if let Some(c) = LOCATION_LINE.captures(rest) {
                return Some(c[1].to_owned());
            }
            if let Some(place) = self.after_in(rest) {
                return Some(place.to_owned());
            }
        }
        None
    }
}

/// The range without non-alphanumeric characters at its ends, and its text.
fn trim_edges(text: &str, range: Range<usize>) -> (Range<usize>, &str) {
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

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    for re in [&IN_PLACE, &LOCATION_LINE] {
        LazyLock::force(re);
    }
}
