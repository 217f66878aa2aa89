//! Plain text of model nodes: what a reader sees, without markup.
//!
//! Rules: text, code and emoji count; a line break is a newline and a soft break
//! a space; comments, raw HTML decktype does not render, and image alt text do
//! not count (HedgeDoc does not show them as text).

use crate::{Block, Inline, Slide};

/// Appends the visible text of `inlines` to `out`.
pub fn push_inlines(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Code { code, .. } => out.push_str(code),
            Inline::Emoji { emoji, .. } => out.push_str(emoji),
            Inline::LineBreak { .. } => out.push('\n'),
            Inline::SoftBreak { .. } => out.push(' '),
            Inline::FootnoteReference { label, .. } => out.push_str(label),
            Inline::Image(_) | Inline::Comment { .. } | Inline::RawHtml { .. } => {}
            other => push_inlines(out, other.children()),
        }
    }
}

/// The visible text of `inlines`.
pub fn inlines(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inlines(&mut out, inlines);
    out
}

/// The visible text of `inlines` on one line, as a browser shows it: runs of
/// whitespace (line breaks included) become one space, and the ends are
/// trimmed. Used for slide titles.
pub fn inlines_one_line(inlines: &[Inline]) -> String {
    let mut raw = String::new();
    push_inlines(&mut raw, inlines);
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Appends the visible text of `blocks` to `out`, one block per line.
pub fn push_blocks(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines, .. }
            | Block::Html { inlines, .. } => push_inlines(out, inlines),
            Block::List { items, .. } => {
                for item in items {
                    push_blocks(out, &item.blocks);
                    out.push('\n');
                }
            }
            Block::CodeBlock { code, .. } => out.push_str(code),
            Block::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    push_inlines(out, &cell.inlines);
                    out.push('\n');
                }
            }
            Block::Quote { blocks, .. } | Block::Element { blocks, .. } => push_blocks(out, blocks),
            Block::DefinitionList { items, .. } => {
                for item in items {
                    push_inlines(out, &item.term);
                    out.push('\n');
                    for definition in &item.definitions {
                        push_blocks(out, definition);
                    }
                }
            }
            Block::FootnoteDefinition { label, blocks, .. } => {
                out.push_str(label);
                out.push(' ');
                push_blocks(out, blocks);
            }
            Block::Rule { .. } | Block::Image(_) => {}
        }
        out.push('\n');
    }
}

/// The visible text of `blocks`.
pub fn blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    push_blocks(&mut out, blocks);
    out
}

/// The visible text of a slide (notes excluded).
pub fn slide(slide: &Slide) -> String {
    blocks(&slide.blocks)
}
