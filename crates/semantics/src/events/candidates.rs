//! Which lines may hold an event: a line with a digit or a relative day, on
//! an events slide, or with an event word in itself, its slide title or the
//! heading it stands under. On a team's or SIG's report only the lines under
//! a heading of their own with an event word count: a report names its own
//! meetings and work with dates.

use std::rc::Rc;
use std::sync::LazyLock;

use decktype_model::{Deck, SectionKind};

use super::Rules;
use crate::lines::Line;

/// The section kind of each slide, by slide index.
pub(super) fn section_kinds(deck: &Deck) -> Vec<SectionKind> {
    let mut kind_of = vec![SectionKind::Other; deck.slides.len()];
    for section in &deck.sections {
        for &i in &section.slides {
            kind_of[i] = section.kind;
        }
    }
    kind_of
}

/// What a slide says about the lines on it.
pub(super) struct SlideScope<'a> {
    title: Option<&'a str>,
    /// An events section's slide, or a slide with an events title.
    on_events_slide: bool,
    /// A team's or SIG's report.
    report: bool,
    /// The title has an event word (never for a report).
    title_has_word: bool,
}

impl<'a> SlideScope<'a> {
    pub(super) fn new(title: Option<&'a str>, kind: SectionKind, rules: &Rules) -> Self {
        let report = matches!(kind, SectionKind::Team | SectionKind::Sig);
        SlideScope {
            title,
            on_events_slide: kind == SectionKind::Events
                || title.is_some_and(|t| rules.slide_words.is_match(t)),
            report,
            title_has_word: !report && title.is_some_and(|t| rules.words.is_match(t)),
        }
    }

    /// The slide's title.
    pub(super) fn title(&self) -> Option<&'a str> {
        self.title
    }

    /// Whether `line` on this slide may hold an event.
    pub(super) fn may_hold_event(
        &self,
        line: &Line,
        rules: &Rules,
        contexts: &mut ContextWords,
    ) -> bool {
        // No digit and no "today": no date, no event.
        if !has_digit(&line.text) && !has_relative_day(&line.text) {
            return false;
        }
        if self.report {
            // An event in a report has its own heading or lead-in ("KaaS Hackathon").
            line.context.as_deref() != self.title && contexts.has_word(line, rules)
        } else {
            self.on_events_slide
                || self.title_has_word
                || rules.words.is_match(&line.text)
                || contexts.has_word(line, rules)
        }
    }
}

/// Whether a line's context has an event word, remembered for the last
/// context: many lines share one.
#[derive(Default)]
pub(super) struct ContextWords {
    last: Option<(Rc<str>, bool)>,
}

impl ContextWords {
    fn has_word(&mut self, line: &Line, rules: &Rules) -> bool {
        match &line.context {
            None => false,
            Some(c) => match &self.last {
                Some((seen, answer)) if Rc::ptr_eq(seen, c) => *answer,
                _ => {
                    let answer = rules.words.is_match(c);
                    self.last = Some((Rc::clone(c), answer));
                    answer
                }
            },
        }
    }
}

/// Whether `text` has one of [`super::line_dates::RELATIVE`]'s words, as an
/// ASCII word (what `(?-u:\b)` means): the same answer without a regex search
/// per line. The words are found with Aho-Corasick (which skips ahead with
/// SIMD), then checked for word edges.
pub(super) fn has_relative_day(text: &str) -> bool {
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
pub(super) fn has_digit(text: &str) -> bool {
    text.bytes().fold(false, |any, b| any | b.is_ascii_digit())
}
