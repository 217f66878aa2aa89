//! Sections: each column of slides is a section, and consecutive columns of
//! the same team or SIG form one. Kinds come from the profile's words.

use decktype_model::{Deck, Section, SectionKind};

use crate::groups::group_of;
use crate::profile::Profile;

/// Whether `phrase` occurs in `title` as whole words (case-insensitive).
fn has_phrase(title: &str, phrase: &str) -> bool {
    let title = title.to_lowercase();
    let phrase = phrase.to_lowercase();
    title.match_indices(&phrase).any(|(i, _)| {
        let before = title[..i].chars().next_back();
        let after = title[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The kind and title of a column whose top slide has `title`.
fn classify(profile: &Profile, title: Option<&str>, first_column: bool) -> (SectionKind, String) {
    let Some(title) = title else {
        return (
            if first_column {
                SectionKind::Welcome
            } else {
                SectionKind::Other
            },
            String::new(),
        );
    };
    if let Some((name, _)) = group_of(&profile.teams, title) {
        return (SectionKind::Team, name);
    }
    if let Some((name, _)) = group_of(&profile.sigs, title) {
        return (SectionKind::Sig, name);
    }
    let w = &profile.sections;
    let kinds = [
        (SectionKind::LightningTalk, &w.lightning_talk),
        (SectionKind::Tenders, &w.tenders),
        (SectionKind::Adoption, &w.adoption),
        (SectionKind::Events, &w.events),
        (SectionKind::Welcome, &w.welcome),
        (SectionKind::General, &w.general),
    ];
    let kind = kinds
        .iter()
        .find(|(_, words)| words.iter().any(|p| has_phrase(title, p)))
        .map(|(k, _)| *k)
        .unwrap_or(if first_column {
            SectionKind::Welcome
        } else {
            SectionKind::Other
        });
    (kind, title.to_owned())
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
pub(crate) fn sections(deck: &Deck, profile: &Profile) -> Vec<Section> {
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
        let title = column.iter().find_map(|s| s.title.as_deref());
        let (kind, title) = classify(profile, title, h == 0);
        let is_group = |k: SectionKind| matches!(k, SectionKind::Team | SectionKind::Sig);
        push(&mut out, kind, title, column[0].index, is_group(kind));
        for slide in &column[1..] {
            let own = slide
                .title
                .as_deref()
                .map(|t| classify(profile, Some(t), false))
                .filter(|(k, _)| is_group(*k));
            match own {
                Some((k, t)) => push(&mut out, k, t, slide.index, true),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_real_decks() {
        let p = Profile::default();
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
            assert_eq!(classify(&p, Some(title), false).0, *kind, "{title}");
        }
        assert_eq!(
            classify(&p, Some("Sovereign Cloud Stack"), true).0,
            SectionKind::Welcome
        );
    }

    #[test]
    fn phrases_match_whole_words() {
        assert!(has_phrase("Upcoming Events!", "events"));
        assert!(!has_phrase("Eventstream", "events"));
        assert!(!has_phrase("Pressure", "press"));
    }
}
