//! The events the decks announce, one row per announcement, as `decktype
//! events` lists them: sorted by date, each with its deck and line.

use decktype_model::{Deck, Event, LineIndex};
use serde::Serialize;

/// A deck to list: its path, how to show it, its source and its model.
#[derive(Debug, Clone, Copy)]
pub struct ListedDeck<'a> {
    /// The deck's path as recorded in its JSON (`None`: standard input).
    pub path: Option<&'a str>,
    /// The path as shown to people.
    pub display: &'a str,
    /// The source, for line numbers.
    pub source: &'a str,
    /// The analysed deck.
    pub deck: &'a Deck,
}

/// One row: an event with where it is written.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow<'a> {
    /// The deck's path (`null` for standard input).
    pub deck: Option<&'a str>,
    /// The call's date.
    pub call_date: Option<&'a str>,
    /// 1-based line of the event in the deck.
    pub line: usize,
    /// The deck as shown to people (not in the JSON).
    #[serde(skip)]
    pub display: &'a str,
    /// The event.
    #[serde(flatten)]
    pub event: &'a Event,
}

/// Every event of `decks`, sorted by start, end, deck and line.
pub fn rows<'a>(decks: &[ListedDeck<'a>]) -> Vec<EventRow<'a>> {
    let mut rows = Vec::new();
    for d in decks {
        let index = LineIndex::new(d.source);
        for event in &d.deck.events {
            rows.push(EventRow {
                deck: d.path,
                call_date: d.deck.meta.date.as_deref(),
                line: index.line_col(event.span.start).line,
                display: d.display,
                event,
            });
        }
    }
    rows.sort_by(|a, b| {
        (&a.event.start, &a.event.end, a.deck, a.line).cmp(&(
            &b.event.start,
            &b.event.end,
            b.deck,
            b.line,
        ))
    });
    rows
}

/// The rows as a pretty JSON array with a final newline.
pub fn json(rows: &[EventRow<'_>]) -> String {
    let mut s = serde_json::to_string_pretty(rows).expect("events serialize");
    s.push('\n');
    s
}

/// The events as an aligned text table.
pub fn table(rows: &[EventRow<'_>], with_deck: bool) -> String {
    let mut table: Vec<Vec<String>> = vec![
        ["START", "END", "NAME", "LOCATION"]
            .into_iter()
            .map(str::to_owned)
            .collect(),
    ];
    if with_deck {
        table[0].push("WHERE".to_owned());
    }
    for row in rows {
        let e = row.event;
        let mut cells = vec![
            e.start.clone(),
            e.end.clone().unwrap_or_else(|| "-".to_owned()),
            e.name.clone(),
            e.location.clone().unwrap_or_else(|| "-".to_owned()),
        ];
        if with_deck {
            cells.push(format!("{}:{}", row.display, row.line));
        }
        table.push(cells);
    }
    if rows.is_empty() {
        return "no events found\n".to_owned();
    }
    let columns = table[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                let pad = widths[c] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, start: &str, at: usize) -> Event {
        Event {
            name: name.to_owned(),
            start: start.to_owned(),
            end: None,
            location: None,
            people: vec![],
            urls: vec![],
            text: name.to_owned(),
            slide: 0,
            span: decktype_model::Span::new(at, at + 1),
        }
    }

    #[test]
    fn sorted_with_lines_and_a_table() {
        let deck = Deck {
            events: vec![event("B", "2024-05-02", 6), event("A", "2024-05-01", 0)],
            ..Deck::default()
        };
        let source = "line1\nline2\n";
        let listed = [ListedDeck {
            path: Some("d.md"),
            display: "shown/d.md",
            source,
            deck: &deck,
        }];
        let r = rows(&listed);
        assert_eq!(
            r.iter().map(|r| r.event.name.as_str()).collect::<Vec<_>>(),
            ["A", "B"]
        );
        assert_eq!(r[1].line, 2);
        let t = table(&r, true);
        assert!(t.starts_with("START"), "{t}");
        assert!(t.contains("shown/d.md:2"), "{t}");
        let j: serde_json::Value = serde_json::from_str(&json(&r)).unwrap();
        assert_eq!(j[0]["deck"], "d.md");
        assert!(j[0].get("display").is_none());
        assert_eq!(table(&[], false), "no events found\n");
    }
}
