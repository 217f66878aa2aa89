//! How wide each list's longest line is at the least, so the template can
//! tell a list that surely wraps without laying it out.
//!
//! reveal.js shows a list as an inline-block, centred as a whole and
//! left-aligned inside: as wide as its longest item when that fits on one
//! line, and as wide as the slide's content when an item wraps. The
//! template shows the first as a `box` (which typst lays out twice: once to
//! measure each item, once to place it) and can show the second as a plain
//! block, laid out once. Which one a list is depends on its text's width
//! at its font size, which typst resolves; what the exporter can say
//! before the layout is a lower bound of that width in em: the advances of
//! the characters of the list's widest line in the narrowest style of the
//! font that serves each, with room for kerning and ligatures. When that
//! bound times the list's font size exceeds the space the list has, the
//! list wraps in any case, and the template lays it out as a block.

use std::collections::{BTreeMap, HashMap};

use decktype_model::{Block, Inline, Slide};

/// Kerning and ligatures make a line at most this much narrower than its
/// characters' advances (Lato's strongest kerning pairs take about 0.1 em
/// from a pair of capitals; a whole line loses a few per cent at most).
const SAFETY: f64 = 0.9;

/// A bound below which a list is not recorded: a line of fewer than ten
/// em fits on any slide, so the list would be a box anyway.
const SHORTEST: f64 = 10.0;

/// The lower bound, in em of the list's text size, of the widest line of
/// each list the template may centre as a box (a list not inside a list
/// item), by the byte offset its span starts at. `advance` gives a
/// character's narrowest advance in em, or `None` when no bundled font
/// has it (counted as nothing: the bound stays a bound).
pub(crate) fn list_widths(
    slides: &[Slide],
    advance: impl Fn(char) -> Option<f64>,
) -> BTreeMap<String, f64> {
    let mut measure = Measure {
        advance,
        known: HashMap::new(),
        out: BTreeMap::new(),
    };
    for slide in slides {
        measure.blocks(&slide.blocks);
    }
    measure.out
}

struct Measure<F> {
    advance: F,
    known: HashMap<char, f64>,
    out: BTreeMap<String, f64>,
}

impl<F: Fn(char) -> Option<f64>> Measure<F> {
    /// Finds the lists in `blocks` (not those inside list items: the
    /// template lays those out as blocks already).
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::List {
                    tight: true,
                    items,
                    span,
                    ..
                } => {
                    let widest = items
                        .iter()
                        .flat_map(|item| &item.blocks)
                        .map(|b| match b {
                            // A tight item's paragraph is shown in the
                            // list's own style (its attributes aside).
                            Block::Paragraph { inlines, .. } => self.widest_line(inlines),
                            _ => 0.0,
                        })
                        .fold(0.0, f64::max);
                    let bound = widest * SAFETY;
                    if bound >= SHORTEST {
                        // Three decimals: the JSON stays short and stable.
                        let bound = (bound * 1000.0).floor() / 1000.0;
                        self.out.insert(span.start.to_string(), bound);
                    }
                }
                Block::Quote { blocks, .. }
                | Block::Element { blocks, .. }
                | Block::FootnoteDefinition { blocks, .. } => self.blocks(blocks),
                Block::DefinitionList { items, .. } => {
                    for d in items.iter().flat_map(|i| &i.definitions) {
                        self.blocks(d);
                    }
                }
                _ => {}
            }
        }
    }

    /// The widest line of `inlines` (lines end at hard breaks) in em, at
    /// the least.
    fn widest_line(&mut self, inlines: &[Inline]) -> f64 {
        let mut line = Line::default();
        self.inlines(inlines, &mut line);
        line.finish();
        line.widest
    }

    fn inlines(&mut self, inlines: &[Inline], line: &mut Line) {
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } => {
                    for c in text.chars() {
                        if c.is_whitespace() {
                            line.space();
                        } else {
                            let w = self.char_advance(c);
                            line.push(w, self.char_advance(' '));
                        }
                    }
                }
                Inline::SoftBreak { .. } => line.space(),
                Inline::LineBreak { .. } => line.finish(),
                // The same size as the text around them.
                Inline::Emphasis { children, .. }
                | Inline::Strong { children, .. }
                | Inline::Strikethrough { children, .. }
                | Inline::Mark { children, .. }
                | Inline::Inserted { children, .. }
                | Inline::Link { children, .. } => self.inlines(children, line),
                // Smaller, another font, or sized by the deck's HTML or CSS
                // (`<font size>`, `<small>`): counted as nothing, so the
                // bound stays a bound. Their spaces are not counted either.
                _ => line.unknown(),
            }
        }
    }

    fn char_advance(&mut self, c: char) -> f64 {
        if let Some(w) = self.known.get(&c) {
            return *w;
        }
        let w = (self.advance)(c).unwrap_or(0.0);
        self.known.insert(c, w);
        w
    }
}

