//! Lightning talks: slides headed "Lightning Talk" (title and speakers from
//! the headings below), and lines that announce one ("Status Page will be
//! covered by a lightning talk").

use decktype_model::{Deck, LightningTalk};
use regex::Regex;

use crate::lines::Line;
use crate::profile::Profile;
use crate::sections::Phrases;

/// The profile's talk rules, prepared once.
#[derive(Debug)]
pub(crate) struct Rules {
    words: Vec<String>,
    phrases: Phrases,
    mentions: Vec<Regex>,
    /// All mention patterns, to screen a line in one scan.
    any_mention: Option<regex::RegexSet>,
}

impl Rules {
    pub(crate) fn new(profile: &Profile) -> Self {
        let mentions: Vec<Regex> = profile
            .lightning_talks
            .mentions
            .iter()
            .filter_map(|p| Regex::new(&format!("(?i){p}")).ok())
            .collect();
        Rules {
            any_mention: regex::RegexSet::new(mentions.iter().map(Regex::as_str)).ok(),
            mentions,
            phrases: Phrases::new(&profile.sections.lightning_talk),
            words: {
                // Longest first: "lightning talks" before "lightning talk",
                // which would leave an "s" to be taken for a title.
                let mut words: Vec<String> = profile
                    .sections
                    .lightning_talk
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect();
                words.sort_by_key(|w| std::cmp::Reverse(w.len()));
                words
            },
        }
    }

    fn is_talk_heading(&self, text: &str) -> bool {
        self.phrases.is_match(text)
    }

    /// The heading text without the lightning-talk words and separators.
    fn strip(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for w in &self.words {
            let lower = out.to_lowercase();
            if let Some(i) = lower.find(w.as_str()) {
                out.replace_range(i..i + w.len(), " ");
            }
        }
        tidy(&out)
    }
}

fn tidy(s: &str) -> String {
    let s = s.trim_matches(|c: char| !c.is_alphanumeric() && !"\"'“”()@".contains(c));
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A speaker as written, without an affiliation in parentheses.
fn speaker(text: &str) -> String {
    let cut = text.find(" (").map_or(text, |i| &text[..i]);
    let cut = cut.strip_prefix("by ").unwrap_or(cut);
    tidy(cut)
}

/// Pronouns are not titles ("will do a lightning talk on it").
fn is_title(title: &str) -> bool {
    let first = title.split_whitespace().next().unwrap_or("").to_lowercase();
    !title.is_empty() && !["it", "this", "that", "them", "these", "those"].contains(&first.as_str())
}

/// The lightning talks of `deck`, without repeats, and for each slide
/// whether a talk was read on it (also one already listed).
pub(crate) fn talks(
    deck: &Deck,
    slide_lines: &[Vec<Line>],
    rules: &Rules,
) -> (Vec<LightningTalk>, Vec<bool>) {
    let mut out: Vec<LightningTalk> = Vec::new();
    let mut read_on = vec![false; deck.slides.len()];
    let mut push = |talk: LightningTalk| {
        read_on[talk.slide] = true;
        let key = talk.title.to_lowercase();
        if !out.iter().any(|t| t.title.to_lowercase() == key) {
            out.push(talk);
        }
    };
    for slide in &deck.slides {
        let lines = &slide_lines[slide.index];
        let mut found_heading = false;
        for (i, line) in lines.iter().enumerate() {
            if let Some(level) = line.heading
                && !found_heading
                && rules.is_talk_heading(&line.text)
            {
                found_heading = true;
                // "Lightning Talk: Title" or the headings below.
                let own = rules.strip(&line.text);
                let below: Vec<_> = lines[i + 1..]
                    .iter()
                    .filter(|l| l.heading.is_some_and(|h| h > level) && !l.text.is_empty())
                    .collect();
                let (title, speakers) = if is_title(&own) {
                    (own, below.iter().map(|l| speaker(&l.text)).collect())
                } else if let Some(top) = below.iter().map(|l| l.heading).min().flatten() {
                    let title = below
                        .iter()
                        .find(|l| l.heading == Some(top))
                        .map(|l| tidy(&l.text))
                        .unwrap_or_default();
                    let speakers = below
                        .iter()
                        .filter(|l| l.heading > Some(top))
                        .map(|l| speaker(&l.text))
                        .filter(|s| !s.is_empty())
                        .collect();
                    (title, speakers)
                } else {
                    (String::new(), Vec::new())
                };
                if is_title(&title) {
                    push(LightningTalk {
                        title,
                        speakers,
                        slide: slide.index,
                    });
                }
                continue;
            }
            if !rules
                .any_mention
                .as_ref()
                .is_some_and(|set| set.is_match(&line.text))
            {
                continue;
            }
            for re in &rules.mentions {
                if let Some(c) = re.captures(&line.text)
                    && let Some(t) = c.name("title")
                {
                    let title = tidy(t.as_str());
                    if is_title(&title) {
                        push(LightningTalk {
                            title,
                            speakers: Vec::new(),
                            slide: slide.index,
                        });
                    }
                    break;
                }
            }
        }
    }
    (out, read_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(md: &str) -> Vec<(String, Vec<String>)> {
        let parsed = decktype_parse::parse(md, &Default::default());
        let lines: Vec<_> = parsed
            .deck
            .slides
            .iter()
            .map(|s| crate::lines::lines(&s.blocks))
            .collect();
        talks(&parsed.deck, &lines, &Rules::new(&Profile::default()))
            .0
            .into_iter()
            .map(|t| (t.title, t.speakers))
            .collect()
    }

    #[test]
    fn talk_slides_as_real_decks_write_them() {
        assert_eq!(
            titles(
                "# Lightning Talk\n##### Dario Tranchitella (Clastix)\n## <img src=\"x.png\" alt=\"logo\"/> Kamaji\n"
            ),
            [("Kamaji".to_owned(), vec!["Dario Tranchitella".to_owned()])]
        );
        assert_eq!(
            titles("# Lightning Talk\n\n## ~~Discussion: Soccer or Football?~~\n## Moin Cluster\n"),
            [("Moin Cluster".to_owned(), vec![])]
        );
        assert_eq!(
            titles("# Lightning Talk: Status Page\n### by @fkr\n"),
            [("Status Page".to_owned(), vec!["@fkr".to_owned()])]
        );
        assert_eq!(
            titles("# Lightning Talks: Status Page\n"),
            [("Status Page".to_owned(), vec![])]
        );
    }

    #[test]
    fn a_plural_heading_is_no_talk_titled_s() {
        assert_eq!(titles("# Lightning Talks\n\n* Five minutes each\n"), []);
    }

    #[test]
    fn announced_talks_count_once_and_untitled_ones_not() {
        assert_eq!(
            titles(
                "# Team Ops\n\n* Status Page will be covered by a lightning talk\n\n---\n\n# Team Ops\n\n* Status Page will be covered by a lightning talk\n* Lightning talk at the end of the call\n* will do a lightning talk on it and on its idea\n"
            ),
            [("Status Page".to_owned(), vec![])]
        );
    }
}
