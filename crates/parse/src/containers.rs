//! HTML elements that hold blocks.
//!
//! markdown-it (HedgeDoc) ends a raw HTML block at a blank line, so
//! `<div class="col">`, a blank line, Markdown, a blank line, `</div>` is
//! three blocks: an HTML block with an open `<div>`, a paragraph, and an
//! HTML block with the `</div>`. The browser then nests the paragraph inside
//! the div. This pass does what the browser does: the raw start tags left
//! open at the top level of an HTML block (see `pair_block_html`) open a
//! [`Block::Element`], the blocks after it go inside, and a raw end tag of a
//! later HTML block closes it. An element never closed on its slide holds
//! the rest of the slide (the browser closes it at the end of the
//! `<section>`); an end tag that closes nothing is reported (DT014) and
//! ignored, as browsers ignore it.

use std::collections::{BTreeMap, HashSet};

use decktype_model::{Block, Diagnostic, Inline, Severity, Span};

use crate::html::{self, Token};
use crate::inline::{Deeper, color_of, unmatched_end_tag};
use crate::{Context, codes};

/// How many HTML elements may hold blocks one inside the other in one list
/// of blocks. Deeper start tags are left as they are (their content stays
/// where it is) with a diagnostic. Real decks nest two or three (a flex row,
/// its columns, a fragment); the cap keeps the model's depth bounded (see
/// [`crate::markdown::MAX_NESTING`]).
pub(crate) const MAX_ELEMENT_DEPTH: usize = 6;

/// Nests the blocks of one slide (and, inside them, of quotes, list items,
/// footnotes and definitions) into the HTML elements that hold them.
pub(crate) fn nest(ctx: &mut Context<'_>, blocks: Vec<Block>) -> Vec<Block> {
    let blocks = nest_list(ctx, blocks);
    blocks.into_iter().map(|b| nest_inside(ctx, b)).collect()
}

/// [`nest`] for the lists inside `block`.
fn nest_inside(ctx: &mut Context<'_>, mut block: Block) -> Block {
    match &mut block {
        Block::Quote { blocks, .. } | Block::FootnoteDefinition { blocks, .. } => {
            *blocks = nest(ctx, std::mem::take(blocks));
        }
        Block::Element { blocks, .. } => {
            // This list was nested with its parent's; only what is inside
            // its blocks is left.
            *blocks = std::mem::take(blocks)
                .into_iter()
                .map(|b| nest_inside(ctx, b))
                .collect();
        }
        Block::List { items, .. } => {
            for item in items {
                item.blocks = nest(ctx, std::mem::take(&mut item.blocks));
            }
        }
        Block::DefinitionList { items, .. } => {
            for item in items {
                for d in &mut item.definitions {
                    *d = nest(ctx, std::mem::take(d));
                }
            }
        }
        _ => {}
    }
    block
}

/// An element whose end tag has not come yet.
struct Open {
    tag: String,
    attributes: BTreeMap<String, String>,
    color: Option<String>,
    start: usize,
    /// Where its start tag ends (its span when it holds nothing).
    tag_end: usize,
    blocks: Vec<Block>,
}

/// The state of one list's pass.
struct Nesting {
    out: Vec<Block>,
    open: Vec<Open>,
    /// The start tags left as they are because of [`MAX_ELEMENT_DEPTH`]
    /// (the first is where the diagnostic points): their end tags are left
    /// as they are too.
    deeper: Deeper,
    /// End tags in paragraphs that the inline pass reported as closing
    /// nothing (DT014) but that close an element here: the reports are
    /// taken back at the end, all at once.
    taken_back: HashSet<Span>,
}

impl Nesting {
    fn target(&mut self) -> &mut Vec<Block> {
        match self.open.last_mut() {
            Some(open) => &mut open.blocks,
            None => &mut self.out,
        }
    }

    /// Closes the innermost open element at `end` (`None`: where its last
    /// block ends).
    fn close_top(&mut self, end: Option<usize>) {
        let Some(open) = self.open.pop() else { return };
        let end = end.unwrap_or_else(|| {
            open.blocks
                .last()
                .map_or(open.tag_end, |b| b.span().end)
                .max(open.tag_end)
        });
        let element = Block::Element {
            tag: open.tag,
            attributes: open.attributes,
            color: open.color,
            blocks: open.blocks,
            span: Span::new(open.start, end),
        };
        self.target().push(element);
    }

    /// Raw HTML that is neither a start nor an end tag of an element, as an
    /// HTML block of its own in the current element.
    fn flush(&mut self, ctx: &Context<'_>, pending: &mut Vec<Inline>) {
        if pending.is_empty() {
            return;
        }
        let inlines = std::mem::take(pending);
        let span = inlines
            .iter()
            .map(Inline::span)
            .reduce(Span::cover)
            .unwrap_or_default();
        // Only whitespace and line breaks left between the tags: nothing.
        if inlines.iter().all(|i| match i {
            Inline::Text { text, .. } => text.trim().is_empty(),
            Inline::SoftBreak { .. } => true,
            _ => false,
        }) {
            return;
        }
        let html = ctx.src.get(span.start..span.end).unwrap_or("").to_owned();
        self.target().push(Block::Html {
            html,
            inlines,
            span,
        });
    }
}

/// A raw start or end tag at the top level of an HTML block.
enum Tag {
    Start(String, Vec<(String, String)>),
    End(String),
}

fn tag_of(inline: &Inline) -> Option<Tag> {
    let Inline::RawHtml { html: raw, .. } = inline else {
        return None;
    };
    match html::lex_markup(raw, 0)? {
        Token::Start {
            name,
            attrs,
            self_closing: false,
            ..
        } if html::is_allowed_tag(&name) && !html::is_void(&name) => Some(Tag::Start(name, attrs)),
        Token::End { name, .. } if html::is_allowed_tag(&name) => Some(Tag::End(name)),
        _ => None,
    }
}

