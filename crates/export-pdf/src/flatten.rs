//! The deck as typst gets it in `/deck.json`: the JSON export, except where
//! the PDF cannot take it as it is. Containers nested deeper than typst can
//! lay out are flattened (typst stops at 64 nested show rules and 80 nested
//! calls: a list nested 12 levels deep exceeds them), with
//! [`NESTING_FLATTENED_IN_PDF`]; text that becomes a PDF string (headings,
//! slide titles, alt text) is shortened to what PDF/A allows, with
//! [`TEXT_TRUNCATED_IN_PDF`] (see [`crate::strings`]). Only a copy is
//! changed, and only when something must be: the JSON export keeps the
//! deck as written.

use decktype_format::Envelope;
use decktype_model::codes::NESTING_FLATTENED_IN_PDF;
use decktype_model::{Block, Deck, Diagnostic, Inline, Severity, Span};
use typst::foundations::Bytes;

use crate::strings;
use crate::view::View;

/// How deep the default template can nest, in its own units: about one per
/// show rule or call the template nests for a container (measured with the
/// built-in template: a list costs about 5.5 of typst's 64 levels, a quote
/// or an HTML element 2.4, a link 2.5, emphasis 1.5). [`COST`] rounds each
/// up, so a deck within the budget lays out with room to spare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget {
    /// The budget of a whole path from the slide down to its innermost text.
    pub(crate) total: u32,
    /// What the block containers on the path may use of it (the rest is
    /// for the inline markup inside).
    pub(crate) blocks: u32,
}

impl Budget {
    /// The default: lists 9 levels deep, quotes and elements 18, and a few
    /// levels of emphasis or links inside the innermost.
    pub(crate) const DEFAULT: Budget = Budget {
        total: 60,
        blocks: 54,
    };

    /// A tighter budget, for another try after typst still ran too deep (a
    /// custom template that nests more): half, then nothing (every
    /// container flattened).
    pub(crate) fn tighter(self) -> Option<Budget> {
        let total = match self.total {
            0 => return None,
            t if t > 30 => t / 2,
            _ => 0,
        };
        Some(Budget {
            total,
            blocks: total * 9 / 10,
        })
    }
}

/// What nesting one node costs (see [`Budget`]).
mod cost {
    /// A list (a list, its item, the alignment and block around it).
    pub(super) const LIST: u32 = 6;
    /// A quote, an HTML element, a definition list, a footnote, a table,
    /// a heading.
    pub(super) const BLOCK: u32 = 3;
    /// A link or an inline HTML element.
    pub(super) const LINK: u32 = 3;
    /// Emphasis, strong, strikethrough, mark, inserted, sub- and superscript.
    pub(super) const INLINE: u32 = 2;
}

