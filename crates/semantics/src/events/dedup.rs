//! One event per deck: a teaser and its detail slide name the same event.

use decktype_model::Event;

/// Adds `event` unless the deck already lists it (same dates and a shared
/// word in the name: a teaser and its detail slide). Of the two, the one that
/// names a place is kept.
pub(super) fn push_unique(out: &mut Vec<Event>, event: Event) {
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

/// Significant words of a name, for telling whether two lines name the same event.
fn words_of(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect()
}
