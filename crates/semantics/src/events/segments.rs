//! A line cut into segments at dashes, commas, colons and the date, and the
//! walk over them that finds the name and the place: the name is the first
//! run of segments that is not a place; the place is an `in X` phrase, a
//! known place, or a place-shaped segment right after the name; what is
//! shaped like a person after the name is one.

use std::sync::LazyLock;

use regex::Regex;

use super::names::{is_generic, is_name_shaped, strip_prefixes, tidy};
use super::people::people_in;
use super::read::Reading;
use super::{CUT, Rules};

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\x01|\s+[-–—]{1,2}>?\s+|:(?:\s+|$)|,\s*|;\s*|[!?]+(?:\s+|$)|\s+\|\s+")
        .expect("valid")
});
/// Quoted text, inside which separators do not cut.
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"]*"|“[^”]*”|„[^“”]*[“”]"#).expect("valid"));

/// A piece of a line between separators.
pub(super) struct Segment<'a> {
    /// The separator before it (empty for the first).
    sep: &'a str,
    /// The piece as written.
    text: &'a str,
}

/// `s` cut at its separators, except inside quotes.
pub(super) fn segments(s: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut last = 0;
    let mut sep = "";
    let quoted: Vec<_> = QUOTED.find_iter(s).map(|m| m.range()).collect();
    for m in SEPARATOR
        .find_iter(s)
        .filter(|m| !quoted.iter().any(|q| q.contains(&m.start())))
    {
        segments.push(Segment {
            sep,
            text: &s[last..m.start()],
        });
        sep = m.as_str();
        last = m.end();
    }
    segments.push(Segment {
        sep,
        text: &s[last..],
    });
    segments
}

/// What the walk over the segments found besides the place and the people
/// (which it adds to the reading).
pub(super) struct Walked {
    /// The name as the segments give it, before its prefixes come off.
    pub(super) name: Option<String>,
    /// Whether a segment said the event is online.
    pub(super) online: bool,
}

/// Walks the `segments` of a line: the name, and the place and people into `r`.
pub(super) fn walk(segments: &[Segment<'_>], rules: &Rules, r: &mut Reading) -> Walked {
    // Each segment tidied once (the look-ahead reads them again).
    let tidied: Vec<String> = segments.iter().map(|s| tidy(s.text)).collect();
    let mut walk = Walk {
        rules,
        name: None,
        name_words: 0,
        name_open: false,
        after_name: false,
        online: false,
    };
    for i in 0..segments.len() {
        walk.segment(&segments[i..], &tidied[i..], r);
    }
    Walked {
        name: walk.name,
        online: walk.online,
    }
}

/// The state of the walk.
struct Walk<'r> {
    rules: &'r Rules,
    /// The name so far.
    name: Option<String>,
    /// Words in the name so far.
    name_words: usize,
    /// Whether the next segment may continue the name.
    name_open: bool,
    /// Whether a segment after the name was seen (a place, or the end of the
    /// name): a name-shaped segment now is people.
    after_name: bool,
    /// Whether a segment said online.
    online: bool,
}

impl Walk<'_> {
    /// Reads the first of `segments` (the others, and `tidied`, their tidied
    /// text, are the look-ahead).
    fn segment(&mut self, segments: &[Segment<'_>], tidied: &[String], r: &mut Reading) {
        let Segment { sep, text } = segments[0];
        let boundary = sep.contains(CUT);
        let raw = text.trim_matches(|c: char| c.is_whitespace() || c == CUT || c == '*');
        let mut seg = tidied[0].clone();
        if self.name.is_none() {
            seg = strip_prefixes(&seg, &self.rules.prefixes);
        }
        if let Some((before, place)) = self.rules.places.in_phrase(raw) {
            r.location.get_or_insert(place);
            seg = tidy(before);
            if seg.is_empty() {
                self.place_seen();
                return;
            }
        }
        if seg.is_empty() {
            if boundary || !sep.trim().is_empty() {
                self.name_open &= !boundary;
            }
            return;
        }
        // "16th April 2024 in Arnsberg/Neheim, NRW, Germany": region and
        // country after a place that opens the line.
        if self.name.is_none()
            && r.location.is_some()
            && sep.starts_with(',')
            && is_name_shaped(&seg)
        {
            return;
        }
        if let Some(place) = self.rules.places.known(&seg) {
            r.location.get_or_insert(place.to_owned());
            self.place_seen();
            return;
        }
        if self.rules.is_online(&seg) && seg.split_whitespace().count() <= 2 {
            self.online = true;
            self.name_open = false;
            return;
        }
        if self.name.is_none() {
            self.name_words = seg.split_whitespace().count();
            self.name = Some(seg);
            self.name_open = true;
        } else {
            let date_follows = only_date_follows(&segments[1..], &tidied[1..]);
            self.after_start(seg, sep, boundary, date_follows, r);
        }
    }

    /// A place was read: what comes next is after the name, if there is one.
    fn place_seen(&mut self) {
        self.after_name = self.name.is_some();
        self.name_open = false;
    }

    /// A segment after the name started: it continues the name, replaces a
    /// name that says nothing, or ends the name (and may be the place, or
    /// people).
    fn after_start(
        &mut self,
        seg: String,
        sep: &str,
        boundary: bool,
        date_follows: bool,
        r: &mut Reading,
    ) {
        let Some(name) = self.name.as_mut() else {
            return;
        };
        let words = seg.split_whitespace().count();
        let starts_upper = seg
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let dash = sep.trim().starts_with(['-', '–', '—']);
        let colon = sep.starts_with(':');
        let continues = self.name_open
            && !boundary
            && !(!colon && is_name_shaped(&seg) && date_follows && r.location.is_none())
            && ((dash && starts_upper) || (colon && (self.name_words == 1 || words <= 2)));
        if !continues && is_generic(name) && !is_name_shaped(&seg) {
            // "Save the next day as well! We host the Open Ifra Day ...":
            // a name that says nothing gives way to the next.
            self.name_words = words;
            *name = strip_prefixes(&seg, &self.rules.prefixes);
            self.name_open = true;
            return;
        }
        if continues {
            name.push_str(sep.trim_end());
            name.push(' ');
            name.push_str(&seg);
            self.name_words += words;
            return;
        }
        self.name_open = false;
        if is_name_shaped(&seg) {
            if !self.after_name && r.location.is_none() && !boundary && !colon && date_follows {
                // `NAME – City, DATE` (a known city is found anywhere)
                r.location = Some(seg);
            } else if boundary || self.after_name || r.location.is_some() {
                people_in(&seg, self.rules, &mut r.people);
            }
        }
        self.after_name = true;
    }
}

/// Whether only separators and then the date follow (`NAME – City, DATE`):
/// `rest` are the segments that follow, `tidied` their tidied text.
fn only_date_follows(rest: &[Segment<'_>], tidied: &[String]) -> bool {
    for (segment, next) in rest.iter().zip(tidied) {
        if segment.sep.contains(CUT) {
            return true;
        }
        if !next.is_empty() {
            return false;
        }
    }
    false
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(super) fn warm_up() {
    for re in [&SEPARATOR, &QUOTED] {
        LazyLock::force(re);
    }
}
