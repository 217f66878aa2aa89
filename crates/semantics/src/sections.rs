//! Sections: each column of slides is a section, and consecutive columns of
//! the same team or SIG form one.
//!
//! A kind needs evidence. A title proposes kinds by the profile's words (and
//! the extractors read the lines of the proposed events and tenders sections);
//! [`confirm`] then keeps the first proposed kind the section gives evidence
//! for, else the section is `welcome` when it is the deck's first and `other`
//! when not:
//!
//! - `team`, `sig`: the title names one of the profile's groups;
//! - `events`, `tenders`, `lightning_talk`: an event, a tender or a talk was
//!   read on one of the section's slides;
//! - `welcome`: the deck's opening (no section before it is anything else);
//! - `general`, `adoption`: the title is one of the kind's phrases, whole
//!   ("Announcements"), or the deck is the community's call (it names one of
//!   the profile's groups), where a phrase inside a longer title means what
//!   the profile says ("Towards R6"; but "General Relativity" in a lecture).

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use decktype_model::{Deck, Section, SectionKind};

use crate::lazy::LazyRegex;
use crate::profile::Profile;

/// The profile's section words, lower-cased once, in the order they are tried.
#[derive(Debug)]
pub(crate) struct Words(Vec<(SectionKind, Phrases)>);

impl Words {
    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.0.iter().any(|(_, p)| p.is_compiled())
    }

    /// Builds every section's matcher now (see `Options::warm_up`).
    pub(crate) fn warm_up(&self) {
        for (_, phrases) in &self.0 {
            phrases.warm_up();
        }
    }

    pub(crate) fn new(profile: &Profile) -> Self {
        let w = &profile.sections;
        let lower = |v: &Vec<String>| Phrases::new(v);
        Words(vec![
            (SectionKind::LightningTalk, lower(&w.lightning_talk)),
            (SectionKind::Tenders, lower(&w.tenders)),
            (SectionKind::Adoption, lower(&w.adoption)),
            (SectionKind::Events, lower(&w.events)),
            (SectionKind::Welcome, lower(&w.welcome)),
            (SectionKind::General, lower(&w.general)),
        ])
    }
}

/// A set of words or phrases, matched case-insensitively as whole words in
/// one pass. ASCII phrases go through Aho-Corasick (a literal scan, several
/// times faster here than a case-insensitive regex with Unicode word edges);
/// phrases with other letters through one regex with Unicode case folding.
#[derive(Debug)]
pub(crate) struct Phrases {
    /// The ASCII phrases, for `ascii`.
    ascii_phrases: Vec<String>,
    /// Built when first used.
    ascii: OnceLock<Option<AhoCorasick>>,
    /// Compiled when first used.
    other: LazyRegex,
    /// The phrases, lower case, single spaces: for [`Phrases::is_whole`].
    whole: Vec<String>,
}

impl Phrases {
    pub(crate) fn new(phrases: &[String]) -> Self {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let whole = phrases.iter().map(|p| bare(p)).collect();
        let (ascii, other): (Vec<&String>, Vec<&String>) =
            phrases.iter().partition(|p| p.is_ascii());
        let ascii_phrases = ascii.into_iter().cloned().collect();
        let other = LazyRegex::new((!other.is_empty()).then(|| {
            let alternatives: Vec<String> = other.iter().map(|p| regex::escape(p)).collect();
            let edge = r"[^\p{Alphabetic}\p{N}]";
            format!(
                r"(?i)(?:^|{edge})(?:{})(?:$|{edge})",
                alternatives.join("|")
            )
        }));
        Phrases {
            ascii_phrases,
            ascii: OnceLock::new(),
            other,
            whole,
        }
    }

    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.ascii.get().is_some() || self.other.is_compiled()
    }

    /// Builds both matchers now (see `Options::warm_up`): matching the
    /// empty text builds the ASCII one and, as it finds nothing, asks the
    /// other.
    pub(crate) fn warm_up(&self) {
        self.is_match("");
    }

    /// Whether `text` is one of the phrases, whole: nothing else in it but
    /// case, spacing and punctuation around it (`Announcements:`).
    pub(crate) fn is_whole(&self, text: &str) -> bool {
        let text = bare(text);
        !text.is_empty() && self.whole.contains(&text)
    }

    /// Whether one of the phrases occurs in `text` as whole words.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        let whole = |start: usize, end: usize| {
            !text[..start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        };
        let ascii = self.ascii.get_or_init(|| {
            (!self.ascii_phrases.is_empty())
                .then(|| {
                    AhoCorasick::builder()
                        .ascii_case_insensitive(true)
                        .build(&self.ascii_phrases)
                        .ok()
                })
                .flatten()
        });
        ascii.as_ref().is_some_and(|ac| {
            ac.find_overlapping_iter(text)
                .any(|m| whole(m.start(), m.end()))
        }) || self.other.get().is_some_and(|re| re.is_match(text))
    }
}