/// `/deck.json`: the envelope's JSON, or a copy's with deep containers
/// flattened to `budget` and over-long strings shortened, with a diagnostic
/// for each slide changed (and its speaker notes, when `notes` are in the
/// PDF). Shortens the view's strings too (title, description, keywords,
/// section titles, link targets).
pub(crate) fn deck_json(
    envelope: &Envelope,
    view: &mut View,
    budget: Budget,
    notes: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Bytes {
    strings::view(view, &envelope.deck, diagnostics);
    if !needs_copy(&envelope.deck, budget, notes) {
        return Bytes::from_string(envelope.to_json_line());
    }
    let mut deck = envelope.deck.clone();
    flatten_deck(&mut deck, budget, notes, diagnostics);
    strings::deck(&mut deck, notes, diagnostics);
    let copy = Envelope {
        format_version: envelope.format_version,
        generator: envelope.generator.clone(),
        source: envelope.source.clone(),
        deck,
        diagnostics: envelope.diagnostics.clone(),
    };
    Bytes::from_string(copy.to_json_line())
}

/// Whether the deck (with its `notes`, if shown) nests deeper than
/// `budget` or has a string too long.
fn needs_copy(deck: &Deck, budget: Budget, notes: bool) -> bool {
    deck.slides.iter().any(|slide| {
        let notes = match &slide.notes {
            Some(n) if notes => &n.blocks[..],
            _ => &[][..],
        };
        [&slide.blocks[..], notes]
            .iter()
            .any(|blocks| blocks.iter().any(|b| too_deep(b, 0, budget)))
    }) || strings::deck_too_long(deck, notes)
}

/// Whether `block`, reached at `used`, needs flattening.
fn too_deep(block: &Block, used: u32, budget: Budget) -> bool {
    let cost = block_cost(block);
    if cost > 0 && used + cost > budget.blocks {
        return true;
    }
    let used = used + cost;
    let inlines_deep = |inlines: &[Inline]| inlines.iter().any(|i| inline_deep(i, used, budget));
    match block {
        Block::Heading { inlines, .. }
        | Block::Paragraph { inlines, .. }
        | Block::Html { inlines, .. } => inlines_deep(inlines),
        Block::List { items, .. } => items
            .iter()
            .any(|item| item.blocks.iter().any(|b| too_deep(b, used, budget))),
        Block::Table { header, rows, .. } => header
            .iter()
            .chain(rows.iter().flatten())
            .any(|c| inlines_deep(&c.inlines)),
        Block::DefinitionList { items, .. } => items.iter().any(|item| {
            inlines_deep(&item.term)
                || item
                    .definitions
                    .iter()
                    .flatten()
                    .any(|b| too_deep(b, used, budget))
        }),
        _ => block
            .child_blocks()
            .iter()
            .any(|b| too_deep(b, used, budget)),
    }
}

/// Whether `inline`, reached at `used`, needs flattening.
fn inline_deep(inline: &Inline, used: u32, budget: Budget) -> bool {
    let cost = inline_cost(inline);
    if cost == 0 {
        return false;
    }
    used + cost > budget.total
        || inline
            .children()
            .iter()
            .any(|c| inline_deep(c, used + cost, budget))
}

fn block_cost(block: &Block) -> u32 {
    match block {
        Block::List { .. } => cost::LIST,
        Block::Quote { .. }
        | Block::Element { .. }
        | Block::DefinitionList { .. }
        | Block::FootnoteDefinition { .. }
        | Block::Table { .. }
        | Block::Heading { .. } => cost::BLOCK,
        _ => 0,
    }
}

fn inline_cost(inline: &Inline) -> u32 {
    match inline {
        Inline::Link { .. } | Inline::Html { .. } => cost::LINK,
        _ if inline.children().is_empty() && !is_container(inline) => 0,
        _ => cost::INLINE,
    }
}

/// Whether `inline` is a container (it may have no children yet).
fn is_container(inline: &Inline) -> bool {
    matches!(
        inline,
        Inline::Emphasis { .. }
            | Inline::Strong { .. }
            | Inline::Strikethrough { .. }
            | Inline::Mark { .. }
            | Inline::Inserted { .. }
            | Inline::Superscript { .. }
            | Inline::Subscript { .. }
    )
}

/// Flattens every slide's (and its shown `notes'`) containers beyond
/// `budget`, with a diagnostic for each slide or notes changed, at the
/// first container flattened.
fn flatten_deck(deck: &mut Deck, budget: Budget, notes: bool, diagnostics: &mut Vec<Diagnostic>) {
    for slide in &mut deck.slides {
        let notes = slide
            .notes
            .as_mut()
            .filter(|_| notes)
            .map(|n| &mut n.blocks);
        for blocks in std::iter::once(&mut slide.blocks).chain(notes) {
            let mut first = None;
            *blocks = flatten_blocks(std::mem::take(blocks), 0, budget, &mut first);
            if let Some(span) = first {
                diagnostics.push(flattened(span));
            }
        }
    }
}

/// The diagnostic of a container flattened at `span`.
fn flattened(span: Span) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        NESTING_FLATTENED_IN_PDF,
        "nested too deep for the PDF: this container and the ones inside it are flattened there (their content is kept; the JSON and HTML keep the nesting)",
        span,
    )
    .with_help("nest lists, quotes and HTML elements less deeply (a list up to 9 levels, quotes and elements up to 18, fewer when mixed)")
}

/// `blocks` (reached at `used`) with the containers beyond `budget`
/// replaced by their content; `first` gets the span of the first.
fn flatten_blocks(
    blocks: Vec<Block>,
    used: u32,
    budget: Budget,
    first: &mut Option<Span>,
) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        flatten_block(block, used, budget, first, &mut out);
    }
    out
}

fn flatten_block(
    mut block: Block,
    used: u32,
    budget: Budget,
    first: &mut Option<Span>,
    out: &mut Vec<Block>,
) {
    let cost = block_cost(&block);
    let recursive = matches!(
        block,
        Block::List { .. }
            | Block::Quote { .. }
            | Block::Element { .. }
            | Block::DefinitionList { .. }
            | Block::FootnoteDefinition { .. }
    );
    if recursive && used + cost > budget.blocks {
        first.get_or_insert(block.span());
        for inner in unwrap(block) {
            flatten_block(inner, used, budget, first, out);
        }
        return;
    }
    let used = used + cost;
    let inlines = |inlines: &mut Vec<Inline>, first: &mut Option<Span>| {
        *inlines = flatten_inlines(std::mem::take(inlines), used, budget, first);
    };
    match &mut block {
        Block::Heading { inlines: i, .. }
        | Block::Paragraph { inlines: i, .. }
        | Block::Html { inlines: i, .. } => inlines(i, first),
        Block::List { items, .. } => {
            for item in items {
                item.blocks = flatten_blocks(std::mem::take(&mut item.blocks), used, budget, first);
            }
        }
        Block::Table { header, rows, .. } => {
            for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                inlines(&mut cell.inlines, first);
            }
        }
        Block::DefinitionList { items, .. } => {
            for item in items {
                inlines(&mut item.term, first);
                for d in &mut item.definitions {
                    *d = flatten_blocks(std::mem::take(d), used, budget, first);
                }
            }
        }
        Block::Quote { blocks, .. }
        | Block::Element { blocks, .. }
        | Block::FootnoteDefinition { blocks, .. } => {
            *blocks = flatten_blocks(std::mem::take(blocks), used, budget, first);
        }
        _ => {}
    }
    out.push(block);
}

