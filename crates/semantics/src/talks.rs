//! Lightning talks: slides headed "Lightning Talk" (title and speakers from
//! the headings below, or from a speaker line "Name (Affiliation)" and the
//! title line after it), and lines that announce one ("Status Page will be
//! covered by a lightning talk", "Lightning talk: Title (Speaker)").
//!
//! A time ("16:00", "4pm", "this week", a weekday or a date) is never a
//! title, and is left out of a title read from a talk heading ("Lightning
//! talk this week, 16:00" has none). A talk announced on one slide and held
//! on another (the same title up to case, dashes, spaces and trailing
//! punctuation) is one talk: the held slide's, with the speakers of both.

use std::sync::{LazyLock, OnceLock};

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
    /// The profile's mention patterns.
    patterns: Vec<String>,
    /// ... compiled when first used: each, and all of them as a set to
    /// screen a line in one scan.
    mentions: OnceLock<Mentions>,
}

/// The compiled mention patterns.
#[derive(Debug)]
struct Mentions {
    each: Vec<Regex>,
    any: Option<regex::RegexSet>,
}

impl Rules {
    pub(crate) fn new(profile: &Profile) -> Self {
        Rules {
            patterns: profile.lightning_talks.mentions.clone(),
            mentions: OnceLock::new(),
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

    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.mentions.get().is_some() || self.phrases.is_compiled()
    }

    /// Compiles the profile's talk patterns now (see `Options::warm_up`).
    pub(crate) fn warm_up(&self) {
        self.mentions();
        self.phrases.warm_up();
    }

    fn mentions(&self) -> &Mentions {
        self.mentions.get_or_init(|| {
            let each: Vec<Regex> = self
                .patterns
                .iter()
                .filter_map(|p| Regex::new(&format!("(?i){p}")).ok())
                .collect();
            Mentions {
                any: regex::RegexSet::new(each.iter().map(Regex::as_str)).ok(),
                each,
            }
        })
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

/// Text that only says when: a clock time ("16:00", "4pm"), "this week",
/// "today", a weekday or a date ("2026-11-05", "5.11.", "Nov 5").
static WHEN: LazyLock<Regex> = LazyLock::new(|| {
    const MONTH: &str = "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?";
    const DAY: &str = "(?:mon|tues|wednes|thurs|fri|satur|sun)day";
    let alternatives = [
        "\\b\\d{1,2}[:.]\\d{2}(?:\\s*(?:h|uhr|am|pm|cet|cest|utc)\\b)?".to_owned(),
        "\\b\\d{1,2}\\s*(?:am|pm|h|uhr)\\b".to_owned(),
        format!("\\b(?:this|next|last)\\s+(?:week|month|call|time|{DAY})\\b"),
        "\\b(?:today|tomorrow|tonight)\\b".to_owned(),
        format!("\\b{DAY}s?\\b"),
        "\\b\\d{4}-\\d{2}-\\d{2}\\b".to_owned(),
        "\\b\\d{1,2}\\.\\d{1,2}\\.(?:\\d{2,4}\\b)?".to_owned(),
        format!("\\b{MONTH}\\s+\\d{{1,2}}(?:st|nd|rd|th)?\\b"),
        format!("\\b\\d{{1,2}}(?:st|nd|rd|th)?\\.?\\s+{MONTH}(?:\\s|$)"),
    ];
    Regex::new(&format!("(?i){}", alternatives.join("|"))).expect("a valid pattern")
});

/// Words left around a time once it is taken out ("start at 16:30").
const WHEN_WORDS: &[&str] = &[
    "at",
    "on",
    "from",
    "in",
    "is",
    "are",
    "will",
    "be",
    "held",
    "scheduled",
    "start",
    "starts",
    "starting",
    "begin",
    "begins",
    "beginning",
    "until",
    "to",
    "and",
    "the",
    "this",
    "next",
];

/// `text` without the times in it, and without the words that only led up
/// to them; `text` itself when it has no time.
fn without_when(text: &str) -> String {
    if !WHEN.is_match(text) {
        return text.to_owned();
    }
    let rest = WHEN.replace_all(text, " ");
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    while words.last().is_some_and(|w| {
        let b = bare(w);
        b.is_empty() || WHEN_WORDS.contains(&b.as_str())
    }) {
        words.pop();
    }
    while words.first().is_some_and(|w| {
        let b = bare(w);
        b.is_empty() || WHEN_WORDS.contains(&b.as_str())
    }) {
        words.remove(0);
    }
    tidy(&words.join(" "))
}

/// Pronouns are not titles ("will do a lightning talk on it"), and neither
/// is a time ("Lightning talks start at 16:30").
fn is_title(title: &str) -> bool {
    let first = title.split_whitespace().next().unwrap_or("").to_lowercase();
    !title.is_empty()
        && !["it", "this", "that", "them", "these", "those"].contains(&first.as_str())
        && !without_when(title).is_empty()
}

/// A speaker line "Jane Doe (ACME Corp)": one to four capitalised words or
/// an `@handle`, then an affiliation in parentheses and nothing else.
static SPEAKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:by\s+)?(?P<name>@[\w-]+|\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})\s*\([^()]+\)$",
    )
    .expect("a valid pattern")
});

