//! Tender items: the list items on slides of tenders sections.

use std::sync::LazyLock;

use decktype_model::{Deck, Diagnostic, SectionKind, Severity, Tender};
use regex::Regex;

use crate::codes;
use crate::lazy::LazyRegex;
use crate::lines::Line;
use crate::sections::{Phrases, has_phrase};

/// Splits an item's text into id, topic and status.
pub(crate) fn split_item(
    id_pattern: Option<&Regex>,
    item: &str,
) -> (Option<String>, Option<String>, String) {
    let item = item.trim();
    let found = id_pattern.and_then(|re| re.find(item));
    let Some(m) = found else {
        // No id: the topic is what comes before the colon, if any.
        return match item.split_once(": ") {
            Some((topic, status)) => (
                None,
                Some(topic.trim().to_owned()),
                status.trim().to_owned(),
            ),
            None => (None, None, item.to_owned()),
        };
    };
    let id: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    let rest = item[m.end()..]
        .trim_start_matches([' ', '–', '-'])
        .trim_start();
    // "VP04 (Network Technology): status" or "VP04: Network Technology - status"
    if let Some(inner) = rest.strip_prefix('(')
        && let Some(close) = inner.find(')')
    {
        let topic = inner[..close].trim().to_owned();
        let status = inner[close + 1..]
            .trim_start_matches([':', ' ', '-', '–'])
            .trim()
            .to_owned();
        return (Some(id), Some(topic).filter(|t| !t.is_empty()), status);
    }
    let rest = rest.trim_start_matches(':').trim();
    match rest.split_once(": ") {
        Some((topic, status)) => (
            Some(id),
            Some(topic.trim().to_owned()),
            status.trim().to_owned(),
        ),
        None => (Some(id), None, rest.to_owned()),
    }
}

static PARENS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^()]*\)").expect("valid"));
/// "... tender from ITZ Bund for X", "... are tendering X".
static OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)tender(?:ing|s|ed)?(?-u:\b)(?:\s+from\s+.+?(?:\s+for(?-u:\b)|$))?\s*(?:for\s+)?(.*)$")
        .expect("valid")
});
/// Durations and amounts are not what a tender is about.
static MEASURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s*(?-u:\b)(?:for\s+)?\d+\s*(?:years?|yrs?|months?)(?-u:\b)(?:\s+of(?-u:\b))?|\s*(?-u:\b)(?:over|worth|about|of)?\s*(?:EUR|€|\$)\s*[\d.,]+\s*(?:million|mio\.?|billion|bn|k|m)?(?-u:\b)|\s*(?-u:\b)(?:over|worth|about)?\s*[\d.,]+\s*(?:m|mio\.?|million|billion|bn|k)?\s*(?:€|EUR)")
        .expect("valid")
});

/// What an id-less tender line is about: the object of "tender(ing)",
/// without issuer, duration and amount; else the text before a colon.
fn object(line: &str) -> String {
    let head = line.split(": ").next().unwrap_or(line);
    let head = PARENS.replace_all(head, "");
    let object = OBJECT
        .captures(&head)
        .map(|c| c[1].to_owned())
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| head.to_string());
    let object = tidy_object(&MEASURES.replace_all(&object, ""));
    // "256 M€ tender: "Access to cloud service offerings ..."": the subject
    // follows the colon, up to the end of its first sentence.
    let bare = object.is_empty()
        || object
            .split_whitespace()
            .all(|w| has_phrase(&w.to_lowercase(), "tender"));
    match line.split_once(": ") {
        Some((_, after)) if bare => {
            let after = PARENS.replace_all(after, "");
            let first = after.split(". ").next().unwrap_or(&after);
            tidy_object(first.trim_end_matches('.'))
        }
        _ => object,
    }
}