/// A container's content as sibling blocks: a list's items (each first
/// paragraph starting with its marker), a definition list's terms (as
/// paragraphs) and definitions, the blocks of a quote, element or footnote.
fn unwrap(block: Block) -> Vec<Block> {
    match block {
        Block::List {
            ordered,
            start,
            items,
            ..
        } => {
            let mut out = Vec::new();
            for (number, item) in (start.unwrap_or(1)..).zip(items) {
                let mut marker = if ordered {
                    format!("{number}. ")
                } else {
                    "• ".to_owned()
                };
                match item.checked {
                    Some(true) => marker.push_str("☑ "),
                    Some(false) => marker.push_str("☐ "),
                    None => {}
                }
                let mut blocks = item.blocks;
                match blocks.first_mut() {
                    Some(Block::Paragraph { inlines, span, .. }) => {
                        let at = Span::new(span.start, span.start);
                        inlines.insert(0, text(marker, at));
                    }
                    _ => blocks.insert(0, paragraph(vec![text(marker, item.span)], item.span)),
                }
                out.extend(blocks);
            }
            out
        }
        Block::DefinitionList { items, .. } => {
            let mut out = Vec::new();
            for item in items {
                out.push(paragraph(item.term, item.span));
                out.extend(item.definitions.into_iter().flatten());
            }
            out
        }
        Block::Quote { blocks, .. }
        | Block::Element { blocks, .. }
        | Block::FootnoteDefinition { blocks, .. } => blocks,
        other => vec![other],
    }
}

fn text(text: String, span: Span) -> Inline {
    Inline::Text { text, span }
}

fn paragraph(inlines: Vec<Inline>, span: Span) -> Block {
    Block::Paragraph {
        inlines,
        attributes: Default::default(),
        span,
    }
}

/// `inlines` (reached at `used`) with the containers beyond `budget`
/// replaced by their children.
fn flatten_inlines(
    inlines: Vec<Inline>,
    used: u32,
    budget: Budget,
    first: &mut Option<Span>,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        let cost = inline_cost(&inline);
        let Some(children) = inline.children_mut().map(std::mem::take) else {
            out.push(inline);
            continue;
        };
        if used + cost > budget.total {
            first.get_or_insert(inline.span());
            out.extend(flatten_inlines(children, used, budget, first));
        } else {
            let children = flatten_inlines(children, used + cost, budget, first);
            if let Some(slot) = inline.children_mut() {
                *slot = children;
            }
            out.push(inline);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use decktype_model::ListItem;

    fn list(inner: Vec<Block>, n: usize) -> Block {
        Block::List {
            ordered: false,
            start: None,
            tight: true,
            items: vec![ListItem {
                checked: None,
                blocks: inner,
                attributes: Default::default(),
                span: Span::new(n, n + 1),
            }],
            attributes: Default::default(),
            span: Span::new(n, n + 1),
        }
    }

    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { items, .. } => {
                    1 + items.iter().map(|i| depth(&i.blocks)).max().unwrap_or(0)
                }
                _ => depth(b.child_blocks()),
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn lists_past_nine_levels_are_flattened_with_their_text() {
        let mut blocks = vec![paragraph(
            vec![text("innermost".into(), Span::new(99, 100))],
            Span::new(99, 100),
        )];
        for n in (0..14).rev() {
            blocks = vec![list(blocks, n)];
        }
        let budget = Budget::DEFAULT;
        assert!(blocks.iter().any(|b| too_deep(b, 0, budget)));
        let mut first = None;
        let flat = flatten_blocks(blocks, 0, budget, &mut first);
        assert_eq!(depth(&flat), 9);
        // The tenth list is the first flattened.
        assert_eq!(first, Some(Span::new(9, 10)));
        assert!(!flat.iter().any(|b| too_deep(b, 0, budget)));
        let json = serde_json::to_string(&flat).unwrap();
        assert!(json.contains("innermost"), "{json}");
        assert_eq!(json.matches("• ").count(), 5, "{json}");
    }

    #[test]
    fn budgets_get_tighter_down_to_nothing() {
        let mut b = Budget::DEFAULT;
        let mut seen = vec![b.total];
        while let Some(t) = b.tighter() {
            b = t;
            seen.push(b.total);
        }
        assert_eq!(seen, [60, 30, 0]);
    }
}
