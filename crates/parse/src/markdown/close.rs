//! A finished frame becomes a block, list item, table part or inline of its
//! parent.

use std::collections::BTreeMap;

use decktype_model::{Block, DefinitionItem, Image, Inline, ListItem, Span, TableCell};

use super::frame::{Frame, InlineKind, Kind};
use crate::Context;
use crate::inline::{finish_inlines, html_block_inlines};

/// Closes `frame`, whose span ends at `end`, into `parent`.
pub(super) fn close(ctx: &mut Context<'_>, mut frame: Frame, parent: &mut Frame, end: usize) {
    let span = Span::new(frame.start, end);
    let kind = std::mem::replace(&mut frame.kind, Kind::Root);
    match kind {
        Kind::Root => {}
        Kind::Paragraph => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.blocks.push(paragraph(inlines, span));
        }
        Kind::Heading(level) => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.blocks.push(Block::Heading {
                level,
                inlines,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Quote => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.blocks.push(Block::Quote {
                blocks: frame.blocks,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Code { info, fenced } => {
            let language = info.split_whitespace().next().map(str::to_owned);
            parent.blocks.push(Block::CodeBlock {
                language,
                info,
                code: frame.text,
                fenced,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Html => {
            let inlines = html_block_inlines(ctx, &frame.text, &frame.chunks);
            parent.blocks.push(Block::Html {
                html: frame.text,
                inlines,
                span,
            });
        }
        Kind::List { start, loose } => parent.blocks.push(Block::List {
            ordered: start.is_some(),
            start,
            tight: !loose,
            items: frame.items,
            attributes: BTreeMap::new(),
            span,
        }),
        Kind::Item { checked } => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.items.push(ListItem {
                checked,
                blocks: frame.blocks,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Footnote(label) => {
            flush_implicit_paragraph(ctx, &mut frame);
            parent.blocks.push(Block::FootnoteDefinition {
                label,
                blocks: frame.blocks,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::DefList => parent.blocks.push(Block::DefinitionList {
            items: frame.definitions,
            attributes: BTreeMap::new(),
            span,
        }),
        Kind::DefTitle => {
            let term = finish_inlines(ctx, frame.inlines);
            parent.definitions.push(DefinitionItem {
                term,
                definitions: Vec::new(),
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::DefDefinition => close_definition(ctx, frame, parent, span),
        Kind::Table(alignments) => parent.blocks.push(Block::Table {
            alignments,
            header: frame.header,
            rows: frame.rows,
            attributes: BTreeMap::new(),
            span,
        }),
        Kind::TableHead => parent.header = frame.cells,
        Kind::TableRow => parent.rows.push(frame.cells),
        Kind::TableCell => {
            let inlines = finish_inlines(ctx, frame.inlines);
            parent.cells.push(TableCell {
                inlines,
                attributes: BTreeMap::new(),
                span,
            });
        }
        Kind::Inline(kind) => parent.inlines.push(inline(kind, frame.inlines, span)),
    }
}

/// A definition goes to the last term; one without a term gets an item of
/// its own.
fn close_definition(ctx: &mut Context<'_>, mut frame: Frame, parent: &mut Frame, span: Span) {
    flush_implicit_paragraph(ctx, &mut frame);
    match parent.definitions.last_mut() {
        Some(item) => {
            item.definitions.push(frame.blocks);
            item.span = item.span.cover(span);
        }
        None => parent.definitions.push(DefinitionItem {
            term: Vec::new(),
            definitions: vec![frame.blocks],
            attributes: BTreeMap::new(),
            span,
        }),
    }
}

/// The inline for a closed inline container holding `children`.
fn inline(kind: InlineKind, children: Vec<Inline>, span: Span) -> Inline {
    match kind {
        InlineKind::Emphasis => Inline::Emphasis {
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Strong => Inline::Strong {
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Strikethrough => Inline::Strikethrough {
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Superscript => Inline::Superscript {
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Subscript => Inline::Subscript {
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Link { url, title, kind } => Inline::Link {
            url,
            title: non_empty(title),
            kind,
            children,
            attributes: BTreeMap::new(),
            span,
        },
        InlineKind::Image { url, title } => Inline::Image(Image {
            url,
            alt: decktype_model::text::inlines_one_line(&children),
            title: non_empty(title),
            width: None,
            height: None,
            attributes: BTreeMap::new(),
            span,
        }),
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Inline content directly in a block container (tight list items, definitions)
/// becomes a paragraph of its own before the next block.
pub(super) fn flush_implicit_paragraph(ctx: &mut Context<'_>, frame: &mut Frame) {
    if frame.inlines.is_empty() {
        return;
    }
    let inlines = std::mem::take(&mut frame.inlines);
    let span = inlines
        .iter()
        .map(Inline::span)
        .reduce(Span::cover)
        .unwrap_or(Span::empty(frame.start));
    let inlines = finish_inlines(ctx, inlines);
    frame.blocks.push(paragraph(inlines, span));
}

/// A paragraph, or an image block when the paragraph is one image and nothing else.
fn paragraph(inlines: Vec<Inline>, span: Span) -> Block {
    let mut visible = inlines.iter().filter(|i| match i {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        Inline::SoftBreak { .. } | Inline::LineBreak { .. } => false,
        _ => true,
    });
    if let (Some(Inline::Image(_)), None) = (visible.next(), visible.next()) {
        let image = inlines
            .into_iter()
            .find_map(|i| match i {
                Inline::Image(image) => Some(image),
                _ => None,
            })
            .expect("checked above");
        return Block::Image(image);
    }
    Block::Paragraph {
        inlines,
        attributes: BTreeMap::new(),
        span,
    }
}