/// `text` in lower case, single spaces, without punctuation around it.
fn bare(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether lower-case `phrase` occurs in lower-case `title` as whole words.
pub(crate) fn has_phrase(title: &str, phrase: &str) -> bool {
    title.match_indices(phrase).any(|(i, _)| {
        let before = title[..i].chars().next_back();
        let after = title[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A slide's own team or SIG, if its title names one.
pub(crate) type SlideGroup = Option<(SectionKind, String)>;

/// The kind and title of a column whose top slide has `title` and `group`,
/// as the title proposes it (see [`confirm`]).
fn classify(
    words: &Words,
    title: Option<&str>,
    group: &SlideGroup,
    first_column: bool,
) -> (SectionKind, String) {
    if let Some((kind, name)) = group {
        return (*kind, name.clone());
    }
    let fallback = if first_column {
        SectionKind::Welcome
    } else {
        SectionKind::Other
    };
    let Some(title) = title else {
        return (fallback, String::new());
    };
    let kind = words
        .0
        .iter()
        .find(|(_, phrases)| phrases.is_match(title))
        .map_or(fallback, |(k, _)| *k);
    (kind, title.to_owned())
}

fn is_group(kind: SectionKind) -> bool {
    matches!(kind, SectionKind::Team | SectionKind::Sig)
}

/// Adds `slide` to the last section when it has the same kind and title (a
/// team or SIG continuing), else starts a new section.
fn push(out: &mut Vec<Section>, kind: SectionKind, title: String, slide: usize, merge: bool) {
    match out.last_mut() {
        Some(last) if merge && last.kind == kind && last.title == title => last.slides.push(slide),
        _ => out.push(Section {
            kind,
            title,
            slides: vec![slide],
        }),
    }
}

/// The sections of `deck`: a column is a section, except that a slide naming
/// another team or SIG starts a section of its own, and consecutive slides of
/// the same team or SIG stay together across columns.
pub(crate) fn sections(deck: &Deck, words: &Words, groups: &[SlideGroup]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut column_start = 0;
    while column_start < deck.slides.len() {
        let h = deck.slides[column_start].h;
        let column_end = deck.slides[column_start..]
            .iter()
            .position(|s| s.h != h)
            .map_or(deck.slides.len(), |p| column_start + p);
        let column = &deck.slides[column_start..column_end];
        // The column's title: its top slide's, else its first titled slide's.
        let titled = column.iter().find(|s| s.title.is_some());
        let (kind, title) = match titled {
            Some(s) => classify(words, s.title.as_deref(), &groups[s.index], h == 0),
            // A column without any title continues the section before it
            // (the second page of an events list).
            None if !out.is_empty() => {
                let last = out.last_mut().expect("not empty");
                last.slides.extend(column.iter().map(|s| s.index));
                column_start = column_end;
                continue;
            }
            None => classify(words, None, &None, h == 0),
        };
        push(&mut out, kind, title, column[0].index, is_group(kind));
        for slide in &column[1..] {
            match &groups[slide.index] {
                Some((k, t)) => push(&mut out, *k, t.clone(), slide.index, true),
                // A plain slide belongs to the section it is under.
                None => out
                    .last_mut()
                    .expect("pushed above")
                    .slides
                    .push(slide.index),
            }
        }
        column_start = column_end;
    }
    out
}

/// What the deck holds, by slide index: the evidence a section's kind needs.
#[derive(Debug)]
pub(crate) struct Evidence {
    /// An event was read on the slide (also one listed once for two slides).
    pub(crate) events: Vec<bool>,
    /// A tender was read on the slide.
    pub(crate) tenders: Vec<bool>,
    /// A lightning talk was read on the slide.
    pub(crate) talks: Vec<bool>,
    /// The deck names one of the profile's teams or SIGs: it is the
    /// community's own call.
    pub(crate) community: bool,
}

/// Gives each section the first kind its title proposes that the section
/// has evidence for (the rules are in the module's documentation); without
/// one, the deck's first section is `welcome` (the title slide) and any
/// other `other`. Team and SIG sections keep their kind: the title named a
/// profile group.
pub(crate) fn confirm(sections: &mut [Section], words: &Words, evidence: &Evidence) {
    // No section so far is anything but `welcome`.
    let mut opening = true;
    for (i, section) in sections.iter_mut().enumerate() {
        if !is_group(section.kind) {
            let holds = |on: &[bool]| section.slides.iter().any(|&s| on[s]);
            let shown = |kind: SectionKind, phrases: &Phrases| match kind {
                SectionKind::Events => holds(&evidence.events),
                SectionKind::Tenders => holds(&evidence.tenders),
                SectionKind::LightningTalk => holds(&evidence.talks),
                SectionKind::Welcome => opening,
                SectionKind::General | SectionKind::Adoption => {
                    evidence.community || phrases.is_whole(&section.title)
                }
                _ => false,
            };
            let fallback = if i == 0 {
                SectionKind::Welcome
            } else {
                SectionKind::Other
            };
            let kind = words
                .0
                .iter()
                .filter(|(_, phrases)| phrases.is_match(&section.title))
                .find(|(kind, phrases)| shown(*kind, phrases))
                .map_or(fallback, |(kind, _)| *kind);
            section.kind = kind;
        }
        opening &= section.kind == SectionKind::Welcome;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_words_in_any_case() {
        let p = Phrases::new(&[
            "Save the date".to_owned(),
            "event".to_owned(),
            "events".to_owned(),
            "Veranstaltung".to_owned(),
            "Übersicht".to_owned(),
        ]);
        for yes in [
            "SAVE THE DATE: x",
            "Upcoming Events",
            "an event.",
            "(event)",
            "Events–2024",
            "neue VERANSTALTUNG",
            "die übersicht",
            "ÜBERSICHT",
            // A first occurrence inside a word does not hide a later whole one.
            "eventually an event",
        ] {
            assert!(p.is_match(yes), "{yes}");
        }
        for no in [
            "eventually",
            "prevent",
            "save the dates",
            "éevent",
            "event2",
            "Übersichten",
            "",
        ] {
            assert!(!p.is_match(no), "{no}");
        }
        assert!(!Phrases::new(&[]).is_match("anything"));
        assert!(!Phrases::new(&[" ".to_owned()]).is_match(" "));
    }

    #[test]
    fn titles_of_real_decks() {
        let p = Profile::default();
        let words = Words::new(&p);
        let teams = crate::groups::Matcher::new(&p.teams);
        let sigs = crate::groups::Matcher::new(&p.sigs);
        let group = |t: &str| -> SlideGroup {
            crate::groups::group_of(&teams, t)
                .map(|g| (SectionKind::Team, g.0))
                .or_else(|| crate::groups::group_of(&sigs, t).map(|g| (SectionKind::Sig, g.0)))
        };
        let cases: &[(&str, SectionKind)] = &[
            ("Any newcomers? Welcome!", SectionKind::Welcome),
            ("Upcoming Events - catch us if you can", SectionKind::Events),
            ("Visibility & Press & Events", SectionKind::Events),
            (
                "Save the date: 4th SCS Hackathon at Gonicus",
                SectionKind::Events,
            ),
            ("SCS Tenders", SectionKind::Tenders),
            ("ITZ Bund Tender", SectionKind::Tenders),
            ("Adoption & Visibility", SectionKind::Adoption),
            ("Lightning Talk", SectionKind::LightningTalk),
            ("Updates from the Teams", SectionKind::General),
            ("Team IAM & Security - Roles", SectionKind::Team),
            ("SIG Std/Cert", SectionKind::Sig),
            ("CVE-2023-6246", SectionKind::Other),
            ("Attendees", SectionKind::Other),
        ];
        for (title, kind) in cases {
            assert_eq!(
                classify(&words, Some(title), &group(title), false).0,
                *kind,
                "{title}"
            );
        }
        assert_eq!(
            classify(&words, Some("Sovereign Cloud Stack"), &None, true).0,
            SectionKind::Welcome
        );
    }

    #[test]
    fn a_whole_phrase_is_the_whole_title() {
        let p = Phrases::new(&["Announcements".to_owned(), "open door".to_owned()]);
        for yes in ["Announcements", "ANNOUNCEMENTS:", "  Open   Door! "] {
            assert!(p.is_whole(yes), "{yes}");
        }
        for no in ["Announcements today", "Open Door Sessions", "", "!"] {
            assert!(!p.is_whole(no), "{no}");
        }
    }

    #[test]
    fn phrases_match_whole_words() {
        assert!(has_phrase("upcoming events!", "events"));
        assert!(!has_phrase("eventstream", "events"));
        assert!(!has_phrase("pressure", "press"));
        let set = Phrases::new(&["events".to_owned(), "save the date".to_owned()]);
        assert!(set.is_match("Upcoming Events!"));
        assert!(set.is_match("**Save the Date**: May 3"));
        assert!(!set.is_match("Eventstream"));
        assert!(!Phrases::new(&[]).is_match("anything"));
    }
}