/// A line being measured: white space counts once between two counted
/// characters, never at a line's start or end.
#[derive(Default)]
struct Line {
    width: f64,
    /// White space seen since the last character.
    space: bool,
    /// Whether the line has a counted character.
    started: bool,
    widest: f64,
}

impl Line {
    fn push(&mut self, advance: f64, space: f64) {
        if self.space && self.started {
            self.width += space;
        }
        self.space = false;
        self.started = true;
        self.width += advance;
    }

    fn space(&mut self) {
        self.space = true;
    }

    /// Something not measured: the space before it is not counted.
    fn unknown(&mut self) {
        self.space = false;
    }

    fn finish(&mut self) {
        self.widest = self.widest.max(self.width);
        *self = Line {
            widest: self.widest,
            ..Line::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deck(md: &str) -> Vec<Slide> {
        decktype_parse::parse(md, &Default::default()).deck.slides
    }

    /// Every character 0.5 em, a space 0.25 em.
    fn half(c: char) -> Option<f64> {
        Some(if c == ' ' { 0.25 } else { 0.5 })
    }

    #[test]
    fn a_long_item_is_measured_and_a_short_list_is_not() {
        let long = "x".repeat(40);
        let slides = deck(&format!("- short\n- {long} {long}\n\n---\n\n- a\n- b\n"));
        let widths = list_widths(&slides, half);
        assert_eq!(widths.len(), 1, "{widths:?}");
        // 80 characters of 0.5 em and one space of 0.25 em, times 0.9.
        let w = widths.values().next().unwrap();
        assert!((w - (40.25 * SAFETY)).abs() < 0.001, "{w}");
    }

    #[test]
    fn a_hard_break_ends_a_line_and_markup_is_measured_inside() {
        let a = "a".repeat(30);
        let slides = deck(&format!("- **{a}** [{a}](https://x.example)\\\n  {a}\n"));
        let w = *list_widths(&slides, half).values().next().unwrap();
        // Two words of 30 characters and a space on the first line.
        assert!((w - (30.25 * SAFETY)).abs() < 0.001, "{w}");
    }

    #[test]
    fn html_code_and_unknown_characters_count_as_nothing() {
        let a = "a".repeat(30);
        let slides = deck(&format!(
            "- <small>{a}</small> `{a}` {a}\n- {a}\u{4e00}\u{4e00}\n"
        ));
        let none = |c: char| if c == '\u{4e00}' { None } else { half(c) };
        let w = *list_widths(&slides, none).values().next().unwrap();
        assert!((w - (15.0 * SAFETY)).abs() < 0.001, "{w}");
    }

    #[test]
    fn lists_inside_items_and_loose_lists_are_left_to_the_layout() {
        let long = "x".repeat(60);
        let slides = deck(&format!("- a\n  - {long}\n\n---\n\n- {long}\n\n- b\n"));
        assert!(list_widths(&slides, half).is_empty());
    }

    #[test]
    fn lists_in_html_elements_and_quotes_are_measured() {
        let long = "x".repeat(60);
        let slides = deck(&format!(
            "<div>\n\n- {long}\n\n</div>\n\n---\n\n> - {long}\n"
        ));
        assert_eq!(list_widths(&slides, half).len(), 2);
    }
}
