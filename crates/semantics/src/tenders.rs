//! Tender items: the list items on slides of tenders sections.

use decktype_model::{Block, Deck, SectionKind, Tender, text};
use regex::Regex;

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

/// The tender items of `deck` (its sections must be set).
pub(crate) fn tenders(deck: &Deck, id_pattern: Option<&Regex>) -> Vec<Tender> {
    let mut out = Vec::new();
    for section in deck
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Tenders)
    {
        for &index in &section.slides {
            let slide = &deck.slides[index];
            for block in &slide.blocks {
                let Block::List { items, .. } = block else {
                    continue;
                };
                for item in items {
                    // The item's own text, without nested lists.
                    let own: Vec<Block> = item
                        .blocks
                        .iter()
                        .filter(|b| !matches!(b, Block::List { .. }))
                        .cloned()
                        .collect();
                    let line = text::blocks(&own)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if line.is_empty() {
                        continue;
                    }
                    let (id, topic, status) = split_item(id_pattern, &line);
                    out.push(Tender {
                        id,
                        topic,
                        status,
                        slide: index,
                        span: item.span,
                    });
                }
            }
        }
    }
    out
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