/// Without leading articles and surrounding punctuation.
fn tidy_object(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words
        .first()
        .is_some_and(|w| ["a", "an", "the", "of", "for"].contains(&w.to_lowercase().as_str()))
    {
        words.remove(0);
    }
    words
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// The profile's tender rules, prepared once.
#[derive(Debug)]
pub(crate) struct Rules {
    /// The id pattern, compiled when first used.
    id: LazyRegex,
    /// What an id looks like at the start of an item, right or wrong.
    id_like: LazyRegex,
    phrases: Phrases,
    words: Vec<String>,
}

impl Rules {
    /// Whether a pattern was compiled (for tests).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.id.is_compiled() || self.id_like.is_compiled() || self.phrases.is_compiled()
    }

    /// Compiles the profile's tender patterns now (see `Options::warm_up`).
    pub(crate) fn warm_up(&self) {
        self.id.get();
        self.id_like.get();
        self.phrases.warm_up();
    }

    pub(crate) fn new(profile: &crate::Profile) -> Self {
        // An empty pattern is no pattern (the profile validated the others).
        let optional = |p: &str| LazyRegex::new(Some(p.to_owned()).filter(|p| !p.is_empty()));
        Rules {
            id_like: optional(&profile.tenders.id_like),
            phrases: Phrases::new(&profile.tenders.words),
            id: optional(&profile.tenders.id_pattern),
            words: profile
                .tenders
                .words
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        }
    }

    fn has_word(&self, text: &str) -> bool {
        self.phrases.is_match(text)
    }

    /// The title without the tender words: what the slide is about.
    fn subject(&self, title: &str) -> String {
        let mut words: Vec<&str> = title
            .split_whitespace()
            .filter(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                !self.words.contains(&w) && !w.is_empty()
            })
            .collect();
        while words
            .last()
            .is_some_and(|w| !w.chars().any(char::is_alphanumeric))
        {
            words.pop();
        }
        words.join(" ")
    }
}

/// The tenders of `deck` (its sections must be set).
///
/// On a slide of a tenders section, each top-level list item (or, without a
/// list, each line) with an id or a tender word is a tender. A tenders slide
/// with neither is the status of the tender its title names ("ITZ Bund
/// Tender"). Elsewhere, ids in the items under a heading with a tender word
/// ("### Finished tenders" on a team slide) are tenders too.
///
/// An item that starts like an id (the profile's `id_like`) but has none
/// that matches `id_pattern` gets DT036.
pub(crate) fn tenders(
    deck: &Deck,
    slide_lines: &[Vec<Line>],
    rules: &Rules,
) -> (Vec<Tender>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diagnostics = Vec::new();
    let mut in_section = vec![false; deck.slides.len()];
    for section in &deck.sections {
        if section.kind == SectionKind::Tenders {
            for &i in &section.slides {
                in_section[i] = true;
            }
        }
    }
    for slide in &deck.slides {
        let lines = &slide_lines[slide.index];
        if in_section[slide.index] {
            let has_items = lines.iter().any(|l| l.depth == Some(0));
            let mut plain = Vec::new();
            let mut found = false;
            for line in lines.iter().filter(|l| {
                if has_items {
                    l.depth == Some(0)
                } else {
                    l.heading.is_none()
                }
            }) {
                let (id, topic, status) = split_item(rules.id.get(), &line.text);
                if id.is_none()
                    && let Some(m) = rules.id_like.get().and_then(|re| re.find(&line.text))
                {
                    let written = line.text[m.start()..]
                        .split([':', '(', ',', ' '])
                        .next()
                        .unwrap_or("");
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Warning,
                            codes::TENDER_ID_PATTERN,
                            format!(
                                "`{written}` looks like a tender id but does not match the profile's pattern `{}`",
                                rules.id.get().map_or("", Regex::as_str)
                            ),
                            line.span,
                        )
                        .with_help("write the id as the other tenders do (`VP04`, `VP09b-2`); it is listed without an id until then"),
                    );
                }
                if id.is_some() {
                    out.push(Tender {
                        id,
                        topic,
                        status,
                        slide: slide.index,
                        span: line.span,
                    });
                    found = true;
                } else if rules.has_word(&line.text) {
                    let topic = object(&line.text);
                    out.push(Tender {
                        id: None,
                        topic: Some(topic).filter(|t| !t.is_empty()),
                        status: line.text.to_string(),
                        slide: slide.index,
                        span: line.span,
                    });
                    found = true;
                } else {
                    plain.push(line);
                }
            }
            let subject = slide.title.as_deref().map(|t| rules.subject(t));
            if !found
                && let (Some(first), Some(subject)) = (plain.first(), subject)
                && !subject.is_empty()
            {
                let status: Vec<&str> = plain.iter().map(|l| &*l.text).collect();
                out.push(Tender {
                    id: None,
                    topic: Some(subject),
                    status: status.join("; "),
                    slide: slide.index,
                    span: first.span,
                });
            }
            continue;
        }
        // Ids under a tender heading elsewhere (the id pattern is compiled
        // only when there is such a line).
        // Many lines share one context: look at it once.
        let mut seen: Option<(&std::rc::Rc<str>, bool)> = None;
        for line in lines {
            let under_tender_heading = line.heading.is_none()
                && line.context.as_ref().is_some_and(|c| match seen {
                    Some((last, answer)) if std::rc::Rc::ptr_eq(last, c) => answer,
                    _ => {
                        let answer = rules.has_word(c) && Some(&**c) != slide.title.as_deref();
                        seen = Some((c, answer));
                        answer
                    }
                });
            if !under_tender_heading {
                continue;
            }
            let Some(re) = rules.id.get() else { break };
            for m in re.find_iter(&line.text) {
                out.push(Tender {
                    id: Some(m.as_str().chars().filter(|c| !c.is_whitespace()).collect()),
                    topic: None,
                    status: line.text.to_string(),
                    slide: slide.index,
                    span: line.span,
                });
            }
        }
    }
    (out, diagnostics)
}

