//! A bound on what one page of the PDF lays out. A slide (or its notes)
//! far longer than a page is scaled down to fit it, and its layout costs
//! time and memory in proportion to its length: a 20 000-row table took
//! 1.7 GB, a paragraph of 100 000 characters over ten minutes. Such a slide
//! would be scaled below a few per cent, unreadable, so the PDF shows its
//! first part (about [`LIMIT_LINES`] lines) and says where it was cut, with
//! a [`SCALED_DOWN`] warning. Only a copy is cut, and only when a slide is
//! over the bound: the JSON and HTML exports keep the whole slide.

use decktype_format::Envelope;
use decktype_model::{Block, Diagnostic, Inline, Severity, Span};

use crate::SCALED_DOWN;

/// What one page box (a slide's content, a notes page) may hold, in
/// lines: a line of text is [`LINE`] characters, and every block, table
/// row and list item takes at least a line. A 700 px page holds about 35
/// lines of 16 px text, so a box at the bound is scaled to about 7%.
pub(crate) const LIMIT_LINES: usize = 500;

/// The characters of one line, about a line of the content box at 16 px.
const LINE: usize = 100;

/// What an inline element of its own (a footnote reference, an emoji, a
/// link's markup) costs, in characters: typst lays each out as a run.
const ELEMENT: usize = 10;

/// The bound in characters.
const LIMIT: usize = LIMIT_LINES * LINE;

/// `envelope` with every slide and notes over the bound cut, and a warning
/// for each; `None` when none is over it (the common case: nothing is
/// copied).
pub(crate) fn cut(envelope: &Envelope) -> Option<(Envelope, Vec<Diagnostic>)> {
    let over = |blocks: &[Block]| cost_blocks(blocks) > LIMIT;
    let any = envelope
        .deck
        .slides
        .iter()
        .any(|s| over(&s.blocks) || s.notes.as_ref().is_some_and(|n| over(&n.blocks)));
    if !any {
        return None;
    }
    let mut cut = envelope.clone();
    let mut diagnostics = Vec::new();
    for slide in &mut cut.deck.slides {
        let mut what = Vec::new();
        if cut_box(&mut slide.blocks, slide.span) {
            what.push("slide");
        }
        if let Some(notes) = &mut slide.notes
            && cut_box(&mut notes.blocks, notes.span)
        {
            what.push("notes");
        }
        if !what.is_empty() {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    SCALED_DOWN,
                    format!(
                        "slide {} is far too long for a page ({} of it cut in the PDF after about {LIMIT_LINES} lines); what is left is scaled down to fit",
                        slide.index + 1,
                        what.join(" and "),
                    ),
                    slide.span,
                )
                .with_help("split the slide with `----` (a vertical slide) or shorten it; the JSON and HTML exports keep all of it"),
            );
        }
    }
    Some((cut, diagnostics))
}

/// Cuts `blocks` to the bound, with a last paragraph saying so; whether
/// anything was cut.
fn cut_box(blocks: &mut Vec<Block>, span: Span) -> bool {
    let mut left = LIMIT;
    if !cut_blocks(blocks, &mut left) {
        return false;
    }
    blocks.push(Block::Paragraph {
        inlines: vec![Inline::Text {
            text: "[…] The rest of this slide is not in the PDF: it is far too long for a page."
                .to_owned(),
            span,
        }],
        attributes: Default::default(),
        span,
    });
    true
}

/// What `blocks` cost, in characters (see [`LINE`]).
fn cost_blocks(blocks: &[Block]) -> usize {
    blocks.iter().map(cost_block).sum()
}

fn cost_block(block: &Block) -> usize {
    LINE + match block {
        Block::Heading { inlines, .. }
        | Block::Paragraph { inlines, .. }
        | Block::Html { inlines, .. } => cost_inlines(inlines),
        Block::Image(_) | Block::Rule { .. } => 0,
        Block::List { items, .. } => items.iter().map(|i| LINE + cost_blocks(&i.blocks)).sum(),
        Block::CodeBlock { code, .. } => code.lines().map(|l| LINE + l.len()).sum(),
        Block::Table { header, rows, .. } => header
            .iter()
            .chain(rows.iter().flatten())
            .map(|c| cost_inlines(&c.inlines))
            .sum::<usize>()
            .saturating_add(rows.len() * LINE),
        Block::Quote { blocks, .. }
        | Block::Element { blocks, .. }
        | Block::FootnoteDefinition { blocks, .. } => cost_blocks(blocks),
        Block::DefinitionList { items, .. } => items
            .iter()
            .map(|i| {
                LINE + cost_inlines(&i.term)
                    + i.definitions.iter().map(|d| cost_blocks(d)).sum::<usize>()
            })
            .sum(),
        #[allow(unreachable_patterns)]
        _ => 0,
    }
}

fn cost_inlines(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| {
            let own = match i {
                Inline::Text { text, .. } => text.len(),
                Inline::Code { code, .. } => code.len(),
                _ => ELEMENT,
            };
            own + cost_inlines(i.children())
        })
        .sum()
}

/// Takes `n` from `left`; whether anything was left to take it from.
fn take(left: &mut usize, n: usize) -> bool {
    let had = *left > 0;
    *left = left.saturating_sub(n);
    had
}