/// Title and speaker from the lines under a talk heading that has neither:
/// a speaker line and the title on the line after it.
fn from_body(lines: &[Line], level: u8) -> Option<(String, Vec<String>)> {
    let body: Vec<&Line> = lines
        .iter()
        .take_while(|l| l.heading.is_none_or(|h| h > level))
        .filter(|l| l.heading.is_none() && !l.text.trim().is_empty())
        .collect();
    body.windows(2).find_map(|pair| {
        let name = SPEAKER_LINE.captures(pair[0].text.trim())?.name("name")?;
        let title = without_when(&tidy(&pair[1].text));
        (is_title(&title) && !SPEAKER_LINE.is_match(pair[1].text.trim()))
            .then(|| (title, vec![speaker(name.as_str())]))
    })
}

/// A title as compared to find the same talk twice: lower case, one kind of
/// dash, spaces collapsed, no trailing punctuation.
fn title_key(title: &str) -> String {
    title
        .replace(['–', '—'], "-")
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(|c: char| ".,;:!?".contains(c))
        .to_owned()
}

/// Speakers in a mention's `speakers` group: "Ana, Bo and Cy".
fn speaker_list(text: &str) -> Vec<String> {
    text.split([',', '&', '/'])
        .flat_map(|s| s.split(" and "))
        .map(speaker)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The lightning talks of `deck`, without repeats, and for each slide
/// whether a talk was read on it (also one already listed).
pub(crate) fn talks(
    deck: &Deck,
    slide_lines: &[Vec<Line>],
    rules: &Rules,
) -> (Vec<LightningTalk>, Vec<bool>) {
    // Each talk with whether it was held (read from a talk heading) rather
    // than only announced.
    let mut out: Vec<(LightningTalk, bool)> = Vec::new();
    let mut read_on = vec![false; deck.slides.len()];
    let mut push = |talk: LightningTalk, held: bool| {
        read_on[talk.slide] = true;
        let key = title_key(&talk.title);
        let Some((known, known_held)) = out.iter_mut().find(|(t, _)| title_key(&t.title) == key)
        else {
            out.push((talk, held));
            return;
        };
        for s in &talk.speakers {
            if !known
                .speakers
                .iter()
                .any(|k| k.to_lowercase() == s.to_lowercase())
            {
                known.speakers.push(s.clone());
            }
        }
        if held && !*known_held {
            known.title = talk.title;
            known.slide = talk.slide;
            *known_held = true;
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
                // "Lightning Talk: Title", the headings below, or a speaker
                // line and a title line below.
                let own = without_when(&rules.strip(&line.text));
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
                        .map(|l| without_when(&tidy(&l.text)))
                        .unwrap_or_default();
                    let speakers = below
                        .iter()
                        .filter(|l| l.heading > Some(top))
                        .map(|l| speaker(&l.text))
                        .filter(|s| !s.is_empty())
                        .collect();
                    (title, speakers)
                } else {
                    from_body(&lines[i + 1..], level).unwrap_or_default()
                };
                if is_title(&title) {
                    push(
                        LightningTalk {
                            title,
                            speakers,
                            slide: slide.index,
                        },
                        true,
                    );
                }
                continue;
            }
            let mentions = rules.mentions();
            if !mentions
                .any
                .as_ref()
                .is_some_and(|set| set.is_match(&line.text))
            {
                continue;
            }
            for re in &mentions.each {
                if let Some(c) = re.captures(&line.text)
                    && let Some(t) = c.name("title")
                {
                    let title = tidy(t.as_str());
                    if is_title(&title) {
                        push(
                            LightningTalk {
                                title,
                                speakers: c
                                    .name("speakers")
                                    .map(|s| speaker_list(s.as_str()))
                                    .unwrap_or_default(),
                                slide: slide.index,
                            },
                            false,
                        );
                    }
                    break;
                }
            }
        }
    }
    // In slide order: a talk held after it was announced moved to its slide.
    let mut talks: Vec<LightningTalk> = out.into_iter().map(|(t, _)| t).collect();
    talks.sort_by_key(|t| t.slide);
    (talks, read_on)
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(crate) fn warm_up() {
    for re in [&WHEN, &SPEAKER_LINE] {
        LazyLock::force(re);
    }
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

    #[test]
    fn a_time_is_never_a_title() {
        assert_eq!(
            titles("# Lightning talks start at 16:30\n\n* Five minutes each\n"),
            []
        );
        assert_eq!(titles("# Lightning talk on Monday\n"), []);
        assert_eq!(titles("# Lightning talk today, 4pm\n"), []);
        assert_eq!(titles("* Lightning talk about 2026-11-05\n"), []);
        assert_eq!(
            titles("# Lightning Talk: Status Page, next Thursday at 16:00\n"),
            [("Status Page".to_owned(), vec![])]
        );
    }

    #[test]
    fn a_speaker_line_and_a_title_line_make_a_talk() {
        assert_eq!(
            titles("# Lightning talk this week, 16:00\n\nJane Doe (ACME Corp)\nScaling Postgres\n"),
            [("Scaling Postgres".to_owned(), vec!["Jane Doe".to_owned()])]
        );
        // No speaker line: no talk read from the body.
        assert_eq!(
            titles("# Lightning talk\n\nFive minutes\nQuestions after\n"),
            []
        );
    }

    #[test]
    fn an_announced_and_held_talk_is_one_talk_on_the_held_slide() {
        let md = "# Agenda\n\n* Lightning talk: Rust in the kernel (Miguel, Ana)\n\n---\n\n# Lightning Talk: Rust in the Kernel.\n### Ana\n";
        assert_eq!(
            titles(md),
            [(
                "Rust in the Kernel".to_owned(),
                vec!["Miguel".to_owned(), "Ana".to_owned()]
            )]
        );
    }
}
