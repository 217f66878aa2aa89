//! An event from a line and the date found in it: the line read without its
//! date, its links' URLs added, a name that says nothing taken from the
//! heading above, and a place missing from the line taken from the lines that
//! follow it.

use std::ops::Range;

use decktype_model::Event;

use super::names::{is_generic, tidy, under_heading};
use super::read::{Reading, read};
use super::{CUT, Rules};
use crate::dates::{DateRange, find_dates};
use crate::lines::Line;

/// The event of `line` with its date at `range`, or `None` when the line has
/// nothing to name it by.
pub(super) fn event_of(
    line: &Line,
    range: Range<usize>,
    dates: DateRange,
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
        let Some(heading) = heading_reading(line.context.as_deref().or(slide_title), rules) else {
            // No heading to name it by: the line's own words, as written.
            if r.name.is_empty() {
                r.name = tidy(&cut.replace(CUT, " "));
            }
            return (!r.name.is_empty()).then(|| event(line, dates, slide, r));
        };
        r.name = under_heading(&r.name, heading.name, &rules.word_list);
        if r.location.is_none() {
            r.location = heading.location;
        }
    }
    if r.name.is_empty() {
        return None;
    }
    // No place in the line: the lines that follow it may say.
    if r.location.is_none() {
        r.location = rules.places.in_rest(line);
    }
    Some(event(line, dates, slide, r))
}

/// The heading a line stands under, read like an event line (its dates cut
/// out); `None` when it gives no name.
fn heading_reading(heading: Option<&str>, rules: &Rules) -> Option<Reading> {
    let mut h = heading?.to_owned();
    for d in find_dates(&h, None).iter().rev() {
        h.replace_range(d.range.clone(), &CUT.to_string());
    }
    Some(read(&h, rules)).filter(|h| !h.name.is_empty())
}

fn event(line: &Line, dates: DateRange, slide: usize, r: Reading) -> Event {
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