/// Compiles this module's fixed patterns now (see `Options::warm_up`).
pub(crate) fn warm_up() {
    for re in [&PARENS, &OBJECT, &MEASURES] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_as_written_in_real_decks() {
        let profile = crate::Profile::default();
        let re = Regex::new(&profile.tenders.id_pattern).unwrap();
        let cases: &[(&str, Option<&str>, Option<&str>, &str)] = &[
            (
                "VP04 (Network Technology): Decision of the Executive Board has been made.",
                Some("VP04"),
                Some("Network Technology"),
                "Decision of the Executive Board has been made.",
            ),
            (
                "VP 09a (sec): waiting for OSBA board approval",
                Some("VP09a"),
                Some("sec"),
                "waiting for OSBA board approval",
            ),
            (
                "VP09b-2 (supply chain security): published",
                Some("VP09b-2"),
                Some("supply chain security"),
                "published",
            ),
            (
                "VPXX: Some topic: planned",
                Some("VPXX"),
                Some("Some topic"),
                "planned",
            ),
            (
                "ITZ Bund: tender for an on-prem cloud",
                None,
                Some("ITZ Bund"),
                "tender for an on-prem cloud",
            ),
        ];
        assert_eq!(
            object(
                "410M€ tender from ITZ Bund (data center from the German federal government) for 5yrs of an open source managed on-prem cloud: https://example.org"
            ),
            "open source managed on-prem cloud"
        );
        assert_eq!(
            object(
                "German public pension insurance, federal employment agency (DRV, BA, DGUV) are tendering a framework agreement for 2 years over EUR 100 million for cloud solutions: more"
            ),
            "framework agreement for cloud solutions"
        );
        assert_eq!(
            object("256 M€ tender: \"Access to cloud service offerings (cloud broker). Lots: 3"),
            "Access to cloud service offerings"
        );
        for (item, id, topic, status) in cases {
            let (i, t, s) = split_item(Some(&re), item);
            assert_eq!(
                (i.as_deref(), t.as_deref(), s.as_str()),
                (*id, *topic, *status),
                "{item}"
            );
        }
    }
}