/// A paragraph while elements are open: an end tag in its text that closes
/// one of them ends the paragraph there and closes the element, as the
/// browser does (`<h2>Two`, a blank line, `and</h2> more`: `more` follows
/// the heading). The inline pass reported such an end tag as closing
/// nothing (DT014); that report is taken back.
fn close_in_paragraph(
    state: &mut Nesting,
    inlines: Vec<Inline>,
    attributes: BTreeMap<String, String>,
    span: Span,
) {
    let mut part = Vec::new();
    let mut start = span.start;
    let mut closed_any = false;
    for inline in inlines {
        let closes = match tag_of(&inline) {
            // The end tag of a start tag left as it is stays as it is.
            Some(Tag::End(tag)) if state.deeper.close(&tag) => {
                state.taken_back.insert(inline.span());
                None
            }
            Some(Tag::End(tag)) => state.open.iter().rposition(|o| o.tag == tag),
            _ => None,
        };
        let Some(pos) = closes else {
            part.push(inline);
            continue;
        };
        let at = inline.span();
        state.taken_back.insert(at);
        state.deeper.clear();
        if has_visible(&part) {
            let end = part.last().map_or(at.start, |i| i.span().end);
            state.target().push(Block::Paragraph {
                inlines: std::mem::take(&mut part),
                attributes: if closed_any {
                    BTreeMap::new()
                } else {
                    attributes.clone()
                },
                span: Span::new(start, end),
            });
        }
        part.clear();
        while state.open.len() > pos + 1 {
            state.close_top(None);
        }
        state.close_top(Some(at.end));
        start = at.end;
        closed_any = true;
    }
    if has_visible(&part) || !closed_any {
        let start = if closed_any {
            part.first().map_or(start, |i| i.span().start)
        } else {
            span.start
        };
        state.target().push(Block::Paragraph {
            inlines: part,
            attributes: if closed_any {
                BTreeMap::new()
            } else {
                attributes
            },
            span: Span::new(start, span.end),
        });
    }
}

/// Whether `inlines` show anything but white space.
fn has_visible(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        Inline::SoftBreak { .. } | Inline::LineBreak { .. } => false,
        _ => true,
    })
}

/// The pass over one list of blocks.
fn nest_list(ctx: &mut Context<'_>, blocks: Vec<Block>) -> Vec<Block> {
    let mut state = Nesting {
        out: Vec::with_capacity(blocks.len()),
        open: Vec::new(),
        deeper: Deeper::default(),
        taken_back: HashSet::new(),
    };
    for block in blocks {
        let block = match block {
            Block::Paragraph {
                inlines,
                attributes,
                span,
            } if !state.open.is_empty() => {
                close_in_paragraph(&mut state, inlines, attributes, span);
                continue;
            }
            other => other,
        };
        let Block::Html {
            html,
            inlines,
            span,
        } = block
        else {
            state.target().push(block);
            continue;
        };
        if !inlines.iter().any(|i| tag_of(i).is_some()) {
            state.target().push(Block::Html {
                html,
                inlines,
                span,
            });
            continue;
        }
        let mut pending = Vec::new();
        for inline in inlines {
            match tag_of(&inline) {
                Some(Tag::Start(tag, _)) if state.open.len() >= MAX_ELEMENT_DEPTH => {
                    state.deeper.open(tag, inline.span());
                    pending.push(inline);
                }
                Some(Tag::Start(tag, attrs)) => {
                    state.flush(ctx, &mut pending);
                    let at = inline.span();
                    state.open.push(Open {
                        color: color_of(&attrs),
                        attributes: html::attr_map(&attrs),
                        tag,
                        start: at.start,
                        tag_end: at.end,
                        blocks: Vec::new(),
                    });
                }
                Some(Tag::End(tag)) if state.deeper.close(&tag) => pending.push(inline),
                Some(Tag::End(tag)) => match state.open.iter().rposition(|o| o.tag == tag) {
                    Some(pos) => {
                        state.flush(ctx, &mut pending);
                        state.deeper.clear();
                        // Elements opened inside this one end with it.
                        while state.open.len() > pos + 1 {
                            state.close_top(None);
                        }
                        state.close_top(Some(inline.span().end));
                    }
                    None => {
                        ctx.diagnostics.push(unmatched_end_tag(&tag, inline.span()));
                        pending.push(inline);
                    }
                },
                None => pending.push(inline),
            }
        }
        state.flush(ctx, &mut pending);
    }
    if let Some(first) = state.open.first() {
        let tag_span = Span::new(first.start, first.tag_end);
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Info,
                codes::ELEMENT_NOT_CLOSED,
                format!(
                    "`<{}>` is not closed on this slide: it holds the rest of the slide",
                    first.tag
                ),
                tag_span,
            )
            .with_help(format!(
                "add `</{}>` where the element should end (a slide is an HTML section of its own: the element cannot go on to the next slide)",
                first.tag
            )),
        );
    }
    while !state.open.is_empty() {
        state.close_top(None);
    }
    if !state.taken_back.is_empty() {
        ctx.diagnostics.retain(|d| {
            !(d.code == codes::UNMATCHED_END_TAG && state.taken_back.contains(&d.span))
        });
    }
    if let Some(span) = state.deeper.first {
        ctx.diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                codes::NESTING_TOO_DEEP,
                format!(
                    "HTML elements holding Markdown are nested more than {MAX_ELEMENT_DEPTH} levels deep; the deeper ones are left out and their content kept in place"
                ),
                span,
            )
            .with_help("nest `<div>`s less deeply"),
        );
    }
    state.out
}