/// Cuts `blocks` where `left` runs out; whether anything was cut.
fn cut_blocks(blocks: &mut Vec<Block>, left: &mut usize) -> bool {
    for i in 0..blocks.len() {
        if !take(left, LINE) {
            blocks.truncate(i);
            return true;
        }
        if cut_block(&mut blocks[i], left) {
            blocks.truncate(i + 1);
            return true;
        }
    }
    false
}

/// Cuts one block where `left` runs out (its first line already taken);
/// whether anything of it was cut.
fn cut_block(block: &mut Block, left: &mut usize) -> bool {
    match block {
        Block::Heading { inlines, .. }
        | Block::Paragraph { inlines, .. }
        | Block::Html { inlines, .. } => cut_inlines(inlines, left),
        Block::List { items, .. } => {
            for i in 0..items.len() {
                if !take(left, LINE) {
                    items.truncate(i);
                    return true;
                }
                if cut_blocks(&mut items[i].blocks, left) {
                    items.truncate(i + 1);
                    return true;
                }
            }
            false
        }
        Block::CodeBlock { code, .. } => {
            let mut end = 0;
            for line in code.split_inclusive('\n') {
                if !take(left, LINE + line.len()) {
                    code.truncate(end);
                    return true;
                }
                end += line.len();
            }
            false
        }
        Block::Table { header, rows, .. } => {
            for cell in header.iter_mut() {
                cut_inlines(&mut cell.inlines, left);
            }
            for i in 0..rows.len() {
                let mut cut = !take(left, LINE);
                for cell in &mut rows[i] {
                    cut |= cut_inlines(&mut cell.inlines, left);
                }
                if cut {
                    rows.truncate(i + 1);
                    return true;
                }
            }
            false
        }
        Block::Quote { blocks, .. }
        | Block::Element { blocks, .. }
        | Block::FootnoteDefinition { blocks, .. } => cut_blocks(blocks, left),
        Block::DefinitionList { items, .. } => {
            for i in 0..items.len() {
                let mut cut = !take(left, LINE) || cut_inlines(&mut items[i].term, left);
                let definitions = &mut items[i].definitions;
                for d in 0..definitions.len() {
                    if cut {
                        definitions.truncate(d);
                        break;
                    }
                    cut = cut_blocks(&mut definitions[d], left);
                }
                if cut {
                    items.truncate(i + 1);
                    return true;
                }
            }
            false
        }
        _ => false,
    }
}

/// Cuts `inlines` where `left` runs out; whether anything was cut.
fn cut_inlines(inlines: &mut Vec<Inline>, left: &mut usize) -> bool {
    for i in 0..inlines.len() {
        if *left == 0 {
            inlines.truncate(i);
            return true;
        }
        let text = match &mut inlines[i] {
            Inline::Text { text, .. } => Some(text),
            Inline::Code { code, .. } => Some(code),
            _ => None,
        };
        let cut = match text {
            Some(text) if text.len() > *left => {
                let mut end = *left;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.truncate(end);
                *left = 0;
                true
            }
            Some(text) => {
                *left -= text.len();
                false
            }
            None => {
                *left = left.saturating_sub(ELEMENT);
                inlines[i]
                    .children_mut()
                    .is_some_and(|children| cut_inlines(children, left))
            }
        };
        if cut {
            inlines.truncate(i + 1);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(text: &str) -> Envelope {
        let parsed = decktype_parse::parse(text, &Default::default());
        Envelope::new(Some("bound.md"), text, parsed.deck, &parsed.diagnostics)
    }

    #[test]
    fn a_deck_within_the_bound_is_not_copied() {
        let table: String = (0..200).map(|i| format!("| {i} |\n")).collect();
        assert!(cut(&envelope(&format!("# T\n\n| n |\n|---|\n{table}"))).is_none());
    }

    #[test]
    fn a_long_table_keeps_its_first_rows() {
        let table: String = (0..20_000).map(|i| format!("| {i} |\n")).collect();
        let (cut, diagnostics) =
            cut(&envelope(&format!("# T\n\n| n |\n|---|\n{table}"))).expect("cut");
        let blocks = &cut.deck.slides[0].blocks;
        let Block::Table { rows, .. } = &blocks[1] else {
            panic!("a table: {blocks:?}")
        };
        assert!(
            rows.len() > LIMIT_LINES / 2 && rows.len() < LIMIT_LINES,
            "{}",
            rows.len()
        );
        assert!(matches!(blocks.last(), Some(Block::Paragraph { .. })));
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, SCALED_DOWN);
    }

    #[test]
    fn a_long_line_is_cut_at_a_character() {
        let line = "é ".repeat(100_000);
        let (cut, _) = cut(&envelope(&format!("# L\n\n{line}\n"))).expect("cut");
        let Block::Paragraph { inlines, .. } = &cut.deck.slides[0].blocks[1] else {
            panic!("a paragraph")
        };
        assert!(cost_inlines(inlines) <= LIMIT);
        assert!(cost_blocks(&cut.deck.slides[0].blocks) <= LIMIT + 3 * LINE);
    }

    #[test]
    fn many_blocks_are_cut_after_the_bound() {
        let notes: String = (0..3_000).map(|i| format!("[^n{i}]: note {i}\n")).collect();
        let (cut, _) = cut(&envelope(&format!("# F\n\ntext[^n0]\n\n{notes}"))).expect("cut");
        let blocks = &cut.deck.slides[0].blocks;
        assert!(blocks.len() <= LIMIT_LINES / 2 + 3, "{}", blocks.len());
    }
}
