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
//!
//! One job per file, in the order a line goes through them:
//!
//! - `rules`: the profile's event rules, prepared once;
//! - `candidates`: which lines may hold an event;
//! - `line_dates`: the dates of a candidate line, and diagnostics for dates
//!   that cannot be read;
//! - `event`: an event from a line and its date (name from the heading, place
//!   from the lines that follow);
//! - `read`: a line without its date read into name, place, people and URLs,
//!   step by step;
//! - `people`: URLs, `@handles` and people's names;
//! - `segments`: the line cut into segments, and the walk over them that
//!   finds the name and the place;
//! - `names`: tidying names (prefixes, lead-ins, venues, generic words);
//! - `places`: known places, `in X` phrases, month names that are not places;
//! - `dedup`: one event per deck for a teaser and its detail slide.

mod candidates;
mod dedup;
mod event;
mod line_dates;
mod names;
mod people;
mod places;
mod read;
mod rules;
mod segments;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use decktype_model::{Deck, Diagnostic, Event};

use crate::dates::DateMatch;
use crate::lines::Line;

pub(crate) use rules::Rules;

/// Marks where the date (or a URL) was cut out of a line.
const CUT: char = '\u{1}';

/// The events of `deck` (its sections must be set), diagnostics for event
/// lines with impossible dates, and for each slide whether an event was read
/// on it (before a teaser and its detail slide become one event).
///
/// `is_group` tells a team's or SIG's name: their meetings are not events.
/// Compiles the fixed patterns of event reading now (see
/// `Options::warm_up`), the largest first.
pub(crate) fn warm_up() {
    places::warm_up();
    read::warm_up();
    people::warm_up();
    segments::warm_up();
    names::warm_up();
    line_dates::warm_up();
    candidates::has_relative_day("");
}

pub(crate) fn events(
    deck: &Deck,
    slide_lines: &[Vec<Line>],
    rules: &Rules,
    call: Option<NaiveDate>,
    is_group: &dyn Fn(&str) -> bool,
) -> (Vec<Event>, Vec<Diagnostic>, Vec<bool>) {
    let kinds = candidates::section_kinds(deck);
    let mut out: Vec<Event> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut read_on = vec![false; deck.slides.len()];
    let mut contexts = candidates::ContextWords::default();
    for slide in &deck.slides {
        let scope = candidates::SlideScope::new(slide.title.as_deref(), kinds[slide.index], rules);
        for line in &slide_lines[slide.index] {
            if !scope.may_hold_event(line, rules, &mut contexts) {
                continue;
            }
            let Some(found) = dates_to_read(line, rules, call, &mut diagnostics) else {
                continue;
            };
            if let Some(event) = read_dates(
                line,
                found,
                slide.index,
                scope.title(),
                rules,
                &mut diagnostics,
            ) && !is_group(&event.name)
            {
                read_on[slide.index] = true;
                dedup::push_unique(&mut out, event);
            }
        }
    }
    (out, diagnostics, read_on)
}

/// The dates of a candidate line, or `None` when it has none or the profile
/// excludes it (with a diagnostic for something that looks like a date but
/// is not one).
fn dates_to_read(
    line: &Line,
    rules: &Rules,
    call: Option<NaiveDate>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<DateMatch>> {
    let found = line_dates::dates_of(&line.text, call);
    if found.is_empty() {
        // (The exclude patterns are the slower search: asked last.)
        if let Some(d) = line_dates::unreadable_date(line)
            && !rules.excludes(&line.text)
        {
            diagnostics.push(d);
        }
        return None;
    }
    (!rules.excludes(&line.text)).then_some(found)
}

/// The event of `line` at its first good date, and diagnostics for the
/// dates that cannot be.
fn read_dates(
    line: &Line,
    found: Vec<DateMatch>,
    slide: usize,
    slide_title: Option<&str>,
    rules: &Rules,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let mut event = None;
    let mut done = false;
    for m in found {
        match m.value {
            Ok(dates) if !done => {
                event = event::event_of(line, m.range, dates, slide, slide_title, rules);
                done = true;
            }
            Ok(_) => {}
            Err(problem) => diagnostics.extend(line_dates::impossible_date(line, m.range, problem)),
        }
    }
    event
}
