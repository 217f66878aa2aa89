//! The profile's event rules, prepared once per profile.

use std::sync::OnceLock;

use regex::Regex;

use super::places::Places;
use crate::profile::Profile;
use crate::sections::Phrases;

/// The profile's event rules, prepared once.
#[derive(Debug)]
pub(crate) struct Rules {
    /// The event words, for lines, contexts and slide titles.
    pub(super) words: Phrases,
    /// The event words, lower-cased, for naming ("Meetup" under "Open Operations").
    pub(super) word_list: Vec<String>,
    /// The titles of events slides.
    pub(super) slide_words: Phrases,
    /// The profile's exclude patterns.
    exclude_patterns: Vec<String>,
    /// ... as one regex, compiled when first used.
    exclude: OnceLock<Option<Regex>>,
    /// Prefixes that are not part of a name (`SCS @`, `Save the date:`).
    pub(super) prefixes: Vec<String>,
    /// Words that say an event is online.
    online: Phrases,
    /// The known places.
    pub(super) places: Places,
}

impl Rules {
    pub(crate) fn new(profile: &Profile) -> Self {
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>();
        Rules {
            words: Phrases::new(&profile.events.words),
            word_list: lower(&profile.events.words),
            slide_words: Phrases::new(&profile.sections.events),
            exclude_patterns: profile.events.exclude.clone(),
            exclude: OnceLock::new(),
            prefixes: profile.events.name_prefixes.clone(),
            online: Phrases::new(&profile.events.online),
            places: Places::new(&profile.events.places),
        }
    }

    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.exclude.get().is_some()
            || self.places.is_compiled()
            || [&self.words, &self.slide_words, &self.online]
                .iter()
                .any(|p| p.is_compiled())
    }

    /// Compiles the profile's event patterns now (see `Options::warm_up`).
    pub(crate) fn warm_up(&self) {
        self.places.warm_up();
        self.excludes("");
        for phrases in [&self.words, &self.slide_words, &self.online] {
            phrases.warm_up();
        }
    }

    /// Whether `text` says the event is online.
    pub(super) fn is_online(&self, text: &str) -> bool {
        self.online.is_match(text)
    }

    /// Whether one of the profile's `exclude` patterns matches `text`.
    pub(super) fn excludes(&self, text: &str) -> bool {
        self.exclude
            .get_or_init(|| one_of(&self.exclude_patterns))
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

/// One case-insensitive regex matching any of `patterns` (each validated
/// by the profile, except the embedded one's, which a test holds valid), or
/// `None` for none.
fn one_of(patterns: &[String]) -> Option<Regex> {
    if patterns.is_empty() {
        return None;
    }
    let all: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    if let Ok(re) = Regex::new(&format!("(?i){}", all.join("|"))) {
        return Some(re);
    }
    // One is invalid (a profile built in code): leave it out.
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
